"""One project per (unit, name) in a document: find or create it, merging what each source says."""

from __future__ import annotations

from decimal import Decimal
from difflib import SequenceMatcher

from budgetkg.ingest.model import Extraction, SourceRef
from budgetkg.ingest.normalise import canonical_brackets, squash
from budgetkg.ingest.policy.model import Project
from budgetkg.ingest.tables.units import normalise_unit_name, register_unit

_MIN_SIMILARITY = 0.8


def project_key_name(name: str) -> str:
    """A project name for matching: no white space, canonical brackets."""
    return canonical_brackets(squash(name))


def unit_by_code(out: Extraction, code: str, printed: str) -> str:
    """The unit's key from its code; the printed name may be cut short, so it is never matched on."""
    if any(u.code == code for u in out.units):
        return code
    return register_unit(out, printed, code=code)


def unit_by_name(out: Extraction, name: str) -> str | None:
    """The key of the unit a narrative names (实施主体), by exact then closest normalised name."""
    norm = normalise_unit_name(name)
    if not norm:
        return None
    best, score = None, 0.0
    for u in out.units:
        names = {u.name} | {normalise_unit_name(n) for n in u.names}
        if norm in names:
            return u.key
        s = max(SequenceMatcher(None, norm, n).ratio() for n in names)
        if s > score:
            best, score = u, s
    if best is not None and score >= 0.9:
        return best.key
    return None


class ProjectRegistry:
    def __init__(self, out: Extraction) -> None:
        self.out = out

    def find(self, name: str, unit: str | None, amount: Decimal | None = None) -> Project | None:
        key = project_key_name(name)
        same_unit = [p for p in self.out.projects if p.unit == unit or unit is None or p.unit is None]
        for p in same_unit:
            if project_key_name(p.name) == key and (p.unit == unit or unit is None or p.unit is None):
                return p
        if amount is None:
            return None
        for p in same_unit:  # 专业技术资格评审经费 (narrative) = 专业技术资格评审费 (table), same unit and amount
            if (
                p.amount == amount
                and p.unit == unit
                and SequenceMatcher(None, project_key_name(p.name), key).ratio() >= _MIN_SIMILARITY
            ):
                return p
        return None

    def add(
        self,
        name: str,
        code: str | None = None,
        unit_text: str | None = None,
        unit: str | None = None,
        category: str | None = None,
        amount: Decimal | None = None,
        goal: str | None = None,
        source: SourceRef = SourceRef(),
    ) -> Project:
        """Find the project of (unit, name) or create it; fill in what is not known yet."""
        if code:
            unit = unit_by_code(self.out, code, unit_text or code)
        project = self.find(name, unit, amount)
        if project is None:
            project = Project(name=squash(name), unit=unit, unit_text=unit_text, source=source)
            self.out.projects.append(project)
        project.unit = project.unit or unit
        project.unit_text = project.unit_text or unit_text
        project.category = project.category or category
        if amount is not None and project.amount is not None and amount != project.amount:
            self.out.warn(
                f"project '{project.name}': amount {amount} 元 here but {project.amount} 元 elsewhere; kept the first",
                line=source.line,
                page=source.page,
            )
        project.amount = project.amount if project.amount is not None else amount
        project.goal = project.goal or goal
        project.sources.append(source)
        return project
