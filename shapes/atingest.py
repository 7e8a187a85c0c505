"""Per-document validation at ingest: each document's shapes run where it was prepared, on its graph in memory.

``check_document`` is the ``check`` an ingest runs on every document (``ingest_paths(check=...)``, in the
worker process or on the Dask worker that prepared it): it loads the document's N-Quads into an in-memory
store, the same copy :mod:`budgetkg.shapes.perdocument` validates, and returns the findings of every
per-document shape and which rules apply to the document. The rules that compare documents are left for
:func:`budgetkg.shapes.validation.validate` to run afterwards (``checked=``), on the merge of each department's
graphs (a document without a companion: on its graph alone), taken from the spool the writer filled
(:mod:`budgetkg.shapes.spool`) or else read from the store. They are not run here on the document alone: most
documents have companions (a department publishes every year), and that run would then be thrown away.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.perdocument import results_on_copy
from budgetkg.shapes.report import Finding
from budgetkg.store import KnowledgeStore


@dataclass(frozen=True)
class DocumentCheck:
    """A document validated alone: its per-document findings and the rules' applicability."""

    document: str
    findings: list[Finding]
    verdict: Applicability


def check_document(document: str, data: bytes) -> DocumentCheck:
    """Validate the document ``document`` from its N-Quads ``data`` (its named graph) in memory."""
    return _checked(document, data)


def _checked(document: str, data: bytes) -> DocumentCheck:
    catalog = load_catalog()
    copy = KnowledgeStore()
    copy.bulk_add({document: data})
    findings, verdict = results_on_copy(copy, document, catalog)
    return DocumentCheck(document=document, findings=findings, verdict=verdict)
