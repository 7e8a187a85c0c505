"""Projects and 立项依据 citations of the Shanghai PDF (one section per project, 沪商规〔2024〕2号 …)."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.extract import extract
from budgetkg.ingest.readers.pdf.reader import read_pdf
from tests.corpus import shared_file


def test_shanghai_projects_and_their_legal_bases() -> None:
    ex = extract(read_pdf(shared_file("corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf")))
    projects = {p.name: p for p in ex.projects}
    # read by hand from the PDF's 项目经费情况说明 sections (年度预算安排 in 万)
    trade = projects["贸易高质量发展专项（政策资金）经费"]
    assert trade.amount == Decimal("2921.00") * 10000
    assert {c.ref.key for c in trade.citations} == {
        "普商务规范〔2023〕3号",
        "普投资规范〔2023〕1号",
        "沪商规〔2024〕2号",
    }
    assert {c.ref.key for c in projects["商业创新专项（政策资金）经费"].citations} == {
        "沪商商贸〔2024〕109号",
        "沪商规〔2024〕3号",
        "沪商规〔2024〕4号",
    }
    assert projects["科技创新专项经费"].amount == Decimal(17200000)
    assert [c.ref.key for c in projects["生命健康专项（政策资金）经费"].citations] == [
        "title:普陀区加快发展生命健康产业实施意见"
    ]
