"""Reading and graph building on an existing Dask cluster (``ingest --scheduler tcp://HOST:PORT``).

Each task runs the same per-file function as a local worker process (``workers.encode_file``) and returns the
same outcome, the document as N-Quads bytes; the writer stays where the command runs. Workers open the files
by the paths given, so they must see them at the same paths (a shared file system) and have budgetkg installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from budgetkg.errors import BudgetKGError
from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline.prepare import IngestResult, fail, safe_path
from budgetkg.ingest.pipeline.workers import Check, Outcome, encode_file

INSTALL_HINT = "install the Dask extra: pip install 'budgetkg[dask]'"
CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler


class ClusterError(BudgetKGError):
    """The Dask cluster cannot be used: the extra is missing or the scheduler does not answer."""


def connect_cluster(scheduler: str, timeout: float = CONNECT_TIMEOUT) -> Any:
    """A ``distributed.Client`` on the scheduler at ``scheduler``, or a ClusterError that says what to do."""
    try:
        from distributed import Client  # optional dependency, and slow to import
    except ImportError as exc:
        raise ClusterError(f"--scheduler needs Dask, which is not installed ({exc})", hint=INSTALL_HINT) from exc
    try:
        return Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler: {exc}",
            where=scheduler,
            hint="check the address (tcp://HOST:PORT, as printed by `dask scheduler`) and that the scheduler "
            "is running and reachable from here; nothing was written",
        ) from exc


def encoded_on_cluster(
    files: Iterable[str | Path], client: Any, given: GivenMetadata | None = None, check: Check | None = None
) -> Iterator[Outcome]:
    """The outcomes of ``files``, in their order, prepared by the cluster's workers (the same ``encode_file``
    as a local worker process, so the same results, errors and DEGRADED verdicts).

    The scheduler gives a task whose worker died to another worker; one that keeps killing its workers (a
    crash in a PDF library, the OOM killer), or that fails in any other way, fails its document only. When
    the consumer stops (Ctrl-C, an error) the tasks not yet collected are cancelled.
    """
    names = [str(f) for f in files]
    futures = client.map(encode_file, names, given=given, check=check, pure=False)
    try:
        for name, future in zip(names, futures):
            try:
                outcome = future.result()
            except Exception as exc:  # a lost worker or a task error fails this document only
                outcome = _failed(name, exc)
            _unseen(name, outcome[0])
            future.release()  # the worker may forget the document once it is here
            yield outcome
    finally:
        client.cancel(futures)


def _unseen(name: str, result: IngestResult) -> None:
    """A file the worker could not find but this machine can: say that the workers must see the corpus."""
    if result.error and "No such file" in result.error and Path(name).is_file():
        result.error += (
            "; the file is here but not on the Dask worker: workers open the paths given, so mount the corpus "
            "on every worker at the same path and give absolute paths"
        )


def _failed(name: str, exc: Exception) -> Outcome:
    """The outcome of a task that did not return: a worker that died with it is said as such (as locally)."""
    result = IngestResult(path=safe_path(name))
    if type(exc).__name__ == "KilledWorker":
        result.error = (
            f"a Dask worker died while reading this file, every time it was tried ({exc}); "
            "ingest it again alone (-j 1) to see why"
        )
        return result, None, None
    return result, None, fail(result, exc, doing="the Dask task failed")
