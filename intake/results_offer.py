"""`intake results`: the Offer's results, what the Company will file and act on after the deadline.

One report, from the holders' standing elections (`intake.elections`) computed on the record
as it stood at an instant (`intake.asof`; default: now): holders eligible (in the option
ledger) and how each stands, the options tendered grant by grant and in total, the grants
since the six-month cut-off included, the late documents, the withdrawals, and the documents
still under review.  The totals are sums of the standing elections, and the report says so.

The results are *final* only when the Offer had closed at that instant, no document is
waiting for review, no standing is provisional (a standing whose `provisional` is set waits
on something: read defensively, it may be absent) and every tender comes from a holder in
the ledger; otherwise `final` is false and `not_final_because` says why.

The same database and the same `--as-of` give the same bytes, in every format.
"""
from __future__ import annotations

from datetime import datetime, timezone

import click
import sqlite_utils

from . import asof, elections, report
from . import results_offer_render as render_mod
from .cli_common import common_options, pass_context
from .config import Config
from .privacy import mask_ssn
from .receipt import iso

FORMS = ("election_form", "change_notice")


def _grant_rows(entries: list[dict]) -> list[dict]:
    rows = []
    for e in entries:
        if e["outcome"] != elections.TENDERED:
            continue
        for g in e["grants"]:
            rows.append({"holder_id": e["holder_id"], "name": e["name"], "ssn": mask_ssn(e["ssn"]),
                         "grant_number": g["grant_number"], "grant_date": g["grant_date"],
                         "exercise_price": g["exercise_price"], "shares_tendered": g["shares_tendered"] or 0,
                         "source": g["source"], "six_month_rule": g["source"] == "six_month_rule",
                         "provisional": bool(e.get("provisional")), "standing_document": e["standing_document"]})
    return rows


def _holder_row(e: dict) -> dict:
    return {"holder_id": e["holder_id"], "in_ledger": e["in_ledger"], "name": e["name"], "ssn": mask_ssn(e["ssn"]),
            "outcome": e["outcome"], "shares_tendered": e.get("shares_tendered") or 0,
            "grants": len(e["grants"]) if e["outcome"] == elections.TENDERED else 0,
            "standing_document": e["standing_document"], "provisional": bool(e.get("provisional")),
            "pending": list(e.get("pending") or []), "reason": e["reason"]}


def _documents(entries: list[dict]) -> dict[str, tuple[dict, dict]]:
    return {d["document_id"]: (e, d) for e in entries for d in e["documents"]}


def _doc_row(db: sqlite_utils.Database, cfg: Config, row: dict, by_doc: dict) -> dict:
    e, d = by_doc.get(row["document_id"], (None, {}))
    return {"document_id": row["document_id"], "source_name": row["source_name"],
            "document_type": row["document_type"],
            "received_at": iso(datetime.fromisoformat(row["received_at"]), cfg.offer.timezone),
            "on_time": bool(row["on_time"]), "status": row["status"],
            "holder_id": e["holder_id"] if e else row["holder_id"], "name": e["name"] if e else None,
            "role": d.get("role"), "note": d.get("note") or None,
            "open_review": [r["key"] for r in db.query(
                "SELECT key FROM fields WHERE document_id = ? AND needs_review = 1 ORDER BY key",
                [row["document_id"]])]}


def gather(db: sqlite_utils.Database, cfg: Config, at: datetime) -> dict:
    """The Offer's results as they stood at the aware instant `at`, as JSON-ready data."""
    snap = asof.snapshot(db, at)
    try:
        return _gather(snap, cfg, at)
    finally:
        snap.close()


def _gather(db: sqlite_utils.Database, cfg: Config, at: datetime) -> dict:
    entries = elections.compute(db, cfg)
    tot = elections.totals(entries)
    by_doc = _documents(entries)
    docs = [_doc_row(db, cfg, r, by_doc) for r in db.query(
        f"SELECT * FROM documents WHERE document_type IN ({','.join('?' for _ in FORMS)}) "
        "ORDER BY received_at, document_id", list(FORMS))]
    holders = [_holder_row(e) for e in entries]
    grants = _grant_rows(entries)
    six = [g for g in grants if g["six_month_rule"]]
    tendered = [h for h in holders if h["outcome"] == elections.TENDERED]
    total = sum(h["shares_tendered"] for h in tendered)
    late = [d for d in docs if not d["on_time"]]
    withdrawals = [d for d in docs if d["document_type"] == "change_notice" and d["on_time"]]
    review = [d for d in docs if d["status"] == "needs_review"]
    provisional = [h for h in holders if h["provisional"]]
    strangers = [h for h in tendered if not h["in_ledger"]]
    closed = at >= cfg.offer.deadline
    why = []
    if not closed:
        why.append(f"the Offer had not closed at {iso(at, cfg.offer.timezone)} "
                   f"(deadline {iso(cfg.offer.deadline, cfg.offer.timezone)})")
    if review:
        why.append(f"{len(review)} document(s) still under review")
    if provisional:
        why.append(f"{len(provisional)} holder(s)' standing is provisional")
    if strangers:
        why.append(f"{len(strangers)} tender(s) from sender(s) not matched to the option ledger")
    in_ledger = [h for h in holders if h["in_ledger"]]
    return {
        "offer": {"deadline": iso(cfg.offer.deadline, cfg.offer.timezone), "timezone": cfg.offer.timezone.key,
                  "six_month_cutoff": cfg.offer.six_month_cutoff.isoformat(), "closed": closed},
        "as_of": iso(at, cfg.offer.timezone),
        "final": not why,
        "not_final_because": why,
        "holders": {"eligible": len(in_ledger),
                    "elected": sum(1 for h in in_ledger if h["outcome"] == elections.TENDERED),
                    "withdrew": sum(1 for h in in_ledger if h["outcome"] == elections.REJECTED
                                    and _standing_type(h, by_doc) == "change_notice"),
                    "rejected": sum(1 for h in in_ledger if h["outcome"] == elections.REJECTED
                                    and _standing_type(h, by_doc) != "change_notice"),
                    "no_election": sum(1 for h in in_ledger if h["outcome"] == elections.NO_ELECTION),
                    "not_in_ledger": len(holders) - len(in_ledger),
                    "provisional": len(provisional)},
        "options_tendered": {"total": total, "in_ledger": sum(h["shares_tendered"] for h in tendered if h["in_ledger"]),
                             "grants": len(grants),
                             "six_month_grants": len(six), "six_month_shares": sum(g["shares_tendered"] for g in six),
                             "basis": "the sum of the holders' standing elections (intake.elections)",
                             "elections_total": tot["options_tendered"]},
        "grants": grants,
        "six_month_grants": six,
        "late": late,
        "withdrawals": withdrawals,
        "under_review": review,
        "by_holder": holders,
    }


def _standing_type(h: dict, by_doc: dict) -> str | None:
    got = by_doc.get(h["standing_document"] or "")
    return got[1].get("document_type") if got else None


def file_name(_day, fmt: str) -> str:
    return f"offer-results.{fmt}"


def build(db: sqlite_utils.Database, cfg: Config, at: datetime, formats: list[str]) -> dict[str, str]:
    data = gather(db, cfg, at)
    return {fmt: render_mod.render(data, fmt) for fmt in formats}


@click.command("results")
@click.option("--as-of", "as_of_text", metavar="INSTANT",
              help="The results as they stood at this instant (ISO 8601; no offset: the Offer's time zone). "
                   "Default: now.")
@report.format_options
@common_options
@pass_context
def results_command(obj, as_of_text, format_text, out):
    """The Offer's results: holders eligible and who elected, the options tendered by grant
    and in total (the six-month grants included), late documents, withdrawals and what is
    still under review; says whether the results are final.

    The CSV has one row per tendered grant.  With --as-of the same database gives the same bytes.

    Example: intake results --as-of 2003-04-01T09:00 --format html,csv,json --out results/
    """
    formats = report.parse_formats(format_text)
    cfg = obj.config()
    at = asof.parse_instant(as_of_text, cfg) if as_of_text else datetime.now(timezone.utc)
    db = obj.db()
    try:
        texts = build(db, cfg, at, formats)
    finally:
        db.close()
    report.emit(texts, formats, report.targets(formats, None, out, obj.home.reports, name=file_name))
