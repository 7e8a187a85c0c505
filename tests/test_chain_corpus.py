"""The 支出总表 links of the chain of totals on real disclosures, with the printed numbers read off the page images
(pdftoppm -r 60/70), and the project-sum rule where the narrative describes only some projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes import validate
from budgetkg.shapes.report import Outcome
from budgetkg.store import KnowledgeStore
from tests.corpus import shared_file

BGT = "https://w3id.org/budgetkg/ontology#"
WAN = Decimal(10000)
LINKS = (
    "SummaryExpenditureMatchesExpenditureTable-Mismatch",
    "ExpenditureTableMatchesFiscalSummary-Mismatch",
    "FiscalExpenditureTableMatchesFiscalSummary-Mismatch",
)
TOTAL_ROW = """
SELECT ?o ?kind ?amount ?doc WHERE { GRAPH ?doc {
  ?o qb:dataSet ?t ; bgt:lineItem/skos:prefLabel ?label ; bgt:measure bkid:measure\\/total ; bgt:amount ?amount .
  ?t bgt:tableKind ?kind .
  FILTER(?kind IN ("expenditure-summary", "fiscal-appropriation-expenditure") && STR(?label) = "合计")
  FILTER NOT EXISTS { ?o bgt:classification ?code }
} }"""


def store_of(relative: str) -> KnowledgeStore:
    kg = KnowledgeStore()
    assert ingest_file(shared_file(relative), kg).ok
    return kg


def outcomes(report, rules: tuple[str, ...]) -> dict[str, Outcome]:
    return {r.rule: r.outcome for r in report.rules if r.rule in rules}


@pytest.fixture(scope="module")
def court() -> KnowledgeStore:
    return store_of("corpus/pdf/jiangsu-high-court-2019-budget.pdf")


def test_court_chain_holds_as_printed(court):
    """江苏省高级人民法院 2019 (万元): 收支预算总表 当年支出小计 37,188.34 and 收入合计
    37,188.34 (p. 8); 支出预算总表 合计 37,188.34 (p. 9); 财政拨款收支预算总表 收入合计 and
    支出合计 37,188.34, 财政拨款支出预算表（功能科目） 合计 37,188.34 (p. 10). Every fund is a
    财政拨款, so all three links apply, and all hold."""
    rows = {r["kind"].value: Decimal(r["amount"].value) for r in court.sparql(TOTAL_ROW).rows}
    assert rows == {
        "expenditure-summary": Decimal("37188.34") * WAN,
        "fiscal-appropriation-expenditure": Decimal("37188.34") * WAN,
    }
    report = validate(court)
    families = tuple(rule.rsplit("-", 1)[0] + "-" for rule in LINKS)  # -Rounding, -Margin and -Mismatch
    assert [f for f in report.findings if f.rule.startswith(families)] == []
    assert outcomes(report, LINKS) == dict.fromkeys(LINKS, Outcome.PASSED)


def test_court_changed_expenditure_total_is_found_by_both_links(court):
    """Printed as 37,088.34, the 支出预算总表 合计 no longer equals the 收支预算总表 nor the 财政拨款收支预算总表."""
    [row] = [r for r in court.sparql(TOTAL_ROW).rows if r["kind"].value == "expenditure-summary"]
    doc = row["doc"].value
    graph = court.graph_as_rdflib(doc)
    graph.set((URIRef(row["o"].value), URIRef(BGT + "amount"), Literal(Decimal("370883400"))))
    changed = KnowledgeStore()
    changed.replace_graph(doc, graph)
    report = validate(changed)
    for rule in LINKS[:2]:
        findings = report.by_rule(rule)
        assert [(f.cell.iri, f.difference) for f in findings] == [(row["o"].value, Decimal("-1000000"))], rule
    assert report.by_rule(LINKS[2]) == []  # the 财政拨款支出表 was not changed


def test_cppcc_other_funds_make_the_fiscal_link_not_applicable():
    """江苏省政协办公厅 2018 (万元): 收支预算总表 收入合计 10,150.48 of which 其他资金 80.00
    (p. 1); 财政拨款收支预算总表 收入合计 and 支出合计 10,070.48 (p. 4); 支出预算总表 合计 10,150.48
    (p. 3); 财政拨款支出预算表 合计 10,070.48 (p. 5). The 支出总表 also spends the 其他资金: it is
    not compared with the 财政拨款收支总表; the 财政拨款支出表 is."""
    report = validate(store_of("corpus/pdf/江苏省政协办公厅2018度部门预算公开表.pdf"))
    assert [f for f in report.findings if f.rule in LINKS] == []
    assert outcomes(report, LINKS) == {
        LINKS[0]: Outcome.PASSED,
        LINKS[1]: Outcome.NOT_APPLICABLE,
        LINKS[2]: Outcome.PASSED,
    }


def test_commerce_project_sections_are_not_the_list_of_projects():
    """上海市普陀区商务委员会 2025 (元): 2025年部门支出预算总表 合计 row 项目支出
    351,684,000.00 (p. 13). 七、项目经费情况说明 describes four 政策资金 projects, one section
    each, 年度预算安排 1720.00 (p. 23), 1170.00 (p. 24), 1410.00 (p. 25) and 2921.00 万 (p. 26);
    the narrative counts 25 projects with targets worth 11381.60万 (p. 22). No table lists the
    projects: the sum of four described projects (72,210,000.00) is not a finding."""
    kg = store_of("corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf")
    amounts = sorted(
        Decimal(r["a"].value)
        for r in kg.sparql("SELECT ?a WHERE { GRAPH ?g { ?p a bgt:Project ; bgt:amount ?a } }").rows
    )
    assert amounts == [Decimal(v) * WAN for v in ("1170.00", "1410.00", "1720.00", "2921.00")]
    report = validate(kg)
    rules = ("ProjectAmountsSumToProjectTotal-Mismatch", "ProjectAmountsSumToProjectTotal-Rounding")
    assert [f for f in report.findings if f.rule in rules] == []
    assert outcomes(report, rules) == dict.fromkeys(rules, Outcome.NOT_APPLICABLE)


def test_procuratorate_summary_expenditure_side_without_its_heading_row():
    """江苏省人民检察院 2019, 收支预算总表 (p. 14, 万元): the 收入 | 支出 heading row is drawn above the grid, so the
    功能分类 column names the side itself. 四、公共安全支出 16,593.12 is expenditure (code 204); 当年支出小计 and
    支出合计 24,169.74 are read and the 支出预算总表 合计 24,169.74 (p. 15) is checked against them."""
    kg = store_of("corpus/pdf/jiangsu-procuratorate-2019-budget.pdf")
    rows = kg.sparql(
        """SELECT ?label ?scheme ?amount WHERE { GRAPH ?g { ?o qb:dataSet ?t ; bgt:lineItem ?li ; bgt:amount ?amount .
           ?t bgt:tableKind "income-expenditure-summary" . ?li skos:prefLabel ?label ; skos:inScheme ?scheme } }"""
    ).rows
    side = {(r["label"].value, r["scheme"].value.rsplit("#", 1)[-1]): Decimal(r["amount"].value) for r in rows}
    assert side[("公共安全支出", "ExpenditureItems")] == Decimal("16593.12") * WAN
    assert side[("当年支出小计", "ExpenditureItems")] == Decimal("24169.74") * WAN
    assert side[("支出合计", "ExpenditureItems")] == Decimal("24169.74") * WAN
    assert ("公共安全支出", "IncomeItems") not in side
    report = validate(kg)
    assert outcomes(report, LINKS[:1]) == {LINKS[0]: Outcome.PASSED}
    assert report.by_rule(LINKS[0]) == []
