"""Aggregates materialised at ingest, so that whole-corpus pivot queries read one node per answer row.

The pivot queries (department totals, functional roll-ups, 基本支出 vs 项目支出, 三公 by unit, the 公用经费 by
economic code) used to join and
sum every table cell of every document at query time: at 1,000 documents that is hundreds of thousands of
index lookups. Here the same rows are computed from the document's own cells while its graph is built, and
written as ``bgt:Aggregate`` nodes INTO that graph (``prov:wasDerivedFrom`` the cells), so re-ingesting or
removing the document replaces or removes them with it. The project listings (no legal basis, no numeric
target) read one aggregate per project, counted from the project as the policy layer writes it: its numbers
of indicators, numeric targets and legal bases. Each aggregate carries the row's values directly (labels, year,
kind, amounts), so a query reads it without joins. They are derived, never printed: the validation shapes and
the export read the cells and projects, not these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from budgetkg.ingest.enums import DocumentKind, Scheme, TableKind
from budgetkg.ingest.model import Observation
from budgetkg.ingest.rdf import iris
from budgetkg.ingest.rdf.builder import GraphBuilder
from budgetkg.ingest.rdf.policy import indicator_iri, policy_document_iri, project_iri
from budgetkg.ontology.namespaces import BGT

TOTAL, BASIC, PROJECT = "合计", "基本支出", "项目支出"
BUDGET_PHASE, EXECUTION_PHASE = "预算数", "执行数"
KIND_TEXT = {DocumentKind.BUDGET: "预算", DocumentKind.FINAL_ACCOUNTS: "决算"}
LEVELS = {3: "类", 5: "款"}  # 7 digits and more: 项
PUBLIC_OPERATING_CLASS = "302"  # 商品和服务支出: the economic class of the 公用经费


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value, "f"), datatype=XSD.decimal)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


@dataclass
class _ProjectCounts:
    """What one project node of the graph gathers from the extraction's projects that share its IRI."""

    names: set[str] = field(default_factory=set)
    amounts: set[Decimal] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    indicators: set[URIRef] = field(default_factory=set)
    numeric: set[URIRef] = field(default_factory=set)
    bases: set[URIRef] = field(default_factory=set)


class _Aggregates:
    """The aggregates of one document, added to its builder's triples."""

    def __init__(self, b: GraphBuilder) -> None:
        self.b = b
        self.kinds = {t.number: t.kind for t in b.ex.tables}
        meta = b.ex.meta
        self.department = meta.department
        self.year = Literal(str(meta.fiscal_year), datatype=XSD.gYear)
        self.kind = Literal(KIND_TEXT[meta.kind])
        self.unit_names = {u.key: u.name for u in b.ex.units}

    def node(self, kind: str, *key: object) -> URIRef:
        """A new aggregate of ``kind`` with the document's own values (document, department, year, kind)."""
        b = self.b
        node = URIRef(f"{b.doc}/aggregate/{kind}/{iris.digest(*key)}")
        b.add(node, RDF.type, BGT.Aggregate)
        b.add(node, BGT.aggregateKind, Literal(kind))
        b.add(node, BGT.aggregateDocument, b.doc)
        b.add(node, BGT.aggregateDepartment, _zh(self.department))
        b.add(node, BGT.aggregateYear, self.year)
        b.add(node, BGT.aggregateDocumentKind, self.kind)
        return node

    def derived(self, node: URIRef, cells: Iterable[Observation]) -> None:
        for o in cells:
            self.b.add(node, PROV.wasDerivedFrom, cell_iri(self.b, o))

    def is_department(self, o: Observation) -> bool:
        """Whether a cell is the department's own (the mapper gives it the department IRI)."""
        return not o.org or o.org not in self.b.unit_iris

    def organization(self, o: Observation) -> str | None:
        """The unit key of a unit's cell, None for the department's."""
        return None if self.is_department(o) else o.org

    def code_name(self, o: Observation) -> str | None:
        return self.b.ex.codes.get((o.scheme, o.code))

    def add_all(self) -> None:
        cells = list({cell_iri(self.b, o): o for o in self.b.ex.observations}.values())  # one RDF node per IRI
        functional = [o for o in cells if o.scheme == Scheme.FUNCTION and o.code and self.is_department(o)]
        self.department_totals(functional)
        self.rollups(functional)
        self.basic_vs_project(functional)
        self.three_public([o for o in cells if self.kinds.get(o.table) == TableKind.THREE_PUBLIC])
        self.public_operating(cells)
        self.projects()

    def department_totals(self, functional: list[Observation]) -> None:
        """Per phase: the sum of the 类-level 合计 of the expenditure-summary tables (department-totals)."""
        by_phase: dict[str, list[Observation]] = defaultdict(list)
        for o in functional:
            if len(o.code) == 3 and o.measure == TOTAL and self.kinds.get(o.table) == TableKind.EXPENDITURE:
                by_phase[o.phase].append(o)
        for phase, group in sorted(by_phase.items()):
            node = self.node("department-total", phase)
            self.b.add(node, BGT.aggregatePhase, _zh(phase))
            self.b.add(node, BGT.aggregateAmount, _decimal(sum((o.amount for o in group), Decimal(0))))
            self.derived(node, group)

    def rollups(self, functional: list[Observation]) -> None:
        """Per 合计 cell of a functional code: its amount and the sum of its direct children's 合计 cells in the
        same table and phase (expenditure-by-function)."""
        totals = [o for o in functional if o.measure == TOTAL and o.table in self.kinds]
        children: dict[tuple, list[Observation]] = defaultdict(list)
        for o in totals:
            if len(o.code) > 3:
                children[(o.table, o.phase, o.code[:-2])].append(o)
        for o in totals:
            node = self.node("rollup", cell_iri(self.b, o))
            self.row(node, o)
            self.b.add(node, BGT.aggregateLevel, _zh(LEVELS.get(len(o.code), "项")))
            self.b.add(node, BGT.aggregateAmount, _decimal(o.amount))
            kids = children.get((o.table, o.phase, o.code), [])
            if kids:
                self.b.add(node, BGT.childrenSum, _decimal(sum((k.amount for k in kids), Decimal(0))))
            self.derived(node, [o, *kids])

    def row(self, node: URIRef, o: Observation) -> None:
        """The table, code, code name and phase of the row of cell ``o``."""
        self.b.add(node, BGT.aggregateTableNumber, Literal(o.table))
        self.b.add(node, BGT.aggregateCode, Literal(o.code))
        if name := self.code_name(o):
            self.b.add(node, BGT.aggregateCodeName, _zh(name))
        self.b.add(node, BGT.aggregatePhase, _zh(o.phase))

    def basic_vs_project(self, functional: list[Observation]) -> None:
        """Per functional code, table and phase: the 基本支出 cell beside the 项目支出 cell."""
        projects: dict[tuple, list[Observation]] = defaultdict(list)
        for o in functional:
            if o.measure == PROJECT and o.table in self.kinds:
                projects[(o.table, o.code, o.phase)].append(o)
        for basic in (o for o in functional if o.measure == BASIC and o.table in self.kinds):
            for project in projects.get((basic.table, basic.code, basic.phase), []):
                node = self.node("basic-vs-project", cell_iri(self.b, basic), cell_iri(self.b, project))
                self.row(node, basic)
                self.b.add(node, BGT.basicAmount, _decimal(basic.amount))
                self.b.add(node, BGT.projectAmount, _decimal(project.amount))
                self.derived(node, [basic, project])

    def three_public(self, cells: list[Observation]) -> None:
        """Per organization and 三公 measure: the 预算数 cells beside the 执行数 cells (three-public-by-unit)."""
        groups: dict[tuple[str, str], list[Observation]] = defaultdict(list)
        for o in cells:
            groups[(self.organization(o) or "", o.measure)].append(o)
        for (unit, measure), group in sorted(groups.items()):
            org = self.unit_names[unit] if unit else self.department
            budget = [o for o in group if o.phase == BUDGET_PHASE] or [None]
            execution = [o for o in group if o.phase == EXECUTION_PHASE] or [None]
            for b_cell in budget:
                for e_cell in execution:
                    key = [cell_iri(self.b, c) if c else None for c in (b_cell, e_cell)]
                    node = self.node("three-public", unit, measure, *key)
                    self.b.add(node, BGT.aggregateOrganization, _zh(org))
                    self.b.add(node, BGT.aggregateMeasure, _zh(measure))
                    if b_cell:
                        self.b.add(node, BGT.budgetAmount, _decimal(b_cell.amount))
                    if e_cell:
                        self.b.add(node, BGT.executionAmount, _decimal(e_cell.amount))
                    self.derived(node, [c for c in (b_cell, e_cell) if c] or group)

    def public_operating(self, cells: list[Observation]) -> None:
        """Per cell of the department with an economic code of class 302 (商品和服务支出, the 公用经费) in one of
        the document's tables: its table, code, code name, measure and amount (public-operating-breakdown)."""
        for o in cells:
            if o.scheme != Scheme.ECONOMIC or not (o.code or "").startswith(PUBLIC_OPERATING_CLASS):
                continue
            if o.table not in self.kinds or not self.is_department(o):
                continue
            node = self.node("public-operating", cell_iri(self.b, o))
            self.b.add(node, BGT.aggregateTableNumber, Literal(o.table))
            self.b.add(node, BGT.aggregateCode, Literal(o.code))
            if name := self.code_name(o):
                self.b.add(node, BGT.aggregateCodeName, _zh(name))
            self.b.add(node, BGT.aggregateMeasure, _zh(o.measure))
            self.b.add(node, BGT.aggregateAmount, _decimal(o.amount))
            self.derived(node, [o])

    def projects(self) -> None:
        """Per project of the graph: how many indicators it has, how many of them have a numeric target, and how
        many policy documents it cites, beside its name, unit and amount (qualitative-only-projects,
        projects-without-legal-basis). Counted by IRI, as the policy layer writes them, so a project printed in
        two places (one node) is counted once."""
        merged: dict[URIRef, _ProjectCounts] = defaultdict(_ProjectCounts)
        for p in self.b.ex.projects:
            node = project_iri(self.b.doc, p)
            m = merged[node]
            m.names.add(p.name)
            if p.amount is not None:
                m.amounts.add(p.amount)
            if p.unit is not None and p.unit in self.b.unit_iris and self.unit_names.get(p.unit):
                m.units.add(self.unit_names[p.unit])
            for n, ind in enumerate(p.indicators):
                iri = indicator_iri(node, n, ind)
                m.indicators.add(iri)
                if ind.target_number is not None:
                    m.numeric.add(iri)
            m.bases.update(policy_document_iri(c.ref) for c in p.citations)
        for project, m in sorted(merged.items()):
            node = self.node("project", project)
            self.b.add(node, BGT.aggregateProject, project)
            for name in sorted(m.names):
                self.b.add(node, BGT.aggregateProjectName, _zh(name))
            for amount in sorted(m.amounts):
                self.b.add(node, BGT.aggregateAmount, _decimal(amount))
            for unit in sorted(m.units):
                self.b.add(node, BGT.aggregateOrganization, _zh(unit))
            self.b.add(node, BGT.indicatorCount, Literal(len(m.indicators)))
            self.b.add(node, BGT.numericTargetCount, Literal(len(m.numeric)))
            self.b.add(node, BGT.legalBasisCount, Literal(len(m.bases)))
            self.b.add(node, PROV.wasDerivedFrom, project)


def cell_iri(b: GraphBuilder, o: Observation) -> URIRef:
    """The IRI the mapper gives cell ``o`` (``iris.observation``)."""
    return iris.observation(b.doc, o.table, o.source.row, *o.fact())


def add_aggregates(b: GraphBuilder) -> None:
    """Add the document's ``bgt:Aggregate`` nodes to ``b``'s triples (after its cells are mapped)."""
    _Aggregates(b).add_all()
