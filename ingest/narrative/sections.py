"""The explanation part of a disclosure (部门预算情况说明, 决算报表说明, 预算编制说明 …) and its paragraphs.

The part is found by what its heading says about itself: an optional ordinal (第三部分, 三、), an optional
body name and year, then (部门)预算/决算 (报表/编制/情况) 说明 — printed on one line or broken over two or
three short lines. The table of contents names the same heading; of all such headings the one whose part
states the most amounts is taken. The part runs to 名词解释 or the next 第…部分.
"""

from __future__ import annotations

import re

from budgetkg.ingest.model import SourceLine
from budgetkg.ingest.normalise import squash

AMOUNT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万)(?![/／])")
HEADING = re.compile(r"^(#+\s*|\*\*)?\s*[（(]?([一二三四五六七八九十]+)[、)）]")
TOP_LEVEL = re.compile(r"^(#+\s*|\*\*)?\s*[一二三四五六七八九十]+、")
SENTENCE_END = ("。", "；", ";", "！", "？", "：", ":")

_CN = "一二三四五六七八九十"
_ORDINAL = rf"(?:第[{_CN}]+部分|[{_CN}]+[、.．]|[（(][{_CN}]+[)）])?"
_YEAR = r"(?:20\d{2}年度?|年度)"
_PART = re.compile(
    rf"^{_ORDINAL}(?:关于)?(?:[^，。；：:]{{2,30}}?{_YEAR}|{_YEAR})?(?:部门|单位)?(?:预算|决算)"
    r"(?:报表|安排|编制|执行)?(?:情况)?(?:的)?说明$"
)
_GLOSSARY = re.compile(rf"^{_ORDINAL}名词解释")
_NEXT_PART = re.compile(rf"^第[{_CN}]+部分")
_CHART_VALUES = re.compile(r"^(?:\d+(?:\.\d+)?%\s*)+$")
_OPENS = re.compile(rf"^(?:第[{_CN}]+部分|[{_CN}]+[、.．]|[（(][{_CN}]+[)）])|名词解释")
_MAX_HEADING = 40  # characters of one heading line


def _plain(text: str) -> str:
    return squash(text.replace("**", "").lstrip("#-* "))


def _part_heading(lines: list[SourceLine], i: int) -> int:
    """How many lines (1–3) from ``i`` make up a heading of the explanation part; 0 when none do."""
    joined = ""
    for k in range(i, min(i + 3, len(lines))):
        t = _plain(lines[k].text)
        if not t or len(t) > _MAX_HEADING or (k > i and (joined.endswith(SENTENCE_END) or _OPENS.match(t))):
            return 0  # a heading continues on lines that open nothing of their own
        joined += t
        if _PART.match(re.sub(r"\.{3,}.*$|…+.*$", "", joined)):
            return k - i + 1
    return 0


def _part_end(lines: list[SourceLine], start: int) -> int:
    for i in range(start, len(lines)):
        t = _plain(lines[i].text)
        if len(t) <= _MAX_HEADING and (_GLOSSARY.match(t) or _NEXT_PART.match(t)):
            return i
    return len(lines)


def part_headings(lines: list[SourceLine]) -> list[SourceLine]:
    """The first line of every heading of an explanation part (the table of contents' entry included),
    whether or not its part states an amount: a part that yields nothing is reported, never silent."""
    found: list[SourceLine] = []
    i = 0
    while i < len(lines):
        size = _part_heading(lines, i)
        if size:
            found.append(lines[i])
        i += size or 1
    return found


def explanation_lines(lines: list[SourceLine]) -> list[SourceLine]:
    """The lines of the explanation part, from its heading (not its line in the table of contents) to
    名词解释, the next part or the end; [] when the document has no such part."""
    best: tuple[int, int, int] | None = None  # (amount lines, start, end)
    i = 0
    while i < len(lines):
        size = _part_heading(lines, i)
        if not size:
            i += 1
            continue
        end = _part_end(lines, i + size)
        score = sum(1 for line in lines[i + size : end] if AMOUNT.search(line.text))
        if score and (best is None or score >= best[0]):
            best = (score, i, end)
        i += size
    return lines[best[1] : best[2]] if best else []


def _page_number(lines: list[SourceLine], i: int, text: str) -> bool:
    """A folio: a bare number closing its page (the next line is on another page, or there is none)."""
    if not re.fullmatch(r"[-—]?\d{1,3}[-—]?", text) or lines[i].page is None:
        return False
    return i + 1 == len(lines) or lines[i + 1].page != lines[i].page


def is_heading(text: str) -> bool:
    """A numbered heading (一、 / （一）) without an amount."""
    t = text.strip()
    return bool(HEADING.match(t)) and len(squash(t)) < 45 and not AMOUNT.search(t)


def paragraphs(lines: list[SourceLine]) -> list[tuple[str, SourceLine]]:
    """Join lines broken inside a sentence; each paragraph keeps its first line for provenance. A line
    ending in a colon continues when no amount has been stated yet (…（项）。主要用于：)."""
    out: list[tuple[str, SourceLine]] = []
    for i, line in enumerate(lines):
        text = squash(line.text.replace("**", "").lstrip("#- "))
        if not text or _page_number(lines, i, text):
            continue
        if _CHART_VALUES.match(text):  # the labels of a chart drawn between paragraphs (41.43% 9.02%)
            out.append(("", line))
            continue
        last = out[-1][0] if out else ""
        open_end = last and (
            not last.endswith(SENTENCE_END)
            or re.search(r"原因[：:]$", last)
            or (last.endswith(("：", ":")) and not AMOUNT.search(last))
        )
        if (
            open_end
            and not is_heading(line.text)
            and not is_heading(out[-1][1].text)
            and not re.match(r"^[（(]?\d+[)）.、．](?!\d)", text)
        ):
            out[-1] = (out[-1][0] + text, out[-1][1])
        else:
            out.append((text, line))
    return [(text, line) for text, line in out if text]
