"""The "三公"经费 table: each unit × each phase (2024年预算数 / 2024年执行数 / 2025年预算数) × each item.

Converters often garble its three-row header (merged cells lose columns), so the column order is rebuilt
from the header's vocabulary: the items in the order they first appear, with 公务用车购置及运行费 expanded
into its sub-items (小计, 购置费, 运行维护费) in their order. The result must fit the data rows' width
exactly, else the table is reported and skipped.
"""

from __future__ import annotations

from decimal import Decimal

from budgetkg.ingest.model import Context, Extraction, Observation, SourceRef, SourceTable
from budgetkg.ingest.normalise import is_total_label, parse_amount, phase_of, printed_decimals, to_yuan
from budgetkg.ingest.tables.headers import canonical_measure, split_header
from budgetkg.ingest.tables.units import register_unit, split_coded_name

TOTAL = "合计"
ABROAD = "因公出国（境）费"
CARS = "公务用车购置及运行费"
CAR_PURCHASE = "公务用车购置费"
CAR_RUNNING = "公务用车运行维护费"
RECEPTION = "公务接待费"
OFFICE_RUNNING = "机关运行经费"
ITEMS = (TOTAL, ABROAD, CARS, RECEPTION, OFFICE_RUNNING)
CAR_PARTS = ("小计", CAR_PURCHASE, CAR_RUNNING)


def _measure_sequence(header_cells: list[str]) -> list[str]:
    items: list[str] = []
    parts: list[str] = []
    for cell in header_cells:
        m = canonical_measure(cell)
        if m in ITEMS and m not in items:
            items.append(m)
        elif m in CAR_PARTS and m not in parts:
            parts.append(m)
    sequence: list[str] = []
    for item in items:
        if item == CARS and parts:
            sequence += [CARS if p == "小计" else p for p in parts]
        else:
            sequence.append(item)
    return sequence


def _phases(header_cells: list[str], ctx: Context) -> list[tuple[str, int]]:
    phases: list[tuple[str, int]] = []
    for cell in header_cells:
        found = phase_of(cell)
        if found:
            phase = (found[0], found[1] or ctx.fiscal_year)
            if phase not in phases:
                phases.append(phase)
    return phases or [(ctx.phase, ctx.fiscal_year)]


def _violations(values: list[Decimal | None], sequence: list[str]) -> int:
    """How many of 合计 = 出国 + 车 + 接待 and 车 = 购置 + 运行 fail in one phase block."""
    v = {m: (values[i] or Decimal(0)) for i, m in enumerate(sequence) if i < len(values)}
    checks = []
    if {TOTAL, ABROAD, CARS, RECEPTION} <= v.keys():
        checks.append(v[TOTAL] == v[ABROAD] + v[CARS] + v[RECEPTION])
    if {CARS, CAR_PURCHASE, CAR_RUNNING} <= v.keys():
        checks.append(v[CARS] == v[CAR_PURCHASE] + v[CAR_RUNNING])
    return sum(not c for c in checks)


def align_row(values: list[Decimal | None], sequence: list[str], phases: int) -> list[Decimal | None]:
    """Recover a row that lost one column in extraction (two adjacent cells merged into one).

    A row with the full width is taken as printed. A shorter one is tried with an empty cell inserted at
    every position; the placement that satisfies the most 三公 identities wins (ties: as printed).
    """
    width = len(sequence) * phases
    cells = list(values) + [None] * max(0, width - len(values))
    if len(values) >= width or all(v is None for v in values[width - 1 :]) and _score(cells, sequence) == 0:
        return cells[:width]
    trimmed = list(values)
    while trimmed and trimmed[-1] is None:
        trimmed.pop()
    best, best_score = cells[:width], _score(cells, sequence)
    for pos in range(len(trimmed), -1, -1):
        candidate = (trimmed[:pos] + [None] + trimmed[pos:] + [None] * width)[:width]
        score = _score(candidate, sequence)
        if score < best_score:
            best, best_score = candidate, score
    return best


def _score(cells: list[Decimal | None], sequence: list[str]) -> int:
    k = len(sequence)
    return sum(_violations(cells[i : i + k], sequence) for i in range(0, len(cells), k))


def _split(table: SourceTable) -> tuple[list, list]:
    """Header and data rows; a unit row ("229002-名称") is data even when all its cells are empty."""
    header, data = split_header(table)
    for i, row in enumerate(header):
        if row.cells and split_coded_name(row.cells[0])[0]:
            return header[:i], header[i:] + data
    return header, data


def extract_three_public(table: SourceTable, ctx: Context, out: Extraction) -> int:
    header, data = _split(table)
    cells = [c for r in header for c in r.cells if c]
    phases = _phases(cells, ctx)
    sequence = _measure_sequence(cells)
    has_org = any(r.cells and parse_amount(r.cells[0]) is None for r in data)
    width = max((len(r.cells) for r in table.rows), default=0) - (1 if has_org else 0)
    if not sequence or len(sequence) * len(phases) != width:
        out.warn(
            f"三公 table header not understood: {len(phases)} phase(s) × {len(sequence)} item(s) "
            f"do not fit {width} amount columns",
            line=table.line,
            page=table.page,
            table=ctx.table_number,
        )
        return 0
    added = 0
    for index, row in enumerate(data, start=1):
        if not row.cells:
            continue
        values = row.cells[1:] if has_org else row.cells
        org = None
        source = SourceRef(line=row.line, page=row.page, row=index, text=row.raw)
        if has_org and not is_total_label(row.cells[0]):
            code, name = split_coded_name(row.cells[0])
            org = register_unit(out, name, code=code, source=source)
        aligned = align_row([parse_amount(t) for t in values], sequence, len(phases))
        for k, amount in enumerate(aligned):
            if amount is None:
                continue
            phase, year = phases[k // len(sequence)]
            out.observations.append(
                Observation(
                    table=ctx.table_number,
                    measure=sequence[k % len(sequence)],
                    phase=phase,
                    fiscal_year=year,
                    amount=to_yuan(amount, ctx.unit),
                    decimals=printed_decimals(amount),
                    org=org,
                    item=None if org else TOTAL,
                    source=SourceRef(line=row.line, page=row.page, row=index, text=row.raw, bbox=None),
                )
            )
            added += 1
    return added
