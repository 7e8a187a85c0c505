"""``budgetkg ingest``: files and folders into the store, with a progress bar and one line per document."""

from __future__ import annotations

import logging
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from budgetkg.cli.common import StoreOption, err, open_store, quiet, say
from budgetkg.ingest.metadata import given_metadata
from budgetkg.ingest.pipeline import IngestResult, expand_paths, ingest_paths
from budgetkg.ingest.pipeline.dask_ingest import connect_cluster
from budgetkg.ingest.pipeline.remote_writer import RemoteTarget

log = logging.getLogger(__name__)

SHOWN_WARNINGS = 5  # per document at the default level; --verbose lists them all


def ingest_command(
    paths: list[Path] = typer.Argument(..., help="files or folders (txt, md, pdf)"),
    store: Path | None = StoreOption,
    workers: int = typer.Option(1, "--workers", "-j", help="worker processes (0: one per CPU)"),
    bulk: bool = typer.Option(True, help="load new documents with the bulk loader (with --workers)"),
    year: str | None = typer.Option(None, "--year", help="fiscal year, for documents that do not say it"),
    department: str | None = typer.Option(None, "--department", help="department, for documents that do not name it"),
    kind: str | None = typer.Option(None, "--kind", help="budget or final-accounts, for documents that do not say"),
    override: bool = typer.Option(False, "--override", help="the values given replace what the documents say"),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="read and map on this Dask cluster (tcp://HOST:PORT)"
    ),
    endpoint: str | None = typer.Option(None, "--endpoint", help="push each document to this SPARQL Update URL"),
    graph_store: str | None = typer.Option(None, "--graph-store", help="with --endpoint: Graph Store Protocol URL"),
) -> None:
    """Ingest disclosures; one named graph per document, replaced when ingested again.

    --year/--department/--kind fill what a document does not say (nor its tables; they win over its file
    name); with --override they replace what it says. The graph records them as given by the user.
    --scheduler hands reading and mapping to a Dask cluster (the writer stays here); --endpoint sends each
    document's graph to a SPARQL server instead of the store.
    """
    given = given_metadata(year=year, department=department, kind=kind, override=override)  # exit 2 when wrong
    files = expand_paths(paths)
    cluster = connect_cluster(scheduler) if scheduler else None  # before the store: nothing written if unreachable
    remote = RemoteTarget(endpoint, graph_store) if endpoint or graph_store else None
    kg = None if remote else open_store(store)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=quiet(),
    ) as progress:
        task = progress.add_task("ingesting", total=len(files))

        def advance(result: IngestResult) -> None:
            progress.update(task, description=f"ingested {Path(result.path).name}")
            progress.advance(task)

        try:
            results = ingest_paths(
                files, kg, workers=workers, bulk=bulk, on_done=advance, given=given, cluster=cluster, remote=remote
            )
        finally:
            if cluster is not None:
                cluster.close()
    if kg is not None:
        kg.flush()
    for r in results:
        if r.error:
            err.print(r.summary(), markup=False, highlight=False)
        else:
            say(r.summary())
            log_warnings(r)
    failed = [r for r in results if r.error]
    where = f"store {kg.path} holds {len(kg)} quads" if kg is not None else f"pushed to {graph_store or endpoint}"
    say(f"{len(results) - len(failed)} ingested, {len(failed)} failed; {where}")
    if failed or not results:
        raise typer.Exit(1)


def log_warnings(result: IngestResult) -> None:
    """The document's extraction warnings: the first few at INFO, all of them at DEBUG."""
    name = Path(result.path).name
    for i, warning in enumerate(result.warnings):
        log.log(logging.INFO if i < SHOWN_WARNINGS else logging.DEBUG, "%s: warning: %s", name, warning)
    hidden = len(result.warnings) - SHOWN_WARNINGS
    if hidden > 0 and not log.isEnabledFor(logging.DEBUG):
        log.info("%s: %d more warning(s) (run with --verbose to list them)", name, hidden)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
