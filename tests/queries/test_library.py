"""Every library query: a valid header, parses, declares the variables it binds, and gives the expected rows
on its hand-written fixture (compared without regard to order)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from budgetkg.queries.binding import bind_with_values
from budgetkg.queries.library import catalogue, run_local
from tests.queries.helpers import EXPECTED, expected_cases, expected_rows, fixture_store, rows_of

QUERIES = catalogue()
PINNED = {
    "projects-by-legal-basis": ["number", "limit", "offset"],
    "legal-bases": [],
    "provenance": ["value"],
    "expenditure-by-function": ["department", "year", "kind", "limit", "offset"],
    "three-public-by-unit": ["department", "year", "kind", "limit", "offset"],
    "project-indicators": ["project", "limit", "offset"],
    "projects-without-legal-basis": ["department", "year", "kind", "limit", "offset"],
    "yoy-changes": ["limit", "offset"],
}
CASES = [
    (name, i, case)
    for name in QUERIES
    if (EXPECTED / f"{name}.json").exists()
    for i, case in enumerate(expected_cases(name))
]


def test_library_size_and_pinned_names() -> None:
    on_disk = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "queries").glob("*.rq"))
    assert sorted(QUERIES) == on_disk  # the catalogue holds every .rq file of queries/, no more
    for name, params in PINNED.items():
        assert name in QUERIES, name
        assert [p.name for p in QUERIES[name].params] == params


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_parses_and_declares_its_parameters(name: str) -> None:
    q = QUERIES[name]
    prepareQuery(q.text)  # parses with rdflib as written (declares its own prefixes)
    example = {p.name: p.example for p in q.params}
    prepareQuery(bind_with_values(q.text, q.bindings(example)))  # and with a VALUES block for remote endpoints
    body = "\n".join(line for line in q.text.splitlines() if not line.startswith("#"))
    projection = body[body.index("SELECT") : body.index("WHERE")]
    for p in q.params:
        if q.paged and p.name in (
            "limit",
            "offset",
        ):  # the page, not a term: LIMIT/OFFSET (tests/queries/test_paging.py)
            continue
        assert re.search(rf"\?{p.name}\b", projection), f"{name}: parameter ?{p.name} is not projected"
        used = len(re.findall(rf"\?{p.name}\b", body)) - len(re.findall(rf"\?{p.name}\b", projection))
        assert used > 0, f"{name}: parameter ?{p.name} is declared but not used"
    run_local(fixture_store("structure.trig"), q, example)  # runs on the embedded store with its example


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_has_expected_rows(name: str) -> None:
    cases = expected_cases(name)
    assert cases and all(case["rows"] for case in cases), f"{name}: give at least one case with rows"


@pytest.mark.parametrize(("name", "index", "case"), CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_expected_rows_on_fixture(name: str, index: int, case: dict) -> None:
    table = run_local(fixture_store(case["fixture"]), QUERIES[name], case["params"])
    assert set(case["columns"]) <= set(table.columns), f"{name}: unknown columns"
    assert rows_of(table, case["columns"]) == expected_rows(case)
