"""The tables of a synthetic document (the Inner Mongolia 12-table template), each amount recorded as printed."""

from __future__ import annotations

from budgetkg.ingest.enums import Flow, Scheme, TableKind
from budgetkg.synth.catalog import PERSONNEL_CODES, PUBLIC_CODES
from budgetkg.synth.model import TP_MEASURES, Budget, amount_text, class_codes
from budgetkg.synth.policy import performance_rows
from budgetkg.synth.printer import Printer, cn


def units_table(p: Printer) -> None:
    """单位情况表, in the 部门概况 part (before the narrative)."""
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
    p.tables.append(("x1", "单位情况表", TableKind.UNITS, True))


def _grand_total(b: Budget) -> int:
    return sum(b.rows[c].total for c in class_codes(b))


def _two_sided_header(p: Printer, number: str, title: str, item_word: str) -> None:
    """Heading and the two header rows of a 收入 | 支出 summary table."""
    p.heading(number, title)
    p.row("收 入", "", "支 出", "")
    p.row(item_word, "预算数", item_word, "预算数")


def summary(p: Printer) -> None:
    """表1 收支总表."""
    b, t = p.b, "1"
    total = _grand_total(b)
    _two_sided_header(p, t, "收支总表", "项 目")
    classes = class_codes(b)
    income = [("一、一般公共预算拨款收入", total), ("二、政府性基金预算拨款收入", 0), ("三、事业收入", 0)]
    for i in range(max(len(income), len(classes))):
        left = income[i] if i < len(income) else ("", 0)
        if i < len(classes):
            c = classes[i]
            name = b.rows[c].name
            right = (
                f"{cn(i + 1)}、{name}",
                p.amount(
                    t, b.rows[c].total, item=name, flow=Flow.EXPENDITURE, code=c, scheme=Scheme.FUNCTION, measure="合计"
                ),
            )
        else:
            right = ("", "")
        left_amount = p.amount(t, left[1], item=left[0][2:], flow=Flow.INCOME, measure="合计") if left[0] else ""
        p.row(left[0], left_amount, right[0], right[1])
    for label, right in (("本年收入合计", "本年支出合计"), ("收 入 总 计", "支 出 总 计")):
        p.row(
            p.total_label(label),
            p.amount(t, total, True, item=label.replace(" ", ""), flow=Flow.INCOME, measure="合计"),
            p.total_label(right),
            p.amount(t, total, True, item=right.replace(" ", ""), flow=Flow.EXPENDITURE, measure="合计"),
        )
    p.tables.append((t, "收支总表", TableKind.SUMMARY, False))


def _coded_rows(p: Printer, t: str, columns: list[str]) -> None:
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
        cells = [p.amount(t, values[m], code=code, scheme=Scheme.FUNCTION, measure=m) for m in columns]
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
            for c in class_codes(b)
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


def expenditure(p: Printer) -> None:
    """表3 支出总表."""
    p.heading("3", "支出总表")
    p.row(
        "科目编码", "科目名称", "合计", "基本支出", "项目支出", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出"
    )
    _coded_rows(p, "3", ["合计", "基本支出", "项目支出"])
    p.tables.append(("3", "支出总表", TableKind.EXPENDITURE, False))


def gpb(p: Printer) -> None:
    """表5 一般公共预算支出表."""
    p.heading("5", "一般公共预算支出表")
    p.row("科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出")
    p.row("", "", "", "小计", "人员经费", "公用经费", "")
    _coded_rows(p, "5", ["合计", "基本支出", "人员经费", "公用经费", "项目支出"])
    p.tables.append(("5", "一般公共预算支出表", TableKind.GPB_FUNCTION, False))


def fiscal_summary(p: Printer) -> None:
    """表4 财政拨款收支总表."""
    b, t = p.b, "4"
    total = _grand_total(b)
    _two_sided_header(p, t, "财政拨款收支总表", "项目")
    p.row(
        "一、本年收入",
        p.amount(t, total, item="本年收入", flow=Flow.INCOME, measure="合计"),
        "一、本年支出",
        p.amount(t, total, item="本年支出", flow=Flow.EXPENDITURE, measure="合计"),
    )
    classes = class_codes(b)
    first = ("（一）一般公共预算拨款", p.amount(t, total, item="一般公共预算拨款", flow=Flow.INCOME, measure="合计"))
    for i, c in enumerate(classes):
        name = b.rows[c].name
        left = first if i == 0 else ("", "")
        p.row(
            *left,
            f"（{cn(i + 1)}）{name}",
            p.amount(
                t, b.rows[c].total, item=name, flow=Flow.EXPENDITURE, code=c, scheme=Scheme.FUNCTION, measure="合计"
            ),
        )
    p.row(
        "收 入 总 计",
        p.amount(t, total, True, item="收入总计", flow=Flow.INCOME, measure="合计"),
        "支 出 总 计",
        p.amount(t, total, True, item="支出总计", flow=Flow.EXPENDITURE, measure="合计"),
    )
    p.tables.append((t, "财政拨款收支总表", TableKind.FISCAL_SUMMARY, False))


def basic(p: Printer) -> None:
    """表6 一般公共预算基本支出表 (economic codes)."""
    b, t = p.b, "6"
    p.heading(t, "一般公共预算基本支出表")
    p.row("部门预算支出经济分类科目", "", "本年一般公共预算基本支出", "", "")
    p.row("科目编码", "科目名称", "合计", "人员经费", "公用经费")
    names = {**PERSONNEL_CODES, **PUBLIC_CODES}
    personnel = public = 0
    for code in sorted(b.economic):
        value = b.economic[code]
        p.codes[code] = names[code]
        is_public = code.startswith("302")
        cells = [
            p.amount(t, value, code=code, scheme=Scheme.ECONOMIC, measure="合计"),
            "" if is_public else p.amount(t, value, code=code, scheme=Scheme.ECONOMIC, measure="人员经费"),
            p.amount(t, value, code=code, scheme=Scheme.ECONOMIC, measure="公用经费") if is_public else "",
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
    p.tables.append((t, "一般公共预算基本支出表", TableKind.BASIC_ECONOMIC, False))


def three_public(p: Printer) -> None:
    """表7 "三公" table: each unit × three phases, then the 合计 row."""
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
    p.tables.append((t, "一般公共预算“三公”经费支出表", TableKind.THREE_PUBLIC, False))


def empty(p: Printer, number: str, title: str) -> None:
    """A table with nothing to report (基金, 国有资本): a 合计 row of zeros and a note."""
    p.heading(number, title)
    p.row("科目编码", "科目名称", f"本年{title[:-1]}", "", "")
    p.row("", "", "合计", "基本支出", "项目支出")
    p.row("", "合 计", *[p.amount(number, 0, True, item="合计", measure=m) for m in ("合计", "基本支出", "项目支出")])
    p.lines += ["", f"注：本部门本年无{title[:-1]}。"]
    kind = TableKind.GOV_FUND if number == "8" else TableKind.STATE_CAPITAL
    p.tables.append((number, title, kind, True))


def performance(p: Printer) -> None:
    """项目绩效目标表: every project's row and its indicators."""
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
    p.tables.append(("11", "项目绩效目标表", TableKind.PERFORMANCE, False))
