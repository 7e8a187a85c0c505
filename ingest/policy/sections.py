"""Projects described in the narrative: one section per project with 项目概述, 立项依据, 实施主体, 实施方案,
实施周期 and 年度预算安排 (Inner Mongolia "（一）就业创业服务补助 / 1.项目概述", Shanghai
"科技创新专项经费情况说明 / 一、项目概述"). Each is merged with the project of the same unit and name
(or a close name and the same amount) read from the 项目绩效目标表.
"""

from __future__ import annotations

import re

from budgetkg.ingest.model import Extraction, SourceLine, SourceRef
from budgetkg.ingest.normalise import parse_amount, squash, to_yuan, unit_name
from budgetkg.ingest.policy.conflicts import find_conflicts
from budgetkg.ingest.policy.docnumber import find_citations
from budgetkg.ingest.policy.project_sheets import check_sheets
from budgetkg.ingest.policy.projects import ProjectRegistry, unit_by_name
from budgetkg.ingest.tables.units import register_unit

SUBSECTIONS = ("项目概述", "立项依据", "实施主体", "实施方案", "实施周期", "年度预算安排", "绩效目标")
_SUBHEAD = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?\s*(?:\d+\s*[.、．]|[一二三四五六七八九十]+\s*、)\s*"
    rf"({'|'.join(SUBSECTIONS)})\s*(?:\*\*)?[:：]?\s*(.{{0,20}})$"
)
_TOP_HEADING = re.compile(r"^(?:#+\s*)?(?:\*\*)?\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_CN = "一二三四五六七八九十"
_NUMBERING = re.compile(rf"^(?:#+\s*)?(?:\*\*)?\s*(?:[（(]\s*[{_CN}]+\s*[)）]|[{_CN}]+、)?\s*")
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元|万)")
_MAX_LAST_LINES = 3


def _clean(text: str) -> str:
    return text.replace("**", "").strip()


def _title(text: str) -> str:
    t = _NUMBERING.sub("", _clean(text)).strip("# ")
    t = re.sub(r"情况说明$", "", t)
    return squash(t)


def extract_project_sections(lines: list[SourceLine], out: Extraction) -> int:
    """Read every project section of the narrative into ``out.projects``; then look for citation conflicts."""
    texts = [_clean(ln.text) for ln in lines]
    heads = [(i, m) for i, t in enumerate(texts) if (m := _SUBHEAD.match(t))]
    starts = [i for i, m in heads if m.group(1) == "项目概述"]
    count = 0
    registry = ProjectRegistry(out)
    for n, start in enumerate(starts):
        title_at = next((j for j in range(start - 1, -1, -1) if texts[j]), None)
        if title_at is None:
            continue
        end = len(texts)
        if n + 1 < len(starts):
            end = next((j for j in range(starts[n + 1] - 1, -1, -1) if texts[j]), starts[n + 1])
        sections = _sections(texts, [(i, m) for i, m in heads if start <= i < end], end)
        _add(registry, out, _title(texts[title_at]), sections, lines[title_at])
        count += 1
    check_sheets(out)
    find_conflicts(out)
    return count


def _sections(texts: list[str], heads: list[tuple[int, re.Match]], end: int) -> dict[str, str]:
    sections: dict[str, str] = {}
    for k, (i, m) in enumerate(heads):
        stop = heads[k + 1][0] if k + 1 < len(heads) else end
        body = [m.group(2).strip()] if m.group(2).strip() else []
        for j in range(i + 1, stop):
            if k + 1 == len(heads) and (_TOP_HEADING.match(texts[j]) or len(body) >= _MAX_LAST_LINES):
                break
            if texts[j]:
                body.append(texts[j])
        sections.setdefault(m.group(1), "".join(body))
    return sections


def _add(registry: ProjectRegistry, out: Extraction, name: str, sections: dict[str, str], line: SourceLine) -> None:
    ref = SourceRef(line=line.line, page=line.page, text=line.text.strip())
    unit = None
    if implementer := squash(sections.get("实施主体", "")):
        unit = unit_by_name(out, implementer) or register_unit(out, implementer, source=ref)
    amount = None
    if m := _AMOUNT.search(sections.get("年度预算安排", "")):
        value = parse_amount(m.group(1))
        if value is not None:
            amount = to_yuan(value, unit_name(m.group(2)))
    project = registry.add(name, unit=unit, amount=amount, source=ref)
    for key, text in sections.items():
        project.sections.setdefault(key, text)
    seen = {c.ref.key for c in project.citations if c.source.line == ref.line}
    for key in ("立项依据", "项目概述"):
        for c in find_citations(sections.get(key, ""), ref):
            if c.ref.key not in seen:
                seen.add(c.ref.key)
                project.citations.append(c)
