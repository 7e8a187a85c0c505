"""Tables printed as column groups side by side become one table.

A 基本支出表 often prints 人员经费 and 公用经费 as two groups of columns next to each other, each with its
own code, name and amount columns (类 | 款 | 科目名称 | 决算数 | 类 | 款 | 科目名称 | 决算数). What the
header says decides it: the columns' roles (code, name, amount, read from their deepest heading) repeat
as k >= 2 equal groups, each with a code and an amount column. The rows of the first group come first,
then those of the next; code and name columns are shared, an amount column is shared with the columns of
the other groups that carry the same heading, and one whose heading only another group has (人员经费 |
公用经费) gets a column of its own, so no amount loses its heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetkg.ingest.model import SourceRow, SourceTable
from budgetkg.ingest.normalise import squash

_CODE_WORDS = ("编码", "代码")
_CODE_LEVELS = {"类", "款", "项"}
_NAME_WORDS = ("名称",)
_NAME_HEADINGS = {"项目", "科目"}


@dataclass
class _Groups:
    size: int  # columns per group
    count: int
    keys: list[int]  # positions (within a group) of code and name columns
    slots: list[tuple[int, int]]  # output amount columns: (group, position) of the column that heads each
    slot_of: dict[tuple[int, int], int]  # (group, position) of an amount column -> its output column


def _stacks(header: list[SourceRow], width: int) -> list[list[str]]:
    return [[squash(r.cells[j]) for r in header if j < len(r.cells) and squash(r.cells[j])] for j in range(width)]


def _role(stack: list[str]) -> str:
    """code, name or amount, from a column's headings (the deepest one decides, its parents help)."""
    if not stack:
        return ""
    deepest = stack[-1]
    if deepest in _CODE_LEVELS or any(w in deepest for w in _CODE_WORDS):
        return "code"
    if deepest in _NAME_HEADINGS or any(w in deepest for w in _NAME_WORDS):
        return "name"
    return "amount"


def _groups(header: list[SourceRow]) -> _Groups | None:
    """How the header's columns fall into repeated code/name/amount groups; None for one group."""
    width = max((len(r.cells) for r in header), default=0)
    stacks = _stacks(header, width)
    roles = [_role(s) for s in stacks]
    for size in range(2, width // 2 + 1):
        if width % size:
            continue
        unit = roles[:size]
        if "code" not in unit or "amount" not in unit or roles != unit * (width // size):
            continue
        count = width // size
        keys = [p for p, role in enumerate(unit) if role != "amount"]
        amounts = [p for p, role in enumerate(unit) if role == "amount"]
        slots: list[tuple[int, int]] = []
        slot_of: dict[tuple[int, int], int] = {}
        for group in range(count):
            for p in amounts:
                label = stacks[group * size + p][-1]
                same = next(
                    (k for k, (g, q) in enumerate(slots) if q == p and stacks[g * size + q][-1] == label),
                    None,
                )
                if same is None:
                    slots.append((group, p))
                    same = len(slots) - 1
                slot_of[(group, p)] = same
        return _Groups(size, count, keys, slots, slot_of)
    return None


def _order(groups: _Groups) -> list[tuple[str, int]]:
    """Output columns in the first group's order, amount columns only another group heads at the end."""
    out: list[tuple[str, int]] = []
    for p in range(groups.size):
        if p in groups.keys:
            out.append(("key", p))
        else:
            out.append(("slot", groups.slot_of[(0, p)]))
    first = {k for kind, k in out if kind == "slot"}
    out += [("slot", k) for k in range(len(groups.slots)) if k not in first]
    return out


def _sources(groups: _Groups, order: list[tuple[str, int]], group: int | None) -> list[int | None]:
    """For each output column, the column it is taken from: for the header (``group`` None) the column that
    heads it, for a row of ``group`` that group's column (None where the group has no such column)."""
    out: list[int | None] = []
    for kind, k in order:
        if kind == "key":
            out.append((group or 0) * groups.size + k)
        elif group is None:
            owner, p = groups.slots[k]
            out.append(owner * groups.size + p)
        else:
            p = next((q for (g, q), s in groups.slot_of.items() if g == group and s == k), None)
            out.append(None if p is None else group * groups.size + p)
    return out


def _part(row: SourceRow, sources: list[int | None]) -> SourceRow:
    cells = [row.cells[j] if j is not None and j < len(row.cells) else "" for j in sources]
    boxes = [row.bboxes[j] if row.bboxes and j is not None and j < len(row.bboxes) else None for j in sources]
    while cells and not cells[-1]:
        cells.pop()
    return SourceRow(
        cells=cells, line=row.line, page=row.page, raw=" | ".join(c for c in cells if c), bboxes=boxes[: len(cells)]
    )


def is_side_by_side(header: list[SourceRow]) -> bool:
    """True when the header's columns repeat as groups, each with its own code and amount columns."""
    return bool(header) and _groups(header) is not None


def split_side_by_side(table: SourceTable, header_rows: int) -> SourceTable:
    """The rows of the first column group, then those of the next, under one header."""
    header = table.rows[:header_rows]
    groups = _groups(header) if header else None
    if groups is None:
        return table
    order = _order(groups)
    heads = _sources(groups, order, None)
    rows = [_part(r, heads) for r in header]
    for group in range(groups.count):
        sources = _sources(groups, order, group)
        parts = [_part(r, sources) for r in table.rows[header_rows:]]
        rows += [p for p in parts if any(p.cells)]
    table.rows = rows
    return table
