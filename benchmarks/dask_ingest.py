"""Speed-up of ``ingest --scheduler`` from one to two Dask workers on N generated documents.

    .venv/bin/python benchmarks/dask_ingest.py [--documents 40] [--size seed] [--repeat 2] [--output FILE]

Writes N synthetic disclosures (``generate_document(seed, size=...)``, as ``benchmarks/scale.py`` does), then
for 1 and 2 worker processes starts a local cluster on 127.0.0.1 (one thread per worker), ingests them into a
fresh store (the writer runs here, as with the command) and stops it; a serial local ingest and ``-j 2`` are
timed as references. Each run is repeated and the fastest kept (every time is in the JSON). Prints and writes
JSON: seconds and documents/s per run, the speed-up from 1 to 2 workers, the load average before and after
(the machine may be shared), and whether all stores hold the same quads. Needs ``pip install 'budgetkg[dask]'``.
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


def timed_ingest(files: list[Path], folder: Path, cluster=None, workers: int = 1) -> tuple[float, set[str]]:
    """Seconds to ingest ``files`` into a fresh store in ``folder`` and the quads it then holds."""
    store = KnowledgeStore(folder)
    started = time.perf_counter()
    results = ingest_paths(files, store, cluster=cluster, workers=workers)
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
    parser.add_argument("--size", default="seed", help="generate_document size: seed (as scale.py) or small")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each kind; the fastest is reported")
    parser.add_argument("--output", type=Path, help="write the JSON here as well")
    args = parser.parse_args()
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"local serial": [], "local -j 2": [], "dask 1 worker": [], "dask 2 workers": []}
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        files = []
        for seed in range(args.documents):
            path = corpus / f"synthetic-{seed:04d}.txt"
            path.write_text(generate_document(seed, size=args.size).text, encoding="utf-8")
            files.append(path)
        for run in range(args.repeat):
            seconds, reference = timed_ingest(files, root / f"serial-{run}")
            times["local serial"].append(seconds)
            seconds, quads = timed_ingest(files, root / f"local2-{run}", workers=2)
            times["local -j 2"].append(seconds)
            same &= quads == reference
            for workers, name in ((1, "dask 1 worker"), (2, "dask 2 workers")):
                seconds, quads = on_cluster(files, root / f"dask{workers}-{run}", workers)
                times[name].append(seconds)
                same &= quads == reference
    best = {name: min(values) for name, values in times.items()}
    report = {
        "benchmark": "dask_ingest",
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.system(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "documents": args.documents,
        "size": args.size,
        "quads": len(reference),
        "repeat": args.repeat,
        "runs": {
            name: {
                "seconds": round(best[name], 2),
                "docs_per_s": round(args.documents / best[name], 2),
                "all_seconds": [round(x, 2) for x in values],
            }
            for name, values in times.items()
        },
        "speedup_1_to_2_workers": round(best["dask 1 worker"] / best["dask 2 workers"], 2),
        "same_quads_as_local": same,
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
