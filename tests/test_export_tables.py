"""The tabular export (csv, parquet, datapackage) of the seed: values read off the seed, counts equal to the
store's, exact decimals after a round trip, a valid Frictionless data package, pandas reads every file."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from budgetkg.errors import BudgetKGError
from budgetkg.export import TABLE_WRITERS, export_tables
from budgetkg.export.schema import SPECS
from budgetkg.shapes import validate
from tests.conftest import ingest_seed_with_cli, run_cli, write_synthetic
from tests.corpus import seed_path, shared_file

SEED_TABLES = Path(__file__).parent / "fixtures" / "seed_tables.csv"
DEPARTMENT = "包头市人力资源和社会保障局"
# what each table counts, asked of the store directly (not through the export's queries)
STORE_COUNTS = {
    "documents": "?x a bgt:BudgetDocument",
    "tables": "?x a bgt:Table",
    "observations": "?x a bgt:BudgetObservation",
    "projects": "?x a bgt:Project",
    "indicators": "?x a bgt:PerformanceIndicator",
    "citations": "?x a bgt:Citation",
    "statements": "?x a bgt:NarrativeStatement",
}


@pytest.fixture(scope="module")
def exported(seed_store, tmp_path_factory) -> dict[str, Path]:
    """The seed exported once to each tabular format."""
    root = tmp_path_factory.mktemp("tables")
    for fmt in TABLE_WRITERS:
        export_tables(seed_store, fmt, root / fmt)
    return {fmt: root / fmt for fmt in TABLE_WRITERS}


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _store_count(store, pattern: str) -> int:
    row = next(store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }}"))
    return int(row["n"].value)


def test_every_table_has_one_row_per_thing_in_the_store(seed_store, exported):
    for fmt in ("csv", "datapackage"):
        for table, pattern in STORE_COUNTS.items():
            assert len(_rows(exported[fmt], table)) == _store_count(seed_store, pattern), (fmt, table)
    assert len(_rows(exported["csv"], "findings")) == len(validate(seed_store).findings)
    assert len(_rows(exported["csv"], "observations")) == 349  # the seed's cells (README of the corpus)


def test_table_3_cells_carry_the_values_printed_on_their_lines(exported):
    """表3 支出总表 cells of tests/fixtures/seed_tables.csv (hand-read) and lines 596 and 598 read for this test:
    208 社会保障和就业支出 9,515.27 / 7,354.47 / 2,160.80 and 2080101 行政运行 947.66 / 943.16 / 4.50 万元."""
    cells = {
        (r["code"] or r["line_item"], r["measure"], r["phase"]): r
        for r in _rows(exported["csv"], "observations")
        if r["table_number"] == "3"
    }
    with SEED_TABLES.open(encoding="utf-8") as handle:
        expected = [r for r in csv.DictReader(x for x in handle if not x.startswith("#")) if r["table"] == "3"]
    assert len(expected) >= 20
    for want in expected:
        got = cells[(want["key"], want["measure"], want["phase"])]
        assert Decimal(got["printed_amount"]) == Decimal(want["printed"]), want
        assert Decimal(got["amount_yuan"]) == Decimal(want["printed"]) * 10000, want
        assert got["line"] == want["line"] and got["fiscal_year"] == want["year"], want
    row = cells[("208", "合计", "预算数")]
    assert (row["amount_yuan"], row["printed_amount"], row["printed_unit"]) == ("95152700", "9515.27", "万元")
    assert (row["line"], row["table_title"], row["code_name"], row["scheme"]) == (
        "596",
        "支出总表",
        "社会保障和就业支出",
        "functional",
    )
    assert (row["department"], row["kind"], row["fiscal_year"], row["precision"]) == (DEPARTMENT, "预算", "2025", "100")
    assert cells[("2080101", "项目支出", "预算数")]["amount_yuan"] == "45000"  # 4.50 万元, line 598
    assert cells[("2080101", "基本支出", "预算数")]["source_text"].startswith("2080101\t行政运行\t947.66")


def test_projects_indicators_citations_and_statements_as_printed(exported):
    folder = exported["csv"]
    # line 971: 凭证资料费弥补成本支出 401003-包头市社会保险事业服务中心 … 5.00;
    # its first indicator: 印刷差错率 反向 小于等于 0 % 7
    projects = {r["name"]: r for r in _rows(folder, "projects")}
    voucher = projects["凭证资料费弥补成本支出"]
    assert (voucher["amount_yuan"], voucher["unit_code"], voucher["unit"]) == (
        "50000",
        "401003",
        "包头市社会保险事业服务中心",
    )
    assert voucher["line"] == "971"
    indicators = [r for r in _rows(folder, "indicators") if r["project"] == voucher["project"]]
    first = next(r for r in indicators if r["name"] == "印刷差错率")
    assert (first["comparator"], first["target_number"], first["measurement_unit"], first["weight"]) == (
        "小于等于",
        "0",
        "%",
        "7",
    )
    assert int(voucher["indicators"]) == len(indicators)
    # line 986: 劳动能力鉴定业务经费 18.00 万元; its indicator 专家补助成本 反向 小于等于 35.52 万元 分值 5
    appraisal = next(r for name, r in projects.items() if name.startswith("劳动能力鉴定业务经费"))
    assert appraisal["amount_yuan"] == "180000"
    cost = next(
        r for r in _rows(folder, "indicators") if r["project"] == appraisal["project"] and r["name"] == "专家补助成本"
    )
    assert (cost["target_number"], cost["measurement_unit"], cost["weight"], cost["nature"]) == (
        "35.52",
        "万元",
        "5",
        "反向",
    )
    # line 370: 《内蒙古自治区人民政府关于进一步做好新形势下就业创业工作的实施意见》、（内政发〔2015〕103 号）
    cited = [r for r in _rows(folder, "citations") if r["document_number"] == "内政发〔2015〕103号"]
    assert cited and all(r["issuer"] == "内蒙古自治区人民政府" and r["issue_year"] == "2015" for r in cited)
    assert all(r["project"] in {p["project"] for p in projects.values()} for r in cited)
    # line 172: 预算总计 10317.25 万元，与上年相比 … 减少 6931.12 万元，减少 40.18%
    total = next(r for r in _rows(folder, "statements") if r["line"] == "172" and r["stated_amount"] == "103172500")
    assert (total["stated_change"], total["stated_change_percent"], total["printed_unit"]) == (
        "-69311200",
        "-40.18",
        "万元",
    )


def test_decimals_round_trip_exactly_through_csv_and_parquet(seed_store, exported):
    truth = {
        r["o"].value: Decimal(r["a"].value)
        for r in seed_store.select("SELECT ?o ?a WHERE { GRAPH ?g { ?o a bgt:BudgetObservation ; bgt:amount ?a } }")
    }
    frame = pd.read_csv(exported["csv"] / "observations.csv", converters={"amount_yuan": Decimal})
    assert dict(zip(frame["observation"], frame["amount_yuan"])) == truth
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(exported["parquet"] / "observations.parquet")
    assert str(table.schema.field("amount_yuan").type) == "decimal128(38, 0)"
    assert str(table.schema.field("printed_amount").type) == "decimal128(38, 2)"
    rows = table.to_pylist()
    assert {r["observation"]: r["amount_yuan"] for r in rows} == truth
    assert all(isinstance(r["printed_amount"], Decimal) for r in rows)
    assert all(r["amount_yuan"] == r["printed_amount"] * r["unit_scale"] for r in rows)
    assert pq.read_table(exported["parquet"] / "projects.parquet").num_rows == _store_count(
        seed_store, "?x a bgt:Project"
    )


def test_pandas_reads_every_csv_without_help(exported):
    for spec in SPECS:
        frame = pd.read_csv(exported["csv"] / f"{spec.name}.csv")
        assert list(frame.columns) == spec.column_names, spec.name
    head = (exported["csv"] / "observations.csv").read_bytes()[:3]
    assert head != b"\xef\xbb\xbf"  # no BOM: R's read.csv would keep it in the first column's name
    assert set(pd.read_csv(exported["csv"] / "tables.csv")["title"]) >= {"收支总表", "支出总表"}


def test_the_data_package_passes_frictionless_validate(exported):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(exported["datapackage"] / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads((exported["datapackage"] / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == {s.name for s in SPECS}
    fields = {f["name"]: f for f in resources["observations"]["schema"]["fields"]}
    assert fields["amount_yuan"]["type"] == "number" and fields["line"]["type"] == "integer"
    assert {"fields": ["project"], "reference": {"resource": "projects", "fields": ["project"]}} in resources[
        "indicators"
    ]["schema"]["foreignKeys"]


def test_frictionless_catches_a_dangling_reference(exported, tmp_path):
    """The keys are declared, not decoration: an indicator whose project is not in projects.csv fails."""
    frictionless = pytest.importorskip("frictionless")
    broken = shutil.copytree(exported["datapackage"], tmp_path / "broken")
    path = broken / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("project")] = "https://example.org/no-such-project"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    report = frictionless.validate(broken / "datapackage.json")
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_parquet_without_pyarrow_is_a_clear_error(seed_store, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    with pytest.raises(BudgetKGError, match=r"budgetkg\[parquet\]"):
        export_tables(seed_store, "parquet", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_the_folder_as_it_was(seed_store, tmp_path, monkeypatch):
    target = tmp_path / "out"
    export_tables(seed_store, "csv", target, findings=False)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def broken(tables, folder):
        (folder / "documents.csv").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(TABLE_WRITERS, "csv", broken)
    with pytest.raises(BudgetKGError, match="No space left"):
        export_tables(seed_store, "csv", target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_leaving_findings_out_removes_an_earlier_findings_file(seed_store, tmp_path):
    export_tables(seed_store, "csv", tmp_path / "out")
    assert (tmp_path / "out" / "findings.csv").exists()
    counts = export_tables(seed_store, "csv", tmp_path / "out", findings=False)
    assert "findings" not in counts and not (tmp_path / "out" / "findings.csv").exists()


def test_cli_datapackage_and_clear_errors(tmp_path):
    store = ingest_seed_with_cli(tmp_path / "kg")
    out = tmp_path / "pkg"
    done = run_cli("export", "--format", "datapackage", "-o", str(out), "--store", str(store), "--no-findings")
    assert done.returncode == 0, done.stderr
    assert "observations 349" in done.stdout and (out / "datapackage.json").exists()
    bad = run_cli("export", "--format", "xlsx", "-o", str(tmp_path / "x"), "--store", str(store))
    assert bad.returncode == 2 and "unknown export format 'xlsx'" in bad.stderr and "datapackage" in bad.stderr
    onto_file = run_cli("export", "--format", "csv", "-o", str(out / "datapackage.json"), "--store", str(store))
    assert onto_file.returncode == 2 and "write a folder" in onto_file.stderr
    focus = run_cli("export", "--format", "csv", "--focus", "208", "-o", str(tmp_path / "y"), "--store", str(store))
    assert focus.returncode == 2 and "--focus" in focus.stderr


def test_api_export_writes_the_tables_of_the_chosen_documents(tmp_path):
    import budgetkg

    with budgetkg.open() as kg:
        with pytest.raises(BudgetKGError, match="no documents"):
            kg.export("csv", tmp_path / "empty")
        with pytest.raises(BudgetKGError, match="unknown option"):
            kg.export("csv", tmp_path / "x", focus="208")
        kg.ingest([seed_path(), write_synthetic(tmp_path, 7)])
        both = kg.export("csv", tmp_path / "both", findings=False)
        path = kg.export("csv", tmp_path / "api", findings=False, document="baotou-hrss-2025-budget.txt")
        with pytest.raises(BudgetKGError, match="no document matches"):
            kg.export("csv", tmp_path / "none", document="no-such-file.txt")
    assert path == tmp_path / "api"
    assert len(_rows(both, "documents")) == 2 and len(_rows(both, "observations")) > 349
    assert len(_rows(path, "documents")) == 1 and len(_rows(path, "observations")) == 349
    assert {r["document"] for r in _rows(path, "observations")} == {_rows(path, "documents")[0]["document"]}
    assert not (path / "findings.csv").exists()


def test_a_pdf_disclosure_exports_its_pages_and_printed_unit(tmp_path):
    """shanghai-putuo-commerce-2025-budget.pdf page 9 (read off the rendered page): 2025年部门财务收支预算总表,
    编制部门：上海市普陀区商务委员会, 单位：元; 一、一般公共服务支出 21,601,733.00, 七、住房保障支出 2,849,034.00."""
    import budgetkg

    with budgetkg.open() as kg:
        kg.ingest(shared_file("corpus/pdf/shanghai-putuo-commerce-2025-budget.pdf"))
        folder = kg.export("datapackage", tmp_path / "pkg", findings=False)
    frame = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    summary = frame[(frame["table_title"] == "2025年部门财务收支预算总表") & (frame["page"] == "9")]
    by_code = {r["code"]: r for _, r in summary.iterrows() if r["code"]}
    assert by_code["201"]["amount_yuan"] == "21601733" and by_code["221"]["amount_yuan"] == "2849034"
    assert set(summary["printed_unit"]) == {"元"} and set(summary["line"]) == {""}
    assert set(frame["department"]) == {"上海市普陀区商务委员会"}
    frictionless = pytest.importorskip("frictionless")
    assert frictionless.validate(folder / "datapackage.json").valid
