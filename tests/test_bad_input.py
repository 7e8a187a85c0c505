"""Bad input: a clear message, a non-zero exit, and the store left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkg.store import KnowledgeStore
from tests.conftest import ingest_seed_with_cli, run_cli
from tests.corpus import seed_path


@pytest.fixture()
def seeded_store(tmp_path) -> Path:
    return ingest_seed_with_cli(tmp_path / "store")


def _quads(store: Path) -> int:
    return len(KnowledgeStore(store))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n\n   \n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 20, "binary data"),
        ("prose.txt", "这是一段没有任何表格的说明文字。\n第二行。\n".encode(), "no title"),
        (
            "titled.txt",
            "# 2025年度某某市某某局部门预算公开\n\n说明文字，没有表格。\n".encode(),
            "no recognisable budget table",
        ),
    ],
)
def test_bad_files_fail_clearly_and_leave_the_store_as_it_was(seeded_store, tmp_path, name, content, message):
    before = _quads(seeded_store)
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_cli("ingest", str(bad), "--store", str(seeded_store))
    assert result.returncode != 0
    assert message in result.stderr and name in result.stderr
    assert _quads(seeded_store) == before


def test_a_missing_path_is_named(tmp_path):
    result = run_cli("ingest", str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_a_gbk_copy_of_the_seed_reads_the_same(tmp_path):
    text = seed_path().read_text(encoding="utf-8")
    gbk = tmp_path / "seed-gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    utf8_store, gbk_store = tmp_path / "u", tmp_path / "g"
    assert run_cli("ingest", str(seed_path()), "--store", str(utf8_store)).returncode == 0
    result = run_cli("ingest", str(gbk), "--store", str(gbk_store))
    assert result.returncode == 0, result.stderr
    query = "SELECT (COUNT(?o) AS ?n) WHERE { ?o a bgt:BudgetObservation }"
    counts = [next(KnowledgeStore(s).select(query))["n"].value for s in (utf8_store, gbk_store)]
    assert counts[0] == counts[1] and int(counts[0]) > 300


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    store = tmp_path / "store"
    result = run_cli("ingest", str(bad), str(seed_path()), "--store", str(store))
    assert result.returncode == 1
    assert "1 ingested, 1 failed" in result.stdout
    assert len(KnowledgeStore(store).graphs()) == 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bug_in_one_file_fails_only_that_file(tmp_path, monkeypatch, capsys, workers):
    """An unexpected exception (not a BudgetKGError) makes its document FAILED; -v shows its traceback."""
    import budgetkg.ingest.pipeline.prepare as prepare_module
    from budgetkg.cli import main

    real = prepare_module.extract

    def extract(doc, *given):
        if doc.path.endswith("buggy.txt"):
            raise ZeroDivisionError("an injected bug")
        return real(doc, *given)

    monkeypatch.setattr(prepare_module, "extract", extract)  # the forked workers of -j 2 see it too
    buggy = tmp_path / "buggy.txt"
    buggy.write_bytes(seed_path().read_bytes())
    for verbose in ([], ["-v"]):
        store = tmp_path / f"store{len(verbose)}"
        with pytest.raises(SystemExit) as exit_:
            main([*verbose, "ingest", "-j", workers, str(buggy), str(seed_path()), "--store", str(store)])
        out, err = capsys.readouterr()
        assert exit_.value.code == 1
        assert "1 ingested, 1 failed" in out
        assert f"FAILED {buggy}: internal error: ZeroDivisionError: an injected bug" in err
        assert ("Traceback (most recent call last)" in err) == bool(verbose)
        assert f"{seed_path()}: 10 tables" in out  # the seed next to it is ingested
