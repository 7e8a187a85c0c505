"""Ingest files into the store: the one path, serial or with worker processes and one writer.

``workers=1``: each file is read, recognised and mapped (``budgetkg.ingest.pipeline.prepare``) and its triples go
straight to the store. ``workers>1``: worker processes return each document serialised
(``budgetkg.ingest.pipeline.workers``) and the single writer loads it, new documents through the bulk loader
(``budgetkg.ingest.pipeline.writer``). Either way a file that fails, even through a bug, fails alone.
Ctrl-C (KeyboardInterrupt) stops the workers, writes what was already parsed and raises
:class:`Interrupted` with the results committed so far.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline.prepare import (
    SUFFIXES,
    IngestResult,
    expand_paths,
    extract_file,
    prepare_file,
    read_source,
)
from budgetkg.ingest.pipeline.workers import encoded_in_workers
from budgetkg.ingest.pipeline.writer import StoreWriter
from budgetkg.store import KnowledgeStore

__all__ = [
    "SUFFIXES",
    "IngestResult",
    "Interrupted",
    "expand_paths",
    "extract_file",
    "ingest_file",
    "ingest_paths",
    "read_source",
]

log = logging.getLogger(__name__)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest; ``results`` are the documents handled (and committed) before it."""

    def __init__(self, results: list[IngestResult]) -> None:
        super().__init__("interrupted")
        self.results = results


def ingest_paths(
    paths: Iterable[str | Path],
    store: KnowledgeStore,
    workers: int | None = 1,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
    given: GivenMetadata | None = None,
    replace: bool = False,
) -> list[IngestResult]:
    """Ingest the files under ``paths`` (see ``expand_paths``) into ``store``, one result per file in order.

    ``workers``: processes that read and map files (0 or None: one per CPU); ``bulk``: with more than one
    worker, load new documents with the bulk loader; ``on_done`` is called with each result as it is done;
    ``given``: the department, year and kind the user gave for every file (``metadata.given_metadata``).
    ``replace``: replace a stored graph even by a much poorer read (else it is kept and the file FAILED).
    """
    return _ingest(
        expand_paths(paths), store, workers=workers, bulk=bulk, on_done=on_done, given=given, replace=replace
    )


def ingest_file(path: str | Path, store: KnowledgeStore) -> IngestResult:
    """Ingest one file (the same path as ``ingest_paths``); errors, even a missing file, are in the result."""
    return _ingest([path], store)[0]


def _ingest(
    files: Sequence[str | Path],
    store: KnowledgeStore,
    workers: int | None = 1,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
    given: GivenMetadata | None = None,
    replace: bool = False,
) -> list[IngestResult]:
    """``ingest_paths`` for files already expanded."""
    files = list(files)
    workers = workers or os.cpu_count() or 1
    parallel = workers > 1 and len(files) > 1
    writer = StoreWriter(store, bulk=bulk and parallel, replace=replace)
    results: list[IngestResult] = []

    def done(result: IngestResult, trace: str | None) -> None:
        if trace:
            log.debug("%s: %s\n%s", result.path, result.error, trace.rstrip())
        results.append(result)
        if on_done:
            on_done(result)

    current: list[IngestResult] = []  # the document being written, if Ctrl-C comes between its write and done()
    try:
        if parallel:
            for result, data, trace in encoded_in_workers(files, workers, given):
                current[:] = [result]
                if data is not None:
                    writer.write_encoded(result, data)
                done(result, trace)
                current.clear()
        else:
            for path in files:
                started = time.perf_counter()
                prepared = prepare_file(path, given)
                current[:] = [prepared.result]
                if prepared.triples is not None:
                    writer.write_triples(prepared.result, prepared.iri, prepared.triples)
                prepared.result.seconds = time.perf_counter() - started
                done(prepared.result, prepared.trace)
                current.clear()
    except KeyboardInterrupt as exc:
        writer.finish()  # what was parsed before Ctrl-C is committed, not lost
        for result in current:
            if result not in results and result.ok and result.document and store.has_graph(result.document):
                results.append(result)  # written just before Ctrl-C
        raise Interrupted(results) from exc
    writer.finish()
    return results
