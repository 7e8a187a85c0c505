"""Latency of every library query on an existing store: median and p95 over N runs after one warm-up run.

    .venv/bin/python benchmarks/query_speed.py --store /tmp/store1000 --output artifacts/query-speed.json
    .venv/bin/python benchmarks/query_speed.py --store /tmp/qstore legal-bases provenance
    .venv/bin/python benchmarks/query_speed.py --store /tmp/qstore --queries-dir old/queries   # other versions

Each query runs with the example values of its parameters, through ``querylib.run_local`` (the path the CLI
takes), in a process of its own: a query that exceeds ``--timeout`` seconds is stopped and recorded as a
timeout instead of holding up the rest. Prints a table and, with ``--output``, writes JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import sys
import time
from pathlib import Path

RUNS = 5
TIMEOUT = 120.0


def p95(times: list[float]) -> float:
    """The nearest-rank 95th percentile (the slowest run when there are fewer than 20)."""
    ordered = sorted(times)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def load(name: str, folder: Path | None):
    """The library query ``name``, or the one in ``folder/<name>.rq`` (to time another version of the library)."""
    from budgetkg.queries import library as querylib

    if folder is None:
        return querylib.get(name)
    return querylib.parse_query(name, (folder / f"{name}.rq").read_text(encoding="utf-8"))


def _measure(store_path: str, name: str, folder: Path | None, runs: int, conn) -> None:
    """Child process: open the store, run ``name`` once to warm up, then ``runs`` timed times."""
    from budgetkg.queries import library as querylib
    from budgetkg.store import KnowledgeStore

    try:
        store = KnowledgeStore(store_path)
        query = load(name, folder)
        params = {p.name: p.example for p in query.params if not p.optional and p.default is None}  # whole corpus
        rows = len(querylib.run_local(store, query, params).rows)
        conn.send(("warm", rows))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            querylib.run_local(store, query, params)
            times.append((time.perf_counter() - start) * 1000)
        conn.send(("done", times))
    except Exception as exc:  # reported in the table, the other queries still run
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def time_query(store: Path, name: str, runs: int, timeout: float, folder: Path | None = None) -> dict:
    """One query's result: rows, per-run times, median and p95 in ms; or its timeout or error."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_measure, args=(str(store), name, folder, runs, child))
    proc.start()
    child.close()
    out: dict = {"query": name, "status": "ok"}
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not parent.poll(left):
                out["status"] = "timeout"
                break
            kind, value = parent.recv()
            if kind == "warm":
                out["rows"] = value
                continue
            if kind == "error":
                out["status"] = "error"
                out["error"] = value
            else:
                out.update(
                    times_ms=[round(t, 2) for t in value],
                    median_ms=round(statistics.median(value), 2),
                    p95_ms=round(p95(value), 2),
                )
            break
    except EOFError:
        out["status"] = "error"
        out["error"] = "the measuring process died"
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(10)
    if out["status"] == "timeout":
        out["timeout_s"] = timeout
    return out


def table(results: list[dict]) -> str:
    lines = [f"{'query':34} {'rows':>6} {'median ms':>10} {'p95 ms':>10}"]
    for r in results:
        if r["status"] == "ok":
            lines.append(f"{r['query']:34} {r['rows']:>6} {r['median_ms']:>10.1f} {r['p95_ms']:>10.1f}")
        elif r["status"] == "timeout":
            lines.append(f"{r['query']:34} {r.get('rows', '-'):>6} {'> ' + str(int(r['timeout_s'])) + ' s':>10}")
        else:
            lines.append(f"{r['query']:34} {'-':>6} error: {r['error']}")
    done = [r["median_ms"] for r in results if r["status"] == "ok"]
    if done:
        lines.append(
            f"median of medians {statistics.median(done):.1f} ms; {len(done)}/{len(results)} within the "
            f"timeout; {sum(m <= 200 for m in done)} with a median of at most 200 ms"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, type=Path, help="an existing budgetkg store (folder)")
    ap.add_argument("--output", type=Path, help="write the results as JSON to this file")
    ap.add_argument("--runs", type=int, default=RUNS, help=f"timed runs per query after the warm-up ({RUNS})")
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help=f"seconds per query, all runs ({TIMEOUT:g})")
    ap.add_argument("--queries-dir", type=Path, help="read <name>.rq from this folder instead of the library")
    ap.add_argument("queries", nargs="*", help="query names (default: the whole library)")
    args = ap.parse_args(argv)
    if not args.store.is_dir():
        ap.error(f"no store at {args.store}")
    from budgetkg.queries import library as querylib
    from budgetkg.store import KnowledgeStore

    known = sorted(f.stem for f in args.queries_dir.glob("*.rq")) if args.queries_dir else list(querylib.catalogue())
    names = args.queries or known
    unknown = sorted(set(names) - set(known))
    if unknown:
        ap.error(f"unknown queries: {', '.join(unknown)}")
    store = KnowledgeStore(args.store)
    info = {"store": str(args.store), "documents": len(store.graphs()), "quads": len(store)}
    del store  # the measuring processes open it themselves
    results = []
    for name in names:
        results.append(time_query(args.store, name, args.runs, args.timeout, args.queries_dir))
        print(table(results[-1:]).splitlines()[1], flush=True)
    print()
    print(f"{info['documents']} documents, {info['quads']} quads; {args.runs} runs after a warm-up")
    print(table(results))
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        report = {
            **info,
            "queries_dir": str(args.queries_dir or "library"),
            "runs": args.runs,
            "timeout_s": args.timeout,
            "machine": platform.platform(),
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
            "results": results,
        }
        args.output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
