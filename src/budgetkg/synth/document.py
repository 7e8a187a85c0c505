"""Generate a synthetic disclosure: build its budget, render its text, derive its ground truth."""

from __future__ import annotations

import random

from budgetkg.synth.budget import build_budget
from budgetkg.synth.model import SyntheticDocument
from budgetkg.synth.printer import INJECTABLE
from budgetkg.synth.text import render
from budgetkg.synth.truth import truth_of


def generate_document(seed: int, inject: tuple[str, ...] = (), size: str = "small") -> SyntheticDocument:
    """A synthetic disclosure and its ground truth; ``inject`` prints the named discrepancies."""
    budget = build_budget(seed, size)
    unknown = set(inject) - set(INJECTABLE)
    if unknown:
        raise ValueError(f"unknown discrepancy kinds {sorted(unknown)}; known: {', '.join(INJECTABLE)}")
    text, printed = render(budget, random.Random(seed + 1), inject)
    return SyntheticDocument(text=text, truth=truth_of(budget, printed), injected=budget.injected)
