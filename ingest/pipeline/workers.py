"""Worker processes for ``ingest_paths(..., workers=N)``: each reads, recognises and maps a file and
returns the document as N-Quads bytes, so the writer in the main process only parses and loads."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline.prepare import IngestResult, fail, prepare_file
from budgetkg.store.transfer import encode_document

Outcome = tuple[IngestResult, bytes | None, str | None]  # the result, the document's N-Quads, a bug's traceback


def encode_file(path: str, given: GivenMetadata | None = None) -> Outcome:
    """Worker: one file prepared and serialised; failures are in the result, never raised."""
    prepared = prepare_file(path, given)
    if prepared.triples is None:
        return prepared.result, None, prepared.trace
    try:
        return prepared.result, encode_document(prepared.iri, prepared.triples), None
    except Exception as exc:  # a bug in serialising fails this document only
        return prepared.result, None, fail(prepared.result, exc)


def encoded_in_workers(
    files: Iterable[str | Path], workers: int, given: GivenMetadata | None = None
) -> Iterator[Outcome]:
    """The outcomes of ``files``, in their order, prepared by ``workers`` processes.

    A forked worker must never close a store it inherited (RocksDB would wait forever for threads that
    only exist in this process): stores that only a reference cycle keeps are closed here first, and the
    workers freeze what they inherit so that their garbage collector leaves it alone.
    """
    gc.collect()
    with ProcessPoolExecutor(max_workers=workers, initializer=gc.freeze) as pool:
        yield from pool.map(partial(encode_file, given=given), [str(f) for f in files], chunksize=4)
