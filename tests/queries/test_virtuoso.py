"""The whole library against Virtuoso (Debian virtuoso-opensource), started on 127.0.0.1 by the test.

Runs when BUDGETKG_VIRTUOSO=1 (.ci/run installs Virtuoso and sets it); then a Virtuoso that cannot start is a
failure, not a skip. About a minute (start, push of the seed and two generated documents, 30 query cases)."""

from __future__ import annotations

import os

import pytest

from budgetkg.store.remote import push_store
from tests.queries.helpers import fixture_store
from tests.queries.servers import start_virtuoso, stop
from tests.queries.test_remote import compare, corpus_store

# Queries Virtuoso is known to answer differently (each must still differ); none since the portable rewrites.
KNOWN_DIFFERENCES: frozenset[str] = frozenset()

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(os.environ.get("BUDGETKG_VIRTUOSO") != "1", reason="set BUDGETKG_VIRTUOSO=1"),
]


def test_library_on_virtuoso_equals_embedded(tmp_path) -> None:
    proc, base = start_virtuoso(tmp_path / "virtuoso")
    try:
        store = corpus_store(tmp_path)
        for name in ("structure.trig", "policy.trig"):
            store.add_quads(fixture_store(name).quads())
        assert push_store(store, f"{base}/sparql") == len(store.graphs())
        assert compare(store, f"{base}/sparql", known=KNOWN_DIFFERENCES) > 0
    finally:
        stop(proc)
