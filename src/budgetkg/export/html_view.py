"""The offline HTML view of a projection: one self-contained file rendered by the vendored Cytoscape.js."""

from __future__ import annotations

import html
import json
import re

import networkx as nx

from budgetkg.export.graph_formats import TYPE_COLOURS, cytoscape_elements
from budgetkg.resources import web_asset

# Force-directed layout up to this many nodes; larger graphs get a cheap concentric layout.
COSE_LIMIT = 1500
MARKER = re.compile(r"@@([A-Z]+)@@")


def _script_safe(text: str) -> str:
    """Text that cannot end the <script> element it is embedded in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def layout_for(graph: nx.MultiDiGraph) -> dict:
    if graph.number_of_nodes() <= COSE_LIMIT:
        return {
            "name": "cose",
            "animate": False,
            "randomize": False,
            "nodeDimensionsIncludeLabels": False,
            "padding": 20,
        }
    return {"name": "concentric", "animate": False, "padding": 20, "minNodeSpacing": 4}


def to_html(graph: nx.MultiDiGraph, title: str = "budgetkg policy network") -> bytes:
    """One HTML file holding the graph, Cytoscape.js and the view script; it loads nothing from outside."""
    payload = {"elements": cytoscape_elements(graph)["elements"], "colours": TYPE_COLOURS, "layout": layout_for(graph)}
    parts = {
        "TITLE": html.escape(title),
        "DATA": _script_safe(json.dumps(payload, ensure_ascii=False)),
        "CYTOSCAPE": _script_safe(web_asset("cytoscape.min.js")),
        "VIEW": _script_safe(web_asset("view.js")),
    }
    page = MARKER.sub(lambda m: parts[m.group(1)], web_asset("view.html"))
    return page.encode("utf-8")
