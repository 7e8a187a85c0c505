"""The table extractors, one per table kind, all with one signature.

An extractor adds what it reads from ``table`` to ``ex`` and raises
:class:`~budgetkg.ingest.model.TableReadError` when the printed content cannot be read. Kinds whose rows
are read elsewhere (the policy layer reads 项目支出表 through the narrative) have an extractor that adds
nothing, so that every recognised kind is listed here; ``UNKNOWN`` has none.
"""

from __future__ import annotations

from collections.abc import Callable

from budgetkg.ingest.enums import Flow, TableKind
from budgetkg.ingest.model import Context, Extraction, SourceTable, TableInfo
from budgetkg.ingest.normalise import squash
from budgetkg.ingest.policy.performance_table import extract_performance_table
from budgetkg.ingest.policy.project_sheets import extract_project_sheet
from budgetkg.ingest.tables.coded import extract_coded_table
from budgetkg.ingest.tables.headers import split_header
from budgetkg.ingest.tables.summary import extract_summary_table
from budgetkg.ingest.tables.three_public import extract_three_public
from budgetkg.ingest.tables.three_public_columns import extract_by_columns
from budgetkg.ingest.tables.units import extract_units_table

TableExtractor = Callable[[SourceTable, TableInfo, Context, Extraction], None]


def coded(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """Rows keyed by classification codes (支出总表, 财政拨款/一般公共预算支出表, 基本支出表, 机关运行经费表, 基金)."""
    extract_coded_table(table, ctx, ex)


def summary(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """收支总表 and 财政拨款收支总表: item and amount columns for income and expenditure."""
    extract_summary_table(table, ctx, ex)


def income(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """收入总表: coded rows when its header has a 编码 column, else income items."""
    header, _ = split_header(table)
    if any("编码" in squash(c) for r in header for c in r.cells):
        extract_coded_table(table, ctx, ex)
    else:
        extract_summary_table(table, ctx, ex, default_flow=Flow.INCOME)


def three_public(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """The "三公" table: by its column headings when each is known (ruled PDF tables), else by sequence."""
    if extract_by_columns(table, ctx, ex) is None:
        extract_three_public(table, ctx, ex)


def units(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """单位情况表: the department's budget units."""
    extract_units_table(table, ex)


def performance(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """项目绩效目标表: projects and their indicators."""
    extract_performance_table(table, ctx, ex)


def performance_sheet(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """One project's 项目绩效目标表 (form and indicator grid), or the part of it this table holds."""
    extract_project_sheet(table, ctx, ex)


def read_elsewhere(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
    """Recognised tables whose rows are not read here (项目支出表, 政府采购预算表)."""


EXTRACTORS: dict[TableKind, TableExtractor] = {
    TableKind.EXPENDITURE: coded,
    TableKind.GPB_FUNCTION: coded,
    TableKind.FISCAL_EXPENDITURE: coded,
    TableKind.OFFICE_RUNNING: coded,
    TableKind.BASIC_ECONOMIC: coded,
    TableKind.GOV_FUND: coded,
    TableKind.STATE_CAPITAL: coded,
    TableKind.SUMMARY: summary,
    TableKind.FISCAL_SUMMARY: summary,
    TableKind.INCOME: income,
    TableKind.THREE_PUBLIC: three_public,
    TableKind.UNITS: units,
    TableKind.PERFORMANCE: performance,
    TableKind.PERFORMANCE_SHEET: performance_sheet,
    TableKind.PROJECTS: read_elsewhere,
    TableKind.PROCUREMENT: read_elsewhere,
}


def extractor_for(kind: TableKind) -> TableExtractor | None:
    """The extractor registered for ``kind``; None for a kind that has none (an unrecognised table)."""
    return EXTRACTORS.get(kind)
