"""Ingest files into the store: the one path, serial, with worker processes or on a Dask cluster, and one writer.

Where a file is prepared (read, recognised and mapped, ``budgetkg.ingest.pipeline.prepare``) is the only thing
that differs: here (``workers=1``, the triples go straight to the writer), in local worker processes
(``budgetkg.ingest.pipeline.workers``) or on a Dask cluster (``budgetkg.ingest.pipeline.dask_ingest``), the
last two returning each document as N-Quads. Every outcome then goes through :func:`write_outcomes`, the one
place that decides what happens to a prepared document: the writer keeps a much richer stored graph unless
``replace``, loads new documents in bulk (``budgetkg.ingest.pipeline.writer``) or pushes them to a SPARQL
server (``remote_writer``). A file that fails, even through a bug or a dead worker, fails alone; a DEGRADED
document is stored and says so. Ctrl-C (KeyboardInterrupt) stops the workers or cancels the cluster's tasks,
writes what was already prepared and raises :class:`Interrupted` with the results committed so far.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline.dask_ingest import encoded_on_cluster
from budgetkg.ingest.pipeline.prepare import (
    SUFFIXES,
    IngestResult,
    expand_paths,
    extract_file,
    prepare_file,
    read_source,
)
from budgetkg.ingest.pipeline.remote_writer import RemoteTarget, RemoteWriter
from budgetkg.ingest.pipeline.workers import Check, Outcome, encoded_in_workers, run_check
from budgetkg.ingest.pipeline.writer import StoreWriter, Writer
from budgetkg.store import KnowledgeStore
from budgetkg.store.transfer import encode_document

__all__ = [
    "SUFFIXES",
    "IngestResult",
    "Interrupted",
    "RemoteTarget",
    "expand_paths",
    "extract_file",
    "ingest_file",
    "ingest_paths",
    "read_source",
    "write_outcomes",
]

log = logging.getLogger(__name__)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during an ingest; ``results`` are the documents handled (and committed) before it."""

    def __init__(self, results: list[IngestResult]) -> None:
        super().__init__("interrupted")
        self.results = results


def ingest_paths(
    paths: Iterable[str | Path],
    store: KnowledgeStore | None,
    workers: int | None = 1,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
    given: GivenMetadata | None = None,
    replace: bool = False,
    cluster: Any = None,
    remote: RemoteTarget | None = None,
    check: Check | None = None,
    keep: Callable[[str, bytes], object] | None = None,
) -> list[IngestResult]:
    """Ingest the files under ``paths`` (see ``expand_paths``) into ``store``, one result per file in order.

    ``workers``: processes that read and map files (0 or None: one per CPU); ``bulk``: with more than one
    worker or a cluster, load new documents with the bulk loader; ``on_done`` is called with each result as
    it is done; ``given``: the department, year and kind the user gave for every file
    (``metadata.given_metadata``); ``replace``: replace a stored graph even by a much poorer read (else it is
    kept and the file FAILED); ``cluster``: a ``distributed.Client`` (``dask_ingest.connect_cluster``) whose
    workers read and map the files instead of ``workers``; ``remote``: push each document to that SPARQL
    server instead of ``store`` (which may then be None); ``check``: a module-level function run on each
    document where it is prepared, ``check(document IRI, N-Quads bytes)``, its value kept in the result's
    ``check`` (per-document validation at ingest: ``budgetkg.shapes.atingest``); ``keep``: called with the
    IRI and N-Quads of each document written as a worker sent them (``budgetkg.shapes.spool.GraphSpool.add``).
    """
    return _ingest(
        expand_paths(paths),
        store,
        workers=workers,
        bulk=bulk,
        on_done=on_done,
        given=given,
        replace=replace,
        cluster=cluster,
        remote=remote,
        check=check,
        keep=keep,
    )


def ingest_file(path: str | Path, store: KnowledgeStore) -> IngestResult:
    """Ingest one file (the same path as ``ingest_paths``); errors, even a missing file, are in the result."""
    return _ingest([path], store)[0]


def _ingest(
    files: Sequence[str | Path],
    store: KnowledgeStore | None,
    workers: int | None = 1,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
    given: GivenMetadata | None = None,
    replace: bool = False,
    cluster: Any = None,
    remote: RemoteTarget | None = None,
    check: Check | None = None,
    keep: Callable[[str, bytes], object] | None = None,
) -> list[IngestResult]:
    """``ingest_paths`` for files already expanded: choose where files are prepared, then write them."""
    files = list(files)
    workers = workers or os.cpu_count() or 1
    parallel = workers > 1 and len(files) > 1
    if cluster is not None:
        outcomes: Iterator[Outcome] = encoded_on_cluster(files, cluster, given, check)
    elif parallel:
        outcomes = encoded_in_workers(files, workers, given, check)
    else:
        outcomes = _prepared_here(files, given, check)
    if remote is not None:
        writer: Writer = RemoteWriter(remote)
    elif store is None:
        raise ValueError("ingest_paths needs a store unless remote is given")
    else:
        writer = StoreWriter(store, bulk=bulk and (parallel or cluster is not None), replace=replace)
    return write_outcomes(outcomes, writer, on_done, keep)


def _prepared_here(files: Sequence[str | Path], given: GivenMetadata | None, check: Check | None) -> Iterator[Outcome]:
    """Each file prepared in this process; the document stays as triples (serialised only for ``check``)."""
    for path in files:
        prepared = prepare_file(path, given)
        trace = prepared.trace
        if prepared.triples is not None and check is not None:
            trace = run_check(check, prepared.result, lambda p=prepared: encode_document(p.iri, p.triples))
        yield prepared.result, (prepared if prepared.triples is not None else None), trace


def write_outcomes(
    outcomes: Iterator[Outcome],
    writer: Writer,
    on_done: Callable[[IngestResult], None] | None = None,
    keep: Callable[[str, bytes], object] | None = None,
) -> list[IngestResult]:
    """Write each prepared document, wherever it was prepared, and return the results in order.

    This is the one place that decides what happens to a prepared document (the writer's ``write``: kept,
    replaced, bulk-loaded or pushed) and what Ctrl-C leaves: ``outcomes`` is closed (workers stopped, tasks
    cancelled), what was written is committed, and :class:`Interrupted` lists it.
    """
    results: list[IngestResult] = []
    current: IngestResult | None = None  # the document being written, if Ctrl-C comes between its write and done
    try:
        for result, payload, trace in outcomes:
            current = result
            if payload is not None:
                started = time.perf_counter()
                writer.write(result, payload)
                if keep is not None and isinstance(payload, bytes) and result.ok:
                    _keep(keep, result, payload)
                result.seconds += time.perf_counter() - started
            if trace:
                log.debug("%s: %s\n%s", result.path, result.error or "check failed", trace.rstrip())
            results.append(result)
            if on_done:
                on_done(result)
            current = None
    except KeyboardInterrupt as exc:
        _close(outcomes)
        writer.finish()  # what was prepared before Ctrl-C is committed, not lost
        if current is not None and current not in results and current.ok and writer.committed(current):
            results.append(current)  # written just before Ctrl-C
        raise Interrupted(results) from exc
    except BaseException:
        _close(outcomes)
        raise
    writer.finish()
    return results


def _keep(keep: Callable[[str, bytes], object], result: IngestResult, payload: bytes) -> None:
    """Hand the written document to ``keep``; a failure there (a full disk) is a warning, never a lost run."""
    try:
        keep(result.document, payload)
    except Exception as exc:
        result.warnings.append(f"could not keep the graph aside for validation ({type(exc).__name__}: {exc})")


def _close(outcomes: Iterator[Outcome]) -> None:
    """Stop the workers or cancel the tasks behind ``outcomes`` now, not when it is garbage-collected."""
    close = getattr(outcomes, "close", None)
    if close is not None:
        close()
