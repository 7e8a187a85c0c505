"""Every bgt: term the graphs use is declared in budget.ttl with zh and en labels and a definition."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL, SKOS

from budgetkg.ingest.rdf.mapper import to_graph
from budgetkg.ontology.namespaces import BGT
from budgetkg.resources import ontology_graph
from budgetkg.synth import generate_document


def _bgt_terms(g: Graph) -> set:
    terms = set()
    for s, p, o in g:
        for t in (s, p, o) if p == RDF.type else (p, o):
            if str(t).startswith(str(BGT)):
                terms.add(t)
    return terms


def test_terms_used_by_the_seed_and_generated_graphs_are_declared(seed_extraction):
    onto = ontology_graph()
    used = _bgt_terms(to_graph(seed_extraction)) | _bgt_terms(to_graph(generate_document(3).truth))
    assert BGT.BudgetObservation in used and BGT.amount in used
    for term in used:
        types = set(onto.objects(term, RDF.type))
        assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, SKOS.ConceptScheme}, (
            f"{term} is not declared"
        )


def test_every_declared_term_has_labels_and_a_definition():
    onto = ontology_graph()
    declared = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(BGT))}
    assert len(declared) > 60
    for term in declared:
        langs = {label.language for label in onto.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert any(True for _ in onto.objects(term, SKOS.definition)), term


def test_alignments_to_community_vocabularies():
    onto = ontology_graph()
    assert (BGT.BudgetObservation, RDFS.subClassOf, None) in onto
    sub = {str(o) for o in onto.objects(BGT.amount, RDFS.subPropertyOf)}
    assert "http://data.openbudgets.eu/ontology/dsd/measure/amount" in sub
    for prop in ("budgetPhase", "fiscalYear", "organization", "functionalClassification"):
        supers = {str(o) for o in onto.objects(BGT[prop], RDFS.subPropertyOf)}
        assert any(s.startswith("http://data.openbudgets.eu/") for s in supers), prop
