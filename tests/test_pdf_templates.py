"""Layouts of real disclosures the PDF reader must read: figures on shifted boxes, titles inside the grid,
sparse rows, column groups side by side.

Every expected value was read off the rendered page (``pdftoppm -r 110``) by a person, never taken from
the parser's output.
"""

from __future__ import annotations

import pytest

from budgetkg.ingest.normalise import squash
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.pdf.textpages import ENV_SWITCH
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
