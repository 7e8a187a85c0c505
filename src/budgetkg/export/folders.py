"""Write an export folder whole or not at all: the files go to a staging folder beside it, then move in."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from budgetkg.errors import InputError


def _unwritable(exc: OSError, where: Path) -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(f"cannot write the export: {reason}", where=str(where), hint="choose a writable folder with -o")


def write_folder(target: Path, write: Callable[[Path], list[str]], stale: tuple[str, ...] = ()) -> list[str]:
    """Call ``write(staging)`` (it returns the names of the files it wrote), then move them into ``target``.

    ``target`` is a folder, created if missing; files of the same names are replaced, the ``stale`` ones (an
    earlier export's tables that this one leaves out) removed, others left alone. When ``write`` fails nothing
    in ``target`` changes.
    """
    if target.exists() and not target.is_dir():
        raise InputError(
            "is a file; csv, parquet and datapackage exports write a folder of files",
            where=str(target),
            hint="give a folder with -o (created if missing)",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as exc:
        raise _unwritable(exc, target) from exc
    try:
        names = write(staging)
        target.mkdir(exist_ok=True)
        for name in names:
            os.replace(staging / name, target / name)
        for name in set(stale) - set(names):
            (target / name).unlink(missing_ok=True)
        return names
    except OSError as exc:
        raise _unwritable(exc, target) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
