"""The SQLite database: opening it, transactions, and the append-only event log.

sqlite-utils is used for reads and for schema work.  Writes that must be atomic
run inside `transaction(db)` (BEGIN IMMEDIATE ... COMMIT) through `db.execute`
or the `insert`/`update` helpers here: sqlite-utils' own write methods commit
on their own, so they are not used inside a transaction.
"""
from __future__ import annotations

import getpass
import json
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from . import schema
from .errors import IntakeError

BUSY_TIMEOUT_S = 30.0


def clock() -> datetime:
    """The time now (aware, UTC).  Every time stamp the record writes (`now_utc`) is read from here."""
    return datetime.now(timezone.utc)


def now_utc() -> str:
    return clock().isoformat(timespec="microseconds")


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def open_db(path: Path) -> sqlite_utils.Database:
    """Open (and migrate) the database at `path` in WAL mode."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise IntakeError(f"Cannot open the database {path}: {exc}.") from exc
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    _wal(conn)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    schema.migrate(db)
    return db


def _while_locked(run, message: str) -> None:
    """Run `run()` again while another connection holds the lock, until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            run()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise IntakeError(message) from exc
            time.sleep(0.05)


def _wal(conn: sqlite3.Connection) -> None:
    """WAL mode, set once per database file: asking again while another connection is
    writing can fail at once with "database is locked" (SQLite does not wait on a change of
    journal mode), so a database already in WAL mode is left as it is, and a first setting
    that meets a lock is tried again until the busy timeout."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        _while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"),
                      "The database stayed locked by another process while opening it; try again.")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write: BEGIN IMMEDIATE, retried while another writer holds the lock."""
    _while_locked(lambda: db.execute("BEGIN IMMEDIATE"),
                  "The database stayed locked by another process; try again.")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")


def insert(db: sqlite_utils.Database, table: str, row: dict[str, Any], *, replace: bool = False) -> int:
    cols = list(row)
    verb = "INSERT OR REPLACE" if replace else "INSERT"
    sql = f"{verb} INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) VALUES ({', '.join('?' for _ in cols)})"
    cur = db.execute(sql, [_sql_value(row[c]) for c in cols])
    return cur.lastrowid


def update(db: sqlite_utils.Database, table: str, where: dict[str, Any], values: dict[str, Any]) -> int:
    sets = ", ".join(f"[{c}] = ?" for c in values)
    cond = " AND ".join(f"[{c}] IS ?" for c in where)
    cur = db.execute(f"UPDATE [{table}] SET {sets} WHERE {cond}",
                     [_sql_value(v) for v in values.values()] + [_sql_value(v) for v in where.values()])
    return cur.rowcount


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):      # numpy scalars
        return value.item()
    if isinstance(value, (tuple, set)):
        return list(value)
    raise TypeError(f"{value.__class__.__name__} cannot be stored as JSON")


def to_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_json_default)


def _sql_value(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return to_json(value)
    if isinstance(value, bool):
        return int(value)
    return value


def log_event(db: sqlite_utils.Database, kind: str, *, actor: str | None = None,
              document_id: str | None = None, receipt_id: int | None = None,
              detail: dict[str, Any] | None = None) -> int:
    """Append one event to the audit trail (the table refuses updates and deletes)."""
    return insert(db, "events", {
        "at": now_utc(),
        "actor": actor or default_actor(),
        "kind": kind,
        "document_id": document_id,
        "receipt_id": receipt_id,
        "detail": detail or {},
    })


def events_for(db: sqlite_utils.Database, document_id: str) -> list[dict]:
    rows = db.query("SELECT * FROM events WHERE document_id = ? OR receipt_id IN "
                    "(SELECT receipt_id FROM documents WHERE document_id = ?) ORDER BY id",
                    [document_id, document_id])
    return [{**r, "detail": json.loads(r["detail"] or "{}")} for r in rows]
