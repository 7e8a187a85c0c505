"""The rule ledger: every rule on every document with passed / failed / not-applicable / incomplete, the same
from both engines, in the typed report, the JSON and the text report."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

import budgetkg
from budgetkg.shapes import validate
from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.render import render
from budgetkg.shapes.report import Outcome
from budgetkg.store import KnowledgeStore
from tests.conftest import FIXTURE_GRAPH, SHAPE_FIXTURES, shape_fixture_store, write_synthetic

PREFIXES = (SHAPE_FIXTURES / "prefixes.ttl").read_text(encoding="utf-8")

# one 三公 table (表7) and nothing else; an extraction warning names 表7
THREE_PUBLIC_FLAGGED = """
ex:doc a bgt:BudgetDocument ; bgt:fiscalYear "2025"^^xsd:gYear ; bgt:documentKind bgt:Budget ; bgt:publisher ex:dept ;
    bgt:extractionWarning "row with amounts but no code or name (table 7, line 12)" .
ex:dept a bgt:Department .
ex:t7 a bgt:Table ; dct:isPartOf ex:doc ; bgt:tableNumber "7" ; bgt:tableKind "three-public" ;
    rdfs:label "一般公共预算“三公”经费支出表"@zh .
ex:o1 a bgt:BudgetObservation ; qb:dataSet ex:t7 ; bgt:amount 1200.00 ; bgt:measure m:total ;
    bgt:budgetPhase ph:budget ; bgt:fiscalYear "2025"^^xsd:gYear ; bgt:organization ex:dept ;
    prov:wasDerivedFrom [ bgt:line 12 ] .
"""


def _store(turtle: str) -> KnowledgeStore:
    kg = KnowledgeStore()
    kg.replace_graph(FIXTURE_GRAPH, Graph().parse(data=PREFIXES + turtle, format="turtle"))
    return kg


def _outcomes(report) -> dict[str, Outcome]:
    return {r.rule: r.outcome for r in report.ledger(FIXTURE_GRAPH)}


def test_every_rule_has_one_line_per_document():
    report = validate(_store(THREE_PUBLIC_FLAGGED))
    names = sorted(s.name for s in load_catalog().shapes.values())
    assert [r.rule for r in report.ledger()] == names
    assert {r.document for r in report.rules} == {FIXTURE_GRAPH}
    assert all(r.reason for r in report.rules)


def test_absent_tables_make_a_rule_not_applicable_and_a_flagged_table_incomplete():
    report = validate(_store(THREE_PUBLIC_FLAGGED))
    outcomes = _outcomes(report)
    # no 支出总表 / 一般公共预算支出表 in the document: the cross-table rule could not run, and says so
    line = next(r for r in report.rules if r.rule == "ExpenditureSummaryMatchesGeneralBudget-Mismatch")
    assert line.outcome == Outcome.NOT_APPLICABLE and "expenditure-summary" in line.reason
    # the 三公 table is there, but a warning names it
    line = next(r for r in report.rules if r.rule == "ThreePublicTotalEqualsItems-Mismatch")
    assert line.outcome == Outcome.INCOMPLETE and "表7" in line.reason and "line 12" in line.reason
    # nothing of what the narrative rules read
    assert outcomes["NarrativeShareMatchesAmounts-Mismatch"] == Outcome.NOT_APPLICABLE
    assert outcomes["ObservationStructure"] == Outcome.PASSED


def test_the_same_table_without_a_warning_is_checked():
    clean = THREE_PUBLIC_FLAGGED.replace(
        ';\n    bgt:extractionWarning "row with amounts but no code or name (table 7, line 12)" .', " ."
    )
    assert _outcomes(validate(_store(clean)))["ThreePublicTotalEqualsItems-Mismatch"] == Outcome.PASSED


@pytest.mark.parametrize(
    ("fixture", "rule", "outcome"),
    [
        ("invalid/ListedTablesPresent.ttl", "ListedTablesPresent", Outcome.FAILED),
        ("valid/ListedTablesPresent-SectionHeading.ttl", "ListedTablesPresent", Outcome.PASSED),
        ("valid/DocumentDatesPresent-NoLabel.ttl", "DocumentDatesPresent", Outcome.NOT_APPLICABLE),
        ("valid/DocumentDatesPresent.ttl", "DocumentDatesPresent", Outcome.PASSED),
        ("invalid/DocumentDatesPresent.ttl", "DocumentDatesPresent", Outcome.FAILED),
        ("valid/PublishedWithin20Days.ttl", "PublishedWithin20Days", Outcome.PASSED),
        ("valid/DocumentDatesPresent-NoLabel.ttl", "PublishedWithin20Days", Outcome.NOT_APPLICABLE),
        ("invalid/ParentEqualsSumOfChildren-Mismatch.ttl", "ParentEqualsSumOfChildren-Mismatch", Outcome.FAILED),
    ],
)
def test_outcome_on_fixture(fixture, rule, outcome):
    assert _outcomes(validate(shape_fixture_store(fixture)))[rule] == outcome


@pytest.mark.parametrize(
    "fixture",
    [
        "invalid/ListedTablesPresent.ttl",
        "valid/DocumentDatesPresent-NoLabel.ttl",
        "invalid/ThreePublicTotalEqualsItems-Mismatch.ttl",
        "invalid/OnePolicyDocumentPerNumber.ttl",
    ],
)
def test_both_engines_give_the_same_ledger(fixture):
    kg = shape_fixture_store(fixture)
    fast = validate(kg, engine="fast")
    reference = validate(kg, engine="pyshacl", workers=1)
    assert [(r.rule, r.document, r.outcome) for r in fast.ledger()] == [
        (r.rule, r.document, r.outcome) for r in reference.ledger()
    ]


def test_store_wide_rule_fails_on_its_document_with_both_engines():
    kg = shape_fixture_store("invalid/OnePolicyDocumentPerNumber.ttl")
    for engine in ("fast", "pyshacl"):
        assert _outcomes(validate(kg, engine=engine, workers=1))["OnePolicyDocumentPerNumber"] == Outcome.FAILED


def test_json_and_text_carry_the_ledger_whatever_is_filtered():
    report = validate(_store(THREE_PUBLIC_FLAGGED)).at_least("Violation")
    data = json.loads(render(report, "json"))
    assert len(data["rules"]) == len(load_catalog().shapes)
    assert set(data["rules"][0]) == {"rule", "document", "outcome", "reason"}
    assert {r["outcome"] for r in data["rules"]} >= {"passed", "not-applicable", "incomplete"}
    c = report.outcome_counts(FIXTURE_GRAPH)
    text = render(report, "text", "en")
    assert (
        f"{FIXTURE_GRAPH}: {c[Outcome.PASSED]} passed, {c[Outcome.FAILED]} failed, "
        f"{c[Outcome.NOT_APPLICABLE]} not applicable, {c[Outcome.INCOMPLETE]} incomplete"
    ) in text
    assert "incomplete: " in text and "ThreePublicTotalEqualsItems-Mismatch" in text


def test_the_python_api_report_carries_the_ledger(tmp_path):
    path = write_synthetic(tmp_path, 3, ("parent-sum",), "d3.txt")
    with budgetkg.open() as kg:
        assert all(not r.error for r in kg.ingest(path))
        report = kg.validate()
        assert {r.document for r in report.rules} == set(kg.documents)
        by_rule = {r.rule: r for r in report.rules}
        assert by_rule["ParentEqualsSumOfChildren-Mismatch"].outcome == Outcome.FAILED
        assert by_rule["PublishedWithin20Days"].outcome == Outcome.PASSED  # the generator prints both dates
