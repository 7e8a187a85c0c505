"""Every titled table of every corpus PDF gets the kind its title says, above all the funds it covers.

The (page, title, kind) lists were read off the rendered pages (pdftoppm -r 60/110) and pdftotext -layout, by a
person, never from the parser: the page is the one the title is printed on (or, where a title is the last line of
a page, the page the grid starts on), the title as printed (spaces of the layout dropped). A 支出表 naming no fund
is the 支出总表 of all funds; 财政拨款支出表 covers the 财政拨款 funds only, 一般公共预算支出表 one fund of them.
The 绩效目标表 sheets (one per project) and untitled tables are left out: their kind is checked elsewhere. Order
is not checked (tables of one page are read by kind).
"""

from __future__ import annotations

import pytest

from budgetkg.ingest.enums import TableKind as K
from budgetkg.ingest.extract import extract
from budgetkg.ingest.normalise import squash
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.source import SourceRow, SourceTable
from budgetkg.ingest.tables.recognise import KIND_LABELS, kind_from_title, recognise
from tests.corpus import shared_file

JIANGSU_2019 = [  # 公开01表 … 公开12表: high court pp. 8-16, procuratorate pp. 14-22 (same template)
    ("收支预算总表", K.SUMMARY),
    ("收入预算总表", K.INCOME),
    ("支出预算总表", K.EXPENDITURE),
    ("财政拨款收支预算总表", K.FISCAL_SUMMARY),
    ("财政拨款支出预算表（功能科目）", K.FISCAL_EXPENDITURE),
    ("财政拨款基本支出预算表（经济科目）", K.BASIC_ECONOMIC),
    ("一般公共预算支出预算表（功能科目）", K.GPB_FUNCTION),
    ("一般公共预算基本支出预算表（经济科目）", K.BASIC_ECONOMIC),
    ("“三公”经费、会议费、培训费支出预算表", K.THREE_PUBLIC),
    ("政府性基金预算财政拨款支出预算表", K.GOV_FUND),
    ("一般公共预算机关运行经费支出预算表", K.OFFICE_RUNNING),
    ("政府采购支出预算表", K.PROCUREMENT),
]
JIANGSU_OLDER = [  # npc-office 2017 pp. 7-20 and the 政协 2018 attachment pp. 1-12 (公开01表 … 公开12表)
    ("收支预算总表", K.SUMMARY),
    ("收入预算总表", K.INCOME),
    ("支出预算总表", K.EXPENDITURE),
    ("财政拨款收支预算总表", K.FISCAL_SUMMARY),
    ("财政拨款支出预算表", K.FISCAL_EXPENDITURE),
    ("财政拨款基本支出预算表", K.BASIC_ECONOMIC),
    ("一般公共预算支出预算表", K.GPB_FUNCTION),
    ("一般公共预算基本支出预算表", K.BASIC_ECONOMIC),
    ("“三公”经费、会议费、培训费支出预算表", K.THREE_PUBLIC),
    ("财政拨款政府性基金支出预算表", K.GOV_FUND),
    ("一般公共预算机关运行经费支出预算表", K.OFFICE_RUNNING),
]
PRINTED: dict[str, list[tuple[str, K]]] = {
    "chongqing-swu-2023-budget.pdf": [  # pp. 7-10
        ("西南大学收支预算总表", K.SUMMARY),
        ("西南大学收入预算表", K.INCOME),
        ("西南大学支出预算表", K.EXPENDITURE),  # 合计 | 基本支出 | 项目支出 | 上缴上级支出 | 经营支出 | …
        ("西南大学财政拨款支出预算表", K.FISCAL_EXPENDITURE),  # 财政拨款支出 | 基本支出 | 项目支出
    ],
    "chongqing-swu-2024-final-accounts.pdf": [  # pp. 8, 10, 12, 14
        ("表1：高等学校收支决算总表", K.SUMMARY),
        ("表2：高等学校收入决算表", K.INCOME),
        ("表3：高等学校支出决算表", K.EXPENDITURE),
        ("表4：高等学校财政拨款支出决算表", K.FISCAL_EXPENDITURE),
    ],
    "jiangsu-high-court-2019-budget.pdf": JIANGSU_2019,
    "jiangsu-procuratorate-2019-budget.pdf": JIANGSU_2019,
    "jiangsu-npc-office-2017-budget.pdf": [*JIANGSU_OLDER, ("2017年政府采购预算表", K.PROCUREMENT)],
    "江苏省政协办公厅2018度部门预算公开表.pdf": [*JIANGSU_OLDER, ("2018年政府采购预算表", K.PROCUREMENT)],
    "shanghai-putuo-commerce-2025-budget.pdf": [  # pp. 9-21
        ("2025年部门财务收支预算总表", K.SUMMARY),
        ("2025年部门收入预算总表", K.INCOME),
        ("2025年部门支出预算总表", K.EXPENDITURE),
        ("2025年部门财政拨款收支预算总表", K.FISCAL_SUMMARY),
        ("2025年部门一般公共预算支出功能分类预算表", K.GPB_FUNCTION),
        ("2025年部门政府性基金预算支出功能分类预算表", K.GOV_FUND),
        ("2025年部门国有资本经营预算支出功能分类预算表", K.STATE_CAPITAL),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", K.BASIC_ECONOMIC),
        ("2025年部门“三公”经费和机关运行经费预算表", K.THREE_PUBLIC),
    ],
    "shanghai-putuo-finance-2024-final-accounts.pdf": [  # pp. 6-20
        ("收入支出决算总表", K.SUMMARY),
        ("收入决算表", K.INCOME),
        ("支出决算表", K.EXPENDITURE),
        ("财政拨款收入支出决算总表", K.FISCAL_SUMMARY),
        ("一般公共预算财政拨款支出决算表", K.GPB_FUNCTION),  # one fund of the 财政拨款: not the 财政拨款支出表
        ("一般公共预算财政拨款基本支出决算表", K.BASIC_ECONOMIC),
        ("财政拨款“三公”经费支出决算表", K.THREE_PUBLIC),
        ("政府性基金预算财政拨款收入支出决算表", K.GOV_FUND),
        ("国有资本经营预算财政拨款收入支出决算表", K.STATE_CAPITAL),
    ],
}
SHEETS = (K.PERFORMANCE_SHEET, K.PERFORMANCE)


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_each_titled_table_has_the_kind_its_title_says(name: str) -> None:
    ex = extract(read_pdf(shared_file(f"corpus/pdf/{name}")))
    untitled = KIND_LABELS[K.UNKNOWN]  # the name an untitled, unrecognised table is given
    got = sorted((squash(t.title), t.kind) for t in ex.tables if t.kind not in SHEETS and t.title != untitled)
    assert got == sorted((squash(title), kind) for title, kind in PRINTED[name])


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("某某局2024年部门支出预算总表", K.EXPENDITURE),  # no fund named: all funds
        ("支出预算表", K.EXPENDITURE),
        ("2024年度部门财政拨款支出预算表（按功能分类）", K.FISCAL_EXPENDITURE),
        ("财政拨款支出决算表", K.FISCAL_EXPENDITURE),
        ("一般公共预算财政拨款支出决算表", K.GPB_FUNCTION),  # 一般公共预算 is narrower than 财政拨款
        ("一般公共预算支出表", K.GPB_FUNCTION),
        ("政府性基金预算财政拨款支出表", K.GOV_FUND),
        ("国有资本经营预算财政拨款支出表", K.STATE_CAPITAL),
        ("机关运行经费支出预算表", K.OFFICE_RUNNING),
        ("一般公共预算“三公”经费和机关运行经费预算表", K.THREE_PUBLIC),
        ("财政拨款收支预算总表", K.FISCAL_SUMMARY),
    ],
)
def test_the_funds_a_title_names_decide_the_expenditure_kind(title: str, kind: K) -> None:
    assert kind_from_title(title) == kind


def test_an_untitled_table_by_the_fund_its_expenditure_column_names() -> None:
    def table(*headings: str) -> SourceTable:
        rows = [SourceRow(["科目编码", "科目名称", *headings]), SourceRow(["201", "一般公共服务支出", "10.00", "8.00"])]
        return SourceTable(title="", rows=rows)

    assert recognise(table("财政拨款支出", "基本支出")) == K.FISCAL_EXPENDITURE
    assert recognise(table("一般公共预算支出", "基本支出")) == K.GPB_FUNCTION
    assert recognise(table("合计", "基本支出")) == K.EXPENDITURE
