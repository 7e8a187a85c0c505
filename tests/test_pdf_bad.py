"""Bad PDFs: encrypted, image-only, truncated, not a PDF; each gives a clear error, other files still ingest."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from budgetkg.errors import InputError
from budgetkg.ingest.readers.pdf.reader import read_pdf
from budgetkg.ingest.readers.text import read_text
from budgetkg.store import KnowledgeStore
from tests.conftest import run_cli
from tests.corpus import seed_path
from tests.pdf_render import FONT, render_pdf


def _encrypted() -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf, encrypt=pdfencrypt.StandardEncryption("user-secret", ownerPassword="owner-secret"))
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 720, "2025年度某某局部门预算公开")
    canvas.save()
    return buf.getvalue()


def _image_only(pages: int) -> bytes:
    """A 'scanned' PDF: every page is one picture, no text layer."""
    picture = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        picture.putpixel((x, 50), (0, 0, 0))
    buf = io.BytesIO()
    canvas = Canvas(buf)
    for _ in range(pages):
        canvas.drawImage(ImageReader(picture), 72, 500, width=400, height=200)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _good_pdf() -> bytes:
    return render_pdf(read_text(seed_path()))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name,make,message,hint",
    [
        ("locked.pdf", _encrypted, "encrypted with a password", "unprotected copy"),
        ("scanned.pdf", lambda: _image_only(3), "no text layer (scanned images on page(s) 1-3)", "OCR"),
        ("cut.pdf", lambda: _good_pdf()[:30000], "truncated", "download the file again"),
        ("fake.pdf", lambda: "这不是PDF，只是文字。".encode(), "not a PDF", "text disclosure"),
        ("empty.pdf", lambda: b"", "the file is empty", "published PDF"),
    ],
)
def test_bad_pdfs_raise_input_errors_that_say_what_where_and_what_to_do(tmp_path, name, make, message, hint):
    path = _write(tmp_path, name, make())
    with pytest.raises(InputError) as caught:
        read_pdf(path)
    text = caught.value.message()
    assert message in text and name in text and hint in text


def test_a_good_rendered_pdf_is_not_refused(tmp_path):
    doc = read_pdf(_write(tmp_path, "good.pdf", _good_pdf()))
    assert doc.medium == "pdf" and doc.tables


def _cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, timeout=600)


def test_cli_ingests_the_good_file_and_fails_on_the_bad_pdf(tmp_path):
    bad = _write(tmp_path, "scanned.pdf", _image_only(2))
    store = tmp_path / "store"
    result = _cli("ingest", str(seed_path()), str(bad), "--store", str(store))
    assert result.returncode != 0
    assert "scanned.pdf" in result.stderr and "OCR" in result.stderr
    assert "1 ingested, 1 failed" in result.stdout
    kg = KnowledgeStore(store)
    assert len(kg) > 1000  # the seed's graph is there
