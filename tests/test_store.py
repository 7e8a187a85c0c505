"""The embedded store: one named graph per document, replaced atomically, idempotent re-ingest."""

from __future__ import annotations

import hashlib
import re

import pytest
from rdflib import Graph, Literal, URIRef

from budgetkg.errors import QueryError, StoreError
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.store import KnowledgeStore
from budgetkg.store.terms import Quad, iri, literal
from budgetkg.synth import generate_document
from tests.conftest import write_synthetic
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
    a, b = write_synthetic(tmp_path, 1, name="a.txt"), write_synthetic(tmp_path, 2, name="b.txt")
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
    assert first.ok, first.error
    # the correction: another approval date (批复时间：YYYY 年 M 月 D 日) and a note
    printed = re.search(r"批复时间：(\d{4}) 年 (\d{1,2}) 月 (\d{1,2}) 日", doc.text)
    assert printed, "the generated document prints no 批复时间"
    year, month, day = (int(g) for g in printed.groups())
    new_day = 3 if day != 3 else 4
    corrected = doc.text.replace(printed.group(0), f"批复时间：{year} 年 {month} 月 {new_day} 日", 1)
    assert corrected != doc.text
    path.write_text(corrected + "\n注：更正版。\n", encoding="utf-8")
    second = ingest_file(path, kg)
    assert second.ok, second.error
    assert second.document == first.document and kg.graphs() == [first.document]
    query = "SELECT ?sha ?approved WHERE { ?d a bgt:BudgetDocument ; bgt:sha256 ?sha ; bgt:approvalDate ?approved }"
    rows = [(r["sha"].value, r["approved"].value) for r in kg.select(query)]
    # one document node, with the corrected file's hash and date: the old version's triples are gone
    assert rows == [(hashlib.sha256(path.read_bytes()).hexdigest(), f"{year}-{month:02d}-{new_day:02d}")]


class _CrashingStore:
    """Wraps the Oxigraph store of a KnowledgeStore so that writes go through to it but can crash.

    ``extend`` writes the first half of the quads one by one (what a crash in the middle of a
    non-atomic write leaves behind) and then raises; ``update`` (the swap) raises when asked to.
    Everything else goes to the real store.
    """

    def __init__(self, inner, fail_extend: bool = False, fail_update: bool = False) -> None:
        self.inner, self.fail_extend, self.fail_update = inner, fail_extend, fail_update

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def extend(self, quads) -> None:
        quads = list(quads)
        if not self.fail_extend:
            return self.inner.extend(quads)
        for q in quads[: len(quads) // 2]:
            self.inner.add(q)
        raise OSError("simulated crash half way through writing")

    def update(self, text: str) -> None:
        if self.fail_update:
            raise OSError("simulated failure during the swap")
        return self.inner.update(text)


def _store_with_old_graph(tmp_path) -> tuple[KnowledgeStore, URIRef, Graph]:
    """A store holding one triple in graph ``g``, and a 100-triple replacement for it."""
    kg = KnowledgeStore(tmp_path / "store")
    g = URIRef("https://example.org/doc")
    old = Graph()
    old.add((g, URIRef("https://example.org/p"), Literal("old")))
    kg.replace_graph(g, old)  # a new graph: one transactional extend
    new = Graph()
    for i in range(100):
        new.add((g, URIRef("https://example.org/p"), Literal(f"new {i}")))
    return kg, g, new


def _assert_only_the_old_graph(kg: KnowledgeStore, g: URIRef) -> None:
    named = kg.graphs()
    assert named == [str(g)], f"named graphs after the failure: {named}"  # no staging graph left over
    assert [(q.object.value, q.graph_name.value) for q in kg.quads()] == [("old", str(g))]


@pytest.mark.parametrize(
    "crash, message",
    [({"fail_extend": True}, "simulated crash half way"), ({"fail_update": True}, "simulated failure during the swap")],
    ids=["while-writing", "at-the-swap"],
)
def test_a_replace_that_fails_leaves_the_old_graph_and_no_staging(tmp_path, crash, message):
    kg, g, new = _store_with_old_graph(tmp_path)
    kg._ox = _CrashingStore(kg._ox, **crash)  # fault injection needs the private handle
    with pytest.raises(StoreError, match=rf"writing graph <https://example\.org/doc> failed: {message}"):
        kg.replace_graph(g, new)
    kg._ox = kg._ox.inner
    _assert_only_the_old_graph(kg, g)


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
