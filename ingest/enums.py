"""The closed vocabularies of the data model, as ``StrEnum``s: each member equals (and prints as) its string."""

from __future__ import annotations

from enum import StrEnum


class DocumentKind(StrEnum):
    """What a disclosure reports: the budget (部门预算) or the final accounts (部门决算)."""

    BUDGET = "Budget"
    FINAL_ACCOUNTS = "FinalAccounts"


class Scheme(StrEnum):
    """Classification schemes of codes: 支出功能分类, 支出经济分类, 收入分类."""

    FUNCTION = "function"
    ECONOMIC = "economic"
    INCOME = "income"


class Flow(StrEnum):
    """The side of a 收支 summary table a line item is on."""

    INCOME = "income"
    EXPENDITURE = "expenditure"


class Medium(StrEnum):
    """The form a disclosure was read from."""

    TEXT = "text"
    PDF = "pdf"
    OCR = "ocr"  # a PDF of page images, read by optical character recognition


class TableKind(StrEnum):
    """What a table is, as recognised from its title and header words."""

    THREE_PUBLIC = "three-public"
    UNITS = "units"
    PERFORMANCE = "performance-targets"
    PERFORMANCE_SHEET = "performance-sheet"  # one 项目绩效目标表 per project (a form, then its indicator grid)
    PROCUREMENT = "procurement"
    PROJECTS = "project-expenditure"
    GOV_FUND = "government-fund-expenditure"
    STATE_CAPITAL = "state-capital-expenditure"
    FISCAL_SUMMARY = "fiscal-appropriation-summary"
    SUMMARY = "income-expenditure-summary"
    INCOME = "income-summary"
    BASIC_ECONOMIC = "basic-expenditure-economic"
    GPB_FUNCTION = "general-public-budget-expenditure"
    FISCAL_EXPENDITURE = "fiscal-appropriation-expenditure"  # 财政拨款支出表: every 财政拨款 fund, not all funds
    OFFICE_RUNNING = "office-running-expenditure"  # 机关运行经费支出表: economic codes of 机关运行经费
    EXPENDITURE = "expenditure-summary"
    UNKNOWN = "unknown"
