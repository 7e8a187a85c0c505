"""The ``budgetkg export`` command: the policy network or the RDF, to a file."""

from __future__ import annotations

from pathlib import Path

import typer

from budgetkg.cli.common import StoreOption, open_store, say
from budgetkg.errors import BudgetKGError

INCLUDE_CHOICES = ("indicators",)


def export_command(
    fmt: str = typer.Option(
        ..., "--format", "-f", help="graphml|gexf|cytoscape|dot|html (projection) or ttl|trig|nq|jsonld (RDF)"
    ),
    output: Path = typer.Option(..., "-o", "--output", help="file to write"),
    store: Path | None = StoreOption,
    document: str | None = typer.Option(None, "--document", help="one document: graph IRI, file name or title part"),
    focus: str | None = typer.Option(None, "--focus", help="neighbourhood of a document number, project, unit or code"),
    radius: int = typer.Option(1, "--radius", help="hops around the --focus nodes"),
    include: list[str] = typer.Option([], "--include", help="extra layers: indicators"),
    no_codes: bool = typer.Option(False, "--no-codes", help="leave out classification codes"),
) -> None:
    """Export the policy network (units, projects, policy documents, issuers, codes) for Gephi, Cytoscape,
    Graphviz or a browser, or the underlying RDF."""
    # imported here: the projection needs networkx, slow to import (about 0.1 s) and only used by export
    from budgetkg.export import export
    from budgetkg.export.projection import ProjectionOptions

    unknown = sorted(set(include) - set(INCLUDE_CHOICES))
    if unknown:
        raise BudgetKGError(f"unknown --include {', '.join(unknown)}", hint=f"use {', '.join(INCLUDE_CHOICES)}")
    options = ProjectionOptions(
        document=document, focus=focus, radius=radius, codes=not no_codes, indicators="indicators" in include
    )
    nodes, edges = export(open_store(store), fmt, output, options)
    say(f"wrote {output} ({fmt}): {nodes} nodes, {edges} edges")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
