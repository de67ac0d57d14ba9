"""The company's option ledger: importing its CSV and looking a holder up.

One row per grant, in the contract's format:

    holder_id,name,ssn,address,grant_number,grant_date,shares_granted,exercise_price,shares_exercised

Importing again updates holders and grants in place (keyed by holder_id and
grant_number).  A malformed row is reported with its line number and reason;
the good rows still load, all of them in one transaction.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import click
import sqlite_utils

from .cli_common import common_options, pass_context
from .db import default_actor, insert, log_event, now_utc, transaction, update
from .errors import BadInput, ExitCode, MissingFile, NotFound
from .normalize import parse_count, parse_date, parse_price, parse_ssn
from .privacy import mask_ssn

COLUMNS = ("holder_id", "name", "ssn", "address", "grant_number", "grant_date",
           "shares_granted", "exercise_price", "shares_exercised")
HOLDER_FACTS = ("name", "ssn", "address")
GRANT_FACTS = ("grant_date", "shares_granted", "exercise_price", "shares_exercised")


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ImportResult:
    import_id: int
    rows_read: int
    rows_loaded: int
    holders_added: int = 0
    holders_updated: int = 0
    grants_added: int = 0
    grants_updated: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class LedgerRow:
    line: int
    holder: dict      # holder_id, name, ssn, address
    grant: dict       # holder_id, grant_number and GRANT_FACTS


def _parse_row(raw: dict) -> tuple[dict, dict]:
    """One CSV row as (holder, grant) in normal form; ValueError names what is wrong."""
    cell = {k: (raw.get(k) or "").strip() for k in COLUMNS}
    for name in ("holder_id", "name", "ssn", "grant_number", "grant_date", "shares_granted",
                 "exercise_price"):
        if not cell[name]:
            raise ValueError(f"{name} is empty")
    ssn = parse_ssn(cell["ssn"])
    if ssn is None:
        raise ValueError(f"ssn is not nine digits like 123-45-6789 (got {mask_ssn(cell['ssn'])})")
    grant_date = parse_date(cell["grant_date"])
    if grant_date is None:
        raise ValueError(f"grant_date {cell['grant_date']!r} is not a date like 2001-05-14")
    granted = parse_count(cell["shares_granted"])
    if granted is None:
        raise ValueError(f"shares_granted {cell['shares_granted']!r} is not a whole number")
    price = parse_price(cell["exercise_price"])
    if price is None:
        raise ValueError(f"exercise_price {cell['exercise_price']!r} is not a price like 12.50")
    exercised = parse_count(cell["shares_exercised"] or "0")
    if exercised is None:
        raise ValueError(f"shares_exercised {cell['shares_exercised']!r} is not a whole number")
    if exercised > granted:
        raise ValueError(f"shares_exercised {exercised} is more than shares_granted {granted}")
    holder = {"holder_id": cell["holder_id"], "name": " ".join(cell["name"].split()), "ssn": ssn,
              "address": cell["address"] or None}
    grant = {"holder_id": cell["holder_id"], "grant_number": cell["grant_number"],
             "grant_date": grant_date, "shares_granted": granted, "exercise_price": price,
             "shares_exercised": exercised}
    return holder, grant


def parse_csv(text: str) -> tuple[list[LedgerRow], list[RowError]]:
    """The ledger rows of a CSV text and the errors of the rows that are not."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise BadInput(f"The roster has no column {', '.join(missing)}; the header must be "
                       f"{','.join(COLUMNS)}.", "bad_roster")
    reader.fieldnames = header
    rows, errors = [], []
    holders: dict[str, tuple[int, dict]] = {}
    grants: dict[tuple[str, str], int] = {}
    ssns: dict[str, str] = {}
    end = reader.line_num
    for raw in reader:
        line, end = end + 1, reader.line_num
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue
        try:
            if None in raw:
                raise ValueError(f"{len(header) + len(raw[None])} cells where the header has {len(header)}")
            holder, grant = _parse_row(raw)
            hid = holder["holder_id"]
            if hid in holders and holders[hid][1] != holder:
                first = holders[hid]
                diff = [k for k in HOLDER_FACTS if first[1][k] != holder[k]]
                raise ValueError(f"holder {hid}'s {', '.join(diff)} differs from line {first[0]}")
            if ssns.setdefault(holder["ssn"], hid) != hid:
                raise ValueError(f"the ssn {mask_ssn(holder['ssn'])} is already holder {ssns[holder['ssn']]}'s")
            key = (hid, grant["grant_number"])
            if key in grants:
                raise ValueError(f"grant {key[1]} of {hid} is listed again (first on line {grants[key]})")
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        holders.setdefault(hid, (line, holder))
        grants[key] = line
        rows.append(LedgerRow(line, holder, grant))
    return rows, errors


def import_csv(db: sqlite_utils.Database, path: Path, *, actor: str | None = None) -> ImportResult:
    """Load (or update) the ledger from a roster CSV; malformed rows are reported, not loaded."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise MissingFile(path) from exc
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.", "bad_roster") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{Path(path).name} is not UTF-8 text (byte {exc.start}).", "bad_roster") from exc
    rows, errors = parse_csv(text)
    actor = actor or default_actor()
    read = len(rows) + len(errors)
    with transaction(db):
        import_id = insert(db, "roster_imports", {
            "source_name": Path(path).name, "sha256": hashlib.sha256(data).hexdigest(),
            "imported_at": now_utc(), "actor": actor, "rows_read": read, "rows_loaded": len(rows),
            "errors": [{"line": e.line, "reason": e.reason} for e in errors]})
        result = ImportResult(import_id, read, len(rows), errors=errors)
        seen: set[str] = set()
        for row in rows:
            if row.holder["holder_id"] not in seen:
                seen.add(row.holder["holder_id"])
                _upsert(db, "holders", {"holder_id": row.holder["holder_id"]}, row.holder,
                        HOLDER_FACTS, import_id, result, "holders")
            _upsert(db, "ledger_grants", {"holder_id": row.grant["holder_id"],
                                          "grant_number": row.grant["grant_number"]},
                    row.grant, GRANT_FACTS, import_id, result, "grants")
        log_event(db, "roster_imported", actor=actor, detail={
            "import_id": import_id, "source_name": Path(path).name, "rows_read": read,
            "rows_loaded": len(rows), "holders_added": result.holders_added,
            "holders_updated": result.holders_updated, "grants_added": result.grants_added,
            "grants_updated": result.grants_updated,
            "errors": [str(e) for e in errors]})
    return result


def _upsert(db, table: str, key: dict, row: dict, facts: tuple[str, ...], import_id: int,
            result: ImportResult, counter: str) -> None:
    cond = " AND ".join(f"{k} = ?" for k in key)
    old = db.execute(f"SELECT {', '.join(facts)} FROM {table} WHERE {cond}", list(key.values())).fetchone()
    values = {**{k: row[k] for k in facts}, "import_id": import_id, "updated_at": now_utc()}
    if old is None:
        insert(db, table, {**key, **values})
        setattr(result, f"{counter}_added", getattr(result, f"{counter}_added") + 1)
    else:
        update(db, table, key, values)
        if tuple(old) != tuple(row[k] for k in facts):
            setattr(result, f"{counter}_updated", getattr(result, f"{counter}_updated") + 1)


def is_loaded(db: sqlite_utils.Database) -> bool:
    """Whether any ledger has been imported (no roster: nothing to match against)."""
    return db.execute("SELECT 1 FROM holders LIMIT 1").fetchone() is not None


def holder_record(db: sqlite_utils.Database, holder: str) -> dict:
    """A holder by id (or by exact name, any case) with their grants, in grant-date order."""
    row = db.execute("SELECT * FROM holders WHERE holder_id = ?", [holder]).fetchone()
    if row is None:
        rows = db.execute("SELECT * FROM holders WHERE lower(name) = lower(?)", [holder.strip()]).fetchall()
        if len(rows) > 1:
            raise NotFound(f"{len(rows)} holders are named {holder!r}; give the holder id.")
        row = rows[0] if rows else None
    if row is None:
        raise NotFound(f"No holder {holder!r} in the option ledger.")
    cols = ("holder_id", "name", "ssn", "address", "import_id", "updated_at")
    out = dict(zip(cols, row))
    out["grants"] = [dict(g) for g in db.query(
        "SELECT grant_number, grant_date, shares_granted, exercise_price, shares_exercised "
        "FROM ledger_grants WHERE holder_id = ? ORDER BY grant_date, grant_number", [out["holder_id"]])]
    return out


# --- the command line -------------------------------------------------------------------

roster_group = click.Group("roster", help="The company's option ledger: import it, look a holder up.")


@roster_group.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@common_options
@pass_context
def import_command(obj, file):
    """Load the option ledger from FILE.csv (one row per grant); importing again updates.

    A malformed row is reported with its line number and reason, and the good rows
    still load (the exit status is then 1).

    Example: intake roster import ledger-2003-03.csv
    """
    db = obj.db()
    result = import_csv(db, file)
    for err in result.errors:
        click.echo(f"intake: {file.name}: {err}", err=True)
    click.echo(f"{file.name}: {result.rows_loaded} of {result.rows_read} rows loaded; holders "
               f"{result.holders_added} new, {result.holders_updated} changed; grants "
               f"{result.grants_added} new, {result.grants_updated} changed")
    from . import ledger   # documents read before any ledger was loaded find their holders now
    matched = ledger.rematch(db, obj.config())
    if matched:
        click.echo(f"{len(matched)} document(s) read before the ledger was loaded were matched to holders "
                   "(or sent to review)")
    if result.errors:
        raise click.exceptions.Exit(int(ExitCode.input_failed))


@roster_group.command("show")
@click.argument("holder")
@click.option("--show-pii", is_flag=True, help="Show the social security number unmasked.")
@common_options
@pass_context
def show_command(obj, holder, show_pii):
    """Show HOLDER (a holder id, or the name exactly) and their grants; the SSN is masked.

    Example: intake roster show E1001
    """
    rec = holder_record(obj.db(), holder)
    click.echo(f"{rec['holder_id']}  {rec['name']}  SSN {rec['ssn'] if show_pii else mask_ssn(rec['ssn'])}")
    if rec["address"]:
        click.echo(f"  {rec['address']}")
    click.echo(f"  {'grant':<14}{'date':<12}{'granted':>10}{'price':>10}{'exercised':>11}{'open':>10}")
    for g in rec["grants"]:
        open_ = g["shares_granted"] - g["shares_exercised"]
        click.echo(f"  {g['grant_number']:<14}{g['grant_date']:<12}{g['shares_granted']:>10,}"
                   f"{g['exercise_price']:>10}{g['shares_exercised']:>11,}{open_:>10,}")
