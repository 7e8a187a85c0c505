"""Map the policy layer (projects, cited policy documents, indicators, conflicts) of an Extraction to RDF.

Policy documents get document-independent IRIs (one node per canonical 发文字号, or per normalised title
for title-only citations), so every project and document that cites one shares it across the store.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from budgetkg.ingest.enums import TableKind
from budgetkg.ingest.normalise import normalise_title
from budgetkg.ingest.policy.indicators import target_year
from budgetkg.ingest.policy.issuers import resolve_issuer
from budgetkg.ingest.policy.model import Citation, CitationConflict, Indicator, PolicyDocumentRef, Project
from budgetkg.ingest.policy.projects import project_key_name
from budgetkg.ingest.rdf import iris
from budgetkg.ingest.rdf.builder import GraphBuilder
from budgetkg.ontology.namespaces import BGT, ID, ORG

FUNDING_PROPERTIES = {
    "财政拨款": BGT.fiscalAppropriationAmount,
    "上年结转": BGT.carriedOverAmount,
    "其他资金": BGT.otherFundsAmount,
}

SECTION_PROPERTIES = {
    "项目概述": BGT.projectDescription,
    "实施方案": BGT.implementationPlan,
    "实施周期": BGT.implementationPeriod,
}


def policy_document_iri(ref: PolicyDocumentRef) -> URIRef:
    """One IRI per canonical number (or normalised title), the same in every document's graph."""
    if ref.number:
        return ID[f"policy/{iris.digest(ref.number.canonical)}"]
    return ID[f"policy/t-{iris.digest(normalise_title(ref.title or ''))}"]


def project_iri(doc: URIRef, project: Project) -> URIRef:
    return URIRef(f"{doc}/project/{iris.digest(project.unit, project_key_name(project.name))}")


def add_policy(b: GraphBuilder) -> None:
    """Add every project, citation, indicator and citation conflict of ``b.ex`` to ``b``'s triples."""
    table = next((iris.table(b.doc, t.number) for t in b.ex.tables if t.kind == TableKind.PERFORMANCE), None)
    for project in b.ex.projects:
        _project(b, project, iris.table(b.doc, project.table) if project.table else table)
    for conflict in b.ex.citation_conflicts:
        _conflict(b, conflict)


def _decimal(value) -> Literal:
    return Literal(format(value, "f"), datatype=XSD.decimal)


def _project(b: GraphBuilder, p: Project, table: URIRef | None) -> None:
    node = project_iri(b.doc, p)
    b.add(node, RDF.type, BGT.Project)
    b.add(node, RDFS.label, Literal(p.name, lang="zh"))
    b.add(node, DCTERMS.isPartOf, b.doc)
    b.add(node, BGT.fiscalYear, Literal(str(b.ex.meta.fiscal_year), datatype=XSD.gYear))
    if p.unit is not None:
        b.add(node, BGT.implementedBy, b.unit_iris.get(p.unit))
    if p.amount is not None:
        b.add(node, BGT.amount, _decimal(p.amount))
    if p.category:
        b.add(node, BGT.projectCategory, Literal(p.category, lang="zh"))
    if p.goal:
        b.add(node, BGT.performanceGoal, Literal(p.goal, lang="zh"))
    for key, amount in p.funding.items():
        b.add(node, FUNDING_PROPERTIES[key], _decimal(amount))
    if p.department:
        b.add(node, BGT.supervisingDepartment, Literal(p.department, lang="zh"))
    if p.department_code:
        b.add(node, BGT.supervisingDepartmentCode, Literal(p.department_code))
    for key, prop in SECTION_PROPERTIES.items():
        if p.sections.get(key):
            b.add(node, prop, Literal(p.sections[key], lang="zh"))
    b.source(node, p.source, table if p.source.row is not None else None)
    for c in p.citations:
        _citation(b, node, c, table)
    for n, ind in enumerate(p.indicators):
        _indicator(b, node, n, ind, iris.table(b.doc, ind.table) if ind.table else table)


def policy_document(b: GraphBuilder, ref: PolicyDocumentRef) -> URIRef:
    node = policy_document_iri(ref)
    b.add(node, RDF.type, BGT.PolicyDocument)
    if ref.title:
        b.add(node, DCTERMS.title, Literal(ref.title, lang="zh"))
    if ref.number:
        n = ref.number
        b.add(node, BGT.documentNumber, Literal(n.canonical))
        b.add(node, BGT.issuerCode, Literal(n.prefix))
        b.add(node, BGT.issueYear, Literal(str(n.year), datatype=XSD.gYear))
        b.add(node, BGT.serialNumber, Literal(n.serial))
        if issuer := resolve_issuer(n.prefix):
            b.add(node, BGT.issuer, issuer.iri)
            b.add(issuer.iri, RDF.type, ORG.Organization)
            b.add(issuer.iri, SKOS.prefLabel, Literal(issuer.name, lang="zh"))
            b.add(issuer.iri, BGT.governmentLevel, Literal(issuer.level))
    return node


def _citation(b: GraphBuilder, project: URIRef, c: Citation, table: URIRef | None) -> None:
    target = policy_document(b, c.ref)
    b.add(project, BGT.legalBasis, target)
    node = URIRef(f"{project}/citation/{iris.digest(c.ref.key, c.source.line, c.source.page)}")
    b.add(node, RDF.type, BGT.Citation)
    b.add(project, BGT.citation, node)
    b.add(node, BGT.citedDocument, target)
    b.add(node, BGT.citedAs, Literal(c.text, lang="zh"))
    b.source(node, c.source, table if c.source.row is not None else None)


def indicator_iri(project: URIRef, n: int, ind: Indicator) -> URIRef:
    """The IRI of the ``n``-th indicator of ``project``."""
    return URIRef(f"{project}/indicator/{iris.digest(n, *ind.fact())}")


def _indicator(b: GraphBuilder, project: URIRef, n: int, ind: Indicator, table: URIRef | None) -> None:
    node = indicator_iri(project, n, ind)
    b.add(node, RDF.type, BGT.PerformanceIndicator)
    b.add(project, BGT.hasIndicator, node)
    b.add(node, RDFS.label, Literal(ind.name, lang="zh"))
    for prop, value in (
        (BGT.indicatorLevel1, ind.level1),
        (BGT.indicatorLevel2, ind.level2),
        (BGT.indicatorNature, ind.nature),
        (BGT.comparator, ind.comparator),
        (BGT.targetValue, ind.target),
        (BGT.measurementUnit, ind.unit),
    ):
        if value:
            b.add(node, prop, Literal(value, lang="zh"))
    if ind.target_number is not None:
        b.add(node, BGT.targetNumber, _decimal(ind.target_number))
    if (year := target_year(ind.target)) is not None:
        b.add(node, BGT.targetYear, Literal(str(year), datatype=XSD.gYear))
    if ind.weight is not None:
        b.add(node, BGT.weight, _decimal(ind.weight))
    b.source(node, ind.source, table if ind.source.row is not None else None)


def _conflict(b: GraphBuilder, c: CitationConflict) -> None:
    node = URIRef(f"{b.doc}/conflict/{iris.digest(c.kind, *sorted(r.key for r in c.refs))}")
    b.add(node, RDF.type, BGT.CitationConflict)
    b.add(node, DCTERMS.isPartOf, b.doc)
    b.add(node, BGT.conflictKind, Literal(c.kind))
    b.add(node, RDFS.comment, Literal(c.message, lang="en"))
    for ref in c.refs:
        b.add(node, BGT.conflictingDocument, policy_document(b, ref))
    b.source(node, c.source)
