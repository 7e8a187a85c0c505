"""The embedded store: one named graph per document, replaced atomically, idempotent re-ingest."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from budgetkg.errors import QueryError, StoreError
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.store import KnowledgeStore
from budgetkg.store.terms import Quad, iri, literal
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


def test_a_replace_that_fails_at_the_swap_leaves_the_old_graph_and_no_staging(tmp_path, monkeypatch):
    kg = KnowledgeStore(tmp_path / "store")
    g = URIRef("https://example.org/doc")
    old = Graph()
    old.add((g, URIRef("https://example.org/p"), Literal("old")))
    kg.replace_graph(g, old)  # a new graph: one transactional extend
    new = Graph()
    new.add((g, URIRef("https://example.org/p"), Literal("new")))
    monkeypatch.setattr(kg, "_ox", _FailingSwap(kg._ox))  # fault injection needs the private handle
    with pytest.raises(StoreError, match="writing graph"):
        kg.replace_graph(g, new)
    monkeypatch.undo()
    assert kg.graphs() == [str(g)]
    assert [q.object.value for q in kg.quads()] == ["old"]


# The store's read and write operations (the rest of budgetkg never reaches pyoxigraph itself).

EX = "https://example.org/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def _two_graphs(path=None) -> KnowledgeStore:
    kg = KnowledgeStore(path)
    p = iri(EX + "p")
    kg.add_quads(
        [
            Quad(iri(EX + "a"), p, literal("in a"), iri(EX + "ga")),
            Quad(iri(EX + "a"), p, literal("名称", language="zh"), iri(EX + "ga")),
            Quad(iri(EX + "b"), p, literal("7", datatype=XSD_INTEGER), iri(EX + "gb")),
        ]
    )
    return kg


def test_select_gives_columns_and_rows_with_substitutions_and_graphs():
    kg = _two_graphs()
    rows = kg.select("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert rows.columns == ["s", "o"]
    assert len(list(rows)) == 3
    bound = list(kg.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"s": iri(EX + "b")}))
    assert bound == [{"s": iri(EX + "b"), "o": literal("7", datatype=XSD_INTEGER)}]
    only_a = kg.select("SELECT ?s WHERE { ?s ?p ?o }", graphs=[EX + "ga"])
    assert {r["s"].value for r in only_a} == {EX + "a"}
    assert list(kg.select("SELECT ?s WHERE { ?s ?p ?o }", graphs=EX + "gb")) == [{"s": iri(EX + "b")}]
    unbound = next(kg.select("SELECT ?x WHERE { OPTIONAL { ?s <https://example.org/none> ?x } }"))
    assert unbound == {"x": None}


def test_select_refuses_other_forms_and_declares_prefixes_on_request():
    kg = _two_graphs()
    with pytest.raises(QueryError, match="not a SELECT"):
        kg.select("ASK { ?s ?p ?o }")
    assert list(kg.select("SELECT ?d WHERE { ?d a bgt:BudgetDocument }")) == []  # bgt: is predeclared
    with pytest.raises(SyntaxError):
        kg.select("SELECT ?d WHERE { ?d a bgt:BudgetDocument }", predeclared=False)


def test_ask_and_construct():
    kg = _two_graphs()
    assert kg.ask("ASK { ?s ?p ?o }") is True
    assert kg.ask("ASK { ?s ?p ?o }", {"s": iri(EX + "nobody")}) is False
    assert kg.ask("ASK { ?s ?p ?o }", {"s": iri(EX + "b")}, graphs=[EX + "ga"]) is False
    triples = kg.construct("CONSTRUCT { ?s <https://example.org/q> ?o } WHERE { ?s ?p ?o }", graphs=[EX + "gb"])
    assert [(t.subject.value, t.predicate.value, t.object.value) for t in triples] == [(EX + "b", EX + "q", "7")]
    with pytest.raises(QueryError, match="not an ASK"):
        kg.ask("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="not a CONSTRUCT"):
        kg.construct("ASK { ?s ?p ?o }")


def test_quads_of_a_graph_and_of_a_subject():
    kg = _two_graphs()
    assert len(list(kg.quads())) == 3
    assert {q.graph_name.value for q in kg.quads(EX + "ga")} == {EX + "ga"}
    assert len(list(kg.quads(EX + "ga"))) == 2
    assert [q.object.value for q in kg.quads(subject=EX + "b")] == ["7"]
    assert list(kg.quads(EX + "ga", subject=EX + "b")) == []


def test_dump_graph_writes_one_graph_as_triples_or_named_quads():
    kg = _two_graphs()
    nt = kg.dump_graph(EX + "ga").decode("utf-8")
    assert nt.count("\n") == 2 and EX + "b" not in nt and EX + "ga" not in nt
    nq = kg.dump_graph(EX + "gb", "nq").decode("utf-8")
    assert nq.strip() == f'<{EX}b> <{EX}p> "7"^^<{XSD_INTEGER}> <{EX}gb> .'
    with pytest.raises(StoreError, match="unknown graph dump format"):
        kg.dump_graph(EX + "ga", "ttl")


def test_the_in_memory_copy_holds_exactly_that_graph(tmp_path):
    kg = _two_graphs(tmp_path / "store")
    copy = kg.copy_graph(EX + "ga")
    assert copy.path is None and copy.graphs() == [EX + "ga"]
    assert set(copy.quads()) == set(kg.quads(EX + "ga")) and len(copy) == 2
    copy.remove_graph(EX + "ga")  # the copy is independent of the store
    assert kg.graph_size(EX + "ga") == 2


def test_a_read_only_store_reads_and_refuses_writes(tmp_path):
    path = tmp_path / "store"
    writer = _two_graphs(path)
    writer.flush()
    reader = KnowledgeStore(path, read_only=True)
    assert reader.read_only and reader.graphs() == [EX + "ga", EX + "gb"] and len(reader) == 3
    assert reader.ask("ASK { ?s ?p ?o }")
    quad = Quad(iri(EX + "c"), iri(EX + "p"), literal("x"), iri(EX + "gc"))
    writes = [
        lambda: reader.add_quads([quad]),
        lambda: reader.replace_graph(EX + "ga", [(URIRef(EX + "c"), URIRef(EX + "p"), Literal("x"))]),
        lambda: reader.remove_graph(EX + "ga"),
        lambda: reader.bulk_add({EX + "gc": [quad]}),
        lambda: reader.load(b"<https://example.org/c> <https://example.org/p> 1 .", "nt"),
        reader.optimize,
    ]
    for write in writes:
        with pytest.raises(StoreError, match="read-only"):
            write()
    reader.flush()  # nothing to flush, no error
    assert len(reader) == 3 and len(KnowledgeStore(path, read_only=True)) == 3


def test_a_read_only_store_must_exist_on_disk(tmp_path):
    with pytest.raises(StoreError, match="needs a folder"):
        KnowledgeStore(None, read_only=True)
    with pytest.raises(StoreError, match="cannot open the store"):
        KnowledgeStore(tmp_path / "absent", read_only=True)


def test_load_reads_rdf_text_and_files(tmp_path):
    kg = KnowledgeStore()
    kg.load(f"<{EX}g> {{ <{EX}a> <{EX}p> 1 }}".encode(), "trig")
    source = tmp_path / "d.nt"
    source.write_text(f'<{EX}b> <{EX}p> "2" .\n', encoding="utf-8")
    kg.load(path=source, fmt="nt")
    assert kg.graphs() == [EX + "g"] and len(kg) == 2 and kg.graph_size(EX + "g") == 1
    with pytest.raises(StoreError, match="cannot load"):
        kg.load(b"not rdf at all {", "trig")
    with pytest.raises(StoreError, match="unknown RDF format"):
        kg.load(b"", "rdfxml")
