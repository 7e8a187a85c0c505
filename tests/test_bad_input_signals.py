"""Ctrl-C during ``ingest -j`` and workers that die: the pool stops cleanly, what was committed is said and
kept, nothing already parsed is lost, nothing deadlocks (every wait here is bounded)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

from budgetkg.store import KnowledgeStore
from tests.corpus import seed_path
from tests.interrupt import interrupt_after_first_commit


def _copies(folder: Path, n: int) -> list[Path]:
    """``n`` copies of the seed under different departments (each its own document graph)."""
    text = seed_path().read_text(encoding="utf-8")
    out = []
    for i in range(n):
        path = folder / f"copy-{i:02d}.txt"
        path.write_text(text.replace("包头市人力资源和社会保障局", f"包头市第{i + 1}测试局"), encoding="utf-8")
        out.append(path)
    return out


def test_ctrl_c_during_a_parallel_ingest_stops_cleanly_and_keeps_what_was_committed(tmp_path):
    files = _copies(tmp_path, 40)
    store = tmp_path / "store"
    proc, out, err, stopping = interrupt_after_first_commit(
        [sys.executable, "-m", "budgetkg", "ingest", "-j", "2", "--no-bulk", *map(str, files), "--store", str(store)],
        store,
    )
    assert stopping < 20  # the workers are stopped, not left to finish 40 files
    assert proc.returncode == 130, err
    assert "interrupted:" in err and "of 40 files handled" in err
    listed = [line.split(":")[0] for line in out.splitlines() if " observations, " in line]
    assert 1 <= len(listed) < 40, (out, err)
    kg = KnowledgeStore(store, read_only=True)
    assert len(kg.graphs()) == len(listed)  # what it says was committed is what the store holds
    assert not [p for p in os.listdir("/proc") if p.isdigit() and _is_worker_of(int(p), proc.pid)]


def _is_worker_of(pid: int, parent: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return int(fields[1]) == parent  # ppid


def _dies_on(monkeypatch, name: str, once: Path | None = None) -> None:
    """Worker processes (forked, so they see the patch) die when they read ``name``; only the first time if
    ``once`` (a marker file) is given."""
    import budgetkg.ingest.pipeline.prepare as prepare_module

    real = prepare_module.extract

    def extract(doc, *given):
        if doc.path.endswith(name) and not (once and once.exists()):
            if once:
                once.touch()
            os._exit(9)  # the worker process dies
        return real(doc, *given)

    monkeypatch.setattr(prepare_module, "extract", extract)


def _ingest_with_workers(files: list[Path], store: Path, capsys, *options: str) -> tuple[int, str, str]:
    from budgetkg.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["ingest", "-j", "2", *options, *map(str, files), "--store", str(store)])
    out, err = capsys.readouterr()
    code = exit_.value.code
    del exit_  # its traceback keeps the command's store open
    gc.collect()
    return code, out, err


@pytest.mark.parametrize(("bulk", "ahead"), [(True, None), (False, None), (True, 1)])
def test_a_worker_that_dies_loses_only_its_own_documents(tmp_path, monkeypatch, capsys, bulk, ahead):
    """A worker killed mid-file (a crash in a PDF library, the OOM killer) breaks the pool; every file it had
    not finished is tried again alone: the one that kills its process again fails, every other is written.
    With one file ahead per worker, the files after it were not yet handed to the pool when it broke."""
    if ahead is not None:
        monkeypatch.setattr("budgetkg.ingest.pipeline.workers.IN_FLIGHT_PER_WORKER", ahead)
    _dies_on(monkeypatch, "copy-05.txt")
    files = _copies(tmp_path, 8)
    store = tmp_path / "store"
    code, out, err = _ingest_with_workers(files, store, capsys, "--bulk" if bulk else "--no-bulk")
    assert code == 1
    assert f"FAILED {files[5]}: a worker process died before finishing this file, and again when it was tried" in err
    assert err.count("FAILED") == 1
    written = [line.split(":")[0] for line in out.splitlines() if " observations, " in line]
    assert written == [str(f) for f in files if f != files[5]]
    assert "7 ingested, 1 failed" in out
    assert len(KnowledgeStore(store, read_only=True).graphs()) == 7


def test_a_file_whose_worker_died_once_is_ingested_when_tried_again(tmp_path, monkeypatch, capsys):
    _dies_on(monkeypatch, "copy-03.txt", once=tmp_path / "died-once")
    files = _copies(tmp_path, 6)
    store = tmp_path / "store"
    code, out, err = _ingest_with_workers(files, store, capsys)
    assert (tmp_path / "died-once").exists()  # a worker did die
    assert code == 0, err
    assert "6 ingested, 0 failed" in out and "FAILED" not in err
    assert len(KnowledgeStore(store, read_only=True).graphs()) == 6
