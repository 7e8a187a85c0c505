"""Parameters are bound as RDF terms, never spliced: hostile values give a plain no-match and leave the store
as it was; missing or unknown parameters give an error that lists the declared ones."""

from __future__ import annotations

import pytest
from rdflib.plugins.sparql import prepareQuery

from budgetkg.errors import QueryError
from budgetkg.queries.binding import bind_with_values, canonical_docnumber, term_to_sparql, to_term
from budgetkg.queries.library import get, run_local
from budgetkg.store import KnowledgeStore
from budgetkg.store.terms import Literal
from tests.queries.helpers import fixture_store

HOSTILE = ['"} ; DROP ALL ; {"', "x' } ; CLEAR ALL ; { '", '\\" } DELETE WHERE { ?s ?p ?o } #', "a\n}\n#"]


def snapshot(store) -> set:
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()}


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("name", "param"),
    [("projects-by-legal-basis", "number"), ("project-indicators", "project"), ("code-across-documents", "code")],
)
def test_hostile_values_are_plain_no_matches(name: str, param: str, value: str) -> None:
    store = fixture_store("policy.trig")
    before = snapshot(store)
    assert before
    assert run_local(store, get(name), {param: value}).rows == []
    assert snapshot(store) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_one_term_in_values_clause(value: str) -> None:
    text = bind_with_values(get("project-indicators").text, {"project": to_term("project", "label", value)})
    parsed = prepareQuery(text)  # still one SELECT: the value did not end the literal early
    assert parsed.algebra.name == "SelectQuery"
    assert Literal(value) == Literal(eval_literal(term_to_sparql(Literal(value))))


def eval_literal(sparql_literal: str) -> str:
    store = KnowledgeStore()
    return next(store.select(f"SELECT ?v WHERE {{ BIND({sparql_literal} AS ?v) }}"))["v"].value


def test_missing_and_unknown_parameters_list_the_declared_ones() -> None:
    store = fixture_store("policy.trig")
    with pytest.raises(QueryError, match=r"missing parameter\(s\) number.*declared parameters: number"):
        run_local(store, get("projects-by-legal-basis"), {})
    with pytest.raises(QueryError, match=r"unknown parameter\(s\) nmber.*declared parameters: number"):
        run_local(store, get("projects-by-legal-basis"), {"number": "x", "nmber": "y"})
    with pytest.raises(QueryError, match="no query named 'nope'"):
        get("nope")


@pytest.mark.parametrize(
    "raw",
    [
        "内政发[2015]103 号",
        "内政发〔2015〕103号",
        "内政发（2015）103号",
        "内政发【2015】 103号",
        " 内政发 [2015] 103 号 ",
    ],
)
def test_docnumber_variants_canonicalise(raw: str) -> None:
    assert canonical_docnumber(raw) == "内政发〔2015〕103号"


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("number", "12a"),
        ("integer", "1.5"),
        ("year", "25"),
        ("iri", "http://x/a> } DROP ALL { <b"),
        ("iri", "not an iri"),
    ],
)
def test_bad_values_are_refused_by_type(kind: str, raw: str) -> None:
    with pytest.raises(QueryError):
        to_term("p", kind, raw)


def test_printed_numbers_bind_as_exact_decimals() -> None:
    term = to_term("value", "number", "9,476,600.00")
    assert term.value == "9476600.00" and term.datatype.value.endswith("#decimal")


def test_labels_bind_as_zh_tagged_literals_and_survive_a_values_clause() -> None:
    term = to_term("project", "label", " 就业创业服务补助 ")
    assert (term.value, term.language) == ("就业创业服务补助", "zh")
    assert term_to_sparql(term) == '"就业创业服务补助"@zh'
    parsed = prepareQuery(bind_with_values(get("project-provenance").text, {"project": term}))
    assert parsed.algebra.name == "SelectQuery"


@pytest.mark.parametrize("name", ["provenance", "statements-by-value"])
def test_number_values_clause_gives_the_substituted_rows(name: str) -> None:
    """The second VALUES row bound with a decimal for remote endpoints (Virtuoso) matches nothing."""
    store = fixture_store("structure.trig")
    bindings = {"value": to_term("value", "number", "20.00")}
    text = bind_with_values(get(name).text, bindings)
    assert text.count("(<https://w3id.org/budgetkg/id/no-value>)") == 1
    substituted = store.select(get(name).text, bindings)
    via_values = store.select(text, {})
    assert sorted(map(str, via_values)) == sorted(map(str, substituted))
    if name == "provenance":
        assert len(list(store.select(get(name).text, bindings))) > 0
