"""Scale benchmark: budgetkg (Oxigraph, parallel ingest, per-document validation with the SPARQL fast path)
against the naive approach (rdflib in memory, pyshacl over everything, rdflib SPARQL), side by side.

    .venv/bin/python benchmarks/scale.py --sizes 10,100,1000 --baseline-max 100 --output artifacts/scale.json

It needs the test extra (`pip install -e '.[test]'`: reportlab renders the PDFs it times).

Corpora are seed-sized synthetic disclosures (``generate_document(seed, size="seed")``: several departments,
cities and years). Each measurement runs in its own process, so peak memory is that run's own. The
baseline's queries and its pyshacl run have time limits of their own (a step past its limit is recorded as a
timeout and the run goes on); a whole run past ``--step-timeout`` keeps the steps it finished. budgetkg
validates each document in the ingest's workers, as ``budgetkg ingest --validate`` does (the ingest's time
includes it; "validate" is what is left: the rules that compare documents, read on the store), or with
``--validate-after`` everything after the ingest. Prints a table and writes JSON. ``--table FILE ...`` prints
the table of kept runs (README's Performance table is that output: tests/test_performance_table.py checks it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE_QUERY_RUNS = 3
PDF_DOCUMENTS = 5


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "peak_rss_workers_mb": round(children, 1)}


def _du_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def write_corpus(folder: Path, documents: int) -> list[Path]:
    """Seed-sized synthetic disclosures 1..N (kept between runs)."""
    from budgetkg.synth import generate_document

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(1, documents + 1):
        path = folder / f"synthetic-{seed:05d}.txt"
        if not path.exists():
            path.write_text(generate_document(seed, size="seed").text, encoding="utf-8")
        paths.append(path)
    return paths


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the ingest workers) so far."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _latency_summary(per_query: dict[str, list[float]], timeouts: list[str] = (), limit: int | None = None) -> dict:
    """Median and p95 per query; a query that timed out counts as slower than every finished one."""
    medians = {q: statistics.median(t) for q, t in per_query.items()}
    p95 = {q: sorted(t)[max(0, int(round(0.95 * len(t))) - 1)] for q, t in per_query.items()}
    ranked = sorted(medians.values()) + [float("inf")] * len(timeouts)
    middle = statistics.median(ranked) if ranked else float("nan")
    out = {
        "queries": len(per_query) + len(timeouts),
        "finished": len(per_query),
        "median_of_medians_ms": round(middle, 1) if middle != float("inf") else f"> {limit * 1000} (timeouts)",
        "max_median_ms": round(max(medians.values()), 1) if medians else None,
        "max_p95_ms": round(max(p95.values()), 1) if p95 else None,
        "within_200_ms": sum(m <= 200 for m in medians.values()),
        "per_query": {q: {"median_ms": round(medians[q], 2), "p95_ms": round(p95[q], 2)} for q in per_query},
    }
    for q in timeouts:
        out["per_query"][q] = {"timeout_s": limit}
    return out


def run_ours(
    files: list[Path], workers: int, partial: Path | None = None, query_runs: int = 5, at_ingest: bool = True
) -> dict:
    """Ingest, validate, query and export ``files``; ``at_ingest``: validate each document in the ingest's workers
    (as ``budgetkg ingest --validate``) and only the cross-document rules afterwards, else all after the ingest."""
    from scale_queries import query_latencies  # beside this script (benchmarks/ is on sys.path when it runs)

    from budgetkg.export import export
    from budgetkg.export.projection import ProjectionOptions
    from budgetkg.ingest.pipeline import ingest_paths
    from budgetkg.shapes import check_document
    from budgetkg.shapes.spool import GraphSpool
    from budgetkg.store import KnowledgeStore

    out: dict = {"validation": "at-ingest" if at_ingest else "after-ingest"}
    with tempfile.TemporaryDirectory(prefix="bkg-bench-") as tmp:
        store = KnowledgeStore(Path(tmp) / "store")
        spool = GraphSpool(tmp) if at_ingest else None  # as `budgetkg ingest --validate` keeps them
        start, cpu = time.perf_counter(), _cpu_s()
        results = ingest_paths(
            files,
            store,
            workers=workers,
            bulk=True,
            check=check_document if at_ingest else None,
            keep=spool.add if spool else None,
        )
        store.flush()
        seconds = time.perf_counter() - start
        failed = [r.path for r in results if not r.ok]
        out["ingest"] = {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(_cpu_s() - cpu, 2),
            "documents_per_second": round(len(files) / seconds, 2),
            "failed": len(failed),
            "quads": len(store),
        }
        out["store_mb"] = _du_mb(Path(tmp) / "store")
        _save({**out, **_peak_mb()}, partial)  # a run past --step-timeout keeps the steps it finished
        out["validate"] = _validate_ours(store, workers, results if at_ingest else None, spool)
        _save({**out, **_peak_mb()}, partial)
        out["queries"] = query_latencies(store, _latency_summary, runs=query_runs)
        _save({**out, **_peak_mb()}, partial)
        start = time.perf_counter()
        written = Path(tmp) / "network.graphml"  # streamed to the file, as `budgetkg export` does
        nodes, edges = export(store, "graphml", written, ProjectionOptions(codes=False))
        out["export"] = {
            "format": "graphml",
            "seconds": round(time.perf_counter() - start, 2),
            "nodes": nodes,
            "edges": edges,
            "bytes": written.stat().st_size,
        }
    out["pdf"] = _pdf_throughput(files[:PDF_DOCUMENTS])
    out.update(_peak_mb())
    return out


def _validate_ours(store, workers: int, ingested: list | None = None, spool=None) -> dict:
    """Validate the store; with ``ingested`` (results whose documents were checked at ingest, their graphs in
    ``spool``) only what is left."""
    from budgetkg.shapes import validate, validate_ingested

    start, cpu = time.perf_counter(), _cpu_s()
    if ingested is None:
        report = validate(store, workers=workers)
    else:
        report = validate_ingested(store, ingested, workers=workers, spool=spool)
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(_cpu_s() - cpu, 2),
        "findings": len(report.findings),
        "documents": len(report.documents),
    }


def _pdf_throughput(files: list[Path], baseline: bool = False) -> dict:
    """Render a few documents to PDF (the tests' reportlab renderer) and ingest them: into the store, or (the
    baseline) extracted the same way and added to an in-memory rdflib dataset."""
    sys.path.insert(0, str(ROOT))
    from rdflib import Dataset, URIRef

    from budgetkg.ingest.pipeline import extract_file, ingest_file
    from budgetkg.ingest.rdf.mapper import document_iri, to_graph
    from budgetkg.ingest.readers.text import read_text
    from budgetkg.store import KnowledgeStore
    from tests.pdf_render import render_pdf

    with tempfile.TemporaryDirectory(prefix="bkg-pdf-") as tmp:
        pdfs = []
        for f in files:
            pdf = Path(tmp) / (f.stem + ".pdf")
            pdf.write_bytes(render_pdf(read_text(f)))
            pdfs.append(pdf)
        start = time.perf_counter()
        if baseline:
            dataset = Dataset(default_union=True)
            for p in pdfs:
                ex = extract_file(p)
                named = dataset.graph(URIRef(str(document_iri(ex))))
                for triple in to_graph(ex):
                    named.add(triple)
            ok = len(pdfs)
        else:
            store = KnowledgeStore(Path(tmp) / "store")
            ok = sum(ingest_file(p, store).ok for p in pdfs)
        seconds = time.perf_counter() - start
    return {
        "documents": len(pdfs),
        "ingested": ok,
        "seconds": round(seconds, 2),
        "documents_per_second": round(len(pdfs) / seconds, 2),
    }


class _Deadline(Exception):
    """Raised by SIGALRM when a baseline step runs past its time limit."""


def _within(seconds: int, fn):
    """``fn()`` or ``_Deadline`` after ``seconds`` (rdflib and pyshacl are Python, so the alarm interrupts them)."""

    def ring(signum, frame):
        raise _Deadline()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        return fn()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_baseline(
    files: list[Path], partial: Path | None = None, query_timeout: int = 20, validate_timeout: int = 600
) -> dict:
    """What a researcher would write: one in-memory rdflib dataset, pyshacl over the union, rdflib SPARQL.

    Each query gets ``query_timeout`` seconds (one warm-up run, then timed runs while time is left) and pyshacl
    gets ``validate_timeout`` seconds; a step past its limit is recorded as a timeout and the run goes on.
    """
    import pyshacl
    from rdflib import Dataset, Graph, URIRef

    from budgetkg.ingest.pipeline import extract_file
    from budgetkg.ingest.rdf.mapper import document_iri, to_graph
    from budgetkg.queries import library as querylib
    from budgetkg.resources import read_text, shape_files
    from budgetkg.store.terms import from_ox

    out: dict = {}
    start = time.perf_counter()
    dataset = Dataset(default_union=True)
    union = Graph()
    for f in files:
        ex = extract_file(f)
        g = to_graph(ex)
        named = dataset.graph(URIRef(str(document_iri(ex))))
        for triple in g:
            named.add(triple)
            union.add(triple)
    seconds = time.perf_counter() - start
    out["ingest"] = {
        "seconds": round(seconds, 2),
        "documents_per_second": round(len(files) / seconds, 2),
        "triples": len(union),
    }
    out.update(_peak_mb())
    _save(out, partial)
    shapes = Graph()
    for item in shape_files():
        shapes.parse(data=read_text(item), format="turtle")
    start = time.perf_counter()
    try:
        conforms, _, _ = _within(
            validate_timeout, lambda: pyshacl.validate(union, shacl_graph=shapes, advanced=True, inference="none")
        )
        out["validate"] = {"seconds": round(time.perf_counter() - start, 2), "conforms": bool(conforms)}
    except _Deadline:
        out["validate"] = {"timeout_s": validate_timeout}
    out.update(_peak_mb())
    _save(out, partial)
    per_query, timeouts = {}, []
    for name, q in querylib.catalogue().items():
        bindings = {k: from_ox(v) for k, v in q.bindings({p.name: p.example for p in q.params}).items()}
        times: list[float] = []

        def timed(q=q, b=bindings, times=times):
            list(dataset.query(q.text, initBindings=b))  # warm-up
            while len(times) < BASELINE_QUERY_RUNS:
                begin = time.perf_counter()
                list(dataset.query(q.text, initBindings=b))
                times.append((time.perf_counter() - begin) * 1000)

        try:
            _within(query_timeout, timed)
        except _Deadline:
            pass
        if times:
            per_query[name] = times
        else:
            timeouts.append(name)
    out["queries"] = _latency_summary(per_query, timeouts, query_timeout)
    out["pdf"] = _pdf_throughput(files[:PDF_DOCUMENTS], baseline=True)
    out.update(_peak_mb())
    return out


def _save(result: dict, partial: Path | None) -> None:
    if partial is not None:
        partial.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def _child(mode: str, corpus: Path, documents: int, workers: int, timeout: int, extra: list[str] = ()) -> dict:
    """Run one measurement in its own process; on a timeout keep the steps it had finished."""
    handle, name = tempfile.mkstemp(prefix="bkg-partial-", suffix=".json")
    os.close(handle)
    partial = Path(name)
    cmd = [
        sys.executable,
        __file__,
        f"--run-{mode}",
        str(documents),
        "--corpus",
        str(corpus),
        "--workers",
        str(workers),
        "--partial",
        str(partial),
        *extra,
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {**_finished_steps(partial), "timeout_seconds": timeout}
    else:
        if done.returncode != 0:  # the steps finished before the failure are kept beside the error
            error = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
            return {**_finished_steps(partial), "error": error}
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        partial.unlink(missing_ok=True)


def _finished_steps(partial: Path) -> dict:
    """What a run that did not finish had saved of its steps."""
    text = partial.read_text(encoding="utf-8") if partial.exists() else ""
    return json.loads(text) if text else {}


def _cell(run: dict, *path: str) -> str:
    value = run
    for key in path:
        if isinstance(value, dict) and "timeout_s" in value and key not in value:
            return f"> {value['timeout_s']} s"
        if not isinstance(value, dict) or key not in value:
            return f"> {run['timeout_seconds']} s" if "timeout_seconds" in run else "—"
        value = value[key]
    return str(value)


def _ingest_and_validate(run: dict) -> float | None:
    """Seconds to ingest and validate; for a validation past its limit, the limit (a lower bound)."""
    ingest, validate = run.get("ingest", {}), run.get("validate", {})
    if "seconds" not in ingest or not ({"seconds", "timeout_s"} & set(validate)):
        return None
    return ingest["seconds"] + validate.get("seconds", validate.get("timeout_s"))


def table(runs: list[dict]) -> str:
    """The Markdown table of the README's Performance section, and the speed-up over the baseline."""
    lines = [
        "| documents | engine | ingest docs/s (text) | ingest docs/s (PDF) | validate s | ingest + validate s "
        "| query median ms | queries ≤ 200 ms | slowest query ms | export s | store MB | peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for run in runs:
        for engine in ("budgetkg", "baseline"):
            r = run[engine]
            if r is None:
                continue
            total = _ingest_and_validate(r)
            lower = ">" if "timeout_s" in r.get("validate", {}) else ""
            queries = r.get("queries", {})
            lines.append(
                f"| {run['documents']} | {engine} | {_cell(r, 'ingest', 'documents_per_second')} | "
                f"{_cell(r, 'pdf', 'documents_per_second')} | {_cell(r, 'validate', 'seconds')} | "
                f"{lower}{'—' if total is None else round(total, 1)} | {_cell(r, 'queries', 'median_of_medians_ms')} | "
                f"{queries.get('within_200_ms', '—')}/{queries.get('queries', '—')} | "
                f"{_cell(r, 'queries', 'max_median_ms')} | {_cell(r, 'export', 'seconds')} | "
                f"{_cell(r, 'store_mb')} | {_cell(r, 'peak_rss_mb')} |"
            )
        ours, base = run["budgetkg"], run["baseline"]
        if base and _ingest_and_validate(ours) and _ingest_and_validate(base):
            ratio = _ingest_and_validate(base) / _ingest_and_validate(ours)
            bound = "at least " if "timeout_s" in base.get("validate", {}) else ""
            notes.append(
                f"{run['documents']} documents: ingest + validate {bound}{ratio:.0f}x faster than the baseline"
            )
    return "\n".join(lines + [""] + notes)


def _commit() -> str | None:
    """The commit of the code measured (None outside a git checkout)."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout.strip() or None


def kept_table(paths: list[Path]) -> str:
    """The table of the runs kept in ``paths`` (this script's JSON files), smallest corpus first."""
    runs = [run for path in paths for run in json.loads(path.read_text(encoding="utf-8"))["runs"]]
    return table(sorted(runs, key=lambda run: run["documents"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--baseline-max", type=int, default=100, help="largest corpus the baseline runs on")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--step-timeout", type=int, default=3600, help="seconds before a whole run counts as a timeout")
    parser.add_argument("--baseline-query-timeout", type=int, default=20, help="seconds per baseline query")
    parser.add_argument("--baseline-validate-timeout", type=int, default=600, help="seconds for pyshacl")
    parser.add_argument("--query-runs", type=int, default=5, help="timed runs per library query (after a warm-up)")
    parser.add_argument("--corpus", type=Path, default=ROOT / "artifacts" / "bench-corpus")
    parser.add_argument("--output", type=Path, default=ROOT / "artifacts" / "scale.json")
    parser.add_argument(
        "--validate-after", action="store_true", help="validate after the ingest, not per document in its workers"
    )
    parser.add_argument("--run-ours", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--run-baseline", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--partial", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--table", type=Path, nargs="+", help="print the table of these kept JSON files, run nothing")
    args = parser.parse_args()
    if args.table:
        print(kept_table(args.table))
        return 0
    if args.run_ours or args.run_baseline:
        n = args.run_ours or args.run_baseline
        files = sorted(args.corpus.glob("synthetic-*.txt"))[:n]
        result = (
            run_ours(files, args.workers, args.partial, args.query_runs, not args.validate_after)
            if args.run_ours
            else run_baseline(files, args.partial, args.baseline_query_timeout, args.baseline_validate_timeout)
        )
        print(json.dumps(result, ensure_ascii=False))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    write_corpus(args.corpus, max(sizes))
    runs = []
    for n in sizes:
        print(f"{n} documents: budgetkg …", file=sys.stderr)
        extra = ["--query-runs", str(args.query_runs)] + (["--validate-after"] if args.validate_after else [])
        ours = _child("ours", args.corpus, n, args.workers, args.step_timeout, extra)
        base = None
        if n <= args.baseline_max:
            print(f"{n} documents: baseline …", file=sys.stderr)
            base = _child(
                "baseline",
                args.corpus,
                n,
                args.workers,
                args.step_timeout,
                [
                    "--baseline-query-timeout",
                    str(args.baseline_query_timeout),
                    "--baseline-validate-timeout",
                    str(args.baseline_validate_timeout),
                ],
            )
        runs.append({"documents": n, "budgetkg": ours, "baseline": base})
    machine = {
        "commit": _commit(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "workers": args.workers,
        "query_runs": args.query_runs,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps({"machine": machine, "runs": runs}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(table(runs))
    print(f"written: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
