"""The embedded store: one named graph per document, replaced atomically, idempotent re-ingest."""

from __future__ import annotations

import hashlib
import re

import pytest
from rdflib import Graph, Literal, URIRef

from budgetkg.errors import StoreError
from budgetkg.ingest.pipeline import ingest_file
from budgetkg.store import KnowledgeStore
from budgetkg.synth import generate_document
from tests.conftest import write_synthetic
from tests.corpus import seed_path


def test_ingesting_the_same_file_twice_leaves_the_store_unchanged(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    first = ingest_file(seed_path(), kg)
    assert first.ok, first.error
    size = len(kg)
    again = ingest_file(seed_path(), kg)
    assert again.ok and len(kg) == size and kg.graphs() == [first.document]


def test_two_documents_give_two_named_graphs(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    a, b = write_synthetic(tmp_path, 1, name="a.txt"), write_synthetic(tmp_path, 2, name="b.txt")
    ra, rb = ingest_file(a, kg), ingest_file(b, kg)
    assert ra.ok and rb.ok and ra.document != rb.document
    assert kg.graphs() == sorted([ra.document, rb.document])
    assert kg.graph_size(ra.document) + kg.graph_size(rb.document) == len(kg)


def test_a_corrected_document_replaces_its_graph(tmp_path):
    kg = KnowledgeStore(tmp_path / "store")
    doc = generate_document(5)
    path = tmp_path / "d.txt"
    path.write_text(doc.text, encoding="utf-8")
    first = ingest_file(path, kg)
    assert first.ok, first.error
    # the correction: another approval date (批复时间：YYYY 年 M 月 D 日) and a note
    printed = re.search(r"批复时间：(\d{4}) 年 (\d{1,2}) 月 (\d{1,2}) 日", doc.text)
    assert printed, "the generated document prints no 批复时间"
    year, month, day = (int(g) for g in printed.groups())
    new_day = 3 if day != 3 else 4
    corrected = doc.text.replace(printed.group(0), f"批复时间：{year} 年 {month} 月 {new_day} 日", 1)
    assert corrected != doc.text
    path.write_text(corrected + "\n注：更正版。\n", encoding="utf-8")
    second = ingest_file(path, kg)
    assert second.ok, second.error
    assert second.document == first.document and kg.graphs() == [first.document]
    query = "SELECT ?sha ?approved WHERE { ?d a bgt:BudgetDocument ; bgt:sha256 ?sha ; bgt:approvalDate ?approved }"
    rows = [(r["sha"].value, r["approved"].value) for r in kg.select(query)]
    # one document node, with the corrected file's hash and date: the old version's triples are gone
    assert rows == [(hashlib.sha256(path.read_bytes()).hexdigest(), f"{year}-{month:02d}-{new_day:02d}")]


class _CrashingStore:
    """Wraps the Oxigraph store of a KnowledgeStore so that writes go through to it but can crash.

    ``extend`` writes the first half of the quads one by one (what a crash in the middle of a
    non-atomic write leaves behind) and then raises; ``update`` (the swap) raises when asked to.
    Everything else goes to the real store.
    """

    def __init__(self, inner, fail_extend: bool = False, fail_update: bool = False) -> None:
        self.inner, self.fail_extend, self.fail_update = inner, fail_extend, fail_update

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def extend(self, quads) -> None:
        quads = list(quads)
        if not self.fail_extend:
            return self.inner.extend(quads)
        for q in quads[: len(quads) // 2]:
            self.inner.add(q)
        raise OSError("simulated crash half way through writing")

    def update(self, text: str) -> None:
        if self.fail_update:
            raise OSError("simulated failure during the swap")
        return self.inner.update(text)


def _store_with_old_graph(tmp_path) -> tuple[KnowledgeStore, URIRef, Graph]:
    """A store holding one triple in graph ``g``, and a 100-triple replacement for it."""
    kg = KnowledgeStore(tmp_path / "store")
    g = URIRef("https://example.org/doc")
    old = Graph()
    old.add((g, URIRef("https://example.org/p"), Literal("old")))
    kg.replace_graph(g, old)  # a new graph: one transactional extend
    new = Graph()
    for i in range(100):
        new.add((g, URIRef("https://example.org/p"), Literal(f"new {i}")))
    return kg, g, new


def _assert_only_the_old_graph(kg: KnowledgeStore, g: URIRef) -> None:
    named = sorted(n.value for n in kg.ox.named_graphs())
    assert named == [str(g)], f"named graphs after the failure: {named}"  # no staging graph left over
    assert [(q.object.value, q.graph_name.value) for q in kg.ox] == [("old", str(g))]


@pytest.mark.parametrize(
    "crash, message",
    [({"fail_extend": True}, "simulated crash half way"), ({"fail_update": True}, "simulated failure during the swap")],
    ids=["while-writing", "at-the-swap"],
)
def test_a_replace_that_fails_leaves_the_old_graph_and_no_staging(tmp_path, crash, message):
    kg, g, new = _store_with_old_graph(tmp_path)
    kg.ox = _CrashingStore(kg.ox, **crash)
    with pytest.raises(StoreError, match=rf"writing graph <https://example\.org/doc> failed: {message}"):
        kg.replace_graph(g, new)
    kg.ox = kg.ox.inner
    _assert_only_the_old_graph(kg, g)
