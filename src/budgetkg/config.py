"""Where the embedded store lives: --store DIR, else $BUDGETKG_STORE, else ./.budgetkg/store."""

from __future__ import annotations

import os
from pathlib import Path

STORE_ENV = "BUDGETKG_STORE"
DEFAULT_STORE = Path(".budgetkg") / "store"


def store_path(option: str | Path | None = None) -> Path:
    """Resolve the store location from the command-line option, the environment, or the default."""
    if option:
        return Path(option)
    if env := os.environ.get(STORE_ENV):
        return Path(env)
    return DEFAULT_STORE
