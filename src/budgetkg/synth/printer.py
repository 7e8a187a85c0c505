"""The printer a synthetic document is rendered with: lines, table headings, amounts and what was printed."""

from __future__ import annotations

import random

from budgetkg.ingest.enums import TableKind
from budgetkg.synth.model import Budget, amount_text

CN = "一二三四五六七八九十"
INJECT_DELTA = {
    "parent-sum": 1000,
    "basic-split": 500,
    "total-row": 700,
    "three-public-total": 300,
    "cross-table": 1000,
    "narrative-amount": 1000,
}
INJECTABLE = tuple(INJECT_DELTA)  # discrepancy kinds ``generate_document(inject=...)`` can print


def cn(n: int) -> str:
    """1 .. 99 in Chinese numerals (一 .. 九十九)."""
    if n <= 10:
        return CN[n - 1]
    return ("" if n < 20 else CN[n // 10 - 1]) + "十" + (CN[n % 10 - 1] if n % 10 else "")


class Printer:
    """Collects the lines of a document and every amount, code, narrative figure and table it prints."""

    def __init__(self, budget: Budget, rng: random.Random, inject: tuple[str, ...]) -> None:
        self.b, self.rng, self.inject = budget, rng, set(inject)
        self.lines: list[str] = []
        self.cells: dict[str, list[dict]] = {}
        self.codes: dict[str, str] = {}
        self.narrative: list[dict] = []
        self.tables: list[tuple[str, str, TableKind, bool]] = []  # (number, title, kind, empty)
        self.separators = rng.random() < 0.8
        self.bold_totals = rng.random() < 0.5

    def amount(self, table: str, value: int, total: bool = False, **dims) -> str:
        """Print an amount (an empty cell for 0 in data rows) and record its observation."""
        if value == 0 and not total:
            return ""
        dims.setdefault("phase", "预算数")
        dims.setdefault("fiscal_year", self.b.year)
        self.cells.setdefault(table, []).append({"value": value, "dims": dims})
        text = amount_text(value, self.b.unit, self.separators)
        return f"<b>{text}</b>" if total and self.bold_totals else text

    def maybe_inject(self, kind: str, value: int, **where) -> int:
        if kind in self.inject:
            self.inject.discard(kind)
            self.b.injected.append({"kind": kind, "printed": value + INJECT_DELTA[kind], "expected": value, **where})
            return value + INJECT_DELTA[kind]
        return value

    def heading(self, number: str, title: str) -> None:
        style = self.rng.random()
        unit_line = f"单位：{self.b.unit}"
        if style < 0.4:
            self.lines += ["", f"表{number}", "", unit_line, "", f"## {title}", ""]
        elif style < 0.8:
            self.lines += ["", f"表{number}", "", f"## {title}", "", unit_line, ""]
        else:
            self.lines += ["", f"{title}", "", f"表{number}", "", unit_line, ""]

    def row(self, *cells: str) -> None:
        self.lines.append("\t".join(cells))

    def total_label(self, text: str) -> str:
        return f"<b>{text}</b>" if self.bold_totals else text
