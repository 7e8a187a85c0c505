"""Round trip: reading a generated disclosure recovers exactly the generator's ground truth."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF

from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.rdf.mapper import to_graph
from budgetkg.ingest.readers.text import parse_text
from budgetkg.ontology.namespaces import BGT
from budgetkg.synth import generate_document


def _units(ex: Extraction) -> list[tuple]:
    return sorted((u.code or "", u.name, u.unit_type or "", u.seq or 0) for u in ex.units)


def _narrative(ex: Extraction) -> list[tuple]:
    """Narrative figures with the unit and decimals their amounts are printed in."""
    return sorted(
        (f.code or "", f.topic or "", f.amount, f.change, f.change_percent, f.unit or "", f.decimals or 0)
        for f in ex.narrative
    )


def _printed(ex: Extraction) -> Counter:
    """Observations with the number of decimals their cells print."""
    return Counter((o.fact(), o.decimals) for o in ex.observations)


def _projects(ex: Extraction) -> list[tuple]:
    """Projects with the set of documents they cite and their indicators (without provenance)."""
    return sorted(
        (
            p.name,
            p.unit or "",
            p.category or "",
            p.amount,
            tuple(sorted({c.ref.key for c in p.citations})),
            tuple(sorted(str(i.fact()) for i in p.indicators)),
        )
        for p in ex.projects
    )


def _tables(ex: Extraction) -> list[tuple]:
    return sorted((t.number, t.kind, t.unit or "", t.empty) for t in ex.tables)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**6), size=st.sampled_from(["small", "seed"]))
def test_generated_documents_round_trip(seed, size):
    doc = generate_document(seed, size=size)
    ex = extract(parse_text(doc.text, f"synthetic-{seed}.txt"))
    assert ex.meta == doc.truth.meta
    assert Counter(o.fact() for o in ex.observations) == Counter(o.fact() for o in doc.truth.observations)
    assert _printed(ex) == _printed(doc.truth)
    assert _units(ex) == _units(doc.truth)
    assert ex.codes == doc.truth.codes
    assert _tables(ex) == _tables(doc.truth)
    assert _narrative(ex) == _narrative(doc.truth)
    assert _projects(ex) == _projects(doc.truth)
    assert not ex.warnings


def test_generated_policy_layer_is_varied():
    docs = [generate_document(s) for s in range(30)]
    citations = [c.text for d in docs for p in d.truth.projects for c in p.citations]
    assert len(set(citations)) > 10
    # every bracket style around the year, and 号 both right after the serial number and after a space
    assert {b for c in citations for b in "〔[［(（【" if b in c} == set("〔[［(（【")
    assert any(c.endswith(" 号") for c in citations) and any(c[-2:-1].isdigit() for c in citations)
    assert sum(len(p.indicators) for d in docs for p in d.truth.projects) > 100


def test_generator_is_deterministic_and_varied():
    assert generate_document(7).text == generate_document(7).text
    departments = {generate_document(s).truth.meta.department for s in range(20)}
    units = {generate_document(s).truth.meta.reporting_unit for s in range(20)}
    assert len(departments) > 5 and units == {"万元", "元"}


def test_injected_discrepancies_are_printed_and_recorded():
    doc = generate_document(11, inject=("parent-sum", "total-row", "three-public-total"))
    kinds = {d["kind"] for d in doc.injected}
    assert kinds == {"parent-sum", "total-row", "three-public-total"}
    for d in doc.injected:
        assert d["printed"] != d["expected"]


def _printed_figures(ex: Extraction) -> set[tuple[str, ...]]:
    """(class, amount in 元, printed unit, unit scale, precision) of the cells and statements of the mapped graph.

    A set: the truth's observations have no row, so equal facts of two rows map to one node there.
    """
    g = to_graph(ex)
    return {
        (
            str(g.value(node, RDF.type)).rsplit("#", 1)[-1],
            str(g.value(node, BGT.amount) or g.value(node, BGT.statedAmount)),
        )
        + tuple(str(g.value(node, p)) for p in (BGT.printedUnit, BGT.unitScale, BGT.precision))
        for node in g.subjects(BGT.unitScale, None)
    }


@pytest.mark.parametrize("seed", [3, 8, 21])
def test_generated_truth_maps_to_the_same_printed_units_and_precisions(seed):
    doc = generate_document(seed)
    parsed = _printed_figures(extract(parse_text(doc.text, f"synthetic-{seed}.txt")))
    assert parsed == _printed_figures(doc.truth)
    unit = doc.truth.meta.reporting_unit  # tables print two decimals of it, the narrative two decimals of 万元
    cells = {"万元": ("万元", "10000", "100"), "元": ("元", "1", "0.01")}[unit]
    assert {f[2:] for f in parsed if f[0] == "BudgetObservation"} == {cells}
    assert {f[2:] for f in parsed if f[0] == "NarrativeStatement"} == {("万元", "10000", "100")}


def test_seeds_up_to_identities_name_distinct_department_years():
    """A corpus of n < identities() seeds holds n documents: no two share a department and year (the store would
    keep one of them)."""
    from budgetkg.synth.budget import build_budget, identities

    assert identities() >= 10_000  # the scale benchmark's largest corpus
    seeds = sorted({*range(0, identities(), 7), *range(1430, 1450), identities() - 1})
    keys = [(b.department, b.year) for b in map(build_budget, seeds)]
    assert len(set(keys)) == len(keys)
    assert build_budget(1440).department.startswith("包头市新城区")
    assert build_budget(identities()).department == build_budget(0).department  # the cycle starts again
