"""No import cycles through the store, shapes, queries, export, stats or demo modules.

The graph is static (read from the source, so function-level and TYPE_CHECKING imports count too), and
``from package import submodule`` counts as importing the package as well: its ``__init__`` runs first.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = {
    "budgetkg": ROOT / "src" / "budgetkg",
    "budgetkg.ontology": ROOT / "ontology",
    "budgetkg.ingest": ROOT / "ingest",
    "budgetkg.shapes": ROOT / "shapes",
    "budgetkg.queries": ROOT / "queries",
}
CHECKED = (
    "budgetkg.store",
    "budgetkg.shapes",
    "budgetkg.queries",
    "budgetkg.export",
    "budgetkg.stats",
    "budgetkg.demo",
)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in PACKAGE_DIRS.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found.setdefault(".".join([package, *parts]), path)
    return found


def _known(name: str, modules: dict[str, Path]) -> str | None:
    while name not in modules and "." in name:
        name = name.rsplit(".", 1)[0]
    return name if name in modules else None


def import_graph() -> dict[str, set[str]]:
    """Module -> the budgetkg modules it imports anywhere in its source."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets.append(node.module)
                targets += [f"{node.module}.{a.name}" for a in node.names]
        graph[name] = {t for t in (_known(t, modules) for t in targets) if t and t != name}
    return graph


def cycle_through(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A chain of imports from ``start`` back to itself, if there is one."""
    stack, seen = [(start, [start])], set()
    while stack:
        node, path = stack.pop()
        for nxt in graph[node]:
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_import_cycle_through_the_checked_modules():
    graph = import_graph()
    checked = [m for m in graph if m.startswith(CHECKED)]
    assert len(checked) > 20  # the modules were found
    cycles = [c for c in (cycle_through(m, graph) for m in checked) if c]
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)
