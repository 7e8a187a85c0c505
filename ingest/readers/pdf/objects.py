"""pdfplumber's page objects (characters, lines, rectangles, curves) built with pdfium instead of pdfminer.

Interpreting a page's content stream in pure Python is most of the time pdfplumber spends on a table page;
pdfium reads the same stream in C. The objects are built the way pdfminer builds them, so pdfplumber's
table finder, word grouping and cell text run on them unchanged: a character spans its advance from its
origin and, vertically, one em from the font's descent below the baseline; each subpath is a line (two
points), a rectangle (four level and plumb sides, closed) or a curve through its end points, as pdfminer
classes them. pdfium keeps path coordinates as 32-bit floats; they are read back as the decimals the PDF
printed (7 significant digits), so the rules land where pdfminer puts them. Measured on the corpus: the same
tables and the same text in every cell; a cell's box may differ by 0.1 pt where a rule's centre falls on a
rounding boundary (a coordinate printed with 8 digits, which a 32-bit float cannot hold).
"""

from __future__ import annotations

import ctypes
import math
import os

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from budgetkg.ingest.readers.pdf.ruling import IDENTITY, Matrix, compose, object_matrix, path_objects
from budgetkg.ingest.readers.pdf.textpages import ENV_SWITCH

_Point = tuple[float, float]


def fill_objects(plumber_page, pdfium_page) -> None:
    """Give the pdfplumber page the objects pdfium reads, so pdfminer never parses it (pdfplumber caches a page's
    objects in ``_objects``; whatever is there is what ``chars``, ``edges`` and ``find_tables`` use)."""
    height = float(plumber_page.height)
    doctop = float(plumber_page.initial_doctop)
    number = plumber_page.page_number
    objects: dict[str, list[dict]] = {"char": _chars(pdfium_page, height, doctop, number)}
    paths: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}
    for k in range(pdfium_raw.FPDFPage_CountObjects(pdfium_page.raw)):
        _paths(pdfium_raw.FPDFPage_GetObject(pdfium_page.raw, k), IDENTITY, paths)
    for kind, found in paths.items():
        if found:
            objects[kind] = [_shape(kind, pts, height, doctop, number) for pts in found]
    plumber_page._objects = objects


def _chars(page, height: float, doctop: float, number: int) -> list[dict]:
    textpage = page.get_textpage()
    raw = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix, box = pdfium_raw.FS_MATRIX(), pdfium_raw.FS_RECTF()
    descents: dict[int | None, float] = {}  # per font: the descent of a 1000-point em
    shown: set[int | None] = set()  # the text objects the text page has characters of
    out = []
    try:
        for i in range(pdfium_raw.FPDFText_CountChars(raw)):
            text_object = pdfium_raw.FPDFText_GetTextObject(raw, i)
            shown.add(ctypes.cast(text_object, ctypes.c_void_p).value)
            if pdfium_raw.FPDFText_IsGenerated(raw, i) == 1:
                continue
            code = pdfium_raw.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or code in (0x0A, 0x0D):
                continue
            pdfium_raw.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
            pdfium_raw.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix))
            pdfium_raw.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box))  # its advance, as pdfminer gives
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            size = pdfium_raw.FPDFText_GetFontSize(raw, i) * math.hypot(c, d)
            y0 = y.value + _descent(pdfium_raw.FPDFTextObj_GetFont(text_object), descents) / 1000 * size
            matrix_of = (a, b, c, d, x.value, y.value)
            out.append(
                _char(chr(code), x.value, x.value + box.right - box.left, y0, size, matrix_of, height, doctop, number)
            )
        out += _spaces(page, shown, descents, height, doctop, number)
    finally:
        textpage.close()
    return out


def _descent(font, known: dict[int | None, float]) -> float:
    """The font's descent below the baseline for a 1000-point em (negative; 0 when pdfium has none)."""
    key = ctypes.cast(font, ctypes.c_void_p).value if font else None
    if key not in known:
        value = ctypes.c_float()
        ok = font and pdfium_raw.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), ctypes.byref(value))
        known[key] = value.value if ok else 0.0
    return known[key]


def _spaces(page, shown: set, descents: dict, height: float, doctop: float, number: int) -> list[dict]:
    """A space for each text object that shows only spaces (pdfium's text page leaves them out; pdfminer has a
    space character there, and a space ends a word even where the gap is narrower than pdfplumber's 3 points),
    at the object's origin, a quarter em wide."""
    out = []
    size_out = ctypes.c_float()
    for k in range(pdfium_raw.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_raw.FPDFPage_GetObject(page.raw, k)
        if pdfium_raw.FPDFPageObj_GetType(obj) != pdfium_raw.FPDF_PAGEOBJ_TEXT:
            continue
        if ctypes.cast(obj, ctypes.c_void_p).value in shown:
            continue
        a, b, c, d, e, f = object_matrix(obj)
        if not pdfium_raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size_out)):
            continue
        size = size_out.value * math.hypot(c, d)
        y0 = f + _descent(pdfium_raw.FPDFTextObj_GetFont(obj), descents) / 1000 * size
        out.append(_char(" ", e, e + size / 4, y0, size, (a, b, c, d, e, f), height, doctop, number))
    return out


def _char(
    text: str, x0: float, x1: float, y0: float, size: float, matrix: Matrix, height: float, doctop: float, number: int
) -> dict:
    """A character as pdfplumber describes it (``y0``: the bottom of its em box, from the foot of the page)."""
    a, b, c, d, _, _ = matrix
    top = height - (y0 + size)
    return {
        "text": text,
        "fontname": "",
        "size": size,
        "adv": x1 - x0,
        "upright": a * d > 0 and b * c <= 0,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y0 + size,
        "width": x1 - x0,
        "height": size,
        "top": top,
        "bottom": top + size,
        "doctop": top + doctop,
        "matrix": matrix,
        "object_type": "char",
        "page_number": number,
    }


def _paths(obj, matrix: Matrix, out: dict[str, list]) -> None:
    """Sort every subpath of ``obj`` (a path, or a form holding paths) into pdfminer's line, rect or curve."""
    for path, outer in path_objects(obj, matrix):
        own = tuple(_decimal(v) for v in object_matrix(path))
        for pts, closed in _subpaths(path, compose(own, outer)):
            out[_kind(pts, closed)].append(pts)


def _subpaths(path, matrix: Matrix) -> list[tuple[list[_Point], bool]]:
    """Each subpath's end points (a Bézier's control points skipped, as pdfminer does) in page space, the
    start repeated when the subpath is closed, and whether it is."""
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    out: list[tuple[list[_Point], bool]] = []
    bezier = 0
    for i in range(pdfium_raw.FPDFPath_CountSegments(path)):
        segment = pdfium_raw.FPDFPath_GetPathSegment(path, i)
        if not pdfium_raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        kind = pdfium_raw.FPDFPathSegment_GetType(segment)
        if kind == pdfium_raw.FPDF_SEGMENT_BEZIERTO:
            bezier = (bezier + 1) % 3
            if bezier:  # a control point
                continue
        px, py = _decimal(x.value), _decimal(y.value)
        point = (px * a + py * c + e, px * b + py * d + f)
        if kind == pdfium_raw.FPDF_SEGMENT_MOVETO or not out:
            out.append(([point], False))
        else:
            out[-1][0].append(point)
        if pdfium_raw.FPDFPathSegment_GetClose(segment):
            pts = out[-1][0]
            pts.append(pts[0])
            out[-1] = (pts, True)
    return out


def _decimal(value: float) -> float:
    """The number as the PDF printed it: pdfium keeps 32-bit floats (about 7 significant digits), pdfminer the
    printed decimal, so the float is read back at 7 digits (786.719970703125 is 786.72)."""
    return float(f"{value:.7g}")


def _kind(pts: list[_Point], closed: bool) -> str:
    """pdfminer's class for a subpath: a line (two points), a rectangle (four sides, closed, level and plumb)."""
    if closed and len(pts) > 3 and pts[-2] == pts[0]:  # a last side drawn back to the start, then closed
        pts.pop()
    if len(pts) == 2 or (closed and len(pts) == 3 and pts[-1] == pts[0]):
        del pts[2:]
        return "line"
    if len(pts) == 5:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return "rect"
    return "curve"


def _shape(kind: str, pts: list[_Point], height: float, doctop: float, number: int) -> dict:
    """The pdfplumber object of one subpath: its bounding box and its points, top-down."""
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    obj = {
        "object_type": kind,
        "page_number": number,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": height - y1 + doctop,
    }
    obj["pts"] = [(px, height - py) for px, py in pts]
    return obj


class PdfiumPages:
    """The document opened with pdfium, to fill pdfplumber's table pages from; does nothing when the fast path
    is switched off (``BUDGETKG_PDF_FAST_TEXT=0``) or pdfium cannot open the file (pdfplumber then reports it)."""

    def __init__(self, data: bytes) -> None:
        self.document = None
        if os.environ.get(ENV_SWITCH, "1") == "0":
            return
        try:
            self.document = pdfium.PdfDocument(data)
        except Exception:  # pdfium raises its own error kinds; pdfminer's reading then decides
            self.document = None

    def fill(self, number: int, plumber_page) -> bool:
        """Fill ``plumber_page`` (1-based ``number``) from pdfium; False (pdfminer will parse it) for a rotated
        page or one whose media box does not start at the origin, where the two libraries place objects
        differently."""
        if self.document is None or number > len(self.document):
            return False
        page = self.document[number - 1]
        box = plumber_page.mediabox
        if plumber_page.rotation or page.get_rotation() or box[0] or box[1] or plumber_page.cropbox != box:
            return False
        if abs(page.get_height() - float(plumber_page.height)) > 0.01:
            return False
        fill_objects(plumber_page, page)
        return True

    def close(self) -> None:
        if self.document is not None:
            self.document.close()
