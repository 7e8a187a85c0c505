"""Validating in worker processes (read-only store) gives exactly the findings of one process."""

from __future__ import annotations

from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.shapes import validate
from budgetkg.store import KnowledgeStore
from tests.conftest import write_synthetic


def test_parallel_validation_equals_sequential(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    injected = {3: ("parent-sum",), 7: ("basic-split",), 12: ("three-public-total",), 18: ("narrative-amount",)}
    for seed in range(1, 21):
        write_synthetic(corpus, seed, injected.get(seed, ()), f"d{seed:02d}.txt")
    kg = KnowledgeStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths([corpus], kg, workers=1))
    sequential = validate(kg, workers=1)
    parallel = validate(kg, workers=2)
    assert len(sequential.documents) == len(parallel.documents) == 20
    assert sorted(f.key for f in parallel.findings) == sorted(f.key for f in sequential.findings)
    assert {f.rule.rsplit("-", 1)[0] for f in sequential.findings if f.severity == "Violation"} >= {
        "ParentEqualsSumOfChildren",
        "BasicEqualsPersonnelPlusPublic",
        "ThreePublicTotalEqualsItems",
        "NarrativeAmountMatchesTable",
    }
