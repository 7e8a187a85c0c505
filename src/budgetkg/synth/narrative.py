"""The narrative of a synthetic document: totals, each function code's change and the project sections."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from budgetkg.ingest.enums import Scheme
from budgetkg.synth.model import PRINTED_DECIMALS, amount_text, class_codes, yuan
from budgetkg.synth.policy import citation_text
from budgetkg.synth.printer import Printer, cn


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def narrative(p: Printer) -> None:
    """The 情况说明 part: the total and its change, each 项-level code, then the project sections."""
    b = p.b
    total = sum(b.rows[c].total for c in class_codes(b))
    previous = b.previous_total
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
                "scheme": Scheme.FUNCTION,
                "unit": unit,
                "decimals": PRINTED_DECIMALS,
                "change": yuan(delta),
                "change_percent": _percent(delta, r.previous),
                "reason": "人员及业务变动",
            }
        )
    _project_sections(p)
    p.lines += ["", "## 第三部分 名词解释", ""]


def _project_sections(p: Printer) -> None:
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
            f"### （{cn(n)}）{proj.name}",
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
