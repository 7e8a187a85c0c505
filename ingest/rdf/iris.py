"""Deterministic IRIs for every node, so that re-ingesting a document yields the same graph."""

from __future__ import annotations

import hashlib

from rdflib import URIRef

from budgetkg.ingest.enums import DocumentKind, Flow, Scheme
from budgetkg.ingest.normalise import squash
from budgetkg.ontology.namespaces import ID

KIND_SLUG = {DocumentKind.BUDGET: "budget", DocumentKind.FINAL_ACCOUNTS: "final-accounts"}
PHASE_SLUG = {"预算数": "budget", "执行数": "execution", "决算数": "final"}
SCHEME_SLUG = {Scheme.FUNCTION: "function", Scheme.ECONOMIC: "economic", Scheme.INCOME: "income"}
MEASURE_SLUG = {
    "合计": "total",
    "基本支出": "basic",
    "人员经费": "personnel",
    "公用经费": "public-operating",
    "项目支出": "project",
    "事业单位经营支出": "business-operating",
    "上缴上级支出": "remit-upward",
    "对附属单位补助支出": "subsidy-affiliates",
    "因公出国（境）费": "travel-abroad",
    "公务用车购置及运行费": "vehicles",
    "公务用车购置费": "vehicle-purchase",
    "公务用车运行维护费": "vehicle-running",
    "公务接待费": "reception",
    "机关运行经费": "office-running",
}


def digest(*parts: object, length: int = 16) -> str:
    text = "\u241f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def department(name: str) -> URIRef:
    return ID[f"department/{digest(squash(name))}"]


def document(department_name: str, year: int, kind: DocumentKind) -> URIRef:
    return ID[f"document/{digest(squash(department_name))}/{year}/{KIND_SLUG[kind]}"]


def unit(department_name: str, key: str, coded: bool) -> URIRef:
    suffix = key if coded else f"n-{digest(squash(key))}"
    return ID[f"unit/{digest(squash(department_name))}/{suffix}"]


def table(doc: URIRef, number: str) -> URIRef:
    return URIRef(f"{doc}/table/{number}")


def observation(doc: URIRef, *key: object) -> URIRef:
    return URIRef(f"{doc}/obs/{digest(*key)}")


def narrative(doc: URIRef, *key: object) -> URIRef:
    return URIRef(f"{doc}/stmt/{digest(*key)}")


def code(scheme: Scheme, notation: str) -> URIRef:
    return ID[f"code/{SCHEME_SLUG[scheme]}/{notation}"]


def measure(label: str) -> URIRef:
    return ID[f"measure/{MEASURE_SLUG.get(label) or 'm-' + digest(label, length=10)}"]


def phase(label: str) -> URIRef:
    return ID[f"phase/{PHASE_SLUG[label]}"]


def line_item(flow: Flow | None, label: str) -> URIRef:
    return ID[f"item/{flow or 'other'}/{digest(label, length=12)}"]


def topic(label: str) -> URIRef:
    return ID[f"topic/{digest(label, length=12)}"]
