"""Every export format reads back with the tool's own reader, with the projection's nodes and edges."""

from __future__ import annotations

import io
import json
from xml.etree import ElementTree

import networkx as nx
import pydot
import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.errors import BudgetKGError, InputError
from budgetkg.export import GRAPH_WRITERS, export, export_bytes
from budgetkg.export.projection import ProjectionOptions, project
from tests.export_fixture import DOC_A, ID, fixture_store

OPTIONS = ProjectionOptions(indicators=True)
GRAPHML = "http://graphml.graphdrawing.org/xmlns"


@pytest.fixture(scope="module")
def kg():
    return fixture_store()


@pytest.fixture(scope="module")
def graph(kg):
    return project(kg, OPTIONS)


def test_graphml_reads_back_with_counts_and_exact_amounts(kg, graph):
    data, nodes, edges = export_bytes(kg, "graphml", OPTIONS)
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert (back.number_of_nodes(), back.number_of_edges()) == (nodes, edges)
    assert (nodes, edges) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back.nodes[f"{ID}project/a2"]["amount"] == "90000000000000000.01"
    assert back.nodes[f"{ID}policy/p1"]["level"] == "provincial"
    assert sorted(d["relation"] for _, _, d in back.edges(data=True)) == sorted(
        d["relation"] for _, _, d in graph.edges(data=True)
    )


def test_graphml_declares_each_key_once_with_ids_unique_across_nodes_and_edges(kg, graph):
    data, _, _ = export_bytes(kg, "graphml", OPTIONS)
    root = ElementTree.fromstring(data)
    keys = root.findall(f"{{{GRAPHML}}}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    declared = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in keys}
    # "label" names both a node's and an edge's attribute: two keys, one per domain
    assert declared[("node", "label")] == declared[("edge", "label")] == "string"
    assert declared[("node", "size")] == "double"
    used = {d.get("key") for d in root.iter(f"{{{GRAPHML}}}data")}
    assert used <= set(ids)


def test_graphml_reads_back_as_the_projection_node_for_node_and_edge_for_edge(kg, graph):
    data, _, _ = export_bytes(kg, "graphml", OPTIONS)
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in back.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in graph.edges(keys=True, data=True)
    }


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_stay_readable_with_characters_xml_does_not_allow(fmt):
    graph = nx.MultiDiGraph()
    graph.add_node("n\x0c1", label="就业\x01补助 & <项目>", size=1.5)
    graph.add_node("n2", label="lone \udc80 surrogate")
    graph.add_edge("n\x0c1", "n2", key="e1", relation="legalBasis", label="legalBasis")
    buffer = io.BytesIO()
    GRAPH_WRITERS[fmt](graph, buffer)
    data = io.BytesIO(buffer.getvalue())
    back = nx.read_graphml(data, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(data)
    assert back.nodes["n\ufffd1"]["label"] == "就业\ufffd补助 & <项目>"
    assert back.nodes["n2"]["label"] == "lone \ufffd surrogate"
    assert [(u, v, d["relation"]) for u, v, d in back.edges(data=True)] == [("n\ufffd1", "n2", "legalBasis")]


def test_a_graph_export_that_fails_leaves_the_target_as_it_was(kg, tmp_path, monkeypatch):
    target = tmp_path / "net.graphml"
    target.write_bytes(b"an earlier export")

    def half_then_fail(graph, stream):
        stream.write(b"<graphml>")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(GRAPH_WRITERS, "graphml", half_then_fail)
    with pytest.raises(InputError, match="No space left on device"):
        export(kg, "graphml", target, OPTIONS)
    assert target.read_bytes() == b"an earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["net.graphml"]


def test_gexf_reads_back_with_counts_and_viz(kg, graph):
    data, _, _ = export_bytes(kg, "gexf", OPTIONS)
    back = nx.read_gexf(io.BytesIO(data))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    node = back.nodes[f"{ID}project/a1"]
    assert node["label"] == "就业补助" and node["amount"] == "1234567.89"
    assert node["viz"]["size"] == pytest.approx(graph.nodes[f"{ID}project/a1"]["size"])


def test_cytoscape_json_has_the_cytoscape_js_shape(kg, graph):
    data, _, _ = export_bytes(kg, "cytoscape", OPTIONS)
    doc = json.loads(data)
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    node_ids = [n["data"]["id"] for n in nodes]
    edge_ids = [e["data"]["id"] for e in edges]
    assert len(set(node_ids)) == len(node_ids) == graph.number_of_nodes()
    assert len(set(edge_ids)) == len(edge_ids) == graph.number_of_edges()
    assert not set(node_ids) & set(edge_ids)
    assert all(isinstance(i, str) and i for i in node_ids + edge_ids)
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in edges)
    assert all(set(el) <= {"data", "position", "group", "selected", "classes"} for el in nodes + edges)


def test_cytoscape_json_round_trips_through_networkx(kg, graph):
    data, _, _ = export_bytes(kg, "cytoscape", OPTIONS)
    back = nx.cytoscape_graph(json.loads(data), name="label")
    assert set(back.nodes) == set(graph.nodes)
    assert sorted((u, v) for u, v in back.edges()) == sorted((u, v) for u, v in graph.edges())
    assert back.nodes[f"{ID}project/a1"]["amount"] == "1234567.89"


def test_dot_parses_with_pydot(kg, graph):
    data, _, _ = export_bytes(kg, "dot", OPTIONS)
    (parsed,) = pydot.graph_from_dot_data(data.decode("utf-8"))
    names = {n.get_name().strip('"') for n in parsed.get_nodes()} - {"node", "edge", "graph"}
    assert names == set(graph.nodes)
    assert len(parsed.get_edges()) == graph.number_of_edges()


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_rdf_exports_hold_every_quad(kg, fmt, parser):
    data, _, _ = export_bytes(kg, fmt, ProjectionOptions())
    if fmt == "ttl":
        parsed = Graph().parse(data=data, format=parser)
        assert len(parsed) == len({q.triple for q in kg.quads()})
    else:
        parsed = Dataset().parse(data=data, format=parser)
        assert len(list(parsed.quads((None, None, None, None)))) == len(kg)


def test_rdf_export_of_one_document_and_of_a_focus(kg):
    data, _, _ = export_bytes(kg, "nq", ProjectionOptions(document="a-2025.txt"))
    lines = data.decode("utf-8").splitlines()
    assert lines and all(line.rstrip(" .").endswith(f"<{DOC_A}>") for line in lines)
    assert len(lines) == kg.graph_size(DOC_A)
    focused, _, _ = export_bytes(kg, "ttl", ProjectionOptions(focus="内政发〔2015〕103号", radius=0))
    subjects = {str(s) for s in Graph().parse(data=focused, format="turtle").subjects()}
    assert subjects == {f"{ID}policy/p1"}


def test_unknown_format_is_a_clear_error(kg):
    with pytest.raises(BudgetKGError, match="unknown export format 'png'"):
        export_bytes(kg, "png")


def test_cli_export_writes_each_format(tmp_path):
    fixture_store(tmp_path / "store").flush()
    runner = CliRunner()
    for fmt in ("graphml", "gexf", "cytoscape", "dot", "html", "ttl", "trig", "nq", "jsonld"):
        out = tmp_path / f"net.{fmt}"
        result = runner.invoke(
            app,
            ["export", "--format", fmt, "-o", str(out), "--store", str(tmp_path / "store"), "--include", "indicators"],
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0 and "15 nodes, 16 edges" in result.output
    bad = runner.invoke(
        app,
        [
            "export",
            "--format",
            "graphml",
            "-o",
            str(tmp_path / "x"),
            "--store",
            str(tmp_path / "store"),
            "--include",
            "everything",
        ],
    )
    assert bad.exit_code != 0
