"""What a year-on-year comparison in the narrative says besides its change: the direction word, what it is
compared with (上年 / 2023年度决算数 / 2024年预算执行数, and so which year) and the previous amount when the
sentence prints it.

    一般公共预算拨款收入 947.66 万元，比上年预算数 900.00 万元增加 47.66 万元。   (previous 900.00)
    …会议费预算支出 1305.25 万元，本年数小于上年预算数 403.75 万元。           (a change of −403.75)
    因公出国（境）费 0 万元，与 2024 年预算持平。                               (flat, compared with 2024)

The words are kept as printed so that the validation rules can set them against the numbers (the direction
against the two amounts, the previous amount against the previous year's disclosure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetkg.ingest.normalise import printed_decimals, printed_precision, to_yuan, unit_name

_NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万)(?!\s*[%％])"
_WHEN = r"(?:上年|去年|上一年|(20\d{2})年)度?(?:全年|同期)?"
_WHAT = r"(?:年初)?(?:预算执行数|执行数|预算数?|决算数?)?"
# 与上年相比 / 比2023年度决算数 / 较上年全年预算数: the words naming what is compared with
BASIS = re.compile(rf"(?:与|比|较|同|于)({_WHEN}{_WHAT})")
# 上年 900.00 万元 (a clause of its own) / 比上年预算数 900.00 万元增加…: the previous amount as printed
_PREVIOUS = re.compile(rf"(?:^|(?<=[比较与]))(?:{_WHEN}){_WHAT}(?:收入|支出)?(?:为|是|的)?\s*{_NUMBER}")
# 本年数小于上年预算数 403.75 万元: the difference, with its direction
_GOES_ON = re.compile(r"\s*(?:相比|比较)?[，,]?\s*(?:增加|增长|减少|下降|降低|上升|提高|持平)")
_COMPARED_BY = re.compile(rf"(大于|多于|高于|超过|小于|少于|低于){_WHEN}{_WHAT}\s*{_NUMBER}")

INCREASE, DECREASE, FLAT = "increase", "decrease", "flat"
_WORDS = {
    "增加": INCREASE,
    "增长": INCREASE,
    "上升": INCREASE,
    "提高": INCREASE,
    "大于": INCREASE,
    "多于": INCREASE,
    "高于": INCREASE,
    "超过": INCREASE,
    "减少": DECREASE,
    "下降": DECREASE,
    "降低": DECREASE,
    "小于": DECREASE,
    "少于": DECREASE,
    "低于": DECREASE,
}
_FLAT = re.compile(r"(?<!基本)(?<!大致)(?<!大体)(持平|保持不变|没有变化|无变化)")  # 基本持平 allows a difference


@dataclass(frozen=True)
class Printed:
    """An amount as the sentence prints it: 元, and the 元 value of one unit of its last printed digit."""

    yuan: Decimal
    precision: Decimal


def printed(number: str, unit: str) -> Printed:
    value = Decimal(number.replace(",", ""))
    return Printed(to_yuan(value, unit_name(unit)), printed_precision(printed_decimals(value), unit_name(unit)))


def word_direction(word: str) -> str | None:
    """increase / decrease for a change word (增加, 下降, 小于 …), None for any other."""
    return _WORDS.get(word)


def flat(body: str) -> bool:
    """Whether the clause says the amount did not change (持平, 保持不变; not 基本持平)."""
    return bool(_FLAT.search(body))


def basis(body: str, fiscal_year: int | None) -> tuple[str, int | None] | None:
    """(what the clause compares with, as printed, and its year) or None when it names no earlier year."""
    m = BASIS.search(body)
    if not m:
        return None
    year = int(m.group(2)) if m.group(2) else (fiscal_year - 1 if fiscal_year else None)
    return m.group(1), year


def previous(body: str, fiscal_year: int | None) -> Printed | None:
    """The previous year's amount the clause prints: 上年 900.00 万元, 比上年预算数 900.00 万元增加…; a year
    named must be the one before the document's (2019年 in a 2020 document), else it is no previous amount."""
    for m in _PREVIOUS.finditer(body):
        if m.group(1) and (fiscal_year is None or int(m.group(1)) != fiscal_year - 1):
            continue
        if m.start() > 0 and not _GOES_ON.match(body, m.end()):
            continue  # 比上年 X 万元 must go on with its change (…增加 Y 万元), else X is the change
        return printed(m.group(2), m.group(3))
    return None


def compared_by(body: str) -> tuple[str, Printed] | None:
    """本年数小于上年预算数 403.75 万元: (direction, the difference as printed)."""
    m = _COMPARED_BY.search(body)
    if not m:
        return None
    return _WORDS[m.group(1)], printed(m.group(3), m.group(4))
