"""Gather the export's tables from the store: each by its ``export/tables/<name>.rq`` query, run per document.

Every value is kept as text in its canonical form (a decimal as its exact decimal string, never through
float; an integer as digits; a year as its four digits), so the CSV and data-package writers print it as it
is and the Parquet writer types it without loss. A property with several values for one row (a policy
document cited under two titles) gives one row: text columns join the distinct values with `` | ``, other
columns keep the first and log a warning naming the row.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from budgetkg.errors import BudgetKGError
from budgetkg.export.schema import DATE, FINDINGS, INTEGER, NUMBER, QUERIED, STRING, YEAR, Column, TableSpec
from budgetkg.resources import export_query
from budgetkg.shapes import Finding, validate
from budgetkg.shapes.validation import resolve_documents
from budgetkg.store import KnowledgeStore

log = logging.getLogger("budgetkg")
JOIN = " | "
_YEAR = re.compile(r"^-?(\d{4,})")
_INT = re.compile(r"^[+-]?\d+$")


@dataclass
class TableData:
    """One exported table: its spec and rows of canonical text (``None`` where the store has no value)."""

    spec: TableSpec
    rows: list[list[str | None]]


def canonical(value: str | None, column: Column, where: str) -> str | None:
    """The text of ``value`` in the canonical form of the column's type; ``None`` (and a warning) if it does not fit."""
    if value is None:
        return None
    kind = column.type
    if kind == STRING:
        return value
    if kind == NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
        if number is not None and number.is_finite():
            return format(number, "f")
    elif kind == INTEGER and _INT.match(value):
        return str(int(value))
    elif kind == YEAR and (m := _YEAR.match(value)):
        return m.group(1)
    elif kind == DATE and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        return value
    log.warning("export: %s: %s '%s' is not a %s; left empty", where, column.name, value, kind)
    return None


def _merge(spec: TableSpec, rows: list[list[str | None]]) -> list[list[str | None]]:
    """One row per primary key; the values of multi-valued properties joined (text) or the first kept."""
    key = spec.column_names.index(spec.primary_key)
    merged: dict[str | None, list[str | None]] = {}
    for row in rows:
        seen = merged.get(row[key])
        if seen is None:
            merged[row[key]] = list(row)
            continue
        for i, (old, new) in enumerate(zip(seen, row)):
            if new is None or old == new or (old is not None and new in old.split(JOIN)):
                continue
            if old is None:
                seen[i] = new
            elif spec.columns[i].type == STRING:
                seen[i] = old + JOIN + new
            else:
                log.warning(
                    "export: %s %s has two values of %s (%s, %s); kept %s",
                    spec.name, row[key], spec.columns[i].name, old, new, old,
                )  # fmt: skip
    return list(merged.values())


def query_table(store: KnowledgeStore, spec: TableSpec, documents: list[str]) -> TableData:
    """Run the table's query once per document, its named graph as the default graph, and type its rows."""
    text = export_query(spec.name)
    names = spec.column_names
    rows: list[list[str | None]] = []
    for graph in documents:
        solutions = store.select(text, graphs=graph)
        missing = sorted(set(names) - set(solutions.columns))
        if missing:
            raise BudgetKGError(
                f"the export query for '{spec.name}' does not select {', '.join(missing)}",
                where=f"export/tables/{spec.name}.rq",
                hint="the query and export/schema.py must name the same columns",
            )
        for solution in solutions:
            raw = [None if solution[n] is None else solution[n].value for n in names]  # type: ignore[union-attr]
            where = f"{spec.name} {raw[names.index(spec.primary_key)]}"
            rows.append([canonical(v, c, where) for v, c in zip(raw, spec.columns)])
    return TableData(spec, _merge(spec, rows))


def _finding_row(number: int, f: Finding) -> list[object]:
    cell = f.cell
    return [
        number, f.document, f.rule, f.concern, str(f.severity), f.focus, f.value, f.expected, f.difference,
        f.tolerance, f.unit, cell.table if cell else None, cell.page if cell else None, cell.line if cell else None,
        cell.row if cell else None, f.message_zh, f.message_en,
    ]  # fmt: skip


def findings_table(store: KnowledgeStore, documents: list[str]) -> TableData:
    """The validation's findings (fast engine, every shape): findings are computed, not stored, so run it."""
    report = validate(store, documents)
    rows = []
    for number, finding in enumerate(report.sorted(), start=1):
        values = _finding_row(number, finding)
        where = f"finding {number}"
        rows.append([canonical(None if v is None else str(v), c, where) for v, c in zip(values, FINDINGS.columns)])
    return TableData(FINDINGS, rows)


def gather(store: KnowledgeStore, documents: list[str] | None = None, findings: bool = True) -> list[TableData]:
    """Every table of the export for the chosen documents (all when ``None``); findings unless ``findings=False``."""
    graphs = resolve_documents(store, documents)
    if not graphs:
        raise BudgetKGError("the store holds no documents", hint="ingest some first: budgetkg ingest FILE --store DIR")
    tables = [query_table(store, spec, graphs) for spec in QUERIED]
    if findings:
        tables.append(findings_table(store, graphs))
    for table in tables:
        if not table.rows:
            log.warning("export: the %s table is empty (the store holds no %s)", table.spec.name, table.spec.title)
    return tables
