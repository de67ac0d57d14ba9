"""What the receipt report says, gathered from the database as plain JSON-ready data.

`gather(db, cfg, day)` gives the report of one day in the Offer's time zone (or of every
day with `day=None`): the documents received that day, the counts of the day, and where
the Offer stands at the end of that day.  Each document's fields come from
`intake.results.document_json`, so a reviewer's correction shows in every later report.

The result depends only on the database and the configuration, never on the clock, so a
report of a past day made again from the same database is the same, byte for byte.  It
shows the documents as they stand now (statuses and corrections as they are), with the
receipt figures of the day as they were.
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlite_utils

from .business_days import confirmation_due
from .config import Config
from .fieldspec import split_key
from .privacy import mask_ssn
from .receipt import iso
from .results import document_json

STATUSES = ("accepted", "needs_review", "rejected")
CONFIRMED_TYPES = ("election_form", "change_notice")
CONFIRMATION_EVENT = "confirmation_sent"
CONFIRMATION_ISSUED = "confirmation_issued"     # a letter made by `intake confirm` (intake.confirm.EVENT)

# The columns of one document, in the order of the CSV and the HTML table.
DOCUMENT_COLUMNS = (
    "document_id", "received_at", "received_from", "source_name", "sender", "received_at_source",
    "holder_id", "holder_name", "ssn", "document_type", "pages", "status", "on_time",
    "tender_elected", "shares_tendered", "problems", "open_review", "confirmation_due",
    "holder_open",
)


@dataclass(frozen=True)
class Record:
    """One document as the report needs it: its contract JSON and its receipt day."""
    json: dict
    day: date
    initial_status: str
    updated_at: datetime


def end_of_day(day: date, cfg: Config) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=cfg.offer.timezone)


def field_label(key: str) -> str:
    """'grants.1.shares_tendered' -> 'grant 2: shares tendered'; 'ssn' -> 'SSN'."""
    idx, name = split_key(key)
    words = {"ssn": "SSN", "holder_id": "holder (ledger match)", "signed_at": "date and time signed"}
    label = words.get(name, name.replace("_", " "))
    return f"grant {idx + 1}: {label}" if idx is not None else label


def open_review(doc: dict) -> list[str]:
    """The document's fields waiting in the review queue, in plain words."""
    keys = [k for k, f in doc["fields"].items() if f["needs_review"]]
    keys += [f"grants.{i}.{k}" for i, g in enumerate(doc["grants"])
             for k, f in g.items() if k != "source" and f["needs_review"]]
    if doc["holder_id"]["needs_review"]:
        keys.append("holder_id")
    return [field_label(k) for k in keys]


def value_of(doc: dict, name: str):
    return doc["fields"].get(name, {}).get("value")


def shares_tendered(doc: dict) -> int:
    """The shares a document tenders: its rows' shares_tendered when it elects to tender."""
    if doc["document_type"] != "election_form" or value_of(doc, "tender_elected") is not True:
        return 0
    return sum(g["shares_tendered"]["value"] or 0 for g in doc["grants"]
               if isinstance(g["shares_tendered"]["value"], int))


def document_entry(rec: Record, cfg: Config) -> dict:
    """One row of the report: every column of DOCUMENT_COLUMNS."""
    doc = rec.json
    due = None
    if doc["document_type"] in CONFIRMED_TYPES:
        due = confirmation_due(datetime.fromisoformat(doc["received_at"]), cfg.offer.timezone,
                               cfg.offer.confirmation_business_days).isoformat()
    return {
        "document_id": doc["document_id"],
        "received_at": doc["received_at"],
        "received_from": doc.get("sender") or doc["source_name"],
        "source_name": doc["source_name"],
        "sender": doc.get("sender"),
        "received_at_source": doc["received_at_source"],
        "holder_id": doc["holder_id"]["value"],
        "holder_name": value_of(doc, "holder_name"),
        "ssn": mask_ssn(value_of(doc, "ssn")),
        "document_type": doc["document_type"],
        "pages": doc["pages"],
        "status": doc["status"],
        "on_time": doc["on_time"],
        "tender_elected": value_of(doc, "tender_elected"),
        "shares_tendered": shares_tendered(doc),
        "problems": [p["message"] for p in doc["problems"]],
        "open_review": open_review(doc),
        "confirmation_due": due,
        "holder_open": None,        # unmatched | unrecognised, filled in by `gather`
    }


def load_records(db: sqlite_utils.Database, cfg: Config) -> list[Record]:
    """Every document, oldest receipt first."""
    zone = cfg.offer.timezone
    initial = {}
    for ev in db.query("SELECT document_id, detail FROM events WHERE kind = 'document_recorded' "
                       "ORDER BY id"):
        initial.setdefault(ev["document_id"], json.loads(ev["detail"] or "{}").get("status"))
    records = []
    for row in db.query("SELECT document_id, status, updated_at FROM documents"):
        doc = document_json(db, row["document_id"], zone)
        when = datetime.fromisoformat(doc["received_at"])
        records.append(Record(doc, when.astimezone(zone).date(),
                              initial.get(row["document_id"]) or row["status"],
                              datetime.fromisoformat(row["updated_at"])))
    records.sort(key=lambda r: (datetime.fromisoformat(r.json["received_at"]), r.json["document_id"]))
    return records


def counts(entries: list[dict]) -> dict:
    by_status = {s: 0 for s in STATUSES}
    for e in entries:
        by_status[e["status"]] = by_status.get(e["status"], 0) + 1
    on_time = sum(1 for e in entries if e["on_time"])
    by_type: dict[str, int] = {}
    for e in entries:
        by_type[e["document_type"]] = by_type.get(e["document_type"], 0) + 1
    return {"total": len(entries), "by_status": by_status,
            "by_timing": {"on_time": on_time, "late": len(entries) - on_time},
            "by_type": dict(sorted(by_type.items()))}


def in_backlog(rec: Record, moment: datetime) -> bool:
    """Whether a document was waiting for review at `moment` (received, not yet decided).

    A document decided since is taken to have left the queue when its record last changed.
    """
    received = datetime.fromisoformat(rec.json["received_at"])
    if received >= moment:
        return False
    if rec.json["status"] == "needs_review":
        return True
    return rec.initial_status == "needs_review" and rec.updated_at >= moment


def series(records: list[Record], cfg: Config, last: date) -> list[dict]:
    """Per day from the first receipt to `last` (at least the deadline's day): the chart's data."""
    if not records:
        return []
    first = min(records[0].day, last)
    end = max(last, cfg.offer.deadline.astimezone(cfg.offer.timezone).date())
    out, cumulative, late = [], 0, 0
    day = first
    while day <= end:
        todays = [r for r in records if r.day == day]
        cumulative += len(todays)
        late += sum(1 for r in todays if not r.json["on_time"])
        moment = end_of_day(day, cfg)
        backlog = sum(1 for r in records if in_backlog(r, moment)) if day <= last else None
        out.append({"day": day.isoformat(), "received": len(todays), "cumulative": cumulative,
                    "cumulative_late": late, "review_backlog": backlog})
        day += timedelta(days=1)
    return out


def confirmations(entries: list[dict], sent: set[str], as_of: date) -> dict:
    """Confirmations of receipt: sent (recorded as an event), due from `as_of` on, overdue before it."""
    due, overdue, by_date = [], [], {}
    for e in entries:
        if e["confirmation_due"] is None or e["document_id"] in sent:
            continue
        when = date.fromisoformat(e["confirmation_due"])
        (overdue if when < as_of else due).append(e)
        by_date[e["confirmation_due"]] = by_date.get(e["confirmation_due"], 0) + 1
    return {"sent": sum(1 for e in entries if e["document_id"] in sent),
            "due": len(due), "due_on_report_day": sum(1 for e in due if e["confirmation_due"] == as_of.isoformat()),
            "overdue": len(overdue), "by_due_date": dict(sorted(by_date.items())),
            "overdue_documents": [{"document_id": e["document_id"], "holder_name": e["holder_name"],
                                   "confirmation_due": e["confirmation_due"]} for e in overdue]}


def issued_confirmations(db: sqlite_utils.Database, entries: list[dict]) -> int:
    """How many of these documents have a confirmation letter issued by `intake confirm`."""
    ids = {e["document_id"] for e in entries}
    return sum(1 for r in db.query("SELECT DISTINCT document_id FROM events WHERE kind = ?", [CONFIRMATION_ISSUED])
               if r["document_id"] in ids)


def _optional(module: str, name: str):
    """A function another part of the program may provide (None while it does not exist)."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def election_row(e: dict) -> dict:
    """A holder's standing election, trimmed for the report (no corrections' old values)."""
    return {"holder_id": e["holder_id"], "name": e["name"], "ssn": mask_ssn(e["ssn"]), "outcome": e["outcome"],
            "shares_tendered": e.get("shares_tendered") or 0, "provisional": e["provisional"],
            "documents": len(e["documents"]), "reason": e["reason"]}


def options_tendered(db: sqlite_utils.Database, cfg: Config, entries: list[dict], later: int) -> dict:
    """Shares tendered so far: from the standing elections (`intake.elections`) when they can be used.

    The elections are computed over every document recorded, so they stand for the report's
    day only when nothing was received after it (`later` == 0); otherwise, and while
    `intake.elections` is absent, the sum runs over the day's accepted on-time tenders.
    """
    compute = _optional("intake.elections", "compute")
    totals = _optional("intake.elections", "totals")
    if compute is not None and totals is not None and later == 0:
        elections = compute(db, cfg)
        return {"shares": totals(elections)["options_tendered"], "basis": "standing elections (intake.elections)",
                "elections": [election_row(e) for e in elections]}
    chosen = [e for e in entries if e["document_type"] == "election_form" and e["on_time"]
              and e["status"] == "accepted" and e["tender_elected"] is True]
    basis = ("accepted on-time election forms that tender (later forms and change notices "
             "are not netted out")
    basis += (f"; the standing elections are not used: {later} document(s) came after the report day)"
              if compute is not None else ")")
    return {"shares": sum(e["shares_tendered"] for e in chosen), "basis": basis, "forms": len(chosen)}


def audit_findings(db: sqlite_utils.Database):
    summary = _optional("review.queue", "audit_summary")
    return summary(db) if summary is not None else None


def set_aside(db: sqlite_utils.Database, cfg: Config, day: date | None) -> dict:
    """The files of the day that gave no new document: duplicates and files set aside."""
    zone = cfg.offer.timezone
    files, duplicates, bad = 0, 0, []
    for r in db.query("SELECT * FROM receipts ORDER BY received_at, id"):
        when = datetime.fromisoformat(r["received_at"])
        if day is not None and when.astimezone(zone).date() != day:
            continue
        files += 1
        duplicates += r["duplicate_of"] is not None
        if r["state"] == "quarantined":
            bad.append({"source_name": r["source_name"], "received_at": iso(when, zone),
                        "reason": r["error"]})
    bad += set_aside_at_intake(db, zone, day)
    return {"files": files, "duplicates": duplicates, "set_aside": bad}


def set_aside_at_intake(db: sqlite_utils.Database, zone, day: date | None) -> list[dict]:
    """Files set aside before any receipt (links, FIFOs, empty, too large, bad sidecars), by the day
    they were set aside: they are in the report too, never only in the quarantine folder."""
    out = []
    for r in db.query("SELECT at, detail FROM events WHERE kind = 'quarantined' AND (receipt_id IS NULL "
                      "OR json_extract(detail, '$.at_intake')) ORDER BY id"):
        when = datetime.fromisoformat(r["at"])
        if day is not None and when.astimezone(zone).date() != day:
            continue
        detail = json.loads(r["detail"] or "{}")
        out.append({"source_name": detail.get("source_name"), "received_at": iso(when, zone),
                    "reason": f"{detail.get('code')}: {detail.get('reason')}", "at_intake": True})
    return out


def open_documents(db: sqlite_utils.Database, cfg: Config, as_of: date | None,
                   elections: list[dict] | None = None) -> dict | None:
    """Documents received up to `as_of` whose holder is not yet matched or whose type is not yet
    recognised (`intake.elections.open_documents`), and whether the results can be called final:
    only when there are none and no standing election is provisional."""
    find = _optional("intake.elections", "open_documents")
    if find is None:
        return None
    zone = cfg.offer.timezone
    docs = [o for o in find(db, cfg)["documents"]
            if as_of is None or datetime.fromisoformat(o["received_at"]).astimezone(zone).date() <= as_of]
    out = {why: sum(o["why"] == why for o in docs) for why in ("unmatched", "unrecognised", "unread")}
    out["provisional_standings"] = sum(1 for e in elections or [] if e["provisional"])
    out["final"] = not any(out.values())
    headline = _optional("intake.elections", "headline")
    out["headline"] = headline({"unmatched_documents": out["unmatched"], "unrecognised_documents": out["unrecognised"],
                                "unread_files": out["unread"], "provisional": out["provisional_standings"]}) \
        if headline else None
    words = _optional("intake.elections", "OPEN_WORDS") or {}
    out["documents"] = [{"document_id": o["document_id"], "source_name": o["source_name"],
                         "received_at": iso(datetime.fromisoformat(o["received_at"]), zone), "why": o["why"],
                         "reason": words.get(o["why"], o["why"])} for o in docs]
    return out


def gather(db: sqlite_utils.Database, cfg: Config, day: date | None) -> dict:
    """The report of `day` (None: every day), as a JSON-ready dict; see the module docstring."""
    records = load_records(db, cfg)
    as_of = day if day is not None else (records[-1].day if records else None)
    upto = [r for r in records if as_of is None or r.day <= as_of]
    chosen = [r for r in records if day is None or r.day == day]
    entries = [document_entry(r, cfg) for r in chosen]
    standing_entries = [document_entry(r, cfg) for r in upto]
    sent = {r["document_id"] for r in db.query("SELECT DISTINCT document_id FROM events WHERE kind IN (?, ?)",
                                               [CONFIRMATION_EVENT, CONFIRMATION_ISSUED])}
    standing = counts(standing_entries)
    standing["as_of"] = as_of.isoformat() if as_of else None
    standing["options_tendered"] = options_tendered(db, cfg, standing_entries, len(records) - len(upto))
    standing["confirmations"] = confirmations(standing_entries, sent, as_of) if as_of else None
    if standing["confirmations"] is not None:
        standing["confirmations"]["issued"] = issued_confirmations(db, standing_entries)
    standing["audit"] = audit_findings(db)
    opened = open_documents(db, cfg, as_of, standing["options_tendered"].get("elections"))
    for e in entries:
        e["holder_open"] = next((o["why"] for o in (opened or {}).get("documents", [])
                                 if o["document_id"] == e["document_id"]), None)
    return {
        "report": {"scope": "day" if day is not None else "all",
                   "day": day.isoformat() if day is not None else None,
                   "timezone": cfg.offer.timezone.key,
                   "deadline": iso(cfg.offer.deadline, cfg.offer.timezone),
                   "confirmation_business_days": cfg.offer.confirmation_business_days},
        "open_documents": opened,
        "documents": entries,
        "counts": counts(entries),
        "receipts": set_aside(db, cfg, day),
        "standing": standing,
        "series": series(records, cfg, as_of) if as_of else [],
        "receipts_over_time": [{"received_at": r.json["received_at"], "on_time": r.json["on_time"]}
                               for r in upto],
    }
