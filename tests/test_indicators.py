"""Performance indicators of the seed's 项目绩效目标表 against a hand-checked fixture, and odd tables."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from budgetkg.ingest.model import Context, DocumentMeta, Extraction, SourceRef, SourceRow, SourceTable
from budgetkg.ingest.policy.indicators import level1_of, level2_of, read_sequence, target_year
from budgetkg.ingest.policy.performance_table import extract_performance_table

FIXTURE = Path(__file__).parent / "fixtures" / "seed_indicators.csv"


def _expected() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _opt(text: str) -> str | None:
    return text or None


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def test_fixture_is_big_enough() -> None:
    rows = _expected()
    assert len(rows) >= 40
    assert len({(r["project"], r["unit"]) for r in rows}) >= 8


def test_hand_checked_rows_are_recovered_exactly(seed_extraction: Extraction) -> None:
    by_line = {(p.unit, p.name, i.source.line): i for p in seed_extraction.projects for i in p.indicators}
    wrong = []
    for r in _expected():
        got = by_line.get((r["unit"], r["project"], int(r["line"])))
        want = (
            r["level1"],
            r["level2"],
            r["name"],
            _opt(r["nature"]),
            _opt(r["comparator"]),
            _opt(r["target"]),
            _dec(r["target_number"]),
            _opt(r["measure_unit"]),
            _dec(r["weight"]),
        )
        if got is None or got.fact() != want:
            wrong.append((r["line"], want, got.fact() if got else None))
    assert not wrong, "\n".join(map(str, wrong))


def test_rows_of_lost_project_names_are_warned_with_their_line(seed_extraction: Extraction) -> None:
    lines = {w.line for w in seed_extraction.warnings if "not attached" in w.message}
    assert {834, 846, 855}.issubset(lines)  # 定向选调生 and 一窗式 blocks have no project row in the text
    attached = {i.source.line for p in seed_extraction.projects for i in p.indicators}
    assert not lines & attached


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("可持续影响", "可持续影响指标"),
        ("可持续性影响", "可持续影响指标"),
        ("持续影响", "可持续影响指标"),
        ("社会效益", "社会效益指标"),
        ("服务对象满意度", "服务对象满意度指标"),
    ],
)
def test_level2_variants_are_normalised(text: str, norm: str) -> None:
    assert level2_of(text)[0] == norm


def test_level1_with_points() -> None:
    assert level1_of("产出指标(50分)") == "产出指标"
    assert level1_of("满意度指标（10分）") == "满意度指标"
    assert level1_of("参评人员满意度") is None


def test_sequence_reader_takes_first_numeric_after_target_as_score() -> None:
    reading = read_sequence(
        ["效益指标(30分)", "可持续影响", "长期的作用", "定性", "长期", "15", "", "15"], SourceRef(line=1), (None, None)
    )
    ind = reading.indicator
    assert ind is not None and ind.weight == Decimal(15) and ind.target == "长期" and ind.comparator is None


def _table(header: list[str], rows: list[list[str]]) -> tuple[SourceTable, Extraction]:
    table = SourceTable(
        title="项目绩效目标表",
        unit="万元",
        rows=[SourceRow(header, line=1)] + [SourceRow(r, line=k + 2) for k, r in enumerate(rows)],
    )
    out = Extraction(meta=DocumentMeta(department="某局", fiscal_year=2025, kind="Budget", title="t"))
    return table, out


def test_columns_in_another_order_are_read_by_their_headings() -> None:
    header = [
        "项目名称",
        "项目单位",
        "项目类别",
        "预算数",
        "年度绩效目标",
        "分值",
        "目标值",
        "计量单位",
        "指标方向",
        "指标性质",
        "三级指标",
        "二级指标",
        "一级指标",
    ]
    table, out = _table(
        header,
        [
            [
                "甲项目",
                "501001-某中心",
                "31-部门预算项目",
                "2.50",
                "目标",
                "8",
                "90",
                "%",
                "大于等于",
                "正向",
                "合格率",
                "质量指标",
                "产出指标(50分)",
            ]
        ],
    )
    extract_performance_table(table, Context("11", "万元", "预算数", 2025), out)
    (project,) = out.projects
    assert project.amount == Decimal(25000) and project.unit == "501001"
    (ind,) = project.indicators
    assert ind.fact() == ("产出指标", "质量指标", "合格率", "正向", "大于等于", "90", Decimal(90), "%", Decimal(8))


def test_table_without_score_column_warns_and_does_not_crash() -> None:
    header = [
        "项目名称",
        "项目单位",
        "项目类别",
        "预算数",
        "年度绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标方向",
        "目标值",
        "计量单位",
    ]
    table, out = _table(
        header,
        [
            [
                "乙项目",
                "501002-某站",
                "32-专项资金项目",
                "1.00",
                "目标",
                "产出指标",
                "数量指标",
                "人数",
                "正向",
                "大于等于",
                "5",
                "人",
            ],
            ["", "", "", "", "", "", "", "垃圾", "??"],
        ],
    )
    extract_performance_table(table, Context("11", "万元", "预算数", 2025), out)
    assert out.projects[0].indicators[0].weight is None
    messages = " ".join(w.message for w in out.warnings)
    assert "no 分值 column" in messages


@pytest.mark.parametrize(
    ("target", "year"),
    [
        ("2024年12月底前", 2024),
        ("2025年", 2025),
        ("于1999年完成", 1999),
        ("95%", None),
        ("12月15日前", None),
        ("2000", 2000),
        ("20000", None),
        ("长期", None),
        (None, None),
        ("3月底前完成2024年任务", None),
    ],
)
def test_target_year_is_the_first_number_when_it_is_a_year(target: str | None, year: int | None) -> None:
    assert target_year(target) == year
