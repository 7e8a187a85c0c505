"""What a read document must pass before recognition, and what its recognition must show to count as read.

Before: every line, title and cell in the one form (:func:`~budgetkg.ingest.normalise.normalise_text`; the
readers already do it, this makes it hold for any reader); a cell that looks like a figure but does not
parse is named in a warning rather than dropped in silence; an amount at or beyond 10^15 元 is refused (the
cell is emptied, so it is never stored) with a warning. After: a document whose table of contents lists
tables that mostly go unrecognised is degraded, and the batch says so with a non-zero exit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.ingest.model import Extraction, SourceDocument, SourceRow, SourceTable
from budgetkg.ingest.normalise import (
    AMOUNT_BOUND_YUAN,
    is_data_row,
    looks_numeric,
    normalise_text,
    parse_amount,
    to_yuan,
)

# A long run of bare digits is an identifier (项目编码, a unit's code) more often than an amount; it is left
# to the extractors unless it is beyond what Oxigraph's decimals hold (about 1.7 x 10^20), which breaks SUMs.
_IDENTIFIER = re.compile(r"^\d{12,}$")
DECIMAL_SAFE_YUAN = Decimal(10) ** 20
MIN_LISTED = 3  # a table of contents this long says what the document should hold
RECOGNISED_SHARE = 0.5  # fewer recognised tables than this share of the listed ones is degraded


def _where(table: SourceTable, row: SourceRow, index: int) -> str:
    place = f"line {row.line}" if row.line is not None else f"page {row.page}" if row.page is not None else "?"
    return f"table '{table.title or table.number or '(untitled)'}', row {index}, {place}"


def check_source(doc: SourceDocument) -> list[str]:
    """Normalise ``doc`` in place and return the warnings for cells that cannot be trusted."""
    warnings: list[str] = []
    for line in doc.lines:
        line.text = normalise_text(line.text)
    for table in doc.tables:
        table.title = normalise_text(table.title)
        table.notes = [normalise_text(n) for n in table.notes]
        for index, row in enumerate(table.rows, start=1):
            row.cells = [normalise_text(c) for c in row.cells]
            if is_data_row(row.cells, pdf_grid=row.page is not None):
                warnings += _check_cells(table, row, index)
    return warnings


def _check_cells(table: SourceTable, row: SourceRow, index: int) -> list[str]:
    out = []
    for k, cell in enumerate(row.cells):
        amount = parse_amount(cell)
        if amount is None:
            if looks_numeric(cell):
                where = _where(table, row, index)
                out.append(f"cell '{cell}' looks like a figure but does not parse; not read ({where})")
            continue
        yuan = abs(to_yuan(amount, table.unit))
        if yuan >= AMOUNT_BOUND_YUAN and not (_IDENTIFIER.match(cell) and yuan < DECIMAL_SAFE_YUAN):
            row.cells[k] = ""
            out.append(
                f"amount '{cell}' ({table.unit or '元'}) is beyond 10^15 元, so a misreading; refused, not stored "
                f"({_where(table, row, index)})"
            )
    return out


def degraded(ex: Extraction) -> str | None:
    """Why a document counts as poorly read (most of the tables its table of contents lists unrecognised)."""
    listed = len(ex.listed_tables)
    recognised = sum(1 for t in ex.tables if t.kind != "unknown")
    if listed >= MIN_LISTED and recognised < listed * RECOGNISED_SHARE:
        return f"only {recognised} of the {listed} tables its table of contents lists were recognised"
    return None
