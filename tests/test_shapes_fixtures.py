"""Every shape has a valid and an invalid fixture graph; both engines agree on each; the shapes are valid SHACL."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from budgetkg.shapes import validate
from budgetkg.shapes.catalog import SH, load_catalog
from budgetkg.store import KnowledgeStore
from tests.conftest import SHAPE_FIXTURES, shape_fixture_store

FIXTURES = SHAPE_FIXTURES
SHAPES = sorted(s.name for s in load_catalog().shapes.values())
FIXTURE_FILES = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.glob("*/*.ttl"))
# <Shape>--<case>.ttl: a case seen in a real disclosure (valid: the template-fit reading that is no finding of the
# shape; invalid: the same tables with a real discrepancy)
CASES = sorted({Path(f).stem for f in FIXTURE_FILES if "--" in Path(f).stem})


def shape_of(relative: str) -> str | None:
    """The shape a fixture ``<Shape>[-Case].ttl`` is for: the longest shape name it starts with."""
    stem = Path(relative).stem
    names = [n for n in SHAPES if stem == n or stem.startswith(n + "-")]
    return max(names, key=len) if names else None


def cases(kind: str) -> list[str]:
    return [f for f in FIXTURE_FILES if f.startswith(f"{kind}/")]


def load_fixture(relative: str) -> KnowledgeStore:
    return shape_fixture_store(relative)


def test_every_shape_has_a_valid_and_an_invalid_fixture():
    missing = [
        f"{kind}/{name}.ttl"
        for name in SHAPES
        for kind in ("valid", "invalid")
        if not (FIXTURES / kind / f"{name}.ttl").exists()
    ]
    assert not missing, f"shapes without fixtures: {missing}"


def test_no_fixture_without_a_shape():
    orphans = [f for f in FIXTURE_FILES if shape_of(f) is None]
    assert not orphans


@pytest.mark.parametrize("relative", cases("valid"))
def test_valid_fixture_has_no_finding_of_its_shape(relative):
    name = shape_of(relative)
    report = validate(load_fixture(relative))
    assert report.by_rule(name) == []


@pytest.mark.parametrize("relative", cases("invalid"))
def test_invalid_fixture_is_reported_by_its_shape(relative):
    name = shape_of(relative)
    shape = load_catalog().by_name(name)
    findings = validate(load_fixture(relative)).by_rule(name)
    assert findings, f"{name} reports nothing on its invalid fixture"
    assert {f.severity for f in findings} == {shape.severity}


@pytest.mark.parametrize("case", CASES)
def test_case_fixtures(case):
    name = case.split("--")[0]
    shape = load_catalog().by_name(name)
    assert validate(load_fixture(f"valid/{case}.ttl")).by_rule(name) == []
    findings = validate(load_fixture(f"invalid/{case}.ttl")).by_rule(name)
    assert findings and {f.severity for f in findings} == {shape.severity}


@pytest.mark.parametrize("relative", FIXTURE_FILES)
def test_fast_path_and_pyshacl_agree(relative):
    kg = load_fixture(relative)
    fast = validate(kg, engine="fast")
    reference = validate(kg, engine="pyshacl", workers=1)
    assert fast.keys() == reference.keys()


def test_shapes_pass_meta_shacl():
    conforms, _graph, text = pyshacl.validate(Graph(), shacl_graph=load_catalog().graph, meta_shacl=True)
    assert conforms, text


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_has_severity_and_bilingual_message(name):
    catalog = load_catalog()
    shape = catalog.by_name(name)
    assert catalog.graph.value(shape.iri, SH.severity) is not None
    assert shape.message_zh and shape.message_en and shape.label_zh and shape.label_en


def test_rounding_margin_and_mismatch_shapes_share_one_query():
    # the rounding model's three bands: inside the interval (Info), within one more printed unit (Warning), beyond
    catalog = load_catalog()
    for shape in catalog.shapes.values():
        if shape.name.endswith("-Rounding") and shape.concern in ("arithmetic", "crosstable", "narrative"):
            margin = catalog.by_name(shape.name.replace("-Rounding", "-Margin"))
            mismatch = catalog.by_name(shape.name.replace("-Rounding", "-Mismatch"))
            assert shape.sparql == margin.sparql == mismatch.sparql
            assert (shape.severity, margin.severity, mismatch.severity) == ("Info", "Warning", "Violation")
