"""Query parameters as RDF terms: typed conversion, N-Triples escaping, and VALUES clauses for remote endpoints.

Values are never spliced into query text as strings. On the embedded store they are bound as substitutions
(``KnowledgeStore.select``); a remote endpoint cannot take bindings, so the terms are serialised with full
N-Triples escaping into a ``VALUES`` block placed at the start of the query's top-level WHERE group.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from budgetkg.errors import QueryError
from budgetkg.ingest import normalise
from budgetkg.store.terms import Literal, NamedNode, iri, literal

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("string", "label", "docnumber", "number", "integer", "year", "kind", "iri")
# a document kind as the pivot queries print it (bgt:aggregateDocumentKind), from either spelling
KINDS = {"预算": "预算", "budget": "预算", "决算": "决算", "final-accounts": "决算"}

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def canonical_docnumber(text: str) -> str:
    """A 发文字号 in canonical form: 〔〕 brackets, no spaces (内政发[2015]103 号 → 内政发〔2015〕103号).

    The normalisation module's form (``budgetkg.ingest.normalise.canonical_docnumber``), the one the ingest
    parser writes; text it does not recognise still binds as a literal and gives a plain no-match.
    """
    return normalise.canonical_docnumber(text)


def parse_printed_number(text: str) -> Decimal:
    """A number as printed (``947.66``, ``9,476,600``, ``-3.5``) as an exact Decimal."""
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise QueryError(f"'{text}' is not a number", hint="give digits with an optional point, e.g. 947.66") from exc
    if not value.is_finite():
        raise QueryError(f"'{text}' is not a finite number", hint="give digits with an optional point, e.g. 947.66")
    return value


def to_term(name: str, kind: str, raw: str) -> NamedNode | Literal:
    """Convert the text ``raw`` given for parameter ``name`` to the RDF term its declared ``kind`` calls for."""
    if kind == "string":
        return literal(raw)
    if kind == "label":  # a name as printed, matched against the zh-tagged labels the store holds
        return literal(raw.strip(), language="zh")
    if kind == "docnumber":
        return literal(canonical_docnumber(raw))
    if kind == "number":
        return literal(format(parse_printed_number(raw), "f"), datatype=XSD + "decimal")
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise QueryError(f"parameter '{name}': '{raw}' is not an integer", hint="give whole digits, e.g. 5")
        return literal(str(int(raw)), datatype=XSD + "integer")
    if kind == "year":
        if not re.fullmatch(r"\d{4}", raw.strip()):
            raise QueryError(f"parameter '{name}': '{raw}' is not a year", hint="give four digits, e.g. 2025")
        return literal(raw.strip(), datatype=XSD + "gYear")
    if kind == "kind":
        text = raw.strip().lower()
        if text not in KINDS:
            raise QueryError(
                f"parameter '{name}': '{raw}' is not a document kind",
                hint="give 预算 (budget) or 决算 (final-accounts)",
            )
        return literal(KINDS[text])
    if kind == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw) or _IRI_FORBIDDEN.search(raw):
            raise QueryError(
                f"parameter '{name}': '{raw}' is not an absolute IRI",
                hint="give a full IRI such as https://w3id.org/budgetkg/id/…, without <> or spaces",
            )
        return iri(raw)
    raise QueryError(f"parameter '{name}' has unknown type '{kind}'", hint=f"use one of {', '.join(PARAM_TYPES)}")


def _escape_string(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def term_to_sparql(term: NamedNode | Literal) -> str:
    """The term written as SPARQL/N-Triples syntax, every character escaped that could end it early."""
    if isinstance(term, NamedNode):
        if _IRI_FORBIDDEN.search(term.value):
            raise QueryError(f"IRI <{term.value}> holds characters not allowed in an IRI")
        return f"<{term.value}>"
    if isinstance(term, Literal):
        body = f'"{_escape_string(term.value)}"'
        if term.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", term.language):
                raise QueryError(f"bad language tag '{term.language}'")
            return f"{body}@{term.language}"
        if term.datatype.value != XSD + "string":
            return f"{body}^^{term_to_sparql(term.datatype)}"
        return body
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


# The object of no triple: a literal-valued property (bgt:printedAmount, bgt:statedAmount) never holds an IRI.
NO_VALUE = iri("https://w3id.org/budgetkg/id/no-value")


def _is_decimal(term: NamedNode | Literal) -> bool:
    return isinstance(term, Literal) and term.datatype.value == XSD + "decimal"


def values_clause(bindings: dict[str, NamedNode | Literal]) -> str:
    """``VALUES (?a ?b) { (t1 t2) }`` for one row of bindings.

    When a decimal is bound, a second row holds ``NO_VALUE`` in its place: Virtuoso 7 folds a one-row VALUES
    into constants and then fails to sort a projected decimal constant ("SR128 Numeric value out of range");
    the extra row keeps it a join. It matches nothing, because number parameters are only ever matched by
    triple patterns on literal-valued properties (tests/queries/test_binding.py checks the library for it).
    """
    names = " ".join(f"?{name}" for name in bindings)
    rows = [" ".join(term_to_sparql(t) for t in bindings.values())]
    if any(_is_decimal(t) for t in bindings.values()):
        rows.append(" ".join(term_to_sparql(NO_VALUE if _is_decimal(t) else t) for t in bindings.values()))
    return f"VALUES ({names}) {{ {' '.join(f'({row})' for row in rows)} }}"


def _top_level_where_brace(query: str) -> int:
    """Offset of the ``{`` that opens the query's top-level WHERE group, skipping comments, strings and IRIs."""
    i, n, depth = 0, len(query), 0
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch in "\"'":
            quote = ch * 3 if query.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote)
            continue
        if ch == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:]):
            i = query.index(">", i) + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "{" and depth == 0:
            head = query[:i]
            if re.search(r"\b(SELECT|WHERE)\b", head, re.IGNORECASE) and not re.search(
                r"\bCONSTRUCT\s*$", head, re.IGNORECASE
            ):
                return i
        i += 1
    raise QueryError("cannot find the query's WHERE group to bind parameters into")


def bind_with_values(query: str, bindings: dict[str, NamedNode | Literal]) -> str:
    """The query with ``bindings`` as a VALUES block at the start of its top-level WHERE group."""
    if not bindings:
        return query
    at = _top_level_where_brace(query) + 1
    return f"{query[:at]}\n  {values_clause(bindings)}\n{query[at:]}"
