"""The ``--json`` summaries of ingest, validate and export: one JSON object on standard output, for scripts.

Each is a plain dict of counts and paths (the full validation report is ``validate --format json``); numbers
are JSON integers, so a script never parses the human-readable lines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from budgetkg.ingest.pipeline import IngestResult
from budgetkg.shapes import ValidationReport


def print_json(summary: dict) -> None:
    """``summary`` as indented UTF-8 JSON (Chinese names kept readable) and a newline."""
    sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")


def _document(r: IngestResult) -> dict:
    c = r.coverage
    return {
        "path": r.path,
        "document": r.document,
        "ok": r.error is None,
        "error": r.error,
        "tables_found": c.tables if c else None,
        "tables": r.tables,
        "observations": r.observations,
        "statements": c.statements if c else None,
        "projects": c.projects if c else None,
        "indicators": c.indicators if c else None,
        "units": r.units,
        "triples": r.triples,
        "warnings": list(r.warnings),
        "metadata_sources": dict(r.metadata_sources),
    }


def ingest_summary(results: list[IngestResult], store: str, quads: int) -> dict:
    """Per-document results and their totals."""
    documents = [_document(r) for r in results]
    totals = {key: sum(d[key] or 0 for d in documents) for key in ("tables", "observations", "units", "triples")}
    for key in ("statements", "projects", "indicators"):
        totals[key] = sum(d[key] or 0 for d in documents)
    totals["warnings"] = sum(len(d["warnings"]) for d in documents)
    totals["ingested"] = sum(1 for d in documents if d["ok"])
    totals["failed"] = len(documents) - totals["ingested"]
    return {"command": "ingest", "store": store, "quads": quads, "documents": documents, "totals": totals}


def validate_summary(counts: dict, documents: int, conforms: bool, engine: str, seconds: float) -> dict:
    """The findings per severity (all of them, whatever --min-severity shows)."""
    return {
        "command": "validate",
        "conforms": conforms,
        "documents": documents,
        "engine": engine,
        "seconds": round(seconds, 3),
        "counts": {str(k): v for k, v in counts.items()},
    }


def validation_line(report: ValidationReport, written: Path | None) -> str:
    """The line ``ingest --validate`` prints after the ingest summary."""
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n) or "no finding"
    verdict = "conforms" if report.conforms else "has violations"
    where = f"; report written to {written}" if written else "; see `budgetkg validate -d FILE` for the findings"
    return f"validated {len(report.documents)} document(s): {counts}; {verdict}{where}"


def export_summary(fmt: str, output: Path, **written: object) -> dict:
    """What was written: the format, the path, and the nodes and edges (graphs) or rows per table (tables)."""
    files = sorted(p.name for p in output.iterdir()) if output.is_dir() else [output.name]
    return {"command": "export", "format": fmt, "output": str(output), "files": files, **written}
