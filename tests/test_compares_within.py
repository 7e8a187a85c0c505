"""Store-wide rules that compare only documents of one department (``bgts:comparesWithin bgt:publisher``) run
once per department's documents: the same rows as a run on the whole store, found on those graphs alone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetkg.ingest.pipeline import ingest_file
from budgetkg.ontology.namespaces import BGT
from budgetkg.shapes.catalog import load_catalog
from budgetkg.shapes.fastpath import document_groups, run_shape, run_store_wide
from budgetkg.shapes.validation import validate
from budgetkg.store import KnowledgeStore

PAIR = Path(__file__).resolve().parent / "fixtures" / "previous-year"
W = Decimal(10000)  # 万元 in 元
# 2025: 行政运行 130.00 万元，比上年增加 10.00 万元 (so 120.00 in 2024); a planted 2024 table and narrative print 125.00
ROW = "2080101\t行政运行\t120.00\t100.00\t20.00"
SAID = "行政运行（项）支出 120.00 万元"
PLANTED = ((ROW, ROW.replace("120.00\t100.00", "125.00\t105.00")), (SAID, SAID.replace("120", "125")))


def _store(tmp_path: Path) -> KnowledgeStore:
    """Two years of 测试市测试局 as written, two of 测试市审计局 with the planted 2024 figures."""
    kg = KnowledgeStore()
    for department, planted in (("测试市测试局", ()), ("测试市审计局", PLANTED)):
        for year in (2024, 2025):
            text = (PAIR / f"ceshi-{year}-budget.txt").read_text(encoding="utf-8").replace("测试市测试局", department)
            for old, new in planted if year == 2024 else ():
                assert old in text
                text = text.replace(old, new, 1)
            path = tmp_path / f"{department}-{year}.txt"
            path.write_text(text, encoding="utf-8")
            assert ingest_file(path, kg).ok
    return kg


def _key(row) -> tuple:
    return row.shape.name, row.focus, tuple(sorted((k, str(v)) for k, v in row.bindings.items()))


def test_the_cross_document_rules_declare_their_department():
    within = {s.name: s.compares_within for s in load_catalog().shapes.values() if s.store_wide}
    assert within["PreviousYearMatchesPreviousDisclosure-Mismatch"] == BGT.publisher
    assert within["FinalAccountsBudgetMatchesBudgetDisclosure-Mismatch"] == BGT.publisher
    assert within["OnePolicyDocumentPerNumber"] is None  # one number, one node across the whole store


def test_groups_are_the_departments_documents(tmp_path):
    kg = _store(tmp_path)
    groups = document_groups(kg, BGT.publisher)
    assert sorted(len(g) for g in groups) == [2, 2]
    assert sorted(g for group in groups for g in group) == sorted(kg.graphs())


def test_grouped_rows_equal_the_whole_store_rows(tmp_path):
    kg = _store(tmp_path)
    shapes = [s for s in load_catalog().shapes.values() if s.store_wide]
    grouped = sorted(_key(r) for r in run_store_wide(kg, shapes))
    whole = sorted(_key(r) for s in shapes for r in run_shape(kg, s, None))
    assert grouped == whole
    previous = [k for k in grouped if k[0].startswith("PreviousYear")]
    assert [k[0] for k in previous] == ["PreviousYearMatchesPreviousDisclosure-Mismatch"]


def test_the_planted_difference_is_found_in_its_department_only(tmp_path):
    kg = _store(tmp_path)
    found = [f for f in validate(kg).findings if f.rule.startswith("PreviousYear")]
    assert [(f.rule, Decimal(f.value), f.expected) for f in found] == [
        ("PreviousYearMatchesPreviousDisclosure-Mismatch", 120 * W, 125 * W)
    ]
    files = {r["g"].value: r["f"].value for r in kg.select("SELECT ?g ?f WHERE { GRAPH ?g { ?g bgt:sourceFile ?f } }")}
    assert files[found[0].document].endswith("测试市审计局-2025.txt")


def test_worker_processes_find_what_threads_find(tmp_path):
    """Sixteen disclosures of eight departments on disk: validated in two processes (groups of a department's
    documents split between them) and in this process, the same findings, the planted ones among them."""
    kg = KnowledgeStore(tmp_path / "store")
    departments = [f"测试市第{n}局" for n in "一二三四五六七八"]
    for department in departments:
        for year in (2024, 2025):
            text = (PAIR / f"ceshi-{year}-budget.txt").read_text(encoding="utf-8").replace("测试市测试局", department)
            if year == 2024 and department in departments[2:4]:
                for old, new in PLANTED:
                    text = text.replace(old, new, 1)
            path = tmp_path / f"{department}-{year}.txt"
            path.write_text(text, encoding="utf-8")
            assert ingest_file(path, kg).ok
    kg.flush()

    def found(workers: int) -> list[tuple]:
        return sorted((f.rule, f.focus, f.value, str(f.expected)) for f in validate(kg, workers=workers).findings)

    in_processes, in_threads = found(2), found(1)
    assert in_processes == in_threads
    planted = [f for f in in_threads if f[0].startswith("PreviousYear")]
    assert [(f[0], Decimal(f[2]), f[3]) for f in planted] == [
        ("PreviousYearMatchesPreviousDisclosure-Mismatch", 120 * W, str(125 * W))
    ] * 2


def test_a_document_with_two_values_joins_their_groups_and_one_without_is_alone():
    from rdflib import RDF, Literal, URIRef

    kg = KnowledgeStore()
    docs = {name: URIRef(f"https://example.org/doc/{name}") for name in "abcde"}
    publishers = {"a": ["x"], "b": ["x", "y"], "c": ["y"], "d": [], "e": ["z"]}
    for name, values in publishers.items():
        doc = docs[name]
        triples = [(doc, RDF.type, BGT.BudgetDocument)] + [(doc, BGT.publisher, Literal(v)) for v in values]
        kg.replace_graph(str(doc), triples)
    by_name = {str(iri): name for name, iri in docs.items()}
    groups = sorted(sorted(by_name[g] for g in group) for group in document_groups(kg, BGT.publisher))
    assert groups == [["a", "b", "c"], ["d"], ["e"]]
