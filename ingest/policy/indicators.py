"""Read performance-indicator rows of a 项目绩效目标表 by the vocabulary of each column, not by position.

Extraction often shifts cells sideways, so a row is first read by its header's columns and, when the cells
there do not fit their column's vocabulary, re-read as a sequence: level names ("产出指标(50分)", 数量指标),
the indicator's name, 指标性质 (正向/反向/定性), comparator (大于等于 …), 目标值, 计量单位, 分值.
Level names are normalised after ../shared/reference/performance-indicator-framework.csv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budgetkg.ingest.model import SourceRef
from budgetkg.ingest.normalise import canonical_brackets, squash
from budgetkg.ingest.policy.model import Indicator

_LEVEL1 = re.compile(r"^(产出|效益|满意度)指标(?:[(（]\d+(?:\.\d+)?分[)）])?$")
# level-2 spelling -> (normalised level 2, its level 1), from the reference framework
LEVEL2: dict[str, tuple[str, str]] = {}
for _names, _norm, _parent in [
    (("数量指标",), "数量指标", "产出指标"),
    (("质量指标",), "质量指标", "产出指标"),
    (("时效指标",), "时效指标", "产出指标"),
    (("成本指标",), "成本指标", "产出指标"),
    (("经济效益", "经济效益指标"), "经济效益指标", "效益指标"),
    (("社会效益", "社会效益指标"), "社会效益指标", "效益指标"),
    (("生态效益", "生态效益指标"), "生态效益指标", "效益指标"),
    (("环境效益", "环境效益指标"), "环境效益指标", "效益指标"),
    (
        ("可持续影响", "可持续性影响", "持续影响", "可持续影响指标", "可持续性影响指标", "持续影响指标"),
        "可持续影响指标",
        "效益指标",
    ),
    (("服务对象满意度", "服务对象满意度指标"), "服务对象满意度指标", "满意度指标"),
    (("社会公众或服务对象满意度", "社会公众或服务对象满意度指标"), "社会公众或服务对象满意度指标", "满意度指标"),
]:
    for _n in _names:
        LEVEL2[_n] = (_norm, _parent)

NATURES = {
    "正向": "正向",
    "反向": "反向",
    "定性": "定性",
    "正向指标": "正向",
    "反向指标": "反向",
    "定性指标": "定性",
    "定量": "定量",
}
COMPARATORS = {
    "大于等于": "大于等于",
    "小于等于": "小于等于",
    "等于": "等于",
    "大于": "大于",
    "小于": "小于",
    "≥": "大于等于",
    ">=": "大于等于",
    "≤": "小于等于",
    "<=": "小于等于",
    "=": "等于",
    "＝": "等于",
    ">": "大于",
    "<": "小于",
    "不低于": "大于等于",
    "不高于": "小于等于",
    "不超过": "小于等于",
}
_UNIT_CHARS = set(
    "%‰％万亿千百元角人次个件年月日天周时小学分页张套项组辆部台度吨米平方立厘公里克升本册场批户家"
    "所座处条篇期卷岁底全比率名位间床号道块根"
)
_NUMBER = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?$")

COLUMN_KEYS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标名称": "name",
    "指标性质": "nature",
    "指标方向": "comparator",
    "运算符": "comparator",
    "目标值": "target",
    "指标值": "target",
    "计量单位": "unit",
    "度量单位": "unit",
    "分值": "weight",
    "权重": "weight",
}


def level1_of(text: str) -> str | None:
    """'产出指标(50分)' -> '产出指标'; None when the text is not a level-1 name."""
    m = _LEVEL1.match(squash(text))
    return f"{m.group(1)}指标" if m else None


def level2_of(text: str) -> tuple[str, str] | None:
    """(normalised level 2, its level 1) for a level-2 spelling, e.g. 持续影响 -> 可持续影响指标."""
    return LEVEL2.get(canonical_brackets(squash(text)))


def is_level(text: str) -> bool:
    return level1_of(text) is not None or level2_of(text) is not None


def to_decimal(text: str) -> Decimal | None:
    t = squash(text).replace("−", "-")
    if not _NUMBER.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover
        return None


def is_unit(text: str) -> bool:
    """A 计量单位: short, not a number, made of unit characters ('%', '万元/年', '元/人/天', '个月')."""
    t = squash(text)
    return 0 < len(t) <= 6 and to_decimal(t) is None and all(c in _UNIT_CHARS or c == "/" for c in t)


def target_number(target: str | None) -> Decimal | None:
    """The numeric value of a 目标值 ('95', '1.375', '100%'); None for '长期', '12月15日前' …"""
    if not target:
        return None
    return to_decimal(target[:-1] if target.endswith(("%", "％")) else target)


_FIRST_NUMBER_YEAR = re.compile(r"^[^0-9]*((?:19|20)[0-9]{2})(?![0-9])")


def target_year(target: str | None) -> int | None:
    """The year a 目标值 names when its first number is one ('2024年12月底前' -> 2024; '95%', '12月底前' -> None)."""
    m = _FIRST_NUMBER_YEAR.match(target or "")
    return int(m.group(1)) if m else None


@dataclass
class RowReading:
    """What one row yields: an indicator (or None) plus problems to report."""

    indicator: Indicator | None
    problems: list[str]
    level1: str | None = None
    level2: str | None = None


def read_positional(
    cells: dict[int, str], columns: dict[str, int], source: SourceRef, carry: tuple[str | None, str | None]
) -> RowReading | None:
    """Read a row by its header's columns; None when some cell does not fit its column's vocabulary."""
    if "name" not in columns:
        return None
    used = {j for k, j in columns.items() if k in COLUMN_KEYS.values()}
    if any(v and j not in used for j, v in cells.items()):
        return None
    get = {k: squash(cells.get(j, "")) for k, j in columns.items() if k in COLUMN_KEYS.values()}
    name = get.get("name", "")
    checks = [
        bool(name) and not is_level(name) and name not in NATURES and name not in COMPARATORS,
        not get.get("level1") or level1_of(get["level1"]) is not None or level2_of(get["level1"]) is not None,
        not get.get("level2") or level2_of(get["level2"]) is not None,
        not get.get("nature") or get["nature"] in NATURES,
        not get.get("comparator") or get["comparator"] in COMPARATORS,
        not get.get("unit") or is_unit(get["unit"]),
        not get.get("weight") or to_decimal(get["weight"]) is not None,
    ]
    if not all(checks):
        return None
    levels = [t for t in (get.get("level1"), get.get("level2")) if t]
    return _build(
        levels,
        name,
        get.get("nature"),
        get.get("comparator"),
        [t for t in (get.get("target"), get.get("unit"), get.get("weight")) if t],
        source,
        carry,
        positional=("weight" in columns, get.get("target") or None, get.get("unit") or None),
    )


def read_sequence(tokens: list[str], source: SourceRef, carry: tuple[str | None, str | None]) -> RowReading:
    """Read the non-empty cells of a shifted row in order: levels, name, nature, comparator, value, unit, score."""
    toks = [squash(t) for t in tokens if squash(t)]
    i = 0
    levels: list[str] = []
    while i < len(toks) and is_level(toks[i]):
        levels.append(toks[i])
        i += 1
    name = ""
    if i < len(toks) and toks[i] not in NATURES and toks[i] not in COMPARATORS:
        name = toks[i]
        i += 1
    nature = comparator = None
    while i < len(toks) and (toks[i] in NATURES or toks[i] in COMPARATORS):
        if toks[i] in NATURES and nature is None and comparator is None:
            nature = toks[i]
        elif toks[i] in COMPARATORS and comparator is None:
            comparator = toks[i]
        else:
            break
        i += 1
    return _build(levels, name, nature, comparator, toks[i:], source, carry)


def _build(
    levels: list[str],
    name: str,
    nature: str | None,
    comparator: str | None,
    rest: list[str],
    source: SourceRef,
    carry: tuple[str | None, str | None],
    positional: tuple[bool, str | None, str | None] | None = None,
) -> RowReading:
    problems: list[str] = []
    l1_tokens = [level1_of(t) for t in levels if level1_of(t)]
    l2_tokens = [level2_of(t) for t in levels if level2_of(t) and not level1_of(t)]
    level2, parent = l2_tokens[0] if l2_tokens else (None, None)
    if len(set(l2_tokens)) > 1:
        problems.append(f"two 二级指标 ({', '.join(t for t in levels if level2_of(t))}): kept the first")
    if not levels:
        level1, level2 = carry
    else:
        level1 = parent or (l1_tokens[-1] if l1_tokens else None) or carry[0]
    if not name:
        raw_l2 = [t for t in levels if level2_of(t)]
        if not raw_l2:
            return RowReading(None, ["no indicator name in the row"], level1, level2)
        name = raw_l2[-1]  # e.g. '服务对象满意度' printed once, as both 二级 and 三级 indicator
    if positional is not None:
        has_weight, target, unit = positional
        weight = to_decimal(rest[-1]) if has_weight and rest and to_decimal(rest[-1]) is not None else None
    else:
        target, unit, weight = _value_unit_weight(rest, problems)
    if nature is None and comparator is None and target is None and weight is None:
        problems.append("no 指标性质, 目标值 or 分值: the rest of the row was lost in extraction")
    elif weight is None:
        problems.append("no 分值 (score)")
    number = target_number(target)
    if unit is None and target and target.endswith(("%", "％")) and number is not None:
        unit = "%"
    indicator = Indicator(
        name=name,
        level1=level1,
        level2=level2,
        nature=NATURES.get(nature or ""),
        comparator=COMPARATORS.get(comparator or ""),
        target=target,
        target_number=number,
        unit=unit,
        weight=weight,
        source=source,
    )
    return RowReading(indicator, problems, level1, level2)


def _value_unit_weight(rest: list[str], problems: list[str]) -> tuple[str | None, str | None, Decimal | None]:
    target = unit = None
    weight = None
    i = 0
    if rest and not (rest[0] in ("%", "％") and len(rest) > 1) and not (len(rest) == 1 and _is_score(rest[0])):
        target = rest[0]
        i = 1
    while i < len(rest):
        tok = rest[i]
        if weight is None and unit is None and is_unit(tok):
            unit = tok
        elif to_decimal(tok) is not None:
            weight = to_decimal(tok)
            i += 1
            break
        else:
            problems.append(f"unexpected cell '{tok}' after the 目标值")
        i += 1
    extra = [t for t in rest[i:] if t]
    if extra and weight is not None and extra != [format(weight, "f")]:
        problems.append(f"ignored cells after the 分值: {' | '.join(extra)}")
    return target, unit, weight


def _is_score(tok: str) -> bool:
    value = to_decimal(tok)
    return value is not None and Decimal(0) < value <= Decimal(50)
