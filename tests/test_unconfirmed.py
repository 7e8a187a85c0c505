"""A Violation of a rule whose input the extraction flagged is reported as an unconfirmed Warning."""

from __future__ import annotations

from budgetkg.shapes import validate
from budgetkg.shapes.kinds import Severity
from budgetkg.shapes.report import Finding, Outcome
from budgetkg.shapes.unconfirmed import UNCONFIRMED, unconfirmed


def _finding(rule: str, severity: Severity, document: str = "d1") -> Finding:
    return Finding(rule, "s#" + rule, "indicators", severity, "f", document, "差", "off")


def test_only_violations_of_incomplete_rules_are_downgraded():
    verdicts = {"d1": {"A": (Outcome.INCOMPLETE, "extraction flagged 表11"), "B": (None, "")}}
    found = [
        _finding("A", Severity.VIOLATION),
        _finding("A", Severity.INFO),
        _finding("B", Severity.VIOLATION),
        _finding("A", Severity.VIOLATION, document="d2"),
    ]
    out = unconfirmed(found, verdicts)
    assert [f.severity for f in out] == [Severity.WARNING, Severity.INFO, Severity.VIOLATION, Severity.VIOLATION]
    assert dict(out[0].extra)[UNCONFIRMED] == "extraction flagged 表11"
    assert out[0].message_zh.endswith("（未确认：extraction flagged 表11）")


def test_seed_indicator_caps_over_a_shifted_table_are_not_violations(seed_store):
    """The seed's 项目绩效目标表 came out of text extraction with shifted columns and lost project-name rows
    (the corpus README says so; 表11 carries the warnings): a weight sum over its cap (e.g. 效益指标 40 of 30
    for 专业技术资格评审费(成本性支出), where the text repeats an indicator row) is not claimed as a Violation."""
    report = validate(seed_store)
    caps = report.by_rule("IndicatorWeightsWithinCap")
    assert caps and {f.severity for f in caps} == {Severity.WARNING}
    assert all("表11" in dict(f.extra)[UNCONFIRMED] for f in caps)
    # the project list comes from the same flagged table: the count and the sum are unconfirmed too
    for rule in ("DeclaredProjectCountMatches", "ProjectAmountsSumToProjectTotal-Mismatch"):
        [f] = report.by_rule(rule)
        assert f.severity == Severity.WARNING and "表11" in dict(f.extra)[UNCONFIRMED], rule
    ledger = {r.rule: r.outcome for r in report.ledger() if r.rule.startswith(("Declared", "ProjectAmounts"))}
    assert ledger["DeclaredProjectCountMatches"] == Outcome.INCOMPLETE
