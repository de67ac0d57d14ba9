"""From reading signals to a confidence that means what it says.

Each function maps the measurable signals of one kind of reading (two engines
agreeing, ink inside a box, ink in a signature place) to the probability that
the value is right.  The numbers were set from the evaluation's reliability
table on the training split of generated samples (`intake evaluate`); the
held-out split checks them.  The review threshold itself is in the
configuration ([reading] review_threshold).
"""
from __future__ import annotations

# A place with less ink than this share (after rules and specks are removed) is blank.
BLANK_INK_SHARE = 0.0015
# A word Tesseract reads with this confidence or more is print, not writing or a mark (a
# box's ring is measured without it; a table's printed "TOTAL" makes its row the total line).
PRINT_CONF = 60
# A short word at a sentence's start read this sure, its letters a word's ("An"), is that word,
# not the sentence's box read as letters ("KK", "wil"): the strokes of its letters are no box.
WORD_SURE_CONF = 90

# The tender box read from the bands beside the page's boxes (`page._read_near_boxes`) this
# sure or more stands; less sure, or not read, and the page is read whole.
NEAR_BOX_SURE = 0.9

# Checkbox: share of the trimmed inside that is ink.
BOX_EMPTY_MAX = 0.02      # at or below: not marked
BOX_MARKED_MIN = 0.08     # at or above: marked
RING_SPILL_MIN = 0.05     # ink around an empty-looking box: a mark that missed, ask a person
# One upright side of an empty-looking box carrying this much more ink than the other (a share
# of the box): a mark struck over the side.  On three sets (6767-6969) 76 empty boxes measured
# at most 0.030; the typed "X[ ]" whose X hid in its bracket, 0.087.
SIDE_MARK_MIN = 0.05
# An empty-looking box whose top edge is this much thicker than its bottom, or the other way
# (inches; a printed edge is a hundredth of an inch or two, a pen's stroke thicker): a mark
# drawn along the edge, trimmed off with it.
ENDS_UNEVEN_MIN = 0.025
RINGED_MIN = 0.6          # a printed word ringed: a ring over and under this share of it ...
UNRINGED_MAX = 0.15       # ... and not ringed: at most this
CHOICE_SURE = 0.9         # a YES or NO read at least this sure is the answer, no box looked for
STRUCK_MIN = 0.8          # a printed choice struck out: one stroke crosses this share of it ...
UNSTRUCK_MAX = 0.4        # ... and the other left alone: no run longer than this (print 0.09-0.38)
OVAL_FILLED_MIN = 0.6     # an oval to fill in: filled when this share of its inside is inked ...
OVAL_OPEN_MAX = 0.1       # ... and left open at most this (its printed letter left out)

# Signature: ink share in the signature place and the written width in inches.
SIG_EMPTY_MAX = 0.0015
SIG_PRESENT_MIN = 0.006
SIG_MIN_EXTENT_IN = 0.5


def blank_confidence(share: float) -> float:
    """How sure a blank reading is: cleaner places are surer."""
    return 0.97 if share < BLANK_INK_SHARE / 3 else 0.9


# Measured on the training split (scripts/calibrate.py): a value the handwriting
# recogniser reads the same from the cleaned crop and from the page's own grey
# pixels ("stable") was right in 75 of 75 numeric readings (counts, prices,
# SSNs, signing dates) whether or not Tesseract agreed, and where Tesseract read
# a different valid number the recogniser was still right in 77 of 80; an
# unstable one was right in none.  So numbers are not read by Tesseract at all.
# Free text (names, addresses) is less sure even when stable, unless Tesseract agrees to the
# letter.  Dates were held at 0.85 on the same grounds until measured again on seven later
# sets (seeds 1515-2121, 217 grant dates read the same from both crops with Tesseract not
# agreeing): 213 right; of the 4 wrong, 3 break a grant-date check (years 7998, 7999, 2007)
# and one lost a digit ("November 9" for 19).  So a stable date is as sure as a stable number.
STABLE_NUMERIC = 0.95
STABLE_DATE = 0.95
STABLE_TEXT = 0.8
NUMERIC_KINDS = ("count", "price", "ssn", "signed_at", "time", "cents")
# A count written as one character is read by Tesseract too (psm 10, digits only).  When the
# grey crop garbles it ("O" for a typed "0"), Tesseract's agreement at this confidence or more
# stands in for the grey reading (a clean typed "0" reads at 0.82-0.94).
GLYPH_TESSERACT_MIN = 0.8


# A count written as a lone "0" (the usual "shares exercised") that both crops read as "0":
# the recogniser scores a character alone low (it was trained on lines), so its score says
# little there.  On eleven sets (1414-2424) 497 such readings were right, 55 of them scored
# under 0.9.  (A lone "1" read the same way was a rule's stub every time, 19 of 19; the
# share-count checks send those to a person.)  So a stable lone zero needs no score.


# An address line read the same from both crops, well formed, scored 0.9 or more: as sure
# as a line Tesseract read one letter apart was found to be, whatever Tesseract read.  An
# address has parts that hold its letters: its numbers read as numbers are, a street type the
# Postal Service lists, the ZIP code's own town, a unit with its designator and its number, a
# direction that is one (the address checks in `doubts`).  A name has none of these: which
# engine has a letter right is not known, and a name so read goes to a person (STABLE_TEXT).
# (Counts in docs/measurements.md.)
STABLE_ADDRESS = 0.93


# A value only the grey crop reads as its kind (the cleaned crop and Tesseract read none): on
# ten sets (docs/measurements.md) 43 of 52 dates, times and SSNs so read were right, 17 of
# 40 counts and prices.  Under the review threshold either way: one engine on one crop.
GREY_ONLY = {"date": 0.8, "signed_at": 0.8, "ssn": 0.8}
GREY_ONLY_OTHER = 0.4


def value_confidence(kind: str, *, agree: bool, stable: bool, primary_ok: bool, secondary_ok: bool,
                     score_primary: float, lone_zero: bool = False, grey_ok: bool = False) -> float:
    if agree and stable:
        return 0.98 if kind not in ("name", "address") else 0.94
    if lone_zero and stable and primary_ok:
        return STABLE_NUMERIC
    if stable and primary_ok and score_primary >= 0.9:
        if kind in NUMERIC_KINDS:
            return STABLE_NUMERIC
        return STABLE_DATE if kind == "date" else STABLE_ADDRESS if kind == "address" else STABLE_TEXT
    if agree:
        return 0.8
    if primary_ok and secondary_ok:
        return 0.35          # both read a valid value, and they differ
    if primary_ok:
        return 0.45 + 0.3 * max(0.0, score_primary - 0.5)
    if secondary_ok:
        return 0.3
    if grey_ok:
        return GREY_ONLY.get(kind, GREY_ONLY_OTHER)
    return 0.05


def checkbox(inside: float, ring: float, found_by: str, sides: float = 0.0, ends: float = 0.0
             ) -> tuple[bool | None, float]:
    if found_by == "region":
        # No box was found: trust nothing strongly.
        return (inside >= BOX_MARKED_MIN), 0.5
    if inside >= BOX_MARKED_MIN:
        return True, 0.98 if inside >= 2 * BOX_MARKED_MIN else 0.93
    if inside <= BOX_EMPTY_MAX:
        if ring >= RING_SPILL_MIN or sides >= SIDE_MARK_MIN or ends >= ENDS_UNEVEN_MIN:
            return False, 0.5
        return False, 0.97
    return inside >= (BOX_EMPTY_MAX + BOX_MARKED_MIN) / 2, 0.5


def choice(yes: float, no: float, wide: float, both_read: bool = True) -> tuple[bool | None, float]:
    """A sentence answered by ringing YES or NO: how much of each word a ring goes round, the
    most of either that ink wider out goes round (a ring drawn large, or a mark near them), and
    whether OCR read both words.  One of them unread with no ring round either is unexplained
    (a ring garbles a word; what else did?): "YES -! wish", a dash and an I read as one, was
    taken for the pair and read not elected at 0.95."""
    if yes >= RINGED_MIN and no <= UNRINGED_MAX:
        return True, 0.97
    if no >= RINGED_MIN and yes <= UNRINGED_MAX:
        return False, 0.97
    if yes <= UNRINGED_MAX and no <= UNRINGED_MAX and wide <= UNRINGED_MAX:
        # Neither ringed: the sentence not elected, as an empty box.
        return False, 0.95 if both_read else 0.5
    return yes > no, 0.5


def ovals(yes: float, no: float, letters_read: bool) -> tuple[bool | None, float]:
    """Two ovals to fill in, YES's and NO's: how much of each one's inside is inked (its
    printed letter left out), and whether their letters said which is which."""
    sure = 0.95 if letters_read else 0.5
    if yes >= OVAL_FILLED_MIN and no <= OVAL_OPEN_MAX:
        return True, sure
    if no >= OVAL_FILLED_MIN and yes <= OVAL_OPEN_MAX:
        return False, sure
    if yes <= OVAL_OPEN_MAX and no <= OVAL_OPEN_MAX:
        # Neither filled: not elected, as an empty box is.
        return False, sure
    return yes > no, 0.5


def strike(affirmative: float, negative: float) -> tuple[bool, float]:
    """A sentence that holds its choice, "I DO / DO NOT wish to tender", the holder striking
    out what does not apply: how much of each alternative one straight stroke crosses.  The
    negative struck alone elects; the affirmative struck alone does not; nothing struck, or
    both, or a stroke across part of one (a zigzag, a scribble: no straight stroke across),
    is no answer a reading may give."""
    if negative >= STRUCK_MIN and affirmative <= UNSTRUCK_MAX:
        return True, 0.95
    if affirmative >= STRUCK_MIN and negative <= UNSTRUCK_MAX:
        return False, 0.95
    return negative > affirmative and negative >= STRUCK_MIN, 0.5


def signature(share: float, extent_in: float) -> tuple[bool, float]:
    if share >= SIG_PRESENT_MIN and extent_in >= SIG_MIN_EXTENT_IN:
        return True, 0.97
    if share <= SIG_EMPTY_MAX:
        return False, 0.96
    return share >= (SIG_EMPTY_MAX + SIG_PRESENT_MIN) / 2, 0.5


# A box a figure is written in (`codes`), the figure read the same by the recogniser from
# the written ink and from the page's grey pixels, scored CODE_SCORE_LEAST or more on both,
# and named by the printed legend: as sure as a box read marked, at most.  (Tesseract reads
# a lone handwritten figure poorly, a 1 as "4", "!" or nothing: its reading only vetoes.)
CODE_AGREED = 0.93
CODE_SCORE_LEAST = 0.9
# A choice word written out ("NO" on a blank after "(WRITE YES OR NO)"): the recogniser's
# readings of it from the ink and from the grey, the same word, one of them scored
# CODE_SCORE_LEAST or more and the other WORD_SCORE_LEAST or more.
WORD_SCORE_LEAST = 0.7
