"""Per-project 项目绩效目标表 sheets of the central template (chongqing-swu-2023-budget.pdf, pages 16-40).

Every expected value below was typed from the rendered pages (pdftoppm -r 110), not from the parser's output.
Amounts are printed in 万元 (项目资金（万元）) and expected here in 元.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import budgetkg
from budgetkg.ingest.enums import DocumentKind, TableKind
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Context, DocumentMeta, Extraction, SourceRow, SourceTable, TableInfo
from budgetkg.ingest.policy.project_sheets import extract_project_sheet
from budgetkg.ingest.policy.sheet_grid import parse_target
from budgetkg.ingest.rdf.mapper import to_graph
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.text import parse_text
from budgetkg.ontology.namespaces import BGT
from tests.corpus import shared_file

SWU = "corpus/pdf/chongqing-swu-2023-budget.pdf"
SHEETS = 24  # (一) … (二十四), one 项目名称 form each, pages 16-40

L1, L2 = "产出指标", "效益指标"
SAT = ("满意度指标", "服务对象满意度指标")

# name -> (page of 项目名称, 实施单位, (年度资金总额, 财政拨款, 上年结转, 其他资金) in 万元, goal start, goal end,
# indicators)
EXPECTED = {
    "236中央高校教育教学改革专项": (
        16,
        "西南大学本级",
        ("2112.76", "2112.00", "0.76", "0"),
        "1.持续推进“四新”建设，深化专业改革",
        "学校将至少有1个全英文本科或硕士专业通过评审。",
        [
            (L1, "数量指标", "建设一流本科课程数", "20门", "20", "门", "5"),
            (L1, "数量指标", "新增在线课程建设数量", "20门", "20", "门", "5"),
            (L1, "数量指标", "分类打造新农科、新工科和新文科综合实践基地", "10个", "10", "个", "5"),
            (L1, "数量指标", "国家级大学生创新创业训练计划数量", "120项", "120", "项", "5"),
            (L1, "数量指标", "设备更新数量", "27台、件、套", "27", "台、件、套", "5"),
            (L1, "数量指标", "创新创业活动/项目/平台的开展数量", "5项", "5", "项", "5"),
            (L1, "数量指标", "新增出版教材数量", "7个", "7", "个", "5"),
            (L1, "质量指标", "学生参加竞赛获奖数量", "20人次", "20", "人次", "5"),
            (L1, "质量指标", "教学项目及论文等获省市级以上奖励数量", "15项", "15", "项", "5"),
            (L1, "质量指标", "设备验收通过率", "100%", "100", "%", "5"),
            (L2, "经济效益指标", "设备的使用年限有效延长", "6年", "6", "年", "4"),
            (L2, "社会效益指标", "为国家经济增长提供人才支撑", "显著", None, None, "4"),
            (L2, "社会效益指标", "学校基本办学条件和服务社会的能力", "显著", None, None, "5"),
            (L2, "社会效益指标", "增强学生社会责任感、创新精神和实践能力", "显著", None, None, "5"),
            (L2, "社会效益指标", "对标认证标准，专业建设取得一定成果", "显著", None, None, "4"),
            (L2, "社会效益指标", "改善实验教学条件", "显著", None, None, "4"),
            (L2, "社会效益指标", "促进学校教师队伍建设", "显著", None, None, "4"),
            (*SAT, "学生满意度", "95%", "95", "%", "5"),
            (*SAT, "教职工满意度", "95%", "95", "%", "5"),
        ],
    ),
    # form on page 17, goal and grid on page 18 (the goal's label cell is printed on page 18 only)
    "236中央高校管理改革等绩效拨款": (
        17,
        "西南大学本级",
        ("1111.98", "1111.98", "0", "0"),
        "1.立项资金将全部用于发放研究生各类助学金",
        "努力成长为又红又专、德才兼备、全面发展的社会主义合格建设者和可靠接班人。",
        [
            (L1, "数量指标", "奖助学生人次", "2000人次", "2000", "人次", "20"),
            (L1, "质量指标", "学生奖助学金覆盖面", "50%", "50", "%", "15"),
            (L1, "时效指标", "奖助学金发放及时性", "按时", None, None, "15"),
            (L2, "社会效益指标", "促进高校社会捐赠的公平与效率", "不断提升", None, None, "20"),
            (L2, "社会效益指标", "引导和鼓励社会各界捐资助学", "显著", None, None, "10"),
            (*SAT, "获得资助研究生满意度", "90%", "90", "%", "10"),
        ],
    ),
    "236-中央高校改善基本办学条件专项-房屋修缮项目（小学）": (
        27,
        "西南大学附属小学",
        ("195.00", "195.00", "0", "0"),
        "目标1：校园环境更加优美，文化氛围更加浓厚",
        "目标3：改善育人环境，增强育人功能。",
        [
            ("成本指标", "经济成本指标", "修缮项目成本控制有效性", "有效", None, None, "20"),
            (L1, "数量指标", "修缮房屋的建筑面积", "3000平方米", "3000", "平方米", "15"),
            (L1, "质量指标", "房屋修缮验收通过率", "100%", "100", "%", "15"),
            (L1, "时效指标", "项目按期完工率", "100%", "100", "%", "10"),
            (L2, "经济效益指标", "改善后发挥作用年限", "10年", "10", "年", "10"),
            (L2, "社会效益指标", "改善师生学习工作生活条件", "显著提升", None, None, "5"),
            (L2, "生态效益指标", "绿色校园建设贡献", "很好", None, None, "5"),
            (*SAT, "教职工满意度", "95%", "95", "%", "5"),
            (*SAT, "学生满意度", "95%", "95", "%", "5"),
        ],
    ),
    # 项目名称 at the foot of page 27, the rest of the form and the grid on page 28
    "236-中央高校改善基本办学条件专项-基础设施改造项目（中学）": (
        27,
        "西南大学附属中学校",
        ("425.20", "223.32", "201.88", "0"),
        "目标1：拆除原有地砖，铺装火烧面PC砖。",
        "通过学校基础设施的建设，进一步提高教学基础条件，改善学校环境。",
        [
            ("成本指标", "经济成本指标", "工程项目成本控制有效性", "有效", None, None, "20"),
            (L1, "数量指标", "地面铺装面积", "4100平方米", "4100", "平方米", "7"),
            (L1, "数量指标", "绿化面积", "1850平方米", "1850", "平方米", "7"),
            (L1, "质量指标", "项目验收通过率", "100%", "100", "%", "7"),
            (L1, "质量指标", "材料使用合格率", "100%", "100", "%", "7"),
            (L1, "时效指标", "按期完工率", "100%", "100", "%", "12"),
            (L2, "经济效益指标", "改善基本教学科研条件", "有效改善", None, None, "10"),
            (L2, "经济效益指标", "改善广大师生员工的生活", "有效改善", None, None, "10"),
            (*SAT, "教职工满意度", "95%", "95", "%", "5"),
            (*SAT, "家长学生满意度", "95%", "95", "%", "5"),
        ],
    ),
    # grid running from page 36 onto page 37
    "236出国留学经费（项目）": (
        36,
        "西南大学本级",
        ("3.59", "2.00", "1.59", "0"),
        "做好出国留学行前培训工作",
        "保障“平安留学”的实施",
        [
            (L1, "数量指标", "举办行前培训会数量", "2项", "2", "项", "20"),
            (L1, "数量指标", "受益出国留学生", "120人", "120", "人", "20"),
            (L1, "质量指标", "培训参与率", "100%", "100", "%", "10"),
            (L2, "社会效益指标", "提高学生平安留学工作水平", "显著", None, None, "30"),
            (*SAT, "学生满意度", "90%", "90", "%", "10"),
        ],
    ),
}


def _wan(printed: str) -> Decimal:
    return Decimal(printed) * 10000


@pytest.fixture(scope="module")
def swu():
    return extract(read_pdf(shared_file(SWU)))


def test_one_project_per_sheet(swu):
    sheets = [p for p in swu.projects if p.sheet_tables]
    assert len(sheets) == SHEETS
    assert len({p.name for p in sheets}) == SHEETS
    assert all(p.amount is not None and p.indicators and p.unit for p in sheets)
    # each sheet's indicators add up to the 分值（90） its grid heading prints
    assert {sum(i.weight for i in p.indicators) for p in sheets} == {Decimal(90)}
    assert any(t.kind == TableKind.PERFORMANCE_SHEET for t in swu.tables)


def test_no_warnings_from_the_sheets(swu):
    assert [w.message for w in swu.warnings if "绩效" in w.message or "indicator" in w.message] == []
    assert [w.message for w in swu.warnings if "not recognised" in w.message] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sheet_as_printed(swu, name):
    page, unit, (total, appropriation, carried, other), goal_start, goal_end, indicators = EXPECTED[name]
    (project,) = [p for p in swu.projects if p.name == name]
    assert project.source.page == page
    assert project.unit_text == unit
    assert (project.department, project.department_code) == ("教育部", "105")
    assert project.amount == _wan(total)
    assert project.funding == {"财政拨款": _wan(appropriation), "上年结转": _wan(carried), "其他资金": _wan(other)}
    assert project.goal.startswith(goal_start) and project.goal.endswith(goal_end)
    got = [
        (i.level1, i.level2, i.name, i.target, i.target_number, i.unit, i.weight, i.comparator)
        for i in project.indicators
    ]
    want = [
        (l1, l2, n, t, Decimal(num) if num else None, u, Decimal(w), None) for l1, l2, n, t, num, u, w in indicators
    ]
    assert got == want


def test_a_time_target_is_text_with_its_year(swu):
    (project,) = [p for p in swu.projects if p.name == "236“童语同音计划”-幼儿普通话教育项目"]  # page 37
    (ind,) = [i for i in project.indicators if i.name == "培训完成时间"]
    assert (ind.level2, ind.target, ind.target_number, ind.weight) == ("时效指标", "2023年12月30日", None, Decimal(10))


def test_sheets_in_the_graph(swu):
    g = to_graph(swu)
    (node,) = [s for s in g.subjects(BGT.carriedOverAmount, None) if str(g.value(s, BGT.amount)) == "4252000"]
    assert str(g.value(node, BGT.fiscalAppropriationAmount)) == "2233200"
    assert str(g.value(node, BGT.carriedOverAmount)) == "2018800"
    assert str(g.value(node, BGT.otherFundsAmount)) == "0"
    assert str(g.value(node, BGT.supervisingDepartment)) == "教育部"
    assert str(g.value(node, BGT.supervisingDepartmentCode)) == "105"
    assert len(list(g.objects(node, BGT.hasIndicator))) == 10
    assert len(set(g.subjects(BGT.hasIndicator, None))) == SHEETS


@pytest.mark.parametrize(
    ("printed", "comparator", "number", "unit"),
    [
        ("≥30个", "大于等于", "30", "个"),
        ("=100%", "等于", "100", "%"),
        ("≥90%", "大于等于", "90", "%"),
        ("≤ 5 天", "小于等于", "5", "天"),
        ("50.00%", None, "50.00", "%"),
        ("1000.00万元", None, "1000.00", "万元"),
        ("显著提升", None, None, None),
        ("2023年12月30日前完成", None, None, None),
    ],
)
def test_target_split(printed, comparator, number, unit):
    t = parse_target(printed)
    assert (t.comparator, t.number, t.unit) == (comparator, Decimal(number) if number else None, unit)
    assert t.text == printed.replace(" ", "")


SHEET_TEXT = """2024年度某大学部门预算公开

项目绩效目标表
项目名称\t示范培训项目
主管部门及代码\t[105]教育部\t实施单位\t某大学本级
项目资金（万元）\t年度资金总额：\t12.50
\t其中：财政拨款\t10.00
\t上年结转\t2.50
\t其他资金\t0
年度总体目标\t完成示范培训，提升培训质量。
绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t分值
\t产出指标\t数量指标\t培训人数\t≥30人\t40
\t\t质量指标\t合格率\t=100%\t40
\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\t10
"""


def test_a_sheet_read_from_text():
    ex = extract(parse_text(SHEET_TEXT, "sheet.txt"))
    (project,) = ex.projects
    assert (project.name, project.unit_text, project.department, project.department_code) == (
        "示范培训项目",
        "某大学本级",
        "教育部",
        "105",
    )
    assert project.amount == Decimal(125000)
    assert project.funding == {"财政拨款": Decimal(100000), "上年结转": Decimal(25000), "其他资金": Decimal(0)}
    assert project.goal == "完成示范培训，提升培训质量。"
    assert [(i.level2, i.name, i.comparator, i.target_number, i.unit, i.weight) for i in project.indicators] == [
        ("数量指标", "培训人数", "大于等于", Decimal(30), "人", Decimal(40)),
        ("质量指标", "合格率", "等于", Decimal(100), "%", Decimal(40)),
        ("服务对象满意度指标", "学员满意度", "大于等于", Decimal(90), "%", Decimal(10)),
    ]


def test_project_indicators_query_on_a_sheet():
    with budgetkg.open() as kg:
        (result,) = kg.ingest(str(shared_file(SWU)))
        assert result.error is None
        rows = kg.query("project-indicators", project="236出国留学经费（项目）").rows
    got = sorted((r["indicator"], r["target"], r["targetNumber"], r["measurementUnit"], r["weight"]) for r in rows)
    assert got == sorted(  # page 36-37
        [
            ("举办行前培训会数量", "2项", Decimal(2), "项", Decimal(20)),
            ("受益出国留学生", "120人", Decimal(120), "人", Decimal(20)),
            ("培训参与率", "100%", Decimal(100), "%", Decimal(10)),
            ("提高学生平安留学工作水平", "显著", None, None, Decimal(30)),
            ("学生满意度", "90%", Decimal(90), "%", Decimal(10)),
        ]
    )
    assert {r["unit"] for r in rows} == {"西南大学本级"}


GRID_ONLY = """2024年度某大学部门预算公开

项目绩效目标表
一级指标\t二级指标\t三级指标\t指标值\t分值
产出指标\t数量指标\t培训人数\t≥30人\t40
"""


def test_a_grid_without_its_form_is_a_warning_not_silence():
    ex = extract(parse_text(GRID_ONLY, "grid.txt"))
    assert ex.projects == []
    (warning,) = [w for w in ex.warnings if "项目绩效目标表 sheet" in w.message]
    assert "项目名称 was not found" in warning.message and warning.line == 4


def test_the_row_per_project_table_is_not_a_sheet(seed_extraction):
    kinds = {t.title: t.kind for t in seed_extraction.tables}
    assert TableKind.PERFORMANCE in kinds.values()
    assert TableKind.PERFORMANCE_SHEET not in kinds.values()


def test_a_form_cut_by_a_page_break_keeps_its_unit():
    ex = Extraction(meta=DocumentMeta(department="某大学", fiscal_year=2024, kind=DocumentKind.BUDGET, title="t"))
    parts = [
        [["项目名称", "甲项目"], ["项目资金（万元）", "年度资金总额：", "3.00"]],
        [["", "其中：财政拨款", "2.00"], ["", "上年结转", "1.00"], ["", "其他资金", "0"]],
    ]
    for n, rows in enumerate(parts, start=1):
        number = f"x{n}"
        ex.tables.append(TableInfo(number=number, title="", kind=TableKind.PERFORMANCE_SHEET, unit="元"))
        table = SourceTable(title="", rows=[SourceRow(cells=r, page=n) for r in rows])
        extract_project_sheet(table, Context(table_number=number, unit="元", phase="预算数", fiscal_year=2024), ex)
    (project,) = ex.projects
    assert project.amount == Decimal(30000)
    assert project.funding == {"财政拨款": Decimal(20000), "上年结转": Decimal(10000), "其他资金": Decimal(0)}
    assert project.sheet_tables == ["x1", "x2"]
