"""The option ledger put to work on a document as it is read.

`annotate(db, cfg, doc)` runs for each document before its fields are decided
(`intake.checks.decide`), outside any transaction (it only reads the roster):

* the Offer's rules that `intake.checks` does not already apply are checked
  (`intake.rules.at_reading`), roster or not;
* with a roster loaded, the document is matched to a holder by SSN, then by name;
  the SSN and name readings are confirmed (or a misread corrected) against them;
* each grant row is matched to one of that holder's ledger grants; where the match is
  unambiguous the ledger's facts confirm a reading (its confidence is raised),
  correct a misread (the ledger's value replaces it, origin 'ledger') or contradict
  it beyond a misread (the reading is kept, lowered below the review threshold, and a
  `ledger_mismatch` problem shows both values);
* shares tendered are never confirmed by the ledger (it does not know what the holder
  chose) but must be at most granted minus exercised;
* grants made since the six-month cut-off that the form left off are named in a
  `six_month_grants_included` problem (they are tendered with the rest).

Every change keeps what was read in the reading's evidence (`read_value`), and says
what the ledger expected (`ledger_expected`, `ledger_agrees`).
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace

import sqlite_utils

from . import holders, match, rules
from .config import Config
from .model import Document, Reading
from .privacy import mask_ssn

GRANT_LOCATION = "row {n}"


@dataclass
class LedgerHolder:
    holder_id: str
    name: str
    ssn: str
    address: str | None
    grants: list[dict] = field(default_factory=list)   # grant_number and match.FACTS


@dataclass
class Ledger:
    holders: dict[str, LedgerHolder]

    def by_ssn(self, ssn: str | None) -> LedgerHolder | None:
        """The holder whose SSN is exactly `ssn` (any punctuation), or None."""
        digits = match.ssn_digits(ssn)
        return next((h for h in self.holders.values() if match.ssn_digits(h.ssn) == digits), None) \
            if digits else None


def load(db: sqlite_utils.Database) -> Ledger | None:
    """The whole ledger, or None when no roster has been imported."""
    holders = {r["holder_id"]: LedgerHolder(r["holder_id"], r["name"], r["ssn"], r["address"])
               for r in db.query("SELECT holder_id, name, ssn, address FROM holders ORDER BY holder_id")}
    if not holders:
        return None
    for g in db.query("SELECT holder_id, grant_number, grant_date, shares_granted, exercise_price, "
                      "shares_exercised FROM ledger_grants ORDER BY grant_date, grant_number"):
        if g["holder_id"] in holders:
            holders[g["holder_id"]].grants.append({k: g[k] for k in g if k != "holder_id"})
    return Ledger(holders)


# --- who sent it -------------------------------------------------------------------------

@dataclass
class HolderMatch:
    holder_id: str | None
    confidence: float
    evidence: dict
    problem: tuple[str, str] | None = None      # (code, message)


def rank_holder(ledger: Ledger, doc: Document, cfg: Config) -> HolderMatch:
    """The holder a document comes from, by all its evidence (`intake.holders`)."""
    ranking = holders.rank(ledger, holders.Evidence.of_document(doc), cfg.reading.review_threshold)
    d = holders.decide(ranking, doubt=cfg.ledger.mismatch_confidence)
    return HolderMatch(d.holder_id, d.confidence, d.evidence, d.problem)


# --- confirming or correcting one reading ------------------------------------------------

def _agree(r: Reading, expected, cfg: Config, shown=None) -> Reading:
    ev = {**r.evidence, "ledger_expected": expected if shown is None else shown, "ledger_agrees": True}
    return replace(r, confidence=max(r.confidence, cfg.ledger.agree_confidence), evidence=ev)


def _correct(r: Reading, value, cfg: Config, shown=None) -> Reading:
    ev = {**r.evidence, "read_value": r.value if shown is None else mask_ssn(r.value),
          "read_confidence": r.confidence, "ledger_expected": value if shown is None else shown,
          "ledger_agrees": False, "replaced_by_ledger": True}
    return replace(r, value=value, confidence=cfg.ledger.correct_confidence, origin="ledger", evidence=ev)


def _contradict(r: Reading, expected, cfg: Config) -> Reading:
    ev = {**r.evidence, "ledger_expected": expected, "ledger_agrees": False}
    return replace(r, confidence=min(r.confidence, cfg.ledger.mismatch_confidence), evidence=ev)


def _check_identity(doc: Document, holder: LedgerHolder, hm: HolderMatch, cfg: Config) -> None:
    ssn, name, addr = (doc.fields.get(k) for k in ("ssn", "holder_name", "address"))
    if ssn is not None and ssn.value is not None:
        dist = match.ssn_distance(ssn.value, holder.ssn)
        if dist == 0:
            doc.fields["ssn"] = _agree(ssn, None, cfg, shown=mask_ssn(holder.ssn))
        elif dist == 1 and not hm.evidence.get("method", "").startswith("ssn") \
                and hm.confidence >= cfg.reading.review_threshold:
            doc.fields["ssn"] = _correct(ssn, holder.ssn, cfg, shown=mask_ssn(holder.ssn))
    # An SSN read as nothing is left alone: the paper may well be blank there, and the
    # holder_id already says who it is.
    if name is not None and name.value:
        variants = match.name_variants(holder.name)
        key = match.name_key(name.value)
        same = next((v for v in variants if match.name_key(v) == key), None)
        if same is not None and (name.confidence >= cfg.reading.review_threshold or name.value == same):
            doc.fields["holder_name"] = _agree(name, holder.name, cfg)
        elif same is not None:
            # The ledger confirms the letters, not the stops and commas a doubtful reading put
            # between them ("Lisa K, Robinson" for "Lisa K. Robinson"): its own spelling of the
            # same letters stands.
            doc.fields["holder_name"] = _correct(name, same, cfg)
        else:
            dists = sorted((match.levenshtein(key, match.name_key(v)), v) for v in variants)
            if dists[0][0] <= 2 and (len(dists) == 1 or dists[1][0] > dists[0][0]) \
                    and hm.confidence >= cfg.reading.review_threshold:
                doc.fields["holder_name"] = _correct(name, dists[0][1], cfg)
    if addr is not None and addr.value and holder.address:
        verdict, corrected = match.correct_address(addr.value, holder.address)
        if verdict == match.AGREE:
            doc.fields["address"] = _agree(addr, holder.address, cfg)
        elif verdict == match.MISREAD:
            doc.fields["address"] = _correct(addr, corrected, cfg)
        else:
            doc.fields["address"] = replace(addr, evidence={**addr.evidence, "ledger_expected": holder.address,
                                                            "ledger_agrees": False})


# --- grants -----------------------------------------------------------------------------

def _row_values(row: dict[str, Reading]) -> dict:
    return {k: r.value for k, r in row.items()}


def _fmt(name: str, value) -> str:
    if value is None:
        return "nothing"
    if name in ("shares_granted", "shares_exercised", "shares_tendered") and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _check_grants(doc: Document, holder: LedgerHolder, cfg: Config) -> list[str]:
    """Match rows to grants and apply the ledger's facts; return the matched grant numbers."""
    rows = [_row_values(r) for r in doc.grants]
    found = match.match_rows(rows, holder.grants)
    by_number = {g["grant_number"]: g for g in holder.grants}
    matched = []
    for i, (row, m) in enumerate(zip(doc.grants, found)):
        where = GRANT_LOCATION.format(n=i + 1)
        if m.grant_number is None:
            doc.add_problem("unmatched_grant", f"{where} matches none of {holder.holder_id}'s grants "
                            f"in the option ledger ({m.why})")
            continue
        matched.append(m.grant_number)
        g = by_number[m.grant_number]
        for name in match.FACTS:
            r = row.get(name)
            if r is None:
                continue
            verdict = m.verdicts[name]
            if verdict == match.AGREE:
                row[name] = _agree(r, g[name], cfg)
            elif name == "shares_exercised" and r.value is None and g[name] == 0 \
                    and (r.evidence.get("blank") or _rule_remains(r.raw or "")):
                # Blank, or the remains of a rule ("____", "1--------": a typed rule and the
                # stub of a cell border, seed 3232): the paper holds no number, which the
                # contract records as null, and none exercised is what the ledger says.
                # ("=0" is a 0 misread: corrected.)
                row[name] = _agree(r, g[name], cfg)
            elif verdict == match.MISREAD or (verdict == match.NULL and not r.evidence.get("blank")):
                row[name] = _correct(r, g[name], cfg)
            elif verdict == match.DIFFER:
                row[name] = _contradict(r, g[name], cfg)
                doc.problems.append(rules.problem(
                    "ledger_mismatch", f"{where}: {name.replace('_', ' ')} reads {_fmt(name, r.value)} but "
                    f"the ledger's grant {g['grant_number']} has {_fmt(name, g[name])}", needs_decision=False))
            row[name].evidence.setdefault("ledger_grant", g["grant_number"])
        tendered = row.get("shares_tendered")
        available = g["shares_granted"] - g["shares_exercised"]
        if tendered is not None:
            tendered.evidence["ledger_available"] = available
            tendered.evidence["ledger_grant"] = g["grant_number"]
            if tendered.value is not None and tendered.value > available:
                row["shares_tendered"] = replace(tendered, confidence=min(
                    tendered.confidence, cfg.ledger.mismatch_confidence))
                doc.problems.append(rules.problem(
                    "tender_exceeds_available", f"{where} tenders {tendered.value:,} shares of grant "
                    f"{g['grant_number']}, which has only {available:,} unexercised"))
    return matched


def _rule_remains(raw: str) -> bool:
    """Marks with no digit or letter, or a run of rule characters with a border's stub read as
    a 1 (a written 0 beside a rule's remains is still a 0)."""
    alnum = re.findall(r"[0-9A-Za-z]", raw)
    return not alnum or (alnum == ["1"] and len(re.findall(r"[-_=~.\u2014]", raw)) >= 4)


def six_month_grants(holder: LedgerHolder, matched: list[str], cfg: Config) -> list[dict]:
    """The holder's open grants since the cut-off that the form does not list."""
    cutoff = cfg.offer.six_month_cutoff.isoformat()
    return [g for g in holder.grants if g["grant_date"] >= cutoff and g["grant_number"] not in matched
            and g["shares_granted"] > g["shares_exercised"]]


def describe_grants(grants: list[dict]) -> str:
    return "; ".join(f"{g['grant_number']} of {g['grant_date']} ({g['shares_granted'] - g['shares_exercised']:,} "
                     f"unexercised shares at {g['exercise_price']})" for g in grants)


def tenders(doc_type: str, fields: dict, rows: list) -> bool:
    return doc_type == "election_form" and fields.get("tender_elected") is True and bool(rows)


# --- the hook ---------------------------------------------------------------------------

def annotate(db: sqlite_utils.Database, cfg: Config, doc: Document, ledger: Ledger | None = None) -> None:
    """Check the Offer's rules and, with a roster loaded, use the ledger on this document.

    Without a roster the holder stays unset (`holder_id` null, nothing to review);
    pass `ledger` to avoid loading it once per document.
    """
    for p in rules.at_reading(doc, cfg):
        doc.add_problem(p.code, p.message, p.needs_decision)
    if doc.document_type not in ("election_form", "change_notice"):
        return
    ledger = ledger if ledger is not None else load(db)
    if ledger is None:
        return
    hm = rank_holder(ledger, doc, cfg)
    doc.holder = Reading(hm.holder_id, hm.confidence, origin="ledger", engine="ledger", evidence=hm.evidence)
    if hm.problem:
        doc.add_problem(*hm.problem)
    if hm.holder_id is None:
        return
    holder = ledger.holders[hm.holder_id]
    _check_identity(doc, holder, hm, cfg)
    if doc.document_type != "election_form":
        return
    matched = _check_grants(doc, holder, cfg)
    values = {k: r.value for k, r in doc.fields.items()}
    extra = six_month_grants(holder, matched, cfg)
    if extra and tenders(doc.document_type, values, doc.grants):
        doc.add_problem("six_month_grants_included",
                        f"grants made since {cfg.offer.six_month_cutoff.isoformat()} are tendered with the "
                        f"others though the form leaves them off: {describe_grants(extra)}",
                        needs_decision=False)


# --- documents read before the ledger was loaded ----------------------------------------------

def rematch(db: sqlite_utils.Database, cfg: Config, *, actor: str | None = None) -> list[str]:
    """Match the Election Forms and Notices read while no ledger was loaded (they have no
    `holder_id`) by the evidence they hold now; return their ids.

    Each gets a `holder_id` reading and field (to review unless clearly matched), the holder
    problem if any, and a `holder_matched` event; its status is settled again.  The fields
    already recorded are left as they are.  Runs in its own transaction.
    """
    from .db import insert, log_event, now_utc, to_json, transaction, update
    from .decision import recompute_status
    led = load(db)
    if led is None:
        return []
    threshold = cfg.reading.review_threshold
    done = []
    with transaction(db):
        rows = [r["document_id"] for r in db.query(
            "SELECT document_id FROM documents WHERE document_type IN ('election_form', 'change_notice') "
            "AND document_id NOT IN (SELECT document_id FROM fields WHERE key = 'holder_id') ORDER BY document_id")]
        for doc_id in rows:
            d = holders.decide(holders.rank(led, holders.Evidence.of_record(db, doc_id), threshold),
                               doubt=cfg.ledger.mismatch_confidence)
            now = now_utc()
            value = to_json(d.holder_id)
            rid = insert(db, "readings", {"document_id": doc_id, "key": "holder_id", "value": value,
                                          "confidence": d.confidence, "engine": "ledger", "evidence": d.evidence,
                                          "created_at": now})
            insert(db, "fields", {"document_id": doc_id, "key": "holder_id", "value": value,
                                  "confidence": d.confidence, "needs_review": d.confidence < threshold,
                                  "origin": "ledger", "reading_id": rid, "updated_at": now})
            update(db, "documents", {"document_id": doc_id},
                   {"holder_id": d.holder_id, "holder_confidence": d.confidence, "updated_at": now})
            if d.problem:
                insert(db, "problems", {"document_id": doc_id, "code": d.problem[0], "message": d.problem[1],
                                        "needs_decision": 1, "created_at": now})
            log_event(db, "holder_matched", actor=actor, document_id=doc_id,
                      detail={"holder_id": d.holder_id, "confidence": d.confidence,
                              "problem": d.problem[0] if d.problem else None, "why": "ledger loaded after reading"})
            recompute_status(db, doc_id, actor=actor)
            done.append(doc_id)
    return done
