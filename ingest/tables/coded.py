"""Tables whose rows are classification codes (支出总表, 一般公共预算支出表, 基本支出表, 基金表 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.ingest.enums import Scheme
from budgetkg.ingest.model import Context, Extraction, Observation, SourceRef, SourceRow, SourceTable
from budgetkg.ingest.normalise import (
    is_code,
    is_total_label,
    normalise_label,
    parse_amount,
    phase_of,
    printed_decimals,
    squash,
    strip_phase,
    to_yuan,
)
from budgetkg.ingest.tables.headers import canonical_measure, flatten_header, split_header

_CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\S.*)$")
_SPLIT_CODE_LABELS = ("类", "款", "项")
_MEASURE_TOTALS = {"人员经费", "公用经费"}
_ROW_LABEL_WORDS = ("编码", "代码", "名称", "科目")


def scheme_of(code: str) -> Scheme:
    """支出功能分类 codes start with 2, 经济分类 codes with 3 (部门) or 5 (政府), 收入分类 with 1."""
    if code.startswith("1"):
        return Scheme.INCOME
    return Scheme.FUNCTION if code.startswith("2") else Scheme.ECONOMIC


@dataclass
class Layout:
    code_cols: list[int]
    name_col: int | None
    value_cols: list[tuple[int, str]]  # (column, heading)


def _labels_rows(heading: str) -> bool:
    """True for headings of the columns that name a row (科目编码, 科目名称, 项目, 类/款/项)."""
    return any(w in heading for w in _ROW_LABEL_WORDS) or heading == "项目" or heading in _SPLIT_CODE_LABELS


def _layout(labels: list[str], data: list[SourceRow]) -> Layout:
    if (
        labels
        and not any(_labels_rows(lab) for lab in labels)
        and all(parse_amount(c) is not None or not c for r in data for c in r.cells)
    ):
        return Layout([], None, list(enumerate(labels)))  # one row of totals under measure headings
    split = [j for j, lab in enumerate(labels) if lab in _SPLIT_CODE_LABELS]
    if len(split) >= 2:
        code_cols = split
    else:
        code_cols = [j for j, lab in enumerate(labels) if "编码" in lab or "代码" in lab][:1] or [0]
    names = [j for j, lab in enumerate(labels) if "名称" in lab and j not in code_cols]
    name_col = names[0] if names else (max(code_cols) + 1 if max(code_cols) + 1 < len(labels) else None)
    skip = set(code_cols) | ({name_col} if name_col is not None else set())
    value_cols = [(j, lab) for j, lab in enumerate(labels) if j not in skip]
    return Layout(code_cols, name_col, value_cols)


def _code_and_name(row: SourceRow, layout: Layout) -> tuple[str | None, str]:
    if not layout.code_cols:
        return None, "合计"
    cells = row.cells + [""] * 8
    name = cells[layout.name_col] if layout.name_col is not None else ""
    if len(layout.code_cols) > 1:
        digits = "".join(squash(cells[j]) for j in layout.code_cols)
        return (digits if is_code(digits) else None), name
    first = squash(cells[layout.code_cols[0]])
    if is_code(first):
        return first, name
    m = _CODE_AND_NAME.match(cells[layout.code_cols[0]].strip())
    if m and not name:
        return m.group(1), m.group(2)
    return None, name or cells[layout.code_cols[0]]


def measure_and_phase(heading: str, ctx: Context) -> tuple[str, str, int]:
    """A value column's measure, phase and year; a heading that only names a phase measures 合计."""
    phase, year = ctx.phase, ctx.fiscal_year
    found = phase_of(heading)
    if found:
        phase = found[0]
        year = found[1] or year
        rest = strip_phase(heading)
        return (canonical_measure(rest) if rest else "合计"), phase, year
    return (canonical_measure(heading) if heading else "合计"), phase, year


def _measure_total(label: str) -> str | None:
    """'人员经费合计' -> '人员经费合计': the total of one measure (a side-by-side table's last row), not 合计."""
    text = normalise_label(label)
    prefix = re.sub(r"(合计|总计)$", "", text)
    if prefix != text and canonical_measure(prefix) in _MEASURE_TOTALS:
        return canonical_measure(prefix) + "合计"
    return None


def extract_coded_table(table: SourceTable, ctx: Context, out: Extraction) -> int:
    """Add an observation for every amount in a coded table; return how many were added."""
    header, data = split_header(table)
    width = max((len(r.cells) for r in table.rows), default=0)
    labels = flatten_header(header, width)
    layout = _layout(labels, data)
    added = 0
    previous: tuple[str, str] | None = None
    for index, row in enumerate(data, start=1):
        code, name = _code_and_name(row, layout)
        values = [(j, h, parse_amount(row.cells[j] if j < len(row.cells) else "")) for j, h in layout.value_cols]
        has_values = any(v is not None for _, _, v in values)
        if code is None and not has_values:
            if previous and name and not is_total_label(name):  # a name wrapped onto the next line
                key = previous
                out.codes[key] = out.codes.get(key, "") + normalise_label(name)
            continue
        item = None
        if code is not None:
            key = (scheme_of(code), code)
            if name and key not in out.codes:
                out.codes[key] = normalise_label(name)
            previous = key
        else:
            first_cells = " ".join(row.cells[:3])
            item = "合计" if is_total_label(first_cells) or is_total_label(name) else normalise_label(name)
            item = _measure_total(name or first_cells) or item
            if not item:
                out.warn("row with amounts but no code or name", line=row.line, page=row.page, table=ctx.table_number)
                continue
        for j, heading, amount in values:
            if amount is None:
                continue
            measure, phase, year = measure_and_phase(heading, ctx)
            source = SourceRef(
                line=row.line,
                page=row.page,
                row=index,
                text=row.raw,
                bbox=row.bboxes[j] if row.bboxes and j < len(row.bboxes) else None,
            )
            out.observations.append(
                Observation(
                    table=ctx.table_number,
                    measure=measure,
                    phase=phase,
                    fiscal_year=year,
                    amount=to_yuan(amount, ctx.unit),
                    decimals=printed_decimals(amount),
                    code=code,
                    scheme=scheme_of(code) if code else None,
                    item=item,
                    source=source,
                )
            )
            added += 1
    return added
