"""Paging for library queries that can answer tens of thousands of rows (``#+ paged:``).

Such a query takes two more parameters, ``limit`` (rows per page, ``PAGE_SIZE`` unless given; 0 for all) and
``offset`` (rows to skip), and its answer says how many rows there are in all (``total``), so a caller can
ask for the next page. On the embedded store, a query that declares its rows (``rows:``, a pattern matched once
per answer row, the answer ordered by document first) is run on the page's documents only (``by_document``);
otherwise it runs once, in its own order: every row is counted and only the page's rows are converted to
Python. A remote endpoint is sent the page (``LIMIT``/``OFFSET``, whole numbers checked here, never text from
the caller) and a ``COUNT`` of the same pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.errors import QueryError
from budgetkg.store import KnowledgeStore, Substitutions

PAGE_SIZE = 1000
LIMIT, OFFSET = "limit", "offset"
NAMES = (LIMIT, OFFSET)


@dataclass(frozen=True)
class Page:
    """Which rows of the answer to return: ``limit`` rows (None: all) after the first ``offset``."""

    limit: int | None = None
    offset: int = 0

    def slice(self, index: int) -> bool:
        """Whether the row at ``index`` (0-based) is on this page."""
        return index >= self.offset and (self.limit is None or index < self.offset + self.limit)

    def done(self, index: int) -> bool:
        """Whether every row of the page comes before ``index``."""
        return self.limit is not None and index >= self.offset + self.limit


def _whole(name: str, raw: str, where: str) -> int:
    text = str(raw).strip()
    if not re.fullmatch(r"\d+", text):
        raise QueryError(
            f"parameter '{name}': '{raw}' is not a whole number", where=where, hint=f"give e.g. {name}=100"
        )
    return int(text)


def page_of(given: dict[str, str], paged: bool, where: str) -> Page:
    """The page the caller asked for: ``limit`` (0 = all) and ``offset`` from ``given``, else the first page."""
    if not paged:
        return Page()
    limit = _whole(LIMIT, given[LIMIT], where) if LIMIT in given else PAGE_SIZE
    offset = _whole(OFFSET, given[OFFSET], where) if OFFSET in given else 0
    return Page(limit or None, offset)


def with_page(query: str, page: Page) -> str:
    """The query text with its page as LIMIT/OFFSET (two checked integers) after its solution modifiers."""
    if page.limit is None and not page.offset:
        return query
    tail = f"\nLIMIT {page.limit}" if page.limit is not None else ""
    return f"{query.rstrip()}{tail}\nOFFSET {page.offset}\n"


def count_query(query: str) -> str:
    """``SELECT (COUNT(*) AS ?total)`` over the query's rows: the query (without its ORDER BY) as a sub-select."""
    lines = query.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"\s*SELECT\b", line, re.IGNORECASE))
    body = "\n".join(lines[start:])
    body = re.sub(r"\n\s*ORDER\s+BY[^\n]*\s*$", "\n", body.rstrip() + "\n", flags=re.IGNORECASE)
    prologue = "\n".join(line for line in lines[:start] if not line.startswith("#"))
    return f"{prologue}\nSELECT (COUNT(*) AS ?total) WHERE {{\n{{\n{body}}}\n}}\n"


def by_document(
    store: KnowledgeStore, rows: str, page: Page, bindings: Substitutions | None = None
) -> tuple[list[str], int, int]:
    """The documents that hold the page, the rows to skip in the first of them, and the total.

    For a query whose answer is ordered by document first (its graph, ``?graph``) and has exactly one row per
    match of the pattern ``rows`` (which binds ``?graph``): the matches are counted per graph (an index scan,
    nothing decoded but the graph names), so the page is read from its own few documents, not the whole corpus.
    ``bindings`` are the query's parameters, which the pattern may read (a project's name, an age in years).
    """
    read = {name: term for name, term in (bindings or {}).items() if re.search(rf"\?{name}\b", rows)}
    keys = " ".join(["?graph", *(f"?{name}" for name in read)])  # a bound variable must be projected; it is constant
    counts = store.select(f"SELECT {keys} (COUNT(*) AS ?rows) WHERE {{ {rows} }} GROUP BY {keys}", read)
    committed = set(store.graphs())  # a read-only view hides unfinished writes
    ordered = sorted((r["graph"].value, int(r["rows"].value)) for r in counts if r["graph"].value in committed)
    chosen, skip, seen = [], 0, 0
    end = page.offset + (page.limit or 0)
    for graph, n in ordered:
        if seen + n > page.offset and seen < end:
            if not chosen:
                skip = page.offset - seen
            chosen.append(graph)
        seen += n
    return chosen, skip, seen
