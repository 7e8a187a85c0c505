"""``budgetkg demo`` writes the HTML view of its corpus and prints its path."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from budgetkg.cli import app


def test_demo_prints_the_path_of_its_graph_view(tmp_path):
    result = CliRunner().invoke(app, ["demo", "--documents", "2", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    found = re.search(r"^graph view: (.+\.html)$", result.output, flags=re.MULTILINE)
    assert found, result.output
    page = Path(found.group(1)).read_text(encoding="utf-8")
    assert "cytoscape" in page and '"elements"' in page and '"type": "Department"' in page
