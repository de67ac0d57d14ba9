"""The contract's JSON for a document, always built from the database.

Because it is read back from the records, a reviewer's correction shows in every
later output, and the JSON of `process` is the same as that of any later look.
"""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from .fieldspec import FIELDS_BY_TYPE, GRANT_FIELDS, grant_key
from .privacy import mask_ssn
from .receipt import iso


def _field(row: dict | None, *, mask: bool = False) -> dict:
    if row is None:
        return {"value": None, "confidence": 0.0, "needs_review": True}
    value = json.loads(row["value"]) if row["value"] is not None else None
    if mask:
        value = mask_ssn(value)
    return {"value": value, "confidence": round(float(row["confidence"]), 3),
            "needs_review": bool(row["needs_review"])}


def document_json(db: sqlite_utils.Database, document_id: str, zone: ZoneInfo, *,
                  show_pii: bool = False) -> dict:
    doc = db["documents"].get(document_id)
    fields = {r["key"]: r for r in db.query("SELECT * FROM fields WHERE document_id = ?", [document_id])}
    sha = doc["sha256"]
    out = {
        "document_id": document_id,
        "sha256": sha,
        "source_name": doc["source_name"],
        "pages": json.loads(doc["pages"]),
        "document_type": doc["document_type"],
        "received_at": iso(datetime.fromisoformat(doc["received_at"]), zone),
        "received_at_source": doc["received_at_source"],
        "deadline": iso(datetime.fromisoformat(doc["deadline"]), zone),
        "on_time": bool(doc["on_time"]),
        "status": doc["status"],
        "holder_id": _field(fields.get("holder_id")) if "holder_id" in fields else
        {"value": None, "confidence": 0.0, "needs_review": False},
        "fields": {name: _field(fields.get(name), mask=(name == "ssn" and not show_pii))
                   for name in FIELDS_BY_TYPE[doc["document_type"]]},
        "grants": [],
        "problems": [{"code": p["code"], "message": p["message"]} for p in db.query(
            "SELECT code, message FROM problems WHERE document_id = ? AND resolved = 0 ORDER BY id",
            [document_id])],
    }
    for g in db.query("SELECT * FROM grants WHERE document_id = ? ORDER BY idx", [document_id]):
        row = {name: _field(fields.get(grant_key(g["idx"], name))) for name in GRANT_FIELDS}
        row["source"] = g["source"]
        out["grants"].append(row)
    if doc.get("sender"):
        out["sender"] = doc["sender"]
    return out


def documents_of_receipt(db: sqlite_utils.Database, receipt_id: int) -> list[str]:
    """The documents a receipt delivered (a duplicate receipt delivers its first copy's)."""
    rec = db["receipts"].get(receipt_id)
    first = rec["duplicate_of"] or receipt_id
    return [r["document_id"] for r in db.query(
        "SELECT document_id FROM documents WHERE receipt_id = ? ORDER BY document_id", [first])]
