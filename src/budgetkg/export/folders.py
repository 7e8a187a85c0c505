"""Write an export whole or not at all: a file is written beside its target and renamed into place; a folder's
files go to a staging folder beside it, then move in."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from budgetkg.errors import InputError

FILE_HINT = "choose a writable path with -o"


def _unwritable(exc: OSError, where: Path, hint: str = "choose a writable folder with -o") -> InputError:
    reason = exc.strerror or str(exc)
    return InputError(f"cannot write the export: {reason}", where=str(where), hint=hint)


def write_file(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Call ``write(stream)`` on a temporary file beside ``target``, then rename it to ``target``; when ``write``
    fails, ``target`` is as it was."""
    if target.is_dir():
        raise InputError("is a folder, not a file", where=str(target), hint="give a file name with -o")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise _unwritable(exc, target, FILE_HINT) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(partial, target)
    except OSError as exc:
        raise _unwritable(exc, target, FILE_HINT) from exc
    finally:
        Path(partial).unlink(missing_ok=True)


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
