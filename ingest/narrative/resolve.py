"""Tie what a narrative statement speaks of to a classification code of the document, or to a topic.

A subject names a functional code by its marked names ("…（款）行政运行（项）"), by the code printed in
brackets ("小学教育（2050202）"), or an economic item by name (基本工资); otherwise it is a topic, a
normalised label such as 收支总计 or 基本支出.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from budgetkg.ingest.enums import Scheme
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.normalise import normalise_label, squash
from budgetkg.ingest.tables.headers import canonical_measure

MARKED = re.compile(r"(.+?)[（(]([类款项])[)）]")
PRINTED_CODE = re.compile(r"[（(]\s*(2\d{2}(?:\d{2}){0,2})\s*[)）]")  # 支出功能分类 codes start with 2
LEADING = re.compile(r"^(其中|包括|主要包括|主要用于|具体包括|一是|二是|三是|[（(]\d+[)）]|\d+[.、．])+[：:]?")
_FUND_SCOPE = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营")
_PROCUREMENT_PART = re.compile(r"货物|工程|服务|中小|小微")  # 政府采购货物支出: a part of the total
_THIS_YEAR = re.compile(r"^(?:20\d{2}年度?)?本年度?(收入|支出)(?:预算|决算)?数?$")
_SCOPED = ("基本支出", "项目支出")  # whole-department totals unless the section names a fund

TOPIC_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("财政拨款收支总计", ("财政拨款收、支", "财政拨款收支", "财政拨款收入支出")),
    (
        "收支总计",
        (
            "收入、支出预算总计",
            "收、支总预算",
            "收支总计",
            "收入、支出决算总计",
            "收支总预算",
            "收入支出总计",
            "收支总",
        ),
    ),
    ("一般公共预算支出合计", ("一般公共预算财政拨款支出", "一般公共预算支出")),
    ("三公经费合计", ("三公经费预算支出", "三公经费支出", "三公经费")),
    ("机关运行经费", ("机关运行经费",)),
    ("政府采购支出合计", ("政府采购支出预算总额", "政府采购支出总额", "政府采购")),
    ("收入合计", ("收入预算合计", "收入合计")),
    ("支出合计", ("支出预算合计", "支出合计")),
]


def printed_code(subject: str) -> str | None:
    """A functional code printed in brackets after its name: 小学教育（2050202）."""
    m = PRINTED_CODE.search(subject)
    return m.group(1) if m else None


def names_code(subject: str) -> bool:
    """Whether a subject names a classification code by its marks (类/款/项) or by the printed number."""
    return bool(MARKED.search(subject) or printed_code(subject))


class Resolver:
    """Ties a subject to a code of this document, or to a topic."""

    def __init__(self, out: Extraction) -> None:
        self.function = {c: n for (s, c), n in out.codes.items() if s == Scheme.FUNCTION}
        self.economic = {n: c for (s, c), n in out.codes.items() if s == Scheme.ECONOMIC}
        self.department = squash(out.meta.department)

    def code(self, subject: str, section: str) -> tuple[str | None, str | None]:
        if code := printed_code(subject):
            return code, Scheme.FUNCTION
        marked = MARKED.findall(subject) or [(m, "类") for m in re.findall(r"^(.+支出)类", subject)]
        if marked:
            code = self._function_code(marked)
            return (code, Scheme.FUNCTION) if code else (None, None)
        name = normalise_label(subject)
        if "三公" in section:
            return None, None
        for suffix in ("支出", "预算", ""):
            if suffix and name.endswith(suffix) and name[: -len(suffix)] in self.economic:
                return self.economic[name[: -len(suffix)]], Scheme.ECONOMIC
        if name in self.economic and ("基本支出" in section or "机关运行" in section):
            return self.economic[name], Scheme.ECONOMIC
        return None, None

    def _function_code(self, marked: list[tuple[str, str]]) -> str | None:
        level = {"类": 3, "款": 5, "项": 7}
        wanted = {lvl: normalise_label(re.sub(r"^.*[)）]", "", name)) for name, lvl in marked}
        deepest = max(wanted, key=lambda lvl: level[lvl])
        best, best_score = None, 0.0
        for code, name in self.function.items():
            if len(code) != level[deepest]:
                continue
            score = SequenceMatcher(None, wanted[deepest], name).ratio()
            if score < 0.75:
                continue
            for lvl, text in wanted.items():
                if lvl != deepest:
                    parent = self.function.get(code[: level[lvl]], "")
                    score += 0.5 * SequenceMatcher(None, text, parent).ratio()
            if score > best_score:
                best, best_score = code, score
        return best or self._unmarked_parent(wanted[deepest], level[deepest])

    def _unmarked_parent(self, wanted: str, length: int) -> str | None:
        """A marked name led by its unmarked parent: 人大事务行政运行（项） is 人大事务（款）行政运行（项）."""
        found = set()
        for code, name in self.function.items():
            parent = self.function.get(code[:-2], "")
            if len(code) == length > 3 and name and parent and wanted == parent + name:
                found.add(code)
        return found.pop() if len(found) == 1 else None

    def topic(self, subject: str, section: str = "") -> str:
        t = normalise_label(subject).replace(self.department, "")
        if "三公" in section and "三公" not in t:
            item = canonical_measure(re.sub(r"(预算|决算)?支出$", "", t))
            return item + ("费" if item.endswith("购置") else "")
        t = re.sub(r"^(?:我|本)(?:校|院|局|厅|委|办|会|部门|单位)(?=20\d{2}年)|^学校(?=20\d{2}年)", "", t)
        if m := _THIS_YEAR.match(t):  # 本年收入 / 本年支出 is 本年收入合计 / 本年支出合计, never the grand total
            return m.group(1) + "合计"
        t = re.sub(r"20\d{2}年度?|本年度?|部门|为$|是$", "", t)
        t = LEADING.sub("", t)
        for topic, keys in TOPIC_RULES:
            if any(k in t for k in keys) and not (topic == "政府采购支出合计" and _PROCUREMENT_PART.search(t)):
                return topic
        if t in _SCOPED and (scope := _FUND_SCOPE.search(section)):
            return scope.group(0) + t  # 财政拨款基本支出: not the department's 基本支出
        return t
