"""Grants printed as numbered sentences with blanks, no table: "1. Option granted on ____ to
purchase ____ shares at an exercise price of ____ per share, of which ____ shares have been
exercised; I tender ____ shares." (letters of transmittal and legal forms list what is tendered
so).

Found by the page's structure: a number at the start of its line ("1.", "2)") begins a grant,
which runs on to the next number; the page's printed words and its blanks (writing lines half
an inch long or more) are read in order as one stream (`blanks._stream`).  Each blank's field is
named by the words around it (`form.GRANT_SENTENCE_LEADS`, `form.GRANT_SENTENCE_TAILS`): the
longest phrase of them that ends the words just before it, or begins the words just after it
("____ shares have been exercised").  Where the two name different fields, or two blanks of a
grant name one field, or a grant has a field no blank names, which value is which is a
person's to say.  A page is read so only where a grant names LEAST_FIELDS fields or more.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

from ocr.layout import Box, Line, token

from ..model import Reading
from . import calibration, election_form as form
from .blanks import LINE_IN, PLACE_UP_IN, UNDER_PRINT_MAX, _blanks, _joined_pieces, _written, phrase_read, stream_rows
from .doubts import note
from .layout import _crop
from .records import RUNS_PAST, _runs_past
from .signature import _ceiling
from .table import GRANT_FIELDS, GRANT_KINDS, _keep_row, _total_line, _unread_row
from .values import read_value

# A grant's number: "1.", "2)", "(3)".
NUMBER = re.compile(r"^\(?(\d{1,2})[.):,]*$")
# A blank in a sentence is at least this long (a table's are longer; a sentence's shorter).
BLANK_LEAST_IN = 0.5
# A phrase naming a field is at most this many words.
PHRASE_WORDS = 5
# A grant names at least this many of its fields for the page to be read so.
LEAST_FIELDS = 3
# A grant's lines stand at most this far under the line before.
GRANT_GAP_IN = 0.8
# Grants printed alike set each blank within this of where the others set it.
ALIKE_IN = 0.2
# Doubts.
UNCLEAR = "grant_sentence_unclear"        # a blank named two ways, a field named twice or by none
RUNS_THROUGH = "stroke_runs_through_its_place"   # one narrow stroke from the place's top on under its blank
# ... looked for this far under the blank; a stroke is at most this wide.
BELOW_IN = 0.08
STROKE_WIDE_IN = 0.05


def _number(row: list) -> int | None:
    """The grant number a line begins with, if it begins with one."""
    first = row[0]
    m = None if isinstance(first, Box) else NUMBER.match(first.text.strip())
    return None if m is None else int(m.group(1))


def _phrase(texts: list[str], table, *, ending: bool) -> tuple[str, int, bool] | None:
    """(field, phrase length, exact) of the longest phrase of `table` that ends `texts` (or,
    not `ending`, begins them), read as printed or, a long one, a letter or two astray."""
    best = None
    for k in range(1, min(PHRASE_WORDS, len(texts)) + 1):
        said = token(" ".join(texts[-k:] if ending else texts[:k]))
        for key, phrases in table:
            for p in phrases:
                t = token(p)
                if phrase_read(said, t):
                    rank = (said == t, len(t))
                    if best is None or rank > best[1:]:
                        best = (key, *rank)
    return None if best is None else (best[0], best[2], best[1])


def _named(lead: list[str], tail: list[str]) -> tuple[str | None, bool]:
    """The field a blank's lead-in and tail name, and whether they disagree."""
    before = _phrase(lead, form.GRANT_SENTENCE_LEADS, ending=True)
    after = _phrase(tail, form.GRANT_SENTENCE_TAILS, ending=False)
    if before and after and before[0] != after[0]:
        return None, True
    found = before or after
    return (found[0] if found else None), False


def _grants(lines: list[Line], rules: list[Box], dpi: float) -> list[list[tuple[Box, str | None, bool]]]:
    """Each numbered grant's blanks in order: (the blank, the field it names, named two ways)."""
    blanks = _blanks(rules, dpi, BLANK_LEAST_IN)
    if not blanks:
        return []
    # A "blank" through words' bodies is their print read as a rule (small bold capitals on a
    # fax), whatever OCR made of the words: a value stands on its blank, its letters' feet at it.
    words = [w for ln in lines for w in ln.words]
    blanks = [b for b in blanks if _through_print(b, words, dpi) < UNDER_PRINT_MAX]
    printed = [w for w in words if not _written(w, blanks, dpi)]
    blanks = _joined_pieces(blanks, printed, dpi)

    def y(it) -> float:
        return it.cy if isinstance(it, Box) else it.bottom

    def x(it) -> float:
        return it.x0 if isinstance(it, Box) else it.left
    # A grant begins at its number, first on its line; its sentence hangs to the right of the
    # number and runs on to the next number, or to a line begun no further right than the
    # number's end (a paragraph at the margin) or more than GRANT_GAP_IN under its last.
    items: list[list] = []
    expected, hang, last_y = 1, None, 0.0
    for row in stream_rows(printed, blanks, dpi):
        first = row[0]
        n = _number(row)
        if n is not None and n == expected:
            items.append(list(row[1:]))
            expected += 1
            hang = first.right
            last_y = y(first)
            continue
        if not items or hang is None:
            continue
        if n is not None and n == expected - 1:
            items[-1].extend(row[1:])           # its number read twice (a line's pieces)
        elif x(first) <= hang or y(first) - last_y > GRANT_GAP_IN * dpi:
            hang = None                          # the grants end here
            continue
        else:
            items[-1].extend(row)
        last_y = y(first)
    out = []
    for elements in items:
        places = [i for i, it in enumerate(elements) if isinstance(it, Box)]
        grant = []
        for j, i in enumerate(places):
            start = places[j - 1] + 1 if j else 0
            end = places[j + 1] if j + 1 < len(places) else len(elements)
            lead = [w.text for w in elements[start:i]]
            tail = [w.text for w in elements[i + 1:end]]
            key, two_ways = _named(lead, tail)
            grant.append((elements[i], key, two_ways))
        out.append(grant)
    return _printed_alike(out, dpi)


def _through_print(rule: Box, words: list, dpi: float) -> float:
    """The share of a rule's length that runs through words' bodies, their tops included (bold
    capitals' flat tops run together into a "rule" on a fax; a value's blank is at its feet)."""
    covered = np.zeros(max(1, rule.width), bool)
    for w in words:
        h = w.bottom - w.top
        if w.top - 0.02 * dpi <= rule.cy <= w.bottom - 0.15 * h and w.right > rule.x0 and w.left < rule.x1:
            covered[max(0, w.left - rule.x0):max(0, w.right - rule.x0)] = True
    return float(covered.mean())


def _whole(grant: list[tuple[Box, str | None, bool]]) -> bool:
    """Whether every blank of a grant is named one way, no field twice, LEAST_FIELDS or more."""
    keys = [k for _b, k, _t in grant if k in GRANT_FIELDS]
    return all(k is not None and not t for _b, k, t in grant) and len(keys) == len(set(keys)) >= LEAST_FIELDS


def _printed_alike(found: list[list[tuple[Box, str | None, bool]]], dpi: float):
    """The grants are printed alike, one wording for each: a grant whose words a fax or the
    writing over them garbled ("Grant dated" read "ron") has its blanks named as those of the
    grants read whole, where it has as many blanks, each where theirs stands, and none of its
    own names says otherwise."""
    whole = [g for g in found if _whole(g)]
    if not whole:
        return found
    shapes = [tuple(k for _b, k, _t in g) for g in whole]
    shape = max(shapes, key=shapes.count)
    model = whole[shapes.index(shape)]
    out = []
    for g in found:
        # (Blanks after the model's, on lines below its last, are the grants' total or what
        # follows them: they keep their own names.)
        head, rest = g[:len(model)], g[len(model):]
        if not _whole(g) and len(head) == len(model) and all(
                (k is None or k == m) and not t and abs(b.x0 - mb.x0) <= ALIKE_IN * dpi
                for (b, k, t), (mb, m, _mt) in zip(head, model)) \
                and all(b.y0 > head[-1][0].y1 + LINE_IN * dpi for b, _k, _t in rest):
            g = [(b, m, False) for (b, _k, _t), (_mb, m, _mt) in zip(head, model)] + rest
        out.append(g)
    return out


def read_grant_sentences(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float, *,
                         page: int, timeout: float, crops: Path | None) -> list[dict[str, Reading]] | None:
    """The grants of a page that prints them as numbered sentences with blanks; None where it
    prints none."""
    found = _grants(lines, rules, dpi)
    if not any(len({k for _b, k, _t in g if k in GRANT_FIELDS}) >= LEAST_FIELDS for g in found):
        return None
    blanks = [b for g in found for b, _k, _t in g]
    obstacles = [Box(w.left, w.top, w.right, w.bottom) for ln in lines for w in ln.words
                 if not _written(w, blanks, dpi)]
    grants: list[dict[str, Reading]] = []
    after: list[dict[str, Reading]] = []          # rows read after the grants: a total, writing unnamed
    for g in found:
        idx = len(grants)
        row: dict[str, Reading] = {}
        unclear = False
        last_named = max((i for i, (_b, k, _t) in enumerate(g) if k is not None), default=-1)
        for i, (rule, key, two_ways) in enumerate(g):
            if key == "grant_number":
                continue
            top = max(rule.y0 - int(PLACE_UP_IN * dpi), _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
            place = Box(rule.x0, top, rule.x1, rule.y1 + int(0.06 * dpi))
            if key is None:
                if i < last_named or two_ways:
                    # A blank among the grant's that no words name, written on: which of its
                    # fields is where is a person's to say.
                    unclear = unclear or two_ways or _inked(ink, place, dpi)
                elif _inked(ink, place, dpi):
                    # Written on after the grant's named blanks (a "TOTAL" not read, a line
                    # below): no field of this grant, but a person's to see.
                    after.append(_unread_row("writing on a blank after the grants, its words not read", page,
                                             place.tuple(), UNCLEAR))
                continue
            field = "shares_tendered" if key == "total" else key
            reading = read_value(image, ink, place, GRANT_KINDS[field], dpi, page=page, timeout=timeout,
                                 crop_path=_crop(crops, page, f"grant{idx + 1}-{key}"))
            reading.evidence["label"] = key
            if _runs_past(ink, lines, place, rule, obstacles, dpi):
                reading.confidence = min(reading.confidence, 0.5)
                note(reading, RUNS_PAST)
            if _runs_through(ink, place, rule, reading, dpi):
                reading.confidence = min(reading.confidence, 0.5)
                note(reading, RUNS_THROUGH)
            if key == "total":
                reading.evidence["printed_total"] = True
                total = {k: Reading(None, 1.0, page=page, evidence={"blank": True}) for k in GRANT_FIELDS}
                total["shares_tendered"] = reading
                after.append(total)
            elif field in row:
                unclear = True                      # two blanks of one grant name one field
            else:
                row[field] = reading
        if not row or (all(r.evidence.get("blank") and not r.evidence.get("doubts") for r in row.values())
                       and not unclear):
            continue                                # a grant left empty
        for field in GRANT_FIELDS:
            if field not in row:
                # No blank of the grant was named for this field: what is written for it is unknown.
                row[field] = Reading(None, 0.0, page=page, evidence={"why": "no blank named it", "label_unread": True})
        if unclear:
            for r in row.values():
                r.confidence = min(r.confidence, 0.5)
                note(r, UNCLEAR)
        _keep_row(row, grants)
    for row in after:
        if row["shares_tendered"].evidence.get("printed_total") and row["shares_tendered"].evidence.get("blank"):
            continue                                # a total left empty
        grants.append(row)
    _total_line(grants)
    return grants


def _runs_through(ink: np.ndarray, place: Box, rule: Box, reading: Reading, dpi: float) -> bool:
    """A value read as one narrow stroke from the top of its place down through its blank and
    on below it: a line that runs through the place (a fax's streak, slanted by the page's
    turning upright, read "1" at 0.98 over an empty blank), not a value written on it."""
    if reading.value is None or not reading.bbox:
        return False
    x0, y0, x1, y1 = (int(v) for v in reading.bbox)
    # (Narrow along its length: a slanted line's box is wider than the line.)
    written = ink[y0:min(y1, rule.y0 - 1), x0:x1]           # (the blank's rule left out)
    if y0 > place.y0 + 2 or not written.size or int(written.sum(axis=1).max()) > STROKE_WIDE_IN * dpi:
        return False
    pad = int(STROKE_WIDE_IN * dpi)
    below = ink[rule.y1 + 1:rule.y1 + 1 + int(BELOW_IN * dpi), max(0, x0 - pad):x1 + pad]
    return bool(below.size) and bool(below.any(axis=1).mean() >= 0.8)


def _inked(ink: np.ndarray, place: Box, dpi: float) -> bool:
    """Whether anything is written over a blank (a blank no words name, written in)."""
    sub = ink[max(0, place.y0):max(0, place.y1 - int(0.08 * dpi)), max(0, place.x0):max(0, place.x1)]
    return bool(sub.size) and float(sub.mean()) > 0.01
