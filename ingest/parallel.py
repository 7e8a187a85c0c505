"""The former entry point of parallel ingestion, kept for its callers: use ``ingest_paths(..., workers=N)``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from budgetkg.ingest.pipeline import IngestResult, ingest_paths


def ingest_parallel(
    paths: Iterable[str | Path],
    store,
    workers: int | None = None,
    bulk: bool = True,
    on_done: Callable[[IngestResult], None] | None = None,
) -> list[IngestResult]:
    """``ingest_paths`` with ``workers`` defaulting to one per CPU (the same path, a thin call)."""
    return ingest_paths(paths, store, workers=workers or None, bulk=bulk, on_done=on_done)
