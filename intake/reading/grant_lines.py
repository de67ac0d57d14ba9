"""Grants written along bare rules, one to a grant, under an instruction that names the fields
in the order they are to be written: "List each grant on a line of its own, giving in this
order its Grant Date, Number of Shares Granted, Exercise Price, ...:" and under it "1. ____",
"2. ____" (forms that ask the holder to "list below" what is tendered print it so).

Nothing on a rule says where a field goes: the holder writes the values one after another
with gaps between them.  So a rule's writing is cut where its widest gaps are, one cut
fewer than the fields named, and each piece read as its field's kind.  Where the cuts are
not clear (a gap between two values no wider than a gap inside one), or the writing holds
fewer pieces than the fields, which value is which is a person's to say: the row goes to
review whole.

Found by the page's structure: the instruction is a sentence naming LEAST_FIELDS of the
grant's fields or more (`form.TABLE_COLUMNS`, `form.GRANT_NUMBER`), each once, and under it
long rules of one length, a little apart, with nothing printed over them.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

from ocr.layout import Box, Line, token
from ocr.preprocess import runs

from ..model import Reading
from ..normalize import one_edit
from . import election_form as form
from .blanks import PLACE_UP_IN, _blanks
from .doubts import note
from .layout import _crop
from .table import GRANT_FIELDS, GRANT_KINDS, _keep_row, _total_line, _unread_row
from .values import clean_region, read_value

# The instruction names at least this many of the grant's fields.
LEAST_FIELDS = 4
# ... on at most this many lines, the first rule standing at most FIRST_RULE_IN under its last.
INSTRUCTION_LINES = 3
FIRST_RULE_IN = 0.8
# A grant's rule is at least this long; the rules of a list start and end within RULES_ALIGN_IN
# of each other and stand at most RULE_PITCH_IN apart.
RULE_LEAST_IN = 3.0
RULES_ALIGN_IN = 0.3
RULE_PITCH_IN = 0.9
# A line of print standing higher than this over a rule is none of its writing.
OVER_RULE_IN = 0.25
# Writing on a rule is in pieces at least PIECE_GAP_IN apart (a gap inside a value is less or
# about as much); the gaps cut between values are at least VALUE_GAP_IN wide and CLEAR_GAPS
# times the widest gap left inside a value.
PIECE_GAP_IN = 0.06
VALUE_GAP_IN = 0.15
CLEAR_GAPS = 1.5
# Room either side of a value's piece, in its place.
PIECE_PAD_IN = 0.04
# Doubt.
UNCLEAR = "grant_line_values_unclear"     # which piece of a rule's writing is which field is not clear

# Each field's headings as words, the longest first.
_HEADINGS = sorted(((f, [token(w) for w in p.split() if token(w)])
                    for f, ps in [*form.TABLE_COLUMNS.items(), ("grant_number", form.GRANT_NUMBER)] for p in ps),
                   key=lambda fp: -len(fp[1]))


def _word_is(read: str, printed: str) -> bool:
    """A word read as printed, or a long one a letter astray (never a letter more or fewer:
    "EXERCISE" is no "EXERCISED")."""
    return read == printed or (len(printed) >= 5 and len(read) == len(printed) and one_edit(read, printed))


def fields_named(text: str) -> list[str]:
    """The grant's fields a sentence names, in the order it names them (each once)."""
    words = [token(w) for w in re.split(r"[\s/,;:()]+", text) if token(w)]
    named: list[str] = []
    i = 0
    while i < len(words):
        # (Headings are matched a word at a time, the longest first: "EXERCISE PRICE" before
        # "PRICE", "NO" and "OF" as printed.)
        for field, heading in _HEADINGS:
            if i + len(heading) <= len(words) and all(_word_is(words[i + k], h) for k, h in enumerate(heading)):
                if field not in named:
                    named.append(field)
                i += len(heading)
                break
        else:
            i += 1
    return named


def _instruction(lines: list[Line]) -> list[tuple[list[str], Line]]:
    """Each sentence naming LEAST_FIELDS of a grant's fields or more and ending with a colon,
    on INSTRUCTION_LINES lines at most: (the fields in order, its last line)."""
    found = []
    ordered = sorted(lines, key=lambda ln: ln.box.y0)
    for i in range(len(ordered)):
        run = [ordered[i]]
        while True:
            text = " ".join(w.text for ln in run for w in ln.words)
            named = fields_named(text)
            if sum(f in GRANT_FIELDS for f in named) >= LEAST_FIELDS and text.rstrip().endswith(":"):
                found.append((named, run[-1]))
                break
            nxt = ordered[i + len(run)] if i + len(run) < len(ordered) else None
            if nxt is None or len(run) >= INSTRUCTION_LINES or nxt.box.y0 - run[-1].box.y1 > run[-1].box.height:
                break
            run.append(nxt)
    return found


def _rules_under(last: Line, rules: list[Box], lines: list[Line], dpi: float) -> list[Box]:
    """The bare rules listed under an instruction ending on `last`."""
    long = [r for r in _blanks(rules, dpi, RULE_LEAST_IN) if r.y0 > last.box.y1]
    out: list[Box] = []
    for r in sorted(long, key=lambda r: r.y0):
        if not out:
            if r.y0 - last.box.y1 > FIRST_RULE_IN * dpi:
                break
        elif r.y0 - out[-1].y1 > RULE_PITCH_IN * dpi or abs(r.x0 - out[0].x0) > RULES_ALIGN_IN * dpi \
                or abs(r.x1 - out[0].x1) > RULES_ALIGN_IN * dpi:
            break
        top = out[-1].y1 if out else last.box.y1
        # A line of print between two rules (a paragraph at the margin) ends the list.
        # (The writing on a rule and its number stand on it, their foot at it.)
        if any(ln.box.y0 > top and ln.box.y1 < r.y0 - OVER_RULE_IN * dpi and ln.box.x0 < r.x0 - 0.1 * dpi
               and len(ln.words) >= 4 for ln in lines):
            break
        out.append(r)
    return out


def split_values(pieces: list[tuple[int, int]], n: int, dpi: float) -> tuple[list[tuple[int, int]], bool]:
    """The writing's pieces joined into `n` values, cut at the `n` - 1 widest gaps, and whether
    the cuts are clear."""
    if len(pieces) < n:
        return [], False
    gaps = sorted(range(len(pieces) - 1), key=lambda i: pieces[i + 1][0] - pieces[i][1], reverse=True)
    cuts = sorted(gaps[:n - 1])
    width = [pieces[i + 1][0] - pieces[i][1] for i in range(len(pieces) - 1)]
    cut_least = min((width[i] for i in cuts), default=10 ** 6)
    kept_most = max((width[i] for i in gaps[n - 1:]), default=0)
    clear = cut_least >= VALUE_GAP_IN * dpi and cut_least >= CLEAR_GAPS * kept_most
    values, start = [], 0
    for i in cuts + [len(pieces) - 1]:
        values.append((pieces[start][0], pieces[i][1]))
        start = i + 1
    return values, clear


def read_grant_lines(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float, *,
                     page: int, timeout: float, crops: Path | None) -> list[dict[str, Reading]] | None:
    """The grants of a page that lists them along bare rules under an instruction naming their
    fields in order; None where it prints none."""
    found = next(((named, last, rs) for named, last in _instruction(lines)
                  if (rs := _rules_under(last, rules, lines, dpi))), None)
    if found is None:
        return None
    named, last, rs = found
    grants: list[dict[str, Reading]] = []
    for n, rule in enumerate(rs):
        top = max(rule.y0 - int(PLACE_UP_IN * dpi), rs[n - 1].y1 + 1 if n else last.box.y1 + 1)
        place = Box(rule.x0, top, rule.x1, rule.y1 + int(0.06 * dpi))
        clean = clean_region(ink, place, dpi)
        # The writing's pieces along the rule (x0, x1), split where no ink stands PIECE_GAP_IN wide.
        pieces = runs(clean.any(axis=0), max(2, int(PIECE_GAP_IN * dpi)))
        if not pieces:
            continue                                   # a grant left empty
        values, clear = split_values(pieces, len(named), dpi)
        row: dict[str, Reading] = {}
        if not values:
            grants.append(_unread_row(f"{len(pieces)} pieces of writing for {len(named)} fields", page,
                                      place.tuple(), UNCLEAR))
            continue
        pad = int(PIECE_PAD_IN * dpi)
        for field, (x0, x1) in zip(named, values):
            if field not in GRANT_FIELDS:
                continue                               # the grant's own number: no field of ours
            where = Box(max(place.x0, place.x0 + x0 - pad), place.y0, min(place.x1, place.x0 + x1 + pad), place.y1)
            reading = read_value(image, ink, where, GRANT_KINDS[field], dpi, page=page, timeout=timeout,
                                 crop_path=_crop(crops, page, f"grant{len(grants) + 1}-{field}"))
            reading.evidence["label"] = field
            if not clear:
                reading.confidence = min(reading.confidence, 0.5)
                note(reading, UNCLEAR)
            row[field] = reading
        for field in GRANT_FIELDS:
            if field not in row:
                row[field] = Reading(None, 0.0, page=page, evidence={"why": "the instruction names no such field",
                                                                      "label_unread": True})
        _keep_row(row, grants)
    _total_line(grants)
    return grants
