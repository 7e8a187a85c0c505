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
    "Coverage",
    "DocumentMeta",
    "Extraction",
    "ExtractionWarning",
    "GivenMetadata",
    "Heading",
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

    def sources(self) -> dict[str, str]:
        """Where department, year and kind were read, for those not read from the title."""
        found = {"department": self.department_source, "year": self.year_source, "kind": self.kind_source}
        return {what: source for what, source in found.items() if source != "title"}


@dataclass(frozen=True)
class GivenMetadata:
    """Department, year and kind as given by the user (``ingest --year/--department/--kind``).

    A given value fills what the document does not say; with ``override`` it replaces what it says.
    """

    department: str | None = None
    fiscal_year: int | None = None
    kind: DocumentKind | None = None
    override: bool = False
    ocr: bool = False  # read image-only PDF pages by OCR (``ingest --ocr``): how to read, carried with the rest


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
    read: bool = True  # False when its kind has no extractor (unrecognised) or its content could not be read


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
    change_direction: str | None = None  # the word of the change on the year before: increase, decrease or flat
    change_precision: Decimal | None = None  # 元 per unit of the change's last printed digit
    previous: Decimal | None = None  # 元: the previous year's amount when the sentence prints it (上年 X 万元)
    previous_precision: Decimal | None = None  # 元 per unit of its last printed digit
    compared_with: str | None = None  # what the change is on, as printed: 上年, 2023年度决算数, 2024年预算执行数
    compared_year: int | None = None  # the year it names (上年: the document's year − 1)
    within: int | None = None  # index in Extraction.narrative of the figure a 其中 list makes this one part of
    printed_amount: Decimal | None = field(default=None, compare=False, hash=False)  # the number as printed
    unit: str | None = field(default=None, compare=False, hash=False)  # the amount's printed unit (万元, 元, 亿元)
    decimals: int | None = field(default=None, compare=False, hash=False)  # the amount's printed decimals
    source: SourceRef = field(default=SourceRef(), compare=False, hash=False)


@dataclass(frozen=True)
class Heading:
    """A heading as printed (a section title, a table's title or header line), where it stands, the table it
    belongs to and the body it names (None when it names none): what the hygiene rules read."""

    text: str
    source: SourceRef
    table: str | None = None  # the number of the table it titles
    names: str | None = None


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


@dataclass(frozen=True)
class Coverage:
    """How much of a document was read: tables found and read per kind, and what the rest gave.

    Kept on the document (``bgt:coverage``) so that a researcher sees what a disclosure yielded, and what
    it did not, without re-reading the warnings.
    """

    found: dict[str, int]  # table kind -> tables of that kind found (an unrecognised table is "unknown")
    recognised: dict[str, int]  # table kind -> tables recognised and read
    observations: int = 0
    statements: int = 0
    projects: int = 0
    indicators: int = 0
    warnings: int = 0
    listed_not_found: tuple[str, ...] = ()  # titles in the table of contents that no table has

    @property
    def tables(self) -> int:
        return sum(self.found.values())

    @property
    def tables_recognised(self) -> int:
        return sum(self.recognised.values())

    def not_recognised(self, kind: str) -> int:
        return self.found.get(kind, 0) - self.recognised.get(kind, 0)

    @classmethod
    def of(cls, ex: Extraction, listed_not_found: tuple[str, ...] = ()) -> Coverage:
        """The coverage of ``ex`` as it stands (call it after the last warning)."""
        found: dict[str, int] = {}
        recognised: dict[str, int] = {}
        for t in ex.tables:
            found[str(t.kind)] = found.get(str(t.kind), 0) + 1
            if t.read:
                recognised[str(t.kind)] = recognised.get(str(t.kind), 0) + 1
        return cls(
            found=found,
            recognised=recognised,
            observations=len(ex.observations),
            statements=len(ex.narrative),
            projects=len(ex.projects),
            indicators=sum(len(p.indicators) for p in ex.projects),
            warnings=len(ex.warnings),
            listed_not_found=listed_not_found,
        )


@dataclass
class Extraction:
    """All facts recognised in one document."""

    meta: DocumentMeta
    sha256: str = ""
    source_path: str = ""
    medium: Medium = Medium.TEXT
    confidence: dict[tuple[int, tuple[float, float, float, float]], Decimal] = field(default_factory=dict)  # OCR
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
    headings: list[Heading] = field(default_factory=list)  # ingest/narrative/headings.py
    coverage: Coverage | None = None  # set by ``extract`` once everything is read

    def warn(self, message: str, line: int | None = None, page: int | None = None, table: str | None = None) -> None:
        self.warnings.append(ExtractionWarning(message, line, page, table))
