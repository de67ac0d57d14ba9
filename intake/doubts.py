"""Doubts: small named checks that keep a value of the wrong kind from going through.

Each check looks at one value in its document and says why it cannot be trusted as it
stands, or nothing.  A check that fires lowers the value's confidence below the review
threshold and records its name on the reading (`evidence["doubts"]`) and its reason
(`evidence["checks_failed"]`), so that a person sees why and `intake evaluate` can count
how often each check fired, caught a wrong value and held back a right one.

They run on every value before it can be automated, whatever a recogniser or the ledger
said of it (`intake.checks.decide` applies them).  Checks about how a value was read (two
readings that disagree in a 1 and a 7) are in `READING_DOUBTS` and run inside
`intake.readers.read_value`; checks about what a value is are in `VALUE_DOUBTS` here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from . import kinds
from .config import Config
from .fieldspec import GRANT_FIELDS, KIND
from .model import Document, Reading

DOUBT = 0.3   # the confidence left to a value a check doubts


def doubt(r: Reading | None, name: str, why: str, *, blank_too: bool = False) -> bool:
    """Lower a reading below the review threshold, recording the check's name and its reason
    (a blank reading only if asked).  Says whether it did."""
    if r is None or (r.value is None and not blank_too):
        return False
    r.confidence = min(r.confidence, DOUBT)
    r.evidence["checks_failed"] = [*r.evidence.get("checks_failed", []), why]
    note(r, name)
    return True


def note(r: Reading, name: str) -> None:
    """Record that the check `name` fired on this reading (once)."""
    names = r.evidence.get("doubts", [])
    if name not in names:
        r.evidence["doubts"] = [*names, name]


@dataclass
class Place:
    """Where a value stands: its document, its grant row (for a grant cell) and the configuration."""
    doc: Document
    cfg: Config
    key: str                            # the field, or "grant.<name>" for a grant cell
    row: dict[str, Reading] | None = None


@dataclass(frozen=True)
class Doubt:
    name: str
    fields: tuple[str, ...]             # field names; grant cells as "grant.<name>"
    check: Callable[[Reading, Place], str | None]
    blank_too: bool = False             # whether a blank value is looked at

    @property
    def guards_against(self) -> str:
        return (self.check.__doc__ or "").strip()


# --- the checks ------------------------------------------------------------------------

def _address_not_postal(r: Reading, at: Place) -> str | None:
    """A name, a street without a town, a town without a street, a house number read as
    letters, a ZIP of four digits: an address is a US postal address with a house number, a
    street, a city, a state and a five-digit ZIP, as `usaddress` parses it."""
    if kinds.postal_address(str(r.value)) is None:
        return "not a postal address with a number, a street, a city, a state and a ZIP"
    return None


def _name_not_a_person(r: Reading, at: Place) -> str | None:
    """A printed name that is no person's name with a given name and a surname: an initial
    and a surname (the signature's text taken for the printed name), a surname alone, a
    street or a town.  The form asks for the name printed in full."""
    if kinds.person_name(str(r.value)) is None:
        return "not a person's name with a given name and a surname"
    return None


def _same_text_as_another_field(r: Reading, at: Place) -> str | None:
    """The same text in two places (a name read in the address's place as well as its own,
    an address line that is the holder's name): a value read from the wrong place."""
    name, address = (at.doc.fields.get(k) for k in ("holder_name", "address"))
    if name is None or address is None or not name.value or not address.value:
        return None
    parts = [p for p in str(address.value).split(",") if p.strip()]
    if kinds.same_text(name.value, address.value) or any(kinds.same_text(name.value, p) for p in parts):
        return "the same text as the holder's name and address"
    return None


def _ssn_impossible(r: Reading, at: Place) -> str | None:
    """An SSN no one is given: area 000, 666 or 900-999, group 00 or serial 0000 (a digit
    misread, or another number read in the SSN's place)."""
    return None if kinds.possible_ssn(str(r.value)) else "an SSN whose area, group or serial cannot be"


def _grant_date_unread(r: Reading, at: Place) -> str | None:
    """A filled grant row whose date was not read: recorded with a blank date, the grant
    cannot be known; a person reads it."""
    others = [v for k, v in (at.row or {}).items() if k != "grant_date" and v is not None and v.value is not None]
    if r.value is None and others:
        return "the grant date of a filled row was not read"
    return None


_NORMAL = {
    "date": lambda v: isinstance(v, str) and _iso_date(v),
    "signed_at": lambda v: isinstance(v, str) and _iso_date(v[:10]) and
    re.fullmatch(r"\d{4}-\d\d-\d\d(?:T(?:[01]\d|2[0-3]):[0-5]\d)?", v) is not None,
    "count": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "price": lambda v: isinstance(v, str) and re.fullmatch(r"\d+\.\d\d", v) is not None,
    "ssn": lambda v: isinstance(v, str) and re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) is not None,
    "bool": lambda v: isinstance(v, bool),
    "name": lambda v: isinstance(v, str), "address": lambda v: isinstance(v, str),
}


def _iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _not_of_its_kind(r: Reading, at: Place) -> str | None:
    """A value not in its kind's normal form (a count that is no whole number, a price
    without its two places, a date no calendar has): it came from somewhere other than its
    kind's parser."""
    kind = KIND[at.key.removeprefix("grant.")]
    return None if _NORMAL[kind](r.value) else f"not a {kind} in its normal form"


VALUE_DOUBTS: list[Doubt] = [
    Doubt("address_not_postal", ("address",), _address_not_postal),
    Doubt("name_not_a_person", ("holder_name",), _name_not_a_person),
    Doubt("same_text_as_another_field", ("holder_name", "address"), _same_text_as_another_field),
    Doubt("ssn_impossible", ("ssn",), _ssn_impossible),
    Doubt("grant_date_unread", ("grant.grant_date",), _grant_date_unread, blank_too=True),
    Doubt("not_of_its_kind", ("ssn", "signed_at", "tender_elected", "additional_sheet_attached", "signature_present",
                              *(f"grant.{g}" for g in GRANT_FIELDS)), _not_of_its_kind),
]


def apply(doc: Document, cfg: Config, doubts: list[Doubt] | None = None) -> None:
    """Run every value check on every value of the document it applies to."""
    for d in doubts if doubts is not None else VALUE_DOUBTS:
        for key in d.fields:
            if key.startswith("grant."):
                name = key.removeprefix("grant.")
                for row in doc.grants:
                    if name not in row and d.blank_too and any(v.value is not None for v in row.values()):
                        row[name] = Reading.unknown(f"the {name.replace('_', ' ')} of a filled row was not read")
                    _run(d, row.get(name), Place(doc, cfg, key, row))
            else:
                _run(d, doc.fields.get(key), Place(doc, cfg, key))


def _run(d: Doubt, r: Reading | None, at: Place) -> None:
    if r is None or (r.value is None and not d.blank_too):
        return
    why = d.check(r, at)
    if why:
        doubt(r, d.name, why, blank_too=d.blank_too)


def catalogue(doubts: list[Doubt] | None = None) -> dict[str, str]:
    """Each check's name and what it guards against."""
    return {d.name: d.guards_against for d in (doubts if doubts is not None else VALUE_DOUBTS)}
