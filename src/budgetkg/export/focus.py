"""Cut the neighbourhood of a term (document number, project, unit or code) out of a projection."""

from __future__ import annotations

import networkx as nx

from budgetkg.errors import QueryError
from budgetkg.ingest.normalise import squash

MATCH_FIELDS = ("documentNumber", "notation", "code", "label", "title")


def _norm(text: str) -> str:
    return squash(text).casefold()


def focus_nodes(graph: nx.MultiDiGraph, term: str) -> list[str]:
    """Nodes the term names: exact matches on number, code, notation, label or IRI; else substring matches."""
    wanted = _norm(term)
    exact, partial = [], []
    for node, data in graph.nodes(data=True):
        values = [_norm(str(data[f])) for f in MATCH_FIELDS if data.get(f)] + [_norm(node)]
        if wanted in values:
            exact.append(node)
        elif any(wanted in v for v in values[:-1]):
            partial.append(node)
    return sorted(exact or partial)


def neighbourhood(graph: nx.MultiDiGraph, term: str, radius: int = 1) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` hops (either direction) of every node ``term`` names."""
    if radius < 0:
        raise QueryError(f"--radius must be 0 or more, not {radius}", hint="use --radius 1 for direct neighbours")
    seeds = focus_nodes(graph, term)
    if not seeds:
        raise QueryError(
            f"--focus '{term}' names no node of the projection",
            hint="give a document number (内政发〔2015〕103号), a project or unit name, a unit code "
            "or a classification code; --document narrows the projection first",
        )
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for seed in seeds:
        keep.update(nx.single_source_shortest_path_length(undirected, seed, cutoff=radius))
    sub = graph.subgraph(keep).copy()
    for node in seeds:
        sub.nodes[node]["focus"] = "true"
    return sub
