"""The source layer of the data model: what a reader (text, PDF) hands to the recognisers.

Raw tables and lines with where each was read (line or page); nothing here knows what a table means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.ingest.enums import Medium


@dataclass(frozen=True)
class SourceRef:
    """Where a fact was read: 1-based line (text) or page (PDF), row within its table, raw text."""

    line: int | None = None
    page: int | None = None
    row: int | None = None
    text: str = ""
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class SourceRow:
    """One row of a table as the reader saw it: cleaned cell texts plus where it came from."""

    cells: list[str]
    line: int | None = None
    page: int | None = None
    raw: str = ""
    bboxes: list[tuple[float, float, float, float] | None] | None = None


@dataclass
class SourceLine:
    """One line of running text (narrative) with its position."""

    text: str
    line: int | None = None
    page: int | None = None


@dataclass
class SourceTable:
    """A table as found by a reader, before recognition: title, number, unit and raw rows."""

    title: str
    number: str | None = None
    unit: str | None = None
    rows: list[SourceRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    line: int | None = None
    page: int | None = None


@dataclass
class SourceDocument:
    """Everything a reader hands to the recognisers."""

    path: str
    sha256: str
    lines: list[SourceLine]
    tables: list[SourceTable]
    medium: Medium = Medium.TEXT
    # OCR: the confidence (0-1) of each amount cell read, by (page, cell box) as in SourceRow.bboxes
    confidence: dict[tuple[int, tuple[float, float, float, float]], Decimal] = field(default_factory=dict)
