"""Checks: what the values must satisfy, and which readings a person must look at.

A value that breaks a rule it must keep (an SSN's shape, a grant dated before
the Offer, shares exercised above shares granted, a tender above what is left,
a signing date outside the Offer period) is doubtful however clearly it was
read: its confidence is lowered below the review threshold and the evidence
says why.  Then every reading below the threshold goes to review, and the
document's status follows from `intake.decision.document_status`.
"""
from __future__ import annotations

import re
from datetime import date

from .assemble import TENDER_WITHOUT_GRANTS
from .config import Config
from .decision import RECEIPT_TIME_DOUBT, document_status
from . import normalize
from .fieldspec import GRANT_FIELDS, KIND, NEEDED_GRANT_FIELDS
from .model import Document, Reading
from .reading import doubts, kinds
from .reading.doubts import CUT_FROM_NEIGHBOUR

DOUBT = doubts.DOUBT   # the confidence left to a value that breaks a rule it must keep

# An address beginning with a "word" of letters that are digits' shapes: a house number
# read as letters ("SS School St" for 55, by both engines alike, seed 7070; "S4", seed 7676).
_NUMBER_AS_LETTERS = re.compile(r"[SOIlZBG][SOIlZBG\d]{0,4}\s+[A-Z][a-z]")
# A unit of letters only, or of one letter that is also a digit's shape ("# S" for # 5).
_UNIT_LETTERS = re.compile(r"(?:\b(?i:Apt|Unit|Suite|Ste)|#)\.?\s*(?:[A-Za-z]{2,}|[SOIZl])(?=,|\s|$)")
# A price's cents after its dollars: a point (or what a fax makes of one), or the rule of a
# "$ | ¢" pair of boxes (`table._price_with_cents`: "21 | 50").
_CENTS = re.compile(r"\d\s*[.,:\-|]\s*\d")
# A price read as figures and its point with nothing after it ("$15."): its cents not read.
_POINT_ENDS = re.compile(r"\d\s*[.,]\s*$")
# A US state's postal code and the number after it: the ZIP code, five digits or ZIP+4.
_STATE_ZIP = re.compile(r"\b(?:%s)\.?,?\s+(\d[\d-]*)(?=,|\s|$)" % "|".join(sorted(kinds.STATES)))


# What the form says a holder must give besides the signature ("you must print your name and
# indicate the date and time at which you signed. You must also include a current address and
# your identification number"): blank, each goes to a person.
REQUIRED_FIELDS = ("holder_name", "ssn", "signed_at", "address")

# A cell written but not read doubts its neighbours (a piece of its writing may have been read
# in theirs) unless their writing stands further apart than this many times their places'
# height (a cell's place: its writing's height and a margin over and under it).
NEIGHBOURS_APART = 1.0


def _doubt(r: Reading | None, why: str, *, name: str, blank_too: bool = False) -> None:
    """Lower a reading below the review threshold, saying why and under which check's name
    (blank readings only if asked)."""
    doubts.doubt(r, name, why, blank_too=blank_too)


def _cell_height(r: Reading) -> int:
    """How tall a value's writing stands (its reading's box)."""
    return r.bbox[3] - r.bbox[1]


def _written_apart(a: Reading, b: Reading) -> bool:
    """Whether two cells' writing stands further apart along their row than either's place is
    tall (`NEIGHBOURS_APART`): no piece of one was read in the other, as a value cut at a
    cell's edge or run on past it is, its pieces a letter's or a word's space apart."""
    if not (a.bbox and b.bbox) or a.page != b.page:
        return False
    gap = max(b.bbox[0] - a.bbox[2], a.bbox[0] - b.bbox[2])
    return gap > NEIGHBOURS_APART * max(_cell_height(a), _cell_height(b))


def _another_columns_value(r: Reading, key: str) -> bool:
    """Whether a cell's writing, unread as its own kind, reads as a value of another column's:
    a price "$18.00" where the count is looked for, the row's values each a column over from
    their headings, the count beside it read as a price, 500.00 at 0.95."""
    text = r.raw or r.evidence.get("ppocr")
    return bool(text) and any(normalize.PARSERS[KIND[k]](text) is not None
                              for k in GRANT_FIELDS if KIND[k] != KIND[key])


def _grant_checks(row: dict[str, Reading], cfg: Config) -> None:
    g = {k: r.value for k, r in row.items()}
    if g.get("grant_date") and date.fromisoformat(g["grant_date"]) >= cfg.offer.commencement:
        _doubt(row["grant_date"], "a grant date on or after the Offer began", name="grant_date_in_offer")
    if g.get("grant_date") and date.fromisoformat(g["grant_date"]).year < 1980:
        _doubt(row["grant_date"], "a grant date before the plan could have granted it", name="grant_date_before_plan")
    granted, exercised, tendered = g.get("shares_granted"), g.get("shares_exercised"), g.get("shares_tendered")
    if granted is not None and exercised is not None and exercised > granted:
        _doubt(row["shares_exercised"], "more shares exercised than granted", name="exercised_over_granted")
        _doubt(row["shares_granted"], "more shares exercised than granted", name="exercised_over_granted")
    if granted is not None and tendered is not None and tendered > granted - (exercised or 0):
        # Any of them may be the misread one: the grant read too small, the tender or the
        # exercised too large ("1500" granted read 500 beside its tender of 1500 read right,
        # and only the tender was doubted; the grant was the wrong one most often, how often
        # in docs/measurements.md).  An exercised 0 is none of them: read too small, it could
        # not have broken the sum.
        for key in ("shares_tendered", "shares_granted") + (("shares_exercised",) if exercised else ()):
            _doubt(row[key], "more shares tendered than granted less exercised", name="tendered_over_available")
    if granted == 0:
        _doubt(row["shares_granted"], "a grant of no shares", name="grant_of_no_shares")
    # Option grants are of hundreds or thousands of shares: a count from 1 to 9 is more
    # likely a stroke or a speck read as a digit than a number someone wrote.
    for key in ("shares_granted", "shares_exercised", "shares_tendered"):
        if g.get(key) is not None and 0 < g[key] < 10:
            _doubt(row[key], "a share count under ten", name="count_under_ten")
    price = g.get("exercise_price")
    if price is not None and not (0.01 <= float(price) <= 1000):
        _doubt(row["exercise_price"], "an exercise price outside 0.01..1000", name="price_out_of_range")
    # A row with a single value is a stray mark (a tick that rose from the box below) or a
    # half-filled row: a person decides.
    filled = [k for k, v in g.items() if v is not None]
    if len(filled) == 1:
        _doubt(row[filled[0]], "the only value in its row", name="only_value_in_row")
    # A cell written but not read is often a value cut at a cell's edge, part of it read with
    # the cell beside it: a date's year ran on into the count ("Sep 30," and "19983000", seed
    # 1515), or a day's last digit was split off into it ("1998-06-1" and "8 12000", seed
    # 2525, the date read the same every way).  Its neighbours are in doubt.
    for i, key in enumerate(GRANT_FIELDS):
        r = row.get(key)
        if r is None or r.value is not None or r.evidence.get("blank"):
            continue
        for j in (i - 1, i + 1):
            beside = row.get(GRANT_FIELDS[j]) if 0 <= j < len(GRANT_FIELDS) else None
            if beside is None or (_written_apart(r, beside) and not _another_columns_value(r, key)):
                continue
            _doubt(beside, f"the {key.replace('_', ' ')} beside it was written but not read", name="neighbour_unread")
    # A price read with its point and nothing after it was written with cents that were not
    # read; where its writing ran into its neighbour's and was parted at the column's edge,
    # the cents were read in the neighbour's cell: "$15.75" and "0" read "$15." and 750,
    # "3.12" and "00" read "3." and 1200, the price or the count trusted at 0.98 (a blind
    # set, docs/measurements.md).  The price, and the parted neighbour after it, go to a person.
    price_r = row.get("exercise_price")
    if price_r is not None and price_r.value is not None and _POINT_ENDS.search(price_r.raw or ""):
        _doubt(price_r, "a price read with its point and no cents after it", name="price_cents_unread")
        if price_r.evidence.get(CUT_FROM_NEIGHBOUR) and price_r.bbox:
            after = [r for k, r in row.items() if k != "exercise_price" and r.value is not None and r.bbox
                     and r.page == price_r.page and r.evidence.get(CUT_FROM_NEIGHBOUR)
                     and r.bbox[0] >= price_r.bbox[0] and abs(r.bbox[0] - price_r.bbox[2]) <= _cell_height(price_r)]
            nearest = min(after, key=lambda r: r.bbox[0], default=None)
            if nearest is not None:
                _doubt(nearest, "the price before it was read without its cents: they may be read here",
                       name="price_cents_unread")
    # A row with writing that went unread was not surely read where it was written (its columns
    # not where they were taken to be, a photographed page; a value written one cell over, its
    # own cell left blank and read so at 0.97 on a fresh set): its blank cells say nothing either.
    unread = [k for k, r in row.items() if r.value is None and not r.evidence.get("blank")]
    if unread:
        for key, r in row.items():
            if r.evidence.get("blank"):
                _doubt(r, "a blank cell in a row whose writing was not read", name="blank_in_unread_row",
                       blank_too=True)
    # A row listed with none of its shares tendered: the form lists the grants tendered, so a
    # 0 there is more likely a value read from the wrong column (a row written one column
    # over, its exercised 0 taken for the tender) than a tender of nothing.  A person decides.
    if tendered == 0:
        _doubt(row["shares_tendered"], "a grant listed with no shares tendered", name="tender_of_none")
    # A row with some cells read and a needed cell blank: the blank may be a miss.  Every
    # grant has a date, a count, a price; a listed grant has shares tendered.  A row is filled
    # when any of its cells holds writing, read or not (a row of printed prose taken for a
    # row: its words read as nothing, its empty cell must not stand as a blank).
    if any(v is not None for v in g.values()) or any(not r.evidence.get("blank") for r in row.values()):
        for key in NEEDED_GRANT_FIELDS:
            if row.get(key) is not None and row[key].value is None:
                _doubt(row[key], "a needed cell of a filled row is blank", name="needed_cell_blank", blank_too=True)
        # A row read with no place at all for a needed field, or with half of them or more
        # blank, is a piece of a grant, not a grant: the lower half of a grant's card taken for a record of
        # its own, its date, count and price blank and its tender read at 0.98.  Where the rest
        # of it went is a person's to find.
        if _a_piece(row):
            for r in row.values():
                _doubt(r, "a row read without its " + ", ".join(k.replace("_", " ") for k in _lacking(row)),
                       name="row_not_whole", blank_too=True)


def _blanks_beside_doubt(row: dict[str, Reading], cfg: Config) -> None:
    """A blank cell beside a value in doubt may hold part of that value's writing, or the value
    its own: "1300" written over the wall between exercised and tendered read as a blank and
    "13001700", the blank trusted at 0.97 (a fresh set's 0005.pdf).  In doubt by a named
    check or by its reading, not sure enough to stand: an exercised 0 written over the
    tendered 4200's first digit left its own cell blank, read so at 0.97, and the tender
    read "6200" at 0.56.  Asked after the table's checks as well as the row's: a price the table
    doubts (no cents where its others carry them) with the typed "0" beside it read blank."""
    for i, key in enumerate(GRANT_FIELDS):
        r = row.get(key)
        if r is None or not r.evidence.get("blank"):
            continue
        beside = [row.get(GRANT_FIELDS[j]) for j in (i - 1, i + 1) if 0 <= j < len(GRANT_FIELDS)]
        if any(b is not None and b.value is not None
               and (b.evidence.get("doubts") or b.confidence < cfg.reading.review_threshold) for b in beside):
            _doubt(r, "a blank cell beside a value in doubt", name="blank_beside_doubt", blank_too=True)


def _field_checks(doc: Document, cfg: Config) -> None:
    f = doc.fields
    signed = f.get("signed_at")
    if signed is not None and signed.value:
        day = date.fromisoformat(signed.value[:10])
        last = cfg.offer.deadline.date()
        if not (cfg.offer.commencement <= day <= last):
            _doubt(signed, "a signing date outside the Offer period", name="signed_outside_offer")
    name_r = f.get("holder_name")
    if name_r is not None and name_r.value and re.search(r"[^\w .,'\-]|[\d_]", name_r.value):
        # Both recognisers can read an initial's stop as a colon ("John W: Wilson", seed 1616).
        _doubt(name_r, "a character no name has", name="name_character")
    elif name_r is not None and name_r.value and re.search(r"[A-Za-z]{2,}\.", name_r.value):
        # A stop belongs after an initial; after a whole name it is a speck or a stroke read
        # as one ("Dorothy. N. Adams", trusted at 0.94 on a fresh set), and more may be misread.
        _doubt(name_r, "a full stop after a whole name, not an initial", name="name_character")
    address = f.get("address")
    if address is not None and address.value:
        text = address.value
        if any(not re.fullmatch(r"\d{5}(?:-\d{4})?", z) for z in _STATE_ZIP.findall(text)):
            # Both engines can lose a digit alike ("Hudson NH 0305", seed 4949).
            _doubt(address, "a ZIP code that is not five digits", name="zip_not_five_digits")
        if _UNIT_LETTERS.search(text):
            # A unit is numbered ("Apt 5A", "# 12", "Unit B"); "Apt SA" is a 5 read as an S by
            # both engines alike (seed 5050; "Unit IB" for 1B, "Unit ISA" for 15A on others;
            # "# S" for # 5 on 5656).
            _doubt(address, "a unit without a number", name="unit_without_number")
        if _NUMBER_AS_LETTERS.match(text):
            _doubt(address, "a house number read as letters", name="house_number_as_letters")
    for name in REQUIRED_FIELDS:
        r = f.get(name)
        if r is not None and r.value is None and not r.evidence.get("why"):
            # A blank where the form requires a value: ask a person rather than record 'blank'.
            # (A whole block read blank at 0.9 was a holder's writing too light for the fax.)
            r.confidence = min(r.confidence, 0.85)


def _lacking(row: dict[str, Reading]) -> list[str]:
    """The needed fields a row has no value for (no place, or nothing read there)."""
    return [k for k in NEEDED_GRANT_FIELDS if row.get(k) is None or row[k].value is None]


def _a_piece(row: dict[str, Reading]) -> bool:
    """A row read with no place at all for a needed field, or with half of them or more holding
    no writing: a piece of a grant, not a grant.  A cell whose writing was read but not as a
    value of its kind (an unseen hand's date) is a grant's cell all the same: it goes to a
    person by itself (`needed_cell_blank`), and says nothing of where its row's others stand."""
    empty = [k for k in _lacking(row) if k not in row or not row[k].evidence.get("ppocr")]
    return any(v.value is not None for v in row.values()) and (
        any(k not in row for k in NEEDED_GRANT_FIELDS) or 2 * len(empty) >= len(NEEDED_GRANT_FIELDS))


def _table_checks(rows: list[dict[str, Reading]]) -> None:
    """What the rows of one table say about each other."""
    # Where a row is a piece of a grant, the rest of that grant may be another row short of a
    # needed field the piece holds (a card's upper half, its date, count and price read and its
    # tender not, beside its lower half read as a row of its own): that row is a person's too.
    held = {k for row in rows if _a_piece(row) for k, r in row.items() if r.value is not None}
    for row in rows:
        short = [k for k in _lacking(row) if k in held]
        if short and any(v.value is not None for v in row.values()) and not _a_piece(row):
            for r in row.values():
                _doubt(r, "a row without its " + ", ".join(k.replace("_", " ") for k in short)
                       + " beside a row that is a piece of a grant holding one", name="row_not_whole",
                       blank_too=True)
    # A holder who writes the dollar sign writes it on every row: where other prices carry
    # one, a price read without it may have its sign read as a digit ("$4.50" read 54.50 by
    # every reading, Tesseract's too, seed 4747; "$5.88" read 45.88, seed 7272).  On 21 sets
    # 8 prices were read so, 7 of them wrong; the right one was the sign read as an "S".
    prices = [row.get("exercise_price") for row in rows]
    raws = [(r.raw or "").strip() if r is not None and r.value is not None else "" for r in prices]
    if any(t.startswith("$") for t in raws):
        for r, t in zip(prices, raws):
            if t and not t.startswith(("$", "S", "s")):
                _doubt(r, "a price without the dollar sign the others have", name="price_without_dollar_sign")
    # Nor does one who writes the cents leave them off one row: where two prices or more were
    # read with their cents, one read with none may be a piece of a price (a typed "21.50" cut
    # at a column boundary placed inside it, read "50" and so 50.00 at 0.95).
    with_cents = [bool(_CENTS.search(t)) for t in raws]
    if sum(with_cents) >= 2:
        for r, t, cents in zip(prices, raws, with_cents):
            if t and not cents:
                _doubt(r, "a price without the cents the others have", name="price_without_cents")


def _one_read_as_seven(r: Reading) -> bool:
    """Whether the recogniser's readings of one value (the crop, the page's grey pixels, the
    variants) differ, and only where one has a 1 and another a 7."""
    ev = r.evidence
    texts = {t for t in [ev.get("ppocr"), ev.get("ppocr_grey"), *(ev.get("ppocr_variants") or [])] if t}
    for a in texts:
        for b in texts:
            if a != b and len(a) == len(b) and all(x == y or {x, y} == {"1", "7"} for x, y in zip(a, b)):
                return True
    return False


def _hand_checks(doc: Document) -> None:
    """What one value shows of its writer's hand, applied to the others on its page.  A grant
    date read with its year begun by a 7 ("7996") is a 1 the recogniser read as 7 in this hand
    (caveat on a fax, every reading agreeing): any other value on that page with a 7 in it may
    be a 1 read so ("11.25" read "17.25" at 0.98 beside a date read "7996").  So is a value
    read one way from its crop and the other from the page's grey pixels ("77.25" and "71.25":
    "1.25" read "7.25" at 0.95 beside it)."""
    pages = {row["grant_date"].page for row in doc.grants if row.get("grant_date") is not None
             and isinstance(row["grant_date"].value, str) and row["grant_date"].value[:1] == "7"}
    # Or a value the recogniser read two ways that differ only by a 1 read as a 7 (its crop
    # "77.25", the page's grey pixels "71.25"): in this hand on this page the two are alike.
    readings = list(doc.fields.values()) + [r for row in doc.grants for r in row.values()]
    pages |= {r.page for r in readings if _one_read_as_seven(r)}
    if not pages:
        return
    for r in readings:
        if r.page in pages and r.value is not None and "7" in str(r.value):
            _doubt(r, "a 7 in a hand whose 1 was read as 7 on this page",
                   name="hand_reads_1_as_7")


def decide(doc: Document, cfg: Config) -> Document:
    """Apply the checks, mark what needs review, and set the status."""
    threshold = cfg.reading.review_threshold
    for row in doc.grants:
        _grant_checks(row, cfg)
    _table_checks(doc.grants)
    for row in doc.grants:
        _blanks_beside_doubt(row, cfg)
    _field_checks(doc, cfg)
    _hand_checks(doc)
    doubts.apply(doc, cfg)      # a value of the wrong kind never goes through without a person
    readings = list(doc.fields.values()) + [r for row in doc.grants for r in row.values()]
    if doc.holder is not None:
        readings.append(doc.holder)
    for r in readings:
        r.needs_review = bool(r.confidence < threshold)
    if doc.document_type == "election_form":
        tender = doc.fields.get("tender_elected")
        if not doc.grants and tender is not None and tender.value is not True and tender.needs_review \
                and not any(p.code == TENDER_WITHOUT_GRANTS for p in doc.problems):
            # No grant row read and the tender box not surely unmarked: if a person finds it
            # marked, the grants are on the page unread (a layout whose headings were read as
            # a table's that is none); the table is a person's to read with the box.
            doc.add_problem(TENDER_WITHOUT_GRANTS, "No grant row was read and the tender box could not be read "
                            "surely: a person should read the box and the table from the page.")
        sig = doc.fields.get("signature_present")
        # Read unsigned: the defect is raised at once, and the reading goes to a person too
        # (`read_unsigned`), who closes the problem by finding the signature.
        if sig is not None and sig.value is False and (not sig.needs_review
                                                       or sig.evidence.get("doubts") == ["read_unsigned"]):
            doc.add_problem("missing_signature", "No signature was found on the form.")
    if not doc.on_time:
        doc.add_problem("late", "Received after the Offer's deadline.", needs_decision=False)
    n_review = sum(1 for r in readings if r.needs_review)
    open_decisions = sum(1 for p in doc.problems if p.needs_decision)
    doc.status = document_status(doc.on_time, n_review, open_decisions, False, False,
                                 any(p.code == RECEIPT_TIME_DOUBT for p in doc.problems))
    return doc
