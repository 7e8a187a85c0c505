"""Refuse files the PDF reader cannot read, with a message that says what is wrong and what to do."""

from __future__ import annotations

import io

from budgetkg.errors import InputError

_EOF_WINDOW = 2048


def check_bytes(data: bytes, where: str) -> None:
    """Not a PDF at all, or cut short before its end-of-file marker."""
    if not data:
        raise InputError("the file is empty", where=where, hint="hand in the published PDF or its text form")
    if data[:1024].find(b"%PDF-") < 0:
        raise InputError(
            "not a PDF: the file does not start with %PDF-",
            where=where,
            hint="rename a text disclosure to .txt, or hand in the published PDF",
        )
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise InputError(
            "the PDF is truncated (no %%EOF marker at its end)",
            where=where,
            hint="download the file again; it was cut short",
        )


def open_error(exc: Exception, where: str) -> InputError:
    """An InputError for an exception raised while opening the PDF."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name or "password" in str(inner).lower():
        return InputError(
            "the PDF is encrypted with a password",
            where=where,
            hint="ask the publisher for an unprotected copy, or remove the password with qpdf",
        )
    text = str(inner)
    if "xref" in text.lower() or "/Root" in text or "trailer" in text.lower():
        return InputError(
            f"the PDF's cross-reference table (xref) or trailer is broken, so its pages cannot be found "
            f"({name}: {text})",
            where=where,
            hint=f"repair it with qpdf (`qpdf '{where}' repaired.pdf`) and ingest the repaired file, or install "
            "pikepdf (pip install pikepdf), with which budgetkg repairs it itself",
        )
    return InputError(
        f"the PDF is damaged and cannot be parsed ({name}: {text})",
        where=where,
        hint="download the file again, or repair it with qpdf (`qpdf in.pdf repaired.pdf`) or ghostscript",
    )


def repaired(data: bytes) -> bytes | None:
    """The PDF rewritten by pikepdf (qpdf rebuilds a broken xref), or None when pikepdf is not installed or
    cannot repair it either."""
    try:
        import pikepdf  # optional: only for damaged PDFs
    except ImportError:
        return None
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except Exception:  # pikepdf's errors vary; any of them means it cannot repair the file
        return None


def page_ranges(pages: list[int]) -> str:
    """'1-3, 7' for [1, 2, 3, 7]."""
    out: list[str] = []
    for p in sorted(pages):
        if out and "-" not in out[-1] and int(out[-1]) == p - 1:
            out[-1] = f"{out[-1]}-{p}"
        elif out and "-" in out[-1] and int(out[-1].split("-")[1]) == p - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{p}"
        else:
            out.append(str(p))
    return ", ".join(out)


def no_text_error(pages: list[int], where: str) -> InputError:
    return InputError(
        f"the PDF has no text layer (scanned images on page(s) {page_ranges(pages)})",
        where=where,
        hint="ingest it again with --ocr (kg.ingest(..., ocr=True)) to read the pages with Tesseract, or run OCR "
        "first (`ocrmypdf --language chi_sim in.pdf out.pdf`) and ingest the OCR'd PDF",
    )
