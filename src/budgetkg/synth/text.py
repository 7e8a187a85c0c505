"""Render a synthetic Budget as the text form of a disclosure, recording every printed amount."""

from __future__ import annotations

import random

import budgetkg.synth.tables as tables
from budgetkg.synth.model import Budget
from budgetkg.synth.narrative import narrative
from budgetkg.synth.printer import Printer, cn

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


def render(b: Budget, rng: random.Random, inject: tuple[str, ...]) -> tuple[str, dict]:
    """The document's text and what it printed: title, tables, cells, codes and narrative figures."""
    p = Printer(b, rng, inject)
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
    p.lines += [f"{cn(n)}、{LISTED[n - 1]}" for n in listed]
    tables.units_table(p)
    narrative(p)
    p.lines += ["", f"## 第五部分 {b.year} 年度部门预算表"]
    tables.summary(p)
    tables.expenditure(p)
    tables.fiscal_summary(p)
    tables.gpb(p)
    tables.basic(p)
    tables.three_public(p)
    for number, table_title in (("8", "政府性基金预算支出表"), ("9", "国有资本经营预算支出表")):
        tables.empty(p, number, table_title)
    if b.projects:
        tables.performance(p)
    printed = {
        "title": title.replace(" ", ""),
        "tables": p.tables,
        "cells": p.cells,
        "codes": p.codes,
        "narrative": p.narrative,
    }
    return "\n".join(p.lines) + "\n", printed
