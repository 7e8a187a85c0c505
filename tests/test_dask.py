"""Ingest on a Dask cluster (two worker processes on 127.0.0.1, started and stopped here) gives the same quads
and the same per-document errors as a local ingest; documents can also go straight to a SPARQL server."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.ingest.pipeline.dask_ingest import ClusterError, connect_cluster
from budgetkg.ingest.pipeline.remote_writer import RemoteTarget
from budgetkg.store import KnowledgeStore
from budgetkg.store.remote import select
from tests.conftest import write_synthetic
from tests.corpus import seed_path
from tests.queries.servers import free_port, start_oxigraph, stop

if os.environ.get("CI", "").lower() == "true":
    import distributed  # in the test extra: CI must fail, not skip, without it
else:
    distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """A scheduler and two single-threaded worker processes, bound to 127.0.0.1 only."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as local:
        yield local


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    bad = folder / "zz-empty.txt"
    bad.write_bytes(b"")
    return [str(seed_path())] + [str(write_synthetic(folder, seed)) for seed in (3, 4, 5)] + [str(bad)]


@pytest.fixture(scope="module")
def local(tmp_path_factory, files):
    store = KnowledgeStore(tmp_path_factory.mktemp("local") / "kg")
    results = ingest_paths(files, store)
    quads = {str(q) for q in store.quads()}
    sizes = {g: store.dump_graph(g).count(b"\n") for g in store.graphs()}
    del store  # releases the folder
    return results, quads, sizes


def _errors(results) -> list:
    return [(r.path, r.document, r.error, r.observations, r.triples, r.warnings) for r in results]


def test_cluster_ingest_equals_local_ingest(cluster, files, local, tmp_path) -> None:
    results, quads, _ = local
    assert [r.ok for r in results] == [True, True, True, True, False]
    assert "empty" in results[-1].error
    store = KnowledgeStore(tmp_path / "kg")
    with connect_cluster(cluster.scheduler_address) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        remote = ingest_paths(files, store, cluster=client)
    assert _errors(remote) == _errors(results)
    assert {str(q) for q in store.quads()} == quads


def test_cli_scheduler_option(cluster, files, local, tmp_path) -> None:
    out = CliRunner().invoke(
        app, ["ingest", *files, "--store", str(tmp_path / "kg"), "--scheduler", cluster.scheduler_address]
    )
    assert out.exit_code == 1, out.output  # the bad file fails, the others are ingested
    assert "4 ingested, 1 failed" in out.output
    store = KnowledgeStore(tmp_path / "kg", read_only=True)  # the command's store may still be open
    assert {str(q) for q in store.quads()} == local[1]


def test_unreachable_scheduler_is_a_clear_error_and_writes_nothing(files, tmp_path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    command = [
        sys.executable,
        "-m",
        "budgetkg",
        "ingest",
        *files,
        "--store",
        str(tmp_path / "kg"),
        "--scheduler",
        address,
    ]
    out = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert "cannot reach the Dask scheduler" in out.stderr and address in out.stderr and "running" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "kg").exists()


def test_without_the_dask_extra_the_error_names_the_extra(monkeypatch) -> None:
    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ClusterError) as caught:
        connect_cluster("tcp://127.0.0.1:1")
    assert "pip install 'budgetkg[dask]'" in caught.value.message()


def test_cluster_ingest_pushed_to_a_server_equals_local_ingest(cluster, files, local, tmp_path) -> None:
    location = tmp_path / "server"
    proc, base = start_oxigraph(location)
    try:
        with connect_cluster(cluster.scheduler_address) as client:
            results = ingest_paths(files, None, cluster=client, remote=RemoteTarget(f"{base}/update", f"{base}/store"))
        _, rows = select(f"{base}/query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        pushed = {row["g"].value: int(row["n"].value) for row in rows}
        again = ingest_paths(files[:2], None, remote=RemoteTarget(f"{base}/update"))  # SPARQL Update, replaces
    finally:
        stop(proc)
    assert _errors(results) == _errors(local[0])
    assert pushed == local[2]  # every document's graph, whole, through the Graph Store Protocol
    assert [r.ok for r in again] == [True, True]
    server = KnowledgeStore(location)
    assert {str(q) for q in server.quads()} == local[1]
