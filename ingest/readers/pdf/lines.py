"""Group characters or words into text lines by the vertical overlap of their boxes.

Grouping by equal top coordinate fails where a line mixes fonts whose boxes sit differently on the same
baseline (figures set in Times New Roman inside 仿宋 text: their boxes come out several points lower), so
the figures of a sentence land on a line of their own. Here a piece joins the line whose vertical extent
it overlaps most, when that overlap is more than half the smaller of the two heights; within a line the
pieces are ordered left to right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
Extent = tuple[float, float]  # top, bottom (top < bottom, page coordinates from the top)

_MIN_HEIGHT = 0.5  # points; a degenerate box (a rule, a dot) still has some height to overlap with


def _overlap_share(a: Extent, b: Extent) -> float:
    """The overlap of two vertical extents as a share of the smaller height."""
    smaller = max(min(a[1] - a[0], b[1] - b[0]), _MIN_HEIGHT)
    return (min(a[1], b[1]) - max(a[0], b[0])) / smaller


def group_lines(pieces: Sequence[T], extent: Callable[[T], Extent], left: Callable[[T], float]) -> list[list[T]]:
    """``pieces`` grouped into lines (top to bottom), each line ordered by x."""
    lines: list[tuple[list[T], list[float]]] = []  # members, [top, bottom] of their union
    active: list[int] = []  # lines that a later piece (sorted by top) can still overlap
    for piece in sorted(pieces, key=lambda p: (extent(p)[0], left(p))):
        top, bottom = extent(piece)
        bottom = max(bottom, top + _MIN_HEIGHT)
        active = [k for k in active if lines[k][1][1] > top]
        best, share = None, 0.5
        for k in active:
            s = _overlap_share((top, bottom), (lines[k][1][0], lines[k][1][1]))
            if s > share:
                best, share = k, s
        if best is None:
            lines.append(([piece], [top, bottom]))
            active.append(len(lines) - 1)
            continue
        members, span = lines[best]
        members.append(piece)
        span[0], span[1] = min(span[0], top), max(span[1], bottom)
    ordered = sorted(lines, key=lambda line: (line[1][0] + line[1][1]) / 2)
    return [sorted(members, key=left) for members, _ in ordered]
