"""RDF exports (Turtle, TriG, N-Quads, JSON-LD) of the store, one document, or a projection's nodes."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from budgetkg.ontology.namespaces import PREFIXES
from budgetkg.store import KnowledgeStore
from budgetkg.store.formats import serialize as write
from budgetkg.store.terms import Quad

RDF_FORMATS = ("ttl", "trig", "nq", "jsonld")
# Turtle has no graph names: its export is the union of the selected graphs.
TRIPLE_ONLY = {"ttl"}


def select_quads(
    store: KnowledgeStore, graph_iri: str | None = None, subjects: Iterable[str] | None = None
) -> list[Quad]:
    """Quads of one named graph (or all), restricted to the given subjects when there are any."""
    if subjects is None:
        return list(store.quads(graph_iri))
    found: list[Quad] = []
    for iri in sorted(subjects):
        found.extend(store.quads(graph_iri, subject=iri))
    return found


def serialize(quads: list[Quad], fmt: str) -> bytes:
    """The quads in ``fmt`` (one of RDF_FORMATS), with the project's prefixes where the format has them."""
    if fmt in TRIPLE_ONLY:
        triples = sorted({q.triple for q in quads}, key=str)
        return write(triples, fmt, prefixes=PREFIXES)
    if fmt == "trig":
        return write(quads, fmt, prefixes=PREFIXES)
    return write(quads, fmt)


def rdf_export(
    store: KnowledgeStore, fmt: str, graph_iri: str | None = None, projection: nx.MultiDiGraph | None = None
) -> bytes:
    """Serialise the selection: a projection's nodes (when focused), else one document graph, else all."""
    subjects = list(projection.nodes) if projection is not None else None
    return serialize(select_quads(store, graph_iri, subjects), fmt)
