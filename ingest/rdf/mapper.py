"""Map an Extraction to an rdflib Graph in the public vocabulary (bgt:)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from budgetkg.ingest.enums import Flow, Scheme
from budgetkg.ingest.model import Coverage, Extraction
from budgetkg.ingest.normalise import DEFAULT_UNIT, from_yuan, printed_precision, unit_scale
from budgetkg.ingest.rdf import iris
from budgetkg.ingest.rdf.aggregates import add_aggregates
from budgetkg.ingest.rdf.builder import GraphBuilder
from budgetkg.ingest.rdf.headings import add_headings
from budgetkg.ingest.rdf.policy import add_policy
from budgetkg.ontology.namespaces import BGT, ORG, PREFIXES, QB

SCHEME_PROPERTY = {
    Scheme.FUNCTION: BGT.functionalClassification,
    Scheme.ECONOMIC: BGT.economicClassification,
    Scheme.INCOME: BGT.incomeClassification,
}
METADATA_SOURCES = {
    "title": BGT.FromTitle,
    "table header": BGT.FromTableHeader,
    "table title": BGT.FromTableTitle,
    "file name": BGT.FromFileName,
    "given": BGT.FromUser,
}
VARIANCE = {"above": BGT.FinalAboveBudget, "below": BGT.FinalBelowBudget, "equal": BGT.FinalEqualsBudget}
FLOW_SCHEMES = {Flow.INCOME: BGT.IncomeItems, Flow.EXPENDITURE: BGT.ExpenditureItems, None: BGT.OtherItems}


def decimal_literal(value: Decimal) -> Literal:
    return _decimal_text(format(value, "f"))


@lru_cache(maxsize=8192)  # literals are immutable, and a document repeats its amounts, scales and precisions
def _decimal_text(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


@lru_cache(maxsize=256)
def year_literal(year: int) -> Literal:
    return Literal(str(year), datatype=XSD.gYear)


class _CoreMapper(GraphBuilder):
    """Maps the document, its units, tables, observations and narrative (the policy layer: ``rdf.policy``)."""

    def printed_figure(self, node: URIRef, unit: str | None, decimals: int | None) -> None:
        """A figure's printed unit, that unit's scale (元 per unit) and its printed precision (元), as data."""
        self.add(node, BGT.printedUnit, Literal(unit or DEFAULT_UNIT))
        self.add(node, BGT.unitScale, decimal_literal(unit_scale(unit)))
        if decimals is not None:
            self.add(node, BGT.precision, decimal_literal(printed_precision(decimals, unit)))

    def build(self) -> set[tuple]:
        self.document()
        self.units()
        tables = {t.number: self.table(t) for t in self.ex.tables}
        for scheme, notation in sorted(self.ex.codes):
            self.code(scheme, notation)
        for obs in self.ex.observations:
            self.observation(obs, tables.get(obs.table))
        for n, fig in enumerate(self.ex.narrative):
            self.narrative(n, fig)
        return self.triples

    def document(self) -> None:
        meta, doc = self.ex.meta, self.doc
        self.add(doc, RDF.type, BGT.BudgetDocument)
        self.add(doc, BGT.documentKind, BGT[meta.kind])
        self.add(doc, BGT.fiscalYear, year_literal(meta.fiscal_year))
        self.add(doc, BGT.publisher, self.dept)
        self.add(doc, DCTERMS.title, Literal(meta.title, lang="zh"))
        self.add(doc, BGT.departmentSource, METADATA_SOURCES.get(meta.department_source))
        self.add(doc, BGT.fiscalYearSource, METADATA_SOURCES.get(meta.year_source))
        self.add(doc, BGT.documentKindSource, METADATA_SOURCES.get(meta.kind_source))
        if meta.reporting_unit:
            self.add(doc, BGT.reportingUnit, Literal(meta.reporting_unit))
        if meta.approval_date:
            self.add(doc, BGT.approvalDate, Literal(meta.approval_date.isoformat(), datatype=XSD.date))
        if meta.publication_date:
            self.add(doc, BGT.publicationDate, Literal(meta.publication_date.isoformat(), datatype=XSD.date))
        for label in meta.date_labels:
            self.add(doc, BGT.printsDateLabel, Literal(label, lang="zh"))
        if self.ex.sha256:
            self.add(doc, BGT.sha256, Literal(self.ex.sha256))
        if self.ex.source_path:
            self.add(doc, BGT.sourceFile, Literal(self.ex.source_path.rsplit("/", 1)[-1]))
        self.add(doc, BGT.medium, Literal(self.ex.medium))
        for title in self.ex.listed_tables:
            self.add(doc, BGT.listsTable, Literal(title, lang="zh"))
            if number := self.ex.listed_numbers.get(title):  # the entry's number, to match a table worded otherwise
                entry = URIRef(f"{doc}/listed/{number}")
                self.add(doc, BGT.listing, entry)
                self.add(entry, BGT.listedTitle, Literal(title, lang="zh"))
                self.add(entry, BGT.listedNumber, Literal(number))
        for w in self.ex.warnings:
            self.add(doc, BGT.extractionWarning, Literal(str(w)))
        self.coverage(self.ex.coverage or Coverage.of(self.ex))
        self.add(self.dept, RDF.type, BGT.Department)
        self.add(self.dept, SKOS.prefLabel, Literal(meta.department, lang="zh"))

    def coverage(self, c: Coverage) -> None:
        """What the document yielded, on its own node, with a node per table kind found."""
        node = URIRef(f"{self.doc}/coverage")
        self.add(self.doc, BGT.coverage, node)
        self.add(node, RDF.type, BGT.ExtractionCoverage)
        counts = {
            BGT.tablesFound: c.tables,
            BGT.tablesRecognised: c.tables_recognised,
            BGT.tablesNotRecognised: c.tables - c.tables_recognised,
            BGT.observationCount: c.observations,
            BGT.statementCount: c.statements,
            BGT.projectCount: c.projects,
            BGT.indicatorCount: c.indicators,
            BGT.warningCount: c.warnings,
        }
        for prop, n in counts.items():
            self.add(node, prop, Literal(n))
        for title in c.listed_not_found:
            self.add(node, BGT.listedTableNotFound, Literal(title, lang="zh"))
        for kind, found in sorted(c.found.items()):
            per_kind = URIRef(f"{node}/{kind}")
            self.add(node, BGT.kindCoverage, per_kind)
            self.add(per_kind, RDF.type, BGT.KindCoverage)
            self.add(per_kind, BGT.coveredKind, Literal(kind))
            self.add(per_kind, BGT.tablesFound, Literal(found))
            self.add(per_kind, BGT.tablesRecognised, Literal(c.recognised.get(kind, 0)))
            self.add(per_kind, BGT.tablesNotRecognised, Literal(c.not_recognised(kind)))

    def units(self) -> None:
        for u in self.ex.units:
            node = iris.unit(self.ex.meta.department, u.key, coded=u.code is not None)
            self.unit_iris[u.key] = node
            self.add(node, RDF.type, BGT.BudgetUnit)
            self.add(node, SKOS.prefLabel, Literal(u.name, lang="zh"))
            for alt in sorted(u.names - {u.name}):
                self.add(node, SKOS.altLabel, Literal(alt, lang="zh"))
            self.add(node, ORG.subOrganizationOf, self.dept)
            if u.code:
                self.add(node, BGT.unitCode, Literal(u.code))
            if u.unit_type:
                self.add(node, BGT.unitType, Literal(u.unit_type, lang="zh"))
            if u.seq is not None:
                self.add(node, BGT.sequenceNumber, Literal(u.seq))
            self.add(node, BGT.listedIn, self.doc)
            if u.source.line is not None or u.source.page is not None:
                self.source(node, u.source)

    def table(self, t) -> URIRef:
        node = iris.table(self.doc, t.number)
        self.add(node, RDF.type, BGT.Table)
        self.add(node, RDF.type, QB.DataSet)
        self.add(node, BGT.tableNumber, Literal(t.number))
        self.add(node, RDFS.label, Literal(t.title, lang="zh"))
        self.add(node, DCTERMS.isPartOf, self.doc)
        self.add(node, BGT.tableKind, Literal(t.kind))
        if t.unit:
            self.add(node, BGT.reportingUnit, Literal(t.unit))
        self.add(node, BGT.isEmpty, Literal(t.empty))
        if t.note:
            self.add(node, BGT.note, Literal(t.note, lang="zh"))
        if t.source.line is not None:
            self.add(node, BGT.line, Literal(t.source.line))
        if t.source.page is not None:
            self.add(node, BGT.page, Literal(t.source.page))
        return node

    def observation(self, o, table: URIRef | None) -> None:
        node = iris.observation(self.doc, o.table, o.source.row, *o.fact())
        self.add(node, RDF.type, BGT.BudgetObservation)
        self.add(node, QB.dataSet, table)
        self.add(node, BGT.amount, decimal_literal(o.amount))
        self.add(node, BGT.printedAmount, decimal_literal(from_yuan(o.amount, self.table_units.get(o.table))))
        self.printed_figure(node, self.table_units.get(o.table), o.decimals)
        self.add(node, BGT.measure, self.concept(iris.measure(o.measure), BGT.Measures, o.measure))
        self.add(node, BGT.budgetPhase, self.concept(iris.phase(o.phase), BGT.BudgetPhases, o.phase))
        self.add(node, BGT.fiscalYear, year_literal(o.fiscal_year))
        org = self.unit_iris.get(o.org) if o.org else self.dept
        self.add(node, BGT.organization, org or self.dept)
        if o.code and o.scheme:
            concept = self.code(o.scheme, o.code)
            self.add(node, BGT.classification, concept)
            self.add(node, SCHEME_PROPERTY[o.scheme], concept)
        if o.item:
            item = self.concept(iris.line_item(o.flow, o.item), FLOW_SCHEMES[o.flow], o.item)
            self.add(node, BGT.lineItem, item)
        self.source(node, o.source, table)

    def narrative(self, n: int, f) -> None:
        node = iris.narrative(self.doc, n, f.section, f.subject, f.amount, f.count)
        self.add(node, RDF.type, BGT.NarrativeStatement)
        self.add(node, DCTERMS.isPartOf, self.doc)
        self.add(node, BGT.section, Literal(f.section, lang="zh"))
        self.add(node, BGT.subjectText, Literal(f.subject, lang="zh"))
        self.add(node, BGT.fiscalYear, year_literal(self.ex.meta.fiscal_year))
        if f.amount is not None:
            self.add(node, BGT.statedAmount, decimal_literal(f.amount))
        if f.printed_amount is not None:
            self.add(node, BGT.printedAmount, decimal_literal(f.printed_amount))
        if f.amount is not None:
            self.printed_figure(node, f.unit, f.decimals)
        if f.code and f.scheme:
            self.add(node, BGT.classification, self.code(f.scheme, f.code))
        if f.topic:
            self.add(node, BGT.topic, self.concept(iris.topic(f.topic), BGT.Topics, f.topic))
        if f.change is not None:
            self.add(node, BGT.statedChange, decimal_literal(f.change))
        if f.change_percent is not None:
            self.add(node, BGT.statedChangePercent, decimal_literal(f.change_percent))
        if f.share_percent is not None:
            self.add(node, BGT.statedShare, decimal_literal(f.share_percent))
        if f.share_base:
            self.add(node, BGT.shareBase, Literal(f.share_base, lang="zh"))
        if f.count is not None:
            self.add(node, BGT.statedCount, Literal(f.count))
            self.add(node, BGT.countUnit, Literal(f.count_unit, lang="zh"))
        if f.reason:
            self.add(node, BGT.changeReason, Literal(f.reason, lang="zh"))
        if f.budgeted is not None:
            self.add(node, BGT.statedBudgetAmount, decimal_literal(f.budgeted))
        if f.final is not None:
            self.add(node, BGT.statedFinalAmount, decimal_literal(f.final))
        if f.completion_percent is not None:
            self.add(node, BGT.statedCompletionPercent, decimal_literal(f.completion_percent))
        if f.direction:
            self.add(node, BGT.statedVariance, VARIANCE[f.direction])
        self.comparison(node, f)
        self.source(node, f.source)

    def comparison(self, node: URIRef, f) -> None:
        """The change's direction word, what it compares with, the previous amount and the whole of a 其中 item."""
        self.add(node, BGT.statedDirection, Literal(f.change_direction) if f.change_direction else None)
        if f.change_precision is not None:
            self.add(node, BGT.changePrecision, decimal_literal(f.change_precision))
        if f.previous is not None:
            self.add(node, BGT.statedPreviousAmount, decimal_literal(f.previous))
            self.add(node, BGT.previousPrecision, decimal_literal(f.previous_precision))
        self.add(node, BGT.comparedWith, Literal(f.compared_with, lang="zh") if f.compared_with else None)
        self.add(node, BGT.comparedYear, year_literal(f.compared_year) if f.compared_year else None)
        if f.within is not None:
            w = self.ex.narrative[f.within]
            whole = iris.narrative(self.doc, f.within, w.section, w.subject, w.amount, w.count)
            self.add(node, BGT.statedWithin, whole)


def to_triples(ex: Extraction) -> set[tuple]:
    """The triples of one document (its named graph in the store), as rdflib term tuples."""
    builder = _CoreMapper(ex)
    builder.build()
    add_policy(builder)  # projects, legal bases, indicators (ingest/rdf/policy.py)
    add_aggregates(builder)  # the pivot queries' rows, derived from the cells (ingest/rdf/aggregates.py)
    add_headings(builder)  # section and table headings (ingest/rdf/headings.py)
    return builder.triples


def to_graph(ex: Extraction) -> Graph:
    """The same triples as an rdflib Graph (for pyshacl, export and tests)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for triple in to_triples(ex):
        g.add(triple)
    return g


def document_iri(ex: Extraction) -> URIRef:
    return iris.document(ex.meta.department, ex.meta.fiscal_year, ex.meta.kind)
