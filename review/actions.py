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

from intake import holders, ledger, receipt
from intake.config import Config
from intake.db import insert, log_event, now_utc, transaction, update
from intake.decision import LATE, RECEIPT_TIME_DOUBT, apply_waivers, recompute_status
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
    if key == "holder_id":
        settle_holder_problems(db, document_id, _value(row), actor)
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
            settle_holder_problems(db, document_id, value, actor)
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
        db.execute("UPDATE problems SET resolved = 1 WHERE document_id = ? AND code = ? AND resolved = 0",
                   [document_id, RECEIPT_TIME_DOUBT])   # a person has set the time
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



# --- who sent it: the candidates, and a reviewer's pick -------------------------------------

def holder_candidates(db: sqlite_utils.Database, document_id: str, limit: int = 5) -> list[dict]:
    """The ledger holders ranked for the document by all its evidence as it stands now, best
    first: holder_id, name, score and the reasons (no SSN digits in them)."""
    document(db, document_id)
    led = ledger.load(db)
    if led is None:
        return []
    return [c.as_dict() for c in holders.rank(led, holders.Evidence.of_record(db, document_id))[:limit]]


def settle_holder_problems(db: sqlite_utils.Database, document_id: str, holder_id: str | None,
                           actor: str) -> list[str]:
    """Once a person has said who sent the document, its open unknown_holder and ambiguous_holder
    problems are resolved (inside the caller's transaction); returns their codes."""
    if holder_id is None:
        return []
    marks = ",".join("?" for _ in holders.HOLDER_PROBLEMS)
    rows = list(db.query(f"SELECT id, code, message FROM problems WHERE document_id = ? AND resolved = 0 "
                         f"AND code IN ({marks})", [document_id, *holders.HOLDER_PROBLEMS]))
    for p in rows:
        update(db, "problems", {"id": p["id"]}, {"resolved": 1})
        log_event(db, "problem_resolved", actor=actor, document_id=document_id,
                  detail={"problem_id": p["id"], "code": p["code"], "message": p["message"],
                          "reason": f"holder set to {holder_id} in review"})
    return [p["code"] for p in rows]


def assign_holder(db: sqlite_utils.Database, document_id: str, holder_id: str, actor: str, *,
                  reason: str = "picked from the candidates in review") -> dict:
    """The reviewer says who sent the document: a ledger holder, usually picked from the candidates.

    Sets the holder (`fields` and `documents`), resolves the document's holder problems and
    logs one `holder_assigned` event with the old and new holder, the pick's place among the
    candidates, its score and reasons.  The elections are computed from the records, so
    every standing the document touches follows at once.
    """
    reason = _reason(reason)
    holder_id = holder_id.strip()
    with transaction(db):
        document(db, document_id)
        assert_free(db, document_id, actor)
        if db.execute("SELECT 1 FROM holders WHERE holder_id = ?", [holder_id]).fetchone() is None:
            raise ValidationError(f"No holder {holder_id!r} in the option ledger.")
        ranked = holder_candidates(db, document_id, limit=10_000)
        place = next((i for i, c in enumerate(ranked, 1) if c["holder_id"] == holder_id), None)
        now = now_utc()
        row = db.execute("SELECT value, confidence, origin FROM fields WHERE document_id = ? AND key = 'holder_id'",
                         [document_id]).fetchone()
        old = json.loads(row[0]) if row and row[0] is not None else None
        values = {"value": json.dumps(holder_id), "needs_review": 0, "origin": "review",
                  "confidence": REVIEW_CONFIDENCE, "updated_at": now}
        if row is None:
            insert(db, "fields", {"document_id": document_id, "key": "holder_id", **values})
        else:
            update(db, "fields", {"document_id": document_id, "key": "holder_id"}, values)
        update(db, "documents", {"document_id": document_id},
               {"holder_id": holder_id, "holder_confidence": REVIEW_CONFIDENCE, "updated_at": now})
        resolved = settle_holder_problems(db, document_id, holder_id, actor)
        audited = record_audit_outcome(db, document_id, "holder_id", "confirmed" if old == holder_id else "corrected",
                                       actor, now)
        pick = ranked[place - 1] if place else {}
        log_event(db, "holder_assigned", actor=actor, document_id=document_id,
                  detail={"key": "holder_id", "old": old, "new": holder_id, "reason": reason,
                          "rank": place, "score": pick.get("score"), "reasons": pick.get("reasons", []),
                          "resolved": resolved, "audit": audited})
        status = recompute_status(db, document_id, actor=actor)
    return {"document_id": document_id, "holder_id": holder_id, "action": "holder_assigned", "rank": place,
            "status": status}


# --- what the document is: a reviewer's word on its type ------------------------------------

def set_document_type(db: sqlite_utils.Database, document_id: str, document_type: str, reason: str,
                      actor: str) -> dict:
    """The reviewer says what the document is (election_form, change_notice or other).

    The fields the new type has and the document lacks are added empty and sent to review
    (with `holder_id` when a ledger is loaded), the type problems are resolved, and one
    `document_type_set` event records the old and new type.  The elections read the type
    from the records, so every standing it touches follows at once.
    """
    from intake.elections import TYPE_PROBLEMS
    from intake.fieldspec import FIELDS_BY_TYPE
    reason = _reason(reason)
    document_type = document_type.strip().lower().replace("-", "_").replace(" ", "_")
    document_type = {"form": "election_form", "notice": "change_notice"}.get(document_type, document_type)
    if document_type not in FIELDS_BY_TYPE:
        raise ValidationError(f"{document_type!r} is not a document type; give one of {', '.join(FIELDS_BY_TYPE)}.")
    with transaction(db):
        doc = document(db, document_id)
        assert_free(db, document_id, actor)
        now = now_utc()
        have = {r["key"] for r in db.query("SELECT key FROM fields WHERE document_id = ?", [document_id])}
        keys = list(FIELDS_BY_TYPE[document_type])
        if document_type != "other" and ledger.load(db) is not None:
            keys.append("holder_id")
        added = [k for k in keys if k not in have]
        for key in added:
            insert(db, "fields", {"document_id": document_id, "key": key, "value": None, "confidence": 0.0,
                                  "needs_review": 1, "origin": "reading", "updated_at": now})
        update(db, "documents", {"document_id": document_id}, {"document_type": document_type, "updated_at": now})
        marks = ",".join("?" for _ in TYPE_PROBLEMS)
        resolved = [r["code"] for r in db.query(f"SELECT code FROM problems WHERE document_id = ? AND resolved = 0 "
                                                f"AND code IN ({marks})", [document_id, *TYPE_PROBLEMS])]
        db.execute(f"UPDATE problems SET resolved = 1 WHERE document_id = ? AND resolved = 0 AND code IN ({marks})",
                   [document_id, *TYPE_PROBLEMS])
        log_event(db, "document_type_set", actor=actor, document_id=document_id,
                  detail={"key": "document_type", "old": doc["document_type"], "new": document_type,
                          "reason": reason, "fields_added": added, "resolved": resolved})
        status = recompute_status(db, document_id, actor=actor)
    return {"document_id": document_id, "document_type": document_type, "fields_added": added, "status": status}


# --- undo: a later event reverses a rejection, a waiver or a resolution (issue 16) -----------

UNDOABLE = ("document_rejected", "waiver_recorded", "problem_resolved")


def _event(db: sqlite_utils.Database, event_id: int) -> dict:
    rows = list(db.query("SELECT * FROM events WHERE id = ?", [event_id]))
    if not rows:
        raise NotFound(f"No event {event_id} is recorded.")
    return {**rows[0], "detail": json.loads(rows[0]["detail"] or "{}")}


def undo(db: sqlite_utils.Database, event_id: int, reason: str, actor: str) -> dict:
    """Reverse a reviewer's rejection, a waiver or a problem's resolution by a later event.

    Nothing is deleted from the audit trail: the event undone stays, and a new one
    (`rejection_undone`, `waiver_revoked`, `problem_reopened`) says who undid it, when and
    why.  A rejection undone moves from `review_rejections` (the ones in force) to
    `review_rejections_undone`, and the fields it closed without review go back to the
    queue; a waiver is marked revoked and the problems it resolved open again (unless
    another waiver of the same code stands); a resolved problem opens again.
    """
    reason = _reason(reason)
    with transaction(db):
        ev = _event(db, event_id)
        if ev["kind"] == "document_rejected":
            return _undo_rejection(db, ev, reason, actor)
        if ev["kind"] == "waiver_recorded":
            return _undo_waiver(db, ev, reason, actor)
        if ev["kind"] == "problem_resolved":
            return _undo_resolution(db, ev, reason, actor)
        raise UsageError(f"Event {event_id} is a {ev['kind']}; only a rejection, a waiver or a problem's "
                         "resolution can be undone.")


def _undo_rejection(db: sqlite_utils.Database, ev: dict, reason: str, actor: str) -> dict:
    doc_id = ev["document_id"]
    rows = list(db.query("SELECT * FROM review_rejections WHERE document_id = ?", [doc_id]))
    latest = db.execute("SELECT max(id) FROM events WHERE document_id = ? AND kind = 'document_rejected'",
                        [doc_id]).fetchone()[0]
    if not rows or latest != ev["id"]:
        raise UsageError(f"The rejection of event {ev['id']} is no longer in force (already undone).")
    assert_free(db, doc_id, actor)
    rej, now = rows[0], now_utc()
    reviewed_since = {json.loads(r["detail"] or "{}").get("key") for r in db.query(
        "SELECT detail FROM events WHERE document_id = ? AND id > ? AND kind IN ('field_accepted', 'field_corrected')",
        [doc_id, ev["id"]])}
    reopened = []
    for key in ev["detail"].get("closed_fields", []):
        if key in reviewed_since:
            continue
        if update(db, "fields", {"document_id": doc_id, "key": key, "needs_review": 0},
                  {"needs_review": 1, "updated_at": now}):
            reopened.append(key)
            db.execute("UPDATE audit_samples SET outcome = NULL, decided_by = NULL, decided_at = NULL "
                       "WHERE document_id = ? AND key = ? AND outcome = 'closed'", [doc_id, key])
    event_id = log_event(db, "rejection_undone", actor=actor, document_id=doc_id,
                         detail={"undoes": ev["id"], "reason": reason, "reopened_fields": reopened,
                                 "rejection": {"actor": rej["actor"], "reason": rej["reason"], "at": rej["at"]}})
    insert(db, "review_rejections_undone", {**{k: rej[k] for k in ("document_id", "actor", "reason", "at")},
                                            "undone_by": actor, "undone_at": now, "undo_reason": reason,
                                            "undo_event_id": event_id})
    db.execute("DELETE FROM review_rejections WHERE document_id = ?", [doc_id])
    status = recompute_status(db, doc_id, actor=actor)
    return {"event_id": event_id, "undoes": ev["id"], "action": "rejection_undone", "document_id": doc_id,
            "status": status, "reopened_fields": reopened}


def _reopen_problem(db: sqlite_utils.Database, problem: dict, undoes: int, reason: str, actor: str) -> int:
    update(db, "problems", {"id": problem["id"]}, {"resolved": 0})
    return log_event(db, "problem_reopened", actor=actor, document_id=problem["document_id"],
              detail={"problem_id": problem["id"], "code": problem["code"], "undoes": undoes, "reason": reason})


def _undo_waiver(db: sqlite_utils.Database, ev: dict, reason: str, actor: str) -> dict:
    waiver_id = ev["detail"].get("waiver_id")
    rows = list(db.query("SELECT * FROM waivers WHERE id = ?", [waiver_id]))
    if not rows or rows[0]["revoked_at"] is not None:
        raise UsageError(f"The waiver of event {ev['id']} is no longer in force (already revoked).")
    code, now = rows[0]["code"], now_utc()
    update(db, "waivers", {"id": waiver_id}, {"revoked_at": now, "revoked_by": actor, "revoke_reason": reason})
    still_waived = db.execute("SELECT 1 FROM waivers WHERE code = ? AND revoked_at IS NULL", [code]).fetchone()
    waived = [json.loads(r["detail"] or "{}").get("problem_id") for r in db.query(
        "SELECT detail FROM events WHERE kind = 'problem_waived' AND id > ?", [ev["id"]])
        if json.loads(r["detail"] or "{}").get("waiver_id") == waiver_id]
    docs = set(ev["detail"].get("documents", []))
    if not still_waived:
        for pid in waived:
            problem = next(iter(db.query("SELECT * FROM problems WHERE id = ? AND resolved = 1", [pid])), None)
            if problem is not None:
                _reopen_problem(db, problem, ev["id"], reason, actor)
                docs.add(problem["document_id"])
    if code == LATE:
        docs |= {r["document_id"] for r in db.query("SELECT document_id FROM documents WHERE on_time = 0")}
    event_id = log_event(db, "waiver_revoked", actor=actor,
                         detail={"undoes": ev["id"], "waiver_id": waiver_id, "code": code, "reason": reason,
                                 "documents": sorted(docs)})
    changed = {doc_id: recompute_status(db, doc_id, actor=actor) for doc_id in sorted(docs)}
    return {"event_id": event_id, "undoes": ev["id"], "action": "waiver_revoked", "code": code,
            "documents": changed}


def _undo_resolution(db: sqlite_utils.Database, ev: dict, reason: str, actor: str) -> dict:
    pid = ev["detail"].get("problem_id")
    problem = next(iter(db.query("SELECT * FROM problems WHERE id = ?", [pid])), None)
    if problem is None or not problem["resolved"]:
        raise UsageError(f"The problem resolved by event {ev['id']} is open already.")
    assert_free(db, problem["document_id"], actor)
    event_id = _reopen_problem(db, problem, ev["id"], reason, actor)
    status = recompute_status(db, problem["document_id"], actor=actor)
    return {"event_id": event_id, "undoes": ev["id"], "action": "problem_reopened", "document_id": problem["document_id"],
            "code": problem["code"], "status": status}


def undoable(db: sqlite_utils.Database) -> list[dict]:
    """The rejections, waivers and resolutions in force, each with the event that made it."""
    out = []
    for r in db.query("SELECT max(e.id) AS id, e.at, e.actor, e.document_id, j.reason FROM review_rejections j "
                      "JOIN events e ON e.document_id = j.document_id AND e.kind = 'document_rejected' "
                      "GROUP BY j.document_id ORDER BY id"):
        out.append({"event_id": r["id"], "kind": "rejection", "at": r["at"], "by": r["actor"],
                    "what": r["document_id"], "reason": r["reason"]})
    active = {w["id"]: w for w in db.query("SELECT * FROM waivers WHERE revoked_at IS NULL")}
    for e in db.query("SELECT id, at, actor, detail FROM events WHERE kind = 'waiver_recorded' ORDER BY id"):
        d = json.loads(e["detail"] or "{}")
        if d.get("waiver_id") in active:
            out.append({"event_id": e["id"], "kind": "waiver", "at": e["at"], "by": e["actor"],
                        "what": d.get("code"), "reason": d.get("reason")})
    last: dict = {}
    for e in db.query("SELECT id, at, actor, document_id, detail FROM events WHERE kind = 'problem_resolved' "
                      "ORDER BY id"):
        last[json.loads(e["detail"] or "{}").get("problem_id")] = e
    for e in last.values():
        d = json.loads(e["detail"] or "{}")
        if db.execute("SELECT 1 FROM problems WHERE id = ? AND resolved = 1", [d.get("problem_id")]).fetchone():
            out.append({"event_id": e["id"], "kind": "resolution", "at": e["at"], "by": e["actor"],
                        "what": f"{e['document_id']} {d.get('code')}", "reason": d.get("reason")})
    return sorted(out, key=lambda r: r["event_id"])


def log_look(db: sqlite_utils.Database, document_id: str, actor: str, what: str) -> None:
    """Record that a reviewer looked at an image of the document (it may show the SSN)."""
    with transaction(db):
        log_event(db, "image_shown", actor=actor, document_id=document_id, detail={"what": what})

