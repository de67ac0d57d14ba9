"""The checks a reviewer's value passes: the same a reading passes, and the ledger's.

`broken(db, cfg, document_id, key, value)` lists, in plain sentences, every check the
document would break with `value` in field `key` and that concerns that field: its
kind is checked before (`review.validate`); here the Offer's rules (a signing date
within the Offer, not in the future, not after receipt; shares exercised at most
granted; a tender at most granted less exercised; a plausible price and grant date)
and the option ledger (a holder id it knows; the SSN and grants it has for the holder).
A value that breaks one is kept only with a reviewer's reason (`review.actions`).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import sqlite_utils

from intake import match, rules
from intake.config import Config
from intake.errors import ValidationError
from intake.fieldspec import split_key
from intake.ledger import Ledger, LedgerHolder, load
from intake.privacy import mask_ssn

PRICE_RANGE = (0.01, 1000.0)      # the same bounds `intake.checks` doubts a reading's price by
FIRST_GRANT_YEAR = 1980


def facts(db: sqlite_utils.Database, document_id: str, key: str | None = None, value: Any = None) -> rules.Facts:
    """The document's current values, with `key` set to `value` when given."""
    f = rules.Facts.of_record(db, document_id)
    grants = _rows(db, document_id)
    f.grants = [grants[i] for i in sorted(grants)]
    if key is not None:
        idx, name = split_key(key)
        if idx is None:
            f.fields[key] = value
        else:
            order = sorted(grants)
            f.grants[order.index(idx)][name] = value
    return f


def _rows(db: sqlite_utils.Database, document_id: str) -> dict[int, dict]:
    """Grant rows by index (a removed row leaves a gap), each name -> current value."""
    rows = {r["idx"]: {} for r in db.query("SELECT idx FROM grants WHERE document_id = ?", [document_id])}
    for r in db.query("SELECT key, value FROM fields WHERE document_id = ? AND key LIKE 'grants.%'",
                      [document_id]):
        idx, name = split_key(r["key"])
        if idx in rows:
            rows[idx][name] = json.loads(r["value"]) if r["value"] is not None else None
    return rows


def holder_of(db: sqlite_utils.Database, document_id: str, ledger: Ledger | None) -> LedgerHolder | None:
    row = db.execute("SELECT value FROM fields WHERE document_id = ? AND key = 'holder_id'", [document_id]).fetchone()
    hid = json.loads(row[0]) if row and row[0] is not None else \
        db.execute("SELECT holder_id FROM documents WHERE document_id = ?", [document_id]).fetchone()[0]
    return ledger.holders.get(hid) if ledger and hid else None


def ledger_grants(db: sqlite_utils.Database, document_id: str, holder: LedgerHolder | None,
                  rows: dict[int, dict]) -> dict[int, dict]:
    """Each row's grant in the ledger (row index -> ledger grant), matched as at reading."""
    if holder is None or not holder.grants or not rows:
        return {}
    order = sorted(rows)
    found = match.match_rows([rows[i] for i in order], holder.grants)
    by_number = {g["grant_number"]: g for g in holder.grants}
    return {i: by_number[m.grant_number] for i, m in zip(order, found) if m.grant_number}


def known_holder(db: sqlite_utils.Database, holder_id: str) -> None:
    """A holder id must be one the ledger has: no reason makes a tender belong to nobody."""
    if not db.execute("SELECT 1 FROM holders WHERE holder_id = ?", [holder_id]).fetchone():
        loaded = db.execute("SELECT 1 FROM holders LIMIT 1").fetchone()
        raise ValidationError(f"{holder_id} is not a holder in the option ledger" +
                              ("." if loaded else " (no ledger is loaded: import the roster first)."))


def _signed_at(f: rules.Facts, cfg: Config, value: str | None) -> list[str]:
    if not value:
        return []
    out = [p.message for p in rules.signing_date(f, cfg)]
    zone = cfg.offer.timezone
    day = date.fromisoformat(value[:10])
    if day > cfg.offer.deadline.astimezone(zone).date():
        out.append(f"dated {value}, after the Offer's deadline ({cfg.offer.deadline.astimezone(zone):%Y-%m-%d})")
    now = datetime.now(zone).strftime("%Y-%m-%dT%H:%M" if "T" in value else "%Y-%m-%d")
    if value > now:
        out.append(f"dated {value}, which is in the future")
    return list(dict.fromkeys(out))


def grant_row(row: dict, cfg: Config, ledger_grant: dict | None) -> list[tuple[tuple[str, ...], str]]:
    """The row's broken checks, each with the names of the fields it concerns."""
    out = []
    granted, exercised, tendered = row.get("shares_granted"), row.get("shares_exercised"), row.get("shares_tendered")
    gd, price = row.get("grant_date"), row.get("exercise_price")
    if gd and date.fromisoformat(gd) >= cfg.offer.commencement:
        out.append((("grant_date",), f"a grant date {gd} on or after the Offer began ({cfg.offer.commencement})"))
    if gd and date.fromisoformat(gd).year < FIRST_GRANT_YEAR:
        out.append((("grant_date",), f"a grant date {gd} before the plan could have granted it"))
    if granted is not None and exercised is not None and exercised > granted:
        out.append((("shares_exercised", "shares_granted"),
                    f"{exercised:,} shares exercised of a grant of {granted:,}"))
    if granted is not None and tendered is not None and tendered > granted - (exercised or 0):
        out.append((("shares_tendered", "shares_granted", "shares_exercised"),
                    f"{tendered:,} shares tendered, more than the {max(granted - (exercised or 0), 0):,} "
                    "granted less exercised"))
    if granted == 0:
        out.append((("shares_granted",), "a grant of no shares"))
    if price is not None and not (PRICE_RANGE[0] <= float(price) <= PRICE_RANGE[1]):
        out.append((("exercise_price",), f"an exercise price of {price}, outside "
                    f"{PRICE_RANGE[0]:.2f}..{PRICE_RANGE[1]:.2f}"))
    if ledger_grant is not None:
        g = ledger_grant
        for name in match.FACTS:
            if row.get(name) is not None and str(row[name]) != str(g[name]):
                out.append(((name,), f"the ledger's grant {g['grant_number']} has {name.replace('_', ' ')} "
                            f"{g[name]}, not {row[name]}"))
        available = g["shares_granted"] - g["shares_exercised"]
        if tendered is not None and tendered > available:
            out.append((("shares_tendered",), f"{tendered:,} shares tendered of grant {g['grant_number']}, "
                        f"which has only {available:,} unexercised in the ledger"))
    return out


def broken(db: sqlite_utils.Database, cfg: Config, document_id: str, key: str, value: Any) -> list[str]:
    """The checks the document breaks with `value` in `key`, concerning that field."""
    idx, name = split_key(key)
    f = facts(db, document_id, key, value)
    ledger = load(db)
    holder = holder_of(db, document_id, ledger)
    if name == "signed_at":
        return _signed_at(f, cfg, value)
    if name == "holder_id":
        if value is None:
            return []
        if ledger is None:
            return [f"no option ledger is loaded, so {value} cannot be checked (import the roster first)"]
        if value not in ledger.holders:
            return [f"{value} is not a holder in the option ledger"]
        by_ssn = ledger.by_ssn(f.fields.get("ssn"))
        if by_ssn is not None and by_ssn.holder_id != value:
            return [f"the form's SSN is {by_ssn.holder_id}'s ({by_ssn.name}) in the option ledger, not {value}'s"]
        return []
    if name == "ssn":
        if value is None or holder is None:
            return []
        if match.ssn_digits(value) != match.ssn_digits(holder.ssn):
            other = ledger.by_ssn(value)
            whose = f"; the ledger has it for {other.holder_id}" if other else ""
            return [f"the ledger has {mask_ssn(holder.ssn)} for {holder.holder_id}, not {mask_ssn(value)}{whose}"]
        return []
    if idx is not None:
        rows = _rows(db, document_id)
        rows[idx] = {**rows.get(idx, {}), name: value}
        ledger_grant = ledger_grants(db, document_id, holder, rows).get(idx)
        return [msg for names, msg in grant_row(rows[idx], cfg, ledger_grant) if name in names]
    return []
