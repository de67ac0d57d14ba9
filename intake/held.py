"""A taken file is held aside for a while, so a writer that was not done after all loses nothing.

A file is taken from the inbox only when its writer seems done (see `intake.inbox`), but
a writer we cannot see (another user's process, a share) may go on.  So a taken file is
not unlinked: it is renamed into `HOME/held/<claim>/` (same file system, same inode) and
kept there `[watch] hold_seconds`.  Two ways a writer goes on, and what they become:

- it keeps writing through the descriptor it had open: the held file changes, and its
  whole content is a new receipt linked to the first (`continues` / `superseded_by`);
- it reopens the name and writes the rest: a new file of that name arrives while the
  first is held.  If it does not begin as an image does (it is the rest of one), the whole
  file is the held bytes followed by it; if it begins with the held bytes, it is the whole
  file written again.  Either way a new receipt of the whole, linked to the first.

The first receipt, if not yet read, is never read (`superseded`); if it was, each of its
documents gets a problem for a person saying which receipt holds the whole fax.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from . import arrival
from .config import Config
from .db import insert, log_event, now_utc, transaction, update
from .decision import recompute_status
from .errors import IntakeError
from .home import Home
from ocr import pages
from ocr.errors import OcrError

SUPERSEDED = "superseded"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Continued:
    receipt_id: int
    continues: int
    size: int


def held_root(home: Home) -> Path:
    return home.root / "held"


def hold(home: Home, db: sqlite_utils.Database, cfg: Config, path: Path, claim_id: int,
         safe: str) -> bool:
    """Move the taken file aside (same inode) and note it on its claim; False if it cannot be held."""
    if cfg.watch.hold_seconds <= 0:
        return False
    folder = held_root(home) / str(claim_id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe
    try:
        st = os.lstat(path)
        os.rename(path, target)
    except OSError as exc:
        if exc.errno in (errno.EXDEV, errno.ENOENT):   # another file system, or gone: not held
            shutil.rmtree(folder, ignore_errors=True)
            return False
        raise
    until = datetime.now(timezone.utc) + timedelta(seconds=cfg.watch.hold_seconds)
    with transaction(db):
        update(db, "watch_claims", {"id": claim_id}, {
            "held_path": str(target), "held_size": st.st_size, "held_mtime_ns": st.st_mtime_ns,
            "held_until": until.isoformat(), "removed_at": now_utc()})
    return True


def whole_bytes(claim: dict) -> bytes:
    """The whole file a held claim stands for: the bytes before it (if any), then its own."""
    prefix = Path(claim["prefix_path"]).read_bytes() if claim.get("prefix_path") else b""
    return prefix + Path(claim["held_path"]).read_bytes()


def held_for(db: sqlite_utils.Database, path: Path) -> dict | None:
    """The claim holding an earlier file taken under this inbox name, if still held."""
    row = db.execute("SELECT id FROM watch_claims WHERE path = ? AND held_path IS NOT NULL "
                     "ORDER BY id DESC LIMIT 1", [str(path)]).fetchone()
    return db["watch_claims"].get(row[0]) if row else None


def continuation_prefix(home: Home, claim: dict, new_path: Path) -> bytes | None:
    """The bytes that come before a newly arrived file of a held name, or None for a new fax.

    b"" when the new file is the whole written again (it begins with the held bytes).  The
    new file is the rest of the held one when it is no readable image by itself and the two
    together are one with more pages than the held part (garbage is never joined to a fax).
    """
    try:
        before = whole_bytes(claim)
    except FileNotFoundError:
        return None
    new = new_path.read_bytes()
    if new == before:            # the same bytes again: a plain duplicate, not a continuation
        return None
    if before and new.startswith(before):
        return b""
    if _pages(new_path) is not None:
        return None
    trial = home.work / f"join-{uuid.uuid4().hex}"
    try:
        trial.write_bytes(before + new)
        joined = _pages(trial)
    finally:
        trial.unlink(missing_ok=True)
    if joined is None or joined <= (_pages_of_bytes(home, before) or 0):
        return None
    return before


def _pages(path: Path) -> int | None:
    """How many pages the file holds, every one decoded, or None when it is no readable image."""
    try:
        count = pages.inspect(path).page_count
        for number in range(1, count + 1):
            pages.load_page(path, number)
    except (OcrError, OSError, ValueError):
        return None
    return count


def _pages_of_bytes(home: Home, data: bytes) -> int | None:
    trial = home.work / f"part-{uuid.uuid4().hex}"
    try:
        trial.write_bytes(data)
        return _pages(trial)
    finally:
        trial.unlink(missing_ok=True)


def check(home: Home, db: sqlite_utils.Database, cfg: Config, *, actor: str | None = None) -> list[Continued]:
    """Look at every held file: record a whole that grew, let go of those held long enough."""
    found = []
    now = datetime.now(timezone.utc)
    for claim in list(db.query("SELECT * FROM watch_claims WHERE held_path IS NOT NULL ORDER BY id")):
        held = Path(claim["held_path"])
        try:
            st = os.lstat(held)
        except FileNotFoundError:
            release(db, claim)
            continue
        if (st.st_size, st.st_mtime_ns) != (claim["held_size"], claim["held_mtime_ns"]):
            if time.time() - st.st_mtime < cfg.watch.stable_seconds:
                continue   # still being written: the whole is recorded once it is quiet
            first = latest(db, claim["receipt_id"])
            try:
                cont = record_whole(home, db, cfg, whole_bytes(claim), claim["path"], first,
                                    mtime=st.st_mtime, actor=actor)
            except (OSError, IntakeError) as exc:  # emptied, too large, unreadable: stop holding it
                log.warning("hold_failed %s: %s", claim["path"], exc)
                release(db, claim)
                continue
            until = now + timedelta(seconds=cfg.watch.hold_seconds)
            with transaction(db):
                update(db, "watch_claims", {"id": claim["id"]}, {
                    "held_size": st.st_size, "held_mtime_ns": st.st_mtime_ns, "held_until": until.isoformat()})
            found.append(cont)
        elif datetime.fromisoformat(claim["held_until"]) <= now:
            release(db, claim)
    return found


def release(db: sqlite_utils.Database, claim: dict) -> None:
    """Stop holding a claim's file (its bytes are kept under originals/ by their hash)."""
    if claim.get("held_path"):
        shutil.rmtree(Path(claim["held_path"]).parent, ignore_errors=True)
    with transaction(db):
        update(db, "watch_claims", {"id": claim["id"]}, {"held_path": None, "prefix_path": None})


def latest(db: sqlite_utils.Database, receipt_id: int) -> int:
    """The last receipt of a chain of continuations that begins (or passes) at this one."""
    seen = {receipt_id}
    while True:
        row = db.execute("SELECT superseded_by FROM receipts WHERE id = ?", [receipt_id]).fetchone()
        if not row or row[0] is None or row[0] in seen:
            return receipt_id
        receipt_id = row[0]
        seen.add(receipt_id)


def stage_whole(home: Home, data: bytes, name: str, first: int, db: sqlite_utils.Database,
                mtime: float) -> Path:
    """Write the whole file under its name (with the first receipt's sidecar) for `arrival.record`."""
    staging = home.work / f"whole-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    staged = staging / name
    staged.write_bytes(data)
    os.utime(staged, (mtime, mtime))
    sidecar = db.execute("SELECT sidecar FROM receipts WHERE id = ?", [first]).fetchone()
    if sidecar and sidecar[0]:
        side = staged.with_name(staged.name + ".json")
        side.write_text(sidecar[0] if isinstance(sidecar[0], str) else json.dumps(sidecar[0]), encoding="utf-8")
        os.utime(side, (mtime, mtime))
    return staged


def record_whole(home: Home, db: sqlite_utils.Database, cfg: Config, data: bytes, inbox_path: str,
                 first: int, *, mtime: float, actor: str | None = None) -> Continued:
    """A new receipt of the whole file, linked to the receipt it completes."""
    staged = stage_whole(home, data, Path(inbox_path).name, first, db, mtime)
    try:
        arr = arrival.record(home, db, cfg, staged, found_mtime=mtime, actor=actor)
    finally:
        shutil.rmtree(staged.parent, ignore_errors=True)
    supersede(db, first, arr.receipt_id, len(data), actor=actor)
    return Continued(arr.receipt_id, first, len(data))


def supersede(db: sqlite_utils.Database, old: int, new: int, size: int, *, actor: str | None = None) -> None:
    """Link the whole to the part it completes; the part is not read, or its documents are flagged."""
    with transaction(db):
        update(db, "receipts", {"id": new}, {"continues": old})
        update(db, "receipts", {"id": old}, {"superseded_by": new})
        db.execute("UPDATE receipts SET state = ?, finished_at = ? WHERE id = ? AND state = 'queued'",
                   [SUPERSEDED, now_utc(), old])
        log_event(db, "continued", actor=actor, receipt_id=new, detail={"continues": old, "size": size})
        flag_superseded(db, old, actor=actor)


def flag_superseded(db: sqlite_utils.Database, receipt_id: int, *, actor: str | None = None) -> int:
    """Give each document read from a superseded receipt a problem for a person (once)."""
    row = db.execute("SELECT superseded_by FROM receipts WHERE id = ?", [receipt_id]).fetchone()
    if not row or row[0] is None:
        return 0
    n = 0
    for (doc_id,) in db.execute("SELECT document_id FROM documents WHERE receipt_id = ?", [receipt_id]).fetchall():
        if db.execute("SELECT 1 FROM problems WHERE document_id = ? AND code = ?", [doc_id, SUPERSEDED]).fetchone():
            continue
        insert(db, "problems", {
            "document_id": doc_id, "code": SUPERSEDED, "needs_decision": 1, "created_at": now_utc(),
            "message": f"The fax went on arriving after this part of it was read: receipt {row[0]} holds "
                       "the whole file. Decide which stands (this one was read from a part only)."})
        recompute_status(db, doc_id, actor=actor)
        n += 1
    return n
