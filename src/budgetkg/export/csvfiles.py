"""The export's tables as CSV files: UTF-8 without a byte-order mark, a header row, RFC 4180 quoting.

No BOM, because R's ``read.csv`` keeps a BOM in the first column's name (``X.U.FEFF.document``) unless told
``fileEncoding = "UTF-8-BOM"``, while pandas, R (UTF-8 locales, and Windows from R 4.2), readr and Frictionless
read plain UTF-8 without help. Excel opens it through Data > From Text/CSV (65001: Unicode UTF-8). A missing
value is an empty field; decimals are their exact decimal strings.
"""

from __future__ import annotations

import csv
from pathlib import Path

from budgetkg.export.tabular import TableData

ENCODING = "utf-8"
LINE_TERMINATOR = "\r\n"


def csv_name(table: TableData) -> str:
    return f"{table.spec.name}.csv"


def write_csv(table: TableData, folder: Path) -> str:
    """Write one table as ``<name>.csv`` in ``folder``; return the file's name."""
    name = csv_name(table)
    with (folder / name).open("w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, lineterminator=LINE_TERMINATOR)
        writer.writerow(table.spec.column_names)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return name


def write_csv_folder(tables: list[TableData], folder: Path) -> list[str]:
    """Every table as a CSV file in ``folder``."""
    return [write_csv(t, folder) for t in tables]
