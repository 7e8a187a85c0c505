""".ci/run runs the README's test command as written, with ruff (lint and format check) between the install and
the tests."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_test_command() -> str:
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    found = re.search(r"Run the tests:\s*```\s*\n(.+?)\n```", readme)
    assert found, "README.md has no 'Run the tests:' command block"
    return found.group(1).strip()


def test_ci_runs_the_readme_test_command_verbatim_after_ruff() -> None:
    command = _readme_test_command()
    assert command.endswith("&& .venv/bin/pytest -q"), command
    lines = [line.strip() for line in ROOT.joinpath(".ci/run").read_text(encoding="utf-8").splitlines()]
    assert command in lines, f".ci/run does not run the README test command: {command}"
    steps = [command.rsplit(" && ", 1)[0], ".venv/bin/ruff check .", ".venv/bin/ruff format --check ."]
    assert all(step in lines for step in steps), [step for step in steps if step not in lines]
    order = [lines.index(step) for step in steps]
    assert order == sorted(order) and order[-1] < lines.index(command), order
