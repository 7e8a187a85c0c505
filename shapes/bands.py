"""The bands of one rule answered by one query on the fast path.

A rule's bands (``-Rounding``, ``-Margin``, ``-Mismatch``) are shapes sharing one ``sh:sparql`` constraint; its
SELECT tells them apart only by ``$currentShape``. Run once per band, the same joins are made three times. Here
``$currentShape`` becomes the variable ``?bgtsShape``, bound by a VALUES block of the bands' IRIs at the end of
the outer WHERE (after the joins, so they are made once) and projected (and grouped by, in an aggregate), so one
query gives every band's rows, each row naming its band.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.catalog import ShapeInfo, SparqlConstraint

BAND = "bgtsShape"
OUTER_SELECT = re.compile(r"\bSELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?", re.IGNORECASE)
OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.IGNORECASE)
SUB_SELECT = re.compile(r"\{\s*SELECT\b", re.IGNORECASE)


def closing_brace(text: str, opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening`` (strings and ``#`` comments skipped)."""
    depth, i = 0, opening
    while i < len(text):
        ch = text[i]
        if ch in "\"'":
            i = _string_end(text, i)
        elif ch == "#" and (i == 0 or text[i - 1].isspace()):
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced braces")


def _string_end(text: str, start: int) -> int:
    quote = text[start] * 3 if text.startswith(text[start] * 3, start) else text[start]
    i = start + len(quote)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(quote, i):
            return i + len(quote) - 1
        i += 1
    raise ValueError("unterminated string")


def shared_query(query: str, bands: Sequence[ShapeInfo]) -> str | None:
    """``query`` (the constraint's SELECT with ``?bgtsShape`` for ``$currentShape``) for all ``bands`` at once;
    None when a sub-select reads the band (a VALUES outside would not bind it there)."""
    if any(f"?{BAND}" in query[m.start() : closing_brace(query, m.start()) + 1] for m in SUB_SELECT.finditer(query)):
        return None
    where = OUTER_WHERE.search(query)
    select = OUTER_SELECT.search(query)
    if where is None or select is None or select.start() > where.start():
        raise BudgetKGError("a band query has no outer SELECT ... WHERE {", hint="write it as SELECT ... WHERE { ... }")
    close = closing_brace(query, where.end() - 1)
    iris = " ".join(f"<{b.iri}>" for b in bands)
    values = f" VALUES ?{BAND} {{ {iris} }} "
    tail = query[close:]
    group = GROUP_BY.search(tail)
    if group is not None and tail[: group.start()].strip() == "}":  # the outer query's own GROUP BY
        tail = tail[: group.end()] + f" ?{BAND}" + tail[group.end() :]
    head = query[: where.end()]
    if not query[select.end() :].lstrip().startswith("*"):
        head = head[: select.end()] + f"?{BAND} " + head[select.end() :]
    body = query[where.end() : close]
    if f"?{BAND}" not in body:  # the bands differ after the joins only (HAVING): the joins in a sub-select, made once
        body = " { SELECT * WHERE { " + body + " } } "
    return head + body + values + tail


def band_groups(shapes: Sequence[ShapeInfo]) -> Iterator[tuple[SparqlConstraint, list[ShapeInfo]]]:
    """Each SPARQL constraint with the shapes that share it (the bands of one rule, or one shape alone)."""
    by_node: dict[str, tuple[SparqlConstraint, list[ShapeInfo]]] = {}
    for shape in shapes:
        for constraint in shape.sparql:
            by_node.setdefault(str(constraint.node), (constraint, []))[1].append(shape)
    yield from by_node.values()
