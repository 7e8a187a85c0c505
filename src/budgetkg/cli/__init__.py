"""The ``budgetkg`` command line: the app, its global options, and ``main`` (errors and exit codes).

Each command group lives in its own module with a ``register(app)``; ``common`` holds what they share.
"""

from __future__ import annotations

import sys

import typer

from budgetkg.cli import demo, export, ingest, query, serve, sparql, validate
from budgetkg.cli.common import print_error, print_internal_error, setup_logging
from budgetkg.errors import BudgetKGError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Knowledge graph of Chinese budget and final-accounts disclosures.",
)


@app.callback()
def options(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="debug messages, and the traceback of a bug"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="only warnings and errors: no progress, no details"),
) -> None:
    """Knowledge graph of Chinese budget and final-accounts disclosures."""
    if verbose and quiet:
        raise typer.BadParameter("--verbose and --quiet exclude each other")
    setup_logging(verbose=verbose, quiet=quiet)


for _group in (ingest, sparql, demo, export, query, validate, serve):
    _group.register(app)


def main(argv: list[str] | None = None) -> None:
    """Run the command line; a BudgetKGError exits with its code, any other exception (a bug) with 2."""
    try:
        app(args=argv)
    except BudgetKGError as exc:
        print_error(exc)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: one line (the traceback with --verbose), never a bare traceback
        print_internal_error(exc)
        sys.exit(2)
