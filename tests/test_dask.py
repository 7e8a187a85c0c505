"""Ingest on a Dask cluster (a scheduler and two worker processes on 127.0.0.1, started and stopped here) gives
the same quads, per-document results, errors, keep/replace decisions, DEGRADED verdicts, exit codes and Ctrl-C
behaviour as a local ingest; documents can also go straight to a SPARQL server."""

from __future__ import annotations

import builtins
import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.ingest.pipeline.dask_ingest import ClusterError, connect_cluster
from budgetkg.ingest.pipeline.remote_writer import RemoteTarget
from budgetkg.shapes import DocumentCheck, check_document, validate, validate_ingested
from budgetkg.store import KnowledgeStore
from budgetkg.store.remote import select
from tests.bad_inputs import poorer_copy
from tests.conftest import run_cli, write_synthetic
from tests.corpus import seed_path
from tests.interrupt import default_interrupt, interrupt_after_first_commit
from tests.queries.servers import free_port, start_oxigraph, stop

if os.environ.get("CI", "").lower() == "true":
    import dask  # in the test extra: CI must fail, not skip, without it
    import distributed
else:
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")

SEED_DEPARTMENT = "包头市人力资源和社会保障局"


def _local_cluster(**config):
    """A scheduler and two single-threaded worker processes, bound to 127.0.0.1 only (dashboard included)."""
    with dask.config.set(config):
        return distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        )


@pytest.fixture(scope="module")
def cluster():
    with _local_cluster() as local:
        yield local


def _degraded_copy(folder: Path) -> Path:
    """The seed cut after its 收入总表 under another department: its own document, 2 of 12 listed tables read."""
    path = folder / "degraded.txt"
    path.write_text(poorer_copy().replace(SEED_DEPARTMENT, "包头市第九测试局"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    bad = folder / "zz-empty.txt"
    bad.write_bytes(b"")
    synthetic = [str(write_synthetic(folder, seed)) for seed in (3, 4, 5)]
    return [str(seed_path()), *synthetic, str(_degraded_copy(folder)), str(bad)]


def nquads(store: KnowledgeStore) -> list[str]:
    """The store's N-Quads, sorted (a list: a duplicated quad would show)."""
    return sorted(store.dump("nq").decode("utf-8").splitlines())


@pytest.fixture(scope="module")
def local(tmp_path_factory, files):
    store = KnowledgeStore(tmp_path_factory.mktemp("local") / "kg")
    results = ingest_paths(files, store)
    quads = nquads(store)
    sizes = {g: store.dump_graph(g).count(b"\n") for g in store.graphs()}
    del store  # releases the folder
    return results, quads, sizes


def _results(results) -> list:
    """What a result says, but the time it took."""
    keys = ("path", "document", "error", "tables", "observations", "units", "triples", "warnings", "degraded")
    keys += ("data_tables", "metadata_sources", "coverage")
    return [tuple(getattr(r, k) for k in keys) for r in results]


def test_cluster_ingest_equals_local_ingest(cluster, files, local, tmp_path) -> None:
    results, quads, _ = local
    assert [r.ok for r in results] == [True, True, True, True, True, False]
    assert "empty" in results[-1].error
    assert [bool(r.degraded) for r in results] == [False, False, False, False, True, False]
    assert "only 2 of the 12 tables its table of contents lists were recognised" in results[4].degraded
    store = KnowledgeStore(tmp_path / "kg")
    with connect_cluster(cluster.scheduler_address) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        remote = ingest_paths(files, store, cluster=client)
    assert _results(remote) == _results(results)
    assert nquads(store) == quads


def test_documents_are_validated_on_the_cluster_as_they_are_read(cluster, files, tmp_path) -> None:
    store = KnowledgeStore(tmp_path / "kg")
    with connect_cluster(cluster.scheduler_address) as client:
        results = ingest_paths(files, store, cluster=client, check=check_document)
    assert [isinstance(r.check, DocumentCheck) for r in results] == [r.ok for r in results]
    at_ingest, after = validate_ingested(store, results), validate(store)
    assert after.findings and sorted(at_ingest.findings, key=repr) == sorted(after.findings, key=repr)
    assert at_ingest.rules == after.rules


def test_cli_scheduler_option_exits_as_a_local_ingest(cluster, files, local, tmp_path) -> None:
    out = CliRunner().invoke(
        app, ["ingest", *files, "--store", str(tmp_path / "kg"), "--scheduler", cluster.scheduler_address]
    )
    assert out.exit_code == 1, out.output  # the empty file fails and one document is degraded
    assert "5 ingested, 1 failed, 1 degraded" in out.output
    assert f"FAILED {files[-1]}: " in out.output and "DEGRADED: only 2 of the 12 tables" in out.output
    gc.collect()  # the command's store
    store = KnowledgeStore(tmp_path / "kg", read_only=True)
    assert nquads(store) == local[1]


def test_keep_and_replace_decisions_on_the_cluster_are_the_local_ones(cluster, tmp_path) -> None:
    """A much poorer re-read of a stored document is kept out (FAILED, the stored graph untouched) unless
    replace, which stores it (and it is DEGRADED), exactly as a local ingest decides."""
    poorer = tmp_path / "poorer.txt"
    poorer.write_text(poorer_copy(), encoding="utf-8")
    seen = {}
    with connect_cluster(cluster.scheduler_address) as client:
        for where, on in (("local", None), ("cluster", client)):
            store = KnowledgeStore(tmp_path / where)
            ingest_paths([seed_path()], store)
            before = nquads(store)
            kept = ingest_paths([poorer], store, cluster=on)
            assert kept[0].error.startswith("not replaced: this read gives 8 observations in 1 tables")
            assert "--replace" in kept[0].error
            assert nquads(store) == before
            forced = ingest_paths([poorer], store, cluster=on, replace=True)
            assert forced[0].ok and forced[0].degraded and forced[0].observations == 8
            assert nquads(store) != before
            seen[where] = (_results(kept), _results(forced), nquads(store))
            del store
    assert seen["cluster"] == seen["local"]


def test_unreachable_scheduler_is_a_clear_error_and_leaves_the_store_untouched(files, tmp_path) -> None:
    store = tmp_path / "kg"
    assert ingest_paths(files[:1], KnowledgeStore(store))[0].ok
    gc.collect()
    before = nquads(KnowledgeStore(store, read_only=True))
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    out = run_cli("ingest", *files, "--store", str(store), "--scheduler", address, timeout=120)
    assert out.returncode == 2, out.stderr
    assert "cannot reach the Dask scheduler" in out.stderr and address in out.stderr and "running" in out.stderr
    assert "nothing was written" in out.stderr and "Traceback" not in out.stderr
    assert nquads(KnowledgeStore(store, read_only=True)) == before
    fresh = tmp_path / "fresh"
    out = run_cli("ingest", *files, "--store", str(fresh), "--scheduler", address, timeout=120)
    assert out.returncode == 2 and not fresh.exists()


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


def _copies(folder: Path, n: int) -> list[str]:
    """``n`` copies of the seed under different departments (each its own document graph)."""
    text = seed_path().read_text(encoding="utf-8")
    out = []
    for i in range(n):
        path = folder / f"copy-{i:02d}.txt"
        path.write_text(text.replace(SEED_DEPARTMENT, f"包头市第{i + 1}测试局"), encoding="utf-8")
        out.append(str(path))
    return out


def test_ctrl_c_during_a_cluster_ingest_cancels_the_tasks_and_lists_what_was_committed(cluster, tmp_path) -> None:
    files = _copies(tmp_path, 40)
    store = tmp_path / "store"
    command = [sys.executable, "-m", "budgetkg", "ingest", "--no-bulk", *files, "--store", str(store)]
    proc, out, err, stopping = interrupt_after_first_commit([*command, "--scheduler", cluster.scheduler_address], store)
    assert stopping < 20
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "of 40 files handled" in err
    listed = [line.split(":")[0] for line in out.splitlines() if " observations, " in line]
    assert 1 <= len(listed) < 40, (out, err)
    assert len(KnowledgeStore(store, read_only=True).graphs()) == len(listed)
    with connect_cluster(cluster.scheduler_address) as client:  # the command's tasks were cancelled
        deadline = time.monotonic() + 30
        while client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0


def test_a_file_that_kills_its_workers_fails_alone(tmp_path) -> None:
    """The scheduler gives a dead worker's task to another worker; a file that kills every worker it runs on
    fails with a message that says so, and every other file is ingested as locally."""
    from tests.dask_plugins import DieOnFile

    files = _copies(tmp_path, 4)
    reference = KnowledgeStore(tmp_path / "local")
    local = ingest_paths([f for f in files if not f.endswith("copy-02.txt")], reference)
    with (
        # one try after the first death; one task per worker at a time, so only the killer's task is suspected
        _local_cluster(
            **{"distributed.scheduler.allowed-failures": 1, "distributed.scheduler.worker-saturation": 1.0}
        ) as small,
        connect_cluster(small.scheduler_address) as client,
    ):
        client.register_plugin(DieOnFile("copy-02.txt"))
        store = KnowledgeStore(tmp_path / "kg")
        results = ingest_paths(files, store, cluster=client)
    assert [r.ok for r in results] == [True, True, False, True]
    assert results[2].error.startswith("a Dask worker died while reading this file, every time it was tried")
    assert _results([r for r in results if r.ok]) == _results(local)
    assert nquads(store) == nquads(reference)


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
    assert _results(results) == _results(local[0])
    assert pushed == local[2]  # every document's graph, whole, through the Graph Store Protocol
    assert [r.ok for r in again] == [True, True]
    server = KnowledgeStore(location)
    assert nquads(server) == local[1]


def test_a_file_the_workers_cannot_see_says_what_to_do(cluster, tmp_path, monkeypatch) -> None:
    here, elsewhere = tmp_path / "here", tmp_path / "elsewhere"
    here.mkdir()
    elsewhere.mkdir()
    (here / "seed.txt").write_bytes(seed_path().read_bytes())
    monkeypatch.chdir(here)  # the relative path is readable here, not from the workers' folder
    with connect_cluster(cluster.scheduler_address) as client:
        before = client.run(os.getcwd)
        client.run(os.chdir, str(elsewhere))
        try:
            results = ingest_paths(["seed.txt"], KnowledgeStore(tmp_path / "kg"), cluster=client)
        finally:
            for worker, folder in before.items():
                client.run(os.chdir, folder, workers=[worker])
    assert results[0].error.startswith("cannot read the file: [Errno 2] No such file")
    assert "not on the Dask worker" in results[0].error and "same path" in results[0].error


def test_ctrl_c_while_connecting_to_the_scheduler_exits_130_and_writes_nothing(files, tmp_path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts the connection, never answers
        silent.settimeout(120)
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "budgetkg", "ingest", *files, "--store", str(tmp_path / "kg"), "--scheduler"]
            + [address],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            start_new_session=True,
            preexec_fn=default_interrupt,
        )
        connection, _ = silent.accept()  # the command now waits for the scheduler's handshake
        with connection:
            os.killpg(proc.pid, signal.SIGINT)
            out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted while connecting to the Dask scheduler; nothing was ingested" in err
    assert "Traceback" not in err and not (tmp_path / "kg").exists(), err
