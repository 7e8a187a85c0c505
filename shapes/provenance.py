"""Provenance of the nodes a finding involves: document, table, row label, line or page, in one query."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from budgetkg.ontology.namespaces import sparql_prefixes
from budgetkg.shapes.report import CellRef
from budgetkg.store import KnowledgeStore
from budgetkg.store.solutions import Row
from budgetkg.store.terms import Term

QUERY = (
    sparql_prefixes()
    + """
SELECT ?n (SAMPLE(?g0) AS ?g) (SAMPLE(?tn0) AS ?tn) (SAMPLE(?tl0) AS ?tl) (SAMPLE(?ru0) AS ?ru)
       (SAMPLE(?code0) AS ?code) (SAMPLE(?cname0) AS ?cname) (SAMPLE(?item0) AS ?item)
       (SAMPLE(?orgName0) AS ?orgName) (SAMPLE(?label0) AS ?label) (SAMPLE(?measure0) AS ?measure)
       (SAMPLE(?phase0) AS ?phase) (SAMPLE(?year0) AS ?year) (SAMPLE(?amount0) AS ?amount)
       (SAMPLE(?line0) AS ?line) (SAMPLE(?page0) AS ?page) (SAMPLE(?row0) AS ?row)
WHERE {
  VALUES ?n { %s }
  OPTIONAL { GRAPH ?g0 { ?n a ?type } }
  OPTIONAL { ?n qb:dataSet ?t . ?t bgt:tableNumber ?tn0 . OPTIONAL { ?t rdfs:label ?tl0 }
             OPTIONAL { ?t bgt:reportingUnit ?tu0 } }
  OPTIONAL { ?n bgt:printedUnit ?pu0 }
  BIND(COALESCE(?pu0, ?tu0) AS ?ru0)
  OPTIONAL { ?n bgt:classification ?c . ?c skos:notation ?code0 . OPTIONAL { ?c skos:prefLabel ?cname0 } }
  OPTIONAL { ?n bgt:lineItem/skos:prefLabel ?item0 }
  OPTIONAL { ?n bgt:organization ?org . ?org a bgt:BudgetUnit ; skos:prefLabel ?orgName0 }
  OPTIONAL { { ?n bgt:subjectText ?label0 } UNION { ?n rdfs:label ?label0 } UNION { ?n dct:title ?label0 } }
  OPTIONAL { ?n bgt:measure/skos:prefLabel ?measure0 }
  OPTIONAL { ?n bgt:budgetPhase/skos:prefLabel ?phase0 }
  OPTIONAL { ?n bgt:fiscalYear ?year0 }
  OPTIONAL { { ?n bgt:amount ?amount0 } UNION { ?n bgt:statedAmount ?amount0 } }
  OPTIONAL { ?n prov:wasDerivedFrom ?s . OPTIONAL { ?s bgt:line ?line0 } OPTIONAL { ?s bgt:page ?page0 }
             OPTIONAL { ?s bgt:row ?row0 } }
}
GROUP BY ?n
"""
)


def _str(term: Term | None) -> str | None:
    return None if term is None else term.value


def _int(term: Term | None) -> int | None:
    try:
        return None if term is None else int(term.value)
    except ValueError:
        return None


def _label(sol: Row) -> str | None:
    code, cname = _str(sol["code"]), _str(sol["cname"])
    if code:
        return f"{code} {cname}" if cname else code
    return _str(sol["item"]) or _str(sol["orgName"]) or _str(sol["label"])


def cells(store: KnowledgeStore, iris: Iterable[str], chunk: int = 400) -> dict[str, CellRef]:
    """A :class:`CellRef` for every IRI (unknown IRIs get one with only ``iri``)."""
    wanted = sorted({i for i in iris if i})
    found: dict[str, CellRef] = {}
    for start in range(0, len(wanted), chunk):
        values = " ".join(f"<{i}>" for i in wanted[start : start + chunk])
        for sol in store.select(QUERY % values, predeclared=False):  # QUERY declares its prefixes
            amount = sol["amount"]
            found[sol["n"].value] = CellRef(
                iri=sol["n"].value,
                document=_str(sol["g"]),
                table=_str(sol["tn"]),
                table_label=_str(sol["tl"]),
                label=_label(sol),
                measure=_str(sol["measure"]),
                phase=_str(sol["phase"]),
                year=_str(sol["year"]),
                amount=Decimal(amount.value) if amount is not None else None,
                unit=_str(sol["ru"]),
                line=_int(sol["line"]),
                page=_int(sol["page"]),
                row=_int(sol["row"]),
            )
    return {i: found.get(i, CellRef(iri=i)) for i in wanted}
