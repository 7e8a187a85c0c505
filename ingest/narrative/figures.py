"""Figures stated in the narrative (第二部分): amounts, 与上年相比 changes, shares and 变动原因.

Paragraphs are split into clauses; a clause with an amount starts a figure, and the clauses after it
(与上年相比…, 增长 x%, 占 y%, 主要原因…) complete it. Each figure is tied to a classification code when
its subject names one ("…（款）行政运行（项）", or an economic item such as 基本工资), else to a topic.
"""

from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher

from budgetkg.ingest.model import Extraction, NarrativeFigure, SourceLine, SourceRef
from budgetkg.ingest.normalise import normalise_label, squash, to_yuan
from budgetkg.ingest.tables.headers import canonical_measure

_HEADING = re.compile(r"^(#+\s*|\*\*)?\s*[（(]?([一二三四五六七八九十]+)[、)）]")
_AMOUNT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|元|万)(?![/／])")
_COUNT = re.compile(r"(\d+)\s*(辆|个|台（套）|台\(套\)|家)")
_CHANGE = re.compile(r"(增加|减少|增长|下降|持平)\s*(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元|万)")
_PERCENT = re.compile(r"(增加|减少|增长|下降|降低)\s*(-?\d+(?:\.\d+)?)\s*%")
_SHARE = re.compile(r"占[^，,；;。]*?(\d+(?:\.\d+)?)\s*%")
_REASON = re.compile(r"^(?:其中)?(?:主要)?(?:变动)?原因(?:是|为)?[：:]?")
_SENTENCE_END = ("。", "；", ";", "！", "？", "：", ":")
_LEADING = re.compile(r"^(其中|包括|主要包括|主要用于|具体包括|一是|二是|三是|[（(]\d+[)）]|\d+[.、．])+[：:]?")
_MARKED = re.compile(r"(.+?)[（(]([类款项])[)）]")
_PART_START = re.compile(r"第[一二三四五六七八九十]+部分.*(预算|决算)(情况说明|编制说明)|(预算|决算)编制说明$")
_PROJECT_START = re.compile(r"^(#+\s*)?(\d+\s*[.、．]?|[一二三四五六七八九十]+、)\s*项目概述")
_TOP_LEVEL = re.compile(r"^(#+\s*|\*\*)?\s*[一二三四五六七八九十]+、")
_PART_END = ("名词解释",)
_COMPARED = re.compile(r"^(与|同|较|比)(上年|上一年|\d{4}年度?)(同期)?(相比|比较)?$")

TOPIC_RULES: list[tuple[str, tuple[str, ...]]] = [
    ("收支总计", ("收入、支出预算总计", "收、支总预算", "收支总计", "收入、支出决算总计")),
    ("财政拨款收支总计", ("财政拨款收、支", "财政拨款收支")),
    ("一般公共预算支出合计", ("一般公共预算财政拨款支出", "一般公共预算支出")),
    ("三公经费合计", ("三公经费预算支出", "三公经费支出", "三公经费")),
    ("机关运行经费", ("机关运行经费",)),
    ("政府采购支出合计", ("政府采购支出预算总额", "政府采购支出总额", "政府采购")),
    ("收入合计", ("收入预算合计", "收入合计")),
    ("支出合计", ("支出预算合计", "支出合计")),
]


def _paragraphs(lines: list[SourceLine]) -> list[tuple[str, SourceLine]]:
    """Join lines broken inside a sentence; each paragraph keeps its first line for provenance."""
    out: list[tuple[str, SourceLine]] = []
    for line in lines:
        text = squash(line.text.replace("**", "").lstrip("#- "))
        if not text:
            continue
        open_end = out and (not out[-1][0].endswith(_SENTENCE_END) or re.search(r"原因[：:]$", out[-1][0]))
        if (
            open_end
            and not _is_heading(line.text)
            and not _is_heading(out[-1][1].text)
            and not re.match(r"^[（(]?\d+[)）.、．](?!\d)", text)
        ):
            out[-1] = (out[-1][0] + text, out[-1][1])
        else:
            out.append((text, line))
    return out


def _is_heading(text: str) -> bool:
    t = text.strip()
    return bool(_HEADING.match(t)) and len(squash(t)) < 45 and not _AMOUNT.search(t)


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


class _Resolver:
    """Ties a subject to a code of this document, or to a topic."""

    def __init__(self, out: Extraction) -> None:
        self.function = {c: n for (s, c), n in out.codes.items() if s == "function"}
        self.economic = {n: c for (s, c), n in out.codes.items() if s == "economic"}
        self.department = squash(out.meta.department)

    def code(self, subject: str, section: str) -> tuple[str | None, str | None]:
        marked = _MARKED.findall(subject) or [(m, "类") for m in re.findall(r"^(.+支出)类", subject)]
        if marked:
            code = self._function_code(marked)
            return (code, "function") if code else (None, None)
        name = normalise_label(subject)
        if "三公" in section:
            return None, None
        for suffix in ("支出", "预算", ""):
            if suffix and name.endswith(suffix) and name[: -len(suffix)] in self.economic:
                return self.economic[name[: -len(suffix)]], "economic"
        if name in self.economic and ("基本支出" in section or "机关运行" in section):
            return self.economic[name], "economic"
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
        return best

    def topic(self, subject: str, section: str = "") -> str:
        t = normalise_label(subject).replace(self.department, "")
        if "三公" in section and "三公" not in t:
            item = canonical_measure(re.sub(r"(预算)?支出$", "", t))
            return item + ("费" if item.endswith("购置") else "")
        t = re.sub(r"20\d{2}年度?|本年度?|部门|为$|是$", "", t)
        t = _LEADING.sub("", t)
        for topic, keys in TOPIC_RULES:
            if any(k in t for k in keys):
                return topic
        return t


def _is_part_start(lines: list[SourceLine], i: int) -> bool:
    """A heading that opens the explaining part, perhaps wrapped onto a second heading line (…决算情况 / 说明)."""
    line = lines[i]
    if not line.text.lstrip().startswith("#") or i + 1 >= len(lines) or lines[i + 1].text.lstrip().startswith("-"):
        return False
    t = squash(line.text.lstrip("# "))
    after = lines[i + 1]
    wrapped = after.text.lstrip().startswith("#") and after.page == line.page
    return bool(_PART_START.search(t) or (wrapped and _PART_START.search(t + squash(after.text.lstrip("# ")))))


def _section_lines(lines: list[SourceLine]) -> list[SourceLine]:
    """The lines of the part that explains the budget (第二部分…情况说明, 第三部分…, 预算编制说明), from its
    heading (not its line in the table of contents: of several such headings, the one whose part states
    the most amounts) to 名词解释 or the end."""
    best: list[SourceLine] = []
    best_amounts = -1
    i = 0
    while i < len(lines):
        if not _is_part_start(lines, i):
            i += 1
            continue
        end = next(
            (
                k
                for k in range(i + 1, len(lines))
                if any(w in squash(lines[k].text) for w in _PART_END) and lines[k].text.lstrip().startswith("#")
            ),
            len(lines),
        )
        amounts = sum(len(_AMOUNT.findall(line.text)) for line in lines[i:end])
        if amounts > best_amounts:
            best, best_amounts = lines[i:end], amounts
        i = end
    return best


def extract_narrative(lines: list[SourceLine], out: Extraction) -> int:
    """Add the figures of the explanation part to ``out.narrative``; return how many."""
    resolver = _Resolver(out)
    section = ""
    added = 0
    in_project = False  # project sections (项目概述 … 年度预算安排) are read by the policy layer
    for text, line in _paragraphs(_section_lines(lines)):
        if _PROJECT_START.match(text):
            in_project = True
        if _is_heading(line.text):
            if _TOP_LEVEL.match(line.text.strip()):
                in_project = False
            section = normalise_label(text)
            continue
        if in_project:
            continue
        for fields in _paragraph_figures(text, line, section, resolver):
            added += _emit(fields, out)
    return added


def _paragraph_figures(text: str, line: SourceLine, section: str, resolver: _Resolver) -> list[dict]:
    """The figures of one paragraph. A change or reason that opens a sentence after a list of several
    figures speaks of the paragraph's lead figure (the total the list breaks down), not of the last item."""
    figures: list[dict] = []
    current: dict | None = None
    label = ""
    in_sentence = previous_sentence = 0  # figures started in the current and in the previous sentence
    opens_sentence = True
    comparing = False
    for clause in re.split(r"(?<=[，；;。])|(?<=,)(?!\d)|(?<=[元辆个）)])、", text):
        body = clause.strip("，,；;。、 ")
        starts, opens_sentence = opens_sentence, clause.rstrip().endswith("。")
        if starts and not (figures and body == clause.strip()):
            previous_sentence, in_sentence = in_sentence, 0
        if not body:
            continue
        target = current
        if starts and previous_sentence > 1 and figures and figures[0].get("change") is None:
            target = figures[0]
        if target is not None and (m := _REASON.match(body)) and m.group(0):
            target["reason"] = (text[text.index(body) + len(m.group(0)) :]).strip("。 ")
            break
        if _COMPARED.match(body):  # 与2023年度相比, a clause of its own: the next change is the current figure's
            comparing = True
            continue
        change = _CHANGE.search(body) if ("上年" in body or current) else None
        is_change = "上年" in body or body.startswith("比") or bool(change and body.startswith(change.group(0)))
        is_change, comparing = is_change or (comparing and change is not None), False
        if target is not None and is_change:
            if change:
                sign = -1 if change.group(1) in ("减少", "下降") else 1
                target["change"] = sign * to_yuan(_dec(change.group(2)), _unit(change.group(3)))
            if (p := _PERCENT.search(body)) and target.get("change_percent") is None:
                target["change_percent"] = _signed_percent(p)
            current = target
            continue
        if current is not None and (p := _PERCENT.match(body)):
            current["change_percent"] = _signed_percent(p)
            continue
        if current is not None and (s := _SHARE.search(body)) and not _AMOUNT.search(body):
            current["share_percent"] = _dec(s.group(1))
            continue
        amount = _AMOUNT.search(body)
        count = None if amount else _COUNT.search(body)
        if not amount and not count:
            label = body
            continue
        subject = _LEADING.sub("", body[: (amount or count).start()].rsplit("：", 1)[-1])
        subject = re.sub(r"(为|是|预算|年初预算|共有|共计)$", "", subject)
        subject = re.sub(r"^(年初预算|预算)$", "", subject) or label or section
        label = ""
        code, scheme = resolver.code(subject, section)
        current = {
            "section": section,
            "subject": normalise_label(subject),
            "code": code,
            "scheme": scheme,
            "topic": None if code else resolver.topic(subject, section),
            "amount": to_yuan(_dec(amount.group(1)), _unit(amount.group(2))) if amount else None,
            "printed_amount": _dec(amount.group(1)) if amount else None,
            "count": int(count.group(1)) if count else None,
            "count_unit": count.group(2) if count else None,
            "source": SourceRef(line=line.line, page=line.page, text=text[:500]),
        }
        if s := _SHARE.search(body[amount.end() :] if amount else ""):
            current["share_percent"] = _dec(s.group(1))
        figures.append(current)
        in_sentence += 1
    return figures


def _unit(word: str) -> str:
    return "万元" if word == "万" else word


def _signed_percent(m: re.Match) -> Decimal:
    sign = -1 if m.group(1) in ("减少", "下降", "降低") else 1
    return sign * _dec(m.group(2))


def _emit(fields: dict, out: Extraction) -> int:
    out.narrative.append(NarrativeFigure(**fields))
    return 1
