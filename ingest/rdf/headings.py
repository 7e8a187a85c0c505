"""The document's headings as RDF (bgt:Heading): what the hygiene rules read (shapes/hygiene.shapes.ttl)."""

from __future__ import annotations

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS

from budgetkg.ingest.rdf import iris
from budgetkg.ingest.rdf.builder import GraphBuilder
from budgetkg.ontology.namespaces import BGT


def add_headings(b: GraphBuilder) -> None:
    """One node per heading, numbered in reading order, with its text, its source and the body it names."""
    for n, h in enumerate(b.ex.headings):
        node = URIRef(f"{b.doc}/heading/{n}")
        b.add(node, RDF.type, BGT.Heading)
        b.add(node, DCTERMS.title, Literal(h.text, lang="zh"))
        b.add(node, DCTERMS.isPartOf, b.doc)
        if h.names:
            b.add(node, BGT.namesOrganisation, Literal(h.names, lang="zh"))
        b.source(node, h.source, iris.table(b.doc, h.table) if h.table else None)
