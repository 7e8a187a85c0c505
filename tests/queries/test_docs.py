"""docs/queries.md is generated from the query headers and must not drift from them."""

from __future__ import annotations

from pathlib import Path

from budgetkg.queries.library import catalogue, markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "queries.md"


def test_committed_docs_match_the_headers() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/queries.md is stale: run `python -m budgetkg.queries.library --markdown > docs/queries.md`"
    )


def test_docs_name_every_query_and_parameter() -> None:
    text = markdown()
    for q in catalogue().values():
        assert f"## {q.name}" in text
        for p in q.params:
            assert f"`{p.name}`" in text
