"""What a reviewer can do, each one atomic and written to the append-only event log.

Both faces of the desk (the terminal, `review.terminal`, and the browser, `review.web`)
and the one-shot commands (`review.cli`) call these functions and nothing else to
change a record.  Every action runs in one transaction: it checks that no other
reviewer holds the document, changes the records, logs an event with who, when, the
old and the new value, finds the document's problems again (`review.recheck`) and
settles its status with `intake.decision.recompute_status`.

A value a reviewer accepts or types passes the checks a reading passes (`review.validate`
for its kind, `review.checks` for the Offer's rules and the ledger); one that breaks a
check raises `NeedsConfirmation` and is kept only when the reviewer gives a reason,
which is recorded.  A blank is never accepted by one key: `-` records a blank.
The machine's readings are never touched: `fields` carries the current value.
SSNs in event details are masked (the reading keeps what was read, `fields` what is).
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from intake import receipt
from intake.config import Config
from intake.db import insert, log_event, now_utc, transaction, update
from intake.decision import LATE, apply_waivers, recompute_status
from intake.errors import NotFound, UsageError, ValidationError
from intake.fieldspec import GRANT_FIELDS, grant_key, split_key
from intake.home import Home
from intake.privacy import mask_ssn

from . import checks, keys, recheck, validate
from .queue import assert_free, record_audit_outcome, release

REVIEW_CONFIDENCE = 1.0


class NeedsConfirmation(ValidationError):
    """The action breaks a check (or touches more than one document): it needs a reason to go ahead."""

    def __init__(self, message: str, broken: list[str]):
        super().__init__(message)
        self.broken = broken


class BlankValue(ValidationError):
    """Accepting a blank reading by one key: a blank is recorded only when typed as `-`."""


def config_of(db: sqlite_utils.Database, cfg: Config | None = None) -> Config:
    """The configuration of the home whose database this is (unless given)."""
    if cfg is not None:
        return cfg
    path = db.execute("PRAGMA database_list").fetchone()[2]
    return Home(Path(path).parent).config()


def _needs_reason(broken: list[str], reason: str | None, what: str) -> str | None:
    """The reviewer's reason for keeping a value that breaks checks; NeedsConfirmation without one."""
    if not broken:
        return None
    text = " ".join((reason or "").split())
    if not text:
        raise NeedsConfirmation(f"{what} breaks {len(broken)} check(s): " + "; ".join(broken) +
                                ". Give a reason to keep it anyway (it is recorded).", broken)
    return text


def _settle(db: sqlite_utils.Database, cfg: Config, document_id: str, actor: str) -> str:
    """After any change: the problems found again, then the status."""
    recheck.recheck(db, cfg, document_id, actor=actor)
    return recompute_status(db, document_id, actor=actor)


def _shown(key: str, value: Any) -> Any:
    return mask_ssn(value) if split_key(key)[1] == "ssn" else value


def _reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError("Give a reason (--reason TEXT); it goes in the audit trail.")
    return text


def document(db: sqlite_utils.Database, document_id: str) -> dict:
    row = db.execute("SELECT * FROM documents WHERE document_id = ?", [document_id]).fetchone()
    if row is None:
        raise NotFound(f"No document {document_id} is recorded.")
    cols = [c[0] for c in db.execute("SELECT * FROM documents LIMIT 0").description]
    return dict(zip(cols, row))


def field(db: sqlite_utils.Database, document_id: str, key: str) -> dict:
    document(db, document_id)
    key = keys.canonical(key)
    rows = list(db.query("SELECT * FROM fields WHERE document_id = ? AND key = ?", [document_id, key]))
    if not rows:
        raise NotFound(f"Document {document_id} has no field {key}.")
    return rows[0]


def _value(row: dict) -> Any:
    return json.loads(row["value"]) if row["value"] is not None else None


def _confirm(db, cfg: Config, document_id: str, key: str, row: dict, actor: str, typed: bool,
             overridden: list[str], reason: str | None) -> dict:
    now = now_utc()
    update(db, "fields", {"document_id": document_id, "key": key},
           {"needs_review": 0, "origin": "review", "confidence": REVIEW_CONFIDENCE, "updated_at": now})
    audited = record_audit_outcome(db, document_id, key, "confirmed", actor, now)
    detail = {"key": key, "value": _shown(key, _value(row)), "confidence": row["confidence"],
              "origin": row["origin"], "typed": typed, "audit": audited}
    if overridden:
        detail.update(checks_broken=overridden, reason=reason)
    log_event(db, "field_accepted", actor=actor, document_id=document_id, detail=detail)
    status = _settle(db, cfg, document_id, actor)
    return {"document_id": document_id, "key": key, "action": "accepted", "status": status}


def accept_field(db: sqlite_utils.Database, document_id: str, key: str, actor: str, *,
                 reason: str | None = None, cfg: Config | None = None) -> dict:
    """The reviewer confirms the field's value as it stands (a blank is confirmed by typing `-`)."""
    cfg = config_of(db, cfg)
    with transaction(db):
        row = field(db, document_id, key)
        key = row["key"]
        assert_free(db, document_id, actor)
        if not row["needs_review"]:
            raise UsageError(f"{document_id} {key} is not waiting for review.")
        value = _value(row)
        if value is None and validate.kind_of(key) != "bool":
            raise BlankValue(f"The reading of {key} is blank: type - to record that the paper is blank there, "
                             "or type the value.")
        broken = checks.broken(db, cfg, document_id, key, value)
        reason = _needs_reason(broken, reason, f"{key} = {_shown(key, value)}")
        return _confirm(db, cfg, document_id, key, row, actor, False, broken, reason)


def correct_field(db: sqlite_utils.Database, document_id: str, key: str, text: str, actor: str, *,
                  only_if_pending: bool = False, reason: str | None = None, cfg: Config | None = None) -> dict:
    """Set the field to the typed value (checked first); typing the value it has confirms it."""
    key = keys.canonical(key)
    value = validate.parse(key, text)
    cfg = config_of(db, cfg)
    with transaction(db):
        row = field(db, document_id, key)
        assert_free(db, document_id, actor)
        if only_if_pending and not row["needs_review"]:
            raise UsageError(f"{document_id} {key} was already reviewed.")
        old = _value(row)
        if key == "holder_id" and value is not None:
            checks.known_holder(db, value)
        broken = checks.broken(db, cfg, document_id, key, value)
        if value == old and not row["needs_review"]:
            return {"document_id": document_id, "key": key, "action": "unchanged",
                    "status": document(db, document_id)["status"]}
        reason = _needs_reason(broken, reason, f"{key} = {_shown(key, value)}")
        if value == old:
            return _confirm(db, cfg, document_id, key, row, actor, True, broken, reason)
        now = now_utc()
        update(db, "fields", {"document_id": document_id, "key": key},
               {"value": json.dumps(value), "needs_review": 0, "origin": "review",
                "confidence": REVIEW_CONFIDENCE, "updated_at": now})
        if key == "holder_id":
            update(db, "documents", {"document_id": document_id},
                   {"holder_id": value, "holder_confidence": REVIEW_CONFIDENCE, "updated_at": now})
        audited = record_audit_outcome(db, document_id, key, "corrected", actor, now)
        detail = {"key": key, "old": _shown(key, old), "new": _shown(key, value),
                  "old_confidence": row["confidence"], "old_origin": row["origin"],
                  "reading_id": row["reading_id"], "typed": " ".join(text.split())
                  if split_key(key)[1] != "ssn" else mask_ssn(text), "audit": audited}
        if broken:
            detail.update(checks_broken=broken, reason=reason)
        log_event(db, "field_corrected", actor=actor, document_id=document_id, detail=detail)
        status = _settle(db, cfg, document_id, actor)
    return {"document_id": document_id, "key": key, "action": "corrected", "status": status}


def add_grant(db: sqlite_utils.Database, document_id: str, typed: dict[str, str], actor: str, *,
              reason: str | None = None, source: str = "form", cfg: Config | None = None) -> dict:
    """Add a grant row the reading missed; each value typed as for a correction (- or nothing: blank)."""
    cfg = config_of(db, cfg)
    unknown = sorted(set(typed) - set(GRANT_FIELDS))
    if unknown:
        raise ValidationError(f"A grant row has no field {unknown[0]!r} (its fields: {', '.join(GRANT_FIELDS)}).")
    values = {name: validate.parse(grant_key(0, name), typed[name]) if (typed.get(name) or "").strip() else None
              for name in GRANT_FIELDS}
    if all(v is None for v in values.values()):
        raise ValidationError("A grant row needs at least one value.")
    if source not in ("form", "additional_sheet"):
        raise ValidationError(f"{source!r} is not where a row comes from (form or additional_sheet).")
    with transaction(db):
        doc = document(db, document_id)
        assert_free(db, document_id, actor)
        if doc["document_type"] != "election_form":
            raise UsageError(f"Document {document_id} is a {doc['document_type']}; only an Election Form has grants.")
        idx = _next_row(db, document_id)
        rows = checks._rows(db, document_id)
        rows[idx] = values
        ledger = checks.load(db)
        holder = checks.holder_of(db, document_id, ledger)
        broken = [m for _, m in checks.grant_row(values, cfg, checks.ledger_grants(db, document_id, holder, rows)
                                                 .get(idx))]
        reason = _needs_reason(broken, reason, f"row {idx + 1}")
        now = now_utc()
        insert(db, "grants", {"document_id": document_id, "idx": idx, "source": source, "page": None})
        for name, value in values.items():
            insert(db, "fields", {"document_id": document_id, "key": grant_key(idx, name), "value": json.dumps(value)
                                  if value is not None else None, "confidence": REVIEW_CONFIDENCE,
                                  "needs_review": 0, "origin": "review", "updated_at": now})
        detail = {"row": idx, "source": source, "values": values}
        if broken:
            detail.update(checks_broken=broken, reason=reason)
        log_event(db, "grant_added", actor=actor, document_id=document_id, detail=detail)
        status = _settle(db, cfg, document_id, actor)
    return {"document_id": document_id, "row": idx, "action": "grant_added", "status": status}


def _next_row(db: sqlite_utils.Database, document_id: str) -> int:
    """A row number never used on the document (a removed row's readings keep theirs)."""
    used = [r[0] for r in db.execute("SELECT idx FROM grants WHERE document_id = ?", [document_id])]
    used += [split_key(r[0])[0] for r in db.execute(
        "SELECT DISTINCT key FROM readings WHERE document_id = ? AND key LIKE 'grants.%'", [document_id])]
    return max(used, default=-1) + 1


def remove_grant(db: sqlite_utils.Database, document_id: str, row: int, reason: str, actor: str, *,
                 cfg: Config | None = None) -> dict:
    """Remove a grant row that is not on the paper (a stray mark read as a row); its readings are kept."""
    reason = _reason(reason)
    cfg = config_of(db, cfg)
    with transaction(db):
        document(db, document_id)
        assert_free(db, document_id, actor)
        if not db.execute("SELECT 1 FROM grants WHERE document_id = ? AND idx = ?", [document_id, row]).fetchone():
            raise NotFound(f"Document {document_id} has no grant row grants.{row}.")
        old = checks._rows(db, document_id).get(row, {})
        like = f"grants.{row}.%"
        now = now_utc()
        db.execute("DELETE FROM fields WHERE document_id = ? AND key LIKE ?", [document_id, like])
        db.execute("DELETE FROM grants WHERE document_id = ? AND idx = ?", [document_id, row])
        db.execute("UPDATE audit_samples SET outcome = 'closed', decided_by = ?, decided_at = ? "
                   "WHERE document_id = ? AND key LIKE ? AND outcome IS NULL", [actor, now, document_id, like])
        log_event(db, "grant_removed", actor=actor, document_id=document_id,
                  detail={"row": row, "values": old, "reason": reason})
        status = _settle(db, cfg, document_id, actor)
    return {"document_id": document_id, "row": row, "action": "grant_removed", "status": status}


def release_claims(db: sqlite_utils.Database, actor: str) -> int:
    """Give back the documents the reviewer holds, so others can take them now."""
    n = release(db, actor)
    if n:
        with transaction(db):
            log_event(db, "review_released", actor=actor, detail={"claims": n})
    return n


def reject_document(db: sqlite_utils.Database, document_id: str, reason: str, actor: str) -> dict:
    """The reviewer rejects the whole document; its open fields leave the queue with it."""
    reason = _reason(reason)
    with transaction(db):
        doc = document(db, document_id)
        assert_free(db, document_id, actor)
        if db.execute("SELECT 1 FROM review_rejections WHERE document_id = ?", [document_id]).fetchone():
            raise UsageError(f"Document {document_id} was already rejected.")
        now = now_utc()
        insert(db, "review_rejections", {"document_id": document_id, "actor": actor, "reason": reason, "at": now})
        closed = [r["key"] for r in db.query(
            "SELECT key FROM fields WHERE document_id = ? AND needs_review = 1 ORDER BY key", [document_id])]
        db.execute("UPDATE fields SET needs_review = 0, updated_at = ? WHERE document_id = ? AND needs_review = 1",
                   [now, document_id])
        db.execute("UPDATE audit_samples SET outcome = 'closed', decided_by = ?, decided_at = ? "
                   "WHERE document_id = ? AND outcome IS NULL", [actor, now, document_id])
        db.execute("DELETE FROM review_claims WHERE document_id = ?", [document_id])
        log_event(db, "document_rejected", actor=actor, document_id=document_id,
                  detail={"reason": reason, "old_status": doc["status"], "closed_fields": closed})
        status = recompute_status(db, document_id, actor=actor)
    return {"document_id": document_id, "action": "rejected", "status": status, "closed_fields": closed}


def resolve_problem(db: sqlite_utils.Database, problem_id: int, reason: str, actor: str, *,
                    cfg: Config | None = None) -> dict:
    """The reviewer decides that a problem does not stand (or was cured) for this document."""
    reason = _reason(reason)
    cfg = config_of(db, cfg)
    with transaction(db):
        rows = list(db.query("SELECT * FROM problems WHERE id = ?", [problem_id]))
        if not rows:
            raise NotFound(f"No problem {problem_id} is recorded.")
        p = rows[0]
        assert_free(db, p["document_id"], actor)
        if p["resolved"]:
            raise UsageError(f"Problem {problem_id} ({p['code']}) is already resolved.")
        if p["code"] in recheck.BINDING and any(c == p["code"] for c, _ in recheck.found(db, cfg, p["document_id"])):
            raise UsageError(f"{p['code']} cannot be resolved by a reason while it stands: {p['message']}")
        update(db, "problems", {"id": problem_id}, {"resolved": 1, "resolved_by": actor})
        log_event(db, "problem_resolved", actor=actor, document_id=p["document_id"],
                  detail={"problem_id": problem_id, "code": p["code"], "message": p["message"], "reason": reason})
        status = _settle(db, cfg, p["document_id"], actor)
    return {"document_id": p["document_id"], "code": p["code"], "action": "resolved", "status": status}


def problem_id_for(db: sqlite_utils.Database, document_id: str, code: str) -> int:
    document(db, document_id)
    row = db.execute("SELECT id FROM problems WHERE document_id = ? AND code = ? AND resolved = 0 ORDER BY id",
                     [document_id, code]).fetchone()
    if row is None:
        raise NotFound(f"Document {document_id} has no open problem {code}.")
    return row[0]


def parse_received_at(text: str, zone) -> datetime:
    """An ISO time typed by a person; without an offset it is read in the Offer's time zone."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValidationError(f"{text!r} is not a date and time like 2003-03-31T16:45 "
                              "(optionally with an offset, -05:00).") from exc
    return value if value.tzinfo else value.replace(tzinfo=zone)


def set_received(db: sqlite_utils.Database, document_id: str, at: datetime, reason: str, actor: str,
                 deadline: datetime, zone) -> dict:
    """Record a receipt time given by hand (a hand-delivered form) and settle on_time again."""
    reason = _reason(reason)
    on_time = receipt.on_time(at, deadline)
    with transaction(db):
        doc = document(db, document_id)
        new_at = receipt.iso(at, zone)
        update(db, "documents", {"document_id": document_id},
               {"received_at": new_at, "received_at_source": "manual", "on_time": on_time,
                "deadline": receipt.iso(deadline, zone), "updated_at": now_utc()})
        log_event(db, "receipt_time_set", actor=actor, document_id=document_id,
                  detail={"old_received_at": doc["received_at"], "old_source": doc["received_at_source"],
                          "old_on_time": bool(doc["on_time"]), "received_at": new_at, "on_time": on_time,
                          "reason": reason})
        _late_problem(db, document_id, late=not on_time)
        status = _settle(db, config_of(db), document_id, actor)
    return {"document_id": document_id, "received_at": new_at, "on_time": on_time, "status": status}


def _late_problem(db: sqlite_utils.Database, document_id: str, *, late: bool) -> None:
    """Keep the `late` problem in step with on_time after a receipt time is set by hand."""
    open_late = db.execute("SELECT id FROM problems WHERE document_id = ? AND code = ? AND resolved = 0",
                           [document_id, LATE]).fetchall()
    if late and not open_late:
        insert(db, "problems", {"document_id": document_id, "code": LATE, "needs_decision": 0,
                                "message": "Received after the Offer's deadline.", "created_at": now_utc()})
    elif not late:
        db.execute("UPDATE problems SET resolved = 1 WHERE document_id = ? AND code = ? AND resolved = 0",
                   [document_id, LATE])


def waiver_scope(db: sqlite_utils.Database, code: str) -> list[str]:
    """The documents a waiver of `code` would touch (open problems of that code; `late`: late ones)."""
    code = code.strip()
    known = {r["code"] for r in db.query("SELECT DISTINCT code FROM problems")} | {LATE}
    if code not in known:
        raise ValidationError(f"No document has the problem {code!r}; known codes: {', '.join(sorted(known))}.")
    docs = [r["document_id"] for r in db.query(
        "SELECT DISTINCT document_id FROM problems WHERE code = ? AND resolved = 0", [code])]
    if code == LATE:
        docs += [r["document_id"] for r in db.query("SELECT document_id FROM documents WHERE on_time = 0")]
    return sorted(set(docs))


def waive(db: sqlite_utils.Database, code: str, reason: str, actor: str, *, confirm: bool = False,
          cfg: Config | None = None) -> dict:
    """Waive a condition for every document (Instruction 7); `late` waives a late receipt.

    A waiver that touches more than one document raises NeedsConfirmation listing them
    unless `confirm` says the reviewer has seen the list.
    """
    reason = _reason(reason)
    code = code.strip()
    cfg = config_of(db, cfg)
    scope = waiver_scope(db, code)
    if len(scope) > 1 and not confirm:
        raise NeedsConfirmation(f"Waiving {code} touches {len(scope)} documents: {', '.join(scope)}. "
                                "Confirm to waive it for all of them.", scope)
    with transaction(db):
        waiver_id = insert(db, "waivers", {"code": code, "reason": reason, "actor": actor, "at": now_utc()})
        docs = waiver_scope(db, code)
        log_event(db, "waiver_recorded", actor=actor,
                  detail={"waiver_id": waiver_id, "code": code, "reason": reason, "documents": docs})
        changed = {}
        for doc_id in docs:
            apply_waivers(db, doc_id, actor=actor)
            if code == LATE:
                log_event(db, "lateness_waived", actor=actor, document_id=doc_id,
                          detail={"waiver_id": waiver_id, "reason": reason})
            changed[doc_id] = _settle(db, cfg, doc_id, actor)
    return {"waiver_id": waiver_id, "code": code, "documents": changed}


def reveal_ssn(db: sqlite_utils.Database, document_id: str, actor: str, *, why: str = "review") -> str | None:
    """The unmasked SSN of a document; the look itself is logged."""
    row = field(db, document_id, "ssn")
    with transaction(db):
        log_event(db, "ssn_revealed", actor=actor, document_id=document_id, detail={"why": why})
    return _value(row)


def log_look(db: sqlite_utils.Database, document_id: str, actor: str, what: str) -> None:
    """Record that a reviewer looked at an image of the document (it may show the SSN)."""
    with transaction(db):
        log_event(db, "image_shown", actor=actor, document_id=document_id, detail={"what": what})

