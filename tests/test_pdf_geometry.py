"""Geometry rules of the PDF reader on hand-made boxes: lines by vertical overlap, rules a page break leaves
open, column groups side by side."""

from __future__ import annotations

from budgetkg.ingest.model import SourceRow, SourceTable
from budgetkg.ingest.readers.pdf.edges import missing_rules
from budgetkg.ingest.readers.pdf.layout import split_side_by_side
from budgetkg.ingest.readers.pdf.lines import group_lines


def _text(lines: list[list[tuple[str, float, float, float]]]) -> list[str]:
    return ["".join(p[0] for p in line) for line in lines]


def test_pieces_on_a_shifted_box_join_the_line_they_overlap_most() -> None:
    # body text 336-348 and 350-362 (14 pt pitch); figures of the first line boxed 5 pt lower (341-353)
    pieces = [
        ("本年支出合计", 96, 336.3, 348.3),
        ("2940.05", 168, 341.2, 353.2),
        ("万元", 207, 336.3, 348.3),
        ("603.14", 84, 355.2, 367.2),
        ("万元，占", 120, 350.3, 362.3),
    ]
    lines = group_lines(pieces, lambda p: (p[2], p[3]), lambda p: p[1])
    assert _text(lines) == ["本年支出合计2940.05万元", "603.14万元，占"]


def test_a_degenerate_box_still_joins_its_line() -> None:
    pieces = [("一", 10, 100.0, 100.0), ("二", 0, 95.0, 105.0)]
    assert _text(group_lines(pieces, lambda p: (p[2], p[3]), lambda p: p[1])) == ["二一"]


def _v(x: float, top: float, bottom: float) -> dict:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def _h(x0: float, x1: float, y: float) -> dict:
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y}


def test_a_table_continued_over_a_page_break_gets_its_top_rule_back() -> None:
    columns = (45.0, 135.0, 232.0, 304.0)
    edges = [_v(x, 90.0, 457.0) for x in columns] + [_h(45.0, 304.0, y) for y in (106.0, 130.0, 457.0)]
    added = missing_rules(edges)
    assert [(r["x0"], r["x1"], r["top"]) for r in added] == [(45.0, 304.0, 90.0)]


def test_rules_of_a_nested_header_are_not_taken_for_a_missing_rule() -> None:
    # a merged heading over columns 2-5: the rules between them start at the rule under the heading
    edges = [_v(x, 100.0, 300.0) for x in (0.0, 100.0, 400.0)] + [_v(x, 130.0, 300.0) for x in (200.0, 250.0, 300.0)]
    edges += [_h(0.0, 400.0, 100.0), _h(100.0, 400.0, 130.0), _h(0.0, 400.0, 300.0)]
    assert missing_rules(edges) == []


def _row(*cells: str) -> SourceRow:
    return SourceRow(cells=list(cells), page=1, raw=" | ".join(c for c in cells if c))


def test_three_column_groups_side_by_side() -> None:
    header = _row("科目编码", "科目名称", "金额", "科目编码", "科目名称", "金额", "科目编码", "科目名称", "金额")
    data = [
        _row("301", "工资福利支出", "5.00", "302", "商品和服务支出", "2.00", "310", "资本性支出", "1.00"),
        _row("30101", "基本工资", "5.00", "30201", "办公费", "2.00"),
    ]
    table = split_side_by_side(SourceTable(title="基本支出表", number="8", unit="万元", rows=[header, *data]), 1)
    assert [r.cells for r in table.rows] == [
        ["科目编码", "科目名称", "金额"],
        ["301", "工资福利支出", "5.00"],
        ["30101", "基本工资", "5.00"],
        ["302", "商品和服务支出", "2.00"],
        ["30201", "办公费", "2.00"],
        ["310", "资本性支出", "1.00"],
    ]


def test_a_summary_with_two_halves_and_no_code_column_stays_whole() -> None:
    header = _row("项目", "金额", "项目", "金额")
    rows = [header, _row("一、财政拨款", "10.00", "一、基本支出", "10.00")]
    table = split_side_by_side(SourceTable(title="收支总表", number="1", unit="万元", rows=rows), 1)
    assert [r.cells for r in table.rows] == [r.cells for r in rows]
