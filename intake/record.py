"""Writing a decided document into the database: fields, readings, grants, problems, events.

Runs inside the caller's transaction.
"""
from __future__ import annotations

import sqlite_utils

from .db import insert, log_event, now_utc, to_json
from .fieldspec import grant_key
from .home import Home
from .model import Document, Reading


def _reading_row(doc_id: str, key: str, r: Reading) -> dict:
    return {"document_id": doc_id, "key": key, "value": to_json(r.value),
            "confidence": float(r.confidence), "engine": r.engine, "raw_text": r.raw,
            "page": r.page, "bbox": [int(v) for v in r.bbox] if r.bbox else None,
            "evidence": r.evidence, "created_at": now_utc()}


def _field_row(doc_id: str, key: str, r: Reading, reading_id: int) -> dict:
    return {"document_id": doc_id, "key": key, "value": to_json(r.value),
            "confidence": float(r.confidence), "needs_review": bool(r.needs_review),
            "origin": r.origin, "page": r.page, "bbox": [int(v) for v in r.bbox] if r.bbox else None,
            "crop_path": r.crop_path, "reading_id": reading_id, "updated_at": now_utc()}


def all_readings(doc: Document) -> list[tuple[str, Reading]]:
    items = list(doc.fields.items())
    for i, row in enumerate(doc.grants):
        items += [(grant_key(i, name), r) for name, r in row.items()]
    if doc.holder is not None:
        items.append(("holder_id", doc.holder))
    return items


def store(db: sqlite_utils.Database, home: Home | None, doc: Document, *, actor: str | None = None) -> str:
    """Insert a new document; if it is already recorded (same content), leave it as it stands."""
    doc_id = doc.document_id
    if db.execute("SELECT 1 FROM documents WHERE document_id = ?", [doc_id]).fetchone():
        return doc_id
    now = now_utc()
    insert(db, "documents", {
        "document_id": doc_id, "sha256": doc.sha256, "receipt_id": doc.receipt_id,
        "source_name": doc.source_name, "pages": doc.pages, "document_type": doc.document_type,
        "received_at": doc.received_at, "received_at_source": doc.received_at_source,
        "deadline": doc.deadline, "on_time": doc.on_time, "status": doc.status,
        "holder_id": doc.holder.value if doc.holder else None,
        "holder_confidence": doc.holder.confidence if doc.holder else None,
        "sender": doc.sender, "created_at": now, "updated_at": now,
    })
    for i, source in enumerate(doc.grant_sources):
        page = next((r.page for r in doc.grants[i].values() if r.page), None)
        insert(db, "grants", {"document_id": doc_id, "idx": i, "source": source, "page": page})
    for key, r in all_readings(doc):
        rid = insert(db, "readings", _reading_row(doc_id, key, r))
        insert(db, "fields", _field_row(doc_id, key, r, rid))
    for p in doc.problems:
        insert(db, "problems", {"document_id": doc_id, "code": p.code, "message": p.message,
                                "needs_decision": p.needs_decision, "created_at": now})
    log_event(db, "document_recorded", actor=actor, document_id=doc_id, receipt_id=doc.receipt_id,
              detail={"document_type": doc.document_type, "pages": doc.pages, "status": doc.status,
                      "on_time": doc.on_time, "to_review": sorted(k for k, r in all_readings(doc) if r.needs_review),
                      "problems": [p.code for p in doc.problems]})
    return doc_id


def store_pages(db: sqlite_utils.Database, sha: str, results) -> None:
    for r in results:
        insert(db, "pages", {"sha256": sha, "page_no": r.number, "kind": r.kind, "width": r.width,
                             "height": r.height, "dpi": r.dpi, "rotation": r.rotation, "skew": r.skew,
                             "header_text": r.header_text}, replace=True)
