"""The indicator grid of a per-project 项目绩效目标表 sheet: 一级指标 / 二级指标 / 三级指标 / 指标值 / 分值.

The grid is read by the columns its heading row names (merged level cells print their text once, on the
first row they cover, so an empty level cell repeats the level above). A 指标值 holds the comparator, the
target and its unit in one cell ("≥30个", "=100%", "20门", "显著提升"); it is split here into what the
Indicator model keeps apart, and kept as printed too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.ingest.normalise import canonical_brackets, squash
from budgetkg.ingest.policy.indicators import COLUMN_KEYS, COMPARATORS, level1_of, level2_of, to_decimal
from budgetkg.ingest.policy.model import Indicator
from budgetkg.ingest.source import SourceRef

_PAREN = re.compile(r"[（(][^）)]*[）)]")
_COMPARATOR = re.compile(r"^(大于等于|小于等于|不低于|不高于|不超过|大于|小于|等于|>=|<=|≥|≤|＝|=|>|<)")
_NUMBER_UNIT = re.compile(r"^([-−]?\d[\d,]*(?:\.\d+)?)([^\d]{0,8})$")
_LEVEL1_WORDS = {"成本指标": "成本指标"}  # 一级 in the central framework (财预〔2021〕101号), 二级 in older ones
_MAX_UNIT = 8


def heading_key(cell: str) -> str | None:
    """The column a heading cell names ('分值（90）' -> weight), None for other cells."""
    return COLUMN_KEYS.get(_PAREN.sub("", canonical_brackets(squash(cell))))


def is_grid_heading(cells: list[str]) -> bool:
    """A heading row of an indicator grid: it names the 三级指标 and the 指标值 (or 一级指标) columns."""
    keys = {heading_key(c) for c in cells if c}
    return "name" in keys and ("target" in keys or "level1" in keys)


def grid_columns(cells: list[str]) -> dict[str, int]:
    """Column index by key (level1, level2, name, target, weight …) from a heading row."""
    cols: dict[str, int] = {}
    for j, cell in enumerate(cells):
        key = heading_key(cell)
        if key and key not in cols:
            cols[key] = j
    return cols


@dataclass(frozen=True)
class Target:
    """A 指标值 split: comparator (normalised), number, unit; ``text`` is the cell as printed."""

    text: str
    comparator: str | None = None
    number: Decimal | None = None
    unit: str | None = None


def parse_target(printed: str) -> Target:
    """'≥30个' -> (大于等于, 30, 个); '=100%' -> (等于, 100, %); '显著提升' -> text only; '2023年12月前' -> text."""
    text = squash(printed)
    comparator = None
    rest = text
    if m := _COMPARATOR.match(text):
        comparator, rest = COMPARATORS[m.group(1)], text[m.end() :]
    m = _NUMBER_UNIT.match(rest)
    if not m:
        return Target(text, comparator)
    number = to_decimal(m.group(1))
    unit = m.group(2) or None
    if unit in ("％",):
        unit = "%"
    if unit is not None and len(unit) > _MAX_UNIT:
        return Target(text, comparator)
    return Target(text, comparator, number, unit)


def _level1(text: str) -> str | None:
    return level1_of(text) or _LEVEL1_WORDS.get(text)


def _level2(text: str) -> str:
    known = level2_of(text)
    return known[0] if known else canonical_brackets(text)


@dataclass
class GridState:
    """The columns of the grid being read and the levels the merged cells above carry down."""

    columns: dict[str, int]
    level1: str | None = None
    level2: str | None = None


@dataclass
class GridRow:
    """One indicator row read (or None) and what was wrong with it."""

    indicator: Indicator | None
    problems: list[str]


def read_grid_row(cells: list[str], state: GridState, source: SourceRef, table: str | None) -> GridRow:
    """Read one row of the grid by its heading's columns; the levels carry down over merged cells."""
    get = {k: squash(cells[j]) if j < len(cells) else "" for k, j in state.columns.items()}
    level1_text, level2_text = get.get("level1", ""), get.get("level2", "")
    if level1_text:
        level1 = _level1(level1_text)
        if level1 is None:
            return GridRow(None, [f"'{level1_text}' in the 一级指标 column is not a level-1 indicator name"])
        if level1 != state.level1:
            state.level2 = None
        state.level1 = level1
    if level2_text:
        state.level2 = _level2(level2_text)
    name = get.get("name", "")
    if not name:
        return GridRow(None, ["no 三级指标 (indicator name) in the row"])
    problems = []
    if state.level1 is None:
        problems.append("no 一级指标 above it")
    target = parse_target(get["target"]) if get.get("target") else None
    weight = None
    if get.get("weight"):
        weight = to_decimal(get["weight"])
        if weight is None:
            problems.append(f"分值 '{get['weight']}' is not a number")
    elif "weight" in state.columns:
        problems.append("no 分值 (score)")
    if target is None:
        problems.append("no 指标值 (target)")
    indicator = Indicator(
        name=name,
        level1=state.level1,
        level2=state.level2,
        comparator=target.comparator if target else None,
        target=target.text if target else None,
        target_number=target.number if target else None,
        unit=target.unit if target else None,
        weight=weight,
        source=source,
        table=table,
    )
    return GridRow(indicator, problems)
