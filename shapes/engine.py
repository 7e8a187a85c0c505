"""pyshacl, the reference engine: one document's named graph at a time, in a process pool.

pyshacl runs a SHACL-SPARQL constraint once per focus node and re-parses its query text every time; the
data graph below memoises parsed queries (same semantics, ~40x faster) and plans each one for rdflib
(``budgetkg.shapes.plan``: start from ``$this``, filter as soon as a condition can be tested). Shapes
flagged ``bgts:storeWide`` are deactivated in the per-document runs and run once on the union of the
documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.catalog import SH, ShapesCatalog, load_catalog
from budgetkg.shapes.ledger import Applicability, applicability, gather
from budgetkg.shapes.plan import plan
from budgetkg.shapes.report import Finding
from budgetkg.shapes.results import from_pyshacl


class PreparedQueryGraph(Graph):
    """An rdflib Graph that parses and plans each distinct query text once."""

    _prepared: dict[str, object] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.join_memo: dict = {}  # plan.join_once's solutions of bottom-up join sides on this graph

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = prepareQuery(query_object)
                plan(prepared.algebra)
                self._prepared[query_object] = prepared
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def shapes_subset(catalog: ShapesCatalog, *, store_wide: bool, sparql: bool = True, core: bool = True) -> Graph:
    """A copy of the shapes graph where every shape not selected is ``sh:deactivated``."""
    g = Graph()
    g += catalog.graph
    for shape in catalog.shapes.values():
        keep = shape.store_wide == store_wide and ((sparql and bool(shape.sparql)) or (core and shape.core))
        if not keep:
            g.set((shape.iri, SH.deactivated, Literal(True, datatype=XSD.boolean)))
    return g


@lru_cache(maxsize=8)
def _subset(store_wide: bool, sparql: bool, core: bool) -> Graph:
    return shapes_subset(load_catalog(), store_wide=store_wide, sparql=sparql, core=core)


def validate_graph(
    data: Graph, document: str | None, *, store_wide: bool = False, sparql: bool = True, core: bool = True
) -> list[Finding]:
    """pyshacl's findings on one graph, for the selected shapes."""
    import pyshacl  # imported late: pyshacl takes ~0.15 s to import and only the reference engine needs it

    graph = PreparedQueryGraph()
    graph += data
    _conforms, results, _text = pyshacl.validate(
        graph, shacl_graph=_subset(store_wide, sparql, core), inference="none", allow_warnings=True, inplace=True
    )
    if not isinstance(results, Graph):  # pyshacl refused the shapes (a ValidationFailure), it validated nothing
        raise BudgetKGError(
            f"the reference engine (pyshacl) cannot run the shapes: {results}",
            where=document or "the shapes graph",
            hint="fix the constraint in shapes/*.shapes.ttl that pyshacl names (SHACL-SPARQL allows no MINUS)",
        )
    return from_pyshacl(results, load_catalog(), document)


def facts_of(data: Graph, catalog: ShapesCatalog) -> Applicability:
    """Which rules apply to one document, its facts read by rdflib from the graph pyshacl validates."""

    def select(query: str) -> Iterable[dict[str, str | None]]:
        for row in data.query(query):
            yield {str(k): str(v) for k, v in row.asdict().items()}  # type: ignore[union-attr]

    return applicability(catalog, gather(catalog, select, lambda query: bool(data.query(query).askAnswer)))


def _worker(job: tuple[str, str, bool, bool]) -> tuple[list[Finding], Applicability]:
    document, ntriples, sparql, core = job
    data = Graph().parse(data=ntriples, format="nt")
    return validate_graph(data, document, sparql=sparql, core=core), facts_of(data, load_catalog())


def validate_documents(
    graphs: dict[str, str], *, sparql: bool = True, core: bool = True, workers: int | None = None
) -> tuple[list[Finding], dict[str, Applicability]]:
    """pyshacl on each document's graph (N-Triples text by document IRI), in parallel over documents, and
    which rules apply to each document."""
    jobs = [(doc, nt, sparql, core) for doc, nt in sorted(graphs.items())]
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or len(jobs) <= 1:
        results = [_worker(job) for job in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_worker, jobs))
    findings = [f for part, _ in results for f in part]
    return findings, {job[0]: verdict for job, (_, verdict) in zip(jobs, results)}
