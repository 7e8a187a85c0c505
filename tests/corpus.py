"""Locate the shared corpus beside the checkout; fail (never skip) when CI=true and it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = "corpus/baotou-hrss-2025-budget.txt"


def shared_file(relative: str) -> Path:
    """The path of ``shared/<relative>``; in CI a missing file fails the test, elsewhere it skips."""
    path = SHARED / relative
    if not path.exists():
        message = f"shared corpus file missing: {path} (CI clones the repo with shared/ beside it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def seed_path() -> Path:
    return shared_file(SEED)
