"""Amounts in 元 and the numbers the documents print: exact both ways, for every printed unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetkg.ingest.normalise import from_yuan, to_yuan


@pytest.mark.parametrize(
    ("printed", "unit", "yuan"),
    [
        ("947.66", "万元", "9476600"),
        ("0.30", "万元", "3000"),
        ("1800000", "元", "1800000"),
        ("12.5", None, "12.5"),
        ("1.2", "亿元", "120000000"),
    ],
)
def test_printed_numbers_and_yuan(printed: str, unit: str | None, yuan: str) -> None:
    assert to_yuan(Decimal(printed), unit) == Decimal(yuan)
    assert from_yuan(Decimal(yuan), unit) == Decimal(printed)


@given(st.decimals(min_value=0, max_value=10**9, places=2), st.sampled_from(["万元", "元", "亿元", None]))
def test_from_yuan_inverts_to_yuan(printed: Decimal, unit: str | None) -> None:
    assert from_yuan(to_yuan(printed, unit), unit) == printed
