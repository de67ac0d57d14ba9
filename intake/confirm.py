"""`intake confirm`: the confirmation of receipt the Election Form promises, once per document.

"ALPHA WILL SEND A CONFIRMATION WITHIN FIVE BUSINESS DAYS OF RECEIPT."  For every Election
Form or Notice to Change Election received that has no confirmation yet, a letter to the
holder (name and address from the option ledger, the form's as a fallback) says what was
received and when, and either what it elects (the grants tendered, with the grants since the
six-month cut-off that go with them) or why it cannot stand (late, unsigned, replaced by a
later form, withdrawn by a notice, rejected).  The outcome is the one `intake.elections`
gives the document at the moment of issue.  A document still waiting for review gets none
unless asked (`include_pending`: the letter says "received; under review").

Each letter is written twice, as PDF (for print) and plain text (for e-mail), into the
output folder.  Issuing is one transaction: the files are moved into place, a row goes into
`confirmations` (one per document, a unique key; the table refuses updates and deletes) and
a `confirmation_issued` event records the files and their SHA-256.  The files are rendered
under temporary names first, so of two runs at once only the one that records the row puts
its files in place; the other discards its own and prints nothing for that document.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import click
import sqlite_utils

from . import elections, letters
from .cli_common import common_options, pass_context
from .config import Config
from .db import default_actor, insert, log_event, transaction
from .errors import UsageError
from .privacy import mask_ssn
from .receipt import iso

EVENT = "confirmation_issued"
CONFIRMED_TYPES = ("election_form", "change_notice")
LABELS = {"election_form": "Election Form",
          "change_notice": "Notice to Change Election From Accept to Reject"}
SOURCE_NOTES = {"form": "listed on your form", "additional_sheet": "listed on your additional sheet",
                "six_month_rule": "granted since {cutoff}: included with the rest"}


@dataclass(frozen=True)
class Issued:
    document_id: str
    holder_id: str | None
    received_at: str
    issued_at: str
    kind: str
    files: list[dict]           # {"format", "path", "sha256"}

    def json(self) -> dict:
        return {"document_id": self.document_id, "holder_id": self.holder_id, "received_at": self.received_at,
                "files": [f["path"] for f in self.files], "issued_at": self.issued_at, "kind": self.kind,
                "sha256": {f["path"]: f["sha256"] for f in self.files}}


# --- which documents --------------------------------------------------------------------

def candidates(db: sqlite_utils.Database, cfg: Config, day: date | None, include_pending: bool) -> tuple[list[dict], list[dict]]:
    """The documents to confirm now, and those left waiting because they are under review."""
    marks = ",".join("?" for _ in CONFIRMED_TYPES)
    rows = list(db.query(
        f"SELECT * FROM documents WHERE document_type IN ({marks}) AND document_id NOT IN "
        f"(SELECT document_id FROM confirmations) ORDER BY received_at, document_id", list(CONFIRMED_TYPES)))
    zone = cfg.offer.timezone
    if day is not None:
        rows = [r for r in rows if datetime.fromisoformat(r["received_at"]).astimezone(zone).date() == day]
    waiting = [r for r in rows if r["status"] == "needs_review"]
    if include_pending:
        return rows, []
    return [r for r in rows if r["status"] != "needs_review"], waiting


# --- what the letter says ---------------------------------------------------------------

def _when(text: str, cfg: Config) -> str:
    t = datetime.fromisoformat(text).astimezone(cfg.offer.timezone)
    hour = t.strftime("%I").lstrip("0")
    return f"{t:%A}, {t:%B} {t.day}, {t.year} at {hour}:{t:%M:%S} {t:%p} {t:%Z}"


def _day_words(d: date) -> str:
    return f"{d:%B} {d.day}, {d.year}"


def deadline_words(cfg: Config) -> str:
    t = cfg.offer.deadline.astimezone(cfg.offer.timezone)
    return f"{t.strftime('%I').lstrip('0')}:{t:%M} {t:%p} {t:%Z} on {_day_words(t.date())}"


def _address_lines(text: str | None) -> list[str]:
    """'12 Elm St, Nashua NH 03060' -> ['12 Elm St', 'Nashua NH 03060']."""
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def _field(db: sqlite_utils.Database, document_id: str, key: str):
    row = db.execute("SELECT value FROM fields WHERE document_id = ? AND key = ?", [document_id, key]).fetchone()
    return json.loads(row[0]) if row and row[0] is not None else None


def _by_document(entries: list[dict]) -> dict[str, tuple[dict, dict]]:
    return {d["document_id"]: (e, d) for e in entries for d in e["documents"]}


def _recipient(db: sqlite_utils.Database, doc: dict, entry: dict | None) -> tuple[str | None, str, list[str], str | None]:
    """holder_id, name, address lines and masked SSN: the ledger's, else what the form says."""
    holder_id = entry["holder_id"] if entry and entry["in_ledger"] else None
    ledger = db.execute("SELECT name, ssn, address FROM holders WHERE holder_id = ?", [holder_id]).fetchone() \
        if holder_id else None
    form_name, form_ssn = _field(db, doc["document_id"], "holder_name"), _field(db, doc["document_id"], "ssn")
    form_address = _field(db, doc["document_id"], "address")
    if ledger:
        name, ssn, address = ledger[0], ledger[1], ledger[2] or form_address
    else:
        name, ssn, address = form_name, form_ssn, form_address
    return holder_id, name or "Option holder", _address_lines(address), mask_ssn(ssn) if ssn else None


def _grants(entry: dict, cfg: Config) -> list[dict]:
    cutoff = _day_words(cfg.offer.six_month_cutoff)
    return [{"grant": g["grant_number"] or (f"row {g['row']}" if g["row"] else None),
             "grant_date": g["grant_date"], "exercise_price": g["exercise_price"], "shares": g["shares_tendered"],
             "note": SOURCE_NOTES.get(g["source"], g["source"]).format(cutoff=cutoff)} for g in entry["grants"]]


def _rejection_reason(db: sqlite_utils.Database, document_id: str) -> str | None:
    row = db.execute("SELECT reason FROM review_rejections WHERE document_id = ?", [document_id]).fetchone()
    return row[0] if row else None


def _replaced_by(doc: dict, entry: dict | None, cfg: Config) -> str:
    """Which later document took this one's place: a form replaces it, a notice withdraws it."""
    docs = entry["documents"] if entry else []
    ids = [d["document_id"] for d in docs]
    later = next((d for d in docs[ids.index(doc["document_id"]) + 1:] if d["role"] in ("stands", "replaced")),
                 None) if doc["document_id"] in ids else None
    if later is None:
        return "it was replaced in full by a later form you delivered"
    when = _when(later["received_at"], cfg)
    if later["document_type"] == "change_notice":
        return f"it was withdrawn by your later Notice to Change Election, received {when}"
    return f"it was replaced in full by your later Election Form, received {when}"


def outcome(db: sqlite_utils.Database, cfg: Config, doc: dict, entry: dict | None, role: dict | None) -> dict:
    """kind, headline, paragraphs and grants of the letter for one document."""
    label = LABELS[doc["document_type"]]
    change = (f"You may change your election until the deadline, {deadline_words(cfg)}, by delivering a new "
              "Election Form or a Notice to Change Election From Accept to Reject.")
    before_deadline = bool(doc["on_time"])
    if doc["status"] == "needs_review":
        return {"kind": "pending", "headline": f"Your {label}: received; under review.",
                "paragraphs": ["The Company is checking what it says. Keep this letter as proof of the time "
                               "your document was received."]}
    what = role["role"] if role else None
    if what == "stands" and entry["outcome"] == elections.TENDERED:
        grants = _grants(entry, cfg)
        paras = []
        if any(g["source"] == "six_month_rule" for g in entry["grants"]):
            paras.append(f"As the Offer requires, every option granted to you since "
                         f"{_day_words(cfg.offer.six_month_cutoff)} is tendered with the options you listed, "
                         "whether or not your form lists it (Instruction 3).")
        paras.append("The tendered options will be cancelled and replaced by New Options on the terms of the Offer.")
        if before_deadline:
            paras.append(change)
        return {"kind": "tender", "headline": "Your election to tender the options below stands.",
                "paragraphs": paras, "grants": grants, "total": entry["shares_tendered"]}
    if what == "stands" and doc["document_type"] == "change_notice":
        paras = ["You may tender again before the deadline, " + deadline_words(cfg) + ", by delivering a new "
                 "Election Form."] if before_deadline else []
        return {"kind": "withdrawal", "headline": "Your Notice withdraws your tender: none of your options "
                "will be exchanged.", "paragraphs": paras}
    if what == "stands" and not entry.get("defects"):
        return {"kind": "no_tender", "headline": f"Your {label} does not tender any options, so none will be "
                "exchanged: the box \"Yes, I wish to tender\" is not marked and no grant is listed.",
                "paragraphs": [change] if before_deadline else []}
    if what == "stands":
        why = "; ".join(p["message"] for p in entry["defects"])
        return {"kind": "not_standing", "headline": f"Your {label} cannot stand as it is: {why}.",
                "paragraphs": ["No tender is properly made until every defect is cured or waived (Instruction 7). "
                               + (change if before_deadline else "")]}
    reasons = {
        "late": f"it was received after the deadline, {deadline_words(cfg)}, so it cannot change your election",
        "unsigned": "it is not signed, so it is not a properly executed election (Instruction 1)",
        "replaced": _replaced_by(doc, entry, cfg),
        "rejected_by_reviewer": "the Company did not accept it"
        + (f" ({_rejection_reason(db, doc['document_id'])})" if _rejection_reason(db, doc["document_id"]) else ""),
    }
    why = reasons.get(what) or (role["note"] if role and role.get("note") else "it does not count as an election")
    return {"kind": "not_standing", "headline": f"This {label} cannot stand: {why}.",
            "paragraphs": [change] if before_deadline else []}


def compose(db: sqlite_utils.Database, cfg: Config, doc: dict, issued_on: date,
            by_document: dict[str, tuple[dict, dict]]) -> letters.Letter:
    entry, role = by_document.get(doc["document_id"], (None, None))
    holder_id, name, address, ssn = _recipient(db, doc, entry)
    said = outcome(db, cfg, doc, entry, role)
    return letters.Letter(
        document_id=doc["document_id"], holder_id=holder_id, name=name, address_lines=address, ssn=ssn,
        dated=_day_words(issued_on), document_label=LABELS[doc["document_type"]], source_name=doc["source_name"],
        received=_when(doc["received_at"], cfg), kind=said["kind"], headline=said["headline"],
        paragraphs=said["paragraphs"], grants=said.get("grants", []), total_shares=said.get("total"))


# --- issuing ----------------------------------------------------------------------------

def _stage(folder: Path, name: str, data: bytes) -> tuple[Path, Path, str]:
    """Write `data` under a temporary name beside its final place; return both paths and its hash."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(tmp), folder / name, hashlib.sha256(data).hexdigest()


def file_stem(doc: dict, cfg: Config) -> str:
    day = datetime.fromisoformat(doc["received_at"]).astimezone(cfg.offer.timezone).date()
    return f"confirmation-{day.isoformat()}-{doc['document_id']}"


def issue_one(db: sqlite_utils.Database, cfg: Config, doc: dict, letter: letters.Letter, folder: Path,
              now: datetime, actor: str) -> Issued | None:
    """Record and put in place one confirmation; None when another run issued it first."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(doc, cfg)
    staged = [_stage(folder, f"{stem}.pdf", letters.pdf(letter)),
              _stage(folder, f"{stem}.txt", letters.text(letter).encode("utf-8"))]
    files = [{"format": final.suffix[1:], "path": str(final.resolve()), "sha256": digest}
             for _, final, digest in staged]
    issued_at = now.astimezone(timezone.utc).isoformat(timespec="microseconds")
    received_at = iso(datetime.fromisoformat(doc["received_at"]), cfg.offer.timezone)
    try:
        with transaction(db):
            if db.execute("SELECT 1 FROM confirmations WHERE document_id = ?", [doc["document_id"]]).fetchone():
                return None
            for tmp, final, _ in staged:
                os.replace(tmp, final)
            event_id = log_event(db, EVENT, actor=actor, document_id=doc["document_id"],
                                 detail={"kind": letter.kind, "files": files, "holder_id": letter.holder_id,
                                         "received_at": received_at})
            insert(db, "confirmations", {"document_id": doc["document_id"], "holder_id": letter.holder_id,
                                         "received_at": received_at, "issued_at": issued_at, "kind": letter.kind,
                                         "files": files, "actor": actor, "event_id": event_id})
    finally:
        for tmp, _, _ in staged:
            tmp.unlink(missing_ok=True)
    return Issued(doc["document_id"], letter.holder_id, received_at, issued_at, letter.kind, files)


def run(db: sqlite_utils.Database, cfg: Config, folder: Path, *, day: date | None = None,
        include_pending: bool = False, now: datetime | None = None, actor: str | None = None):
    """Issue every confirmation not yet made; yield each as it is issued.  Returns the waiting count."""
    now = now or datetime.now(timezone.utc)
    actor = actor or default_actor()
    todo, waiting = candidates(db, cfg, day, include_pending)
    if not todo:
        return len(waiting)
    by_document = _by_document(elections.compute(db, cfg))
    issued_on = now.astimezone(cfg.offer.timezone).date()
    for doc in todo:
        done = issue_one(db, cfg, doc, compose(db, cfg, doc, issued_on, by_document), folder, now, actor)
        if done is not None:
            yield done
    return len(waiting)


def issued(db: sqlite_utils.Database) -> list[dict]:
    """Every confirmation issued, oldest first."""
    return [{**r, "files": json.loads(r["files"])} for r in db.query("SELECT * FROM confirmations ORDER BY id")]


@click.command("confirm")
@click.option("--date", "day_text", metavar="YYYY-MM-DD",
              help="Only documents received that day (in the Offer's time zone).")
@click.option("--all", "all_days", is_flag=True, help="Documents received on any day (the default).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Where the letters go (default: HOME/confirmations).")
@click.option("--include-pending", is_flag=True,
              help="Also confirm documents still under review (the letter says: received; under review).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per confirmation issued.")
@common_options
@pass_context
def confirm_command(obj, day_text, all_days, out, include_pending, as_json):
    """Make the confirmations of receipt not yet made: one letter per Election Form or
    Notice received, as PDF (print) and text (e-mail), SSN shown by its last four digits.

    A document under review waits (unless --include-pending); one already confirmed is
    never confirmed again.

    Example: intake confirm --date 2003-03-31 --out letters/ --json
    """
    if day_text and all_days:
        raise UsageError("Give either --date or --all, not both.")
    from .report import parse_day
    day = parse_day(day_text) if day_text else None
    cfg, db = obj.config(), obj.db()
    folder = out if out is not None else obj.home.root / "confirmations"
    gen = run(db, cfg, folder, day=day, include_pending=include_pending)
    count = 0
    while True:
        try:
            one = next(gen)
        except StopIteration as stop:
            waiting = stop.value or 0
            break
        count += 1
        if as_json:
            click.echo(json.dumps(one.json()))
        else:
            click.echo(f"{one.document_id} {one.holder_id or '(not in ledger)'} {one.kind}: "
                       + ", ".join(f["path"] for f in one.files))
    if not as_json:
        click.echo(f"{count} confirmation(s) issued"
                   + (f"; {waiting} document(s) under review wait (--include-pending to confirm them now)"
                      if waiting else ""))
