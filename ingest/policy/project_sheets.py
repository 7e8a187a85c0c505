"""Read per-project 项目绩效目标表 sheets (the central template): one form per project, then its indicator grid.

A sheet is recognised by what it says about itself: label cells 项目名称, 主管部门及代码, 实施单位, 项目资金 (万元)
with 年度资金总额 / 其中：财政拨款 / 上年结转 / 其他资金, 年度总体目标, and an indicator grid headed
一级指标 / 二级指标 / 三级指标 / 指标值 / 分值 with no 项目名称 column (the sheet names its one project). A sheet
may be cut into several tables (its form over a page break, its grid on the next page): a table that does
not start with 项目名称 continues the sheet read from the table just before it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetkg.ingest.model import Context, Extraction, SourceRef, SourceRow, SourceTable
from budgetkg.ingest.normalise import canonical_brackets, parse_amount, squash, to_yuan, unit_name
from budgetkg.ingest.policy.docnumber import find_citations
from budgetkg.ingest.policy.model import Project
from budgetkg.ingest.policy.projects import unit_by_name
from budgetkg.ingest.policy.sheet_grid import GridState, grid_columns, is_grid_heading, read_grid_row
from budgetkg.ingest.tables.units import register_unit

_PAREN = re.compile(r"[（(]([^）)]*)[）)]")
_NAME = "项目名称"
_DEPARTMENT = ("主管部门及代码", "主管部门")
_UNIT = ("实施单位",)
_FUNDS = "项目资金"
_TOTAL = "年度资金总额"
PARTS = ("财政拨款", "上年结转", "其他资金")
_GOAL = ("年度总体目标", "年度绩效目标")
FORM_LABELS = frozenset((_NAME, *_DEPARTMENT, *_UNIT, _FUNDS, _TOTAL, *_GOAL))
_CODE_FIRST = re.compile(r"^[\[［【〔(（]?(\d{2,9})[\]］】〕)）]?[-－—]?(\D.*)$")
_CODE_LAST = re.compile(r"^(\D.*?)[\[［【〔(（]?(\d{2,9})[\]］】〕)）]?$")
_MIN_GOAL = 8  # characters: an unlabelled text row this long before the grid is the sheet's goal
_MAX_POINTS = Decimal(100)


def label_of(cell: str) -> str:
    """A label cell without spaces, parentheses, '其中：' and colons: '其中：财政拨款' -> 财政拨款."""
    t = _PAREN.sub("", canonical_brackets(squash(cell)))
    return t.removeprefix("其中").strip(":：")


def is_sheet(table: SourceTable) -> bool:
    """A sheet or a part of one: form label cells, or an indicator grid whose heading names no project."""
    for row in table.rows:
        labels = {label_of(c) for c in row.cells if c}
        if is_grid_heading(row.cells):
            return _NAME not in labels and "项目单位" not in labels
        if labels & (FORM_LABELS - {_NAME}):
            return True
        first = next((label_of(c) for c in row.cells if squash(c)), "")
        if first == _NAME and len({squash(c) for c in row.cells if squash(c)}) == 2:
            return True  # 项目名称 and one value: the first row of a form
    return False


def split_department(text: str) -> tuple[str | None, str | None]:
    """'教育部 105' or '[105]教育部' -> ('教育部', '105')."""
    t = squash(text)
    if m := _CODE_FIRST.match(t):
        return m.group(2), m.group(1)
    if m := _CODE_LAST.match(t):
        return m.group(1), m.group(2)
    return t or None, None


def _values(cells: list[str]) -> list[str]:
    """The filled cells of a row, a merged cell repeated over its columns counted once."""
    out: list[str] = []
    for c in cells:
        t = squash(c)
        if t and (not out or out[-1] != t):
            out.append(t)
    return out


class SheetReader:
    """Reads one table that is a sheet or a part of one into ``out.projects``."""

    def __init__(self, table: SourceTable, ctx: Context, out: Extraction) -> None:
        self.table, self.ctx, self.out = table, ctx, out
        self.project = self._open_sheet()
        self.unit = (self.project.sheet_unit if self.project else None) or ctx.unit
        self.grid = GridState(dict(self.project.sheet_columns)) if self.project else GridState({})
        if self.project and self.project.indicators:
            self.grid.level1 = self.project.indicators[-1].level1
            self.grid.level2 = self.project.indicators[-1].level2
        self.count = 0

    def _open_sheet(self) -> Project | None:
        """The sheet the table before this one belongs to (this table may continue it)."""
        before = next((t.number for t in reversed(self.out.tables) if t.number != self.ctx.table_number), None)
        return next((p for p in reversed(self.out.projects) if before and p.sheet_tables[-1:] == [before]), None)

    def warn(self, message: str, row: SourceRow | None = None) -> None:
        page = row.page if row else self.table.page
        line = row.line if row else self.table.line
        self.out.warn(message, line=line, page=page, table=self.ctx.table_number)

    def read(self) -> int:
        started = False
        for index, row in enumerate(self.table.rows, start=1):
            ref = SourceRef(line=row.line, page=row.page, row=index, text=row.raw)
            values = _values(row.cells)
            if not values:
                continue
            if label_of(values[0]) == _NAME and not is_grid_heading(row.cells):
                self._start(values, ref, row)
                started = True
                continue
            if self.project is None:
                if not started:
                    self.warn(
                        "part of a 项目绩效目标表 sheet whose 项目名称 was not found before it: not read; "
                        "check that the sheet's first rows were extracted",
                        row,
                    )
                    started = True
                continue
            self._row(row, values, ref)
        if self.project is not None:
            self.project.sheet_columns = dict(self.grid.columns)
        return self.count

    def _start(self, values: list[str], ref: SourceRef, row: SourceRow) -> None:
        name = values[1] if len(values) > 1 else ""
        if not name:
            self.project = None
            self.warn("项目绩效目标表 sheet with an empty 项目名称: not read", row)
            return
        self.project = Project(name=name, source=ref, table=self.ctx.table_number, sheet_tables=[self.ctx.table_number])
        self.out.projects.append(self.project)
        self.project.sources.append(ref)
        self.grid = GridState({})
        self.unit = self.ctx.unit

    def _row(self, row: SourceRow, values: list[str], ref: SourceRef) -> None:
        project = self.project
        assert project is not None
        if project.sheet_tables[-1:] != [self.ctx.table_number]:
            project.sheet_tables.append(self.ctx.table_number)
        if is_grid_heading(row.cells):
            self.grid = GridState(grid_columns(row.cells))
            return
        if self.grid.columns:
            self._indicator(row, ref)
            return
        labels = [label_of(v) for v in values]
        for k, label in enumerate(labels):
            following = values[k + 1] if k + 1 < len(values) else None
            if label in _DEPARTMENT and following:
                project.department, project.department_code = split_department(following)
            elif label in _UNIT and following:
                project.unit_text = following
                project.unit = unit_by_name(self.out, following) or register_unit(self.out, following, source=ref)
            elif label == _FUNDS:
                unit = _PAREN.search(canonical_brackets(values[k]))
                self.unit = unit_name(unit.group(1)) if unit else self.unit
                project.sheet_unit = self.unit
            elif label == _TOTAL or label in PARTS:
                self._amount(label, values[k + 1 :], row)
            elif label in _GOAL and following:
                self._goal(following, ref)
        if not set(labels) & FORM_LABELS and not set(labels) & set(PARTS) and project.goal is None:
            text = max(values, key=len)
            if len(text) >= _MIN_GOAL and parse_amount(text) is None:
                self._goal(text, ref)  # the goal's label cell was left on the page before

    def _amount(self, label: str, rest: list[str], row: SourceRow) -> None:
        project = self.project
        assert project is not None
        printed = next((parse_amount(v) for v in rest if parse_amount(v) is not None), None)
        if printed is None:
            self.warn(f"project '{project.name}': no amount after '{label}' in its 项目绩效目标表", row)
            return
        amount = to_yuan(printed, self.unit)
        if label == _TOTAL:
            project.amount = amount
        else:
            project.funding[label] = amount

    def _goal(self, text: str, ref: SourceRef) -> None:
        project = self.project
        assert project is not None
        project.goal = text
        project.citations.extend(find_citations(text, ref))

    def _indicator(self, row: SourceRow, ref: SourceRef) -> None:
        project = self.project
        assert project is not None
        read = read_grid_row(row.cells, self.grid, ref, self.ctx.table_number)
        ind = read.indicator
        if ind is None:
            self.warn(f"indicator row of project '{project.name}' not read: {'; '.join(read.problems)}", row)
            return
        for problem in read.problems:
            self.warn(f"indicator '{ind.name}' of project '{project.name}': {problem}", row)
        project.indicators.append(ind)
        self.count += 1


def extract_project_sheet(table: SourceTable, ctx: Context, out: Extraction) -> int:
    """Projects and indicators of one table that is a 项目绩效目标表 sheet or part of one; the indicators read."""
    return SheetReader(table, ctx, out).read()


def check_sheets(out: Extraction) -> None:
    """Once every table is read: say what a sheet did not give (its unit, amount, goal or indicators)."""
    for p in out.projects:
        if not p.sheet_tables:
            continue
        missing = [
            what
            for what, ok in (
                ("实施单位", p.unit is not None),
                ("年度资金总额", p.amount is not None),
                ("年度总体目标", bool(p.goal)),
                ("indicators", bool(p.indicators)),
            )
            if not ok
        ]
        if missing:
            out.warn(
                f"项目绩效目标表 of project '{p.name}' gave no {', '.join(missing)}; check its pages",
                line=p.source.line,
                page=p.source.page,
                table=p.table,
            )
        points = sum((i.weight or Decimal(0) for i in p.indicators), Decimal(0))
        if points > _MAX_POINTS:
            out.warn(
                f"the indicators of project '{p.name}' add up to {points} points, more than 100: "
                "rows of another sheet may have been read into it",
                line=p.source.line,
                page=p.source.page,
                table=p.table,
            )
