"""年初预算 against 决算 in a final-accounts narrative: the budgeted and the final amount, the completion
percent and the stated direction of the difference, with its reason.

    …年初预算为 1560.05 万元，支出决算为 1511.89 万元，完成年初预算的 98.20%。
    决算数小于预算数的主要原因：…    /    决算数与预算数基本持平。
"""

from __future__ import annotations

import re
from decimal import Decimal

NUMBER = r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万)"
_BUDGET_WORD = r"(?:(?:年初|调整后?|全年)预算数?|预算数)"
BUDGETED = re.compile(rf"{_BUDGET_WORD}(?:为|是)?\s*{NUMBER}")
FINAL = re.compile(rf"(?:支出)?决算(?:数)?(?:为|是)?\s*{NUMBER}")
COMPLETION = re.compile(r"完成(?:了)?(?:年初|调整后?|全年)?预算(?:数)?的?\s*(\d+(?:\.\d+)?)\s*%")
_DIRECTION_WORDS = {
    "大于": "above",
    "高于": "above",
    "超过": "above",
    "多于": "above",
    "小于": "below",
    "低于": "below",
    "少于": "below",
    "等于": "equal",
    "持平": "equal",
    "一致": "equal",
    "相等": "equal",
    "相同": "equal",
}
DIRECTION = re.compile(
    r"决算数?(?:(大于|高于|超过|多于|小于|低于|少于|等于)(?:年初|调整后?|全年)?预算数?"
    r"|与(?:年初|调整后?|全年)?预算数?(?:相比)?(?:基本)?(持平|一致|相等|相同))"
)
_REASON = re.compile(r"^(?:的)?(?:主要)?原因(?:是|为|主要是)?[：:]?")

# the stated direction as the ontology names it (bgt:FinalAboveBudget …) and as printed
DIRECTIONS = {"above": "大于", "below": "小于", "equal": "等于"}


def direction(body: str) -> tuple[str, str, int] | None:
    """(direction, subject before it, end offset) of a 决算数大于/小于/等于预算数 clause."""
    m = DIRECTION.search(body)
    if not m:
        return None
    return _DIRECTION_WORDS[m.group(1) or m.group(2)], body[: m.start()], m.end()


def reason_after(text: str, start: int) -> str | None:
    """The reason stated from ``start`` (…的主要原因：X。), up to the end of its sentence."""
    rest = text[start:]
    m = _REASON.match(rest)
    if not m or not m.group(0).strip("的"):
        return None
    reason = rest[m.end() :].split("。", 1)[0].strip("，,；; ")
    return reason or None


def completion(body: str) -> Decimal | None:
    m = COMPLETION.search(body)
    return Decimal(m.group(1)) if m else None


def is_final_paragraph(text: str) -> bool:
    """Whether a paragraph sets a final amount against a budget (a 决算 amount or 完成预算的 x%)."""
    return bool(FINAL.search(text) or COMPLETION.search(text) or DIRECTION.search(text))
