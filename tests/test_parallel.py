"""Ingestion with worker processes gives the same store as serial ingestion; an interrupted bulk load is undone;
a bug in one file fails that file only; the serial path hands the graph straight to the store."""

from __future__ import annotations

import logging

import pytest

import budgetkg.ingest.pipeline.prepare as prepare_module
import budgetkg.ingest.pipeline.workers as workers_module
import budgetkg.ingest.pipeline.writer as writer_module
from budgetkg.demo import write_corpus
from budgetkg.ingest.pipeline import ingest_file, ingest_paths
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
    results = ingest_paths([corpus], parallel, workers=2, bulk=True)
    assert sum(r.ok for r in results) == 8 and sum(not r.ok for r in results) == 1
    assert _quads(parallel) == _quads(sequential)
    again = ingest_paths([corpus], parallel, workers=2, bulk=True)  # re-ingest replaces, never duplicates
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
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    monkeypatch.setattr(writer_module, "OPTIMIZE_AFTER_QUADS", 1)
    calls = []
    kg = KnowledgeStore(tmp_path / "store")
    original = kg.optimize
    monkeypatch.setattr(kg, "optimize", lambda: (calls.append(1), original())[1])
    ingest_paths([corpus], kg, workers=2, bulk=True)
    assert calls == [1]
    reference = KnowledgeStore(tmp_path / "reference")
    ingest_paths([corpus], reference)
    assert _quads(kg) == _quads(reference)
    calls.clear()
    ingest_paths([corpus], kg, workers=2, bulk=True)  # replacements go through transactions, not the bulk loader
    assert calls == []


def _buggy_extract(real):
    """``extract`` with a bug for the file named ``buggy.txt``."""

    def extract(doc, *given):
        if doc.path.endswith("buggy.txt"):
            raise ZeroDivisionError("an injected bug")
        return real(doc, *given)

    return extract


@pytest.mark.parametrize("workers", [1, 2])
def test_a_bug_in_one_file_fails_that_file_only(tmp_path, monkeypatch, caplog, workers):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    (corpus / "buggy.txt").write_text((corpus / "synthetic-0001.txt").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(prepare_module, "extract", _buggy_extract(prepare_module.extract))  # forked workers see it
    kg = KnowledgeStore(tmp_path / "store")
    with caplog.at_level(logging.DEBUG, logger="budgetkg"):
        results = ingest_paths([corpus], kg, workers=workers)
    by_name = {r.path.rsplit("/", 1)[-1]: r for r in results}
    assert by_name["buggy.txt"].error == "internal error: ZeroDivisionError: an injected bug"
    assert [r.ok for name, r in sorted(by_name.items()) if name != "buggy.txt"] == [True, True, True]
    assert len(kg.graphs()) == 3
    traces = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG and "buggy.txt" in r.getMessage()]
    assert traces and "Traceback" in traces[0] and "ZeroDivisionError" in traces[0]


def test_a_bug_in_the_writer_fails_that_document_only(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    kg = KnowledgeStore(tmp_path / "store")
    original = kg.replace_graph
    calls = []

    def replace_graph(iri, triples):
        calls.append(iri)
        if len(calls) == 1:
            raise KeyError("an injected bug")
        return original(iri, triples)

    monkeypatch.setattr(kg, "replace_graph", replace_graph)
    first, second = ingest_paths([corpus], kg)
    assert first.error == "internal error: KeyError: 'an injected bug'" and second.ok
    assert kg.graphs() == [second.document]


def test_one_worker_hands_the_graph_straight_to_the_store(tmp_path, monkeypatch):
    def no_encoding(*args, **kwargs):
        raise AssertionError("the serial path must not serialise documents")

    monkeypatch.setattr(workers_module, "encode_document", no_encoding)
    monkeypatch.setattr(writer_module, "decode_document", no_encoding)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    kg = KnowledgeStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths([corpus], kg, workers=1))
    assert ingest_file(corpus / "synthetic-0001.txt", kg).ok
    assert all(r.ok for r in ingest_paths([corpus], kg, workers=1))
    assert len(kg.graphs()) == 2


def test_with_workers_documents_travel_as_n_quads(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("an injected bug")

    monkeypatch.setattr(workers_module, "encode_document", broken)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    kg = KnowledgeStore(tmp_path / "store")
    results = ingest_paths([corpus], kg, workers=2)
    assert [r.error for r in results] == ["internal error: ValueError: an injected bug"] * 2
    assert kg.graphs() == []


def test_workers_run_only_a_few_files_ahead_of_the_writer(tmp_path, monkeypatch):
    """A finished file's N-Quads wait in memory until the writer takes them: the pool is handed a few files per
    worker ahead of the one being written, never the whole corpus at once."""
    from tests.conftest import write_synthetic

    files = [write_synthetic(tmp_path, seed) for seed in range(12)]
    monkeypatch.setattr(workers_module, "IN_FLIGHT_PER_WORKER", 2)
    handed: list[str] = []
    real_submit = workers_module.ProcessPoolExecutor.submit

    def submit(self, fn, path, *args):
        handed.append(path)
        return real_submit(self, fn, path, *args)

    monkeypatch.setattr(workers_module.ProcessPoolExecutor, "submit", submit)
    ahead = []
    for taken, (result, payload, _trace) in enumerate(workers_module.encoded_in_workers(files, workers=2), 1):
        assert result.ok and isinstance(payload, bytes)
        ahead.append(len(handed) - taken)
    assert handed == [str(f) for f in files]
    assert max(ahead) == 2 * 2  # besides the one being written, four handed out at any time (not all twelve)
