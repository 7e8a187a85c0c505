"""A document's triples as N-Quads bytes, to pass from a worker process to the single writer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from budgetkg.store.terms import to_ox


@dataclass(frozen=True)
class DecodedDocument:
    """One document's quads (all in its named graph), as the store's ``bulk_add`` takes them."""

    iri: str
    quads: list

    def triples(self) -> list[tuple]:
        """The quads without their graph, as ``KnowledgeStore.replace_graph`` takes them."""
        return [(q.subject, q.predicate, q.object) for q in self.quads]


def encode_document(iri: str, triples: Iterable[tuple]) -> bytes:
    """The triples (rdflib or Oxigraph terms) in the named graph ``iri``, serialised as N-Quads."""
    return encode_with_quads(iri, triples)[0]


def encode_with_quads(iri: str, triples: Iterable[tuple]) -> tuple[bytes, list]:
    """``encode_document``'s N-Quads and the Oxigraph quads they were written from (an in-memory copy built
    from these costs about half of parsing the bytes again)."""
    graph = ox.NamedNode(str(iri))
    quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in triples]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS), quads


def decode_document(iri: str, data: bytes) -> DecodedDocument:
    """The document ``iri`` back from what ``encode_document`` wrote."""
    return DecodedDocument(str(iri), list(ox.parse(data, format=ox.RdfFormat.N_QUADS)))
