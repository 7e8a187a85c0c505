"""Ctrl-C as a terminal sends it: to an ingest's whole process group once its first document is committed."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from budgetkg.store import KnowledgeStore


def default_interrupt() -> None:
    """In the child before it runs: Ctrl-C as a terminal gives it. A test run started in the background
    (``pytest &`` in a non-interactive shell) ignores SIGINT, and a child would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_after_first_commit(command: list[str], store: Path) -> tuple[subprocess.Popen, str, str, float]:
    """Run ``command``, send SIGINT to its process group when a read-only view sees a document in ``store``;
    return the process, its stdout and stderr, and the seconds it took to stop after the signal."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches one
        preexec_fn=default_interrupt,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            if KnowledgeStore(store, read_only=True).graphs():
                break
        except Exception:  # the store is not created yet
            continue
    os.killpg(proc.pid, signal.SIGINT)  # parent and workers
    interrupted = time.monotonic()
    out, err = proc.communicate(timeout=120)  # never deadlocks
    return proc, out, err, time.monotonic() - interrupted
