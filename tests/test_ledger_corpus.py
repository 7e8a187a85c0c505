"""Disclosure rules and the ledger on real disclosures. Expected values were read off the pages by hand:
- baotou-hrss-2025-budget.txt lists 二、收入总表, 十、项目支出表 and 十二、政府采购预算表 in its contents (lines 42,
  58, 62) and prints none of them; it prints 批复时间 and 公开时间 with their dates (lines 5 and 7);
- jiangsu-npc-office-2017-budget.pdf lists 七、政府性基金支出预算表 and 十二、政府采购支出预算表 (p. 2) and prints
  them as 财政拨款政府性基金支出预算表 (p. 15) and 2017年政府采购预算表 (p. 20);
- jiangsu-high-court-2019-budget.pdf lists 九、一般公共预算“三公”经费、会议费、培训费支出预算表 and
  十、政府性基金财政拨款支出预算表 and prints them as 公开09表 “三公”经费、会议费、培训费支出预算表 and
  公开10表 政府性基金预算财政拨款支出预算表 (p. 14);
- chongqing-swu-2023-budget.pdf lists the section heading 二、部门预算报表 (p. 2);
- the PDFs print neither date label."""

from __future__ import annotations

import pytest

from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.shapes import validate
from budgetkg.shapes.report import Outcome
from budgetkg.store import KnowledgeStore
from tests.corpus import shared_file

FILES = {
    "baotou": "corpus/baotou-hrss-2025-budget.txt",
    "npc": "corpus/pdf/jiangsu-npc-office-2017-budget.pdf",
    "swu": "corpus/pdf/chongqing-swu-2023-budget.pdf",
    "court": "corpus/pdf/jiangsu-high-court-2019-budget.pdf",
}


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    paths = [shared_file(f) for f in FILES.values()]
    kg = KnowledgeStore(tmp_path_factory.mktemp("ledger") / "store")
    assert all(r.ok for r in ingest_paths(paths, kg, workers=1))
    files = {r["f"].value: r["g"].value for r in kg.select("SELECT ?g ?f WHERE { GRAPH ?g { ?d bgt:sourceFile ?f } }")}
    documents = {key: files[path.rsplit("/", 1)[-1]] for key, path in FILES.items()}
    return validate(kg), documents


def _listed_missing(report, document: str) -> set[str]:
    return {f.value for f in report.by_rule("ListedTablesPresent") if f.document == document}


def test_tables_listed_and_absent_are_found(corpus_report):
    report, docs = corpus_report
    assert _listed_missing(report, docs["baotou"]) == {"收入总表", "项目支出表", "政府采购预算表"}


def test_tables_worded_otherwise_and_section_headings_are_not_findings(corpus_report):
    report, docs = corpus_report
    assert _listed_missing(report, docs["npc"]) == set()
    assert _listed_missing(report, docs["swu"]) == set()
    assert _listed_missing(report, docs["court"]) == set()


def test_templates_without_date_labels_are_not_held_to_the_dates(corpus_report):
    report, docs = corpus_report
    assert report.by_rule("DocumentDatesPresent") == []
    expected = {key: Outcome.NOT_APPLICABLE for key in FILES} | {"baotou": Outcome.PASSED}
    for key, document in docs.items():
        outcomes = {r.rule: r.outcome for r in report.ledger(document)}
        assert outcomes["DocumentDatesPresent"] == expected[key]
        assert outcomes["PublishedWithin20Days"] == expected[key]  # 12 days after approval in baotou


def test_indicator_rules_on_a_flagged_performance_table_are_incomplete(corpus_report):
    # baotou's 表11 项目绩效目标表 came out of extraction with shifted columns: its warnings name table 11
    report, docs = corpus_report
    line = next(r for r in report.ledger(docs["baotou"]) if r.rule == "IndicatorStructure")
    assert line.outcome == Outcome.INCOMPLETE and "表11" in line.reason
