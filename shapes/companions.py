"""Cross-document rules apply only where the store holds the other disclosure they compare with.

A store-wide rule (a 决算 against the same year's 预算, a stated previous amount against the previous year's
disclosure) reads a second document. Its ``bgts:companionWhen`` ASK, run on the whole store with
``$document`` standing for the document, says whether that other disclosure is there; when it is not, the
ledger says *not-applicable* with ``bgts:companionNote`` instead of a silent *passed*.
"""

from __future__ import annotations

from budgetkg.shapes.catalog import ShapesCatalog
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.report import Outcome
from budgetkg.store import KnowledgeStore


def with_companions(
    kg: KnowledgeStore, catalog: ShapesCatalog, verdicts: dict[str, Applicability]
) -> dict[str, Applicability]:
    """``verdicts`` with each applicable cross-document rule judged not-applicable where its other
    disclosure is absent from ``kg``."""
    rules = [s for s in catalog.shapes.values() if s.companion_when]
    out: dict[str, Applicability] = {}
    for document, verdict in verdicts.items():
        answers: dict[str, bool] = {}  # the bands of one rule share their ASK
        judged = dict(verdict)
        for shape in rules:
            if judged.get(shape.name, (None, ""))[0] is not None:
                continue
            ask = shape.companion_when.replace("$document", f"<{document}>")
            if ask not in answers:
                answers[ask] = kg.ask(ask)
            if not answers[ask]:
                judged[shape.name] = (Outcome.NOT_APPLICABLE, shape.companion_note)
        out[document] = judged
    return out
