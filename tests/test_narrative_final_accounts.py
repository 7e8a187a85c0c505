"""Narratives of 决算 and central-template disclosures: amounts, changes, shares, and 年初预算 against 决算.

Expected values were read off the printed pages (PDF page numbers; the folio printed on the page is
smaller). The Shanghai 决算 paragraphs are typed from its page 22 as hand-written text, because that PDF's
narrative lines are still broken by the reader (figures set on a shifted baseline).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import DocumentMeta, Extraction, SourceLine
from budgetkg.ingest.narrative.figures import extract_narrative
from budgetkg.ingest.narrative.sections import explanation_lines
from budgetkg.ingest.pipeline import read_source
from budgetkg.ingest.rdf.mapper import to_graph
from budgetkg.ontology.namespaces import BGT
from budgetkg.resources import ontology_graph
from tests.corpus import shared_file

W = Decimal(10000)  # 万元 in 元


@pytest.fixture(scope="module")
def swu_final():
    return extract(read_source(shared_file("corpus/pdf/chongqing-swu-2024-final-accounts.pdf")))


def test_central_final_accounts_shares_and_coded_final_amounts(swu_final):
    by_section = {(f.section, f.topic): f for f in swu_final.narrative if f.topic}
    # page 17, （三）高等学校支出决算表说明: 基本支出 367,180.56 万元，占总支出的 76.26%
    basic = by_section[("高等学校支出决算表说明", "基本支出")]
    assert (basic.amount, basic.share_percent, basic.source.page) == (Decimal("367180.56") * W, Decimal("76.26"), 17)
    assert basic.share_base == "总支出"  # the whole the share names
    small = next(f for f in swu_final.narrative if f.topic == "授予小微企业合同金额")  # page 19
    assert (small.amount, small.share_percent, small.share_base) == (
        Decimal("7295.12") * W,
        Decimal("60.02"),
        "授予中小企业合同金额",
    )
    # page 17, （四）高等学校财政拨款支出决算表说明: 基本支出 209,899.51 万元，占总支出的 78.68% — 财政拨款 only
    fiscal = by_section[("高等学校财政拨款支出决算表说明", "财政拨款基本支出")]
    assert (fiscal.amount, fiscal.share_percent) == (Decimal("209899.51") * W, Decimal("78.68"))
    by_code = {f.code: f for f in swu_final.narrative if f.code}
    # 1.小学教育（2050202），2024年度决算数为 8,627.17 万元，比2023年度决算数增长 8.24%
    primary = by_code["2050202"]
    assert (primary.amount, primary.final, primary.change_percent) == (
        Decimal("8627.17") * W,
        Decimal("8627.17") * W,
        Decimal("8.24"),
    )
    # 4.来华留学教育（2050602），…决算数为 543.99 万元，比2023年度决算数降低 4.59%
    assert (by_code["2050602"].amount, by_code["2050602"].change_percent) == (Decimal("543.99") * W, Decimal("-4.59"))


def test_central_final_accounts_change_clauses_name_their_own_subject(swu_final):
    # page 16: 学校2024年度收入总计 477,447.73 万元，与2023年度相比，增加 46,722.70 万元，增长 10.85%。
    #          其中：财政拨款收入增加 36,802.62 万元 …
    total = next(f for f in swu_final.narrative if f.amount == Decimal("477447.73") * W and f.change is not None)
    assert (total.change, total.change_percent) == (Decimal("46722.70") * W, Decimal("10.85"))
    fiscal = next(f for f in swu_final.narrative if f.topic == "财政拨款收入" and f.change is not None)
    assert (fiscal.amount, fiscal.change) == (None, Decimal("36802.62") * W)
    assert not any(f.amount == Decimal("36802.62") * W for f in swu_final.narrative)  # a change, not an amount


def test_central_budget_narrative_under_an_ordinal_heading():
    ex = extract(read_source(shared_file("corpus/pdf/chongqing-swu-2023-budget.pdf")))
    shares = {(f.topic, f.amount, f.share_percent) for f in ex.narrative if f.source.page == 11}
    # page 11, 三、部门预算情况说明 / （二）收入预算情况说明
    assert ("财政拨款收入", Decimal("230876.38") * W, Decimal("41.43")) in shares
    assert ("事业收入", Decimal("122342.73") * W, Decimal("21.95")) in shares
    assert ("上年结转", Decimal("93801.70") * W, Decimal("16.84")) in shares
    assert any(f.topic == "收支总计" and f.amount == Decimal("557259.13") * W for f in ex.narrative)


# Typed from page 21-23 of shanghai-putuo-finance-2024-final-accounts.pdf, one printed line a line.
SHANGHAI_FINAL = """第三部分上海市普陀区财政局2024年度部门决算情况
说明
五、一般公共预算财政拨款支出决算情况说明
（三）一般公共预算财政拨款支出决算具体情况
一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完
成年初预算的98.20%。决算数小于预算数的主要原因：因年度工作计划安排，个别信
息化项目和中介机构服务调减。其中：
1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人
员经费及公用经费等的基本支出。年初预算为1560.05万元，支出决算为1511.89万
元。决算数小于预算数的主要原因：人员进出及退休变化，减少人员经费开支。
2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。主要用于：
局财政业务指导与宣传等基本支出。年初预算为10.00万元，支出决算为10.00万元。
决算数与预算数基本持平。
七、财政拨款“三公”经费支出决算情况说明
（一）“三公”经费财政拨款支出决算总体情况说明。
“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的
0%，其中：因公出国（境）费决算为0.00万元，完成预算的0%；公务用车购置及运行
维护费支出决算为0.00万元，完成预算的0%；公务接待费支出决算为0.00万元，完成
预算的0%。2024年度“三公”经费支出决算数小于预算数的主要原因：当年度无“三
公”经费支出。
第四部分 名词解释
"""


def _snippet(text: str, kind: str = "FinalAccounts") -> Extraction:
    out = Extraction(meta=DocumentMeta("上海市普陀区财政局", 2024, kind, "上海市普陀区财政局2024年度部门决算"))
    for code, name in {
        "201": "一般公共服务支出",
        "20106": "财政事务",
        "2010601": "行政运行",
        "2010602": "一般行政管理事务",
    }.items():
        out.codes[("function", code)] = name
    lines = [SourceLine(text=t, line=i) for i, t in enumerate(text.splitlines(), start=1)]
    extract_narrative(lines, out)
    return out


def test_budget_against_final_tied_to_the_code_with_direction_and_reason():
    out = _snippet(SHANGHAI_FINAL)
    by_code = {f.code: f for f in out.narrative if f.code}
    run = by_code["2010601"]
    assert (run.budgeted, run.final, run.amount, run.direction) == (
        Decimal("1560.05") * W,
        Decimal("1511.89") * W,
        Decimal("1511.89") * W,
        "below",
    )
    assert run.reason == "人员进出及退休变化，减少人员经费开支"
    admin = by_code["2010602"]  # 决算数与预算数基本持平 on the next printed line
    assert (admin.budgeted, admin.final, admin.direction) == (Decimal("10.00") * W, Decimal("10.00") * W, "equal")
    lead = next(f for f in out.narrative if f.topic == "一般公共预算支出合计")
    assert (lead.budgeted, lead.final, lead.completion_percent, lead.direction) == (
        Decimal("2993.92") * W,
        Decimal("2940.05") * W,
        Decimal("98.20"),
        "below",
    )
    assert lead.reason == "因年度工作计划安排，个别信息化项目和中介机构服务调减"


def test_three_public_items_state_final_and_completion_the_total_its_direction():
    out = _snippet(SHANGHAI_FINAL)
    by_topic = {f.topic: f for f in out.narrative if f.topic}
    total = by_topic["三公经费合计"]
    assert (total.budgeted, total.final, total.completion_percent, total.direction) == (
        Decimal("0.95") * W,
        Decimal(0),
        Decimal(0),
        "below",
    )
    assert total.reason == "当年度无“三公”经费支出"
    reception = by_topic["公务接待费"]
    assert (reception.budgeted, reception.final, reception.completion_percent) == (None, Decimal(0), Decimal(0))


def test_new_properties_in_the_graph_are_declared():
    g = to_graph(_snippet(SHANGHAI_FINAL))
    onto = ontology_graph()
    node = next(s for s, o in g.subject_objects(BGT.statedBudgetAmount) if o == Literal(Decimal("15600500")))
    assert (node, BGT.statedFinalAmount, Literal(Decimal("15118900"))) in g
    assert (node, BGT.statedVariance, BGT.FinalBelowBudget) in g
    assert any(o == Literal(Decimal("98.20")) for o in g.objects(None, BGT.statedCompletionPercent))
    for term in (BGT.statedBudgetAmount, BGT.statedFinalAmount, BGT.statedCompletionPercent, BGT.statedVariance):
        assert (term, None, None) in onto, term
    for individual in (BGT.FinalAboveBudget, BGT.FinalBelowBudget, BGT.FinalEqualsBudget):
        assert (individual, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), BGT.VarianceDirection) in onto


def test_part_heading_over_two_lines_and_not_its_table_of_contents_entry():
    text = """目录
第三部分 某某局 2017 年度部门预算情况说明
第四部分 名词解释
第三部分 江苏省某某局
2017 年度部门预算情况说明
一、收支预算总表情况说明
江苏省某某局2017年度收入、支出预算总计13649.07万元，与上年相比增加844.15万元，增长6.59%。
第四部分 名词解释
"""
    lines = [SourceLine(text=t, line=i) for i, t in enumerate(text.splitlines(), start=1)]
    part = explanation_lines(lines)
    assert [line.line for line in part] == [4, 5, 6, 7]
    out = _snippet(text, kind="Budget")
    [total] = out.narrative
    assert (total.topic, total.amount, total.change, total.change_percent) == (
        "收支总计",
        Decimal("13649.07") * W,
        Decimal("844.15") * W,
        Decimal("6.59"),
    )


def test_part_heading_over_two_lines_in_a_jiangsu_budget():
    # 第三部分 江苏省人大常委会办公厅 / 2017 年度部门预算情况说明 (page 23); page 26 (五、财政拨款支出预算表情况说明):
    # 1. 人大事务行政运行（项）支出 10528.33 万元，与上年相比减少 17.89 万元，减少 0.17%。 — 人大事务 is its 款
    ex = extract(read_source(shared_file("corpus/pdf/jiangsu-npc-office-2017-budget.pdf")))
    run = next(f for f in ex.narrative if f.code == "2010101")
    assert (run.amount, run.change, run.change_percent, run.source.page) == (
        Decimal("10528.33") * W,
        Decimal("-17.89") * W,
        Decimal("-0.17"),
        26,
    )
    personnel = {(f.section, f.amount) for f in ex.narrative if f.topic == "人员经费"}
    assert ("财政拨款基本支出预算表情况说明", Decimal("6080.72") * W) in personnel
