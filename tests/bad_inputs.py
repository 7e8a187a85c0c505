"""Generator of the bad-input corpus: odd copies of the seed and odd files a researcher's folder holds.

Every file is made here from the seed text or from scratch (nothing binary is checked in). The variants
that must read exactly like the seed change only how characters are written (Kangxi radicals, full-width
digits, control characters, UTF-16, pipe tables); the others are damaged on purpose. The cells changed
below were read off the seed by hand: line 598 of the seed is the 支出总表 (表3, 万元) row
``2080101 行政运行 947.66 943.16 4.50`` and line 599 the row ``2080103 机关服务 447.86 442.86 5.00``.
"""

from __future__ import annotations

import io
from pathlib import Path

from tests.corpus import seed_path

SEED_LINE_BASIC = 598  # 2080101 行政运行: 合计 947.66, 基本支出 943.16, 项目支出 4.50 (万元)
SEED_LINE_SERVICE = 599  # 2080103 机关服务: 合计 447.86
# Kangxi radicals (⼀ ⽀ ⼈) and CJK compatibility ideographs (行 年 度 金 社 as U+FA08 U+F98E U+FA01 U+F90A U+FA4C)
# for the unified ideographs; code points from the Unicode charts, not from the normaliser.
KANGXI = {"一": "\u2f00", "支": "\u2f40", "人": "\u2f08"}
COMPAT = {"行": "\ufa08", "年": "\uf98e", "度": "\ufa01", "金": "\uf90a", "社": "\ufa4c"}
FULL_WIDTH = str.maketrans({**{str(d): chr(0xFF10 + d) for d in range(10)}, ".": "．", ",": "，"})
TRADITIONAL = (
    "2025年度某某局部門預算公開\n\n單位：萬元\n\n收入\t預算數\t支出\t預算數\n"
    "財政撥款收入\t100.00\t一般公共服務支出\t100.00\n合計\t100.00\t合計\t100.00\n"
)


def seed_lines() -> list[str]:
    """The seed's lines with their line ends (line N is index N-1)."""
    return seed_path().read_text(encoding="utf-8").splitlines(keepends=True)


def _replace_cell(lines: list[str], lineno: int, old: str, new: str) -> list[str]:
    cells = lines[lineno - 1].split("\t")
    assert old in cells, (lineno, old, cells)  # the generator checks its own premise, not the parser
    cells[cells.index(old)] = new
    out = list(lines)
    out[lineno - 1] = "\t".join(cells)
    return out


def kangxi_copy() -> str:
    """The seed with 一, 支, 人 as Kangxi radicals (⼀般公共服务⽀出) and 行, 年, 度, 金, 社 as compatibility
    ideographs everywhere, as some PDF fonts and converters write them."""
    text = "".join(seed_lines())
    for plain, radical in {**KANGXI, **COMPAT}.items():
        text = text.replace(plain, radical)
    return text


def full_width_copy() -> str:
    """The seed with every digit, point and comma of its table rows full-width (１２３．４５)."""
    return "".join(line.translate(FULL_WIDTH) if "\t" in line else line for line in seed_lines())


def control_copy() -> str:
    """The seed with NULs, a bell, zero-width spaces and a BOM strewn inside table cells."""
    out = []
    for line in seed_lines():
        if "\t" in line:
            line = line.replace("\t", "\x00\t\u200b", 1).replace(".", ".\x07", 1)
        out.append(line)
    return "\ufeff" + "".join(out)


def pipe_table_copy() -> str:
    """The seed with every tab-separated row as a markdown pipe row, a ``|---|`` rule under each table's first row."""
    out, previous_tab = [], False
    for line in seed_lines():
        if "\t" in line:
            cells = line.rstrip("\n").split("\t")
            out.append("| " + " | ".join(cells) + " |\n")
            if not previous_tab:
                out.append("|" + "---|" * len(cells) + "\n")
            previous_tab = True
        else:
            out.append(line)
            previous_tab = False
    return "".join(out)


def unparsable_cell_copy() -> str:
    """943.16 on line 598 printed as 943.1.6: looks like a figure, parses as none."""
    return "".join(_replace_cell(seed_lines(), SEED_LINE_BASIC, "943.16", "943.1.6"))


def huge_amount_copy() -> str:
    """447.86 万元 on line 599 printed as 123456789012.00 万元 (1.2 x 10^15 元): beyond any budget."""
    return "".join(_replace_cell(seed_lines(), SEED_LINE_SERVICE, "447.86", "123456789012.00"))


def poorer_copy() -> str:
    """The seed cut after its 收入总表 (line 588): the same document (title, department, year), 2 tables."""
    return "".join(seed_lines()[:588])


def bad_utf8_copy() -> tuple[bytes, int]:
    """The seed as UTF-8 with one byte 0xFF put at the start of line 598; returns the bytes and its offset."""
    data = "".join(seed_lines()).encode("utf-8")
    offset = len("".join(seed_lines()[: SEED_LINE_BASIC - 1]).encode("utf-8"))
    return data[:offset] + b"\xff" + data[offset:], offset


def broken_xref_pdf(pdf: bytes) -> bytes:
    """A PDF whose ``startxref`` keyword is damaged, so neither the xref nor the trailer can be found."""
    return pdf.replace(b"startxref", b"startxxxx")


def tiny_pdf() -> bytes:
    """A one-page PDF with a title line (reportlab), to damage."""
    from reportlab.pdfgen.canvas import Canvas  # test-only dependency

    from tests.pdf_render import FONT

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 720, "2025年度某某局部门预算公开")
    canvas.save()
    return buf.getvalue()


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """Every generated file in ``folder``, by case name."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = "".join(seed_lines())
    bad_utf8, _ = bad_utf8_copy()
    files: dict[str, bytes] = {
        "kangxi.txt": kangxi_copy().encode("utf-8"),
        "full-width.txt": full_width_copy().encode("utf-8"),
        "controls.txt": control_copy().encode("utf-8"),
        "pipe-tables.md": pipe_table_copy().encode("utf-8"),
        "utf16le-no-bom.txt": seed.encode("utf-16-le"),
        "utf16be-no-bom.txt": seed.encode("utf-16-be"),
        "unparsable-cell.txt": unparsable_cell_copy().encode("utf-8"),
        "huge-amount.txt": huge_amount_copy().encode("utf-8"),
        "poorer.txt": poorer_copy().encode("utf-8"),
        "big5.txt": TRADITIONAL.encode("big5"),
        "bad-utf8.txt": bad_utf8,
        "page.html": "<!DOCTYPE html><html><body><table><tr><td>合计</td></tr></table></body></html>".encode(),
        "page-as-txt.txt": b"<html><head><title>budget</title></head><body>...</body></html>\n",
        "broken-xref.pdf": broken_xref_pdf(tiny_pdf()),
    }
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    return out
