"""Small text helpers: cleaning cells, parsing amounts, normalising labels and codes."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_MARKUP = re.compile(r"</?\s*[a-zA-Z][^>]*>")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_AMOUNT = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")

UNIT_FACTORS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

_PAREN_MAP = str.maketrans({"(": "（", ")": "）", "“": "", "”": "", '"': "", "〝": "", "〞": ""})
_TITLE_MARKS = str.maketrans(
    {"（": "(", "）": ")", "<": "〈", ">": "〉", "＜": "〈", "＞": "〉", "《": "〈", "》": "〉", "“": '"', "”": '"'}
)


def strip_markup(text: str) -> str:
    """Remove ``<b>``-style tags and ``**`` emphasis that converters leave in cells."""
    return _MARKUP.sub("", text).replace("**", "").strip()


def clean_cell(text: str | None) -> str:
    """A cell's text without markup and surrounding white space (None becomes "")."""
    if text is None:
        return ""
    return strip_markup(text).strip()


def squash(text: str) -> str:
    """Remove all white space (extraction often splits CJK words: '合 计', '收 入 总 计')."""
    return _SPACES.sub("", text)


def normalise_label(text: str) -> str:
    """Canonical form of a heading or item label: no spaces, quotes or numbering, full-width parens."""
    text = squash(clean_cell(text)).translate(_PAREN_MAP)
    text = re.sub(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])", "", text)
    return text


def parse_amount(text: str | None) -> Decimal | None:
    """Parse a printed amount ("10,317.25", "0.00", "-3.5"); None when the cell holds no amount."""
    if text is None:
        return None
    t = squash(clean_cell(text)).replace("−", "-")
    if not t or not _AMOUNT.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


def to_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """Convert an amount printed in ``unit`` (万元, 元, 亿元) to exact 元."""
    factor = UNIT_FACTORS.get(unit or "元", Decimal(1))
    return canonical_decimal(amount * factor)


def from_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """The number a table or sentence in ``unit`` prints for ``amount`` 元 (the inverse of :func:`to_yuan`)."""
    factor = UNIT_FACTORS.get(unit or "元", Decimal(1))
    return canonical_decimal(amount / factor)


def canonical_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent (9476600.00 -> 9476600)."""
    if value == 0:
        return Decimal(0)
    text = format(value.normalize(), "f")
    return Decimal(text)


def is_code(text: str) -> bool:
    """True for a classification code of 3, 5 or 7 digits."""
    return bool(_CODE.match(squash(text)))


def parent_code(code: str) -> str | None:
    """208 <- 20801 <- 2080101; None for a top-level code."""
    return code[:-2] if len(code) > 3 else None


def is_total_label(text: str) -> bool:
    """True for 合计 / 总计 rows ('合 计', '收 入 总 计', '本年支出合计')."""
    t = normalise_label(text)
    return t in {"合计", "总计"} or t.endswith("合计") or t.endswith("总计")


def normalise_title(title: str) -> str:
    """A policy document's title for matching: no 《》 or white space, half-width parentheses, 〈〉 inside."""
    return squash(title).strip("《》").translate(_TITLE_MARKS)
