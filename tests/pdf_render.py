"""Test-side renderer: a SourceDocument (as the text reader gives it) printed as a PDF with ruled tables.

Uses reportlab's built-in CJK font ``STSong-Light`` (a CID font that needs no OS font files), which
pdfplumber reads back exactly. Lines and tables keep their order in the source; every table cell is
its own ruled box; a table that reaches the bottom of a page continues on the next one under a repeated
header, as published disclosures do.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from budgetkg.ingest.model import SourceDocument, SourceTable
from budgetkg.ingest.tables.headers import split_header

FONT = "STSong-Light"
PAGE = landscape(A4)
MARGIN = 36.0
TEXT_SIZE = 9.0
TABLE_SIZE = 7.0
PAD = 3.0

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


class _Writer:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=PAGE)
        self.y = PAGE[1] - MARGIN
        self.usable = PAGE[0] - 2 * MARGIN

    def new_page(self) -> None:
        self.canvas.showPage()
        self.y = PAGE[1] - MARGIN

    def line(self, text: str) -> None:
        """One line of running text, broken where it is wider than the page."""
        while text:
            cut = len(text)
            while cut > 1 and _width(text[:cut], TEXT_SIZE) > self.usable:
                cut -= 1
            if self.y - TEXT_SIZE * 1.6 < MARGIN:
                self.new_page()
            self.y -= TEXT_SIZE * 1.6
            self.canvas.setFont(FONT, TEXT_SIZE)
            self.canvas.drawString(MARGIN, self.y, text[:cut])
            text = text[cut:]

    def table(self, table: SourceTable) -> None:
        width = max((len(r.cells) for r in table.rows), default=0)
        if not width:
            return
        grid = [(r.cells + [""] * width)[:width] for r in table.rows]
        natural = [max(_width(row[j], TABLE_SIZE) for row in grid) + 2 * PAD + 4 for j in range(width)]
        scale = min(1.0, self.usable / sum(natural))
        size = TABLE_SIZE * scale
        widths = [w * scale for w in natural]
        height = max(size * 2.2, 9.0)
        header_rows, _ = split_header(table)
        header = [(r.cells + [""] * width)[:width] for r in header_rows]
        self.y -= 4
        if self.y - (len(header) + 1) * height < MARGIN:  # keep the header with the first data row
            self.new_page()
        for k, row in enumerate(grid):
            if self.y - height < MARGIN:
                self.new_page()
                if k >= len(header):
                    for repeated in header:
                        self._row(repeated, widths, height, size)
            self._row(row, widths, height, size)
        self.y -= 4

    def _row(self, cells: list[str], widths: list[float], height: float, size: float) -> None:
        x = MARGIN
        self.y -= height
        self.canvas.setFont(FONT, size)
        for text, w in zip(cells, widths):
            self.canvas.rect(x, self.y, w, height, stroke=1, fill=0)
            if text:
                self.canvas.drawString(x + PAD, self.y + (height - size) / 2 + size * 0.15, text)
            x += w

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def _first_line(table: SourceTable) -> int:
    return min((r.line or 0 for r in table.rows), default=table.line or 0)


def render_pdf(doc: SourceDocument) -> bytes:
    """The document's lines and tables, in source order, as PDF bytes."""
    items: list[tuple[int, int, str | SourceTable]] = [(ln.line or 0, 0, ln.text) for ln in doc.lines]
    items += [(_first_line(t), 1, t) for t in doc.tables]
    writer = _Writer()
    for _, _, item in sorted(items, key=lambda it: (it[0], it[1])):
        if isinstance(item, SourceTable):
            writer.table(item)
        else:
            writer.line(item)
    return writer.finish()
