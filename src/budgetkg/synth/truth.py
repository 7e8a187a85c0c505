"""The ground truth of a synthetic document: the Extraction reading it must give, from the generator's own
numbers (never from the parser's functions), so the round trip compares two independent things."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.enums import DocumentKind, Scheme
from budgetkg.ingest.model import DocumentMeta, Extraction, NarrativeFigure, Observation, TableInfo, UnitInfo
from budgetkg.ingest.policy.model import Citation, DocNumber, Indicator, PolicyDocumentRef, Project
from budgetkg.synth.model import PRINTED_DECIMALS, Budget, SynthProject, yuan


def truth_of(budget: Budget, printed: dict) -> Extraction:
    """The Extraction that reading the rendered text must give (amounts as printed)."""
    meta = DocumentMeta(
        department=budget.department,
        fiscal_year=budget.year,
        kind=DocumentKind.BUDGET,
        title=printed["title"],
        reporting_unit=budget.unit,
        approval_date=budget.approval,
        publication_date=budget.publication,
    )
    ex = Extraction(meta=meta)
    coded = {c for (c, _) in budget.three_public if c}  # codes are printed in the 三公 and 绩效 tables
    coded |= {p.unit_code for p in budget.projects}
    ex.units = [
        UnitInfo(name=n, code=c if c in coded else None, unit_type=t, seq=i + 1, names={n})
        for i, (c, n, t) in enumerate(budget.units)
    ]
    ex.tables = [TableInfo(number=n, title=t, kind=k, unit=budget.unit, empty=e) for n, t, k, e in printed["tables"]]
    for table, cells in printed["cells"].items():
        for c in cells:
            ex.observations.append(
                Observation(table=table, amount=yuan(c["value"]), decimals=PRINTED_DECIMALS, **c["dims"])
            )
    for code, name in printed["codes"].items():
        ex.codes[(Scheme.FUNCTION if code.startswith("2") else Scheme.ECONOMIC, code)] = name
    for fig in printed["narrative"]:
        ex.narrative.append(NarrativeFigure(**fig))
    ex.projects = [project_truth(p) for p in budget.projects]
    return ex


def project_truth(p: SynthProject) -> Project:
    """The Project (with citations and indicators) that reading a synthetic project must give."""
    citations = [
        Citation(PolicyDocumentRef(DocNumber(code, year, serial), title), printed)
        for code, year, serial, title, printed in p.citations
    ]
    indicators = [
        Indicator(
            name=name,
            level1=l1,
            level2=l2n,
            nature=nature,
            comparator=comparator,
            target=str(target),
            target_number=Decimal(target) if isinstance(target, int) else None,
            unit=unit,
            weight=weight,
        )
        for l1, _, l2n, name, nature, comparator, target, unit, weight in p.indicators
    ]
    return Project(
        name=p.name,
        unit=p.unit_code,
        category=p.category,
        amount=yuan(p.amount),
        citations=citations,
        indicators=indicators,
    )
