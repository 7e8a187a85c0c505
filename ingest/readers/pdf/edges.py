"""Close the open top or bottom of a ruled table that runs over a page break.

A table continued from the previous page often has no rule above its first row (the previous page's last
rule closed it), so pdfplumber, which needs a rule on every side of a cell, drops that row. The column
rules still start (or end) together above the first drawn rule: where three or more vertical rules end
at the same height, go on no further (no segment of the same rule meets them there) and no horizontal
rule meets any of them there, that end is a rule the printer left out, and it is added.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

_TOLERANCE = 1.5  # points: ends this close together are one end
_MIN_RULES = 3  # vertical rules sharing the end: a table's columns, not a stray box
_MIN_LENGTH = 5.0  # points: shorter segments are marks or the ends of a rule drawn as a thin box, not rules


class _Sorted:
    """Edges sorted by one coordinate, to visit only those within the tolerance of a value (pages drawn as
    thousands of short segments made the pairwise comparison the slowest part of reading them)."""

    def __init__(self, edges: list[dict], key: str) -> None:
        self.edges = sorted(edges, key=lambda e: e[key])
        self.keys = [e[key] for e in self.edges]

    def near(self, value: float) -> list[dict]:
        """The edges whose coordinate may lie within the tolerance of ``value`` (callers test it exactly)."""
        start = bisect_left(self.keys, value - 2 * _TOLERANCE)
        stop = bisect_right(self.keys, value + 2 * _TOLERANCE)
        return self.edges[start:stop]


def _ends(verticals: list[dict], key: str) -> dict[float, list[dict]]:
    groups: dict[float, list[dict]] = defaultdict(list)
    anchors: list[float] = []  # the groups' heights, ascending (edges come in order of ``key``)
    for edge in sorted(verticals, key=lambda e: e[key]):
        first = bisect_left(anchors, edge[key] - 2 * _TOLERANCE)
        anchor = next((y for y in anchors[first:] if abs(y - edge[key]) <= _TOLERANCE), None)
        if anchor is None:
            anchor = edge[key]
            anchors.append(anchor)
        groups[anchor].append(edge)
    return groups


def _touched(edge: dict, y: float, horizontals: _Sorted) -> bool:
    """True when a horizontal rule meets the vertical ``edge`` at height ``y``."""
    x = edge["x0"]
    return any(
        abs(h["top"] - y) <= _TOLERANCE and h["x0"] - _TOLERANCE <= x <= h["x1"] + _TOLERANCE
        for h in horizontals.near(y)
    )


def _continues(edge: dict, y: float, other: str, verticals: _Sorted) -> bool:
    """True when another vertical segment at the same x meets ``edge`` at ``y`` (a rule drawn in pieces);
    ``verticals`` are sorted by their ``other`` end."""
    return any(
        v is not edge and abs(v["x0"] - edge["x0"]) <= _TOLERANCE and abs(v[other] - y) <= _TOLERANCE
        for v in verticals.near(y)
    )


def missing_rules(edges: list[dict]) -> list[dict]:
    """Horizontal lines (pdfplumber line objects) where a set of column rules starts or ends unjoined."""
    verticals = [e for e in edges if e.get("orientation") == "v" and e["bottom"] - e["top"] >= _MIN_LENGTH]
    horizontals = [e for e in edges if e.get("orientation") == "h" and e["x1"] - e["x0"] >= _MIN_LENGTH]  # not a cap
    by_top = _Sorted(horizontals, "top")
    added: list[dict] = []
    for key, other in (("top", "bottom"), ("bottom", "top")):
        by_other = _Sorted(verticals, other)
        for y, group in _ends(verticals, key).items():
            open_ends = [e for e in group if not _continues(e, y, other, by_other) and not _touched(e, y, by_top)]
            xs = sorted({round(e["x0"], 1) for e in open_ends})
            if len(xs) < _MIN_RULES:
                continue
            added.append(
                {
                    "object_type": "line",
                    "x0": xs[0],
                    "x1": xs[-1],
                    "top": y,
                    "bottom": y,
                    "width": xs[-1] - xs[0],
                    "height": 0.0,
                }
            )
    return added


def find_tables(page) -> list:
    """pdfplumber's tables of ``page``, with the rules a continued table leaves out added back."""
    extra = missing_rules(page.edges)
    if not extra:
        return page.find_tables()
    return page.find_tables(table_settings={"explicit_horizontal_lines": extra})
