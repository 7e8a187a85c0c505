"""The public Python API (``budgetkg.open``) on the seed disclosure and on generated documents.

Expected values on the seed were read off baotou-hrss-2025-budget.txt by hand: 表3 (支出总表, lines 589-621,
万元) as tests/fixtures/seed_tables.csv holds it, the 合计 row 10317.25 (line 621), the 10 budget units of the
单位情况表 (lines 107-116), the 目录 (lines 40-62) listing 收入总表, 项目支出表 and 政府采购预算表 that have no
表2/表10/表12 in the text, and 947.66 printed in two tables only (表3 line 598, 表5 line 676). On generated
documents the expected values are the generator's ground truth.
"""

from __future__ import annotations

import ast
import csv
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import budgetkg
from budgetkg.errors import BudgetKGError, InputError, QueryError, StoreError
from budgetkg.ingest.pipeline import IngestResult
from budgetkg.shapes.report import Finding, ValidationReport
from budgetkg.store.terms import python_value
from budgetkg.synth import generate_document
from tests.corpus import seed_path

FIXTURES = Path(__file__).parent / "fixtures"
WAN = Decimal(10000)  # 万元 -> 元
CENT_OF_WAN = Decimal(100)  # the generator counts in 0.01 万元 = 100 元
DEPARTMENT = "包头市人力资源和社会保障局"
XSD = "http://www.w3.org/2001/XMLSchema#"


def seed_table3() -> list[dict[str, str]]:
    """The hand-checked 表3 cells of tests/fixtures/seed_tables.csv."""
    with open(FIXTURES / "seed_tables.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return [r for r in rows if r["table"] == "3"]


@pytest.fixture(scope="module")
def seed_kg():
    with budgetkg.open() as kg:
        [result] = kg.ingest(seed_path())
        assert result.ok, result.error
        yield kg


def synthetic(tmp_path: Path, seed: int, inject: tuple[str, ...] = ()):
    doc = generate_document(seed, inject=inject)
    path = tmp_path / f"synthetic-{seed}.txt"
    path.write_text(doc.text, encoding="utf-8")
    return doc, path


# -- the package --------------------------------------------------------------------------------------------


def test_public_names():
    assert set(budgetkg.__all__) == {"BudgetKGError", "KnowledgeGraph", "QueryResult", "__version__", "open"}
    assert all(hasattr(budgetkg, name) for name in budgetkg.__all__)
    assert budgetkg.BudgetKGError is BudgetKGError


def test_import_is_cheap_and_the_cli_still_runs():
    slow = ("pyshacl", "pdfplumber", "pandas")
    code = f"import sys, budgetkg; print(sorted(m for m in {slow!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    cli = subprocess.run([sys.executable, "-m", "budgetkg", "--help"], capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0 and "ingest" in cli.stdout and "validate" in cli.stdout


def test_the_api_module_does_not_import_the_package_itself():
    tree = ast.parse(Path(budgetkg.api.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(a.name != "budgetkg" for a in node.names)
        if isinstance(node, ast.ImportFrom):
            assert node.module != "budgetkg"


# -- ingest -------------------------------------------------------------------------------------------------


def test_ingest_the_seed(seed_kg):
    [result] = seed_kg.ingest(str(seed_path()))  # again: the document's graph is replaced, not added
    assert isinstance(result, IngestResult) and result.ok and result.error is None
    assert result.units == 10  # 单位情况表, lines 107-116
    assert result.observations > 0 and result.triples > 0 and isinstance(result.warnings, list)
    assert seed_kg.documents == [result.document]
    assert "/2025/" in result.document
    stats = seed_kg.stats()
    assert stats["documents"] == 1 and stats["units"] == 10 and stats["location"] == "(memory)"


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_and_validate_gives_the_report_validate_gives(tmp_path, workers):
    (tmp_path / "in").mkdir()
    _, other = synthetic(tmp_path / "in", 4)
    kg = budgetkg.open(tmp_path / "store")
    results, report = kg.ingest_and_validate([seed_path(), other], workers=workers)
    assert [r.ok for r in results] == [True, True] and sorted(report.documents) == sorted(r.document for r in results)
    assert sorted(report.findings, key=repr) == sorted(kg.validate().findings, key=repr) and report.findings
    assert report.rules == kg.validate().rules
    with pytest.raises(InputError, match="no paths given"):
        kg.ingest_and_validate([])


def test_a_bad_file_gives_its_error_and_the_others_are_ingested(tmp_path):
    _, good = synthetic(tmp_path, 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    kg = budgetkg.open()
    results = {Path(r.path).name: r for r in kg.ingest(tmp_path)}
    assert results["synthetic-4.txt"].ok
    assert results["empty.txt"].error and not results["empty.txt"].ok
    assert kg.documents == [results["synthetic-4.txt"].document]


def test_ingest_bad_paths_raise_actionable_errors(tmp_path):
    kg = budgetkg.open()
    with pytest.raises(InputError, match="no such file or folder.*check the path"):
        kg.ingest(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="no disclosure files"):
        kg.ingest(tmp_path)
    with pytest.raises(InputError, match="no paths given"):
        kg.ingest([])


# -- validate -----------------------------------------------------------------------------------------------


def test_validate_the_seed(seed_kg):
    report = seed_kg.validate()
    assert isinstance(report, ValidationReport) and not report.conforms
    counts = report.counts()
    assert set(counts) == {"Violation", "Warning", "Info"} and sum(counts.values()) == len(report.findings)
    assert all(isinstance(f, Finding) for f in report.findings)
    # 表3 line 596: 208 合计 is printed 9515.27; its children 20801 + 20805 + 20807 (lines 597, 606, 611) give
    # 7752.98 + 1097.70 + 664.60 = 9515.28: a difference of one printed unit, a rounding warning.
    [hit] = [
        f
        for f in report.by_rule("ParentEqualsSumOfChildren-Rounding")
        if f.table == "3" and f.cell.line == 596 and f.cell.measure == "合计"
    ]
    assert hit.severity == "Info"  # inside the rounding interval (docs/validation-report.md)
    assert (hit.printed, hit.expected_printed) == (Decimal("9515.27"), Decimal("9515.28"))
    missing = {f.value for f in report.by_rule("ListedTablesPresent")}
    assert missing == {"收入总表", "项目支出表", "政府采购预算表"}  # listed in the 目录, absent from the text
    violations = seed_kg.validate(min_severity="Violation")
    assert violations.counts() == {"Violation": counts["Violation"], "Warning": 0, "Info": 0}
    assert seed_kg.validate(documents="baotou-hrss-2025-budget.txt").counts() == counts


def test_validate_bad_arguments(seed_kg):
    with pytest.raises(BudgetKGError, match="no document matches 'nope'.*kg.documents"):
        seed_kg.validate(documents=["nope"])
    with pytest.raises(BudgetKGError, match="unknown engine 'fastest'.*fast, pyshacl"):
        seed_kg.validate(engine="fastest")
    with pytest.raises(BudgetKGError, match=r"validate\(min_severity=...\): unknown severity"):
        seed_kg.validate(min_severity="Error")


# -- query and sparql ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", seed_table3(), ids=lambda c: f"{c['key']}-{c['measure']}")
def test_provenance_of_every_hand_checked_table3_cell(seed_kg, cell):
    result = seed_kg.query("provenance", value=cell["printed"])
    hits = [r for r in result.rows if r["table"] == "3" and r["line"] == int(cell["line"])]
    assert hits, result.rows
    row = next(r for r in hits if r["measure"] == cell["measure"])
    assert (row["code"] or row["item"]) == cell["key"] and row["phase"] == cell["phase"] and row["unit"] == "万元"
    assert row["amount"] == Decimal(cell["printed"]) * WAN and isinstance(row["amount"], Decimal)
    assert row["value"] == Decimal(cell["printed"])


def test_query_values_are_plain_python(seed_kg):
    result = seed_kg.query("provenance", value=Decimal("947.66"))
    assert {(r["table"], r["line"]) for r in result.rows} == {("3", 598), ("5", 676)}
    row = next(r for r in result if r["table"] == "3")
    assert row["document"] == seed_kg.documents[0] and row["organization"] == DEPARTMENT
    assert row["page"] is None and isinstance(row["line"], int)
    [total] = seed_kg.query("department-totals").rows
    assert total["total"] == Decimal("10317.25") * WAN  # 表3 合计, line 621
    assert total["year"] == 2025 and total["department"] == DEPARTMENT


def test_sparql_select_ask_and_construct(seed_kg):
    result = seed_kg.sparql(
        """SELECT ?measure ?amount ?line WHERE {
             ?o bgt:classification/skos:notation "2080101" ; bgt:measure/skos:prefLabel ?measure ;
                bgt:amount ?amount ; qb:dataSet/bgt:tableNumber "3" ; prov:wasDerivedFrom/bgt:line ?line }"""
    )
    assert result.columns == ["measure", "amount", "line"]
    expected = {(c["measure"], Decimal(c["printed"]) * WAN, int(c["line"])) for c in seed_table3()}
    expected = {e for e in expected if e[2] == 598}  # 2080101 行政运行
    assert {(r["measure"], r["amount"], r["line"]) for r in result.rows} == expected
    assert seed_kg.sparql("ASK { ?d a bgt:BudgetDocument }") is True
    assert seed_kg.sparql("ASK { ?d a bgt:NoSuchClass }") is False
    triples = seed_kg.sparql("CONSTRUCT { ?d dct:title ?t } WHERE { ?d a bgt:BudgetDocument ; dct:title ?t }")
    assert triples.columns == ["subject", "predicate", "object"] and len(triples) == 1
    assert DEPARTMENT in triples.rows[0]["object"]


def test_query_errors_are_actionable(seed_kg):
    with pytest.raises(QueryError, match="no query named 'nope'.*provenance"):
        seed_kg.query("nope")
    with pytest.raises(QueryError, match=r"missing parameter\(s\) value.*kg.query\('provenance', value='947.66'\)"):
        seed_kg.query("provenance")
    with pytest.raises(QueryError, match=r"unknown parameter\(s\) amount"):
        seed_kg.query("provenance", amount="947.66")
    with pytest.raises(QueryError, match="does not parse"):
        seed_kg.sparql("SELEC ?x WHERE { ?x ?p ?o }")
    assert "provenance" in seed_kg.queries()


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (ox.Literal("947.66", datatype=ox.NamedNode(XSD + "decimal")), Decimal("947.66")),
        (ox.Literal("0.1", datatype=ox.NamedNode(XSD + "decimal")), Decimal("0.1")),
        (ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), 42),
        (ox.Literal("2025", datatype=ox.NamedNode(XSD + "gYear")), 2025),
        (ox.Literal("2025-03-01", datatype=ox.NamedNode(XSD + "date")), date(2025, 3, 1)),
        (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), True),
        (ox.Literal("行政运行", language="zh"), "行政运行"),
        (ox.Literal("plain"), "plain"),
        (ox.NamedNode("https://w3id.org/budgetkg/id/x"), "https://w3id.org/budgetkg/id/x"),
        (ox.BlankNode("b1"), "_:b1"),
        (ox.Literal("12x", datatype=ox.NamedNode(XSD + "integer")), "12x"),  # not an integer: its text
        (None, None),
    ],
)
def test_python_values(term, value):
    converted = python_value(term)
    assert converted == value and type(converted) is type(value)


# -- to_pandas ----------------------------------------------------------------------------------------------


def test_to_pandas_keeps_decimals(seed_kg):
    pytest.importorskip("pandas")
    df = seed_kg.query("provenance", value="947.66").to_pandas()
    assert list(df.columns) == seed_kg.query("provenance", value="947.66").columns
    assert len(df) == 2 and df["amount"].dtype == object
    assert all(type(v) is Decimal for v in df["amount"]) and set(df["amount"]) == {Decimal("947.66") * WAN}
    assert df["amount"].sum() == Decimal("1895.32") * WAN  # exact: summed as Decimals
    assert sorted(df["line"].tolist()) == [598, 676] and str(df["line"].dtype) == "Int64"
    assert df["page"].isna().all()


def test_to_pandas_without_pandas_says_how_to_install(seed_kg, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(BudgetKGError, match=r"pip install 'budgetkg\[pandas\]'"):
        seed_kg.query("provenance", value="947.66").to_pandas()


# -- export -------------------------------------------------------------------------------------------------


def test_export_graphml_and_rdf(seed_kg, tmp_path):
    path = seed_kg.export("graphml", tmp_path / "out" / "network.graphml")
    graph = nx.read_graphml(path)
    units = [n for n, d in graph.nodes(data=True) if d.get("type") == "BudgetUnit"]
    assert len(units) == 10
    assert any(d.get("type") == "Department" and d.get("label") == DEPARTMENT for _, d in graph.nodes(data=True))
    without_codes = nx.read_graphml(seed_kg.export("graphml", tmp_path / "nocodes.graphml", codes=False))
    assert without_codes.number_of_nodes() < graph.number_of_nodes()
    trig = seed_kg.export("trig", str(tmp_path / "kg.trig"))
    graphs = {q.graph_name.value for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)}
    assert graphs == set(seed_kg.documents)
    html = seed_kg.export("html", tmp_path / "view.html", document="baotou-hrss-2025-budget.txt")
    assert DEPARTMENT in html.read_text(encoding="utf-8")


def test_export_errors_are_actionable(seed_kg, tmp_path):
    with pytest.raises(BudgetKGError, match="unknown export format 'png'.*graphml.*jsonld"):
        seed_kg.export("png", tmp_path / "x.png")
    with pytest.raises(BudgetKGError, match=r"unknown export option\(s\) colour.*focus"):
        seed_kg.export("html", tmp_path / "x.html", colour="red")
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "x.html").exists()


# -- the store on disk ---------------------------------------------------------------------------------------


def test_on_disk_store_is_created_closed_and_reopened(tmp_path):
    doc, path = synthetic(tmp_path, 6)
    folder = tmp_path / "new" / "kg"
    with budgetkg.open(folder) as kg:
        assert folder.is_dir() and kg.path == folder
        [result] = kg.ingest([path])
        with pytest.raises(StoreError, match="in use.*kg.close"):
            budgetkg.open(folder)
    assert "closed" in repr(kg)
    with pytest.raises(StoreError, match="closed.*budgetkg.open"):
        _ = kg.documents
    kg.close()  # closing twice is harmless
    with budgetkg.open(str(folder)) as again:
        assert again.documents == [result.document]
        assert again.stats()["observations"] == len(doc.truth.observations)
    assert budgetkg.open(folder).documents == [result.document]  # the lock was released


def test_bad_store_paths(tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("not a store", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        budgetkg.open(file)
    with pytest.raises(StoreError, match="not a budgetkg store: it holds other files.*kg.ingest"):
        budgetkg.open(tmp_path)  # a corpus folder given by mistake is left as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# -- generated documents ------------------------------------------------------------------------------------


def test_generated_document_round_trips_through_the_api(tmp_path):
    doc, path = synthetic(tmp_path, 5)
    kg = budgetkg.open()
    [result] = kg.ingest(path)
    assert result.ok and result.warnings == [] and result.observations == len(doc.truth.observations)
    assert result.units == len(doc.truth.units)
    report = kg.validate()
    assert report.conforms and report.counts() == {"Violation": 0, "Warning": 0, "Info": 0} and not report.findings
    amounts = kg.sparql("SELECT ?a WHERE { ?o a bgt:BudgetObservation ; bgt:amount ?a }").column("a")
    assert all(type(a) is Decimal for a in amounts)
    assert Counter(amounts) == Counter(o.amount for o in doc.truth.observations)
    summary = {t.number for t in doc.truth.tables if t.kind == "expenditure-summary"}
    expected = sum(
        o.amount
        for o in doc.truth.observations
        if o.table in summary and o.measure == "合计" and o.code and len(o.code) == 3 and o.org is None
    )
    [row] = kg.query("department-totals").rows
    assert row["total"] == expected and row["year"] == doc.truth.meta.fiscal_year
    assert row["department"] == doc.truth.meta.department
    df = kg.query("department-totals").to_pandas() if _has_pandas() else None
    if df is not None:
        assert df.loc[0, "total"] == expected and type(df.loc[0, "total"]) is Decimal


def test_generated_discrepancy_is_found_with_its_numbers(tmp_path):
    doc, path = synthetic(tmp_path, 5, inject=("parent-sum",))
    [truth] = doc.injected
    kg = budgetkg.open()
    kg.ingest(path)
    report = kg.validate(min_severity="Violation")
    hits = [
        f
        for f in report.by_rule("ParentEqualsSumOfChildren-Mismatch")
        if f.table == truth["table"] and f.cell.label.startswith(truth["code"]) and f.cell.measure == truth["measure"]
    ]
    assert len(hits) == 1 and report.counts()["Violation"] >= 1
    assert hits[0].value_decimal == Decimal(truth["printed"]) * CENT_OF_WAN
    assert hits[0].expected == Decimal(truth["expected"]) * CENT_OF_WAN


def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def test_the_readme_example_runs(tmp_path, monkeypatch, capsys):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert "../shared/corpus/baotou-hrss-2025-budget.txt" in code
    monkeypatch.chdir(tmp_path)
    exec(compile(code.replace("../shared/corpus/baotou-hrss-2025-budget.txt", str(seed_path())), "README", "exec"), {})
    out = capsys.readouterr().out
    assert "'Violation'" in out and "598" in out and "676" in out
    assert (tmp_path / "kg").is_dir() and DEPARTMENT in (tmp_path / "network.html").read_text(encoding="utf-8")
