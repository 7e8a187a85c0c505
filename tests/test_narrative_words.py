"""Narrative words against numbers: the direction of a change, one item with two amounts in a paragraph, the
previous year's amount against the previous year's disclosure, and the known real findings of the corpus.

The two disclosures of tests/fixtures/previous-year (测试市测试局, 2024 and 2025 budgets) are written by hand so
that they agree; each test changes one printed number of them and says what the pages then show. Values of the
real documents were read off the page images (PDF page numbers).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.ingest.extract import extract
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.ingest.readers.text import read_text
from budgetkg.shapes import validate
from budgetkg.store import KnowledgeStore
from tests.corpus import shared_file

W = Decimal(10000)  # 万元 in 元
PAIR = Path(__file__).resolve().parent / "fixtures" / "previous-year"
NEW_RULES = ("ChangeWordsAgree", "ChangeDirection", "RepeatedItem", "PreviousYear", "NarrativeIncomePart")


def _doc(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _pair(tmp_path: Path, change_2024=(), change_2025=()) -> KnowledgeStore:
    """Both disclosures in one store, each with printed texts replaced ((old, new), …)."""
    kg = KnowledgeStore()
    for name, changes in (("ceshi-2024-budget.txt", change_2024), ("ceshi-2025-budget.txt", change_2025)):
        text = (PAIR / name).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text
            text = text.replace(old, new, 1)
        assert ingest_file(_doc(tmp_path, name, text), kg).ok
    return kg


def _found(kg: KnowledgeStore, prefix: str) -> list:
    return [f for f in validate(kg).findings if f.rule.startswith(prefix)]


# --- what the narrative extraction records -----------------------------------------------------------------


def test_direction_previous_amount_and_basis_are_read(tmp_path):
    ex = extract(read_text(PAIR / "ceshi-2025-budget.txt"))
    by_subject = {f.subject: f for f in ex.narrative}
    income = by_subject["一般公共预算拨款收入"]  # 一般公共预算拨款收入 130.00 万元，上年 120.00 万元，增加 10.00 万元
    assert (income.amount, income.previous, income.change) == (130 * W, 120 * W, 10 * W)
    assert (income.change_direction, income.compared_with, income.compared_year) == ("increase", "上年", 2024)
    assert income.previous_precision == Decimal(100)  # 0.01 万元
    running = next(f for f in ex.narrative if f.code == "2080101")  # 比上年增加 10.00 万元，增长 8.33%
    assert (running.change, running.change_percent, running.change_direction) == (10 * W, Decimal("8.33"), "increase")
    assert running.previous is None


def test_compared_by_a_word_is_a_change_and_a_flat_word_is_flat(tmp_path):
    # jiangsu-npc-office-2017-budget.pdf page 26 words it so: …会议费预算支出1305.25万元，本年数小于上年预算数403.75万元
    text = (PAIR / "ceshi-2025-budget.txt").read_text(encoding="utf-8")
    text = text.replace(
        "行政运行（项）支出 130.00 万元，比上年增加 10.00 万元，增长 8.33%，主要原因是人员增加。",
        "会议费预算支出 1305.25 万元，本年数小于上年预算数 403.75 万元。"
        "因公出国（境）费预算支出 222.5 万元，与上年预算数持平。"
        "公务接待费 10.00 万元，与上年基本持平。",
    )
    ex = extract(read_text(_doc(tmp_path, "ceshi-2025-budget.txt", text)))
    by_subject = {f.subject: f for f in ex.narrative}
    meeting = by_subject["会议费预算支出"]
    assert (meeting.change, meeting.change_direction, meeting.compared_with) == (
        Decimal("-403.75") * W,
        "decrease",
        "上年预算数",
    )
    assert by_subject["因公出国（境）费预算支出"].change_direction == "flat"
    assert by_subject["公务接待费"].change_direction is None  # 基本持平 allows a difference


def test_qualified_subjects_and_thresholds_are_not_one_item(tmp_path):
    # shanghai-putuo-finance-2024-final-accounts.pdf page 24 (read off the page image): three 采购金额 of three kinds
    # of procurement; baotou-hrss-2025-budget.txt line 506: 单价 50 万元（含）以上 is a bound, not an amount
    body = (
        "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额246.47万元；在面向小微企业预留政府"
        "采购项目中，由小微企业供应商中标或成交的，采购金额0万元；在其他政府采购项目中，由中小企业供应商中标或成交的，"
        "采购金额4.79万元。单价 50 万元（含）以上的通用设备 1 台（套），单价 100 万元（含）以上的专用设备 0 台（套）。"
        "在一般公共预算支出中，基本支出 100.00 万元。"
    )
    text = (PAIR / "ceshi-2025-budget.txt").read_text(encoding="utf-8")
    text = text.replace("行政运行（项）支出 130.00 万元，比上年增加 10.00 万元，增长 8.33%，主要原因是人员增加。", body)
    ex = extract(read_text(_doc(tmp_path, "ceshi-2025-budget.txt", text)))
    purchases = [f for f in ex.narrative if f.subject.endswith("采购金额")]
    assert [f.amount for f in purchases] == [Decimal("246.47") * W, Decimal(0), Decimal("4.79") * W]
    assert len({f.subject for f in purchases}) == 3
    bounds = [f for f in ex.narrative if f.subject.startswith("单价")]
    assert [(f.amount, f.count) for f in bounds] == [(None, 1), (None, 0)]
    basic = next(f for f in ex.narrative if f.amount == 100 * W)  # qualified as printed, tied to what it names
    assert basic.subject == "在一般公共预算支出中基本支出" and "基本支出" in basic.topic and "合计" not in basic.topic


def test_this_years_income_and_expenditure_are_the_year_totals_and_parts_name_their_whole(tmp_path):
    text = (PAIR / "ceshi-2025-budget.txt").read_text(encoding="utf-8")
    text = text.replace(
        "行政运行（项）支出 130.00 万元，比上年增加 10.00 万元，增长 8.33%，主要原因是人员增加。",
        "本年收入 130.00 万元，其中：一般公共预算拨款收入 125.00 万元、事业收入 5.00 万元。本年支出 130.00 万元。",
    )
    ex = extract(read_text(_doc(tmp_path, "ceshi-2025-budget.txt", text)))
    income = next(f for f in ex.narrative if f.subject == "本年收入")
    spending = next(f for f in ex.narrative if f.subject == "本年支出")
    assert (income.topic, spending.topic) == ("收入合计", "支出合计")  # 本年收入合计 / 本年支出合计, not 总计
    parts = [f for f in ex.narrative if f.within is not None and ex.narrative[f.within] is income]
    assert [(f.topic, f.amount) for f in parts] == [("一般公共预算拨款收入", 125 * W), ("事业收入", 5 * W)]
    assert spending.within is None  # a new sentence: not a part of 本年收入


# --- the rules on two disclosures of one department ------------------------------------------------------------


def test_the_pair_as_written_has_no_finding_of_the_new_rules(tmp_path):
    kg = _pair(tmp_path)
    assert [f.rule for f in validate(kg).findings if f.rule.startswith(NEW_RULES)] == []


def test_previous_year_table_differs_from_the_implied_previous_amount(tmp_path):
    # 2025: 行政运行 130.00 万元，比上年增加 10.00 万元 (so 120.00 in 2024); the 2024 disclosure now prints 125.00
    # in its table and its narrative
    row = "2080101\t行政运行\t120.00\t100.00\t20.00"
    said = "行政运行（项）支出 120.00 万元"
    kg = _pair(
        tmp_path,
        change_2024=((row, row.replace("120.00\t100.00", "125.00\t105.00")), (said, said.replace("120", "125"))),
    )
    found = _found(kg, "PreviousYearMatchesPreviousDisclosure")
    assert [(f.rule, f.severity, Decimal(f.value), f.expected) for f in found] == [
        ("PreviousYearMatchesPreviousDisclosure-Mismatch", "Violation", 120 * W, 125 * W)
    ]


def test_previous_year_narrative_differs_from_the_printed_previous_amount(tmp_path):
    # 2025 prints 上年 120.00 万元 for 一般公共预算拨款收入; the 2024 narrative now states 121.00
    old = "其中：一般公共预算拨款收入 120.00 万元。"
    kg = _pair(tmp_path, change_2024=[(old, "其中：一般公共预算拨款收入 121.00 万元。")])
    found = _found(kg, "PreviousYearMatchesPreviousDisclosure")
    assert [(f.severity, Decimal(f.value), f.expected) for f in found] == [("Violation", 120 * W, 121 * W)]


def test_a_decrease_word_against_the_two_amounts(tmp_path):
    # 130.00 this year, 上年 120.00, yet 减少 10.00 万元
    old = "上年 120.00 万元，增加 10.00 万元。"
    kg = _pair(tmp_path, change_2025=[(old, "上年 120.00 万元，减少 10.00 万元。")])
    found = _found(kg, "ChangeDirectionMatchesAmounts")
    assert [(f.rule, Decimal(f.value), f.expected) for f in found] == [
        ("ChangeDirectionMatchesAmounts-Mismatch", 130 * W, 120 * W)
    ]


def test_a_percentage_word_against_the_change_word(tmp_path):
    old = "比上年增加 10.00 万元，增长 8.33%"
    kg = _pair(tmp_path, change_2025=[(old, "比上年增加 10.00 万元，下降 8.33%")])
    found = _found(kg, "ChangeWordsAgree")
    assert [(f.severity, Decimal(f.value)) for f in found] == [("Violation", Decimal("-8.33"))]


def test_one_item_with_two_amounts_in_a_paragraph(tmp_path):
    old = "上年 120.00 万元，增加 10.00 万元。"
    kg = _pair(tmp_path, change_2025=[(old, old + "一般公共预算拨款收入 130.10 万元。")])
    found = _found(kg, "RepeatedItemAmountsAgree")
    assert [(f.rule, sorted([Decimal(f.value), f.expected])) for f in found] == [
        ("RepeatedItemAmountsAgree-Mismatch", [130 * W, Decimal("130.10") * W])
    ]


# --- real documents ----------------------------------------------------------------------------------------------


SHARES = "NarrativeShareMatchesAmounts"


def _real(name: str) -> KnowledgeStore:
    kg = KnowledgeStore()
    assert ingest_file(shared_file(name), kg).ok
    return kg


@pytest.fixture(scope="module")
def procuratorate():
    return validate(_real("corpus/pdf/jiangsu-procuratorate-2019-budget.pdf"))


def test_procuratorate_change_percentages(procuratorate):
    rule = "NarrativeChangePercentMatchesAmounts"
    found = {Decimal(f.value): f for f in procuratorate.findings if f.rule.startswith(rule)}
    # page 25: 收入、支出预算总计 24,169.74 万元，…各增加 2214.39 万元，增长 10.06%: 2214.39 / 21955.35 = 10.09%
    assert found[Decimal("10.06")].severity == "Violation"
    # page 29: 住房公积金（项）支出1442.74万元，…增加368.97万元，增加34.38%: 368.97 / 1073.77 = 34.36%
    assert found[Decimal("34.38")].severity == "Violation"
    # page 29: 提租补贴（项）支出4243.61万元，…增加1657万元，增加64.07%: 1657 is printed without decimals, so
    # 64.06% from the printed figures is inside the rounding (an Info, no longer a Warning)
    assert found[Decimal("64.07")].severity == "Info"


def test_final_accounts_shares_that_do_not_follow_from_their_operands():
    # chongqing-swu-2024-final-accounts.pdf page 19: 授予小微企业合同金额 7,295.12 万元，占授予中小企业合同金额的 60.02%
    # (12,127.08 万元 on the same page: 60.16%)
    swu = validate(_real("corpus/pdf/chongqing-swu-2024-final-accounts.pdf"))
    shares = {Decimal(f.value): f.severity for f in swu.findings if f.rule.startswith(SHARES)}
    assert shares.get(Decimal("60.02")) == "Violation"
    # shanghai-putuo-finance-2024-final-accounts.pdf page 21: 一般公共预算财政拨款支出2940.05万元，…一般公共服务支出
    # （类）2106.66万元，占71.73% (71.65%; the other three shares of the sentence agree)
    finance = validate(_real("corpus/pdf/shanghai-putuo-finance-2024-final-accounts.pdf"))
    shares = {Decimal(f.value): f.severity for f in finance.findings if f.rule.startswith(SHARES)}
    assert shares == {Decimal("71.73"): "Violation"}
    # page 24: three 采购金额 of three kinds of procurement are not one item
    assert [f for f in finance.findings if f.rule.startswith("RepeatedItem")] == []


def test_previous_year_rule_without_the_previous_disclosure_is_not_applicable(tmp_path):
    """Alone in its store, the 2025 disclosure has no earlier one to compare with: the ledger says so instead of
    "passed"; with the 2024 disclosure beside it the rule runs and passes."""
    alone = KnowledgeStore()
    assert ingest_file(_doc(tmp_path, "x.txt", (PAIR / "ceshi-2025-budget.txt").read_text(encoding="utf-8")), alone).ok
    outcomes = {r.outcome for r in validate(alone).ledger() if r.rule.startswith("PreviousYearMatches")}
    reasons = {r.reason for r in validate(alone).ledger() if r.rule.startswith("PreviousYearMatches")}
    assert outcomes == {"not-applicable"} and reasons == {
        "the store holds no earlier disclosure of the same department and kind to compare with"
    }
    (tmp_path / "pair").mkdir()
    paired = validate(_pair(tmp_path / "pair"))
    latest = max(paired.documents, key=lambda d: d.rsplit("/", 2)[-2])  # the 2025 document
    assert {r.outcome for r in paired.ledger(latest) if r.rule.startswith("PreviousYearMatches")} == {"passed"}
