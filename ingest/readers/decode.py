"""Turn the bytes of a text disclosure into str, or say clearly why they are not readable text."""

from __future__ import annotations

from budgetkg.errors import InputError

_ENCODINGS = ("utf-8-sig", "gb18030")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters in the first 8 KiB."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13, 12))
    return controls > max(8, len(head) // 50)


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode ``data`` as UTF-8, else GB18030 (a superset of GBK); return (text, encoding)."""
    if not data.strip():
        raise InputError("the file is empty", where=path, hint="pass a disclosure with its tables")
    if looks_binary(data):
        raise InputError(
            "the file holds binary data, not text",
            where=path,
            hint="pass the disclosure as UTF-8 or GBK text, or as a PDF with a text layer",
        )
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
