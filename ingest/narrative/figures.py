"""Figures stated in the narrative: amounts, 与上年相比 changes, shares, 变动原因, and in final accounts the
年初预算 set against the 决算 with the completion percent and the stated direction.

Paragraphs of the explanation part (ingest/narrative/sections.py) are split into clauses; a clause with an
amount starts a figure, and the clauses after it (与上年相比…, 增长 x%, 占 y%, 主要原因…, 支出决算为…,
完成年初预算的 z%, 决算数小于预算数…) complete it. A change clause with a subject of its own (其中：教育支出
增加 x 万元) is a figure of its own. Each figure is tied to a code or a topic (ingest/narrative/resolve.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.ingest.model import Extraction, NarrativeFigure, SourceLine, SourceRef
from budgetkg.ingest.narrative import comparison as cmp
from budgetkg.ingest.narrative import execution as ex
from budgetkg.ingest.narrative.resolve import LEADING, Resolver, names_code
from budgetkg.ingest.narrative.sections import AMOUNT, TOP_LEVEL, explanation_lines, is_heading, paragraphs
from budgetkg.ingest.normalise import normalise_label, printed_decimals, to_yuan, unit_name

_COUNT = re.compile(r"(\d+)\s*(辆|个|台（套）|台\(套\)|家)")
_CHANGE = re.compile(r"(增加|减少|增长|下降|持平)\s*(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元|万)")
_PERCENT = re.compile(r"(增加|减少|增长|下降|降低)\s*(-?\d+(?:\.\d+)?)\s*%")
_SHARE = re.compile(r"占([^，,；;。]*?)(\d+(?:\.\d+)?)\s*%")
_REASON = re.compile(r"^(?:其中)?(?:主要)?(?:变动)?原因(?:是|为)?[：:]?")
_PRIOR = re.compile(r"(?:与|比|较)(?:上年|去年|20\d{2}年度?)(?:全年)?(?:预算数?|决算数?)?(?:相比|比较)?")
_WHO_WHEN = re.compile(r"^[^，,；;。]{0,20}?20\d{2}年度?")  # 省检察院2019年 / 我校2023年 before a subject
_LAST_YEAR = re.compile(r"上年(?!结转|结余|末)")  # 上年结转结余 is an item, not a comparison
_LEVEL = re.compile(r"持平|保持不变|没有变化|无变化")
_PHASE_ONLY = re.compile(r"^(?:20\d{2}年度?|本年度?)?(?:年初预算|预算|决算|支出决算)?数?$")
_PROJECT_START = re.compile(r"^(#+\s*)?(\d+\s*[.、．]?|[一二三四五六七八九十]+、)\s*项目概述")
_THRESHOLD = re.compile(r"\s*[（(]?含?[)）]?\s*(?:以上|以下|以内|及以上)")
_QUALIFIER = re.compile(r"(?:的|中)$")  # a clause that qualifies the subject of the next one
_PARTS = re.compile(r"^(?:其中|包括|主要包括|具体包括)")  # the figures after it are parts of the one before
_CLAUSES = re.compile(r"(?<=[，；;。])|(?<=,)(?!\d)|(?<=[元辆个）)%])、")


def extract_narrative(lines: list[SourceLine], out: Extraction) -> int:
    """Add the figures of the explanation part to ``out.narrative``; return how many."""
    resolver = Resolver(out)
    final_accounts = out.meta.kind == "FinalAccounts"
    section = ""
    figures: list[dict] = []
    in_project = False  # project sections (项目概述 … 年度预算安排) are read by the policy layer
    last: dict | None = None  # the last figure of the section so far: a paragraph may open with its change
    for text, line in paragraphs(explanation_lines(lines)):
        if _PROJECT_START.match(text):
            in_project = True
        if is_heading(line.text):
            if TOP_LEVEL.match(line.text.strip()):
                in_project = False
            section, last = normalise_label(text), None
            continue
        if in_project:
            continue
        final = final_accounts or ex.is_final_paragraph(text)
        found = _Paragraph(text, line, section, resolver, final, last, out.meta.fiscal_year).figures()
        figures += found
        last = found[-1] if found else last
    base = len(out.narrative)  # after all: a paragraph may complete the previous one's last figure
    for fields in figures:  # a 其中 item names the figure it is part of by its place in out.narrative
        whole = fields.pop("whole", None)
        fields["within"] = next((base + i for i, f in enumerate(figures) if f is whole), None)
    out.narrative += [NarrativeFigure(**fields) for fields in figures]
    return len(figures)


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _yuan(m: re.Match, group: int = 1) -> Decimal:
    return to_yuan(_dec(m.group(group)), unit_name(m.group(group + 1)))


def _bare(topic: str) -> str:
    """A topic without its phase words, to tell whether two subjects name one thing (财政拨款(预算)支出)."""
    return re.sub(r"年初|预算|决算|数|本年度?", "", topic)


def _signed_percent(m: re.Match) -> Decimal:
    sign = -1 if m.group(1) in ("减少", "下降", "降低") else 1
    return sign * _dec(m.group(2))


class _Paragraph:
    """The figures of one paragraph. A change or reason that opens a sentence after a list of several
    figures speaks of the paragraph's lead figure (the total the list breaks down), not of the last item."""

    def __init__(
        self,
        text: str,
        line: SourceLine,
        section: str,
        resolver: Resolver,
        final: bool,
        last: dict | None = None,
        year: int | None = None,
    ) -> None:
        self.text, self.line, self.section, self.resolver, self.final = text, line, section, resolver, final
        self.year = year
        self.whole: dict | None = None  # the figure a 其中 list of this sentence breaks down
        self.qualifier = ""  # clauses of this list item that qualify the next subject (…中，…的，)
        self.found: list[dict] = []
        self.current: dict | None = None
        self.before = last  # the figure the previous paragraph ended on (与上年相比增加… / 主要原因是… opens this one)
        self.label = ""
        self.comparing = False  # the clause before was a bare 与上年相比 / 与2023年度相比

    def figures(self) -> list[dict]:
        in_sentence = previous_sentence = 0  # figures started in the current and in the previous sentence
        opens_sentence = True
        cursor = skip_until = 0
        ends_item = False
        for clause in _CLAUSES.split(self.text):
            at = self.text.find(clause, cursor)
            cursor = at + len(clause) if at >= 0 else cursor
            body = clause.strip("，,；;。、 ")
            starts, opens_sentence = opens_sentence, clause.rstrip().endswith("。")
            if ends_item:  # a qualifier speaks of the list item it opens (up to ；or 。)
                self.qualifier = ""
            ends_item = clause.rstrip().endswith(("；", ";", "。"))
            if starts and not (self.found and body == clause.strip()):
                previous_sentence, in_sentence = in_sentence, 0
                self.whole = None
            if _PARTS.match(body) and self.current is not None:
                self.whole = self.current
            if not body or at < skip_until:
                continue
            target = self.current if self.found else self.before
            if starts and previous_sentence > 1 and self.found and self.found[0].get("change") is None:
                target = self.found[0]
            if target is not None and (m := _REASON.match(body)) and m.group(0):
                target["reason"] = (self.text[self.text.index(body) + len(m.group(0)) :]).strip("。 ")
                break
            if self.final and (end := self._execution(body, target, at)) is not None:
                skip_until = end
                continue
            if self._change(body, target, carried=not self.found):
                continue
            if self.current is not None and (p := _PERCENT.match(body)):
                self.current["change_percent"] = _signed_percent(p)
                continue
            if self.current is not None and (s := _SHARE.search(body)) and not AMOUNT.search(body):
                own = self._subject(body[: s.start()], "")
                # 货物采购…占货物支出金额的 55.48% after a figure that has its share: another subject's share
                if not own or self._same(self.current, own) or self.current.get("share_percent") is None:
                    self._share(self.current, s)
                continue
            if self._amount(body):
                in_sentence += 1
        return self.found

    # --- clause kinds ---

    def _execution(self, body: str, target: dict | None, at: int) -> int | None:
        """年初预算为 / 支出决算为 / 完成预算的 / 决算数小于预算数…: None when the clause is none of them, else
        the offset up to which the paragraph has been read (past a stated reason)."""
        if cmp.previous(body, self.year) is not None:  # 上年决算数为 X 万元: the previous year's, not this one's
            return None
        if d := ex.direction(body):
            kind, before, end = d
            figure = self._named(before) or target
            if figure is None:
                return at + len(body)
            figure["direction"] = kind
            start = self.text.find(body, at) + end
            if reason := ex.reason_after(self.text, start):
                figure["reason"] = reason
                return self.text.find("。", start) if "。" in self.text[start:] else len(self.text)
            return at + len(body)
        if b := ex.BUDGETED.search(body):
            figure = self._start(body[: b.start()], None)
            figure["budgeted"] = _yuan(b)
            self._completion(body)
            return at + len(body)
        if f := ex.FINAL.search(body):
            before = self._subject(body[: f.start()], fallback="")
            figure = self.current
            if figure is None or "final" in figure or (before and not self._same(figure, before)):
                figure = self._start(body[: f.start()], None)
            figure["final"] = figure["amount"] = _yuan(f)
            figure["printed_amount"] = _dec(f.group(1))
            figure["unit"], figure["decimals"] = unit_name(f.group(2)), printed_decimals(_dec(f.group(1)))
            self._completion(body)
            return at + len(body)
        if self.current is not None and self._completion(body):
            return at + len(body)
        return None

    def _completion(self, body: str) -> bool:
        value = ex.completion(body)
        if value is not None and self.current is not None:
            self.current["completion_percent"] = value
        return value is not None

    def _change(self, body: str, target: dict | None, carried: bool = False) -> bool:
        """A change on the previous year: of ``target``, or of a subject the clause names itself. A target
        carried over from the previous paragraph takes only a clause that says it compares (与上年相比…)."""
        change = _CHANGE.search(body)
        first = AMOUNT.search(body)
        states_change = bool(change and first and first.start() == change.start(2))
        prior = _PRIOR.search(body)
        last_year = bool(_LAST_YEAR.search(body))
        comparing, self.comparing = self.comparing, bool(prior and not change and not first)
        if carried and not (prior or body.startswith("比")):
            return False
        if (by := cmp.compared_by(body)) and target is not None and self.found:  # 本年数小于上年预算数 X 万元
            word, difference = by
            target["change"] = difference.yuan if word == cmp.INCREASE else -difference.yuan
            target["change_precision"] = difference.precision
            self._compared(target, body, word)
            self.current = target
            return True
        if comparing and not (change or first) and _LEVEL.search(body):  # 与2023年度相比，…总计持平
            prior = prior or comparing
        if not (states_change or prior or last_year or body.startswith("比")):
            return False
        compared = prior or _PRIOR.search(self.text, 0, max(self.text.find(body), 0)) or "上年" in self.text
        if states_change and not compared:  # 支持商销稳增长 30.00 万: a name, no comparison in sight
            return False
        own = self._subject((body[: prior.start()] if prior else body[: change.start()]) if states_change else "", "")
        if states_change and own and not (target is not None and self._same(target, own)):
            if self.current is not None and self._same(self.current, own):
                target = self.current
            else:
                target = self._start(own, None)
        if target is None:
            return False
        if not change and not first and _LEVEL.search(body):  # 与上年持平 / 保持不变
            target["change"] = Decimal(0)
        if change:
            sign = -1 if change.group(1) in ("减少", "下降") else 1
            target["change"] = sign * to_yuan(_dec(change.group(2)), unit_name(change.group(3)))
            target["change_precision"] = cmp.printed(change.group(2), change.group(3)).precision
        if (p := _PERCENT.search(body)) and target.get("change_percent") is None:
            target["change_percent"] = _signed_percent(p)
        word = cmp.word_direction(change.group(1)) if change else None
        self._compared(target, body, word or (cmp.word_direction(p.group(1)) if p else None))
        self.current = target
        return bool(change or p or prior or last_year or body.startswith("比"))

    def _amount(self, body: str) -> bool:
        amount = AMOUNT.search(body)
        if amount and _THRESHOLD.match(body, amount.end()):  # 单价 50 万元（含）以上的设备 1 台: a bound, no amount
            amount = None
        count = None if amount else _COUNT.search(body)
        if not amount and not count:
            if not (names_code(self.label) and not names_code(body)):
                self.label = body  # a subject stated before its amounts (…（项）。主要用于：…)
            if _QUALIFIER.search(body):  # 在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额 4.79 万元
                self.qualifier += body
            return False
        figure = self._start(body[: (amount or count).start()], amount)
        figure["count"] = int(count.group(1)) if count else None
        figure["count_unit"] = count.group(2) if count else None
        if s := _SHARE.search(body[amount.end() :] if amount else ""):
            self._share(figure, s)
        return True

    @staticmethod
    def _share(figure: dict, m: re.Match) -> None:
        """占 y%, with the whole it names when it names one (占总支出的 / 占本年支出合计的 / 占“三公”经费的)."""
        figure["share_percent"] = _dec(m.group(2))
        base = normalise_label(re.sub(r"的$", "", m.group(1).strip()))
        figure["share_base"] = base or None

    def _compared(self, target: dict, body: str, word: str | None) -> None:
        """The direction word (the first one stated wins: a later word that says otherwise is a contradiction
        the rules report), what the figure is compared with and the previous amount when printed."""
        word = word or (cmp.FLAT if cmp.flat(body) else None)
        if word and not target.get("change_direction"):
            target["change_direction"] = word
        before = self.text[: max(self.text.find(body), 0)]
        said = cmp.basis(body, self.year) or next(
            (b for m in reversed(list(cmp.BASIS.finditer(before))) if (b := cmp.basis(m.group(0), self.year))), None
        )
        if said and not target.get("compared_with"):
            target["compared_with"], target["compared_year"] = said
        if (prev := cmp.previous(body, self.year)) is not None:
            target["previous"], target["previous_precision"] = prev.yuan, prev.precision
            if not target.get("compared_year") and self.year:
                target["compared_year"] = self.year - 1

    # --- figures and subjects ---

    def _subject(self, before: str, fallback: str | None = None) -> str:
        subject = LEADING.sub("", before.rsplit("：", 1)[-1])
        subject = _PRIOR.sub("", subject) if _PRIOR.search(subject) else subject
        subject = re.sub(r"(为|是|预算|年初预算|共有|共计|各)$", "", subject)
        if _PHASE_ONLY.match(subject):
            subject = ""
        if subject or fallback is not None:
            return subject or (fallback or "")
        return self.label or self.section

    def _start(self, before: str, amount: re.Match | None) -> dict:
        subject = self._subject(before)
        # the subject as printed with its qualifiers (…中标或成交的采购金额: not every 采购金额); code and topic from
        # the subject itself (在一般公共预算支出中，基本支出 … is 基本支出)
        printed = self.qualifier + subject if self.qualifier and subject and subject != self.section else subject
        self.label = ""
        code, scheme = self.resolver.code(subject, self.section)
        figure = {
            "section": self.section,
            "subject": normalise_label(printed),
            "code": code,
            "scheme": scheme,
            "topic": None if code else self.resolver.topic(subject, self.section),
            "amount": _yuan(amount) if amount else None,
            "printed_amount": _dec(amount.group(1)) if amount else None,
            "unit": unit_name(amount.group(2)) if amount else None,
            "decimals": printed_decimals(_dec(amount.group(1))) if amount else None,
            "source": SourceRef(line=self.line.line, page=self.line.page, text=self.text[:500]),
        }
        if self.whole is not None and figure["amount"] is not None and self.whole.get("amount") is not None:
            if figure["amount"] > self.whole["amount"]:  # a part is never more than its whole: a new total
                self.whole = None
        if self.whole is not None:
            figure["whole"] = self.whole
        self.found.append(figure)
        self.current = figure
        return figure

    def _same(self, figure: dict, subject: str) -> bool:
        code, _ = self.resolver.code(subject, self.section)
        if code or figure.get("code"):
            return code == figure.get("code")
        if not figure.get("topic"):
            return False
        return self._bare(subject) in (self._bare(figure["subject"]), _bare(figure["topic"]))

    def _bare(self, subject: str) -> str:
        """The topic of a subject without who and when (省检察院2019年…) and without phase words."""
        return _bare(self.resolver.topic(_WHO_WHEN.sub("", subject), self.section))

    def _named(self, before: str) -> dict | None:
        """The latest figure of this paragraph that ``before`` names (2024年度"三公"经费支出决算数…)."""
        subject = self._subject(before, fallback="")
        if not subject:
            return None
        return next((f for f in reversed(self.found) if self._same(f, subject)), None)
