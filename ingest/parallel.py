"""Parallel ingestion: worker processes read, recognise and map; one writer puts graphs in the store.

Workers return each document as N-Quads bytes (serialised by Oxigraph), so the writer only parses and
loads. New documents are collected into batches for the bulk loader (see ``KnowledgeStore.bulk_add``);
documents already in the store are replaced one by one, atomically.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from budgetkg.errors import BudgetKGError
from budgetkg.ingest.pipeline import IngestResult, expand_paths, extract_file
from budgetkg.ingest.rdf.mapper import document_iri, to_triples
from budgetkg.store.terms import to_ox

BATCH_TRIPLES = 500_000


OPTIMIZE_AFTER_QUADS = 500_000  # about 100 seed-sized documents


def _prepare(path: str) -> tuple[IngestResult, bytes | None]:
    """Worker: the document's summary and its quads as N-Quads, or the error."""
    started = time.perf_counter()
    result = IngestResult(path=path)
    try:
        ex = extract_file(path)
        iri = document_iri(ex)
        graph = ox.NamedNode(str(iri))
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph) for s, p, o in to_triples(ex)]
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        result.document, result.triples = str(iri), len(quads)
        result.tables = sum(1 for t in ex.tables if t.kind != "unknown")
        result.observations, result.units = len(ex.observations), len(ex.units)
        result.warnings = [str(w) for w in ex.warnings]
    except BudgetKGError as exc:
        result.error, data = exc.message(), None
    except OSError as exc:
        result.error, data = f"cannot read the file: {exc}", None
    result.seconds = time.perf_counter() - started
    return result, data


class _Writer:
    """The single writer: batches new documents for the bulk loader, replaces known ones."""

    def __init__(self, store, bulk: bool) -> None:
        self.store, self.bulk = store, bulk
        self.batch: dict[str, list[ox.Quad]] = {}
        self.size = 0
        self.bulk_loaded = 0

    def write(self, iri: str, data: bytes) -> None:
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        if not self.bulk or self.store.has_graph(iri) or iri in self.batch:
            self.flush()
            triples = [(q.subject, q.predicate, q.object) for q in quads]
            self.store.replace_graph(iri, triples)
            return
        self.batch[iri] = quads
        self.size += len(quads)
        if self.size >= BATCH_TRIPLES:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.bulk_loaded += self.store.bulk_add(self.batch)
            self.batch, self.size = {}, 0


def ingest_parallel(
    paths: Iterable[str | Path],
    store,
    workers: int | None = None,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """Ingest every file under ``paths`` with ``workers`` processes (default: the CPU count)."""
    files = [str(p) for p in expand_paths(paths)]
    workers = workers or os.cpu_count() or 1
    writer = _Writer(store, bulk)
    results: list[IngestResult] = []

    def done(result: IngestResult, data: bytes | None) -> None:
        if data is not None and result.document:
            try:
                writer.write(result.document, data)
            except BudgetKGError as exc:
                result.error = exc.message()
        results.append(result)
        if on_done:
            on_done(result)

    if workers <= 1 or len(files) <= 1:
        for f in files:
            done(*_prepare(f))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result, data in pool.map(_prepare, files, chunksize=4):
                done(result, data)
    writer.flush()
    if writer.bulk_loaded >= OPTIMIZE_AFTER_QUADS:
        store.optimize()  # compacts what the bulk loader wrote: joins on a 1,000-document store ran 2.4x faster
    return results
