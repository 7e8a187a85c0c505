"""``validate(store)``: run every shape on the store, or on some of its documents, with either engine.

- ``Engine.FAST`` (default): every ``sh:sparql`` constraint runs once on the Oxigraph store for all focus
  nodes (:mod:`budgetkg.shapes.fastpath`): the store-wide shapes on the store, the per-document ones (and
  the core-SHACL shapes) on an in-memory copy of each document's graph, in threads or worker processes;
- ``Engine.PYSHACL``: the reference engine, one document's named graph at a time in a process pool,
  store-wide shapes once on the union of the documents.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, URIRef

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.catalog import SEVERITY_RANK, load_catalog
from budgetkg.shapes.companions import with_companions
from budgetkg.shapes.engine import validate_documents, validate_graph
from budgetkg.shapes.fastpath import document_groups, run_store_wide
from budgetkg.shapes.kinds import Engine, Severity
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.ledger import build as ledger
from budgetkg.shapes.parallel import document_findings as in_processes
from budgetkg.shapes.parallel import worth_it
from budgetkg.shapes.perdocument import document_findings as in_threads
from budgetkg.shapes.provenance import cells
from budgetkg.shapes.report import Finding, ValidationReport
from budgetkg.shapes.results import from_rows
from budgetkg.shapes.unconfirmed import unconfirmed
from budgetkg.store import KnowledgeStore


def open_store(store: KnowledgeStore | str | Path) -> KnowledgeStore:
    """The store itself, or the store in the folder ``store``."""
    if isinstance(store, KnowledgeStore):
        return store
    if isinstance(store, (str, Path)):
        return KnowledgeStore(store)
    raise BudgetKGError(f"cannot validate a {type(store).__name__}", hint="pass a KnowledgeStore or a store folder")


def documents_in(kg: KnowledgeStore) -> list[str]:
    """The IRIs of the documents in the store: one named graph per document."""
    return kg.graphs()


def resolve_documents(kg: KnowledgeStore, wanted: list[str] | None) -> list[str]:
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


def _engine(name: Engine | str) -> Engine:
    try:
        return Engine(name)
    except ValueError:
        raise BudgetKGError(f"unknown engine '{name}'", hint=f"use one of {', '.join(Engine)}") from None


def _severity(name: Severity | str | None) -> Severity | None:
    if name is not None and name not in SEVERITY_RANK:
        raise BudgetKGError(
            f"unknown severity '{name}'", where="--min-severity", hint=f"use one of {', '.join(SEVERITY_RANK)}"
        )
    return None if name is None else Severity(name)


Run = tuple[list[Finding], dict[str, Applicability]]


def _fast(kg: KnowledgeStore, docs: list[str], workers: int | None) -> Run:
    store_wide = [s for s in load_catalog().shapes.values() if s.store_wide]
    within = Counter(s.compares_within for s in store_wide if s.compares_within is not None)
    prop = within.most_common(1)[0][0] if within else None
    cross = [s for s in store_wide if prop is not None and s.compares_within == prop]  # run with each group's copy
    findings = from_rows(kg, run_store_wide(kg, [s for s in store_wide if s not in cross]))
    groups = validation_groups(kg, docs, prop)
    if worth_it(kg.path, docs, workers):
        kg.flush()  # the workers read the store from disk
        per_document, verdicts = in_processes(kg.path, docs, workers or 1, groups, cross)
    else:
        per_document, verdicts = in_threads(kg, docs, groups=groups, cross=cross)
    return findings + per_document, verdicts


def validation_groups(kg: KnowledgeStore, docs: list[str], prop: URIRef | None) -> list[list[str]]:
    """The groups of documents validated together: those sharing a value of ``prop`` (the property the
    cross-document rules compare within) that hold a document of ``docs``, and each other document alone."""
    if prop is None:
        return [[d] for d in docs]
    chosen = set(docs)
    groups = [g for g in document_groups(kg, prop) if chosen.intersection(g)]
    grouped = {d for g in groups for d in g}
    return groups + [[d] for d in docs if d not in grouped]


def _reference(kg: KnowledgeStore, docs: list[str], workers: int | None) -> Run:
    graphs = {d: kg.dump_graph(d).decode("utf-8") for d in docs}
    findings, verdicts = validate_documents(graphs, workers=workers)
    if any(s.store_wide for s in load_catalog().shapes.values()):
        union = "".join(kg.dump_graph(g).decode("utf-8") for g in kg.graphs())
        store_wide = validate_graph(Graph().parse(data=union, format="nt"), None, store_wide=True)
        findings += with_documents(kg, store_wide)
    return findings, verdicts


def with_documents(kg: KnowledgeStore, findings: list[Finding]) -> list[Finding]:
    """Findings on the union of the graphs, each given the document its focus node was read from (as the fast
    path's are), so the ledger can tell which document a store-wide rule failed on."""
    refs = cells(kg, {f.focus for f in findings if f.document is None})
    return [
        replace(f, document=refs[f.focus].document, cell=refs[f.focus]) if f.document is None else f for f in findings
    ]


def validate(
    store: KnowledgeStore | str | Path,
    documents: list[str] | None = None,
    *,
    engine: Engine | str = Engine.FAST,
    workers: int | None = None,
    min_severity: Severity | str | None = None,
) -> ValidationReport:
    """Validate the store (or some of its documents) against every shape in ``shapes/*.shapes.ttl``."""
    chosen = _engine(engine)
    floor = _severity(min_severity)
    kg = open_store(store)
    docs = resolve_documents(kg, documents)
    catalog = load_catalog()
    started = time.perf_counter()
    run = _fast if chosen is Engine.FAST else _reference
    findings, verdicts = run(kg, docs, workers)
    verdicts = with_companions(kg, catalog, verdicts)
    findings = unconfirmed(findings, verdicts)
    report = ValidationReport(
        findings=findings,
        documents=docs,
        engine=chosen,
        seconds=time.perf_counter() - started,
        shapes=len(catalog.shapes),
        rules=ledger(catalog, verdicts, findings),
    )
    return report.at_least(floor) if floor else report
