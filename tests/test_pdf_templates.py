"""Layouts of real disclosures the PDF reader must read: figures on shifted boxes, titles inside the grid,
sparse rows, column groups side by side.

Every expected value was read off the rendered page (``pdftoppm -r 110``) by a person, never taken from
the parser's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.enums import TableKind
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.normalise import is_code, squash, to_yuan
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.pdf.textpages import ENV_SWITCH
from budgetkg.ingest.readers.text import parse_text
from tests.corpus import shared_file
from tests.pdf_render import render_pdf

FINANCE = "corpus/pdf/shanghai-putuo-finance-2024-final-accounts.pdf"

# page -> lines as printed on it (spaces ignored); the figures are set in Times New Roman inside 仿宋 text
FINANCE_NARRATIVE = {
    21: [
        "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入",
        "支出总计减少56.95万元，下降1.87%。主要原因：基本支出中人员进出及退休变化，",
        "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他",
        "收入6.2万元，占0.21%；",
        "本年支出合计2940.05万元，其中：基本支出2336.91万元，占79.49%；项目支出",
        "603.14万元，占20.51%；",
        "（类）2106.66万元，占71.73%；社会保障和就业支出（类）326.72万元，占11.11%；",
    ],
    22: [
        "员经费及公用经费等的基本支出。年初预算为1560.05万元，支出决算为1511.89万",
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人",
        "职人员住房公积金。年初预算为187.75万元，支出决算为187.19万元。决算数小于预",
    ],
}


@pytest.mark.parametrize("fast_text", ["1", "0"], ids=["pdfium-text-pages", "pdfplumber-only"])
def test_figures_on_a_shifted_baseline_stay_in_their_sentence(monkeypatch, fast_text: str) -> None:
    monkeypatch.setenv(ENV_SWITCH, fast_text)
    doc = read_pdf(shared_file(FINANCE))
    for page, printed in FINANCE_NARRATIVE.items():
        lines = {squash(line.text).lstrip("#") for line in doc.lines if line.page == page}
        missing = [text for text in printed if squash(text) not in lines]
        assert not missing, (page, missing)


NPC = "corpus/pdf/jiangsu-npc-office-2017-budget.pdf"
_EXTRACTED: dict[str, Extraction] = {}


def extraction(relative: str) -> Extraction:
    if relative not in _EXTRACTED:
        _EXTRACTED[relative] = extract(read_pdf(shared_file(relative)))
    return _EXTRACTED[relative]


def wan(printed: str) -> Decimal:
    """An amount printed in 万元, in 元."""
    return to_yuan(Decimal(printed.replace(",", "")), "万元")


def observed(ex: Extraction, title: str, *, code: str | None = None, item: str | None = None, measure: str = "合计"):
    """The one amount of the table titled ``title`` at that code or item and measure."""
    numbers = [t.number for t in ex.tables if t.title == title]
    assert len(numbers) == 1, (title, [(t.number, t.kind, t.title) for t in ex.tables])
    hits = [
        o.amount
        for o in ex.observations
        if o.table == numbers[0] and o.code == code and (item is None or o.item == item) and o.measure == measure
    ]
    assert len(hits) == 1, (title, code, item, measure, hits)
    return hits[0]


def test_titles_printed_inside_the_grid_are_the_tables_preamble() -> None:
    ex = extraction(NPC)
    kinds_by_title = {t.title: t.kind for t in ex.tables}
    # pp. 7-12: each title is the first, merged row of its grid, followed by the 部门/单位 row
    for title in ("收支预算总表", "收入预算总表", "支出预算总表", "财政拨款支出预算表", "财政拨款收支预算总表"):
        assert title in kinds_by_title, (title, kinds_by_title)
    assert kinds_by_title["收支预算总表"] == TableKind.SUMMARY
    assert kinds_by_title["财政拨款收支预算总表"] == TableKind.FISCAL_SUMMARY
    assert kinds_by_title["财政拨款基本支出预算表"] == TableKind.BASIC_ECONOMIC  # titled at the foot of p. 12
    assert kinds_by_title["财政拨款支出预算表"] != kinds_by_title["财政拨款基本支出预算表"]
    assert all(t.unit == "万元" for t in ex.tables if t.title in kinds_by_title)
    # p. 10, 支出预算总表: 合计 13,649.07 | 基本支出 7,666.68 | 项目支出 5,853.96 | 单位预留机动经费 128.43
    assert observed(ex, "支出预算总表", item="合计") == wan("13,649.07")
    assert observed(ex, "支出预算总表", item="合计", measure="基本支出") == wan("7,666.68")
    assert observed(ex, "支出预算总表", item="合计", measure="项目支出") == wan("5,853.96")
    assert observed(ex, "支出预算总表", item="合计", measure="单位预留机动经费") == wan("128.43")
    # p. 11, 财政拨款支出预算表
    assert observed(ex, "财政拨款支出预算表", item="合计") == wan("13,649.07")
    assert observed(ex, "财政拨款支出预算表", code="201") == wan("10,528.33")
    assert observed(ex, "财政拨款支出预算表", code="2010101") == wan("4,545.94")
    # p. 13, 财政拨款基本支出预算表 (its title and 部门 row are the last rows drawn on p. 12)
    assert observed(ex, "财政拨款基本支出预算表", item="合计") == wan("7,666.68")
    assert observed(ex, "财政拨款基本支出预算表", code="301") == wan("2,928.98")
    assert observed(ex, "财政拨款基本支出预算表", code="30102") == wan("1,822.05")


SWU = "corpus/pdf/chongqing-swu-2024-final-accounts.pdf"


def source_table(doc, title_word: str):
    found = [t for t in doc.tables if title_word in (t.title or "")]
    assert len(found) == 1, [(t.page, t.title) for t in doc.tables]
    return found[0]


def column(table, heading: str) -> int:
    """The column whose heading (any header row, before the first coded row) is ``heading``."""
    for row in table.rows:
        if row.cells and is_code(row.cells[0]):
            break
        for j, cell in enumerate(row.cells):
            if squash(cell) == heading:
                return j
    raise AssertionError(f"no column {heading} in {table.title}")


def cells_of(table, first: str, page: int) -> list[str]:
    rows = [r for r in table.rows if r.page == page and r.cells and squash(r.cells[0]) == first]
    assert len(rows) == 1, (first, page, [r.cells for r in table.rows if r.page == page])
    return rows[0].cells + [""] * 12


def test_sparse_rows_keep_their_columns_and_the_row_after_a_page_break() -> None:
    doc = read_pdf(shared_file(SWU))
    income = source_table(doc, "收入决算表")  # 表2, pp. 10-11
    total, grant, upper = column(income, "本年收入合计"), column(income, "财政拨款收入"), column(income, "上级补助收入")
    fee, business, other = column(income, "其中：教育收费"), column(income, "经营收入"), column(income, "其他收入")
    # p. 11, first row under the page break (no rule drawn above it): 206 科学技术支出 1,723.93 1,723.93
    row = cells_of(income, "206", 11)
    assert (row[1], row[total], row[grant], row[other]) == ("科学技术支出", "1,723.93", "1,723.93", "")
    # p. 11: 208 社会保障和就业支出 15,171.49 | 15,077.81 | … | 其他收入 93.68 (the columns between are empty)
    row = cells_of(income, "208", 11)
    assert (row[total], row[grant], row[fee], row[other]) == ("15,171.49", "15,077.81", "", "93.68")
    # p. 11, 合计: 477,447.73 | 279,818.00 | (上级补助) | 144,017.87 | 81,823.76 | (经营) | (附属) | 53,611.86
    row = cells_of(income, "合计", 11)
    assert (row[total], row[grant], row[upper], row[fee], row[business], row[other]) == (
        "477,447.73",
        "279,818.00",
        "",
        "81,823.76",
        "",
        "53,611.86",
    )
    assert row[fee - 1] == "144,017.87"  # 事业收入 金额, the column before 其中：教育收费
    # p. 13 (表3 支出决算表), first row under the page break: 20602 基础研究 1,989.00 823.93 1,165.07
    spending = source_table(doc, "高等学校支出决算表")
    row = cells_of(spending, "20602", 13)
    assert row[1:5] == ["基础研究", "1,989.00", "823.93", "1,165.07"]
    ex = extraction(SWU)
    number = next(t.number for t in ex.tables if t.title == income.title)
    facts = {(o.code, o.item, o.measure): o.amount for o in ex.observations if o.table == number}
    assert facts[("206", None, "收入合计")] == wan("1,723.93")
    assert facts[("208", None, "其他收入")] == wan("93.68")
    assert facts[(None, "合计", "其他收入")] == wan("53,611.86")
    assert facts[(None, "合计", "财政拨款收入")] == wan("279,818.00")


SINGLE_TOTAL_ROW = """2025年度某市某某局部门预算公开
表3
支出预算总表
单位：万元
合计\t基本支出\t项目支出\t单位预留机动经费
{row}
"""


@pytest.mark.parametrize("row", ["128.43\t\t\t", "128.43\t\t128.43\t", "128.43\t100.00\t20.00\t8.43"])
def test_a_single_total_row_without_a_label_column(tmp_path, row: str) -> None:
    """No corpus page shows it bare: a 支出总表 of one row of amounts under measure headings, no label column,
    where only some columns are filled; the amounts stay under their headings and the row is 合计."""
    text_doc = parse_text(SINGLE_TOTAL_ROW.format(row=row), "single.txt")
    pdf = tmp_path / "single.pdf"
    pdf.write_bytes(render_pdf(text_doc))
    printed = dict(zip(["合计", "基本支出", "项目支出", "单位预留机动经费"], row.split("\t")))
    expected = {measure: wan(value) for measure, value in printed.items() if value}
    for doc in (text_doc, read_pdf(pdf)):
        ex = extract(doc)
        got = {o.measure: o.amount for o in ex.observations if o.item == "合计" and o.code is None}
        assert got == expected, (doc.medium, [(o.item, o.measure, o.amount) for o in ex.observations])


# pp. 16-17: 人员经费 (301, 303) in the left column group, 公用经费 (302, 310) in the right one, each group with
# its own 类 | 款 | 科目名称 | 决算数 columns; the last row holds 人员经费合计 and 公用经费合计 side by side
FINANCE_BASIC = {
    "301": "2,082.85",
    "30101": "262.33",
    "30102": "1,238.58",
    "30108": "160.75",
    "303": "69.41",
    "30302": "69.10",
    "30309": "0.31",  # p. 17
    "302": "171.07",
    "30201": "21.21",
    "30204": "0.09",
    "30213": "2.83",
    "30226": "2.01",  # p. 17
    "30229": "42.77",  # p. 17
    "310": "13.58",  # p. 17
    "31002": "13.58",  # p. 17
}


def test_column_groups_side_by_side_give_both_groups_rows_and_totals() -> None:
    ex = extraction(FINANCE)
    number = next(t.number for t in ex.tables if t.kind == TableKind.BASIC_ECONOMIC)
    mine = [o for o in ex.observations if o.table == number and o.phase == "决算数"]
    by_code = {o.code: o.amount for o in mine if o.code}
    assert {code: by_code.get(code) for code in FINANCE_BASIC} == {c: wan(v) for c, v in FINANCE_BASIC.items()}
    by_item = {o.item: o.amount for o in mine if o.item}
    assert by_item["人员经费合计"] == wan("2,152.26")
    assert by_item["公用经费合计"] == wan("184.65")


SIDE_BY_SIDE = """2025年度某市某某局部门预算公开
表8
一般公共预算基本支出表
单位：万元
科目编码\t科目名称\t人员经费\t科目编码\t科目名称\t公用经费
301\t工资福利支出\t90.00\t302\t商品和服务支出\t20.00
30101\t基本工资\t90.00\t30201\t办公费\t20.00
303\t对个人和家庭的补助\t10.00
30302\t退休费\t10.00
人员经费合计\t\t100.00\t公用经费合计\t\t20.00
"""


def test_column_groups_with_their_own_amount_headings(tmp_path) -> None:
    """Groups whose amount columns are headed differently (人员经费 | 公用经费) keep each heading."""
    pdf = tmp_path / "side.pdf"
    pdf.write_bytes(render_pdf(parse_text(SIDE_BY_SIDE, "side.txt")))
    ex = extract(read_pdf(pdf))
    facts = {(o.code, o.item, o.measure): o.amount for o in ex.observations}
    assert facts[("301", None, "人员经费")] == wan("90.00")
    assert facts[("30302", None, "人员经费")] == wan("10.00")
    assert facts[("302", None, "公用经费")] == wan("20.00")
    assert facts[("30201", None, "公用经费")] == wan("20.00")
    assert facts[(None, "人员经费合计", "人员经费")] == wan("100.00")
    assert facts[(None, "公用经费合计", "公用经费")] == wan("20.00")
    assert len(facts) == 8


def test_narrative_figures_of_the_shifted_baseline_document() -> None:
    """p. 21: the part heading wraps (…决算情况 / 说明) and the contents list it first; the sentences' figures."""
    ex = extraction(FINANCE)
    stated = {(f.source.page, f.subject, f.amount) for f in ex.narrative}
    assert (21, "本年收入合计", wan("2946.25")) in stated  # 本年收入合计2946.25万元
    assert (21, "财政拨款收入", wan("2940.05")) in stated  # 其中：财政拨款收入2940.05万元，占99.79%
    assert (21, "本年支出合计", wan("2940.05")) in stated  # 本年支出合计2940.05万元
    assert (21, "基本支出", wan("2336.91")) in stated  # 其中：基本支出2336.91万元，占79.49%
    assert (21, "项目支出", wan("603.14")) in stated  # 项目支出603.14万元，占20.51%
    shares = {f.subject: f.share_percent for f in ex.narrative if f.source.page == 21}
    assert shares["基本支出"] == Decimal("79.49") and shares["项目支出"] == Decimal("20.51")
    # 一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%。与2023年度相比，…减少63.14万元，下降2.10%
    lead = next(f for f in ex.narrative if f.source.page == 21 and f.subject == "一般公共预算财政拨款支出")
    assert (lead.amount, lead.change, lead.change_percent) == (wan("2940.05"), -wan("63.14"), Decimal("-2.10"))
    # …收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%
    total = next(f for f in ex.narrative if f.source.page == 21 and f.amount == wan("2995.39"))
    assert (total.change, total.change_percent) == (-wan("56.95"), Decimal("-1.87"))
