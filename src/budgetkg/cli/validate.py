"""The ``budgetkg validate`` command.

Exit codes: 0 the store conforms (no violation), 1 it has violations, 2 validation could not run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, open_store
from budgetkg.cli.progress import spinner
from budgetkg.cli.summaries import print_json, validate_summary
from budgetkg.errors import BudgetKGError
from budgetkg.shapes import validate
from budgetkg.shapes.render import FORMATS, render


def validate_command(
    document: list[str] = typer.Option(
        [], "--document", "-d", help="validate only these documents (graph IRI or source file name)"
    ),
    fmt: str = typer.Option("text", "--format", "-f", help="text|json|turtle"),
    min_severity: str = typer.Option("Warning", "--min-severity", help="Violation|Warning|Info: findings to show"),
    engine: str = typer.Option("fast", "--engine", help="fast (queries on the store) or pyshacl (reference)"),
    lang: str = typer.Option("zh", "--lang", help="zh|en: the language of messages in the text report"),
    output: Path | None = typer.Option(None, "-o", "--output", help="file (default: standard output)"),
    store: Path | None = StoreOption,
    workers: int = typer.Option(1, "--workers", "-j", help="worker processes for per-document shapes"),
    as_json: bool = typer.Option(False, "--json", help="print the counts per severity as JSON (--format json: all)"),
) -> None:
    """Validate the documents with the SHACL shapes: arithmetic, cross-table, narrative, disclosure rules."""
    if fmt not in FORMATS:
        raise BudgetKGError(f"unknown format '{fmt}'", where="--format", hint=f"use one of {', '.join(FORMATS)}")
    severity = min_severity.capitalize()
    try:
        with spinner() as progress:
            progress.add_task("validating", total=None)
            report = validate(open_store(store), document or None, engine=engine, workers=workers)
    except BudgetKGError:
        raise
    except Exception as exc:  # any other failure means validation could not run: exit 2, not 1
        raise BudgetKGError(
            f"validation failed: {type(exc).__name__}: {exc}", hint="report this with the command line you ran"
        ) from exc
    if not report.documents:
        raise BudgetKGError(
            "the store holds no document",
            where=str(store or "the default store"),
            hint="ingest disclosures first: budgetkg ingest FILES",
        )
    if as_json:
        summary = validate_summary(
            report.counts(), len(report.documents), report.conforms, str(report.engine), report.seconds
        )
        print_json(summary)
        raise typer.Exit(0 if report.conforms else 1)
    text = render(report.at_least(severity), fmt, lang)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if not report.conforms:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
