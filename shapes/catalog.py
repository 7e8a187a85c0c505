"""The shapes graph and what the engines need from it: each shape's rule, severity, messages and queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from budgetkg import resources
from budgetkg.shapes.kinds import Severity

SH = Namespace("http://www.w3.org/ns/shacl#")
BGTS = Namespace("https://w3id.org/budgetkg/shapes#")
BGTS_ONTOLOGY = URIRef("https://w3id.org/budgetkg/shapes")  # declares the prefixes of every query
SEVERITY_NAMES = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}
SEVERITY_RANK = {s: s.rank for s in Severity}  # keyed by Severity; plain "Warning" finds its entry too
CORE_PARAMETERS = {
    SH.property,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH.pattern,
    SH["in"],
    SH["class"],
    SH.nodeKind,
    SH.hasValue,
    SH.minInclusive,
    SH.maxInclusive,
    SH["or"],
    SH["not"],
}


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a shape: its SELECT and the PREFIX lines it declares."""

    node: URIRef
    select: str
    prefixes: str


@dataclass(frozen=True)
class ShapeInfo:
    """A shape as the engines and the reports see it."""

    iri: URIRef
    concern: str  # the file it comes from, e.g. "arithmetic"
    severity: Severity
    label_zh: str
    label_en: str
    message_zh: str
    message_en: str
    target_classes: tuple[URIRef, ...]
    sparql: tuple[SparqlConstraint, ...] = ()
    core: bool = False  # has core (non-SPARQL) constraints
    store_wide: bool = False
    target_objects_of: tuple[URIRef, ...] = ()
    # what the rule reads (its applicability, see budgetkg.shapes.ledger): every table kind of reads_all, one
    # of reads_any, and the document answering its applicableWhen ASK
    reads_all: tuple[str, ...] = ()
    reads_any: tuple[str, ...] = ()
    applicable_when: str | None = None  # an ASK query with the shapes' PREFIX lines
    applicability_note: str = ""  # why the rule does not apply when the ASK answers false
    # a cross-document rule's other disclosure: an ASK on the whole store with ``$document`` for the document
    # (see budgetkg.shapes.companions); when it answers false the rule is not applicable, for companion_note
    companion_when: str | None = None
    companion_note: str = ""
    # a store-wide rule that only compares documents sharing the value of this document property (bgt:publisher)
    # runs once per group of such documents (see budgetkg.shapes.fastpath)
    compares_within: URIRef | None = None

    @property
    def name(self) -> str:
        """The rule's name: the local part of the shape IRI (``ParentEqualsSumOfChildren-Rounding``)."""
        return str(self.iri).rsplit("#", 1)[-1]


@dataclass
class ShapesCatalog:
    graph: Graph
    shapes: dict[URIRef, ShapeInfo] = field(default_factory=dict)

    def by_name(self, name: str) -> ShapeInfo:
        for s in self.shapes.values():
            if s.name == name:
                return s
        raise KeyError(name)


def _text(g: Graph, node, prop, lang: str | None = None) -> str:
    for o in g.objects(node, prop):
        if isinstance(o, Literal) and (lang is None or o.language == lang):
            return str(o)
    return ""


def _prefix_lines(g: Graph, constraint, ontologies=None) -> str:
    lines = []
    for onto in ontologies or g.objects(constraint, SH.prefixes):
        for decl in g.objects(onto, SH.declare):
            lines.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def documented(g: Graph, shape: URIRef, prop: URIRef) -> URIRef:
    """The node that carries ``prop`` for ``shape``: the shape itself, else the SPARQL constraint it shares with
    its twin (a ``-Rounding``/``-Mismatch`` pair is annotated once, on their shared query)."""
    if (shape, prop, None) in g:
        return shape
    for c in sorted(g.objects(shape, SH.sparql)):
        if (c, prop, None) in g:
            return c
    return shape


def _annotations(g: Graph, shape: URIRef, prop: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(k) for k in g.objects(documented(g, shape, prop), prop)))


def _applicability(g: Graph, shape: URIRef, prop: URIRef = BGTS.applicableWhen) -> str | None:
    ask = g.value(shape, prop)
    if ask is None:
        return None
    return _prefix_lines(g, None, [BGTS_ONTOLOGY]) + str(ask)


@lru_cache(maxsize=1)
def load_catalog() -> ShapesCatalog:
    """Every ``shapes/*.shapes.ttl`` merged into one shapes graph, with one :class:`ShapeInfo` per shape."""
    merged = Graph()
    concern_of: dict[URIRef, str] = {}
    for item in resources.shape_files():
        g = Graph().parse(data=resources.read_text(item), format="turtle", publicID=str(BGTS))
        concern = item.name[: -len(".shapes.ttl")]
        for s in g.subjects(RDF.type, SH.NodeShape):
            concern_of[s] = concern
        merged += g
    catalog = ShapesCatalog(graph=merged)
    for s, concern in sorted(concern_of.items()):
        sparql = tuple(
            SparqlConstraint(node=c, select=str(merged.value(c, SH.select)), prefixes=_prefix_lines(merged, c))
            for c in sorted(merged.objects(s, SH.sparql))
        )
        core = any((s, p, None) in merged for p in CORE_PARAMETERS)
        catalog.shapes[s] = ShapeInfo(
            iri=s,
            concern=concern,
            severity=SEVERITY_NAMES.get(merged.value(s, SH.severity), Severity.VIOLATION),
            label_zh=_text(merged, s, RDFS.label, "zh"),
            label_en=_text(merged, s, RDFS.label, "en"),
            message_zh=_text(merged, s, SH.message, "zh"),
            message_en=_text(merged, s, SH.message, "en"),
            target_classes=tuple(sorted(merged.objects(s, SH.targetClass))),
            sparql=sparql,
            core=core,
            store_wide=bool(merged.value(s, BGTS.storeWide)),
            target_objects_of=tuple(sorted(merged.objects(s, SH.targetObjectsOf))),
            reads_all=_annotations(merged, s, BGTS.readsTableKind),
            reads_any=_annotations(merged, s, BGTS.readsAnyTableKind),
            applicable_when=_applicability(merged, documented(merged, s, BGTS.applicableWhen)),
            applicability_note=_text(
                merged, documented(merged, s, BGTS.applicabilityNote), BGTS.applicabilityNote, "en"
            ),
            companion_when=_applicability(merged, documented(merged, s, BGTS.companionWhen), BGTS.companionWhen),
            companion_note=_text(merged, documented(merged, s, BGTS.companionNote), BGTS.companionNote, "en"),
            compares_within=merged.value(documented(merged, s, BGTS.comparesWithin), BGTS.comparesWithin),
        )
    return catalog


def shapes_graph() -> Graph:
    """The merged shapes graph (for pyshacl)."""
    return load_catalog().graph
