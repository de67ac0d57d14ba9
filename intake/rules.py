"""The Offer's rules, from the Election Form's text, as functions of a document's facts.

Each rule looks at what a document says (its current values: as read, or as a
reviewer corrected them) and returns the problems it finds, each with a code and
a plain message.  The same rules run when a document is read (`intake.ledger`)
and when the elections are computed from the records (`intake.elections`).

  tender_box_unmarked  grants are listed but the "Yes, I wish to tender" box is not marked
  missing_signature    the form or notice is not signed (Instruction 1: "executed")
  late                 received after the deadline (Instruction 1, "Expiration Date")
  signed_outside_offer the date signed is before the Offer began or after it was received

`missing_pages` (a form page missing from the fax) is found where pages are put
together (`intake.assemble`); the elections count it as a defect like the others.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from .config import Config
from .model import Document, Problem

# The codes whose problem makes a tender defective until cured or waived (Instruction 7).
DEFECTS = ("tender_box_unmarked", "missing_signature", "missing_pages", "signed_outside_offer",
           "tender_exceeds_available")


def problem(code: str, message: str, needs_decision: bool = True) -> Problem:
    return Problem(code, message, needs_decision)


@dataclass
class Facts:
    """What one document says, as plain values."""
    document_type: str
    on_time: bool
    received_at: str                       # ISO, aware
    fields: dict = field(default_factory=dict)
    grants: list[dict] = field(default_factory=list)

    @classmethod
    def of_document(cls, doc: Document) -> "Facts":
        return cls(doc.document_type, doc.on_time, doc.received_at,
                   {k: r.value for k, r in doc.fields.items()},
                   [{k: r.value for k, r in row.items()} for row in doc.grants])

    @classmethod
    def of_record(cls, db: sqlite_utils.Database, document_id: str) -> "Facts":
        """The document's current values: reviewers' corrections included."""
        doc = db["documents"].get(document_id)
        fields, grants = {}, {}
        for r in db.query("SELECT key, value FROM fields WHERE document_id = ?", [document_id]):
            value = json.loads(r["value"]) if r["value"] is not None else None
            if r["key"].startswith("grants."):
                _, idx, name = r["key"].split(".", 2)
                grants.setdefault(int(idx), {})[name] = value
            else:
                fields[r["key"]] = value
        return cls(doc["document_type"], bool(doc["on_time"]), doc["received_at"], fields,
                   [grants[i] for i in sorted(grants)])


def tender_box(f: Facts, cfg: Config) -> list[Problem]:
    if f.document_type == "election_form" and f.grants and f.fields.get("tender_elected") is False:
        return [problem("tender_box_unmarked", f"{len(f.grants)} grant(s) are listed but the box "
                        "\"Yes, I wish to tender\" is not marked")]
    return []


def signature(f: Facts, cfg: Config) -> list[Problem]:
    if f.document_type in ("election_form", "change_notice") and f.fields.get("signature_present") is False:
        what = "form" if f.document_type == "election_form" else "notice"
        return [problem("missing_signature", f"no signature found on the {what}")]
    return []


def deadline(f: Facts, cfg: Config) -> list[Problem]:
    if f.on_time:
        return []
    zone = cfg.offer.timezone
    got = datetime.fromisoformat(f.received_at).astimezone(zone)
    return [problem("late", f"received {got:%Y-%m-%d %H:%M}, after the deadline "
                    f"{cfg.offer.deadline:%Y-%m-%d %H:%M} {zone.key}", needs_decision=False)]


def signing_date(f: Facts, cfg: Config) -> list[Problem]:
    signed = f.fields.get("signed_at")
    if f.document_type not in ("election_form", "change_notice") or not signed:
        return []
    received = datetime.fromisoformat(f.received_at).astimezone(cfg.offer.timezone)
    start = cfg.offer.commencement.isoformat()
    if signed[:10] < start:
        return [problem("signed_outside_offer", f"dated {signed}, before the Offer began on {start}",
                        needs_decision=False)]
    received_text = received.strftime("%Y-%m-%dT%H:%M" if "T" in signed else "%Y-%m-%d")
    if signed > received_text:
        return [problem("signed_outside_offer", f"dated {signed}, after it was received "
                        f"({received:%Y-%m-%d %H:%M})", needs_decision=False)]
    return []


RULES = (tender_box, signature, deadline, signing_date)


def check(f: Facts, cfg: Config) -> list[Problem]:
    """Every broken rule of the Offer, in the order above."""
    return [p for rule in RULES for p in rule(f, cfg)]


def at_reading(doc: Document, cfg: Config) -> list[Problem]:
    """The rules to apply as a document is read, on readings clear enough to act on.

    `intake.checks.decide` already adds `missing_signature` and `late` and sends a signing
    date outside the Offer to review; the tender box is checked here.
    """
    box = doc.fields.get("tender_elected")
    if box is None or box.confidence < cfg.reading.review_threshold:
        return []
    return tender_box(Facts.of_document(doc), cfg)
