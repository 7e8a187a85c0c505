"""Structure of the ingest and generator packages: no import cycles, an independent ground truth, small
modules, and enums that print as the strings the graph has always held."""

from __future__ import annotations

import ast
from pathlib import Path

from rdflib import Literal

from budgetkg.ingest.enums import DocumentKind, Flow, Medium, Scheme, TableKind

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"budgetkg.ingest": ROOT / "ingest", "budgetkg.synth": ROOT / "src" / "budgetkg" / "synth"}
# What the generator may take from ingest: the data model, never the parser's functions.
SYNTH_MAY_IMPORT = {"budgetkg.ingest.enums", "budgetkg.ingest.model", "budgetkg.ingest.policy.model"}


def _modules() -> dict[str, Path]:
    found = {}
    for package, root in PACKAGES.items():
        for path in root.rglob("*.py"):
            parts = [p for p in path.relative_to(root).with_suffix("").parts if p != "__init__"]
            found[".".join([package, *parts])] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every budgetkg module ``path`` imports anywhere (top level, functions, TYPE_CHECKING blocks)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module for a in node.names
            }
    return {n for n in names if n.startswith("budgetkg.")}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path, modules) if m in modules and m != name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (depth-first search), or None."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_ingest_and_the_generator():
    assert _cycle(_graph()) is None


def test_the_generator_takes_only_the_data_model_from_ingest():
    modules = _modules()
    for name, path in modules.items():
        if name.startswith("budgetkg.synth"):
            from_ingest = {m for m in _imports(path, modules) if m.startswith("budgetkg.ingest")}
            assert from_ingest <= SYNTH_MAY_IMPORT, (name, from_ingest - SYNTH_MAY_IMPORT)


def test_generator_modules_are_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGES["budgetkg.synth"].glob("*.py")}
    assert max(sizes.values()) <= 450, sizes


def test_enums_print_as_the_strings_the_graph_holds():
    assert TableKind.SUMMARY == "income-expenditure-summary" and f"{TableKind.UNITS}" == "units"
    assert DocumentKind.FINAL_ACCOUNTS == "FinalAccounts" and Medium.PDF == "pdf"
    assert {Scheme.FUNCTION: 1}["function"] == 1 and Flow.EXPENDITURE == "expenditure"
    assert Literal(TableKind.THREE_PUBLIC).n3() == Literal("three-public").n3()
    assert Literal(Medium.TEXT) == Literal("text")
