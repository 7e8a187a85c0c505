"""RDF serialisation formats by their short names (``ttl``, ``trig``, ``nq``, ``nt``, ``jsonld``).

Kept in the store package so that exports and dumps name a format without knowing pyoxigraph's enum.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from budgetkg.errors import StoreError
from budgetkg.store.terms import Quad, Triple

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = frozenset({"trig", "nq", "jsonld"})  # the formats that keep graph names


def rdf_format(fmt: str) -> ox.RdfFormat:
    """pyoxigraph's format for a short name, or a StoreError listing the names there are."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise StoreError(f"unknown RDF format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}") from None


def serialize(statements: Iterable[Quad] | Iterable[Triple], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Quads (or triples, for the triple formats) written in ``fmt``, with ``prefixes`` where it has them."""
    if prefixes is None:
        return ox.serialize(statements, format=rdf_format(fmt))
    return ox.serialize(statements, format=rdf_format(fmt), prefixes=prefixes)
