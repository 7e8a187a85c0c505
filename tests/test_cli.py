"""The core commands: stats, sparql (SELECT/ASK/CONSTRUCT, formats), dump, demo."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph

from tests.conftest import ingest_seed_with_cli, run_cli


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingest_seed_with_cli(tmp_path_factory.mktemp("cli") / "store")


def test_stats_counts_the_seed(store):
    out = run_cli("stats", "--store", str(store)).stdout
    values = dict(line.split(": ", 1) for line in out.strip().splitlines())
    assert values["documents"] == "1" and values["units"] == "10"
    assert int(values["observations"]) > 300 and int(values["quads"]) > 5000


def test_sparql_select_as_csv_and_json(store):
    query = (
        'SELECT ?measure ?amount WHERE { ?o bgt:classification/skos:notation "2080101" ; '
        'qb:dataSet/bgt:tableNumber "3" ; bgt:measure/skos:prefLabel ?measure ; bgt:amount ?amount } '
        "ORDER BY ?measure"
    )
    rows = list(csv.DictReader(io.StringIO(run_cli("sparql", query, "--format", "csv", "--store", str(store)).stdout)))
    assert {r["measure"]: r["amount"] for r in rows} == {"合计": "9476600", "基本支出": "9431600", "项目支出": "45000"}
    data = json.loads(run_cli("sparql", query, "--format", "json", "--store", str(store)).stdout)
    assert data["columns"] == ["measure", "amount"] and len(data["rows"]) == 3


def test_sparql_ask_and_construct(store):
    yes = run_cli("sparql", "ASK { ?d a bgt:BudgetDocument ; bgt:fiscalYear ?y }", "--store", str(store))
    assert yes.returncode == 0 and yes.stdout.strip() == "true"
    no = run_cli("sparql", 'ASK { ?d bgt:fiscalYear "1999"^^xsd:gYear }', "--store", str(store))
    assert no.returncode == 1 and no.stdout.strip() == "false"
    ttl = run_cli(
        "sparql",
        "CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u a bgt:BudgetUnit ; skos:prefLabel ?l }",
        "--store",
        str(store),
    ).stdout
    assert len(Graph().parse(data=ttl, format="turtle")) == 10


def test_a_bad_query_is_a_clear_error(store):
    result = run_cli("sparql", "SELECT WHERE {", "--store", str(store))
    assert result.returncode == 2 and "does not parse" in result.stderr


def test_dump_trig_keeps_one_named_graph_per_document(store, tmp_path):
    out = tmp_path / "kg.trig"
    assert run_cli("dump", "--format", "trig", "-o", str(out), "--store", str(store)).returncode == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert len(names) == 1 and next(iter(names)).startswith("https://w3id.org/budgetkg/id/document/")


def test_demo_builds_a_store_and_reports_it(tmp_path):
    result = run_cli("demo", "--store", str(tmp_path / "demo"), "--documents", "2")
    assert result.returncode == 0, result.stderr
    assert "documents: 2" in result.stdout and str(tmp_path / "demo") in result.stdout
