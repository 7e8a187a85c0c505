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
    """A high share of NULs and other control characters in the first 8 KiB (a stray NUL or two in text is
    dropped by the normaliser, not a reason to refuse the file)."""
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls > max(8, len(head) // 50)


# Characters every budget disclosure prints, in simplified (GBK) and traditional (Big5) form.
_SIMPLIFIED = set("预算支出收入合计单位万元部门项目经费公共财政拨款基本")
_TRADITIONAL = set("預算支出收入合計單位萬元部門項目經費公共財政撥款基本")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: NULs at every other byte (ASCII and line breaks)."""
    head = data[:4096]
    if len(head) < 8 or head.count(0) < max(4, len(head) // 64):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    encoding = "utf-16-le" if odd > 3 * max(even, 1) else "utf-16-be" if even > 3 * max(odd, 1) else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _score(text: str, chars: set[str]) -> int:
    return sum(1 for c in text[:20000] if c in chars)


def _big5_error(data: bytes, path: str) -> InputError | None:
    """Big5 (traditional Chinese) bytes also decode as GB18030, into nonsense: say so rather than read it."""
    try:
        big5 = data.decode("big5")
    except UnicodeDecodeError:
        return None
    gb = data.decode("gb18030", errors="replace")
    if _score(big5, _TRADITIONAL) >= 5 and _score(big5, _TRADITIONAL) > 3 * _score(gb, _SIMPLIFIED):
        return InputError(
            "the text is Big5-encoded (traditional Chinese); budgetkg reads UTF-8, UTF-16 and GBK/GB18030",
            where=path,
            hint="convert it, e.g. `iconv -f BIG5 -t UTF-8 in.txt > out.txt`, and ingest the converted file",
        )
    return None


def _bad_utf8_error(data: bytes, path: str) -> InputError | None:
    """Text that is UTF-8 but for a few bad bytes (a damaged copy): GB18030 would read it as nonsense, so the
    first bad byte is named by its offset instead."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        offset, bad = exc.start, data[exc.start : exc.end]
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    wide = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    if wide < 20 or replaced * 50 > wide:  # mostly not UTF-8: GBK or another encoding
        return None
    line = data.count(b"\n", 0, offset) + 1
    return InputError(
        f"invalid UTF-8 sequence at byte offset {offset} (line {line}: byte(s) {bad.hex(' ')}; "
        f"{replaced} bad sequence(s) in a file that is otherwise UTF-8)",
        where=path,
        hint="the copy is damaged: download or export it again, or fix those bytes and save as UTF-8",
    )


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
    """Decode ``data`` by its byte-order mark, else as UTF-16 (NULs at every other byte), else as UTF-8, else
    GB18030 (a superset of GBK); return (text, encoding). UTF-8 with a few bad bytes and Big5 are refused
    with what they are, never read as GB18030 nonsense."""
    if encodings := bom_encodings(data):
        return _decode_marked(data, encodings, path)
    if not data.strip():
        raise _empty(path)
    if (utf16 := _utf16_without_bom(data)) is not None and not looks_binary(utf16.encode("utf-8")):
        if not utf16.strip("\x00").strip():
            raise _empty(path)
        return utf16, "utf-16"
    if looks_binary(data):
        raise _binary(path)
    if error := _bad_utf8_error(data, path) or _big5_error(data, path):
        raise error
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
