"""Render SPARQL results (rows of name -> term) as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # for the annotations only: the command line imports this module at start-up
    from budgetkg.store.terms import Term

FORMATS = ("table", "csv", "json", "md")


def cell(term: Term | None) -> str:
    """Display form of a term: IRIs and literals by value, unbound as empty."""
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def render(columns: list[str], rows: list[dict[str, Term | None]], fmt: str, console: Console | None = None) -> str:
    """Rows as text in ``fmt``; for ``table`` the table is printed to ``console`` and "" returned."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row.get(c)) for c in columns])
        return buf.getvalue()
    if fmt == "json":
        return (
            json.dumps(
                {"columns": columns, "rows": [{c: cell(r.get(c)) for c in columns} for r in rows]},
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    if fmt == "md":
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(cell(r.get(c)).replace("|", "\\|") for c in columns) + " |" for r in rows]
        return "\n".join(lines) + "\n"
    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*(cell(row.get(c)) for c in columns))
    (console or Console()).print(table)
    return ""
