"""Validation reports as text (grouped by document and table), stable JSON, or a Turtle sh:ValidationReport."""

from __future__ import annotations

import json
from itertools import groupby

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from budgetkg.shapes.catalog import BGTS, SH
from budgetkg.shapes.report import CellRef, Finding, Outcome, ValidationReport, in_unit

JSON_SCHEMA_VERSION = 1
FORMATS = ("text", "json", "turtle")


def _num(value) -> str:
    return "" if value is None else format(value, "f")


def _cell_line(c: CellRef) -> str:
    bits = [c.label or "", c.measure or "", f"{c.year or ''}{c.phase or ''}"]
    amount = "" if c.amount is None else f" {_num(in_unit(c.amount, c.unit))}"
    return f"{' '.join(b for b in bits if b)}{amount} ({c.where})"


def to_text(report: ValidationReport, lang: str = "zh") -> str:
    """Findings grouped by document and table, printed and expected numbers side by side."""
    counts = report.counts()
    lines = [
        f"{len(report.documents)} document(s), {report.shapes} shapes, engine {report.engine}, "
        f"{report.seconds:.2f} s: {counts['Violation']} violation(s), {counts['Warning']} warning(s), "
        f"{counts['Info']} info",
        "conforms" if report.conforms else "does not conform",
    ]
    lines.extend(_ledger_text(report))
    ordered = report.sorted()
    for document, in_doc in groupby(ordered, key=lambda f: f.document or "(store)"):
        lines.append(f"\n== {document}")
        for table, in_table in groupby(in_doc, key=lambda f: f.table):
            findings = list(in_table)
            title = findings[0].cell.table_label if findings[0].cell else None
            lines.append(f"-- 表{table} {title or ''}".rstrip() if table else "-- (no table)")
            lines.extend(_finding_text(f, lang) for f in findings)
    return "\n".join(lines) + "\n"


def _ledger_text(report: ValidationReport) -> list[str]:
    """Per document: how many rules passed, failed, did not apply or read a flagged table, and which."""
    if not report.rules:
        return []
    lines = ["\nrules per document (passed / failed / not applicable / incomplete):"]
    for document in sorted({r.document for r in report.rules}):
        c = report.outcome_counts(document)
        lines.append(
            f"  {document}: {c[Outcome.PASSED]} passed, {c[Outcome.FAILED]} failed, "
            f"{c[Outcome.NOT_APPLICABLE]} not applicable, {c[Outcome.INCOMPLETE]} incomplete"
        )
        for outcome in (Outcome.FAILED, Outcome.INCOMPLETE):
            names = [r.rule for r in report.ledger(document) if r.outcome is outcome]
            if names:
                lines.append(f"    {outcome}: {', '.join(names)}")
    return lines


def _finding_text(f: Finding, lang: str) -> str:
    where = f.cell.where if f.cell else "?"
    label = " ".join(x for x in ((f.cell.label, f.cell.measure, f.cell.year) if f.cell else ()) if x)
    head = f"  [{f.severity}] {f.rule} {label} ({where})".rstrip()
    nums = ""
    if f.expected is not None:
        nums = (
            f"\n      printed {_num(f.printed)}  expected {_num(f.expected_printed)}  "
            f"difference {_num(f.difference_printed)} {f.unit or ''}"
        ).rstrip()
    message = f.message_zh if lang == "zh" else f.message_en
    parts = "".join(f"\n      part: {_cell_line(p)}" for p in f.parts)
    return f"{head}{nums}\n      {message}{parts}"


def finding_json(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "shape": f.shape,
        "concern": f.concern,
        "severity": f.severity,
        "document": f.document,
        "focus": f.focus,
        "table": f.table,
        "message": {"zh": f.message_zh, "en": f.message_en},
        "value": f.value,
        "unit": f.unit,
        "printed": _num(f.printed) or None,
        "expected": _num(f.expected_printed) or None,
        "difference": _num(f.difference_printed) or None,
        "value_yuan": _num(f.value_decimal) or None,
        "expected_yuan": _num(f.expected) or None,
        "difference_yuan": _num(f.difference) or None,
        "tolerance_yuan": _num(f.tolerance) or None,
        "cell": f.cell.to_json() if f.cell else None,
        "parts": [p.to_json() for p in f.parts],
        "extra": dict(f.extra),
    }


def to_json(report: ValidationReport) -> str:
    """The stable JSON form documented in docs/validation-report.md."""
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "conforms": report.conforms,
        "engine": report.engine,
        "seconds": round(report.seconds, 3),
        "shapes": report.shapes,
        "documents": report.documents,
        "counts": report.counts(),
        "findings": [finding_json(f) for f in report.sorted()],
        "rules": [r.to_json() for r in report.ledger()],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def to_graph(report: ValidationReport) -> Graph:
    """The sh:ValidationReport, each result with extra bgts: properties for the numbers and provenance."""
    g = Graph()
    g.bind("sh", SH)
    g.bind("bgts", BGTS)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(report.conforms)))
    for f in report.sorted():
        r = BNode()
        g.add((root, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, URIRef(f.focus)))
        g.add((r, SH.sourceShape, URIRef(f.shape)))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add(
            (
                r,
                SH.sourceConstraintComponent,
                SH.SPARQLConstraintComponent if f.concern != "structure" else SH.PropertyConstraintComponent,
            )
        )
        g.add((r, SH.resultMessage, Literal(f.message_zh, lang="zh")))
        g.add((r, SH.resultMessage, Literal(f.message_en, lang="en")))
        if f.value is not None:
            g.add(
                (
                    r,
                    SH.value,
                    Literal(f.value, datatype=XSD.decimal)
                    if f.value_decimal is not None
                    else URIRef(f.value)
                    if ":" in f.value
                    else Literal(f.value),
                )
            )
        for prop, number in (
            (BGTS.expectedValue, f.expected),
            (BGTS.difference, f.difference),
            (BGTS.tolerance, f.tolerance),
        ):
            if number is not None:
                g.add((r, prop, Literal(format(number, "f"), datatype=XSD.decimal)))
        if f.unit:
            g.add((r, BGTS.reportingUnit, Literal(f.unit)))
        for cell in ((f.cell,) if f.cell else ()) + f.parts:
            prov = BNode()
            g.add((r, BGTS.involves if cell is not f.cell else BGTS.focusCell, prov))
            g.add((prov, BGTS.node, URIRef(cell.iri)))
            if cell.line is not None:
                g.add((prov, BGTS.line, Literal(cell.line)))
            if cell.page is not None:
                g.add((prov, BGTS.page, Literal(cell.page)))
            if cell.table:
                g.add((prov, BGTS.tableNumber, Literal(cell.table)))
    return g


def to_turtle(report: ValidationReport) -> str:
    return to_graph(report).serialize(format="turtle")


def render(report: ValidationReport, fmt: str, lang: str = "zh") -> str:
    if fmt == "json":
        return to_json(report)
    if fmt == "turtle":
        return to_turtle(report)
    return to_text(report, lang)
