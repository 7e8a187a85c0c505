"""``budgetkg demo``: a synthetic corpus ingested into a fresh store, validated and viewed."""

from __future__ import annotations

from pathlib import Path

import typer

from budgetkg.cli.common import console
from budgetkg.demo import run_demo


def demo_command(
    store: Path | None = typer.Option(None, "--store", help="store folder (default: a fresh folder)"),
    documents: int = typer.Option(6, help="how many synthetic disclosures to generate"),
) -> None:
    """Generate a small synthetic corpus, ingest it into a fresh store and report."""
    run_demo(store, documents, console)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
