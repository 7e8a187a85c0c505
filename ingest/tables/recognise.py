"""Recognise what a table is from its title and header words, never from its position in the file."""

from __future__ import annotations

from budgetkg.ingest.model import SourceTable
from budgetkg.ingest.normalise import is_data_row, normalise_label, squash

# Table kinds, in the order they are tested: the more specific titles first.
THREE_PUBLIC = "three-public"
UNITS = "units"
PERFORMANCE = "performance-targets"
PROCUREMENT = "procurement"
PROJECTS = "project-expenditure"
GOV_FUND = "government-fund-expenditure"
STATE_CAPITAL = "state-capital-expenditure"
FISCAL_SUMMARY = "fiscal-appropriation-summary"
SUMMARY = "income-expenditure-summary"
INCOME = "income-summary"
BASIC_ECONOMIC = "basic-expenditure-economic"
GPB_FUNCTION = "general-public-budget-expenditure"
EXPENDITURE = "expenditure-summary"
UNKNOWN = "unknown"

KIND_LABELS: dict[str, str] = {
    THREE_PUBLIC: "一般公共预算“三公”经费支出表",
    UNITS: "单位情况表",
    PERFORMANCE: "项目绩效目标表",
    PROCUREMENT: "政府采购预算表",
    PROJECTS: "项目支出表",
    GOV_FUND: "政府性基金预算支出表",
    STATE_CAPITAL: "国有资本经营预算支出表",
    FISCAL_SUMMARY: "财政拨款收支总表",
    SUMMARY: "收支总表",
    INCOME: "收入总表",
    BASIC_ECONOMIC: "一般公共预算基本支出表",
    GPB_FUNCTION: "一般公共预算支出表",
    EXPENDITURE: "支出总表",
    UNKNOWN: "未识别的表",
}

# Kinds whose rows carry classification codes.
CODED_KINDS = {GOV_FUND, STATE_CAPITAL, BASIC_ECONOMIC, GPB_FUNCTION, EXPENDITURE}
SUMMARY_KINDS = {FISCAL_SUMMARY, SUMMARY, INCOME}


def kind_from_title(title: str) -> str:
    t = normalise_label(title)
    if not t:
        return UNKNOWN
    if "三公" in t:
        return THREE_PUBLIC
    if "单位情况" in t or "单位构成" in t:
        return UNITS
    if "绩效" in t:
        return PERFORMANCE
    if "政府采购" in t:
        return PROCUREMENT
    if "政府性基金" in t:
        return GOV_FUND
    if "国有资本经营" in t:
        return STATE_CAPITAL
    if "项目支出" in t and "一般公共预算" not in t:
        return PROJECTS
    if "财政拨款" in t and ("总表" in t or "收支" in t or "收入支出" in t):
        return FISCAL_SUMMARY
    if ("收支" in t or "收入支出" in t) and ("总表" in t or "总体" in t):
        return SUMMARY
    if "收入" in t and "支出" not in t:
        return INCOME
    if "基本支出" in t:
        return BASIC_ECONOMIC
    if "一般公共预算" in t and "支出" in t:
        return GPB_FUNCTION
    if "支出" in t:
        return EXPENDITURE
    return UNKNOWN


def header_words(table: SourceTable, max_rows: int = 4) -> set[str]:
    """Normalised non-empty cells of the rows before the first row holding an amount."""
    words: set[str] = set()
    for row in table.rows[:max_rows]:
        if is_data_row(row.cells):
            break
        words.update(squash(c) for c in row.cells if c)
    return words


def kind_from_header(table: SourceTable) -> str:
    words = " ".join(header_words(table))
    if "单位名称" in words and "单位性质" in words:
        return UNITS
    if "一级指标" in words or "三级指标" in words:
        return PERFORMANCE
    if "公务接待费" in words and "因公出国" in words:
        return THREE_PUBLIC
    if "科目编码" in words or "科目代码" in words or ("类" in words and "款" in words):
        if "人员经费" in words and "项目支出" not in words:
            return BASIC_ECONOMIC
        return EXPENDITURE
    return UNKNOWN


def recognise(table: SourceTable) -> str:
    """The table's kind: from its title when the title says, else from its header words."""
    kind = kind_from_title(table.title)
    if kind == UNKNOWN:
        kind = kind_from_header(table)
    return kind
