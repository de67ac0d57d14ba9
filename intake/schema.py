"""The schema, as an ordered list of migrations.  One place for every table.

Each migration runs once, in order, inside a transaction; the `migrations`
table records which ran and `PRAGMA user_version` holds their count.  To change
the schema, append a migration: never edit one that has shipped.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Callable

import sqlite_utils

MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = []


def migration(name: str):
    def register(fn):
        MIGRATIONS.append((name, fn))
        return fn
    return register


@migration("0001_core")
def _core(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE originals (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            stored_path TEXT NOT NULL,
            kind TEXT,
            page_count INTEGER,
            first_seen_at TEXT NOT NULL
        )""")
    # One row per arrival of a file; recorded before any image work.
    db.execute("""
        CREATE TABLE receipts (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL,
            source_name TEXT NOT NULL,
            source_path TEXT,
            received_at TEXT NOT NULL,
            received_at_source TEXT NOT NULL,
            sender TEXT,
            sidecar TEXT,
            recorded_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued',
            duplicate_of INTEGER REFERENCES receipts(id),
            attempts INTEGER NOT NULL DEFAULT 0,
            error_code TEXT,
            error TEXT,
            quarantine_path TEXT,
            finished_at TEXT
        )""")
    db.execute("CREATE INDEX receipts_sha ON receipts(sha256)")
    db.execute("CREATE INDEX receipts_state ON receipts(state)")
    db.execute("""
        CREATE TABLE pages (
            sha256 TEXT NOT NULL,
            page_no INTEGER NOT NULL,
            kind TEXT,
            width INTEGER,
            height INTEGER,
            dpi REAL,
            rotation INTEGER,
            skew REAL,
            header_text TEXT,
            PRIMARY KEY (sha256, page_no)
        )""")
    db.execute("""
        CREATE TABLE documents (
            document_id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            receipt_id INTEGER NOT NULL REFERENCES receipts(id),
            source_name TEXT NOT NULL,
            pages TEXT NOT NULL,
            document_type TEXT NOT NULL,
            received_at TEXT NOT NULL,
            received_at_source TEXT NOT NULL,
            deadline TEXT NOT NULL,
            on_time INTEGER NOT NULL,
            status TEXT NOT NULL,
            holder_id TEXT,
            holder_confidence REAL,
            sender TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX documents_sha ON documents(sha256)")
    db.execute("CREATE INDEX documents_received ON documents(received_at)")
    db.execute("""
        CREATE TABLE grants (
            document_id TEXT NOT NULL REFERENCES documents(document_id),
            idx INTEGER NOT NULL,
            source TEXT NOT NULL,
            page INTEGER,
            PRIMARY KEY (document_id, idx)
        )""")
    # The current value of every field; key is e.g. 'ssn' or 'grants.0.shares_tendered'.
    db.execute("""
        CREATE TABLE fields (
            document_id TEXT NOT NULL REFERENCES documents(document_id),
            key TEXT NOT NULL,
            value TEXT,
            confidence REAL NOT NULL,
            needs_review INTEGER NOT NULL,
            origin TEXT NOT NULL,
            page INTEGER,
            bbox TEXT,
            crop_path TEXT,
            reading_id INTEGER,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (document_id, key)
        )""")
    # What the machine read, kept unchanged for the audit trail.
    db.execute("""
        CREATE TABLE readings (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT,
            confidence REAL NOT NULL,
            engine TEXT,
            raw_text TEXT,
            page INTEGER,
            bbox TEXT,
            evidence TEXT,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX readings_doc ON readings(document_id)")
    db.execute("""
        CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            needs_decision INTEGER NOT NULL DEFAULT 0,
            resolved INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX problems_doc ON problems(document_id)")
    db.execute("""
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            document_id TEXT,
            receipt_id INTEGER,
            detail TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("CREATE INDEX events_doc ON events(document_id)")
    db.execute("""CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events
                  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""")
    db.execute("""CREATE TRIGGER events_append_only_d BEFORE DELETE ON events
                  BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""")
    db.execute("""CREATE TRIGGER readings_append_only_u BEFORE UPDATE ON readings
                  BEGIN SELECT RAISE(ABORT, 'readings are kept as read'); END""")


# Further migrations are appended below this line, each with a new name.


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Run the migrations that have not run yet; return their names."""
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row["name"] for row in db.query("SELECT name FROM migrations")}
    ran = []
    for name, fn in MIGRATIONS:
        if name in done:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if db.execute("SELECT 1 FROM migrations WHERE name = ?", [name]).fetchone():
                db.execute("COMMIT")
                continue
            fn(db)
            db.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                       [name, datetime.now(timezone.utc).isoformat()])
            db.execute(f"PRAGMA user_version = {len(done) + len(ran) + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran.append(name)
    return ran


def version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


@migration("0005_ledger_roster")
def _ledger_roster(db: sqlite_utils.Database) -> None:
    """The company's option ledger: holders, their grants, and each import of it."""
    db.execute("""
        CREATE TABLE holders (
            holder_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            ssn TEXT NOT NULL,
            address TEXT,
            import_id INTEGER,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX holders_ssn ON holders(ssn)")
    db.execute("""
        CREATE TABLE ledger_grants (
            holder_id TEXT NOT NULL REFERENCES holders(holder_id),
            grant_number TEXT NOT NULL,
            grant_date TEXT NOT NULL,
            shares_granted INTEGER NOT NULL,
            exercise_price TEXT NOT NULL,
            shares_exercised INTEGER NOT NULL,
            import_id INTEGER,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (holder_id, grant_number)
        )""")
    db.execute("""
        CREATE TABLE roster_imports (
            id INTEGER PRIMARY KEY,
            source_name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            rows_read INTEGER NOT NULL,
            rows_loaded INTEGER NOT NULL,
            errors TEXT NOT NULL DEFAULT '[]'
        )""")


@migration("0005_offer_waivers")
def _offer_waivers(db: sqlite_utils.Database) -> None:
    """The Company's waivers of a condition: one waiver of a code applies to every document."""
    db.execute("""
        CREATE TABLE waivers (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            actor TEXT NOT NULL,
            at TEXT NOT NULL,
            revoked_at TEXT,
            revoked_by TEXT
        )""")
    db.execute("CREATE INDEX waivers_code ON waivers(code)")


@migration("0006_watch_claims")
def _watch_claims(db: sqlite_utils.Database) -> None:
    """Files the watcher (or `intake receive`) took in: which file, and the receipt it became.

    A file is identified by its path, inode, size, modification time and hash, so a file
    left in the inbox by a crash after its receipt was committed is not recorded twice.
    `after_receipt` is the highest receipt id when the claim was made: a receipt for the
    same path and bytes with a higher id was made for this claim.
    """
    db.execute("""
        CREATE TABLE watch_claims (
            id INTEGER PRIMARY KEY,
            via TEXT NOT NULL,
            path TEXT NOT NULL,
            recorded_as TEXT NOT NULL,
            dev INTEGER NOT NULL,
            ino INTEGER NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            after_receipt INTEGER NOT NULL,
            receipt_id INTEGER REFERENCES receipts(id),
            claimed_at TEXT NOT NULL,
            removed_at TEXT
        )""")
    db.execute("CREATE INDEX watch_claims_file ON watch_claims(path, size, mtime_ns)")
    db.execute("CREATE INDEX watch_claims_receipt ON watch_claims(receipt_id)")


@migration("0007_review_desk")
def _review_desk(db: sqlite_utils.Database) -> None:
    """The reviewer's desk: claims on documents, rejections by a reviewer, audit samples."""
    # A reviewer holds a document's tasks until expires_at (UTC ISO), so no task goes out twice.
    db.execute("""
        CREATE TABLE review_claims (
            document_id TEXT PRIMARY KEY REFERENCES documents(document_id),
            reviewer TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE review_rejections (
            document_id TEXT PRIMARY KEY REFERENCES documents(document_id),
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        )""")
    # Automatically accepted fields sent to review anyway; outcome confirmed | corrected | closed.
    db.execute("""
        CREATE TABLE audit_samples (
            document_id TEXT NOT NULL,
            key TEXT NOT NULL,
            sampled_at TEXT NOT NULL,
            rate REAL NOT NULL,
            outcome TEXT,
            decided_by TEXT,
            decided_at TEXT,
            PRIMARY KEY (document_id, key)
        )""")


@migration("0008_i16_confirmations")
def _i16_confirmations(db: sqlite_utils.Database) -> None:
    """Confirmations of receipt issued (one per document, never changed), the history of
    rejections a reviewer undid, and the reason a waiver was revoked."""
    db.execute("""
        CREATE TABLE confirmations (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL UNIQUE REFERENCES documents(document_id),
            holder_id TEXT,
            received_at TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            files TEXT NOT NULL,
            actor TEXT NOT NULL,
            event_id INTEGER
        )""")
    db.execute("""CREATE TRIGGER confirmations_append_only_u BEFORE UPDATE ON confirmations
                  BEGIN SELECT RAISE(ABORT, 'confirmations are issued once and kept'); END""")
    db.execute("""CREATE TRIGGER confirmations_append_only_d BEFORE DELETE ON confirmations
                  BEGIN SELECT RAISE(ABORT, 'confirmations are issued once and kept'); END""")
    # A rejection a reviewer undid: moved here from review_rejections (which holds the ones in force).
    db.execute("""
        CREATE TABLE review_rejections_undone (
            id INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            undone_by TEXT NOT NULL,
            undone_at TEXT NOT NULL,
            undo_reason TEXT NOT NULL,
            undo_event_id INTEGER
        )""")
    db.execute("ALTER TABLE waivers ADD COLUMN revoke_reason TEXT")


@migration("0008_i19_drop_folder")
def _i19_drop_folder(db: sqlite_utils.Database) -> None:
    """The drop folder under unlucky and hostile conditions (issue 19).

    watch_claims: a taken file is held aside (`held_path`, its size and mtime when taken,
    until `held_until`) so a writer that goes on is seen; `prefix_path` holds the bytes
    that came before it when the file is the rest of an earlier one appended under its name.
    receipts: `continues` is the earlier receipt this whole file completes, `superseded_by`
    the later one; `time_doubt` why the receipt time must be seen by a person; a lease
    (`lease_owner`, `lease_until`) marks the run working on it, so a dead run's work is taken up.
    """
    for column, kind in (("held_path", "TEXT"), ("held_size", "INTEGER"), ("held_mtime_ns", "INTEGER"),
                         ("held_until", "TEXT"), ("prefix_path", "TEXT")):
        db.execute(f"ALTER TABLE watch_claims ADD COLUMN {column} {kind}")
    for column, kind in (("continues", "INTEGER REFERENCES receipts(id)"),
                         ("superseded_by", "INTEGER REFERENCES receipts(id)"), ("time_doubt", "TEXT"),
                         ("lease_owner", "TEXT"), ("lease_until", "TEXT")):
        db.execute(f"ALTER TABLE receipts ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX watch_claims_held ON watch_claims(held_path) WHERE held_path IS NOT NULL")


@migration("0008_i18_review_desk")
def _i18_review_desk(db: sqlite_utils.Database) -> None:
    """The desk in the browser: reviewers' passwords; who closed a problem; crop paths in the home."""
    # Who resolved a problem: a reviewer's name, or 'recheck' when its cause went away.
    db.execute("ALTER TABLE problems ADD COLUMN resolved_by TEXT")
    # Reviewers who log in to the desk on a network; the password is kept as a scrypt hash only.
    db.execute("""
        CREATE TABLE review_users (
            name TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    # Crop paths relative to the home, so a home moved elsewhere keeps its images.
    for r in db.query("SELECT document_id, key, crop_path FROM fields WHERE crop_path LIKE '%/crops/%'"):
        db.execute("UPDATE fields SET crop_path = ? WHERE document_id = ? AND key = ?",
                   ["crops/" + r["crop_path"].rsplit("/crops/", 1)[1], r["document_id"], r["key"]])
