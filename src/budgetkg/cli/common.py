"""What every command shares: the consoles, the --store option, the store, logging and error printing."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import typer
from rich.console import Console

from budgetkg.config import store_path
from budgetkg.errors import BudgetKGError
from budgetkg.store import KnowledgeStore

LOGGER = "budgetkg"

console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _store_option(value: str) -> str:
    """``--store`` as typed: an empty value stays empty so that it is refused (a Path would make it '.')."""
    return value


StoreOption = typer.Option(
    None,
    "--store",
    parser=_store_option,
    help="store folder (default: $BUDGETKG_STORE or ./.budgetkg/store)",
)


def open_store(option: Path | str | None, *, write: bool = False, wait: bool = False) -> KnowledgeStore:
    """The store at ``--store``, else ``$BUDGETKG_STORE``, else ``./.budgetkg/store``.

    Read commands (``write=False``) open it read-only when an ingest holds it or it cannot be written;
    writers fail with what to do when another writer holds it, or wait for it with ``wait``.
    """
    path = store_path(option)
    if not write:
        return KnowledgeStore.for_reading(path)
    return KnowledgeStore.for_writing(path, wait=wait, on_wait=lambda exc: err.print(f"waiting: {exc.what} ({path})"))


def say(text: str) -> None:
    """A line of the command's output on standard output, printed as is."""
    console.print(text, markup=False, highlight=False)


class ConsoleHandler(logging.Handler):
    """Log records as plain lines on the standard-error console (above a progress bar, if one is shown)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            err.print(self.format(record), markup=False, highlight=False)
        except Exception:  # a broken stderr must not turn a log line into a crash
            self.handleError(record)


class LineFormatter(logging.Formatter):
    """``message`` for INFO, ``warning: message`` and the like otherwise."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text if record.levelno == logging.INFO else f"{record.levelname.lower()}: {text}"


def setup_logging(verbose: bool = False, quiet: bool = False) -> None:
    """The ``budgetkg`` logger to standard error: DEBUG with --verbose, WARNING with --quiet, else INFO."""
    logger = logging.getLogger(LOGGER)
    for handler in [h for h in logger.handlers if isinstance(h, ConsoleHandler)]:
        logger.removeHandler(handler)
    handler = ConsoleHandler()
    handler.setFormatter(LineFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)


def verbose() -> bool:
    return logging.getLogger(LOGGER).isEnabledFor(logging.DEBUG)


def quiet() -> bool:
    return not logging.getLogger(LOGGER).isEnabledFor(logging.INFO)


def print_error(exc: BudgetKGError) -> None:
    """``error: what (hint)`` on standard error; with --verbose, first the traceback of what caused it."""
    if verbose() and exc.__cause__ is not None:
        err.print("".join(traceback.format_exception(exc.__cause__)).rstrip(), markup=False, highlight=False)
    err.print(f"error: {exc.message()}", markup=False, highlight=False)


def print_internal_error(exc: BaseException) -> None:
    """A bug: one line, and the traceback too with --verbose."""
    if verbose():
        err.print("".join(traceback.format_exception(exc)).rstrip(), markup=False, highlight=False)
        err.print(f"internal error: {type(exc).__name__}: {exc}", markup=False, highlight=False)
    else:
        err.print(
            f"internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)",
            markup=False,
            highlight=False,
        )
