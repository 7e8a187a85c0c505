"""Data model of the policy layer: projects, the documents they cite (发文字号) and their indicators.

Amounts are ``Decimal`` in 元. These objects hang off :class:`~budgetkg.ingest.model.Extraction`
(``projects`` and ``citation_conflicts``) and are mapped to RDF by ``policy_mapper``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetkg.ingest.normalise import format_docnumber, normalise_title
from budgetkg.ingest.source import SourceRef


@dataclass(frozen=True)
class DocNumber:
    """A parsed 发文字号: 机关代字 + year + serial, e.g. 内政发〔2015〕103号."""

    prefix: str
    year: int
    serial: int

    @property
    def canonical(self) -> str:
        return format_docnumber(self.prefix, self.year, self.serial)


@dataclass(frozen=True)
class PolicyDocumentRef:
    """A cited policy document: by number (canonical 〔〕 form) and/or by title."""

    number: DocNumber | None = None
    title: str | None = None  # as printed, without 《》 and white space

    @property
    def key(self) -> str:
        """The identity of the document across the store: its canonical number, else its normalised title."""
        if self.number:
            return self.number.canonical
        return "title:" + normalise_title(self.title or "")


@dataclass(frozen=True)
class Citation:
    """One place where a project (or a document) cites a policy document."""

    ref: PolicyDocumentRef
    text: str  # the citation as written (number spelling, title)
    source: SourceRef = field(default=SourceRef(), compare=False, hash=False)


@dataclass(frozen=True)
class Indicator:
    """One row of a 项目绩效目标表: a performance indicator with its target and weight."""

    name: str  # 三级指标
    level1: str | None = None  # normalised: 产出指标, 效益指标, 满意度指标
    level2: str | None = None  # normalised: 数量指标, 社会效益指标, 可持续影响指标 ...
    nature: str | None = None  # 正向 / 反向 / 定性
    comparator: str | None = None  # 大于等于 / 小于等于 / 等于 ...
    target: str | None = None  # 目标值 as written
    target_number: Decimal | None = None
    unit: str | None = None  # 计量单位
    weight: Decimal | None = None  # 分值
    source: SourceRef = field(default=SourceRef(), compare=False, hash=False)
    table: str | None = field(default=None, compare=False, hash=False)  # the table it was read from, when known

    def fact(self) -> tuple:
        """The indicator without provenance, for comparisons."""
        return (
            self.level1,
            self.level2,
            self.name,
            self.nature,
            self.comparator,
            self.target,
            self.target_number,
            self.unit,
            self.weight,
        )


@dataclass
class Project:
    """A budget project of one unit, merged from the narrative and the 绩效目标表."""

    name: str
    unit: str | None = None  # unit key (code when known)
    unit_text: str | None = None  # the unit as printed
    category: str | None = None  # "31-部门预算项目"
    amount: Decimal | None = None  # 元
    goal: str | None = None  # 年度绩效目标 (年度总体目标 of a per-project sheet)
    department: str | None = None  # 主管部门 as printed on a per-project sheet (教育部)
    department_code: str | None = None  # its code (105)
    funding: dict[str, Decimal] = field(default_factory=dict)  # 元 by source: 财政拨款, 上年结转, 其他资金
    table: str | None = None  # the table its row or sheet starts in, when known
    sheet_tables: list[str] = field(default_factory=list)  # the tables its 项目绩效目标表 sheet runs over
    sheet_columns: dict[str, int] = field(default_factory=dict)  # the columns its sheet's indicator grid names
    sheet_unit: str | None = None  # the unit its sheet prints its funds in (项目资金（万元）)
    sections: dict[str, str] = field(default_factory=dict)  # 项目概述, 立项依据, 实施主体 ... -> text
    citations: list[Citation] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    source: SourceRef = SourceRef()  # where the project is first named
    sources: list[SourceRef] = field(default_factory=list)  # every place it is described


@dataclass(frozen=True)
class CitationConflict:
    """One document cites what looks like the same policy document under different numbers."""

    kind: str  # "same-title" or "same-year-serial"
    refs: tuple[PolicyDocumentRef, ...]
    message: str
    source: SourceRef = field(default=SourceRef(), compare=False, hash=False)
