"""``budgetkg demo``: generate a small synthetic corpus, ingest it into a fresh store, report."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rich.console import Console

from budgetkg.export import export
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.shapes import validate
from budgetkg.stats import store_stats
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document


def write_corpus(folder: Path, documents: int, first_seed: int = 1) -> list[Path]:
    """Write ``documents`` synthetic disclosures as text files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(first_seed, first_seed + documents):
        path = folder / f"synthetic-{seed:04d}.txt"
        path.write_text(generate_document(seed).text, encoding="utf-8")
        paths.append(path)
    return paths


def run_demo(store: Path | None, documents: int, console: Console) -> Path:
    """Generate, ingest, validate (like any store) and summarise; return the store folder."""
    base = Path(tempfile.mkdtemp(prefix="budgetkg-demo-"))
    store_dir = Path(store) if store else base / "store"
    if store_dir.exists() and any(store_dir.iterdir()):
        console.print(f"using the existing store {store_dir} (demo documents replace their own graphs)")
    corpus = write_corpus(base / "corpus", documents)
    console.print(f"generated {len(corpus)} synthetic disclosures in {base / 'corpus'}")
    kg = KnowledgeStore(store_dir)
    for path in corpus:
        result = ingest_file(path, kg)
        console.print(result.summary(), markup=False, highlight=False)
    kg.flush()
    for key, value in store_stats(kg).items():
        console.print(f"  {key}: {value}", markup=False, highlight=False)
    console.print(f"store: {store_dir}", markup=False, highlight=False)
    counts = validate(kg).counts()
    console.print(
        f"validation: {counts['Violation']} violation(s), {counts['Warning']} warning(s); details: "
        f"budgetkg validate --store {store_dir}",
        markup=False,
        highlight=False,
    )
    view = write_view(kg, base / "policy-network.html")
    console.print(f"graph view: {view}", markup=False, highlight=False)
    console.print(
        f"try: budgetkg sparql --store {store_dir} 'SELECT ?doc ?title WHERE {{ ?doc a bgt:BudgetDocument ; "
        f"dct:title ?title }}'",
        markup=False,
        highlight=False,
    )
    return store_dir


def write_view(kg: KnowledgeStore, path: Path) -> Path:
    """The offline HTML view of the store's policy network (see ``budgetkg export --format html``)."""
    export(kg, "html", path)
    return path
