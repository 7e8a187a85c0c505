"""Text files with a byte-order mark (UTF-8, UTF-16 LE/BE) are read as text, not refused as binary data."""

from __future__ import annotations

import codecs

import pytest

from budgetkg.errors import InputError
from budgetkg.ingest.extract import extract
from budgetkg.ingest.readers.decode import decode_text
from budgetkg.ingest.readers.text import read_text
from tests.corpus import seed_path

SNIPPET = "# 2025年度某某市某某局部门预算公开\n单位：万元\n项目\t金额\n合计\t10.00\n"


@pytest.mark.parametrize(
    "bom,codec,name",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
    ],
)
def test_a_byte_order_mark_names_the_encoding(bom, codec, name):
    text, encoding = decode_text(bom + SNIPPET.encode(codec), "snippet.txt")
    assert (text, encoding) == (SNIPPET, name)


def test_utf16_without_text_is_empty_and_binary_after_the_mark_is_refused():
    with pytest.raises(InputError, match="empty"):
        decode_text(codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "blank.txt")
    with pytest.raises(InputError, match="binary data"):
        decode_text(codecs.BOM_UTF16_LE + ("".join(map(chr, range(32))) * 40).encode("utf-16-le"), "noise.txt")


def test_the_seed_saved_as_utf16_reads_as_the_utf8_original(tmp_path):
    original = seed_path().read_bytes()
    utf16 = tmp_path / "seed-utf16.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + original.decode("utf-8").encode("utf-16-le"))
    a, b = extract(read_text(seed_path())), extract(read_text(utf16))
    assert b.meta.department == "包头市人力资源和社会保障局" and b.meta.fiscal_year == 2025
    assert [o.fact() for o in b.observations] == [o.fact() for o in a.observations]
    assert len(b.observations) > 100
