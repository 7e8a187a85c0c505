"""The HTTP front of ``budgetkg serve``: the page, the library as JSON, and /query passed to Oxigraph unchanged."""

from __future__ import annotations

import errno
import http.client
import json
import logging
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.queries.binding import bind_with_values
from budgetkg.queries.library import NamedQuery, catalogue
from budgetkg.resources import workbench_asset

log = logging.getLogger("budgetkg.serve")

ASSETS = {"/": ("index.html", "text/html"), "/workbench.js": ("workbench.js", "text/javascript")}
ASSETS["/workbench.css"] = ("workbench.css", "text/css")
READ_ROUTES = ("/query",)
WRITE_ROUTES = ("/update", "/store")
PASSED_HEADERS = ("Content-Type", "Accept")
MAX_BODY = 16 * 1024 * 1024
CHUNK = 64 * 1024


def editor_text(query: NamedQuery) -> str:
    """The query as the editor shows it: without the ``#+`` header (the page shows title and parameters)."""
    lines = query.text.splitlines()
    while lines and lines[0].startswith("#+"):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


def library_json(queries: dict[str, NamedQuery]) -> list[dict]:
    """What the page lists: every library query with its title, question and parameters (with examples)."""
    return [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "question": q.question,
            "tags": list(q.tags),
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "description": p.description,
                    "example": p.example,
                    "default": p.default,
                }
                for p in q.params
            ],
        }
        for q in queries.values()
    ]


def bound_query(queries: dict[str, NamedQuery], name: str, params: dict[str, str]) -> str:
    """The library query ``name`` with ``params`` as a VALUES block of escaped terms (what any endpoint takes)."""
    if name not in queries:
        raise QueryError(f"no query named '{name}'", hint=f"known queries: {', '.join(queries)}")
    query = queries[name]
    given = {k: str(v) for k, v in params.items() if str(v).strip()}  # an empty field: the default, if any
    return bind_with_values(editor_text(query), query.bindings(given))


class Front(ThreadingHTTPServer):
    """The user's port: knows the upstream Oxigraph URL (set by :meth:`connect` once it runs), the library and
    whether writes may pass. It is bound before Oxigraph starts, so a port in use is found first."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], writable: bool = False) -> None:
        self.upstream = urllib.parse.urlsplit("http://127.0.0.1:9")
        self.writable = writable
        self.queries = catalogue()
        self.library = json.dumps(library_json(self.queries), ensure_ascii=False).encode("utf-8")
        super().__init__(address, Handler)

    def connect(self, upstream: str) -> None:
        """Pass SPARQL requests to the server at ``upstream`` (``http://127.0.0.1:PORT``)."""
        self.upstream = urllib.parse.urlsplit(upstream)


class Handler(BaseHTTPRequestHandler):
    """One request: an asset, the library, a binding, or a SPARQL request passed through."""

    server: Front
    server_version = "budgetkg-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the stdlib's signature)
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        path = urllib.parse.urlsplit(self.path).path
        if path in ASSETS:
            name, kind = ASSETS[path]
            self._send(200, workbench_asset(name).encode("utf-8"), f"{kind}; charset=utf-8")
        elif path == "/api/queries":
            self._send(200, self.server.library, "application/json; charset=utf-8")
        elif self._passes(path):
            self._pass_through()
        else:
            self._send_json(404, {"error": f"nothing at {path}; the page is at /, the SPARQL endpoint at /query"})

    def do_POST(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        if path == "/api/bind":
            self._bind()
        elif self._passes(path):
            self._pass_through()
        elif path in WRITE_ROUTES:
            self._send_json(403, {"error": "the store is served read-only; restart budgetkg serve with --writable"})
        else:
            self._send_json(404, {"error": f"nothing at {path}; the SPARQL endpoint is /query"})

    def do_PUT(self) -> None:  # noqa: N802
        self.do_POST()

    def do_DELETE(self) -> None:  # noqa: N802
        self.do_POST()

    def _passes(self, path: str) -> bool:
        return path in READ_ROUTES or (self.server.writable and path in WRITE_ROUTES)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise QueryError(f"request body of {length} bytes", hint=f"send at most {MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    def _bind(self) -> None:
        try:
            request = json.loads(self._body() or b"{}")
            text = bound_query(self.server.queries, str(request.get("name", "")), dict(request.get("params") or {}))
        except (ValueError, AttributeError) as exc:
            self._send_json(400, {"error": f"the request is not a JSON object with name and params: {exc}"})
            return
        except BudgetKGError as exc:
            self._send_json(400, {"error": exc.message()})
            return
        self._send_json(200, {"query": text})

    def _pass_through(self) -> None:
        """The request to Oxigraph as it came (method, path, query string, body, type and Accept); the answer
        streamed back as it comes."""
        up = self.server.upstream
        headers = {h: self.headers[h] for h in PASSED_HEADERS if self.headers.get(h)}
        try:
            body = self._body()
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=None)
            conn.request(self.command, self.path, body=body or None, headers=headers)
            answer = conn.getresponse()
        except QueryError as exc:
            self._send_json(413, {"error": exc.message()})
            return
        except OSError as exc:
            self._send_json(502, {"error": f"the Oxigraph server did not answer: {exc}; restart budgetkg serve"})
            return
        try:
            self.send_response(answer.status, answer.reason)
            for name in ("Content-Type", "Content-Disposition"):
                if answer.getheader(name):
                    self.send_header(name, answer.getheader(name))
            self.send_header("Connection", "close")
            self.end_headers()
            while chunk := answer.read(CHUNK):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):  # the client went away: nothing to answer to
            pass
        finally:
            conn.close()

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, value: object) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def open_front(host: str, port: int, writable: bool = False) -> Front:
    """The front bound to ``host:port``; a port in use or a host that cannot be bound is a clear error."""
    try:
        return Front((host, port), writable)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise BudgetKGError(
                f"port {port} on {host} is in use",
                hint=f"another budgetkg serve or server listens there: stop it, or pass --port {port + 1}",
            ) from exc
        raise BudgetKGError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="pass --bind with an address of this machine (127.0.0.1 by default) and a --port above 1023",
        ) from exc
