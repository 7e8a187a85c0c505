"""The bands of a rule (-Rounding/-Margin/-Mismatch) answered by one query give the rows of one query per band."""

from __future__ import annotations

import pytest

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes.bands import closing_brace, shared_query
from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.fastpath import run_shape, run_shapes
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document


def _bands(name: str):
    return [s for s in load_catalog().shapes.values() if s.name.rsplit("-", 1)[0] == name]


def test_closing_brace_skips_strings_and_comments():
    text = 'WHERE { ?s ?p "}" . # a } in a comment\n FILTER(REGEX(?x, "{")) { ?a ?b ?c } } GROUP BY ?s'
    assert text[closing_brace(text, text.index("{")) :] == "} GROUP BY ?s"
    iri = "WHERE { ?s a <https://w3id.org/budgetkg/ontology#X> { ?a ?b ?c } }"
    assert closing_brace(iri, iri.index("{")) == len(iri) - 1  # a # inside an IRI starts no comment


def test_a_having_query_is_grouped_by_band_with_its_joins_in_a_sub_select():
    bands = _bands("TotalEqualsBasicPlusProject")
    query = 'SELECT ?this (SUM(?a) AS ?s) WHERE { ?this ?p ?a } GROUP BY ?this HAVING (STRENDS(STR(?bgtsShape), "x"))'
    shared = shared_query(query, bands)
    assert shared.startswith("SELECT ?bgtsShape ?this (SUM(?a) AS ?s) WHERE { { SELECT * WHERE {  ?this ?p ?a  } } ")
    assert " VALUES ?bgtsShape { " + " ".join(f"<{b.iri}>" for b in bands) + " } }" in shared
    assert shared.endswith('GROUP BY ?bgtsShape ?this HAVING (STRENDS(STR(?bgtsShape), "x"))')


def test_a_filter_query_keeps_its_body_and_projects_the_band():
    bands = _bands("SummaryIncomeEqualsExpenditure")
    query = 'SELECT DISTINCT ?this ?v WHERE { ?this ?p ?v FILTER(STRENDS(STR(?bgtsShape), "x")) }'
    shared = shared_query(query, bands)
    assert shared.startswith("SELECT DISTINCT ?bgtsShape ?this ?v WHERE { ?this ?p ?v FILTER(")
    assert "SELECT *" not in shared and "GROUP BY" not in shared


def _key(row) -> tuple:
    return row.shape.name, row.focus, tuple(sorted((k, str(v)) for k, v in row.bindings.items()))


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[KnowledgeStore, str]:
    """A seed-sized synthetic disclosure with every discrepancy the generator can print."""
    from budgetkg.synth.printer import INJECTABLE

    path = tmp_path_factory.mktemp("bands") / "planted.txt"
    path.write_text(generate_document(11, inject=INJECTABLE, size="seed").text, encoding="utf-8")
    kg = KnowledgeStore()
    assert ingest_file(path, kg).ok
    return kg, kg.graphs()[0]


def test_every_rule_gives_the_same_rows_shared_as_band_by_band(planted):
    kg, graph = planted
    shapes = [s for s in load_catalog().shapes.values() if s.sparql and not s.store_wide]
    shared = sorted(_key(r) for r in run_shapes(kg, shapes, [graph]))
    one_by_one = sorted(_key(r) for s in shapes for r in run_shape(kg, s, [graph]))
    assert shared == one_by_one
    banded = {k[0] for k in shared if k[0].endswith(("-Rounding", "-Margin", "-Mismatch"))}
    assert len(banded) >= 5  # the planted discrepancies land in several bands, so the split is tested


def test_the_seed_and_every_band_fixture_give_the_same_rows_shared_as_band_by_band(seed_store):
    """The seed's rounding findings and the fixtures' -Rounding/-Margin/-Mismatch cases, split by band."""
    from tests.conftest import SHAPE_FIXTURES, shape_fixture_store

    shapes = [s for s in load_catalog().shapes.values() if s.sparql and not s.store_wide]
    cases = [(seed_store.copy_graph(seed_store.graphs()[0]), shapes)]  # in memory, as validation reads it
    for path in sorted(SHAPE_FIXTURES.glob("*/*-*.ttl")):
        rule = path.stem.split("--")[0].rsplit("-", 1)[0]
        if _bands(rule) and not _bands(rule)[0].store_wide:
            cases.append((shape_fixture_store(str(path.relative_to(SHAPE_FIXTURES))), _bands(rule)))
    bands_seen: set[str] = set()
    for kg, chosen in cases:
        for graph in kg.graphs():
            shared = sorted(_key(r) for r in run_shapes(kg, chosen, [graph]))
            assert shared == sorted(_key(r) for s in chosen for r in run_shape(kg, s, [graph])), graph
            bands_seen |= {k[0].rsplit("-", 1)[-1] for k in shared}
    assert len(cases) > 60 and {"Rounding", "Margin", "Mismatch"} <= bands_seen


def test_a_band_read_inside_a_sub_select_is_not_shared():
    query = 'SELECT ?this WHERE { { SELECT ?this WHERE { ?this ?p ?o FILTER(STRENDS(STR(?bgtsShape), "x")) } } }'
    assert shared_query(query, _bands("TotalEqualsBasicPlusProject")) is None


def test_the_queries_of_a_list_of_shapes_are_written_once(monkeypatch):
    from budgetkg.shapes import fastpath

    shapes = [s for s in load_catalog().shapes.values() if s.sparql and not s.store_wide]
    fastpath._PLANS.clear()
    written = []
    plan = fastpath._plan
    monkeypatch.setattr(fastpath, "_plan", lambda chosen: written.append(len(chosen)) or plan(chosen))
    first = fastpath.planned_queries(shapes)
    assert fastpath.planned_queries(list(shapes)) is first  # the same shapes: the queries written before
    assert written == [len(shapes)]
    fewer = fastpath.planned_queries(shapes[1:])  # other shapes: written for them, not taken from the cache
    assert written == [len(shapes), len(shapes) - 1]
    assert fewer != first
