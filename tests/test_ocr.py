"""OCR of image-only PDFs (``ingest --ocr``): a real table page rasterised into a scan, read back exactly.

The expected amounts were read by hand off the printed pages (shanghai-putuo-commerce-2025-budget.pdf pages
12-13, 2025年部门支出预算总表; the 合计 row also in expected-totals.csv). Tesseract is a system program: with
CI=true its absence fails these tests, elsewhere it skips them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageDraw

import budgetkg
from budgetkg.ingest.readers.pdf.ocr import Word, join_words
from budgetkg.ingest.readers.pdf.ocr_grid import cells, find_rules, tables
from tests.corpus import shared_file

PAGES = (12, 13)  # the 支出总表 and its continuation
DPI = 200


def need_tesseract() -> None:
    program = shutil.which("tesseract")
    langs = subprocess.run([program, "--list-langs"], capture_output=True, text=True).stdout if program else ""
    if "chi_sim" not in langs.split():
        message = "tesseract with chi_sim is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def _scan(source: Path, pages: tuple[int, ...], out: Path) -> Path:
    """An image-only PDF of ``pages`` of ``source``: each page rendered to a picture, no text layer."""
    pdf = pypdfium2.PdfDocument(source)
    images = [pdf[p - 1].render(scale=DPI / 72).to_pil().convert("L") for p in pages]
    pdf.close()
    images[0].save(out, save_all=True, append_images=images[1:], resolution=DPI)
    return out


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    source = shared_file("corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf")
    return _scan(source, PAGES, tmp_path_factory.mktemp("ocr") / "scan.pdf")


@pytest.fixture(scope="module")
def ocr_kg(scanned):
    need_tesseract()
    kg = budgetkg.open()
    results = kg.ingest(scanned, ocr=True)
    assert results[0].ok, results[0].error
    yield kg
    kg.close()


def _amounts(kg, code_or_label: str) -> dict[str, Decimal]:
    rows = kg.sparql(
        f"""SELECT ?m ?a WHERE {{ ?o a bgt:BudgetObservation ; bgt:measure/skos:prefLabel ?m ; bgt:amount ?a ;
        prov:wasDerivedFrom/bgt:sourceText ?t . FILTER(STRSTARTS(?t, "{code_or_label} ")) }}"""
    ).rows
    return {r["m"]: r["a"] for r in rows}


def test_scan_without_ocr_names_the_option(scanned):
    with budgetkg.open() as kg:
        result = kg.ingest(scanned)[0]
    assert not result.ok
    assert "no text layer" in result.error and "--ocr" in result.error


def test_ocr_totals_equal_the_printed_ones(ocr_kg):
    assert _amounts(ocr_kg, "合计") == {
        "合计": Decimal("371514655.00"),
        "基本支出": Decimal("19830655.00"),
        "项目支出": Decimal("351684000.00"),
    }


def test_ocr_rows_on_both_pages(ocr_kg):
    assert _amounts(ocr_kg, "208 | 05 | 02") == {"合计": Decimal("17280.00"), "基本支出": Decimal("17280.00")}
    row = {"合计": Decimal("293810000.00"), "项目支出": Decimal("293810000.00")}
    assert _amounts(ocr_kg, "215 | 资源勘探工业信息等支出") == row


def test_ocr_medium_title_and_confidence(ocr_kg):
    docs = ocr_kg.sparql("SELECT ?m ?t WHERE { ?d a bgt:BudgetDocument ; bgt:medium ?m ; bgt:fiscalYear ?t }").rows
    assert docs == [{"m": "ocr", "t": 2025}]
    rows = ocr_kg.sparql(
        """SELECT ?o ?c WHERE { ?o a bgt:BudgetObservation .
        OPTIONAL { ?o prov:wasDerivedFrom/bgt:ocrConfidence ?c } }"""
    ).rows
    assert rows and all(r["c"] is not None and Decimal(0) <= r["c"] <= Decimal(1) for r in rows)
    assert isinstance(rows[0]["c"], Decimal)


def test_ocr_totals_add_up(ocr_kg):
    report = ocr_kg.validate()
    arithmetic = [f for f in report.at_least("Violation").findings if "Sum" in f.rule or "Equals" in f.rule]
    assert arithmetic == []


def test_cjk_spaces_removed_latin_kept():
    def w(text: str, x0: float, x1: float) -> Word:
        return Word(text, x0, 0.0, x1, 10.0, 90.0, (1, 1, 1))

    assert join_words([w("部", 0, 10), w("门", 12, 22), w("预", 24, 34), w("算", 36, 46)]) == "部门预算"
    assert join_words([w("2025", 0, 20), w("年", 22, 32)]) == "2025年"
    assert join_words([w("PDF", 0, 20), w("scan", 30, 50)]) == "PDF scan"


def test_rules_and_merged_cells_from_pixels():
    """A drawn 3-column, 3-row ruling whose first row is one cell over all columns and whose first column's
    last two rows are one cell (the ground truth is the drawing's own coordinates)."""
    image = Image.new("L", (600, 400), 255)
    draw = ImageDraw.Draw(image)
    xs, ys = (50, 250, 400, 550), (50, 150, 250, 350)
    for y in ys:  # the rule between the last two rows leaves out the first column
        draw.line((xs[1] if y == ys[2] else xs[0], y, xs[-1], y), fill=0, width=2)
    for x in xs:  # the inner rules stop below the first row
        draw.line((x, ys[0] if x in (xs[0], xs[-1]) else ys[1], x, ys[-1]), fill=0, width=2)
    draw.text((100, 90), "12", fill=0)  # type is not a rule
    horizontal, vertical = find_rules(image, 200)
    assert len(horizontal) == 4 and len(vertical) == 4
    (hs, vs) = tables(horizontal, vertical)[0]
    grid = cells(hs, vs)
    assert len(grid) == 3
    assert [c is None for c in grid[0]] == [False, True, True]
    first = grid[0][0]
    assert abs(first.x0 - 50) <= 2 and abs(first.x1 - 550) <= 2 and abs(first.bottom - 150) <= 2
    assert all(c is not None for c in grid[1]) and abs(grid[1][1].x0 - 250) <= 2
    assert abs(grid[1][0].bottom - 350) <= 2 and grid[2][0] is None and grid[2][1] is not None
