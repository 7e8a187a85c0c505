"""Department, year and kind given by the user: they fill what a document does not say, replace what it says
only with --override, are recorded as bgt:FromUser, named on the summary line, and checked (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import budgetkg
from budgetkg.errors import InputError
from budgetkg.ingest.metadata import given_metadata
from budgetkg.ingest.pipeline import extract_file, prepare_file
from budgetkg.ingest.rdf.mapper import document_iri, to_graph
from budgetkg.ontology.namespaces import BGT
from tests.conftest import run_cli
from tests.corpus import seed_path

# 表3 支出总表 with one coded row and its 合计: no title, no 部门：line, no 预算/决算 in a table title or the file name
UNTITLED = Path(__file__).parent / "fixtures" / "silence" / "untitled-tables.txt"


def test_a_document_that_says_nothing_needs_the_values_and_says_so():
    with pytest.raises(InputError) as err:
        extract_file(UNTITLED)
    assert "department, year, 预算/决算 could not be read" in err.value.message()
    assert "--department NAME --year 2025 --kind budget|final-accounts" in err.value.message()


def test_given_values_fill_what_the_document_does_not_say():
    ex = extract_file(UNTITLED, given_metadata(year="2018", department="江苏省政协办公厅", kind="budget"))
    assert (ex.meta.department, ex.meta.fiscal_year, ex.meta.kind) == ("江苏省政协办公厅", 2018, "Budget")
    assert ex.meta.title == "江苏省政协办公厅2018年度部门预算"
    g = to_graph(ex)
    doc = document_iri(ex)
    for prop in (BGT.departmentSource, BGT.fiscalYearSource, BGT.documentKindSource):
        assert g.value(doc, prop) == BGT.FromUser
    summary = prepare_file(UNTITLED, given_metadata(2018, "江苏省政协办公厅", "budget")).result.summary()
    assert summary.endswith("; department given by the user, year given by the user, kind given by the user")


def test_a_given_value_beats_the_file_name(tmp_path):
    named = tmp_path / "2019年支出.txt"  # the file name says 2019; the user knows it is the 2018 budget
    shutil.copy(UNTITLED, named)
    ex = extract_file(named, given_metadata(year=2018, department="测试局", kind="final-accounts"))
    assert (ex.meta.fiscal_year, ex.meta.year_source, ex.meta.kind) == (2018, "given", "FinalAccounts")
    ex = extract_file(named, given_metadata(department="测试局", kind="budget"))
    assert (ex.meta.fiscal_year, ex.meta.year_source) == (2019, "file name")


def test_the_title_wins_unless_the_user_overrides_it():
    # the seed's title (line 3): 2025 年度包头市人力资源和社会保障局 (部门)预算公开
    kept = extract_file(seed_path(), given_metadata(year=2024))
    assert (kept.meta.fiscal_year, kept.meta.year_source) == (2025, "title")
    assert any(
        "the year given (2024) differs from the document's title (2025): kept the document's; use --override" in str(w)
        for w in kept.warnings
    )
    replaced = extract_file(seed_path(), given_metadata(year=2024, override=True))
    assert (replaced.meta.fiscal_year, replaced.meta.year_source) == (2024, "given")
    assert (replaced.meta.department, replaced.meta.department_source) == ("包头市人力资源和社会保障局", "title")
    assert replaced.meta.title == "2025年度包头市人力资源和社会保障局(部门)预算公开"  # the title stays as printed
    same = extract_file(seed_path(), given_metadata(year=2025, kind="budget"))  # agrees with the title: no note
    assert same.meta.year_source == "title" and not any("given" in str(w) for w in same.warnings)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"year": "18"}, "--year '18' is not a 4-digit year"),
        ({"year": "2018年"}, "--year '2018年' is not a 4-digit year"),
        ({"kind": "预算表"}, "--kind '预算表' is not a kind of disclosure"),
        ({"department": " "}, "names no department"),
        ({"override": True}, "--override without a value to override"),
    ],
)
def test_wrong_values_are_clear_errors(args, message):
    with pytest.raises(InputError) as err:
        given_metadata(**args)
    assert message in err.value.message()


def test_cli_gives_and_checks_the_values(tmp_path):
    store = tmp_path / "kg"
    bad = run_cli("ingest", str(UNTITLED), "--store", str(store), "--kind", "budgets")
    assert bad.returncode == 2
    assert "--kind 'budgets' is not a kind of disclosure (give budget (预算) or final-accounts (决算))" in bad.stderr
    assert not store.exists()  # checked before the store is opened
    missing = run_cli("ingest", str(UNTITLED), "--store", str(store))
    assert missing.returncode == 1 and "--department NAME --year 2025" in missing.stderr
    ok = run_cli(
        "ingest",
        str(UNTITLED),
        "--store",
        str(store),
        "--year",
        "2018",
        "--department",
        "江苏省政协办公厅",
        "--kind",
        "budget",
    )
    assert ok.returncode == 0, ok.stderr
    assert f"{UNTITLED}: 1 tables (1 recognised)" in ok.stdout
    assert "year given by the user" in ok.stdout
    rows = run_cli("sparql", "--store", str(store), "--format", "csv", "SELECT ?s WHERE { ?d bgt:fiscalYearSource ?s }")
    assert rows.stdout.split() == ["s", str(BGT.FromUser)]


def test_api_gives_and_checks_the_values():
    with budgetkg.open() as kg:
        with pytest.raises(InputError):
            kg.ingest(UNTITLED, year=18)
        (result,) = kg.ingest(UNTITLED, year=2018, department="江苏省政协办公厅", kind="final-accounts")
        assert result.ok, result.error
        assert result.metadata_sources == {"department": "given", "year": "given", "kind": "given"}
        assert result.coverage.tables == 1
        (result,) = kg.ingest(seed_path(), year=2024, override=True)
        assert result.metadata_sources == {"year": "given"}
        years = kg.sparql("SELECT ?y WHERE { ?d a bgt:BudgetDocument ; bgt:fiscalYear ?y } ORDER BY ?y").rows
        assert [r["y"] for r in years] == [2018, 2024]


def test_worker_processes_get_the_given_values(tmp_path):
    for name in ("a.txt", "b.txt"):
        shutil.copy(UNTITLED, tmp_path / name)
    with budgetkg.open() as kg:
        results = kg.ingest(tmp_path, workers=2, year=2018, department="测试局", kind="budget")
    assert [r.error for r in results] == [None, None]
    assert all(r.metadata_sources == {"department": "given", "year": "given", "kind": "given"} for r in results)
