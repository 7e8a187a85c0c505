"""Counts that describe what a store holds."""

from __future__ import annotations

from budgetkg.store import KnowledgeStore

_COUNTS = """
SELECT (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?dept) AS ?departments)
       (COUNT(DISTINCT ?unit) AS ?units) (COUNT(DISTINCT ?table) AS ?tables)
WHERE {
  { ?doc a bgt:BudgetDocument ; bgt:publisher ?dept }
  UNION { ?unit a bgt:BudgetUnit }
  UNION { ?table a bgt:Table }
}
"""
_OBS = "SELECT (COUNT(?o) AS ?n) WHERE { ?o a bgt:BudgetObservation }"
_STATEMENTS = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a bgt:NarrativeStatement }"


def store_stats(store: KnowledgeStore) -> dict[str, object]:
    """Documents, departments, units, tables, observations, statements, graphs and quads, and the location."""
    row = next(store.select(_COUNTS))
    out: dict[str, object] = {k: int(v.value) for k, v in row.items()}
    out["observations"] = int(next(store.select(_OBS))["n"].value)
    out["narrative statements"] = int(next(store.select(_STATEMENTS))["n"].value)
    out["named graphs"] = len(store.graphs())
    out["quads"] = len(store)
    out["location"] = str(store.path) if store.path else "(memory)"
    return out
