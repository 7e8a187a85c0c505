"""The generator's data model: the budget a synthetic document prints, before rendering, and how it prints.

Amounts are integers of 0.01 万元 (100 元) while the budget is built, so every sum is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from budgetkg.ingest.model import Extraction

TP_MEASURES = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费", "公务接待费")


@dataclass
class SynthProject:
    """A project as generated: its unit, amount, the documents it cites and its indicators."""

    name: str
    unit_code: str
    unit_name: str
    category: str
    amount: int  # 0.01 万元
    citations: list[tuple[str, int, int, str, str]] = field(default_factory=list)  # (..., printed form)
    indicators: list[tuple] = field(default_factory=list)  # INDICATORS rows + weight
    narrative: bool = False


@dataclass
class FunctionRow:
    """One function code of the budget with its amounts (0.01 万元); parents hold their children's sums."""

    code: str
    name: str
    personnel: int = 0
    public: int = 0
    project: int = 0
    previous: int = 0  # last year's 合计, for the narrative

    @property
    def basic(self) -> int:
        return self.personnel + self.public

    @property
    def total(self) -> int:
        return self.basic + self.project


@dataclass
class Budget:
    """The budget a synthetic document prints, before rendering."""

    city: str
    department: str
    year: int
    unit: str  # "万元" or "元"
    approval: date
    publication: date
    units: list[tuple[str, str, str]]  # (code, name, type)
    rows: dict[str, FunctionRow]  # every code, parents included
    economic: dict[str, int]  # code -> amount (leaves and 类 totals)
    three_public: dict[tuple[str | None, int], list[int]]  # (unit code or None, phase index) -> 6 measures
    projects: list[SynthProject] = field(default_factory=list)
    injected: list[dict] = field(default_factory=list)
    previous_total: int = 0  # last year's total, for the narrative: what the year before prints, where there is one


@dataclass
class SyntheticDocument:
    """A generated disclosure's text, the Extraction reading it must give, and the discrepancies printed."""

    text: str
    truth: Extraction
    injected: list[dict]


PRINTED_DECIMALS = 2  # every amount is printed with two decimals, in tables and in the narrative
YUAN_PER_UNIT = {"元": Decimal(1), "万元": Decimal(10000)}  # the units a synthetic document prints in


def amount_text(value: int, unit: str, separators: bool = True) -> str:
    """Print ``value`` (0.01 万元) in ``unit`` (万元 or 元) with :data:`PRINTED_DECIMALS` decimals."""
    number = Decimal(value) * 100 / YUAN_PER_UNIT[unit]
    spec = f"{',' if separators else ''}.{PRINTED_DECIMALS}f"
    return format(number.quantize(Decimal(1).scaleb(-PRINTED_DECIMALS)), spec)


def yuan(value: int) -> Decimal:
    """0.01 万元 -> exact 元 (an integer, so already without trailing zeros or exponent)."""
    return Decimal(value * 100)


def class_codes(b: Budget) -> list[str]:
    """The 类-level function codes of the budget, in order."""
    return sorted(c for c in b.rows if len(c) == 3)
