"""Taking a file in exactly once, setting bad ones aside, and the queue of receipts to process.

The order for a file found in the inbox is: claim it (path, inode, size, mtime, hash),
record the receipt (`arrival.record`: the original is copied under the home and the
receipt committed), link the claim to the receipt, and only then unlink the file from
the inbox.  A crash anywhere in between leaves either no receipt (the file is taken
again) or a receipt the claim can find (the file is recognised and only unlinked).
"""
from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlite_utils

from . import arrival, held
from .config import Config
from .db import insert, log_event, now_utc, transaction, update
from .errors import BadInput
from .home import Home
from .inbox import Signature, is_regular, sidecar_of


@dataclass(frozen=True)
class Taken:
    receipt_id: int
    duplicate_of: int | None
    leftover: bool          # already recorded before (a crash left the file behind)
    continues: int | None = None   # the receipt of an earlier part this whole file completes
    sidecar_refused: str | None = None   # the sidecar was set aside (its code), not trusted


def take_in(home: Home, db: sqlite_utils.Database, cfg: Config, path: Path, sig: Signature, *,
            via: str = "inbox", record_path: Path | None = None, remove: bool = True,
            first_seen: float | None = None, actor: str | None = None) -> Taken:
    """Record the file at `path` once; unlink it (and its sidecar) afterwards when `remove`.

    `record_path` is the copy given to `arrival.record` when it differs from `path` (the
    `receive` command stages a copy with its sidecar).  Raises BadInput for files that
    cannot be taken at all (symlinks, empty or non-regular files, too many bytes).
    """
    record_path = record_path or path
    if not is_regular(path) or sig.size == 0:
        arrival.record(home, db, cfg, path)  # raises BadInput with the reason, never opens it
    if sig.size > cfg.limits.max_bytes:
        raise BadInput(f"{path.name} is {sig.size:,} bytes, more than the limit of "
                       f"{cfg.limits.max_bytes:,}.", "too_large")
    st = os.lstat(path)
    sha = arrival.sha256_of(path)
    claim, receipt = _find_claim(db, path, st, sha)
    prefix = None
    if receipt is not None:
        taken = Taken(receipt["id"], receipt["duplicate_of"], leftover=True)
        claim_id = claim["id"]
    else:
        prior = held.held_for(db, path) if remove else None
        prefix = held.continuation_prefix(home, prior, path) if prior else None
        first = held.latest(db, prior["receipt_id"]) if prefix is not None else None
        if prefix is not None:  # the rest of a file taken earlier, or the whole written again
            record_path = held.stage_whole(home, prefix + path.read_bytes(), path.name, first, db, st.st_mtime)
        claim_id = _claim(db, claim, via, path, record_path, st, sha)
        try:
            arr = arrival.record(home, db, cfg, record_path, found_mtime=st.st_mtime, first_seen=first_seen,
                                 actor=actor)
        finally:
            if prefix is not None:
                shutil.rmtree(record_path.parent, ignore_errors=True)
        with transaction(db):
            update(db, "watch_claims", {"id": claim_id}, {"receipt_id": arr.receipt_id})
        if prefix is not None:
            held.supersede(db, first, arr.receipt_id, len(prefix) + st.st_size, actor=actor)
            held.release(db, prior)
        taken = Taken(arr.receipt_id, arr.duplicate_of, leftover=False, continues=first,
                      sidecar_refused=arr.sidecar_refused)
        if remove and arr.sidecar_refused and prefix is None:
            set_aside(home, db, sidecar_of(path), BadInput(arr.sidecar_note or "unusable", arr.sidecar_refused),
                      actor=actor, receipt_id=arr.receipt_id)
    if remove:
        _unlink(sidecar_of(path))
        if held.hold(home, db, cfg, path, claim_id, safe_name(path.name)):
            if prefix:
                keep = held.held_root(home) / str(claim_id) / ".prefix"
                keep.write_bytes(prefix)
                with transaction(db):
                    update(db, "watch_claims", {"id": claim_id}, {"prefix_path": str(keep)})
        else:
            _unlink(path)
        with transaction(db):
            db.execute("UPDATE watch_claims SET removed_at = ? WHERE receipt_id = ? AND removed_at IS NULL",
                       [now_utc(), taken.receipt_id])
    return taken


def _find_claim(db, path: Path, st: os.stat_result, sha: str) -> tuple[dict | None, dict | None]:
    """The claim made earlier for this very file, and the receipt it became (if it did)."""
    row = db.execute("SELECT id FROM watch_claims WHERE path = ? AND size = ? AND mtime_ns = ? "
                     "AND ino = ? AND sha256 = ? ORDER BY id DESC LIMIT 1",
                     [str(path), st.st_size, st.st_mtime_ns, st.st_ino, sha]).fetchone()
    if row is None:
        return None, None
    claim = db["watch_claims"].get(row[0])
    rid = claim["receipt_id"]
    if rid is None:  # the crash came after the claim: did the receipt commit?
        found = db.execute("SELECT id FROM receipts WHERE id > ? AND sha256 = ? AND source_path = ? "
                           "ORDER BY id LIMIT 1", [claim["after_receipt"], sha, claim["recorded_as"]]).fetchone()
        if found is None:
            return claim, None
        rid = found[0]
        with transaction(db):
            update(db, "watch_claims", {"id": claim["id"]}, {"receipt_id": rid})
    return claim, db["receipts"].get(rid)


def _claim(db, claim: dict | None, via: str, path: Path, record_path: Path, st: os.stat_result,
           sha: str) -> int:
    with transaction(db):
        last = db.execute("SELECT COALESCE(MAX(id), 0) FROM receipts").fetchone()[0]
        if claim is not None:
            update(db, "watch_claims", {"id": claim["id"]},
                   {"recorded_as": str(record_path), "after_receipt": last})
            return claim["id"]
        return insert(db, "watch_claims", {
            "via": via, "path": str(path), "recorded_as": str(record_path), "dev": st.st_dev,
            "ino": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha,
            "after_receipt": last, "claimed_at": now_utc()})


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# --- setting aside ---------------------------------------------------------------------------


def safe_name(name: str) -> str:
    """A file name without separators or control characters (newlines), at most 200 characters."""
    cleaned = "".join(c if c.isprintable() and c not in "/\\" else "_" for c in name).strip()
    return (cleaned or "file")[:200]


def _quarantine_folder(home: Home, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    n = 0
    while True:
        folder = home.quarantine / f"{stamp}-{label}{f'-{n}' if n else ''}"
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            n += 1


def _move(src: Path, dst: Path) -> None:
    """Rename, or copy and unlink across file systems (an inbox on a network share)."""
    try:
        os.rename(src, dst)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
        else:
            shutil.copy2(src, dst)
        src.unlink()


def set_aside(home: Home, db: sqlite_utils.Database, path: Path, exc: BadInput, *,
              actor: str | None = None, receipt_id: int | None = None) -> Path:
    """Move a file that cannot be taken (and its sidecar) into the quarantine, with its reason.

    The reason file is written first and the event last, so a crash leaves at worst a
    quarantined file with its reason and no event, never a file lost.  Works for a
    sidecar set aside on its own too (never opened: a FIFO or a link is moved as it is).
    """
    folder = _quarantine_folder(home, "inbox")
    (folder / "reason.txt").write_text(f"{exc.code}: {exc.message}\n", encoding="utf-8")
    kept = folder / safe_name(path.name)
    _move(path, kept)
    side = sidecar_of(path)
    if side.exists() and not side.is_symlink():
        _move(side, folder / safe_name(side.name))
    with transaction(db):
        log_event(db, "quarantined", actor=actor, receipt_id=receipt_id, detail={
            "source_name": path.name, "code": exc.code, "reason": exc.message, "kept": str(kept),
            "at_intake": True})
    return kept


def give_up(home: Home, db: sqlite_utils.Database, receipt_id: int, code: str, message: str, *,
            actor: str | None = None) -> Path:
    """Quarantine a receipt whose processing failed too often (a copy of the kept original)."""
    rec = db["receipts"].get(receipt_id)
    stored = Path(db["originals"].get(rec["sha256"])["stored_path"])
    folder = _quarantine_folder(home, str(receipt_id))
    (folder / "reason.txt").write_text(f"{code}: {message}\n", encoding="utf-8")
    kept = folder / safe_name(rec["source_name"])
    shutil.copyfile(stored, kept)
    with transaction(db):
        update(db, "receipts", {"id": receipt_id}, {
            "state": "quarantined", "error": message, "error_code": code,
            "quarantine_path": str(kept), "finished_at": now_utc()})
        log_event(db, "quarantined", actor=actor, receipt_id=receipt_id,
                  detail={"code": code, "reason": message, "kept": str(kept)})
    return kept


def missing_original(db: sqlite_utils.Database, receipt_id: int) -> str | None:
    """The kept original's path when it is not there (someone removed it), else None."""
    row = db.execute("SELECT o.stored_path FROM receipts r JOIN originals o ON o.sha256 = r.sha256 "
                     "WHERE r.id = ?", [receipt_id]).fetchone()
    return row[0] if row and not os.path.exists(row[0]) else None


def note_own_failure(db: sqlite_utils.Database, what: str, name: str, reason: str, *,
                     actor: str | None = None) -> None:
    """Record a failure of our own about a file not yet a receipt (for `intake status`)."""
    with transaction(db):
        log_event(db, "own_failure", actor=actor, detail={"code": what, "source_name": name, "reason": reason})


# --- the queue of receipts -----------------------------------------------------------------


def pending(db: sqlite_utils.Database, *, resume: bool = False) -> list[int]:
    """Receipts taken in by the watcher or `receive` and not yet processed, oldest first.

    With `resume` (at start-up) receipts left in 'processing' by a crash are included.
    A second receipt of the same bytes waits until the first is finished, since its
    outcome is the first one's.
    """
    states = ("queued", "processing") if resume else ("queued",)
    marks = ", ".join("?" for _ in states)
    rows = db.execute(f"SELECT r.id FROM receipts r LEFT JOIN receipts f ON f.id = r.duplicate_of "
                      f"WHERE r.state IN ({marks}) AND (f.id IS NULL OR f.state NOT IN ('queued', 'processing')) "
                      f"AND (r.continues IS NOT NULL OR EXISTS (SELECT 1 FROM watch_claims c "
                      f"WHERE c.receipt_id = r.id)) ORDER BY r.id", list(states)).fetchall()
    return [r[0] for r in rows]


def requeue(db: sqlite_utils.Database, receipt_id: int, code: str, message: str, *,
            actor: str | None = None, kind: str = "processing_failed") -> int:
    """Put a receipt whose processing failed back in the queue; return its attempts so far.

    `kind` is the event: `processing_failed`, or `own_failure` for a failure of ours
    (the home not writable, a kept original missing), which `intake status` counts.
    """
    with transaction(db):
        db.execute("UPDATE receipts SET state = 'queued', error_code = ?, error = ?, lease_owner = NULL, "
                   "lease_until = NULL WHERE id = ? AND state IN ('queued', 'processing')",
                   [code, message, receipt_id])
        log_event(db, kind, actor=actor, receipt_id=receipt_id, detail={"code": code, "reason": message})
    return db.execute("SELECT attempts FROM receipts WHERE id = ?", [receipt_id]).fetchone()[0]
