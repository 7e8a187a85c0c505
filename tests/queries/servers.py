"""Start and stop real SPARQL servers on 127.0.0.1 for the tests: Oxigraph (PyPI binary) and Virtuoso."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering at {url}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server installed beside the running Python (the PyPI package ``oxigraph``)."""
    path = Path(sys.executable).parent / "oxigraph"
    if not path.exists():
        found = shutil.which("oxigraph")
        if not found:
            raise FileNotFoundError("the oxigraph server binary is not installed (pip install oxigraph)")
        path = Path(found)
    return path


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    """``oxigraph serve`` with the union default graph on a free loopback port; returns (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen([str(oxigraph_binary()), "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", proc)
    except Exception:
        stop(proc)
        raise
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
