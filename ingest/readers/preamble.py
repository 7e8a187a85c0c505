"""The words just above a table: its title, its number (表N, 公开N表) and its unit (单位：万元).

Both readers call :func:`read_preamble` on the lines before a table: the text reader on the lines before a
tab-separated run, the PDF reader on the lines above a ruled grid.
"""

from __future__ import annotations

import re

from budgetkg.ingest.normalise import clean_cell, squash

_NUMBER = re.compile(r"^(?:表\s*(\d+(?:-\d+)?)|(公开\s*\d+\s*表))$")
_UNIT = re.compile(r"单位\s*[:：]\s*(万元|元|亿元)")
_HEADING = re.compile(r"^#+\s*")
_LOOKBACK = 8


def plain_line(line: str) -> str:
    return clean_cell(_HEADING.sub("", line))


def is_title(text: str) -> bool:
    """True for a line that reads like a table's title (ends in 表, or 表（…）)."""
    t = squash(text)
    if not t or len(t) > 60 or _UNIT.search(t) or t.startswith("注"):
        return False
    return t.endswith("表") or bool(re.search(r"表[（(].*[)）]$", t))


def table_number(text: str) -> str | None:
    """The table number a line consists of (表3, 表1-2, 公开01表), else None."""
    m = _NUMBER.match(squash(text))
    if not m:
        return None
    return m.group(1) or squash(m.group(2))


def read_preamble(lines: list[str], lo: int, start: int) -> tuple[str | None, str | None, str | None, int | None]:
    """Look back from ``start`` (not before ``lo``) for the table's title, number and unit."""
    title = number = unit = None
    title_line = None
    seen = 0
    k = start - 1
    while k >= lo and seen < _LOOKBACK:
        text = plain_line(lines[k])
        k -= 1
        if not text:
            continue
        seen += 1
        if number is None and (n := table_number(text)):
            number = n
            continue
        if unit is None and (m := _UNIT.search(squash(text))):
            unit = m.group(1)
            continue
        if title is None and is_title(text):
            title, title_line = squash(text), k + 2
            continue
        if title is not None:
            break
    return title, number, unit, title_line
