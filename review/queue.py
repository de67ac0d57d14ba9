"""The review queue: what a person must look at, in what order, and who holds what.

A task is a field with `needs_review = 1` or a problem a person must decide (open,
not waived, on a document no reviewer has rejected).  Order: documents received on
time first, then oldest first (compared as instants), the tasks of one document
together, fields in the form's order, then its problems.

Reviewers claim a whole document (`review_claims`), so two reviewers never get the
same task; a claim lapses after `[review] claim_minutes` if its reviewer walks away.
Claims are taken inside `transaction` (BEGIN IMMEDIATE), which retries a busy database.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable

import sqlite_utils

from intake.db import insert, log_event, transaction
from intake.errors import IntakeError
from intake.fieldspec import ELECTION_FIELDS, GRANT_FIELDS, NOTICE_FIELDS, split_key


class ClaimHeld(IntakeError):
    """Another reviewer holds the document; its tasks are theirs until the claim lapses."""


@dataclass(frozen=True)
class Task:
    kind: str                   # field | problem
    document_id: str
    key: str | None = None      # the field's key, for a field task
    problem_id: int | None = None
    code: str | None = None     # the problem's code, for a problem task

    @property
    def task_id(self) -> str:
        return f"{self.document_id}:{self.key}" if self.kind == "field" else \
            f"{self.document_id}:problem:{self.problem_id}"

    @property
    def label(self) -> str:
        return self.key if self.kind == "field" else f"problem {self.code}"


_TOP_ORDER = {name: i for i, name in enumerate(dict.fromkeys(ELECTION_FIELDS + NOTICE_FIELDS + ("holder_id",)))}


def field_rank(key: str) -> tuple:
    idx, name = split_key(key)
    if idx is None:
        return (0, _TOP_ORDER.get(name, 99), 0, key)
    return (1, idx, GRANT_FIELDS.index(name) if name in GRANT_FIELDS else 99, key)


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc)


def _stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


def open_tasks(db: sqlite_utils.Database) -> list[Task]:
    """Every task in the queue, in the order reviewers get them."""
    docs = {r["document_id"]: r for r in db.query("SELECT document_id, on_time, received_at FROM documents")}
    by_doc: dict[str, list[tuple]] = {}
    for r in db.query("SELECT document_id, key FROM fields WHERE needs_review = 1"):
        by_doc.setdefault(r["document_id"], []).append(((0,) + field_rank(r["key"]), Task("field", r["document_id"], r["key"])))
    for r in db.query(
            "SELECT id, document_id, code FROM problems WHERE needs_decision = 1 AND resolved = 0 "
            "AND code NOT IN (SELECT code FROM waivers WHERE revoked_at IS NULL) "
            "AND document_id NOT IN (SELECT document_id FROM review_rejections)"):
        by_doc.setdefault(r["document_id"], []).append(((1, r["id"]), Task("problem", r["document_id"],
                                                                           problem_id=r["id"], code=r["code"])))

    def doc_rank(doc_id: str) -> tuple:
        d = docs.get(doc_id)
        if d is None:
            return (2, datetime.max.replace(tzinfo=timezone.utc), doc_id)
        return (0 if d["on_time"] else 1, _instant(d["received_at"]), doc_id)

    return [task for doc_id in sorted(by_doc, key=doc_rank) for _, task in sorted(by_doc[doc_id], key=lambda x: x[0])]


def live_claims(db: sqlite_utils.Database, now: datetime | None = None) -> dict[str, dict]:
    """document_id -> claim row, for claims that have not lapsed."""
    return {r["document_id"]: r for r in db.query("SELECT * FROM review_claims WHERE expires_at > ?",
                                                  [_stamp(_utc(now))])}


def assert_free(db: sqlite_utils.Database, document_id: str, reviewer: str, now: datetime | None = None) -> None:
    """Raise ClaimHeld when another reviewer holds a live claim on the document."""
    claim = live_claims(db, now).get(document_id)
    if claim and claim["reviewer"] != reviewer:
        until = claim["expires_at"][:16].replace("T", " ")
        raise ClaimHeld(f"Document {document_id} is being reviewed by {claim['reviewer']} "
                        f"(claim lapses {until} UTC).")


def claim_next(db: sqlite_utils.Database, reviewer: str, minutes: float, *,
               skip: Iterable[str] = (), now: datetime | None = None) -> Task | None:
    """Atomically hand the reviewer their next task, claiming its document; None when done.

    The reviewer keeps the document they hold while it has tasks they have not skipped;
    otherwise they get the first task of a document nobody else holds, and their other
    claims are released.
    """
    skip = set(skip)
    now = _utc(now)
    with transaction(db):
        claims = live_claims(db, now)
        tasks = [t for t in open_tasks(db) if t.task_id not in skip]
        held = [t for t in tasks if claims.get(t.document_id, {}).get("reviewer") == reviewer]
        free = [t for t in tasks if t.document_id not in claims]
        task = (held or free or [None])[0]
        db.execute("DELETE FROM review_claims WHERE reviewer = ? AND document_id IS NOT ?",
                   [reviewer, task.document_id if task else None])
        if task is None:
            return None
        fresh = task.document_id not in claims
        insert(db, "review_claims", {"document_id": task.document_id, "reviewer": reviewer,
                                     "claimed_at": _stamp(now),
                                     "expires_at": _stamp(now + timedelta(minutes=minutes))}, replace=True)
        if fresh:
            log_event(db, "review_claimed", actor=reviewer, document_id=task.document_id,
                      detail={"minutes": minutes})
    return task


def release(db: sqlite_utils.Database, reviewer: str) -> int:
    """Give back every claim the reviewer holds (when they quit)."""
    with transaction(db):
        return db.execute("DELETE FROM review_claims WHERE reviewer = ?", [reviewer]).rowcount


def queue_rows(db: sqlite_utils.Database, *, now: datetime | None = None) -> list[dict]:
    """The queue as plain rows for `intake review list` (SSNs masked)."""
    from intake.privacy import mask_ssn
    claims = live_claims(db, now)
    docs = {r["document_id"]: r for r in db.query(
        "SELECT document_id, source_name, received_at, on_time, status, document_type FROM documents")}
    fields = {(r["document_id"], r["key"]): r for r in db.query(
        "SELECT document_id, key, value, confidence FROM fields WHERE needs_review = 1")}
    problems = {r["id"]: r for r in db.query("SELECT id, message FROM problems WHERE resolved = 0")}
    rows = []
    for pos, t in enumerate(open_tasks(db), start=1):
        d = docs.get(t.document_id, {})
        row = {"position": pos, "task": t.task_id, "kind": t.kind, "document_id": t.document_id,
               "source_name": d.get("source_name"), "received_at": d.get("received_at"),
               "on_time": bool(d.get("on_time")), "status": d.get("status"),
               "claimed_by": claims.get(t.document_id, {}).get("reviewer")}
        if t.kind == "field":
            f = fields[(t.document_id, t.key)]
            value = json.loads(f["value"]) if f["value"] is not None else None
            row.update(key=t.key, value=mask_ssn(value) if split_key(t.key)[1] == "ssn" else value,
                       confidence=round(f["confidence"], 3))
        else:
            row.update(code=t.code, message=problems.get(t.problem_id, {}).get("message"))
        rows.append(row)
    return rows


def record_audit_outcome(db: sqlite_utils.Database, document_id: str, key: str, outcome: str,
                         actor: str, at: str) -> bool:
    """Fill in a pending audit sample's outcome (inside the caller's transaction)."""
    cur = db.execute("UPDATE audit_samples SET outcome = ?, decided_by = ?, decided_at = ? "
                     "WHERE document_id = ? AND key = ? AND outcome IS NULL",
                     [outcome, actor, at, document_id, key])
    return cur.rowcount > 0


def audit_summary(db: sqlite_utils.Database) -> dict:
    """What the audit samples found, for the report.

    `audited` fields were accepted automatically and sent to review anyway; of those a
    reviewer has `confirmed` or `corrected` some, `closed` went with a rejected document,
    and `pending` still wait.  `error_rate` is corrected / (confirmed + corrected), the
    silent error rate measured on real traffic (None before any sample is decided).
    """
    out = {"audited": 0, "pending": 0, "confirmed": 0, "corrected": 0, "closed": 0, "by_field": {}}
    for r in db.query("SELECT key, outcome, count(*) AS n FROM audit_samples GROUP BY key, outcome"):
        outcome = r["outcome"] or "pending"
        out["audited"] += r["n"]
        out[outcome] = out.get(outcome, 0) + r["n"]
        name = split_key(r["key"])[1]
        per = out["by_field"].setdefault(name, {"audited": 0, "pending": 0, "confirmed": 0, "corrected": 0,
                                                "closed": 0})
        per["audited"] += r["n"]
        per[outcome] = per.get(outcome, 0) + r["n"]
    decided = out["confirmed"] + out["corrected"]
    out["error_rate"] = round(out["corrected"] / decided, 4) if decided else None
    return out
