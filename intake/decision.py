"""The one rule for a document's status, and settling it from the records.

`document_status` is pure and is called both when a document is first decided
(`intake.checks`) and after every reviewer's action (`review.actions`), so the
two can never disagree.  `recompute_status` reads its inputs from the database.

Waivers (Instruction 7: a condition waived for one option is waived for all) are
kept in the `waivers` table by problem code; the code `late` waives lateness.
Audit sampling sends a share of automatically accepted fields to review anyway;
it happens once per document, when the document is recorded (`settle`).
"""
from __future__ import annotations

import random

import sqlite_utils

from .db import insert, log_event, now_utc, update

LATE = "late"   # the waiver code that excuses a late receipt (Instruction 7, "time of receipt")
# A receipt time a person must set (a sidecar or TIFF time that cannot be, a bad sidecar):
# while it is open the document is neither accepted nor rejected for lateness.
RECEIPT_TIME_DOUBT = "receipt_time_doubtful"

ACCEPTED, NEEDS_REVIEW, REJECTED = "accepted", "needs_review", "rejected"
AUTOMATIC_ORIGINS = ("reading", "ledger")


def document_status(on_time: bool, fields_needing_review: int, open_decisions: int,
                    rejected: bool, late_waived: bool, time_in_doubt: bool = False) -> str:
    """accepted | needs_review | rejected.

    Rejected when a reviewer rejected it, or when it is late and lateness is not waived.
    Accepted when it counts as on time and nothing is left for a person to look at or decide.
    While its receipt time is in doubt it is neither: on time or late is not decided yet.
    """
    if rejected:
        return REJECTED
    if time_in_doubt:
        return NEEDS_REVIEW
    if not (on_time or late_waived):
        return REJECTED
    if fields_needing_review or open_decisions:
        return NEEDS_REVIEW
    return ACCEPTED


def waived_codes(db: sqlite_utils.Database) -> set[str]:
    return {r["code"] for r in db.query("SELECT DISTINCT code FROM waivers WHERE revoked_at IS NULL")}


def open_decisions(db: sqlite_utils.Database, document_id: str) -> int:
    """Problems a person must still decide: not resolved and whose code is not waived."""
    return db.execute(
        "SELECT count(*) FROM problems WHERE document_id = ? AND needs_decision = 1 AND resolved = 0 "
        "AND code NOT IN (SELECT code FROM waivers WHERE revoked_at IS NULL)", [document_id]).fetchone()[0]


def recompute_status(db: sqlite_utils.Database, document_id: str, *, actor: str | None = None) -> str:
    """Settle the document's status from its records; log a `status_changed` event if it moved.

    Runs inside the caller's transaction.
    """
    doc = db.execute("SELECT on_time, status FROM documents WHERE document_id = ?", [document_id]).fetchone()
    if doc is None:
        return ""
    on_time, old = bool(doc[0]), doc[1]
    n_review = db.execute("SELECT count(*) FROM fields WHERE document_id = ? AND needs_review = 1",
                          [document_id]).fetchone()[0]
    rejected = db.execute("SELECT 1 FROM review_rejections WHERE document_id = ?", [document_id]).fetchone()
    doubt = db.execute("SELECT 1 FROM problems WHERE document_id = ? AND code = ? AND resolved = 0 "
                       "AND code NOT IN (SELECT code FROM waivers WHERE revoked_at IS NULL)",
                       [document_id, RECEIPT_TIME_DOUBT]).fetchone()
    new = document_status(on_time, n_review, open_decisions(db, document_id), rejected is not None,
                          LATE in waived_codes(db), doubt is not None)
    if new != old:
        update(db, "documents", {"document_id": document_id}, {"status": new, "updated_at": now_utc()})
        log_event(db, "status_changed", actor=actor, document_id=document_id, detail={"old": old, "new": new})
    return new


def apply_waivers(db: sqlite_utils.Database, document_id: str, *, actor: str | None = None) -> list[str]:
    """Resolve the document's open problems whose code has been waived; return those codes."""
    rows = list(db.query(
        "SELECT p.id, p.code, w.id AS waiver_id FROM problems p JOIN waivers w ON w.code = p.code AND w.revoked_at IS NULL "
        "WHERE p.document_id = ? AND p.resolved = 0 GROUP BY p.id", [document_id]))
    for r in rows:
        update(db, "problems", {"id": r["id"]}, {"resolved": 1})
        log_event(db, "problem_waived", actor=actor, document_id=document_id,
                  detail={"code": r["code"], "problem_id": r["id"], "waiver_id": r["waiver_id"]})
    return [r["code"] for r in rows]


def sample_for_audit(db: sqlite_utils.Database, document_id: str, rate: float,
                     rng: random.Random | None = None, *, actor: str | None = None) -> list[str]:
    """Send a share `rate` of the document's automatically accepted fields to review.

    Each sampled field gets `needs_review = 1` (the contract: needs_review is true exactly when
    the field is in the review queue) and a row in `audit_samples`, whose outcome the reviewer's
    accept (confirmed) or correction (corrected) fills in.  Runs once per document; a second
    call does nothing.  Returns the sampled keys.  Runs inside the caller's transaction.
    """
    if db.execute("SELECT 1 FROM events WHERE document_id = ? AND kind = 'audit_sampling'",
                  [document_id]).fetchone():
        return []
    rng = rng or random.Random()
    on_time = db.execute("SELECT on_time FROM documents WHERE document_id = ?", [document_id]).fetchone()
    if not on_time or not (on_time[0] or LATE in waived_codes(db)):
        rate = 0.0   # a late document is rejected: there is nothing to measure on it
    marks = ",".join("?" for _ in AUTOMATIC_ORIGINS)
    keys = [r["key"] for r in db.query(
        f"SELECT key FROM fields WHERE document_id = ? AND needs_review = 0 AND origin IN ({marks}) "
        "ORDER BY key", [document_id, *AUTOMATIC_ORIGINS])]
    chosen = [k for k in keys if rate > 0 and rng.random() < rate]
    now = now_utc()
    for key in chosen:
        update(db, "fields", {"document_id": document_id, "key": key}, {"needs_review": 1, "updated_at": now})
        insert(db, "audit_samples", {"document_id": document_id, "key": key, "sampled_at": now, "rate": rate})
    log_event(db, "audit_sampling", actor=actor, document_id=document_id,
              detail={"rate": rate, "eligible": len(keys), "sampled": chosen})
    return chosen


def settle(db: sqlite_utils.Database, document_id: str, *, audit_rate: float = 0.0,
           rng: random.Random | None = None, actor: str | None = None) -> str:
    """The hook after a document is recorded: waivers, audit sampling, then the status.

    Call inside the same transaction as `intake.record.store`.
    """
    apply_waivers(db, document_id, actor=actor)
    home_relative_crops(db, document_id)
    sample_for_audit(db, document_id, audit_rate, rng, actor=actor)
    return recompute_status(db, document_id, actor=actor)


def home_relative_crops(db: sqlite_utils.Database, document_id: str) -> None:
    """Keep the document's crop paths relative to the home (`crops/...`), so a moved home keeps them."""
    for r in db.query("SELECT key, crop_path FROM fields WHERE document_id = ? AND crop_path LIKE '%/crops/%'",
                      [document_id]):
        db.execute("UPDATE fields SET crop_path = ? WHERE document_id = ? AND key = ?",
                   ["crops/" + r["crop_path"].rsplit("/crops/", 1)[1], document_id, r["key"]])
