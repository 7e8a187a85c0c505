"""Parallel ingestion gives the same store as sequential ingestion; an interrupted bulk load is undone."""

from __future__ import annotations

from budgetkg.demo import write_corpus
from budgetkg.ingest.parallel import ingest_parallel
from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.store import LOADING, LOADING_GRAPH, KnowledgeStore
from budgetkg.store.terms import Quad, iri, literal


def _quads(kg: KnowledgeStore) -> set:
    return {str(q) for q in kg.quads()}


def test_parallel_bulk_ingest_equals_sequential(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 8)
    (corpus / "broken.txt").write_bytes(b"")
    sequential = KnowledgeStore(tmp_path / "seq")
    ingest_paths([corpus], sequential)
    parallel = KnowledgeStore(tmp_path / "par")
    results = ingest_parallel([corpus], parallel, workers=2, bulk=True)
    assert sum(r.ok for r in results) == 8 and sum(not r.ok for r in results) == 1
    assert _quads(parallel) == _quads(sequential)
    again = ingest_parallel([corpus], parallel, workers=2, bulk=True)  # re-ingest replaces, never duplicates
    assert sum(r.ok for r in again) == 8 and _quads(parallel) == _quads(sequential)


def test_an_interrupted_bulk_load_is_undone_when_the_store_is_opened(tmp_path):
    path = tmp_path / "store"
    kg = KnowledgeStore(path)
    keep = iri("https://example.org/kept")
    half = iri("https://example.org/half-loaded")
    p = iri("https://example.org/p")
    kg.add_quads([Quad(keep, p, literal("kept"), keep)])
    marker = iri(LOADING_GRAPH)
    kg.add_quads([Quad(marker, LOADING, half, marker)])  # as bulk_add leaves it when killed mid-load
    kg.add_quads([Quad(half, p, literal("partial"), half)])
    del kg
    reopened = KnowledgeStore(path)
    assert reopened.graphs() == [keep.value]
    assert len(reopened) == 1


def test_a_large_bulk_load_is_followed_by_a_compaction_with_the_same_quads(tmp_path, monkeypatch):
    import budgetkg.ingest.parallel as parallel_module

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    monkeypatch.setattr(parallel_module, "OPTIMIZE_AFTER_QUADS", 1)
    calls = []
    kg = KnowledgeStore(tmp_path / "store")
    original = kg.optimize
    monkeypatch.setattr(kg, "optimize", lambda: (calls.append(1), original())[1])
    ingest_parallel([corpus], kg, workers=2, bulk=True)
    assert calls == [1]
    reference = KnowledgeStore(tmp_path / "reference")
    ingest_paths([corpus], reference)
    assert _quads(kg) == _quads(reference)
    calls.clear()
    ingest_parallel([corpus], kg, workers=2, bulk=True)  # replacements go through transactions, not the bulk loader
    assert calls == []
