"""The reference engine's query plan (budgetkg.shapes.plan): same answers as rdflib's own plan, fewer joins.

Each query runs once per focus node with ``$this`` bound, as pyshacl runs a rule, on a small hand-written
graph: two tables of one kind, labels with language tags, a NOT EXISTS over the same table and a sub-select
joined bottom-up. The answers of the planned query must equal those of the query as rdflib prepares it."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

from budgetkg.shapes.engine import PreparedQueryGraph
from budgetkg.shapes.plan import bound_first

DATA = """
@prefix ex: <https://example.org/> .
ex:c1 ex:table ex:t1 ; ex:label "合计"@zh ; ex:amount 10 .
ex:c2 ex:table ex:t1 ; ex:label "基本支出"@zh ; ex:amount 6 .
ex:c3 ex:table ex:t1 ; ex:label "项目支出"@zh ; ex:amount 4 .
ex:c4 ex:table ex:t2 ; ex:label "合计"@zh ; ex:amount 7 .
ex:c5 ex:table ex:t2 ; ex:label "基本支出"@zh ; ex:amount 5 .
ex:t1 ex:kind "summary" . ex:t2 ex:kind "summary" .
ex:t3 ex:kind "other" . ex:c6 ex:table ex:t3 ; ex:label "合计"@zh ; ex:amount 1 .
"""

QUERIES = {
    # a total against the sum of its table's other rows, as the arithmetic rules do
    "sum": """PREFIX ex: <https://example.org/>
SELECT $this ?value (SUM(?part) AS ?parts) WHERE {
  $this ex:table ?t ; ex:label ?l ; ex:amount ?value .
  ?t ex:kind "summary" .
  ?o ex:table ?t ; ex:label ?l2 ; ex:amount ?part .
  FILTER(STR(?l) = "合计" && ?o != $this)
} GROUP BY $this ?value""",
    # a cell whose table has no row labelled 项目支出 (NOT EXISTS reads the solution's ?t)
    "not-exists": """PREFIX ex: <https://example.org/>
SELECT $this ?t WHERE {
  $this ex:table ?t ; ex:amount ?a .
  ?t ex:kind ?k .
  FILTER(?k = "summary" && NOT EXISTS { ?x ex:table ?t ; ex:label ?lx . FILTER(STR(?lx) = "项目支出") })
}""",
    # a sub-select joined bottom-up (rdflib does not join it lazily): the largest amount of each table
    "sub-select": """PREFIX ex: <https://example.org/>
SELECT $this ?value ?top WHERE {
  $this ex:table ?t ; ex:amount ?value .
  { SELECT ?t (MAX(?a) AS ?top) WHERE { ?c ex:table ?t ; ex:amount ?a } GROUP BY ?t }
  FILTER(?value = ?top)
}""",
}

FOCUS = [URIRef(f"https://example.org/c{i}") for i in range(1, 7)]


def answers(graph: Graph, query) -> list[set]:
    return [
        {
            tuple(sorted((str(k), str(v)) for k, v in row.asdict().items()))
            for row in graph.query(query, initBindings={"this": f})
        }
        for f in FOCUS
    ]


def test_planned_queries_give_rdflibs_answers_for_every_focus_node() -> None:
    plain = Graph().parse(data=DATA, format="turtle")
    planned = PreparedQueryGraph()
    planned += plain
    for name, text in QUERIES.items():
        expected = answers(plain, prepareQuery(text))
        assert any(expected), f"{name}: the fixture gives no answer at all"
        # twice: the second pass reads the bottom-up joins' kept solutions
        assert answers(planned, text) == expected, name
        assert answers(planned, text) == expected, f"{name} (second pass)"


def test_sum_and_not_exists_answers_read_off_the_fixture() -> None:
    planned = PreparedQueryGraph()
    planned += Graph().parse(data=DATA, format="turtle")
    sums = {
        (str(r["this"]).rsplit("/", 1)[-1], int(r["parts"]))
        for r in planned.query(QUERIES["sum"], initBindings={"this": FOCUS[0]})
    }
    assert sums == {("c1", 10)}  # 6 + 4
    no_project = set()
    for f in FOCUS:
        no_project |= {
            str(r["t"]).rsplit("/", 1)[-1] for r in planned.query(QUERIES["not-exists"], initBindings={"this": f})
        }
    assert no_project == {"t2"}  # t1 has a 项目支出 row, t3 is not a summary


def test_patterns_start_from_this() -> None:
    this, t, o = Variable("this"), Variable("t"), Variable("o")
    ex = "https://example.org/"
    ordered = bound_first(
        [
            (o, URIRef(ex + "table"), t),
            (t, URIRef(ex + "kind"), Literal("summary")),
            (this, URIRef(ex + "table"), t),
        ]
    )
    # rdflib would start from the table kind (fewest variables) and join every table of that kind
    assert ordered == [
        (this, URIRef(ex + "table"), t),
        (t, URIRef(ex + "kind"), Literal("summary")),
        (o, URIRef(ex + "table"), t),
    ]
