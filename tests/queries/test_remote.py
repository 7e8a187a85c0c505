"""The whole library against a real Oxigraph server: push the seed, generated documents and the fixtures,
then every query must give the same rows remotely (VALUES binding) as on the embedded store (substitutions)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.errors import EndpointError, QueryError
from budgetkg.queries.library import catalogue, run_local, run_remote
from budgetkg.store import KnowledgeStore
from budgetkg.store.remote import push_store, select
from tests.conftest import write_synthetic
from tests.corpus import seed_path
from tests.queries.helpers import EXPECTED, expected_cases, fixture_store, rows_of
from tests.queries.servers import free_port, start_oxigraph, stop

pytestmark = pytest.mark.server
QUERIES = catalogue()


def corpus_store(tmp_path) -> KnowledgeStore:
    """The seed plus a few generated documents, ingested into a fresh embedded store."""
    from budgetkg.ingest.pipeline import ingest_file

    store = KnowledgeStore(tmp_path / "embedded")
    files = [seed_path()] + [write_synthetic(tmp_path, seed) for seed in (1, 2)]
    for f in files:
        assert ingest_file(f, store).error is None, f
    return store


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    proc, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield base
    stop(proc)


def all_cases() -> list[tuple[str, dict]]:
    cases = []
    for name, q in QUERIES.items():
        cases.append((name, {p.name: p.example for p in q.params}))
        if (EXPECTED / f"{name}.json").exists():
            cases += [(name, c["params"]) for c in expected_cases(name)]
    return cases


def compare(store, url: str, known: frozenset[str] = frozenset()) -> int:
    """Rows compared; every query that differs or fails on the endpoint is reported, not just the first.

    ``known`` names queries the endpoint is known to answer differently: they must still differ (else the
    list is stale and the test says so), and they are not counted as failures."""
    compared, failures, differed = 0, [], set()
    for name, params in all_cases():
        local = run_local(store, QUERIES[name], params)
        try:
            remote = run_remote(url, QUERIES[name], params)
        except EndpointError as exc:
            failures.append(f"{name} {params}: {exc.message()[:300]}")
            differed.add(name)
            continue
        if remote.columns != local.columns:
            failures.append(f"{name}: columns {remote.columns} != {local.columns}")
        elif rows_of(remote, local.columns) != rows_of(local, local.columns):
            missing = rows_of(local, local.columns) - rows_of(remote, local.columns)
            extra = rows_of(remote, local.columns) - rows_of(local, local.columns)
            failures.append(f"{name} {params}: missing {list(missing)[:2]}, extra {list(extra)[:2]}")
            differed.add(name)
        compared += len(local.rows)
    assert known <= differed, f"known differences that now agree (remove them from the list): {known - differed}"
    failures = [f for f in failures if f.split(" ", 1)[0].rstrip(":") not in known]
    assert not failures, "\n".join(failures)
    return compared


def test_library_on_oxigraph_server_equals_embedded(oxigraph, tmp_path) -> None:
    store = corpus_store(tmp_path)
    for name in ("structure.trig", "policy.trig"):
        fixture = fixture_store(name)
        store.add_quads(fixture.quads())
    sent = push_store(store, f"{oxigraph}/update", f"{oxigraph}/store")
    assert sent == len(store.graphs())
    assert compare(store, f"{oxigraph}/query") > 0


def test_seed_done_when_on_server(oxigraph, tmp_path) -> None:
    store = corpus_store(tmp_path)
    push_store(store, f"{oxigraph}/update")  # through SPARQL Update this time
    table = run_remote(f"{oxigraph}/query", QUERIES["provenance"], {"value": "947.66"})
    seed_rows = {(r["table"].value, r["line"].value) for r in table.rows if "8c348ec1" in r["document"].value}
    assert seed_rows == {("3", "598"), ("5", "676")}


def test_cli_query_sparql_and_push_against_server(oxigraph, tmp_path) -> None:
    store_dir = tmp_path / "cli-store"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(seed_path()), "--store", str(store_dir)]).exit_code == 0
    pushed = runner.invoke(
        app,
        ["push", "--endpoint", f"{oxigraph}/update", "--graph-store", f"{oxigraph}/store", "--store", str(store_dir)],
    )
    assert pushed.exit_code == 0, pushed.output
    local = runner.invoke(
        app, ["query", "provenance", "--param", "value=947.66", "--format", "csv", "--store", str(store_dir)]
    )
    remote = runner.invoke(
        app, ["query", "provenance", "--param", "value=947.66", "--format", "csv", "--endpoint", f"{oxigraph}/query"]
    )
    assert local.exit_code == remote.exit_code == 0
    assert sorted(local.stdout.splitlines()) == sorted(remote.stdout.splitlines())
    assert ",598," in local.stdout and ",676," in local.stdout
    asked = runner.invoke(
        app,
        [
            "sparql",
            "--endpoint",
            f"{oxigraph}/query",
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://w3id.org/budgetkg/ontology#amount> ?o }",
        ],
    )
    assert asked.exit_code == 0 and int(asked.stdout.splitlines()[1]) > 0


def test_unreachable_endpoint_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError, match="failed after 2 attempts.*check that the endpoint is running"):
        select(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=2, retries=1)


def test_endpoint_error_answer_is_reported(oxigraph) -> None:
    url = f"{oxigraph}/query"
    with pytest.raises(QueryError, match=r"the endpoint rejected the query as malformed: QueryBadFormed") as raised:
        select(url, "SELECT * WHERE { ?s ?p }", timeout=5, retries=0)
    assert raised.value.where == url
    assert raised.value.hint == "the endpoint may not support a SPARQL 1.1 feature the query uses"
