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
    proc = subprocess.Popen(
        [
            str(oxigraph_binary()),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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


def start_virtuoso(folder: Path) -> tuple[subprocess.Popen, str]:
    """Virtuoso (Debian virtuoso-opensource) on free loopback ports, its SPARQL user allowed to update."""
    template = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
    binary = shutil.which("virtuoso-t")
    if not binary or not template.exists():
        raise FileNotFoundError("Virtuoso is not installed (apt-get install -y virtuoso-opensource)")
    sql_port, http_port = free_port(), free_port()
    lines = []
    for line in template.read_text(encoding="utf-8").splitlines():
        line = line.replace("/var/lib/virtuoso-opensource-7/db", str(folder))
        if line.startswith("ServerPort"):
            line = f"ServerPort = 127.0.0.1:{sql_port if not lines or '[HTTPServer]' not in lines else http_port}"
        lines.append(line)
    folder.mkdir(parents=True, exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(ini)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", proc, seconds=90)
        subprocess.run(
            [
                shutil.which("isql-vt") or "isql-vt",
                f"127.0.0.1:{sql_port}",
                "dba",
                "dba",
                'exec=GRANT SPARQL_UPDATE TO "SPARQL";',
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except Exception:
        stop(proc)
        raise
    return proc, base
