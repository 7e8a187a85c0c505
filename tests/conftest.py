"""Shared fixtures: the seed's extraction, computed once per test session."""

from __future__ import annotations

import pytest

from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Extraction
from budgetkg.ingest.readers.text import read_text
from tests.corpus import seed_path


@pytest.fixture(scope="session")
def seed_extraction() -> Extraction:
    return extract(read_text(seed_path()))
