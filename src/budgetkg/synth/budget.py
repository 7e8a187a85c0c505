"""Build the budget of a synthetic document: units, function codes, economic codes, "三公" and projects."""

from __future__ import annotations

import random
from datetime import date, timedelta

from budgetkg.synth.catalog import (
    CITIES,
    CLASS_NAMES,
    DEPARTMENTS,
    DISTRICTS,
    FIRST_YEAR,
    FUNCTION_CODES,
    PERSONNEL_CODES,
    PUBLIC_CODES,
    UNIT_SUFFIXES,
    UNIT_TOPICS,
    UNIT_TYPES,
    YEARS,
)
from budgetkg.synth.model import Budget, FunctionRow, class_codes
from budgetkg.synth.policy import make_projects

SIZES = ("small", "seed")


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


PER_YEAR = len(CITIES) * len(DEPARTMENTS)  # seeds of one year: every city's departments
CITY_ROUND = PER_YEAR * YEARS


def identities() -> int:
    """How many seeds (0 .. n - 1) give documents of distinct (department, year)."""
    return CITY_ROUND * (len(DISTRICTS) + 1)


def _place(city: str, seed: int) -> str:
    """The city itself for the first round of seeds, then one of its districts per round."""
    round_ = (seed // CITY_ROUND) % (len(DISTRICTS) + 1)
    return city if round_ == 0 else city + DISTRICTS[round_ - 1]


def build_budget(seed: int, size: str = "small") -> Budget:
    """The budget of synthetic document ``seed``; ``size="seed"`` makes it about as large as the seed.

    Its narrative's previous-year amounts are what the same department's document of the year before (the seed
    ``seed - PER_YEAR``, when the generator makes one) prints: that document's total and
    each code's 合计 where it has the code; a code it lacks keeps a drawn previous amount."""
    if size not in SIZES:
        raise ValueError(f"unknown size '{size}'; use one of {', '.join(SIZES)}")
    budget = _drawn(seed, size)
    before = previous_seed(seed)
    if before is not None:
        _carry_previous(budget, _drawn(before, size))
    return budget


def previous_seed(seed: int) -> int | None:
    """The seed of the same department's document of the year before, or None for its first year."""
    return seed - PER_YEAR if (seed // PER_YEAR) % YEARS > 0 else None


def _carry_previous(budget: Budget, before: Budget) -> None:
    """The previous-year amounts of ``budget`` from the document of the year before."""
    for code, row in budget.rows.items():
        if len(code) == 7 and code in before.rows:
            row.previous = before.rows[code].total
    leaves = [r for c, r in budget.rows.items() if len(c) == 7]
    for code in [c for c in budget.rows if len(c) < 7]:
        budget.rows[code].previous = sum(r.previous for r in leaves if r.code.startswith(code))
    budget.previous_total = sum(before.rows[c].total for c in class_codes(before))


def _drawn(seed: int, size: str) -> Budget:
    """The budget of ``seed`` as drawn, its previous-year amounts drawn too."""
    large = size == "seed"
    rng = random.Random(seed)
    # (department, year) is the document's identity: seeds 0 .. identities() - 1 never repeat one; the first
    # CITY_ROUND are city departments, each further round those of one district
    city = CITIES[seed % len(CITIES)]
    place = _place(city, seed)
    dept_name, main_class = DEPARTMENTS[(seed // len(CITIES)) % len(DEPARTMENTS)]
    department = place + dept_name
    year = FIRST_YEAR + (seed // PER_YEAR) % YEARS
    approval = date(year, 1, rng.randint(5, 25))
    publication = approval + timedelta(days=rng.randint(3, 19))
    prefix = str(rng.randint(101, 899))
    names = {department}
    units = [(f"{prefix}001", department, UNIT_TYPES[0])]
    wanted = rng.randint(8, 10) if large else rng.randint(2, 7)
    while len(units) < wanted:
        name = place + rng.choice(UNIT_TOPICS) + rng.choice(UNIT_SUFFIXES)
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
    budget.previous_total = sum(rows[c].previous for c in class_codes(budget))
    return budget
