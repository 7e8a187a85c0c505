"""The graph builder both mappers share: one document's triples, its IRIs, provenance nodes and codes."""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from budgetkg.ingest.enums import Scheme
from budgetkg.ingest.model import Extraction, SourceRef
from budgetkg.ingest.rdf import iris
from budgetkg.ontology.namespaces import BGT

SCHEMES = {
    Scheme.FUNCTION: BGT.FunctionalClassification,
    Scheme.ECONOMIC: BGT.EconomicClassification,
    Scheme.INCOME: BGT.IncomeClassification,
}


@lru_cache(maxsize=4096)  # rows, lines and pages repeat on every node of a table (literals are immutable)
def integer_literal(value: int) -> Literal:
    return Literal(value)


class GraphBuilder:
    """Collects the triples of one Extraction's graph; the mappers add to it through these helpers."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.triples: set[tuple] = set()
        self._codes: set[URIRef] = set()
        self._concepts: set[tuple] = set()
        meta = ex.meta
        self.doc = iris.document(meta.department, meta.fiscal_year, meta.kind)
        self.dept = iris.department(meta.department)
        self.unit_iris: dict[str, URIRef] = {}
        self.table_units = {t.number: t.unit or meta.reporting_unit for t in ex.tables}  # as printed

    def add(self, s, p, o) -> None:
        """Add a triple; a None object adds nothing (optional values)."""
        if o is not None:
            self.triples.add((s, p, o))

    def source(self, subject: URIRef, ref: SourceRef, table: URIRef | None = None) -> None:
        """Where ``subject`` was read: its document, table, row, line or page, text and box."""
        node = URIRef(f"{subject}#src")
        self.add(subject, PROV.wasDerivedFrom, node)
        self.add(node, RDF.type, BGT.SourceLocation)
        self.add(node, BGT.document, self.doc)
        self.add(node, BGT.table, table)
        if ref.row is not None:
            self.add(node, BGT.row, integer_literal(ref.row))
        if ref.line is not None:
            self.add(node, BGT.line, integer_literal(ref.line))
        if ref.page is not None:
            self.add(node, BGT.page, integer_literal(ref.page))
        if ref.text:
            self.add(node, BGT.sourceText, Literal(ref.text))
        if ref.bbox:
            self.add(node, BGT.bbox, Literal(" ".join(f"{v:.1f}" for v in ref.bbox)))
            confidence = self.ex.confidence.get((ref.page, ref.bbox)) if ref.page is not None else None
            self.add(node, BGT.ocrConfidence, Literal(confidence) if confidence is not None else None)

    def concept(self, node: URIRef, scheme: URIRef, label: str, notation: str | None = None) -> URIRef:
        """A labelled SKOS concept of ``scheme`` (described once however often it is named)."""
        key = (node, scheme, label, notation)
        if key in self._concepts:
            return node
        self._concepts.add(key)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.inScheme, scheme)
        self.add(node, SKOS.prefLabel, Literal(label, lang="zh"))
        if notation:
            self.add(node, SKOS.notation, Literal(notation))
        return node

    def code(self, scheme: Scheme, notation: str) -> URIRef:
        """A classification code with its name and its parents up to the 类, each added once."""
        node = iris.code(scheme, notation)
        if node in self._codes:
            return node
        self._codes.add(node)
        name = self.ex.codes.get((scheme, notation))
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.inScheme, SCHEMES[scheme])
        self.add(node, SKOS.notation, Literal(notation))
        if name:
            self.add(node, SKOS.prefLabel, Literal(name, lang="zh"))
        if len(notation) > 3:
            self.add(node, SKOS.broader, self.code(scheme, notation[:-2]))
        else:
            self.add(node, SKOS.topConceptOf, SCHEMES[scheme])
        return node
