"""Per-document validation at ingest: each document's shapes run where it was prepared, on its graph in memory.

``check_document`` is the ``check`` an ingest runs on every document (``ingest_paths(check=...)``, in the
worker process or on the Dask worker that prepared it): it loads the document's N-Quads into an in-memory
store, the same copy :mod:`budgetkg.shapes.perdocument` validates, and returns the findings of every
per-document shape, which rules apply to the document, and the findings of the cross-document shapes on the
document alone (what its group gives when no other disclosure of its department is in the store). Only the
rules that read other documents are left for :func:`budgetkg.shapes.validation.validate` to run afterwards
(``checked=``), on the merge of each department's graphs, taken from the spool the writer filled
(:mod:`budgetkg.shapes.spool`) or else read from the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.fastpath import grouped_shapes, run_shapes
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.perdocument import results_on_copy
from budgetkg.shapes.report import Finding
from budgetkg.shapes.results import from_rows
from budgetkg.store import KnowledgeStore


@dataclass(frozen=True)
class DocumentCheck:
    """A document validated alone: per-document findings, the rules' applicability, and the cross-document
    shapes' findings on the document by itself (used only when it has no companion in the store)."""

    document: str
    findings: list[Finding]
    verdict: Applicability
    alone: list[Finding]


def check_document(document: str, data: bytes) -> DocumentCheck:
    """Validate the document ``document`` from its N-Quads ``data`` (its named graph) in memory."""
    catalog = load_catalog()
    copy = KnowledgeStore()
    copy.bulk_add({document: data})
    findings, verdict = results_on_copy(copy, document, catalog)
    cross = grouped_shapes(catalog.shapes.values())[1]
    alone = from_rows(copy, list(run_shapes(copy, cross, [document]))) if cross else []
    return DocumentCheck(document=document, findings=findings, verdict=verdict, alone=alone)
