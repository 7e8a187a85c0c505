"""``budgetkg validate``: exit codes 0/1/2, the JSON schema, text and Turtle forms."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rdflib import RDF, Graph, Namespace
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.store import KnowledgeStore
from tests.conftest import shape_fixture_store
from tests.corpus import seed_path

runner = CliRunner()
SH = Namespace("http://www.w3.org/ns/shacl#")


def _store_with(tmp_path: Path, fixture: str) -> Path:
    folder = tmp_path / "store"
    kg = shape_fixture_store(fixture, folder)
    kg.flush()
    del kg
    return folder


def test_conforming_store_exits_0(tmp_path):
    folder = _store_with(tmp_path, "valid/TotalEqualsBasicPlusProject-Mismatch.ttl")
    result = runner.invoke(app, ["validate", "--store", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["conforms"] is True


def test_violations_exit_1_and_json_is_stable(tmp_path):
    folder = _store_with(tmp_path, "invalid/TotalEqualsBasicPlusProject-Mismatch.ttl")
    result = runner.invoke(app, ["validate", "--store", str(folder), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["schema_version"] == 1 and data["conforms"] is False
    [finding] = [f for f in data["findings"] if f["rule"] == "TotalEqualsBasicPlusProject-Mismatch"]
    assert (finding["printed"], finding["expected"], finding["difference"], finding["unit"]) == (
        "900.00",
        "1000.00",
        "-100.00",
        "万元",
    )
    assert finding["cell"]["line"] == 101
    assert {p["iri"].rsplit("/", 1)[-1] for p in finding["parts"]} == {"b", "p", "z"}


def test_unknown_document_exits_2(tmp_path):
    folder = _store_with(tmp_path, "valid/TotalEqualsBasicPlusProject-Mismatch.ttl")
    result = subprocess.run(
        [sys.executable, "-m", "budgetkg", "validate", "--store", str(folder), "--document", "no-such-file.txt"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "no document matches 'no-such-file.txt'" in result.stderr


def test_seed_text_and_turtle_reports(tmp_path):
    folder = tmp_path / "seed"
    kg = KnowledgeStore(folder)
    assert ingest_file(seed_path(), kg).error is None
    kg.flush()
    del kg
    text = runner.invoke(
        app, ["validate", "--store", str(folder), "--document", "baotou-hrss-2025-budget.txt", "--min-severity", "Info"]
    )
    assert text.exit_code == 1
    assert "-- 表5 一般公共预算支出表" in text.output and "printed 921.60  expected 921.61" in text.output
    turtle = runner.invoke(
        app, ["validate", "--store", str(folder), "--format", "turtle", "--min-severity", "Violation"]
    )
    report = Graph().parse(data=turtle.output, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report
    assert set(report.objects(None, SH.resultSeverity)) == {SH.Violation}
    assert (
        len(set(report.subjects(RDF.type, SH.ValidationResult)))
        == json.loads(runner.invoke(app, ["validate", "--store", str(folder), "--format", "json"]).output)["counts"][
            "Violation"
        ]
    )


def test_a_bug_in_validation_exits_2_and_verbose_shows_its_traceback(tmp_path, monkeypatch, capsys):
    import pytest

    import budgetkg.cli.validate as validate_module
    from budgetkg.cli import main

    def validate(*args, **kwargs):
        raise KeyError("an injected bug")

    monkeypatch.setattr(validate_module, "validate", validate)
    for flags in ([], ["--verbose"]):
        folder = _store_with(tmp_path / str(len(flags)), "valid/TotalEqualsBasicPlusProject-Mismatch.ttl")
        with pytest.raises(SystemExit) as exit_:
            main([*flags, "validate", "--store", str(folder)])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        assert "error: validation failed: KeyError: 'an injected bug'" in err
        assert ("Traceback (most recent call last)" in err) == bool(flags)
