"""Time to validate one seed-sized document: the fast path (queries on the store) against pyshacl.

    .venv/bin/python benchmarks/validate_speed.py [--document FILE] [--repeat 5] [--pyshacl] [--output FILE]

Ingests the seed (or FILE) into an in-memory store, then validates it ``--repeat`` times with the fast
path (median reported; target ≤ 1 s) and, with ``--pyshacl``, once with the reference engine. Prints a
short table and writes the numbers as JSON with ``--output``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes import validate
from budgetkg.shapes.catalog import load_catalog
from budgetkg.store import KnowledgeStore

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "baotou-hrss-2025-budget.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--document", type=Path, default=SEED, help="the document to validate (default: the seed)")
    parser.add_argument("--repeat", type=int, default=5, help="fast-path runs (median reported)")
    parser.add_argument("--pyshacl", action="store_true", help="also time the reference engine (minutes)")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    args = parser.parse_args()
    if not args.document.exists():
        raise SystemExit(f"{args.document}: not found (pass --document FILE)")
    kg = KnowledgeStore()
    ingest = ingest_file(args.document, kg)
    if ingest.error:
        raise SystemExit(f"{args.document}: {ingest.error}")
    load_catalog()  # parse the shapes once, outside the timings
    validate(kg)  # warm-up
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = validate(kg)
        times.append(time.perf_counter() - started)
    result = {
        "document": args.document.name,
        "triples": len(kg),
        "shapes": len(load_catalog().shapes),
        "findings": len(report.findings),
        "fast_seconds_median": round(statistics.median(times), 4),
        "fast_seconds_all": [round(t, 4) for t in times],
        "target_seconds": 1.0,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    if args.pyshacl:
        started = time.perf_counter()
        reference = validate(kg, engine="pyshacl")
        result["pyshacl_seconds"] = round(time.perf_counter() - started, 2)
        result["same_findings"] = reference.keys() == report.keys()
    print(f"{'document':<34}{'triples':>9}{'shapes':>8}{'findings':>10}{'fast (s)':>10}{'pyshacl (s)':>13}")
    print(
        f"{result['document']:<34}{result['triples']:>9}{result['shapes']:>8}{result['findings']:>10}"
        f"{result['fast_seconds_median']:>10.3f}{result.get('pyshacl_seconds', float('nan')):>13.1f}"
    )
    if args.output:
        args.output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
