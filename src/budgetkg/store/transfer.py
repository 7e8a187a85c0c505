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
    """The triples (rdflib or Oxigraph terms) in the named graph ``iri``, serialised as N-Quads.

    Each distinct term is converted and written once (its N-Triples form, as Oxigraph writes it) and the lines
    are joined here: a document repeats its predicates, subjects and datatypes, and building an Oxigraph quad
    for every triple only to serialise it took most of the time (a seed-sized document with the in-memory copy
    its check loads: 53 ms that way, 34 ms this way).
    """
    tail = f" {ox.NamedNode(str(iri))} .\n"
    written: dict = {}

    def term(node) -> str:
        text = written.get(node)
        if text is None:
            text = written[node] = str(to_ox(node))
        return text

    lines = [f"{term(s)} {term(p)} {term(o)}" for s, p, o in triples]
    return (tail.join(lines) + tail).encode("utf-8") if lines else b""


def decode_document(iri: str, data: bytes) -> DecodedDocument:
    """The document ``iri`` back from what ``encode_document`` wrote (its terms were valid when written, so
    the parser does not check the IRIs again)."""
    return DecodedDocument(str(iri), list(ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True)))
