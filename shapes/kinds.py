"""The closed vocabularies of validation: the engines that run the shapes and the severities they report.

Both are StrEnums, so callers may keep passing (and comparing with) the plain strings ``"fast"`` or
``"Warning"``, and reports serialise them as those strings.
"""

from __future__ import annotations

from enum import StrEnum


class Engine(StrEnum):
    """``fast``: the shapes' SPARQL on the Oxigraph store; ``pyshacl``: the reference engine."""

    FAST = "fast"
    PYSHACL = "pyshacl"


class Severity(StrEnum):
    """SHACL's ``sh:Info``, ``sh:Warning`` and ``sh:Violation`` by their local names, mildest first."""

    INFO = "Info"
    WARNING = "Warning"
    VIOLATION = "Violation"

    @property
    def rank(self) -> int:
        """0 for Info, 1 for Warning, 2 for Violation: ``at_least`` keeps the findings of a rank or more."""
        return list(Severity).index(self)
