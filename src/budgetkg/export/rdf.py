"""RDF exports (Turtle, TriG, N-Quads, JSON-LD) of the store, one document, or a projection's nodes."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from budgetkg.ontology.namespaces import PREFIXES
from budgetkg.store import KnowledgeStore

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
# Turtle has no graph names: its export is the union of the selected graphs.
TRIPLE_ONLY = {"ttl"}


def select_quads(
    store: KnowledgeStore, graph_iri: str | None = None, subjects: Iterable[str] | None = None
) -> list[ox.Quad]:
    """Quads of one named graph (or all), restricted to the given subjects when there are any."""
    graph = ox.NamedNode(graph_iri) if graph_iri else None
    if subjects is None:
        quads = store.ox.quads_for_pattern(None, None, None, graph)
        return [q for q in quads if isinstance(q.graph_name, ox.NamedNode) or graph is None]
    found: list[ox.Quad] = []
    for iri in sorted(subjects):
        found.extend(store.ox.quads_for_pattern(ox.NamedNode(iri), None, None, graph))
    return found


def serialize(quads: list[ox.Quad], fmt: str) -> bytes:
    """The quads in ``fmt`` (a key of RDF_FORMATS), with the project's prefixes where the format has them."""
    if fmt in TRIPLE_ONLY:
        triples = sorted({q.triple for q in quads}, key=str)
        return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=PREFIXES)
    if fmt == "trig":
        return ox.serialize(quads, format=RDF_FORMATS[fmt], prefixes=PREFIXES)
    return ox.serialize(quads, format=RDF_FORMATS[fmt])


def rdf_export(
    store: KnowledgeStore, fmt: str, graph_iri: str | None = None, projection: nx.MultiDiGraph | None = None
) -> bytes:
    """Serialise the selection: a projection's nodes (when focused), else one document graph, else all."""
    subjects = list(projection.nodes) if projection is not None else None
    return serialize(select_quads(store, graph_iri, subjects), fmt)
