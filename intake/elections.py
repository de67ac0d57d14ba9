"""Each holder's election under the Offer, from the records as they stand now.

The election that stands is the latest properly signed Election Form or Notice to
Change Election received by the deadline (Instruction 1).  A later form replaces an
earlier one in full; a Notice withdraws the tender; a document received after the
deadline changes nothing (it is listed) unless the Company waived lateness; a resend
of the same file (same sha256) counts once.  A tender with a defect that is neither
cured nor waived is rejected (Instruction 7).  Grants made since the six-month
cut-off are tendered with the rest, listed or not.

The values used are the documents' current ones (the `fields` table, which carries
the reviewers' corrections), never the first readings.  Every entry says which
documents, rules, waivers and corrections its outcome rests on.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import click
import sqlite_utils

from . import holders as holders_mod
from . import ledger as ledger_mod
from . import match, rules
from .cli_common import common_options, pass_context
from .config import Config
from .privacy import mask_ssn
from .receipt import iso
from .inbox import shown_name

NO_ELECTION, TENDERED, REJECTED = "no_election", "tendered", "rejected"
TYPE_NAMES = {"election_form": "Election Form", "change_notice": "Notice to Change Election",
              "other": "document"}


@dataclass
class Doc:
    row: dict
    facts: rules.Facts
    holder_id: str | None
    problems: dict[str, bool]          # stored problem code -> resolved
    resent: list[str]                  # received_at of later arrivals of the same file
    rejected_by: str | None
    open_review: list[str]
    sources: dict[int, str]            # grant row index -> form | additional_sheet
    holder_reviewed: bool = False      # a person has decided the holder (even as nobody in the ledger)

    @property
    def id(self) -> str:
        return self.row["document_id"]

    def label(self, zone) -> str:
        return f"{TYPE_NAMES[self.row['document_type']]} {self.row['source_name']} " \
               f"(received {_when(self.row['received_at'], zone)})"


def _when(text: str, zone) -> str:
    from datetime import datetime
    return datetime.fromisoformat(text).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _table(db: sqlite_utils.Database, name: str) -> bool:
    return name in db.table_names()


def _load_documents(db: sqlite_utils.Database) -> list[Doc]:
    rejected = {r["document_id"]: r["actor"] for r in db.query("SELECT document_id, actor FROM review_rejections")} \
        if _table(db, "review_rejections") else {}
    out = []
    for row in db.query("SELECT * FROM documents ORDER BY received_at, document_id"):
        doc_id = row["document_id"]
        facts = rules.Facts.of_record(db, doc_id)
        holder = facts.fields.pop("holder_id", row["holder_id"])
        problems: dict[str, bool] = {}
        for p in db.query("SELECT code, resolved FROM problems WHERE document_id = ?", [doc_id]):
            problems[p["code"]] = problems.get(p["code"], True) and bool(p["resolved"])
        resent = [r["received_at"] for r in db.query(
            "SELECT received_at FROM receipts WHERE duplicate_of = ? ORDER BY received_at", [row["receipt_id"]])]
        review = [r["key"] for r in db.query(
            "SELECT key FROM fields WHERE document_id = ? AND needs_review = 1 ORDER BY key", [doc_id])]
        sources = {g["idx"]: g["source"] for g in db.query(
            "SELECT idx, source FROM grants WHERE document_id = ?", [doc_id])}
        origin = db.execute("SELECT origin FROM fields WHERE document_id = ? AND key = 'holder_id'",
                            [doc_id]).fetchone()
        out.append(Doc(row, facts, holder, problems, resent, rejected.get(doc_id), review, sources,
                       bool(origin and origin[0] == "review")))
    return out


def _corrections(db: sqlite_utils.Database, doc_ids: list[str]) -> list[dict]:
    if not doc_ids:
        return []
    marks = ",".join("?" for _ in doc_ids)
    out = []
    kinds = "('field_corrected', 'holder_assigned', 'document_type_set')"
    for e in db.query(f"SELECT at, actor, document_id, detail FROM events WHERE kind IN {kinds} "
                      f"AND document_id IN ({marks}) ORDER BY id", doc_ids):
        d = json.loads(e["detail"] or "{}")
        out.append({"document_id": e["document_id"], "key": d.get("key"), "old": d.get("old"),
                    "new": d.get("new"), "by": e["actor"], "at": e["at"]})
    return out


def _waivers(db: sqlite_utils.Database) -> dict[str, dict]:
    if not _table(db, "waivers"):
        return {}
    return {r["code"]: {"code": r["code"], "reason": r["reason"], "by": r["actor"], "at": r["at"]}
            for r in db.query("SELECT * FROM waivers WHERE revoked_at IS NULL ORDER BY id")}


def _group_key(d: Doc) -> str:
    if d.holder_id:
        return d.holder_id
    digits = match.ssn_digits(d.facts.fields.get("ssn"))
    if digits:
        return f"ssn:{digits}"
    name = match.name_key(d.facts.fields.get("holder_name") or "")
    return f"name:{name}" if name else f"document:{d.id}"


class _Election:
    """Works out one holder's election; collects the explanation as it goes."""

    def __init__(self, docs: list[Doc], holder: ledger_mod.LedgerHolder | None, cfg: Config,
                 waivers: dict[str, dict]):
        self.docs, self.holder, self.cfg, self.waivers = docs, holder, cfg, waivers
        self.zone = cfg.offer.timezone
        self.notes: list[str] = []
        self.roles: dict[str, tuple[str, str]] = {}
        self.used_waivers: dict[str, dict] = {}
        self.provisional: list[str] = []

    def waived(self, code: str) -> bool:
        if code in self.waivers:
            self.used_waivers[code] = self.waivers[code]
            return True
        return False

    def counts(self, d: Doc) -> bool:
        """Whether this document can stand: a form or notice, on time, properly signed."""
        label = d.label(self.zone)
        if d.row["document_type"] not in ("election_form", "change_notice"):
            self.roles[d.id] = ("ignored", "not an Election Form or Notice")
            return False
        if d.rejected_by:
            self.roles[d.id] = ("rejected_by_reviewer", f"rejected by reviewer {d.rejected_by}")
            self.notes.append(f"{label} was rejected by reviewer {d.rejected_by}: it does not count.")
            return False
        if not d.facts.on_time:
            if not self.waived("late"):
                self.roles[d.id] = ("late", "received after the deadline: it does not change the outcome")
                self.notes.append(f"{label} arrived after the deadline; it is recorded but changes nothing.")
                return False
            self.notes.append(f"{label} arrived after the deadline; lateness is waived "
                              f"({self.waivers['late']['reason']}).")
        signed = d.facts.fields.get("signature_present")
        if signed is not True:
            if signed is False and self.waived("missing_signature"):
                self.notes.append(f"{label} is unsigned; the signature requirement is waived.")
            else:
                why = "not signed" if signed is False else "its signature is not yet confirmed"
                self.roles[d.id] = ("unsigned", f"{why}: it does not replace an earlier election")
                self.notes.append(f"{label} is {why}, so it is not a properly signed election.")
                if signed is None:
                    self.provisional.append(f"{d.id}: signature_present is not known yet")
                return False
        return True

    def run(self) -> dict:
        standing: Doc | None = None
        for d in self.docs:
            if d.resent:
                self.notes.append(f"{d.label(self.zone)} was sent again unchanged at "
                                  f"{', '.join(_when(t, self.zone) for t in d.resent)}; it counts once.")
            if not self.counts(d):
                continue
            if standing is not None:
                self.roles[standing.id] = ("replaced", f"replaced in full by {d.row['source_name']}")
                self.notes.append(f"{standing.label(self.zone)} is replaced in full by the later "
                                  f"{d.label(self.zone)}.")
            standing = d
        entry = {"outcome": NO_ELECTION, "reason": "no properly signed Election Form or Notice "
                 "was received by the deadline", "standing_document": None, "grants": [],
                 "shares_tendered": 0, "defects": []}
        if standing is not None:
            self.roles[standing.id] = ("stands", "the election that stands")
            if standing.open_review:
                self.provisional.append(f"{standing.id}: still in review ({', '.join(standing.open_review)})")
            entry.update(self.outcome(standing))
            entry["standing_document"] = standing.id
        return entry

    def outcome(self, d: Doc) -> dict:
        f = d.facts
        if d.row["document_type"] == "change_notice":
            return {"outcome": REJECTED, "reason": f"the Notice to Change Election {d.row['source_name']} "
                    "withdraws the tender of all options"}
        if f.fields.get("tender_elected") is not True and not f.grants:
            if f.fields.get("tender_elected") is None:
                self.provisional.append(f"{d.id}: tender_elected is not known yet")
            return {"outcome": REJECTED, "reason": f"the Election Form {d.row['source_name']} tenders "
                    "nothing (the \"Yes\" box is not marked and no grant is listed)"}
        grants, defects = self.tendered_grants(d)
        defects += [p for p in rules.check(f, self.cfg) if p.code in rules.DEFECTS]
        defects += [rules.problem(code, "(found when the pages were put together)")
                    for code, resolved in d.problems.items()
                    if code == "missing_pages" and not resolved and all(p.code != code for p in defects)]
        open_ = []
        for p in defects:
            if self.waived(p.code):
                self.notes.append(f"{p.code} ({p.message}) is waived: {self.waivers[p.code]['reason']}.")
            elif d.problems.get(p.code) is True:
                self.notes.append(f"{p.code} ({p.message}) was resolved by a reviewer.")
            else:
                open_.append({"code": p.code, "message": p.message})
        if open_:
            return {"outcome": REJECTED, "defects": open_, "reason": "the tender is defective and the defect "
                    "is neither cured nor waived (Instruction 7): " + "; ".join(p["message"] for p in open_)}
        total = sum(g["shares_tendered"] or 0 for g in grants)
        return {"outcome": TENDERED, "grants": grants, "shares_tendered": total,
                "reason": f"the Election Form {d.row['source_name']} tenders {len(grants)} grant(s), "
                          f"{total:,} shares"}

    def tendered_grants(self, d: Doc) -> tuple[list[dict], list]:
        rows = d.facts.grants
        found = match.match_rows(rows, self.holder.grants) if self.holder else [None] * len(rows)
        by_number = {g["grant_number"]: g for g in (self.holder.grants if self.holder else [])}
        out, defects, matched = [], [], []
        for i, (row, m) in enumerate(zip(rows, found)):
            number = m.grant_number if m else None
            g = {"row": i + 1, "grant_number": number, "grant_date": row.get("grant_date"),
                 "exercise_price": row.get("exercise_price"), "shares_tendered": row.get("shares_tendered"),
                 "source": d.sources.get(i, "form")}
            if number:
                lg = by_number[number]
                matched.append(number)
                available = lg["shares_granted"] - lg["shares_exercised"]
                if (row.get("shares_tendered") or 0) > available:
                    defects.append(rules.problem("tender_exceeds_available", f"row {i + 1} tenders "
                                   f"{row['shares_tendered']:,} shares of {number}, which has {available:,} "
                                   "unexercised"))
            elif self.holder is not None:
                self.provisional.append(f"{d.id}: row {i + 1} matches no grant in the ledger ({m.why})")
                self.notes.append(f"row {i + 1} of {d.row['source_name']} matches no grant of "
                                  f"{self.holder.holder_id} in the ledger ({m.why}).")
            out.append(g)
        if self.holder is not None:
            extra = ledger_mod.six_month_grants(self.holder, matched, self.cfg)
            for lg in extra:
                out.append({"row": None, "grant_number": lg["grant_number"], "grant_date": lg["grant_date"],
                            "exercise_price": lg["exercise_price"],
                            "shares_tendered": lg["shares_granted"] - lg["shares_exercised"],
                            "source": "six_month_rule"})
            if extra:
                self.notes.append(f"grants since {self.cfg.offer.six_month_cutoff.isoformat()} are tendered "
                                  f"with the rest though the form leaves them off: {ledger_mod.describe_grants(extra)}.")
        return out, defects


def compute(db: sqlite_utils.Database, cfg: Config) -> list[dict]:
    """Every ledger holder's election (in holder order), then those of senders not in the ledger.

    A standing that a document not yet matched to a holder, or not yet recognised, could
    still change is provisional, and says which documents (`open_documents`).
    """
    led = ledger_mod.load(db)
    holders = led.holders if led else {}
    waivers = _waivers(db)
    docs = _load_documents(db)
    groups: dict[str, list[Doc]] = {}
    for d in docs:
        if d.row["document_type"] == "other" and not d.holder_id:
            continue
        groups.setdefault(_group_key(d), []).append(d)
    out = [_entry(db, cfg, groups.get(hid, []), holders[hid], waivers) for hid in sorted(holders)]
    out += [_entry(db, cfg, groups[k], None, waivers) for k in sorted(groups) if k not in holders]
    _mark_open(out, open_documents(db, cfg, docs=docs, led=led, waivers=waivers))
    return out


# --- documents not yet matched or recognised ------------------------------------------------

HOLDER_PROBLEMS = holders_mod.HOLDER_PROBLEMS
TYPE_PROBLEMS = ("unrecognised_document", "document_type_uncertain")
UNMATCHED, UNRECOGNISED, UNREAD = "unmatched", "unrecognised", "unread"
OPEN_WORDS = {UNMATCHED: "not yet matched to a holder", UNRECOGNISED: "not yet recognised",
              UNREAD: "not read (waiting, or set aside as unreadable)"}


def _open_problem(d: Doc, codes: tuple[str, ...]) -> bool:
    return any(d.problems.get(c) is False for c in codes)


def why_open(d: Doc) -> str | None:
    """unrecognised | unmatched | None: whether the document's type or holder is still open.

    A document a reviewer rejected is closed; an unrecognised document whose problem a
    reviewer resolved (it is not a form) is closed.
    """
    if d.rejected_by:
        return None
    if d.row["document_type"] == "other":
        return UNRECOGNISED if d.problems.get("unrecognised_document", False) is False else None
    if _open_problem(d, TYPE_PROBLEMS):
        return UNRECOGNISED
    if "holder_id" in d.open_review or _open_problem(d, HOLDER_PROBLEMS):
        return UNMATCHED
    if d.holder_id is None and not d.holder_reviewed:
        return UNMATCHED
    return None


def _can_count(d: Doc, waivers: dict) -> bool:
    """Whether the document could stand as someone's election once its holder or type is known."""
    if not d.facts.on_time and "late" not in waivers:
        return False
    signed = d.facts.fields.get("signature_present")
    if signed is False and "signature_present" not in d.open_review and "missing_signature" not in waivers:
        return False
    return True


def open_documents(db: sqlite_utils.Database, cfg: Config, *, docs: list[Doc] | None = None,
                   led: ledger_mod.Ledger | None = None, waivers: dict | None = None) -> dict:
    """The documents whose holder or type is still open, and which holders each could belong to.

    Each entry: document_id, source_name, received_at, why (unmatched | unrecognised),
    can_change (on time, and not clearly unsigned: it could change a standing) and
    could_be (the ledger holders the evidence has not ruled out; every holder when it
    gives no evidence).
    """
    docs = _load_documents(db) if docs is None else docs
    led = ledger_mod.load(db) if led is None else led
    waivers = _waivers(db) if waivers is None else waivers
    out = []
    for d in docs:
        why = why_open(d)
        if why is None or (led is None and why == UNMATCHED):
            continue    # without a ledger no one is matched: there is nothing to match against
        if led is None:
            could = []
        elif why == UNRECOGNISED and d.holder_id and not ("holder_id" in d.open_review
                                                          or _open_problem(d, HOLDER_PROBLEMS)):
            could = [d.holder_id]
        else:
            ev = holders_mod.Evidence.of_record(db, d.id)
            ranking = holders_mod.rank(led, ev, cfg.reading.review_threshold)
            could = [c.holder_id for c in ranking] if ev.is_empty() else holders_mod.could_be(ranking)
        out.append({"document_id": d.id, "source_name": d.row["source_name"], "received_at": d.row["received_at"],
                    "document_type": d.row["document_type"], "why": why, "can_change": _can_count(d, waivers),
                    "could_be": sorted(could)})
    everyone = sorted(led.holders) if led else []
    for r in _unread_files(db, cfg, waivers):
        out.append({**r, "document_id": None, "why": UNREAD, "can_change": True, "could_be": everyone})
    return {"unmatched": sum(o["why"] == UNMATCHED for o in out),
            "unrecognised": sum(o["why"] == UNRECOGNISED for o in out),
            "unread": sum(o["why"] == UNREAD for o in out),
            "documents": out}


def _unread_files(db: sqlite_utils.Database, cfg: Config, waivers: dict) -> list[dict]:
    """Files received on time that gave no document yet: waiting to be read, or set aside as
    unreadable (and not received again since in a copy that was read).  Such a file rules out
    no one."""
    from datetime import datetime
    out = []
    for r in db.query("SELECT id, sha256, source_name, received_at, state FROM receipts WHERE duplicate_of IS NULL "
                      "AND state IN ('queued', 'processing', 'quarantined') ORDER BY received_at, id"):
        if datetime.fromisoformat(r["received_at"]) > cfg.offer.deadline and "late" not in waivers:
            continue
        if r["state"] == "quarantined" and db.execute(
                "SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1", [r["sha256"]]).fetchone():
            continue
        out.append({"receipt_id": r["id"], "source_name": r["source_name"], "received_at": r["received_at"],
                    "state": r["state"]})
    return out


def _phrase(n: int, why: str) -> str:
    verb = "is" if n == 1 else "are"
    what = "file" if why == UNREAD else "document"
    return f"{n} {what}{'' if n == 1 else 's'} received {verb} {OPEN_WORDS[why]}"


def _open_reasons(entry: dict) -> list[tuple[str, list[str]]]:
    """(sentence, the documents it is about) for each kind of open document touching the standing."""
    out = []
    for why in (UNMATCHED, UNRECOGNISED, UNREAD):
        ids = [o["document_id"] or o["source_name"] for o in entry.get("open_documents", []) if o["why"] == why]
        if ids:
            out.append((_phrase(len(ids), why), ids))
    return out


def _mark_open(entries: list[dict], opened: dict) -> None:
    """Make provisional every standing an open document could change, and say which documents.

    A document could change a holder's standing when the evidence has not ruled the holder
    out and it was received after the document that stands now (an earlier one would be
    replaced by it).  A sender's entry made of documents not matched is provisional too.
    """
    by_holder = {e["holder_id"]: e for e in entries if e["in_ledger"]}
    for o in opened["documents"]:
        affected = []
        if o["can_change"]:
            for hid in o["could_be"]:
                e = by_holder.get(hid)
                if e is None:
                    continue
                stands = next((d for d in e["documents"] if d["document_id"] == e["standing_document"]), None)
                if stands and stands["document_id"] != o["document_id"] \
                        and _parse(stands["received_at"]) > _parse(o["received_at"]):
                    continue    # received before what stands now: it would be replaced
                affected.append(e)
        affected += [e for e in entries if not e["in_ledger"]
                     and any(d["document_id"] == o["document_id"] for d in e["documents"])]
        for e in affected:
            e.setdefault("open_documents", []).append({k: o[k] for k in ("document_id", "source_name", "why")})
    for e in entries:
        e.setdefault("open_documents", [])
        for text, ids in _open_reasons(e):
            e["provisional"] = True
            e["pending"].append(text)
            e["explanation"].insert(len(e["explanation"]) - 1, f"Provisional: {text} ({', '.join(ids)}); "
                                    "any of them could change this standing.")
        if e["provisional"]:
            last = e["explanation"][-1]
            e["explanation"][-1] = last.replace("Outcome: ", "Outcome (provisional): ", 1)


def _entry(db, cfg: Config, docs: list[Doc], holder: ledger_mod.LedgerHolder | None, waivers) -> dict:
    e = _Election(docs, holder, cfg, waivers)
    result = e.run()
    first = docs[0].facts.fields if docs else {}
    zone = cfg.offer.timezone
    entry = {
        "holder_id": holder.holder_id if holder else (docs[0].holder_id if docs else None),
        "in_ledger": holder is not None,
        "name": holder.name if holder else first.get("holder_name"),
        "ssn": mask_ssn(holder.ssn if holder else first.get("ssn")),
        **result,
        "provisional": bool(e.provisional),
        "pending": e.provisional,
        "documents": [{"document_id": d.id, "source_name": d.row["source_name"],
                       "document_type": d.row["document_type"],
                       "received_at": iso(_parse(d.row["received_at"]), zone), "on_time": bool(d.row["on_time"]),
                       "status": d.row["status"], "role": e.roles.get(d.id, ("ignored", ""))[0],
                       "note": e.roles.get(d.id, ("", ""))[1],
                       "resent_at": [iso(_parse(t), zone) for t in d.resent]} for d in docs],
        "waivers": list(e.used_waivers.values()),
        "corrections": _corrections(db, [d.id for d in docs]),
        "explanation": e.notes + [f"Outcome: {result['outcome'].replace('_', ' ')}: {result['reason']}."],
    }
    if holder is None and docs:
        entry["explanation"].insert(0, "The sender is not matched to a holder in the option ledger.")
    _decided_by(entry, docs, zone)
    return entry


def _decided_by(entry: dict, docs: list[Doc], zone) -> None:
    """Say which document decided the standing, and which reviewers' corrections it rests on."""
    stands = next((d for d in docs if d.id == entry["standing_document"]), None)
    if stands is None:
        return
    fixes = [c for c in entry["corrections"] if c["document_id"] == stands.id]
    text = f"Decided by {stands.label(zone)}, document {stands.id}"
    if fixes:
        text += "; as corrected in review: " + "; ".join(
            f"{c['key']} {c['old']!s} -> {c['new']!s} by {c['by']} at {c['at'][:16].replace('T', ' ')}Z"
            for c in fixes)
    entry["explanation"].insert(len(entry["explanation"]) - 1, text + ".")


def _parse(text: str):
    from datetime import datetime
    return datetime.fromisoformat(text)


def totals(entries: list[dict], opened: dict | None = None) -> dict:
    """The Offer's totals; with `opened` (from `open_documents`), how many documents are still
    unmatched or unrecognised, and whether the results can be called final."""
    ledger_entries = [e for e in entries if e["in_ledger"]]
    by_outcome = {k: sum(1 for e in ledger_entries if e["outcome"] == k) for k in (NO_ELECTION, TENDERED, REJECTED)}
    tendered = [e for e in entries if e["outcome"] == TENDERED]
    out = {
        "holders": len(ledger_entries),
        "by_outcome": by_outcome,
        "not_in_ledger": len(entries) - len(ledger_entries),
        "provisional": sum(1 for e in entries if e["provisional"]),
        "grants_tendered": sum(len(e["grants"]) for e in tendered),
        "options_tendered": sum(e["shares_tendered"] for e in tendered),
        "options_tendered_in_ledger": sum(e["shares_tendered"] for e in tendered if e["in_ledger"]),
    }
    if opened is not None:
        out["unmatched_documents"] = opened["unmatched"]
        out["unrecognised_documents"] = opened["unrecognised"]
        out["unread_files"] = opened["unread"]
        out["final"] = not (out["provisional"] or opened["unmatched"] or opened["unrecognised"] or opened["unread"])
    return out


def headline(tot: dict) -> str:
    """One sentence for the top of every output: whether the results are final, and why not."""
    parts = []
    if tot.get("unmatched_documents"):
        parts.append(_phrase(tot["unmatched_documents"], UNMATCHED))
    if tot.get("unrecognised_documents"):
        parts.append(_phrase(tot["unrecognised_documents"], UNRECOGNISED))
    if tot.get("unread_files"):
        parts.append(_phrase(tot["unread_files"], UNREAD))
    if tot.get("provisional"):
        parts.append(f"{tot['provisional']} standing(s) are provisional")
    if not parts:
        return "Results are final: every document received is recognised and matched to a holder."
    return "Results are NOT final: " + "; ".join(parts) + "."


# --- the command line -------------------------------------------------------------------

def _text(entries: list[dict], tot: dict) -> list[str]:
    lines = []
    for e in entries:
        who = f"{e['holder_id'] or '(not in ledger)'}  {e['name'] or '?'}  {e['ssn'] or ''}".rstrip()
        why = [text for text, _ in _open_reasons(e)]
        flag = f"  [provisional: {'; '.join(why)}]" if why else "  [provisional]" if e["provisional"] else ""
        lines.append(f"{who}: {e['outcome'].replace('_', ' ').upper()}{flag}")
        for g in e["grants"]:
            shares = f"{g['shares_tendered']:,}" if g["shares_tendered"] is not None else "?"
            lines.append(f"    {g['grant_number'] or 'row ' + str(g['row'])}  {g['grant_date'] or '?'}  "
                         f"{shares} shares  ({g['source'].replace('_', ' ')})")
        for d in e["documents"]:
            lines.append(f"    doc {shown_name(d['source_name'])} {d['document_type']} {d['received_at']}: {d['role']}")
        for note in e["explanation"]:
            lines.append(f"    - {note}")
        for why in e["pending"]:
            lines.append(f"    - provisional: {why}")
        for c in e["corrections"]:
            lines.append(f"    - corrected by {c['by']}: {c['key']} {c['old']!s} -> {c['new']!s}")
    b = tot["by_outcome"]
    lines.append(f"{tot['holders']} holders in the ledger: {b[TENDERED]} tendered, {b[REJECTED]} rejected, "
                 f"{b[NO_ELECTION]} no election; {tot['not_in_ledger']} sender(s) not in the ledger; "
                 f"{tot['grants_tendered']} grants and {tot['options_tendered']:,} options tendered"
                 f"{'; ' + str(tot['provisional']) + ' provisional' if tot['provisional'] else ''}")
    return lines


def _open_lines(opened: dict, holders: int) -> list[str]:
    """What the results wait on, one line a document: which, why, and who it could be."""
    out = []
    for o in opened["documents"]:
        who = o["could_be"]
        could = "it could change nothing (late or unsigned)" if not o["can_change"] else \
            "it could be anyone's" if len(who) >= holders or not who else \
            f"it could be {', '.join(who[:6])}{' and others' if len(who) > 6 else ''}'s"
        out.append(f"  waiting on {o['source_name']} {o['document_id'] or ''}".rstrip()
                   + f": {OPEN_WORDS[o['why']]}; {could}")
    return out


@click.command("elections")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: holders and totals.")
@common_options
@pass_context
def elections_command(obj, as_json):
    """Show every holder's standing election and the documents behind it, with totals.

    Each holder in the option ledger has no election, a tender (which grants, how many
    shares, the six-month grants included) or a rejection; senders not in the ledger
    are listed after them.  Provisional entries still wait on review.

    Example: intake elections --json > elections.json
    """
    cfg, db = obj.config(), obj.db()
    entries = compute(db, cfg)
    opened = open_documents(db, cfg)
    tot = totals(entries, opened)
    if as_json:
        click.echo(json.dumps({"headline": headline(tot), "totals": tot, "open_documents": opened,
                               "holders": entries}, indent=1))
    else:
        click.echo(headline(tot))
        for line in _open_lines(opened, tot["holders"]):
            click.echo(line)
        for line in _text(entries, tot):
            click.echo(line)
