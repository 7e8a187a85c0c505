"""The one place where text, numbers, units, document numbers and phases are normalised.

Readers, table and narrative recognisers, the policy layer, the mapper, the query binder, the shapes' reports
and the synthetic generator all call these functions; none keeps its own copy.

- characters: :func:`normalise_text` (NFKC for compatibility forms, control characters dropped), applied by
  both readers to every line and cell before anything is recognised;
- text: markup, white space (:func:`squash`), brackets and quotes in one canonical form (full-width
  parentheses, no quotes: :func:`canonical_brackets`), labels (:func:`normalise_label`);
- numbers: :func:`parse_amount`, :func:`canonical_decimal`, :func:`printed_decimals`;
- units and scales: :data:`UNIT_FACTORS` (元, 万元, 亿元), :func:`unit_name`, :func:`unit_scale`, :func:`to_yuan`,
  :func:`from_yuan`, :func:`printed_precision` (one unit of the last printed digit, in 元);
- document numbers (发文字号): :data:`DOCNUMBER_RE`, :func:`find_docnumbers`, :func:`format_docnumber`,
  :func:`canonical_docnumber`, and :func:`normalise_title` for the titles cited beside them;
- phases: :data:`PHASE_RE`, :func:`phase_of`, :func:`strip_phase`;
- table rows: :func:`is_code`, :func:`parent_code`, :func:`is_total_label`, :func:`is_data_row`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation

# --- characters -------------------------------------------------------------------------------------------

# Full-width punctuation that Chinese prose and the recognisers use as printed (单位：万元, 〔2015〕, （一）);
# NFKC would turn it into ASCII, so it is kept, and parse_amount reads the full-width ，．in figures itself.
_KEEP_WIDE = set("（）：，；！？［］｛｝＜＞《》〈〉〔〕【】「」『』、。　％～")
# Control characters (tab, newline and carriage return are kept), zero-width marks, BOMs and NULs.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff]")
_COMPAT_CACHE: dict[str, str] = {}


# Characters whose NFKC is digits that would run into their neighbours ("①2025年" -> "12025年"): enclosed and
# circled numbers, super- and subscripts, fractions and number forms, squared units (㎡ -> m2). Kept as printed.
_KEEP_RANGES = (
    (0x00B2, 0x00B3),
    (0x00B9, 0x00B9),
    (0x00BC, 0x00BE),
    (0x2070, 0x209F),
    (0x2150, 0x218F),
    (0x2460, 0x24FF),
    (0x2776, 0x2793),
    (0x3220, 0x33FF),
)


def _kept(char: str) -> bool:
    code = ord(char)
    return char in _KEEP_WIDE or any(lo <= code <= hi for lo, hi in _KEEP_RANGES)


def _compatible(char: str) -> str:
    """NFKC of one character unless it is full-width punctuation the prose keeps, or a number form."""
    out = _COMPAT_CACHE.get(char)
    if out is None:
        out = char if _kept(char) else unicodedata.normalize("NFKC", char)
        _COMPAT_CACHE[char] = out
    return out


def normalise_text(text: str) -> str:
    """Text in the one form every recogniser reads: Kangxi radicals and CJK compatibility ideographs as the
    unified ideographs they stand for (⼀般公共服务⽀出 -> 一般公共服务支出), full-width digits and letters as
    ASCII (１２３．４５ -> 123.45), control characters, zero-width marks and NULs dropped.

    Converters and PDF fonts emit these forms; left alone, a title or header word does not match and the
    table's cells are silently lost.
    """
    if text.isascii():
        return _CONTROLS.sub("", text)
    return "".join(_compatible(c) for c in _CONTROLS.sub("", text))


# --- text -------------------------------------------------------------------------------------------------

_MARKUP = re.compile(r"</?\s*[a-zA-Z][^>]*>")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
# The canonical form of brackets and quotes: full-width parentheses (as the tables print them: 因公出国（境）费),
# quotation marks dropped (“三公”经费 -> 三公经费).
_BRACKETS = str.maketrans({"(": "（", ")": "）", "“": "", "”": "", '"': "", "〝": "", "〞": ""})
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])")
# Title marks inside a title (《关于印发〈手册〉的通知》) in one form.
_TITLE_MARKS = str.maketrans({"<": "〈", ">": "〉", "＜": "〈", "＞": "〉", "《": "〈", "》": "〉"})


def strip_markup(text: str) -> str:
    """Remove ``<b>``-style tags and ``**`` emphasis that converters leave in cells."""
    return _MARKUP.sub("", text).replace("**", "").strip()


def clean_cell(text: str | None) -> str:
    """A cell's text without markup and surrounding white space (None becomes "")."""
    if text is None:
        return ""
    return strip_markup(text).strip()


def squash(text: str | None) -> str:
    """Remove all white space (extraction often splits CJK words: '合 计', '收 入 总 计'); None becomes ""."""
    return _SPACES.sub("", text or "")


def collapse_spaces(text: str) -> str:
    """Runs of white space as one space, none at the ends (layout extraction spaces CJK characters apart)."""
    return " ".join(text.split())


def canonical_brackets(text: str) -> str:
    """Parentheses full-width and quotation marks dropped: the one form labels, titles and names are compared in."""
    return text.translate(_BRACKETS)


def normalise_label(text: str) -> str:
    """Canonical form of a heading or item label: no markup, spaces, quotes or numbering, full-width parentheses."""
    return _NUMBERING.sub("", canonical_brackets(squash(clean_cell(text))), count=1)


# --- numbers ----------------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# Every minus a converter or font prints: hyphen-minus, minus sign, en dash, figure dash, small and full-width
# hyphen-minus, hyphen. An em dash or a lone dash means "nothing" in a cell, never a negative number.
MINUS_SIGNS = "-−–‒﹣－‐"
_FIGURE_CHARS = str.maketrans({"，": ",", "．": "."} | {m: "-" for m in MINUS_SIGNS})
# Looks like a figure (digits with separators, signs or brackets) but may not parse as one.
_NUMERIC_LOOKING = re.compile(r"^[(（]?[-−–‒﹣－‐+]?[\d０-９][\d０-９,，.．\s]*[)）]?$")
# Amounts at or beyond 10^15 元 are misreadings (a whole country's budget is ~10^13 元) and beyond
# Oxigraph's decimal range they break every SUM: they are refused, never stored.
AMOUNT_BOUND_YUAN = Decimal(10) ** 15
_LIST_NUMBER = re.compile(r"^[(（]\d+[)）]$")


def _figure_text(text: str) -> tuple[str, bool]:
    """The cell as a plain figure ("(18.00)" -> "-18.00", "１２３．４５" -> "123.45") and whether it was bracketed."""
    t = squash(normalise_text(clean_cell(text))).translate(_FIGURE_CHARS)
    # an accounting negative: "(18.00)", "(1,234)"; "(1)" stays a list number
    bracketed = len(t) > 2 and t[0] in "(（" and t[-1] in ")）" and any(c in t for c in ".,")
    if bracketed:
        t = "-" + t[1:-1].lstrip("-")
    return t, bracketed


def parse_amount(text: str | None) -> Decimal | None:
    """Parse a printed amount ("10,317.25", "0.00", "-3.5", "(18.00)", "１２３．４５", "−5"); None when the cell
    holds no amount.

    The result keeps the printed decimals (``Decimal("947.60")``), so :func:`printed_decimals` can read them.
    """
    if text is None:
        return None
    t, _ = _figure_text(text)
    if not t or not _AMOUNT.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


def looks_numeric(text: str | None) -> bool:
    """True for a cell that looks like a figure (digits, separators, a sign or accounting brackets), whether
    or not it parses: one that does not ("1,23,4.5", "12.3.4") deserves a warning, not silence."""
    t = squash(clean_cell(text))
    return bool(_NUMERIC_LOOKING.match(t)) and not _LIST_NUMBER.match(t)


def canonical_decimal(value: Decimal) -> Decimal:
    """The same number without trailing zeros or exponent (9476600.00 -> 9476600)."""
    if value == 0:
        return Decimal(0)
    return Decimal(format(value.normalize(), "f"))


def printed_decimals(printed: str | Decimal) -> int:
    """How many decimals a figure is printed with ("947.60" -> 2, "1,234" -> 0, Decimal("0.5") -> 1)."""
    if isinstance(printed, str):
        parsed = parse_amount(printed)
        if parsed is None:
            raise ValueError(f"'{printed}' is not a printed amount")
        printed = parsed
    exponent = printed.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


# --- units and scales -------------------------------------------------------------------------------------

UNIT_FACTORS: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
DEFAULT_UNIT = "元"


def unit_name(word: str) -> str:
    """The unit a printed unit word means: 万 is 万元, 亿 is 亿元, others as printed (元, 万元, 亿元)."""
    return {"万": "万元", "亿": "亿元"}.get(word, word)


def unit_scale(unit: str | None) -> Decimal:
    """元 per printed unit: 1 for 元 (and for no or an unknown unit), 10000 for 万元, 100000000 for 亿元."""
    return UNIT_FACTORS.get(unit or DEFAULT_UNIT, Decimal(1))


def to_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """Convert an amount printed in ``unit`` (万元, 元, 亿元) to exact 元."""
    return canonical_decimal(amount * unit_scale(unit))


def from_yuan(amount: Decimal, unit: str | None) -> Decimal:
    """The number a table or sentence in ``unit`` prints for ``amount`` 元 (the inverse of :func:`to_yuan`)."""
    return canonical_decimal(amount / unit_scale(unit))


def printed_precision(decimals: int, unit: str | None) -> Decimal:
    """The 元 value of one unit of the last printed digit: 100 for two decimals of 万元, 0.01 for two of 元."""
    return canonical_decimal(unit_scale(unit).scaleb(-decimals))


# --- document numbers (发文字号) ----------------------------------------------------------------------------

DOCNUMBER_OPEN = "〔[［(（【"
DOCNUMBER_CLOSE = "〕]］)）】"
_CJK = r"\u4e00-\u9fff"
_S = r"[\s\u3000]*"
DOCNUMBER_RE = re.compile(
    rf"(?P<prefix>[{_CJK}](?:{_S}[{_CJK}]){{0,15}}){_S}[{re.escape(DOCNUMBER_OPEN)}]{_S}(?P<year>(?:19|20)\d{{2}})"
    rf"{_S}[{re.escape(DOCNUMBER_CLOSE)}]{_S}(?P<serial>\d{{1,5}}){_S}号"
)
# Words that extraction glues in front of a 机关代字; stripped from the left, longest first.
LEAD_INS = sorted(
    "依据 根据 按照 参照 遵照 依照 贯彻 落实 执行 印发 转发 文件 要求 规定 精神 通知 意见 办法 详见 "
    "见 即 及 和 与 或 的 等 是 为 由 经 以 据 按".split(),
    key=len,
    reverse=True,
)
_MAX_PREFIX = 10
# Brackets a user may type around the year of a number that the parser does not recognise (query parameters).
_ANY_BRACKET = str.maketrans({o: "〔" for o in "[［(（【{〈"} | {c: "〕" for c in "]］)）】}〉"})
_LOOSE_DOCNUMBER = re.compile(r"^(?P<issuer>[^〔〕\d]+?)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")


def clean_prefix(raw: str) -> str | None:
    """The 机关代字 from the CJK run before the bracket, without glued lead-in words; None if nothing is left."""
    prefix = squash(raw)
    changed = True
    while changed and len(prefix) > 1:
        changed = False
        for word in LEAD_INS:
            if prefix.startswith(word) and len(prefix) - len(word) >= 2:
                prefix = prefix[len(word) :]
                changed = True
                break
    if len(prefix) > _MAX_PREFIX:
        return None
    return prefix or None


def find_docnumbers(text: str) -> Iterator[tuple[str, int, int, re.Match]]:
    """Every 发文字号 in ``text`` as (机关代字, year, serial, match), in order."""
    for m in DOCNUMBER_RE.finditer(text):
        prefix = clean_prefix(m.group("prefix"))
        if prefix:
            yield prefix, int(m.group("year")), int(m.group("serial")), m


def format_docnumber(prefix: str, year: int | str, serial: int | str) -> str:
    """The canonical spelling: 〔〕 around the year, no spaces (内政发〔2015〕103号)."""
    return f"{prefix}〔{year}〕{serial}号"


def canonical_docnumber(text: str) -> str:
    """The canonical form of the (first) 发文字号 in ``text`` ('内政发[2015]103 号' -> '内政发〔2015〕103号').

    Text the parser does not recognise is still brought to one form (NFKC, 〔〕 brackets, no spaces, 号 added
    after a bare serial), so a query parameter binds as a literal and gives a plain no-match.
    """
    for prefix, year, serial, _ in find_docnumbers(text):
        return format_docnumber(prefix, year, serial)
    loose = squash(unicodedata.normalize("NFKC", text).translate(_ANY_BRACKET))
    if not loose.endswith("号") and re.search(r"〕\d+$", loose):
        loose += "号"
    m = _LOOSE_DOCNUMBER.match(loose)
    return format_docnumber(m["issuer"], m["year"], m["serial"]) if m else loose


def normalise_title(title: str) -> str:
    """A cited title for matching: no 《》 or white space, canonical brackets, 〈〉 for inner title marks."""
    return canonical_brackets(squash(title).strip("《》")).translate(_TITLE_MARKS)


# --- phases -----------------------------------------------------------------------------------------------

PHASE_WORDS: dict[str, str] = {
    "预算数": "预算数",
    "执行数": "执行数",
    "决算数": "决算数",
    "年初预算数": "预算数",
    "调整预算数": "预算数",
    "全年预算数": "预算数",
}
# A column heading's phase, with the year it may name ("2024年执行数", "2025年度预算数"), on normalised labels.
PHASE_RE = re.compile(r"(?:(\d{4})年度?)?(年初预算数|调整预算数|全年预算数|预算数|执行数|决算数)")


def phase_of(label: str) -> tuple[str, int | None] | None:
    """(phase, year) when a heading names a phase ("2024年执行数" -> ("执行数", 2024)), else None."""
    m = PHASE_RE.search(normalise_label(label))
    if not m:
        return None
    return PHASE_WORDS[m.group(2)], int(m.group(1)) if m.group(1) else None


def strip_phase(label: str) -> str:
    """The normalised heading without the phase it names ("2024年预算数合计" -> "合计")."""
    return PHASE_RE.sub("", normalise_label(label))


# --- table rows -------------------------------------------------------------------------------------------

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def is_code(text: str) -> bool:
    """True for a classification code of 3, 5 or 7 digits."""
    return bool(_CODE.match(squash(text)))


def parent_code(code: str) -> str | None:
    """208 <- 20801 <- 2080101; None for a top-level code."""
    return code[:-2] if len(code) > 3 else None


def is_total_label(text: str) -> bool:
    """True for 合计 / 总计 rows ('合 计', '收 入 总 计', '本年支出合计')."""
    t = normalise_label(text)
    return t.endswith("合计") or t.endswith("总计")


def is_data_row(cells: Sequence[str], pdf_grid: bool = False) -> bool:
    """True for a row of a table's body rather than its header.

    A data row starts (first filled cell) with a classification code, holds an amount after its first cell, or
    is a row of amounts alone (a table with no label column). In a PDF grid (``pdf_grid``) an amount in
    the first cell counts too (a 序号 column), and so does a lone 合计 (the total row of an empty table); in
    text rows a leading number alone is a 序号 of a list, not data.
    """
    filled = [c for c in cells if c]
    if not filled:
        return False
    if is_code(filled[0]) or any(parse_amount(c) is not None for c in (cells if pdf_grid else cells[1:])):
        return True
    if all(parse_amount(c) is not None for c in filled):
        return True
    return pdf_grid and len(filled) == 1 and is_total_label(filled[0])
