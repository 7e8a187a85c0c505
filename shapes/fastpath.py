"""The fast path: each ``sh:sparql`` constraint's SELECT run once on the Oxigraph store for all focus nodes.

SHACL-SPARQL runs a constraint's SELECT once per focus node with ``$this`` pre-bound. Here ``$this`` becomes
an ordinary variable joined to the shape's targets (``?this a <class>``), ``$currentShape`` becomes the
shape's IRI, and one query answers for every focus node at once. The rows are what pyshacl would turn into
validation results; the tests prove both engines report the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.catalog import ShapeInfo, SparqlConstraint
from budgetkg.store import KnowledgeStore
from budgetkg.store.terms import Term

THIS = re.compile(r"\$this\b")
CURRENT_SHAPE = re.compile(r"[$?]currentShape\b")
OUTER_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    """One solution of a constraint's SELECT: the shape, its focus node and every bound variable."""

    shape: ShapeInfo
    constraint: SparqlConstraint
    focus: str
    bindings: dict[str, Term]


def rewrite(shape: ShapeInfo, constraint: SparqlConstraint) -> str:
    """The constraint's SELECT for all focus nodes at once."""
    text = CURRENT_SHAPE.sub(f"<{shape.iri}>", THIS.sub("?this", constraint.select))
    match = OUTER_WHERE.search(text)
    if match is None:
        raise BudgetKGError(
            f"the SELECT of {constraint.node} has no WHERE clause",
            where=shape.name,
            hint="write the constraint as SELECT ... WHERE { ... }",
        )
    if len(shape.target_classes) == 1:
        target = f" ?this a <{shape.target_classes[0]}> . "
    elif shape.target_classes:
        classes = " ".join(f"<{c}>" for c in shape.target_classes)
        target = f" VALUES ?bgtsTarget {{ {classes} }} ?this a ?bgtsTarget . "
    else:
        target = " "
    if shape.store_wide and shape.target_classes:
        # on the union of the graphs, a focus node's type triple repeats once per graph: read each node once
        target = f" {{ SELECT DISTINCT ?this WHERE {{{target}}} }} "
    return constraint.prefixes + text[: match.end()] + target + text[match.end() :]


def run_shape(store: KnowledgeStore, shape: ShapeInfo, graphs: list[str] | None = None) -> Iterator[Row]:
    """Rows of every SPARQL constraint of ``shape``; ``graphs`` limits the data to those named graphs."""
    for constraint in shape.sparql:
        query = rewrite(shape, constraint)
        try:
            result = store.select(query, graphs=graphs, predeclared=False)  # as pyshacl: only declared prefixes
        except SyntaxError as exc:
            raise BudgetKGError(
                f"the SELECT of {constraint.node} does not parse: {exc}",
                where=shape.name,
                hint="fix the query in shapes/*.shapes.ttl",
            ) from exc
        seen: set[tuple] = set()
        for solution in result:
            bindings = {n: term for n, term in solution.items() if term is not None}
            focus = bindings.get("this")
            if focus is None:
                continue
            key = tuple(sorted((k, str(v)) for k, v in bindings.items()))
            if key in seen:  # pyshacl drops duplicate solutions too
                continue
            seen.add(key)
            yield Row(shape=shape, constraint=constraint, focus=focus.value, bindings=bindings)


def run_store_wide(store: KnowledgeStore, shapes: Iterable[ShapeInfo]) -> list[Row]:
    """Rows of the store-wide shapes' constraints, on the union of all document graphs.

    Per-document shapes run on a copy of their document's graph (:mod:`budgetkg.shapes.perdocument`):
    shared nodes (codes, measures, line items) have their triples in every document graph, and the union
    default graph repeats such triples once per graph, which would multiply sums.
    """
    return [row for shape in shapes if shape.store_wide for row in run_shape(store, shape, None)]
