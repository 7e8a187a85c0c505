"""Speed-up of ``ingest --scheduler`` from one to two Dask workers on N generated documents.

    .venv/bin/python benchmarks/dask_ingest.py [--documents 40] [--size small] [--output FILE]

Writes N synthetic disclosures (``generate_document(seed, size=...)``), then for 1 and 2 worker processes
starts a local cluster on 127.0.0.1 (one thread per worker), ingests them into a fresh store (the writer runs
here, as with the command) and stops it; a serial local ingest is timed as the reference. Prints and writes
JSON: seconds and documents/s per run, the speed-up from 1 to 2 workers, and whether all stores hold the same
quads. Needs ``pip install 'budgetkg[dask]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.ingest.pipeline.dask_ingest import connect_cluster
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document


def timed_ingest(files: list[Path], folder: Path, cluster=None) -> tuple[float, set[str]]:
    """Seconds to ingest ``files`` into a fresh store in ``folder`` and the quads it then holds."""
    store = KnowledgeStore(folder)
    started = time.perf_counter()
    results = ingest_paths(files, store, cluster=cluster)
    seconds = time.perf_counter() - started
    failed = [r.summary() for r in results if not r.ok]
    if failed:
        raise SystemExit("\n".join(failed))
    return seconds, {str(q) for q in store.quads()}


def on_cluster(files: list[Path], folder: Path, workers: int) -> tuple[float, set[str]]:
    """``timed_ingest`` on a local cluster of ``workers`` single-threaded processes (startup not timed)."""
    from distributed import LocalCluster  # optional dependency

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        ) as cluster,
        connect_cluster(cluster.scheduler_address) as client,
    ):
        client.run(lambda: __import__("budgetkg.ingest.pipeline.workers"))  # warm the imports, like a real cluster
        return timed_ingest(files, folder, client)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=40, help="generated documents (default 40)")
    parser.add_argument("--size", default="small", help="generate_document size: small or seed")
    parser.add_argument("--output", type=Path, help="write the JSON here as well")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        files = []
        for seed in range(args.documents):
            path = corpus / f"synthetic-{seed:04d}.txt"
            path.write_text(generate_document(seed, size=args.size).text, encoding="utf-8")
            files.append(path)
        serial, reference = timed_ingest(files, root / "serial")
        one, quads_one = on_cluster(files, root / "one", 1)
        two, quads_two = on_cluster(files, root / "two", 2)
    report = {
        "benchmark": "dask_ingest",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()},
        "documents": args.documents,
        "size": args.size,
        "quads": len(reference),
        "runs": {
            "local serial": {"seconds": round(serial, 2), "docs_per_s": round(args.documents / serial, 2)},
            "dask 1 worker": {"seconds": round(one, 2), "docs_per_s": round(args.documents / one, 2)},
            "dask 2 workers": {"seconds": round(two, 2), "docs_per_s": round(args.documents / two, 2)},
        },
        "speedup_1_to_2_workers": round(one / two, 2),
        "same_quads_as_local": quads_one == reference and quads_two == reference,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
