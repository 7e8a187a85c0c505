"""The RDF terms of the store, for the rest of budgetkg: import them from here, never from pyoxigraph.

The store package is the one owner of pyoxigraph. Its term classes are re-exported as they are (no wrapping:
a query row's terms are the store's own objects), with small helpers to build IRIs and literals and the
conversion between rdflib terms (used to build graphs) and store terms.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdflibLiteral
from rdflib.term import Node

NamedNode = ox.NamedNode
BlankNode = ox.BlankNode
Literal = ox.Literal
Quad = ox.Quad
Triple = ox.Triple
Term = ox.NamedNode | ox.BlankNode | ox.Literal

__all__ = [
    "BlankNode",
    "Literal",
    "NamedNode",
    "Quad",
    "Term",
    "Triple",
    "from_ox",
    "iri",
    "literal",
    "python_value",
    "to_ox",
]


def iri(value: str) -> NamedNode:
    """The IRI ``value`` as a term (raises ValueError when it is not a valid IRI)."""
    return ox.NamedNode(value)


def literal(value: str, *, language: str | None = None, datatype: str | None = None) -> Literal:
    """A literal with an optional language tag or datatype IRI (a plain string when neither is given)."""
    if datatype is not None:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    if language is not None:
        return ox.Literal(value, language=language)
    return ox.Literal(value)


@lru_cache(maxsize=65536)
def to_ox(term: Node | Term) -> Term:
    """The store term for an rdflib term (store terms pass through unchanged)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RdflibLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def from_ox(term: Term | None) -> Node | None:
    """The rdflib term for a store term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdflibLiteral(term.value, lang=term.language)
        return RdflibLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
}  # fmt: skip
_YEAR = re.compile(r"^-?\d{4,}$")


def python_value(term: Term | None) -> object:
    """A term as a plain Python value: IRIs as str, xsd:decimal as Decimal (never float), integers as int,
    dates as date/datetime, gYear as int, strings as str, blank nodes as "_:id"; a literal whose text does not
    fit its datatype stays ``str``."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, Literal):
        return str(term)
    text, datatype = term.value, term.datatype.value
    if not datatype.startswith(XSD):
        return text
    local = datatype[len(XSD) :]
    try:
        if local == "decimal":
            return Decimal(text)
        if local in _INTEGERS:
            return int(text)
        if local in ("double", "float"):
            return float(text)
        if local == "boolean":
            return text in ("true", "1")
        if local == "date":
            return date.fromisoformat(text)
        if local == "dateTime":
            return datetime.fromisoformat(text)
        if local == "gYear" and _YEAR.match(text):
            return int(text)
    except (ValueError, InvalidOperation):
        return text
    return text
