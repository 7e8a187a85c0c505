"""PDF ingest speed on real disclosures: the corpus's PDFs ingested with 1 and with N worker processes.

    .venv/bin/python benchmarks/pdf_ingest.py --workers 2 --output docs/benchmarks/pdf-ingest-DATE.json

The issue's target is stated for 25-page disclosures; real ones range from 12 to 40 pages, so the speed is given
per document and per page, and as 25-page documents per second (pages per second / 25). The PDFs are read from
``../shared/corpus/pdf`` (or ``--pdfs``); each configuration ingests them all into a new store (text layer only,
as ``budgetkg ingest`` does; no validation), after one warm-up document in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDFS = ROOT.parent / "shared" / "corpus" / "pdf"
PAGES_PER_DOCUMENT = 25  # the size the target is stated for


def _pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(pdfs: list[Path], workers: int) -> dict:
    """Ingest ``pdfs`` with ``workers`` processes into a new store; seconds, CPU and speeds."""
    from budgetkg.ingest.pipeline import ingest_paths
    from budgetkg.store import KnowledgeStore

    pages = sum(_pages(p) for p in pdfs)
    with tempfile.TemporaryDirectory(prefix="bkg-pdf-") as tmp:
        store = KnowledgeStore(Path(tmp) / "store")
        start, cpu = time.perf_counter(), _cpu_s()
        results = ingest_paths(pdfs, store, workers=workers)
        store.flush()
        seconds = time.perf_counter() - start
        return {
            "workers": workers,
            "documents": len(pdfs),
            "pages": pages,
            "ingested": sum(r.ok for r in results),
            "seconds": round(seconds, 2),
            "cpu_seconds": round(_cpu_s() - cpu, 2),
            "documents_per_second": round(len(pdfs) / seconds, 3),
            "pages_per_second": round(pages / seconds, 2),
            f"documents_of_{PAGES_PER_DOCUMENT}_pages_per_second": round(pages / seconds / PAGES_PER_DOCUMENT, 3),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=DEFAULT_PDFS, help="a folder of PDF disclosures")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the parallel run")
    parser.add_argument("--output", type=Path, help="write the JSON here too")
    args = parser.parse_args(argv)
    pdfs = sorted(args.pdfs.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {args.pdfs}: give --pdfs FOLDER", file=sys.stderr)
        return 2
    from budgetkg.ingest.pipeline import extract_file

    extract_file(pdfs[0])  # warm-up: imports and fonts, not counted
    out = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "pdfs": [{"file": p.name, "pages": _pages(p)} for p in pdfs],
        "runs": [measure(pdfs, 1), measure(pdfs, args.workers)],
    }
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
