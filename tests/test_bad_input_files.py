"""The bad-input corpus (tests/bad_inputs.py) through ``budgetkg ingest``: odd spellings read like the seed,
damaged files fail with what is wrong, and the store and the seed's graph are left as they were."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

import pytest

from budgetkg.store import KnowledgeStore
from tests.bad_inputs import SEED_LINE_BASIC, SEED_LINE_SERVICE, bad_utf8_copy, write_bad_inputs
from tests.conftest import ingest_seed_with_cli, run_cli
from tests.corpus import seed_path

OBSERVATIONS = """SELECT ?n ?code ?item ?m ?amount WHERE {
  ?o a bgt:BudgetObservation ; bgt:amount ?amount ; qb:dataSet/bgt:tableNumber ?n ; bgt:measure ?m .
  OPTIONAL { ?o bgt:classification/skos:notation ?code } OPTIONAL { ?o bgt:lineItem ?item } }"""


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> dict[str, Path]:
    return write_bad_inputs(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    return ingest_seed_with_cli(tmp_path_factory.mktemp("seed") / "store")


def observations(store: Path) -> Counter:
    """Every observation as (table, code, item, measure, amount), counted."""
    kg = KnowledgeStore(store, read_only=True)
    return Counter(
        tuple(str(r[k].value) if r[k] else "" for k in ("n", "code", "item", "m", "amount"))
        for r in kg.select(OBSERVATIONS)
    )


def fingerprint(store: Path) -> tuple[int, str]:
    """The store's size and a hash of its sorted N-Quads: equal before and after means untouched."""
    kg = KnowledgeStore(store, read_only=True)
    quads = sorted(kg.dump("nq").splitlines())
    return len(quads), hashlib.sha256(b"\n".join(quads)).hexdigest()


@pytest.mark.parametrize(
    "name",
    ["kangxi.txt", "full-width.txt", "controls.txt", "pipe-tables.md", "utf16le-no-bom.txt", "utf16be-no-bom.txt"],
)
def test_odd_spellings_of_the_seed_read_exactly_like_it(bad, seed_store, tmp_path, name):
    """Kangxi radicals, compatibility ideographs, full-width digits, control characters, pipe tables and
    UTF-16 without a BOM change how the text is written, not what it says: the same observations."""
    store = tmp_path / "store"
    result = run_cli("ingest", str(bad[name]), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "349 observations" in result.stdout
    assert observations(store) == observations(seed_store)


def test_a_cell_that_looks_like_a_figure_but_does_not_parse_is_named(bad, tmp_path):
    result = run_cli("-v", "ingest", str(bad["unparsable-cell.txt"]), "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert (
        f"cell '943.1.6' looks like a figure but does not parse; not read (table '支出总表', row 4, "
        f"line {SEED_LINE_BASIC})" in result.stderr
    )


def test_an_amount_beyond_ten_to_the_fifteen_yuan_is_refused_and_never_stored(bad, tmp_path):
    store = tmp_path / "s"
    result = run_cli("-v", "ingest", str(bad["huge-amount.txt"]), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "amount '123456789012.00' (万元) is beyond 10^15 元" in result.stderr
    assert f"line {SEED_LINE_SERVICE}" in result.stderr
    kg = KnowledgeStore(store, read_only=True)
    assert not kg.ask("ASK { ?o bgt:amount ?a FILTER(?a >= 1000000000000000) }")
    total = next(iter(kg.select("SELECT (SUM(?a) AS ?s) WHERE { ?o bgt:amount ?a }")))["s"]
    assert total is not None  # SUM still works over the whole store


@pytest.mark.parametrize(
    "name,message",
    [
        ("big5.txt", "the text is Big5-encoded (traditional Chinese)"),
        (
            "bad-utf8.txt",
            f"invalid UTF-8 sequence at byte offset {bad_utf8_copy()[1]} (line {SEED_LINE_BASIC}: byte(s) ff",
        ),
        ("page.html", "HTML is not supported yet"),
        ("page-as-txt.txt", "HTML is not supported yet"),
        ("broken-xref.pdf", "cross-reference table (xref) or trailer is broken"),
    ],
)
def test_damaged_files_fail_with_what_is_wrong_and_leave_the_store_as_it_was(bad, seed_store, name, message):
    before = fingerprint(seed_store)
    result = run_cli("ingest", str(bad[name]), "--store", str(seed_store))
    assert result.returncode == 1
    assert f"FAILED {bad[name]}" in result.stderr and message in result.stderr
    assert "0 ingested, 1 failed" in result.stdout
    assert fingerprint(seed_store) == before


def test_a_broken_xref_says_how_to_repair_it(bad):
    result = run_cli("ingest", str(bad["broken-xref.pdf"]), "--store", str(bad["broken-xref.pdf"].parent / "x"))
    assert "qpdf" in result.stderr and "pikepdf" in result.stderr


def test_a_much_poorer_reingest_keeps_the_stored_graph_unless_replace(bad, tmp_path):
    store = ingest_seed_with_cli(tmp_path / "store")
    before = fingerprint(store)
    result = run_cli("ingest", str(bad["poorer.txt"]), "--store", str(store))
    assert result.returncode == 1
    assert "not replaced: this read gives 8 observations in 1 tables, the stored graph holds 349 in 8" in result.stderr
    assert "--replace" in result.stderr
    assert fingerprint(store) == before
    forced = run_cli("ingest", "--replace", str(bad["poorer.txt"]), "--store", str(store))
    assert forced.returncode == 1  # stored, but still degraded: 2 of the 12 listed tables
    assert "DEGRADED: only 2 of the 12 tables its table of contents lists were recognised" in forced.stdout
    assert "1 ingested, 0 failed, 1 degraded" in forced.stdout
    assert sum(observations(store).values()) == 8


def test_a_document_whose_listed_tables_go_mostly_unrecognised_fails_the_batch(bad, tmp_path):
    result = run_cli("ingest", str(bad["poorer.txt"]), str(seed_path()), "--store", str(tmp_path / "s"))
    assert result.returncode == 1  # both stored (the seed replaces the poorer read: same document), batch fails
    assert "DEGRADED" in result.stdout and "1 degraded" in result.stdout


def test_a_file_name_that_is_not_utf8_is_made_safe(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.fsdecode(b"\xff\xfe-seed.txt")
    (folder / name).write_bytes(seed_path().read_bytes())
    store = tmp_path / "s"
    result = run_cli("ingest", str(folder), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "\ufffd\ufffd-seed.txt: 10 tables (10 recognised), 349 observations" in result.stdout
    kg = KnowledgeStore(store, read_only=True)
    assert len(kg.graphs()) == 1


def test_a_fifo_never_hangs_ingest(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed_path().read_bytes())
    os.mkfifo(folder / "pipe.txt")
    result = run_cli("ingest", str(folder), "--store", str(tmp_path / "s"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"{folder / 'pipe.txt'}: skipped: a FIFO, not a regular file" in result.stderr
    assert "1 ingested, 0 failed" in result.stdout
    named = run_cli("ingest", str(folder / "pipe.txt"), "--store", str(tmp_path / "s"), timeout=120)
    assert named.returncode == 1
    assert "not a regular file (a FIFO); skipped" in named.stderr


def test_a_folder_with_nothing_readable_says_so(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "page.html").write_text("<html></html>")
    result = run_cli("ingest", str(folder), "--store", str(tmp_path / "s"))
    assert result.returncode == 2
    assert "nothing to read: no .txt, .md or .pdf files (2 other file(s): .docx, .html)" in result.stderr
    assert "nothing to ingest" in result.stderr
    assert not (tmp_path / "s").exists()  # no store made for nothing
