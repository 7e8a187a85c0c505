"""``docs/rules.md``, generated from the shapes' own annotations, so the reference cannot drift from the rules.

``python -m budgetkg.shapes.rulesdoc > docs/rules.md`` writes it; ``tests/test_rules_doc.py`` checks the committed
file equals what this prints. Each rule's text (``bgts:checks``, ``bgts:why``, ``bgts:fix``, ``bgts:example``,
zh and en) sits in the annotation block at the end of its shapes file; the bands of one rule (``-Rounding``,
``-Margin``, ``-Mismatch``) are one section, annotated once on the query they share.
"""

from __future__ import annotations

import sys
from itertools import groupby

from rdflib import Literal, URIRef

from budgetkg.shapes.catalog import BGTS, ShapeInfo, ShapesCatalog, documented, load_catalog

FIELDS = (
    (BGTS.checks, "What it checks", "检查内容"),
    (BGTS.why, "Why it matters", "为何重要"),
    (BGTS.fix, "How a discloser fixes it", "如何更正"),
    (BGTS.example, "Example", "示例"),
)
CONCERNS = ("structure", "arithmetic", "crosstable", "narrative", "disclosure", "indicators", "citations")
BANDS = ("-Rounding", "-Margin", "-Mismatch")


class MissingAnnotation(ValueError):
    """A shape without the annotations docs/rules.md is made of."""


def family(name: str) -> str:
    """The rule a shape belongs to: ``ParentEqualsSumOfChildren`` for both of its bands."""
    for band in BANDS:
        if name.endswith(band):
            return name[: -len(band)]
    return name


def _text(catalog: ShapesCatalog, shape: ShapeInfo, prop: URIRef, lang: str) -> str:
    node = documented(catalog.graph, shape.iri, prop)
    for o in catalog.graph.objects(node, prop):
        if isinstance(o, Literal) and o.language == lang:
            return " ".join(str(o).split())
    raise MissingAnnotation(
        f"{shape.name} has no {prop.rsplit('#', 1)[-1]}@{lang}: add it to the block at the end of "
        f"shapes/{shape.concern}.shapes.ttl"
    )


def _reads(shape: ShapeInfo) -> str:
    parts = []
    if shape.target_classes or shape.target_objects_of:
        names = [str(t).rsplit("#", 1)[-1] for t in shape.target_classes + shape.target_objects_of]
        parts.append("focus: " + ", ".join(f"`{n}`" for n in names))
    if shape.reads_all:
        parts.append("tables: " + " and ".join(f"`{k}`" for k in shape.reads_all))
    if shape.reads_any:
        parts.append("tables: any of " + ", ".join(f"`{k}`" for k in shape.reads_any))
    if shape.applicable_when:
        parts.append(f"not applicable when {shape.applicability_note or 'its applicableWhen ASK answers false'}")
    if shape.companion_when:
        parts.append(f"not applicable when {shape.companion_note or 'the other disclosure is not in the store'}")
    return "; ".join(parts)


def _section(catalog: ShapesCatalog, shapes: list[ShapeInfo]) -> list[str]:
    first = shapes[0]
    name = family(first.name)
    lines = [f"### {name}", ""]
    label_zh = first.label_zh.replace("（尾差）", "")
    label_en = first.label_en.replace(" (rounding)", "")
    lines.append(f"{label_zh} — {label_en}")
    lines.append("")
    for s in shapes:
        band = s.name[len(name) :].lstrip("-") or "—"
        lines.append(f"- `{s.name}` ({s.severity}{'' if band == '—' else ', ' + band.lower() + ' band'})")
        lines.append(f"  - zh: {s.message_zh}")
        lines.append(f"  - en: {s.message_en}")
    lines.append(f"- Reads: {_reads(first)}")
    lines.append("")
    for prop, en, zh in FIELDS:
        lines.append(f"**{en} / {zh}**")
        lines.append("")
        lines.append(f"- en: {_text(catalog, first, prop, 'en')}")
        lines.append(f"- zh: {_text(catalog, first, prop, 'zh')}")
        lines.append("")
    return lines


def markdown(catalog: ShapesCatalog | None = None) -> str:
    """The reference page ``docs/rules.md``."""
    catalog = catalog or load_catalog()
    shapes = sorted(catalog.shapes.values(), key=lambda s: (_concern_order(s.concern), family(s.name), s.name))
    lines = [
        "# Validation rules",
        "",
        "Generated from the annotations of `shapes/*.shapes.ttl` by `python -m budgetkg.shapes.rulesdoc`; do not",
        "edit by hand. Every rule appears in the ledger of `budgetkg validate --format json` (`rules`) with its",
        "outcome on each document: `passed`, `failed`, `not-applicable` (what it reads is absent) or `incomplete`",
        "(extraction flagged a table it reads; its Violations are then reported as unconfirmed Warnings). Numeric",
        "rules come in bands of one rounding model: the tolerance is the sum of the half-units of every printed",
        "figure involved (docs/validation-report.md). `-Rounding` (sh:Info) is a difference inside it, `-Margin`",
        "(sh:Warning) one within a further printed unit, `-Mismatch` (sh:Violation) a larger one.",
        "",
    ]
    for concern, in_concern in groupby(shapes, key=lambda s: s.concern):
        lines += [f"## {concern}", ""]
        for _name, in_family in groupby(in_concern, key=lambda s: family(s.name)):
            lines += _section(catalog, list(in_family))
    return "\n".join(lines).rstrip("\n") + "\n"


def _concern_order(concern: str) -> tuple[int, str]:
    return (CONCERNS.index(concern), "") if concern in CONCERNS else (len(CONCERNS), concern)


if __name__ == "__main__":
    sys.stdout.write(markdown())
