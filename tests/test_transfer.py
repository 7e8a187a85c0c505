"""A document's N-Quads as workers write them: every term as Oxigraph would write it, and back unchanged."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from budgetkg.ingest.pipeline.prepare import prepare_file
from budgetkg.store import KnowledgeStore
from budgetkg.store.terms import to_ox
from budgetkg.store.transfer import decode_document, encode_document
from tests.corpus import seed_path

DOC = "https://w3id.org/budgetkg/id/document/test/2025/budget"
S = URIRef(DOC + "/obs/1")
XSD = "http://www.w3.org/2001/XMLSchema#"
P = URIRef("https://w3id.org/budgetkg/ontology#sourceText")

# terms whose N-Triples need escapes, tags or datatypes, each repeated so the encoder reuses what it wrote
AWKWARD = [
    (S, P, Literal('一般公共预算"拨款"\n合计\t95,152.70\\')),
    (S, P, Literal("机关运行经费", lang="zh")),
    (S, URIRef("https://w3id.org/budgetkg/ontology#amount"), Literal("95152700.50", datatype=URIRef(XSD + "decimal"))),
    (S, URIRef("https://w3id.org/budgetkg/ontology#fiscalYear"), Literal("2025", datatype=URIRef(XSD + "gYear"))),
    (S, URIRef("https://w3id.org/budgetkg/ontology#row"), Literal(12)),
    (BNode("b1"), P, Literal("见附表（单位：万元）")),
    (URIRef(DOC + "/obs/2"), P, Literal("机关运行经费", lang="zh")),
    (URIRef(DOC + "/obs/2"), URIRef("https://w3id.org/budgetkg/ontology#amount"), Literal(Decimal("0.10"))),
]


def _oxigraph_written(iri: str, triples) -> set[bytes]:
    """The lines Oxigraph's own serialiser writes for the same quads."""
    graph = ox.NamedNode(iri)
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in triples]
    return set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines())


def test_awkward_terms_are_written_as_oxigraph_writes_them_and_read_back_unchanged():
    data = encode_document(DOC, AWKWARD)
    assert data.endswith(b" .\n") and data.count(b"\n") == len(AWKWARD)
    assert set(data.splitlines()) == _oxigraph_written(DOC, AWKWARD)
    back = decode_document(DOC, data)
    graph = ox.NamedNode(DOC)
    assert back.quads == [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in AWKWARD]
    assert ox.Literal('一般公共预算"拨款"\n合计\t95,152.70\\') in [q.object for q in back.quads]


def test_nothing_to_write_gives_no_bytes():
    assert encode_document(DOC, []) == b""


def test_the_seed_document_loads_into_the_store_from_its_n_quads(tmp_path):
    prepared = prepare_file(seed_path())
    data = encode_document(prepared.iri, prepared.triples)
    assert set(data.splitlines()) == _oxigraph_written(prepared.iri, prepared.triples)
    kg = KnowledgeStore(tmp_path / "store")
    assert kg.bulk_add({prepared.iri: data}) == len(prepared.triples)
    assert kg.graphs() == [prepared.iri] and kg.graph_size(prepared.iri) == len(prepared.triples)
