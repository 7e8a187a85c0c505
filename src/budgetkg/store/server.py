"""The Oxigraph SPARQL server (the ``oxigraph`` binary of the PyPI package) as a child process over a store folder.

The store package owns everything Oxigraph, so this module starts, watches and stops that server; the query
page in front of it is :mod:`budgetkg.workbench`. The server always listens on loopback (an internal port):
what the user reaches is the front. It answers with the union of the document graphs as its default graph,
and it is read-only unless asked otherwise (``oxigraph serve-read-only``), which also lets it open a store
that a running ingest holds locked.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from budgetkg.errors import StoreError
from budgetkg.store import LOADING_GRAPH, STAGING_SUFFIX

START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
INSTALL_HINT = "install it with pip install oxigraph (a dependency of budgetkg: reinstall budgetkg)"
_FLOCK = "hhqqi4x"  # struct flock on Linux: l_type, l_whence, l_start, l_len, l_pid (padded)


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server installed beside the running Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return beside
    found = shutil.which("oxigraph")
    if not found:
        raise StoreError("the Oxigraph server binary 'oxigraph' is not installed", hint=INSTALL_HINT)
    return Path(found)


def check_store_folder(path: Path) -> None:
    """An existing Oxigraph store folder, or a StoreError saying how to make one."""
    if not path.is_dir():
        raise StoreError(
            "there is no store here",
            where=str(path),
            hint=f"ingest documents first: budgetkg ingest FILE --store {path}",
        )
    if not (path / "CURRENT").exists():
        raise StoreError(
            "this folder is not a budgetkg store (no Oxigraph database in it)",
            where=str(path),
            hint="pass the folder given to budgetkg ingest --store",
        )


def writer_pid(path: Path) -> int | None:
    """The process that holds the store's write lock (a running ingest, a notebook), or None.

    Asks the kernel who holds the lock (F_GETLK) without taking it, so probing never gets in a writer's way.
    A lock held by this very process is not reported (POSIX locks never conflict with their owner).
    """
    lock = path / "LOCK"
    if not lock.exists() or not sys.platform.startswith("linux"):
        return None
    import fcntl  # POSIX only: importing it at the top would break the whole CLI elsewhere

    fd = os.open(lock, os.O_RDONLY)
    try:
        probe = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        kind, _, _, _, pid = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, probe))
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if kind == fcntl.F_UNLCK else pid


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on at ``host`` right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the server gets SIGTERM when budgetkg dies, even by SIGKILL, so it is never left behind."""
    try:
        import ctypes  # only here: the child process, Linux only

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@dataclass
class OxigraphServer:
    """One ``oxigraph serve[-read-only]`` process over ``location`` on 127.0.0.1:``port``."""

    location: Path
    writable: bool = False
    timeout_s: int | None = None
    port: int = 0
    process: subprocess.Popen | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        mode = "serve" if self.writable else "serve-read-only"
        args = [str(oxigraph_binary()), mode, "--location", str(self.location)]
        args += ["--bind", f"127.0.0.1:{self.port}", "--union-default-graph"]
        if self.timeout_s:
            args += ["--timeout-s", str(self.timeout_s)]
        return args

    def start(self) -> OxigraphServer:
        """Start the server and wait until it answers; a StoreError with its own words if it cannot start."""
        check_store_folder(self.location)
        holder = writer_pid(self.location)
        if self.writable and holder is not None:
            raise StoreError(
                f"the store is locked by another process (pid {holder}, a running ingest?)",
                where=str(self.location),
                hint="wait until it has finished, or serve the store read-only (without --writable)",
            )
        for _attempt in range(3):  # the internal port can be taken between choosing and binding it
            self.port = free_port()
            self._close_log()
            self._log = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
                start_new_session=True,  # Ctrl-C reaches budgetkg only, which then stops the server in order
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
            if self._wait_until_up():
                return self
            output = self.output()
            if "LOCK" in output and "unavailable" in output:  # taken by a writer since writer_pid() looked
                raise StoreError(
                    "the store is locked by another process (a running ingest?)",
                    where=str(self.location),
                    hint="wait until it has finished, or serve the store read-only (without --writable)",
                )
            if "Address already in use" not in output:
                raise StoreError(
                    f"the Oxigraph server did not start: {output or 'no output'}",
                    where=str(self.location),
                    hint="run budgetkg -v serve for details, or check the store with budgetkg stats",
                )
        raise StoreError("no free internal port for the Oxigraph server", hint="try again")

    def _wait_until_up(self) -> bool:
        """True when the server answers ASK {}; False when it exited; a StoreError when it stays silent."""
        probe = f"{self.url}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(probe, timeout=2) as answer:  # noqa: S310 (our own loopback server)
                    answer.read()
                    return True
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise StoreError(f"the Oxigraph server gave no answer within {START_TIMEOUT:.0f} s", where=str(self.location))

    def output(self) -> str:
        """What the server printed (its first lines: the error, without Rust's backtrace)."""
        if self._log is None:
            return ""
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        return " ".join(text.split("Stack backtrace:")[0].split()).strip()

    def documents(self) -> int | None:
        """How many documents the server sees (None when it does not say), for the start-up line."""
        query = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/budgetkg/ontology#BudgetDocument> }"
        try:
            return int(self._select(query)[0]["n"]["value"])
        except (OSError, ValueError, KeyError, IndexError):
            return None

    def unfinished_writes(self) -> list[str]:
        """Graphs of a write that had not finished when the server opened the store (a replacement's staging
        graph, a bulk load's marker): the union default graph then counts those documents twice or in part."""
        query = (
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f'FILTER(STRENDS(STR(?g), "{STAGING_SUFFIX}") || ?g = <{LOADING_GRAPH}>) }}'
        )
        return [row["g"]["value"] for row in self._select(query)]

    def _select(self, query: str) -> list[dict]:
        request = urllib.request.Request(
            f"{self.url}/query?{urllib.parse.urlencode({'query': query})}",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 (our own loopback server)
            return json.load(answer)["results"]["bindings"]

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> int | None:
        """Terminate the server (SIGTERM, then SIGKILL after 10 s); return its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        self._close_log()
        return self.process.returncode

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
