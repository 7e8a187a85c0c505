"""Split a table into header and data rows and flatten a multi-row header into one label per column."""

from __future__ import annotations

import re

from budgetkg.ingest.model import SourceRow, SourceTable
from budgetkg.ingest.normalise import is_data_row, normalise_label

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


def split_header(table: SourceTable) -> tuple[list[SourceRow], list[SourceRow]]:
    """Header rows are those before the first data row."""
    for i, row in enumerate(table.rows):
        if is_data_row(row.cells):
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
    """One label per column: the deepest heading, or its parent when the deepest says 小计 or 金额.

    Under a group heading (事业收入 / 金额 | 其中：教育收费) "金额" is the group's own amount, not the table's 合计.
    """
    labels = []
    for stack in header_stacks(header, width):
        if not stack:
            labels.append("")
            continue
        deepest = stack[-1]
        if (canonical_measure(deepest) == "小计" or normalise_label(deepest) == "金额") and len(stack) > 1:
            deepest = stack[-2]
        labels.append(deepest)
    return labels
