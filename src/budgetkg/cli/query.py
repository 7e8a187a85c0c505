"""The ``query`` and ``push`` commands: the named query library, on the embedded store or a remote endpoint."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.queries.results import FORMATS, render

out = Console()
err = Console(stderr=True)


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
    import pyoxigraph as ox

    from budgetkg.queries.library import catalogue

    rows = [
        {
            "name": ox.Literal(q.name),
            "title": ox.Literal(q.title),
            "params": ox.Literal(", ".join(f"{p.name}:{p.type}" for p in q.params)),
        }
        for q in catalogue().values()
    ]
    return render(["name", "title", "params"], rows, fmt, out)


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``push`` to the budgetkg command line."""

    @app.command("query")
    def query_command(
        name: str | None = typer.Argument(None, help="a query name from --list"),
        param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE, once per parameter"),
        fmt: str = typer.Option("table", "--format", help="table|csv|json|md"),
        list_: bool = typer.Option(False, "--list", help="list the queries: name, title, parameters"),
        endpoint: str | None = typer.Option(None, "--endpoint", help="run on this SPARQL 1.1 endpoint URL"),
        timeout: float = typer.Option(30.0, "--timeout", help="seconds per request to --endpoint"),
        store: Path | None = typer.Option(
            None, "--store", help="store folder (default: $BUDGETKG_STORE or ./.budgetkg/store)"
        ),
    ) -> None:
        """Run a named query from the library (see --list), binding --param values as RDF terms."""
        from budgetkg.queries import library as querylib

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
            from budgetkg.cli import open_store

            table = querylib.run_local(open_store(store), query, params)
        sys.stdout.write(render(table.columns, table.rows, fmt, out))

    @app.command("push")
    def push_command(
        endpoint: str = typer.Option(..., "--endpoint", help="SPARQL Update URL (used without --graph-store)"),
        graph_store: str | None = typer.Option(
            None, "--graph-store", help="Graph Store Protocol URL; each graph is PUT there"
        ),
        timeout: float = typer.Option(60.0, "--timeout", help="seconds per request"),
        store: Path | None = typer.Option(None, "--store", help="store folder"),
    ) -> None:
        """Upload each document's named graph to a SPARQL 1.1 server, replacing that graph there."""
        from budgetkg.cli import open_store
        from budgetkg.store.remote import push_store

        kg = open_store(store)
        total = len(kg.graphs())

        def progress(iri: str, triples: int, done: list[int] = [0]) -> None:  # noqa: B006
            done[0] += 1
            err.print(f"[{done[0]}/{total}] {iri}: {triples} triples", markup=False, highlight=False)

        sent = push_store(kg, endpoint, graph_store, timeout=timeout, progress=progress)
        out.print(f"pushed {sent} graph(s) to {graph_store or endpoint}", markup=False, highlight=False)


def remote_sparql(endpoint: str, text: str, fmt: str, timeout: float = 30.0) -> None:
    """``budgetkg sparql --endpoint``: run a SELECT or ASK as given on a remote endpoint and print the rows."""
    from budgetkg.store.remote import select

    columns, rows = select(endpoint, text, timeout=timeout)
    sys.stdout.write(render(columns, rows, fmt, out))
