"""Whether a page draws enough ruling to hold a table, read from its path objects with pdfium.

pdfplumber finds a table only where horizontal and vertical rules cross to form at least two cells, or where
three column rules end together and :mod:`.edges` adds the missing rule across them. Two cells need three
rules one way and two the other, so a page with fewer than three vertical rules, or fewer than two vertical
and three horizontal ones, cannot hold a table: a header rule, a page frame or a box around a note is not
enough. The count is taken over every straight piece of every path (rectangle sides, lines, the chords of
curves, control points included, as pdfminer lists them), in page space, so it never counts fewer rules than
pdfplumber sees; images and text draw no rules.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pypdfium2.raw as pdfium_raw

_ALIGNED = 0.01  # points: a piece this close to level (or plumb) counts as a rule, a margin over pdfplumber's ==
_MIN_PIECE = 0.9  # points: pdfplumber drops edges shorter than 1 point before it joins them (less a margin)
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies ``inner`` and then ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def object_matrix(obj) -> Matrix:
    m = pdfium_raw.FS_MATRIX()
    if not pdfium_raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _points(path, matrix: Matrix) -> list[list[tuple[float, float]]]:
    """The path's subpaths as points in page space, each closed subpath ending at its start again."""
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(pdfium_raw.FPDFPath_CountSegments(path)):
        segment = pdfium_raw.FPDFPath_GetPathSegment(path, i)
        if not pdfium_raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        if pdfium_raw.FPDFPathSegment_GetType(segment) == pdfium_raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if pdfium_raw.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def path_objects(obj, matrix: Matrix) -> Iterator[tuple[object, Matrix]]:
    """Every path object in ``obj`` (a path, or a form holding paths and forms), with the matrix it stands in."""
    kind = pdfium_raw.FPDFPageObj_GetType(obj)
    if kind == pdfium_raw.FPDF_PAGEOBJ_FORM:
        inner = compose(object_matrix(obj), matrix)
        for k in range(pdfium_raw.FPDFFormObj_CountObjects(obj)):
            yield from path_objects(pdfium_raw.FPDFFormObj_GetObject(obj, k), inner)
    elif kind == pdfium_raw.FPDF_PAGEOBJ_PATH:
        yield obj, matrix


def _count(obj, matrix: Matrix, counts: list[int]) -> None:
    """Add the horizontal and vertical pieces of ``obj`` (a path, or a form holding paths) to ``counts``."""
    for path, outer in path_objects(obj, matrix):
        _count_path(path, outer, counts)


def _count_path(obj, matrix: Matrix, counts: list[int]) -> None:
    for points in _points(obj, compose(object_matrix(obj), matrix)):
        for (x0, y0), (x1, y1) in zip(points, points[1:]):
            dx, dy = abs(x1 - x0), abs(y1 - y0)
            if dy <= _ALIGNED and dx >= _MIN_PIECE:
                counts[0] += 1
            elif dx <= _ALIGNED and dy >= _MIN_PIECE:
                counts[1] += 1


def rule_counts(page) -> tuple[int, int]:
    """Horizontal and vertical rule pieces a pypdfium2 page draws (forms included)."""
    counts = [0, 0]
    for k in range(pdfium_raw.FPDFPage_CountObjects(page.raw)):
        _count(pdfium_raw.FPDFPage_GetObject(page.raw, k), IDENTITY, counts)
    return counts[0], counts[1]


def may_hold_table(page) -> bool:
    """False when the page's rules cannot form the two cells of a table (nor the column rules :mod:`.edges`
    closes): three vertical rules, or two vertical and three horizontal, are the least a table needs."""
    horizontal, vertical = rule_counts(page)
    return vertical >= 3 or (vertical >= 2 and horizontal >= 3)
