"""``export``: write a projection of the store in a graph format, the HTML view, RDF, or tables (CSV, Parquet,
Frictionless data package)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import networkx as nx

from budgetkg.errors import BudgetKGError
from budgetkg.export.csvfiles import write_csv_folder
from budgetkg.export.datapackage import write_datapackage
from budgetkg.export.folders import write_file, write_folder
from budgetkg.export.graph_formats import to_cytoscape, to_dot, to_gexf
from budgetkg.export.graphml import write_graphml
from budgetkg.export.html_view import to_html
from budgetkg.export.parquet import require_pyarrow, write_parquet_folder
from budgetkg.export.projection import ProjectionOptions, project
from budgetkg.export.rdf import RDF_FORMATS, rdf_export
from budgetkg.export.schema import SPECS
from budgetkg.export.tabular import TableData, gather
from budgetkg.store import KnowledgeStore

GraphWriter = Callable[[nx.MultiDiGraph, BinaryIO], None]


def _whole(render: Callable[[nx.MultiDiGraph], bytes]) -> GraphWriter:
    """A writer for a format rendered in memory first."""
    return lambda graph, stream: stream.write(render(graph))


# GraphML streams node by node: a whole corpus's projection is written without a second copy of it in memory.
GRAPH_WRITERS: dict[str, GraphWriter] = {
    "graphml": write_graphml,
    "gexf": _whole(to_gexf),
    "cytoscape": _whole(to_cytoscape),
    "dot": _whole(to_dot),
    "html": _whole(to_html),
}
TABLE_WRITERS: dict[str, Callable[[list[TableData], Path], list[str]]] = {
    "csv": write_csv_folder,
    "parquet": write_parquet_folder,
    "datapackage": write_datapackage,
}
FORMATS = tuple(GRAPH_WRITERS) + tuple(RDF_FORMATS) + tuple(TABLE_WRITERS)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise BudgetKGError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")


def export_bytes(store: KnowledgeStore, fmt: str, options: ProjectionOptions | None = None) -> tuple[bytes, int, int]:
    """The export in ``fmt`` with the projection's node and edge counts."""
    _check_format(fmt)
    if fmt in TABLE_WRITERS:
        raise BudgetKGError(f"the {fmt} export is a folder of files, not bytes", hint="use export_tables()")
    options = options or ProjectionOptions()
    graph = project(store, options)
    if fmt in GRAPH_WRITERS:
        buffer = io.BytesIO()
        GRAPH_WRITERS[fmt](graph, buffer)
        return buffer.getvalue(), graph.number_of_nodes(), graph.number_of_edges()
    document = graph.graph.get("document_graph")
    data = rdf_export(store, fmt, document, graph if options.focus else None)
    return data, graph.number_of_nodes(), graph.number_of_edges()


def export(store: KnowledgeStore, fmt: str, output: Path, options: ProjectionOptions | None = None) -> tuple[int, int]:
    """Write the export to ``output`` (whole or not at all; graph formats stream from the projection to the
    file); return the projection's node and edge counts."""
    _check_format(fmt)
    if fmt not in GRAPH_WRITERS:
        data, nodes, edges = export_bytes(store, fmt, options)
        write_file(output, lambda stream: stream.write(data))
        return nodes, edges
    graph = project(store, options or ProjectionOptions())
    write_file(output, lambda stream: GRAPH_WRITERS[fmt](graph, stream))
    return graph.number_of_nodes(), graph.number_of_edges()


def export_tables(
    store: KnowledgeStore,
    fmt: str,
    output: Path,
    documents: list[str] | None = None,
    findings: bool = True,
) -> dict[str, int]:
    """Write the tables (observations, projects, … findings) as ``fmt`` into the folder ``output``; return the
    rows per table. The folder is written whole or not at all; the store is only read."""
    _check_format(fmt)
    if fmt not in TABLE_WRITERS:
        raise BudgetKGError(f"'{fmt}' is not a tabular format", hint=f"use one of {', '.join(TABLE_WRITERS)}")
    writer = TABLE_WRITERS[fmt]
    if fmt == "parquet":
        require_pyarrow()  # fails early, before the queries, when pyarrow is missing
    tables = gather(store, documents, findings)
    suffix = ".parquet" if fmt == "parquet" else ".csv"
    stale = tuple(f"{spec.name}{suffix}" for spec in SPECS)
    write_folder(output, lambda staging: writer(tables, staging), stale)
    return {t.spec.name: len(t.rows) for t in tables}
