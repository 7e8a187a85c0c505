"""The seed's projects, their legal bases (发文字号) and the citation conflict, in the extraction and the graph."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from budgetkg.ingest.model import DocumentMeta, Extraction, SourceRef
from budgetkg.ingest.normalise import DOCNUMBER_RE as NUMBER_RE
from budgetkg.ingest.policy.docnumber import find_numbers
from budgetkg.ingest.policy.model import Citation, PolicyDocumentRef, Project
from budgetkg.ingest.rdf.mapper import to_graph
from budgetkg.ingest.rdf.policy import policy_document_iri
from budgetkg.ontology.namespaces import BGT, sparql_prefixes
from tests.corpus import seed_path

# Read by hand from the seed's 项目绩效目标表 (name, unit code, 项目类别, 预算数 in 万元) and its narrative.
PROJECTS = [
    ("专业技术资格评审费", "401001", "31-部门预算项目", "5.00"),
    ("专业技术资格评审费(成本性支出)", "401001", "31-部门预算项目", "25.00"),
    ("五险扩面核定、清欠和稽查奖励经费", "401001", "31-部门预算项目", "140.00"),
    ("事业单位管理人员培训经费", "401001", "31-部门预算项目", "4.00"),
    ("公务员及事业单位公开招聘专项经费", "401001", "31-部门预算项目", "135.00"),
    ("高校毕业生三支一扶人员体检费", "401001", "32-专项资金项目", "7.20"),
    ("高校毕业生社区民生工作志愿者培训补助资金", "401002", "32-专项资金项目", "54.60"),
    ("五险扩面核定、清欠和稽查奖励金", "401002", "31-部门预算项目", "10.00"),
    ("就业创业服务补助", "401002", "31-部门预算项目", "180.00"),
    ("公共就业服务能力建设补助", "401002", "32-专项资金项目", "430.00"),
    ("凭证资料费弥补成本支出", "401003", "31-部门预算项目", "5.00"),
    ("劳动能力鉴定业务经费(成本性支出)", "401003", "31-部门预算项目", "18.00"),
    ("技能人才评价工作经费", "401004", "31-部门预算项目", "10.00"),
    ("国家开发银行内蒙古分行国开发展基金投资收益", "401004", "31-部门预算项目", "192.00"),
    ("五险扩面核定、清欠和稽查奖励经费", "401005", "31-部门预算项目", "130.00"),
    ("人事考务事业费（成本性支出）", "401006", "31-部门预算项目", "200.00"),
    ("金保工程工作经费", "401007", "31-部门预算项目", "5.00"),
    ("人力资源和社保服务大厅运行费", "401007", "31-部门预算项目", "80.00"),
    ("五险扩面核定、清欠和稽查奖励经费", "401007", "31-部门预算项目", "40.00"),
    ("人力资源和社会保障大楼运行费", "401007", "31-部门预算项目", "200.00"),
    ("神包矿业公司移交属地管理离休干部春节慰问金", "401008", "31-部门预算项目", "5.50"),
    ("社会化管理服务工作经费", "401008", "31-部门预算项目", "10.00"),
    # described only in the narrative (its 绩效表 rows lost their project row); no 项目类别 is printed
    ("包头市人力资源和社会保障局“一窗式”综合受理窗口工作人员经费", "401001", None, "182"),
]
WINDOW = PROJECTS[-1][0]
# Each canonical number with the projects (name, unit) citing it, read by hand from the seed.
CITED_BY = {
    "内政发〔2015〕103号": {("就业创业服务补助", "401002")},
    "包就字〔2020〕14号": {("就业创业服务补助", "401002")},
    "国发〔2022〕5号": {(WINDOW, "401001")},
    "内政发〔2022〕20号": {(WINDOW, "401001")},
    "包人发〔2013〕44号": {("事业单位管理人员培训经费", "401001")},
    "包发〔2013〕44号": {("事业单位管理人员培训经费", "401001")},
    "内人社发〔2022〕2号": {("公务员及事业单位公开招聘专项经费", "401001")},
    "内人社发〔2024〕21号": {("公务员及事业单位公开招聘专项经费", "401001")},
    "室发〔2019〕35号": {("公务员及事业单位公开招聘专项经费", "401001")},
    "包人社办字〔2024〕63号": {("专业技术资格评审费", "401001"), ("专业技术资格评审费(成本性支出)", "401001")},
    "包府发〔2013〕41号": {
        ("五险扩面核定、清欠和稽查奖励经费", "401001"),
        ("五险扩面核定、清欠和稽查奖励经费", "401005"),
    },
    "包府办发〔2024〕58号": {("五险扩面核定、清欠和稽查奖励经费", "401005")},
    "内财社〔2023〕1598号": {("高校毕业生三支一扶人员体检费", "401001")},
    "包人社发〔2018〕119号": {("神包矿业公司移交属地管理离休干部春节慰问金", "401008")},
}


@pytest.fixture(scope="module")
def graph(seed_extraction: Extraction) -> Graph:
    return to_graph(seed_extraction)


def test_every_project_with_unit_category_and_exact_amount(seed_extraction: Extraction) -> None:
    got = {(p.name, p.unit): p for p in seed_extraction.projects}
    for name, unit, category, wan in PROJECTS:
        p = got.get((name, unit))
        assert p is not None, f"missing project {name} of {unit}"
        assert p.category == category and p.amount == Decimal(wan) * 10000, (name, p.category, p.amount)
    assert len(seed_extraction.projects) == len(PROJECTS)


def test_employment_project_cites_both_documents(seed_extraction: Extraction) -> None:
    (p,) = [p for p in seed_extraction.projects if p.name == "就业创业服务补助"]
    assert p.unit == "401002" and p.amount == Decimal(1800000)
    assert {"内政发〔2015〕103号", "包就字〔2020〕14号"} <= {c.ref.key for c in p.citations}
    assert "包头市就业服务中心" in p.sections["实施主体"]


def test_each_canonical_number_with_the_projects_citing_it(graph: Graph) -> None:
    rows = graph.query(
        sparql_prefixes()
        + """
        SELECT ?number ?name ?code WHERE {
          ?p a bgt:Project ; rdfs:label ?name ; bgt:legalBasis ?d ; bgt:implementedBy ?u .
          ?u bgt:unitCode ?code . ?d bgt:documentNumber ?number }"""
    )
    cited: dict[str, set[tuple[str, str]]] = {}
    for number, name, code in rows:
        cited.setdefault(str(number), set()).add((str(name), str(code)))
    assert cited == CITED_BY


def test_every_number_spelling_in_the_seed_resolves(seed_extraction: Extraction) -> None:
    text = seed_path().read_text(encoding="utf-8")
    loose = re.findall(r"\S{0,12}[〔\[［(（【]\s*20\d\d\s*[〕\]］)）】]\s*\d+\s*号", text)
    assert len(loose) == 20  # the seed prints 20 numbers in these spellings (the regex above over its text)
    for spelling in loose:
        assert find_numbers(spelling), spelling
    cited = {c.ref.key for p in seed_extraction.projects for c in p.citations}
    for m in NUMBER_RE.finditer(text):
        assert find_numbers(m.group(0))[0][0].canonical in cited, m.group(0)


def test_conflicting_citations_are_kept_and_recorded(seed_extraction: Extraction, graph: Graph) -> None:
    (p,) = [p for p in seed_extraction.projects if p.name == "事业单位管理人员培训经费"]
    assert {"包人发〔2013〕44号", "包发〔2013〕44号"} <= {c.ref.key for c in p.citations}
    rows = list(
        graph.query(
            sparql_prefixes()
            + """
        SELECT ?c (GROUP_CONCAT(?n; separator=" ") AS ?numbers) WHERE {
          ?c a bgt:CitationConflict ; bgt:conflictingDocument ?d . ?d bgt:documentNumber ?n } GROUP BY ?c"""
        )
    )
    assert [sorted(str(r.numbers).split()) for r in rows] == [["包人发〔2013〕44号", "包发〔2013〕44号"]]


def test_issuer_and_level_only_for_documented_prefixes(graph: Graph) -> None:
    rows = dict(
        graph.query(
            sparql_prefixes()
            + """
        SELECT ?n ?level WHERE { ?d bgt:documentNumber ?n . OPTIONAL { ?d bgt:issuer/bgt:governmentLevel ?level } }"""
        )
    )
    assert str(rows[Literal("内政发〔2015〕103号")]) == "provincial"
    assert str(rows[Literal("国发〔2022〕5号")]) == "central"
    assert str(rows[Literal("包府发〔2013〕41号")]) == "municipal"
    assert rows[Literal("包就字〔2020〕14号")] is None


def _other_document(spelling: str) -> Extraction:
    ex = Extraction(meta=DocumentMeta(department="另一局", fiscal_year=2024, kind="Budget", title="t"))
    from budgetkg.ingest.policy.docnumber import find_citations

    ex.projects.append(Project(name="某项目", citations=find_citations(spelling, SourceRef(line=3))))
    return ex


def test_one_policy_document_per_number_across_documents(graph: Graph) -> None:
    other = to_graph(_other_document("依据内政发[2015] 103 号文件"))
    union = graph + other
    nodes = set(union.subjects(BGT.documentNumber, Literal("内政发〔2015〕103号")))
    assert len(nodes) == 1
    assert (nodes.pop(), RDF.type, BGT.PolicyDocument) in other
    ref = PolicyDocumentRef(title="干部教育培训工作条例（试行）")
    assert policy_document_iri(ref) == policy_document_iri(PolicyDocumentRef(title="干部教育培训工作条例(试行)"))
    assert Citation(ref, "x").ref.key.startswith("title:")
