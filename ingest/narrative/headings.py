"""The headings a disclosure prints: section titles, table titles and the 部门： line above a table.

The hygiene rules (shapes/hygiene.shapes.ttl) read them to catch a discloser's careless edits: a placeholder
left in a title, a title that gives the document another year, a title naming another body (a template copied
from elsewhere). A line is a heading by what it says about itself, never by its position: it opens with a
section ordinal (第一部分, 一、, （一）) or is set as a title (markdown ``#``, a wholly bold line), is short,
states no amount and is not a piece of a sentence; a table's title is a heading of that table; a line naming
the body a table is for (部门：…, 部门名称：…, 预算主管部门：…) is that table's header line. The body a
heading names (the words before its year, 部门预算, 概况 or the table's name, or after 部门：) is kept, so
that a rule can compare it with the document's department and units.
"""

from __future__ import annotations

import re

from budgetkg.ingest.model import Heading, SourceLine, SourceRef, SourceTable
from budgetkg.ingest.narrative.sections import AMOUNT
from budgetkg.ingest.normalise import squash

_CN = "一二三四五六七八九十"
ORDINAL = re.compile(rf"^(?:第[{_CN}]+部分|[{_CN}]+[、.．]|[（(][{_CN}]+[)）])\s*")
_MARKUP = re.compile(r"</?b>|\*\*")
_MARKED = re.compile(r"^(?:#+\s*|\*\*.*\*\*$|<b>.*</b>$)")
_FOLIO = re.compile(r"^[-—]?\d{1,3}[-—]?$")
_NOT_A_HEADING_END = ("。", "；", ";", "，", ",", "、", "：", ":")
MAX_HEADING = 40  # characters of a heading, spaces removed

# the line above a table naming the body it is for, and the name it gives (up to a space or 单位：)
_HEADER_LINE = re.compile(
    r"^(?:预算主管部门|主管部门|部门名称|部门|单位名称|编制单位|填报单位|预算单位)\s*[：:]\s*(\S[^\s：:]*?)(?:\s|单位[：:]|$)"
)
# an organisation's name ends in the word for its kind of body
_SUFFIX = r"(?:委员会|办公厅|办公室|政府|大学|学院|学校|中心|局|委|厅|院|所|站|馆|会|部|署|社|队|团)"
_BODY = rf"[\u4e00-\u9fff（）()]{{1,30}}?{_SUFFIX}"
_LEVEL = r"(?:区级|市级|省级|县级|旗级|本级)?"
# what follows a body's name in a heading naming the document, its parts or its tables
_AFTER_NAME = (
    r"(?:部门|单位|预算|决算|收支|收入|支出|财政拨款|一般公共|政府性|国有资本|“?三公|项目|政府采购|概况|主要职能|"
    r"主要职责|职能职责|机构设置|基本情况)"
)
_YEAR = r"(?:20\d{2}\s*年度?)?"
_NAMED = re.compile(rf"^{_YEAR}({_BODY})\s*{_YEAR}\s*{_LEVEL}[（(]?{_AFTER_NAME}")
_NAME_ONLY = re.compile(rf"^({_BODY})$")
_MIN_NAME = 3
# names of a kind of body, not of one body (高等学校收支决算总表说明 in the central 决算 template)
GENERIC_BODIES = frozenset(
    {"高等学校", "高校", "学校", "行政单位", "事业单位", "行政事业单位", "机关", "本部门", "本单位"}
)
# how a title set without an ordinal ends; a line set large that ends otherwise is a piece of a paragraph
_TITLE_END = re.compile(
    rf"(?:说明|情况|概况|职能|职责|设置|预算|决算|公开|表|目录|解释|附件|任务|目标|渠道|方式|部分|{_SUFFIX})$"
)
_DECIMAL = re.compile(r"\d[\d,]*\.\d+")


def _plain(text: str) -> str:
    return squash(_MARKUP.sub("", text).lstrip("#-* "))


def _letters(name: str | None) -> str | None:
    """A name with its brackets and marks dropped (江苏省人民检察院（本级） → 江苏省人民检察院本级), at least 3 long."""
    bare = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", name or "")
    return bare if len(bare) >= _MIN_NAME and bare not in GENERIC_BODIES else None


def named_body(text: str, marked: bool = False) -> str | None:
    """The body a heading names: before its year / 部门预算 / 概况 / its table's name, or the whole of a title
    line (``marked``) that is nothing but a name; None otherwise."""
    bare = ORDINAL.sub("", text)
    m = _NAMED.match(bare) or (_NAME_ONLY.match(bare) if marked and bare == text else None)
    return _letters(m.group(1)) if m else None


def header_body(text: str) -> str | None:
    """The body a table's header line names (部门名称： 江苏省人民检察院 单位：万元 → 江苏省人民检察院)."""
    m = _HEADER_LINE.match(text.strip())
    return _letters(m.group(1)) if m else None


def is_section_heading(raw: str) -> bool:
    """A section title: an ordinal or title markup, short, no amount, no sentence or piece of one."""
    text = _plain(raw)
    if not text or len(text) > MAX_HEADING or _FOLIO.match(text) or AMOUNT.search(text) or _DECIMAL.search(text):
        return False
    if text.endswith(_NOT_A_HEADING_END) or "。" in text:
        return False
    if ORDINAL.match(text):
        return len(ORDINAL.sub("", text)) >= 2
    return bool(_MARKED.match(raw.strip())) and "，" not in text and "," not in text and bool(_TITLE_END.search(text))


def section_headings(lines: list[SourceLine]) -> list[Heading]:
    """Every section title and table header line among the document's running lines, in order."""
    found: list[Heading] = []
    for line in lines:
        ref = SourceRef(line=line.line, page=line.page, text=line.text.strip())
        if name := header_body(squash_keep_space(line.text)):
            found.append(Heading(_plain(line.text), ref, names=name))
        elif is_section_heading(line.text):
            text = _plain(line.text)
            found.append(Heading(text, ref, names=named_body(text, marked=bool(_MARKED.match(line.text.strip())))))
    return found


def squash_keep_space(text: str) -> str:
    """Markup removed, runs of spaces kept as one (a header line ends its name at a space)."""
    return " ".join(_MARKUP.sub("", text).lstrip("#-* ").split())


def table_headings(tables: list[tuple[SourceTable, str]]) -> list[Heading]:
    """The printed title of every table (with its number), as a heading of that table."""
    return [
        Heading(_plain(t.title), SourceRef(line=t.line, page=t.page, text=t.title), number, named_body(_plain(t.title)))
        for t, number in tables
        if t.title and _plain(t.title)
    ]


def _same_place(a: SourceRef, b: SourceRef) -> bool:
    if a.page is not None or b.page is not None:
        return a.page == b.page
    return a.line is not None and b.line is not None and 0 <= b.line - a.line <= 3


def headings(lines: list[SourceLine], tables: list[tuple[SourceTable, str]]) -> list[Heading]:
    """Section headings, header lines and table titles; a table's title that is a running line too is kept
    once, as the table's."""
    titles = table_headings(tables)
    sections = [
        h
        for h in section_headings(lines)
        if not any(h.text == t.text and _same_place(h.source, t.source) for t in titles)
    ]
    return sections + titles
