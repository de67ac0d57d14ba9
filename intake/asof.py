"""The record as it stood at an instant, rebuilt from the append-only trail.

Two rules use it:

* **`--as-of INSTANT` (strict):** everything as it stood at the instant, by the rules below.
* **the report of a day D (`intake report --date D`, the nightly default):** a document counts
  as it stood at the end of D if it was recorded by then (its first `document_recorded` event,
  i.e. the commit of its reading, at or before the end of D), and as it stands now if it was
  recorded later.  Put otherwise, D's report stands as it was when it could first have been
  made: a document recorded by the end of D (live operation: the fax came on D and was read
  that day) was in the report made that night, and a review on a later day does not rewrite
  it; a document recorded after the end of D (a backfill: files received in 2003 read today,
  or a fax of 23:59 read after midnight) could not have been in a report made by the end of
  D, so there is no past report of it to keep, and it shows with every correction made so
  far, as the contract asks ("after a reviewer corrects a field, later reports ... carry the
  corrected value with needs_review: false").  Things that belong to such a document (its
  fields, problems, status, rejection, audit sampling, confirmations, events) are taken as
  they stand; a waiver (or its revocation) made after the end of D counts when it acted on
  one of them.  A document recorded later but received after the end of D (its receipt time
  set by hand) is left out.  (The waivers table is global: a waiver made later that acted
  on both kinds of documents counts for the elections of both; the documents' own problems
  and status stay right for each.)

The tables `documents`, `fields`, `problems`, `review_rejections` and `waivers` hold what
stands now; the event log (append-only), the readings (append-only) and the time stamps say
how it came to be.  `snapshot(db, at)` copies the database into memory and winds that copy
back to the instant `at` (`recorded_later_as_now=True`: the day's rule), so every reader (the receipt report, the elections, the Offer's
results) runs unchanged on the record as it stood then.  The database itself is only read.

What stood at `at` (the strict rule; the day's rule applies it to the documents recorded by `at`):

* every receipt and document received by `at` (a receipt time set by hand later is undone);
* each such document as the machine recorded it: its reading, its first status, the fields
  it sent to review, even when the reading finished after `at` (a fax received at 23:59 is
  part of that day though read at 00:02); the events of its recording transaction count
  with it;
* every person's action made by `at`, and none made after it: a correction after `at` is
  undone (the field gets the `old` value its `field_corrected` event kept; an SSN so kept is
  masked, as every report shows it), an acceptance after `at` puts the field back in review,
  and rejections, resolutions, waivers, undos and confirmations count from their own time;
* a field, problem or document not changed since `at` is taken as it stands.

The status of a document at `at` is the last one its events recorded by then
(`document_recorded`, then `status_changed`): every status change is logged where it happens
(`intake.decision.recompute_status`).  The option ledger is taken as it is now.
"""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import datetime, time, timedelta, timezone

import sqlite_utils

from .config import Config
from .errors import UsageError

RECORDING, STATUS_CHANGED, PROCESSED = "document_recorded", "status_changed", "processed"
APPEND_ONLY_TRIGGERS = ("events_append_only_u", "events_append_only_d", "readings_append_only_u",
                        "confirmations_append_only_u", "confirmations_append_only_d")


def parse_instant(text: str, cfg: Config) -> datetime:
    """An instant typed by a person: ISO 8601; a day alone means its end; no offset: the Offer's zone."""
    raw = text.strip().replace("Z", "+00:00")
    try:
        if len(raw) == 10:
            day = datetime.fromisoformat(raw).date()
            return datetime.combine(day + timedelta(days=1), time(0), tzinfo=cfg.offer.timezone)
        value = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise UsageError(f"--as-of {text!r} is not an instant like 2003-03-31T17:00 or 2003-04-01T09:30-05:00.") from exc
    return value if value.tzinfo else value.replace(tzinfo=cfg.offer.timezone)


def _t(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class _Trail:
    """The events, with which of them count at the instant."""

    def __init__(self, db: sqlite_utils.Database, at: datetime, recorded_later_as_now: bool = False):
        self.at = at
        self.events = [{**e, "detail": json.loads(e["detail"] or "{}"), "when": _t(e["at"])}
                       for e in db.query("SELECT * FROM events ORDER BY id")]
        self.by_doc: dict[str, list[dict]] = defaultdict(list)
        for e in self.events:
            if e["document_id"]:
                self.by_doc[e["document_id"]].append(e)
        self.recording = self._recording_runs()
        self.current = self._recorded_later(db) if recorded_later_as_now else set()

    def _recorded_later(self, db: sqlite_utils.Database) -> set[str]:
        """The documents recorded after the instant (their first `document_recorded`, else their row's
        `created_at`): no report made by the instant could show them, so they are taken as they stand."""
        later = set()
        for row in db.query("SELECT document_id, created_at FROM documents"):
            first = next((e for e in self.by_doc.get(row["document_id"], []) if e["kind"] == RECORDING), None)
            if (first["when"] if first is not None else _t(row["created_at"])) > self.at:
                later.add(row["document_id"])
        return later

    def _recording_runs(self) -> set[int]:
        """Event ids written while a document was recorded (store, settle) up to its receipt's `processed`."""
        processed = defaultdict(list)
        for e in self.events:
            if e["kind"] == PROCESSED and e["receipt_id"] is not None:
                processed[e["receipt_id"]].append(e["id"])
        ids = set()
        for doc_events in self.by_doc.values():
            first = next((e for e in doc_events if e["kind"] == RECORDING), None)
            if first is None:
                continue
            ids.add(first["id"])
            end = next((p for p in processed.get(first["receipt_id"], []) if p > first["id"]), None)
            if end is not None:
                ids.update(e["id"] for e in doc_events if first["id"] < e["id"] < end)
        return ids

    def counts(self, e: dict) -> bool:
        """Whether the event stands in the snapshot: made by the instant, part of a recording, about a
        document taken as it stands, or an act on many documents (a waiver, its revocation) one of which is."""
        if e["when"] <= self.at or e["id"] in self.recording or e["document_id"] in self.current:
            return True
        return not e["document_id"] and bool(self.current.intersection(e["detail"].get("documents") or ()))

    def stands(self, kind: str, waiver_id: int, made_at: str | None) -> bool:
        """Whether a waiver's making (`waiver_recorded`) or revocation (`waiver_revoked`) stands."""
        event = next((e for e in self.events if e["kind"] == kind and e["detail"].get("waiver_id") == waiver_id), None)
        return self.counts(event) if event is not None else _t(made_at) <= self.at

    def kept(self, document_id: str) -> list[dict]:
        return [e for e in self.by_doc.get(document_id, []) if self.counts(e)]

    def later(self, document_id: str) -> list[dict]:
        return [e for e in self.by_doc.get(document_id, []) if not self.counts(e)]


def snapshot(db: sqlite_utils.Database, at: datetime, *, recorded_later_as_now: bool = False) -> sqlite_utils.Database:
    """An in-memory copy of the database as it stood at the aware instant `at`.

    With `recorded_later_as_now` (the rule of a day's report), a document recorded after `at` is
    taken as it stands now, with everything done to it, instead of as the machine recorded it."""
    if at.tzinfo is None:
        raise ValueError("the instant must be time-zone aware")
    mem = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    db.conn.backup(mem)
    snap = sqlite_utils.Database(mem)
    for name in APPEND_ONLY_TRIGGERS:
        snap.execute(f"DROP TRIGGER IF EXISTS {name}")
    snap.execute("PRAGMA foreign_keys = OFF")
    snap.execute("BEGIN")
    _rewind(snap, _Trail(snap, at, recorded_later_as_now))
    snap.execute("COMMIT")
    return snap


def _rewind(db: sqlite_utils.Database, trail: _Trail) -> None:
    at = trail.at
    tables = set(db.table_names())
    for doc in list(db.query("SELECT * FROM documents")):
        _rewind_document(db, trail, doc, tables)
    _delete_after(db, "receipts", "received_at", at)
    if "confirmations" in tables:
        _delete_ids(db, "confirmations", [r["id"] for r in db.query("SELECT id, document_id, issued_at FROM confirmations")
                                          if _t(r["issued_at"]) > at and r["document_id"] not in trail.current])
    if "waivers" in tables:
        for w in list(db.query("SELECT id, at, revoked_at FROM waivers")):
            if not trail.stands("waiver_recorded", w["id"], w["at"]):
                db.execute("DELETE FROM waivers WHERE id = ?", [w["id"]])
            elif w["revoked_at"] and not trail.stands("waiver_revoked", w["id"], w["revoked_at"]):
                db.execute("UPDATE waivers SET revoked_at = NULL, revoked_by = NULL WHERE id = ?", [w["id"]])
    if "audit_samples" in tables:
        for s in list(db.query("SELECT document_id, key, decided_at FROM audit_samples WHERE decided_at IS NOT NULL")):
            if _t(s["decided_at"]) > at and s["document_id"] not in trail.current:
                db.execute("UPDATE audit_samples SET outcome = NULL, decided_by = NULL, decided_at = NULL "
                           "WHERE document_id = ? AND key = ?", [s["document_id"], s["key"]])
    if "review_claims" in tables:
        db.execute("DELETE FROM review_claims")
    _delete_ids(db, "events", [e["id"] for e in trail.events if not trail.counts(e)])


def _delete_after(db: sqlite_utils.Database, table: str, column: str, at: datetime) -> None:
    """Delete the rows of `table` (keyed by id) whose time `column` is after `at`."""
    _delete_ids(db, table, [r["id"] for r in db.query(f"SELECT id, [{column}] AS t FROM [{table}]")
                            if _t(r["t"]) > at])


def _delete_ids(db: sqlite_utils.Database, table: str, ids: list[int]) -> None:
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        db.execute(f"DELETE FROM [{table}] WHERE id IN ({','.join('?' for _ in chunk)})", chunk)


def _drop_document(db: sqlite_utils.Database, doc_id: str, tables: set[str]) -> None:
    for table in ("fields", "grants", "problems", "readings", "review_rejections", "confirmations",
                  "audit_samples", "review_claims", "events", "documents"):
        if table in tables:
            db.execute(f"DELETE FROM [{table}] WHERE document_id = ?", [doc_id])


def _rewind_document(db: sqlite_utils.Database, trail: _Trail, doc: dict, tables: set[str]) -> None:
    doc_id, at = doc["document_id"], trail.at
    if doc_id in trail.current:
        if _t(doc["received_at"]) > at:
            _drop_document(db, doc_id, tables)
        return
    later, kept = trail.later(doc_id), trail.kept(doc_id)
    received_at, on_time = doc["received_at"], doc["on_time"]
    manual = [e for e in later if e["kind"] == "receipt_time_set"]
    if manual:
        received_at = manual[0]["detail"].get("old_received_at", received_at)
        on_time = int(bool(manual[0]["detail"].get("old_on_time", on_time)))
    if _t(received_at) > at:
        _drop_document(db, doc_id, tables)
        return
    _rewind_fields(db, trail, doc, kept, later)
    _rewind_problems(db, trail, doc, kept)
    if "review_rejections" in tables and any(e["kind"] in REJECTION_EVENTS for e in trail.by_doc.get(doc_id, [])):
        _rewind_rejection(db, doc_id, kept)
    if not later and _t(doc["updated_at"]) <= at:
        return
    statuses = [e for e in kept if e["kind"] in (RECORDING, STATUS_CHANGED)]
    status = doc["status"]
    if statuses:
        last = statuses[-1]
        status = last["detail"].get("status") if last["kind"] == RECORDING else last["detail"].get("new")
    changed = statuses[-1]["at"] if statuses else doc["created_at"]
    holder = db.execute("SELECT value FROM fields WHERE document_id = ? AND key = 'holder_id'", [doc_id]).fetchone()
    db.execute("UPDATE documents SET received_at = ?, on_time = ?, status = ?, holder_id = ?, updated_at = ? "
               "WHERE document_id = ?",
               [received_at, on_time, status or doc["status"],
                json.loads(holder[0]) if holder and holder[0] is not None else doc["holder_id"],
                min(doc["updated_at"], changed, key=_t), doc_id])


def _rewind_fields(db: sqlite_utils.Database, trail: _Trail, doc: dict, kept: list[dict], later: list[dict]) -> None:
    doc_id = doc["document_id"]
    recorded = next((e for e in kept if e["kind"] == RECORDING), None)
    for f in list(db.query("SELECT * FROM fields WHERE document_id = ?", [doc_id])):
        if _t(f["updated_at"]) <= trail.at:
            continue
        key, values = f["key"], {}
        fix = next((e for e in later if e["kind"] == "field_corrected" and e["detail"].get("key") == key), None)
        if fix is not None:
            reading = db.execute("SELECT confidence FROM readings WHERE id = ?", [f["reading_id"]]).fetchone()
            values.update(value=json.dumps(fix["detail"].get("old")), origin=fix["detail"].get("old_origin") or "reading",
                          confidence=fix["detail"].get("old_confidence") or (reading[0] if reading else f["confidence"]))
        if recorded is not None:
            values["needs_review"] = int(_needs_review(key, recorded, kept))
        values["updated_at"] = recorded["at"] if recorded is not None else f["updated_at"]
        sets = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(f"UPDATE fields SET {sets} WHERE document_id = ? AND key = ?", [*values.values(), doc_id, key])


def _needs_review(key: str, recorded: dict, kept: list[dict]) -> bool:
    """Whether the field waited for review at the instant: as recorded, then each action by then."""
    flag = key in recorded["detail"].get("to_review", [])
    for e in kept:
        d = e["detail"]
        if e["kind"] == "audit_sampling" and key in d.get("sampled", []):
            flag = True
        elif e["kind"] in ("field_accepted", "field_corrected") and d.get("key") == key:
            flag = False
        elif e["kind"] == "document_rejected" and key in d.get("closed_fields", []):
            flag = False
        elif e["kind"] == "rejection_undone" and key in d.get("reopened_fields", []):
            flag = True
    return flag


REJECTION_EVENTS = ("document_rejected", "rejection_undone")
PROBLEM_CLOSED = ("problem_resolved", "problem_waived")
PROBLEM_OPENED = ("problem_reopened",)


def _rewind_problems(db: sqlite_utils.Database, trail: _Trail, doc: dict, kept: list[dict]) -> None:
    doc_id = doc["document_id"]
    since = max(trail.at, _t(doc["created_at"]))
    every = trail.by_doc.get(doc_id, [])
    for p in list(db.query("SELECT id, created_at, resolved FROM problems WHERE document_id = ?", [doc_id])):
        if _t(p["created_at"]) > since:
            db.execute("DELETE FROM problems WHERE id = ?", [p["id"]])
            continue
        mine = lambda e: e["detail"].get("problem_id") == p["id"]  # noqa: E731
        if not any(mine(e) and e["kind"] in PROBLEM_CLOSED + PROBLEM_OPENED for e in every):
            continue
        resolved = 0
        for e in kept:
            if mine(e) and e["kind"] in PROBLEM_CLOSED:
                resolved = 1
            elif mine(e) and e["kind"] in PROBLEM_OPENED:
                resolved = 0
        db.execute("UPDATE problems SET resolved = ? WHERE id = ?", [resolved, p["id"]])


def _rewind_rejection(db: sqlite_utils.Database, doc_id: str, kept: list[dict]) -> None:
    rejection = None
    for e in kept:
        if e["kind"] == "document_rejected":
            rejection = e
        elif e["kind"] == "rejection_undone":
            rejection = None
    db.execute("DELETE FROM review_rejections WHERE document_id = ?", [doc_id])
    if rejection is not None:
        db.execute("INSERT INTO review_rejections (document_id, actor, reason, at) VALUES (?, ?, ?, ?)",
                   [doc_id, rejection["actor"], rejection["detail"].get("reason", ""), rejection["at"]])
