"""The ruled lines of a page image, and the table cells they draw.

A scanned table has no drawing operators, only pixels: a rule is a long run of dark pixels in one pixel row
(horizontal) or column (vertical). Runs of neighbouring pixel rows are one rule (its thickness). Rules that
touch form one table; its cells are the rectangles the rules close, a cell spanning two columns (or rows)
where the rule between them is not drawn, as pdfplumber finds them in a text PDF. Only Pillow is needed:
each pixel row is scanned for runs by a bytes regex, in C.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PIL import Image

Box = tuple[float, float, float, float]

_DARK = 160  # grey level below which a pixel is ink
_MIN_RULE_POINTS = 14.0  # points: a run this long is a rule, not a stroke of a character (type is 9-12 points)
_JOIN = 3  # pixels: runs this close (rows of one thick rule, a rule broken by a speck) are one rule
_TOUCH = 4  # pixels: a vertical and a horizontal rule this close meet


@dataclass
class Rule:
    """A rule in pixels: ``at`` is its y (horizontal) or x (vertical), from ``start`` to ``end`` along it."""

    at: float
    start: int
    end: int
    thick: int = 1


@dataclass
class Cell:
    """A closed rectangle of the ruling, in pixels."""

    x0: float
    top: float
    x1: float
    bottom: float


def _runs(image: Image.Image, min_length: int) -> list[Rule]:
    """Runs of ink at least ``min_length`` long in each pixel row of ``image``, joined across rows."""
    width, height = image.size
    data = image.point(lambda v: 0 if v < _DARK else 255).tobytes()
    pattern = re.compile(rb"\x00{%d,}" % min_length)
    open_rules: list[Rule] = []
    done: list[Rule] = []
    for y in range(height):
        found = [(m.start(), m.end()) for m in pattern.finditer(data, y * width, (y + 1) * width)]
        still: list[Rule] = []
        for x0, x1 in ((a - y * width, b - y * width) for a, b in found):
            near = next(
                (r for r in open_rules if y - (r.at + r.thick - 1) <= _JOIN and x0 <= r.end and r.start <= x1), None
            )
            if near is None:
                still.append(Rule(y, x0, x1))
            else:
                near.start, near.end = min(near.start, x0), max(near.end, x1)
                near.thick = y - int(near.at) + 1
                if near not in still:
                    still.append(near)
        for r in open_rules:
            if r not in still and y - (r.at + r.thick - 1) > _JOIN:
                done.append(r)
            elif r not in still:
                still.append(r)
        open_rules = still
    done += open_rules
    for r in done:
        r.at = r.at + (r.thick - 1) / 2
    return done


def find_rules(image: Image.Image, dpi: int) -> tuple[list[Rule], list[Rule]]:
    """The horizontal and vertical rules of a greyscale page image."""
    min_length = int(_MIN_RULE_POINTS * dpi / 72)
    horizontal = [r for r in _runs(image, min_length) if r.thick <= max(3, dpi // 40)]
    vertical = [
        r for r in _runs(image.transpose(Image.Transpose.TRANSPOSE), min_length) if r.thick <= max(3, dpi // 40)
    ]
    return horizontal, vertical


def _meets(h: Rule, v: Rule) -> bool:
    return v.start - _TOUCH <= h.at <= v.end + _TOUCH and h.start - _TOUCH <= v.at <= h.end + _TOUCH


def tables(horizontal: list[Rule], vertical: list[Rule]) -> list[tuple[list[Rule], list[Rule]]]:
    """Rules grouped into tables: those that meet belong to one (at least two of each kind)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _meets(h, v):
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    found = [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]
    return sorted(found, key=lambda g: min(h.at for h in g[0]))


def _positions(rules: list[Rule]) -> list[float]:
    out: list[float] = []
    for at in sorted(r.at for r in rules):
        if out and at - out[-1] <= _JOIN + 2:
            continue
        out.append(at)
    return out


def _drawn(rules: list[Rule], at: float, start: float, end: float) -> bool:
    """A rule at ``at`` runs over the middle of the span ``start``-``end``."""
    middle = (start + end) / 2
    return any(abs(r.at - at) <= _JOIN + 2 and r.start - _TOUCH <= middle <= r.end + _TOUCH for r in rules)


def cells(horizontal: list[Rule], vertical: list[Rule]) -> list[list[Cell | None]]:
    """The cells of one table by row band: a row's list holds a cell at each column position where one starts
    (None where a cell of the row or band above spans it)."""
    ys, xs = _positions(horizontal), _positions(vertical)
    covered: set[tuple[int, int]] = set()
    rows: list[list[Cell | None]] = []
    for i in range(len(ys) - 1):
        row: list[Cell | None] = []
        j = 0
        while j < len(xs) - 1:
            if (i, j) in covered:
                row.append(None)
                j += 1
                continue
            k = j + 1
            while k < len(xs) - 1 and not _drawn(vertical, xs[k], ys[i], ys[i + 1]):
                k += 1
            m = i + 1
            while m < len(ys) - 1 and not _drawn(horizontal, ys[m], xs[j], xs[k]):
                m += 1
            for band in range(i + 1, m):
                covered.update((band, c) for c in range(j, k))
            row.append(Cell(xs[j], ys[i], xs[k], ys[m]))
            row += [None] * (k - j - 1)
            j = k
        rows.append(row)
    return rows
