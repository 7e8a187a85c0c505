"""Find one document citing what looks like the same policy document under different numbers.

Two numbered citations conflict when they carry the same title but different numbers ("same-title"), or
the same year and serial under different 机关代字 ("same-year-serial", e.g. 包人发〔2013〕44号 and
包发〔2013〕44号). Both citations are kept; the conflict is recorded for the validator to report.
"""

from __future__ import annotations

from collections import defaultdict

from budgetkg.ingest.model import Extraction
from budgetkg.ingest.normalise import normalise_title
from budgetkg.ingest.policy.model import Citation, CitationConflict, PolicyDocumentRef


def _refs(citations: list[Citation]) -> dict[str, tuple[PolicyDocumentRef, Citation]]:
    """Canonical number -> (the ref with a title when one was printed, its first citation)."""
    found: dict[str, tuple[PolicyDocumentRef, Citation]] = {}
    for c in citations:
        if c.ref.number is None:
            continue
        key = c.ref.number.canonical
        if key not in found or (found[key][0].title is None and c.ref.title):
            found[key] = (c.ref, c)
    return found


def find_conflicts(out: Extraction) -> list[CitationConflict]:
    """Record (and return) every conflict among the citations of the document's projects."""
    citations = [c for p in out.projects for c in p.citations]
    by_title: dict[str, set[str]] = defaultdict(set)
    by_serial: dict[tuple[int, int], set[str]] = defaultdict(set)
    for c in citations:
        if c.ref.number is None:
            continue
        if c.ref.title:
            by_title[normalise_title(c.ref.title)].add(c.ref.number.canonical)
        by_serial[(c.ref.number.year, c.ref.number.serial)].add(c.ref.number.canonical)
    refs = _refs(citations)
    seen: set[frozenset[str]] = {frozenset(r.key for r in c.refs) for c in out.citation_conflicts}
    found: list[CitationConflict] = []
    groups = [("same-title", f"title 《{title}》", numbers) for title, numbers in by_title.items()]
    groups += [("same-year-serial", f"year {y} and serial {s}", numbers) for (y, s), numbers in by_serial.items()]
    for kind, what, numbers in groups:
        if len(numbers) < 2 or frozenset(numbers) in seen:
            continue
        seen.add(frozenset(numbers))
        ordered = sorted(numbers)
        where = "; ".join(
            f"{n} at line {refs[n][1].source.line}"
            if refs[n][1].source.line is not None
            else f"{n} at page {refs[n][1].source.page}"
            for n in ordered
        )
        message = (
            f"the same policy document ({what}) is cited with different numbers: {where}; "
            "check which number is right in the source document"
        )
        conflict = CitationConflict(kind, tuple(refs[n][0] for n in ordered), message, refs[ordered[0]][1].source)
        found.append(conflict)
        out.warn(message, line=conflict.source.line, page=conflict.source.page)
    out.citation_conflicts.extend(found)
    return found
