"""SHACL validation of the knowledge graph: ``validate(store)`` returns a typed :class:`ValidationReport`.

Two engines give the same findings (the tests prove it on every fixture and on the seed):

- ``"fast"`` (default): every ``sh:sparql`` constraint runs once on the Oxigraph store for all focus nodes
  (:mod:`budgetkg.shapes.fastpath`); the few core-SHACL shapes run with pyshacl per document;
- ``"pyshacl"``: the reference engine, one document's named graph at a time in a process pool, store-wide
  shapes once on the union of the documents.
"""

from __future__ import annotations

import time
from pathlib import Path

from budgetkg.errors import BudgetKGError

ENGINES = ("fast", "pyshacl")


def _store(store):
    from budgetkg.store import KnowledgeStore

    if isinstance(store, KnowledgeStore):
        return store
    if isinstance(store, (str, Path)):
        return KnowledgeStore(store)
    raise BudgetKGError(f"cannot validate a {type(store).__name__}", hint="pass a KnowledgeStore or a store folder")


def documents_in(kg) -> list[str]:
    """The IRIs of the documents in the store: one named graph per document."""
    return kg.graphs()


def resolve_documents(kg, wanted: list[str] | None) -> list[str]:
    """Document graph IRIs for names given by the user: an IRI, a source file name, or part of either."""
    known = documents_in(kg)
    if not wanted:
        return known
    files = {
        r["g"].value: r["f"].value
        for r in kg.select("SELECT ?g ?f WHERE { GRAPH ?g { ?d a bgt:BudgetDocument ; bgt:sourceFile ?f } }")
    }
    chosen: list[str] = []
    for w in wanted:
        hits = [d for d in known if w == d or w == files.get(d)] or [
            d for d in known if w in d or w in files.get(d, "")
        ]
        if not hits:
            raise BudgetKGError(
                f"no document matches '{w}'",
                where="--document",
                hint=f"use a document IRI or a source file name; the store holds {len(known)} "
                "document(s), see `budgetkg stats`",
            )
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def validate(
    store,
    documents: list[str] | None = None,
    *,
    engine: str = "fast",
    workers: int | None = None,
    min_severity: str | None = None,
):
    """Validate the store (or some of its documents) against every shape in ``shapes/*.shapes.ttl``."""
    from budgetkg.shapes import engine as reference
    from budgetkg.shapes import parallel, perdocument
    from budgetkg.shapes.catalog import SEVERITY_RANK, load_catalog
    from budgetkg.shapes.fastpath import run_store_wide
    from budgetkg.shapes.report import ValidationReport
    from budgetkg.shapes.results import from_rows

    if engine not in ENGINES:
        raise BudgetKGError(f"unknown engine '{engine}'", hint=f"use one of {', '.join(ENGINES)}")
    if min_severity is not None and min_severity not in SEVERITY_RANK:
        raise BudgetKGError(
            f"unknown severity '{min_severity}'", where="--min-severity", hint=f"use one of {', '.join(SEVERITY_RANK)}"
        )
    kg = _store(store)
    docs = resolve_documents(kg, documents)
    catalog = load_catalog()
    started = time.perf_counter()
    if engine == "fast":
        findings = from_rows(kg.ox, run_store_wide(kg.ox, catalog.shapes.values()))
        if parallel.worth_it(kg.path, docs, workers):
            kg.flush()  # the workers read the store from disk
            findings += parallel.document_findings(kg.path, docs, workers)
        else:
            findings += perdocument.document_findings(kg.ox, docs)
    else:
        graphs = {d: kg.ox.dump(format=_nt(), from_graph=_node(d)).decode("utf-8") for d in docs}
        findings = reference.validate_documents(graphs, workers=workers)
        if any(s.store_wide for s in catalog.shapes.values()):
            union = "".join(kg.ox.dump(format=_nt(), from_graph=_node(g)).decode("utf-8") for g in kg.graphs())
            from rdflib import Graph

            findings += reference.validate_graph(Graph().parse(data=union, format="nt"), None, store_wide=True)
    report = ValidationReport(
        findings=findings,
        documents=docs,
        engine=engine,
        seconds=time.perf_counter() - started,
        shapes=len(catalog.shapes),
    )
    return report.at_least(min_severity) if min_severity else report


def _nt():
    import pyoxigraph as ox

    return ox.RdfFormat.N_TRIPLES


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)
