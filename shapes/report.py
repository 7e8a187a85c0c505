"""Typed validation results: one :class:`Finding` per violated rule and focus node, in a :class:`ValidationReport`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from budgetkg.ingest.normalise import unit_scale
from budgetkg.shapes.catalog import SEVERITY_RANK
from budgetkg.shapes.kinds import Engine, Severity


def in_unit(amount: Decimal | None, unit: str | None) -> Decimal | None:
    """An amount in 元 expressed in the printed unit (元, 万元, 亿元), with two decimals."""
    if amount is None:
        return None
    return (amount / unit_scale(unit)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CellRef:
    """Where a node involved in a finding was read: document, table, row label and line or page."""

    iri: str
    document: str | None = None
    table: str | None = None  # table number
    table_label: str | None = None
    label: str | None = None  # row: code and name, line item, unit or statement subject
    measure: str | None = None
    phase: str | None = None
    year: str | None = None
    amount: Decimal | None = None  # 元
    unit: str | None = None  # the printed unit of the cell or statement (else of its table)
    line: int | None = None
    page: int | None = None
    row: int | None = None

    @property
    def where(self) -> str:
        """``line 634`` or ``p. 12`` or ``?``."""
        if self.line is not None:
            return f"line {self.line}"
        return f"p. {self.page}" if self.page is not None else "?"

    def to_json(self) -> dict:
        return {
            "iri": self.iri,
            "table": self.table,
            "label": self.label,
            "measure": self.measure,
            "phase": self.phase,
            "year": self.year,
            "amount": None if self.amount is None else format(self.amount, "f"),
            "printed": None if self.amount is None else format(in_unit(self.amount, self.unit), "f"),
            "unit": self.unit,
            "line": self.line,
            "page": self.page,
            "row": self.row,
        }


@dataclass(frozen=True)
class Finding:
    """One validation result with the numbers side by side and the provenance of every cell involved."""

    rule: str  # the shape's local name, e.g. "BasicEqualsPersonnelPlusPublic-Rounding"
    shape: str  # the shape IRI
    concern: str  # arithmetic, crosstable, narrative, disclosure, indicators, citations, structure
    severity: Severity
    focus: str
    document: str | None
    message_zh: str
    message_en: str
    value: str | None = None  # sh:value: the printed amount (元) or the offending term, as text
    expected: Decimal | None = None  # 元 (or per cent for percentage rules)
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None  # the printed unit of the numbers (元, 万元, 亿元, %)
    cell: CellRef | None = None
    parts: tuple[CellRef, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # other bound variables of the query, as text

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        """What must agree between the fast path and pyshacl: shape, focus node, severity, sh:value."""
        return (self.shape, self.focus, self.severity, self.value)

    @property
    def value_decimal(self) -> Decimal | None:
        try:
            return Decimal(self.value) if self.value is not None else None
        except ArithmeticError:
            return None

    @property
    def printed(self) -> Decimal | None:
        """The value in the finding's printed unit (921.60 for 9216000 元 in a 万元 table)."""
        return self._shown(self.value_decimal)

    @property
    def expected_printed(self) -> Decimal | None:
        return self._shown(self.expected)

    @property
    def difference_printed(self) -> Decimal | None:
        return self._shown(self.difference)

    def _shown(self, amount: Decimal | None) -> Decimal | None:
        if amount is None:
            return None
        if self.unit == "%":
            return amount
        return in_unit(amount, self.unit)

    @property
    def table(self) -> str | None:
        return self.cell.table if self.cell else None


class Outcome(StrEnum):
    """What a rule's run on one document came to: the ledger says so for every rule, even when silent."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not-applicable"  # the table or statement the rule reads is absent from the document
    INCOMPLETE = "incomplete"  # what it reads is there, but extraction flagged it (a warning names it)


@dataclass(frozen=True)
class RuleOutcome:
    """One line of the rule ledger: a rule on a document, its outcome and why."""

    rule: str
    document: str
    outcome: Outcome
    reason: str

    def to_json(self) -> dict:
        return {"rule": self.rule, "document": self.document, "outcome": self.outcome, "reason": self.reason}


@dataclass
class ValidationReport:
    """All findings of one run, with what was validated and how."""

    findings: list[Finding] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    engine: Engine = Engine.FAST
    seconds: float = 0.0
    shapes: int = 0
    rules: list[RuleOutcome] = field(default_factory=list)  # the ledger: every rule on every document

    @property
    def conforms(self) -> bool:
        """True when no finding is a Violation (warnings do not break conformance)."""
        return not any(f.severity == Severity.VIOLATION for f in self.findings)

    def counts(self) -> dict[Severity, int]:
        """How many findings of each severity, worst first (every severity present, possibly 0)."""
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in reversed(Severity)}

    def at_least(self, severity: Severity | str) -> ValidationReport:
        """The findings of ``severity`` or worse."""
        rank = SEVERITY_RANK[severity]
        kept = [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]
        return ValidationReport(kept, self.documents, self.engine, self.seconds, self.shapes, self.rules)

    def ledger(self, document: str | None = None) -> list[RuleOutcome]:
        """The ledger's lines, of one document or of all, by document and rule."""
        lines = [r for r in self.rules if document is None or r.document == document]
        return sorted(lines, key=lambda r: (r.document, r.rule))

    def outcome_counts(self, document: str | None = None) -> dict[Outcome, int]:
        """How many rules passed, failed, were not applicable or incomplete (every outcome present)."""
        c = Counter(r.outcome for r in self.ledger(document))
        return {o: c.get(o, 0) for o in Outcome}

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule]

    def keys(self) -> set[tuple]:
        return {f.key for f in self.findings}

    def sorted(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (
                f.document or "",
                _table_order(f.table),
                f.rule,
                f.cell.row if f.cell and f.cell.row else 0,
                f.focus,
            ),
        )


def _table_order(table: str | None) -> tuple[int, str]:
    if table is None:
        return (10**6, "")
    return (int(table), "") if table.isdigit() else (10**5, table)
