"""Metadata of disclosures without a title page, and department names that keep no year form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkg.ingest.metadata import parse_title, read_metadata, split_title
from budgetkg.ingest.model import SourceDocument, SourceLine, SourceTable
from budgetkg.ingest.pipeline import extract_file
from budgetkg.ingest.rdf import iris
from budgetkg.ingest.rdf.mapper import document_iri, to_graph
from budgetkg.ontology.namespaces import BGT
from tests.corpus import shared_file

W = Decimal(10000)


@pytest.mark.parametrize(
    "title",
    [
        "江苏省人大常委会办公厅2018年度部门预算公开",
        "江苏省人大常委会办公厅2018度部门预算公开",
        "江苏省人大常委会办公厅 2018 年部门预算",
        "2018年度江苏省人大常委会办公厅部门预算",
        "2018年度江苏省人大常委会办公厅2018年度部门预算公开",  # the year printed twice
        "2018年江苏省人大常委会办公厅年度部门预算",
    ],
)
def test_department_names_keep_no_year_form(title):
    assert parse_title(title) == ("江苏省人大常委会办公厅", 2018, "Budget")


@pytest.mark.parametrize(
    "lines",
    [
        ["江苏省人大常委会办公厅年度", "部门预算公开", "2018"],
        ["江苏省人大常委会办公厅年度部门预算公开", "2018"],
        ["2018", "江苏省人大常委会办公厅年度部门预算公开"],
        ["江苏省人大常委会办公厅2018年度", "部门预算公开"],
    ],
)
def test_a_title_over_lines_names_the_same_department(lines):
    parsed, title = split_title(lines)
    assert parsed == ("江苏省人大常委会办公厅", 2018, "Budget")
    assert title == "江苏省人大常委会办公厅2018年度部门预算公开"


def test_two_years_of_one_body_meet_on_one_department_node():
    # the 2017 budget's title page (page 1): 江苏省人大常委会办公厅 / 2017 年度部门预算
    ex = extract_file(shared_file("corpus/pdf/jiangsu-npc-office-2017-budget.pdf"))
    later = parse_title("江苏省人大常委会办公厅2018年度部门预算公开")
    assert iris.department(ex.meta.department) == iris.department(later[0])


@pytest.fixture(scope="module")
def tables_only():
    return extract_file(shared_file("corpus/pdf/江苏省政协办公厅2018度部门预算公开表.pdf"))


def test_tables_only_attachment_takes_its_metadata_from_the_tables(tables_only):
    meta = tables_only.meta
    # every page prints 部门：江苏省政协办公厅 in the table header; titles end in …预算表; 2018 is in
    # the title of 公开12表 (2018年政府采购预算表) and in the file name ("2018度")
    assert (meta.department, meta.fiscal_year, meta.kind) == ("江苏省政协办公厅", 2018, "Budget")
    assert (meta.department_source, meta.kind_source) == ("table header", "table title")
    assert meta.year_source in ("table title", "file name")
    g = to_graph(tables_only)
    doc = document_iri(tables_only)
    assert (doc, BGT.departmentSource, BGT.FromTableHeader) in g
    assert (doc, BGT.documentKindSource, BGT.FromTableTitle) in g


def test_tables_only_attachment_expenditure_totals(tables_only):
    # page 3, 公开03表 支出预算总表 (万元): 合计 10,150.48 基本支出 5,678.17 项目支出 3,314.68 单位预留机动经费 1,157.63
    page3 = {o.measure: o.amount for o in tables_only.observations if o.source.page == 3}
    assert page3["合计"] == Decimal("10150.48") * W
    assert page3["基本支出"] == Decimal("5678.17") * W
    assert page3["项目支出"] == Decimal("3314.68") * W
    assert page3["单位预留机动经费"] == Decimal("1157.63") * W


@pytest.mark.parametrize(
    "name,year",
    [("某某厅2019度部门预算公开表.pdf", 2019), ("某某厅2019年度部门预算表.pdf", 2019), ("tables-2020.pdf", 2020)],
)
def test_tables_only_year_from_the_file_name(name, year):
    doc = SourceDocument(
        path=f"/some/where/{name}",
        sha256="",
        lines=[SourceLine("部门：某某厅 单位：万元", page=1), SourceLine("单位名称：某某厅", page=2)],
        tables=[SourceTable(title="支出预算总表"), SourceTable(title="财政拨款收支预算总表")],
        medium="pdf",
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.fiscal_year, meta.kind) == ("某某厅", year, "Budget")
    assert (meta.department_source, meta.year_source, meta.kind_source) == ("table header", "file name", "table title")


def test_tables_only_final_accounts_kind_from_table_titles():
    doc = SourceDocument(
        path="/x/attachment.pdf",
        sha256="",
        lines=[SourceLine("单位名称：某某大学 单位：万元", page=1)],
        tables=[SourceTable(title="2024年度收入支出决算总表"), SourceTable(title="支出决算表")],
    )
    meta = read_metadata(doc)
    assert (meta.department, meta.fiscal_year, meta.kind, meta.year_source) == (
        "某某大学",
        2024,
        "FinalAccounts",
        "table title",
    )
