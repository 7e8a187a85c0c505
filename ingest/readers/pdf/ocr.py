"""Read image-only (scanned) PDF pages with Tesseract, into the lines and ruled tables the PDF reader uses.

Each page is rasterised with pypdfium2; the ruled lines of the image give the table cells (:mod:`.ocr_grid`),
they are painted out and Tesseract reads the page once (TSV: every word with its box and confidence). A
word belongs to the cell its centre falls in; words outside every table are the page's text lines. Words
are joined without the spaces Tesseract puts between CJK characters (a space only between two Latin words
set apart). Each cell keeps the lowest confidence of its words, so a misread amount can be told.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

from budgetkg.errors import InputError
from budgetkg.ingest.readers.pdf.ocr_grid import Cell, cells, find_rules, tables

DPI = 200
LANGUAGE = "chi_sim"
_DOUBT = 85  # a cell whose least sure word is below this confidence is read again on its own
_TIMEOUT = 300  # seconds per page
Box = tuple[float, float, float, float]
_AMOUNT = re.compile(r"-?\d[\d,，]*(?:\.\d+)?")
_SPECKS = "\"'`“”‘’，。、_|"  # marks Tesseract reads from the ends of painted-out rules at a cell's edge


@dataclass
class Word:
    """A recognised word in points, its confidence (0-100) and the Tesseract line it is on."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    line: tuple[int, int, int]


@dataclass
class OcrRow:
    """A row of cells, shaped like a pdfplumber table row (``bbox``, ``cells`` with None where spanned)."""

    bbox: Box
    cells: list[Box | None]


@dataclass
class OcrTable:
    """A ruled table read from an image, shaped like a pdfplumber ``Table`` (``bbox``, ``rows``, ``extract``)."""

    bbox: Box
    rows: list[OcrRow]
    texts: list[list[str | None]]

    def extract(self) -> list[list[str | None]]:
        return self.texts


@dataclass
class OcrLine:
    text: str
    top: float
    bottom: float
    size: float


@dataclass
class OcrPage:
    """One page as read by OCR: text lines outside the tables, tables, and each amount cell's confidence."""

    lines: list[OcrLine] = field(default_factory=list)
    tables: list[OcrTable] = field(default_factory=list)
    confidence: dict[Box, Decimal] = field(default_factory=dict)


def check_tesseract(where: str) -> str:
    """The tesseract program, or an InputError that says what to install."""
    program = shutil.which("tesseract")
    hint = "install Tesseract with Chinese data (Debian: apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
    if program is None:
        raise InputError("OCR was asked for but the tesseract program is not installed", where=where, hint=hint)
    langs = subprocess.run([program, "--list-langs"], capture_output=True, text=True, check=False).stdout.split()
    if LANGUAGE not in langs:
        raise InputError(f"Tesseract has no {LANGUAGE} (simplified Chinese) data", where=where, hint=hint)
    return program


def ocr_pages(raw: bytes, numbers: list[int], where: str) -> dict[int, OcrPage]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``raw``."""
    import pypdfium2  # imported late: only OCR renders pages

    program = check_tesseract(where)
    pdf = pypdfium2.PdfDocument(raw)
    try:
        out = {}
        for number in numbers:
            image = pdf[number - 1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            out[number] = read_image(image, program, where)
        return out
    finally:
        pdf.close()


def _points(v: float) -> float:
    return round(v * 72 / DPI, 1)


def read_image(image: Image.Image, program: str, where: str) -> OcrPage:
    """Tables from the rules of ``image`` and text from Tesseract's words."""
    horizontal, vertical = find_rules(image, DPI)
    erased = image.copy()
    draw = ImageDraw.Draw(erased)
    for r in horizontal:
        draw.rectangle((r.start, r.at - r.thick / 2 - 3, r.end, r.at + r.thick / 2 + 3), fill=255)
    for r in vertical:
        draw.rectangle((r.at - r.thick / 2 - 3, r.start, r.at + r.thick / 2 + 3, r.end), fill=255)
    words = _tesseract(erased, program, where)
    page = OcrPage()
    used: set[int] = set()
    for hs, vs in tables(horizontal, vertical):
        grid = cells(hs, vs)
        rows: list[OcrRow] = []
        texts: list[list[str | None]] = []
        for row in grid:
            boxes: list[Box | None] = []
            row_texts: list[str | None] = []
            for cell in row:
                if cell is None:
                    boxes.append(None)
                    row_texts.append(None)
                    continue
                box = (_points(cell.x0), _points(cell.top), _points(cell.x1), _points(cell.bottom))
                inside = [k for k, w in enumerate(words) if _within(w, cell)]
                used.update(inside)
                found = [words[k] for k in inside]
                if found and min(w.conf for w in found) < _DOUBT:  # read the cell again on its own
                    again = _tesseract(image.crop(_inset(cell)), program, where, psm="7")
                    found = again if again and _mean(again) > _mean(found) else found
                text = _amount_commas(join_words(found))
                boxes.append(box)
                row_texts.append(text)
                if found and any(ch.isdigit() for ch in text):
                    low = min(w.conf for w in found)
                    page.confidence[box] = (Decimal(str(low)) / 100).quantize(Decimal("0.01"))
            real = [b for b in boxes if b]
            if not real:
                continue
            rows.append(OcrRow((real[0][0], min(b[1] for b in real), real[-1][2], max(b[3] for b in real)), boxes))
            texts.append(row_texts)
        if rows:
            bbox = (
                min(r.bbox[0] for r in rows),
                rows[0].bbox[1],
                max(r.bbox[2] for r in rows),
                max(r.bbox[3] for r in rows),
            )
            page.tables.append(OcrTable(bbox, rows, texts))
    free = [w for k, w in enumerate(words) if k not in used]
    for key in sorted({w.line for w in free}):
        line = [w for w in free if w.line == key]
        heights = sorted(w.bottom - w.top for w in line)
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        page.lines.append(OcrLine(_reread(image, line, program, where), top, bottom, heights[len(heights) // 2]))
    page.lines.sort(key=lambda ln: ln.top)
    return page


def _reread(image: Image.Image, line: list[Word], program: str, where: str) -> str:
    """A text line read again on its own (Tesseract lays out a page of mixed type sizes less well): the
    reading with the higher mean confidence is kept."""
    first = join_words(line)
    pad = (line[0].bottom - line[0].top) / 2
    box = (min(w.x0 for w in line) - pad, min(w.top for w in line) - pad, max(w.x1 for w in line) + pad)
    crop = image.crop(tuple(int(v * DPI / 72) for v in (*box, max(w.bottom for w in line) + pad)))
    again = _tesseract(crop, program, where, psm="7")
    if again and _mean(again) > _mean(line):
        return join_words([Word(w.text, w.x0, w.top, w.x1, w.bottom, w.conf, (0, 0, 0)) for w in again])
    return first


def _inset(cell: Cell) -> tuple[int, int, int, int]:
    """The inside of a cell, clear of its rules."""
    m = max(2, DPI // 50)
    return (int(cell.x0) + m, int(cell.top) + m, int(cell.x1) - m, int(cell.bottom) - m)


def _mean(words: list[Word]) -> float:
    return sum(w.conf for w in words) / len(words)


def _amount_commas(text: str) -> str:
    """An amount with its thousands commas dropped: Tesseract often loses or moves one (1661,216.00); the
    digits are what was printed."""
    return text.replace(",", "").replace("，", "") if _AMOUNT.fullmatch(text) else text


def _within(word: Word, cell: Cell) -> bool:
    x = (word.x0 + word.x1) / 2 * DPI / 72
    y = (word.top + word.bottom) / 2 * DPI / 72
    return cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom


def join_words(words: list[Word]) -> str:
    """Words in reading order, one printed line a text line; no space between CJK characters (Tesseract puts
    one between each), one between Latin words set apart by more than a third of their height."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in sorted(words, key=lambda w: (w.line, w.x0)):
        lines.setdefault(w.line, []).append(w)
    out = []
    for line in sorted(lines.values(), key=lambda ws: ws[0].top):
        text = line[0].text
        for prev, word in zip(line, line[1:]):
            latin = text[-1:].isascii() and text[-1:].isalpha() and word.text[:1].isascii() and word.text[:1].isalpha()
            gap = word.x0 - prev.x1 > (word.bottom - word.top) / 3
            apart = word.x0 - prev.x1 > 2 * (word.bottom - word.top)  # two items of one printed line
            text += (" " if latin and gap or apart else "") + word.text
        out.append(text.strip(_SPECKS))
    return "\n".join(t for t in out if t)


def _tesseract(image: Image.Image, program: str, where: str, psm: str = "6") -> list[Word]:
    with tempfile.TemporaryDirectory(prefix="budgetkg-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(DPI, DPI))
        cmd = [program, str(png), "stdout", "-l", LANGUAGE, "--psm", psm, "--dpi", str(DPI), "tsv"]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"Tesseract took over {_TIMEOUT} s on a page", where=where, hint="check the scan") from exc
    if done.returncode != 0:
        raise InputError(f"Tesseract failed: {done.stderr.strip()[:200]}", where=where, hint="check the installation")
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row["conf"]) < 0:
            continue
        left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
        line = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.append(
            Word(
                text,
                _points(left),
                _points(top),
                _points(left + width),
                _points(top + height),
                float(row["conf"]),
                line,
            )
        )
    return words
