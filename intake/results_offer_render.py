"""The Offer's results drawn as JSON, CSV (one row per tendered grant) and one self-contained HTML page."""
from __future__ import annotations

import json
from html import escape

from .report_csv import cell, rows_csv
from .report_html import CSS

GRANT_COLUMNS = ("holder_id", "name", "ssn", "grant_number", "grant_date", "exercise_price", "shares_tendered",
                 "source", "six_month_rule", "provisional", "standing_document")
DOC_COLUMNS = ("received_at", "source_name", "document_type", "holder_id", "name", "status", "role", "note",
               "open_review")
HOLDER_COLUMNS = ("holder_id", "name", "ssn", "outcome", "shares_tendered", "grants", "provisional", "reason")


def render(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return to_csv(data)
    return to_html(data)


def to_csv(data: dict) -> str:
    return rows_csv(GRANT_COLUMNS, data["grants"])


def _num(value) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else escape(cell(value))


def _table(title: str, columns: tuple[str, ...], rows: list[dict], total: dict | None = None) -> str:
    if not rows:
        return f"<h2>{escape(title)}</h2><p class=note>None.</p>"
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(
        f"<td class=num>{_num(r[c])}</td>" if isinstance(r[c], int) and not isinstance(r[c], bool)
        else f"<td>{escape(cell(r[c]).replace('_', ' ') if c in ('source', 'outcome', 'role', 'status', 'document_type') else cell(r[c]))}</td>"
        for c in columns) + "</tr>" for r in rows)
    if total:
        body += "<tr>" + "".join(f"<th class=num>{_num(total[c])}</th>" if c in total else "<th></th>"
                                 for c in columns) + "</tr>"
    return f"<h2>{escape(title)}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cards(data: dict) -> str:
    h, o = data["holders"], data["options_tendered"]
    items = [("holders eligible", h["eligible"]), ("holders who elected", h["elected"]),
             ("withdrew", h["withdrew"]), ("no election", h["no_election"]),
             ("options tendered", o["total"]), ("grants tendered", o["grants"]),
             ("six-month grants included", o["six_month_grants"]), ("late documents", len(data["late"])),
             ("still under review", len(data["under_review"]))]
    return "<div class=cards>" + "".join(f"<div class=card><b>{_num(n)}</b><span>{escape(label)}</span></div>"
                                         for label, n in items) + "</div>"


def to_html(data: dict) -> str:
    o = data["options_tendered"]
    if data["final"]:
        banner = "<p class=ontime><b>Final.</b> The Offer had closed and nothing is left to decide.</p>"
    else:
        banner = ("<p class=late><b>NOT FINAL:</b> " + escape("; ".join(data["not_final_because"])) + ".</p>")
    grant_total = {"shares_tendered": o["total"]}
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Results of the Offer as of {escape(data['as_of'])}</title>
<style>{CSS}</style></head>
<body>
<h1>Results of the Offer to Exchange Options</h1>
<p class=sub>As the record stood at {escape(data['as_of'])}; deadline {escape(data['offer']['deadline'])}
({escape(data['offer']['timezone'])}). Grants since {escape(data['offer']['six_month_cutoff'])} are tendered
with the rest (six-month rule). SSNs are masked. Totals are {escape(o['basis'])}.</p>
{banner}
{_cards(data)}
{_table("Options tendered, by grant", GRANT_COLUMNS, data["grants"], grant_total)}
{_table("Six-month grants included", GRANT_COLUMNS, data["six_month_grants"],
        {"shares_tendered": o["six_month_shares"]})}
{_table("Holders", HOLDER_COLUMNS, data["by_holder"])}
{_table("Documents received late", DOC_COLUMNS, data["late"])}
{_table("Withdrawals (Notices to Change Election received by the deadline)", DOC_COLUMNS, data["withdrawals"])}
{_table("Documents still under review", DOC_COLUMNS, data["under_review"])}
</body></html>
"""
