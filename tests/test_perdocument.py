"""Per-document validation runs on an in-memory copy of each document's graph: the copy holds exactly that
graph, and the shapes find on it what they find on the store itself."""

from __future__ import annotations

from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.fastpath import run_shape
from budgetkg.shapes.perdocument import findings_for, snapshot
from budgetkg.shapes.results import from_rows
from budgetkg.store import KnowledgeStore
from tests.conftest import write_synthetic


def _store(tmp_path) -> KnowledgeStore:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    injected = {1: ("parent-sum", "narrative-amount"), 2: (), 3: ("basic-split",)}
    for seed, kinds in injected.items():
        write_synthetic(corpus, seed, kinds, f"d{seed}.txt")
    kg = KnowledgeStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths([corpus], kg, workers=1))
    return kg


def test_the_copy_holds_exactly_one_graph(tmp_path):
    kg = _store(tmp_path)
    for graph in kg.graphs():
        copy = snapshot(kg, graph)
        assert set(copy.quads()) == set(kg.quads(graph))
        assert copy.graphs() == [graph]


def test_findings_on_the_copy_equal_findings_on_the_store(tmp_path):
    kg = _store(tmp_path)
    catalog = load_catalog()
    shapes = [s for s in catalog.shapes.values() if s.sparql and not s.store_wide]
    total = 0
    for graph in kg.graphs():
        on_store = from_rows(kg, [r for s in shapes for r in run_shape(kg, s, [graph])])
        on_copy = [f for f in findings_for(kg, graph, catalog) if f.rule in {s.name for s in shapes}]
        assert sorted(f.key for f in on_copy) == sorted(f.key for f in on_store)
        total += len(on_copy)
    assert total > 0  # the injected discrepancies were found
