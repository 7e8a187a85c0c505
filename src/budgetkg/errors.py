"""Errors that reach the user: each says what went wrong, where, and what to do."""

from __future__ import annotations


class BudgetKGError(Exception):
    """Base class: ``what`` happened at ``where``; ``hint`` says what to do about it."""

    exit_code = 2

    def __init__(self, what: str, where: str | None = None, hint: str | None = None) -> None:
        self.what = what
        self.where = where
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        text = f"{self.where}: {self.what}" if self.where else self.what
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(BudgetKGError):
    """A file could not be read or holds nothing budgetkg recognises."""


class StoreError(BudgetKGError):
    """The store could not be opened, read or written."""


class QueryError(BudgetKGError):
    """A query is unknown, malformed or was given wrong parameters."""


class EndpointError(BudgetKGError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""
