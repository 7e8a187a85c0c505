"""Table extractors: one per kind in the registry; unreadable tables are warnings, bugs propagate."""

from __future__ import annotations

import pytest

from budgetkg.ingest.enums import DocumentKind, TableKind
from budgetkg.ingest.extract import extract
from budgetkg.ingest.model import Context, DocumentMeta, Extraction, SourceRow, SourceTable, TableInfo, TableReadError
from budgetkg.ingest.readers.text import parse_text
from budgetkg.ingest.tables import registry
from budgetkg.ingest.tables.three_public import extract_three_public
from budgetkg.synth import generate_document

UNITS_HEADER = "序号\t单位名称\t单位性质\n1\t"


def _document(text: str | None = None):
    return parse_text(text or generate_document(3).text, "synthetic-3.txt")


def _units_line(text: str) -> int:
    """The 1-based line of the 单位情况表 title in ``text``."""
    return text.split("\n").index("单位情况表") + 1


def test_every_recognised_kind_has_an_extractor():
    missing = [k for k in TableKind if k != TableKind.UNKNOWN and registry.extractor_for(k) is None]
    assert missing == []
    assert registry.extractor_for(TableKind.UNKNOWN) is None


def test_a_bug_in_an_extractor_propagates(monkeypatch):
    def buggy(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
        raise KeyError("a bug, not a malformed table")

    monkeypatch.setitem(registry.EXTRACTORS, TableKind.UNITS, buggy)
    with pytest.raises(KeyError, match="a bug"):
        extract(_document())


def test_an_unreadable_table_is_a_warning_naming_it(monkeypatch):
    def unreadable(table: SourceTable, info: TableInfo, ctx: Context, ex: Extraction) -> None:
        raise TableReadError("its columns do not line up")

    monkeypatch.setitem(registry.EXTRACTORS, TableKind.UNITS, unreadable)
    text = generate_document(3).text
    ex = extract(_document(text))
    (warning,) = [w for w in ex.warnings if "could not be read" in w.message]
    assert warning.message == "table '单位情况表' could not be read: its columns do not line up"
    assert warning.table == "x1"
    assert warning.line is not None and abs(warning.line - _units_line(text)) <= 2
    assert ex.observations  # the other tables are still read


def test_a_sequence_number_int_cannot_read_is_a_warning_not_a_crash():
    text = generate_document(3).text
    assert UNITS_HEADER in text
    ex = extract(_document(text.replace(UNITS_HEADER, "序号\t单位名称\t单位性质\n①\t", 1)))
    (warning,) = [w for w in ex.warnings if "could not be read" in w.message]
    assert "序号 '①' is not a number" in warning.message and warning.table == "x1"


def test_an_unrecognised_table_is_a_warning_naming_it():
    text = generate_document(3).text + "\n其他情况表\n\n甲\t乙\t丙\n1\t2\t3\n"
    ex = extract(_document(text))
    (warning,) = [w for w in ex.warnings if "not recognised" in w.message]
    assert "table '其他情况表' not recognised (header: 甲 | 乙 | 丙)" == warning.message
    assert any(t.kind == TableKind.UNKNOWN for t in ex.tables)


def test_a_summary_table_without_cells_is_a_warning_not_a_crash():
    doc = _document()
    doc.tables.append(SourceTable(title="收支总表", rows=[], line=9999))
    ex = extract(doc)
    (warning,) = [w for w in ex.warnings if "could not be read" in w.message]
    assert warning.message == "table '收支总表' could not be read: the table has no cells" and warning.line == 9999


def _extraction() -> Extraction:
    return Extraction(
        meta=DocumentMeta(department="某局", fiscal_year=2025, kind=DocumentKind.BUDGET, title="某局预算")
    )


def _info(kind: TableKind) -> TableInfo:
    return TableInfo(number="1", title="", kind=kind, unit="万元")


def test_a_one_column_units_table_reads_its_names():
    table = SourceTable(title="单位情况表", rows=[SourceRow(["单位名称"]), SourceRow(["某局机关"]), SourceRow([])])
    ex = _extraction()
    registry.extractor_for(TableKind.UNITS)(table, _info(TableKind.UNITS), Context("1", "万元", "预算数", 2025), ex)
    assert [(u.name, u.seq, u.unit_type) for u in ex.units] == [("某局机关", None, None)]


def test_a_three_public_row_without_cells_is_skipped():
    """The sequence reader (three_public.py), used when the column headings are garbled."""
    header = ["单位名称", "“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "", "", "公务接待费"]
    parts = ["", "", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    amounts = ["6", "1", "3", "1", "2", "2"]
    rows = [SourceRow(header), SourceRow(parts), SourceRow(["101001-某局机关", *amounts]), SourceRow([])]
    rows.append(SourceRow(["合计", *amounts]))
    ex = _extraction()
    extract_three_public(SourceTable(title="三公", rows=rows), Context("1", "万元", "预算数", 2025), ex)
    assert sorted((o.measure, o.amount) for o in ex.observations)[0] == ("公务接待费", 20000)
    assert len(ex.observations) == 12 and [u.code for u in ex.units] == ["101001"]
