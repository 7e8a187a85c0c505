"""README's Performance table is the table ``benchmarks/scale.py --table`` draws from the runs kept in
docs/benchmarks/, so its figures cannot drift from the measurements."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"<!-- performance-table: (?P<files>[^>]+?) -->\n(?P<table>.*?)\n<!-- /performance-table -->", re.S)


def _scale_script():
    spec = importlib.util.spec_from_file_location("scale_benchmark", ROOT / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _block() -> tuple[list[Path], str]:
    found = MARKER.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has no <!-- performance-table: FILES --> … <!-- /performance-table --> block"
    return [ROOT / name for name in found["files"].split()], found["table"]


def test_readme_performance_table_is_drawn_from_the_kept_runs():
    files, printed = _block()
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"the table names runs that are not kept: {missing}"
    assert printed.strip() == _scale_script().kept_table(files).strip()


def test_the_table_holds_a_run_of_1000_and_of_10000_documents_with_the_baseline_beside_ours():
    _, printed = _block()
    rows = [line.split("|")[1:3] for line in printed.splitlines() if re.match(r"\| \d", line)]
    engines = {(int(n), engine.strip()) for n, engine in rows}
    assert {(1000, "budgetkg"), (10000, "budgetkg")} <= engines
    assert any(engine == "baseline" for _, engine in engines)
