"""Namespaces of the public vocabulary and of the vocabularies it aligns to."""

from rdflib import Namespace, URIRef


class TermCache(Namespace):
    """An rdflib ``Namespace`` that builds each of its terms once (``BGT.amount`` is read thousands of times a
    document, and rdflib would build and check the IRI every time)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found by ordinary lookup from now on, before __getattr__
        return term


BGT = TermCache("https://w3id.org/budgetkg/ontology#")
ID = TermCache("https://w3id.org/budgetkg/id/")
ORG = TermCache("http://www.w3.org/ns/org#")
QB = TermCache("http://purl.org/linked-data/cube#")
ELI = TermCache("http://data.europa.eu/eli/ontology#")
OBEU_MEASURE = TermCache("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_DIMENSION = TermCache("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_ATTRIBUTE = TermCache("http://data.openbudgets.eu/ontology/dsd/attribute/")

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
