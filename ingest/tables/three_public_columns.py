"""Read a 三公 table column by column when each column's headings are known (ruled PDF tables).

A reader that keeps merged header cells over every column they span (the PDF reader does) gives each
amount column its full stack of headings: ``["“三公”经费", "公务用车购置及运行费", "小计"]`` or
``["合计", "决算数"]``. The column's item is the deepest heading that names one (小计 takes its parent's),
its phase the heading that names one. This reads 决算 tables whose 预算数/决算数 alternate under every
item, and tables with 会议费/培训费 beside the 三公 items, which the sequence rule cannot.
"""

from __future__ import annotations

from budgetkg.ingest.model import Context, Extraction, Observation, SourceRef, SourceTable
from budgetkg.ingest.normalise import is_total_label, parse_amount, phase_of, printed_decimals, strip_phase, to_yuan
from budgetkg.ingest.tables.headers import canonical_measure, split_header
from budgetkg.ingest.tables.units import register_unit, split_coded_name

THREE_PUBLIC_GROUP = "三公经费"
GROUP_SUBTOTAL = "三公经费小计"
_ITEMS = {
    "合计",
    "因公出国（境）费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务接待费",
    "机关运行经费",
    "会议费",
    "培训费",
}


def _word(heading: str) -> str:
    text = strip_phase(heading)
    return canonical_measure(text) if text else ""


def _measure(stack: list[str]) -> str | None:
    words = [_word(h) for h in stack]
    for depth in range(len(words) - 1, -1, -1):
        word = words[depth]
        if word in _ITEMS:
            return word
        if word == "小计":
            parent = next((w for w in reversed(words[:depth]) if w in _ITEMS or w == THREE_PUBLIC_GROUP), None)
            if parent == THREE_PUBLIC_GROUP:
                return GROUP_SUBTOTAL
            return parent
    if words and words[-1] == THREE_PUBLIC_GROUP and len(stack) == 1:
        return "合计"
    return None


def column_layout(table: SourceTable, ctx: Context) -> tuple[bool, list[tuple[str, str, int]]] | None:
    """(has an org column, [(measure, phase, year)] per amount column), or None when a column is unclear."""
    header, data = split_header(table)
    if not header or not data:
        return None
    width = max(len(r.cells) for r in table.rows)
    has_org = any(r.cells and parse_amount(r.cells[0]) is None for r in data)
    grid = [[c for c in (r.cells + [""] * width)[:width]] for r in header]
    stacks = [[row[j] for row in grid if row[j]] for j in range(width)][1 if has_org else 0 :]
    layout: list[tuple[str, str, int]] = []
    for stack in stacks:
        measure = _measure(stack)
        if measure is None:
            return None
        phase, year = ctx.phase, ctx.fiscal_year
        for heading in stack:
            if found := phase_of(heading):
                phase, year = found[0], found[1] or ctx.fiscal_year
        layout.append((measure, phase, year))
    if len(set(layout)) != len(layout):
        return None
    return has_org, layout


def extract_by_columns(table: SourceTable, ctx: Context, out: Extraction) -> int | None:
    """Observations for every amount when :func:`column_layout` understands every column, else None."""
    found = column_layout(table, ctx)
    if found is None:
        return None
    has_org, layout = found
    _, data = split_header(table)
    added = 0
    for index, row in enumerate(data, start=1):
        offset = 1 if has_org else 0
        org = None
        source = SourceRef(line=row.line, page=row.page, row=index, text=row.raw)
        if has_org:
            if not row.cells or not row.cells[0]:
                continue
            if not is_total_label(row.cells[0]):
                code, name = split_coded_name(row.cells[0])
                org = register_unit(out, name, code=code, source=source)
        for k, (measure, phase, year) in enumerate(layout):
            j = k + offset
            amount = parse_amount(row.cells[j]) if j < len(row.cells) else None
            if amount is None:
                continue
            bbox = row.bboxes[j] if row.bboxes and j < len(row.bboxes) else None
            out.observations.append(
                Observation(
                    table=ctx.table_number,
                    measure=measure,
                    phase=phase,
                    fiscal_year=year,
                    amount=to_yuan(amount, ctx.unit),
                    decimals=printed_decimals(amount),
                    org=org,
                    item=None if org else "合计",
                    source=SourceRef(line=row.line, page=row.page, row=index, text=row.raw, bbox=bbox),
                )
            )
            added += 1
    return added
