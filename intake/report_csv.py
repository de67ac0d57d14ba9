"""The receipt report as CSV: one row per document, the columns of the JSON entries."""
from __future__ import annotations

import csv
import io

from .report_data import DOCUMENT_COLUMNS


# A spreadsheet runs a cell beginning with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """Lists joined with '; ', booleans as yes/no, None as an empty cell; text that a
    spreadsheet would run as a formula is made safe with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    text = "; ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


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
