"""The aggregates the ingest writes (bgt:Aggregate) equal what the cells give, on the seed and on synthetic
documents, and stay right when a document is re-ingested with other figures or removed.

The reference is each pivot query as it was before the aggregates (tests/queries/cell_pivots.py): SPARQL that
joins and sums the table cells at query time, an independent route from the Python that derives them."""

from __future__ import annotations

from collections import Counter

import pytest

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.queries.library import get, run_local
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document
from tests.conftest import write_synthetic
from tests.corpus import seed_path
from tests.queries.cell_pivots import CELL_PIVOTS
from tests.queries.helpers import norm

COLUMNS = {
    "department-totals": ["department", "year", "kind", "document", "phase", "total"],
    "expenditure-by-function": ["document", "table", "code", "name", "level", "phase", "amount", "childrenSum"],
    "basic-vs-project-by-code": ["document", "table", "code", "name", "phase", "basic", "project"],
    "three-public-by-unit": ["document", "year", "organization", "measure", "budget", "execution"],
    "qualitative-only-projects": ["project", "unit", "indicators"],
    "projects-without-legal-basis": ["document", "project", "unit", "amount"],
    "public-operating-breakdown": ["document", "table", "code", "name", "measure", "amount"],
}


def _rows(rows, columns) -> Counter:
    return Counter(tuple(norm(r[c].value) if r.get(c) is not None else None for c in columns) for r in rows)


def from_aggregates(store: KnowledgeStore, name: str) -> Counter:
    query = get(name)
    return _rows(run_local(store, query, {"limit": "0"} if query.paged else {}).rows, COLUMNS[name])


def from_cells(store: KnowledgeStore, name: str) -> Counter:
    return _rows(list(store.select(CELL_PIVOTS[name])), COLUMNS[name])


def aggregates_of(store: KnowledgeStore, document: str) -> int:
    rows = store.select(
        "SELECT ?d (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a bgt:Aggregate ; bgt:aggregateDocument ?d } } GROUP BY ?d",
        {"d": store_iri(document)},
    )
    return sum(int(r["n"].value) for r in rows)


def store_iri(value: str):
    from budgetkg.store.terms import iri

    return iri(value)


def assert_same(store: KnowledgeStore, may_be_empty: tuple[str, ...] = ()) -> None:
    for name in COLUMNS:
        cells, aggregates = from_cells(store, name), from_aggregates(store, name)
        assert cells or name in may_be_empty, f"{name}: the cells give no rows (the comparison would prove nothing)"
        assert aggregates == cells, (
            f"{name}: aggregates differ from the cells: {(aggregates - cells, cells - aggregates)}"
        )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("aggregates")
    store = KnowledgeStore(folder / "store")
    files = [seed_path()] + [write_synthetic(folder, seed) for seed in (1, 2, 3, 4)]
    qualitative = folder / "qualitative.txt"  # a seed-sized document with projects whose targets are all words
    qualitative.write_text(generate_document(34, size="seed").text, encoding="utf-8")
    files.append(qualitative)
    results = [ingest_file(f, store) for f in files]
    assert all(r.ok for r in results), [r.error for r in results]
    return store, folder, [r.document for r in results]


def test_aggregates_equal_the_cells_on_the_seed(seed_store) -> None:
    assert_same(seed_store, may_be_empty=("qualitative-only-projects",))


def test_aggregates_equal_the_cells_on_synthetic_documents(corpus) -> None:
    store, _, _ = corpus
    assert_same(store)


def test_aggregates_follow_a_reingest_and_a_removal(corpus) -> None:
    store, folder, documents = corpus
    before = {name: from_aggregates(store, name) for name in ("expenditure-by-function", "three-public-by-unit")}
    changed = write_synthetic(folder, 2, inject=("parent-sum", "three-public-total"), name="changed.txt")
    result = ingest_file(changed, store)
    assert result.ok and result.document == documents[2], result.error
    for name, rows in before.items():  # the injected parent amount and 三公 total change these rows
        assert from_aggregates(store, name) != rows, name
    assert_same(store)
    store.remove_graph(documents[3])
    assert aggregates_of(store, documents[3]) == 0
    assert aggregates_of(store, documents[2]) > 0
    assert_same(store)
