"""Ingest files into the store: the one path, serial or with worker processes and one writer.

``workers=1``: each file is read, recognised and mapped (``budgetkg.ingest.pipeline.prepare``) and its triples go
straight to the store. ``workers>1``: worker processes return each document serialised
(``budgetkg.ingest.pipeline.workers``) and the single writer loads it, new documents through the bulk loader
(``budgetkg.ingest.pipeline.writer``). Either way a file that fails, even through a bug, fails alone.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
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
from budgetkg.ingest.pipeline.workers import encoded_in_workers
from budgetkg.ingest.pipeline.writer import StoreWriter
from budgetkg.store import KnowledgeStore

__all__ = ["SUFFIXES", "IngestResult", "expand_paths", "extract_file", "ingest_file", "ingest_paths", "read_source"]

log = logging.getLogger(__name__)


def ingest_paths(
    paths: Iterable[str | Path],
    store: KnowledgeStore,
    workers: int | None = 1,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
    given: GivenMetadata | None = None,
    cluster: Any = None,
    remote: RemoteTarget | None = None,
) -> list[IngestResult]:
    """Ingest the files under ``paths`` (see ``expand_paths``) into ``store``, one result per file in order.

    ``workers``: processes that read and map files (0 or None: one per CPU); ``bulk``: with more than one
    worker, load new documents with the bulk loader; ``on_done`` is called with each result as it is done;
    ``given``: the department, year and kind the user gave for every file (``metadata.given_metadata``);
    ``cluster``: a ``distributed.Client`` (``dask_ingest.connect_cluster``) whose workers read and map the
    files instead; ``remote``: push each document to that SPARQL server instead of ``store`` (may be None).
    """
    files = expand_paths(paths)
    return _ingest(
        files, store, workers=workers, bulk=bulk, on_done=on_done, given=given, cluster=cluster, remote=remote
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
    cluster: Any = None,
    remote: RemoteTarget | None = None,
) -> list[IngestResult]:
    """``ingest_paths`` for files already expanded."""
    files = list(files)
    workers = workers or os.cpu_count() or 1
    parallel = workers > 1 and len(files) > 1
    writer = RemoteWriter(remote) if remote else StoreWriter(store, bulk=bulk and (parallel or cluster is not None))
    results: list[IngestResult] = []

    def done(result: IngestResult, trace: str | None) -> None:
        if trace:
            log.debug("%s: %s\n%s", result.path, result.error, trace.rstrip())
        results.append(result)
        if on_done:
            on_done(result)

    if parallel or cluster is not None:
        if cluster is not None:
            outcomes = encoded_on_cluster(files, cluster, given)
        else:
            outcomes = encoded_in_workers(files, workers, given)
        for result, data, trace in outcomes:
            if data is not None:
                writer.write_encoded(result, data)
            done(result, trace)
    else:
        for path in files:
            started = time.perf_counter()
            prepared = prepare_file(path, given)
            if prepared.triples is not None:
                writer.write_triples(prepared.result, prepared.iri, prepared.triples)
            prepared.result.seconds = time.perf_counter() - started
            done(prepared.result, prepared.trace)
    writer.finish()
    return results
