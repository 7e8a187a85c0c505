"""The ``budgetkg`` command line: ingest, stats, sparql, dump, demo (and the commands of later modules)."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from budgetkg.cli.export import register as register_export
from budgetkg.config import store_path
from budgetkg.errors import BudgetKGError
from budgetkg.queries.results import FORMATS, render

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Knowledge graph of Chinese budget and final-accounts disclosures."
)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

StoreOption = typer.Option(None, "--store", help="store folder (default: $BUDGETKG_STORE or ./.budgetkg/store)")


def open_store(option: Path | None):
    from budgetkg.store import KnowledgeStore

    return KnowledgeStore(store_path(option))


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="files or folders (txt, md, pdf)"),
    store: Path | None = StoreOption,
    workers: int = typer.Option(1, "--workers", "-j", help="worker processes (0: one per CPU)"),
    bulk: bool = typer.Option(True, help="load new documents with the bulk loader (with --workers)"),
) -> None:
    """Ingest disclosures; one named graph per document, replaced when ingested again."""
    from budgetkg.ingest.parallel import ingest_parallel
    from budgetkg.ingest.pipeline import expand_paths

    kg = open_store(store)
    files = expand_paths(paths)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task("ingesting", total=len(files))

        def advance(result) -> None:
            progress.update(task, description=f"ingested {Path(result.path).name}")
            progress.advance(task)

        results = ingest_parallel(files, kg, workers=workers or None, bulk=bulk and workers != 1, on_done=advance)
    kg.flush()
    for r in results:
        (err if r.error else console).print(r.summary(), markup=False, highlight=False)
    failed = [r for r in results if r.error]
    console.print(
        f"{len(results) - len(failed)} ingested, {len(failed)} failed; store {kg.path} holds {len(kg)} quads",
        markup=False,
        highlight=False,
    )
    if failed or not results:
        raise typer.Exit(1)


@app.command()
def stats(store: Path | None = StoreOption) -> None:
    """Documents, observations and triples in the store."""
    from budgetkg.stats import store_stats

    for key, value in store_stats(open_store(store)).items():
        console.print(f"{key}: {value}", markup=False, highlight=False)


@app.command()
def sparql(
    query: str = typer.Argument(..., help="a SPARQL query, or @FILE to read it from a file"),
    fmt: str = typer.Option("table", "--format", help="table|csv|json (SELECT); turtle for CONSTRUCT"),
    store: Path | None = StoreOption,
    endpoint: str | None = typer.Option(
        None, "--endpoint", help="run on this SPARQL 1.1 endpoint URL (SELECT/ASK; declare your PREFIXes)"
    ),
) -> None:
    """Run a SELECT, ASK or CONSTRUCT query over all documents."""
    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    if fmt not in FORMATS:
        raise BudgetKGError(f"unknown format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    if endpoint:
        from budgetkg.cli.query import remote_sparql

        remote_sparql(endpoint, text, fmt)
        return
    kg = open_store(store)
    try:
        result = kg.query(text)
    except SyntaxError as exc:
        raise BudgetKGError(f"the query does not parse: {exc}", hint="check the SPARQL syntax") from exc
    if isinstance(result, ox.QueryBoolean):
        console.print("true" if bool(result) else "false")
        if not bool(result):
            raise typer.Exit(1)
        return
    if isinstance(result, ox.QueryTriples):
        sys.stdout.write(ox.serialize(result, format=ox.RdfFormat.TURTLE).decode("utf-8"))
        return
    columns = [v.value for v in result.variables]
    rows = [{c: s[c] for c in columns} for s in result]
    sys.stdout.write(render(columns, rows, fmt, console))


@app.command()
def dump(
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


@app.command()
def demo(
    store: Path | None = typer.Option(None, "--store", help="store folder (default: a fresh folder)"),
    documents: int = typer.Option(6, help="how many synthetic disclosures to generate"),
) -> None:
    """Generate a small synthetic corpus, ingest it into a fresh store and report."""
    from budgetkg.demo import run_demo

    run_demo(store, documents, console)


register_export(app)


from budgetkg.cli.query import register as _register_query  # noqa: E402

_register_query(app)

from budgetkg.cli.validate import register as _register_validate  # noqa: E402

_register_validate(app)


def main() -> None:
    try:
        app()
    except BudgetKGError as exc:
        err.print(f"error: {exc.message()}", markup=False, highlight=False)
        sys.exit(exc.exit_code)
