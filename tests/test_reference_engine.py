"""The reference engine (pyshacl) refusing the shapes is an error, not an empty report."""

import pytest
from rdflib import Graph

from budgetkg.errors import BudgetKGError
from budgetkg.shapes import engine

REFUSED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
    sh:sparql [ a sh:SPARQLConstraint ;
        sh:select "SELECT $this WHERE { $this ex:p ?v . MINUS { $this ex:q ?w } }" ] .
"""
DATA = "<https://example.org/x> a <https://example.org/C> ; <https://example.org/p> 1 ."


def test_shapes_pyshacl_refuses_raise_a_clear_error(monkeypatch):
    shapes = Graph().parse(data=REFUSED, format="turtle")
    monkeypatch.setattr(engine, "_subset", lambda *_args: shapes)
    data = Graph().parse(data=DATA, format="turtle")
    with pytest.raises(BudgetKGError) as error:
        engine.validate_graph(data, "https://example.org/doc")
    assert "MINUS" in error.value.message()
