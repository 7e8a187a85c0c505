"""Namespaces of the public vocabulary and of the vocabularies it aligns to."""

from rdflib import Namespace

BGT = Namespace("https://w3id.org/budgetkg/ontology#")
ID = Namespace("https://w3id.org/budgetkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_DIMENSION = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_ATTRIBUTE = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")

PREFIXES: dict[str, str] = {
    "bgt": str(BGT),
    "bkid": str(ID),
    "org": str(ORG),
    "qb": str(QB),
    "eli": str(ELI),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
    "obeu-measure": str(OBEU_MEASURE),
    "obeu-dimension": str(OBEU_DIMENSION),
    "obeu-attribute": str(OBEU_ATTRIBUTE),
}


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, for queries written in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
