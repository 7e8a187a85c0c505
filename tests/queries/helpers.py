"""Shared helpers for the query-library tests: fixture stores, result normalisation, expected cases."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetkg.queries.library import ResultTable
from budgetkg.store import KnowledgeStore

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
EXPECTED = HERE / "expected"


def fixture_store(name: str) -> KnowledgeStore:
    """An in-memory store holding the hand-written fixture ``fixtures/<name>``."""
    store = KnowledgeStore(None)
    store.load(path=FIXTURES / name, fmt="trig")
    return store


def norm(value: str | None) -> str | None:
    """Numbers compared by value (9476600 = 9476600.00), everything else by its text."""
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return format(number.normalize(), "f") if number.is_finite() else value


def cell(term) -> str | None:
    return None if term is None else norm(term.value)


def rows_of(table: ResultTable, columns: list[str]) -> Counter:
    """The rows projected onto ``columns`` as a multiset of tuples."""
    return Counter(tuple(cell(r.get(c)) for c in columns) for r in table.rows)


def expected_cases(name: str) -> list[dict]:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))["cases"]


def expected_rows(case: dict) -> Counter:
    return Counter(tuple(norm(v) for v in row) for row in case["rows"])
