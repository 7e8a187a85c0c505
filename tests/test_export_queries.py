"""Each export query (src/budgetkg/export/tables/*.rq) on a hand-written graph, against rows written by hand.

``tests/fixtures/export/expected/<table>.csv`` lists the columns that must hold a value; every other column of
the exported table must be empty, so a query that picks up a wrong property fails too.
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import pytest

from budgetkg.export import export_tables
from budgetkg.export.schema import QUERIED
from tests.conftest import trig_store

FIXTURES = Path(__file__).parent / "fixtures" / "export"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    store = trig_store(FIXTURES / "fixture.trig")
    folder = tmp_path_factory.mktemp("export-queries") / "csv"
    counts = export_tables(store, "csv", folder, findings=False)
    assert set(counts) == {s.name for s in QUERIED}
    return folder


@pytest.mark.parametrize("table", [s.name for s in QUERIED])
def test_export_query_gives_the_expected_rows(exported, table):
    expected = _read(FIXTURES / "expected" / f"{table}.csv")
    got = _read(exported / f"{table}.csv")
    assert len(got) == len(expected), table
    for want, row in zip(expected, got):
        assert {k: row[k] for k in want} == want
        assert {k: v for k, v in row.items() if k not in want and v} == {}, f"{table}: unexpected values"


def test_an_empty_table_is_written_with_its_header_and_a_warning(tmp_path, caplog):
    only_document = tmp_path / "doc.trig"
    only_document.write_text(
        "@prefix bgt: <https://w3id.org/budgetkg/ontology#> .\n"
        "<https://example.org/x/doc> { <https://example.org/x/doc> a bgt:BudgetDocument . }\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="budgetkg"):
        counts = export_tables(trig_store(only_document), "csv", tmp_path / "csv", findings=False)
    assert counts["documents"] == 1 and counts["projects"] == 0
    assert (tmp_path / "csv" / "projects.csv").read_text(encoding="utf-8").startswith("project,document,name,")
    assert any("projects table is empty" in r.getMessage() for r in caplog.records)
