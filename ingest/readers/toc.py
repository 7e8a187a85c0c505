"""Table numbers from a table of contents that numbers its tables with digits ("5．2025年部门…预算表")."""

from __future__ import annotations

import re

from budgetkg.ingest.model import SourceLine, SourceTable
from budgetkg.ingest.normalise import normalise_label, squash

_DIGIT_ENTRY = re.compile(r"^(\d{1,2})\s*[.．、]\s*(\S.*表)$")


def digit_numbered_titles(lines: list[SourceLine]) -> dict[str, str]:
    """Normalised table title -> its number, for contents entries such as '5．2025年部门…预算表'."""
    found: dict[str, str] = {}
    for line in lines:
        m = _DIGIT_ENTRY.match(squash(line.text))
        if m:
            found.setdefault(normalise_label(m.group(2)), m.group(1))
    return found


def number_tables(tables: list[SourceTable], lines: list[SourceLine]) -> None:
    """Give unnumbered tables the number their title has in the contents, when the contents say."""
    titles = digit_numbered_titles(lines)
    used = {t.number for t in tables if t.number}
    for table in tables:
        if table.number or not table.title:
            continue
        number = titles.get(normalise_label(table.title))
        if number and number not in used:
            table.number = number
            used.add(number)
