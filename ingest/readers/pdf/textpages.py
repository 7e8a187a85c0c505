"""Text lines of pages that hold only text, read with pdfium (ten times faster than pdfminer's parse).

pdfplumber's cost is pdfminer interpreting every page's content stream. A page whose rules cannot form a
table (:mod:`.ruling`: a header rule, a frame, an image, nothing drawn at all) has only text lines, so they
are read with pypdfium2 (already installed with pdfplumber) and pdfplumber parses only the other pages.
Lines are built the same way (:mod:`.lines`): characters grouped by the vertical overlap of their glyph
boxes, ordered left to right, with the median font size (the em size, as pdfminer measures it) for heading
detection.
"""

from __future__ import annotations

import ctypes
import math
import os
import statistics
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from budgetkg.ingest.readers.pdf.lines import group_lines
from budgetkg.ingest.readers.pdf.ruling import may_hold_table

ENV_SWITCH = "BUDGETKG_PDF_FAST_TEXT"  # set to 0 to parse every page with pdfplumber


@dataclass
class TextLine:
    text: str
    top: float
    bottom: float
    size: float


@dataclass
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _chars(page) -> list[_Char]:
    textpage = page.get_textpage()
    height = page.get_height()
    out = []
    for i in range(textpage.count_chars()):
        if pdfium_raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue
        code = pdfium_raw.FPDFText_GetUnicode(textpage.raw, i)
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        char = chr(code)
        if char.isspace():
            continue
        left, _, right, _ = textpage.get_charbox(i, loose=True)  # the advance, as pdfminer gives
        _, bottom, _, top = textpage.get_charbox(i)  # the glyph's own height, whatever the font's metrics say
        out.append(_Char(char, left, right, height - top, height - bottom, _em_size(textpage, i)))
    return out


def _em_size(textpage, index: int) -> float:
    """The character's font size scaled by its text matrix (the size pdfminer reports)."""
    matrix = pdfium_raw.FS_MATRIX()
    size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, index)
    if pdfium_raw.FPDFText_GetMatrix(textpage.raw, index, ctypes.byref(matrix)):
        size *= math.hypot(matrix.c, matrix.d)
    return round(size, 1)


def _lines(chars: list[_Char]) -> list[TextLine]:
    out = []
    for group in group_lines(chars, lambda c: (c.top, c.bottom), lambda c: c.x0):
        text = group[0].text
        for prev, ch in zip(group, group[1:]):
            text += (" " if ch.x0 - prev.x1 > 0.5 * max(ch.size, 1) else "") + ch.text
        out.append(
            TextLine(
                text, min(c.top for c in group), max(c.bottom for c in group), statistics.median(c.size for c in group)
            )
        )
    return out


def text_only_pages(data: bytes) -> dict[int, list[TextLine]]:
    """1-based page number -> its text lines, for pages with text and too few rules for a table; {} when
    disabled."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return {}
    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # let pdfplumber report what is wrong with the file
        return {}
    found: dict[int, list[TextLine]] = {}
    try:
        for number, page in enumerate(document, start=1):
            if may_hold_table(page):
                continue
            lines = _lines(_chars(page))
            if lines:
                found[number] = lines
    finally:
        document.close()
    return found
