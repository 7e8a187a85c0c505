"""docs/rules.md is generated from the shapes' annotations and must not drift from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.shapes.catalog import BGTS, load_catalog
from budgetkg.shapes.rulesdoc import MissingAnnotation, family, markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_committed_rules_doc_matches_the_shapes():
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/rules.md is stale: run `python -m budgetkg.shapes.rulesdoc > docs/rules.md`"
    )


def test_every_rule_is_documented_in_both_languages():
    text = markdown()
    for shape in load_catalog().shapes.values():
        assert f"### {family(shape.name)}" in text and f"`{shape.name}`" in text
        assert shape.message_zh in text and shape.message_en in text


def test_a_shape_without_its_annotations_is_an_error():
    catalog = load_catalog()
    graph = catalog.graph
    shape = catalog.by_name("ListedTablesPresent")
    removed = list(graph.triples((shape.iri, None, None)))
    try:
        graph.remove((shape.iri, BGTS.why, None))
        with pytest.raises(MissingAnnotation, match="ListedTablesPresent has no why@en"):
            markdown(catalog)
    finally:
        for t in removed:
            graph.add(t)
