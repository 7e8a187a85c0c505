"""Round trip: reading a generated disclosure recovers exactly the generator's ground truth."""

from __future__ import annotations

from collections import Counter

from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.text_reader import parse_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetkg.synth import generate_document


def _units(ex: Extraction) -> list[tuple]:
    return sorted((u.code or "", u.name, u.unit_type or "", u.seq or 0) for u in ex.units)


def _narrative(ex: Extraction) -> list[tuple]:
    return sorted((f.code or "", f.topic or "", f.amount, f.change, f.change_percent) for f in ex.narrative)


def _tables(ex: Extraction) -> list[tuple]:
    return sorted((t.number, t.kind, t.unit or "", t.empty) for t in ex.tables)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_generated_documents_round_trip(seed):
    doc = generate_document(seed)
    ex = extract(parse_text(doc.text, f"synthetic-{seed}.txt"))
    assert ex.meta == doc.truth.meta
    assert Counter(o.fact() for o in ex.observations) == Counter(o.fact() for o in doc.truth.observations)
    assert _units(ex) == _units(doc.truth)
    assert ex.codes == doc.truth.codes
    assert _tables(ex) == _tables(doc.truth)
    assert _narrative(ex) == _narrative(doc.truth)
    assert not ex.warnings


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
