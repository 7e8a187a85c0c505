"""Plain data model shared by the readers, the recognisers, the mappers and the generator.

Readers (text, PDF) produce :class:`SourceTable` and :class:`SourceLine` objects (``source``); recognisers
turn them into an :class:`Extraction` of typed facts (amounts are ``Decimal`` in 元); the mapper turns an
``Extraction`` into RDF. The synthetic generator produces the same ``Extraction`` as its ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budgetkg.errors import BudgetKGError
from budgetkg.ingest.enums import DocumentKind, Flow, Medium, Scheme, TableKind
from budgetkg.ingest.policy.model import CitationConflict, Project
from budgetkg.ingest.source import SourceDocument, SourceLine, SourceRef, SourceRow, SourceTable

__all__ = [
    "Context",
    "DocumentMeta",
    "Extraction",
    "ExtractionWarning",
    "NarrativeFigure",
    "Observation",
    "SourceDocument",
    "SourceLine",
    "SourceRef",
    "SourceRow",
    "SourceTable",
    "TableInfo",
    "TableReadError",
    "UnitInfo",
]


class TableReadError(BudgetKGError):
    """A table's printed content cannot be read: extractors raise it, ``extract`` reports it as a warning."""


@dataclass
class Context:
    """What every table extractor needs to know about the document."""

    table_number: str
    unit: str | None
    phase: str
    fiscal_year: int


@dataclass(frozen=True)
class DocumentMeta:
    """Who published the disclosure, for which year, what kind it is, and its dates."""

    department: str
    fiscal_year: int
    kind: DocumentKind
    title: str
    reporting_unit: str | None = None  # "万元", "元" or "亿元"
    approval_date: date | None = None
    publication_date: date | None = None
    # the date labels the document prints (批复时间, 公开时间), dated or not: how it was read, not what it says
    date_labels: tuple[str, ...] = field(default=(), compare=False)
    # where each of department, fiscal_year and kind was read: "title", "table header", "table title",
    # "file name" (tables-only attachments have no title page)
    department_source: str = "title"
    year_source: str = "title"
    kind_source: str = "title"


@dataclass(frozen=True)
class TableInfo:
    """A table as recognised: its number, title, kind, unit, whether it is empty, and where it starts."""

    number: str
    title: str
    kind: TableKind
    unit: str | None
    empty: bool = False
    note: str | None = None
    source: SourceRef = SourceRef()


@dataclass
class UnitInfo:
    """A budget unit of the department; ``key`` is its code when known, else its normalised name."""

    name: str
    code: str | None = None
    unit_type: str | None = None
    seq: int | None = None
    names: set[str] = field(default_factory=set)
    source: SourceRef = SourceRef()

    @property
    def key(self) -> str:
        return self.code or self.name


@dataclass(frozen=True)
class Observation:
    """One table cell that holds an amount."""

    table: str
    measure: str
    phase: str
    fiscal_year: int
    amount: Decimal  # 元, exact
    code: str | None = None
    scheme: Scheme | None = None
    item: str | None = None  # line-item label where the row has no code (收支总表, 合计 rows)
    flow: Flow | None = None  # for summary tables
    org: str | None = None  # unit key; None means the department
    decimals: int | None = field(default=None, compare=False, hash=False)  # printed decimals, in the table's unit
    source: SourceRef = field(default=SourceRef(), compare=False, hash=False)

    def fact(self) -> tuple:
        """The observation without its provenance, for comparing extractions."""
        return (
            self.table,
            self.code,
            self.scheme,
            self.item,
            self.flow,
            self.measure,
            self.phase,
            self.fiscal_year,
            self.org,
            self.amount,
        )


@dataclass(frozen=True)
class NarrativeFigure:
    """An amount stated in the narrative, with the change and share stated beside it."""

    section: str
    subject: str
    amount: Decimal | None  # 元
    code: str | None = None
    scheme: Scheme | None = None
    topic: str | None = None  # normalised label when the subject is a total, not a code
    change: Decimal | None = None  # 元, signed
    change_percent: Decimal | None = None  # signed
    share_percent: Decimal | None = None
    share_base: str | None = None  # the whole a share names (占本年支出合计的 x%), as printed
    count: int | None = None  # for counted things (vehicles, projects)
    count_unit: str | None = None
    reason: str | None = None
    budgeted: Decimal | None = None  # 元: the 年初预算 a final amount is set against (final accounts)
    final: Decimal | None = None  # 元: the 决算 amount so stated
    completion_percent: Decimal | None = None  # 完成年初预算的 x%
    direction: str | None = None  # 决算数大于/小于/等于预算数: "above", "below" or "equal"
    printed_amount: Decimal | None = field(default=None, compare=False, hash=False)  # the number as printed
    unit: str | None = field(default=None, compare=False, hash=False)  # the amount's printed unit (万元, 元, 亿元)
    decimals: int | None = field(default=None, compare=False, hash=False)  # the amount's printed decimals
    source: SourceRef = field(default=SourceRef(), compare=False, hash=False)


@dataclass
class ExtractionWarning:
    message: str
    line: int | None = None
    page: int | None = None
    table: str | None = None

    def __str__(self) -> str:
        where = []
        if self.table:
            where.append(f"table {self.table}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.page is not None:
            where.append(f"page {self.page}")
        return f"{self.message} ({', '.join(where)})" if where else self.message


@dataclass
class Extraction:
    """All facts recognised in one document."""

    meta: DocumentMeta
    sha256: str = ""
    source_path: str = ""
    medium: Medium = Medium.TEXT
    tables: list[TableInfo] = field(default_factory=list)
    codes: dict[tuple[Scheme, str], str] = field(default_factory=dict)  # (scheme, code) -> name
    units: list[UnitInfo] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    narrative: list[NarrativeFigure] = field(default_factory=list)
    listed_tables: list[str] = field(default_factory=list)  # titles in the table of contents
    listed_numbers: dict[str, str] = field(default_factory=dict)  # listed title -> its number in the contents
    warnings: list[ExtractionWarning] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)  # policy layer (ingest/policy/model.py)
    citation_conflicts: list[CitationConflict] = field(default_factory=list)

    def warn(self, message: str, line: int | None = None, page: int | None = None, table: str | None = None) -> None:
        self.warnings.append(ExtractionWarning(message, line, page, table))
