"""Turn one pdfplumber table into a clean grid of logical columns.

Ruled tables in published PDFs are often drawn with extra line segments, so pdfplumber's grid has more
columns and rows than the table has (spacer columns, cells split by stray rules, amounts of one column
landing in two neighbouring grid columns). The logical columns are taken from the header: every edge of
a header cell that holds text is a column boundary. Header cells are placed at the column where they
start and repeated over the columns they span; data cells go to the column where they start. Rows
covered by a taller cell of the row above (a merged cell) are folded into that row, and columns and rows
left empty are dropped. A heading row further down whose cells start between the columns (the indicator
grid under the label cells of a 项目绩效目标表 form) starts columns of its own for the rows from it on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetkg.ingest.normalise import is_data_row, is_total_label, parse_amount, squash

BBox = tuple[float, float, float, float]

_PREAMBLE = re.compile(r"(部门名称|编制部门|编制单位|预算主管部门|单位名称)\s*[:：]|单位\s*[:：]")
_EDGE_TOLERANCE = 3.0
_HEADING_CELL = 12  # characters: a heading cell is short
_NEW_EDGES = 2  # heading cells starting between the columns that make a row a heading of its own columns


@dataclass
class Grid:
    """Rows of logical cells: texts, bounding boxes, and how many leading rows are header rows."""

    texts: list[list[str]]
    boxes: list[list[BBox | None]]
    header_rows: int
    columns: list[tuple[float, float]]
    preamble: list[str] = field(default_factory=list)
    preamble_lines: list[str] = field(default_factory=list)  # the same text, one printed line a line
    bbox: BBox | None = None
    edges: list[float] = field(default_factory=list)  # every ruled column edge, empty columns included


def cell_text(text: str | None) -> str:
    """A cell's text with its wrapped lines joined (CJK wraps carry no space)."""
    if not text:
        return ""
    parts = [p.strip() for p in text.split("\n")]
    out = parts[0]
    for part in parts[1:]:
        if out and part and out[-1].isascii() and part[0].isascii() and out[-1].isalnum() and part[0].isalnum():
            out += " " + part
        else:
            out += part
    return out


def _strip_preamble(texts: list[list[str]]) -> tuple[int, list[str]]:
    """Leading rows that hold the department and unit lines printed inside the ruling; their text by column."""
    start = 0
    seen = False
    for row in texts:
        filled = [c for c in row if c]
        if not filled:
            start += 1
            continue
        if any(_PREAMBLE.search(squash(c)) for c in filled):
            seen = True
            start += 1
            continue
        if seen and all(len(squash(c)) <= 2 and parse_amount(c) is None for c in filled):
            start += 1
            continue
        break
    width = max((len(r) for r in texts[:start]), default=0)
    columns = ["".join(squash(r[j]) for r in texts[:start] if j < len(r) and r[j]) for j in range(width)]
    return start, [c for c in columns if c]


def _boundaries(boxes: list[BBox]) -> list[tuple[float, float]]:
    edges = sorted({round(b[0], 1) for b in boxes} | {round(b[2], 1) for b in boxes})
    merged: list[float] = []
    for e in edges:
        if merged and e - merged[-1] <= _EDGE_TOLERANCE:
            continue
        merged.append(e)
    return list(zip(merged, merged[1:]))


def _within(box: BBox, span: BBox) -> bool:
    """True when ``box`` lies inside ``span`` horizontally (within the edge tolerance)."""
    return span[0] - _EDGE_TOLERANCE <= box[0] and box[2] <= span[2] + _EDGE_TOLERANCE


def _column_at(x: float, columns: list[tuple[float, float]]) -> int:
    for k, (x0, x1) in enumerate(columns):
        if x0 - _EDGE_TOLERANCE <= x < x1 - _EDGE_TOLERANCE / 2:
            return k
    return min(range(len(columns)), key=lambda k: min(abs(x - columns[k][0]), abs(x - columns[k][1])))


def _fits(row: list[str], boxes: list[BBox | None], anchor: list[str], columns: list[tuple[float, float]]) -> bool:
    """True when the row's texts all fall in columns the anchor row left empty (a split merged cell)."""
    for text, box in zip(row, boxes):
        if text and box is not None and anchor[_column_at(box[0] + 1, columns)]:
            return False
    return True


def _is_wrapped_tail(
    row: list[str], boxes: list[BBox | None], previous: list[str], columns: list[tuple[float, float]]
) -> bool:
    """A row holding only the last character or two of the label above it ('…传媒支' / '出')."""
    filled = [(t, b) for t, b in zip(row, boxes) if t and b is not None]
    if not filled:
        return True
    for text, box in filled:
        k = _column_at(box[0] + 1, columns)
        if len(squash(text)) > 2 or parse_amount(text) is not None or not previous[k]:
            return False
        if parse_amount(previous[k]) is not None or is_total_label(previous[k]):
            return False
    return True


def _heading_of_own_columns(
    rows: list[list[str]], boxes: list[list[BBox | None]], columns: list[tuple[float, float]], first: int
) -> int | None:
    """The first row from ``first`` on that is a heading whose cells start between ``columns``' edges."""
    edges = [c[0] for c in columns] + [columns[-1][1]]
    for i in range(first, len(rows)):
        filled = [(t, b) for t, b in zip(rows[i], boxes[i]) if t and b is not None]
        if len(filled) < 3 or is_data_row(rows[i], pdf_grid=True):
            continue
        if any(len(squash(t)) > _HEADING_CELL for t, _ in filled):
            continue
        new = [b for _, b in filled if all(abs(b[0] - e) > _EDGE_TOLERANCE for e in edges)]
        if len(new) >= _NEW_EDGES:
            return i
    return None


def _stack(top: Grid, rest: Grid, preamble: list[str], preamble_lines: list[str], bbox: BBox | None) -> Grid:
    """One grid of two parts with columns of their own; a continuation takes the columns of the lower part."""
    return Grid(
        texts=top.texts + rest.texts,
        boxes=top.boxes + rest.boxes,
        header_rows=top.header_rows if top.texts else rest.header_rows,
        columns=rest.columns,
        preamble=preamble,
        preamble_lines=preamble_lines,
        bbox=bbox,
        edges=rest.edges,
    )


def build_grid(
    texts: list[list[str | None]],
    boxes: list[list[BBox | None]],
    row_boxes: list[BBox],
    columns: list[tuple[float, float]] | None = None,
    bbox: BBox | None = None,
) -> Grid:
    """Logical grid of a table from pdfplumber's cell texts and boxes (None marks a merged cell)."""
    clean = [[cell_text(t) for t in row] for row in texts]
    start, preamble = _strip_preamble(clean)
    preamble_lines = [ln.strip() for row in texts[:start] for t in row if t for ln in t.split("\n") if ln.strip()]
    clean, boxes, row_boxes = clean[start:], boxes[start:], row_boxes[start:]
    header_end = next((i for i, row in enumerate(clean) if is_data_row(row, pdf_grid=True)), len(clean))
    given = columns is not None  # a continuation keeps every column of the table it continues, empty or not
    if columns is None:
        source = range(header_end) if header_end else range(len(clean))
        cells = [boxes[i][j] for i in source for j, t in enumerate(clean[i]) if boxes[i][j] and (t or not header_end)]
        if header_end:  # data columns the header leaves unlabelled (no heading printed over them) count too
            cells += [
                b
                for i in range(header_end, len(clean))
                for j, t in enumerate(clean[i])
                if t and (b := boxes[i][j]) and not any(_within(b, h) for h in cells)
            ]
        columns = _boundaries(cells)
    if not columns:
        return Grid([], [], 0, [], preamble, bbox=bbox, preamble_lines=preamble_lines)
    split = _heading_of_own_columns(clean, boxes, columns, max(header_end, 1))
    if split is not None:
        top = build_grid(texts[start : start + split], boxes[:split], row_boxes[:split], columns if given else None)
        rest = build_grid(texts[start + split :], boxes[split:], row_boxes[split:])
        return _stack(top, rest, preamble, preamble_lines, bbox)
    width = len(columns)
    origins = {
        _column_at(boxes[i][j][0] + 1, columns)
        for i in range(header_end)
        for j, t in enumerate(clean[i])
        if t and boxes[i][j]
    } or set(range(width))
    out_texts: list[list[str]] = []
    out_boxes: list[list[BBox | None]] = []
    header_count = 0
    anchor_bottom = -1.0
    for i, row in enumerate(clean):
        is_header = i < header_end
        middle = (row_boxes[i][1] + row_boxes[i][3]) / 2
        fold = (
            not is_header
            and out_texts
            and header_count < len(out_texts)
            and (
                (middle < anchor_bottom - 1 and _fits(row, boxes[i], out_texts[-1], columns))
                or _is_wrapped_tail(row, boxes[i], out_texts[-1], columns)
            )
        )
        if not fold:
            out_texts.append([""] * width)
            out_boxes.append([None] * width)
            if not is_header:
                anchor_bottom = row_boxes[i][3]
        line, line_boxes = out_texts[-1], out_boxes[-1]
        for j, text in enumerate(row):
            box = boxes[i][j]
            if not text or box is None:
                continue
            first = _column_at(box[0] + 1, columns)
            if not is_header and first not in origins and box[2] > columns[first][1] + _EDGE_TOLERANCE:
                # a merged cell that starts in an unlabelled spacer column belongs to the labelled one
                first = next((k for k in sorted(origins) if first < k and columns[k][0] < box[2] - 1), first)
            span = [first]
            if is_header:
                span = [
                    k
                    for k in range(width)
                    if k == first
                    or (columns[k][0] >= box[0] - _EDGE_TOLERANCE and columns[k][1] <= box[2] + _EDGE_TOLERANCE)
                ]
            for k in span:
                line[k] = line[k] + text if line[k] else text
                line_boxes[k] = box
        if is_header:
            header_count = len(out_texts)
    keep_cols = [
        k
        for k in range(width)
        if given
        or (k in origins and any(r[k] for r in out_texts[:header_count]))
        or any(r[k] for r in out_texts[header_count:])
    ]
    rows = [k for k, r in enumerate(out_texts) if any(r)]
    header_count = sum(1 for k in rows if k < header_count)
    ruled = _boundaries([b for row in boxes for b in row if b])
    return Grid(
        texts=[[out_texts[r][k] for k in keep_cols] for r in rows],
        boxes=[[out_boxes[r][k] for k in keep_cols] for r in rows],
        header_rows=header_count,
        columns=[columns[k] for k in keep_cols],
        preamble=preamble,
        preamble_lines=preamble_lines,
        bbox=bbox,
        edges=[c[0] for c in ruled] + [ruled[-1][1]] if ruled else [],
    )
