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
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(DOCUMENT_COLUMNS)
    for entry in report["documents"]:
        writer.writerow([cell(entry[c]) for c in DOCUMENT_COLUMNS])
    return buf.getvalue()
