"""Any SPARQL text on the embedded store, with a typed result: rows, a boolean, or triples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pyoxigraph as ox

from budgetkg.errors import QueryError

GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


@dataclass(frozen=True)
class SparqlResult:
    """What a query gave: ``select`` (columns and rows of name -> term), ``ask`` (boolean) or ``construct``."""

    kind: Literal["select", "ask", "construct"]
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)

    def serialise(self, fmt: str = "turtle") -> bytes:
        """The triples of a CONSTRUCT (or DESCRIBE) in ``fmt`` (one of ``GRAPH_FORMATS``)."""
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"unknown graph format '{fmt}'", hint=f"use one of {', '.join(GRAPH_FORMATS)}")
        return ox.serialize(self.triples, format=GRAPH_FORMATS[fmt])


def to_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> SparqlResult:
    """Oxigraph's answer to a query as a :class:`SparqlResult`."""
    if isinstance(result, ox.QueryBoolean):
        return SparqlResult("ask", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return SparqlResult("construct", triples=list(result))
    columns = [v.value for v in result.variables]
    return SparqlResult("select", columns=columns, rows=[{c: s[c] for c in columns} for s in result])
