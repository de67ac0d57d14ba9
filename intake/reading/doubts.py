"""Doubts: small named checks that keep a value of the wrong kind from going through.

Each check looks at one value in its document and says why it cannot be trusted as it
stands, or nothing.  A check that fires lowers the value's confidence below the review
threshold and records its name on the reading (`evidence["doubts"]`) and its reason
(`evidence["checks_failed"]`), so that a person sees why and `intake evaluate` can count
how often each check fired, caught a wrong value and held back a right one.

They run on every value before it can be automated, whatever a recogniser or the ledger
said of it (`intake.checks.decide` applies them).  Checks about how a value was read (two
readings that disagree in a 1 and a 7) are in `READING_DOUBTS` and run inside
`intake.reading.values.read_value`; checks about what a value is are in `VALUE_DOUBTS` here.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

import cv2
import numpy as np

from ocr.layout import Box
from ocr.preprocess import components

from ..config import Config
from ..fieldspec import GRANT_FIELDS, KIND
from ..model import Document, Reading
from . import kinds

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


def _address_names_a_person(r: Reading, at: Place) -> str | None:
    """A person's name before the house number ("Gary A. Nelson, 110 Pine Rd, Lowell MA"): the
    printed name read into the address, where one label asks for both ("Print Name / Home
    Address:") or the name's line was taken for the address's first.  An address on its own
    is sent; with a name in it, which part is which is a person's to say."""
    before = kinds.before_house_number(str(r.value))
    if before and kinds.person_name(before) is not None:
        return f"a person's name ({before!r}) before the house number"
    return None


def _street_without_type(r: Reading, at: Place) -> str | None:
    """A street without its type ("225 Highland" for Highland Ave, "107 Mill Pond" for Mill Pond
    Rd, "Cedar (n" for Cedar Ln): the type was lost or misread, and a street named without one
    (Broadway) is rare enough that a person can look."""
    address = kinds.postal_address(str(r.value))
    if address is not None and not address.street_type:
        return "a street without its type (St, Ave, Rd ...)"
    return None


def _street_type_unknown(r: Reading, at: Place) -> str | None:
    """A street whose type is none the Postal Service lists ("Mill Pond Kd" for Rd, trusted
    at 0.93): a letter of it misread, which `usaddress` still tags as a type."""
    address = kinds.postal_address(str(r.value))
    if address is not None and address.street_type and \
            address.street_type.rstrip(".").upper() not in kinds.STREET_TYPES:
        return f"a street type no post office lists ({address.street_type!r})"
    return None


def _unit_not_whole(r: Reading, at: Place) -> str | None:
    """A secondary unit without its designator or without its number: a "#" or an "Apt" lost
    ("14 Hollis Rd 31B" for Rd # 31B), run into its number ("Apt20A"), or the number lost
    ("Webster St Unit,").  A unit is written "Apt 5A", "Unit 3", "# 12" (Publication 28)."""
    address = kinds.postal_address(str(r.value))
    if address is None or not (address.unit or address.unit_type):
        return None
    if not address.unit_type and not address.unit.startswith("#"):
        return f"a unit number without its designator ({address.unit!r})"
    if not address.unit:
        return f"a unit designator without its number ({address.unit_type!r})"
    return None


def _street_name_not_words(r: Reading, at: Place) -> str | None:
    """A street name with a figure among its letters ("41 Scho0 St" for School St, read so
    from both crops): a letter read as a figure.  A street's name is words, or an ordinal
    ("42nd St"), or a route's number ("Route 3A")."""
    address = kinds.postal_address(str(r.value))
    if address is None or address.route:
        return None
    odd = [w for w in address.street_name.split() if re.search(r"\d", w) and re.search(r"[A-Za-z]", w)
           and not re.fullmatch(r"\d+(?:st|nd|rd|th)", w, re.IGNORECASE)]
    return f"a figure among a street name's letters ({odd[0]!r})" if odd else None


def _direction_unknown(r: Reading, at: Place) -> str | None:
    """A street's directional that is no direction ("Bridge St, BB" for Bridge St, # 13B,
    which `usaddress` tags as one): letters misread where the parser expected N, S, E or W."""
    address = kinds.postal_address(str(r.value))
    odd = [d for d in address.directions if d.rstrip(".").upper() not in kinds.DIRECTIONS] if address else []
    return f"a street direction that is none ({odd[0]!r})" if odd else None


def _town_not_of_its_zip(r: Reading, at: Place) -> str | None:
    """A town, a state or a ZIP code that do not go together (a letter of the town misread:
    "Condonderry", "TEWKS BURY"; a digit of the ZIP): the ZIP code's own town and state, as the
    Postal Service lists them (`zipcodes`), are what a right address holds."""
    address = kinds.postal_address(str(r.value))
    if address is None:
        return None                     # not postal at all: `address_not_postal` says so
    known = kinds.zip_towns(address.zip)
    if known is None:
        return "a ZIP code no post office has"
    state, towns = known
    if address.state != state:
        return f"a ZIP code of {state}, not {address.state}"
    if " ".join(re.sub(r"[^A-Za-z ]", " ", address.city).upper().split()) not in towns:
        return "a town its ZIP code does not serve"
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


def _read_unsigned(r: Reading, at: Place) -> str | None:
    """A form or notice read unsigned: nothing written where the signature was looked for,
    which is what a place taken on the wrong side of its label shows too (a signature in a
    caption box, read absent at 0.96 on the held-out family).  An unsigned form is a defect
    with consequences; a person confirms it."""
    return "read unsigned: a person confirms the signature is missing" if r.value is False else None


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
    Doubt("address_names_a_person", ("address",), _address_names_a_person),
    Doubt("street_without_type", ("address",), _street_without_type),
    Doubt("street_type_unknown", ("address",), _street_type_unknown),
    Doubt("town_not_of_its_zip", ("address",), _town_not_of_its_zip),
    Doubt("unit_not_whole", ("address",), _unit_not_whole),
    Doubt("direction_unknown", ("address",), _direction_unknown),
    Doubt("street_name_not_words", ("address",), _street_name_not_words),
    Doubt("name_not_a_person", ("holder_name",), _name_not_a_person),
    Doubt("same_text_as_another_field", ("holder_name", "address"), _same_text_as_another_field),
    Doubt("ssn_impossible", ("ssn",), _ssn_impossible),
    Doubt("grant_date_unread", ("grant.grant_date",), _grant_date_unread, blank_too=True),
    Doubt("read_unsigned", ("signature_present",), _read_unsigned),
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


def catalogue() -> dict[str, str]:
    """Each check's name and what it guards against."""
    return {d.name: d.guards_against for d in [*VALUE_DOUBTS, *READING_DOUBTS]}


# --- doubts about how a value was read (run inside `intake.reading.values.read_value`) ---------

# Writing that touches or crosses a printed wall: a cell of the grant table's (a named doubt,
# so that a blank cell beside it is doubted too: the "0" written on the wall between exercised
# and tendered left its own cell read blank at 0.97), or a signature block's box run past.
TOUCHES_WALL = "writing_touches_a_wall"
# A reading's evidence: its writing and a neighbour's ran together and were parted at the
# column's edge (`table.read_table`); one value's end may be in the other's reading.
CUT_FROM_NEIGHBOUR = "cut_from_neighbours_writing"


@dataclass
class Sight:
    """What `read_value` saw of one value: its readings and the pixels they came from.  A
    reading check may look again (ask Tesseract, read a variant crop) and says so here."""
    kind: str
    text_r: str                 # the recogniser's reading of the cleaned crop
    v_r: object                 # ... parsed as the kind
    text_t: str                 # Tesseract's reading ("" if not asked)
    conf_t: float
    v_t: object
    agree: bool                 # the recogniser and Tesseract read the same value
    repaired: bool              # a date whose slashes were put back in place of 1s
    page_image: object          # the page (PIL image)
    grey_box: tuple             # the written ink's box on the page
    region: object              # the value's place (ocr.layout.Box)
    crop: object                # the cleaned crop the recognisers read
    clean: object               # the place's ink without rules and specks
    dotted: object              # ... with its dots kept
    written: object             # the written ink's box in the place
    timeout: float
    wobble: list                # what the looks again read, for the evidence
    ink: object = None          # the page's ink (a boolean array), to look beside the place
    dpi: float = 0.0
    comb: bool = False          # read one character to a place of a comb (its walls taken out)
    pointed: Callable[[str], str] | None = None   # a comb's printed point put back in a reading


@dataclass(frozen=True)
class ReadingDoubt:
    name: str
    check: Callable[[Sight], bool]
    unsettles: bool = True      # True: the reading is not stable; False: its confidence is capped

    @property
    def guards_against(self) -> str:
        return (self.check.__doc__ or "").strip()


def _readers():
    from . import values as readers      # values runs these checks; imported when first used
    return readers


def _variant_reads_otherwise(s: Sight) -> bool:
    """A 1 read for a 7 (or a 4 for a 9; in a price a 5 that was a dollar sign): where the
    recogniser errs on some hands, a reading that changes when the crop keeps the cell's
    rules or is narrowed is not a stable one.  A variant that garbles abstains.  (A blurred
    crop was a third variant: on 963 values it never dissented alone, so it is not read.)"""
    from ocr import handwriting
    r = _readers()
    if s.kind not in r.CONFUSABLE_KINDS or not r.CONFUSABLE_BY_KIND.get(s.kind, r.CONFUSABLE).search(str(s.v_r)):
        return False
    grey = s.page_image.crop(s.grey_box)
    for variant in (s.page_image.crop(s.region.tuple()), grey.resize((max(4, int(grey.width * 0.8)), grey.height))):
        text_v, _ = handwriting.read_line(variant)
        text_v = s.pointed(text_v) if s.pointed else text_v
        s.wobble.append(text_v)
        v_v = r.parse(s.kind, text_v)
        if v_v is not None and not r._same(s.kind, s.v_r, v_v):
            return True                # one dissent is enough: the rest could not undo it
    return False


def _tesseract_swaps_1_and_7(s: Sight) -> bool:
    """The recogniser's one blind spot: on some hands (a 1 with a long flag) or fax-eroded
    type every reading of it says 7 for 1.  Tesseract reading the same value but with a 1
    where it read 7 (and no other difference but 1s and 7s) is dissent (numbers ask it now if
    they have not yet).  The other way, Tesseract's 7 for the recogniser's 1, is Tesseract's
    own misread of a hand (docs/doubts.md)."""
    from . import calibration
    r = _readers()
    if s.kind not in r.SWAP_CHECKED_KINDS or not re.search(r"[17]", str(s.v_r)):
        return False
    if not s.text_t and s.kind in calibration.NUMERIC_KINDS:
        s.text_t, s.conf_t = r.tesseract_line(s.crop, s.kind, s.timeout)
        s.text_t = s.pointed(s.text_t) if s.pointed else s.text_t
        s.v_t = r.parse(s.kind, s.text_t)
        s.agree = r._same(s.kind, s.v_r, s.v_t)
    if s.v_t is not None and r._swapped_17(s.v_r, s.v_t) and r._reads_1_for_7(s.v_r, s.v_t) \
            and r._could_be_written(s.kind, s.v_t):
        s.wobble.append(f"tesseract: {s.text_t}")
        return True
    return False


# Tesseract's confidence (0..1) from which its reading of another date contests a stable one.
CONTESTED_DATE_CONF = 0.7


def _tesseract_reads_another_date(s: Sight) -> bool:
    """A handwritten date the recogniser reads alike from both crops while Tesseract, sure of
    itself, reads another date with a 1 where the recogniser read 7 ("1996-08-07" for
    08-01, trusted at 0.95 before this check).  Tesseract's other dates (an 8 read 3, a 9
    read 4, the year 1796) are its own misreads of the hand.  Tesseract is not asked here if it
    was not."""
    r = _readers()
    if s.kind != "date" or s.v_t is None or r._same(s.kind, s.v_r, s.v_t) or s.conf_t < CONTESTED_DATE_CONF \
            or not r._reads_1_for_7(s.v_r, s.v_t):
        return False
    s.wobble.append(f"tesseract: {s.text_t}")
    return True


def _two_ones_read_as_one(s: Sight) -> bool:
    """A date read with a month of one 1 whose ink begins with two upright strokes side by
    side: "1/22/00" for 11/22/00, read alike every way."""
    if s.kind not in ("date", "signed_at") or not re.match(r"\s*1[/\-.]", s.text_r or "") \
            or not _readers()._two_ones(s.clean, s.written):
        return False
    s.wobble.append("two strokes where one 1 was read")
    return True


def _decimal_point_left_out(s: Sight) -> bool:
    """A price read without a point where the ink holds one on the line between digits:
    "1.25" read as 125 by every reading, Tesseract too."""
    w = s.written
    if s.kind != "price" or re.search(r"[.,:\-]", s.text_r) \
            or not _readers()._unread_dot(s.dotted[w.y0:w.y1, w.x0:w.x1]):
        return False
    s.wobble.append("a dot the reading left out")
    return True


def _price_point_unseen(s: Sight) -> bool:
    """A price of three figures or more read with no point: a point is a price's smallest
    mark (a felt pen's strokes fill it in, a fax drops it, a narrow hand sets it against a
    figure), and "2.75" read 275 by both crops and Tesseract is $275.00.  A price of a
    hundred dollars or more written without its cents is rare enough to be a person's to
    read: on sixteen sets no price of $100 or more was read right, and on the held-out hands
    such misreads went through unflagged (docs/measurements.md)."""
    digits = re.sub(r"\D", "", s.text_r or "")
    if s.kind != "price" or len(digits) < 3 or re.search(r"[.,]", s.text_r or ""):
        return False
    s.wobble.append("a price of three figures or more read with no point")
    return True


def _comb_price_without_point(s: Sight) -> bool:
    """A price written one figure to a place of a comb and read with no point: the point a
    comb prints between dollars and cents stands on its foot by a tick and goes with it, so
    nothing read says where the cents begin ("2150" for 21.50, read $2,150.00)."""
    if s.kind != "price" or not s.comb or re.search(r"[.,]", s.text_r or ""):
        return False
    s.wobble.append("a comb's price with no point read")
    return True


def _count_led_by_zero(s: Sight) -> bool:
    """A count read with a 0 before its other digits ("05,000"): no one writes a count so; a
    0 there is a stroke of the cell beside it (an exercised 0 written over a tendered 25,000's
    2) or a digit misread, and the count is not what was meant."""
    digits = re.sub(r"\D", "", s.text_r or "")
    if s.kind != "count" or len(digits) < 2 or digits[0] != "0":
        return False
    s.wobble.append("a count led by a 0")
    return True


def _time_without_colon(s: Sight) -> bool:
    """A time read without its colon ("1122 AM", or four digits of a 24-hour clock, "1416")
    that Tesseract did not confirm: a reading that lost the colon may have lost more
    ("3/31/2003" read "3/3/2003" beside it)."""
    text = s.text_r or ""
    bare = isinstance(s.v_r, str) and "T" in s.v_r and re.search(r"(?<![\d:.])\d{4}\s*$", text) is not None
    if s.kind not in ("signed_at", "time") or not (_readers().NO_COLON_TIME.search(text) or bare) or s.agree:
        return False
    s.wobble.append("a time read without its colon")
    return True


def _slashes_put_back(s: Sight) -> bool:
    """A numeric date whose 1s were taken for slashes that Tesseract did not confirm: a slash
    lost, not read as a 1, looks the same ("113/1996" for 11/3/1996)."""
    if not s.repaired or s.agree:
        return False
    s.wobble.append("slashes put back in place of 1s")
    return True


# Writing runs on past its place's side when a stroke crosses it and reaches at least
# CUT_BEYOND_IN beyond it (looked for up to CUT_REACH_IN out).
CUT_REACH_IN = 0.2
CUT_BEYOND_IN = 0.04


def _writing_cut_at_its_edge(s: Sight) -> bool:
    """Writing that runs on past its place's left or right side: what lies beyond was never
    read ("200" from a "2000" whose last 0 was written over the table's edge, every reading
    agreeing).  A stroke crossing the side is the sign; printed rules are not strokes."""
    if s.ink is None or not s.dpi:
        return False
    r = _readers()
    reach = int(CUT_REACH_IN * s.dpi)
    ink = s.ink
    x0, x1 = max(0, s.region.x0 - reach), min(ink.shape[1], s.region.x1 + reach)
    # Only the rows the writing stands in: a tall letter of the line above is no part of it.
    y0, y1 = s.region.y0 + s.written.y0, s.region.y0 + s.written.y1
    wide = r.clean_region(ink, Box(x0, y0, x1, y1), s.dpi)
    if not wide.size:
        return False
    n, _labels, stats, _ = components(wide.astype(np.uint8), 8)
    inside0, inside1 = s.region.x0 - x0, s.region.x1 - x0
    beyond = CUT_BEYOND_IN * s.dpi
    for i in range(1, n):
        left, width = stats[i, cv2.CC_STAT_LEFT], stats[i, cv2.CC_STAT_WIDTH]
        right = left + width
        # In the place by a pixel or more, and out of it by CUT_BEYOND_IN: a place's sides are
        # drawn in the gaps between values, so a stroke across one was cut in two.
        crosses_left = inside0 - left >= beyond and right > inside0
        crosses_right = right - inside1 >= beyond and left < inside1
        if crosses_left or crosses_right:
            s.wobble.append("writing runs on past its place's " + ("left" if crosses_left else "right"))
            return True
    return False


def _writing_goes_on_past_its_place(s: Sight) -> bool:
    """Writing that goes on past its place's right side after a space between words: the rest
    of the value written on past the end of its line ("March 30, 2003" read, "12:10 p.m." past
    the rule's end never seen).  Only where the writing reaches close to the side, and only on
    the signature block's values (a table's next cell holds its own value)."""
    if s.ink is None or not s.dpi or s.kind not in GOES_ON_KINDS:
        return False
    if s.region.width - s.written.x1 > GOES_ON_GAP_IN * s.dpi:
        return False
    r = _readers()
    y0, y1 = s.region.y0 + s.written.y0, s.region.y0 + s.written.y1
    x0 = s.region.x1
    x1 = min(s.ink.shape[1], x0 + int(GOES_ON_GAP_IN * s.dpi))
    if x1 <= x0 or y1 <= y0:
        return False
    beyond = r.clean_region(s.ink, Box(x0, y0, x1, y1), s.dpi)
    rows = np.flatnonzero(beyond.any(axis=1)) if beyond.size else np.array([], int)
    if rows.size and rows[-1] - rows[0] >= GOES_ON_TALL * (y1 - y0):
        s.wobble.append("writing goes on past its place's right side")
        return True
    return False


# Writing ending this close to its place's right side, and more of it begun within this past
# the side as tall as this share of the writing, goes on past its place.
GOES_ON_GAP_IN = 0.35
GOES_ON_TALL = 0.5
GOES_ON_KINDS = ("name", "signed_at", "ssn", "address", "time")


# Digits of one value read as different figures though their ink is of one shape: the pair's
# glyphs alike in height and width to within GLYPH_SIZE_RATIO and their shapes, each scaled
# to GLYPH_GRID square and smoothed, correlating at GLYPH_ALIKE or more; only where the
# figures read alike (of comparable size) correlate at GLYPH_MAPPED or more at the middle, so
# that each glyph is known for its character.  (Measured in docs/measurements.md: figures read
# alike correlate at 0.95 at the middle, figures read different at 0.06, 0.63 at the 99th
# hundredth.)
GLYPH_SIZE_RATIO = (1.25, 1.4)
GLYPH_GRID = 24
GLYPH_ALIKE = 0.9
GLYPH_MAPPED = 0.8
# ... or two figures of comparable size read as one digit correlating under GLYPH_UNLIKE: of
# 1338 values so mapped, 13 had a pair read alike under 0.6, 5 under 0.3.
GLYPH_UNLIKE = 0.3
GLYPH_KINDS = ("count", "price", "ssn", "date", "signed_at", "time")


def _glyphs(clean: np.ndarray, written: Box) -> list[np.ndarray]:
    """The glyphs of a value's writing, left to right: its ink's pieces joined 8-ways, each
    as tall as a tenth of the tallest or more (specks and a fax's dust left out)."""
    part = clean[written.y0:written.y1, written.x0:written.x1].astype(np.uint8)
    if not part.size:
        return []
    n, labels, stats, _ = components(part, 8)
    tall = max((stats[i, cv2.CC_STAT_HEIGHT] for i in range(1, n)), default=0)
    keep = sorted((i for i in range(1, n) if stats[i, cv2.CC_STAT_HEIGHT] >= 0.1 * tall
                   and stats[i, cv2.CC_STAT_AREA] >= 4), key=lambda i: stats[i, cv2.CC_STAT_LEFT])
    out = []
    for i in keep:
        x, y, w, h = (stats[i, k] for k in (cv2.CC_STAT_LEFT, cv2.CC_STAT_TOP, cv2.CC_STAT_WIDTH, cv2.CC_STAT_HEIGHT))
        out.append(labels[y:y + h, x:x + w] == i)
    return out


def _shape(glyph: np.ndarray) -> tuple[tuple[int, int], np.ndarray]:
    """A glyph's size and its shape: scaled to GLYPH_GRID square and smoothed."""
    g = GLYPH_GRID
    f = cv2.resize(glyph.astype(np.float32), (g, g), interpolation=cv2.INTER_AREA)
    return glyph.shape, cv2.GaussianBlur(f, (5, 5), 0).ravel()


def _alike(a: tuple[tuple[int, int], np.ndarray], b: tuple[tuple[int, int], np.ndarray]) -> float:
    """How alike two glyphs' shapes are (`_shape`; -1..1, 0 where their sizes differ too much)."""
    ((ha, wa), fa), ((hb, wb), fb) = a, b
    hr, wr = GLYPH_SIZE_RATIO
    if max(ha, hb) > hr * min(ha, hb) or max(wa, wb) > wr * min(wa, wb):
        return 0.0
    if fa.std() == 0 or fb.std() == 0:
        return 0.0
    return float(np.corrcoef(fa, fb)[0, 1])


def _one_shape_read_two_ways(s: Sight) -> bool:
    """Two figures of one value whose ink is of one shape, read as different digits, or of
    shapes unlike read as one digit: one of them is misread ("355-19-2977" for 2911, a hand
    whose 1 has a long flag, every reading agreeing on the 7s and on the 1 before them).
    Only where the ink parts into as many glyphs as the reading has characters and the
    figures read alike are alike in their ink too: then each glyph is known for its character
    (a joined or broken stroke shifts every glyph after it, and unlike pairs are compared)."""
    if s.kind not in GLYPH_KINDS or s.clean is None or s.written is None:
        return False
    chars = [c for c in (s.text_r or "") if not c.isspace()]
    glyphs = _glyphs(s.clean, s.written)
    if len(glyphs) != len(chars) or len(chars) < 2:
        return False
    glyphs = [_shape(g) for g in glyphs]
    pairs = [(chars[i], chars[j], _alike(glyphs[i], glyphs[j]))
             for i, j in itertools.combinations(range(len(chars)), 2) if chars[i].isdigit() and chars[j].isdigit()]
    alike = [x for a, b, x in pairs if a == b and x != 0.0]
    if not alike or float(np.median(alike)) < GLYPH_MAPPED:
        return False
    for a, b, x in pairs:
        if a != b and x >= GLYPH_ALIKE:
            s.wobble.append(f"one shape read {a} and {b}")
            return True
        if a == b and x != 0.0 and x < GLYPH_UNLIKE:
            # And the other way: two figures of shapes unlike read as one digit ("3612"
            # read "3672", its 1's long flag taken for the 7 of "73", crossed).
            s.wobble.append(f"unlike shapes both read {a}")
            return True
    return False


READING_DOUBTS: list[ReadingDoubt] = [
    ReadingDoubt("variant_reads_otherwise", _variant_reads_otherwise),
    ReadingDoubt("tesseract_swaps_1_and_7", _tesseract_swaps_1_and_7),
    ReadingDoubt("tesseract_reads_another_date", _tesseract_reads_another_date),
    ReadingDoubt("two_ones_read_as_one", _two_ones_read_as_one),
    ReadingDoubt("one_shape_read_two_ways", _one_shape_read_two_ways),
    ReadingDoubt("decimal_point_left_out", _decimal_point_left_out),
    ReadingDoubt("price_point_unseen", _price_point_unseen),
    ReadingDoubt("comb_price_without_point", _comb_price_without_point),
    ReadingDoubt("count_led_by_zero", _count_led_by_zero),
    ReadingDoubt("time_without_colon", _time_without_colon, unsettles=False),
    ReadingDoubt("slashes_put_back", _slashes_put_back, unsettles=False),
    ReadingDoubt("writing_cut_at_its_edge", _writing_cut_at_its_edge, unsettles=False),
    ReadingDoubt("writing_goes_on_past_its_place", _writing_goes_on_past_its_place, unsettles=False),
]


def unsettle(s: Sight, stable: bool) -> tuple[bool, list[str]]:
    """Run the checks that can unsettle a stable reading, in order, until one does: whether
    the reading is still stable, and the name of the check that unsettled it."""
    for d in READING_DOUBTS:
        if d.unsettles and stable and d.check(s):
            return False, [d.name]
    return stable, []


def capping(s: Sight) -> list[str]:
    """The names of the checks that cap the reading's confidence (each is run)."""
    return [d.name for d in READING_DOUBTS if not d.unsettles and d.check(s)]
