"""Arrival: the first step of every document.

The file is hashed, kept under the home by its content hash (never changed), and
its receipt time recorded in the database before any image work, so a backlog
cannot make an on-time form late.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from . import receipt as receipt_mod
from ocr import pages
from ocr.errors import OcrError

from .config import Config
from .db import insert, log_event, now_utc, transaction
from .errors import BadInput
from .home import Home

CHUNK = 1 << 20


@dataclass(frozen=True)
class Arrival:
    receipt_id: int
    sha256: str
    stored_path: Path
    duplicate_of: int | None
    sidecar_refused: str | None = None   # a code: the sidecar is to be set aside, not trusted
    sidecar_note: str | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def keep_original(home: Home, path: Path, sha: str) -> Path:
    """Copy the file under the home by its hash; the copy is fsynced and then renamed into place."""
    suffix = "".join(c for c in path.suffix.lower() if c.isalnum() or c == ".")[:8]
    target = home.originals / sha[:2] / f"{sha}{suffix}"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    with open(path, "rb") as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(tmp, 0o444)
    os.replace(tmp, target)
    return target


def record(home: Home, db: sqlite_utils.Database, cfg: Config, path: Path, *,
           tiff_datetime: str | None = None, found_mtime: float | None = None,
           first_seen: float | None = None, actor: str | None = None) -> Arrival:
    """Record one arrival: hash, keep, receipt time, a `receipts` row and a `received` event."""
    if path.is_symlink():
        raise BadInput(f"{path.name} is a symbolic link; only regular files are taken.", "symlink")
    if not path.is_file():
        raise BadInput(f"{path.name} is not a regular file.", "not_a_file")
    stat = path.stat()
    if stat.st_size == 0:
        raise BadInput(f"{path.name} is empty (0 bytes).", "empty")
    sha = sha256_of(path)
    stored = keep_original(home, path, sha)
    mtime = found_mtime if found_mtime is not None else stat.st_mtime
    side = receipt_mod.take_sidecar(path, max_bytes=cfg.watch.sidecar_max_bytes,
                                    image_time=min(mtime, first_seen or mtime),
                                    max_age=cfg.watch.sidecar_max_age_seconds)
    tags = _tiff_tags(path)
    if tiff_datetime is None:
        tiff_datetime = tags.get("datetime")
    rec = receipt_mod.determine(path, tiff_datetime=tiff_datetime, fax_zone=cfg.fax_timezone, mtime=mtime,
                                sidecar=side.data, sidecar_note=side.note,
                                checks=receipt_mod.time_checks(cfg, mtime))
    with transaction(db):
        first = db.execute("SELECT id FROM receipts WHERE sha256 = ? AND duplicate_of IS NULL "
                           "AND state != 'quarantined' ORDER BY id LIMIT 1", [sha]).fetchone()
        duplicate_of = first[0] if first else None
        if not db.execute("SELECT 1 FROM originals WHERE sha256 = ?", [sha]).fetchone():
            insert(db, "originals", {"sha256": sha, "size": stat.st_size, "stored_path": str(stored),
                                     "first_seen_at": now_utc()})
        rid = insert(db, "receipts", {
            "sha256": sha, "source_name": path.name, "source_path": str(path),
            "received_at": rec.received_at.isoformat(), "received_at_source": rec.source,
            "sender": rec.sender or _station_id(tags), "sidecar": rec.sidecar, "recorded_at": now_utc(),
            "state": "queued", "duplicate_of": duplicate_of, "time_doubt": rec.doubt,
        })
        log_event(db, "received", actor=actor, receipt_id=rid, detail={
            "source_name": path.name, "sha256": sha, "received_at": rec.received_at.isoformat(),
            "received_at_source": rec.source, "stored_path": str(stored), "note": rec.note,
            "duplicate_of": duplicate_of, "time_doubt": rec.doubt, "sidecar_refused": side.refused,
        })
    return Arrival(rid, sha, stored, duplicate_of, side.refused, side.note)


def _tiff_tags(path: Path) -> dict:
    """The TIFF tags of the first page, read from the header only; {} for other files."""
    try:
        info = pages.inspect(path)
    except OcrError:  # an unreadable file is judged later, with its reason
        return {}
    return info.tags if info.kind == "tiff" else {}


def _station_id(tags: dict) -> str | None:
    """The sending fax's station identifier (TSI), which fax servers put in ImageDescription."""
    text = " ".join(str(tags.get("image_description") or "").split())
    if not text or text.lower() in ("converted pbm file",) or "filter" in text.lower():
        return None
    return text[:100]
