"""``budgetkg demo`` names every discrepancy the generator planted, answers its two queries, writes its files.

The expected values come from the generator's own record (``generate_document(...).injected``) and its text,
never from the validator or the parser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetkg.cli import app
from budgetkg.demo import INJECT_PLAN
from budgetkg.synth import generate_document
from budgetkg.synth.model import amount_text

DOCUMENTS = 6


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory) -> str:
    store = tmp_path_factory.mktemp("demo") / "store"
    result = CliRunner().invoke(app, ["demo", "--documents", str(DOCUMENTS), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return result.output


def _planted() -> list[tuple[str, dict, str]]:
    out = []
    for seed in range(1, DOCUMENTS + 1):
        doc = generate_document(seed, inject=INJECT_PLAN.get(seed, ()))
        for record in doc.injected:
            out.append((f"synthetic-{seed:04d}.txt", record, doc.truth.meta.reporting_unit))
    return out


def test_every_injected_discrepancy_is_named_and_found(demo_output):
    planted = _planted()
    assert len(planted) >= 4
    lines = demo_output.splitlines()
    for file, record, unit in planted:
        printed = amount_text(record["printed"], unit, separators=False)
        expected = amount_text(record["expected"], unit, separators=False)
        wanted = f"printed {printed} {unit}, expected {expected} {unit}"
        hits = [ln for ln in lines if ln.strip().startswith(record["kind"] + ":") and file in ln and wanted in ln]
        assert len(hits) == 1, (record, demo_output)
        assert "-> found: " in hits[0] and "NOT FOUND" not in hits[0], hits[0]
        line = re.search(r"\(line (\d+)\)$", hits[0])
        assert line, hits[0]
        seed = int(file[10:14])
        text = generate_document(seed, inject=INJECT_PLAN.get(seed, ())).text.splitlines()
        forms = (printed, amount_text(record["printed"], unit, separators=True))
        assert any(form in text[int(line.group(1)) - 1] for form in forms), (hits[0], text[int(line.group(1)) - 1])


def test_the_policy_query_lists_the_projects_that_cite_it(demo_output):
    found = re.search(r"^which projects does (\S+) fund\? \((\d+) project", demo_output, flags=re.MULTILINE)
    assert found, demo_output
    printed, count = found.group(1), int(found.group(2))
    number = None
    for seed in range(1, DOCUMENTS + 1):
        for p in generate_document(seed, inject=INJECT_PLAN.get(seed, ())).truth.projects:
            number = next((c.ref.number for c in p.citations if c.text == printed), number)
    assert number is not None, printed
    # every project citing that document, under any spelling, in any generated document
    citing = set()
    for seed in range(1, DOCUMENTS + 1):
        doc = generate_document(seed, inject=INJECT_PLAN.get(seed, ()))
        for p in doc.truth.projects:
            if any(c.ref.number == number for c in p.citations):
                citing.add(p.name)
    assert count == len(citing) >= 2
    for name in citing:
        assert re.search(rf"^  {name}: \d+ 元", demo_output, flags=re.MULTILINE), (name, demo_output)


def test_provenance_of_a_planted_value_gives_its_line(demo_output):
    file, record, unit = _planted()[0]
    printed = amount_text(record["printed"], unit, separators=False)
    found = re.search(rf"^where was {re.escape(printed)} printed\? \((\d+) cell", demo_output, flags=re.MULTILINE)
    assert found, demo_output
    seed = int(file[10:14])
    text = generate_document(seed, inject=INJECT_PLAN.get(seed, ())).text
    forms = {printed, amount_text(record["printed"], unit, separators=True)}
    numbers = [n for n, ln in enumerate(text.splitlines(), 1) if forms & set(re.split(r"[\t<>/b]+", ln))]
    assert numbers, "the planted value is printed somewhere"
    for n in numbers:
        assert f"  {file}: 表{record['table']}, row " in demo_output and f", line {n}" in demo_output


def test_the_demo_writes_its_view_and_tables(demo_output):
    view = re.search(r"^graph view: (.+\.html)$", demo_output, flags=re.MULTILINE)
    tables = re.search(r"^tables \(CSV\): (.+)$", demo_output, flags=re.MULTILINE)
    assert view and tables, demo_output
    assert Path(view.group(1)).stat().st_size > 10_000
    observations = Path(tables.group(1)) / "observations.csv"
    assert observations.read_text(encoding="utf-8").count("\n") > 100
    assert re.search(r"^  budgetkg query provenance --param value=\S+ --store \S+$", demo_output, flags=re.MULTILINE)
