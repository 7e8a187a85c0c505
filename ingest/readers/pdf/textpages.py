"""Text lines of pages that hold only text, read with pdfium (ten times faster than pdfminer's parse).

pdfplumber's cost is pdfminer interpreting every page's content stream. Pages without any drawn path or
image cannot hold a ruled table, so their text lines are read with pypdfium2 (already installed with
pdfplumber) and pdfplumber parses only the other pages. Lines are built the same way: characters grouped
by their vertical position, ordered left to right, with the median font size for heading detection.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

_DRAWN = {
    pdfium_raw.FPDF_PAGEOBJ_PATH,
    pdfium_raw.FPDF_PAGEOBJ_IMAGE,
    pdfium_raw.FPDF_PAGEOBJ_SHADING,
    pdfium_raw.FPDF_PAGEOBJ_FORM,
}
_Y_TOLERANCE = 3.0  # as pdfplumber groups characters into lines
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
        left, bottom, right, top = textpage.get_charbox(i, loose=True)  # the font's box, as pdfminer gives
        out.append(_Char(char, left, right, height - top, height - bottom, round(top - bottom, 1)))
    return out


def _lines(chars: list[_Char]) -> list[TextLine]:
    lines: list[list[_Char]] = []
    for ch in sorted(chars, key=lambda c: (round(c.bottom), c.x0)):  # fonts differ in ascent, not baseline
        if lines and abs(ch.bottom - lines[-1][0].bottom) <= _Y_TOLERANCE:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out = []
    for group in lines:
        group.sort(key=lambda c: c.x0)
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
    """1-based page number -> its text lines, for pages with text and nothing drawn; {} when disabled."""
    if os.environ.get(ENV_SWITCH, "1") == "0":
        return {}
    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # let pdfplumber report what is wrong with the file
        return {}
    found: dict[int, list[TextLine]] = {}
    try:
        for number, page in enumerate(document, start=1):
            if any(obj.type in _DRAWN for obj in page.get_objects(max_depth=1)):
                continue
            lines = _lines(_chars(page))
            if lines:
                found[number] = lines
    finally:
        document.close()
    return found
