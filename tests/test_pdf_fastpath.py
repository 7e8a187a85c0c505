"""The fast PDF paths: pdfium for pages whose rules cannot form a table, pdfium objects for table pages.

Neither may lose a table or change a cell: on every corpus PDF each page where pdfminer's objects give
pdfplumber a table is classed as one that may hold a table, and the pdfium-built objects give the same
tables with the same text in every cell. The figures below were read off the page images (pdftoppm -r 110).
"""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from budgetkg.ingest.normalise import normalise_text
from budgetkg.ingest.readers.pdf.cells import cell_texts
from budgetkg.ingest.readers.pdf.edges import find_tables
from budgetkg.ingest.readers.pdf.objects import PdfiumPages, fill_objects
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.pdf.ruling import may_hold_table, rule_counts
from budgetkg.ingest.readers.pdf.textpages import ENV_SWITCH, text_only_pages
from tests.corpus import shared_file

CORPUS = [
    "chongqing-swu-2023-budget.pdf",
    "chongqing-swu-2024-final-accounts.pdf",
    "jiangsu-high-court-2019-budget.pdf",
    "jiangsu-npc-office-2017-budget.pdf",
    "jiangsu-procuratorate-2019-budget.pdf",
    "shanghai-putuo-commerce-2025-budget.pdf",
    "shanghai-putuo-finance-2024-final-accounts.pdf",
    "江苏省政协办公厅2018度部门预算公开表.pdf",
]


def _drawn(draw) -> bytes:
    """A one-page PDF with some text and whatever ``draw`` puts on the canvas."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setFont("Helvetica", 12)
    c.drawString(72, 760, "Budget narrative 2025")
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def _classify(data: bytes) -> tuple[tuple[int, int], bool]:
    document = pdfium.PdfDocument(data)
    try:
        page = document[0]
        return rule_counts(page), may_hold_table(page)
    finally:
        document.close()


def _grid(c, xs: list[float], ys: list[float]) -> None:
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    for y in ys:
        c.line(xs[0], y, xs[-1], y)


def test_a_header_rule_or_a_frame_cannot_hold_a_table():
    assert _classify(_drawn(lambda c: c.line(72, 750, 520, 750))) == ((1, 0), False)
    assert _classify(_drawn(lambda c: c.rect(60, 60, 470, 720))) == ((2, 2), False)
    assert _classify(_drawn(lambda c: c.rect(72, 748, 448, 0.7, stroke=0, fill=1))) == ((2, 0), False)


def test_two_cells_or_three_column_rules_may_hold_a_table():
    two_cells = _drawn(lambda c: _grid(c, [72, 200, 330], [600, 650]))
    assert _classify(two_cells) == ((2, 3), True)
    stacked = _drawn(lambda c: _grid(c, [72, 200], [600, 650, 700]))
    assert _classify(stacked) == ((3, 2), True)
    columns_only = _drawn(lambda c: [c.line(x, 100, x, 700) for x in (72, 200, 330)])  # a continued table
    assert _classify(columns_only) == ((0, 3), True)


def test_rules_inside_a_form_are_counted_where_the_form_puts_them():
    def draw(c):
        c.beginForm("grid")
        _grid(c, [0, 50, 100], [0, 20])
        c.endForm()
        c.saveState()
        c.transform(0, 1, -1, 0, 300, 300)  # turned a quarter: level rules become plumb
        c.doForm("grid")
        c.restoreState()

    assert _classify(_drawn(draw)) == ((3, 2), True)


def test_a_page_with_a_two_cell_table_is_parsed_for_it_and_a_plain_page_is_read_fast():
    table = _drawn(lambda c: _grid(c, [72, 200, 330], [600, 650]))
    plain = _drawn(lambda c: c.line(72, 750, 520, 750))
    assert text_only_pages(table) == {}
    assert list(text_only_pages(plain)) == [1]


@pytest.mark.parametrize("name", CORPUS)
def test_every_corpus_page_with_a_table_is_classed_as_one(name):
    path = shared_file(f"corpus/pdf/{name}")
    document = pdfium.PdfDocument(path)
    try:
        with pdfplumber.open(path) as pdf:
            lost = [
                n
                for n, (page, fast) in enumerate(zip(pdf.pages, document), start=1)
                if find_tables(page) and not may_hold_table(fast)
            ]
            text_only = [n for n, fast in enumerate(document, start=1) if not may_hold_table(fast)]
    finally:
        document.close()
    assert lost == []
    assert text_only or name.startswith("江苏省政协")  # only the tables-only attachment has no narrative page


@pytest.mark.parametrize("name", CORPUS)
def test_pdfium_objects_give_pdfminers_tables_and_cells(name):
    path = shared_file(f"corpus/pdf/{name}")
    document = pdfium.PdfDocument(path)
    try:
        with pdfplumber.open(path) as slow, pdfplumber.open(path) as fast:
            for n, (a, b) in enumerate(zip(slow.pages, fast.pages), start=1):
                fill_objects(b, document[n - 1])
                assert "char" in b._objects  # pdfminer did not parse it
                expected = [t.extract() for t in find_tables(a)]
                found = find_tables(b)
                assert [t.extract() for t in found] == expected, f"page {n}"
                assert [cell_texts(t) for t in found] == expected, f"page {n}: cell_texts is not Table.extract"
                assert len(b.chars) >= len([c for c in a.chars if c["text"] != " "]), f"page {n}"
    finally:
        document.close()


def test_a_table_read_from_pdfium_objects_keeps_the_printed_figures():
    """表 1：高等学校收支决算总表, page 8 of the 2024 final accounts of 西南大学 (figures read off the page)."""
    doc = read_pdf(shared_file("corpus/pdf/chongqing-swu-2024-final-accounts.pdf"))
    table = next(t for t in doc.tables if "收支决算总表" in t.title)
    assert table.page == 8
    rows = {r.cells[0]: r.cells for r in table.rows if r.cells}
    assert rows["一、财政拨款收入"][1] == "279,818.00"
    assert rows["其中：政府性基金预算财政拨款"][1] == "21,887.50"
    assert rows["三、事业收入"][1] == "144,017.87"
    assert rows["六、其他收入"][1] == "53,611.86"
    assert rows["其中：捐赠收入"][1:] == ["1,001.99", "八、社会保障和就业支出", "15,171.49"]
    assert rows["四、经营收入"][2:] == ["五、教育支出", "448,061.80"]


def test_pdfium_pages_step_aside_when_switched_off(monkeypatch):
    path = shared_file("corpus/pdf/chongqing-swu-2024-final-accounts.pdf")
    monkeypatch.setenv(ENV_SWITCH, "0")
    fast = PdfiumPages(path.read_bytes())
    with pdfplumber.open(path) as pdf:
        assert fast.fill(8, pdf.pages[7]) is False
        assert not hasattr(pdf.pages[7], "_objects")
    fast.close()


def test_the_switch_gives_the_same_document_as_pdfminer(monkeypatch):
    path = shared_file("corpus/pdf/jiangsu-high-court-2019-budget.pdf")
    fast = read_pdf(path)
    monkeypatch.setenv(ENV_SWITCH, "0")
    slow = read_pdf(path)
    assert [(t.title, t.page, [r.cells for r in t.rows]) for t in fast.tables] == [
        (t.title, t.page, [r.cells for r in t.rows]) for t in slow.tables
    ]

    def text(doc) -> list[str]:  # pdfium and pdfminer space figures and map full-width stops differently
        return [normalise_text(ln.text.lstrip("# ")).replace(" ", "") for ln in doc.lines]

    assert text(fast) == text(slow)
