"""The named query library: ``queries/*.rq`` with grlc-style ``#+`` YAML headers, parameters bound as RDF terms.

``python -m budgetkg.queries.library --markdown`` prints ``docs/queries.md``, generated from the headers.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from itertools import islice

import yaml

from budgetkg.errors import QueryError
from budgetkg.queries import paging
from budgetkg.queries.binding import PARAM_TYPES, bind_with_values, to_term
from budgetkg.resources import query_files, read_text
from budgetkg.store import KnowledgeStore
from budgetkg.store import remote as endpoint
from budgetkg.store.terms import Literal, NamedNode, Term

REQUIRED_KEYS = ("title", "description", "question")


@dataclass(frozen=True)
class Param:
    """One declared parameter: its name (the SPARQL variable), type, description and an example value."""

    name: str
    type: str
    description: str
    example: str
    default: str | None = None
    optional: bool = False  # when not given, the variable stays unbound: the query is not narrowed by it


@dataclass(frozen=True)
class NamedQuery:
    """A library query: header fields and the SPARQL text (header lines included; they are comments)."""

    name: str
    title: str
    description: str
    question: str
    text: str
    params: tuple[Param, ...] = ()
    tags: tuple[str, ...] = ()
    paged: bool = False  # takes limit and offset, and its answer gives the total (queries/paging.py)
    rows: str | None = None  # a paged query's pattern matched once per answer row (paging.by_document)

    def declared(self) -> str:
        return ", ".join(f"{p.name} ({p.type})" for p in self.params) or "none"

    def page(self, given: dict[str, str]) -> paging.Page:
        """The page of the answer the caller asked for (every row for a query that is not paged)."""
        return paging.page_of(given, self.paged, f"query '{self.name}'")

    def bindings(self, given: dict[str, str]) -> dict[str, NamedNode | Literal]:
        """Typed RDF terms for the given ``name -> text`` values; defaults fill what is not given, optional
        parameters not given stay unbound, and the paging parameters are not terms (see ``page``)."""
        names = {p.name for p in self.params}
        unknown = sorted(set(given) - names)
        if unknown:
            raise QueryError(
                f"unknown parameter(s) {', '.join(unknown)}",
                where=f"query '{self.name}'",
                hint=f"declared parameters: {self.declared()}",
            )
        missing = [p.name for p in self.params if p.name not in given and p.default is None and not p.optional]
        if missing:
            raise QueryError(
                f"missing parameter(s) {', '.join(missing)}",
                where=f"query '{self.name}'",
                hint=f"declared parameters: {self.declared()}; pass --param NAME=VALUE",
            )
        out = {}
        for p in self.params:
            if p.name in paging.NAMES and self.paged:
                continue
            if p.name not in given and p.default is None:  # an optional parameter left out
                continue
            raw = given.get(p.name, p.default)
            out[p.name] = to_term(p.name, p.type, str(raw))
        return out


@dataclass
class ResultTable:
    """Rows of a SELECT result, each a dict of variable name to a store term (None when unbound)."""

    columns: list[str]
    rows: list[dict[str, Term | None]] = field(default_factory=list)
    total: int | None = None  # a paged query: how many rows there are in all (the rows are one page of them)
    offset: int = 0


_HEADER_LINE = re.compile(r"^#\+ ?(.*)$")


def parse_header(name: str, text: str) -> dict:
    """The YAML mapping made of the ``#+`` lines at the top of a query file."""
    lines = []
    for line in text.splitlines():
        match = _HEADER_LINE.match(line)
        if not match:
            break
        lines.append(match.group(1))
    if not lines:
        raise QueryError("no '#+' header", where=f"queries/{name}.rq", hint="start the file with '#+ title: …' lines")
    try:
        header = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise QueryError(f"the '#+' header is not valid YAML: {exc}", where=f"queries/{name}.rq") from exc
    if not isinstance(header, dict):
        raise QueryError("the '#+' header is not a YAML mapping", where=f"queries/{name}.rq")
    return header


def parse_query(name: str, text: str) -> NamedQuery:
    """A NamedQuery from the text of ``queries/<name>.rq``."""
    where = f"queries/{name}.rq"
    header = parse_header(name, text)
    missing = [k for k in REQUIRED_KEYS if not header.get(k)]
    if missing:
        raise QueryError(f"header lacks {', '.join(missing)}", where=where)
    params = []
    for pname, spec in (header.get("params") or {}).items():
        spec = spec or {}
        if spec.get("type") not in PARAM_TYPES:
            raise QueryError(
                f"parameter '{pname}' has type {spec.get('type')!r}",
                where=where,
                hint=f"use one of {', '.join(PARAM_TYPES)}",
            )
        if spec.get("example") is None:
            raise QueryError(f"parameter '{pname}' has no example", where=where)
        default = spec.get("default")
        params.append(
            Param(
                str(pname),
                spec["type"],
                str(spec.get("description", "")).strip(),
                str(spec["example"]),
                None if default is None else str(default),
                bool(spec.get("optional", False)),
            )
        )
    spec = header.get("paged") or False
    paged = bool(spec)
    rows = str(spec["rows"]).strip() if isinstance(spec, dict) and spec.get("rows") else None
    if paged:
        params += [
            Param(
                paging.LIMIT,
                "integer",
                f"rows per page (0: all; {paging.PAGE_SIZE} when left out)",
                "100",
                str(paging.PAGE_SIZE),
            ),
            Param(paging.OFFSET, "integer", "rows to skip before the page (0 when left out)", "0", "0"),
        ]
    return NamedQuery(
        name=name,
        title=str(header["title"]).strip(),
        description=str(header["description"]).strip(),
        question=str(header["question"]).strip(),
        text=text,
        params=tuple(params),
        tags=tuple(str(t) for t in header.get("tags") or ()),
        paged=paged,
        rows=rows,
    )


def catalogue() -> dict[str, NamedQuery]:
    """Every library query, keyed by name."""
    return {name: parse_query(name, read_text(item)) for name, item in query_files().items()}


def get(name: str) -> NamedQuery:
    """The named query, or a QueryError listing the names there are."""
    queries = catalogue()
    if name not in queries:
        raise QueryError(
            f"no query named '{name}'", hint=f"known queries: {', '.join(queries)}; see budgetkg query --list"
        )
    return queries[name]


def run_local(store: KnowledgeStore, query: NamedQuery, params: dict[str, str]) -> ResultTable:
    """Run ``query`` on the embedded store, binding ``params`` as terms (store substitutions)."""
    bindings = query.bindings(params)
    page = query.page(params)
    named, skip, total = None, 0, None
    scoped = any(p.optional and p.name in bindings for p in query.params)
    if query.rows and page.limit is not None and not scoped:  # the page's documents only
        named, skip, total = paging.by_document(store, query.rows, page, bindings)
    try:
        result = store.select(query.text, bindings, named=named)
    except SyntaxError as exc:
        raise QueryError(f"does not parse: {exc}", where=f"queries/{query.name}.rq") from exc
    except QueryError as exc:  # the store's "not a SELECT query"
        raise QueryError("library queries must be SELECT queries", where=f"queries/{query.name}.rq") from exc
    if not query.paged:
        return ResultTable(result.columns, list(result))
    if named is not None:
        return ResultTable(result.columns, list(islice(result, skip, skip + page.limit)), total, page.offset)
    rows, total = [], 0
    for total, row in enumerate(result.raw(), start=1):  # every row counted, only the page's converted
        if page.slice(total - 1):
            rows.append(result.row(row))
    return ResultTable(result.columns, rows, total=total, offset=page.offset)


def run_remote(
    url: str, query: NamedQuery, params: dict[str, str], timeout: float | None = None, retries: int | None = None
) -> ResultTable:
    """Run ``query`` on a remote SPARQL 1.1 endpoint; ``params`` become a VALUES block of escaped RDF terms."""
    bindings = query.bindings(params)
    page = query.page(params)
    options = {
        "timeout": endpoint.DEFAULT_TIMEOUT if timeout is None else timeout,
        "retries": endpoint.DEFAULT_RETRIES if retries is None else retries,
    }
    columns, rows = endpoint.select(url, bind_with_values(paging.with_page(query.text, page), bindings), **options)
    if not query.paged:
        return ResultTable(columns, rows)
    _, counted = endpoint.select(url, bind_with_values(paging.count_query(query.text), bindings), **options)
    total = int(counted[0]["total"].value) if counted and counted[0].get("total") is not None else 0
    return ResultTable(columns, rows, total=total, offset=page.offset)


def markdown(queries: dict[str, NamedQuery] | None = None) -> str:
    """The reference page ``docs/queries.md``, generated from the query headers."""
    queries = catalogue() if queries is None else queries
    out = [
        "# Query library",
        "",
        "<!-- Generated from the '#+' headers of queries/*.rq by `python -m budgetkg.queries.library --markdown`;",
        "     do not edit by hand (tests/queries/test_docs.py fails when this file drifts). -->",
        "",
        "Run one with `budgetkg query NAME --param NAME=VALUE … [--format table|csv|json|md]` on the embedded",
        "store, or add `--endpoint URL` to run it unchanged on any SPARQL 1.1 endpoint "
        "(the default graph must be the union of the document graphs).",
        "",
        "Scoping: the pivot queries take optional `department` (its name as printed), `year` and `kind` (预算 or 决算,",
        "also `budget` or `final-accounts`) parameters; one left out does not narrow the answer, one given is an index",
        "lookup. Paging: a query marked *paged* answers one page of rows, `limit` rows (1000 unless given; `limit=0`",
        "for every row) after `offset` rows, and says how many there are in all (`budgetkg query` on standard error:",
        "`rows 1–1000 of 37116: --param offset=1000 for the next page`; `kg.query(...).total` in Python).",
        "",
        "The pivot queries read rows materialised at ingest (`bgt:Aggregate`, derived from the document's own cells",
        "and written into its graph, so they follow a re-ingest or a removal): department totals, functional",
        "roll-ups, 基本支出 vs 项目支出 and 三公 by unit; and one per project (its counts of indicators, numeric",
        "targets and legal bases, counted from the project as ingested) for the project listings.",
        "",
        "| query | title | parameters |",
        "|---|---|---|",
    ]
    for q in queries.values():
        params = ", ".join(f"`{p.name}`" for p in q.params) or "—"
        out.append(f"| [`{q.name}`](#{q.name}) | {q.title} | {params} |")
    for q in queries.values():
        out += ["", f"## {q.name}", "", f"**{q.title}**", "", q.description, "", f"*Question:* {q.question}", ""]
        if q.tags:
            out += [f"*Tags:* {', '.join(q.tags)}", ""]
        if q.paged:
            out += ["*Paged:* `limit` rows after `offset`, with the total.", ""]
        if q.params:
            out += ["| parameter | type | description | example |", "|---|---|---|---|"]
            out += [
                f"| `{p.name}` | {p.type}{' (optional)' if p.optional or p.default is not None else ''} | "
                f"{p.description} | `{p.example}` |"
                for p in q.params
            ]
            out.append("")
        example = " ".join(f"--param {p.name}='{p.example}'" for p in q.params if not p.optional and p.default is None)
        out += ["```sh", f"budgetkg query {q.name} {example}".rstrip(), "```"]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["--markdown"]:
        sys.stderr.write("usage: python -m budgetkg.queries.library --markdown\n")
        return 2
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
