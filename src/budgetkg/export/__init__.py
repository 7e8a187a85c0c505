"""``export``: write a projection of the store in a graph format, the HTML view, or RDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from budgetkg.errors import BudgetKGError, InputError
from budgetkg.export.graph_formats import to_cytoscape, to_dot, to_gexf, to_graphml
from budgetkg.export.html_view import to_html
from budgetkg.export.projection import ProjectionOptions, project
from budgetkg.export.rdf import RDF_FORMATS, rdf_export
from budgetkg.store import KnowledgeStore

GRAPH_WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "cytoscape": to_cytoscape,
    "dot": to_dot,
    "html": to_html,
}
FORMATS = tuple(GRAPH_WRITERS) + tuple(RDF_FORMATS)


def export_bytes(store: KnowledgeStore, fmt: str, options: ProjectionOptions | None = None) -> tuple[bytes, int, int]:
    """The export in ``fmt`` with the projection's node and edge counts."""
    if fmt not in FORMATS:
        raise BudgetKGError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    options = options or ProjectionOptions()
    graph = project(store, options)
    if fmt in GRAPH_WRITERS:
        return GRAPH_WRITERS[fmt](graph), graph.number_of_nodes(), graph.number_of_edges()
    document = graph.graph.get("document_graph")
    data = rdf_export(store, fmt, document, graph if options.focus else None)
    return data, graph.number_of_nodes(), graph.number_of_edges()


def export(store: KnowledgeStore, fmt: str, output: Path, options: ProjectionOptions | None = None) -> tuple[int, int]:
    """Write the export to ``output``; return the projection's node and edge counts."""
    data, nodes, edges = export_bytes(store, fmt, options)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    except OSError as exc:
        raise InputError(
            f"cannot write the export: {exc.strerror}", where=str(output), hint="choose a writable path with -o"
        ) from exc
    return nodes, edges
