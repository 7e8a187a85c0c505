"""Hygiene rules (shapes/hygiene.shapes.ttl) on the seed as printed, on the seed with careless edits planted in
its text, and on real PDFs whose headings abbreviate the department or whose dates and comparisons are right.

Line numbers are the seed file's (text), pages were read off the rendered PDF pages."""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetkg
from budgetkg.ingest.narrative.headings import named_body
from tests.corpus import seed_path, shared_file

RULES = (
    "PlaceholderLeftInText",
    "HeadingYearMatchesDocument",
    "ComparisonYearIsPreviousYear",
    "YearEndDateFitsDocument",
    "HeadingNamesDocumentBody",
)
HEADINGS = """SELECT ?title ?line ?page ?names ?table WHERE {
  ?h a bgt:Heading ; dct:title ?title ; prov:wasDerivedFrom ?s .
  OPTIONAL { ?s bgt:line ?line } OPTIONAL { ?s bgt:page ?page } OPTIONAL { ?h bgt:namesOrganisation ?names }
  OPTIONAL { ?s bgt:table/bgt:tableNumber ?table } }"""


def _validate(path: Path):
    kg = budgetkg.open()
    [result] = kg.ingest(path)
    assert not result.error, result.error
    return kg, kg.validate()


def _hygiene(report) -> list:
    return [f for f in report.findings if f.rule in RULES]


def _outcomes(report) -> dict[str, str]:
    return {o.rule: str(o.outcome) for o in report.rules if o.rule in RULES}


def _planted(tmp_path: Path, edits: dict[int, tuple[str, str]]) -> Path:
    """The seed with ``edits`` (line -> (printed, replacement)) applied; each printed text must be on its line."""
    lines = seed_path().read_text(encoding="utf-8").split("\n")
    for number, (printed, replacement) in edits.items():
        assert printed in lines[number - 1], (number, lines[number - 1][:80])
        lines[number - 1] = lines[number - 1].replace(printed, replacement)
    path = tmp_path / "baotou-hrss-2025-budget.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed():
    kg, report = _validate(seed_path())
    yield kg, report
    kg.close()


def test_the_seed_headings_are_in_the_graph_with_their_lines(seed):
    kg, _report = seed
    rows = kg.sparql(HEADINGS).rows
    by_line = {r["line"]: r for r in rows if r["line"] is not None}
    # line 3: "# 2025 年度包头市人力资源和社会保障局 (部门)预算公开", the title, naming the department after its year
    assert by_line[3]["names"] == "包头市人力资源和社会保障局"
    # lines 17 (contents) and 168 (the part itself): "第二部分 2025 年度部门预算情况说明"
    assert by_line[17]["title"] == by_line[168]["title"] == "第二部分2025年度部门预算情况说明"
    assert by_line[362]["title"] == "（一）就业创业服务补助"
    # line 548: "## 收支总表", the title of table 1, kept once, as the table's
    assert by_line[548]["title"] == "收支总表" and by_line[548]["table"] == "1"
    assert sum(1 for r in rows if r["line"] == 548) == 1
    # body text is no heading: line 70 "（一）贯彻执行国家、自治区人力资源…" is a long numbered paragraph
    assert 70 not in by_line


def test_the_seed_as_printed_has_no_hygiene_finding_and_says_what_did_not_apply(seed):
    _kg, report = seed
    assert _hygiene(report) == []
    outcomes = _outcomes(report)
    assert outcomes["HeadingYearMatchesDocument"] == "passed"
    assert outcomes["HeadingNamesDocumentBody"] == "passed"
    assert outcomes["PlaceholderLeftInText"] == "passed"
    # the seed compares only with 上年 and gives no 截至…12月31日 date: nothing for these rules to read
    assert outcomes["ComparisonYearIsPreviousYear"] == "not-applicable"
    assert outcomes["YearEndDateFitsDocument"] == "not-applicable"


def test_planted_edits_are_each_found_on_their_line(tmp_path):
    path = _planted(
        tmp_path,
        {
            64: ("# 第一部分 部门概况", "# 第一部分 包头市财政局部门概况"),  # another body's template
            66: ("一、主要职能职责", "一、包头市就业服务中心主要职能职责"),  # one of its own units: fine
            168: ("第二部分 2025 年度部门预算情况说明", "第二部分 2024 年度部门预算情况说明"),
            326: ("津贴补贴 1499.56 万元", "津贴补贴 XX 万元"),
            336: ("比上年预算增加 1.51 万元", "比2023年预算增加 1.51 万元"),  # the year before 2025 is 2024
            338: ("比上年预算增加 0 万元", "比2024年预算增加 0 万元"),  # right
            506: ("本部门共有车辆 48 辆", "截至2023年12月31日，本部门共有车辆 48 辆"),  # should be 2024
        },
    )
    kg, report = _validate(path)
    kg.close()
    found = {(f.rule, f.cell.line if f.cell else None, f.value) for f in _hygiene(report)}
    paragraph = next(v for rule, _line, v in found if rule == "PlaceholderLeftInText")
    assert "津贴补贴XX万元" in paragraph  # the statement's paragraph, as read
    assert found == {
        ("HeadingNamesDocumentBody", 64, "包头市财政局"),
        ("HeadingYearMatchesDocument", 168, "2024"),
        ("PlaceholderLeftInText", 326, paragraph),
        ("ComparisonYearIsPreviousYear", 336, "2023"),
        ("YearEndDateFitsDocument", 506, "2023"),
    }
    severities = {f.rule: str(f.severity) for f in _hygiene(report)}
    assert severities["HeadingNamesDocumentBody"] == "Warning"
    assert severities["HeadingYearMatchesDocument"] == "Violation"


def test_an_abbreviated_department_in_a_heading_is_the_same_body():
    # jiangsu-npc-office-2017-budget.pdf page 1, the contents: "第二部分 省人大办公厅 2017 年度部门预算表" in the
    # budget of 江苏省人大常委会办公厅
    kg, report = _validate(shared_file("corpus/pdf/jiangsu-npc-office-2017-budget.pdf"))
    try:
        rows = kg.sparql(HEADINGS).rows
    finally:
        kg.close()
    assert any(r["page"] == 1 and r["names"] == "省人大办公厅" for r in rows)
    assert report.by_rule("HeadingNamesDocumentBody") == []
    assert _outcomes(report)["HeadingNamesDocumentBody"] == "passed"


def test_final_accounts_dated_at_the_end_of_their_year_and_compared_with_the_year_before():
    # shanghai-putuo-finance-2024-final-accounts.pdf page 24: "截至2024年12月31日，上海市普陀区财政局共有车辆0辆"
    # and "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%"
    kg, report = _validate(shared_file("corpus/pdf/shanghai-putuo-finance-2024-final-accounts.pdf"))
    kg.close()
    outcomes = _outcomes(report)
    assert outcomes["YearEndDateFitsDocument"] == "passed"
    assert outcomes["ComparisonYearIsPreviousYear"] == "passed"
    assert _hygiene(report) == []


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        ("第三部分上海市普陀区财政局2024年度部门决算情况说明", "上海市普陀区财政局"),
        ("西南大学收支预算总表", "西南大学"),
        ("（一）高等学校收支决算总表说明", None),  # the template's kind of body, not a body
        ("上海市普陀区2025年区级部门预算", None),  # a district, not a body
        ("（二）包头市人力资源和社会保障局“一窗式”综合受理窗口工作人员经费", None),  # a project
        ("（一）社会保障和就业支出（类）", None),
    ],
)
def test_the_body_a_heading_names(heading, body):
    assert named_body(heading) == body
