"""Flattening multi-row table headings into one measure per column."""

from __future__ import annotations

from budgetkg.ingest.model import SourceRow
from budgetkg.ingest.tables.headers import flatten_header


def _rows(*cells: list[str]) -> list[SourceRow]:
    return [SourceRow(cells=list(c)) for c in cells]


def test_amount_under_a_group_heading_is_the_group():
    """西南大学收入预算表: 事业收入 spans 金额 | 其中：教育收费; 金额 is the 事业收入 column, not the table's 合计."""
    header = _rows(
        ["科目编码", "科目名称", "收入合计", "上年结转", "财政拨款收入", "事业收入", "", "其他收入"],
        ["", "", "", "", "", "金额", "其中：教育收费", ""],
    )
    labels = flatten_header(header, 8)
    assert labels[2:] == ["收入合计", "上年结转", "财政拨款收入", "事业收入", "其中：教育收费", "其他收入"]


def test_amount_alone_stays_the_amount_heading():
    assert flatten_header(_rows(["项目", "金额"]), 2) == ["项目", "金额"]


def test_subtotal_under_a_group_heading_is_the_group():
    header = _rows(["合计", "公务用车购置及运行费", ""], ["", "小计", "购置费"])
    assert flatten_header(header, 3) == ["合计", "公务用车购置及运行费", "购置费"]
