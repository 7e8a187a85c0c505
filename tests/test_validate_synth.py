"""Synthetic disclosures: each injected discrepancy is found where it was printed; clean documents give nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.extract import extract
from budgetkg.ingest.rdf.mapper import document_iri, to_graph
from budgetkg.ingest.readers.text import parse_text
from budgetkg.shapes import validate
from budgetkg.store import KnowledgeStore
from budgetkg.synth import INJECTABLE, generate_document

RULE_OF = {  # the rule that must report each injected kind
    "parent-sum": "ParentEqualsSumOfChildren-Mismatch",
    "basic-split": "BasicEqualsPersonnelPlusPublic-Mismatch",
    "total-row": "TotalRowEqualsSumOfTopLevel-Mismatch",
    "three-public-total": "ThreePublicTotalEqualsItems-Mismatch",
    "cross-table": "ExpenditureSummaryMatchesGeneralBudget-Mismatch",
    "narrative-amount": "NarrativeAmountMatchesTable-Mismatch",
}
CENT_OF_WAN = Decimal(100)  # the generator counts in 0.01 万元 = 100 元


def ingest_synthetic(kg: KnowledgeStore, seed: int, inject: tuple[str, ...] = ()) -> list[dict]:
    doc = generate_document(seed, inject=inject)
    ex = extract(parse_text(doc.text, f"synthetic-{seed}.txt"))
    kg.replace_graph(document_iri(ex), to_graph(ex))
    return doc.injected


def test_every_injectable_kind_has_a_rule():
    assert set(RULE_OF) == set(INJECTABLE)


@pytest.mark.parametrize("kind", INJECTABLE)
@pytest.mark.parametrize("seed", [3, 11])
def test_injected_discrepancy_is_detected(kind, seed):
    kg = KnowledgeStore()
    [truth] = ingest_synthetic(kg, seed, (kind,))
    printed, expected = Decimal(truth["printed"]) * CENT_OF_WAN, Decimal(truth["expected"]) * CENT_OF_WAN
    findings = validate(kg).by_rule(RULE_OF[kind])
    assert findings, f"{kind} not detected: {truth}"
    cells = [(f, c) for f in findings for c in (f.cell, *f.parts)]
    hits = [
        f
        for f, c in cells
        if c.amount == printed
        and (c.table == truth.get("table") or c.table is None)
        and (truth.get("code") is None or (c.label or "").startswith(truth["code"]))
    ]
    assert hits, f"no {RULE_OF[kind]} finding on the printed cell {truth}: {[f.message_en for f in findings]}"
    f = hits[0]
    assert f.severity == "Violation" and abs(f.difference) == abs(printed - expected)


def test_clean_documents_give_no_finding():
    kg = KnowledgeStore()
    for seed in range(50):
        assert ingest_synthetic(kg, seed) == []
    report = validate(kg)
    assert len(report.documents) == 50
    assert [(f.rule, f.document, f.message_en) for f in report.findings] == []


@pytest.mark.parametrize("size", ["small", "seed"])
def test_a_department_s_years_agree_on_the_previous_year(size):
    """Three years of one synthetic department (seeds 10, 130, 250): each year's narrative change is against
    what the year before prints, so the cross-document rule finds nothing; the generator's own figures say so."""
    from budgetkg.synth.budget import build_budget, previous_seed
    from budgetkg.synth.model import class_codes

    seeds = [10, 130, 250]
    assert [previous_seed(s) for s in seeds] == [None, 10, 130]
    budgets = [build_budget(s, size) for s in seeds]
    assert len({b.department for b in budgets}) == 1 and [b.year for b in budgets] == [2015, 2016, 2017]
    for before, after in zip(budgets, budgets[1:]):
        assert after.previous_total == sum(before.rows[c].total for c in class_codes(before))
        shared = [c for c in after.rows if len(c) == 7 and c in before.rows]
        assert shared and all(after.rows[c].previous == before.rows[c].total for c in shared)
    kg = KnowledgeStore()
    for seed in seeds:
        doc = generate_document(seed, size=size)
        ex = extract(parse_text(doc.text, f"synthetic-{seed}.txt"))
        kg.replace_graph(document_iri(ex), to_graph(ex))
    assert [f.rule for f in validate(kg).findings if f.rule.startswith("PreviousYear")] == []
