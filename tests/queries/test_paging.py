"""Scoping parameters (department, year, kind) and paging (limit, offset, total) of the library queries, on the
hand-written fixture: the expected rows are read off tests/queries/fixtures/structure.trig."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.errors import QueryError
from budgetkg.queries.library import catalogue, get, run_local
from tests.queries.helpers import FIXTURES, expected_cases, fixture_store

ROLLUP = ("document", "table", "code", "phase")


def keys(table, columns=ROLLUP) -> list[tuple]:
    return [tuple(r[c].value for c in columns) for r in table.rows]


@pytest.fixture(scope="module")
def store():
    return fixture_store("structure.trig")


def test_a_page_is_a_slice_of_the_ordered_rows_and_says_the_total(store) -> None:
    q = get("expenditure-by-function")
    everything = run_local(store, q, {"limit": "0"})
    assert everything.total == 8 and len(everything.rows) == 8  # 4 roll-ups in 2024, 4 in 2025 (tables 3 and 5)
    page = run_local(store, q, {"limit": "3", "offset": "2"})
    assert page.total == 8 and page.offset == 2
    assert keys(page) == keys(everything)[2:5]
    assert keys(page)[0][2] == "2080101"  # the third row in order: 2024, table 3, 208 / 20801 / 2080101
    assert run_local(store, q, {"offset": "8"}).rows == []
    assert len(run_local(store, q, {}).rows) == 8  # the default page (1000 rows) holds them all


def test_scoping_by_year_department_and_kind(store) -> None:
    q = get("expenditure-by-function")
    only_2024 = run_local(store, q, {"year": "2024", "limit": "0"})
    assert {r["code"].value for r in only_2024.rows} == {"208", "20801", "2080101", "2080102"}
    assert {r["year"].value for r in only_2024.rows} == {"2024"} and only_2024.total == 4
    assert run_local(store, q, {"department": "测试局"}).total == 8
    assert run_local(store, q, {"department": "别的局"}).total == 0
    assert run_local(store, q, {"kind": "budget"}).total == 8
    assert run_local(store, q, {"kind": "决算"}).total == 0
    totals = run_local(store, get("department-totals"), {"year": "2025"})
    assert [(r["document"].value.rsplit("/", 2)[-2], r["total"].value) for r in totals.rows] == [("2025", "250000")]
    three = run_local(store, get("three-public-by-unit"), {"year": "2024"})
    assert three.rows == [] and three.total == 0  # the 2024 budget prints no 三公 table


@pytest.mark.parametrize(
    ("params", "message"),
    [({"limit": "-1"}, "not a whole number"), ({"offset": "x"}, "not a whole number"), ({"kind": "x"}, "kind")],
)
def test_bad_paging_or_scope_values_are_clear_errors(store, params, message) -> None:
    with pytest.raises(QueryError, match=message):
        run_local(store, get("three-public-by-unit"), params)


def test_every_listing_query_takes_the_scope_parameters() -> None:
    for name in ("department-totals", "expenditure-by-function", "basic-vs-project-by-code", "three-public-by-unit"):
        names = [p.name for p in catalogue()[name].params]
        assert {"department", "year", "kind"} <= set(names), name


def test_the_cli_says_which_rows_of_how_many(tmp_path) -> None:
    from budgetkg.store import KnowledgeStore

    kg = KnowledgeStore(tmp_path / "kg")
    kg.load(path=FIXTURES / "structure.trig", fmt="trig")
    kg.flush()
    del kg
    runner = CliRunner()
    args = ["query", "expenditure-by-function", "--store", str(tmp_path / "kg"), "--format", "csv"]
    result = runner.invoke(app, [*args, "--param", "limit=2", "--param", "offset=1"])
    assert result.exit_code == 0, result.output
    assert "rows 2–3 of 8" in result.stderr and "offset=3" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 3  # header and two rows


def test_a_page_whose_rows_pattern_reads_a_parameter_counts_only_the_matching_rows() -> None:
    # policy.trig: 就业创业服务补助 has two indicators (培训人数, 满意度) of the fixture's four
    store = fixture_store("policy.trig")
    q = get("project-indicators")
    everything = run_local(store, q, {"project": "就业创业服务补助", "limit": "0"})
    assert everything.total == 2 and sorted(r["indicator"].value for r in everything.rows) == ["培训人数", "满意度"]
    second = run_local(store, q, {"project": "就业创业服务补助", "limit": "1", "offset": "1"})
    assert second.total == 2 and [r["indicator"].value for r in second.rows] == [everything.rows[1]["indicator"].value]
    assert run_local(store, q, {"project": "职称评审经费"}).total == 1


PAGED_BY_DOCUMENT = sorted(name for name, q in catalogue().items() if q.paged and q.rows)
EXPECTED_CASES = [(name, case) for name in PAGED_BY_DOCUMENT for case in expected_cases(name)]


@pytest.mark.parametrize(("name", "case"), EXPECTED_CASES, ids=[n for n, _ in EXPECTED_CASES])
def test_a_rows_pattern_counts_the_answer_rows_and_pages_in_one_row_at_a_time(name: str, case: dict) -> None:
    """The rows pattern of a query paged by document matches once per answer row: the total it gives is the
    number of rows of the whole answer, and pages of one row, one after another, are that answer in order."""
    store = fixture_store(case["fixture"])
    q = get(name)
    whole = run_local(store, q, {**case["params"], "limit": "0"}).rows
    assert whole, f"{name}: the case gives no rows"
    pages = [run_local(store, q, {**case["params"], "limit": "1", "offset": str(i)}) for i in range(len(whole) + 1)]
    assert {page.total for page in pages} == {len(whole)}
    assert [row for page in pages for row in page.rows] == whole
