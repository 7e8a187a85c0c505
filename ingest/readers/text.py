"""Read the text/markdown form of a disclosure (as PDF converters emit it) into a SourceDocument.

Tables are runs of tab-separated lines, or of markdown pipe rows (``| 科目 | 金额 |``, whose ``|---|`` rule
is dropped). Every line is first brought to one form (:func:`~budgetkg.ingest.normalise.normalise_text`).
Each run's title, number ("表N", before or after the title) and
unit ("单位：万元") are looked up in the lines just before it; a run without a title whose first row
repeats the previous table's header continues that table (page breaks).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from budgetkg.ingest.enums import Medium
from budgetkg.ingest.model import SourceDocument, SourceLine, SourceRow, SourceTable
from budgetkg.ingest.normalise import clean_cell, normalise_text, squash
from budgetkg.ingest.readers.decode import decode_text
from budgetkg.ingest.readers.preamble import plain_line, read_preamble

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$")


def _pipe_rows_as_tabs(lines: list[str]) -> list[str]:
    """Markdown pipe-table rows as tab-separated rows; the ``|---|`` rule under a header becomes a blank
    cell-less line that is dropped with the empty rows (line numbers stay those of the file)."""
    out = []
    for line in lines:
        if _PIPE_RULE.match(line):
            out.append("\t")
        elif _PIPE_ROW.match(line) and line.count("|") >= 3:
            out.append("\t".join(c.strip() for c in line.strip()[1:-1].split("|")))
        else:
            out.append(line)
    return out


def _row(line: str, lineno: int) -> SourceRow:
    cells = [clean_cell(c) for c in line.rstrip("\n").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return SourceRow(cells=cells, line=lineno, raw=line.strip())


def _header_key(row: SourceRow) -> tuple[str, ...]:
    return tuple(squash(c) for c in row.cells if c)


def read_text(path: str | Path, data: bytes | None = None) -> SourceDocument:
    """Read a text disclosure from ``path`` (or from ``data`` when given)."""
    path = Path(path)
    raw = path.read_bytes() if data is None else data
    text, _ = decode_text(raw, str(path))
    return parse_text(text, str(path), hashlib.sha256(raw).hexdigest())


def parse_text(text: str, path: str = "<text>", sha256: str = "") -> SourceDocument:
    """Split ``text`` into narrative lines and tables."""
    lines = _pipe_rows_as_tabs(normalise_text(text).splitlines())
    narrative: list[SourceLine] = []
    tables: list[SourceTable] = []
    previous_end = 0  # index after the last table run
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            if lines[i].strip():
                narrative.append(SourceLine(text=lines[i].strip(), line=i + 1))
            i += 1
            continue
        start = i
        while i < len(lines) and "\t" in lines[i]:
            i += 1
        rows = [_row(lines[k], k + 1) for k in range(start, i)]
        rows = [r for r in rows if any(r.cells)]
        title, number, unit, title_line = read_preamble(lines, previous_end, start)
        previous = tables[-1] if tables else None
        if title is None and previous is not None and rows and _continues(previous, rows[0]):
            previous.rows.extend(rows[1:])
        else:
            tables.append(
                SourceTable(title=title or "", number=number, unit=unit, rows=rows, line=title_line or start + 1)
            )
        previous_end = i
        i = _attach_notes(lines, i, tables[-1], narrative)
        previous_end = i
    return SourceDocument(path=path, sha256=sha256, lines=narrative, tables=tables, medium=Medium.TEXT)


def _continues(previous: SourceTable, first: SourceRow) -> bool:
    if not previous.rows:
        return False
    return _header_key(previous.rows[0]) == _header_key(first)


def _attach_notes(lines: list[str], i: int, table: SourceTable, narrative: list[SourceLine]) -> int:
    """Notes ("注：…") right after a table belong to it; a unit line after the table is its unit."""
    k = i
    while k < len(lines) and not lines[k].strip():
        k += 1
    while k < len(lines) and "\t" not in lines[k]:
        text = plain_line(lines[k])
        if text.startswith("注"):
            table.notes.append(text)
            narrative.append(SourceLine(text=text, line=k + 1))
            k += 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            continue
        break
    return k if k > i and table.notes else i
