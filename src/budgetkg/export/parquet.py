"""The export's tables as Parquet files (pyarrow, the optional extra ``budgetkg[parquet]``).

Decimals are ``decimal128(38, s)`` with ``s`` the largest number of decimal places printed in the column, built
from :class:`~decimal.Decimal` (never through float), so pandas reads them back as exact ``Decimal`` objects;
a column whose values need more than 38 digits stays text. Integers are int64, years int32, dates date32, text
UTF-8 strings. Each field keeps its description in the Parquet field metadata.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkg.errors import BudgetKGError
from budgetkg.export.schema import DATE, INTEGER, NUMBER, YEAR, Column
from budgetkg.export.tabular import TableData

log = logging.getLogger("budgetkg")
MAX_DIGITS = 38
PARQUET_HINT = "pip install 'budgetkg[parquet]' (pyarrow), or export --format csv or datapackage"


def require_pyarrow() -> Any:
    try:
        # imported here: pyarrow is an optional extra, large and slow to import
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (loads the parquet module onto the package)
    except ImportError as exc:
        raise BudgetKGError("the parquet format needs pyarrow, which is not installed", hint=PARQUET_HINT) from exc
    return pyarrow


def _decimal_type(pa: Any, values: list[Decimal | None]) -> Any | None:
    """decimal128 wide enough for every value of the column, or None when 38 digits do not suffice."""
    numbers = [v for v in values if v is not None]
    scale = max((max(0, -v.as_tuple().exponent) for v in numbers), default=0)  # type: ignore[operator]
    whole = max((max(0, v.adjusted() + 1) for v in numbers), default=1)
    if whole + scale > MAX_DIGITS:
        return None
    return pa.decimal128(MAX_DIGITS, scale)


def _array(pa: Any, column: Column, texts: list[str | None], table: str) -> tuple[Any, Any]:
    if column.type == NUMBER:
        numbers = [None if t is None else Decimal(t) for t in texts]
        kind = _decimal_type(pa, numbers)
        if kind is not None:
            return pa.array(numbers, type=kind), kind
        log.warning("export: %s.%s needs more than %d digits; written as text", table, column.name, MAX_DIGITS)
    elif column.type in (INTEGER, YEAR):
        kind = pa.int64() if column.type == INTEGER else pa.int32()
        return pa.array([None if t is None else int(t) for t in texts], type=kind), kind
    elif column.type == DATE:
        return pa.array([None if t is None else date.fromisoformat(t) for t in texts], type=pa.date32()), pa.date32()
    return pa.array(texts, type=pa.string()), pa.string()


def write_parquet(table: TableData, folder: Path) -> str:
    """Write one table as ``<name>.parquet`` in ``folder``; return the file's name."""
    pa = require_pyarrow()
    arrays, fields = [], []
    for i, column in enumerate(table.spec.columns):
        array, kind = _array(pa, column, [row[i] for row in table.rows], table.spec.name)
        arrays.append(array)
        fields.append(pa.field(column.name, kind, metadata={"description": column.description}))
    schema = pa.schema(fields, metadata={"description": table.spec.description, "primary_key": table.spec.primary_key})
    name = f"{table.spec.name}.parquet"
    pa.parquet.write_table(pa.Table.from_arrays(arrays, schema=schema), str(folder / name))
    return name


def write_parquet_folder(tables: list[TableData], folder: Path) -> list[str]:
    """Every table as a Parquet file in ``folder``."""
    require_pyarrow()
    return [write_parquet(t, folder) for t in tables]
