"""The fast path: each ``sh:sparql`` constraint's SELECT run once on the Oxigraph store for all focus nodes.

SHACL-SPARQL runs a constraint's SELECT once per focus node with ``$this`` pre-bound. Here ``$this`` becomes
an ordinary variable joined to the shape's targets (``?this a <class>``), ``$currentShape`` becomes the
shape's IRI, and one query answers for every focus node at once. The rows are what pyshacl would turn into
validation results; the tests prove both engines report the same findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

from rdflib import URIRef

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.bands import BAND, band_groups, shared_query
from budgetkg.shapes.catalog import ShapeInfo, SparqlConstraint
from budgetkg.shapes.memo import IdentityMemo
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


def rewrite(shape: ShapeInfo, constraint: SparqlConstraint, current: str | None = None) -> str:
    """The constraint's SELECT for all focus nodes at once; ``current`` stands for ``$currentShape`` (by
    default the shape's IRI)."""
    text = CURRENT_SHAPE.sub(current or f"<{shape.iri}>", THIS.sub("?this", constraint.select))
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
        yield from _rows(store, rewrite(shape, constraint), constraint, {str(shape.iri): shape}, shape, graphs)


def run_shapes(
    store: KnowledgeStore,
    shapes: Iterable[ShapeInfo],
    graphs: list[str] | None = None,
    idle: Collection[str] = (),
) -> Iterator[Row]:
    """Rows of every SPARQL constraint of ``shapes``, the bands of one rule answered by one query
    (:mod:`budgetkg.shapes.bands`); the same rows as :func:`run_shape` on each shape. A query whose shapes are
    all named in ``idle`` (shapes with nothing to check in the data, :func:`budgetkg.shapes.ledger.idle`) is
    not run."""
    for query, constraint, by_iri, named in planned_queries(shapes):
        if idle and all(shape.name in idle for shape in by_iri.values()):
            continue
        yield from _rows(store, query, constraint, by_iri, named, graphs)


Planned = tuple[str, SparqlConstraint, dict[str, ShapeInfo], ShapeInfo]
_PLANS: IdentityMemo[list[Planned]] = IdentityMemo()


def planned_queries(shapes: Iterable[ShapeInfo]) -> list[Planned]:
    """The queries that answer ``shapes`` (text, constraint, shapes by IRI, the shape that names the rows),
    written once per list of shapes: a worker validates thousands of documents with the same shapes, and writing
    the banded queries again for each cost about a third of the time Oxigraph then took to answer them."""
    chosen = tuple(s for s in shapes if s.sparql)
    return _PLANS.get(chosen, lambda: _plan(chosen))


def _plan(shapes: tuple[ShapeInfo, ...]) -> list[Planned]:
    plan: list[Planned] = []
    for constraint, bands in band_groups(list(shapes)):
        query = None
        if len(bands) > 1 and len({b.target_classes for b in bands}) == 1 and CURRENT_SHAPE.search(constraint.select):
            query = shared_query(rewrite(bands[0], constraint, current=f"?{BAND}"), bands)
        if query is not None:
            plan.append((query, constraint, {str(b.iri): b for b in bands}, bands[0]))
            continue
        for shape in bands:
            plan.append((rewrite(shape, constraint), constraint, {str(shape.iri): shape}, shape))
    return plan


def _rows(
    store: KnowledgeStore,
    query: str,
    constraint: SparqlConstraint,
    shapes: dict[str, ShapeInfo],
    named: ShapeInfo,
    graphs: list[str] | None,
) -> Iterator[Row]:
    """Rows of one query, each of the shape its ``?bgtsShape`` names (else of the only one in ``shapes``)."""
    try:
        result = store.select(query, graphs=graphs, predeclared=False)  # as pyshacl: only declared prefixes
    except SyntaxError as exc:
        raise BudgetKGError(
            f"the SELECT of {constraint.node} does not parse: {exc}",
            where=named.name,
            hint="fix the query in shapes/*.shapes.ttl",
        ) from exc
    seen: set[tuple] = set()
    for solution in result:
        bindings = {n: term for n, term in solution.items() if term is not None}
        band = bindings.pop(BAND, None)
        shape = shapes[band.value] if band is not None else named
        focus = bindings.get("this")
        if focus is None:
            continue
        key = (shape.iri, tuple(sorted((k, str(v)) for k, v in bindings.items())))
        if key in seen:  # pyshacl drops duplicate solutions too
            continue
        seen.add(key)
        yield Row(shape=shape, constraint=constraint, focus=focus.value, bindings=bindings)


def run_on_merge(
    store: KnowledgeStore,
    shapes: Iterable[ShapeInfo],
    graphs: list[str],
    given: Callable[[str], bytes | None] | None = None,
) -> list[Row]:
    """Rows of ``shapes`` on the RDF merge of the named graphs ``graphs`` of ``store``, copied into memory: the
    data the reference engine reads for a group of documents, and several times faster to query than the same
    graphs as parts of the default graph (the cross-document rules on a department's documents). ``given``:
    a graph's N-Triples from elsewhere, as for ``KnowledgeStore.copy_graphs``."""
    return list(run_shapes(store.copy_graphs(graphs, merged=True, given=given), shapes, None))


def run_store_wide(store: KnowledgeStore, shapes: Iterable[ShapeInfo]) -> list[Row]:
    """Rows of the store-wide shapes' constraints, on the union of all document graphs, or, for a rule that
    compares only documents sharing a value (``bgts:comparesWithin``), on each group of such documents.

    Per-document shapes run on a copy of their document's graph (:mod:`budgetkg.shapes.perdocument`):
    shared nodes (codes, measures, line items) have their triples in every document graph, and the union
    default graph repeats such triples once per graph, which would multiply sums.
    """
    shapes = [s for s in shapes if s.store_wide]
    rows = list(run_shapes(store, [s for s in shapes if s.compares_within is None], None))
    within: dict[URIRef, list[ShapeInfo]] = {}
    for shape in shapes:
        if shape.compares_within is not None:
            within.setdefault(shape.compares_within, []).append(shape)
    for prop, chosen in within.items():
        for group in document_groups(store, prop):
            rows.extend(run_on_merge(store, chosen, group))
    return rows


def grouped_shapes(shapes: Iterable[ShapeInfo]) -> tuple[URIRef | None, list[ShapeInfo]]:
    """The property most cross-document shapes compare within (``bgts:comparesWithin``), and those shapes:
    they run on each group of documents that share its value, with the group's per-document shapes."""
    store_wide = [s for s in shapes if s.store_wide]
    within = Counter(s.compares_within for s in store_wide if s.compares_within is not None)
    if not within:
        return None, []
    prop = within.most_common(1)[0][0]
    return prop, [s for s in store_wide if s.compares_within == prop]


def document_groups(store: KnowledgeStore, prop: URIRef) -> list[list[str]]:
    """The document graphs in groups of documents sharing a value of ``prop`` (a document with two values joins
    their groups into one; one without a value is alone): every graph in exactly one group."""
    values: dict[str, set[str]] = {}
    query = f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?d a bgt:BudgetDocument OPTIONAL {{ ?d <{prop}> ?v }} }} }}"
    for solution in store.select(query):
        values.setdefault(solution["g"].value, set())
        if solution["v"] is not None:
            values[solution["g"].value].add(str(solution["v"]))
    owner: dict[str, str] = {}  # value -> the first graph that has it; graphs sharing a value are joined
    parent = {graph: graph for graph in values}

    def root(graph: str) -> str:
        while parent[graph] != graph:
            parent[graph] = parent[parent[graph]]
            graph = parent[graph]
        return graph

    for graph in sorted(values):
        for value in sorted(values[graph]):
            if value in owner:
                parent[root(graph)] = root(owner[value])
            else:
                owner[value] = graph
    groups: dict[str, list[str]] = {}
    for graph in sorted(values):
        groups.setdefault(root(graph), []).append(graph)
    return sorted(groups.values())
