"""The seed's tables against a fixture written by reading the seed (tests/fixtures/seed_tables.csv)."""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from rdflib.namespace import PROV

from budgetkg.ingest.model import Extraction
from tests.corpus import seed_path

PROV_DERIVED = PROV.wasDerivedFrom

FIXTURE = Path(__file__).parent / "fixtures" / "seed_tables.csv"


def _expected() -> list[dict]:
    with FIXTURE.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _observed(ex: Extraction, tables: str) -> dict[tuple, tuple[Decimal, int | None]]:
    out = {}
    for o in ex.observations:
        if o.table in tables:
            key = (o.table, o.code or o.org or o.item, o.measure, o.phase, o.fiscal_year)
            assert key not in out, f"two observations for {key}"
            out[key] = (o.amount, o.source.line)
    return out


def test_every_fixture_cell_of_tables_3_6_7_is_an_observation_with_its_line(seed_extraction):
    observed = _observed(seed_extraction, "367")
    expected = _expected()
    assert len(expected) == 236  # data rows of the fixture: a truncated fixture fails here
    for row in expected:
        key = (row["table"], row["key"], row["measure"], row["phase"], int(row["year"]))
        assert key in observed, f"missing {key}"
        amount, line = observed[key]
        assert amount == Decimal(row["printed"]) * 10000, key
        assert line == int(row["line"]), key
    assert len(observed) == len(expected), "observations beyond the fixture"


def test_examples_from_the_issue(seed_extraction):
    observed = _observed(seed_extraction, "36")
    assert observed[("3", "2080101", "合计", "预算数", 2025)][0] == 9476600
    assert observed[("3", "2080101", "基本支出", "预算数", 2025)][0] == 9431600
    assert observed[("3", "2080101", "项目支出", "预算数", 2025)][0] == 45000
    assert observed[("6", "30217", "合计", "预算数", 2025)][0] == 25600


# An amount as the seed prints it: 10,317.25 / 947.66, optionally in <b> markup; codes (208, 2080101) and labels
# never match (no decimals). Written here, independent of the parser's parse_amount.
_AMOUNT = re.compile(r"^(?:<b>)?\d{1,3}(?:,\d{3})*\.\d{2}(?:</b>)?$|^(?:<b>)?\d+\.\d{2}(?:</b>)?$")


def _printed_amounts(first_line: int, last_line: int) -> int:
    """Cells of the seed's lines first_line..last_line (1-based, inclusive) that print an amount."""
    lines = seed_path().read_text(encoding="utf-8").splitlines()[first_line - 1 : last_line]
    return sum(1 for line in lines for c in line.split("\t") if _AMOUNT.match(c.strip()))


def test_every_printed_amount_of_tables_1_4_5_is_an_observation(seed_extraction):
    counts = Counter(o.table for o in seed_extraction.observations)
    # Counted by hand in the seed, cell by cell:
    # 表1 lines 550-585: lines 552, 559, 561, 571 one amount each, 583 and 585 two each (合计, 总计) = 8
    # 表4 lines 629-664: 631 two, 632, 639, 641, 651 one each, 664 two = 8
    # 表5 lines 672-699: 674-677 five each (20), 678 four, 679-680 five each, 681-682 four each, 683 two,
    #     684-688 three each (15), 689-691 two each (6), 692-698 three each (21), 699 (合 计) five = 91
    assert _printed_amounts(550, 585) == 8
    assert _printed_amounts(629, 664) == 8
    assert _printed_amounts(672, 699) == 91
    assert (counts["1"], counts["4"], counts["5"]) == (8, 8, 91)


def test_summary_tables_items_and_codes(seed_extraction):
    items = {(o.table, o.flow, o.item): (o.amount, o.code) for o in seed_extraction.observations if o.table in "14"}
    assert items[("1", "income", "一般公共预算拨款收入")] == (Decimal(103172500), None)
    assert items[("1", "expenditure", "社会保障和就业支出")] == (Decimal(95152700), "208")
    assert items[("1", "expenditure", "支出总计")][0] == Decimal(103172500)
    assert items[("4", "expenditure", "住房保障支出")] == (Decimal(4978300), "221")


def test_table_5_columns(seed_extraction):
    cells = {(o.code, o.measure): o.amount for o in seed_extraction.observations if o.table == "5" and o.code}
    assert cells[("2080106", "人员经费")] == 8573000
    assert cells[("2080106", "公用经费")] == 643100
    assert cells[("2080106", "基本支出")] == 9216000
    assert ("2080106", "项目支出") not in cells  # printed empty


def test_metadata_and_table_register(seed_extraction):
    meta = seed_extraction.meta
    assert (meta.department, meta.fiscal_year, meta.kind) == ("包头市人力资源和社会保障局", 2025, "Budget")
    assert str(meta.approval_date) == "2025-01-10" and str(meta.publication_date) == "2025-01-22"
    assert meta.reporting_unit == "万元"
    tables = {t.number: t for t in seed_extraction.tables}
    assert {"1", "3", "4", "5", "6", "7", "8", "9", "11"} <= set(tables)
    assert tables["8"].empty and tables["9"].empty and not tables["3"].empty
    assert "无政府性基金预算拨款支出" in (tables["8"].note or "")
    assert "项目支出表" in seed_extraction.listed_tables and len(seed_extraction.listed_tables) == 12


def test_units_one_node_each_with_code_and_type(seed_extraction):
    units = {u.code: u for u in seed_extraction.units}
    assert len(seed_extraction.units) == 10 and None not in units
    assert units["401001"].unit_type == "财政拨款的行政单位" and units["401001"].seq == 1
    assert units["401010"].seq == 10  # printed as 包头市人事争议仲裁院 in 单位情况表
    assert "包头市人事争议仲裁院" in units["401010"].names
    assert units["401007"].name == "包头市人力资源和社会保障局综合保障中心"


def test_every_fixture_cell_records_the_number_as_printed(seed_extraction):
    """bgt:printedAmount holds the cell as the table prints it (万元 here), so provenance is a lookup."""
    from budgetkg.ingest.rdf import iris
    from budgetkg.ingest.rdf.mapper import document_iri, to_graph
    from budgetkg.ontology.namespaces import BGT

    graph = to_graph(seed_extraction)
    doc = document_iri(seed_extraction)
    wanted = {
        (r["table"], r["key"], r["measure"], r["phase"], int(r["year"])): Decimal(r["printed"]) for r in _expected()
    }
    checked = 0
    for o in seed_extraction.observations:
        key = (o.table, o.code or o.org or o.item, o.measure, o.phase, o.fiscal_year)
        if key in wanted:
            node = iris.observation(doc, o.table, o.source.row, *o.fact())
            printed = [Decimal(str(v)) for v in graph.objects(node, BGT.printedAmount)]
            assert printed == [wanted[key]], key
            checked += 1
    assert checked == len(wanted)


def test_the_narrative_statement_records_its_number_as_printed(seed_extraction):
    """Line 276 of the seed: '行政运行（项）。年初预算 947.66 万元' -> printed 947.66, stated 9,476,600 元."""
    from budgetkg.ingest.rdf.mapper import to_graph
    from budgetkg.ontology.namespaces import BGT

    graph = to_graph(seed_extraction)
    lines = {
        s: {int(n) for src in graph.objects(s, PROV_DERIVED) for n in graph.objects(src, BGT.line)}
        for s in graph.subjects(BGT.statedAmount, None)
    }
    at_276 = [s for s, found in lines.items() if 276 in found]
    assert at_276, "no statement read from line 276"
    pairs = {
        (Decimal(str(graph.value(s, BGT.printedAmount))), Decimal(str(graph.value(s, BGT.statedAmount))))
        for s in at_276
    }
    assert (Decimal("947.66"), Decimal("9476600")) in pairs
