"""The numeric shapes read each cell's printed unit, scale and precision from the graph (bgt:printedUnit,
bgt:unitScale, bgt:precision) instead of assuming 万元: a 亿元 table prints its findings in 亿元 and takes its
rounding tolerance from its precision (0.01 亿元 = 1,000,000 元 for two decimals).

The numbers below are typed from the printed figures: 1.23 亿元 = 123,000,000 元; 1.00 + 0.22 = 1.22 亿元.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes import validate
from budgetkg.shapes.render import render
from budgetkg.store import KnowledgeStore

PREFIXES = (Path(__file__).resolve().parent / "shapes" / "prefixes.ttl").read_text(encoding="utf-8")
YI = 'bgt:printedUnit "亿元" ; bgt:unitScale 100000000 ; bgt:precision 1000000'
TABLE = """
ex:doc a bgt:BudgetDocument ; bgt:fiscalYear "2025"^^xsd:gYear ; bgt:documentKind bgt:Budget ; bgt:publisher ex:dept .
ex:dept a bgt:Department .
ex:t3 a bgt:Table ; bgt:tableNumber "3" ; bgt:tableKind "expenditure-summary" ; bgt:reportingUnit "亿元" ;
    dct:isPartOf ex:doc .
ex:c208 a skos:Concept ; skos:notation "208" ; skos:topConceptOf bgt:FunctionalClassification .
ex:c20801 a skos:Concept ; skos:notation "20801" ; skos:broader ex:c208 .
ex:c20805 a skos:Concept ; skos:notation "20805" ; skos:broader ex:c208 .
"""


def _cell(name: str, code: str, amount: str, row: int, figure: str = YI) -> str:
    return (
        f"ex:{name} a bgt:BudgetObservation ; {figure} ; qb:dataSet ex:t3 ; bgt:measure m:total ; "
        f'bgt:budgetPhase ph:budget ; bgt:fiscalYear "2025"^^xsd:gYear ; bgt:organization ex:dept ; '
        f"bgt:amount {amount} ; bgt:classification ex:c{code} ; prov:wasDerivedFrom ex:{name}-src .\n"
        f"ex:{name}-src bgt:row {row} ; bgt:line {100 + row} .\n"
    )


def _store(children: tuple[str, str], figure: str = YI, parent: str = "123000000") -> KnowledgeStore:
    """表3: 208 (printed 1.23 亿元 unless told), its children 20801 and 20805 (amounts in 元)."""
    text = (
        TABLE
        + _cell("p", "208", parent, 1, figure)
        + _cell("k1", "20801", children[0], 2, figure)
        + _cell("k2", "20805", children[1], 3, figure)
    )
    kg = KnowledgeStore()
    kg.replace_graph("https://example.org/fixture/graph", Graph().parse(data=PREFIXES + text, format="turtle"))
    return kg


def _only(kg: KnowledgeStore, rule: str):
    report = validate(kg)
    assert report.keys() == validate(kg, engine="pyshacl", workers=1).keys()  # both engines agree
    [finding] = report.by_rule(rule)
    return finding


def test_yi_table_difference_of_one_last_digit_is_rounding_printed_in_yi():
    kg = _store(("100000000", "22000000"))  # 1.00 + 0.22 = 1.22 亿元 against 1.23 亿元
    f = _only(kg, "ParentEqualsSumOfChildren-Rounding")
    # three figures of 0.01 亿元: the interval is 3 half-units (1,500,000 元); one unit off is inside it (Info)
    assert f.severity == "Info" and f.unit == "亿元"
    assert (f.tolerance, f.difference) == (Decimal(1500000), Decimal(1000000))
    assert (str(f.printed), str(f.expected_printed), str(f.difference_printed)) == ("1.23", "1.22", "0.01")
    assert f.message_zh == "上级科目金额 1.23 与下级科目之和 1.22 相差 0.01亿元（尾差）"
    assert validate(kg).by_rule("ParentEqualsSumOfChildren-Mismatch") == []
    data = json.loads(render(validate(kg), "json"))
    [j] = [x for x in data["findings"] if x["rule"] == "ParentEqualsSumOfChildren-Rounding"]
    assert (j["unit"], j["printed"], j["tolerance_yuan"], j["cell"]["printed"], j["cell"]["unit"]) == (
        "亿元",
        "1.23",
        "1500000",
        "1.23",
        "亿元",
    )


def test_yi_table_larger_difference_is_a_mismatch():
    kg = _store(("100000000", "20000000"))  # 1.00 + 0.20 = 1.20 亿元 against 1.23 亿元
    f = _only(kg, "ParentEqualsSumOfChildren-Mismatch")
    assert f.severity == "Violation" and f.unit == "亿元" and f.tolerance == Decimal(1500000)
    assert (str(f.printed), str(f.expected_printed), str(f.difference_printed)) == ("1.23", "1.20", "0.03")
    assert validate(kg).by_rule("ParentEqualsSumOfChildren-Rounding") == []


def test_tolerance_follows_the_printed_decimals():
    # a 万元 table printing whole numbers: 123 = 100 + 22 万元 is off by one unit of the last digit, 10,000 元
    wan0 = 'bgt:printedUnit "万元" ; bgt:unitScale 10000 ; bgt:precision 10000'
    f = _only(_store(("1000000", "220000"), wan0, parent="1230000"), "ParentEqualsSumOfChildren-Rounding")
    assert (f.unit, f.tolerance, f.difference) == ("万元", Decimal(15000), Decimal(10000))
    assert (str(f.printed), str(f.expected_printed)) == ("123.00", "122.00")


YI_DOCUMENT = """# 2025年度测试市财政局部门预算公开

批复时间：2025年1月10日

公开时间：2025年1月20日

表3

单位：亿元

## 支出总表

科目编码\t科目名称\t合计\t基本支出\t项目支出
208\t社会保障和就业支出\t1.23\t1.23\t
20801\t人力资源和社会保障管理事务\t1.00\t1.00\t
20805\t行政事业单位养老支出\t0.22\t0.22\t
\t合计\t1.23\t1.23\t
"""


@pytest.fixture
def yi_store(tmp_path) -> KnowledgeStore:
    path = tmp_path / "test-yi-2025-budget.txt"
    path.write_text(YI_DOCUMENT, encoding="utf-8")
    kg = KnowledgeStore()
    assert ingest_file(path, kg).error is None
    return kg


def test_ingested_yi_cells_carry_unit_scale_and_precision(yi_store):
    rows = list(
        yi_store.select(
            "PREFIX bgt: <https://w3id.org/budgetkg/ontology#> "
            "SELECT DISTINCT ?printed ?unit ?scale ?precision WHERE { ?o a bgt:BudgetObservation ; "
            "bgt:printedAmount ?printed ; bgt:printedUnit ?unit ; bgt:unitScale ?scale ; bgt:precision ?precision }"
        )
    )
    assert {(r["unit"].value, r["scale"].value, r["precision"].value) for r in rows} == {
        ("亿元", "100000000", "1000000")
    }
    assert {r["printed"].value for r in rows} == {"1.23", "1", "0.22"}  # canonical xsd:decimal


def test_ingested_yi_table_findings_are_printed_in_yi(yi_store):
    findings = validate(yi_store).by_rule("ParentEqualsSumOfChildren-Rounding")
    assert {(f.cell.measure, str(f.printed), str(f.expected_printed), f.unit) for f in findings} == {
        ("合计", "1.23", "1.22", "亿元"),
        ("基本支出", "1.23", "1.22", "亿元"),
    }
    assert {f.tolerance for f in findings} == {Decimal(1500000)}  # 3 figures × half of 0.01 亿元
    assert validate(yi_store).by_rule("ParentEqualsSumOfChildren-Mismatch") == []
