"""The receipt report as CSV: one row per document, the columns of the JSON entries."""
from __future__ import annotations

import csv
import io

from .report_data import DOCUMENT_COLUMNS


def cell(value) -> str:
    """Lists joined with '; ', booleans as yes/no, None as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def render(report: dict) -> str:
    return rows_csv(DOCUMENT_COLUMNS, report["documents"])


def rows_csv(columns, rows: list[dict]) -> str:
    """A header of `columns`, then one line per row, each cell as `cell` writes it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for entry in rows:
        writer.writerow([cell(entry[c]) for c in columns])
    return buf.getvalue()
