"""Turn what the engines return (fast-path rows, pyshacl result graphs) into typed :class:`Finding` objects."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef

from budgetkg.shapes.catalog import SEVERITY_NAMES, SH, ShapesCatalog
from budgetkg.shapes.corepath import CoreRow
from budgetkg.shapes.fastpath import Row
from budgetkg.shapes.kinds import Severity
from budgetkg.shapes.provenance import cells
from budgetkg.shapes.report import Finding
from budgetkg.store import KnowledgeStore
from budgetkg.store import terms as rdf

TEMPLATE_VAR = re.compile(r"\{[?$](\w+)\}")
PRINTED_VARS = {"printed", "expectedPrinted", "differencePrinted"}
STANDARD_VARS = {"this", "value", "expected", "difference", "tolerance", "parts", "reportUnit"}


def _decimal(term: rdf.Term | None) -> Decimal | None:
    if term is None:
        return None
    try:
        return Decimal(term.value if isinstance(term, rdf.Literal) else str(term))
    except (InvalidOperation, ValueError):
        return None


def _text(name: str, term: rdf.Term | str) -> str:
    value = term.value if isinstance(term, (rdf.Literal, rdf.NamedNode, rdf.BlankNode)) else str(term)
    if name in PRINTED_VARS:
        try:
            return format(Decimal(value).quantize(Decimal("0.01")), "f")
        except InvalidOperation:
            return value
    return value


def fill(template: str, bindings: dict[str, rdf.Term]) -> str:
    """A shape's message with ``{?var}`` replaced by the bound value (as pyshacl does)."""
    return TEMPLATE_VAR.sub(
        lambda m: _text(m.group(1), bindings[m.group(1)]) if m.group(1) in bindings else m.group(0), template
    )


def from_rows(store: KnowledgeStore, rows: list[Row]) -> list[Finding]:
    """Findings of fast-path rows, with the provenance of the focus cell and of every part."""
    part_lists = {id(r): r.bindings["parts"].value.split() if "parts" in r.bindings else [] for r in rows}
    wanted = {r.focus for r in rows} | {p for parts in part_lists.values() for p in parts}
    refs = cells(store, wanted)
    findings = []
    for r in rows:
        b = r.bindings
        value = b.get("value", rdf.iri(r.focus))
        unit = b["reportUnit"].value if "reportUnit" in b else None
        cell = refs.get(r.focus)
        findings.append(
            Finding(
                rule=r.shape.name,
                shape=str(r.shape.iri),
                concern=r.shape.concern,
                severity=r.shape.severity,
                focus=r.focus,
                document=cell.document if cell else None,
                message_zh=fill(r.shape.message_zh, b),
                message_en=fill(r.shape.message_en, b),
                value=value.value,
                expected=_decimal(b.get("expected")),
                difference=_decimal(b.get("difference")),
                tolerance=_decimal(b.get("tolerance")),
                unit=unit,
                cell=cell,
                parts=tuple(sorted((refs[p] for p in part_lists[id(r)]), key=lambda c: (c.row or 0, c.iri))),
                extra=tuple(sorted((k, v.value) for k, v in b.items() if k not in STANDARD_VARS)),
            )
        )
    return findings


def from_core_rows(store: KnowledgeStore, rows: list[CoreRow]) -> list[Finding]:
    """Findings of the core-SHACL fast path, with the node shape's messages."""
    refs = cells(store, {r.focus for r in rows})
    return [
        Finding(
            rule=r.shape.name,
            shape=str(r.shape.iri),
            concern=r.shape.concern,
            severity=r.severity,
            focus=r.focus,
            document=refs[r.focus].document,
            message_zh=r.shape.message_zh,
            message_en=r.shape.message_en,
            value=r.value,
            cell=refs[r.focus],
        )
        for r in rows
    ]


def from_pyshacl(results: Graph, catalog: ShapesCatalog, document: str | None) -> list[Finding]:
    """Findings of a pyshacl results graph (no expected values: pyshacl keeps only the message)."""
    findings = []
    for r in results.subjects(SH.resultSeverity, None):
        shape_iri = results.value(r, SH.sourceShape)
        shape = catalog.shapes.get(shape_iri) or catalog.shapes.get(_node_shape_of(catalog, shape_iri))
        if shape is None:
            continue
        messages = {m.language: str(m) for m in results.objects(r, SH.resultMessage) if isinstance(m, Literal)}
        value = results.value(r, SH.value)
        findings.append(
            Finding(
                rule=shape.name,
                shape=str(shape.iri),
                concern=shape.concern,
                severity=SEVERITY_NAMES.get(results.value(r, SH.resultSeverity), Severity.VIOLATION),
                focus=str(results.value(r, SH.focusNode)),
                document=document,
                message_zh=messages.get("zh", ""),
                message_en=messages.get("en", messages.get(None, "")),
                value=None if value is None else str(value),
            )
        )
    return findings


def _node_shape_of(catalog: ShapesCatalog, property_shape) -> URIRef | None:
    """The node shape a property shape (a blank node under sh:property) belongs to."""
    return catalog.graph.value(None, SH.property, property_shape)
