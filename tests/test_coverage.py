"""The extraction coverage record (model, graph, ingest summary) and the warnings for sections that gave nothing.

The seed's expected tables were counted by hand in ``baotou-hrss-2025-budget.txt``: its table of contents
(lines 40–62) lists twelve tables; it prints ten: 单位情况表 (line 104), 表1 收支总表 (548), 表3 支出总表 (591),
表4 财政拨款收支总表 (625), 表5 一般公共预算支出表 (668), 表6 一般公共预算基本支出表 (703), 表7 "三公"经费支出表
(750), 表8 政府性基金预算支出表 (771), 表9 国有资本经营预算支出表 (783) and 项目绩效目标表 (795); 收入总表 (listed
at line 42), 项目支出表 (58) and 政府采购预算表 (62) are not printed.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Literal

from budgetkg.ingest.coverage import ListedEntry, Yield, check_table_yield, listed_not_found
from budgetkg.ingest.enums import TableKind
from budgetkg.ingest.model import DocumentMeta, Extraction, SourceLine, SourceRef, TableInfo
from budgetkg.ingest.pipeline import extract_file, prepare_file
from budgetkg.ingest.rdf.mapper import document_iri, to_graph
from budgetkg.ontology.namespaces import BGT
from tests.corpus import seed_path, shared_file

SILENCE = Path(__file__).parent / "fixtures" / "silence"
SEED_KINDS = {
    "units": 1,
    "income-expenditure-summary": 1,
    "expenditure-summary": 1,
    "fiscal-appropriation-summary": 1,
    "general-public-budget-expenditure": 1,
    "basic-expenditure-economic": 1,
    "three-public": 1,
    "government-fund-expenditure": 1,
    "state-capital-expenditure": 1,
    "performance-targets": 1,
}
SEED_MISSING = [("收入总表", 42), ("项目支出表", 58), ("政府采购预算表", 62)]


def _count(g, cls) -> int:
    return len(set(g.subjects(RDF.type, cls)))


def test_seed_coverage_counts_the_tables_it_prints(seed_extraction):
    c = seed_extraction.coverage
    assert c is not None
    assert (c.tables, c.tables_recognised) == (10, 10)
    assert c.found == SEED_KINDS and c.recognised == SEED_KINDS
    assert c.listed_not_found == tuple(title for title, _ in SEED_MISSING)
    for title, line in SEED_MISSING:
        assert f"table '{title}' is listed in the table of contents but was not found (line {line})" in {
            str(w) for w in seed_extraction.warnings
        }
    assert c.warnings == len(seed_extraction.warnings)


def test_seed_coverage_in_the_graph_agrees_with_what_the_graph_holds(seed_extraction):
    g = to_graph(seed_extraction)
    doc = document_iri(seed_extraction)
    (node,) = g.objects(doc, BGT.coverage)
    assert (node, RDF.type, BGT.ExtractionCoverage) in g

    def count(prop):
        return g.value(node, prop).toPython()

    assert (count(BGT.tablesFound), count(BGT.tablesRecognised), count(BGT.tablesNotRecognised)) == (10, 10, 0)
    assert count(BGT.observationCount) == _count(g, BGT.BudgetObservation)
    assert count(BGT.statementCount) == _count(g, BGT.NarrativeStatement)
    assert count(BGT.projectCount) == _count(g, BGT.Project)
    assert count(BGT.indicatorCount) == _count(g, BGT.PerformanceIndicator)
    assert count(BGT.warningCount) == len(list(g.objects(doc, BGT.extractionWarning)))
    kinds = {
        str(g.value(k, BGT.coveredKind)): g.value(k, BGT.tablesFound).toPython()
        for k in g.objects(node, BGT.kindCoverage)
    }
    assert kinds == SEED_KINDS
    assert set(g.objects(node, BGT.listedTableNotFound)) == {Literal(t, lang="zh") for t, _ in SEED_MISSING}


def test_seed_summary_line_shows_the_coverage():
    result = prepare_file(seed_path()).result
    c = result.coverage
    assert result.summary().startswith(
        f"{seed_path()}: 10 tables (10 recognised), {result.observations} observations, {c.statements} statements, "
        f"{c.projects} projects, {c.indicators} indicators, "
    )
    assert "given by the user" not in result.summary() and "from the" not in result.summary()  # all from the title


def test_a_section_or_table_that_gives_nothing_is_a_warning():
    # a 情况说明 part (heading at line 13, listed at line 5) that states no figure; a 项目绩效目标表 (line 47) with
    # its header and no project row; 政府采购预算表 listed (三、) at line 11 and never printed (表3 is 人员情况表, line
    # 39, not recognised); 支出总表 (line 27) read
    ex = extract_file(SILENCE / "no-figure-no-project.txt")
    warnings = {str(w) for w in ex.warnings}
    assert warnings == {
        "the explaining part '第二部分2024年度部门预算情况说明' gave no statement: no amount in it could be read "
        "(line 13)",
        "table '项目绩效目标表' (performance-targets) gave no project (table 2, line 47)",
        "table '人员情况表' not recognised (header: 序号 | 类别 | 人数) (table 3, line 39)",
        "table '政府采购预算表' is listed in the table of contents but was not found (line 11)",
    }
    c = ex.coverage
    assert (c.tables, c.tables_recognised, c.statements, c.projects, c.indicators) == (3, 2, 0, 0, 0)
    assert c.listed_not_found == ("政府采购预算表",)
    assert c.found == {"expenditure-summary": 1, "performance-targets": 1, "unknown": 1}
    assert c.recognised == {"expenditure-summary": 1, "performance-targets": 1}
    summary = prepare_file(SILENCE / "no-figure-no-project.txt").result.summary()
    assert (
        ": 3 tables (2 recognised), 12 observations, 0 statements, 0 projects, 0 indicators, 0 units, 4 warnings"
        in summary
    )


def _info(kind: TableKind, empty: bool = False, read: bool = True) -> TableInfo:
    return TableInfo("5", "某表", kind, "万元", empty=empty, read=read, source=SourceRef(line=7))


def test_a_recognised_table_that_added_nothing_of_its_kind_is_a_warning():
    ex = Extraction(meta=DocumentMeta("测试局", 2024, "Budget", "测试局2024年度部门预算"))
    before = Yield(observations=3, units=1, projects=2, indicators=5)
    check_table_yield(_info(TableKind.GPB_FUNCTION), before, before, ex)
    check_table_yield(_info(TableKind.GPB_FUNCTION, empty=True), before, before, ex)  # printed no amount: isEmpty
    check_table_yield(_info(TableKind.UNKNOWN, read=False), before, before, ex)  # already warned as unrecognised
    check_table_yield(_info(TableKind.PERFORMANCE), before, Yield(3, 1, 3, 5), ex)  # a project, no indicator
    check_table_yield(_info(TableKind.UNITS), before, before, ex)
    check_table_yield(_info(TableKind.PROJECTS), before, before, ex)  # read through the narrative: nothing here
    assert [str(w) for w in ex.warnings] == [
        "table '某表' (general-public-budget-expenditure) gave no amount: its rows or columns were not understood "
        "(table 5, line 7)",
        "table '某表' (performance-targets) gave no performance indicator (table 5, line 7)",
        "table '某表' (units) gave no budget unit (table 5, line 7)",
    ]


def test_listed_tables_match_printed_titles_that_word_them_differently():
    # jiangsu-high-court-2019-budget.pdf: the contents (page 2) list twelve tables; 十、政府性基金财政拨款支出预算表
    # is printed as 公开10表 政府性基金预算财政拨款支出预算表 and 九、一般公共预算"三公"经费、会议费、培训费支出预算表
    # as 公开09表 "三公"经费、会议费、培训费支出预算表 (page 14)
    ex = extract_file(shared_file("corpus/pdf/jiangsu-high-court-2019-budget.pdf"))
    assert ex.coverage.listed_not_found == ()
    assert not [w for w in ex.warnings if "listed in the table of contents" in str(w)]


def test_a_part_named_like_a_table_is_not_a_listed_table():
    # chongqing-swu-2024-final-accounts.pdf page 7: "二、2024年度部门决算报表" heads the part holding the tables
    ex = extract_file(shared_file("corpus/pdf/chongqing-swu-2024-final-accounts.pdf"))
    assert "2024年度部门决算报表" not in ex.listed_tables
    assert ex.coverage.listed_not_found == ()


def test_a_listed_table_is_matched_once_by_title_then_number_then_words_left_out():
    ex = Extraction(meta=DocumentMeta("测试局", 2024, "Budget", "测试局2024年度部门预算"))
    ex.tables = [
        TableInfo("公开05表", "财政拨款支出预算表（功能科目）", TableKind.GPB_FUNCTION, "万元"),
        TableInfo("x1", "财政拨款收支总表", TableKind.FISCAL_SUMMARY, "万元"),
        TableInfo("7", "项目表", TableKind.PROJECTS, "万元"),
        TableInfo("9", "人员情况表", TableKind.UNKNOWN, "万元"),
        TableInfo("x2", "财政拨款政府性基金支出预算表", TableKind.GOV_FUND, "万元"),
    ]
    entries = [
        ListedEntry("财政拨款支出预算表", "5", SourceLine("五、财政拨款支出预算表", line=5)),
        ListedEntry("收支总表", "1", SourceLine("一、收支总表", line=1)),  # its words are in 财政拨款收支总表
        ListedEntry("财政拨款收支总表", "4", SourceLine("四、财政拨款收支总表", line=4)),  # the same title: first
        ListedEntry("项目支出表", "7", SourceLine("七、项目支出表", line=7)),  # the 项目 table numbered 7
        ListedEntry("政府采购预算表", "9", SourceLine("九、政府采购预算表", line=9)),  # 表9 is another kind
        ListedEntry("政府性基金支出预算表", "8", SourceLine("八、政府性基金支出预算表", line=8)),  # words left out
    ]
    assert [e.title for e in listed_not_found(entries, ex)] == ["收支总表", "政府采购预算表"]
