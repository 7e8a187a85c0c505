"""Per-document validation runs on an in-memory copy of each document's graph: the copy holds exactly that
graph, and the shapes find on it what they find on the store itself."""

from __future__ import annotations

from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.fastpath import run_shape
from budgetkg.shapes.perdocument import findings_for, snapshot
from budgetkg.shapes.results import from_rows
from budgetkg.store import KnowledgeStore
from tests.conftest import write_synthetic


def _store(tmp_path) -> KnowledgeStore:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    injected = {1: ("parent-sum", "narrative-amount"), 2: (), 3: ("basic-split",)}
    for seed, kinds in injected.items():
        write_synthetic(corpus, seed, kinds, f"d{seed}.txt")
    kg = KnowledgeStore(tmp_path / "store")
    assert all(r.ok for r in ingest_paths([corpus], kg, workers=1))
    return kg


def test_the_copy_holds_exactly_one_graph(tmp_path):
    kg = _store(tmp_path)
    for graph in kg.graphs():
        copy = snapshot(kg, graph)
        assert set(copy.quads()) == set(kg.quads(graph))
        assert copy.graphs() == [graph]


def test_findings_on_the_copy_equal_findings_on_the_store(tmp_path):
    kg = _store(tmp_path)
    catalog = load_catalog()
    shapes = [s for s in catalog.shapes.values() if s.sparql and not s.store_wide]
    total = 0
    for graph in kg.graphs():
        on_store = from_rows(kg, [r for s in shapes for r in run_shape(kg, s, [graph])])
        on_copy = [f for f in findings_for(kg, graph, catalog) if f.rule in {s.name for s in shapes}]
        assert sorted(f.key for f in on_copy) == sorted(f.key for f in on_store)
        total += len(on_copy)
    assert total > 0  # the injected discrepancies were found


def _all_findings(copy: KnowledgeStore, graph: str, catalog) -> list:
    """Every per-document SPARQL shape run on ``graph``, none skipped."""
    from budgetkg.shapes.fastpath import run_shapes

    shapes = [s for s in catalog.shapes.values() if s.sparql and not s.store_wide]
    return from_rows(copy, list(run_shapes(copy, shapes, [graph])))


def _key(findings) -> list:
    return sorted((f.rule, f.focus, f.message_en, f.value) for f in findings)


def test_rules_with_nothing_to_check_are_skipped_without_losing_a_finding():
    """On every shape fixture (each invalid one holds a finding of its shape), the rules the ledger finds idle
    (no target, a false bgts:applicableWhen) give no finding when they are run anyway; and some are idle."""
    from budgetkg.shapes.ledger import idle
    from budgetkg.shapes.perdocument import _facts, results_on_copy
    from tests.conftest import FIXTURE_GRAPH, SHAPE_FIXTURES, shape_fixture_store

    catalog = load_catalog()
    skipped_somewhere = 0
    for path in sorted(SHAPE_FIXTURES.glob("*/*.ttl")):
        relative = path.relative_to(SHAPE_FIXTURES).as_posix()
        store = shape_fixture_store(relative)
        copy = snapshot(store, FIXTURE_GRAPH)
        everything = _all_findings(copy, FIXTURE_GRAPH, catalog)
        facts = _facts(copy, FIXTURE_GRAPH, catalog)
        idle_rules = {s.name for s in catalog.shapes.values() if idle(s, facts)}
        skipped_somewhere += bool(idle_rules)
        assert not [f.rule for f in everything if f.rule in idle_rules], relative
        sparql_rules = {s.name for s in catalog.shapes.values() if s.sparql and not s.store_wide}
        kept = [f for f in results_on_copy(copy, FIXTURE_GRAPH, catalog)[0] if f.rule in sparql_rules]
        assert _key(kept) == _key(everything), relative
    assert skipped_somewhere > 100  # most fixtures leave most rules without anything to check
