"""The new checks on real disclosures: what they find (or, where the printed page adds up, that they stay
silent) with the printed numbers read off the page images, and that a changed printed number is found."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes import validate
from budgetkg.store import KnowledgeStore
from tests.corpus import shared_file

BGT = "https://w3id.org/budgetkg/ontology#"
SH_FINANCE = "corpus/pdf/shanghai-putuo-finance-2024-final-accounts.pdf"

# 收入支出决算总表 of 上海市普陀区财政局 2024 (pages 6-7, 万元), read off the page images.
SH_FINANCE_SUMMARY = {
    ("income", "本年收入合计"): Decimal("2946.25"),
    ("income", "年初结转和结余"): Decimal("49.14"),
    ("income", "总计"): Decimal("2995.39"),
    ("expenditure", "本年支出合计"): Decimal("2940.05"),
    ("expenditure", "年末结转和结余"): Decimal("55.34"),
    ("expenditure", "总计"): Decimal("2995.39"),
}

SUMMARY_CELLS = """
SELECT ?o ?side ?label ?amount ?doc WHERE { GRAPH ?doc {
  ?o qb:dataSet ?t ; bgt:lineItem ?li ; bgt:amount ?amount .
  ?t bgt:tableKind "income-expenditure-summary" .
  ?li skos:prefLabel ?label ; skos:inScheme ?scheme .
  BIND(IF(?scheme = bgt:IncomeItems, "income", "expenditure") AS ?side)
} }"""


@pytest.fixture(scope="module")
def finance_store() -> KnowledgeStore:
    kg = KnowledgeStore()
    assert ingest_file(shared_file(SH_FINANCE), kg).ok
    return kg


def _summary_cells(kg: KnowledgeStore) -> dict[tuple[str, str], tuple[str, Decimal, str]]:
    rows = kg.sparql(SUMMARY_CELLS).rows
    return {
        (r["side"].value, r["label"].value): (r["o"].value, Decimal(r["amount"].value), r["doc"].value) for r in rows
    }


def test_finance_summary_balances_as_printed(finance_store):
    cells = _summary_cells(finance_store)
    for key, printed in SH_FINANCE_SUMMARY.items():
        assert cells[key][1] == printed * 10000, key
    report = validate(finance_store)
    assert [f for f in report.findings if f.rule.startswith("Summary")] == []


def test_finance_summary_with_a_changed_carry_over_is_a_violation(finance_store):
    cells = _summary_cells(finance_store)
    obs, _amount, doc = cells[("expenditure", "年末结转和结余")]
    graph = finance_store.graph_as_rdflib(doc)
    graph.set((URIRef(obs), URIRef(BGT + "amount"), Literal(Decimal("563400"))))
    changed = KnowledgeStore()
    changed.replace_graph(doc, graph)
    findings = validate(changed).by_rule("SummarySideEqualsParts-Mismatch")
    assert [f.cell.iri for f in findings] == [cells[("expenditure", "总计")][0]]
    assert findings[0].difference == Decimal("-10000")


SWU_2023 = "corpus/pdf/chongqing-swu-2023-budget.pdf"


@pytest.fixture(scope="module")
def swu_2023_store() -> KnowledgeStore:
    kg = KnowledgeStore()
    assert ingest_file(shared_file(SWU_2023), kg).ok
    return kg


def test_swu_2023_income_table_primary_education_row_does_not_add_up(swu_2023_store):
    """西南大学收入预算表 (page 8, 万元), row 2050202 小学教育: 收入合计 9,645.51, but 上年结转 14.33 + 财政拨款收入
    8,201.15 + 事业收入 0.50 + 其他收入 1,430.03 = 9,646.01 (the 0.50 of 事业收入 is left out of the total)."""
    findings = validate(swu_2023_store).by_rule("IncomeRowEqualsSources-Mismatch")
    assert len(findings) == 1
    finding = findings[0]
    assert (finding.cell.page, finding.cell.label) == (8, "2050202 小学教育")
    assert (Decimal(finding.value), finding.expected) == (Decimal("96455100"), Decimal("96460100"))
    printed_parts = {"上年结转": "14.33", "财政拨款收入": "8201.15", "事业收入": "0.50", "其他收入": "1430.03"}
    assert {p.measure: p.amount for p in finding.parts} == {m: Decimal(v) * 10000 for m, v in printed_parts.items()}


def test_swu_2023_primary_education_total_also_breaks_its_parent(swu_2023_store):
    """The same page: 20502 普通教育 收入合计 520,603.91, but its children 9,645.51 + 27,109.72 + 483,848.18 =
    520,603.41; the 0.50 left out of 小学教育 shows again one level up (and only there)."""
    findings = [
        f
        for f in validate(swu_2023_store).by_rule("ParentEqualsSumOfChildren-Mismatch")
        if f.cell.measure == "收入合计"
    ]
    assert [(f.cell.page, f.cell.label) for f in findings] == [(8, "20502 普通教育")]
    assert (Decimal(findings[0].value), findings[0].expected) == (Decimal("5206039100"), Decimal("5206034100"))


def test_swu_2023_other_income_rows_add_up(swu_2023_store):
    """The other rows of the same table add up as printed (合计 557,259.13 = 93,801.70 + 230,876.38 + 122,342.73 +
    50,265.53 + 59,972.79; 其中：教育收费 74,162.23 not added), so the one finding above is the only one."""
    report = validate(swu_2023_store)
    labels = [f.cell.label for f in report.findings if f.rule.startswith("IncomeRowEqualsSources")]
    assert labels == ["2050202 小学教育"]


CHAIN_CELLS = """
SELECT ?o ?kind ?label ?amount ?doc WHERE { GRAPH ?doc {
  ?o qb:dataSet ?t ; bgt:lineItem/skos:prefLabel ?label ; bgt:measure bkid:measure\\/total ; bgt:amount ?amount .
  ?t bgt:tableKind ?kind .
  FILTER(?kind IN ("income-summary", "general-public-budget-expenditure") && STR(?label) = "合计")
  FILTER NOT EXISTS { ?o bgt:classification ?code }
} }"""


def test_finance_chain_of_totals_holds_and_a_changed_total_is_found(finance_store):
    """收入决算表 合计 row (page 8): 本年收入合计 2,946.25 = 收支决算总表 本年收入合计 2,946.25 (page 6);
    一般公共预算财政拨款支出决算表 合计 2,940.05 (page 15) = 财政拨款收支总表 一般公共预算 本年支出合计 (page 13).
    Printed as 2,950.05 instead, the 一般公共预算支出表 no longer matches: a Violation."""
    assert [f for f in validate(finance_store).findings if f.concern == "chain"] == []
    rows = {r["kind"].value: r for r in finance_store.sparql(CHAIN_CELLS).rows}
    assert Decimal(rows["general-public-budget-expenditure"]["amount"].value) == Decimal("2940.05") * 10000
    gpb = rows["general-public-budget-expenditure"]
    doc = gpb["doc"].value
    graph = finance_store.graph_as_rdflib(doc)
    graph.set((URIRef(gpb["o"].value), URIRef(BGT + "amount"), Literal(Decimal("29500500"))))
    changed = KnowledgeStore()
    changed.replace_graph(doc, graph)
    findings = validate(changed).by_rule("FiscalGeneralBudgetMatchesGeneralBudgetTable-Mismatch")
    assert [(f.cell.page, f.difference) for f in findings] == [(13, Decimal("-100000"))]


def test_finance_narrative_fiscal_total_is_not_the_table_total(finance_store):
    """Page 21 (四、财政拨款收入支出决算总体情况说明) prints 财政拨款收入支出总计0.3万元; the table
    财政拨款收支决算总表 (page 13) prints 总计 2,961.68 on both sides (本年收入合计 2,940.05 + 年初结转和结余 21.63)."""
    findings = validate(finance_store).by_rule("NarrativeFiscalTotalMatchesTable-Mismatch")
    assert len(findings) == 1
    finding = findings[0]
    assert (Decimal(finding.value), finding.expected) == (Decimal("3000"), Decimal("2961.68") * 10000)
    assert finding.cell.page == 21 and [p.page for p in finding.parts] == [13]


COMMERCE = "corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf"


def test_commerce_projects_described_in_the_narrative_are_not_summed():
    """上海市普陀区商务委员会 2025: the 部门支出预算总表 (page 12, 元) prints 项目支出 351,684,000.00 in its 合计 row;
    the narrative's 项目经费情况说明 describes four selected projects (72,210,000.00 in all) and the document has
    no 项目支出表: the four are not the list of every project, so no sum is claimed (the ledger says why)."""
    kg = KnowledgeStore()
    assert ingest_file(shared_file(COMMERCE), kg).ok
    report = validate(kg)
    assert [f for f in report.findings if f.rule.startswith("ProjectAmountsSumToProjectTotal")] == []
    [line] = [r for r in report.ledger() if r.rule == "ProjectAmountsSumToProjectTotal-Mismatch"]
    assert line.outcome == "not-applicable" and "no table listing its projects" in line.reason


NPC_2017 = "corpus/pdf/jiangsu-npc-office-2017-budget.pdf"


def test_npc_2017_narrative_names_the_item_but_prints_the_chapter_total():
    """江苏省人大常委会办公厅 2017, page 26: "1. 人大事务行政运行（项）支出 10528.33 万元". The 财政拨款支出预算表
    (page 11) and the 一般公共预算支出预算表 (page 16) print 2010101 行政运行 4,545.94, and 10,528.33 for
    201 一般公共服务支出 / 20101 人大事务: the sentence names the 项 but gives its 类's total — a real
    discrepancy of the printed page, and the document's only Violation."""
    kg = KnowledgeStore()
    assert ingest_file(shared_file(NPC_2017), kg).ok
    report = validate(kg)
    violations = [f for f in report.findings if f.severity == "Violation"]
    assert [(f.rule, f.cell.page, f.cell.label) for f in violations] == [
        ("NarrativeAmountMatchesTable-Mismatch", 26, "2010101 行政运行")
    ]
    assert (Decimal(violations[0].value), violations[0].expected) == (
        Decimal("10528.33") * 10000,
        Decimal("4545.94") * 10000,
    )


def test_swu_2023_time_target_printed_before_the_budget_year(swu_2023_store):
    """Page 24, the 绩效目标表 of a 修缮 project (2023 年度): 时效指标 "项目论证调研及方案设计 2022 年 1 月-6 月" — a
    target of the 2023 budget dated in 2022, printed so (the other 时效指标 of the sheet say 2023 年 …)."""
    [f] = validate(swu_2023_store).by_rule("TimeTargetNotBeforeBudgetYear")
    assert (f.severity, f.cell.page, f.cell.label) == ("Violation", 24, "项目论证调研及方案设计")
    assert "2022年1月-6月" in f.message_zh
