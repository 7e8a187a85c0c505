"""``stats``, ``sparql`` and ``dump``: what is in the store, any SPARQL query, everything as RDF."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, console, open_store, say
from budgetkg.errors import BudgetKGError, QueryError
from budgetkg.queries.results import FORMATS as ROW_FORMATS
from budgetkg.queries.results import render
from budgetkg.stats import store_stats
from budgetkg.store.remote import select as remote_select
from budgetkg.store.sparql import GRAPH_FORMATS

SPARQL_FORMATS = (*ROW_FORMATS, *GRAPH_FORMATS)


def stats_command(store: Path | None = StoreOption) -> None:
    """Documents, observations and triples in the store."""
    for key, value in store_stats(open_store(store)).items():
        say(f"{key}: {value}")


def sparql_command(
    query: str = typer.Argument(..., help="a SPARQL query, or @FILE to read it from a file"),
    fmt: str | None = typer.Option(
        None,
        "--format",
        help=f"{'|'.join(ROW_FORMATS)} for SELECT (default table); {'|'.join(GRAPH_FORMATS)} for CONSTRUCT "
        "(default turtle); ASK prints true or false",
    ),
    store: Path | None = StoreOption,
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="run on this SPARQL 1.1 endpoint URL (SELECT/ASK; declare your PREFIXes)"
    ),
) -> None:
    """Run a SELECT, ASK or CONSTRUCT query over all documents."""
    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    if fmt is not None and fmt not in SPARQL_FORMATS:
        raise BudgetKGError(f"unknown format '{fmt}'", hint=f"use one of {', '.join(SPARQL_FORMATS)}")
    if endpoint:
        columns, rows = remote_select(endpoint, text, timeout=30.0)
        sys.stdout.write(render(columns, rows, _row_format(fmt), console))
        return
    result = open_store(store).sparql(text)
    if result.kind == "ask":
        console.print("true" if result.boolean else "false")
        if not result.boolean:
            raise typer.Exit(1)
        return
    if result.kind == "construct":
        if fmt in ROW_FORMATS:
            raise QueryError(f"--format {fmt} is for SELECT", hint=f"for CONSTRUCT use {', '.join(GRAPH_FORMATS)}")
        sys.stdout.write(result.serialise(fmt or "turtle").decode("utf-8"))
        return
    sys.stdout.write(render(result.columns, result.rows, _row_format(fmt), console))


def _row_format(fmt: str | None) -> str:
    """The format for rows of a SELECT: ``table`` unless given; a graph format is an error."""
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"--format {fmt} is for CONSTRUCT", hint=f"for SELECT use {', '.join(ROW_FORMATS)}")
    return fmt or "table"


def dump_command(
    fmt: str = typer.Option("trig", "--format", help="trig|nq|ttl|nt"),
    output: Path | None = typer.Option(None, "-o", "--output", help="file (default: standard output)"),
    store: Path | None = StoreOption,
) -> None:
    """Write the whole store (TriG and N-Quads keep one named graph per document)."""
    data = open_store(store).dump(fmt)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_command)
    app.command("sparql")(sparql_command)
    app.command("dump")(dump_command)
