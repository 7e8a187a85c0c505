"""PDF ingest throughput: CPU and wall seconds per document, one process and ``-j 2``, and where the time goes.

Usage: python benchmarks/pdf_speed.py [PDF ...] [--output results.json] [--repeat N] [--workers 2]

Without PDFs it reads the published ones in ../shared/corpus/pdf (most are 20-40 pages). For each document
it reports the ingest work a worker does (read_pdf, recognise, map to triples: ``prepare_file``), the best
of --repeat runs, as wall and CPU (user+sys) seconds, and where the CPU goes: pdfium reading the text-only
pages (``pdfium_text``), pdfium filling the table pages' objects (``pdfium_objects``), pdfminer parsing the
pages pdfium cannot fill (``pdfminer``), ``find_tables``, and the rest (words, grids, recognition, triples).
Then all documents through ``--workers`` processes, as ``budgetkg ingest -j N`` parses them: wall time and
the workers' CPU. The machine is shared, so wall time is noisy: the target is 2 documents/s on 2 cores, i.e.
at most 1 s of CPU per document; CPU s/doc is the number to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pdfplumber

from budgetkg.ingest.pipeline.prepare import prepare_file
from budgetkg.ingest.readers.pdf.edges import find_tables
from budgetkg.ingest.readers.pdf.objects import PdfiumPages
from budgetkg.ingest.readers.pdf.textpages import text_only_pages

SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
TARGET_CPU_SECONDS_PER_DOCUMENT = 1.0  # 2 documents/s on 2 cores


def _cpu() -> float:
    """User + system CPU seconds of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    action()
    return time.perf_counter() - wall, _cpu() - cpu


def stages(path: Path) -> tuple[dict[str, float], int, int]:
    """CPU seconds of each reading stage as read_pdf runs them, the pages read as text only, and the pages
    pdfminer still parses."""
    data = path.read_bytes()
    out = {"pdfium_text": 0.0, "pdfium_objects": 0.0, "pdfminer": 0.0, "find_tables": 0.0}
    found: dict = {}
    out["pdfium_text"] = _timed(lambda: found.update(text_only_pages(data)))[1]
    parsed = 0
    fast = PdfiumPages(data)
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if number in found:
                    continue
                started = _cpu()
                if not fast.fill(number, page):
                    parsed += 1
                out["pdfium_objects"] += _cpu() - started
                out["pdfminer"] += _timed(lambda p=page: p.objects)[1]
                out["find_tables"] += _timed(lambda p=page: find_tables(p))[1]
    finally:
        fast.close()
    return out, len(found), parsed


def _prepare(path: str) -> tuple[float, float, bool]:
    wall, cpu = time.perf_counter(), _cpu()
    ok = prepare_file(path).result.ok
    return time.perf_counter() - wall, _cpu() - cpu, ok


def measure(path: Path, repeat: int) -> dict:
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    runs = [_prepare(str(path)) for _ in range(repeat)]
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    parts, text_pages, parsed = stages(path)
    parts["rest"] = max(0.0, cpu - sum(parts.values()))
    return {
        "file": path.name,
        "pages": pages,
        "pages_text_only": text_pages,
        "pages_parsed_by_pdfminer": parsed,
        "ok": all(r[2] for r in runs),
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "cpu_seconds_per_page": round(cpu / pages, 4),
        "stages_cpu_seconds": {k: round(v, 3) for k, v in parts.items()},
        "within_target": cpu <= TARGET_CPU_SECONDS_PER_DOCUMENT * max(1.0, pages / 25),
    }


def parallel(pdfs: list[Path], workers: int) -> dict:
    """All documents through ``workers`` processes (one warm-up document each first, as a long run would be)."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_prepare, [str(pdfs[0])] * workers))
        cpu_before, wall = _children_cpu(), time.perf_counter()
        results = list(pool.map(_prepare, [str(p) for p in pdfs]))
        wall = time.perf_counter() - wall
        worker_cpu = sum(r[1] for r in results)
    return {
        "workers": workers,
        "documents": len(pdfs),
        "wall_seconds": round(wall, 3),
        "documents_per_second_wall": round(len(pdfs) / wall, 2),
        "cpu_seconds_per_document": round(worker_cpu / len(pdfs), 3),
        "documents_per_second_from_cpu": round(workers * len(pdfs) / worker_cpu, 2),
        "children_cpu_seconds": round(_children_cpu() - cpu_before, 3),  # counted when workers exit; may be 0
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--output", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per document; the best is reported")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run (0: skip it)")
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted(SHARED_PDFS.glob("*.pdf"))
    if not pdfs:
        parser.error(f"no PDFs given and none found in {SHARED_PDFS}")
    results = [measure(p, args.repeat) for p in pdfs]
    print(
        f"{'file':40} {'pages':>5} {'text':>4} {'pdfm':>4} {'s/doc':>6} {'cpu s':>6} {'cpu/pg':>6} "
        f"{'pdfium':>6} {'objs':>5} {'pdfmnr':>6} {'tables':>6} {'rest':>5}"
    )
    for r in results:
        st = r["stages_cpu_seconds"]
        print(
            f"{r['file'][:40]:40} {r['pages']:>5} {r['pages_text_only']:>4} {r['pages_parsed_by_pdfminer']:>4} "
            f"{r['seconds']:>6.2f} {r['cpu_seconds']:>6.2f} {r['cpu_seconds_per_page']:>6.3f} "
            f"{st['pdfium_text']:>6.2f} {st['pdfium_objects']:>5.2f} {st['pdfminer']:>6.2f} "
            f"{st['find_tables']:>6.2f} {st['rest']:>5.2f}"
        )
    cpu = sum(r["cpu_seconds"] for r in results)
    pages = sum(r["pages"] for r in results)
    summary = {
        "documents": len(results),
        "pages": pages,
        "cpu_seconds_per_document": round(cpu / len(results), 3),
        "cpu_seconds_per_25_pages": round(cpu / pages * 25, 3),
        "target_cpu_seconds_per_document": TARGET_CPU_SECONDS_PER_DOCUMENT,
    }
    print(
        f"one process: {summary['cpu_seconds_per_document']} s CPU per document ({len(results)} documents, "
        f"{pages} pages; {summary['cpu_seconds_per_25_pages']} s per 25 pages); target "
        f"{TARGET_CPU_SECONDS_PER_DOCUMENT} s (2 documents/s on 2 cores)"
    )
    run = parallel(pdfs, args.workers) if args.workers > 0 else None
    if run:
        print(
            f"-j {run['workers']}: {run['documents']} documents in {run['wall_seconds']} s wall "
            f"({run['documents_per_second_wall']} docs/s, load average {run['load_average'][0]}), "
            f"{run['cpu_seconds_per_document']} s CPU per document: {run['documents_per_second_from_cpu']} docs/s "
            f"on {run['workers']} idle cores"
        )
    if args.output:
        machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system()}
        payload = {"date": date.today().isoformat(), "machine": machine, "summary": summary, "parallel": run}
        payload["documents"] = results
        args.output.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
