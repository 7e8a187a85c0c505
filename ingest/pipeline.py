"""Read files, recognise their tables, build their graphs and write them to the store."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from budgetkg.errors import BudgetKGError, InputError
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction, SourceDocument
from budgetkg.ingest.rdf.mapper import document_iri, to_triples
from budgetkg.ingest.readers.text import read_text

SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".text"}


@dataclass
class IngestResult:
    path: str
    document: str | None = None
    tables: int = 0
    observations: int = 0
    units: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        if self.error:
            return f"FAILED {self.path}: {self.error}"
        return (
            f"{self.path}: {self.tables} tables, {self.observations} observations, {self.units} units, "
            f"{len(self.warnings)} warnings, {self.triples} triples"
        )


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


def read_source(path: str | Path) -> SourceDocument:
    """Read a PDF (by its %PDF magic) or a text file."""
    path = Path(path)
    data = path.read_bytes()
    if data[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        from budgetkg.ingest.readers.pdf.reader import read_pdf  # imported late: pdfplumber is slow to import

        return read_pdf(path, data)
    return read_text(path, data)


def extract_file(path: str | Path) -> Extraction:
    return extract(read_source(path))


def ingest_file(path: str | Path, store) -> IngestResult:
    """Ingest one file into ``store``; errors are caught and reported in the result."""
    started = time.perf_counter()
    result = IngestResult(path=str(path))
    try:
        ex = extract_file(path)
        graph = to_triples(ex)
        iri = document_iri(ex)
        result.triples = store.replace_graph(iri, graph)
        result.document = str(iri)
        result.tables = sum(1 for t in ex.tables if t.kind != "unknown")
        result.observations = len(ex.observations)
        result.units = len(ex.units)
        result.warnings = [str(w) for w in ex.warnings]
    except BudgetKGError as exc:
        result.error = exc.message()
    except OSError as exc:
        result.error = f"cannot read the file: {exc}"
    result.seconds = time.perf_counter() - started
    return result


def ingest_paths(
    paths: Iterable[str | Path], store, on_done: Callable[[IngestResult], None] | None = None
) -> list[IngestResult]:
    results = []
    for path in expand_paths(paths):
        result = ingest_file(path, store)
        results.append(result)
        if on_done:
            on_done(result)
    return results
