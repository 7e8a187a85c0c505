"""The ``query`` and ``push`` commands: the named query library, on the embedded store or a remote endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, console, err, open_store, say
from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.queries import library as querylib
from budgetkg.queries.results import FORMATS, render
from budgetkg.store.remote import push_store


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["k=v", …]`` as a dict; a pair without ``=`` is an error naming it."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param '{pair}' is not NAME=VALUE", hint="write e.g. --param value=947.66")
        params[name.strip()] = value
    return params


def list_queries(fmt: str) -> str:
    """The library as rows of name, title and parameters, rendered in ``fmt``."""
    rows = [
        {"name": q.name, "title": q.title, "params": ", ".join(f"{p.name}:{p.type}" for p in q.params)}
        for q in querylib.catalogue().values()
    ]
    return render(["name", "title", "params"], rows, fmt, console)


def query_command(
    name: str | None = typer.Argument(None, help="a query name from --list"),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, once per parameter"),
    fmt: str = typer.Option("table", "--format", help="table|csv|json|md"),
    list_: bool = typer.Option(False, "--list", help="list the queries: name, title, parameters"),
    endpoint: str | None = typer.Option(None, "--endpoint", help="run on this SPARQL 1.1 endpoint URL"),
    timeout: float = typer.Option(30.0, "--timeout", help="seconds per request to --endpoint"),
    store: Path | None = StoreOption,
) -> None:
    """Run a named query from the library (see --list), binding --param values as RDF terms."""
    if fmt not in FORMATS:
        raise BudgetKGError(f"unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    if list_:
        if fmt == "md" and name is None:
            sys.stdout.write(querylib.markdown())
        else:
            sys.stdout.write(list_queries(fmt))
        return
    if name is None:
        raise QueryError("no query named", hint="give a query name, or --list to see them")
    query = querylib.get(name)
    params = parse_params(param)
    if endpoint:
        table = querylib.run_remote(endpoint, query, params, timeout=timeout)
    else:
        table = querylib.run_local(open_store(store), query, params)
    sys.stdout.write(render(table.columns, table.rows, fmt, console))
    if table.total is not None and (table.offset or len(table.rows) < table.total):
        first, last = (table.offset + 1, table.offset + len(table.rows)) if table.rows else (0, 0)
        err.print(  # on standard error, so that csv/json output stays only the rows
            f"rows {first}–{last} of {table.total}: --param offset={table.offset + len(table.rows)} for the next "
            "page, --param limit=0 for every row",
            markup=False,
        )


def push_command(
    endpoint: str = typer.Option(..., "--endpoint", help="SPARQL Update URL (used without --graph-store)"),
    graph_store: str | None = typer.Option(
        None, "--graph-store", help="Graph Store Protocol URL; each graph is PUT there"
    ),
    timeout: float = typer.Option(60.0, "--timeout", help="seconds per request"),
    store: Path | None = StoreOption,
) -> None:
    """Upload each document's named graph to a SPARQL 1.1 server, replacing that graph there."""
    kg = open_store(store)
    total = len(kg.graphs())
    done = 0

    def progress(iri: str, triples: int) -> None:
        nonlocal done
        done += 1
        err.print(f"[{done}/{total}] {iri}: {triples} triples", markup=False, highlight=False)

    sent = push_store(kg, endpoint, graph_store, timeout=timeout, progress=progress)
    say(f"pushed {sent} graph(s) to {graph_store or endpoint}")


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``push`` to the budgetkg command line."""
    app.command("query")(query_command)
    app.command("push")(push_command)
