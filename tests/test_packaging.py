"""The wheel carries every module and packaged artefact (.ttl, .rq, the HTML view's web assets) and the accessor
finds them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from budgetkg import resources
from tests.conftest import PACKAGE_DIRS

ROOT = Path(__file__).resolve().parents[1]


WEB = "src/budgetkg/export/web"
WORKBENCH_WEB = "src/budgetkg/workbench/web"  # the query page of budgetkg serve


def _source_files(suffixes: tuple[str, ...]) -> dict[str, Path]:
    """Wheel name -> source file of every file under the package folders ending in one of ``suffixes``."""
    found = {}
    for folder, prefix in PACKAGE_DIRS.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in suffixes and "__pycache__" not in path.parts:
                found[f"{prefix.replace('.', '/')}/{path.relative_to(ROOT / folder).as_posix()}"] = path
    return found


def test_wheel_contains_every_module_ttl_rq_and_web_asset(tmp_path):
    # built from a clean copy: a build/ folder left in the checkout would hand setuptools stale files
    source = tmp_path / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info")
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in PACKAGE_DIRS:
        shutil.copytree(ROOT / folder, source / folder, ignore=skip)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = zipfile.ZipFile(next((tmp_path / "dist").glob("budgetkg-*.whl")))
    names = set(wheel.namelist())
    data = _source_files((".ttl", ".rq"))
    assert "budgetkg/ontology/budget.ttl" in data and any(n.startswith("budgetkg/shapes/") for n in data)
    assert sorted(set(data) - names) == [], "data files missing from the wheel"
    modules = _source_files((".py",))
    assert "budgetkg/cli/__init__.py" in modules and "budgetkg/ingest/extract.py" in modules
    assert sorted(set(modules) - names) == [], "modules missing from the wheel (a package not listed in pyproject?)"
    # the HTML view's assets (Cytoscape.js, its licence and version, the page and its script), byte for byte
    web = {f"budgetkg/export/web/{p.name}": p for p in (ROOT / WEB).iterdir() if p.is_file()}
    assert {"budgetkg/export/web/cytoscape.min.js", "budgetkg/export/web/view.html"} <= set(web)
    web |= {f"budgetkg/workbench/web/{p.name}": p for p in (ROOT / WORKBENCH_WEB).iterdir() if p.is_file()}
    assert {"budgetkg/workbench/web/index.html", "budgetkg/workbench/web/workbench.js"} <= set(web)
    assert sorted(set(web) - names) == [], "web assets missing from the wheel"
    for name, path in web.items():
        assert wheel.read(name) == path.read_bytes(), name


def test_accessor_reads_packaged_artefacts():
    assert "bgt:BudgetObservation" in resources.ontology_text()
    assert len(resources.ontology_graph()) > 300
