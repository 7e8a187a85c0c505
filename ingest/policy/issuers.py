"""Resolve a 发文字号 prefix (机关代字) to its issuing body, from the bundled ``issuers.ttl``.

Only prefixes listed there resolve; any other prefix keeps its code and gets no issuer (never a guess).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import SKOS

from budgetkg.ontology.namespaces import BGT
from budgetkg.resources import issuers_graph


@dataclass(frozen=True)
class Issuer:
    iri: URIRef
    name: str  # Chinese name
    level: str  # central, provincial, municipal, district


@lru_cache(maxsize=1)
def issuer_table() -> dict[str, Issuer]:
    """Prefix -> issuer, read once from ``issuers.ttl``."""
    g = issuers_graph()
    table: dict[str, Issuer] = {}
    for node, code in g.subject_objects(BGT.issuerCode):
        names = [str(o) for o in g.objects(node, SKOS.prefLabel) if getattr(o, "language", None) == "zh"]
        level = g.value(node, BGT.governmentLevel)
        table[str(code)] = Issuer(URIRef(str(node)), names[0] if names else str(code), str(level or ""))
    return table


def resolve_issuer(prefix: str) -> Issuer | None:
    """The issuer of a 机关代字, or None when budgetkg cannot justify one."""
    return issuer_table().get(prefix)
