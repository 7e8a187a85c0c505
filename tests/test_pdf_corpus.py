"""The three published PDFs ingest; totals and cells are checked against values read off the rendered pages.

Expected values were read from the page images (pypdfium2 renderings) of each PDF, never from the parser's
output. Amounts are stated as printed, in the table's unit, and converted to 元 here.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.ingest.enums import TableKind
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction, SourceDocument
from budgetkg.ingest.readers.pdf.reader import read_pdf
from tests.corpus import shared_file

COMMERCE = "corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf"
FINANCE = "corpus/pdf/shanghai-putuo-finance-2024-final-accounts.pdf"
JIANGSU = "corpus/pdf/jiangsu-high-court-2019-budget.pdf"
FIXTURES = Path(__file__).parent / "fixtures"

REQUIRED = (TableKind.SUMMARY, TableKind.GPB_FUNCTION, TableKind.BASIC_ECONOMIC, TableKind.THREE_PUBLIC)
_CACHE: dict[str, tuple[SourceDocument, Extraction]] = {}


def load(relative: str) -> tuple[SourceDocument, Extraction]:
    if relative not in _CACHE:
        doc = read_pdf(shared_file(relative))
        _CACHE[relative] = (doc, extract(doc))
    return _CACHE[relative]


def yuan(printed: str, unit: str) -> Decimal:
    factor = {"元": Decimal(1), "万元": Decimal(10000)}[unit]
    return (Decimal(printed.replace(",", "")) * factor).normalize()


def table_number(ex: Extraction, kind: str, title_word: str = "") -> str:
    found = [t.number for t in ex.tables if t.kind == kind and title_word in t.title]
    assert found, f"no {kind} table recognised (tables: {[(t.number, t.kind, t.title) for t in ex.tables]})"
    return found[0]


def amount(
    ex: Extraction,
    table: str,
    *,
    code: str | None = None,
    item: str | None = None,
    measure: str = "合计",
    phase: str | None = None,
    flow: str | None = None,
) -> Decimal:
    hits = [
        o
        for o in ex.observations
        if o.table == table
        and o.code == code
        and o.measure == measure
        and (item is None or o.item == item)
        and (phase is None or o.phase == phase)
        and (flow is None or o.flow == flow)
    ]
    assert len(hits) == 1, f"expected one observation for {table} {code} {item} {measure}, found {hits}"
    return hits[0].amount.normalize()


def _fixture(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


# The fixture's printed column headings -> (measure, phase, flow) of the observation; None: any
COLUMNS: dict[str, tuple[str, str | None, str | None]] = {
    "本年收入/预算数": ("合计", "预算数", "income"),
    "本年支出/预算数": ("合计", "预算数", "expenditure"),
    "收入/决算数": ("合计", "决算数", "income"),
    "支出/决算数": ("合计", "决算数", "expenditure"),
    "收入/金额": ("合计", None, "income"),
    "支出/金额": ("合计", None, "expenditure"),
    "支出/功能分类/金额": ("合计", None, "expenditure"),
    "支出/支出用途/金额": ("合计", None, None),
    "合计": ("合计", None, None),
    "基本支出": ("基本支出", None, None),
    "项目支出": ("项目支出", None, None),
    "人员经费": ("人员经费", None, None),
    "公用经费": ("公用经费", None, None),
    "金额": ("合计", None, None),
    "决算数": ("合计", "决算数", None),
    "“三公”经费预算数/合计": ("合计", None, None),
    "“三公”经费预算数/公务接待费": ("公务接待费", None, None),
    "机关运行经费预算数": ("机关运行经费", None, None),
    "财政拨款“三公”经费/合计/预算数": ("合计", "预算数", None),
    "财政拨款“三公”经费/公务接待费/预算数": ("公务接待费", "预算数", None),
    "“三公”经费/小计": ("三公经费小计", None, None),
    "“三公”经费/因公出国（境）费": ("因公出国（境）费", None, None),
    "“三公”经费/公务用车购置及运行维护费/小计": ("公务用车购置及运行费", None, None),
    "“三公”经费/公务用车购置及运行维护费/公务用车运行维护费": ("公务用车运行维护费", None, None),
    "“三公”经费/公务接待费": ("公务接待费", None, None),
    "会议费": ("会议费", None, None),
    "培训费": ("培训费", None, None),
}
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、]\s*)")


def _label(text: str) -> str:
    """A row label without its printed numbering and spaces: "1. 一般公共预算资金" -> "一般公共预算资金"."""
    return re.sub(r"\s+", "", _NUMBERING.sub("", text))


def _title(text: str) -> str:
    """A title compared without quotes and spaces (“三公” is printed with curly quotes)."""
    return re.sub(r"[\s“”\"'‘’]", "", text)


def _printed_table(ex: Extraction, title: str, first_page: int):
    """The extracted table printed under ``title`` whose first page is ``first_page``."""
    found = [t for t in ex.tables if _title(title) in _title(t.title) and t.source.page == first_page]
    assert len(found) == 1, f"{title} (page {first_page}): {[(t.number, t.title, t.source.page) for t in ex.tables]}"
    return found[0]


def _cells_by_table(relative: str) -> dict[str, list[dict[str, str]]]:
    rows: dict[str, list[dict[str, str]]] = {}
    for row in _fixture("pdf_cells.csv"):
        if "corpus/" + row["file"] == relative:
            rows.setdefault(row["table"], []).append(row)
    return rows


@pytest.mark.parametrize("relative", [COMMERCE, FINANCE, JIANGSU])
def test_required_tables_hold_the_cells_read_off_the_pages(relative: str) -> None:
    """Every cell of tests/fixtures/pdf_cells.csv is one observation with the printed amount, on its page."""
    _, ex = load(relative)
    cells = _cells_by_table(relative)
    assert len(cells) == len(REQUIRED), sorted(cells)
    wrong = []
    for title, rows in cells.items():
        table = _printed_table(ex, title, min(int(r["page"]) for r in rows))
        for row in rows:
            measure, phase, flow = COLUMNS[row["column"]]
            hits = [
                o
                for o in ex.observations
                if o.table == table.number
                and o.measure == measure
                and (phase is None or o.phase == phase)
                and (flow is None or o.flow == flow)
                and (not row["code"] or o.code == row["code"])
                and (row["code"] or not row["row"] or _label(o.item or "") == _label(row["row"]))
            ]
            got = [(o.amount.normalize(), o.source.page) for o in hits]
            if got != [(yuan(row["printed"], row["unit"]), int(row["page"]))]:
                wrong.append((title, row["page"], row["code"], row["row"], row["column"], row["printed"], got))
    assert not wrong, "cells that differ from the page:\n" + "\n".join(map(str, wrong))


@pytest.mark.parametrize("relative", [COMMERCE, FINANCE, JIANGSU])
def test_required_tables_fully_observed(relative: str) -> None:
    """Each required table gives as many observations as it prints amounts (tests/fixtures/pdf_table_counts.csv)."""
    _, ex = load(relative)
    counted = [r for r in _fixture("pdf_table_counts.csv") if "corpus/" + r["file"] == relative]
    assert {TableKind[r["kind"]] for r in counted} == set(REQUIRED)
    for row in counted:
        first, last = (int(n) for n in (row["pages"] + "-" + row["pages"]).split("-")[:2])
        table = _printed_table(ex, row["table"], first)
        assert table.kind == TableKind[row["kind"]], (row["table"], table.kind)
        observed = [o for o in ex.observations if o.table == table.number]
        assert len(observed) == int(row["printed amounts"]), (row["table"], row["how counted"])
        assert {o.source.page for o in observed} <= set(range(first, last + 1)), row["table"]
        assert all(isinstance(o.source.row, int) and o.source.row > 0 for o in observed), row["table"]  # 1-based rows


@pytest.mark.parametrize("relative", [COMMERCE, FINANCE, JIANGSU])
def test_expenditure_summary_totals_of_expected_totals_csv(relative: str) -> None:
    """The hand-read totals of shared/corpus/expected-totals.csv: the 合计 row of the expenditure summary."""
    with shared_file("corpus/expected-totals.csv").open(encoding="utf-8") as f:
        [expected] = [r for r in csv.DictReader(f) if "corpus/" + r["file"] == relative]
    _, ex = load(relative)
    numbers = [t.number for t in ex.tables if t.kind == TableKind.EXPENDITURE]
    assert numbers, f"no {TableKind.EXPENDITURE} table in {relative}"
    stated = [m for m in ("合计", "基本支出", "项目支出") if expected[m]]
    assert len(stated) >= 2, expected
    for measure in stated:
        hits = {
            o.amount.normalize()
            for o in ex.observations
            if o.table in numbers and o.item == "合计" and o.measure == measure and o.code is None
        }
        assert hits == {yuan(expected[measure], expected["unit"])}, (measure, expected[measure], hits)


def test_commerce_2025_budget() -> None:
    doc, ex = load(COMMERCE)
    assert (ex.meta.department, ex.meta.fiscal_year, ex.meta.kind) == ("上海市普陀区商务委员会", 2025, "Budget")
    summary = table_number(ex, TableKind.SUMMARY)
    assert amount(ex, summary, item="收入总计", flow="income") == yuan("371,514,655.00", "元")
    assert amount(ex, summary, item="支出总计", flow="expenditure") == yuan("371,514,655.00", "元")
    assert amount(ex, summary, code="215", item="资源勘探工业信息等支出") == yuan("293,810,000.00", "元")
    gpb = table_number(ex, TableKind.GPB_FUNCTION)
    assert gpb == "5"  # numbered from the contents: "5．2025年部门一般公共预算支出功能分类预算表"
    assert amount(ex, gpb, item="合计") == yuan("371,514,655.00", "元")
    assert amount(ex, gpb, item="合计", measure="基本支出") == yuan("19,830,655.00", "元")
    assert amount(ex, gpb, item="合计", measure="项目支出") == yuan("351,684,000.00", "元")
    assert amount(ex, gpb, code="2011301") == yuan("9,389,913.00", "元")
    assert amount(ex, gpb, code="2080599", measure="基本支出") == yuan("13,260.00", "元")  # page 16
    assert amount(ex, gpb, code="2150899", measure="项目支出") == yuan("293,810,000.00", "元")
    assert amount(ex, gpb, code="2210203") == yuan("1,488,000.00", "元")
    basic = table_number(ex, TableKind.BASIC_ECONOMIC)
    assert amount(ex, basic, item="合计") == yuan("19,830,655.00", "元")
    assert amount(ex, basic, item="合计", measure="人员经费") == yuan("18,120,593.00", "元")
    assert amount(ex, basic, item="合计", measure="公用经费") == yuan("1,710,062.00", "元")
    assert amount(ex, basic, code="30101") == yuan("1,952,616.00", "元")
    assert amount(ex, basic, code="30239", measure="公用经费") == yuan("284,480.00", "元")  # page 20
    assert amount(ex, basic, code="31002") == yuan("78,000.00", "元")
    three = table_number(ex, TableKind.THREE_PUBLIC)
    assert next(t.unit for t in ex.tables if t.number == three) == "万元"  # this one table is in 万元
    assert amount(ex, three, item="合计") == yuan("1.00", "万元")
    assert amount(ex, three, item="合计", measure="公务接待费") == yuan("1.00", "万元")
    assert amount(ex, three, item="合计", measure="机关运行经费") == yuan("171.01", "万元")
    empty = [t for t in ex.tables if t.kind in (TableKind.GOV_FUND, TableKind.STATE_CAPITAL)]
    assert len(empty) == 2 and all(t.empty and t.note and "空表" in t.note for t in empty)


def test_finance_2024_final_accounts() -> None:
    doc, ex = load(FINANCE)
    assert (ex.meta.department, ex.meta.fiscal_year, ex.meta.kind) == ("上海市普陀区财政局", 2024, "FinalAccounts")
    summary = table_number(ex, TableKind.SUMMARY)
    assert amount(ex, summary, item="本年收入合计", flow="income") == yuan("2,946.25", "万元")
    assert amount(ex, summary, item="本年支出合计", flow="expenditure") == yuan("2,940.05", "万元")
    assert amount(ex, summary, item="总计", flow="income") == yuan("2,995.39", "万元")  # continued on page 7
    assert amount(ex, summary, item="年初结转和结余", flow="income") == yuan("49.14", "万元")
    assert amount(ex, summary, item="其他收入", flow="income") == yuan("6.20", "万元")
    gpb = table_number(ex, TableKind.GPB_FUNCTION)
    assert amount(ex, gpb, item="合计", phase="决算数") == yuan("2,940.05", "万元")
    assert amount(ex, gpb, item="合计", measure="基本支出") == yuan("2,336.91", "万元")
    assert amount(ex, gpb, item="合计", measure="项目支出") == yuan("603.14", "万元")
    assert amount(ex, gpb, code="2010601", measure="项目支出") == yuan("8.37", "万元")
    assert amount(ex, gpb, code="2080505") == yuan("160.75", "万元")
    assert amount(ex, gpb, code="2210203") == yuan("258.50", "万元")
    basic = table_number(ex, TableKind.BASIC_ECONOMIC)  # printed as two halves side by side, over two pages
    assert amount(ex, basic, code="30101", phase="决算数") == yuan("262.33", "万元")
    assert amount(ex, basic, code="30102") == yuan("1,238.58", "万元")
    assert amount(ex, basic, code="30201") == yuan("21.21", "万元")
    assert amount(ex, basic, code="30228") == yuan("24.42", "万元")  # page 17
    assert amount(ex, basic, code="31002") == yuan("13.58", "万元")
    assert amount(ex, basic, item="人员经费合计") == yuan("2,152.26", "万元")
    assert amount(ex, basic, item="公用经费合计") == yuan("184.65", "万元")
    three = table_number(ex, TableKind.THREE_PUBLIC)
    assert amount(ex, three, item="合计", phase="预算数") == yuan("0.95", "万元")
    assert amount(ex, three, item="合计", measure="公务接待费", phase="预算数") == yuan("0.95", "万元")
    assert not [o for o in ex.observations if o.table == three and o.phase == "决算数"]  # printed empty


def test_jiangsu_2019_budget() -> None:
    doc, ex = load(JIANGSU)
    assert (ex.meta.department, ex.meta.fiscal_year, ex.meta.kind) == ("江苏省高级人民法院", 2019, "Budget")
    summary = table_number(ex, TableKind.SUMMARY)
    assert summary == "公开01表"
    assert amount(ex, summary, item="收入合计", flow="income") == yuan("37,188.34", "万元")
    assert amount(ex, summary, item="支出合计", flow="expenditure") == yuan("37,188.34", "万元")
    assert amount(ex, summary, item="公共安全支出", code="204") == yuan("27,488.23", "万元")
    assert amount(ex, summary, item="基本支出") == yuan("21,968.00", "万元")
    assert amount(ex, summary, item="单位预留机动经费") == yuan("5,011.40", "万元")
    gpb = table_number(ex, TableKind.GPB_FUNCTION, "功能科目")
    assert gpb == "公开07表"
    assert amount(ex, gpb, item="合计") == yuan("37,188.34", "万元")
    assert amount(ex, gpb, code="204") == yuan("27,488.23", "万元")  # amount drawn in a split cell
    assert amount(ex, gpb, code="2040501") == yuan("17,279.29", "万元")
    assert amount(ex, gpb, code="2080505") == yuan("1,384.70", "万元")
    assert amount(ex, gpb, code="2210202") == yuan("5,465.10", "万元")
    basic = table_number(ex, TableKind.BASIC_ECONOMIC, "一般公共预算")
    assert basic == "公开08表"
    assert amount(ex, basic, item="合计", measure="基本支出") == yuan("21,968.00", "万元")
    assert amount(ex, basic, code="301", measure="基本支出") == yuan("16,324.07", "万元")
    assert amount(ex, basic, code="30101", measure="基本支出") == yuan("2,827.41", "万元")
    assert amount(ex, basic, code="30231", measure="基本支出") == yuan("266.80", "万元")
    assert amount(ex, basic, code="30309", measure="基本支出") == yuan("1.97", "万元")
    three = table_number(ex, TableKind.THREE_PUBLIC)
    assert amount(ex, three, item="合计") == yuan("2,382.02", "万元")
    assert amount(ex, three, item="合计", measure="三公经费小计") == yuan("513.75", "万元")
    assert amount(ex, three, item="合计", measure="因公出国（境）费") == yuan("160.00", "万元")
    assert amount(ex, three, item="合计", measure="公务接待费") == yuan("86.95", "万元")
    assert amount(ex, three, item="合计", measure="会议费") == yuan("271.02", "万元")
    assert amount(ex, three, item="合计", measure="培训费") == yuan("1,597.25", "万元")
    totals = table_number(ex, TableKind.EXPENDITURE, "支出预算总表")  # one row of totals, no code column
    assert amount(ex, totals, item="合计") == yuan("37,188.34", "万元")
    assert amount(ex, totals, item="合计", measure="基本支出") == yuan("21,968.00", "万元")
    assert amount(ex, totals, item="合计", measure="项目支出") == yuan("10,208.94", "万元")
    assert amount(ex, totals, item="合计", measure="单位预留机动经费") == yuan("5,011.40", "万元")
    listed = {t.number for t in ex.tables if t.kind != TableKind.UNKNOWN}
    assert {f"公开{n:02d}表" for n in range(1, 13)} <= listed
