"""Who is working on a receipt: a lease, renewed while the run lives, so a dead run's work is taken up.

Every run that processes receipts (`intake process`, the watcher) is a `Leaser` with an
owner name (host, pid and the process's start time, so a reused pid is not mistaken for
it).  It claims a receipt before reading it (`receipts.lease_owner`, `lease_until`), and
a thread renews the leases it holds every quarter of `[watch] lease_seconds`.  A lease
whose time ran out, or whose owner is a process of this machine that no longer lives, is
free: the next `process` or `watch` takes the receipt up.  Stopped with Ctrl-C a run puts
its receipts back in the queue at once.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

import sqlite_utils

from .db import open_db, transaction

UNFINISHED = ("queued", "processing")


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (/proc/<pid>/stat field 22)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()[19]


def owner_name(pid: int | None = None) -> str:
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or 0}"


def owner_alive(owner: str | None) -> bool:
    """False when the owner is a process of this machine that is gone; True when it may live."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid, _, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True   # another machine's run: only its lease's time tells
    return _start_time(int(pid)) == started


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


class Leaser:
    """The leases one run holds, renewed by a thread until `close`."""

    def __init__(self, db_path: Path, lease_seconds: float, *, owner: str | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.db_path, self.lease_seconds, self.clock = db_path, lease_seconds, clock
        self.owner = owner or owner_name()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Leaser":
        self._thread = threading.Thread(target=self._renew, daemon=True, name="lease-renewal")
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close(interrupted=exc[0] is not None)

    def _until(self) -> str:
        return _iso(self.clock() + timedelta(seconds=self.lease_seconds))

    def claim(self, db: sqlite_utils.Database, receipt_id: int) -> bool:
        """Take the lease on an unfinished receipt unless a live run holds it; True if ours."""
        with transaction(db):
            row = db.execute("SELECT state, lease_owner, lease_until FROM receipts WHERE id = ?",
                             [receipt_id]).fetchone()
            if row is None or row[0] not in UNFINISHED:
                return False
            if row[1] not in (None, self.owner) and not self.expired(row[1], row[2]):
                return False
            db.execute("UPDATE receipts SET lease_owner = ?, lease_until = ? WHERE id = ?",
                       [self.owner, self._until(), receipt_id])
        return True

    def expired(self, owner: str | None, until: str | None) -> bool:
        """True when a lease binds no one any more: no owner, time run out, or the owner gone."""
        if owner is None or until is None:
            return True
        return datetime.fromisoformat(until) < self.clock() or not owner_alive(owner)

    def held_by_other(self, db: sqlite_utils.Database, receipt_id: int) -> bool:
        row = db.execute("SELECT state, lease_owner, lease_until FROM receipts WHERE id = ?",
                         [receipt_id]).fetchone()
        return bool(row and row[0] in UNFINISHED and row[1] not in (None, self.owner)
                    and not self.expired(row[1], row[2]))

    def release(self, db: sqlite_utils.Database, receipt_id: int) -> None:
        """Let go of a receipt; one left half read (an interruption) goes back to the queue."""
        with transaction(db):
            db.execute("UPDATE receipts SET lease_owner = NULL, lease_until = NULL, state = CASE state "
                       "WHEN 'processing' THEN 'queued' ELSE state END WHERE id = ? AND lease_owner = ?",
                       [receipt_id, self.owner])

    def _renew(self) -> None:
        db = open_db(self.db_path)
        try:
            while not self._stop.wait(self.lease_seconds / 4):
                with transaction(db):
                    db.execute("UPDATE receipts SET lease_until = ? WHERE lease_owner = ? AND state IN (?, ?)",
                               [self._until(), self.owner, *UNFINISHED])
        finally:
            db.close()

    def close(self, *, interrupted: bool = False) -> None:
        """Stop renewing; receipts left unfinished go back to the queue, free for the next run."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        db = open_db(self.db_path)
        try:
            with transaction(db):
                db.execute("UPDATE receipts SET state = 'queued', lease_owner = NULL, lease_until = NULL "
                           "WHERE lease_owner = ? AND state IN (?, ?)", [self.owner, *UNFINISHED])
        finally:
            db.close()


def wait_for_first(leaser: Leaser, db: sqlite_utils.Database, first: int, process: Callable[[int], object], *,
                   poll: float = 0.5) -> None:
    """A second receipt of the same bytes waits for the first: while a live run reads it,
    wait; if it was left unfinished by a run that died (or nobody has it), read it here."""
    while True:
        row = db.execute("SELECT state FROM receipts WHERE id = ?", [first]).fetchone()
        if row is None or row[0] not in UNFINISHED:
            return
        if leaser.claim(db, first):
            try:
                process(first)
            finally:
                leaser.release(db, first)
            return
        time.sleep(poll)


def stale_receipts(db: sqlite_utils.Database, leaser: Leaser) -> list[int]:
    """Unfinished receipts whose lease binds no one (their run died): for the watcher to take up."""
    rows = db.execute("SELECT id, lease_owner, lease_until FROM receipts WHERE state IN (?, ?) "
                      "AND lease_owner IS NOT NULL ORDER BY id", list(UNFINISHED)).fetchall()
    return [rid for rid, owner, until in rows if owner != leaser.owner and leaser.expired(owner, until)]


# --- `intake process`: its receipts leased from the moment they are recorded ------------------


def for_command(db_path: Path, lease_seconds: float) -> Leaser:
    """A running Leaser closed (its unfinished receipts put back in the queue) when the command ends,
    Ctrl-C included."""
    import click
    leaser = Leaser(db_path, lease_seconds).__enter__()
    click.get_current_context().call_on_close(leaser.close)
    return leaser


def record(leaser: Leaser, home, db: sqlite_utils.Database, cfg, path: Path):
    """`arrival.record`, then the receipt's lease taken at once (no other run reads it meanwhile)."""
    from . import arrival
    arr = arrival.record(home, db, cfg, path)
    leaser.claim(db, arr.receipt_id)
    return arr


def process(leaser: Leaser, home, db: sqlite_utils.Database, cfg, arr, executor):
    """Read one recorded arrival; a second receipt of the same bytes first sees the first one
    finished (waiting for a live run, or reading it here if its run died)."""
    from .pipeline import process_receipt

    def run(rid: int):
        return process_receipt(home, db, cfg, rid, executor)
    if arr.duplicate_of:
        wait_for_first(leaser, db, arr.duplicate_of, run)
    try:
        return run(arr.receipt_id)
    finally:
        leaser.release(db, arr.receipt_id)
