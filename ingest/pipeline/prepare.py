"""One file through the stages (read, recognise, map to triples); any failure becomes that document's error."""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.errors import BudgetKGError, InputError
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Coverage, Extraction, GivenMetadata, SourceDocument
from budgetkg.ingest.rdf.mapper import document_iri, to_triples
from budgetkg.ingest.readers.text import read_text

SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".text"}


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


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the disclosure files (txt, md, pdf) found under folders, in name order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.exists():
            found.append(p)
        else:
            raise InputError("no such file or folder", where=str(p), hint="check the path")
    return found


def read_source(path: str | Path, ocr: bool = False) -> SourceDocument:
    """Read a PDF (by its %PDF magic) or a text file; ``ocr``: read image-only PDF pages by OCR."""
    path = Path(path)
    data = path.read_bytes()
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        from budgetkg.ingest.readers.pdf.reader import read_pdf  # imported late: pdfplumber is slow to import

        return read_pdf(path, data, ocr=ocr)
    return read_text(path, data)


def extract_file(path: str | Path, given: GivenMetadata | None = None) -> Extraction:
    """Read and recognise one file; ``given``: the department, year and kind the user gave."""
    return extract(read_source(path, ocr=bool(given and given.ocr)), given)


def fail(result: IngestResult, exc: Exception, doing: str = "cannot read the file") -> str | None:
    """Make ``result`` FAILED with ``exc``'s message; for a bug (not BudgetKGError, OSError) return the traceback."""
    if isinstance(exc, BudgetKGError):
        result.error = exc.message()
        return None
    if isinstance(exc, OSError):
        result.error = f"{doing}: {exc}"
        return None
    result.error = f"internal error: {type(exc).__name__}: {exc}"
    return "".join(traceback.format_exception(exc))


def prepare_file(path: str | Path, given: GivenMetadata | None = None) -> Prepared:
    """Read, recognise and map one file; never raises for a bad file or a bug, the result says what failed."""
    started = time.perf_counter()
    prepared = Prepared(IngestResult(path=str(path)))
    result = prepared.result
    try:
        ex = extract_file(path, given)
        triples = to_triples(ex)
        iri = str(document_iri(ex))
        result.document, result.triples = iri, len(triples)
        result.tables = sum(1 for t in ex.tables if t.kind != "unknown")
        result.observations, result.units = len(ex.observations), len(ex.units)
        result.warnings = [str(w) for w in ex.warnings]
        result.coverage, result.metadata_sources = ex.coverage, ex.meta.sources()
        prepared.iri, prepared.triples = iri, triples
    except Exception as exc:  # one file's failure, even a bug, must not stop the others
        prepared.trace = fail(result, exc)
    result.seconds = time.perf_counter() - started
    return prepared
