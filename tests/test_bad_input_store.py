"""Bad stores and busy stores: a damaged or wrong folder gives a StoreError with what to do (never a
traceback); read commands work while an ingest holds the store; two writers get a clear message or wait."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ingest_seed_with_cli, run_cli
from tests.corpus import seed_path

COUNT = "SELECT (COUNT(?o) AS ?n) WHERE { ?o a bgt:BudgetObservation }"
SEED_OBSERVATIONS = "349"
# Holds the store for writing (as an ingest does) until its standard input closes; with "staging" it
# first leaves a half-done replace behind: a copy of the document in its staging graph, not yet moved.
HOLDER = """
import sys
from budgetkg.store import KnowledgeStore, STAGING_SUFFIX
kg = KnowledgeStore(sys.argv[1])
if sys.argv[2:] == ["staging"]:
    [doc] = kg.graphs()
    kg.add_quads(
        type(q)(q.subject, q.predicate, q.object, type(q.graph_name)(doc + STAGING_SUFFIX)) for q in kg.quads(doc)
    )
    kg.flush()
print("holding", flush=True)
sys.stdin.readline()
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    return ingest_seed_with_cli(tmp_path_factory.mktemp("seeded") / "store")


def hold(store: Path, *extra: str) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store), *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


def release(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(timeout=60)


@pytest.mark.parametrize(
    "command",
    [["ingest", "SEED"], ["stats"], ["export", "--format", "graphml", "-o", "OUT"], ["sparql", COUNT]],
)
def test_a_damaged_store_is_a_store_error_with_what_to_do(tmp_path, command):
    store = ingest_seed_with_cli(tmp_path / "store")
    (store / "CURRENT").write_text("garbage")  # no trailing newline: RocksDB reports corruption
    args = [str(seed_path()) if a == "SEED" else str(tmp_path / "out.graphml") if a == "OUT" else a for a in command]
    result = run_cli(*args, "--store", str(store))
    assert result.returncode == 2
    assert "the store is damaged and cannot be opened" in result.stderr
    assert "move the folder aside and ingest the documents again" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["ingest", "SEED"], ["stats"]])
def test_an_empty_store_option_is_refused_not_the_working_folder(tmp_path, command):
    args = [str(seed_path()) if a == "SEED" else a for a in command]
    result = run_cli(*args, "--store", "", cwd=tmp_path)
    assert result.returncode == 2 and "--store is empty" in result.stderr
    env_result = subprocess.run(
        [sys.executable, "-m", "budgetkg", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "BUDGETKG_STORE": "", "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert env_result.returncode == 2 and "$BUDGETKG_STORE is set but empty" in env_result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written into the working folder


def test_a_folder_of_other_files_is_not_a_store(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notes.txt").write_text("my notes", encoding="utf-8")
    for command in (["ingest", str(seed_path())], ["stats"]):
        result = run_cli(*command, "--store", str(corpus))
        assert result.returncode == 2
        assert "the folder is not a budgetkg store: it holds other files" in result.stderr
    assert [p.name for p in corpus.iterdir()] == ["notes.txt"]


def test_reads_work_while_an_ingest_holds_the_store(seeded, tmp_path):
    holder = hold(seeded)
    try:
        stats = run_cli("stats", "--store", str(seeded))
        assert stats.returncode == 0, stats.stderr
        assert f"observations: {SEED_OBSERVATIONS}" in stats.stdout
        sparql = run_cli("sparql", COUNT, "--format", "csv", "--store", str(seeded))
        assert sparql.returncode == 0 and sparql.stdout.split()[-1] == SEED_OBSERVATIONS, sparql.stderr
        query = run_cli("query", "provenance", "--param", "value=947.66", "--format", "csv", "--store", str(seeded))
        assert query.returncode == 0 and "947.66" in query.stdout, query.stderr
        out = tmp_path / "kg.graphml"
        export = run_cli("export", "--format", "graphml", "-o", str(out), "--store", str(seeded))
        assert export.returncode == 0 and out.stat().st_size > 0, export.stderr
        validate = run_cli("validate", "--store", str(seeded), "--format", "json")
        assert validate.returncode in (0, 1), validate.stderr  # it ran: conforms or findings, not "could not run"
    finally:
        release(holder)


def test_reads_during_a_replace_answer_from_the_last_committed_state(seeded):
    holder = hold(seeded, "staging")  # the writer has staged a new copy of the document, not yet swapped in
    try:
        sparql = run_cli("sparql", COUNT, "--format", "csv", "--store", str(seeded))
        assert sparql.returncode == 0, sparql.stderr
        assert sparql.stdout.split()[-1] == SEED_OBSERVATIONS  # not twice as many
        stats = run_cli("stats", "--store", str(seeded))
        assert "documents: 1" in stats.stdout
    finally:
        release(holder)
    run_cli("stats", "--store", str(seeded))  # a writable open drops the stale staging graph


def test_a_second_writer_is_told_or_waits_with_wait(seeded):
    holder = hold(seeded)
    try:
        refused = run_cli("ingest", str(seed_path()), "--store", str(seeded))
        assert refused.returncode == 2
        assert "the store is in use (locked) by another budgetkg process" in refused.stderr
        assert "--wait" in refused.stderr
        waiting = subprocess.Popen(
            [sys.executable, "-m", "budgetkg", "ingest", "--wait", str(seed_path()), "--store", str(seeded)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        time.sleep(3)
        assert waiting.poll() is None  # still waiting for the lock
    finally:
        release(holder)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "waiting: the store is in use" in err
    assert "1 ingested, 0 failed" in out
