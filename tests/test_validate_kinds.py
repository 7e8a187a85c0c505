"""Engines and severities are StrEnums: the plain strings callers pass still work, and reports read the same."""

from __future__ import annotations

import json

import pytest

from budgetkg.errors import BudgetKGError
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes import Engine, Severity, validate
from budgetkg.shapes.render import render
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> KnowledgeStore:
    path = tmp_path_factory.mktemp("kinds") / "d.txt"
    path.write_text(generate_document(3, inject=("parent-sum",)).text, encoding="utf-8")
    store = KnowledgeStore()
    assert ingest_file(path, store).ok
    return store


def test_plain_strings_and_enum_members_give_the_same_report(kg):
    by_name = validate(kg, engine="fast", min_severity="Warning")
    by_member = validate(kg, engine=Engine.FAST, min_severity=Severity.WARNING)
    assert by_name.keys() == by_member.keys() and by_name.findings
    assert by_name.engine is Engine.FAST and by_name.engine == "fast"
    assert all(isinstance(f.severity, Severity) for f in by_name.findings)
    data = json.loads(render(by_name, "json", "en"))
    assert data["engine"] == "fast" and set(data["counts"]) == {"Violation", "Warning", "Info"}
    assert {f["severity"] for f in data["findings"]} <= {"Violation", "Warning"}


def test_unknown_engine_and_severity_name_the_known_ones(kg):
    with pytest.raises(BudgetKGError, match="unknown engine 'quick'.*fast, pyshacl"):
        validate(kg, engine="quick")
    with pytest.raises(BudgetKGError, match="unknown severity 'warning'.*Info, Warning, Violation"):
        validate(kg, min_severity="warning")


def test_severities_rank_mildest_first():
    assert [s.rank for s in (Severity.INFO, Severity.WARNING, Severity.VIOLATION)] == [0, 1, 2]
    assert Severity("Violation") is Severity.VIOLATION
