"""Tables printed as two halves side by side (经济分类 | 决算数 | 经济分类 | 决算数) become one table."""

from __future__ import annotations

from budgetkg.ingest.model import SourceRow, SourceTable
from budgetkg.ingest.normalise import squash


def _halves(row: SourceRow, half: int) -> tuple[SourceRow, SourceRow]:
    cells = row.cells + [""] * (2 * half - len(row.cells))
    boxes = (row.bboxes or []) + [None] * (2 * half - len(row.bboxes or []))
    left = SourceRow(
        cells=cells[:half],
        line=row.line,
        page=row.page,
        raw=" | ".join(c for c in cells[:half] if c),
        bboxes=boxes[:half],
    )
    right = SourceRow(
        cells=cells[half:],
        line=row.line,
        page=row.page,
        raw=" | ".join(c for c in cells[half:] if c),
        bboxes=boxes[half:],
    )
    return left, right


def is_side_by_side(header: list[SourceRow]) -> bool:
    """True when every header row reads the same in its left and its right half."""
    if not header:
        return False
    width = max(len(r.cells) for r in header)
    if width < 4 or width % 2:
        return False
    half = width // 2
    for row in header:
        cells = [squash(c) for c in row.cells + [""] * (width - len(row.cells))]
        if cells[:half] != cells[half:]:
            return False
    return any(any(r.cells[:half]) for r in header)


def split_side_by_side(table: SourceTable, header_rows: int) -> SourceTable:
    """The left halves of the data rows, then the right halves, under one copy of the header."""
    header = table.rows[:header_rows]
    if not is_side_by_side(header):
        return table
    half = max(len(r.cells) for r in header) // 2
    pairs = [_halves(r, half) for r in table.rows[header_rows:]]
    rows = [_halves(r, half)[0] for r in header]
    rows += [left for left, _ in pairs if any(left.cells)]
    rows += [right for _, right in pairs if any(right.cells)]
    table.rows = rows
    return table
