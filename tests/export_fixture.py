"""The hand-written policy network (tests/fixtures/policy_network.trig) loaded into an in-memory store."""

from __future__ import annotations

from pathlib import Path

from budgetkg.store import KnowledgeStore

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "policy_network.trig"
ID = "https://w3id.org/budgetkg/id/"
DOC_A = f"{ID}document/a/2025/budget"
DOC_B = f"{ID}document/b/2024/final-accounts"


def fixture_store(path: Path | None = None) -> KnowledgeStore:
    kg = KnowledgeStore(path)
    kg.load(FIXTURE.read_bytes(), "trig")
    return kg
