"""The rows of a SELECT, as plain dicts of variable name to store term, read lazily."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from budgetkg.store.terms import Term

Row = dict[str, Term | None]


class Solutions(Iterator[Row]):
    """A SELECT's ``columns`` (its variables, in order) and an iterator of rows (None where unbound).

    Rows are read from the store as they are consumed, so a long result is never held twice.
    """

    def __init__(self, result: ox.QuerySolutions) -> None:
        self.columns: list[str] = [v.value for v in result.variables]
        self._solutions = iter(result)

    def __iter__(self) -> Solutions:
        return self

    def __next__(self) -> Row:
        return self.row(next(self._solutions))

    def raw(self) -> Iterator[ox.QuerySolution]:
        """The remaining solutions unconverted: counting rows is cheap, converting their terms is not."""
        return self._solutions

    def row(self, solution: ox.QuerySolution) -> Row:
        """One solution of :meth:`raw` as a row."""
        return {c: solution[c] for c in self.columns}
