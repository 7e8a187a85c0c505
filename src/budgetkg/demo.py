"""``budgetkg demo``: a synthetic corpus with a few printed discrepancies, ingested, validated, queried, exported.

The discrepancies are injected by the generator, which records what it printed and what the page should
have said; the demo prints that record beside the validator's findings, so a reader sees both what was
planted and what budgetkg found (and a missed one is said, never hidden).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rich.console import Console

import budgetkg
from budgetkg.synth import generate_document
from budgetkg.synth.model import amount_text, yuan

# which discrepancies each seed prints (seeds without an entry stay clean); a few, so the output stays short
INJECT_PLAN: dict[int, tuple[str, ...]] = {
    1: ("parent-sum",),
    2: ("basic-split", "narrative-amount"),
    3: ("three-public-total",),
    4: ("total-row",),
}


@dataclass
class Planted:
    """One injected discrepancy as the generator recorded it, with the file it was printed in."""

    file: str
    kind: str
    printed: int  # 0.01 万元, the generator's unit
    expected: int
    unit: str  # the unit the document prints in
    where: dict[str, str] = field(default_factory=dict)

    def printed_text(self) -> str:
        """The number as the page prints it (in the document's unit)."""
        return amount_text(self.printed, self.unit, separators=False)

    def expected_text(self) -> str:
        return amount_text(self.expected, self.unit, separators=False)


@dataclass
class Corpus:
    """The generated files, the discrepancies planted in them and the policy citations they print."""

    paths: list[Path]
    planted: list[Planted]
    citations: dict[str, list[tuple[str, str]]]  # canonical 发文字号 -> [(printed spelling, project name)]


def write_corpus(folder: Path, documents: int, first_seed: int = 1) -> Corpus:
    """Write ``documents`` synthetic disclosures (some with injected discrepancies) as text files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    planted: list[Planted] = []
    citations: dict[str, list[tuple[str, str]]] = {}
    for seed in range(first_seed, first_seed + documents):
        doc = generate_document(seed, inject=INJECT_PLAN.get(seed, ()))
        path = folder / f"synthetic-{seed:04d}.txt"
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
        unit = doc.truth.meta.reporting_unit or "万元"
        for record in doc.injected:
            where = {k: str(v) for k, v in record.items() if k not in ("kind", "printed", "expected")}
            planted.append(Planted(path.name, record["kind"], record["printed"], record["expected"], unit, where))
        for project in doc.truth.projects:
            for c in project.citations:
                n = c.ref.number
                if n is not None:
                    citations.setdefault(f"{n.prefix}〔{n.year}〕{n.serial}号", []).append((c.text, project.name))
    return Corpus(paths, planted, citations)


def _say(console: Console, text: str) -> None:
    console.print(text, markup=False, highlight=False)


def _matches(planted: Planted, findings: list, names: dict[str, str]) -> list:
    """The violations whose printed value is the planted number, in the planted document."""
    value = yuan(planted.printed)
    found = []
    for f in findings:
        if names.get(f.document or "") != planted.file or f.value is None:
            continue
        try:
            if Decimal(f.value) == value:
                found.append(f)
        except ArithmeticError:
            continue
    return found


def _where(planted: Planted) -> str:
    w = planted.where
    table = f"表{w['table']}" if "table" in w else "narrative"
    row = w.get("code") or w.get("item") or "?"
    return f"{table}, row {row}, {w.get('measure', '')}".rstrip(", ")


def run_demo(store: Path | None, documents: int, console: Console) -> Path:
    """Generate, ingest, validate, query and export; print what was planted and found; return the store."""
    base = Path(tempfile.mkdtemp(prefix="budgetkg-demo-"))
    store_dir = Path(store) if store else base / "store"
    if store_dir.exists() and any(store_dir.iterdir()):
        _say(console, f"using the existing store {store_dir} (demo documents replace their own graphs)")
    corpus = write_corpus(base / "corpus", documents)
    _say(console, f"generated {len(corpus.paths)} synthetic disclosures in {base / 'corpus'}")
    with budgetkg.open(store_dir) as kg:
        names: dict[str, str] = {}
        for result in kg.ingest(corpus.paths):
            _say(console, result.summary())
            if result.document:
                names[result.document] = Path(result.path).name
        for key, value in kg.stats().items():
            _say(console, f"  {key}: {value}")
        report = kg.validate()
        counts = report.counts()
        _say(console, f"validation: {counts['Violation']} violation(s), {counts['Warning']} warning(s)")
        violations = report.at_least("Violation").sorted()
        _print_planted(console, corpus.planted, violations, names)
        _print_findings(console, violations, names)
        number = _print_policy_query(console, kg, corpus)
        value = corpus.planted[0].printed_text() if corpus.planted else None
        if value:
            _print_provenance(console, kg, value, names)
        view = kg.export("html", base / "policy-network.html")
        tables = kg.export("csv", base / "tables")
    _say(console, f"graph view: {view}")
    _say(console, f"tables (CSV): {tables}")
    _say(console, f"store: {store_dir}")
    _print_next(console, store_dir, base, number, value)
    return store_dir


def _print_planted(console: Console, planted: list[Planted], violations: list, names: dict[str, str]) -> None:
    _say(console, f"injected discrepancies ({len(planted)}, as the generator printed them):")
    for p in planted:
        found = _matches(p, violations, names)
        rules = ", ".join(dict.fromkeys(f.rule for f in found))
        where = found[0].cell.where if found and found[0].cell else "?"
        seen = f"found: {rules} ({where})" if found else "NOT FOUND"
        _say(
            console,
            f"  {p.kind}: {p.file}, {_where(p)}: printed {p.printed_text()} {p.unit}, "
            f"expected {p.expected_text()} {p.unit} -> {seen}",
        )


def _print_findings(console: Console, violations: list, names: dict[str, str], limit: int = 12) -> None:
    _say(console, f"violations ({len(violations)}; the first {min(limit, len(violations))}):")
    for f in violations[:limit]:
        c = f.cell
        cell = f"表{c.table}, row {c.label}, {c.measure or ''}, {c.where}" if c else "?"
        _say(
            console,
            f"  {names.get(f.document or '', f.document)}: {cell}: printed {f.value} 元, "
            f"expected {f.expected} 元 [{f.rule}]",
        )


def _print_policy_query(console: Console, kg: budgetkg.KnowledgeGraph, corpus: Corpus) -> str | None:
    """projects-by-legal-basis for the policy document the corpus cites most, in one of its printed spellings."""
    if not corpus.citations:
        _say(console, "no project cites a policy document in this corpus: projects-by-legal-basis not asked")
        return None
    canonical = max(sorted(corpus.citations), key=lambda k: len(corpus.citations[k]))
    printed = corpus.citations[canonical][0][0]
    answer = kg.query("projects-by-legal-basis", number=printed)  # paged: the first page, and the total
    shown = "" if answer.total == len(answer.rows) else f", the first {len(answer.rows)}"
    _say(console, f"which projects does {printed} fund? ({answer.total} project(s){shown}; projects-by-legal-basis)")
    for r in answer.rows:
        _say(console, f"  {r.get('project') or r.get('projectName')}: {r.get('amount')} 元 ({r.get('unit')})")
    return printed


def _print_provenance(console: Console, kg: budgetkg.KnowledgeGraph, value: str, names: dict[str, str]) -> None:
    rows = kg.query("provenance", value=value).rows
    _say(console, f"where was {value} printed? ({len(rows)} cell(s); provenance)")
    for r in rows:
        document = str(r.get("document"))
        where = f"表{r.get('table')}, row {r.get('row')}, line {r.get('line')}"
        _say(console, f"  {names.get(document, document)}: {where}")


def _print_next(console: Console, store: Path, base: Path, number: str | None, value: str | None) -> None:
    _say(console, "try next:")
    _say(console, f"  budgetkg validate --store {store} --format text")
    if value:
        _say(console, f"  budgetkg query provenance --param value={value} --store {store}")
    if number:
        _say(console, f"  budgetkg query projects-by-legal-basis --param number='{number}' --store {store}")
    _say(console, f"  budgetkg export --format html -o {base / 'network.html'} --no-codes --store {store}")
    _say(console, f"  budgetkg serve --store {store}")
