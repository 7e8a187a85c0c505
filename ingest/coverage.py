"""What a document yielded (its :class:`Coverage`) and a warning for every section that exists but gave nothing.

Silence is not success: a recognised table with no amount, a 绩效目标表 with no project or indicator, a
table the table of contents lists but the document does not print, or an explaining part (情况说明 /
编制说明) with no statement each become a warning naming the section and its line or page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetkg.ingest.enums import TableKind
from budgetkg.ingest.model import Coverage, Extraction, SourceLine, TableInfo
from budgetkg.ingest.narrative.sections import part_headings
from budgetkg.ingest.normalise import normalise_label, squash
from budgetkg.ingest.tables.recognise import kind_from_title

# kinds whose extractor reads amounts: recognised and not empty, they must give at least one observation
AMOUNT_KINDS = frozenset(
    {
        TableKind.EXPENDITURE,
        TableKind.GPB_FUNCTION,
        TableKind.FISCAL_EXPENDITURE,
        TableKind.BASIC_ECONOMIC,
        TableKind.OFFICE_RUNNING,
        TableKind.GOV_FUND,
        TableKind.STATE_CAPITAL,
        TableKind.SUMMARY,
        TableKind.FISCAL_SUMMARY,
        TableKind.INCOME,
        TableKind.THREE_PUBLIC,
    }
)
_QUOTES = re.compile(r"[“”\"'‘’「」]")
_QUALIFIER = re.compile(r"[（(][^（）()]*[)）]$")  # 财政拨款支出预算表（功能科目）
_OWNER = re.compile(r"^.*?20\d{2}\s*(?:年度|年|度)")  # 包头市人社局2025年度 before the table's own title


@dataclass(frozen=True)
class Yield:
    """What the extraction holds at one moment, to tell what one table added."""

    observations: int
    units: int
    projects: int
    indicators: int

    @classmethod
    def of(cls, ex: Extraction) -> Yield:
        return cls(len(ex.observations), len(ex.units), len(ex.projects), sum(len(p.indicators) for p in ex.projects))


@dataclass(frozen=True)
class ListedEntry:
    """A table named in the table of contents (一、收支总表), with its number and where it is printed."""

    title: str  # normalised
    number: str
    line: SourceLine


def check_table_yield(info: TableInfo, before: Yield, after: Yield, ex: Extraction) -> None:
    """Warn when a table that was recognised and read added nothing of what its kind holds."""
    if not info.read:
        return
    what = None
    if info.kind in AMOUNT_KINDS and after.observations == before.observations and not info.empty:
        what = "gave no amount: its rows or columns were not understood"
    elif info.kind == TableKind.UNITS and after.units == before.units:
        what = "gave no budget unit"
    elif info.kind == TableKind.PERFORMANCE and after.projects == before.projects:
        what = "gave no project"
    elif info.kind == TableKind.PERFORMANCE and after.indicators == before.indicators:
        what = "gave no performance indicator"
    if what:
        ex.warn(f"table '{info.title}' ({info.kind}) {what}", info.source.line, info.source.page, info.number)


def _comparable(title: str) -> str:
    """A table title without what varies between the contents and the table: the owner and year printed before
    it, quotes, a trailing （功能科目） qualifier."""
    return _QUALIFIER.sub("", _QUOTES.sub("", _OWNER.sub("", normalise_label(title)))).removeprefix("部门")


def _number(table_number: str) -> str | None:
    """表5 / 公开05表 → "5"; None for a number budgetkg made up (x1)."""
    digits = re.sub(r"\D", "", table_number)
    return str(int(digits)) if digits and not table_number.startswith("x") else None


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return len(short) >= 4 and all(c in chars for c in short)


def listed_not_found(entries: list[ListedEntry], ex: Extraction) -> list[ListedEntry]:
    """The listed tables that no table of the document matches. Each table answers one entry, the surest
    first: the same title (without owner, year, quotes or qualifier); then, for a table of the kind the listed
    title names, the number the contents give it, or a title that is the other with words left out
    (政府性基金[预算]财政拨款支出预算表)."""
    tables = {i: (_comparable(t.title), _number(t.number), t.kind) for i, t in enumerate(ex.tables)}
    pending = {i: (_comparable(e.title), e.number, kind_from_title(e.title)) for i, e in enumerate(entries)}
    tests = (
        lambda e, t: e[0] == t[0],
        lambda e, t: e[2] == t[2] != TableKind.UNKNOWN and e[1] == t[1],
        lambda e, t: e[2] == t[2] != TableKind.UNKNOWN and (_subsequence(e[0], t[0]) or _subsequence(t[0], e[0])),
    )
    for test in tests:
        for i, entry in list(pending.items()):
            match = next((k for k, table in tables.items() if test(entry, table)), None)
            if match is not None:
                del tables[match], pending[i]
    return [entries[i] for i in sorted(pending)]


def check_narrative(lines: list[SourceLine], ex: Extraction) -> None:
    """Warn when the document has an explaining part but no statement was read from it."""
    headings = part_headings(lines)
    if headings and not ex.narrative:
        h = headings[-1]  # the part itself rather than its entry in the table of contents
        text = squash(h.text.replace("*", "").lstrip("#-* "))
        ex.warn(f"the explaining part '{text}' gave no statement: no amount in it could be read", h.line, h.page)


def finish(lines: list[SourceLine], entries: list[ListedEntry], ex: Extraction) -> Coverage:
    """Add the document-level silence warnings, then record and return the coverage."""
    missing = listed_not_found(entries, ex)
    for e in missing:
        ex.warn(f"table '{e.title}' is listed in the table of contents but was not found", e.line.line, e.line.page)
    check_narrative(lines, ex)
    ex.coverage = Coverage.of(ex, tuple(e.title for e in missing))
    return ex.coverage
