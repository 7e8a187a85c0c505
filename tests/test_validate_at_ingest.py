"""Validation at ingest (``ingest_paths(check=check_document)``, ``ingest --validate``): each document's shapes
run where it was prepared, the cross-document rules on the store afterwards, and the report is the one
``validate`` gives on the same store, finding for finding and rule for rule."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.ingest.pipeline import ingest_paths
from budgetkg.shapes import DocumentCheck, check_document, validate, validate_ingested
from budgetkg.shapes.spool import GraphSpool
from budgetkg.store import KnowledgeStore
from tests.conftest import run_cli
from tests.corpus import seed_path

PAIR = Path(__file__).resolve().parent / "fixtures" / "previous-year"
# 2025 of 测试市审计局 says 行政运行 130.00 万元，比上年增加 10.00 万元 (120.00 in 2024); its 2024 prints 125.00
ROW = "2080101\t行政运行\t120.00\t100.00\t20.00"
SAID = "行政运行（项）支出 120.00 万元"
PLANTED = ((ROW, ROW.replace("120.00\t100.00", "125.00\t105.00")), (SAID, SAID.replace("120", "125")))


def _corpus(folder: Path, with_seed: bool = True) -> Path:
    """Two years of 测试市审计局 with the planted 2024 figures, 测试市测试局's 2025 alone, and the seed."""
    folder.mkdir()
    for department, years, planted in (("测试市审计局", (2024, 2025), PLANTED), ("测试市测试局", (2025,), ())):
        for year in years:
            text = (PAIR / f"ceshi-{year}-budget.txt").read_text(encoding="utf-8").replace("测试市测试局", department)
            for old, new in planted if year == 2024 else ():
                assert old in text
                text = text.replace(old, new, 1)
            (folder / f"{department}-{year}.txt").write_text(text, encoding="utf-8")
    if with_seed:
        (folder / "baotou-hrss-2025-budget.txt").write_bytes(seed_path().read_bytes())
    return folder


def _same_reports(at_ingest, after) -> None:
    assert sorted(at_ingest.findings, key=repr) == sorted(after.findings, key=repr)  # every field, in one order
    assert at_ingest.rules == after.rules
    assert sorted(at_ingest.documents) == sorted(after.documents)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_report_at_ingest_is_the_report_of_validate(tmp_path, workers):
    kg = KnowledgeStore(tmp_path / "store")
    results = ingest_paths([_corpus(tmp_path / "corpus")], kg, workers=workers, check=check_document)
    assert all(r.ok and isinstance(r.check, DocumentCheck) for r in results)
    at_ingest = validate_ingested(kg, results)
    _same_reports(at_ingest, validate(kg))
    # the seed's own findings come from its check, and the planted year-to-year difference from the store
    seed = next(r for r in results if "baotou" in r.path)
    reported = {(f.rule, f.focus) for f in at_ingest.findings}  # (an unconfirmed Violation is reported as a Warning)
    assert seed.check.findings and {(f.rule, f.focus) for f in seed.check.findings} <= reported
    planted = [f for f in at_ingest.findings if f.rule == "PreviousYearMatchesPreviousDisclosure-Mismatch"]
    assert len(planted) == 1 and abs(planted[0].difference) == Decimal("50000.00")  # 125.00 - 120.00 万元


def test_the_cross_document_rules_read_the_graphs_the_spool_kept(tmp_path):
    """With a spool the department's graphs come from it: the report is validate's, and a spool whose 2024
    graph is empty loses the planted difference (so the spool, not the store, was read)."""
    kg = KnowledgeStore(tmp_path / "store")
    with GraphSpool(tmp_path) as spool:
        results = ingest_paths([_corpus(tmp_path / "corpus")], kg, workers=2, check=check_document, keep=spool.add)
        assert sorted(r.document for r in results) == sorted(d for d in kg.graphs() if d in spool) and len(spool) == 4
        at_ingest = validate_ingested(kg, results, spool=spool)
        _same_reports(at_ingest, validate(kg))
        assert [f.rule for f in at_ingest.findings if f.rule.startswith("PreviousYear")] == [
            "PreviousYearMatchesPreviousDisclosure-Mismatch"
        ]
        earlier = next(r.document for r in results if r.path.endswith("测试市审计局-2024.txt"))

        class Emptied:
            def triples(self, document: str) -> bytes | None:
                return b"" if document == earlier else spool.triples(document)

        emptied = validate_ingested(kg, results, spool=Emptied())
    assert not [f for f in emptied.findings if f.rule.startswith("PreviousYear")]


def test_the_spool_gives_back_each_graph_as_triples(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    results = ingest_paths([_corpus(tmp_path / "corpus", with_seed=False)], kg)
    with GraphSpool(tmp_path) as spool:
        for r in results:
            assert spool.add(r.document, kg.dump_graph(r.document, "nq"))
        for r in results:
            kept = Graph().parse(data=spool.triples(r.document).decode("utf-8"), format="nt")
            assert set(kept) == set(kg.graph_as_rdflib(r.document)) and len(kept) > 100
        other = kg.dump_graph(results[0].document, "nq")
        assert not spool.add(results[1].document, other)  # its quads are in another graph: not kept
        assert results[1].document in spool  # (the copy kept before stays)
        assert spool.triples("urn:x:never-kept") is None
        held = spool._file.name
    assert spool._file.closed and not Path(f"/proc/self/fd/{held}").exists()


def test_a_spool_that_cannot_keep_a_graph_leaves_a_warning(tmp_path):
    def full(document: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    kg = KnowledgeStore(tmp_path / "store")
    results = ingest_paths([_corpus(tmp_path / "corpus", with_seed=False)], kg, workers=2, keep=full)
    assert results and all(r.ok and kg.has_graph(r.document) for r in results)
    assert all(any("could not keep the graph aside for validation (OSError" in w for w in r.warnings) for r in results)


def test_a_document_checked_alone_gets_its_department_from_the_store(tmp_path):
    """The 2024 disclosure is in the store already; its 2025 sibling, ingested with checks, is compared with it."""
    corpus = _corpus(tmp_path / "corpus", with_seed=False)
    kg = KnowledgeStore(tmp_path / "store")
    assert ingest_paths([corpus / "测试市审计局-2024.txt"], kg)[0].ok
    results = ingest_paths(
        [corpus / "测试市审计局-2025.txt", corpus / "测试市测试局-2025.txt"], kg, check=check_document
    )
    at_ingest = validate_ingested(kg, results)
    _same_reports(at_ingest, validate(kg, [r.document for r in results]))
    assert [f.rule for f in at_ingest.findings if f.rule.startswith("PreviousYear")] == [
        "PreviousYearMatchesPreviousDisclosure-Mismatch"
    ]


def test_a_check_that_fails_leaves_the_document_to_be_validated_from_the_store(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    calls = []

    def flaky(document: str, data: bytes):
        calls.append(document)
        if len(calls) == 1:  # the first file by name: the seed
            raise RuntimeError("an injected bug")
        return check_document(document, data)

    kg = KnowledgeStore(tmp_path / "store")
    results = ingest_paths([corpus], kg, check=flaky)  # in this process (one worker), so a closure will do
    broken = [r for r in results if r.check is None]
    assert [Path(r.path).name for r in broken] == ["baotou-hrss-2025-budget.txt"] and broken[0].ok
    assert any("flaky failed on this document (RuntimeError: an injected bug)" in w for w in broken[0].warnings)
    _same_reports(validate_ingested(kg, results), validate(kg))


def test_ingest_validate_on_the_command_line(tmp_path):
    corpus = _corpus(tmp_path / "corpus")
    store, written = tmp_path / "store", tmp_path / "report.json"
    run = CliRunner().invoke(
        app, ["ingest", str(corpus), "--store", str(store), "--validate", "--report", str(written)]
    )
    assert run.exit_code == 1, run.output  # the seed has violations
    after = validate(KnowledgeStore(store, read_only=True))
    counts = ", ".join(f"{n} {k}" for k, n in after.counts().items() if n)
    assert f"validated 4 document(s): {counts}; has violations; report written to {written}" in run.output
    report = json.loads(written.read_text(encoding="utf-8"))
    assert report["conforms"] is False and len(report["findings"]) == len(after.findings) > 0
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "a.txt").write_bytes((corpus / "测试市测试局-2025.txt").read_bytes())
    ok = CliRunner().invoke(app, ["ingest", str(clean), "--store", str(tmp_path / "s2"), "--validate", "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["validation"]["counts"]["Violation"] == 0


def test_validate_needs_the_store(tmp_path):
    corpus = _corpus(tmp_path / "corpus", with_seed=False)
    run = run_cli("ingest", str(corpus), "--endpoint", "http://127.0.0.1:9/update", "--validate")
    assert run.returncode == 2 and "--validate needs the store" in run.stderr
    run = run_cli("ingest", str(corpus), "--store", str(tmp_path / "s"), "--report", "r.txt")
    assert run.returncode == 2 and "--report is the validation report: it needs --validate" in run.stderr
    assert not (tmp_path / "s").exists()  # refused before the store was opened


def test_a_document_that_cannot_be_serialised_for_its_check_is_still_ingested(tmp_path, monkeypatch):
    """In this process the graph goes to the store as triples; only the check needs N-Quads, and fails alone."""
    import budgetkg.ingest.pipeline as pipeline

    def broken(*args, **kwargs):
        raise ValueError("an injected bug")

    monkeypatch.setattr(pipeline, "encode_document", broken)
    corpus = _corpus(tmp_path / "corpus", with_seed=False)
    kg = KnowledgeStore(tmp_path / "store")
    results = ingest_paths([corpus], kg, check=check_document)
    assert all(r.ok and r.check is None for r in results) and len(kg.graphs()) == 3
    assert all("check_document failed on this document (ValueError: an injected bug)" in r.warnings for r in results)
    _same_reports(validate_ingested(kg, results), validate(kg))
