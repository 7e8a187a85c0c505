"""The fast path for the core-SHACL shapes: each property constraint compiled to one SELECT on the store.

Covers what ``structure.shapes.ttl`` uses: targets ``sh:targetClass`` and ``sh:targetObjectsOf``; property
shapes with an IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:pattern``,
``sh:in`` and ``sh:class``. Anything else raises, so a new shape cannot silently go unchecked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.catalog import SEVERITY_NAMES, SH, ShapeInfo
from budgetkg.shapes.kinds import Severity
from budgetkg.shapes.memo import IdentityMemo
from budgetkg.store import KnowledgeStore

SUPPORTED = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH.pattern,
    SH["in"],
    SH["class"],
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
}


@dataclass(frozen=True)
class CoreRow:
    """One core-constraint violation: the shape, the property constraint's severity, focus node and sh:value."""

    shape: ShapeInfo
    severity: Severity
    focus: str
    value: str | None


def _term(node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise BudgetKGError(f"cannot compile {node!r} to SPARQL", hint="use IRIs or literals in core constraints")


def _target(g: Graph, shape: ShapeInfo) -> str:
    parts = [f"?this a <{c}> ." for c in g.objects(shape.iri, SH.targetClass)]
    parts += [f"?bgtsS <{p}> ?this ." for p in g.objects(shape.iri, SH.targetObjectsOf)]
    if len(parts) != 1:
        raise BudgetKGError(
            f"shape {shape.name} needs exactly one sh:targetClass or sh:targetObjectsOf",
            where="shapes/*.shapes.ttl",
            hint="the core fast path supports one target",
        )
    return parts[0]


def queries(g: Graph, shape: ShapeInfo) -> Iterator[tuple[Severity, str]]:
    """(severity, SELECT ?this ?value) for every constraint of every property shape of ``shape``."""
    target = _target(g, shape)
    for prop in g.objects(shape.iri, SH.property):
        unknown = {p for p in g.predicates(prop) if p not in SUPPORTED}
        path = g.value(prop, SH.path)
        if unknown or not isinstance(path, URIRef):
            raise BudgetKGError(
                f"shape {shape.name} uses {sorted(map(str, unknown)) or 'a complex path'}",
                where="shapes/structure.shapes.ttl",
                hint="extend budgetkg.shapes.corepath",
            )
        severity = SEVERITY_NAMES.get(g.value(prop, SH.severity), Severity.VIOLATION)
        p = f"<{path}>"
        min_count, max_count = g.value(prop, SH.minCount), g.value(prop, SH.maxCount)
        if min_count is not None:
            yield (
                severity,
                (
                    f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {p} ?v }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(min_count)})"
                ),
            )
        if max_count is not None:
            yield (
                severity,
                (
                    f"SELECT ?this WHERE {{ {target} ?this {p} ?v }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(max_count)})"
                ),
            )
        value = f"SELECT ?this ?value WHERE {{ {target} ?this {p} ?value . FILTER("
        datatype = g.value(prop, SH.datatype)
        if datatype is not None:
            yield severity, value + f"!isLiteral(?value) || DATATYPE(?value) != <{datatype}>) }}"
        pattern = g.value(prop, SH.pattern)
        if pattern is not None:
            yield severity, value + f"isBlank(?value) || !REGEX(STR(?value), {Literal(str(pattern)).n3()})) }}"
        members = g.value(prop, SH["in"])
        if members is not None:
            listed = ", ".join(_term(m) for m in Collection(g, members))
            yield severity, value + f"?value NOT IN ({listed})) }}"
        cls = g.value(prop, SH["class"])
        if cls is not None:
            yield severity, value + f"NOT EXISTS {{ ?value a <{cls}> }}) }}"


_COMPILED: IdentityMemo[list[tuple[ShapeInfo, Severity, str]]] = IdentityMemo()


def _compiled(g: Graph, shapes: list[ShapeInfo]) -> list[tuple[ShapeInfo, Severity, str]]:
    """The queries of ``shapes`` read from the shapes graph ``g``, written once per graph and list of shapes
    (a worker validates thousands of documents with the same ones)."""
    return _COMPILED.get(
        (g, *shapes), lambda: [(shape, severity, query) for shape in shapes for severity, query in queries(g, shape)]
    )


def run(store: KnowledgeStore, g: Graph, shapes: list[ShapeInfo], graphs: list[str]) -> list[CoreRow]:
    """Violations of the core constraints of ``shapes``, like pyshacl's (focus node, sh:value), per document."""
    rows: set[CoreRow] = set()
    compiled = _compiled(g, shapes)
    for graph in graphs:
        for shape, severity, query in compiled:
            result = store.select(query, graphs=graph, predeclared=False)  # full IRIs only
            has_value = "value" in result.columns
            for s in result:
                value = s["value"] if has_value else None
                rows.add(CoreRow(shape, severity, s["this"].value, None if value is None else value.value))
    return sorted(rows, key=lambda r: (r.shape.name, r.focus, r.value or ""))
