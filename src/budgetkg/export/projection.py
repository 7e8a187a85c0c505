"""Project the knowledge graph onto a networkx MultiDiGraph for visualisation and graph tools.

Nodes are departments, budget units, projects, policy documents, issuers, classification codes and (on
request) performance indicators; edges are named by the relation they stand for. Amounts stay exact: the
``amount`` attribute is the decimal's lexical form in 元; ``size`` is a display-only number derived from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import networkx as nx

from budgetkg.errors import QueryError
from budgetkg.export.focus import neighbourhood
from budgetkg.ontology.namespaces import PREFIXES
from budgetkg.store import KnowledgeStore, Solutions
from budgetkg.store.solutions import Row
from budgetkg.store.terms import NamedNode, iri, literal

BGT = PREFIXES["bgt"]
ID = PREFIXES["bkid"]

# The policy layer's names for a policy document's issuer (an org:Organization) and its level of government
# (on the issuer, or on the document). One place to update if the ontology adds others.
ISSUER_PROPERTIES = (f"{BGT}issuer",)
LEVEL_PROPERTIES = (f"{BGT}governmentLevel",)

NODE_TYPES = ("Department", "BudgetUnit", "Project", "PolicyDocument", "Issuer", "Code", "Indicator")
RELATIONS = (
    "subOrganizationOf",
    "implementedBy",
    "legalBasis",
    "issuedBy",
    "broader",
    "classification",
    "hasIndicator",
)
TOTAL_MEASURE = f"{ID}measure/total"


@dataclass(frozen=True)
class ProjectionOptions:
    """What to project: one document (graph IRI, file name or title), a focus term with a radius, layers."""

    document: str | None = None
    focus: str | None = None
    radius: int = 1
    codes: bool = True
    indicators: bool = False


def _v(solution: Row, name: str) -> str | None:
    term = solution[name]
    return None if term is None else term.value


def _values(iris: tuple[str, ...]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def exact_amount(text: str | None) -> str | None:
    """The canonical lexical form of a decimal amount (no exponent, no float on the way)."""
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def size_for(amount: str | None) -> float:
    """A display size from an amount in 元 (log scale); not an amount, never read back as one."""
    if not amount:
        return 10.0
    return round(10.0 + 4.0 * math.log10(1.0 + abs(float(Decimal(amount)))), 2)


class _Projector:
    def __init__(self, store: KnowledgeStore, options: ProjectionOptions) -> None:
        self.store = store
        self.options = options
        self.g = nx.MultiDiGraph()
        self.graph_filter: dict[str, str] = {}
        self.file_names: dict[str, str] = {}
        self.edges_seen: dict[tuple[str, str, str, str], str] = {}

    def select(self, body: str, select: str = "*", group: str = "") -> Solutions:
        sparql = f"SELECT {select} WHERE {{ GRAPH ?g {{ {body} }} }} {group}"
        return self.store.select(sparql, {k: iri(v) for k, v in self.graph_filter.items()})

    def node(self, iri: str, kind: str, label: str | None, doc: str | None, **attrs) -> None:
        data = self.g.nodes[iri] if iri in self.g else None
        if data is None:
            self.g.add_node(
                iri,
                type=kind,
                label=label or iri.rsplit("/", 1)[-1],
                documents=set(),
                provenance=set(),
                **{k: v for k, v in attrs.items() if v is not None},
            )
            data = self.g.nodes[iri]
        else:
            for k, v in attrs.items():
                if v is not None and k not in data:
                    data[k] = v
        if doc:
            data["documents"].add(doc)

    def edge(self, source: str, target: str, relation: str, doc: str | None, **attrs) -> None:
        if source not in self.g or target not in self.g:
            return
        seen = (source, target, relation, doc or "")
        if seen in self.edges_seen:
            return
        key = self.edges_seen[seen] = f"e{len(self.edges_seen) + 1}"
        clean = {k: v for k, v in attrs.items() if v is not None}
        self.g.add_edge(source, target, key=key, relation=relation, label=relation, document=doc or "", **clean)

    def resolve_document(self) -> None:
        term = self.options.document
        if not term:
            return
        graphs = self.store.graphs()
        if term in graphs:
            self.graph_filter = {"g": term}
            return
        hits = sorted(
            {
                _v(s, "g")
                for s in self.store.select(
                    "SELECT DISTINCT ?g ?term WHERE { GRAPH ?g { ?d a bgt:BudgetDocument . "
                    "OPTIONAL { ?d bgt:sourceFile ?f } OPTIONAL { ?d dct:title ?t } "
                    "FILTER(STR(?f) = ?term || CONTAINS(STR(?t), ?term)) } }",
                    {"term": literal(term)},
                )
            }
        )
        if len(hits) != 1:
            found = "no document" if not hits else f"{len(hits)} documents"
            raise QueryError(
                f"--document '{term}' matches {found}",
                hint="give a document IRI (see `budgetkg sparql 'SELECT ?g WHERE { GRAPH ?g {} }'`), "
                "a source file name or a unique part of a title",
            )
        self.graph_filter = {"g": hits[0]}

    def documents(self) -> None:
        for s in self.select("?d a bgt:BudgetDocument . OPTIONAL { ?d bgt:sourceFile ?f }"):
            self.file_names[_v(s, "g")] = _v(s, "f") or _v(s, "d")

    def organisations(self) -> None:
        for s in self.select("?doc bgt:publisher ?d ; bgt:fiscalYear ?y . ?d skos:prefLabel ?l"):
            self.node(_v(s, "d"), "Department", _v(s, "l"), _v(s, "g"), year=_v(s, "y"))
        for s in self.select(
            "?u a bgt:BudgetUnit ; skos:prefLabel ?l ; org:subOrganizationOf ?d . OPTIONAL { ?u bgt:unitCode ?c }"
        ):
            self.node(_v(s, "u"), "BudgetUnit", _v(s, "l"), _v(s, "g"), code=_v(s, "c"))
            self.edge(_v(s, "u"), _v(s, "d"), "subOrganizationOf", _v(s, "g"))

    def projects(self) -> None:
        for s in self.select(
            "?p a bgt:Project ; rdfs:label ?l . OPTIONAL { ?p bgt:amount ?a } "
            "OPTIONAL { ?p bgt:fiscalYear ?y } OPTIONAL { ?p bgt:projectCategory ?c }"
        ):
            amount = exact_amount(_v(s, "a"))
            self.node(
                _v(s, "p"), "Project", _v(s, "l"), _v(s, "g"), amount=amount, year=_v(s, "y"), category=_v(s, "c")
            )
        for s in self.select(
            "?p a bgt:Project ; bgt:implementedBy ?u . "
            "OPTIONAL { ?u skos:prefLabel ?l } OPTIONAL { ?u bgt:unitCode ?c }"
        ):
            if _v(s, "u") not in self.g:
                self.node(_v(s, "u"), "BudgetUnit", _v(s, "l"), _v(s, "g"), code=_v(s, "c"))
            self.edge(_v(s, "p"), _v(s, "u"), "implementedBy", _v(s, "g"))

    def policy_documents(self) -> None:
        body = (
            "?p a bgt:Project ; bgt:legalBasis ?pd . OPTIONAL { ?pd bgt:documentNumber ?n } "
            "OPTIONAL { ?pd dct:title ?t } OPTIONAL { ?pd bgt:issuerCode ?ic } "
            "OPTIONAL { ?pd bgt:issueYear ?y } "
            f"OPTIONAL {{ ?pd ?ip ?issuer . VALUES ?ip {{ {_values(ISSUER_PROPERTIES)} }} "
            "OPTIONAL { ?issuer rdfs:label|skos:prefLabel ?il } "
            f"OPTIONAL {{ ?issuer ?lp2 ?ilevel . VALUES ?lp2 {{ {_values(LEVEL_PROPERTIES)} }} }} }} "
            f"OPTIONAL {{ ?pd ?lp ?level . VALUES ?lp {{ {_values(LEVEL_PROPERTIES)} }} "
            "OPTIONAL { ?level rdfs:label|skos:prefLabel ?ll } }"
        )
        for s in self.select(body):
            pd, doc = _v(s, "pd"), _v(s, "g")
            issuer_term = s["issuer"]
            issuer_name = (_v(s, "il") or issuer_term.value) if issuer_term is not None else None
            level = _v(s, "ll") or _v(s, "level") or _v(s, "ilevel")
            label = _v(s, "n") or _v(s, "t")
            self.node(
                pd,
                "PolicyDocument",
                label,
                doc,
                documentNumber=_v(s, "n"),
                title=_v(s, "t"),
                issuerCode=_v(s, "ic"),
                year=_v(s, "y"),
                issuer=issuer_name,
                level=level,
            )
            self.edge(_v(s, "p"), pd, "legalBasis", doc)
            if issuer_term is not None:
                issuer = issuer_term.value if isinstance(issuer_term, NamedNode) else f"{ID}issuer/{issuer_name}"
                self.node(issuer, "Issuer", issuer_name, doc, level=level)
                self.edge(pd, issuer, "issuedBy", doc)

    def citations(self) -> None:
        """Where each legal basis is cited: provenance on the policy document and on its legalBasis edge."""
        places = self.places("bgt:Citation")
        for s in self.select("?p bgt:citation ?c . ?c bgt:citedDocument ?pd . OPTIONAL { ?c bgt:citedAs ?as }"):
            pd, doc = _v(s, "pd"), _v(s, "g")
            place = min(places.get(_v(s, "c"), ()), key=_place_key, default=None)
            if pd in self.g and place:
                self.g.nodes[pd]["provenance"].add(place)
            key = self.edges_seen.get((_v(s, "p"), pd, "legalBasis", doc or ""))
            if key is not None:
                data = self.g.edges[_v(s, "p"), pd, key]
                data.setdefault("citedAs", _v(s, "as"))
                if place:
                    data.setdefault("provenance", place)

    def indicators(self) -> None:
        for s in self.select(
            "?p a bgt:Project ; bgt:hasIndicator ?i . ?i rdfs:label ?l . "
            "OPTIONAL { ?i bgt:indicatorLevel1 ?l1 } OPTIONAL { ?i bgt:indicatorLevel2 ?l2 } "
            "OPTIONAL { ?i bgt:targetValue ?tv } OPTIONAL { ?i bgt:weight ?w }"
        ):
            self.node(
                _v(s, "i"),
                "Indicator",
                _v(s, "l"),
                _v(s, "g"),
                level1=_v(s, "l1"),
                level2=_v(s, "l2"),
                target=_v(s, "tv"),
                weight=_v(s, "w"),
            )
            self.edge(_v(s, "p"), _v(s, "i"), "hasIndicator", _v(s, "g"))

    def codes(self) -> None:
        rows = self.select(
            "?o a bgt:BudgetObservation ; bgt:organization ?org ; bgt:classification ?c ; bgt:measure ?m ; "
            f"bgt:amount ?a ; bgt:budgetPhase ?ph . FILTER(?m = <{TOTAL_MEASURE}>) "
            "?c skos:notation ?n . OPTIONAL { ?c skos:prefLabel ?l } "
            "OPTIONAL { ?o prov:wasDerivedFrom ?src . OPTIONAL { ?src bgt:line ?line } "
            "OPTIONAL { ?src bgt:page ?page } }",
            "?g ?org ?c ?n ?l ?ph (MAX(?a) AS ?amount) (MIN(?line) AS ?fl) (MIN(?page) AS ?fp)",
            "GROUP BY ?g ?org ?c ?n ?l ?ph",
        )
        for s in rows:
            code, doc = _v(s, "c"), _v(s, "g")
            label = f"{_v(s, 'n')} {_v(s, 'l')}" if _v(s, "l") else _v(s, "n")
            scheme = code.rsplit("/", 2)[-2]
            self.node(code, "Code", label, doc, notation=_v(s, "n"), scheme=scheme)
            if _v(s, "org") in self.g:
                self.edge(
                    _v(s, "org"),
                    code,
                    "classification",
                    doc,
                    amount=exact_amount(_v(s, "amount")),
                    phase=_v(s, "ph").rsplit("/", 1)[-1],
                    provenance=self.place(doc, _v(s, "fl"), _v(s, "fp")),
                )
        self.broader()

    def broader(self) -> None:
        """``broader`` edges between codes, adding the ancestors of every code in the projection."""
        pairs = [
            (_v(s, "c"), _v(s, "b"), _v(s, "n"), _v(s, "l"), _v(s, "g"))
            for s in self.select("?c skos:broader ?b . ?b skos:notation ?n . OPTIONAL { ?b skos:prefLabel ?l }")
        ]
        changed = True
        while changed:
            changed = False
            for code, parent, notation, label, doc in pairs:
                if code in self.g and parent not in self.g:
                    self.node(
                        parent,
                        "Code",
                        f"{notation} {label}" if label else notation,
                        doc,
                        notation=notation,
                        scheme=parent.rsplit("/", 2)[-2],
                    )
                    changed = True
        for code, parent, _, _, doc in pairs:
            self.edge(code, parent, "broader", doc)

    def place(self, doc: str | None, line: str | None, page: str | None) -> str | None:
        if line is None and page is None:
            return None
        where = f"line {line}" if line is not None else f"page {page}"
        return f"{self.file_names.get(doc or '', doc)} {where}"

    def places(self, *types: str) -> dict[str, set[str]]:
        """Source places (file and line or page) of the subjects of the given types."""
        found: dict[str, set[str]] = {}
        for s in self.select(
            f"VALUES ?t {{ {' '.join(types)} }} ?x a ?t ; prov:wasDerivedFrom ?src . "
            "?src bgt:document ?d . OPTIONAL { ?src bgt:line ?line } "
            "OPTIONAL { ?src bgt:page ?page } FILTER(BOUND(?line) || BOUND(?page))"
        ):
            found.setdefault(_v(s, "x"), set()).add(self.place(_v(s, "d"), _v(s, "line"), _v(s, "page")))
        return found

    def provenance(self) -> None:
        """Provenance of units, projects and indicators (codes carry theirs on classification edges)."""
        for node, places in self.places("bgt:BudgetUnit", "bgt:Project", "bgt:PerformanceIndicator").items():
            if node in self.g:
                self.g.nodes[node]["provenance"].update(places)

    def code_totals(self) -> None:
        """A code's amount: the exact sum of its classification edges in this projection."""
        totals: dict[str, Decimal] = {}
        for _, code, data in self.g.edges(data=True):
            if data["relation"] == "classification" and data.get("amount"):
                totals[code] = totals.get(code, Decimal(0)) + Decimal(data["amount"])
        for code, total in totals.items():
            self.g.nodes[code]["amount"] = exact_amount(str(total))

    def finish(self) -> nx.MultiDiGraph:
        self.code_totals()
        if self.graph_filter:
            self.g.graph["document_graph"] = self.graph_filter["g"]
        for _, data in self.g.nodes(data=True):
            docs = sorted(data.pop("documents"))
            data["document"] = " ".join(docs)
            data["source"] = "; ".join(self.file_names.get(d, d) for d in docs)
            data["provenance"] = "; ".join(sorted(data["provenance"], key=_place_key))
            data["amount"] = data.get("amount") or ""
            data["size"] = size_for(data["amount"] or None)
        return self.g

    def run(self) -> nx.MultiDiGraph:
        self.resolve_document()
        self.documents()
        self.organisations()
        self.projects()
        self.policy_documents()
        self.citations()
        if self.options.indicators:
            self.indicators()
        if self.options.codes:
            self.codes()
        self.provenance()
        return self.finish()


def _place_key(place: str) -> tuple:
    name, _, number = place.rpartition(" ")
    return (name, int(number) if number.isdigit() else 0)


def project(store: KnowledgeStore, options: ProjectionOptions | None = None) -> nx.MultiDiGraph:
    """The projection of ``store`` under ``options`` (filters applied, focus neighbourhood cut out)."""
    options = options or ProjectionOptions()
    graph = _Projector(store, options).run()
    if options.focus:
        graph = neighbourhood(graph, options.focus, options.radius)
    return graph
