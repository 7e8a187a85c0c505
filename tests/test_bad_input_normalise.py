"""The one character and figure form both readers bring every line and cell to before recognition."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.normalise import looks_numeric, normalise_text, parse_amount


@pytest.mark.parametrize(
    "printed,value",
    [
        ("(18.00)", Decimal("-18.00")),  # accounting negative
        ("（1,234.50）", Decimal("-1234.50")),
        ("１２３．４５", Decimal("123.45")),  # full-width digits and point
        ("１，２３４．５", Decimal("1234.5")),
        ("−5.00", Decimal("-5.00")),  # U+2212 minus sign
        ("–3.2", Decimal("-3.2")),  # en dash
        ("‒7", Decimal("-7")),  # figure dash
        ("﹣1.5", Decimal("-1.5")),  # small hyphen-minus
        ("－2", Decimal("-2")),  # full-width hyphen-minus
        ("947.66", Decimal("947.66")),
    ],
)
def test_figures_in_every_printed_form(printed, value):
    assert parse_amount(printed) == value
    assert str(parse_amount(printed)) == str(value)  # the printed decimals are kept


@pytest.mark.parametrize("printed", ["—", "-", "(1)", "（一）", "12.3.4", "1,23,4", ""])
def test_what_is_not_a_figure(printed):
    assert parse_amount(printed) is None


@pytest.mark.parametrize(
    "printed,looks", [("12.3.4", True), ("1,23,4", True), ("(1)", False), ("合计", False), ("—", False)]
)
def test_cells_that_look_like_figures(printed, looks):
    assert looks_numeric(printed) is looks


def test_text_in_one_form():
    # Kangxi radicals U+2F00 ⼀ and U+2F40 ⽀, compatibility ideograph U+FA08 行, full-width digits, NUL, BEL,
    # zero-width space and BOM; the full-width colon and brackets of prose and circled numbers are kept.
    raw = "\u2f00般公共服务\u2f40出\x00\u884c\ufa08政\x07运\u200b行\ufeff ２０２５年 单位：万元（一）①"
    assert normalise_text(raw) == "一般公共服务支出行行政运行 2025年 单位：万元（一）①"
    assert normalise_text("a\tb\r\n") == "a\tb\r\n"  # tabs and line ends are structure
