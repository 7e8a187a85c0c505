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
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.pdf.textpages import text_only_pages

SHARED_PDFS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"
TARGET_SECONDS_26_PAGES = 2.0


def _timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def stages(path: Path) -> tuple[dict[str, float], int]:
    """CPU seconds of each stage as read_pdf runs them, and how many pages pdfplumber parses.

    ``pdfium_text`` finds the pages with nothing drawn and reads their lines; ``parse`` is pdfminer
    interpreting the other pages; then ``find_tables`` and ``text_lines`` on those pages.
    """
    data = path.read_bytes()
    out = {"pdfium_text": 0.0, "parse": 0.0, "find_tables": 0.0, "text_lines": 0.0}
    found: dict = {}
    out["pdfium_text"] = _timed(lambda: found.update(text_only_pages(data)))[1]
    parsed = 0
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if number in found:
                continue
            parsed += 1
            out["parse"] += _timed(lambda p=page: p.objects)[1]
            out["find_tables"] += _timed(lambda p=page: p.find_tables())[1]
            out["text_lines"] += _timed(lambda p=page: p.extract_text_lines())[1]
    return out, parsed


def measure(path: Path, repeat: int) -> dict:
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
    runs = [_timed(lambda: extract(read_pdf(path))) for _ in range(repeat)]
    wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    parts, parsed = stages(path)
    parts["rest"] = max(0.0, cpu - sum(parts.values()))
    return {
        "file": path.name,
        "pages": pages,
        "pages_parsed_by_pdfplumber": parsed,
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "seconds_per_page": round(wall / pages, 4),
        "cpu_seconds_per_page": round(cpu / pages, 4),
        "stages_cpu_seconds": {k: round(v, 3) for k, v in parts.items()},
        "within_target": cpu / pages * 26 <= TARGET_SECONDS_26_PAGES,
    }


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
    print(
        f"{'file':46} {'pages':>5} {'plumb':>5} {'s/doc':>6} {'cpu s':>6} {'cpu s/pg':>8} {'pdfium':>6} "
        f"{'parse':>6} {'tables':>6} {'text':>5} {'rest':>5}"
    )
    for r in results:
        st = r["stages_cpu_seconds"]
        print(
            f"{r['file'][:46]:46} {r['pages']:>5} {r['pages_parsed_by_pdfplumber']:>5} {r['seconds']:>6.2f} "
            f"{r['cpu_seconds']:>6.2f} {r['cpu_seconds_per_page']:>8.3f} {st['pdfium_text']:>6.2f} "
            f"{st['parse']:>6.2f} {st['find_tables']:>6.2f} {st['text_lines']:>5.2f} {st['rest']:>5.2f}"
        )
    print(
        f"target: {TARGET_SECONDS_26_PAGES} s CPU for 26 pages; stages are CPU seconds of one run; "
        "'rest' = grids, recognition, extraction"
    )
    if args.output:
        args.output.write_text(
            json.dumps(
                {"target_seconds_per_26_pages": TARGET_SECONDS_26_PAGES, "documents": results},
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
