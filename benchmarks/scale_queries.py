"""The query part of benchmarks/scale.py: every library query timed on the benchmark's store (wall and CPU)."""

from __future__ import annotations

import statistics
import time

from budgetkg.queries import library as querylib

QUERY_RUNS = 5
QUERY_BUDGET_S = 30.0  # per query, after the warm-up
ALL_ROWS_UP_TO = 2_000  # documents: beyond, a paged query is not also timed for every row of the corpus


def _timings(run, runs: int = QUERY_RUNS, budget_s: float = QUERY_BUDGET_S, cpu: list | None = None) -> tuple:
    """One warm-up run, then up to ``runs`` timed runs (ms) while ``budget_s`` seconds last (at least one);
    ``cpu`` (a list) receives each run's CPU time in ms, which a shared machine does not inflate. Returns the
    times and the last run's answer."""
    answer = run()  # warm-up
    out: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(out) < runs and (not out or time.perf_counter() < deadline):
        start, start_cpu = time.perf_counter(), time.process_time()
        answer = run()
        out.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
    return out, answer


def query_latencies(store, summary, runs: int = QUERY_RUNS) -> dict:
    """Every library query with the examples of its required parameters (the optional scoping parameters left
    out: the whole corpus), a paged query giving its first page; paged queries are also timed for every row
    (``all_rows``, not counted in the summary). Rows, totals and CPU medians are recorded beside."""
    per_query, cpu, rows, all_rows = {}, {}, {}, {}
    every_row = len(store.graphs()) <= ALL_ROWS_UP_TO
    for name, q in querylib.catalogue().items():
        params = {p.name: p.example for p in q.params if not p.optional and p.default is None}
        cpu[name] = []
        per_query[name], table = _timings(
            lambda q=q, params=params: querylib.run_local(store, q, params), runs, cpu=cpu[name]
        )
        rows[name] = {"rows": len(table.rows), "total": table.total}
        if q.paged and every_row:
            every = {**params, "limit": "0"}
            times, _ = _timings(lambda q=q, p=every: querylib.run_local(store, q, p), runs=min(runs, 3))
            all_rows[name] = {"median_ms": round(statistics.median(times), 2), "rows": table.total}
        elif q.paged:
            all_rows[name] = {"not_timed": f"more than {ALL_ROWS_UP_TO} documents", "rows": table.total}
    out = summary(per_query)
    for name, entry in out["per_query"].items():
        entry["cpu_median_ms"] = round(statistics.median(cpu[name]), 2)
        entry.update(rows[name])
    out["cpu_median_of_medians_ms"] = round(statistics.median(e["cpu_median_ms"] for e in out["per_query"].values()), 1)
    out["cpu_within_200_ms"] = sum(e["cpu_median_ms"] <= 200 for e in out["per_query"].values())
    out["all_rows"] = all_rows
    return out
