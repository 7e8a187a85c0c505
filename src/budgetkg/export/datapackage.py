"""The export as a Frictionless (Tabular, Fiscal) Data Package: ``datapackage.json`` beside the CSV files.

The descriptor names each CSV resource with its Table Schema (field types and descriptions, the primary key,
the foreign keys between tables), so ``frictionless validate datapackage.json`` checks types, keys and
references. Observation fields also carry the Fiscal Data Package ``columnType`` where one fits every row (value, fiscal
year, phase, administrative units) so fiscal tools can map them without help.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from budgetkg.export.csvfiles import ENCODING, LINE_TERMINATOR, csv_name, write_csv
from budgetkg.export.schema import OBSERVATIONS, Column, TableSpec
from budgetkg.export.tabular import TableData

DESCRIPTOR = "datapackage.json"
COLUMN_TYPES = {
    (OBSERVATIONS.name, "amount_yuan"): "value",
    (OBSERVATIONS.name, "fiscal_year"): "date:fiscal-year",
    (OBSERVATIONS.name, "department"): "administrative-classification:generic:level1:label",
    (OBSERVATIONS.name, "organization"): "administrative-classification:generic:level2:label",
    (OBSERVATIONS.name, "unit_code"): "administrative-classification:generic:level2:code",
    (OBSERVATIONS.name, "phase"): "phase:id",
}  # code and code_name hold functional and economic codes alike (scheme says which): no single columnType fits


def _field(table: str, column: Column) -> dict:
    field: dict = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "number":
        field["decimalChar"] = "."
        field["bareNumber"] = True
    if (table, column.name) in COLUMN_TYPES:
        field["columnType"] = COLUMN_TYPES[(table, column.name)]
    return field


def _schema(spec: TableSpec) -> dict:
    schema: dict = {
        "fields": [_field(spec.name, c) for c in spec.columns],
        "missingValues": [""],
        "primaryKey": [spec.primary_key],
    }
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [fk.column], "reference": {"resource": fk.table, "fields": [fk.reference]}}
            for fk in spec.foreign_keys
        ]
    return schema


def descriptor(tables: list[TableData]) -> dict:
    """The ``datapackage.json`` for these tables (a resource per CSV file, keys between them)."""
    names = {t.spec.name for t in tables}
    resources = []
    for table in tables:
        spec = table.spec
        schema = _schema(spec)
        if "foreignKeys" in schema:  # a reference to a table that is not exported (findings left out) is dropped
            schema["foreignKeys"] = [fk for fk in schema["foreignKeys"] if fk["reference"]["resource"] in names]
        resources.append(
            {
                "name": spec.name,
                "path": csv_name(table),
                "profile": "tabular-data-resource",
                "title": spec.title,
                "description": spec.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": ENCODING,
                "dialect": {"delimiter": ",", "lineTerminator": LINE_TERMINATOR, "quoteChar": '"', "header": True},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "budgetkg-export",
        "title": "budgetkg export: Chinese government budget and final-accounts disclosures",
        "description": "Tables gathered from a budgetkg knowledge graph. Amounts in 元 are exact decimals; every "
        "row keeps the document, table, row and line or page it was read from.",
        "created": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "resources": resources,
    }


def write_datapackage(tables: list[TableData], folder: Path) -> list[str]:
    """The CSV files and their ``datapackage.json`` in ``folder``."""
    names = [write_csv(t, folder) for t in tables]
    text = json.dumps(descriptor(tables), ensure_ascii=False, indent=2)
    (folder / DESCRIPTOR).write_text(text + "\n", encoding="utf-8")
    return [*names, DESCRIPTOR]
