"""Turn the bytes of a text disclosure into str, or say clearly why they are not readable text."""

from __future__ import annotations

import codecs

from budgetkg.errors import InputError

_ENCODINGS = ("utf-8-sig", "gb18030")
# A byte-order mark names the encoding; UTF-32 first, as its little-endian mark begins like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls > max(8, len(head) // 50)


def bom_encodings(data: bytes) -> list[str]:
    """The encodings a leading byte-order mark may name (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), likeliest first:
    FF FE 00 00 opens UTF-32 LE text, or UTF-16 LE text whose first character is NUL."""
    return [name for bom, name in _BOMS if data.startswith(bom)]


def _empty(path: str) -> InputError:
    return InputError("the file is empty", where=path, hint="pass a disclosure with its tables")


def _binary(path: str) -> InputError:
    return InputError(
        "the file holds binary data, not text",
        where=path,
        hint="pass the disclosure as UTF-8 or GBK text, or as a PDF with a text layer",
    )


def _decode_marked(data: bytes, encodings: list[str], path: str) -> tuple[str, str]:
    """Text whose byte-order mark names its encoding (the mark itself is dropped); the binary test runs
    on the decoded text, as UTF-16's own bytes are half NULs."""
    for encoding in encodings:
        bom = next(b for b, name in _BOMS if name == encoding)
        try:
            text = data[len(bom) :].decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise _empty(path)
        if looks_binary(text.encode("utf-8")):
            raise _binary(path)
        return text, encoding
    raise InputError(
        f"the file starts with a {encodings[-1].upper()} byte-order mark but is not valid {encodings[-1].upper()}",
        where=path,
        hint="re-save the file as UTF-8",
    )


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data`` by its byte-order mark, else as UTF-8, else GB18030 (a superset of GBK); return
    (text, encoding)."""
    if encodings := bom_encodings(data):
        return _decode_marked(data, encodings, path)
    if not data.strip():
        raise _empty(path)
    if looks_binary(data):
        raise _binary(path)
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise InputError(
        "the text is neither UTF-8 nor GBK/GB18030",
        where=path,
        hint="re-save the file as UTF-8",
    )
