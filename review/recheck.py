"""Problems found again after every reviewer's action, so none stands after its cause is fixed.

The problems that follow from a document's values are worked out afresh from its
current values (the reviewers' corrections included) after each action:

  tender_box_unmarked, missing_signature, signed_outside_offer   the Offer's rules (`intake.rules`)
  additional_sheet_missing   the box says a sheet is attached; no sheet came
  unknown_holder             no holder is set (with a ledger loaded); ambiguous_holder closes
                             when a reviewer sets the holder
  tender_without_grants      the tender box is marked and no grant row is left
  ledger_mismatch, tender_exceeds_available, unmatched_grant   each row against the ledger

An open problem whose cause is gone is closed (`resolved_by = 'recheck'`, an event says
so); a cause that appears is opened as a new problem, unless a reviewer already decided
that same problem.  A problem about a field still waiting for review is not opened
(the reviewer is about to settle it) but is closed when its cause is gone.
`tender_without_grants` cannot be resolved by a reason: add the rows, correct the box or
reject the document (a form must not say `accepted` with nothing it tenders).
"""
from __future__ import annotations

import json

import sqlite_utils

from intake import match, rules
from intake.assemble import TENDER_WITHOUT_GRANTS
from intake.config import Config
from intake.db import insert, log_event, now_utc
from intake.ledger import GRANT_LOCATION, _fmt, load

from . import checks

RECHECK = "recheck"
# Codes whose problems cannot be waved away with a reason while their cause stands.
BINDING = (TENDER_WITHOUT_GRANTS,)
PER_ROW = ("ledger_mismatch", "tender_exceeds_available", "unmatched_grant")
DERIVED = ("tender_box_unmarked", "missing_signature", "signed_outside_offer", "additional_sheet_missing",
           "unknown_holder", TENDER_WITHOUT_GRANTS) + PER_ROW
NEEDS_DECISION = {"signed_outside_offer": False, "ledger_mismatch": False}
# The fields whose review settles each code's cause ("grants" stands for any grant field).
CONCERNS = {"tender_box_unmarked": ("tender_elected",), "missing_signature": ("signature_present",),
            "signed_outside_offer": ("signed_at",), "additional_sheet_missing": ("additional_sheet_attached",),
            "unknown_holder": ("holder_id",),
            TENDER_WITHOUT_GRANTS: ("tender_elected",)}


def found(db: sqlite_utils.Database, cfg: Config, document_id: str) -> list[tuple[str, str]]:
    """The derived problems the document's current values give: (code, message)."""
    doc = db.execute("SELECT document_type, pages, sha256 FROM documents WHERE document_id = ?",
                     [document_id]).fetchone()
    doc_type, pages, sha = doc
    f = checks.facts(db, document_id)
    out = [(p.code, p.message) for p in rules.check(f, cfg) if p.code != "late"]
    if doc_type != "election_form":
        return out
    box = f.fields.get("additional_sheet_attached")
    if box is True and not _has_sheet(db, document_id, sha, json.loads(pages)):
        out.append(("additional_sheet_missing",
                    "The form says an additional sheet is attached, but none was found with it."))
    rows = checks._rows(db, document_id)
    if f.fields.get("tender_elected") is True and not rows:
        out.append((TENDER_WITHOUT_GRANTS, "The tender box is marked but no grant row is listed: "
                    "add the rows from the page, correct the box, or reject the document."))
    ledger = load(db)
    if ledger is None:
        return out
    holder = checks.holder_of(db, document_id, ledger)
    if holder is None:
        out.append(("unknown_holder", "no holder in the option ledger is set for this document"))
        return out
    order = sorted(rows)
    matches = match.match_rows([rows[i] for i in order], holder.grants) if holder.grants else \
        [match.RowMatch(None, 0.0, {}, "the holder has no grants in the ledger") for _ in order]
    by_number = {g["grant_number"]: g for g in holder.grants}
    for i, m in zip(order, matches):
        where, row = GRANT_LOCATION.format(n=i + 1), rows[i]
        if m.grant_number is None:
            out.append(("unmatched_grant", f"{where} matches none of {holder.holder_id}'s grants "
                        f"in the option ledger ({m.why})"))
            continue
        g = by_number[m.grant_number]
        for name in match.FACTS:
            if match.compare(name, row.get(name), g[name]) == match.DIFFER:
                out.append(("ledger_mismatch", f"{where}: {name.replace('_', ' ')} reads {_fmt(name, row.get(name))} "
                            f"but the ledger's grant {g['grant_number']} has {_fmt(name, g[name])}"))
        available = g["shares_granted"] - g["shares_exercised"]
        if row.get("shares_tendered") is not None and row["shares_tendered"] > available:
            out.append(("tender_exceeds_available", f"{where} tenders {row['shares_tendered']:,} shares of grant "
                        f"{g['grant_number']}, which has only {available:,} unexercised"))
    return out


def _has_sheet(db, document_id: str, sha: str, pages: list[int]) -> bool:
    if db.execute("SELECT 1 FROM grants WHERE document_id = ? AND source = 'additional_sheet'",
                  [document_id]).fetchone():
        return True
    marks = ",".join("?" for _ in pages) or "NULL"
    return db.execute(f"SELECT 1 FROM pages WHERE sha256 = ? AND page_no IN ({marks}) AND kind = 'additional_sheet'",
                      [sha, *pages]).fetchone() is not None


def _holder_set_by_reviewer(db, document_id: str) -> bool:
    row = db.execute("SELECT value, origin FROM fields WHERE document_id = ? AND key = 'holder_id'",
                     [document_id]).fetchone()
    return row is not None and row[0] is not None and json.loads(row[0]) is not None and row[1] == "review"


def _pending(db, document_id: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT key FROM fields WHERE document_id = ? AND needs_review = 1",
                                     [document_id])}


def _waits_for_review(code: str, message: str, pending: set[str]) -> bool:
    if code in PER_ROW:
        row = message.split(" ", 2)[1].rstrip(":")
        return any(k.startswith(f"grants.{int(row) - 1}.") for k in pending) if row.isdigit() else False
    return any(k in pending for k in CONCERNS.get(code, ()))


def recheck(db: sqlite_utils.Database, cfg: Config, document_id: str, *, actor: str) -> dict:
    """Close the derived problems whose cause is gone and open those that appeared.

    Runs inside the caller's transaction; returns {"closed": [...], "opened": [...]} codes.
    """
    now_found = found(db, cfg, document_id)
    pending = _pending(db, document_id)
    stored = list(db.query("SELECT id, code, message, resolved, resolved_by FROM problems "
                           f"WHERE document_id = ? AND code IN ({','.join('?' for _ in DERIVED)})",
                           [document_id, *DERIVED]))

    def same(p, code, message) -> bool:
        return p["code"] == code and (code not in PER_ROW or p["message"] == message)

    closed, opened = [], []
    for p in stored:
        if not p["resolved"] and not any(same(p, c, m) for c, m in now_found):
            db.execute("UPDATE problems SET resolved = 1, resolved_by = ? WHERE id = ?", [RECHECK, p["id"]])
            log_event(db, "problem_cleared", actor=actor, document_id=document_id,
                      detail={"problem_id": p["id"], "code": p["code"], "message": p["message"],
                              "why": "its cause is gone after the reviewer's change"})
            closed.append(p["code"])
    if _holder_set_by_reviewer(db, document_id):
        for p in db.query("SELECT id, code, message FROM problems WHERE document_id = ? AND code = 'ambiguous_holder' "
                          "AND resolved = 0", [document_id]):
            db.execute("UPDATE problems SET resolved = 1, resolved_by = ? WHERE id = ?", [RECHECK, p["id"]])
            log_event(db, "problem_cleared", actor=actor, document_id=document_id,
                      detail={"problem_id": p["id"], "code": p["code"], "message": p["message"],
                              "why": "a reviewer set the holder"})
            closed.append(p["code"])
    for code, message in now_found:
        mine = [p for p in stored if same(p, code, message)]
        if any(not p["resolved"] or p["resolved_by"] != RECHECK for p in mine):
            continue          # open already, or decided by a reviewer (or waived)
        if _waits_for_review(code, message, pending):
            continue
        reopen = next((p for p in mine if p["resolved_by"] == RECHECK), None)
        if reopen is not None:
            db.execute("UPDATE problems SET resolved = 0, resolved_by = NULL, message = ? WHERE id = ?",
                       [message, reopen["id"]])
            pid = reopen["id"]
        else:
            pid = insert(db, "problems", {"document_id": document_id, "code": code, "message": message,
                                          "needs_decision": NEEDS_DECISION.get(code, True), "created_at": now_utc()})
        log_event(db, "problem_found", actor=actor, document_id=document_id,
                  detail={"problem_id": pid, "code": code, "message": message, "why": "found again after a change"})
        opened.append(code)
    return {"closed": closed, "opened": opened}
