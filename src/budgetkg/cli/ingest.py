"""``budgetkg ingest``: files and folders into the store, with a progress bar and one line per document.

Exit 0 when every document was read well, 1 when one failed or is degraded (most of its listed tables
unrecognised), 2 for a usage or store error (or a Dask scheduler that cannot be reached), 130 after Ctrl-C
(what was committed before it is listed). The same holds with ``--scheduler`` and ``--endpoint``. With
``--validate`` each document is validated where it is prepared and the rules that compare documents run on
the store at the end (``budgetkg.shapes.atingest``); violations then exit 1 too, as ``budgetkg validate``.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, err, open_store, say
from budgetkg.cli.progress import bar, spinner
from budgetkg.cli.summaries import ingest_summary, print_json, validate_summary, validation_line
from budgetkg.errors import InputError
from budgetkg.ingest.metadata import given_metadata
from budgetkg.ingest.pipeline import IngestResult, Interrupted, RemoteTarget, expand_paths, ingest_paths
from budgetkg.ingest.pipeline.dask_ingest import connect_cluster
from budgetkg.shapes import ValidationReport, check_document, validate_ingested
from budgetkg.shapes.render import render
from budgetkg.shapes.spool import GraphSpool

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
    replace: bool = typer.Option(False, "--replace", help="replace a stored document even by a much poorer read"),
    wait: bool = typer.Option(False, "--wait", help="wait for another ingest that holds the store to finish"),
    ocr: bool = typer.Option(False, "--ocr", help="read image-only (scanned) PDF pages with Tesseract OCR"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON summary (per document and totals) instead"),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="read and map on this Dask cluster (tcp://HOST:PORT)"
    ),
    endpoint: str | None = typer.Option(None, "--endpoint", help="push each document to this SPARQL Update URL"),
    graph_store: str | None = typer.Option(None, "--graph-store", help="with --endpoint: Graph Store Protocol URL"),
    validate: bool = typer.Option(
        False, "--validate", help="validate each document as it is ingested (as `budgetkg validate -d` on them)"
    ),
    report_file: Path | None = typer.Option(
        None, "--report", help="with --validate: write the validation report here (.json, .ttl, else text)"
    ),
) -> None:
    """Ingest disclosures; one named graph per document, replaced when ingested again.

    --year/--department/--kind fill what a document does not say (nor its tables; they win over its file
    name); with --override they replace what it says. The graph records them as given by the user.
    --ocr reads scanned pages with Tesseract; each amount read so keeps its confidence (bgt:ocrConfidence).
    --scheduler hands reading and mapping to a Dask cluster (the writer stays here); --endpoint sends each
    document's graph to a SPARQL server instead of the store.
    --validate runs each document's shapes in the worker that read it, then the rules that compare documents.
    """
    if (endpoint or graph_store) and validate:
        raise InputError(
            "--validate needs the store: it cannot validate documents pushed to a SPARQL server",
            where="--validate",
            hint="ingest into a store to validate, or validate on the server's data with its own tools",
        )
    if report_file is not None and not validate:
        raise InputError("--report is the validation report: it needs --validate", where="--report")
    given = given_metadata(year=year, department=department, kind=kind, override=override, ocr=ocr)  # exit 2 when wrong
    files = expand_paths(paths)
    if not files:
        raise InputError("nothing to ingest: no .txt, .md or .pdf file under the paths given", hint="check the paths")
    try:
        cluster = connect_cluster(scheduler) if scheduler else None  # before the store: nothing written if unreachable
    except KeyboardInterrupt:
        err.print("interrupted while connecting to the Dask scheduler; nothing was ingested")
        # distributed's half-made Client would hold the exit for 20 s and print a traceback; nothing is open yet
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    remote = RemoteTarget(endpoint, graph_store) if endpoint or graph_store else None
    options = dict(workers=workers, bulk=bulk, given=given, replace=replace, cluster=cluster, remote=remote)
    if validate:
        options["check"] = check_document
    try:
        _run(files, store, wait, as_json, options, report_file)
    finally:
        if cluster is not None:
            cluster.close()


def _run(
    files: list[Path], store: Path | None, wait: bool, as_json: bool, options: dict, report_file: Path | None = None
) -> None:
    """Open the store (unless the documents go to a SPARQL server), ingest, report, and exit as the module says."""
    remote = options["remote"]
    try:
        kg = None if remote else open_store(store, write=True, wait=wait)
    except KeyboardInterrupt:
        err.print("interrupted while waiting for the store; nothing was ingested")
        raise typer.Exit(130) from None
    with bar() as progress:
        task = progress.add_task("ingesting", total=len(files))

        def advance(result: IngestResult) -> None:
            progress.update(task, description=f"ingested {Path(result.path).name}")
            progress.advance(task)

        spool = GraphSpool(kg.path.parent if kg is not None and kg.path else None) if options.get("check") else None
        try:
            results = ingest_paths(files, kg, on_done=advance, keep=spool.add if spool else None, **options)
        except Interrupted as stop:
            results = stop.results
            interrupted = True
        else:
            interrupted = False
    if kg is not None:
        kg.flush()
    target = str(kg.path) if kg is not None else remote.graph_store or remote.endpoint
    checked = _validated(kg, results, report_file, spool) if spool is not None and not interrupted else None
    if spool is not None:
        spool.close()
    if as_json and not interrupted:
        summary = ingest_summary(results, target, len(kg) if kg is not None else sum(r.triples for r in results))
        if checked is not None:
            summary["validation"] = validate_summary(
                checked.counts(), len(checked.documents), checked.conforms, str(checked.engine), checked.seconds
            )
        print_json(summary)
    else:
        report(results, f"store {kg.path} holds {len(kg)} quads" if kg is not None else f"pushed to {target}")
        if checked is not None:
            say(validation_line(checked, report_file))
    if interrupted:
        holds = "the store holds" if kg is not None else "the server received"
        err.print(
            f"interrupted: {len(results)} of {len(files)} files handled, the rest not ingested; "
            f"{holds} only the documents listed above",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(130)
    if any(r.error or r.degraded for r in results) or not results or (checked is not None and not checked.conforms):
        raise typer.Exit(1)


def _validated(kg, results: list[IngestResult], report_file: Path | None, spool: GraphSpool) -> ValidationReport:
    """The validation of the documents written, from their checks at ingest (and the graphs the spool kept of
    them); the report written if asked."""
    with spinner() as progress:
        progress.add_task("validating across documents", total=None)
        checked = validate_ingested(kg, results, spool=spool)
    if report_file is not None:
        fmt = {".json": "json", ".ttl": "turtle"}.get(report_file.suffix.lower(), "text")
        report_file.write_text(render(checked.at_least("Warning") if fmt == "text" else checked, fmt), encoding="utf-8")
    return checked


def report(results: list[IngestResult], where: str) -> None:
    """One line per document (FAILED ones on standard error), then the batch summary."""
    for r in results:
        if r.error:
            err.print(r.summary(), markup=False, highlight=False)
        else:
            say(r.summary())
            log_warnings(r)
    failed = [r for r in results if r.error]
    poor = [r for r in results if not r.error and r.degraded]
    say(
        f"{len(results) - len(failed)} ingested, {len(failed)} failed"
        + (f", {len(poor)} degraded" if poor else "")
        + f"; {where}"
    )


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
