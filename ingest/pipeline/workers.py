"""Worker processes for ``ingest_paths(..., workers=N)``: each reads, recognises and maps a file and
returns the document as N-Quads bytes, so the writer in the main process only parses and loads.

Workers ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent decides what happens
(it stops the workers and keeps what was committed). A worker that dies (a crash in a PDF library, the
OOM killer) breaks the pool, and every file it had not finished is tried once more, each in a fresh process
of its own (``workers`` at a time): the file that killed it fails when it does so again, the others are
ingested; the ones already parsed are written as they are.
"""

from __future__ import annotations

import gc
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline.prepare import IngestResult, Prepared, fail, prepare_file, safe_path
from budgetkg.store.transfer import encode_document

# the result, the document (N-Quads from a worker, or as prepared in this process; None if FAILED), a bug's traceback
Outcome = tuple[IngestResult, bytes | Prepared | None, str | None]
# a check run on each document where it is prepared (validation, say): (document IRI, N-Quads) -> a result kept
# in IngestResult.check; it must be a module-level function (it travels to the workers by name)
Check = Callable[[str, bytes], object]
# files submitted ahead per worker: enough to keep it busy while the writer loads a batch (about 120 seed-sized
# documents: 16 a worker left them idle for part of each load)
IN_FLIGHT_PER_WORKER = 48


def _init_worker() -> None:
    """Ignore Ctrl-C (the parent handles it) and freeze what the fork inherited (see ``encoded_in_workers``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()


def encode_file(path: str, given: GivenMetadata | None = None, check: Check | None = None) -> Outcome:
    """Worker: one file prepared and serialised, and ``check`` run on it; failures are in the result, never
    raised (a check that fails leaves ``result.check`` None and the document as it is)."""
    prepared = prepare_file(path, given)
    if prepared.triples is None:
        return prepared.result, None, prepared.trace
    try:
        data = encode_document(prepared.iri, prepared.triples)
    except Exception as exc:  # a bug in serialising fails this document only
        return prepared.result, None, fail(prepared.result, exc)
    return prepared.result, data, run_check(check, prepared.result, lambda: data)


def run_check(check: Check | None, result: IngestResult, data: Callable[[], bytes]) -> str | None:
    """``result.check`` set to what ``check`` gives for the document (its N-Quads from ``data()``); the
    traceback if either raised (else None)."""
    if check is None:
        return None
    try:
        result.check = check(result.document, data())
    except Exception as exc:  # the document is ingested all the same; whoever reads the checks sees it missing
        result.check = None
        name = getattr(check, "__name__", "the check")
        result.warnings.append(f"{name} failed on this document ({type(exc).__name__}: {exc})")
        return "".join(traceback.format_exception(exc))
    return None


def _outcome(path: str, future: Future, retried: bool = False) -> Outcome | None:
    """The future's outcome; None when its worker died (the first time: the file is tried again)."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        if not retried:
            return None
        result = IngestResult(path=safe_path(path))
        result.error = (
            f"a worker process died before finishing this file, and again when it was tried alone ({exc}); "
            "ingest it again alone (-j 1) to see why"
        )
        return result, None, None


def _alone(paths: list[str], workers: int, given: GivenMetadata | None, check: Check | None) -> Iterator[Outcome]:
    """The outcomes of ``paths`` in order, each prepared in a fresh process of its own, ``workers`` at a time,
    so that a file that kills its process again fails alone."""
    todo, running = iter(paths), deque()

    def start() -> None:
        path = next(todo, None)
        if path is not None:
            pool = ProcessPoolExecutor(max_workers=1, initializer=_init_worker)
            running.append((path, pool, pool.submit(encode_file, path, given, check)))

    try:
        for _ in range(workers):
            start()
        while running:
            path, pool, future = running.popleft()
            start()
            outcome = _outcome(path, future, retried=True)
            pool.shutdown(wait=True)
            yield outcome
    except BaseException:
        for _, pool, _ in running:
            stop_pool(pool)
        raise


def _after_a_death(
    rest: list[tuple[str, Future | None]], workers: int, given: GivenMetadata | None, check: Check | None
) -> Iterator[Outcome]:
    """The outcomes of the files left when the pool broke: those it finished as they are, the others again."""
    again = _alone([path for path, future in rest if not _finished(future)], workers, given, check)
    try:
        for _path, future in rest:
            yield future.result() if _finished(future) else next(again)
    finally:
        again.close()


def _finished(future: Future | None) -> bool:
    """Whether the file's future holds its outcome (None: the file was never submitted)."""
    return future is not None and not future.cancelled() and future.exception() is None


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers (they ignore SIGINT), without waiting on them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)  # and this
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    # A worker terminated while it wrote its result leaves half a message in the result pipe, and the pool's
    # manager thread would wait for the rest forever (and the interpreter's exit with it): with the workers gone,
    # closing this process's write end gives that thread end-of-file instead.
    if writer is not None and not any(process.is_alive() for process in processes):
        writer.close()


def encoded_in_workers(
    files: Iterable[str | Path], workers: int, given: GivenMetadata | None = None, check: Check | None = None
) -> Iterator[Outcome]:
    """The outcomes of ``files``, in their order, prepared by ``workers`` processes.

    A forked worker must never close a store it inherited (RocksDB would wait forever for threads that
    only exist in this process): stores that only a reference cycle keeps are closed here first, and the
    workers freeze what they inherit so that their garbage collector leaves it alone. On any exception in
    the parent (Ctrl-C, or the consumer stopping) the pool is stopped before it propagates.
    """
    gc.collect()
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
    todo = iter(str(f) for f in files)
    running: deque[tuple[str, Future]] = deque()  # a few files ahead of the writer: a finished file's N-Quads
    # wait in memory until the writer takes them, and a whole corpus submitted at once held every one of them

    def submit() -> None:
        path = next(todo, None)
        if path is not None:
            running.append((path, pool.submit(encode_file, path, given, check)))

    try:
        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            submit()
        while running:
            path, future = running.popleft()
            outcome = _outcome(path, future)
            if outcome is None:  # a worker died: the pool is broken, the files it left are tried again
                rest = [(path, future), *running]
                wait([f for _, f in rest])  # the broken pool fails every unfinished future at once
                stop_pool(pool)
                yield from _after_a_death(rest + [(p, None) for p in todo], workers, given, check)
                return
            submit()
            yield outcome
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
