"""Render a synthetic Budget as the text form of a disclosure, recording every printed amount."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from budgetkg.synth import PRINTED_DECIMALS, TP_MEASURES, Budget, amount_text, yuan
from budgetkg.synth.policy import citation_text, performance_rows

LISTED = [
    "收支总表",
    "收入总表",
    "支出总表",
    "财政拨款收支总表",
    "一般公共预算支出表",
    "一般公共预算基本支出表",
    "一般公共预算“三公”经费支出表",
    "政府性基金预算支出表",
    "国有资本经营预算支出表",
    "项目支出表",
    "项目绩效目标表",
    "政府采购预算表",
]
CN = "一二三四五六七八九十"
INJECT_DELTA = {
    "parent-sum": 1000,
    "basic-split": 500,
    "total-row": 700,
    "three-public-total": 300,
    "cross-table": 1000,
    "narrative-amount": 1000,
}


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    return ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


class _Printer:
    def __init__(self, budget: Budget, rng: random.Random, inject: tuple[str, ...]) -> None:
        self.b, self.rng, self.inject = budget, rng, set(inject)
        self.lines: list[str] = []
        self.cells: dict[str, list[dict]] = {}
        self.codes: dict[str, str] = {}
        self.narrative: list[dict] = []
        self.tables: list[tuple[str, str, str, bool]] = []
        self.separators = rng.random() < 0.8
        self.bold_totals = rng.random() < 0.5

    def amount(self, table: str, value: int, total: bool = False, **dims) -> str:
        """Print an amount (an empty cell for 0 in data rows) and record its observation."""
        if value == 0 and not total:
            return ""
        dims.setdefault("phase", "预算数")
        dims.setdefault("fiscal_year", self.b.year)
        self.cells.setdefault(table, []).append({"value": value, "dims": dims})
        text = amount_text(value, self.b.unit, self.separators)
        return f"<b>{text}</b>" if total and self.bold_totals else text

    def maybe_inject(self, kind: str, value: int, **where) -> int:
        if kind in self.inject:
            self.inject.discard(kind)
            self.b.injected.append({"kind": kind, "printed": value + INJECT_DELTA[kind], "expected": value, **where})
            return value + INJECT_DELTA[kind]
        return value

    def heading(self, number: str, title: str) -> None:
        style = self.rng.random()
        unit_line = f"单位：{self.b.unit}"
        if style < 0.4:
            self.lines += ["", f"表{number}", "", unit_line, "", f"## {title}", ""]
        elif style < 0.8:
            self.lines += ["", f"表{number}", "", f"## {title}", "", unit_line, ""]
        else:
            self.lines += ["", f"{title}", "", f"表{number}", "", unit_line, ""]

    def row(self, *cells: str) -> None:
        self.lines.append("\t".join(cells))

    def total_label(self, text: str) -> str:
        return f"<b>{text}</b>" if self.bold_totals else text


def render(b: Budget, rng: random.Random, inject: tuple[str, ...]) -> tuple[str, dict]:
    p = _Printer(b, rng, inject)
    title = f"{b.year}年度{b.department}(部门)预算公开"
    p.lines += [
        "",
        f"# {b.year} 年度{b.department} (部门)预算公开",
        "",
        f"批复时间：{b.approval.year} 年 {b.approval.month} 月 {b.approval.day} 日",
        "",
        f"公开时间：{b.publication.year} 年 {b.publication.month} 月 {b.publication.day} 日",
        "",
        "# 目 录",
        "",
        f"## 第五部分 {b.year} 年度部门预算表",
        "",
    ]
    listed = [1, 3, 4, 5, 6, 7, 8, 9] + ([11] if b.projects else [])  # the table of contents lists what is printed
    p.lines += [f"{_cn(n)}、{LISTED[n - 1]}" for n in listed]
    _units_table(p)
    _narrative(p)
    p.lines += ["", f"## 第五部分 {b.year} 年度部门预算表"]
    _summary(p)
    _expenditure(p)
    _fiscal_summary(p)
    _gpb(p)
    _basic(p)
    _three_public(p)
    for number, table_title in (("8", "政府性基金预算支出表"), ("9", "国有资本经营预算支出表")):
        _empty(p, number, table_title)
    if b.projects:
        _performance(p)
    printed = {
        "title": title.replace(" ", ""),
        "tables": p.tables,
        "cells": p.cells,
        "codes": p.codes,
        "narrative": p.narrative,
    }
    return "\n".join(p.lines) + "\n", printed


def _units_table(p: _Printer) -> None:
    p.lines += [
        "",
        "# 第一部分 部门概况",
        "",
        "## 二、部门机构设置及预算单位构成情况",
        "",
        "单位情况表",
        "",
        "序号\t单位名称\t单位性质",
    ]
    for i, (_, name, kind) in enumerate(p.b.units, start=1):
        p.row(str(i), name + (" (本级)" if i == 1 else ""), kind)
    p.tables.append(("x1", "单位情况表", "units", True))


def _classes(b: Budget) -> list[str]:
    return sorted(c for c in b.rows if len(c) == 3)


def _grand_total(b: Budget) -> int:
    return sum(b.rows[c].total for c in _classes(b))


def _two_sided_header(p: _Printer, number: str, title: str, item_word: str) -> None:
    """Heading and the two header rows of a 收入 | 支出 summary table."""
    p.heading(number, title)
    p.row("收 入", "", "支 出", "")
    p.row(item_word, "预算数", item_word, "预算数")


def _summary(p: _Printer) -> None:
    b, t = p.b, "1"
    total = _grand_total(b)
    _two_sided_header(p, t, "收支总表", "项 目")
    classes = _classes(b)
    income = [("一、一般公共预算拨款收入", total), ("二、政府性基金预算拨款收入", 0), ("三、事业收入", 0)]
    for i in range(max(len(income), len(classes))):
        left = income[i] if i < len(income) else ("", 0)
        if i < len(classes):
            c = classes[i]
            name = b.rows[c].name
            right = (
                f"{_cn(i + 1)}、{name}",
                p.amount(t, b.rows[c].total, item=name, flow="expenditure", code=c, scheme="function", measure="合计"),
            )
        else:
            right = ("", "")
        left_amount = p.amount(t, left[1], item=left[0][2:], flow="income", measure="合计") if left[0] else ""
        p.row(left[0], left_amount, right[0], right[1])
    for label, right in (("本年收入合计", "本年支出合计"), ("收 入 总 计", "支 出 总 计")):
        p.row(
            p.total_label(label),
            p.amount(t, total, True, item=label.replace(" ", ""), flow="income", measure="合计"),
            p.total_label(right),
            p.amount(t, total, True, item=right.replace(" ", ""), flow="expenditure", measure="合计"),
        )
    p.tables.append((t, "收支总表", "income-expenditure-summary", False))


def _coded_rows(p: _Printer, t: str, columns: list[str]) -> None:
    """Rows of 表3 / 表5: each code with its measures; injected discrepancies applied on the way."""
    b = p.b
    for code in sorted(b.rows):
        r = b.rows[code]
        p.codes[code] = r.name
        values = {
            "合计": r.total,
            "基本支出": r.basic,
            "人员经费": r.personnel,
            "公用经费": r.public,
            "项目支出": r.project,
        }
        if t == "3" and len(code) == 5:
            values["合计"] = p.maybe_inject("parent-sum", r.total, table=t, code=code, measure="合计")
        if t == "5" and len(code) == 7 and r.personnel:
            values["基本支出"] = p.maybe_inject("basic-split", r.basic, table=t, code=code, measure="基本支出")
        if t == "5" and len(code) == 7 and r.project:
            values["项目支出"] = p.maybe_inject("cross-table", r.project, table=t, code=code, measure="项目支出")
        cells = [p.amount(t, values[m], code=code, scheme="function", measure=m) for m in columns]
        p.row(code, r.name, *cells, *([""] * (3 if t == "3" else 0)))
    totals: dict[str, int] = {}
    for m in columns:
        totals[m] = sum(
            {
                "合计": b.rows[c].total,
                "基本支出": b.rows[c].basic,
                "人员经费": b.rows[c].personnel,
                "公用经费": b.rows[c].public,
                "项目支出": b.rows[c].project,
            }[m]
            for c in _classes(b)
        )
    if t == "3":
        totals["合计"] = p.maybe_inject("total-row", totals["合计"], table=t, item="合计", measure="合计")
    cells = [p.amount(t, totals[m], True, item="合计", measure=m) for m in columns]
    extra = (
        [
            p.amount(t, 0, True, item="合计", measure=m)
            for m in ("事业单位经营支出", "上缴上级支出", "对附属单位补助支出")
        ]
        if t == "3"
        else []
    )
    p.row("", p.total_label("合计"), *cells, *extra)


def _expenditure(p: _Printer) -> None:
    p.heading("3", "支出总表")
    p.row(
        "科目编码", "科目名称", "合计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出"
    )
    _coded_rows(p, "3", ["合计", "基本支出", "项目支出"])
    p.tables.append(("3", "支出总表", "expenditure-summary", False))


def _gpb(p: _Printer) -> None:
    p.heading("5", "一般公共预算支出表")
    p.row("科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出")
    p.row("", "", "", "小计", "人员经费", "公用经费", "")
    _coded_rows(p, "5", ["合计", "基本支出", "人员经费", "公用经费", "项目支出"])
    p.tables.append(("5", "一般公共预算支出表", "general-public-budget-expenditure", False))


def _fiscal_summary(p: _Printer) -> None:
    b, t = p.b, "4"
    total = _grand_total(b)
    _two_sided_header(p, t, "财政拨款收支总表", "项目")
    p.row(
        "一、本年收入",
        p.amount(t, total, item="本年收入", flow="income", measure="合计"),
        "一、本年支出",
        p.amount(t, total, item="本年支出", flow="expenditure", measure="合计"),
    )
    classes = _classes(b)
    first = ("（一）一般公共预算拨款", p.amount(t, total, item="一般公共预算拨款", flow="income", measure="合计"))
    for i, c in enumerate(classes):
        name = b.rows[c].name
        left = first if i == 0 else ("", "")
        p.row(
            *left,
            f"（{_cn(i + 1)}）{name}",
            p.amount(t, b.rows[c].total, item=name, flow="expenditure", code=c, scheme="function", measure="合计"),
        )
    p.row(
        "收 入 总 计",
        p.amount(t, total, True, item="收入总计", flow="income", measure="合计"),
        "支 出 总 计",
        p.amount(t, total, True, item="支出总计", flow="expenditure", measure="合计"),
    )
    p.tables.append((t, "财政拨款收支总表", "fiscal-appropriation-summary", False))


def _basic(p: _Printer) -> None:
    b, t = p.b, "6"
    p.heading(t, "一般公共预算基本支出表")
    p.row("部门预算支出经济分类科目", "", "本年一般公共预算基本支出", "", "")
    p.row("科目编码", "科目名称", "合计", "人员经费", "公用经费")
    from budgetkg.synth.catalog import PERSONNEL_CODES, PUBLIC_CODES

    names = {**PERSONNEL_CODES, **PUBLIC_CODES}
    personnel = public = 0
    for code in sorted(b.economic):
        value = b.economic[code]
        p.codes[code] = names[code]
        is_public = code.startswith("302")
        cells = [
            p.amount(t, value, code=code, scheme="economic", measure="合计"),
            "" if is_public else p.amount(t, value, code=code, scheme="economic", measure="人员经费"),
            p.amount(t, value, code=code, scheme="economic", measure="公用经费") if is_public else "",
        ]
        p.row(code, names[code], *cells)
        if len(code) == 3:
            public += value if is_public else 0
            personnel += 0 if is_public else value
    p.row(
        "",
        p.total_label("合 计"),
        p.amount(t, personnel + public, True, item="合计", measure="合计"),
        p.amount(t, personnel, True, item="合计", measure="人员经费"),
        p.amount(t, public, True, item="合计", measure="公用经费"),
    )
    p.tables.append((t, "一般公共预算基本支出表", "basic-expenditure-economic", False))


def _three_public(p: _Printer) -> None:
    b, t = p.b, "7"
    p.heading(t, "一般公共预算“三公”经费支出表")
    phases = [("预算数", b.year - 1), ("执行数", b.year - 1), ("预算数", b.year)]
    p.row("单位名称", *sum(([f"{y}年{ph}"] + [""] * 5 for ph, y in phases), []))
    p.row("", *["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"] * 3)
    p.row("", *["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 3)
    units = {c: n for c, n, _ in b.units}
    for code in [c for c, _, _ in b.units if (c, 0) in b.three_public]:
        cells = []
        for k, (ph, y) in enumerate(phases):
            for m, value in zip(TP_MEASURES, b.three_public[(code, k)]):
                cells.append(p.amount(t, value, measure=m, phase=ph, fiscal_year=y, org=code))
        p.row(f"{code}-{units[code]}", *cells)
    cells = []
    for k, (ph, y) in enumerate(phases):
        for m, value in zip(TP_MEASURES, b.three_public[(None, k)]):
            if k == 2 and m == "合计":
                value = p.maybe_inject("three-public-total", value, table=t, item="合计", measure=m)
            cells.append(p.amount(t, value, True, measure=m, phase=ph, fiscal_year=y, item="合计"))
    p.row(p.total_label("合 计"), *cells)
    p.tables.append((t, "一般公共预算“三公”经费支出表", "three-public", False))


def _empty(p: _Printer, number: str, title: str) -> None:
    p.heading(number, title)
    p.row("科目编码", "科目名称", f"本年{title[:-1]}", "", "")
    p.row("", "", "合计", "基本支出", "项目支出")
    p.row("", "合 计", *[p.amount(number, 0, True, item="合计", measure=m) for m in ("合计", "基本支出", "项目支出")])
    p.lines += ["", f"注：本部门本年无{title[:-1]}。"]
    kind = "government-fund-expenditure" if number == "8" else "state-capital-expenditure"
    p.tables.append((number, title, kind, True))


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _narrative(p: _Printer) -> None:
    b = p.b
    total = sum(b.rows[c].total for c in _classes(b))
    previous = sum(b.rows[c].previous for c in _classes(b))
    unit = "万元"
    wan = lambda v: amount_text(v, unit, False)  # noqa: E731 - the narrative prints 万元 without separators
    change = total - previous
    word = "增加" if change >= 0 else "减少"
    p.lines += [
        "",
        f"## 第二部分 {b.year} 年度部门预算情况说明",
        "",
        "### 一、收支预算总体情况说明",
        "",
        f"{b.department}部门 {b.year} 年度收入、支出预算总计 {wan(total)} {unit}，与上年相比收、支预算总计各"
        f"{word} {wan(abs(change))} {unit}，{word} {_percent(abs(change), previous)}%。",
        "",
        "### 五、一般公共预算支出预算情况说明",
        "",
    ]
    p.narrative.append(
        {
            "section": "收支预算总体情况说明",
            "subject": "",
            "amount": yuan(total),
            "topic": "收支总计",
            "unit": unit,
            "decimals": PRINTED_DECIMALS,
            "change": yuan(change),
            "change_percent": _percent(change, previous),
        }
    )
    for n, code in enumerate(sorted(c for c in b.rows if len(c) == 7), start=1):
        r = b.rows[code]
        parent = b.rows[code[:5]].name
        printed = r.total
        if "narrative-amount" in p.inject:
            printed = p.maybe_inject("narrative-amount", r.total, code=code, measure="合计")
        delta = r.total - r.previous
        w = "增加" if delta >= 0 else "减少"
        p.lines += [
            f"{n}. {parent}（款）{r.name}（项）。年初预算 {wan(printed)} {unit}，与上年相比{w} "
            f"{wan(abs(delta))} {unit}，{w} {_percent(abs(delta), r.previous)}%。变动原因：人员及业务变动。",
            "",
        ]
        p.narrative.append(
            {
                "section": "一般公共预算支出预算情况说明",
                "subject": "",
                "amount": yuan(printed),
                "code": code,
                "scheme": "function",
                "unit": unit,
                "decimals": PRINTED_DECIMALS,
                "change": yuan(delta),
                "change_percent": _percent(delta, r.previous),
                "reason": "人员及业务变动",
            }
        )
    _project_sections(p)
    p.lines += ["", "## 第三部分 名词解释", ""]


def _project_sections(p: _Printer) -> None:
    b = p.b
    if not b.projects:
        return
    total = sum(x.amount for x in b.projects)
    p.lines += [
        "",
        "## 十、项目支出预算情况说明",
        "",
        f"{b.department}部门 {b.year} 年部门预算安排项目 {len(b.projects)} 个，项目预算总金额 "
        f"{amount_text(total, '万元', False)} 万元。",
        "",
    ]
    section = "项目支出预算情况说明"
    p.narrative.append(
        {
            "section": section,
            "subject": "",
            "amount": None,
            "topic": "预算安排项目",
            "count": len(b.projects),
            "count_unit": "个",
        }
    )
    p.narrative.append(
        {
            "section": section,
            "subject": "",
            "amount": yuan(total),
            "topic": "项目预算总金额",
            "unit": "万元",
            "decimals": PRINTED_DECIMALS,
        }
    )
    for n, proj in enumerate(b.projects, start=1):
        if not proj.narrative:
            continue
        p.lines += [
            f"### （{_cn(n)}）{proj.name}",
            "",
            "#### 1.项目概述",
            "",
            f"本项目用于{proj.name}相关工作。",
            "",
            "#### 2.立项依据",
            "",
            citation_text(proj) + f"安排{proj.name}。",
            "",
            "#### 3.实施主体",
            "",
            proj.unit_name,
            "",
            "#### 4.实施方案",
            "",
            "按计划组织实施。",
            "",
            "#### 5.实施周期",
            "",
            f"自 {b.year} 年 1 月 1 日至 {b.year} 年 12 月 31 日。",
            "",
            "#### 6.年度预算安排",
            "",
            f"{b.year} 年该项目预算 {amount_text(proj.amount, '万元', False)} 万元。",
            "",
        ]


def _performance(p: _Printer) -> None:
    b = p.b
    p.lines += ["", "项目绩效目标表", "", f"单位：{b.unit}", ""]
    p.row(
        "项目名称",
        "项目单位",
        "项目类别",
        "预算数",
        "年度绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标方向",
        "目标值",
        "计量单位",
        "分值",
    )
    for proj in b.projects:
        name = proj.unit_name if p.rng.random() < 0.7 else proj.unit_name[:-1]  # names are often cut short
        for row in performance_rows(proj, f"{proj.unit_code}-{name}", amount_text(proj.amount, b.unit, p.separators)):
            p.row(*row)
    p.tables.append(("11", "项目绩效目标表", "performance-targets", False))
