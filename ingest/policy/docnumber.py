"""Parse 发文字号 (document numbers such as 内政发〔2015〕103号) and the citations around them.

Accepted spellings: brackets 〔〕 [] ［］ () （） 【】 around the year, stray spaces anywhere ("103 号"),
lead-in words glued to the 机关代字 by extraction ("依据包人社办字[2024]63号"), a title in 《》 before or
after the number, and titles cited without a number. The canonical form uses 〔〕 and no spaces.
"""

from __future__ import annotations

import re

from budgetkg.ingest.normalise import find_docnumbers, squash
from budgetkg.ingest.policy.model import Citation, DocNumber, PolicyDocumentRef
from budgetkg.ingest.source import SourceRef

TITLE_RE = re.compile(r"《([^《》]{2,120})》")
# 关于…的通知 printed after a number without 《》 ("63号关于做好2024年全市职称评审工作的通知，").
_BARE_TITLE = re.compile(r"^关于[^，,。；;《》()（）]{2,80}?的(?:通知|意见|办法|请示|决定|批复|规定|方案|函)")
_PUNCT_GAP = re.compile(r"^[\s\u3000、，,:：()（）\[\]［］【】\"“”]*$")


def parse_number(text: str) -> DocNumber | None:
    """The single 发文字号 in ``text`` (the first one), or None."""
    for number, _, _ in find_numbers(text):
        return number
    return None


def find_numbers(text: str) -> list[tuple[DocNumber, int, int]]:
    """Every 发文字号 in ``text`` with its (start, end) span; the span starts at the cleaned 机关代字."""
    found: list[tuple[DocNumber, int, int]] = []
    for prefix, year, serial, m in find_docnumbers(text):
        # the span starts at the prefix as kept, so that a title just before it is adjacent
        start = m.start("prefix") + _offset_of_suffix(m.group("prefix"), prefix)
        found.append((DocNumber(prefix, year, serial), start, m.end()))
    return found


def _offset_of_suffix(raw: str, squashed_suffix: str) -> int:
    """Index in ``raw`` (which may hold spaces) where the squashed suffix begins."""
    count = 0
    for i in range(len(raw) - 1, -1, -1):
        if not raw[i].isspace():
            count += 1
            if count == len(squashed_suffix):
                return i
    return 0


def canonical(text: str) -> str | None:
    """The canonical spelling of the number in ``text`` ('包府发[2013]41号' -> '包府发〔2013〕41号')."""
    number = parse_number(text)
    return number.canonical if number else None


def find_citations(text: str, source: SourceRef = SourceRef()) -> list[Citation]:
    """Citations in a passage: numbers paired with an adjacent title, and titles cited alone."""
    numbers = find_numbers(text)
    titles = [(m.group(1), m.start(), m.end()) for m in TITLE_RE.finditer(text)]
    paired_titles: set[int] = set()
    pairs: dict[int, int] = {}
    for n, (_, start, _) in enumerate(numbers):  # a title just before the number
        for t, (_, _, t_end) in enumerate(titles):
            if (
                t_end <= start
                and t not in paired_titles
                and _PUNCT_GAP.match(text[t_end:start])
                and len(text[t_end:start].strip()) <= 3
            ):
                pairs[n] = t
                paired_titles.add(t)
                break
    for n, (_, _, end) in enumerate(numbers):  # else a title just after it, unless that title has its own
        if n in pairs:
            continue
        for t, (_, t_start, _) in enumerate(titles):
            if (
                t_start >= end
                and t not in paired_titles
                and _PUNCT_GAP.match(text[end:t_start])
                and len(text[end:t_start].strip()) <= 2
            ):
                pairs[n] = t
                paired_titles.add(t)
                break
    out: list[tuple[int, Citation]] = []
    for n, (number, start, end) in enumerate(numbers):
        title = titles[pairs[n]][0] if n in pairs else None
        if title is None and (bare := _BARE_TITLE.match(text[end:])):
            title = bare.group(0)
        pos = min(start, titles[pairs[n]][1]) if n in pairs else start
        written = text[pos : max(end, titles[pairs[n]][2]) if n in pairs else end]
        out.append((pos, Citation(PolicyDocumentRef(number, _clean_title(title)), _squash_keep(written), source)))
    for t, (title, start, end) in enumerate(titles):
        if t not in paired_titles and _looks_like_document(title):
            out.append((start, Citation(PolicyDocumentRef(None, _clean_title(title)), text[start:end], source)))
    out.sort(key=lambda p: p[0])
    return [c for _, c in out]


def _clean_title(title: str | None) -> str | None:
    return squash(title) if title else None


def _squash_keep(text: str) -> str:
    return text.strip()


_DOC_WORDS = (
    "通知",
    "意见",
    "办法",
    "条例",
    "规定",
    "细则",
    "方案",
    "决定",
    "请示",
    "批复",
    "规划",
    "纲要",
    "法",
    "手册",
    "指引",
    "标准",
    "规则",
    "制度",
    "函",
    "报告",
    "计划",
    "政策",
)


def _looks_like_document(title: str) -> bool:
    """A title-only citation names a regulation or an official document (ends with 通知, 办法, 条例 …)."""
    t = re.sub(r"[（(][^（()）]*[)）]$", "", squash(title))
    return t.endswith(_DOC_WORDS)
