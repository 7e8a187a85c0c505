"""Graph file formats of a projection rendered in memory: GEXF (Gephi), Cytoscape JSON and Graphviz DOT (GraphML
streams: ``budgetkg.export.graphml``)."""

from __future__ import annotations

import io
import json

import networkx as nx

from budgetkg.export.graphml import xml_safe

# Colour per node type, shared by GEXF, DOT and the HTML view.
TYPE_COLOURS = {
    "Department": "#1f77b4",
    "BudgetUnit": "#17becf",
    "Project": "#ff7f0e",
    "PolicyDocument": "#d62728",
    "Issuer": "#9467bd",
    "Code": "#7f7f7f",
    "Indicator": "#2ca02c",
}
DEFAULT_COLOUR = "#bcbd22"


def colour(kind: str) -> str:
    return TYPE_COLOURS.get(kind, DEFAULT_COLOUR)


def _rgb(hex_colour: str) -> dict[str, int]:
    return {"r": int(hex_colour[1:3], 16), "g": int(hex_colour[3:5], 16), "b": int(hex_colour[5:7], 16)}


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 for Gephi, with viz colour by type and viz size by amount (XML: ids and texts made XML-safe)."""
    copy = nx.relabel_nodes(graph, {n: xml_safe(str(n)) for n in graph}, copy=True)
    for *_, data in [*copy.nodes(data=True), *copy.edges(data=True)]:
        data.update({k: xml_safe(v) for k, v in data.items() if isinstance(v, str)})
    for _, data in copy.nodes(data=True):
        data["viz"] = {"color": {**_rgb(colour(data.get("type", ""))), "a": 1.0}, "size": data.get("size", 10.0)}
    buffer = io.BytesIO()
    nx.write_gexf(copy, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def cytoscape_elements(graph: nx.MultiDiGraph) -> dict:
    """The Cytoscape.js / Cytoscape desktop JSON: ``elements.nodes`` and ``elements.edges`` with ``data``."""
    data = nx.cytoscape_data(graph, name="label")
    for edge in data["elements"]["edges"]:
        edge["data"]["id"] = str(edge["data"]["key"])
    for node in data["elements"]["nodes"]:
        node["data"]["colour"] = colour(node["data"].get("type", ""))
    return data


def to_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    return json.dumps(cytoscape_elements(graph), ensure_ascii=False, indent=1).encode("utf-8")


def _quote(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _attrs(data: dict) -> str:
    return ", ".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted(data.items()) if v not in (None, ""))


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT: quoted IRIs as node ids, every attribute kept, filled nodes coloured by type."""
    lines = ["digraph budgetkg {", '  node [shape=box, style="rounded,filled", fontname="sans-serif"];']
    for node, data in graph.nodes(data=True):
        shown = {**data, "fillcolor": colour(data.get("type", ""))}
        lines.append(f"  {_quote(node)} [{_attrs(shown)}];")
    for source, target, key, data in graph.edges(keys=True, data=True):
        lines.append(f"  {_quote(source)} -> {_quote(target)} [{_attrs({**data, 'key': key})}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
