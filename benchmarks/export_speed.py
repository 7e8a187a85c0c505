"""Time the export of a generated corpus's policy network in every format.

    .venv/bin/python benchmarks/export_speed.py --documents 1000 --output artifacts/export-speed.json

The corpus comes from ``budgetkg.synth.generate_document(seed)`` (seeds 1..N), ingested into ``--store``
(default: a fresh temporary folder; an existing store with N documents is reused as it is). The policy network is
the projection without classification codes (departments, units, projects, policy documents, issuers);
``--codes`` adds the codes.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from budgetkg.export import FORMATS, GRAPH_WRITERS, export_bytes
from budgetkg.export.projection import ProjectionOptions, project
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document


def build_corpus(store: KnowledgeStore, documents: int, folder: Path) -> float:
    """Generate and ingest ``documents`` disclosures unless the store already holds that many; seconds spent."""
    if len(store.graphs()) >= documents:
        return 0.0
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for seed in range(1, documents + 1):
        path = folder / f"synthetic-{seed:05d}.txt"
        path.write_text(generate_document(seed).text, encoding="utf-8")
        result = ingest_file(path, store)
        if not result.ok:
            raise SystemExit(f"{path}: ingest failed: {result.error}")
        if seed % 100 == 0:
            print(f"  ingested {seed}/{documents}", file=sys.stderr)
    store.flush()
    return time.perf_counter() - start


def time_exports(store: KnowledgeStore, options: ProjectionOptions, formats: list[str]) -> list[dict]:
    """One row per step: the projection alone, then each format (projection included), with size."""
    rows = []
    start = time.perf_counter()
    graph = project(store, options)
    rows.append(
        {
            "step": "projection",
            "seconds": time.perf_counter() - start,
            "bytes": None,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
        }
    )
    for fmt in formats:
        start = time.perf_counter()
        data, nodes, edges = export_bytes(store, fmt, options)
        rows.append(
            {"step": fmt, "seconds": time.perf_counter() - start, "bytes": len(data), "nodes": nodes, "edges": edges}
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000, help="generated disclosures (default 1000)")
    parser.add_argument("--store", type=Path, help="store folder (reused when it already holds the corpus)")
    parser.add_argument("--formats", default=",".join(GRAPH_WRITERS), help=f"comma-separated, of {','.join(FORMATS)}")
    parser.add_argument("--codes", action="store_true", help="include classification codes")
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown formats {', '.join(unknown)}; use {', '.join(FORMATS)}")

    base = Path(tempfile.mkdtemp(prefix="budgetkg-export-bench-"))
    store = KnowledgeStore(args.store or base / "store")
    ingest_seconds = build_corpus(store, args.documents, base / "corpus")
    rows = time_exports(store, ProjectionOptions(codes=args.codes), formats)

    print(f"{'step':<12}{'seconds':>10}{'MB':>10}{'nodes':>9}{'edges':>9}")
    for r in rows:
        size = f"{r['bytes'] / 1e6:.2f}" if r["bytes"] is not None else "-"
        print(f"{r['step']:<12}{r['seconds']:>10.3f}{size:>10}{r['nodes']:>9}{r['edges']:>9}")
    report = {
        "benchmark": "export_speed",
        "documents": len(store.graphs()),
        "quads": len(store),
        "codes": args.codes,
        "ingest_seconds": ingest_seconds,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "results": rows,
    }
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(report, indent=2), encoding="utf-8")
        print(f"results: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
