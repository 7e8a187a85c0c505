"""The closed vocabularies are StrEnums: each member equals, prints as and serialises to the string the graph holds."""

from __future__ import annotations

from rdflib import Literal

from budgetkg.ingest.enums import DocumentKind, Flow, Medium, Scheme, TableKind


def test_enums_print_as_the_strings_the_graph_holds():
    assert TableKind.SUMMARY == "income-expenditure-summary" and f"{TableKind.UNITS}" == "units"
    assert DocumentKind.FINAL_ACCOUNTS == "FinalAccounts" and Medium.PDF == "pdf"
    assert {Scheme.FUNCTION: 1}["function"] == 1 and Flow.EXPENDITURE == "expenditure"
    assert Literal(TableKind.THREE_PUBLIC).n3() == Literal("three-public").n3()
    assert Literal(Medium.TEXT) == Literal("text")
