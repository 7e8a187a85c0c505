"""Fast-path validation of many documents in worker processes that open the store read-only.

Each document's shapes need only its own named graph (and a cross-document rule's, the graphs of its group:
one department's disclosures), so the groups of documents are split into chunks and every worker validates its
chunk on a read-only view of the on-disk store (the writer has flushed and does not write while validation
runs). The other store-wide shapes stay with the caller.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from budgetkg.shapes.catalog import ShapeInfo, load_catalog
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.perdocument import document_findings as threaded_findings
from budgetkg.shapes.report import Finding
from budgetkg.store import KnowledgeStore

MIN_DOCUMENTS_PER_WORKER = 8


def _chunk_findings(
    args: tuple[str, list[str], list[list[str]], list[str]],
) -> tuple[list[Finding], dict[str, Applicability]]:
    path, documents, groups, cross_names = args
    cross = [load_catalog().by_name(name) for name in cross_names]
    return threaded_findings(KnowledgeStore(path, read_only=True), documents, threads=1, groups=groups, cross=cross)


def worth_it(path: Path | None, documents: list[str], workers: int | None) -> bool:
    """Parallel only for an on-disk store, more than one worker and enough documents to share."""
    workers = workers or 1
    return path is not None and workers > 1 and len(documents) >= 2 * MIN_DOCUMENTS_PER_WORKER


def document_findings(
    path: Path,
    documents: list[str],
    workers: int,
    groups: list[list[str]] | None = None,
    cross: Sequence[ShapeInfo] = (),
) -> tuple[list[Finding], dict[str, Applicability]]:
    """Findings of every per-document shape, groups of documents (by default one each) split over ``workers``
    processes, with the ``cross`` shapes on each group, and which rules apply to each document."""
    groups = groups if groups is not None else [[d] for d in documents]
    workers = max(1, min(workers, os.cpu_count() or 1, len(documents) // MIN_DOCUMENTS_PER_WORKER))
    size = -(-len(groups) // (workers * 4))  # a few chunks per worker keep them all busy
    chunks = [groups[i : i + size] for i in range(0, len(groups), size)]
    wanted = set(documents)
    names = [s.name for s in cross]
    findings: list[Finding] = []
    verdicts: dict[str, Applicability] = {}
    jobs = [(str(path), sorted(wanted.intersection(d for g in c for d in g)), c, names) for c in chunks]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part, verdict in pool.map(_chunk_findings, jobs):
            findings.extend(part)
            verdicts.update(verdict)
    return findings, {d: verdicts[d] for d in documents if d in verdicts}
