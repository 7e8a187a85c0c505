"""Titles printed inside the ruling: a merged row spanning the grid that names the table.

Spreadsheet exports often draw the title (and the 部门/单位 line) as the first, merged row(s) of the
table's grid, and pdfplumber may find two tables printed one below the other as a single grid. A row
holding one text, in a cell that spans most of the grid's width, that reads like a title (ends in 表, or
is a table number such as 公开01表; or whose lines are such and 部门/单位 lines) starts a table: its text is
the table's preamble, never a header or a data row.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetkg.ingest.normalise import squash
from budgetkg.ingest.readers.pdf.grid import _PREAMBLE, BBox, cell_text
from budgetkg.ingest.readers.preamble import is_title, table_number

_SPAN = 0.6  # share of the grid's width a merged title cell covers at least


@dataclass
class Segment:
    """Consecutive rows of one pdfplumber table that form one printed table, with its title lines."""

    texts: list[list[str | None]]
    cells: list[list[BBox | None]]
    row_boxes: list[BBox]
    bbox: BBox
    titles: list[str]


def _title_lines(row: list[str | None], boxes: list[BBox | None], width: float) -> list[str]:
    """The lines of a merged title cell (title, number, 部门/单位 lines), or [] when the row is not one."""
    filled = [(t, b) for t, b in zip(row, boxes) if cell_text(t)]
    if len(filled) != 1 or filled[0][1] is None or filled[0][1][2] - filled[0][1][0] < _SPAN * width:
        return []
    lines = [line.strip() for line in (filled[0][0] or "").split("\n") if line.strip()]
    named = [line for line in lines if is_title(line) or table_number(line)]
    if named and all(line in named or _PREAMBLE.search(squash(line)) for line in lines):
        return lines  # 公开03表 / 支出预算总表 / 部门：… 单位：万元, one line each
    text = cell_text(filled[0][0])
    return [text] if is_title(text) or table_number(text) else []  # a title wrapped inside its cell


def split_at_titles(
    texts: list[list[str | None]], cells: list[list[BBox | None]], row_boxes: list[BBox], bbox: BBox
) -> list[Segment]:
    """The table's rows cut before each run of title rows; a segment's title rows become its ``titles``."""
    width = bbox[2] - bbox[0]
    if not any(sum(1 for t in row if cell_text(t)) > 1 for row in texts):  # a framed box of text, not a table
        return [Segment(texts, cells, row_boxes, bbox, [])]
    segments: list[Segment] = []
    i = 0
    while i < len(texts):
        titles: list[str] = []
        while i < len(texts) - 1 and (lines := _title_lines(texts[i], cells[i], width)):
            titles += lines  # the last row is a note or a total, never a title
            i += 1
        start = i
        i += 1
        while i < len(texts) and (i == len(texts) - 1 or not _title_lines(texts[i], cells[i], width)):
            i += 1
        segments.append(Segment(texts[start:i], cells[start:i], row_boxes[start:i], bbox, titles))
    if len(segments) > 1:
        for seg in segments:
            seg.bbox = _extent(seg, bbox)
    return segments


def _extent(seg: Segment, bbox: BBox) -> BBox:
    """The box of a segment's own cells (two tables found as one grid need not be equally wide)."""
    boxes = [b for row in seg.cells for b in row if b is not None]
    if not boxes:
        return bbox
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
