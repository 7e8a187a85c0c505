"""The wheel carries every packaged artefact (.ttl, .rq) and the accessor finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from budgetkg import resources

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_every_ttl_and_rq_file(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    wheel = next(tmp_path.glob("budgetkg-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    mapping = {"ontology": "budgetkg/ontology", "shapes": "budgetkg/shapes", "queries": "budgetkg/queries"}
    expected = {
        f"{mapping[p.parent.name]}/{p.name}"
        for folder in mapping
        for p in (ROOT / folder).iterdir()
        if p.suffix in (".ttl", ".rq")
    }
    assert "budgetkg/ontology/budget.ttl" in expected
    assert expected <= names, sorted(expected - names)
    assert "budgetkg/cli/__init__.py" in names and "budgetkg/ingest/extract.py" in names


def test_accessor_reads_packaged_artefacts():
    assert "bgt:BudgetObservation" in resources.ontology_text()
    assert len(resources.ontology_graph()) > 300
