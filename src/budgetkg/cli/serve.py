"""``serve``: the store behind a SPARQL 1.1 endpoint with the workbench page, until Ctrl-C stops both."""

from __future__ import annotations

import logging
import signal
import threading
import time
from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, say
from budgetkg.config import store_path
from budgetkg.errors import StoreError
from budgetkg.store.server import OxigraphServer, check_store_folder, writer_pid
from budgetkg.workbench.front import Front, open_front

log = logging.getLogger("budgetkg.serve")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class Stop(Exception):
    """Ctrl-C (SIGINT) or SIGTERM: stop the front and the Oxigraph server in order.

    SIGINT gets its own handler because a process started in the background of a script inherits it ignored.
    """


def _raise_stop(signum: int, frame: object) -> None:
    raise Stop()


def serve_command(
    store: Path | None = StoreOption,
    port: int = typer.Option(7878, "--port", help="the port of the page and of the endpoint (/query)"),
    bind: str = typer.Option("127.0.0.1", "--bind", help="the address to listen on (0.0.0.0: every interface)"),
    writable: bool = typer.Option(
        False, "--writable", help="also pass SPARQL Update (/update) and the Graph Store (/store) to the server"
    ),
    timeout: int | None = typer.Option(None, "--timeout", help="seconds a query may run (default: no limit)"),
) -> None:
    """Serve the store: a SPARQL 1.1 endpoint at /query and a query page with the library at /."""
    path = store_path(store)
    check_store_folder(path)
    holder = writer_pid(path)
    front = open_front(bind, port, writable=writable)
    server = OxigraphServer(path, writable=writable, timeout_s=timeout)
    # from here on Ctrl-C and SIGTERM stop both in order, during the start-up too
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        front.connect(server.url)
        _announce(front, server, path, holder)
        _run(front, server)
    except (KeyboardInterrupt, Stop):
        say("stopping")
    finally:
        for sig in previous:  # a second Ctrl-C must not interrupt the stopping
            signal.signal(sig, signal.SIG_IGN)
        front.server_close()
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _announce(front: Front, server: OxigraphServer, path: Path, holder: int | None) -> None:
    """Warnings first, then where the page and the endpoint are; "Ctrl-C stops" is the last line."""
    host, port = front.server_address[:2]
    if holder is not None:
        log.warning(
            "the store is being written by another process (pid %s, a running ingest?): it is served read-only as "
            "it was when serve started; restart budgetkg serve when that process has finished to see its documents",
            holder,
        )
    unfinished = server.unfinished_writes()
    if unfinished:
        log.warning(
            "the store holds %d graph(s) of a write that had not finished (%s): documents being written may be "
            "counted twice or in part; restart budgetkg serve when the writer has finished",
            len(unfinished),
            unfinished[0],
        )
    if host not in LOOPBACK:
        log.warning("listening on %s: other machines can query this store", host)
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    documents = server.documents()
    mode = "read-write" if server.writable else "read-only"
    say(f"serving {path} ({mode}, {documents if documents is not None else '?'} documents)")
    say(f"query page: http://{shown}:{port}/")
    say(f"SPARQL endpoint: http://{shown}:{port}/query (the default graph is the union of the documents)")
    say("Ctrl-C stops")


def _run(front: Front, server: OxigraphServer) -> None:
    """The front in a thread; this thread waits for Ctrl-C or SIGTERM (a Stop), or notices the server died."""
    thread = threading.Thread(target=front.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        while server.running():
            time.sleep(0.2)
        raise StoreError(
            f"the Oxigraph server stopped unexpectedly (exit code {server.process.returncode}): {server.output()}",
            where=str(server.location),
            hint="run budgetkg serve again; budgetkg -v serve shows every request",
        )
    finally:
        front.shutdown()
        thread.join(timeout=5)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
