"""``validate(store)``: run every shape on the store, or on some of its documents, with either engine.

- ``Engine.FAST`` (default): every ``sh:sparql`` constraint runs once on the Oxigraph store for all focus
  nodes (:mod:`budgetkg.shapes.fastpath`): the store-wide shapes on the store, the per-document ones (and
  the core-SHACL shapes) on an in-memory copy of each document's graph, in threads or worker processes;
- ``Engine.PYSHACL``: the reference engine, one document's named graph at a time in a process pool,
  store-wide shapes once on the union of the documents.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, URIRef

from budgetkg.errors import BudgetKGError
from budgetkg.shapes.atingest import DocumentCheck
from budgetkg.shapes.catalog import SEVERITY_RANK, ShapeInfo, load_catalog
from budgetkg.shapes.companions import with_companions
from budgetkg.shapes.engine import validate_documents, validate_graph
from budgetkg.shapes.fastpath import document_groups, grouped_shapes, run_on_merge, run_store_wide
from budgetkg.shapes.kinds import Engine, Severity
from budgetkg.shapes.ledger import Applicability
from budgetkg.shapes.ledger import build as ledger
from budgetkg.shapes.parallel import document_findings as in_processes
from budgetkg.shapes.parallel import worth_it
from budgetkg.shapes.perdocument import document_findings as in_threads
from budgetkg.shapes.provenance import cells
from budgetkg.shapes.report import Finding, ValidationReport
from budgetkg.shapes.results import from_rows
from budgetkg.shapes.spool import GraphSpool
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
CROSS_THREADS = 2  # groups compared at once on the store


def _fast(
    kg: KnowledgeStore,
    docs: list[str],
    workers: int | None,
    checked: Mapping[str, DocumentCheck],
    spool: GraphSpool | None = None,
) -> Run:
    catalog = load_catalog()
    store_wide = [s for s in catalog.shapes.values() if s.store_wide]
    prop, cross = grouped_shapes(store_wide)  # run with each group's copy
    findings = from_rows(kg, run_store_wide(kg, [s for s in store_wide if s not in cross]))
    groups = validation_groups(kg, docs, prop)
    checked = {d: checked[d] for d in docs if d in checked}
    todo = [d for d in docs if d not in checked]
    unchecked = set(todo)
    done = [g for g in groups if unchecked.isdisjoint(g)]  # every chosen document of the group was checked
    groups = [g for g in groups if not unchecked.isdisjoint(g)]
    findings += _checked_groups(kg, done, checked, cross, spool)
    verdicts = {d: checked[d].verdict for g in done for d in g if d in checked}
    if not groups:
        return findings, verdicts
    if worth_it(kg.path, todo, workers):
        kg.flush()  # the workers read the store from disk
        per_document, found = in_processes(kg.path, todo, workers or 1, groups, cross)
    else:
        per_document, found = in_threads(kg, todo, groups=groups, cross=cross)
    verdicts.update(found)
    verdicts.update((d, checked[d].verdict) for g in groups for d in g if d in checked)
    findings += [f for g in groups for d in g if d in checked for f in checked[d].findings]
    return findings + per_document, verdicts


def _checked_groups(
    kg: KnowledgeStore,
    groups: list[list[str]],
    checked: Mapping[str, DocumentCheck],
    cross: Sequence[ShapeInfo],
    spool: GraphSpool | None = None,
) -> list[Finding]:
    """Findings for groups whose every document was validated at ingest: theirs, and the cross-document
    shapes' on the merge of the group's graphs (one document: its graph alone), each checked document's taken
    from ``spool`` when it holds it, the others read from the store."""
    findings = [f for g in groups for d in g if d in checked for f in checked[d].findings]

    def given(document: str) -> bytes | None:
        return spool.triples(document) if spool is not None and document in checked else None

    if cross and groups:
        with ThreadPoolExecutor(max_workers=CROSS_THREADS) as pool:  # Oxigraph releases the GIL in a query
            for rows in pool.map(lambda g: run_on_merge(kg, cross, g, given), groups):
                findings += from_rows(kg, rows)
    return findings


def validation_groups(kg: KnowledgeStore, docs: list[str], prop: URIRef | None) -> list[list[str]]:
    """The groups of documents validated together: those sharing a value of ``prop`` (the property the
    cross-document rules compare within) that hold a document of ``docs``, and each other document alone."""
    if prop is None:
        return [[d] for d in docs]
    chosen = set(docs)
    groups = [g for g in document_groups(kg, prop) if chosen.intersection(g)]
    grouped = {d for g in groups for d in g}
    return groups + [[d] for d in docs if d not in grouped]


def _reference(
    kg: KnowledgeStore, docs: list[str], workers: int | None, checked: Mapping, spool: GraphSpool | None = None
) -> Run:
    """pyshacl on every document's graph read from the store (``checked`` and ``spool`` are not used)."""
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
    checked: Mapping[str, DocumentCheck] | None = None,
    spool: GraphSpool | None = None,
) -> ValidationReport:
    """Validate the store (or some of its documents) against every shape in ``shapes/*.shapes.ttl``.

    ``checked``: documents already validated alone where they were ingested (:mod:`budgetkg.shapes.atingest`,
    by document IRI); the fast engine takes their per-document findings as they are and reads the store only
    for the rules that compare documents. ``spool``: the graphs of those documents as the ingest wrote them
    (:class:`budgetkg.shapes.spool.GraphSpool`), read instead of the store for those rules. The reference
    engine ignores both and validates everything.
    """
    chosen = _engine(engine)
    floor = _severity(min_severity)
    kg = open_store(store)
    docs = resolve_documents(kg, documents)
    catalog = load_catalog()
    started = time.perf_counter()
    run = _fast if chosen is Engine.FAST else _reference
    findings, verdicts = run(kg, docs, workers, dict(checked or {}), spool)
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


def validate_ingested(store: KnowledgeStore, results: Sequence, **options: object) -> ValidationReport:
    """Validate the documents an ingest with ``check=check_document`` just wrote (``results``: its
    IngestResults), taking the per-document findings each worker made at ingest; a document whose check is
    missing (it failed there) is validated from the store. ``options`` as for :func:`validate`."""
    written = [r for r in results if r.ok and r.document]
    checked = {r.document: r.check for r in written if isinstance(r.check, DocumentCheck)}
    if not written:  # (validate would take no document for all of them)
        shapes = len(load_catalog().shapes)
        return ValidationReport(findings=[], documents=[], engine=Engine.FAST, seconds=0.0, shapes=shapes, rules=[])
    return validate(store, list(dict.fromkeys(r.document for r in written)), checked=checked, **options)
