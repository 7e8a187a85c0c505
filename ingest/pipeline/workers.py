"""Worker processes for ``ingest_paths(..., workers=N)``: each reads, recognises and maps a file and
returns the document as N-Quads bytes, so the writer in the main process only parses and loads.

Workers ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent decides what happens
(it stops the workers and keeps what was committed). A worker that dies (a crash in a PDF library, the
OOM killer) fails the documents it could not finish; the ones already parsed are still written.
"""

from __future__ import annotations

import gc
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline.prepare import IngestResult, Prepared, fail, prepare_file, safe_path
from budgetkg.store.transfer import encode_document

# the result, the document (N-Quads from a worker, or as prepared in this process; None if FAILED), a bug's traceback
Outcome = tuple[IngestResult, bytes | Prepared | None, str | None]


def _init_worker() -> None:
    """Ignore Ctrl-C (the parent handles it) and freeze what the fork inherited (see ``encoded_in_workers``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()


def encode_file(path: str, given: GivenMetadata | None = None) -> Outcome:
    """Worker: one file prepared and serialised; failures are in the result, never raised."""
    prepared = prepare_file(path, given)
    if prepared.triples is None:
        return prepared.result, None, prepared.trace
    try:
        return prepared.result, encode_document(prepared.iri, prepared.triples), None
    except Exception as exc:  # a bug in serialising fails this document only
        return prepared.result, None, fail(prepared.result, exc)


def _outcome(path: str, future: Future) -> Outcome:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        result = IngestResult(path=safe_path(path))
        result.error = f"a worker process died before finishing this file ({exc}); ingest it again alone (-j 1)"
        return result, None, None


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers (they ignore SIGINT), without waiting on them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def encoded_in_workers(
    files: Iterable[str | Path], workers: int, given: GivenMetadata | None = None
) -> Iterator[Outcome]:
    """The outcomes of ``files``, in their order, prepared by ``workers`` processes.

    A forked worker must never close a store it inherited (RocksDB would wait forever for threads that
    only exist in this process): stores that only a reference cycle keeps are closed here first, and the
    workers freeze what they inherit so that their garbage collector leaves it alone. On any exception in
    the parent (Ctrl-C, or the consumer stopping) the pool is stopped before it propagates.
    """
    gc.collect()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    try:
        futures = [(str(f), pool.submit(encode_file, str(f), given)) for f in files]
        for path, future in futures:
            yield _outcome(path, future)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
