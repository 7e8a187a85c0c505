"""Seconds per page and per document for reading PDFs (pdfplumber) and recognising their tables.

Usage: python benchmarks/pdf_speed.py [PDF ...] [--output results.json] [--repeat N]

Without PDFs it reads the three published ones in ../shared/corpus/pdf. For each document it reports
the end-to-end time (read_pdf + extract, the best of --repeat runs, wall clock and CPU) and where the
time goes: pdfminer parsing the page content (``page.objects``), ``find_tables``, text lines, and the
rest (grids, recognition). The target is 2 s for a 26-page document on one core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pdfplumber

from budgetkg.ingest.extract import extract
from budgetkg.ingest.pdf_reader import read_pdf

SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
TARGET_SECONDS_26_PAGES = 2.0


def _timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def stages(path: Path) -> dict[str, float]:
    """CPU seconds of each pdfplumber stage, measured on one fresh open of the file."""
    out = {"parse": 0.0, "find_tables": 0.0, "text_lines": 0.0}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            out["parse"] += _timed(lambda p=page: p.objects)[1]
            out["find_tables"] += _timed(lambda p=page: p.find_tables())[1]
            out["text_lines"] += _timed(lambda p=page: p.extract_text_lines())[1]
    return out


def measure(path: Path, repeat: int) -> dict:
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    runs = [_timed(lambda: extract(read_pdf(path))) for _ in range(repeat)]
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    parts = stages(path)
    parts["rest"] = max(0.0, cpu - sum(parts.values()))
    return {"file": path.name, "pages": pages, "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
            "seconds_per_page": round(wall / pages, 4), "cpu_seconds_per_page": round(cpu / pages, 4),
            "stages_cpu_seconds": {k: round(v, 3) for k, v in parts.items()},
            "within_target": cpu / pages * 26 <= TARGET_SECONDS_26_PAGES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--output", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per document; the best is reported")
    args = parser.parse_args(argv)
    pdfs = args.pdfs or sorted(SHARED_PDFS.glob("*.pdf"))
    if not pdfs:
        parser.error(f"no PDFs given and none found in {SHARED_PDFS}")
    results = [measure(p, args.repeat) for p in pdfs]
    print(f"{'file':48} {'pages':>5} {'s/doc':>7} {'cpu s':>7} {'cpu s/page':>10} {'parse':>6} {'tables':>6} "
          f"{'text':>6} {'rest':>6}")
    for r in results:
        st = r["stages_cpu_seconds"]
        print(f"{r['file'][:48]:48} {r['pages']:>5} {r['seconds']:>7.2f} {r['cpu_seconds']:>7.2f} "
              f"{r['cpu_seconds_per_page']:>10.3f} {st['parse']:>6.2f} {st['find_tables']:>6.2f} "
              f"{st['text_lines']:>6.2f} {st['rest']:>6.2f}")
    if args.output:
        args.output.write_text(json.dumps({"target_seconds_per_26_pages": TARGET_SECONDS_26_PAGES,
                                           "documents": results}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
