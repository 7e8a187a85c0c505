"""The projection of the knowledge graph onto networkx: node types, relations, exact amounts, filters."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from budgetkg.errors import QueryError
from budgetkg.export.projection import ProjectionOptions, project
from tests.export_fixture import DOC_A, DOC_B, ID, fixture_store


def types(graph) -> Counter:
    return Counter(d["type"] for _, d in graph.nodes(data=True))


def relations(graph) -> Counter:
    return Counter(d["relation"] for _, _, d in graph.edges(data=True))


def test_fixture_projection_has_every_node_type_and_relation():
    graph = project(fixture_store(), ProjectionOptions(indicators=True))
    assert types(graph) == {
        "Department": 2,
        "BudgetUnit": 3,
        "Project": 3,
        "PolicyDocument": 2,
        "Issuer": 1,
        "Code": 2,
        "Indicator": 2,
    }
    assert relations(graph) == {
        "subOrganizationOf": 3,
        "implementedBy": 3,
        "legalBasis": 3,
        "issuedBy": 2,
        "classification": 2,
        "broader": 1,
        "hasIndicator": 2,
    }


def test_indicators_only_on_request_and_codes_can_be_left_out():
    graph = project(fixture_store(), ProjectionOptions(codes=False))
    assert "Indicator" not in types(graph) and "Code" not in types(graph)
    assert "classification" not in relations(graph)


def test_amounts_stay_exact_decimals():
    graph = project(fixture_store())
    assert graph.nodes[f"{ID}project/a1"]["amount"] == "1234567.89"
    assert graph.nodes[f"{ID}project/a2"]["amount"] == "90000000000000000.01"
    edges = [d for _, v, d in graph.edges(data=True) if d["relation"] == "classification"]
    # only the 合计 (total) column counts, never the personnel column of the same code
    assert sorted(Decimal(d["amount"]) for d in edges) == [Decimal("0.20"), Decimal("100.10")]
    assert Decimal(graph.nodes[f"{ID}code/function/20801"]["amount"]) == Decimal("100.30")


def test_policy_document_is_shared_and_carries_issuer_level_and_provenance():
    graph = project(fixture_store())
    p1 = graph.nodes[f"{ID}policy/p1"]
    assert (p1["documentNumber"], p1["issuer"], p1["level"]) == (
        "内政发〔2015〕103号",
        "内蒙古自治区人民政府",
        "provincial",
    )
    assert p1["document"].split() == [DOC_A, DOC_B]
    assert p1["provenance"] == "a-2025.txt line 125"
    citing = sorted(
        u.rsplit("/", 1)[-1] for u, _, d in graph.in_edges(f"{ID}policy/p1", data=True) if d["relation"] == "legalBasis"
    )
    assert citing == ["a1", "b1"]
    assert graph.nodes[f"{ID}project/b1"]["provenance"] == "b-2024.pdf page 7"
    assert graph.nodes[f"{ID}issuer/nmg"]["level"] == "provincial"


def test_document_filter_by_file_name_and_by_iri():
    kg = fixture_store()
    by_name = project(kg, ProjectionOptions(document="b-2024.pdf"))
    by_iri = project(kg, ProjectionOptions(document=DOC_B))
    assert set(by_name.nodes) == set(by_iri.nodes)
    assert types(by_name) == {
        "Department": 1,
        "BudgetUnit": 1,
        "Project": 1,
        "PolicyDocument": 1,
        "Issuer": 1,
        "Code": 1,
    }
    assert all(d["document"] == DOC_B for _, d in by_name.nodes(data=True))


def test_unknown_document_is_a_clear_error():
    with pytest.raises(QueryError, match="matches no document"):
        project(fixture_store(), ProjectionOptions(document="nowhere.txt"))


def test_focus_on_a_document_number_with_radius():
    kg = fixture_store()
    near = project(kg, ProjectionOptions(focus="内政发〔2015〕103号", radius=1))
    assert {n.rsplit("id/", 1)[1] for n in near} == {"policy/p1", "project/a1", "project/b1", "issuer/nmg"}
    wider = project(kg, ProjectionOptions(focus="内政发〔2015〕103号", radius=2))
    assert {f"{ID}unit/a/101002", f"{ID}unit/b/202001", f"{ID}policy/t1"} <= set(wider)
    assert near.nodes[f"{ID}policy/p1"]["focus"] == "true"


def test_focus_on_unit_code_and_unknown_term():
    kg = fixture_store()
    unit = project(kg, ProjectionOptions(focus="101002", radius=1))
    assert set(unit) == {f"{ID}unit/a/101002", f"{ID}department/a", f"{ID}project/a1"}
    with pytest.raises(QueryError, match="names no node"):
        project(kg, ProjectionOptions(focus="不存在的文号"))


def test_seed_legal_basis_network(seed_store):
    graph = project(seed_store, ProjectionOptions(codes=False))
    counts = types(graph)
    assert counts["Project"] > 0 and counts["PolicyDocument"] > 0 and counts["Issuer"] > 0
    projects = {d["label"]: n for n, d in graph.nodes(data=True) if d["type"] == "Project"}
    cited = {
        graph.nodes[v]["label"]
        for _, v, d in graph.out_edges(projects["就业创业服务补助"], data=True)
        if d["relation"] == "legalBasis"
    }
    assert {"内政发〔2015〕103号", "包就字〔2020〕14号"} <= cited
    for node in projects.values():  # every project is implemented by a unit of the projection
        targets = [v for _, v, d in graph.out_edges(node, data=True) if d["relation"] == "implementedBy"]
        assert targets and all(graph.nodes[t]["type"] == "BudgetUnit" for t in targets)
    issued = [
        (graph.nodes[u]["label"], graph.nodes[v]["label"], graph.nodes[v]["level"])
        for u, v, d in graph.edges(data=True)
        if d["relation"] == "issuedBy"
    ]
    assert ("内政发〔2015〕103号", "内蒙古自治区人民政府", "provincial") in issued
