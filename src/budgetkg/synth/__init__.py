"""Synthetic disclosures: realistic, internally consistent by construction, with their ground truth.

``generate_document(seed)`` returns the text of a disclosure in the form PDF converters emit (the
Inner Mongolia 12-table template) and the :class:`Extraction` that reading it must give. Amounts are
integers of 0.01 万元 (100 元) while the budget is built, so every sum is exact. ``inject`` names
discrepancies to print on purpose (for the validator's tests); they are listed in ``SyntheticDocument``.
"""

from __future__ import annotations

from budgetkg.synth.budget import SIZES, build_budget
from budgetkg.synth.document import generate_document
from budgetkg.synth.model import Budget, SyntheticDocument
from budgetkg.synth.printer import INJECTABLE
from budgetkg.synth.truth import truth_of

__all__ = ["INJECTABLE", "SIZES", "Budget", "SyntheticDocument", "build_budget", "generate_document", "truth_of"]
