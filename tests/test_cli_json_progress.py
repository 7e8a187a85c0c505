"""``--json`` summaries of ingest, validate and export parse and say what happened; no progress off a terminal.

The expected counts come from the generator's ground truth (``generate_document(seed).truth``) and its
injection record, never from the parser.
"""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app, progress
from budgetkg.synth import generate_document

SEEDS = (11, 12)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("json")
    docs = {}
    for seed in SEEDS:
        doc = generate_document(seed, inject=("basic-split",) if seed == 12 else ())
        (folder / f"s{seed}.txt").write_text(doc.text, encoding="utf-8")
        docs[f"s{seed}.txt"] = doc
    return folder, docs


@pytest.fixture(scope="module")
def ingested(corpus):
    folder, docs = corpus
    store = folder / "store"
    result = CliRunner().invoke(
        app, ["ingest", str(folder / "s11.txt"), str(folder / "s12.txt"), "--store", str(store), "--json"]
    )
    return store, docs, result


def test_ingest_json_gives_each_document_and_the_totals(ingested):
    store, docs, result = ingested
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["command"] == "ingest" and summary["store"] == str(store) and summary["quads"] > 0
    by_name = {d["path"].rsplit("/", 1)[-1]: d for d in summary["documents"]}
    assert set(by_name) == set(docs)
    for name, doc in docs.items():
        d = by_name[name]
        assert d["ok"] and d["error"] is None and d["document"].startswith("https://w3id.org/budgetkg/id/")
        assert d["observations"] == len(doc.truth.observations)
        assert d["projects"] == len(doc.truth.projects)
        assert d["tables_found"] == len(doc.truth.tables)
    totals = summary["totals"]
    assert totals["observations"] == sum(len(d.truth.observations) for d in docs.values())
    assert totals["ingested"] == 2 and totals["failed"] == 0


def test_ingest_json_reports_a_failed_file_and_exits_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(empty), "--store", str(tmp_path / "s"), "--json"])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["totals"]["failed"] == 1 and summary["documents"][0]["error"]


def test_validate_json_gives_the_counts(ingested):
    store, docs, _ = ingested
    result = CliRunner().invoke(app, ["validate", "--store", str(store), "--json"])
    summary = json.loads(result.stdout)
    assert summary["documents"] == 2 and set(summary["counts"]) == {"Violation", "Warning", "Info"}
    planted = sum(len(d.injected) for d in docs.values())
    assert planted == 1 and summary["counts"]["Violation"] >= planted
    assert summary["conforms"] is False and result.exit_code == 1


def test_export_json_says_what_was_written(ingested, tmp_path):
    store, docs, _ = ingested
    result = CliRunner().invoke(
        app, ["export", "--format", "csv", "-o", str(tmp_path / "t"), "--store", str(store), "--no-findings", "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["format"] == "csv" and "observations.csv" in summary["files"]
    with (tmp_path / "t" / "observations.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert summary["rows"]["observations"] == len(rows) - 1 == sum(len(d.truth.observations) for d in docs.values())
    result = CliRunner().invoke(
        app, ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml"), "--store", str(store), "--json"]
    )
    summary = json.loads(result.stdout)
    assert summary["files"] == ["g.graphml"] and summary["nodes"] > 0 and summary["edges"] > 0


def test_no_progress_when_stderr_is_not_a_terminal(corpus, tmp_path):
    folder, _ = corpus
    result = CliRunner().invoke(app, ["ingest", str(folder / "s11.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert "\x1b[" not in result.output and "━" not in result.output and "ingesting" not in result.output
    assert not progress.shown()


def test_progress_is_shown_on_a_terminal_unless_quiet(monkeypatch):
    monkeypatch.setattr(type(progress.err), "is_terminal", property(lambda self: True))
    monkeypatch.setattr(progress, "quiet", lambda: False)
    assert progress.shown() and not progress.bar().disable
    monkeypatch.setattr(progress, "quiet", lambda: True)
    assert not progress.shown() and progress.spinner().disable
