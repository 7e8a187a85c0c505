"""Where the embedded store lives: --store DIR, else $BUDGETKG_STORE, else ./.budgetkg/store."""

from __future__ import annotations

import os
from pathlib import Path

from budgetkg.errors import StoreError

STORE_ENV = "BUDGETKG_STORE"
DEFAULT_STORE = Path(".budgetkg") / "store"


def store_path(option: str | Path | None = None) -> Path:
    """Resolve the store location from the command-line option, the environment, or the default.

    An empty option or variable is refused: taken as the working folder, it would put the database files
    among the user's own.
    """
    if option is not None:
        if str(option).strip() in ("",):
            raise StoreError("--store is empty", hint="name a store folder, e.g. --store kg")
        return Path(option)
    env = os.environ.get(STORE_ENV)
    if env is not None:
        if not env.strip():
            raise StoreError(f"${STORE_ENV} is set but empty", hint=f"unset it or name a store folder in ${STORE_ENV}")
        return Path(env)
    return DEFAULT_STORE
