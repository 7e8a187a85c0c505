"""Fast-path validation of many documents in worker processes that open the store read-only.

Each document's shapes need only its own named graph, so documents are split into chunks and every worker
validates its chunk on a read-only view of the on-disk store (the writer has flushed and does not write while
validation runs). Store-wide shapes stay with the caller.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.perdocument import document_findings as threaded_findings
from budgetkg.shapes.report import Finding
from budgetkg.store import KnowledgeStore

MIN_DOCUMENTS_PER_WORKER = 8


def _chunk_findings(args: tuple[str, list[str]]) -> tuple[list[Finding], dict[str, Applicability]]:
    path, documents = args
    return threaded_findings(KnowledgeStore(path, read_only=True), documents, threads=1)


def worth_it(path: Path | None, documents: list[str], workers: int | None) -> bool:
    """Parallel only for an on-disk store, more than one worker and enough documents to share."""
    workers = workers or 1
    return path is not None and workers > 1 and len(documents) >= 2 * MIN_DOCUMENTS_PER_WORKER


def document_findings(path: Path, documents: list[str], workers: int) -> tuple[list[Finding], dict[str, Applicability]]:
    """Findings of every per-document shape, documents split over ``workers`` processes, and which rules apply
    to each document."""
    workers = max(1, min(workers, os.cpu_count() or 1, len(documents) // MIN_DOCUMENTS_PER_WORKER))
    size = -(-len(documents) // (workers * 4))  # a few chunks per worker keep them all busy
    chunks = [documents[i : i + size] for i in range(0, len(documents), size)]
    findings: list[Finding] = []
    verdicts: dict[str, Applicability] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part, verdict in pool.map(_chunk_findings, [(str(path), c) for c in chunks]):
            findings.extend(part)
            verdicts.update(verdict)
    return findings, verdicts
