"""Split a table into header and data rows and flatten a multi-row header into one label per column."""

from __future__ import annotations

import re

from budgetkg.ingest.model import SourceRow, SourceTable
from budgetkg.ingest.normalise import is_code, normalise_label, parse_amount

PHASE_WORDS = {
    "预算数": "预算数",
    "执行数": "执行数",
    "决算数": "决算数",
    "年初预算数": "预算数",
    "调整预算数": "预算数",
    "全年预算数": "预算数",
}
_PHASE = re.compile(r"(?:(\d{4})\s*年(?:度)?)?\s*(年初预算数|调整预算数|全年预算数|预算数|执行数|决算数)")

# Heading spellings that mean the same measure.
MEASURE_SYNONYMS: dict[str, str] = {
    "小计": "小计",
    "总计": "合计",
    "金额": "合计",
    "人员支出": "人员经费",
    "公用支出": "公用经费",
    "日常公用经费": "公用经费",
    "三公经费合计": "合计",
    "公务用车购置及运行维护费": "公务用车购置及运行费",
    "购置费": "公务用车购置费",
    "运行费": "公务用车运行维护费",
    "运行维护费": "公务用车运行维护费",
    "公务用车运行费": "公务用车运行维护费",
    "因公出国（境）费用": "因公出国（境）费",
    "本年支出合计": "合计",
}


def canonical_measure(label: str) -> str:
    """Normalised measure label ("“三公”经费合计" -> "合计", "运行费" -> "公务用车运行维护费")."""
    t = normalise_label(label)
    t = re.sub(r"^本年", "", t) if t not in {"本年收入", "本年支出"} else t
    return MEASURE_SYNONYMS.get(t, t)


def phase_of(label: str) -> tuple[str, int | None] | None:
    """(phase, year) when a heading names a phase ("2024年执行数" -> ("执行数", 2024))."""
    m = _PHASE.search(normalise_label(label))
    if not m:
        return None
    return PHASE_WORDS[m.group(2)], int(m.group(1)) if m.group(1) else None


def is_data_row(row: SourceRow) -> bool:
    """A coded row, a row with an amount after its label, or a row of amounts alone (no label column)."""
    cells = row.cells
    if not cells:
        return False
    if cells and is_code(cells[0]):
        return True
    if parse_amount(cells[0]) is not None and all(parse_amount(c) is not None for c in cells if c):
        return True
    return any(parse_amount(c) is not None for c in cells[1:])


def split_header(table: SourceTable) -> tuple[list[SourceRow], list[SourceRow]]:
    """Header rows are those before the first data row."""
    for i, row in enumerate(table.rows):
        if is_data_row(row):
            return table.rows[:i], table.rows[i:]
    return table.rows, []


def header_stacks(header: list[SourceRow], width: int) -> list[list[str]]:
    """For each column, its headings from top to bottom.

    A heading spans to the right over empty cells of its row while the row below has headings there.
    """
    grid = [[normalise_label(c) for c in (r.cells + [""] * width)[:width]] for r in header]
    filled: list[list[str]] = []
    for depth, row in enumerate(grid):
        out = list(row)
        for j in range(1, width):
            below = grid[depth + 1][j] if depth + 1 < len(grid) else ""
            if not out[j] and below and out[j - 1]:
                out[j] = out[j - 1]
        filled.append(out)
    return [[filled[d][j] for d in range(len(filled)) if filled[d][j]] for j in range(width)]


def flatten_header(header: list[SourceRow], width: int) -> list[str]:
    """One label per column: the deepest heading, or its parent when the deepest says 小计."""
    labels = []
    for stack in header_stacks(header, width):
        if not stack:
            labels.append("")
            continue
        deepest = stack[-1]
        if canonical_measure(deepest) == "小计" and len(stack) > 1:
            deepest = stack[-2]
        labels.append(deepest)
    return labels
