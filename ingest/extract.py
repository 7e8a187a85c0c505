"""Turn a SourceDocument (from any reader) into an Extraction of typed facts.

Each table's kind is recognised, then the extractor registered for it (``tables.registry``) reads it. A
table whose printed content cannot be read (:class:`TableReadError`) becomes a warning naming the table and
its line or page; any other exception is a bug and propagates.
"""

from __future__ import annotations

import re
from dataclasses import replace

from budgetkg.errors import InputError
from budgetkg.ingest.coverage import ListedEntry, Yield, check_table_yield, finish
from budgetkg.ingest.enums import DocumentKind, TableKind
from budgetkg.ingest.metadata import read_metadata
from budgetkg.ingest.model import (
    Context,
    Extraction,
    GivenMetadata,
    SourceDocument,
    SourceRef,
    SourceTable,
    TableInfo,
    TableReadError,
)
from budgetkg.ingest.narrative.figures import extract_narrative
from budgetkg.ingest.narrative.headings import headings
from budgetkg.ingest.normalise import normalise_label, parse_amount, squash
from budgetkg.ingest.policy.sections import extract_project_sections
from budgetkg.ingest.tables.headers import split_header
from budgetkg.ingest.tables.recognise import KIND_LABELS, recognise
from budgetkg.ingest.tables.registry import extractor_for
from budgetkg.ingest.tables.units import resolve_units

_CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_LISTED = re.compile(r"^([一二三四五六七八九十]+)、(.+表)$")

# Tables are processed in this order so that names read from coded tables can label summary items.
_ORDER = [
    TableKind.EXPENDITURE,
    TableKind.GPB_FUNCTION,
    TableKind.FISCAL_EXPENDITURE,
    TableKind.BASIC_ECONOMIC,
    TableKind.OFFICE_RUNNING,
    TableKind.GOV_FUND,
    TableKind.STATE_CAPITAL,
    TableKind.UNITS,
    TableKind.SUMMARY,
    TableKind.FISCAL_SUMMARY,
    TableKind.INCOME,
    TableKind.THREE_PUBLIC,
]


def chinese_number(text: str) -> int | None:
    """一 .. 九十九 as an int."""
    if not text or any(c not in _CN_NUMERALS for c in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_NUMERALS[tens] if tens else 1) * 10 + (_CN_NUMERALS[ones] if ones else 0)
    return _CN_NUMERALS[text] if len(text) == 1 else None


def listed_entries(doc: SourceDocument) -> list[ListedEntry]:
    """Tables named in the table of contents (before the first table), each title once, with its line."""
    entries: dict[str, ListedEntry] = {}
    first_table_line = min((t.line or 0 for t in doc.tables), default=0)
    for line in doc.lines:
        if first_table_line and (line.line or 0) > first_table_line:
            break
        m = _LISTED.match(squash(line.text.lstrip("-# ")))
        if m and (n := chinese_number(m.group(1))) and not m.group(2).endswith("报表"):  # 部门决算报表: the part
            title = normalise_label(m.group(2))  # holding the tables, not one of them
            entries.setdefault(title, ListedEntry(title, str(n), line))
    return list(entries.values())


def listed_tables(doc: SourceDocument) -> dict[str, str]:
    """Tables named in the table of contents: normalised title -> number."""
    return {e.title: e.number for e in listed_entries(doc)}


def _number_for(table: SourceTable, listed: dict[str, str], used: set[str]) -> str:
    if table.number and table.number not in used:
        return table.number
    title = normalise_label(table.title)
    if title in listed and listed[title] not in used:
        return listed[title]
    k = 1
    while f"x{k}" in used:
        k += 1
    return f"x{k}"


def _is_empty(table: SourceTable) -> bool:
    _, data = split_header(table)
    amounts = [parse_amount(c) for r in data for c in r.cells]
    return all(a in (None, 0) for a in amounts)


def extract(doc: SourceDocument, given: GivenMetadata | None = None) -> Extraction:
    """Every table, the narrative, the projects and the metadata of ``doc`` (``given``: what the user says
    about its department, year and kind), and its coverage with a warning for each section that gave nothing."""
    notes: list[str] = []
    meta = read_metadata(doc, given, notes)
    out = Extraction(meta=meta, sha256=doc.sha256, source_path=doc.path, medium=doc.medium)
    out.confidence = doc.confidence
    for note in notes:
        out.warn(note)
    entries = listed_entries(doc)
    listed = {e.title: e.number for e in entries}
    out.listed_tables = [title for title, _ in sorted(listed.items(), key=lambda kv: int(kv[1]))]
    out.listed_numbers = dict(listed)
    default_phase = "决算数" if meta.kind == DocumentKind.FINAL_ACCOUNTS else "预算数"
    used: set[str] = set()
    plan: list[tuple[SourceTable, TableKind, str]] = []
    for table in doc.tables:
        kind = recognise(table)
        number = _number_for(table, listed, used)
        used.add(number)
        plan.append((table, kind, number))
    rank = {k: i for i, k in enumerate(_ORDER)}
    recognised = 0
    for table, kind, number in sorted(plan, key=lambda p: rank.get(p[1], len(_ORDER))):
        ctx = Context(
            table_number=number,
            unit=table.unit or meta.reporting_unit,
            phase=default_phase,
            fiscal_year=meta.fiscal_year,
        )
        info = TableInfo(
            number=number,
            title=table.title or KIND_LABELS[kind],
            kind=kind,
            unit=ctx.unit,
            empty=_is_empty(table),
            note=" ".join(table.notes) or None,
            source=SourceRef(line=table.line, page=table.page),
        )
        before = Yield.of(out)
        if _read_table(table, info, ctx, out):
            recognised += 1
        else:
            info = replace(info, read=False)
        out.tables.append(info)
        check_table_yield(info, before, Yield.of(out), out)
    out.tables.sort(key=lambda t: (t.source.line or 0, t.source.page or 0))
    if recognised == 0:
        raise InputError(
            "no recognisable budget table was found",
            where=doc.path,
            hint="budgetkg reads 收支总表, 支出总表, 基本支出表, 三公经费表 and similar tables",
        )
    resolve_units(out)
    extract_project_sections(doc.lines, out)
    extract_narrative(doc.lines, out)
    out.headings = headings(doc.lines, [(table, number) for table, _kind, number in plan])
    finish(doc.lines, entries, out)
    return out


def _read_table(table: SourceTable, info: TableInfo, ctx: Context, out: Extraction) -> bool:
    """Run the table's extractor; False (with a warning) when it has none or its content cannot be read."""
    extractor = extractor_for(info.kind)
    if extractor is None:
        out.warn(
            f"table '{table.title or '(untitled)'}' not recognised (header: "
            f"{' | '.join(c for c in (table.rows[0].cells if table.rows else []) if c)[:80]})",
            line=table.line,
            page=table.page,
            table=info.number,
        )
        return False
    try:
        extractor(table, info, ctx, out)
    except TableReadError as exc:  # the printed table is malformed: reported, never fatal
        out.warn(f"table '{table.title}' could not be read: {exc}", line=table.line, page=table.page, table=info.number)
        return False
    return True
