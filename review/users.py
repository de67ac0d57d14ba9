"""Reviewers who log in to the desk on a network: passwords kept in the home as scrypt hashes.

`intake review user add NAME` sets (or changes) a reviewer's password; only the hash
(`scrypt$n$r$p$salt$hash`) is stored, in the `review_users` table.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlite_utils

from intake.db import insert, log_event, now_utc, transaction
from intake.errors import ValidationError

N, R, P = 2 ** 14, 8, 1
MIN_LENGTH = 8
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 40 or set(name) - NAME_CHARS:
        raise ValidationError(f"{name!r} is not a reviewer's name (letters, digits, . _ -; up to 40).")
    return name


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def verify(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def set_password(db: sqlite_utils.Database, name: str, password: str, actor: str) -> None:
    name = check_name(name)
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"A password needs at least {MIN_LENGTH} characters.")
    now = now_utc()
    with transaction(db):
        known = db.execute("SELECT created_at FROM review_users WHERE name = ?", [name]).fetchone()
        insert(db, "review_users", {"name": name, "password_hash": hash_password(password),
                                    "created_at": known[0] if known else now, "updated_at": now}, replace=True)
        log_event(db, "reviewer_password_set", actor=actor, detail={"reviewer": name, "new": not known})


def login(db: sqlite_utils.Database, name: str, password: str) -> str | None:
    """The reviewer's name when the password is theirs; None otherwise (same time either way)."""
    row = db.execute("SELECT name, password_hash FROM review_users WHERE name = ?", [(name or "").strip()]).fetchone()
    ok = verify(password or "", row[1] if row else hash_password("not a user"))
    return row[0] if row and ok else None
