"""Layouts of real disclosures the PDF reader must read: figures on shifted boxes, titles inside the grid,
sparse rows, column groups side by side.

Every expected value was read off the rendered page (``pdftoppm -r 110``) by a person, never taken from
the parser's output.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.normalise import squash, to_yuan
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.pdf.textpages import ENV_SWITCH
from budgetkg.ingest.tables import recognise as kinds
from tests.corpus import shared_file

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
    assert kinds_by_title["收支预算总表"] == kinds.SUMMARY
    assert kinds_by_title["财政拨款收支预算总表"] == kinds.FISCAL_SUMMARY
    assert kinds_by_title["财政拨款基本支出预算表"] == kinds.BASIC_ECONOMIC  # titled at the foot of p. 12
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
