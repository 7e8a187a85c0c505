"""Recognise what a table is from its title and header words, never from its position in the file."""

from __future__ import annotations

from budgetkg.ingest.enums import TableKind
from budgetkg.ingest.model import SourceTable
from budgetkg.ingest.normalise import is_data_row, normalise_label, squash
from budgetkg.ingest.policy.project_sheets import is_sheet

# Default titles of untitled tables.
KIND_LABELS: dict[TableKind, str] = {
    TableKind.THREE_PUBLIC: "一般公共预算“三公”经费支出表",
    TableKind.UNITS: "单位情况表",
    TableKind.PERFORMANCE: "项目绩效目标表",
    TableKind.PERFORMANCE_SHEET: "项目绩效目标表",
    TableKind.PROCUREMENT: "政府采购预算表",
    TableKind.PROJECTS: "项目支出表",
    TableKind.GOV_FUND: "政府性基金预算支出表",
    TableKind.STATE_CAPITAL: "国有资本经营预算支出表",
    TableKind.FISCAL_SUMMARY: "财政拨款收支总表",
    TableKind.SUMMARY: "收支总表",
    TableKind.INCOME: "收入总表",
    TableKind.BASIC_ECONOMIC: "一般公共预算基本支出表",
    TableKind.GPB_FUNCTION: "一般公共预算支出表",
    TableKind.FISCAL_EXPENDITURE: "财政拨款支出表",
    TableKind.OFFICE_RUNNING: "机关运行经费支出表",
    TableKind.EXPENDITURE: "支出总表",
    TableKind.UNKNOWN: "未识别的表",
}


# The funds a title or header can name; a 支出表 that names none covers all funds (the 支出总表).
GENERAL_BUDGET, FISCAL = "一般公共预算", "财政拨款"


def expenditure_kind(text: str) -> TableKind:
    """The kind of a functional expenditure table by the funds ``text`` (its title, or its header words) names:
    一般公共预算 (with or without 财政拨款) is the 一般公共预算支出表, 财政拨款 alone the 财政拨款支出表 (every
    财政拨款 fund: 一般公共预算, 政府性基金, 国有资本经营), none at all the 支出总表 of all funds."""
    if GENERAL_BUDGET in text:
        return TableKind.GPB_FUNCTION
    if FISCAL in text:
        return TableKind.FISCAL_EXPENDITURE
    return TableKind.EXPENDITURE


def kind_from_title(title: str) -> TableKind:
    """The kind a title names; the more specific titles are tested first. Fund tables (政府性基金, 国有资本经营)
    and the 三公 table come before the fund-neutral words; a 支出表 is told apart by the funds it names."""
    t = normalise_label(title)
    if not t:
        return TableKind.UNKNOWN
    if "三公" in t:
        return TableKind.THREE_PUBLIC
    if "单位情况" in t or "单位构成" in t:
        return TableKind.UNITS
    if "绩效" in t:
        return TableKind.PERFORMANCE
    if "政府采购" in t:
        return TableKind.PROCUREMENT
    if "政府性基金" in t:
        return TableKind.GOV_FUND
    if "国有资本经营" in t:
        return TableKind.STATE_CAPITAL
    if "项目支出" in t and "一般公共预算" not in t:
        return TableKind.PROJECTS
    if "财政拨款" in t and ("总表" in t or "收支" in t or "收入支出" in t):
        return TableKind.FISCAL_SUMMARY
    if ("收支" in t or "收入支出" in t) and ("总表" in t or "总体" in t):
        return TableKind.SUMMARY
    if "收入" in t and "支出" not in t:
        return TableKind.INCOME
    if "机关运行经费" in t:
        return TableKind.OFFICE_RUNNING
    if "基本支出" in t:
        return TableKind.BASIC_ECONOMIC
    if "支出" in t:
        return expenditure_kind(t)
    return TableKind.UNKNOWN


def header_words(table: SourceTable, max_rows: int = 4) -> set[str]:
    """Normalised non-empty cells of the rows before the first row holding an amount."""
    words: set[str] = set()
    for row in table.rows[:max_rows]:
        if is_data_row(row.cells):
            break
        words.update(squash(c) for c in row.cells if c)
    return words


def kind_from_header(table: SourceTable) -> TableKind:
    """The kind the header words name, for tables whose title does not say."""
    found = header_words(table)
    words = " ".join(found)
    if "单位名称" in words and "单位性质" in words:
        return TableKind.UNITS
    if "一级指标" in words or "三级指标" in words:
        return TableKind.PERFORMANCE
    if "公务接待费" in words and "因公出国" in words:
        return TableKind.THREE_PUBLIC
    if "科目编码" in words or "科目代码" in words or ("类" in words and "款" in words):
        if "人员经费" in words and "项目支出" not in words:
            return TableKind.BASIC_ECONOMIC
        if "机关运行经费" in words:
            return TableKind.OFFICE_RUNNING
        return expenditure_kind(" ".join(w for w in found if "支出" in w))  # a column of 财政拨款支出 names its fund
    return TableKind.UNKNOWN


def recognise(table: SourceTable) -> TableKind:
    """The table's kind: from its title when the title says, else from its header words; a 绩效目标表 (or an
    untitled table) laid out as one project's form, or as an indicator grid naming no project, is a sheet."""
    kind = kind_from_title(table.title)
    if kind == TableKind.UNKNOWN:
        kind = kind_from_header(table)
    if kind in (TableKind.PERFORMANCE, TableKind.UNKNOWN) and is_sheet(table):
        return TableKind.PERFORMANCE_SHEET
    return kind
