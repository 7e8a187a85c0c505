"""Budget units: read from 单位情况表 and from "401004-名称" cells, merged into one node per unit."""

from __future__ import annotations

import dataclasses
import re
from difflib import SequenceMatcher

from budgetkg.ingest.model import Extraction, SourceRef, SourceTable, TableReadError, UnitInfo
from budgetkg.ingest.normalise import squash
from budgetkg.ingest.tables.headers import flatten_header

_CODED = re.compile(r"^\s*(\d{3,9})\s*[-－—_:：]\s*(\S.*)$")
_SELF = re.compile(r"[（(]\s*(本级|局本级|机关|本部)\s*[)）]")
_MIN_SIMILARITY = 0.8


def split_coded_name(text: str) -> tuple[str | None, str]:
    """'401004-包头市技工教育发展促进中心' -> ('401004', '包头市技工教育发展促进中心')."""
    m = _CODED.match(text)
    if m:
        return m.group(1), squash(m.group(2))
    return None, squash(text)


def normalise_unit_name(name: str) -> str:
    """Unit names without spaces or a '(本级)' suffix, for matching."""
    return _SELF.sub("", squash(name))


def register_unit(
    out: Extraction,
    name: str,
    code: str | None = None,
    unit_type: str | None = None,
    seq: int | None = None,
    source: SourceRef = SourceRef(),
) -> str:
    """Add or update a unit; return its key (code when known, else normalised name)."""
    norm = normalise_unit_name(name)
    for unit in out.units:
        if (code and unit.code == code) or (not code and not unit.code and unit.name == norm):
            unit.names.add(squash(name))
            if norm.startswith(unit.name) and len(norm) > len(unit.name):  # the first spelling was cut short
                unit.name = norm
            unit.unit_type = unit.unit_type or unit_type
            unit.seq = unit.seq or seq
            return unit.key
    unit = UnitInfo(name=norm, code=code, unit_type=unit_type, seq=seq, names={squash(name)}, source=source)
    out.units.append(unit)
    return unit.key


def _sequence_number(text: str, row: int) -> int | None:
    """The 序号 of a row; None when the cell holds no digits."""
    if not text.isdigit():
        return None
    try:
        return int(text)
    except ValueError as exc:  # digits int() does not read ('①', '²')
        raise TableReadError(f"row {row}: 序号 '{text}' is not a number") from exc


def extract_units_table(table: SourceTable, out: Extraction) -> int:
    """Rows of 单位情况表: 序号, 单位名称, 单位性质 (columns found by their headings)."""
    header, data = table.rows[:1], table.rows[1:]  # one header row: 序号 | 单位名称 | 单位性质
    width = max((len(r.cells) for r in table.rows), default=0)
    labels = flatten_header(header, width)
    col = {"seq": 0, "name": 1, "type": 2}
    for j, label in enumerate(labels):
        if "序号" in label:
            col["seq"] = j
        elif "名称" in label:
            col["name"] = j
        elif "性质" in label or "类型" in label:
            col["type"] = j
    count = 0
    span = max(width, *col.values()) + 1  # rows shorter than the three columns read as empty cells
    for index, row in enumerate(data, start=1):
        cells = row.cells + [""] * span
        name = cells[col["name"]]
        if not name:
            continue
        seq_text = squash(cells[col["seq"]])
        code, plain = split_coded_name(name)
        register_unit(
            out,
            plain,
            code=code,
            unit_type=squash(cells[col["type"]]) or None,
            seq=_sequence_number(seq_text, index),
            source=SourceRef(line=row.line, page=row.page, row=index, text=row.raw),
        )
        count += 1
    return count


def resolve_units(out: Extraction) -> None:
    """Merge units known only by name into coded units printed under another spelling.

    Exact matches (after removing spaces and '(本级)') first, then the most similar remaining pairs,
    each name matched at most once and only above a similarity threshold.
    """
    coded = [u for u in out.units if u.code]
    named = [u for u in out.units if not u.code]
    if not coded or not named:
        return
    pairs: list[tuple[float, UnitInfo, UnitInfo]] = []
    for n in named:
        for c in coded:
            names = {normalise_unit_name(x) for x in c.names} | {c.name}
            score = max(1.0 if n.name == x else SequenceMatcher(None, n.name, x).ratio() for x in names)
            pairs.append((score, n, c))
    pairs.sort(key=lambda p: -p[0])
    taken_named: set[int] = set()
    taken_coded: set[int] = set()
    renames: dict[str, str] = {}
    for score, n, c in pairs:
        if score < _MIN_SIMILARITY or id(n) in taken_named or id(c) in taken_coded:
            continue
        taken_named.add(id(n))
        taken_coded.add(id(c))
        c.names |= n.names
        if n.name.startswith(c.name) and len(n.name) > len(c.name):  # the coded spelling was cut short
            c.name = n.name
        c.unit_type = c.unit_type or n.unit_type
        c.seq = c.seq or n.seq
        if n.source.line is not None or n.source.page is not None:
            c.source = n.source
        renames[n.key] = c.key
    out.units = [u for u in out.units if id(u) not in taken_named]
    if renames:
        out.observations = [
            dataclasses.replace(o, org=renames.get(o.org, o.org)) if o.org else o for o in out.observations
        ]
