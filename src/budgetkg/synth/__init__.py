"""Synthetic disclosures: realistic, internally consistent by construction, with their ground truth.

``generate_document(seed)`` returns the text of a disclosure in the form PDF converters emit (the
Inner Mongolia 12-table template) and the :class:`Extraction` that reading it must give. Amounts are
integers of 0.01 万元 (100 元) while the budget is built, so every sum is exact. ``inject`` names
discrepancies to print on purpose (for the validator's tests); they are listed in ``SyntheticDocument``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from budgetkg.ingest.model import DocumentMeta, Extraction, NarrativeFigure, Observation, TableInfo, UnitInfo
from budgetkg.ingest.normalise import unit_scale
from budgetkg.ingest.policy.model import Citation, DocNumber, Indicator, PolicyDocumentRef, Project
from budgetkg.synth.catalog import (
    CITIES,
    CLASS_NAMES,
    DEPARTMENTS,
    FIRST_YEAR,
    FUNCTION_CODES,
    PERSONNEL_CODES,
    PUBLIC_CODES,
    UNIT_SUFFIXES,
    UNIT_TOPICS,
    UNIT_TYPES,
    YEARS,
)
from budgetkg.synth.policy import make_projects

SIZES = ("small", "seed")
INJECTABLE = ("parent-sum", "basic-split", "total-row", "three-public-total", "cross-table", "narrative-amount")
PRINTED_DECIMALS = 2  # every amount is printed with two decimals, in tables and in the narrative
TP_MEASURES = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行维护费", "公务接待费")


@dataclass
class FunctionRow:
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
    projects: list = field(default_factory=list)  # SynthProject, see synth_policy
    injected: list[dict] = field(default_factory=list)


@dataclass
class SyntheticDocument:
    text: str
    truth: Extraction
    injected: list[dict]


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` non-negative integers."""
    if parts <= 1:
        return [total]
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def _function_rows(rng: random.Random, main_class: str, large: bool = False) -> dict[str, FunctionRow]:
    classes = [main_class] + [c for c in ("210", "221") if c != main_class]
    rows: dict[str, FunctionRow] = {}
    for cls in classes:
        catalogue = FUNCTION_CODES[cls]
        items = [c for c in catalogue if len(c) == 7]
        wanted = (rng.randint(5, 8) if large else rng.randint(1, 4)) if cls == main_class else (2 if large else 1)
        chosen = sorted(rng.sample(items, k=min(len(items), wanted)))
        for code in chosen:
            leaf = FunctionRow(code, catalogue[code])
            leaf.personnel = rng.randint(500, 300000)
            leaf.public = rng.randint(0, 40000) if rng.random() < 0.7 else 0
            leaf.project = rng.randint(100, 200000) if rng.random() < 0.4 else 0
            leaf.previous = max(1, leaf.total + rng.randint(-leaf.total // 5, leaf.total // 5))
            rows[code] = leaf
    for code in sorted([c for c in rows if len(c) == 7], reverse=True):
        for parent in (code[:5], code[:3]):
            name = FUNCTION_CODES[code[:3]].get(parent) or CLASS_NAMES[parent]
            row = rows.setdefault(parent, FunctionRow(parent, name))
            leaf = rows[code]
            row.personnel += leaf.personnel
            row.public += leaf.public
            row.project += leaf.project
            row.previous += leaf.previous
    return rows


def _three_public(rng: random.Random, units: list[tuple[str, str, str]]) -> dict:
    table: dict[tuple[str | None, int], list[int]] = {}
    for code, _, _ in rng.sample(units, k=rng.randint(1, len(units))):
        for phase in range(3):
            abroad = rng.randint(0, 500) if rng.random() < 0.15 else 0
            purchase = rng.randint(1000, 3000) if rng.random() < 0.1 else 0
            running = rng.randint(0, 1500) if rng.random() < 0.7 else 0
            reception = rng.randint(0, 300) if rng.random() < 0.6 else 0
            table[(code, phase)] = [
                abroad + purchase + running + reception,
                abroad,
                purchase + running,
                purchase,
                running,
                reception,
            ]
    for phase in range(3):
        table[(None, phase)] = [sum(v[k] for (c, p), v in table.items() if c and p == phase) for k in range(6)]
    return table


def _economic(rng: random.Random, personnel: int, public: int, reception: int, running: int) -> dict[str, int]:
    econ: dict[str, int] = {}
    p_leaves = sorted(rng.sample([c for c in PERSONNEL_CODES if len(c) == 5], k=rng.randint(3, 7)))
    for code, amount in zip(p_leaves, _split(rng, personnel, len(p_leaves))):
        econ[code] = amount
    fixed = {"30217": reception, "30231": running}
    others = sorted(rng.sample([c for c in PUBLIC_CODES if len(c) == 5 and c not in fixed], k=rng.randint(2, 6)))
    rest = public - reception - running
    for code, amount in zip(others, _split(rng, rest, len(others))):
        econ[code] = amount
    econ.update({k: v for k, v in fixed.items() if v})
    for code in list(econ):
        econ[code[:3]] = econ.get(code[:3], 0) + econ[code]
    return econ


def build_budget(seed: int, size: str = "small") -> Budget:
    """The budget of synthetic document ``seed``; ``size="seed"`` makes it about as large as the seed."""
    if size not in SIZES:
        raise ValueError(f"unknown size '{size}'; use one of {', '.join(SIZES)}")
    large = size == "seed"
    rng = random.Random(seed)
    # (department, year) is the document's identity: seeds 0 .. len(CITIES)*len(DEPARTMENTS)*YEARS-1 never repeat one
    city = CITIES[seed % len(CITIES)]
    dept_name, main_class = DEPARTMENTS[(seed // len(CITIES)) % len(DEPARTMENTS)]
    department = city + dept_name
    year = FIRST_YEAR + (seed // (len(CITIES) * len(DEPARTMENTS))) % YEARS
    approval = date(year, 1, rng.randint(5, 25))
    publication = approval + timedelta(days=rng.randint(3, 19))
    prefix = str(rng.randint(101, 899))
    names = {f"{city}{dept_name}"}
    units = [(f"{prefix}001", f"{city}{dept_name}", UNIT_TYPES[0])]
    wanted = rng.randint(8, 10) if large else rng.randint(2, 7)
    while len(units) < wanted:
        name = city + rng.choice(UNIT_TOPICS) + rng.choice(UNIT_SUFFIXES)
        if name not in names:
            names.add(name)
            units.append((f"{prefix}{len(units) + 1:03d}", name, rng.choice(UNIT_TYPES[1:])))
    rows = _function_rows(rng, main_class, large)
    three = _three_public(rng, units)
    reception, running = three[(None, 2)][5], three[(None, 2)][4]
    leaves = [r for c, r in rows.items() if len(c) == 7]
    public = sum(r.public for r in leaves)
    if public < reception + running:  # the 三公 items come out of 公用经费
        leaves[0].public += reception + running - public
        for parent in (leaves[0].code[:5], leaves[0].code[:3]):
            rows[parent].public += reception + running - public
        public = reception + running
    personnel = sum(r.personnel for r in leaves)
    economic = _economic(rng, personnel, public, reception, running)
    budget = Budget(
        city, department, year, rng.choice(["万元", "万元", "元"]), approval, publication, units, rows, economic, three
    )
    budget.projects = make_projects(random.Random(seed * 7919 + 1), units, sum(r.project for r in leaves), many=large)
    return budget


def amount_text(value: int, unit: str, separators: bool = True) -> str:
    """Print ``value`` (0.01 万元) in ``unit`` (万元 or 元) with :data:`PRINTED_DECIMALS` decimals."""
    number = Decimal(value) * 100 / unit_scale(unit)
    spec = f"{',' if separators else ''}.{PRINTED_DECIMALS}f"
    return format(number.quantize(Decimal(1).scaleb(-PRINTED_DECIMALS)), spec)


def yuan(value: int) -> Decimal:
    """0.01 万元 -> exact 元."""
    from budgetkg.ingest.normalise import canonical_decimal

    return canonical_decimal(Decimal(value) * 100)


def generate_document(seed: int, inject: tuple[str, ...] = (), size: str = "small") -> SyntheticDocument:
    """A synthetic disclosure and its ground truth; ``inject`` prints the named discrepancies."""
    from budgetkg.synth.text import render

    budget = build_budget(seed, size)
    unknown = set(inject) - set(INJECTABLE)
    if unknown:
        raise ValueError(f"unknown discrepancy kinds {sorted(unknown)}; known: {', '.join(INJECTABLE)}")
    text, printed = render(budget, random.Random(seed + 1), inject)
    return SyntheticDocument(text=text, truth=truth_of(budget, printed), injected=budget.injected)


def truth_of(budget: Budget, printed: dict) -> Extraction:
    """The Extraction that reading the rendered text must give (amounts as printed)."""
    meta = DocumentMeta(
        department=budget.department,
        fiscal_year=budget.year,
        kind="Budget",
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
        ex.codes[("function" if code.startswith("2") else "economic", code)] = name
    for fig in printed["narrative"]:
        ex.narrative.append(NarrativeFigure(**fig))
    ex.projects = [project_truth(p) for p in budget.projects]
    return ex


def project_truth(p) -> Project:
    """The Project (with citations and indicators) that reading a synthetic project must give."""
    from budgetkg.ingest.policy.indicators import target_number

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
            target=target,
            target_number=target_number(target),
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
