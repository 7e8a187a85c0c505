"""Read a PDF disclosure with pdfplumber into the same SourceDocument the text reader produces.

Each page is parsed once: its ruled tables are found with ``find_tables`` and turned into logical grids
(:mod:`budgetkg.ingest.readers.pdf.grid`); its text lines outside the tables become narrative lines (larger type
is marked as a ``#`` heading, as the text converters do); the lines above a table give its title, number
and unit (a title printed as the first, merged row of the grid is taken out of it: :mod:`.titles`). Tables
without a title of their own whose header repeats the previous table's (or that have no header) continue
that table from the previous page, keeping its columns. Text lines are grouped by vertical overlap
(:mod:`.lines`); the rule a continued table leaves out at the page break is added back (:mod:`.edges`).
"""

from __future__ import annotations

import hashlib
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from budgetkg.errors import InputError
from budgetkg.ingest.enums import Medium
from budgetkg.ingest.model import SourceDocument, SourceLine, SourceRow, SourceTable
from budgetkg.ingest.normalise import normalise_text, squash
from budgetkg.ingest.readers.pdf.cells import cell_texts
from budgetkg.ingest.readers.pdf.checks import check_bytes, no_text_error, open_error, repaired
from budgetkg.ingest.readers.pdf.edges import find_tables
from budgetkg.ingest.readers.pdf.grid import Grid, build_grid
from budgetkg.ingest.readers.pdf.layout import split_side_by_side
from budgetkg.ingest.readers.pdf.lines import group_lines
from budgetkg.ingest.readers.pdf.objects import PdfiumPages
from budgetkg.ingest.readers.pdf.textpages import TextLine, text_only_pages
from budgetkg.ingest.readers.pdf.titles import Segment, split_at_titles
from budgetkg.ingest.readers.preamble import read_preamble
from budgetkg.ingest.readers.toc import number_tables

_HEADING_STEP = 1.5  # points larger than body text
_WORD_GAP = 3.0  # points: pdfplumber's x tolerance, the gap at which it starts a new word
_CONTINUATION_SLACK = 8.0  # points a column may shift between a table and its continuation page


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    size: float


@dataclass
class _Found:
    table: SourceTable
    grid: Grid
    header: tuple[str, ...]


def read_pdf(path: str | Path, data: bytes | None = None, ocr: bool = False) -> SourceDocument:
    """Read the PDF at ``path`` (or ``data`` when given); raise InputError for files it cannot read.

    With ``ocr``, pages without a text layer are read by OCR (:mod:`.ocr`) and the document's medium is "ocr";
    without it an image-only PDF is an error that names the option."""
    path = Path(path)
    raw = path.read_bytes() if data is None else data
    where = str(path)
    check_bytes(raw, where)
    scans = _Scans(raw, where) if ocr else None
    try:
        lines, tables = _read_document(raw, where, scans)
    except InputError as exc:
        fixed = repaired(raw) if exc.__cause__ is not None else None
        if fixed is None:
            raise
        scans = _Scans(fixed, where) if ocr else None
        lines, tables = _read_document(fixed, where, scans)
    number_tables(tables, lines)
    doc = SourceDocument(path=where, sha256=hashlib.sha256(raw).hexdigest(), lines=lines, tables=tables, medium="pdf")
    if scans and scans.pages:
        doc.medium = Medium.OCR
        doc.confidence = {(n, box): c for n, page in scans.pages.items() for box, c in page.confidence.items()}
    return doc


class _Scans:
    """The pages read by OCR, when asked for."""

    def __init__(self, raw: bytes, where: str) -> None:
        self.raw, self.where = raw, where
        self.pages: dict = {}

    def read(self, numbers: list[int]) -> None:
        from budgetkg.ingest.readers.pdf.ocr import ocr_pages  # imported late: only scans need it

        self.pages = ocr_pages(self.raw, numbers, self.where)


def _read_document(raw: bytes, where: str, scans: _Scans | None) -> tuple[list[SourceLine], list[SourceTable]]:
    """Lines and tables of the PDF ``raw``; an exception from the PDF libraries becomes an InputError."""
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:  # pdfminer raises many kinds; all mean the file cannot be opened
        raise open_error(exc, where) from exc
    fast = PdfiumPages(raw)  # never raises: without pdfium every page is parsed by pdfminer
    try:
        with pdf:
            return _read_pages(pdf, where, text_only_pages(raw), scans, fast)
    except InputError:
        raise
    except Exception as exc:
        raise open_error(exc, where) from exc
    finally:
        fast.close()


def _read_pages(
    pdf,
    where: str,
    text_pages: dict[int, list[TextLine]],
    scans: _Scans | None = None,
    fast: PdfiumPages | None = None,
) -> tuple[list[SourceLine], list[SourceTable]]:
    narrative: list[SourceLine] = []
    found: list[_Found] = []
    no_text: list[int] = []
    pages = []
    for number, page in enumerate(pdf.pages, start=1):
        if number in text_pages:  # too few rules for a table: its lines were read with pdfium
            page_lines = [_Line(squash_spaces(t.text), t.top, t.bottom, t.size) for t in text_pages[number]]
        else:  # its characters and rules read by pdfium where it can, else pdfminer parses the page
            if fast is not None:
                fast.fill(number, page)
            _normalise_chars(page)
            page_lines = _page_lines(page)
        if not page_lines:
            no_text.append(number)
        pages.append((number, page, page_lines))
    if no_text and scans is not None:
        scans.read(no_text)
        pages = [(n, p, _scanned_lines(scans.pages[n]) if n in scans.pages else ls) for n, p, ls in pages]
    elif len(no_text) == len(pages):
        raise no_text_error(no_text, where)
    scanned = scans.pages if scans else {}

    def how(n: int) -> str:  # OCR measures type from the image; pdfium and pdfminer agree (the em size, ±0.1 pt)
        return "ocr" if n in scanned else "text"

    body = {k: _body_size([ln for n, _, ls in pages if how(n) == k for ln in ls]) for k in ("ocr", "text")}
    trailing: list[str] = []
    pending: list[str] = []  # the title and unit of a grid that holds nothing else, for the table below it
    for number, page, page_lines in pages:
        if number in scanned:
            tables = scanned[number].tables
        else:
            tables = [] if number in text_pages else sorted(find_tables(page), key=lambda t: t.bbox[1])
        boxes = [t.bbox for t in tables]
        free = [ln for ln in page_lines if not any(_inside(ln, b) for b in boxes)]
        for ln in free:
            heading = ln.size >= body[how(number)] + _HEADING_STEP
            narrative.append(SourceLine(text=("# " if heading else "") + ln.text, page=number))
        previous_bottom = 0.0
        for k, table in enumerate(tables):
            above = [ln.text for ln in free if previous_bottom <= ln.top and ln.bottom <= table.bbox[1] + 1]
            below_limit = tables[k + 1].bbox[1] if k + 1 < len(tables) else page.height
            below = [ln.text for ln in free if table.bbox[3] - 1 <= ln.top and ln.bottom <= below_limit]
            context = (pending + above, below, trailing if k == 0 else [])
            lines, pending = _add_table(found, table, number, page.bbox, context)
            narrative += lines
            previous_bottom = table.bbox[3]
        # the lines at the foot of the page (and a title drawn as a grid of its own) may title the next table
        trailing = pending + [ln.text for ln in free if ln.top >= previous_bottom]
        pending = []
    return narrative, [_finish(f) for f in found]


def _normalise_chars(page) -> None:
    """Every character in the one form the recognisers read (fonts map glyphs to Kangxi radicals such as ⽀,
    full-width digits, stray control codes), before words, lines and cells are built from them."""
    for char in page.chars:
        text = char.get("text") or ""
        fixed = normalise_text(text)
        if fixed != text:
            char["text"] = fixed or " "


_LABELLED = re.compile(r"^(?:部门|部门名称|单位名称|编制部门|编制单位|预算主管部门|主管部门)\s*[:：]")


def _scanned_lines(page) -> list[_Line]:
    return [_Line(ln.text, ln.top, ln.bottom, ln.size) for ln in page.lines]


def _body_size(lines: list[_Line]) -> float:
    sizes = Counter(round(line.size) for line in lines)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def squash_spaces(text: str) -> str:
    """Collapse runs of spaces that layout extraction puts between CJK characters."""
    return " ".join(text.split())


def _page_lines(page) -> list[_Line]:
    """pdfplumber's words grouped into lines by vertical overlap (figures on a shifted box stay in place)."""
    out = []
    for words in group_lines(page.extract_words(return_chars=True), lambda w: (w["top"], w["bottom"]), _x0):
        chars = [c for w in words for c in w["chars"]]
        size = statistics.median(c["size"] for c in chars) if chars else 0.0
        text = words[0]["text"]
        for prev, word in zip(words, words[1:]):  # words pdfplumber split apart only by line touch: no space
            text += (" " if word["x0"] - prev["x1"] > _WORD_GAP else "") + word["text"]
        text = squash_spaces(text)
        out.append(_Line(text, min(w["top"] for w in words), max(w["bottom"] for w in words), size))
    return out


def _x0(word: dict) -> float:
    return word["x0"]


def _inside(line: _Line, bbox: tuple[float, float, float, float]) -> bool:
    middle = (line.top + line.bottom) / 2
    return bbox[1] <= middle <= bbox[3]


def _header_key(grid: Grid) -> tuple[str, ...]:
    return tuple(squash(c) for row in grid.texts[: grid.header_rows] for c in row if c)


def _add_table(
    found: list[_Found],
    table,
    page: int,
    page_box: tuple[float, float, float, float],
    context: tuple[list[str], list[str], list[str]],
) -> tuple[list[SourceLine], list[str]]:
    """Add the printed tables of one pdfplumber table (titles inside the grid cut it; rows drawn off the
    page are not printed); ``context`` holds the lines above and below it and those left at the foot of the
    previous page. Return the lines of a framed text box, and the title lines of a last part that holds no
    table (they title the next one)."""
    above, below, trailing = context
    top, bottom = page_box[1], page_box[3]
    shown = [k for k, row in enumerate(table.rows) if row.bbox[3] > top + 1 and row.bbox[1] < bottom - 1]
    if not shown:  # drawn outside the page: not printed
        return [], []
    texts = [row for k, row in enumerate(cell_texts(table)) if k in shown]
    cells = [list(table.rows[k].cells) for k in shown]
    segments = split_at_titles(texts, cells, [table.rows[k].bbox for k in shown], table.bbox)
    lines: list[SourceLine] = []
    pending: list[str] = []
    for k, seg in enumerate(segments):
        first, last = k == 0, k == len(segments) - 1
        titled = (above if first else pending) + seg.titles
        lines, pending = _add_grid(
            found, seg, page, titled, below if last else [], trailing if first else [], lines, seg.titles != []
        )
    return lines, pending


def _add_grid(
    found: list[_Found],
    seg: Segment,
    page: int,
    above: list[str],
    below: list[str],
    trailing: list[str],
    lines: list[SourceLine],
    titled_inside: bool,
) -> tuple[list[SourceLine], list[str]]:
    """Add one printed table (or continue the previous one); collect the lines of a framed text box."""
    texts, cells, row_boxes, bbox = seg.texts, seg.cells, seg.row_boxes, seg.bbox
    grid = build_grid(texts, cells, row_boxes, bbox=bbox)
    if len(grid.columns) < 2:
        if titled_inside and not grid.header_rows and len(grid.texts) <= 1:  # a title drawn as a grid of its own
            own = seg.titles + grid.preamble + [" ".join(t for t in row if t) for row in grid.texts]
            return lines + [SourceLine(text=t, page=page) for t in own], above + own[len(seg.titles) :]
        # a framed box of text (contents, a note), not a table
        return lines + [SourceLine(text=" ".join(t for t in row if t), page=page) for row in grid.texts], []
    title, number, unit, _ = read_preamble(above + grid.preamble, 0, len(above) + len(grid.preamble))
    if title is None and grid.preamble_lines:  # number, title and 部门 merged in one cell of the ruling
        merged = above + grid.preamble_lines
        title, found_number, found_unit, _ = read_preamble(merged, 0, len(merged))
        number, unit = number or found_number, unit or found_unit
    # 部门：… printed inside the ruling is a line of the document, as it would be above a table
    lines = lines + [SourceLine(text=t, page=page) for t in seg.titles + grid.preamble_lines if _LABELLED.search(t)]
    if title is None and trailing:  # a title left at the foot of the previous page (its 表N and 单位 may be here)
        back = trailing + above + grid.preamble
        title, found_number, found_unit, _ = read_preamble(back, 0, len(back))
        number, unit = number or found_number, unit or found_unit
    previous = found[-1] if found else None
    if title is None and number is None and previous is not None:
        if grid.header_rows == 0 and _same_span(previous.grid, bbox) and _columns_fit(grid, previous.grid):
            grid = build_grid(texts, cells, row_boxes, columns=previous.grid.columns, bbox=bbox)
            _append_rows(previous.table, grid, page, 0)
            _attach_notes(previous.table, below)
            return lines, []
        header = _header_key(grid)
        if header and header == previous.header:
            _append_rows(previous.table, grid, page, grid.header_rows)
            _attach_notes(previous.table, below)
            return lines, []
        last_page = previous.table.rows[-1].page if previous.table.rows else None
        if (
            last_page == page - 1 and _inside_span(previous.grid, bbox) and _columns_fit(grid, previous.grid)
        ):  # runs on at the top of the page (a merged label column at the left may not be drawn again)
            grid = build_grid(texts, cells, row_boxes, columns=previous.grid.columns, bbox=bbox)
            _append_rows(previous.table, grid, page, 0)
            _attach_notes(previous.table, below)
            return lines, []
    source = SourceTable(title=title or "", number=number, unit=unit, page=page)
    _append_rows(source, grid, page, 0)
    _attach_notes(source, below)
    found.append(_Found(source, grid, _header_key(grid)))
    return lines, []


def _same_span(grid: Grid, bbox: tuple[float, float, float, float]) -> bool:
    if not grid.bbox:
        return False
    return abs(grid.bbox[0] - bbox[0]) < 6 and abs(grid.bbox[2] - bbox[2]) < 6


def _inside_span(grid: Grid, bbox: tuple[float, float, float, float]) -> bool:
    """The same span as ``grid``, or a narrower one inside it that ends where it ends."""
    if not grid.bbox:
        return False
    return grid.bbox[0] - 6 < bbox[0] and abs(grid.bbox[2] - bbox[2]) < 6


def _columns_fit(grid: Grid, previous: Grid) -> bool:
    """True when ``previous`` has data rows and its columns and the ruled edges of ``grid`` agree: each column
    starts at an edge, or (rows of merged cells) each edge is a column edge."""
    if not grid.edges or previous.header_rows >= len(previous.texts):
        return False
    if all(any(abs(c[0] - e) <= _CONTINUATION_SLACK for e in grid.edges) for c in previous.columns):
        return True
    bounds = [c[0] for c in previous.columns] + [previous.columns[-1][1]]
    return all(any(abs(b - e) <= _CONTINUATION_SLACK for b in bounds) for e in grid.edges)


def _append_rows(table: SourceTable, grid: Grid, page: int, skip: int) -> None:
    for texts, boxes in zip(grid.texts[skip:], grid.boxes[skip:]):
        cells = list(texts)
        while cells and not cells[-1]:  # as the text reader does: no trailing empty cells
            cells.pop()
        table.rows.append(
            SourceRow(
                cells=cells,
                page=page,
                raw=" | ".join(t for t in texts if t),
                bboxes=[tuple(round(v, 1) for v in b) if b else None for b in boxes[: len(cells)]],
            )
        )


def _attach_notes(table: SourceTable, below: list[str]) -> None:
    for text in below:
        if squash(text).startswith("注"):
            table.notes.append(text)
        elif table.notes:
            break


def _finish(found: _Found) -> SourceTable:
    return split_side_by_side(found.table, found.grid.header_rows)
