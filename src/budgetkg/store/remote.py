"""Remote SPARQL 1.1 endpoints: SELECT through SPARQLWrapper, and uploads of named graphs (Graph Store Protocol
or SPARQL Update), each with a timeout, bounded retries with backoff, and an EndpointError that says what to do."""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from budgetkg.errors import EndpointError, QueryError
from budgetkg.store import KnowledgeStore
from budgetkg.store.terms import Term

DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
BACKOFF = 0.5
UPDATE_BATCH = 500
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _retrying(action: Callable[[], object], url: str, retries: int, what: str) -> object:
    """Run ``action``; on a transient failure wait 0.5 s, 1 s, 2 s … and try again, at most ``retries`` times."""
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            return action()
        except (QueryBadFormed, QueryError):
            raise
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                body = exc.read().decode("utf-8", "replace")[:300]
                raise EndpointError(
                    f"{what} was refused with HTTP {exc.code}: {body}",
                    where=url,
                    hint="check the URL, the endpoint's permissions and the request",
                ) from exc
            last = exc
        except (urllib.error.URLError, OSError, SPARQLWrapperException) as exc:
            last = exc
        if attempt < retries:
            time.sleep(BACKOFF * 2**attempt)
    raise EndpointError(
        f"{what} failed after {retries + 1} attempts: {last}",
        where=url,
        hint="check that the endpoint is running and reachable, or raise --timeout",
    ) from last


def json_term(value: dict | None) -> Term | None:
    """A store term from one SPARQL 1.1 JSON results binding."""
    if value is None:
        return None
    kind = value.get("type")
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(value["value"])
    if value.get("xml:lang"):
        return ox.Literal(value["value"], language=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != XSD_STRING:
        return ox.Literal(value["value"], datatype=ox.NamedNode(datatype))
    return ox.Literal(value["value"])


def select(
    url: str, query: str, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES
) -> tuple[list[str], list[dict]]:
    """Run a SELECT on the endpoint at ``url``; return (columns, rows of name -> term)."""
    client = SPARQLWrapper(url)
    # SPARQLWrapper guesses the query form from keywords and can be misled by words in leading comments
    # ("add up" reads as ADD); the leading comment block is documentation, so it is not sent.
    lines = query.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
        lines.pop(0)
    client.setQuery("\n".join(lines))
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, timeout)))

    def run() -> dict:
        return client.query().convert()

    try:
        data = _retrying(run, url, retries, "the SPARQL query")
    except QueryBadFormed as exc:
        raise QueryError(
            f"the endpoint rejected the query as malformed: {exc}",
            where=url,
            hint="the endpoint may not support a SPARQL 1.1 feature the query uses",
        ) from exc
    if not isinstance(data, dict) or "head" not in data:
        raise EndpointError(
            "the endpoint did not answer with SPARQL JSON results",
            where=url,
            hint="check that the URL is the endpoint's query URL (e.g. …/query or …/sparql)",
        )
    if "boolean" in data:
        return ["result"], [{"result": ox.Literal("true" if data["boolean"] else "false")}]
    columns = list(data["head"].get("vars", []))
    rows = [{c: json_term(b.get(c)) for c in columns} for b in data.get("results", {}).get("bindings", [])]
    return columns, rows


def _request(req: urllib.request.Request, timeout: float) -> int:
    with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 (the user names the endpoint)
        response.read()
        return response.status


def put_graph(
    graph_store: str, graph_iri: str, ntriples: bytes, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES
) -> None:
    """Replace one named graph through the SPARQL 1.1 Graph Store HTTP Protocol (PUT ?graph=IRI)."""
    sep = "&" if "?" in graph_store else "?"
    url = f"{graph_store}{sep}{urllib.parse.urlencode({'graph': graph_iri})}"
    req = urllib.request.Request(url, data=ntriples, method="PUT", headers={"Content-Type": "application/n-triples"})
    _retrying(lambda: _request(req, timeout), graph_store, retries, f"uploading graph <{graph_iri}>")


def _post_update(update_url: str, body: str, timeout: float, retries: int, what: str) -> None:
    data = urllib.parse.urlencode({"update": body}).encode("utf-8")
    req = urllib.request.Request(
        update_url, data=data, method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    _retrying(lambda: _request(req, timeout), update_url, retries, what)


def update_graph(
    update_url: str,
    graph_iri: str,
    ntriples: bytes,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    batch: int = UPDATE_BATCH,
) -> None:
    """Replace one named graph through SPARQL Update: DROP SILENT GRAPH, then INSERT DATA in batches
    (some servers, Virtuoso among them, cannot compile one INSERT DATA of a whole document)."""
    iri = ox.NamedNode(graph_iri).value  # validates the IRI
    _post_update(update_url, f"DROP SILENT GRAPH <{iri}>", timeout, retries, f"clearing graph <{iri}>")
    lines = [line for line in ntriples.decode("utf-8").splitlines() if line.strip()]
    for start in range(0, len(lines), batch):
        chunk = "\n".join(lines[start : start + batch])
        _post_update(
            update_url, f"INSERT DATA {{ GRAPH <{iri}> {{\n{chunk}\n}} }}", timeout, retries, f"updating graph <{iri}>"
        )


def push_store(
    store: KnowledgeStore,
    endpoint: str,
    graph_store: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    progress: Callable[[str, int], None] | None = None,
) -> int:
    """Upload every named graph of ``store``, replacing it on the remote side; return how many were sent.

    With ``graph_store`` the Graph Store Protocol is used; without it, SPARQL Update on ``endpoint``.
    """
    graphs = store.graphs()
    for iri in graphs:
        data = store.dump_graph(iri)
        push_graph(iri, data, endpoint, graph_store, timeout, retries)
        if progress:
            progress(iri, data.count(b"\n"))
    return len(graphs)


def push_graph(
    iri: str,
    ntriples: bytes,
    endpoint: str,
    graph_store: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
) -> None:
    """Replace the named graph ``iri`` with ``ntriples``: Graph Store Protocol if given, else SPARQL Update."""
    if graph_store:
        put_graph(graph_store, iri, ntriples, timeout, retries)
    else:
        update_graph(endpoint, iri, ntriples, timeout, retries)


def push_document(
    iri: str,
    nquads: bytes,
    endpoint: str,
    graph_store: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
) -> int:
    """One document as the ingest workers serialise it (N-Quads in its graph ``iri``), replacing that graph
    on the server; return the number of triples sent. Quads outside ``iri`` are an error, not dropped."""
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    name = ox.NamedNode(iri)
    if any(q.graph_name != name for q in quads):
        raise EndpointError(f"the document's quads are not all in its graph <{iri}>", hint="this is a bug; report it")
    triples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    push_graph(iri, triples, endpoint, graph_store, timeout, retries)
    return len(quads)
