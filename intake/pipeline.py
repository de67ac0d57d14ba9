"""The story of a document: arrival, pages, readings, fields, checks, decisions, records.

`process_receipt` takes one recorded arrival to its documents in the database.
Page work (decoding, orientation, OCR, field readings) runs in worker processes
and returns plain data; everything that touches the database runs here.
"""
from __future__ import annotations

import logging
import random
import shutil
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from ocr import pages as ocr_pages
from ocr.errors import LimitExceeded, OcrError, ToolMissing

from . import assemble, checks, decision, ledger, record
from .config import Config
from .db import log_event, now_utc, transaction, update
from .errors import BadInput, ToolError
from .home import Home
from .reading.page import PageResult, PageTask, analyze_page
from .results import documents_of_receipt

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    receipt_id: int
    source_name: str
    document_ids: list[str]
    error: str | None = None
    error_code: str | None = None
    duplicate: bool = False


def limits_of(cfg: Config) -> ocr_pages.Limits:
    return ocr_pages.Limits(cfg.limits.max_bytes, cfg.limits.max_pages, cfg.limits.max_pixels)


def process_receipt(home: Home, db: sqlite_utils.Database, cfg: Config, receipt_id: int,
                    executor: Executor | None = None, *, actor: str | None = None,
                    rng: random.Random | None = None) -> Outcome:
    """Read one arrival and record its documents; a bad file is quarantined with its reason.

    `rng` draws the audit sample (a seeded one makes the draw repeatable).
    """
    rec = db["receipts"].get(receipt_id)
    if rec["state"] in ("done", "quarantined", "duplicate"):
        # Already read (a second hand-out, or a resend of the call): the same outcome, no work.
        return Outcome(receipt_id, rec["source_name"], documents_of_receipt(db, receipt_id),
                       error=rec["error"] if rec["state"] == "quarantined" else None,
                       error_code=rec["error_code"] if rec["state"] == "quarantined" else None,
                       duplicate=rec["state"] == "duplicate")
    if rec["duplicate_of"]:
        return _duplicate(db, rec, actor)
    stored = Path(db["originals"].get(rec["sha256"])["stored_path"])
    with transaction(db):
        db.execute("UPDATE receipts SET state = 'processing', attempts = attempts + 1 WHERE id = ?",
                   [receipt_id])
    try:
        info = _inspect(stored, cfg, rec["source_name"])
        results = _read_pages(stored, info.page_count, cfg, executor, home.crops / rec["sha256"])
        if results and all(r.error for r in results):
            raise BadInput(f"{rec['source_name']}: no page could be read ({results[0].error}).", "unreadable")
    except BadInput as exc:
        return _quarantine(home, db, rec, stored, exc, actor)
    documents = assemble.documents(results, rec, cfg)
    roster = ledger.load(db)   # the option ledger (None when no roster is loaded)
    for doc in documents:
        ledger.annotate(db, cfg, doc, roster)
    decided = [checks.decide(doc, cfg) for doc in documents]
    with transaction(db):
        if info.page_count and info.kind:
            db.execute("UPDATE originals SET kind = ?, page_count = ? WHERE sha256 = ?",
                       [info.kind, info.page_count, rec["sha256"]])
        ids = [record.store(db, home, doc, actor=actor) for doc in decided]
        for doc_id in ids:  # waivers already granted, audit sampling, then the status
            decision.settle(db, doc_id, audit_rate=cfg.review.audit_sample_rate, rng=rng, actor=actor)
        record.store_pages(db, rec["sha256"], results)
        update(db, "receipts", {"id": receipt_id}, {"state": "done", "finished_at": now_utc()})
        log_event(db, "processed", actor=actor, receipt_id=receipt_id,
                  detail={"documents": ids, "pages": info.page_count})
    return Outcome(receipt_id, rec["source_name"], ids)


def _inspect(stored: Path, cfg: Config, name: str) -> ocr_pages.FileInfo:
    try:
        return ocr_pages.inspect(stored, limits_of(cfg))
    except LimitExceeded as exc:
        raise BadInput(_renamed(exc, stored, name), "too_large") from exc
    except OcrError as exc:
        raise BadInput(_renamed(exc, stored, name), "unreadable") from exc


def _renamed(exc: OcrError, stored: Path, name: str) -> str:
    """The error's message naming the file as it arrived, not as it is stored (by its hash)."""
    text = str(exc).replace(str(stored), name).replace(stored.name, name)
    return text if name in text else f"{name}: {text}"


def _page_tasks(stored: Path, count: int, cfg: Config, crop_dir: Path) -> list[PageTask]:
    return [PageTask(str(stored), n, limits_of(cfg), cfg.reading.tesseract_timeout, str(crop_dir))
            for n in range(1, count + 1)]


def read_ahead(home: Home, db: sqlite_utils.Database, cfg: Config, receipt_id: int, executor) -> None:
    """Begin the page work of a receipt not yet processed (`intake.workers.ReadAhead`), so that
    the pool reads it while the receipt before it is finished.  Only the reading is begun: the
    receipt's state, its documents and every record are `process_receipt`'s, as ever.  A file
    that cannot be inspected here is left for `process_receipt` to set aside with its reason."""
    rec = db["receipts"].get(receipt_id)
    if rec["state"] in ("done", "quarantined", "duplicate") or rec["duplicate_of"]:
        return
    stored = Path(db["originals"].get(rec["sha256"])["stored_path"])
    try:
        info = ocr_pages.inspect(stored, limits_of(cfg))
    except OcrError:
        return
    executor.ahead(analyze_page, _page_tasks(stored, info.page_count, cfg, home.crops / rec["sha256"]))


def _read_pages(stored: Path, count: int, cfg: Config, executor: Executor | None,
                crop_dir: Path) -> list[PageResult]:
    tasks = _page_tasks(stored, count, cfg, crop_dir)
    mapper = executor.map if executor is not None else map
    try:
        return list(mapper(analyze_page, tasks))
    except ToolMissing as exc:
        raise ToolError(str(exc)) from exc


def _duplicate(db: sqlite_utils.Database, rec: dict, actor: str | None) -> Outcome:
    first = db["receipts"].get(rec["duplicate_of"])
    with transaction(db):
        state = "duplicate" if first["state"] == "done" else first["state"]
        update(db, "receipts", {"id": rec["id"]}, {"state": state, "finished_at": now_utc()})
        log_event(db, "duplicate_received", actor=actor, receipt_id=rec["id"],
                  detail={"first_receipt": first["id"], "received_at": rec["received_at"]})
    return Outcome(rec["id"], rec["source_name"], documents_of_receipt(db, rec["id"]), duplicate=True,
                   error=first["error"], error_code=first["error_code"])


def _quarantine(home: Home, db: sqlite_utils.Database, rec: dict, stored: Path, exc: BadInput,
                actor: str | None) -> Outcome:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    folder = home.quarantine / f"{stamp}-{rec['id']}"
    folder.mkdir(parents=True, exist_ok=True)
    kept = folder / _safe_name(rec["source_name"])
    shutil.copyfile(stored, kept)
    (folder / "reason.txt").write_text(f"{exc.code}: {exc.message}\n", encoding="utf-8")
    with transaction(db):
        update(db, "receipts", {"id": rec["id"]}, {
            "state": "quarantined", "error": exc.message, "error_code": exc.code,
            "quarantine_path": str(kept), "finished_at": now_utc()})
        log_event(db, "quarantined", actor=actor, receipt_id=rec["id"],
                  detail={"code": exc.code, "reason": exc.message, "kept": str(kept)})
    log.info("quarantined %s: %s", rec["source_name"], exc.message)
    return Outcome(rec["id"], rec["source_name"], [], error=exc.message, error_code=exc.code)


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isprintable() and c not in "/\\" else "_" for c in name).strip() or "file"
    return cleaned[:200]
