"""The normalisation module, on cases typed by hand from printed text (never produced by the code under test).

Where the former copies disagreed the case says which behaviour was kept.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.normalise import (
    canonical_brackets,
    canonical_decimal,
    canonical_docnumber,
    find_docnumbers,
    format_docnumber,
    from_yuan,
    is_code,
    is_data_row,
    is_total_label,
    normalise_label,
    normalise_title,
    parse_amount,
    phase_of,
    printed_decimals,
    printed_precision,
    squash,
    strip_phase,
    to_yuan,
    unit_name,
    unit_scale,
)
from budgetkg.ingest.policy.indicators import level1_of
from budgetkg.ingest.policy.projects import project_key_name

# --- text ---


def test_squash_removes_every_kind_of_white_space_and_takes_none():
    assert squash("收 入 总 计") == "收入总计"
    assert squash("合\u3000计\u00a0\t") == "合计"
    assert squash(None) == ""  # the indicators copy took None; the others raised


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("因公出国(境)费", "因公出国（境）费"),
        ("因公出国（境）费", "因公出国（境）费"),
        ("“三公”经费", "三公经费"),
        ('"三公"经费', "三公经费"),
        ("〝三公〞经费", "三公经费"),
    ],
)
def test_brackets_and_quotes_have_one_form(text, expected):
    assert canonical_brackets(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>合 计</b>", "合计"),
        ("**收 入 总 计**", "收入总计"),
        ("一、“三公”经费 (合计)", "三公经费（合计）"),
        ("（一）一般公共预算拨款", "一般公共预算拨款"),
        ("1.项目概述", "项目概述"),
        ("2、实施主体", "实施主体"),
    ],
)
def test_labels(text, expected):
    assert normalise_label(text) == expected


def test_titles_and_project_names_use_the_canonical_brackets():
    # normalise_title and project_key_name made parentheses half-width, normalise_label full-width:
    # the full-width form won (the labels the seed's tables print and the shapes name)
    assert normalise_title("《干部教育培训工作条例(试行)》") == "干部教育培训工作条例（试行）"
    assert normalise_title("干部教育培训工作条例（试行）") == "干部教育培训工作条例（试行）"
    assert normalise_title("关于“十四五”规划的 通知") == "关于十四五规划的通知"
    assert normalise_title("关于印发<手册>的通知") == "关于印发〈手册〉的通知"
    assert normalise_title("关于印发《手册》的通知") == "关于印发〈手册〉的通知"
    assert project_key_name("就业补助 (专项)") == "就业补助（专项）"
    assert level1_of("产出指标（50分）") == "产出指标"


# --- numbers ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10,317.25", Decimal("10317.25")),
        ("0.00", Decimal("0.00")),
        ("-3.5", Decimal("-3.5")),
        ("−3.5", Decimal("-3.5")),
        ("<b>947.66</b>", Decimal("947.66")),
        (" 1 234 ", Decimal("1234")),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", [None, "", "-", "1,2345", "12a", "2024年", "合计"])
def test_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("printed", "decimals"),
    [("947.60", 2), ("947.66", 2), ("1,234", 0), ("0.5", 1), ("-3.500", 3), ("0", 0), (Decimal("947.60"), 2)],
)
def test_printed_decimals(printed, decimals):
    assert printed_decimals(printed) == decimals


def test_parsed_amounts_keep_their_printed_decimals():
    assert printed_decimals(parse_amount("1,097.70")) == 2
    with pytest.raises(ValueError):
        printed_decimals("約 12")


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("9476600.00"), "9476600"), (Decimal("0.00"), "0"), (Decimal("1E+3"), "1000"), (Decimal("0.010"), "0.01")],
)
def test_canonical_decimal(value, text):
    assert format(canonical_decimal(value), "f") == text


# --- units and scales ---


@pytest.mark.parametrize(
    ("unit", "scale"), [("元", Decimal(1)), ("万元", Decimal(10000)), ("亿元", Decimal(100000000)), (None, Decimal(1))]
)
def test_unit_scales(unit, scale):
    assert unit_scale(unit) == scale


def test_unit_words():
    assert unit_name("万") == "万元"
    assert unit_name("元") == "元"
    assert unit_name("亿元") == "亿元"


@pytest.mark.parametrize(
    ("printed", "unit", "yuan"),
    [
        ("947.66", "万元", "9476600"),
        ("12.34", "元", "12.34"),
        ("1.23", "亿元", "123000000"),
        ("0.01", "亿元", "1000000"),
        ("29.10", "万元", "291000"),
    ],
)
def test_to_and_from_yuan(printed, unit, yuan):
    assert format(to_yuan(Decimal(printed), unit), "f") == yuan
    assert from_yuan(Decimal(yuan), unit) == Decimal(printed)


@pytest.mark.parametrize(
    ("printed", "unit", "precision"),
    [
        ("947.66", "万元", "100"),  # one unit of the last digit: 0.01 万元
        ("12.34", "元", "0.01"),
        ("1.23", "亿元", "1000000"),
        ("237", "万元", "10000"),
        ("1276.7", "万元", "1000"),
        ("947.6600", "万元", "1"),
        ("12345", "元", "1"),
    ],
)
def test_printed_precision_is_one_unit_of_the_last_digit_in_yuan(printed, unit, precision):
    assert format(printed_precision(printed_decimals(printed), unit), "f") == precision


# --- document numbers ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("内政发[2015]103 号", "内政发〔2015〕103号"),
        ("内政发（2015）103号", "内政发〔2015〕103号"),
        (" 内政发 【2015】 103 号 ", "内政发〔2015〕103号"),
        ("依据包人社办字[2024]63号", "包人社办字〔2024〕63号"),
        ("沪商规(2024)02号", "沪商规〔2024〕2号"),
        # not a number the parser reads (the issuer is not CJK): brought to one form all the same
        ("ABC[2015]7", "ABC〔2015〕7号"),
        ("ABC{2015}0103 号", "ABC〔2015〕0103号"),
        ("no number", "nonumber"),
    ],
)
def test_canonical_docnumber(text, expected):
    assert canonical_docnumber(text) == expected


def test_find_docnumbers_gives_issuer_year_and_serial():
    found = [(p, y, s) for p, y, s, _ in find_docnumbers("根据国发〔2022〕5号和内政发[2022]20 号")]
    assert found == [("国发", 2022, 5), ("内政发", 2022, 20)]
    assert format_docnumber("国发", 2022, 5) == "国发〔2022〕5号"


# --- phases ---


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("2024年执行数", ("执行数", 2024)),
        ("2025年度预算数", ("预算数", 2025)),
        ("2024 年 决算数", ("决算数", 2024)),
        ("年初预算数", ("预算数", None)),
        ("调整预算数", ("预算数", None)),
        ("合计", None),
        ("预算", None),
    ],
)
def test_phase_of(heading, expected):
    assert phase_of(heading) == expected


def test_strip_phase_wherever_the_heading_names_it():
    # the 三公-column copy removed a phase only at the end of the heading, the coded-table copy anywhere:
    # removing it anywhere won (every test and the corpus read the same)
    assert strip_phase("2024年预算数合计") == "合计"
    assert strip_phase("公务接待费 2025年预算数") == "公务接待费"
    assert strip_phase("2024年执行数") == ""
    assert strip_phase("人员经费") == "人员经费"


# --- table rows ---


def test_codes_and_totals():
    assert is_code("2080101") and is_code("208 01") and is_code("208")
    assert not is_code("2080") and not is_code("20801011")
    assert is_total_label("收 入 总 计") and is_total_label("本年支出合计") and is_total_label("合 计")
    assert not is_total_label("小计")


@pytest.mark.parametrize(
    ("cells", "text_row", "grid_row"),
    [
        (["208", "社会保障和就业支出", "1,234.00"], True, True),
        (["", "208", "社会保障和就业支出"], True, True),
        (["", "合计", "947.66"], True, True),
        (["科目编码", "科目名称", "合计"], False, False),
        # a 序号 alone: a text row of a list (the units table stays empty), a data row in a PDF grid
        (["1", "包头市人力资源和社会保障局", "行政单位"], False, True),
        # a lone 合计: header in text, the total row of an empty table in a PDF grid
        (["合 计", "", ""], False, True),
        ([], False, False),
        (["", ""], False, False),
    ],
)
def test_data_rows(cells, text_row, grid_row):
    assert is_data_row(cells) is text_row
    assert is_data_row(cells, pdf_grid=True) is grid_row
