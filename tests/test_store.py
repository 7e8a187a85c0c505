"""The embedded store: one named graph per document, replaced atomically, idempotent re-ingest."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from budgetkg.errors import StoreError
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document
from tests.corpus import seed_path


def test_ingesting_the_same_file_twice_leaves_the_store_unchanged(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    first = ingest_file(seed_path(), kg)
    assert first.ok, first.error
    size = len(kg)
    again = ingest_file(seed_path(), kg)
    assert again.ok and len(kg) == size and kg.graphs() == [first.document]


def test_two_documents_give_two_named_graphs(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(generate_document(1).text, encoding="utf-8")
    b.write_text(generate_document(2).text, encoding="utf-8")
    ra, rb = ingest_file(a, kg), ingest_file(b, kg)
    assert ra.ok and rb.ok and ra.document != rb.document
    assert kg.graphs() == sorted([ra.document, rb.document])
    assert kg.graph_size(ra.document) + kg.graph_size(rb.document) == len(kg)


def test_a_corrected_document_replaces_its_graph(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    doc = generate_document(5)
    path = tmp_path / "d.txt"
    path.write_text(doc.text, encoding="utf-8")
    first = ingest_file(path, kg)
    corrected = doc.text.replace("批复时间", "批复时间", 1) + "\n注：更正版。\n"
    path.write_text(corrected, encoding="utf-8")
    second = ingest_file(path, kg)
    assert second.document == first.document and kg.graphs() == [first.document]
    rows = list(kg.select("SELECT ?sha WHERE { ?d a bgt:BudgetDocument ; bgt:sha256 ?sha }"))
    assert len(rows) == 1  # the old version's triples are gone


class _Exploding:
    """An iterable of triples that fails half way, like a crash while writing."""

    def __init__(self, graph: Graph) -> None:
        self.triples = list(graph)

    def __iter__(self):
        for n, t in enumerate(self.triples):
            if n == len(self.triples) // 2:
                raise ValueError("simulated failure while writing")
            yield t


def test_a_failed_replace_leaves_the_previous_graph_intact(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    g = URIRef("https://example.org/doc")
    old = Graph()
    old.add((g, URIRef("https://example.org/p"), Literal("old")))
    kg.replace_graph(g, old)
    new = Graph()
    for i in range(100):
        new.add((g, URIRef("https://example.org/p"), Literal(f"new {i}")))
    with pytest.raises((StoreError, ValueError)):
        kg.replace_graph(g, _Exploding(new))
    assert kg.graphs() == [str(g)] and len(kg) == 1


class _FailingSwap:
    """A store whose final swap (the SPARQL MOVE) fails, as on a crash between staging and swap."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def update(self, text: str) -> None:
        raise OSError("simulated failure during the swap")


def test_a_replace_that_fails_at_the_swap_leaves_the_old_graph_and_no_staging(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    g = URIRef("https://example.org/doc")
    old = Graph()
    old.add((g, URIRef("https://example.org/p"), Literal("old")))
    kg.replace_graph(g, old)  # a new graph: one transactional extend
    new = Graph()
    new.add((g, URIRef("https://example.org/p"), Literal("new")))
    kg.ox = _FailingSwap(kg.ox)
    with pytest.raises(StoreError, match="writing graph"):
        kg.replace_graph(g, new)
    kg.ox = kg.ox.inner
    assert kg.graphs() == [str(g)]
    assert [q.object.value for q in kg.ox] == ["old"]
