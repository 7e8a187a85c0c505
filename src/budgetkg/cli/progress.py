"""Progress for long commands: a bar on standard error only when a person is watching it.

Nothing is drawn when standard error is not a terminal (a pipe, a file, a CI log) or with ``-q/--quiet``,
so scripts and ``--json`` readers see only the command's own output.
"""

from __future__ import annotations

from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from budgetkg.cli.common import err, quiet


def shown() -> bool:
    """Whether a progress display may be drawn: stderr is a terminal and --quiet was not given."""
    return err.is_terminal and not quiet()


def bar() -> Progress:
    """A bar with a count (``3/12``) for work whose size is known, e.g. files to ingest."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not shown(),
    )


def spinner() -> Progress:
    """A spinner with the time spent, for one step whose parts are not reported (validate, export)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not shown(),
    )
