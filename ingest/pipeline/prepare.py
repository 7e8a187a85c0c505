"""One file through the stages (read, recognise, map to triples); any failure becomes that document's error."""

from __future__ import annotations

import logging
import os
import stat
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetkg.errors import BudgetKGError, InputError
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Coverage, Extraction, ExtractionWarning, GivenMetadata, SourceDocument
from budgetkg.ingest.pipeline.sanity import check_source, degraded
from budgetkg.ingest.rdf.mapper import document_iri, to_triples
from budgetkg.ingest.readers.text import read_text

SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".mhtml"}
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"))

log = logging.getLogger(__name__)


@dataclass
class IngestResult:
    """What ingesting one file gave: counts and warnings, or the error that made it FAILED."""

    path: str
    document: str | None = None
    tables: int = 0  # recognised and read
    observations: int = 0
    units: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    coverage: Coverage | None = None  # tables found and recognised per kind, statements, projects, indicators
    metadata_sources: dict[str, str] = field(default_factory=dict)  # department/year/kind -> where, if not the title
    data_tables: int = 0  # tables that gave observations
    degraded: str | None = None  # why the document counts as poorly read (it is stored, but the batch fails)
    check: Any = None  # what ``ingest_paths(check=...)`` gave for the document, where it was prepared

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        if self.error:
            return f"FAILED {self.path}: {self.error}"
        c = self.coverage
        found = f"{c.tables} tables ({c.tables_recognised} recognised)" if c else f"{self.tables} tables"
        told = f", {c.statements} statements, {c.projects} projects, {c.indicators} indicators" if c else ""
        line = (
            f"{self.path}: {found}, {self.observations} observations{told}, {self.units} units, "
            f"{len(self.warnings)} warnings, {self.triples} triples"
            + (f"; DEGRADED: {self.degraded}" if self.degraded else "")
        )
        if self.metadata_sources:
            where = {"given": "given by the user"}
            line += "; " + ", ".join(
                f"{what} {where.get(src, 'from the ' + src)}" for what, src in self.metadata_sources.items()
            )
        return line


@dataclass
class Prepared:
    """A file's result and, unless it failed, its document IRI and triples; ``trace`` is a bug's traceback."""

    result: IngestResult
    iri: str | None = None
    triples: set[tuple] | None = None
    trace: str | None = None


def safe_path(path: str | Path) -> str:
    """The path as printable text: bytes of a file name that are not valid UTF-8 (kept by Python as lone
    surrogates) become U+FFFD, so the name can be printed and stored as a literal."""
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def special_kind(path: Path) -> str | None:
    """What a path that is not a regular file is (a FIFO, a socket, a device, a folder); None for a file.

    Reading a FIFO blocks until someone writes to it, so nothing but regular files is ever opened."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((name for test, name in _KINDS if test(mode)), "a block device or other special file")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the disclosure files (txt, md, pdf) found under folders, in name order.

    Special files under a folder (FIFOs, sockets, devices) are named in a warning and skipped; one given
    by name is kept, and fails alone with a clear message. A folder with nothing to read says so.
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += _folder_files(p)
        elif p.exists() or p.is_symlink():
            found.append(p)
        else:
            raise InputError("no such file or folder", where=safe_path(p), hint="check the path")
    return found


def _folder_files(folder: Path) -> list[Path]:
    files, others = [], []
    for f in sorted(folder.rglob("*")):
        kind = special_kind(f)
        if kind == "a folder":
            continue
        if kind:
            log.warning("%s: skipped: %s, not a regular file", safe_path(f), kind)
        elif f.suffix.lower() in SUFFIXES:
            files.append(f)
        else:
            others.append(f)
    if not files:
        kinds = sorted({f.suffix.lower() or "(no suffix)" for f in others})
        log.warning(
            "%s: nothing to read: no .txt, .md or .pdf files%s",
            safe_path(folder),
            f" ({len(others)} other file(s): {', '.join(kinds[:5])})" if others else "",
        )
    return files


def read_source(path: str | Path, ocr: bool = False) -> SourceDocument:
    """Read a PDF (by its %PDF magic) or a text file; only a regular file is opened; ``ocr``: read image-only
    PDF pages by OCR."""
    path = Path(path)
    where = safe_path(path)
    if kind := special_kind(path):
        raise InputError(f"not a regular file ({kind}); skipped", where=where, hint="pass the disclosure file itself")
    data = path.read_bytes()
    head = data[:1024].lstrip().lower()
    if path.suffix.lower() in HTML_SUFFIXES or head.startswith((b"<!doctype html", b"<html")):
        raise InputError(
            "HTML is not supported yet",
            where=where,
            hint="save the page as PDF or as text (tables as tab-separated rows) and ingest that",
        )
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        from budgetkg.ingest.readers.pdf.reader import read_pdf  # imported late: pdfplumber is slow to import

        return read_pdf(where, data, ocr=ocr)
    return read_text(where, data)


def extract_file(path: str | Path, given: GivenMetadata | None = None) -> Extraction:
    """A file read, its cells checked (the checks' warnings first) and recognised; ``given``: the department,
    year and kind the user gave."""
    doc = read_source(path, ocr=bool(given and given.ocr))
    checked = check_source(doc)
    ex = extract(doc, given)
    ex.warnings[:0] = [ExtractionWarning(w) for w in checked]
    return ex


def fail(result: IngestResult, exc: Exception, doing: str = "cannot read the file") -> str | None:
    """Make ``result`` FAILED with ``exc``'s message; for a bug (not BudgetKGError, OSError) return the traceback."""
    if isinstance(exc, BudgetKGError):
        result.error = safe_path(exc.message())
        return None
    if isinstance(exc, OSError):
        result.error = safe_path(f"{doing}: {exc}")
        return None
    result.error = safe_path(f"internal error: {type(exc).__name__}: {exc}")
    return "".join(traceback.format_exception(exc))


def prepare_file(path: str | Path, given: GivenMetadata | None = None) -> Prepared:
    """Read, recognise and map one file; never raises for a bad file or a bug, the result says what failed."""
    started = time.perf_counter()
    prepared = Prepared(IngestResult(path=safe_path(path)))
    result = prepared.result
    try:
        ex = extract_file(path, given)
        triples = to_triples(ex)
        iri = str(document_iri(ex))
        result.document, result.triples = iri, len(triples)
        result.tables = sum(1 for t in ex.tables if t.kind != "unknown")
        result.observations, result.units = len(ex.observations), len(ex.units)
        result.data_tables = len({o.table for o in ex.observations})
        result.degraded = degraded(ex)
        result.warnings = [str(w) for w in ex.warnings]
        result.coverage, result.metadata_sources = ex.coverage, ex.meta.sources()
        prepared.iri, prepared.triples = iri, triples
    except Exception as exc:  # one file's failure, even a bug, must not stop the others
        prepared.trace = fail(result, exc)
    result.seconds = time.perf_counter() - started
    return prepared
