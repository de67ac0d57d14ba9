"""Who sent a document: every ledger holder ranked by all the document's evidence.

Each piece of evidence gives a holder points (a log-odds-like weight: positive for
agreement, negative for a clear contradiction), with the reason in words:

  SSN      whole (exact, one or two digits misread) or in part (the last four digits,
           or a run of digits read where the rest was not);
  name     the printed name against the ways the holder writes it (in full, without the
           middle, initial and surname; an initial and a surname are weaker evidence);
  address  the address lines against the ledger's;
  grants   the rows listed against the holder's ledger grants: dates, counts and prices
           together are close to a fingerprint.

`rank` gives every holder's `Candidate` (score and reasons), best first; `decide` turns
a ranking into a match: one clear winner by a margin is a match with a stated
confidence, a near tie or a weak best goes to a person with the candidates shown, and a
clearly read SSN that is not the winner's never lets a match through.  `could_be`
says which holders a document not yet matched could still belong to (the rest are
ruled out by the evidence); an unreadable document rules out no one.

`Evidence` is built from a document being read (`of_document`) or from its records as
they stand now, reviewers' corrections included (`of_record`), so the desk and the
elections rank a stored document the same way the pipeline did.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import sqlite_utils
from rapidfuzz import fuzz

from . import match
from .model import Document, Reading

# Points (one place for every weight and threshold of holder matching).
SSN_EXACT, SSN_ONE_OFF, SSN_TWO_OFF, SSN_LAST_FOUR, SSN_PART = 12.0, 8.0, 5.0, 4.0, 5.0
SSN_CONTRADICTS, SSN_DIFFERS = -6.0, -1.0
NAME_FULL, NAME_CLOSE, NAME_INITIAL, NAME_MIDDLE_INITIAL, NAME_SURNAME, NAME_ONE_WORD = 8.0, 5.0, 3.0, 1.0, 1.0, 2.0
NAME_MISFIT = -3.0
ADDRESS_SAME, ADDRESS_CLOSE, ADDRESS_SOME, ADDRESS_MISFIT = 4.0, 2.5, 1.0, -1.0
GRANT_BY_AGREEMENT = {4: 5.5, 3: 4.0, 2: 2.0, 1: 1.0, 0: 0.5}
GRANT_UNMATCHED, GRANTS_MAX, GRANTS_MIN = -1.5, 9.0, -4.0

AUTO_SCORE = 8.0        # a match needs at least this much evidence ...
AUTO_MARGIN = 6.0       # ... and this much more than the next holder
PROPOSE_SCORE = 4.0     # below this the best is no proposal: the holder is unknown
RULE_OUT_SCORE = -3.0   # a holder this far against, by two pieces of evidence or more, is ruled out
RULE_OUT_MARGIN = 8.0   # ... as is one this far behind a winner of at least RULE_OUT_WINNER
RULE_OUT_WINNER = 6.0
CLEAR = 0.75            # a reading at least this sure can contradict a holder
SHOWN = 5               # candidates kept with the document (for the reviewer)
HOLDER_PROBLEMS = ("unknown_holder", "ambiguous_holder")   # the problems of a holder not yet known


@dataclass
class Evidence:
    """What a document says about who sent it, as plain values and confidences."""
    ssn: str | None = None
    ssn_confidence: float = 0.0
    ssn_raw: str | None = None
    name: str | None = None
    name_confidence: float = 0.0
    address: str | None = None
    address_confidence: float = 0.0
    grants: list[dict] = field(default_factory=list)

    @classmethod
    def of_document(cls, doc: Document) -> "Evidence":
        def get(key: str) -> Reading | None:
            return doc.fields.get(key)
        ssn, name, addr = get("ssn"), get("holder_name"), get("address")
        return cls(ssn.value if ssn else None, ssn.confidence if ssn else 0.0,
                   (ssn.evidence.get("read_raw") or ssn.raw) if ssn else None,
                   name.value if name else None, name.confidence if name else 0.0,
                   addr.value if addr else None, addr.confidence if addr else 0.0,
                   [{k: r.value for k, r in row.items()} for row in doc.grants])

    @classmethod
    def of_record(cls, db: sqlite_utils.Database, document_id: str) -> "Evidence":
        """The document's current values (reviewers' corrections included) and the SSN's raw text."""
        fields, grants = {}, {}
        for r in db.query("SELECT f.key, f.value, f.confidence, f.origin, g.raw_text FROM fields f "
                          "LEFT JOIN readings g ON g.id = f.reading_id WHERE f.document_id = ?", [document_id]):
            value = json.loads(r["value"]) if r["value"] is not None else None
            if r["key"].startswith("grants."):
                _, idx, name = r["key"].split(".", 2)
                grants.setdefault(int(idx), {})[name] = value
            else:
                fields[r["key"]] = (value, r["confidence"], r["raw_text"])
        none = (None, 0.0, None)
        ssn, name, addr = (fields.get(k, none) for k in ("ssn", "holder_name", "address"))
        return cls(ssn[0], ssn[1], ssn[2], name[0], name[1], addr[0], addr[1], [grants[i] for i in sorted(grants)])

    def is_empty(self) -> bool:
        return not (match.ssn_digits(self.ssn) or _raw_digits(self.ssn_raw) or match.name_tokens(self.name)
                    or self.address or any(v is not None for row in self.grants for v in row.values()))


@dataclass
class Candidate:
    holder_id: str
    name: str
    score: float
    reasons: list[str]
    contradicted: bool = False      # a clearly read SSN that is not this holder's
    against: int = 0                # how many pieces of evidence count against this holder

    def as_dict(self) -> dict:
        return {"holder_id": self.holder_id, "name": self.name, "score": round(self.score, 1),
                "reasons": self.reasons}


# --- the pieces of evidence -----------------------------------------------------------------

def _raw_digits(raw: str | None) -> str:
    return "".join(re.findall(r"\d", raw or ""))


def _ssn_points(ev: Evidence, ssn: str, threshold: float) -> tuple[float, str | None, bool]:
    theirs = match.ssn_digits(ssn) or ""
    read = match.ssn_digits(ev.ssn)
    if read:
        d = match.ssn_distance(read, theirs)
        if d == 0:
            return SSN_EXACT, "SSN matches", False
        if d == 1:
            return SSN_ONE_OFF, "SSN one digit off (a misread)", False
        if d == 2:
            return SSN_TWO_OFF, "SSN two digits off", False
        if read[-4:] == theirs[-4:]:
            return SSN_LAST_FOUR, "last four digits of the SSN match", False
        if ev.ssn_confidence >= threshold:
            return SSN_CONTRADICTS, "the SSN, clearly read, is not theirs", True
        return SSN_DIFFERS, "the SSN (doubtful) differs", False
    part = _raw_digits(ev.ssn_raw)
    if len(part) >= 7 and match.levenshtein(part, theirs) <= 2:
        return SSN_PART, "the SSN read in part fits", False
    if len(part) >= 4 and theirs.endswith(part[-4:]):
        return SSN_LAST_FOUR, "last four digits of the SSN match", False
    return 0.0, None, False


def _name_points(ev: Evidence, roster_name: str) -> tuple[float, str | None]:
    p, r = match.name_tokens(ev.name), match.name_tokens(roster_name)
    if not p or not r:
        return 0.0, None
    clear = ev.name_confidence >= CLEAR
    whole = max(fuzz.ratio(" ".join(p), match.name_key(v)) for v in match.name_variants(roster_name))
    last = fuzz.ratio(p[-1], r[-1])
    if len(p) == 1:
        return (NAME_ONE_WORD, "one word of the name fits") if whole >= 90 or last >= 90 else (0.0, None)
    if len(p[0]) == 1:
        # An initial and a surname: many people could write it; weaker evidence.
        if p[0] == r[0][0] and last >= 90:
            pts, why = NAME_INITIAL, "initial and surname fit (weaker evidence)"
            if len(p) > 2 and len(r) > 2 and p[1][0] == r[1][0]:
                pts, why = pts + NAME_MIDDLE_INITIAL, "initials and surname fit"
            return pts, why
        if p[0] == r[0][0] and last >= 75:
            return NAME_INITIAL / 2, "initial fits, surname close"
        return (NAME_MISFIT, "the name does not fit") if clear and last < 60 else (0.0, None)
    first = fuzz.ratio(p[0], r[0])
    if whole >= 95:
        return NAME_FULL, "name matches"
    if whole >= 85 or (first >= 80 and last >= 80):
        return NAME_CLOSE, "name close (a letter or two off)"
    if last >= 90:
        return NAME_SURNAME, "surname fits, first name differs"
    if whole < 60 and clear:
        return NAME_MISFIT, "the name does not fit"
    return 0.0, None


def _address_key(text: str | None) -> str:
    return " ".join(match.address_tokens(text))


def _address_points(ev: Evidence, address: str | None) -> tuple[float, str | None]:
    if not ev.address or not address:
        return 0.0, None
    s = fuzz.ratio(_address_key(ev.address), _address_key(address))
    if s >= 90:
        return ADDRESS_SAME, "address matches"
    if s >= 80:
        return ADDRESS_CLOSE, "address close"
    if s >= 65:
        return ADDRESS_SOME, "address partly fits"
    if s < 50 and ev.address_confidence >= CLEAR:
        return ADDRESS_MISFIT, "address differs"
    return 0.0, None


def _grant_points(ev: Evidence, grants: list[dict]) -> tuple[float, str | None]:
    rows = [row for row in ev.grants if sum(row.get(f) is not None for f in match.FACTS) >= 2]
    if not rows or not grants:
        return 0.0, None
    found = match.match_rows(rows, grants)
    pts, matched, strong = 0.0, 0, 0
    for m in found:
        if m.grant_number is None:
            pts += GRANT_UNMATCHED
            continue
        agree = sum(v == match.AGREE for v in m.verdicts.values())
        pts += GRANT_BY_AGREEMENT[agree]
        matched += 1
        strong += agree >= 3
    pts = max(GRANTS_MIN, min(GRANTS_MAX, pts))
    if matched == 0:
        return pts, f"none of the {len(rows)} grant(s) listed is theirs"
    what = f"{matched} of {len(rows)} grant(s) listed match theirs"
    if strong:
        what += f" ({strong} by date, count and price together)"
    return pts, what


# --- ranking and deciding ---------------------------------------------------------------------

def score(ev: Evidence, holder, threshold: float) -> Candidate:
    """One holder's points and reasons (`holder`: an `intake.ledger.LedgerHolder`)."""
    total, reasons, against = 0.0, [], 0
    s, why, contradicted = _ssn_points(ev, holder.ssn, threshold)
    for pts, text in ((s, why), _name_points(ev, holder.name), _address_points(ev, holder.address),
                      _grant_points(ev, holder.grants)):
        if text:
            total += pts
            against += pts < 0
            reasons.append(f"{text} ({pts:+g})")
    return Candidate(holder.holder_id, holder.name, total, reasons, contradicted, against)


def rank(ledger, ev: Evidence, threshold: float = 0.9) -> list[Candidate]:
    """Every holder of the ledger (an `intake.ledger.Ledger`), best first."""
    out = [score(ev, h, threshold) for h in ledger.holders.values()]
    out.sort(key=lambda c: (-c.score, c.holder_id))
    return out


@dataclass
class Decision:
    holder_id: str | None           # the match, or the proposal a person is asked to confirm
    confidence: float
    evidence: dict
    problem: tuple[str, str] | None = None


def _describe(c: Candidate) -> str:
    return f"{c.holder_id} ({c.name}: {', '.join(c.reasons) or 'no evidence'})"


def decide(ranking: list[Candidate], *, doubt: float = 0.5) -> Decision:
    """A match from a ranking: the winner by a margin, or a question for a person.

    `doubt` is the confidence given to a proposal that must be confirmed (below the
    review threshold).
    """
    best = ranking[0] if ranking else None
    second = ranking[1].score if len(ranking) > 1 else 0.0
    ev = {"method": "ranked", "candidates": [c.as_dict() for c in ranking[:SHOWN]]}
    if best is None:
        return Decision(None, 0.0, ev, ("unknown_holder", "the option ledger has no holders"))
    margin = best.score - second
    near = [c for c in ranking if c.score > 0 and best.score - c.score < AUTO_MARGIN][:3]
    if (best.score < PROPOSE_SCORE and len(near) < 2):
        why = "neither the SSN, the name, the address nor the grants point to anyone in the option ledger" \
            if best.reasons else "the document gives nothing to match a holder by"
        return Decision(None, 0.0, ev, ("unknown_holder", why))
    ev.update(score=round(best.score, 1), margin=round(margin, 1))
    if best.reasons and best.reasons[0].startswith("SSN matches"):
        ev["method"] = "ssn+name" if any(r.startswith("name matches") for r in best.reasons) else "ssn"
    if margin < AUTO_MARGIN and len(near) >= 2:
        return Decision(None, 0.3, ev, ("ambiguous_holder", "the evidence fits " + " and ".join(
            _describe(c) for c in near) + " nearly equally"))
    if best.score < AUTO_SCORE or margin < AUTO_MARGIN or best.contradicted:
        if best.contradicted:
            ev["ssn_conflict"] = True
        return Decision(best.holder_id, doubt, ev)
    confidence = min(0.995, 0.92 + 0.005 * (best.score - AUTO_SCORE) + 0.0025 * (margin - AUTO_MARGIN))
    return Decision(best.holder_id, round(confidence, 3), ev)


def could_be(ranking: list[Candidate]) -> list[str]:
    """The holders a document not yet matched could still belong to, best first.

    A holder is ruled out by strong evidence against them from two pieces of evidence at
    least (a clearly read SSN that is not theirs and a clearly read name that does not fit:
    one reading alone may be a misread stated too surely), or by a clear winner far ahead
    of them; a document with no evidence rules out no one.
    """
    if not ranking:
        return []
    best = ranking[0].score
    return [c.holder_id for c in ranking if not _ruled_out(c, best)]


def _ruled_out(c: Candidate, best: float) -> bool:
    if c.score <= RULE_OUT_SCORE and c.against >= 2:
        return True
    return best >= RULE_OUT_WINNER and best - c.score >= RULE_OUT_MARGIN
