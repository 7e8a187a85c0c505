"""Architecture rules of the budgetkg package, read statically from the source files with ``ast``:

(a) the import graph of budgetkg's modules has no cycle (module-level and function-level imports, and those
    under ``if TYPE_CHECKING:``; ``from a.b import c`` is an import of module ``a.b.c`` when that is a module,
    else of ``a.b``; importing a submodule does not count as importing its parent package);
(b) no module outside ``budgetkg.store`` imports pyoxigraph;
(c) no module is over 450 lines;
(d) every package directory has an ``__init__.py`` with a docstring.

The layout follows pyproject's package-dir: src/budgetkg -> budgetkg, ingest/ -> budgetkg.ingest, shapes/ ->
budgetkg.shapes, queries/ -> budgetkg.queries, ontology/ -> budgetkg.ontology.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

from tests.conftest import PACKAGE_DIRS

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 450


def module_files(root: Path, package_dirs: dict[str, str]) -> dict[str, Path]:
    """Module name -> source file, for every .py file below each folder of ``package_dirs`` (folder -> package)."""
    modules: dict[str, Path] = {}
    for folder, package in package_dirs.items():
        base = root / folder
        for path in sorted(base.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """``name`` if it is one of ``modules``, else its longest prefix that is; None outside them."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def imported_names(path: Path, module: str) -> list[tuple[str, list[str], int]]:
    """Every import statement anywhere in the file (functions, ``if TYPE_CHECKING:`` included) as
    (absolute module, names imported from it (empty for ``import x``), line)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: level 1 is the module's own package, each further level one up
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                absolute = ".".join(base + ([node.module] if node.module else []))
            else:
                absolute = node.module or ""
            found.append((absolute, [alias.name for alias in node.names], node.lineno))
    return found


def import_graph(root: Path, package_dirs: dict[str, str]) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = module_files(root, package_dirs)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for absolute, names, _ in imported_names(path, module):
            targets = []
            if names:
                for name in names:
                    sub = f"{absolute}.{name}"
                    targets.append(sub if sub in modules else _resolve(absolute, modules))
            else:
                targets.append(_resolve(absolute, modules))
            graph[module] |= {t for t in targets if t is not None and t != module}
    return graph


def _components(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components (Tarjan), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                out.append(component)
    return out


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles: for every edge inside a strongly connected component, the shortest cycle through it
    (each cycle once, starting at its smallest module, with the start repeated at the end)."""
    cycles: set[tuple[str, ...]] = set()
    for component in _components(graph):
        if len(component) < 2:
            continue
        for u in sorted(component):
            for v in sorted(graph[u] & component):
                # shortest path v -> u inside the component closes the cycle u -> v -> ... -> u
                previous: dict[str, str | None] = {v: None}
                queue = deque([v])
                while queue and u not in previous:
                    node = queue.popleft()
                    for nxt in sorted(graph[node] & component):
                        if nxt not in previous:
                            previous[nxt] = node
                            queue.append(nxt)
                path, node = [], u  # u, ..., v walking back
                while node is not None:
                    path.append(node)
                    node = previous[node]
                cycle = [u, *reversed(path[1:])]  # u -> v -> ... -> (back to u)
                first = cycle.index(min(cycle))
                cycles.add(tuple(cycle[first:] + cycle[:first]))
    return [[*c, c[0]] for c in sorted(cycles)]


# --- the rules on budgetkg -------------------------------------------------------------------------------


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph(ROOT, PACKAGE_DIRS)
    assert "budgetkg.store" in graph and "budgetkg.ingest.pipeline" in graph  # the layout was found
    cycles = find_cycles(graph)
    assert not cycles, f"{len(cycles)} import cycle(s):\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_only_the_store_imports_pyoxigraph() -> None:
    offenders = []
    for module, path in module_files(ROOT, PACKAGE_DIRS).items():
        if module == "budgetkg.store" or module.startswith("budgetkg.store."):
            continue
        for absolute, _, line in imported_names(path, module):
            if absolute == "pyoxigraph" or absolute.startswith("pyoxigraph."):
                offenders.append(f"{module} ({path.relative_to(ROOT)}:{line}) imports {absolute}")
    assert not offenders, "pyoxigraph imported outside budgetkg.store:\n" + "\n".join(offenders)


def test_no_module_is_over_450_lines() -> None:
    long = {
        f"{path.relative_to(ROOT)}": n
        for path in module_files(ROOT, PACKAGE_DIRS).values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_package_directory_has_an_init_with_a_docstring() -> None:
    folders = {
        path.parent
        for folder in PACKAGE_DIRS
        for path in (ROOT / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    } | {ROOT / folder for folder in PACKAGE_DIRS}
    missing = []
    for folder in sorted(folders):
        init = folder / "__init__.py"
        if not init.exists():
            missing.append(f"{folder.relative_to(ROOT)}: no __init__.py")
        elif not ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))):
            missing.append(f"{init.relative_to(ROOT)}: no docstring")
    assert not missing, "\n".join(missing)


# The generator's ground truth must not lean on the parser: from ingest it takes only the data model.
SYNTH_MAY_IMPORT = {
    "budgetkg.ingest.enums",
    "budgetkg.ingest.model",
    "budgetkg.ingest.source",
    "budgetkg.ingest.policy.model",
}


def test_the_generator_takes_only_the_data_model_from_ingest() -> None:
    graph = import_graph(ROOT, PACKAGE_DIRS)
    for module, imported in graph.items():
        if module == "budgetkg.synth" or module.startswith("budgetkg.synth."):
            from_ingest = {m for m in imported if m.startswith("budgetkg.ingest")}
            assert from_ingest <= SYNTH_MAY_IMPORT, (module, sorted(from_ingest - SYNTH_MAY_IMPORT))


# --- the graph builder and the cycle finder on tiny synthetic packages ------------------------------------


def _package(root: Path, files: dict[str, str]) -> dict[str, str]:
    for name, text in files.items():
        path = root / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {"src/pkg": "pkg"}


def test_a_cycle_through_a_function_level_and_a_type_checking_import_is_found(tmp_path) -> None:
    layout = _package(
        tmp_path,
        {
            "pkg/__init__.py": '"""pkg."""\n',
            "pkg/a.py": "from pkg import b\n",  # b is a module: an import of pkg.b, not of pkg
            "pkg/b.py": "def f():\n    from .c import thing\n    return thing\n",
            "pkg/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.a\n",
            "pkg/d.py": "import pkg.sub.e\n",  # a submodule: not an import of pkg.sub
            "pkg/sub/__init__.py": "from pkg import d\n",
            "pkg/sub/e.py": "x = 1\n",
        },
    )
    graph = import_graph(tmp_path, layout)
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.c"} and graph["pkg.c"] == {"pkg.a"}
    assert graph["pkg.d"] == {"pkg.sub.e"} and graph["pkg.sub"] == {"pkg.d"}
    assert find_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_every_cycle_is_listed(tmp_path) -> None:
    layout = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from . import b\n",
            "pkg/b.py": "from pkg.a import name\nfrom . import c\n",
            "pkg/c.py": "import pkg.b\n",
            "pkg/x.py": "from pkg.y import name\n",
            "pkg/y.py": "from pkg import x\n",
        },
    )
    graph = import_graph(tmp_path, layout)
    assert graph["pkg.b"] == {"pkg.a", "pkg.c"}  # from pkg.a import name: pkg.a (name is not a module)
    assert find_cycles(graph) == [
        ["pkg.a", "pkg.b", "pkg.a"],
        ["pkg.b", "pkg.c", "pkg.b"],
        ["pkg.x", "pkg.y", "pkg.x"],
    ]


def test_no_cycle_is_reported_when_there_is_none(tmp_path) -> None:
    layout = _package(
        tmp_path,
        {
            "pkg/__init__.py": "from pkg.a import run\n",  # the package imports its module ...
            "pkg/a.py": "from pkg.b import helper\nimport pkg.sub.c\n",
            "pkg/b.py": "import os\n",
            "pkg/sub/__init__.py": "",
            "pkg/sub/c.py": "from pkg.b import helper\n",  # ... and importing pkg.sub.c is not importing pkg
        },
    )
    graph = import_graph(tmp_path, layout)
    assert graph == {
        "pkg": {"pkg.a"},
        "pkg.a": {"pkg.b", "pkg.sub.c"},
        "pkg.b": set(),
        "pkg.sub": set(),
        "pkg.sub.c": {"pkg.b"},
    }
    assert find_cycles(graph) == []
