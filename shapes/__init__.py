"""SHACL validation of the knowledge graph: ``validate(store)`` returns a typed :class:`ValidationReport`.

Two engines give the same findings (the tests prove it on every fixture and on the seed): ``Engine.FAST``
runs the shapes' SPARQL on the Oxigraph store, ``Engine.PYSHACL`` is the reference engine. See
:mod:`budgetkg.shapes.validation`.
"""

from __future__ import annotations

from budgetkg.shapes.atingest import DocumentCheck, check_document
from budgetkg.shapes.kinds import Engine, Severity
from budgetkg.shapes.report import Finding, ValidationReport
from budgetkg.shapes.validation import validate, validate_ingested

__all__ = [
    "DocumentCheck",
    "Engine",
    "Finding",
    "Severity",
    "ValidationReport",
    "check_document",
    "validate",
    "validate_ingested",
]
