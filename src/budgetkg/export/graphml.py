"""GraphML written element by element to a binary stream, so a projection of a whole corpus is never held
twice in memory (as a document tree and as bytes) on its way to the file.

Every attribute is declared once per domain (node or edge) with its GraphML type; a name used by both
domains gets two keys with distinct ids (``n.label``, ``e.label``), as GraphML requires unique key ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

GRAPHML_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
# GraphML's attr.type per Python type; bool before int, as bool is an int.
_TYPES: tuple[tuple[type, str], ...] = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))
_PREFIX = {"node": "n", "edge": "e"}
# characters XML 1.0 does not allow, even escaped (C0 controls but tab, newline and return; lone surrogates;
# U+FFFE and U+FFFF): shown as U+FFFD, so that a stray one in a label never makes the whole file unreadable
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 does not allow replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _graphml_type(value: object) -> str:
    for python_type, name in _TYPES:
        if isinstance(value, python_type):
            return name
    return "string"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(xml_safe(str(value)))


def _attribute(value: object) -> str:
    return quoteattr(xml_safe(str(value)))


def _declare(records: Iterable[dict]) -> dict[str, str]:
    """Attribute name → GraphML type over ``records``; a name seen with two types is a string."""
    types: dict[str, str] = {}
    for data in records:
        for name, value in data.items():
            if value is None:
                continue
            kind = _graphml_type(value)
            types[name] = kind if types.get(name, kind) == kind else "string"
    return types


def _data(domain: str, data: dict) -> str:
    prefix = _PREFIX[domain]
    return "".join(
        f"<data key={_attribute(f'{prefix}.{name}')}>{_text(value)}</data>"
        for name, value in sorted(data.items())
        if value is not None
    )


def write_graphml(graph: nx.MultiDiGraph, stream: BinaryIO) -> None:
    """Write ``graph`` (directed, with keyed edges) as GraphML to ``stream``, one line per node and edge."""
    declared = {
        "node": _declare((data for _, data in graph.nodes(data=True))),
        "edge": _declare((data for _, _, data in graph.edges(data=True))),
    }
    head = [GRAPHML_HEADER]
    for domain, types in declared.items():
        for name, kind in sorted(types.items()):
            key_id = _attribute(f"{_PREFIX[domain]}.{name}")
            head.append(f'  <key id={key_id} for="{domain}" attr.name={_attribute(name)} attr.type="{kind}" />\n')
    head.append('  <graph edgedefault="directed">\n')
    stream.write("".join(head).encode("utf-8"))
    for node, data in graph.nodes(data=True):
        stream.write(f"    <node id={_attribute(node)}>{_data('node', data)}</node>\n".encode())
    for source, target, key, data in graph.edges(keys=True, data=True):
        ends = f"source={_attribute(source)} target={_attribute(target)} id={_attribute(key)}"
        stream.write(f"    <edge {ends}>{_data('edge', data)}</edge>\n".encode())
    stream.write(b"  </graph>\n</graphml>\n")
