"""The core commands: stats, sparql (SELECT/ASK/CONSTRUCT, formats), dump, demo."""

from __future__ import annotations

import csv
import inspect
import io
import json
import re

import pytest
from rdflib import Dataset, Graph

from tests.conftest import ingest_seed_with_cli, run_cli
from tests.corpus import seed_path


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return ingest_seed_with_cli(tmp_path_factory.mktemp("cli") / "store")


def test_stats_counts_the_seed(store):
    out = run_cli("stats", "--store", str(store)).stdout
    values = dict(line.split(": ", 1) for line in out.strip().splitlines())
    assert values["documents"] == "1" and values["units"] == "10"
    assert int(values["observations"]) > 300 and int(values["quads"]) > 5000


def test_sparql_select_as_csv_and_json(store):
    query = (
        'SELECT ?measure ?amount WHERE { ?o bgt:classification/skos:notation "2080101" ; '
        'qb:dataSet/bgt:tableNumber "3" ; bgt:measure/skos:prefLabel ?measure ; bgt:amount ?amount } '
        "ORDER BY ?measure"
    )
    rows = list(csv.DictReader(io.StringIO(run_cli("sparql", query, "--format", "csv", "--store", str(store)).stdout)))
    assert {r["measure"]: r["amount"] for r in rows} == {"合计": "9476600", "基本支出": "9431600", "项目支出": "45000"}
    data = json.loads(run_cli("sparql", query, "--format", "json", "--store", str(store)).stdout)
    assert data["columns"] == ["measure", "amount"] and len(data["rows"]) == 3


def test_sparql_ask_and_construct(store):
    yes = run_cli("sparql", "ASK { ?d a bgt:BudgetDocument ; bgt:fiscalYear ?y }", "--store", str(store))
    assert yes.returncode == 0 and yes.stdout.strip() == "true"
    no = run_cli("sparql", 'ASK { ?d bgt:fiscalYear "1999"^^xsd:gYear }', "--store", str(store))
    assert no.returncode == 1 and no.stdout.strip() == "false"
    ttl = run_cli(
        "sparql",
        "CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u a bgt:BudgetUnit ; skos:prefLabel ?l }",
        "--store",
        str(store),
    ).stdout
    assert len(Graph().parse(data=ttl, format="turtle")) == 10


def test_a_bad_query_is_a_clear_error(store):
    result = run_cli("sparql", "SELECT WHERE {", "--store", str(store))
    assert result.returncode == 2 and "does not parse" in result.stderr


def test_dump_trig_keeps_one_named_graph_per_document(store, tmp_path):
    out = tmp_path / "kg.trig"
    assert run_cli("dump", "--format", "trig", "-o", str(out), "--store", str(store)).returncode == 0
    ds = Dataset()
    ds.parse(out, format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert len(names) == 1 and next(iter(names)).startswith("https://w3id.org/budgetkg/id/document/")


def test_demo_builds_a_store_and_reports_it(tmp_path):
    result = run_cli("demo", "--store", str(tmp_path / "demo"), "--documents", "2")
    assert result.returncode == 0, result.stderr
    assert "documents: 2" in result.stdout and str(tmp_path / "demo") in result.stdout


@pytest.mark.parametrize("fmt,parse", [("turtle", "turtle"), ("nt", "nt"), (None, "turtle")])
def test_sparql_construct_in_each_graph_format(store, fmt, parse):
    query = "CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u a bgt:BudgetUnit ; skos:prefLabel ?l }"
    result = run_cli("sparql", query, *(["--format", fmt] if fmt else []), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert len(Graph().parse(data=result.stdout, format=parse)) == 10


def test_sparql_formats_that_do_not_fit_the_query_are_clear_errors(store):
    construct = "CONSTRUCT { ?u skos:prefLabel ?l } WHERE { ?u a bgt:BudgetUnit ; skos:prefLabel ?l }"
    as_csv = run_cli("sparql", construct, "--format", "csv", "--store", str(store))
    assert as_csv.returncode == 2 and "--format csv is for SELECT" in as_csv.stderr and "turtle, nt" in as_csv.stderr
    select_query = "SELECT ?d WHERE { ?d a bgt:BudgetDocument }"
    select = run_cli("sparql", select_query, "--format", "turtle", "--store", str(store))
    assert select.returncode == 2 and "--format turtle is for CONSTRUCT" in select.stderr
    unknown = run_cli("sparql", "ASK {}", "--format", "xml", "--store", str(store))
    assert unknown.returncode == 2 and "unknown format 'xml'" in unknown.stderr


def test_sparql_help_names_exactly_the_formats_it_accepts():
    from budgetkg.cli.sparql import SPARQL_FORMATS, sparql_command

    help_text = inspect.signature(sparql_command).parameters["fmt"].default.help
    named = set(re.findall(r"[a-z]+(?=\|)|(?<=\|)[a-z]+", help_text))
    assert named == set(SPARQL_FORMATS) == {"table", "csv", "json", "md", "turtle", "nt"}


def _stats_with_a_bug(monkeypatch):
    import budgetkg.cli.sparql as sparql_module

    def store_stats(kg):
        raise RuntimeError("an injected bug")

    monkeypatch.setattr(sparql_module, "store_stats", store_stats)


def _main(*args: str) -> int:
    from budgetkg.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    return exit_.value.code


def test_a_bug_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    _stats_with_a_bug(monkeypatch)
    assert _main("stats", "--store", str(tmp_path / "s")) == 2
    err = capsys.readouterr().err
    assert err.strip() == "internal error: RuntimeError: an injected bug (run with --verbose for the traceback)"


def test_verbose_shows_the_traceback_of_a_bug(tmp_path, monkeypatch, capsys):
    _stats_with_a_bug(monkeypatch)
    assert _main("--verbose", "stats", "--store", str(tmp_path / "s")) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'raise RuntimeError("an injected bug")' in err
    assert err.strip().splitlines()[-1] == "internal error: RuntimeError: an injected bug"


def test_warnings_by_level(tmp_path, capsys):
    """Default: the first warnings of each document and a count of the rest; -v all; -q none (nor progress)."""
    seed = str(seed_path())
    lines = {}
    for flag in ("", "-v", "-q"):
        assert _main(*([flag] if flag else []), "ingest", seed, "--store", str(tmp_path / f"s{flag}")) == 0
        out, err = capsys.readouterr()
        assert "1 ingested, 0 failed" in out
        lines[flag] = [line for line in err.splitlines() if ": warning: " in line]
        if flag == "":
            assert "more warning(s) (run with --verbose to list them)" in err
    assert len(lines[""]) == 5 and all(line.startswith(seed_path().name) for line in lines[""])
    assert len(lines["-v"]) > 60 and lines["-v"][:5] == lines[""]
    assert lines["-q"] == []


def test_verbose_and_quiet_exclude_each_other(tmp_path):
    result = run_cli("-v", "-q", "stats", "--store", str(tmp_path / "s"))
    assert result.returncode == 2 and "exclude each other" in result.stderr


def test_cli_modules_import_neither_their_package_nor_pyoxigraph():
    """No hidden cycle (a command module importing ``budgetkg.cli``) and the store package owns pyoxigraph."""
    import ast
    from pathlib import Path

    import budgetkg.cli
    import budgetkg.ingest.pipeline

    folder = Path(budgetkg.cli.__file__).parent
    for path in [*folder.glob("*.py"), Path(budgetkg.ingest.pipeline.__file__)]:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module or "")
        assert not any(name.split(".")[0] == "pyoxigraph" for name in imported), path
        if path.name != "__init__.py":
            assert "budgetkg.cli" not in imported, path


def test_quiet_hides_the_progress_bar(tmp_path, monkeypatch, capsys):
    import budgetkg.cli.progress as progress_module

    shown = []
    real = progress_module.Progress

    def progress(*columns, **options):
        shown.append(not options.get("disable", False))
        return real(*columns, **options)

    monkeypatch.setattr(progress_module, "Progress", progress)
    # as on a terminal: off one (here, captured) nothing is drawn at all, see tests/test_cli_json_progress.py
    monkeypatch.setattr(type(progress_module.err), "is_terminal", property(lambda self: True))
    for flag in ([], ["-q"]):
        assert _main(*flag, "ingest", str(seed_path()), "--store", str(tmp_path / f"s{len(flag)}")) == 0
    assert shown == [True, False]
