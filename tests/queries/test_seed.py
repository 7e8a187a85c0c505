"""Done-when checks of the query library on the seed disclosure."""

from __future__ import annotations

from decimal import Decimal

from budgetkg.queries.library import get, run_local


def test_provenance_of_947_66_is_table_3_and_5_rows_of_2080101(seed_store) -> None:
    table = run_local(seed_store, get("provenance"), {"value": "947.66"})
    rows = {
        (r["table"].value, r["line"].value, r["code"].value, r["measure"].value, r["amount"].value) for r in table.rows
    }
    assert rows == {("3", "598", "2080101", "合计", "9476600"), ("5", "676", "2080101", "合计", "9476600")}
    assert all("947.66" in r["sourceText"].value for r in table.rows)


def test_projects_by_legal_basis_on_seed(seed_store) -> None:
    # the policy layer must emit the seed's projects: none is a failure, never a skip
    assert list(seed_store.select("SELECT ?p WHERE { ?p a bgt:Project } LIMIT 1")), "no bgt:Project for the seed"
    table = run_local(seed_store, get("projects-by-legal-basis"), {"number": "内政发[2015]103 号"})
    rows = {
        (
            r["project"].value,
            r["unit"].value if r["unit"] else None,
            Decimal(r["amount"].value) if r["amount"] else None,
        )
        for r in table.rows
    }
    assert ("就业创业服务补助", "包头市就业服务中心", Decimal("1800000")) in rows
