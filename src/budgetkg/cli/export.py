"""The ``budgetkg export`` command: the policy network or the RDF to a file, or the tables to a folder."""

from __future__ import annotations

from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, open_store, say
from budgetkg.cli.progress import spinner
from budgetkg.cli.summaries import export_summary, print_json
from budgetkg.errors import BudgetKGError

INCLUDE_CHOICES = ("indicators",)


def export_command(
    fmt: str = typer.Option(
        ...,
        "--format",
        "-f",
        help="graphml|gexf|cytoscape|dot|html (projection), ttl|trig|nq|jsonld (RDF) or csv|parquet|datapackage "
        "(tables, a folder)",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="file to write (a folder for csv|parquet|datapackage)"),
    store: Path | None = StoreOption,
    document: str | None = typer.Option(None, "--document", help="one document: graph IRI, file name or title part"),
    focus: str | None = typer.Option(None, "--focus", help="neighbourhood of a document number, project, unit or code"),
    radius: int = typer.Option(1, "--radius", help="hops around the --focus nodes"),
    include: list[str] = typer.Option([], "--include", help="extra layers: indicators"),
    no_codes: bool = typer.Option(False, "--no-codes", help="leave out classification codes"),
    no_findings: bool = typer.Option(
        False, "--no-findings", help="tables: leave out the findings table (it runs the validation)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print what was written as JSON"),
) -> None:
    """Export the policy network (units, projects, policy documents, issuers, codes) for Gephi, Cytoscape,
    Graphviz or a browser, the underlying RDF, or the tables (observations, projects, indicators, citations,
    statements, findings) as CSV, Parquet or a Frictionless data package."""
    # imported here: the projection needs networkx, slow to import (about 0.1 s) and only used by export
    from budgetkg.export import TABLE_WRITERS, export, export_tables
    from budgetkg.export.projection import ProjectionOptions

    if fmt in TABLE_WRITERS:
        given = [
            name for name, value in (("--focus", focus), ("--include", include), ("--no-codes", no_codes)) if value
        ]
        if given:
            raise BudgetKGError(
                f"{', '.join(given)}: for the graph formats only, not for the {fmt} tables",
                hint="leave them out; --document and --no-findings choose what the tables hold",
            )
        with spinner() as progress:
            progress.add_task(f"exporting {fmt} tables", total=None)
            counts = export_tables(open_store(store), fmt, output, [document] if document else None, not no_findings)
        if as_json:
            print_json(export_summary(fmt, output, rows=counts))
            return
        rows = ", ".join(f"{name} {n}" for name, n in counts.items())
        say(f"wrote {output}/ ({fmt}): {rows} rows")
        return
    if no_findings:
        raise BudgetKGError("--no-findings applies to csv, parquet and datapackage", hint="leave it out")

    unknown = sorted(set(include) - set(INCLUDE_CHOICES))
    if unknown:
        raise BudgetKGError(f"unknown --include {', '.join(unknown)}", hint=f"use {', '.join(INCLUDE_CHOICES)}")
    options = ProjectionOptions(
        document=document, focus=focus, radius=radius, codes=not no_codes, indicators="indicators" in include
    )
    with spinner() as progress:
        progress.add_task(f"exporting {fmt}", total=None)
        nodes, edges = export(open_store(store), fmt, output, options)
    if as_json:
        print_json(export_summary(fmt, output, nodes=nodes, edges=edges))
        return
    say(f"wrote {output} ({fmt}): {nodes} nodes, {edges} edges")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
