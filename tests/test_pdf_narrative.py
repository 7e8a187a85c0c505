"""Narrative figures come out of PDFs whose explanation part is not called 第二部分 (Jiangsu: 第三部分)."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.pipeline import extract_file
from tests.corpus import shared_file


def test_jiangsu_narrative_totals_and_class_changes():
    ex = extract_file(shared_file("corpus/pdf/jiangsu-high-court-2019-budget.pdf"))
    by_topic = {f.topic: f for f in ex.narrative if f.topic}
    total = by_topic["收支总计"]  # page 17: 收入、支出预算总计 37188.34 万元，…增加 4016.19 万元，增长 12.11%
    assert (total.amount, total.change, total.change_percent, total.source.page) == (
        Decimal(371883400),
        Decimal(40161900),
        Decimal("12.11"),
        17,
    )
    by_code = {f.code: f for f in ex.narrative if f.code}
    assert by_code["204"].amount == Decimal(274882300)  # 公共安全（类）支出 27488.23 万元


def test_shanghai_thousands_separators_stay_inside_amounts():
    ex = extract_file(shared_file("corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf"))
    amounts = {f.amount for f in ex.narrative if f.source.page == 7}
    assert Decimal(371514700) in amounts  # 37,151.47 万元, printed with a thousands comma
