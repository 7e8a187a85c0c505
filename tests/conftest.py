"""Shared fixtures and helpers: the seed's extraction and store (computed once per session), the CLI, and
generated documents written to disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.ingest.readers.text import read_text
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document
from tests.corpus import seed_path

SHAPE_FIXTURES = Path(__file__).resolve().parent / "shapes"
FIXTURE_GRAPH = "https://example.org/fixture/graph"

# source folder -> the package it holds in the installed distribution (pyproject's package-dir)
PACKAGE_DIRS = {
    "src/budgetkg": "budgetkg",
    "ingest": "budgetkg.ingest",
    "ontology": "budgetkg.ontology",
    "shapes": "budgetkg.shapes",
    "queries": "budgetkg.queries",
}


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m budgetkg ARGS`` in a subprocess, output as UTF-8 text."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "budgetkg", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout
    )


def ingest_seed_with_cli(store: Path) -> Path:
    """The seed ingested into the store folder ``store`` by ``budgetkg ingest``; returns ``store``."""
    result = run_cli("ingest", str(seed_path()), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


def write_synthetic(folder: Path, seed: int, inject: tuple[str, ...] = (), name: str | None = None) -> Path:
    """The generated document of ``seed`` (with ``inject``ed discrepancies) as a text file in ``folder``."""
    path = folder / (name or f"synthetic-{seed}.txt")
    path.write_text(generate_document(seed, inject=inject).text, encoding="utf-8")
    return path


def shape_fixture_store(relative: str, path: Path | None = None) -> KnowledgeStore:
    """A store (in memory, or on disk at ``path``) holding the shape fixture ``tests/shapes/<relative>`` (its file
    plus the shared prefixes) as one document graph."""
    text = (SHAPE_FIXTURES / "prefixes.ttl").read_text(encoding="utf-8")
    text += (SHAPE_FIXTURES / relative).read_text(encoding="utf-8")
    kg = KnowledgeStore(path)
    kg.replace_graph(FIXTURE_GRAPH, Graph().parse(data=text, format="turtle"))
    return kg


def trig_store(trig: Path, path: Path | None = None) -> KnowledgeStore:
    """A store (in memory, or on disk at ``path``) holding the named graphs of the TriG file ``trig``."""
    kg = KnowledgeStore(path)
    kg.load(path=trig, fmt="trig")
    return kg


@pytest.fixture(scope="session")
def seed_extraction() -> Extraction:
    return extract(read_text(seed_path()))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> KnowledgeStore:
    """The seed ingested into an on-disk store, once per session; tests only read it."""
    kg = KnowledgeStore(tmp_path_factory.mktemp("seed-store") / "store")
    result = ingest_file(seed_path(), kg)
    assert result.ok, result.error
    return kg
