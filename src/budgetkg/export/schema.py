"""The tables of the tabular export: their columns, types, descriptions and keys, written once for every format.

A column's type is a Frictionless Table Schema type: ``string``, ``integer``, ``number`` (an exact decimal,
written as its decimal string, never through float), ``year`` or ``date``. The CSV, Parquet and data-package
writers all read this one description, so the three formats hold the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STRING, INTEGER, NUMBER, YEAR, DATE = "string", "integer", "number", "year", "date"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str  # the referenced table; its primary key is the referenced column
    reference: str


@dataclass(frozen=True)
class TableSpec:
    """One exported table: the ``export/tables/<name>.rq`` query that gathers it, and its columns."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: str, description: str) -> Column:
    return Column(name, kind, description)


_DOC = _c("document", STRING, "the disclosure's IRI (its named graph); documents.document")
_YEAR = _c("fiscal_year", YEAR, "the fiscal year (预算年度)")
_KIND = _c("kind", STRING, "预算 (budget) or 决算 (final accounts)")
_PAGE = _c("page", INTEGER, "the PDF page the value was read from (PDF sources)")
_LINE = _c("line", INTEGER, "the line of the text/markdown source the value was read from (text sources)")
_ROW = _c("row", INTEGER, "the row of its table, counted from the table's first row")
_SCALE = _c("unit_scale", NUMBER, "元 per printed unit (1 for 元, 10000 for 万元)")
_PRECISION = _c("precision", NUMBER, "元 per unit of the last printed digit (rounding tolerance)")
_TO_DOC = ForeignKey("document", "documents", "document")
_TO_PROJECT = ForeignKey("project", "projects", "project")

DOCUMENTS = TableSpec(
    "documents",
    "Documents",
    "One row per disclosure (部门预算 or 部门决算) in the store.",
    (
        _DOC,
        _c("title", STRING, "the document's title as printed"),
        _c("department", STRING, "the publishing department (部门)"),
        _YEAR,
        _KIND,
        _c("reporting_unit", STRING, "the unit its tables print amounts in (元, 万元)"),
        _c("approval_date", DATE, "the date the budget was approved (批复)"),
        _c("publication_date", DATE, "the date it was published (公开)"),
        _c("source_file", STRING, "the file it was ingested from"),
        _c("medium", STRING, "pdf, text or ocr"),
        _c("sha256", STRING, "SHA-256 of the source file"),
    ),
    "document",
)

TABLES = TableSpec(
    "tables",
    "Tables",
    "One row per table recognised in a document (表1 收支总表 …).",
    (
        _c("table", STRING, "the table's IRI"),
        _DOC,
        _c("table_number", STRING, "the table's number as printed (表N)"),
        _c("title", STRING, "the table's title as printed"),
        _c("table_kind", STRING, "what kind of table budgetkg recognised it as"),
        _c("reporting_unit", STRING, "the unit it prints amounts in (单位：万元)"),
        _c("is_empty", STRING, "true when the table is printed without values"),
        _c("line", INTEGER, "the line of its title (text sources)"),
        _c("page", INTEGER, "the page of its title (PDF sources)"),
        _c("note", STRING, "a note printed under the table (注：…)"),
    ),
    "table",
    (_TO_DOC,),
)

OBSERVATIONS = TableSpec(
    "observations",
    "Observations",
    "One row per printed table cell holding an amount.",
    (
        _c("observation", STRING, "the cell's IRI"),
        _DOC,
        _c("department", STRING, "the publishing department (部门)"),
        _c("organization", STRING, "the department or budget unit (单位) the cell is about"),
        _c("unit_code", STRING, "the budget unit's code (单位编码), when the cell is about a unit"),
        _YEAR,
        _KIND,
        _c("phase", STRING, "the column's phase: 预算数, 执行数 or 决算数"),
        _c("table", STRING, "the table's IRI; tables.table"),
        _c("table_number", STRING, "the table's number as printed (表N)"),
        _c("table_title", STRING, "the table's title as printed"),
        _c("code", STRING, "the classification code (科目编码), e.g. 2080101"),
        _c("code_name", STRING, "the code's name (科目名称)"),
        _c("scheme", STRING, "functional (功能分类) or economic (经济分类)"),
        _c("measure", STRING, "the column's measure (合计, 基本支出, 项目支出 …)"),
        _c("line_item", STRING, "the row's line item when it has no code (收入/支出 items of the summary tables)"),
        _c("amount_yuan", NUMBER, "the amount in 元, exact (printed amount × unit_scale)"),
        _c("printed_amount", NUMBER, "the number as printed, in printed_unit"),
        _c("printed_unit", STRING, "the unit the number is printed in (元, 万元)"),
        _SCALE,
        _PRECISION,
        _PAGE,
        _LINE,
        _ROW,
        _c("source_text", STRING, "the printed row the cell was read from"),
    ),
    "observation",
    (_TO_DOC, ForeignKey("table", "tables", "table")),
)

PROJECTS = TableSpec(
    "projects",
    "Projects",
    "One row per project (项目) of a 项目支出绩效目标表 or project list.",
    (
        _c("project", STRING, "the project's IRI"),
        _DOC,
        _c("name", STRING, "the project's name as printed"),
        _YEAR,
        _c("amount_yuan", NUMBER, "the project's amount in 元, exact"),
        _c("unit", STRING, "the budget unit that implements it"),
        _c("unit_code", STRING, "that unit's code"),
        _c("category", STRING, "the project category as printed"),
        _c("implementation_period", STRING, "the implementation period as printed"),
        _c("performance_goal", STRING, "the performance goal (绩效目标) as printed"),
        _c("indicators", INTEGER, "how many performance indicators it has; indicators.project"),
        _c("citations", INTEGER, "how many policy documents its 立项依据 cites; citations.project"),
        _PAGE,
        _LINE,
        _ROW,
    ),
    "project",
    (_TO_DOC,),
)

INDICATORS = TableSpec(
    "indicators",
    "Performance indicators",
    "One row per performance indicator (绩效指标) of a project.",
    (
        _c("indicator", STRING, "the indicator's IRI"),
        _c("project", STRING, "its project; projects.project"),
        _DOC,
        _c("level1", STRING, "一级指标 (产出指标, 效益指标 …)"),
        _c("level2", STRING, "二级指标 (数量指标, 成本指标 …)"),
        _c("name", STRING, "三级指标: the indicator as printed"),
        _c("comparator", STRING, "the comparison printed with the target (大于等于 …)"),
        _c("target_value", STRING, "the target (指标值) as printed"),
        _c("target_number", NUMBER, "the target's number, when it has one"),
        _c("measurement_unit", STRING, "the target's unit (%, 人, 万元 …)"),
        _c("weight", NUMBER, "the indicator's weight (分值)"),
        _c("nature", STRING, "正向 or 反向 (indicator nature)"),
        _c("target_year", YEAR, "the year the target names, when it names one"),
        _PAGE,
        _LINE,
        _ROW,
    ),
    "indicator",
    (_TO_PROJECT, _TO_DOC),
)

CITATIONS = TableSpec(
    "citations",
    "Citations",
    "One row per policy document a project's 立项依据 cites (project → 发文字号, title, issuer).",
    (
        _c("citation", STRING, "the citation's IRI"),
        _c("project", STRING, "the citing project; projects.project"),
        _DOC,
        _c("cited_as", STRING, "the citation as printed"),
        _c("policy", STRING, "the cited policy document's IRI (one per canonical 发文字号)"),
        _c("document_number", STRING, "the canonical 发文字号, e.g. 内政发〔2015〕103号"),
        _c("policy_title", STRING, "the policy document's title (several titles joined by ' | ')"),
        _c("issuer_code", STRING, "the 发文字号's issuer prefix (机关代字), e.g. 内政发"),
        _c("issuer", STRING, "the issuing body, when budgetkg knows the prefix"),
        _c("government_level", STRING, "the issuer's level of government (central, provincial, municipal …)"),
        _c("issue_year", YEAR, "the year in the 发文字号"),
        _PAGE,
        _LINE,
        _ROW,
    ),
    "citation",
    (_TO_PROJECT, _TO_DOC),
)

STATEMENTS = TableSpec(
    "statements",
    "Narrative statements",
    "One row per amount stated in the narrative (情况说明). Amounts in 元, exact.",
    (
        _c("statement", STRING, "the statement's IRI"),
        _DOC,
        _YEAR,
        _c("section", STRING, "the heading of the narrative section"),
        _c("subject", STRING, "what the sentence states an amount of, as printed"),
        _c("code", STRING, "the classification code it is tied to"),
        _c("code_name", STRING, "that code's name"),
        _c("topic", STRING, "the topic it is tied to when it names no code (收入总计, 基本支出 …)"),
        _c("stated_amount", NUMBER, "the amount stated, in 元"),
        _c("stated_change", NUMBER, "the change on last year stated, in 元 (negative: a decrease)"),
        _c("stated_change_percent", NUMBER, "the change stated, in per cent"),
        _c("stated_share", NUMBER, "the share stated, in per cent"),
        _c("share_base", STRING, "the whole the share is of, as printed"),
        _c("stated_budget_amount", NUMBER, "final accounts: 年初预算 stated, in 元"),
        _c("stated_final_amount", NUMBER, "final accounts: 决算 stated, in 元"),
        _c("stated_completion_percent", NUMBER, "final accounts: completion stated, in per cent"),
        _c("variance", STRING, "final accounts: above, below or equal (决算 against 年初预算)"),
        _c("stated_count", INTEGER, "a count stated (vehicles, people …)"),
        _c("count_unit", STRING, "the count's unit (辆, 人 …)"),
        _c("change_reason", STRING, "the reason given for the change"),
        _c("printed_amount", NUMBER, "the stated amount as printed, in printed_unit"),
        _c("printed_unit", STRING, "the unit it is printed in"),
        _SCALE,
        _PRECISION,
        _PAGE,
        _LINE,
        _c("source_text", STRING, "the sentence or paragraph it was read from"),
    ),
    "statement",
    (_TO_DOC,),
)

FINDINGS = TableSpec(
    "findings",
    "Validation findings",
    "One row per finding of `budgetkg validate` (fast engine, every shape), run when the export is written.",
    (
        _c("finding", INTEGER, "the finding's number in this export (the order of `budgetkg validate`)"),
        _DOC,
        _c("rule", STRING, "the rule (the shape's local name)"),
        _c("concern", STRING, "arithmetic, crosstable, narrative, disclosure, indicators, citations, structure"),
        _c("severity", STRING, "Violation, Warning or Info"),
        _c("focus", STRING, "the IRI the finding is about"),
        _c("value", STRING, "the value found (an amount in 元, or a term), as text"),
        _c("expected", NUMBER, "the value the rule expected (元, or per cent for percentage rules)"),
        _c("difference", NUMBER, "value minus expected"),
        _c("tolerance", NUMBER, "the difference the rounding of the printed figures allows"),
        _c("unit", STRING, "the printed unit of the numbers"),
        _c("table_number", STRING, "the table of the cell involved"),
        _PAGE,
        _LINE,
        _ROW,
        _c("message_zh", STRING, "the finding in Chinese"),
        _c("message_en", STRING, "the finding in English"),
    ),
    "finding",
    (_TO_DOC,),
)

SPECS: tuple[TableSpec, ...] = (DOCUMENTS, TABLES, OBSERVATIONS, PROJECTS, INDICATORS, CITATIONS, STATEMENTS, FINDINGS)
QUERIED: tuple[TableSpec, ...] = SPECS[:-1]  # gathered by a query; findings come from the validation
