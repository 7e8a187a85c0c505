"""The public Python API: ``budgetkg.open()`` gives a :class:`KnowledgeGraph` to ingest, validate, query and export.

This is the one module that calls budgetkg's internals (ingest, shapes, queries, export, store), so it is the
place to adapt when they change. ``import budgetkg`` loads neither pyshacl nor pdfplumber (each is imported by
the code that needs it) nor pandas (an optional extra, imported by :meth:`QueryResult.to_pandas`).

Query results are rows of plain Python values (see :func:`python_value`): IRIs as their string, ``xsd:decimal``
as :class:`~decimal.Decimal` (never through float), integers as ``int``, ``xsd:date`` as :class:`datetime.date`,
``xsd:gYear`` as the year's ``int``, strings (language-tagged or not) as ``str``, unbound as ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetkg.errors import BudgetKGError, InputError, QueryError, StoreError
from budgetkg.ingest.metadata import given_metadata
from budgetkg.ingest.model import GivenMetadata
from budgetkg.ingest.pipeline import SUFFIXES, IngestResult, expand_paths, ingest_paths
from budgetkg.queries.library import catalogue, get, run_local
from budgetkg.shapes import ValidationReport, check_document, validate, validate_ingested
from budgetkg.shapes.spool import GraphSpool
from budgetkg.stats import store_stats
from budgetkg.store import KnowledgeStore, check_store_folder
from budgetkg.store.terms import python_value

if TYPE_CHECKING:
    import pandas

PANDAS_HINT = "pip install 'budgetkg[pandas]'"

FOLDER_OF_FILES_HINT = "give an empty or new folder for the store; to read the files in this one, use kg.ingest(folder)"


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT result (a dict per row, keyed by ``columns``) as plain Python values."""

    columns: list[str]
    rows: list[dict[str, object]] = field(default_factory=list)
    total: int | None = None  # a paged library query: the rows in all (``rows`` is the page from ``offset``)
    offset: int = 0

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, object]]:
        return iter(self.rows)

    def column(self, name: str) -> list[object]:
        """Every row's value of one column."""
        if name not in self.columns:
            raise QueryError(f"no column '{name}'", hint=f"the columns are {', '.join(self.columns)}")
        return [r[name] for r in self.rows]

    def to_pandas(self) -> pandas.DataFrame:
        """A DataFrame with one column per variable, holding the values of :attr:`rows`: integer columns as
        nullable ``Int64``, float columns as ``float64``, string columns as pandas makes them (``str`` in
        pandas 3), and every other column (Decimal amounts, dates, mixed) as ``object``: amounts stay exact
        Decimals, never converted through float."""
        try:
            import pandas as pd  # imported here: pandas is an optional extra and slow to import
        except ImportError as exc:
            raise BudgetKGError("to_pandas() needs pandas, which is not installed", hint=PANDAS_HINT) from exc
        data = {}
        for c in self.columns:
            values = [r.get(c) for r in self.rows]
            present = [v for v in values if v is not None]
            if present and all(type(v) is int for v in present):
                data[c] = pd.array(values, dtype="Int64")
            elif present and all(type(v) is float for v in present):
                data[c] = pd.array([float("nan") if v is None else v for v in values], dtype="float64")
            else:
                data[c] = pd.array(values, dtype=object)
        return pd.DataFrame(data, columns=self.columns, index=pd.RangeIndex(len(self.rows)))


def _result(columns: list[str], solutions: Iterable[Any]) -> QueryResult:
    return QueryResult(columns, [{c: python_value(s[c]) for c in columns} for s in solutions])


class KnowledgeGraph:
    """A budgetkg knowledge graph: an embedded Oxigraph store with one named graph per document.

    Make one with :func:`open`; use it as a context manager (or call :meth:`close`) to flush an on-disk store
    and release its lock so that the CLI or another process can open the folder.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self._path = None if path is None else Path(path).expanduser()
        if self._path is not None:
            check_store_folder(self._path, other_files_hint=FOLDER_OF_FILES_HINT)
        try:
            self._store: KnowledgeStore | None = KnowledgeStore(self._path)
        except StoreError as exc:
            if "lock" not in exc.what.lower():
                raise
            raise StoreError(
                "the store is in use (locked)",
                where=str(self._path),
                hint="close the other budgetkg.open() of this folder (kg.close()) or the budgetkg process using it",
            ) from exc

    # -- the store ------------------------------------------------------------------------------------------

    @property
    def store(self) -> KnowledgeStore:
        """The underlying :class:`budgetkg.store.KnowledgeStore` (for what this API does not cover)."""
        if self._store is None:
            where = str(self._path) if self._path else "(memory)"
            raise StoreError("the knowledge graph is closed", where=where, hint="open it again with budgetkg.open()")
        return self._store

    @property
    def path(self) -> Path | None:
        """The store folder, or None for an in-memory store."""
        return self._path

    @property
    def documents(self) -> list[str]:
        """The IRIs of the documents in the store (one named graph each), sorted."""
        return self.store.graphs()

    def stats(self) -> dict[str, object]:
        """Documents, departments, units, tables, observations, statements, named graphs, quads, location."""
        return store_stats(self.store)

    def close(self) -> None:
        """Flush an on-disk store and release it; further use raises an error. Closing twice is harmless."""
        if self._store is not None:
            self._store.flush()
            self._store = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self._path) if self._path else "memory"
        if self._store is None:
            return f"<KnowledgeGraph {where} (closed)>"
        return f"<KnowledgeGraph {where}: {len(self.documents)} document(s)>"

    # -- ingest ---------------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: str | Path | Iterable[str | Path],
        workers: int = 1,
        year: int | None = None,
        department: str | None = None,
        kind: str | None = None,
        override: bool = False,
        ocr: bool = False,
    ) -> list[IngestResult]:
        """Ingest files or folders (txt, md, pdf): one named graph per document, replaced when ingested again.

        Returns one :class:`budgetkg.ingest.pipeline.IngestResult` per file (``document``, ``tables``,
        ``observations``, ``units``, ``triples``, ``warnings``, ``error``, ``ok``). A file that cannot be read
        gives a result with ``error`` set and the other files are still ingested; a path that does not exist
        raises :class:`budgetkg.errors.InputError`. ``workers`` > 1 parses in that many processes (0: one per CPU).
        ``year``, ``department`` and ``kind`` ("budget" or "final-accounts") fill what a document does not say
        (they win over its file name); with ``override=True`` they replace what it says (``bgt:FromUser``).
        ``ocr=True`` reads image-only PDF pages with Tesseract (``bgt:medium "ocr"``, each amount's
        ``bgt:ocrConfidence`` on its source). ``result.coverage`` says what each document yielded. A value that
        is not valid raises InputError.
        """
        metadata = given_metadata(year=year, department=department, kind=kind, override=override, ocr=ocr)
        return self._ingest(paths, workers, metadata)

    def ingest_and_validate(
        self,
        paths: str | Path | Iterable[str | Path],
        workers: int = 1,
        year: int | None = None,
        department: str | None = None,
        kind: str | None = None,
        override: bool = False,
        ocr: bool = False,
    ) -> tuple[list[IngestResult], ValidationReport]:
        """:meth:`ingest`, validating each document where it is read (as ``budgetkg ingest --validate``).

        Returns the results and the report on the documents written: the one :meth:`validate` gives on them,
        with only the rules that compare documents left to run on the store afterwards.
        """
        metadata = given_metadata(year=year, department=department, kind=kind, override=override, ocr=ocr)
        folder = self.store.path.parent if self.store.path is not None else None
        with GraphSpool(folder) as spool:
            results = self._ingest(paths, workers, metadata, check=check_document, keep=spool.add)
            return results, validate_ingested(self.store, results, spool=spool)

    def _ingest(
        self, paths: str | Path | Iterable[str | Path], workers: int, metadata: GivenMetadata | None, **options: Any
    ) -> list[IngestResult]:
        """Expand ``paths`` (errors for none or no disclosure files), ingest them, and flush the store."""
        given = [paths] if isinstance(paths, (str, Path)) else list(paths)
        if not given:
            raise InputError("no paths given", hint="pass a file, a folder or a list of them")
        files = expand_paths(given)
        if not files:
            raise InputError(
                f"no disclosure files ({', '.join(sorted(SUFFIXES))}) found",
                where=", ".join(map(str, given)),
                hint="check the folder",
            )
        store = self.store
        results = ingest_paths(files, store, workers=workers or None, bulk=workers != 1, given=metadata, **options)
        store.flush()
        return results

    # -- validate -------------------------------------------------------------------------------------------

    def validate(
        self,
        documents: str | Iterable[str] | None = None,
        engine: str = "fast",
        min_severity: str | None = None,
        workers: int | None = None,
    ) -> ValidationReport:
        """Validate every document (or those named: IRI, source file name or part of either) against the shapes.

        Returns a :class:`budgetkg.shapes.report.ValidationReport`: ``conforms``, ``counts()`` (findings per
        severity), ``findings`` (typed :class:`budgetkg.shapes.report.Finding`), ``by_rule(rule)``, and the rule
        ledger ``rules`` (every rule on every document: passed, failed, not-applicable or incomplete, and why).
        ``engine`` is ``"fast"`` or ``"pyshacl"`` (the reference engine, much slower); ``min_severity`` keeps
        ``"Violation"``, ``"Warning"`` or ``"Info"`` and worse.
        """
        wanted = [documents] if isinstance(documents, str) else None if documents is None else list(documents)
        try:
            return validate(self.store, wanted, engine=engine, workers=workers, min_severity=min_severity)
        except BudgetKGError as exc:
            if exc.where not in ("--document", "--min-severity"):
                raise
            name = "documents" if exc.where == "--document" else "min_severity"
            hint = exc.hint
            if name == "documents":
                count = len(self.documents)
                hint = f"use a document IRI or source file name; kg.documents lists the store's {count} document(s)"
            raise BudgetKGError(exc.what, where=f"validate({name}=...)", hint=hint) from exc

    # -- query ----------------------------------------------------------------------------------------------

    @staticmethod
    def queries() -> dict[str, str]:
        """The named query library: name -> title (``docs/queries.md`` describes each and its parameters)."""
        return {name: q.title for name, q in catalogue().items()}

    def query(self, name: str, /, **params: object) -> QueryResult:
        """Run the named library query, binding ``params`` as RDF terms (``kg.query("provenance", value="947.66")``)."""
        query = get(name)
        unknown = sorted(set(params) - {p.name for p in query.params})
        missing = [p for p in query.params if p.name not in params and p.default is None and not p.optional]
        if unknown or missing:
            problems = [f"unknown parameter(s) {', '.join(unknown)}"] if unknown else []
            problems += [f"missing parameter(s) {', '.join(p.name for p in missing)}"] if missing else []
            example = ", ".join(f"{p.name}={p.example!r}" for p in query.params)
            raise QueryError(
                "; ".join(problems),
                where=f"query '{name}'",
                hint=f"it takes {query.declared()}: kg.query({name!r}{', ' if example else ''}{example})",
            )
        table = run_local(self.store, query, {k: str(v) for k, v in params.items()})
        rows = [{c: python_value(r.get(c)) for c in table.columns} for r in table.rows]
        return QueryResult(table.columns, rows, total=table.total, offset=table.offset)

    def sparql(self, text: str) -> QueryResult | bool:
        """Run a SPARQL query over all documents (``bgt:``, ``skos:``, ``qb:``, ``prov:``, ``dct:``, ``org:``
        predeclared). SELECT gives a :class:`QueryResult`, ASK a bool, CONSTRUCT/DESCRIBE a QueryResult with
        the columns subject, predicate, object."""
        try:
            result = self.store.sparql(text)
        except QueryError as exc:
            raise QueryError(
                exc.what,
                hint="check the SPARQL syntax; sparql() runs SELECT, ASK, CONSTRUCT and DESCRIBE, not updates",
            ) from exc
        if result.kind == "ask":
            return bool(result.boolean)
        if result.kind == "construct":
            columns = ["subject", "predicate", "object"]
            return QueryResult(columns, [dict(zip(columns, map(python_value, t), strict=True)) for t in result.triples])
        return _result(result.columns, result.rows)

    # -- export ---------------------------------------------------------------------------------------------

    def export(self, format: str, path: str | Path, **options: object) -> Path:
        """Write the store as ``format`` to ``path`` and return the path; the formats of ``budgetkg export``:
        graphml, gexf, cytoscape, dot, html (the policy-network projection), ttl, trig, nq, jsonld (RDF), or
        csv, parquet, datapackage (the tables, a folder of files; parquet needs ``budgetkg[parquet]``).

        Graph options: ``document`` (one document: IRI, file name or title part), ``focus`` (a document
        number, project, unit or code) with ``radius`` (hops, default 1), ``codes`` (default True:
        classification codes as nodes), ``indicators`` (default False: performance indicators as nodes).
        Table options: ``document`` (IRI or file name, or a list of them) and ``findings`` (default True: the
        findings table, which runs the validation).
        """
        from budgetkg.export import FORMATS, TABLE_WRITERS, export, export_tables  # imported here: networkx is slow
        from budgetkg.export.projection import ProjectionOptions

        if format not in FORMATS:
            raise BudgetKGError(f"unknown export format '{format}'", hint=f"use one of {', '.join(FORMATS)}")
        output = Path(path).expanduser()
        if format in TABLE_WRITERS:
            unknown = sorted(set(options) - {"document", "findings"})
            if unknown:
                raise BudgetKGError(
                    f"unknown option(s) {', '.join(unknown)} for the {format} tables", hint="use document, findings"
                )
            chosen = options.get("document")
            documents = None if chosen is None else [chosen] if isinstance(chosen, str) else list(chosen)  # type: ignore[call-overload]
            export_tables(self.store, format, output, documents, bool(options.get("findings", True)))
            return output
        known = [f.name for f in fields(ProjectionOptions)]
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise BudgetKGError(f"unknown export option(s) {', '.join(unknown)}", hint=f"use {', '.join(known)}")
        export(self.store, format, output, ProjectionOptions(**options))  # type: ignore[arg-type]
        return output


def open(path: str | Path | None = None) -> KnowledgeGraph:
    """Open a knowledge graph: in memory (``path=None``) or in a store folder, created when it does not exist."""
    return KnowledgeGraph(path)
