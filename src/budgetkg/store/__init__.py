"""The embedded Oxigraph store: one named graph per source document, replaced atomically."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from budgetkg.errors import StoreError
from budgetkg.ontology.namespaces import PREFIXES
from budgetkg.store.terms import to_ox

STAGING_SUFFIX = "#staging"
LOADING_GRAPH = "urn:budgetkg:loading"  # lists the documents of an unfinished bulk load
LOADING = ox.NamedNode("https://w3id.org/budgetkg/ontology#loading")
DUMP_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
}


class KnowledgeStore:
    """A thin wrapper over ``pyoxigraph.Store``; ``path=None`` keeps the store in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self.ox = ox.Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store: {exc}",
                where=str(path),
                hint="check the path, or close other budgetkg processes using it",
            ) from exc
        self._drop_stale_staging()

    def _drop_stale_staging(self) -> None:
        """Undo what an interrupted write left: staging graphs and the graphs of an unfinished bulk load."""
        marker = ox.NamedNode(LOADING_GRAPH)
        if self.ox.contains_named_graph(marker):
            for quad in list(self.ox.quads_for_pattern(None, LOADING, None, marker)):
                self.ox.remove_graph(quad.object)
            self.ox.remove_graph(marker)
        for g in list(self.ox.named_graphs()):
            if isinstance(g, ox.NamedNode) and g.value.endswith(STAGING_SUFFIX):
                self.ox.remove_graph(g)

    def has_graph(self, graph_iri: str) -> bool:
        return self.ox.contains_named_graph(ox.NamedNode(str(graph_iri)))

    def bulk_add(self, documents: dict[str, list[ox.Quad]]) -> int:
        """Load documents that are not in the store yet with Oxigraph's bulk loader.

        The bulk loader is not transactional, so the documents are first listed in a marker graph (one
        transaction); the marker is removed when the load has finished. A store opened after an interrupted
        load drops the listed graphs, so it never holds a half-written document.
        """
        present = [iri for iri in documents if self.has_graph(iri)]
        if present:
            raise StoreError(f"bulk_add is for new documents only; already present: {present[:3]}")
        marker = ox.NamedNode(LOADING_GRAPH)
        self.ox.extend([ox.Quad(marker, LOADING, ox.NamedNode(iri), marker) for iri in documents])
        quads = [q for qs in documents.values() for q in qs]
        self.ox.bulk_extend(quads)
        self.ox.remove_graph(marker)
        return len(quads)

    def replace_graph(self, graph_iri: str | URIRef, graph: Graph | Iterable[tuple]) -> int:
        """Replace the named graph ``graph_iri`` with ``graph`` in one transaction; return its size.

        The triples go to a staging graph first (an atomic ``extend``); one SPARQL ``MOVE`` then swaps it
        in, so a failure at any point leaves the previous version of the graph as it was.
        """
        target = ox.NamedNode(str(graph_iri))
        if not self.has_graph(target.value):  # a new document: one transactional extend is enough
            quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in graph]
            try:
                self.ox.extend(quads)
            except OSError as exc:
                raise StoreError(f"writing graph <{target.value}> failed: {exc}", where=str(self.path)) from exc
            return len(quads)
        staging = ox.NamedNode(str(graph_iri) + STAGING_SUFFIX)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), staging) for s, p, o in graph]
        try:
            self.ox.remove_graph(staging)
            self.ox.extend(quads)
            self.ox.update(f"MOVE SILENT GRAPH <{staging.value}> TO GRAPH <{target.value}>")
        except (OSError, SyntaxError, ValueError) as exc:
            self.ox.remove_graph(staging)
            raise StoreError(f"writing graph <{target.value}> failed: {exc}", where=str(self.path)) from exc
        return len(quads)

    def remove_graph(self, graph_iri: str) -> None:
        self.ox.remove_graph(ox.NamedNode(graph_iri))

    def graphs(self) -> list[str]:
        return sorted(
            g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode) and g.value != LOADING_GRAPH
        )

    def __len__(self) -> int:
        return len(self.ox)

    def graph_size(self, graph_iri: str) -> int:
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))

    def query(self, sparql: str, substitutions: dict[str, object] | None = None, union: bool = True):
        """Run SPARQL over the union of all document graphs; ``substitutions`` bind variables to terms."""
        subs = {
            ox.Variable(k): (v if isinstance(v, (ox.NamedNode, ox.Literal, ox.BlankNode)) else to_ox(v))
            for k, v in (substitutions or {}).items()
        }
        return self.ox.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union, substitutions=subs or None)

    def select(self, sparql: str, substitutions: dict[str, object] | None = None) -> Iterator[dict]:
        result = self.query(sparql, substitutions)
        names = [v.value for v in result.variables]
        for solution in result:
            yield {n: solution[n] for n in names}

    def graph_as_rdflib(self, graph_iri: str) -> Graph:
        """One named graph as an rdflib Graph (for pyshacl and for export)."""
        data = self.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
        g = Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

    def dump(self, fmt: str) -> bytes:
        if fmt not in DUMP_FORMATS:
            raise StoreError(f"unknown dump format '{fmt}'", hint=f"use one of {', '.join(DUMP_FORMATS)}")
        if fmt in ("ttl", "nt"):
            return self.ox.dump(format=DUMP_FORMATS[fmt], from_graph=ox.DefaultGraph()) + b"".join(
                self.ox.dump(format=DUMP_FORMATS[fmt], from_graph=ox.NamedNode(g)) for g in self.graphs()
            )
        return self.ox.dump(format=DUMP_FORMATS[fmt])

    def flush(self) -> None:
        self.ox.flush()

    def optimize(self) -> None:
        """Compact the on-disk indexes (worth it after a bulk load; 17 s for 5.6 M quads here)."""
        if self.path is not None:
            self.ox.optimize()
