"""Read a 项目绩效目标表: project rows (名称, 单位 with code, 类别, 预算数, 年度绩效目标) and their indicators.

A project row is found by its coded unit cell ("401001-包头市人力资源和社会保障"), wherever extraction put
it; the rows after it are its indicators until the next project row. Rows whose project name was lost
(a new block of indicators whose scores would push the project past 100 points) are not attached to the
previous project but reported, each with its line.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.ingest.model import Context, Extraction, SourceRef, SourceRow, SourceTable
from budgetkg.ingest.normalise import squash, to_yuan
from budgetkg.ingest.policy.docnumber import find_citations
from budgetkg.ingest.policy.indicators import (
    COLUMN_KEYS,
    RowReading,
    is_level,
    read_positional,
    read_sequence,
    to_decimal,
)
from budgetkg.ingest.policy.model import Project
from budgetkg.ingest.policy.projects import ProjectRegistry
from budgetkg.ingest.tables.units import split_coded_name

_UNIT_CELL = re.compile(r"^\d{6,9}\s*[-－—]")
_CATEGORY = re.compile(r"^\d{2}\s*[-－—]\s*\S+")
_MAX_POINTS = Decimal(100)


def _is_header(cells: list[str]) -> bool:
    words = {squash(c) for c in cells}
    return "项目名称" in words and ("一级指标" in words or "三级指标" in words)


def _columns(header: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for j, cell in enumerate(header):
        if squash(cell) in ("项目单位", "预算单位"):
            cols["project_unit"] = j
        elif squash(cell) == "年度绩效目标":
            cols["goal"] = j
    for j, cell in enumerate(header):
        key = COLUMN_KEYS.get(squash(cell))
        if key and key not in cols:
            cols[key] = j
    return cols


class _Reader:
    def __init__(self, table: SourceTable, ctx: Context, out: Extraction) -> None:
        self.table, self.ctx, self.out = table, ctx, out
        self.registry = ProjectRegistry(out)
        self.columns: dict[str, int] = {}
        self.project: Project | None = None
        self.closed = False  # the current project's block ended: later rows belong to an unnamed project
        self.carry: tuple[str | None, str | None] = (None, None)
        self.count = 0

    def warn(self, message: str, row: SourceRow) -> None:
        self.out.warn(message, line=row.line, page=row.page, table=self.ctx.table_number)

    def read(self) -> int:
        for index, row in enumerate(self.table.rows, start=1):
            if _is_header(row.cells):
                self.columns = _columns(row.cells)
                if "weight" not in self.columns:
                    self.warn(
                        "项目绩效目标表 header has no 分值 column: indicators get no weight; "
                        "check the table's header row",
                        row,
                    )
                continue
            self.row(index, row)
        return self.count

    def row(self, index: int, row: SourceRow) -> None:
        ref = SourceRef(line=row.line, page=row.page, row=index, text=row.raw)
        cells = {j: c for j, c in enumerate(row.cells)}
        start = self.project_cells(row, ref)
        rest = {j: c for j, c in cells.items() if j >= start and squash(c)}
        if not rest:
            return
        if self.project is None:
            self.warn(f"indicator row before any project row, not attached: {' | '.join(rest.values())}", row)
            return
        reading = read_positional(rest, self.columns, ref, self.carry) if self.columns else None
        if reading is None:
            reading = read_sequence([rest[j] for j in sorted(rest)], ref, self.carry)
        self.attach(reading, row)

    def project_cells(self, row: SourceRow, ref: SourceRef) -> int:
        """Read the project part of a project row; return the column where its indicator cells start."""
        cells = row.cells
        at = next((j for j, c in enumerate(cells) if _UNIT_CELL.match(squash(c))), None)
        if at is None:
            return 0
        names = [j for j in range(at) if squash(cells[j])]
        if not names:
            self.warn("project row without a 项目名称, not read", row)
            return at + 1
        name = squash(cells[names[-1]])
        code, unit_name = split_coded_name(squash(cells[at]))
        j = at + 1
        category = amount = None
        if j < len(cells) and _CATEGORY.match(squash(cells[j])):
            category = squash(cells[j])
            j += 1
        if j < len(cells) and to_decimal(cells[j]) is not None:
            amount = to_yuan(to_decimal(cells[j]), self.ctx.unit)
            j += 1
        goal_parts = []
        goal_col = self.columns.get("goal")
        if goal_col is not None and at == self.columns.get("project_unit") and j <= goal_col < len(cells):
            goal_parts, j = [cells[goal_col].strip()], goal_col + 1  # aligned row: the goal is one cell
        else:
            while j < len(cells) and not is_level(cells[j]):
                if squash(cells[j]):
                    goal_parts.append(cells[j].strip())
                j += 1
        goal = "".join(goal_parts) or None
        self.project = self.registry.add(
            name, code=code, unit_text=unit_name, category=category, amount=amount, goal=goal, source=ref
        )
        if goal:
            self.project.citations.extend(find_citations(goal, ref))
        self.closed = False
        self.carry = (None, None)
        if category is None or amount is None:
            self.warn(f"project '{name}': 项目类别 or 预算数 not found in its row", row)
        return j

    def attach(self, reading: RowReading, row: SourceRow) -> None:
        ind = reading.indicator
        project = self.project
        assert project is not None
        if ind is None:
            self.warn(f"performance row of project '{project.name}' not read: {'; '.join(reading.problems)}", row)
            return
        if self.closed:
            self.warn(
                f"indicator '{ind.name}' not attached: it follows the 100 points of project "
                f"'{project.name}', so its project's name row was probably lost in extraction",
                row,
            )
            return
        if any(i.fact() == ind.fact() for i in project.indicators):
            self.warn(f"indicator '{ind.name}' of project '{project.name}' repeated: kept once", row)
            return
        total = sum((i.weight or Decimal(0) for i in project.indicators), Decimal(0)) + (ind.weight or 0)
        if total > _MAX_POINTS:
            self.closed = True
            self.warn(
                f"indicator '{ind.name}' not attached: project '{project.name}' would exceed 100 points, "
                "so its project's name row was probably lost in extraction",
                row,
            )
            return
        for problem in reading.problems:
            self.warn(f"indicator '{ind.name}' of project '{project.name}': {problem}", row)
        project.indicators.append(ind)
        self.carry = (reading.level1, reading.level2)
        self.count += 1


def extract_performance_table(table: SourceTable, ctx: Context, out: Extraction) -> int:
    """Projects and indicators of one 项目绩效目标表; returns the number of indicators read."""
    return _Reader(table, ctx, out).read()
