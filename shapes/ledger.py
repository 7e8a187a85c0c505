"""The rule ledger: every rule on every document with its outcome, so a rule that could not run says so.

A shape declares what it reads: its targets (``sh:targetClass``, ``sh:targetObjectsOf``), the table kinds it
needs (``bgts:readsTableKind``: every one; ``bgts:readsAnyTableKind``: at least one) and, for what neither
can say, an ASK query (``bgts:applicableWhen``) answered by the document's graph. A rule is
*not-applicable* on a document that lacks them, *incomplete* when a table it reads is named by an extraction
warning, else *failed* or *passed* by its findings. The facts are read by one SELECT (and the ASKs) on each
document's graph: the fast path asks the in-memory copy, the reference engine the rdflib graph it validates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from budgetkg.shapes.catalog import ShapeInfo, ShapesCatalog
from budgetkg.shapes.report import Finding, Outcome, RuleOutcome

BGT = "https://w3id.org/budgetkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
WARNED_TABLE = re.compile(r"\(table ([^,)\s]+)[,)]")  # ExtractionWarning's "(table 5, line 12)"

# the verdict of applicability alone: None means "applicable, judge by findings"
Applicability = dict[str, tuple[Outcome | None, str]]


def facts_query(catalog: ShapesCatalog) -> str:
    """One SELECT for what the rules read: tables (kind, number, emptiness), warnings, classes, target predicates."""
    predicates = sorted({str(p) for s in catalog.shapes.values() for p in s.target_objects_of})
    values = " ".join(f"<{p}>" for p in predicates)
    by_predicate = (
        f"UNION {{ SELECT DISTINCT ?predicate WHERE {{ VALUES ?predicate {{ {values} }} ?s ?predicate ?o }} }}"
        if predicates
        else ""
    )
    return f"""PREFIX bgt: <{BGT}>
SELECT ?kind ?number ?empty ?label ?warning ?class ?predicate WHERE {{
  {{ ?t a bgt:Table ; bgt:tableKind ?kind ; bgt:tableNumber ?number .
     OPTIONAL {{ ?t bgt:isEmpty ?empty }} OPTIONAL {{ ?t <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}
  UNION {{ ?d bgt:extractionWarning ?warning }}
  UNION {{ SELECT DISTINCT ?class WHERE {{ ?x a ?class }} }}
  {by_predicate}
}}"""


@dataclass
class DocumentFacts:
    """What one document's graph holds that decides which rules apply to it."""

    tables: dict[str, tuple[str, bool, str]] = field(default_factory=dict)  # number -> (kind, empty, title)
    warnings: dict[str, list[str]] = field(default_factory=dict)  # table number -> warnings naming it
    present: set[str] = field(default_factory=set)  # classes with instances, target predicates in use
    answers: dict[str, bool] = field(default_factory=dict)  # rule -> its applicableWhen ASK answer

    def add(self, row: dict[str, str | None]) -> None:
        """One row of :func:`facts_query`, every value as text (None when unbound)."""
        if row.get("kind") and row.get("number"):
            number = str(row["number"])
            self.tables[number] = (str(row["kind"]), row.get("empty") in ("true", "1"), row.get("label") or "")
        if row.get("warning"):
            text = str(row["warning"])
            for number in WARNED_TABLE.findall(text):
                self.warnings.setdefault(number, []).append(text)
        for name in ("class", "predicate"):
            if row.get(name):
                self.present.add(str(row[name]))


def gather(
    catalog: ShapesCatalog, select: Callable[[str], Iterable[dict[str, str | None]]], ask: Callable[[str], bool]
) -> DocumentFacts:
    """The facts of one document graph, through the engine's own ``select`` and ``ask``."""
    facts = DocumentFacts()
    for row in select(facts_query(catalog)):
        facts.add(row)
    for shape in catalog.shapes.values():
        if shape.applicable_when:
            facts.answers[shape.name] = ask(shape.applicable_when)
    return facts


def idle(shape: ShapeInfo, facts: DocumentFacts) -> bool:
    """Whether ``shape`` has nothing to check in the document: none of its targets is present, or its
    ``bgts:applicableWhen`` is false. Its queries cannot then give a row, so they need not run; a rule is not
    skipped for a missing table kind (it may still report something), only found not applicable."""
    return _no_target(shape, facts) or _nothing_to_read(shape, facts)


def _targets(shape: ShapeInfo) -> set[str]:
    return {str(c) for c in shape.target_classes + shape.target_objects_of}


def _no_target(shape: ShapeInfo, facts: DocumentFacts) -> bool:
    targets = _targets(shape)
    return bool(targets) and not targets & facts.present


def _nothing_to_read(shape: ShapeInfo, facts: DocumentFacts) -> bool:
    return bool(shape.applicable_when) and not facts.answers.get(shape.name, True)


def _table_names(facts: DocumentFacts, numbers: Iterable[str]) -> str:
    return ", ".join(f"表{n} {facts.tables[n][2]}".rstrip() for n in sorted(numbers, key=_number_order))


def _number_order(n: str) -> tuple[int, str]:
    return (int(n), "") if n.isdigit() else (10**6, n)


def judge(shape: ShapeInfo, facts: DocumentFacts) -> tuple[Outcome | None, str]:
    """Applicability of ``shape`` on a document: NOT_APPLICABLE or INCOMPLETE with a reason, else None."""
    if _no_target(shape, facts):
        names = ", ".join(sorted(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in _targets(shape)))
        return Outcome.NOT_APPLICABLE, f"the document has no {names} for this rule to check"
    if _nothing_to_read(shape, facts):
        return Outcome.NOT_APPLICABLE, shape.applicability_note or "the document holds nothing this rule reads"
    by_kind: dict[str, list[str]] = defaultdict(list)
    for number, (kind, _empty, _title) in facts.tables.items():
        by_kind[kind].append(number)
    missing = [k for k in shape.reads_all if not by_kind.get(k)]
    if shape.reads_any and not any(by_kind.get(k) for k in shape.reads_any):
        missing.append(" or ".join(shape.reads_any))
    if missing:
        return Outcome.NOT_APPLICABLE, f"no table of kind {', '.join(missing)} in the document"
    read = [n for k in shape.reads_all + shape.reads_any for n in by_kind.get(k, [])]
    if read and all(facts.tables[n][1] for n in read):
        return Outcome.NOT_APPLICABLE, f"the tables it reads are printed empty: {_table_names(facts, read)}"
    flagged = [n for n in read if n in facts.warnings]
    if flagged:
        count = sum(len(facts.warnings[n]) for n in flagged)
        first = sorted(facts.warnings[flagged[0]])[0]
        names = _table_names(facts, flagged)
        return Outcome.INCOMPLETE, f"extraction flagged {names} ({count} warning(s), e.g. {first})"
    return None, _table_names(facts, read)


def applicability(catalog: ShapesCatalog, facts: DocumentFacts) -> Applicability:
    """The verdict of :func:`judge` for every shape."""
    return {shape.name: judge(shape, facts) for shape in catalog.shapes.values()}


def _found(findings: list[Finding]) -> str:
    c = Counter(f.severity for f in findings)
    return f"{len(findings)} finding(s): " + ", ".join(f"{n} {s}" for s, n in sorted(c.items()))


def build(catalog: ShapesCatalog, verdicts: dict[str, Applicability], findings: list[Finding]) -> list[RuleOutcome]:
    """The ledger: every rule on every document of ``verdicts``, by document and rule."""
    found: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        found[(f.document or "", f.rule)].append(f)
    ledger = []
    for document in sorted(verdicts):
        for shape in sorted(catalog.shapes.values(), key=lambda s: s.name):
            verdict, reason = verdicts[document].get(shape.name, (None, ""))
            mine = found.get((document, shape.name), [])
            if verdict is Outcome.INCOMPLETE:
                outcome, why = verdict, reason + (f"; {_found(mine)}" if mine else "")
            elif mine:
                outcome, why = Outcome.FAILED, _found(mine)
            elif verdict is Outcome.NOT_APPLICABLE:
                outcome, why = verdict, reason
            else:
                outcome, why = Outcome.PASSED, "no finding" + (f"; read {reason}" if reason else "")
            ledger.append(RuleOutcome(shape.name, document, outcome, why))
    return ledger
