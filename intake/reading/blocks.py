"""The form's blocks, found by their printed labels: checkboxes, the grant table, the signature block.

Each function gets the upright page, its ink, Tesseract's lines (page
coordinates) and the printed rules, and returns Readings.  Positions come only
from labels and rules found on this page, never from a template.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

from ocr.checkbox import read_box
from ocr import tesseract
from ocr.errors import ToolFailed, ToolTimeout
from ocr.preprocess import runs
from ocr.layout import (Box, Line, Match, find_phrase, horizontal_rules, lines_of, similar, token,
                        vertical_rules)

from ..fieldspec import GRANT_FIELDS
from ..model import Reading
from . import calibration, election_form as form
from .values import clean_region, read_checkbox, read_signature, read_value

# A word Tesseract read over a checkbox is a printed word (the box is a letter of it) only
# when it reaches beyond the box by more than this share of the box's height: a letter more.
BOX_WORD_BEYOND = 0.5
# A word covering this share of a box's area or more lies over it: the box is letters.
WORD_OVER_BOX = 0.2
# A "word" over a box this many times the box's height is its mark read as letters.
MARK_WORD_TALLER = 1.3
# Headings of more than one word, whose clean reading anywhere says the table's headings are there.
HEADING_SEEDS = [p for ps in form.TABLE_COLUMNS.values() for p in ps if " " in p] + form.TABLE_HEADING_PHRASES
# The address is written in a column this wide from its label's left (its lines' rules are
# looked for there; the signing date's column beside it starts further right).
ADDRESS_WIDTH_IN = 2.5
# A label printed over its writing line stands at most this far above it.
PLACE_REACH_IN = 0.7
# The block's writing lines are looked for this far above its top label.
BLOCK_REACH_IN = 1.0
# One placement explains the block clearly when it scores this much more than the next
# (`_pairing`: a point per label with a line, one per label with writing, two off per
# written line no label owns).
PLACEMENT_MARGIN = 2.0

# A box printed after its sentence stands at most this far after the sentence's last word.
AFTER_BOX_GAP_IN = 0.45
# Words of one heading cell stand closer than this; columns' headings stand further apart.
HEADING_GAP_IN = 0.1
# A printed table's cell walls are upright rules at least this long.
WALL_MIN_IN = 0.4
# A column's place stands this far inside its walls; writing in the next WALL_TOUCH_IN beyond
# that, along WALL_TOUCH_ROWS_IN of the row's height or more, touches the wall.
WALL_MARGIN_IN = 0.02
WALL_TOUCH_IN = 0.02
WALL_TOUCH_ROWS_IN = 0.03

GRANT_KINDS = {"grant_date": "date", "shares_granted": "count", "exercise_price": "price",
               "shares_exercised": "count", "shares_tendered": "count"}


def _crop(crops: Path | None, page: int, key: str) -> Path | None:
    return crops / f"p{page:02d}-{key}.png" if crops is not None else None


def _sentence_start(m: Match, lines: list[Line], dpi: float) -> Box:
    """The box of the sentence's first word.

    The phrase may have matched from its middle (its first words misread), so the
    anchor moves left over the real words before it on the line ("I have"), and stops
    at whatever OCR made of the box itself ("[]", "0]", "S)", "|").
    """
    first = m.words[0]
    line = next((ln for ln in lines if first in ln.words), None)
    if line is not None:
        i = line.words.index(first)
        while i > 0:
            prev = line.words[i - 1]
            word = prev.text.strip(".,;:")
            # Real words, and the pronoun I however OCR spelled it; if that was the box
            # itself, the box is then not found and the reading goes to a person.
            if (word in ("I", "|", "l", "1") or (len(word) >= 2 and word.isalpha())) \
                    and first.left - prev.right < 0.3 * dpi:
                first, i = prev, i - 1
            else:
                break
    return Box(first.left, min(w.top for w in m.words), first.right, max(w.bottom for w in m.words))


def _inside_a_word(box: Box, lines: list[Line], marked: bool = False) -> str | None:
    """The printed word this box lies in or over, if any (letters are not checkboxes).

    A "word" that covers the box and reaches little beyond it is the box itself, read by
    OCR as letters ("oO" for an empty box, "XK)" for a crossed one): that is not a printed
    word; nor is one that covers it and stands much taller than it, a mark spilling over
    the box read as letters ("uv", "Kf.": a printed word on the box's line is no taller
    than the box).  Any other word holding the box's middle, or covering a good part of
    it, is: a streak through "have" and "cancel" made a pair of bars there (seed 2626).
    On a box read `marked`, a "word" of one or two characters lying within the box's width is
    a piece of the box and its mark read as a letter ("[X]" read "K" and "]": on 26 sets 15
    such, every one on a marked box; the one read empty, under an "x", had its mark missed).
    """
    for ln in lines:
        for w in ln.words:
            ix = min(w.right, box.x1) - max(w.left, box.x0)
            iy = min(w.bottom, box.y1) - max(w.top, box.y0)
            if ix <= 0 or iy <= 0 or not any(c.isalnum() for c in w.text):
                continue
            beyond = max(0, box.x0 - w.left) + max(0, w.right - box.x1)
            if marked and sum(c.isalnum() for c in w.text) <= 2 and beyond <= BOX_WORD_BEYOND * box.height:
                continue                                   # a bracket and its mark, read as a letter
            if ix >= 0.7 * box.width and (beyond <= BOX_WORD_BEYOND * box.height
                                          or w.bottom - w.top >= MARK_WORD_TALLER * box.height):
                continue                                   # the box itself, or its mark
            middle = w.left <= box.cx <= w.right and w.top <= box.cy <= w.bottom
            if (middle and sum(c.isalpha() for c in w.text) >= 2) or ix * iy >= WORD_OVER_BOX * box.width * box.height:
                return w.text
    return None


def _real_word(text: str) -> bool:
    """A word of print: the pronoun I or two letters or more (not a box OCR read as "(1", "[]")."""
    word = text.rstrip(".,;:").replace("'", "").replace("-", "")
    # Words are cased as words are ("yes", "Yes", "YES"); "tJ" is a box read as letters.
    return word == "I" or (len(word) >= 2 and word.isalpha() and (word.islower() or word.isupper()
                                                                  or word[1:].islower()))


def _paragraph_above(line: Line, lines: list[Line], dpi: float) -> Line | None:
    """The line just above `line` in its paragraph, if any (close above, overlapping it)."""
    h = max(1, line.box.height)
    above = [ln for ln in lines if ln is not line and 0 < line.box.y0 - ln.box.y0 <= 1.9 * h
             and min(ln.box.x1, line.box.x1) - max(ln.box.x0, line.box.x0) > 0.5 * dpi]
    return max(above, key=lambda ln: ln.box.y0, default=None)


# Short words a line continuing a sentence may begin with (not a box read as letters).
_JOINING = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}


def _start(line: Line) -> int | None:
    """Where a sentence may begin on this line: its first word of print, when it is
    capitalised or something not a word stands before it (the box read as "[]"). A box with
    its mark read as a short lowercase "word" ("wil" before "Yes, I wish to tender", the demo's
    0002.tif) is passed over to a capitalised word just after it."""
    i = next((i for i, w in enumerate(line.words) if _real_word(w.text)), None)
    if i is None:
        return None
    if i > 0 or line.words[i].text[:1].isupper():
        return i
    head = line.words[i].text.rstrip(".,;:")
    nxt = line.words[i + 1].text if i + 1 < len(line.words) else ""
    if len(head) <= 3 and head.lower() not in _JOINING and _real_word(nxt) and nxt[:1].isupper():
        return i + 1
    return None


def _starts_sentence(line: Line, lines: list[Line], dpi: float, surely: bool = False) -> bool:
    """Whether a sentence may begin on this line: its first word is capitalised, or something
    not a word stands before it (the box read as "[]", an "I" read as "T").  The tail of the
    additional-sheet sentence ("additional option grants I wish to tender.") is none.  `surely`:
    and the line above in its paragraph, if any, ended its own sentence (a fax streak read as a
    line of garbage above the tender sentence leaves it only a possible start, seed 8383)."""
    if _start(line) is None:
        return False
    if not surely:
        return True
    above = _paragraph_above(line, lines, dpi)
    return above is None or above.words[-1].text.rstrip()[-1:] in ".:;!?"


def _says(tokens: list[str], groups) -> int | None:
    """How many words into the sentence its words have said every one of a meaning's word
    groups (fuzzily), or None when they never do."""
    at = []
    for group in groups:
        i = next((i for i, t in enumerate(tokens) if any(similar(t, g, 0.8) >= 0.8 for g in group)), None)
        if i is None:
            return None
        at.append(i)
    return max(at) + 1


def _sentence(line: Line, lines: list[Line], dpi: float) -> tuple[list[str], Line]:
    """The words of the sentence begun on `line` (it and the lines after it in its paragraph,
    up to its full stop, four lines at most), and its last line."""
    words, here = list(line.words), line
    for _ in range(3):
        if here.words[-1].text.rstrip()[-1:] in ".!?:":
            break
        below = [ln for ln in lines if _paragraph_above(ln, lines, dpi) is here]
        if not below:
            break
        here = below[0]
        words += here.words
    return [t for t in (token(p) for w in words for p in re.split(r"[^A-Za-z0-9]+", w.text)) if t], here


def box_sentences(lines: list[Line], dpi: float) -> dict[str, list[tuple[Match, Line]]]:
    """Each checkbox sentence the page holds, by what it says (`form.BOX_SENTENCES`): the first
    words of the line it begins on.  A sentence that says two boxes' meanings is the one it says
    first: its main clause ("Yes, I wish to tender ... (and on any additional sheets which I
    have attached ...)" is the tender sentence; "I have attached an additional sheet ... I wish
    to tender." the additional sheet's)."""
    found: dict[str, list[tuple[Match, Line]]] = {}
    for line in sorted(lines, key=lambda ln: ln.box.y0):
        if not _starts_sentence(line, lines, dpi):
            continue
        toks, last = _sentence(line, lines, dpi)
        said = [(at, key) for key, groups in form.BOX_SENTENCES.items()
                if (at := _says(toks, groups)) is not None and at <= form.BOX_SENTENCE_SAID_WITHIN]
        if not said:
            continue
        key = min(said)[1]
        start = _start(line)
        m = Match(tuple(line.words[start:start + 3]), 1.0)
        sure = _starts_sentence(line, lines, dpi, surely=True)
        found.setdefault(key, []).append((not sure, min(said)[0], m, last))
    # Sure starts first, then the sentences that say their meaning soonest: a main clause,
    # not an aside.
    return {k: [(m, last) for _w, _at, m, last in sorted(v, key=lambda c: c[:2])] for k, v in found.items()}


def _box_of(ink: np.ndarray, m: Match, last: Line | None, lines: list[Line], dpi: float):
    """The checkbox of a sentence: left of its first word; failing that, after its last word or
    alone at the start of the line under it."""
    box = read_box(ink, _sentence_start(m, lines, dpi), dpi)
    # The sentence's last word (what follows it may be the box read as letters, "[XJ").
    final = next((w for w in reversed(last.words) if _real_word(w.text)), None) if last is not None else None
    if box.found_by != "region" or final is None or final.text.rstrip()[-1:] not in ".:)":
        return box
    # After the sentence's full stop, close to it, and nothing printed after it on the line.
    def ends_line(found) -> bool:
        return found.found_by != "region" and not any(
            w.right > found.box.x1 and w.top < found.box.y1 and w.bottom > found.box.y0
            for ln in lines for w in ln.words if _overlap(Line((w,)).box.tuple(), found.box.tuple()) is False)
    end = Line((final,)).box
    after = read_box(ink, end, dpi, side="right")
    if ends_line(after) and after.box.x0 - end.x1 <= AFTER_BOX_GAP_IN * dpi:
        return after
    h = last.box.height
    under = Box(m.box.x0 - int(0.5 * dpi), last.box.y1 + h // 2, m.box.x0 - int(0.5 * dpi) + 1,
                last.box.y1 + h // 2 + h)
    alone = read_box(ink, under, dpi, side="right")
    return alone if ends_line(alone) else box


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def read_checkboxes(image, ink, lines: list[Line], dpi: float, *, page: int, timeout: float,
                    crops: Path | None) -> dict[str, Reading]:
    out = {}
    sentences = box_sentences(lines, dpi)
    for key, phrases in (("tender_elected", form.TENDER_BOX), ("additional_sheet_attached", form.ADDITIONAL_BOX)):
        candidates = list(sentences.get(key, []))
        # The printed wording too, where the sentence's start was not seen as one (a glued or
        # garbled first line); only where it begins its line's sentence.
        candidates += [(c, None) for c in sorted((c for p in phrases for c in find_phrase(lines, p, 0.8)),
                                                 key=lambda c: -c.score)
                       if _starts_sentence(next(ln for ln in lines if c.words[0] in ln.words), lines, dpi)]
        if not candidates:
            continue
        # The first sentence of this meaning with a box beside it that is no printed letter.
        m, box = None, None
        for cand, last in candidates:
            found = _box_of(ink, cand, last, lines, dpi)
            line = next((ln for ln in lines if cand.words[0] in ln.words), None)
            on_line = line is None or found.box is None or abs(found.box.cy - line.box.cy) <= line.box.height \
                or (last is not None and abs(found.box.cy - last.box.cy) <= 1.5 * last.box.height)
            ok = found.found_by != "region" and on_line and _inside_a_word(
                found.box, lines, marked=read_checkbox(found, page=page).value is True) is None
            if m is None or ok:
                m, box = cand, found
            if ok:
                break
        reading = read_checkbox(box, page=page)
        inside = _inside_a_word(box.box, lines, marked=reading.value is True) if box.box is not None else None
        if inside is not None:
            # What looked like a box is part of a printed word: the real box was not found.
            reading.confidence = min(reading.confidence, 0.5)
            reading.evidence["box_inside_word"] = inside
        reading.evidence["label"] = " ".join(w.text for w in m.words)
        other = next((r for r in out.values() if r.bbox and reading.bbox and _overlap(r.bbox, reading.bbox)), None)
        if other is not None:
            # Two sentences found at one box: one of them is not where it was taken to be.
            for r in (reading, other):
                r.confidence = min(r.confidence, 0.5)
                r.evidence["box_shared_with_another_sentence"] = True
        if reading.bbox:
            x0, y0, x1, y1 = reading.bbox
            pad = int(0.3 * dpi)
            path = _crop(crops, page, key)
            if path is not None:
                image.crop((max(0, x0 - pad), max(0, y0 - pad), x1 + int(3 * dpi), y1 + pad)).save(path)
                reading.crop_path = str(path)
        out[key] = reading
    return out


# ---------------------------------------------------------------- signature block

def _mostly(m: Match, lines: list[Line], vocabulary: tuple[str, ...], share: float = 0.6) -> bool:
    """Printed labels and headings stand on lines of their own kind of words; the same
    words inside a sentence of prose ("print your name and the date and time") are not labels."""
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is None:
        return False
    # A word OCR glued to the next by a stray mark ("HOLDER:ADDRESS", seed 3838) is two words.
    # The match's own words count as the label's (OCR glues them: "AndTime:").
    toks = [(t, w in m.words) for w in _segment(line, m) for part in re.split(r"[^A-Za-z0-9]+", w.text)
            if (t := token(part))]
    if not toks:
        return False
    hits = sum(1 for t, mine in toks if mine or any(similar(t, v, 0.75) >= 0.75 for v in vocabulary))
    return hits / len(toks) >= share


def _segment(line: Line, m: Match) -> list:
    """The part of a line a match stands in: a line is parted at a colon ending a word and at a
    gap wider than its words are tall.  A label with its writing line to its right ("Name:
    ______") shares its line with the value written there, which is no prose."""
    heights = sorted(w.bottom - w.top for w in line.words)
    gap = 1.5 * heights[len(heights) // 2]
    parts, here = [], [line.words[0]]
    for a, b in zip(line.words, line.words[1:]):
        if a.text.endswith(":") or b.left - a.right > gap:
            parts.append(here)
            here = []
        here.append(b)
    parts.append(here)
    return next((p for p in parts if m.words[0] in p), list(line.words))


def _to_colon(m: Match, lines: list[Line]) -> Match:
    """A label read on to the colon that ends it: "Name of Option Holder (please print):" matched
    as "Name of Option Holder" ends after "(please print):", and its value right of that."""
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is None:
        return m
    seg = _segment(line, m)
    last = seg.index(m.words[-1]) if m.words[-1] in seg else None
    if last is None or not seg[-1].text.endswith(":") or len(seg) - 1 - last > 3:
        return m
    return Match(tuple(seg[seg.index(m.words[0]):]), m.score)


def _rule_above(label: Box, rules: list[Box], dpi: float) -> Box | None:
    near = [r for r in rules if r.y1 <= label.y0 + 0.05 * dpi and label.y0 - r.y1 <= 0.45 * dpi
            and r.x0 - 0.3 * dpi <= label.x0 <= r.x1]
    return max(near, key=lambda r: r.y1, default=None)


def _ceiling(x0: int, x1: int, below_y: int, obstacles: list[Box], dpi: float) -> int:
    """The lowest printed thing above `below_y` that overlaps [x0, x1]: a value place ends there."""
    top = below_y - int(0.6 * dpi)
    for b in obstacles:
        if b.y1 <= below_y - 0.12 * dpi and min(b.x1, x1) - max(b.x0, x0) > 0:
            top = max(top, b.y1 + 2)
    return top


def _extend_rule(rule: Box, rules: list[Box], columns: list[int], dpi: float) -> Box:
    """A writing line broken where writing crossed it: join the pieces up to the next column's start."""
    stop = min((x for x in columns if x > rule.x0 + 0.5 * dpi), default=10 ** 9)
    grown = rule
    for r in sorted(rules, key=lambda b: b.x0):
        if abs(r.cy - grown.cy) <= 0.04 * dpi and grown.x1 < r.x0 < stop and r.x0 - grown.x1 < 1.5 * dpi:
            grown = Box(grown.x0, min(grown.y0, r.y0), max(grown.x1, min(r.x1, stop)), max(grown.y1, r.y1))
    return grown


def _value_place(label: Box, rules: list[Box], obstacles: list[Box], dpi: float,
                 columns: list[int] = ()) -> tuple[Box, Box | None]:
    rule = _rule_above(label, rules, dpi)
    if rule is not None:
        rule = _extend_rule(rule, rules, list(columns), dpi)
        top = _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi)
        # Down to just below the line (descenders cross it), never into the label under it.
        return Box(rule.x0, top, rule.x1, min(rule.y1 + int(0.06 * dpi), label.y0 - 3)), rule
    x1 = label.x0 + max(label.width, int(3.0 * dpi))
    top = _ceiling(label.x0, x1, label.y0, obstacles, dpi)
    return Box(label.x0 - int(0.1 * dpi), top, x1, label.y0 - 2), None


def _rule_below(label: Box, rules: list[Box], dpi: float) -> Box | None:
    """The writing line under a label printed over its line: the nearest rule below it that
    the label starts over, with room for writing between them."""
    near = [r for r in rules if r.y0 >= label.y1 - 0.02 * dpi and r.y0 - label.y1 <= PLACE_REACH_IN * dpi
            and r.x0 - 0.3 * dpi <= label.x0 <= r.x1 - 0.5 * dpi]
    return min(near, key=lambda r: r.y0, default=None)


def _rule_right(label: Box, rules: list[Box], dpi: float) -> Box | None:
    """The writing line to a label's right on its own line ("Name: ______")."""
    near = [r for r in rules if label.x1 - 0.1 * dpi <= r.x0 <= label.x1 + 0.6 * dpi
            and label.cy - 0.05 * dpi <= r.cy <= label.y1 + 0.15 * dpi]
    return min(near, key=lambda r: r.x0, default=None)


def _place_for(placement: str, label: Box, rules: list[Box], obstacles: list[Box], dpi: float,
               columns: list[int]) -> tuple[Box, Box | None]:
    """Where a value stands for a label, the label `placement` relative to its value's line, and that line."""
    if placement == "below":
        return _value_place(label, rules, obstacles, dpi, columns)
    rule = _rule_below(label, rules, dpi) if placement == "above" else _rule_right(label, rules, dpi)
    if rule is None:
        if placement == "above":
            return Box(label.x0 - int(0.1 * dpi), label.y1 + 2, label.x0 + max(label.width, int(3.0 * dpi)),
                       label.y1 + int(0.45 * dpi)), None
        return Box(label.x1 + 2, label.y0 - int(0.1 * dpi), label.x1 + int(3.0 * dpi), label.y1 + int(0.06 * dpi)), None
    rule = _extend_rule(rule, rules, list(columns), dpi)
    if placement == "above":
        top = max(label.y1 + 2, _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
    else:
        top = max(label.y0 - int(0.25 * dpi), _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
    return Box(rule.x0, top, rule.x1, rule.y1 + int(0.06 * dpi)), rule


def _inked(ink: np.ndarray, place: Box, dpi: float) -> bool:
    place = Box(max(0, place.x0), max(0, place.y0), min(ink.shape[1], place.x1), min(ink.shape[0], place.y1))
    if place.width <= 0 or place.height <= 0:
        return False
    return float(clean_region(ink, place, dpi).mean()) >= calibration.BLANK_INK_SHARE


def _address_lines(placement: str, label: Box, rules: list[Box], labels: dict[str, Match], columns,
                   dpi: float) -> tuple[list[Box], int]:
    """The address's writing lines for a label `placement` its lines, top to bottom, and the
    top of the first line's place.  Below: the rules between the name's label and the address
    label.  Above: the rules under the label, down to the next label.  Right: the rule right
    of the label and those under it, aligned with it."""
    others = [m.box for k, m in labels.items() if m.box != label]
    if placement == "below":
        # A line need not start where the label does: a fax drops a stretch of it, a typeset
        # indents it (seed 2525: the first line's rule lost its first half inch).
        left, right = label.x0 - int(0.3 * dpi), label.x0 + int(ADDRESS_WIDTH_IN * dpi)
        # The address's lines start under the nearest label above it in its column: in a block
        # of one column that is not the name's (seed 5353: the signature, the date and the SSN
        # were read as lines of the address).
        above = [o.y1 for o in others if o.y1 < label.y0 and min(o.x1, right) - max(o.x0, left) > 0]
        floor = max(above) if above else label.y0 - int(1.6 * dpi)
        column = [r for r in rules if floor < r.y0 < label.y0 + 0.05 * dpi and min(r.x1, right) - max(r.x0, left) >= dpi]
    else:
        first = _rule_below(label, rules, dpi) if placement == "above" else _rule_right(label, rules, dpi)
        if first is None:
            return [], label.y1 + 2
        floor = label.y1 if placement == "above" else label.y0 - int(0.25 * dpi)
        below = [o.y0 for o in others if o.y0 > label.y1 and min(o.x1, first.x1) - max(o.x0, first.x0) > 0]
        stop = min(below + [first.y0 + int(1.6 * dpi)])
        left, right = first.x0 - int(0.5 * dpi), first.x0 + int(ADDRESS_WIDTH_IN * dpi)
        column = [first] + [r for r in rules if first.y1 + 0.1 * dpi < r.y0 < stop
                            and min(r.x1, right) - max(r.x0, left) >= dpi and abs(r.x0 - first.x0) <= 0.5 * dpi]
    lines: list[Box] = []
    for r in sorted((_extend_rule(r, rules, columns, dpi) for r in column), key=lambda r: r.y0):
        if not any(abs(r.cy - o.cy) < 0.04 * dpi and min(r.x1, o.x1) - max(r.x0, o.x0) > 0 for o in lines):
            lines.append(r)
    return lines, floor


def _writing_lines(labels: dict[str, Match], rules: list[Box], columns, dpi: float) -> list[Box]:
    """The block's writing lines: rules an inch long or more, from an inch above its top label to
    an inch and a half below its lowest, right of its leftmost label's column."""
    boxes = [m.box for m in labels.values()]
    top, bottom = min(b.y0 for b in boxes) - BLOCK_REACH_IN * dpi, max(b.y1 for b in boxes) + 1.5 * dpi
    left = min(b.x0 for b in boxes) - 0.5 * dpi
    out: list[Box] = []
    for r in sorted(rules, key=lambda r: (r.y0, r.x0)):
        if top < r.y0 < bottom and r.x1 > left and r.width >= dpi:
            r = _extend_rule(r, rules, columns, dpi)
            if not any(abs(r.cy - o.cy) < 0.04 * dpi and min(r.x1, o.x1) - max(r.x0, o.x0) > 0 for o in out):
                out.append(r)
    return out


def _pairing(placement: str, labels: dict[str, Match], rules: list[Box], lines: list[Box], obstacles, columns,
             ink: np.ndarray, dpi: float) -> tuple[float, dict]:
    """How well a placement explains the block: each label with a writing line is a point, each
    with writing in its place another; each written line that no label owns takes two away
    (a value no label claims is one the placement put in the wrong place)."""
    owned: list[Box] = []
    places = {}
    score = 0.0
    for key, m in labels.items():
        if key == "address":
            found, _ = _address_lines(placement, m.box, rules, labels, columns, dpi)
            owned += found
            score += 1.0 if found else 0.0
            if found:
                score += 1.0 if _inked(ink, _above_line(found[0], obstacles, dpi), dpi) else 0.0
            continue
        place, rule = _place_for(placement, m.box, rules, obstacles, dpi, columns)
        places[key] = (place, rule)
        if rule is not None:
            owned.append(rule)
            score += 1.0
        score += 1.0 if _inked(ink, place, dpi) else 0.0
    for r in lines:
        mine = any(abs(r.cy - o.cy) < 0.04 * dpi and min(r.x1, o.x1) - max(r.x0, o.x0) > 0.5 * dpi for o in owned)
        if not mine and _inked(ink, _above_line(r, obstacles, dpi), dpi):
            score -= 2.0
    return score, places


def _above_line(rule: Box, obstacles: list[Box], dpi: float) -> Box:
    """The place just above a writing line, up to the printed thing over it: where its writing is."""
    top = max(rule.y0 - int(0.4 * dpi), _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
    return Box(rule.x0, top, rule.x1, rule.y0 - 1)


def _placement(labels: dict[str, Match], rules: list[Box], obstacles, columns, ink: np.ndarray, dpi: float
               ) -> tuple[str, bool, dict[str, float]]:
    """Where this block's values stand relative to their labels, decided from its writing lines
    and where the ink lies (`_pairing` for each of the form's placements); and whether the page
    says so clearly (the best explains the block by a clear margin over the next)."""
    lines = _writing_lines(labels, rules, columns, dpi)
    scores = {p: _pairing(p, labels, rules, lines, obstacles, columns, ink, dpi)[0] for p in form.PLACEMENTS}
    ranked = sorted(scores, key=lambda p: -scores[p])
    clear = scores[ranked[0]] - scores[ranked[1]] >= PLACEMENT_MARGIN and scores[ranked[0]] >= 2
    return ranked[0], clear, scores


def read_signature_block(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float,
                         *, page: int, timeout: float, crops: Path | None) -> dict[str, Reading]:
    labels: dict[str, Match] = {}
    # A short one-word label must be read as printed: "assigned" in a letter is no "SIGNED".
    found = [(key, m) for key, phrases, _kind, _n in form.SIGNATURE_BLOCK for p in phrases
             for m in find_phrase(lines, p, 0.95 if len(token(p)) <= 6 and " " not in p else 0.82)
             if _mostly(m, lines, form.LABEL_WORDS)]
    # The longest labels first: a word of one ("SIGNED" in "DATE AND TIME SIGNED") is no other.
    used: set[int] = set()
    for key, m in sorted(found, key=lambda km: (km[1].score < 0.9, -len(km[1].words), -km[1].score)):
        ids = {id(w) for w in m.words}
        if key not in labels and not ids & used:
            labels[key] = _to_colon(m, lines)
            used |= ids
    # A signature block needs at least two of its labels; one word alone may be prose.
    if len(labels) < 2:
        return {}
    label_boxes = [m.box for m in labels.values()]
    columns = sorted({b.x0 - int(0.4 * dpi) for b in label_boxes})
    # Printed lines above a place end it; writing that Tesseract read as a line of words does not
    # (its words are read with low confidence, and it sits on the line itself).
    obstacles = label_boxes + [ln.box for ln in lines if len(ln.words) >= 4
                               and float(np.median([w.conf for w in ln.words])) >= 60]
    placement, clear, scores = _placement(labels, rules, obstacles, columns, ink, dpi)
    kinds = {key: kind for key, _p, kind, _n in form.SIGNATURE_BLOCK}
    out: dict[str, Reading] = {}
    ctx = dict(page=page, timeout=timeout)
    for key, m in labels.items():
        if key == "address":
            out[key] = _read_address(image, ink, m.box, rules, labels, columns, dpi, crops, placement, **ctx)
        else:
            place, _rule = _place_for(placement, m.box, rules, obstacles, dpi, columns)
            if kinds[key] == "signature":
                out[key] = read_signature(ink, place, dpi, page=page, page_image=image,
                                          crop_path=_crop(crops, page, key))
            else:
                out[key] = read_value(image, ink, place, kinds[key], dpi, crop_path=_crop(crops, page, key), **ctx)
            out[key].evidence["label"] = " ".join(w.text for w in m.words)
        out[key].evidence["placement"] = placement
        if not clear:
            # The page does not say clearly where its values stand: a person looks at each.
            out[key].confidence = min(out[key].confidence, 0.5)
            out[key].evidence["placement_unclear"] = {p: round(s, 1) for p, s in scores.items()}
    return out


def _read_address(image, ink, label: Box, rules, labels, columns, dpi, crops, placement: str = "below", *,
                  page, timeout) -> Reading:
    """The address: one line written on each of its writing lines (`_address_lines`)."""
    column, floor = _address_lines(placement, label, rules, labels, columns, dpi)
    places = []
    top = floor + 2
    for r in column:
        bottom = r.y1 + int(0.06 * dpi)
        if placement == "below":
            bottom = min(bottom, label.y0 - 3)
        places.append(Box(min(r.x0, label.x0 - int(0.1 * dpi)) if placement == "below" else r.x0 - int(0.05 * dpi),
                          max(top, r.y0 - int(0.5 * dpi)), r.x1, bottom))
        top = r.y1 + 2
    unread = False
    if not places:
        if placement != "below":
            return Reading(None, 0.0, page=page, engine="layout",
                           evidence={"no_writing_lines": True, "placement": placement})
        places = [Box(label.x0 - int(0.1 * dpi), floor + 2, label.x0 + int(3.5 * dpi), label.y0 - 2)]
    elif placement == "below":
        # Writing above the first line read, below the name: a line of the address no rule led to.
        left = label.x0 - int(0.3 * dpi)
        above = Box(max(0, left), floor + 2, max(p.x1 for p in places), places[0].y0)
        unread = above.height > 0.1 * dpi and \
            float(clean_region(ink, above, dpi).mean()) >= calibration.BLANK_INK_SHARE
    parts, confs, evidence = [], [], []
    for i, place in enumerate(places):
        r = read_value(image, ink, place, "address", dpi, page=page, timeout=timeout,
                       crop_path=_crop(crops, page, f"address{i + 1}"))
        evidence.append(r.evidence)
        if r.value is not None:
            parts.append(r.value)
        confs.append(r.confidence)
    whole = Box(min(p.x0 for p in places), min(p.y0 for p in places), max(p.x1 for p in places),
                max(p.y1 for p in places))
    path = _crop(crops, page, "address")
    if path is not None:
        image.crop(whole.tuple()).save(path)
    value = ", ".join(parts) or None
    conf = min(confs) if confs else 0.0
    if unread:
        conf = min(conf, 0.5)
    return Reading(value, conf, page=page, bbox=whole.tuple(), engine="ppocr+tesseract",
                   crop_path=str(path) if path else None, raw=" | ".join(e.get("ppocr", "") for e in evidence),
                   evidence={"lines": evidence, **({"writing_above_not_read": True} if unread else {})})


# ---------------------------------------------------------------- grant table

def _headers(lines: list[Line], dpi: float) -> dict[str, Match] | None:
    """The five column headings: the set of matches side by side, in the printed order, that fits best."""
    # Headings are short words in small print, often mangled by a fax: match them loosely,
    # and let the table's shape (headings side by side, in the printed order) confirm them.
    options = {key: [m for p in phrases for m in find_phrase(lines, p, 0.7) if _heading_line(m, lines)]
               for key, phrases in form.TABLE_COLUMNS.items()}
    # Headings set on several lines are matched as their columns' cells too.
    cells = _heading_cells(lines, dpi)
    for key, phrases in form.TABLE_COLUMNS.items():
        options[key] = sorted(options[key] + [m for p in phrases for m in find_phrase(cells, p, 0.7)],
                              key=lambda m: -m.score)
    anchors = [m for ms in options.values() for m in ms]
    best_set, best_key = None, (0, 0.0)
    for anchor in anchors:
        near = {k: [m for m in ms if abs(m.box.cy - anchor.box.cy) < 0.8 * dpi][:6] for k, ms in options.items()}
        for chosen in _orderings(list(GRANT_FIELDS), near, [], set(), -1e9, 0.5 * dpi):
            key = (len(chosen), sum(m.score for m in chosen.values()))
            if len(chosen) >= 3 and key > best_key:
                best_set, best_key = chosen, key
    return best_set


def _walls(ink: np.ndarray, rules: list[Box], dpi: float) -> list[tuple[list[Box], int, int]]:
    """Printed tables' cell walls: upright rules that stand side by side over a common height,
    with rules across them.  Each table's walls left to right (one per x), its top and bottom."""
    found = [w for w in vertical_rules(ink, int(WALL_MIN_IN * dpi)) if w.height < 0.6 * ink.shape[0]]
    tables = []
    taken: set[int] = set()
    for ref in sorted(found, key=lambda w: -w.height):
        if id(ref) in taken:
            continue
        members = [w for w in found if id(w) not in taken
                   and min(w.y1, ref.y1) - max(w.y0, ref.y0) >= 0.8 * min(w.height, ref.height)]
        xs: list[Box] = []
        for w in sorted(members, key=lambda w: w.x0):
            if xs and w.x0 - xs[-1].x1 < 0.05 * dpi:
                xs[-1] = Box(xs[-1].x0, min(xs[-1].y0, w.y0), max(xs[-1].x1, w.x1), max(xs[-1].y1, w.y1))
            else:
                xs.append(w)
        if len(xs) < 4:
            continue
        top, bottom = int(np.median([w.y0 for w in xs])), int(np.median([w.y1 for w in xs]))
        across = [r for r in rules if top - 0.05 * dpi <= r.cy <= bottom + 0.05 * dpi
                  and r.x0 <= xs[1].x0 and r.x1 >= xs[-2].x1]
        if len(across) < 2:
            continue
        taken |= {id(w) for w in members}
        tables.append((xs, top, bottom))
    return tables


def _grid(image: Image.Image, ink: np.ndarray, rules: list[Box], dpi: float, timeout: float):
    """The grant table by its printed structure: where cell walls are printed, the walls are
    the columns and the cells of the top row hold the headings, on one line or several.  The
    heading row is read on its own, its rules erased, and each column's words are joined and
    matched to the form's column names.  Returns (headings, columns, where the rows begin,
    the walls), or None where no printed table has the form's headings."""
    for walls, top, bottom in _walls(ink, rules, dpi):
        x0, x1 = walls[0].x0, walls[-1].x1
        firsts = sorted(r.y0 for r in rules if top + 0.12 * dpi < r.cy < min(bottom, top + 1.3 * dpi)
                        and r.x0 <= walls[1].x0 and r.x1 >= walls[-2].x1)
        if not firsts:
            continue
        head = Box(x0, max(0, top - int(0.05 * dpi)), x1, firsts[0])
        grey = np.array(image.crop(head.tuple()))
        sub = ink[head.y0:head.y1, head.x0:head.x1]
        for r in horizontal_rules(sub, int(0.3 * dpi)) + vertical_rules(sub, int(0.15 * dpi)):
            grey[max(0, r.y0 - 1):r.y1 + 1, max(0, r.x0 - 1):r.x1 + 1] = 255
        try:
            raw = tesseract.words(Image.fromarray(grey), psm=11, timeout=timeout)
        except (ToolFailed, ToolTimeout):
            continue
        words = [tesseract.Word(w.text, w.conf, w.left + head.x0, w.top + head.y0, w.width, w.height, w.block,
                                w.par, w.line) for w in raw]
        spans = [(a.x1, b.x0) for a, b in zip(walls, walls[1:])]
        cells = []
        for a, b in spans:
            ws = sorted((w for w in words if a <= (w.left + w.right) / 2 < b),
                        key=lambda w: (w.top // max(1, int(0.08 * dpi)), w.left))
            cells.append(Line(tuple(ws)) if ws else None)
        options = {key: [(i, m) for i, c in enumerate(cells) if c is not None
                         for p in phrases for m in find_phrase([c], p, 0.7)]
                   for key, phrases in form.TABLE_COLUMNS.items()}
        best_pick: dict[str, int] = {}
        for key in GRANT_FIELDS:                   # each column's best cell, left to right
            after = max(best_pick.values(), default=-1)
            cands = [(m.score, -i, i, m) for i, m in options[key] if i > after]
            if cands:
                best_pick[key] = max(cands, key=lambda c: (c[0], c[1]))[2]
        if len(best_pick) < 3:
            continue
        # A column whose heading went unread is the cell between its named neighbours, when
        # the count of cells between them says which.
        keys = list(GRANT_FIELDS)
        named = sorted((keys.index(k), i) for k, i in best_pick.items())
        index = dict(best_pick)
        for n, key in enumerate(keys):
            if key in index:
                continue
            before = [(k, i) for k, i in named if k < n]
            after_ = [(k, i) for k, i in named if k > n]
            ref = before[-1] if before else after_[0]
            guess = ref[1] + (n - ref[0])
            if 0 <= guess < len(cells) and all(i != guess for i in index.values()):
                index[key] = guess
        if len(index) < len(keys) or [index[k] for k in keys] != sorted(index[k] for k in keys):
            continue
        headers = {k: next(m for i, m in options[k] if i == best_pick[k]) for k in best_pick}
        # Each column's place is inside its walls, clear of them: a wall the fax broke leaves
        # stubs too short to be known for a wall, read as a 1 in an empty cell.
        m = max(3, int(WALL_MARGIN_IN * dpi))
        cols = [(k, spans[index[k]][0] + m, spans[index[k]][1] - m) for k in keys]
        return headers, cols, next(r.y1 for r in rules if r.y0 == firsts[0]) + 2, walls, bottom
    return None


def _touching(band: np.ndarray, walls: list[Box], left: int, dpi: float) -> list[int]:
    """The walls that writing in this row touches or crosses: ink right beside a wall (the
    wall itself erased from `band`) on either side."""
    m = max(3, int(WALL_MARGIN_IN * dpi))
    reach = max(2, int(WALL_TOUCH_IN * dpi))
    rows = max(3, int(WALL_TOUCH_ROWS_IN * dpi))
    out = []
    for n, w in enumerate(walls):
        a, b = w.x0 - left - m, w.x1 - left + m
        beside = [band[:, max(0, a - reach):max(0, a)], band[:, max(0, b):max(0, b + reach)]]
        if any(side.size and int(side.any(axis=1).sum()) >= rows for side in beside):
            out.append(n)
    return out


def _heading_cells(lines: list[Line], dpi: float) -> list[Line]:
    """The table's headings as cells: the words of heading lines set close under one another,
    joined per column where they overlap across the lines (a heading of two or three centred
    lines, "NUMBER OF / SHARES / GRANTED", is one cell read top to bottom).  Columns part
    where no word of any of the lines stands."""
    heads = sorted((ln for ln in lines if _all_heading(ln)), key=lambda ln: ln.box.y0)
    cells: list[Line] = []
    used: set[int] = set()
    for i, first in enumerate(heads):
        if i in used:
            continue
        group = [first]
        for j in range(i + 1, len(heads)):
            if j not in used and 0 <= heads[j].box.y0 - group[-1].box.y0 <= 0.45 * dpi:
                group.append(heads[j])
                used.add(j)
        if len({ln.box.y0 // max(1, int(0.08 * dpi)) for ln in group}) < 2:
            continue                                   # headings of one line are matched as lines
        words = sorted((w for ln in group for w in ln.words), key=lambda w: w.left)
        spans: list[list] = []
        for w in words:
            if spans and w.left <= spans[-1][1] + HEADING_GAP_IN * dpi:
                spans[-1][1] = max(spans[-1][1], w.right)
                spans[-1][2].append(w)
            else:
                spans.append([w.left, w.right, [w]])
        for _x0, _x1, ws in spans:
            cells.append(Line(tuple(sorted(ws, key=lambda w: (w.top // max(1, int(0.08 * dpi)), w.left)))))
    return cells


def _all_heading(line: Line) -> bool:
    toks = [t for t in (token(p) for w in line.words for p in re.split(r"[^A-Za-z0-9]+", w.text)) if t]
    hits = sum(1 for t in toks if any(similar(t, v, 0.75) >= 0.75 for v in form.TABLE_HEADING_WORDS))
    return bool(toks) and hits >= 0.6 * len(toks) and not _mostly_lowercase(line)


def _heading_line(m: Match, lines: list[Line]) -> bool:
    # Half will do: the headings' small print comes through a fax mangled ("GRANT DATE GRANTED
    # CACACICS noice FYFRCISEN, CANCELLED", seed 5050), and the headings must still stand side
    # by side in the printed order (`_headers`), which prose does not.
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is not None and _mostly_lowercase(line):
        return False
    return _mostly(m, lines, form.TABLE_HEADING_WORDS, share=0.5)


def _mostly_lowercase(line: Line) -> bool:
    """Prose: most of a line's words in small letters ("note the grant date, original grant
    number, and number of options being tendered"); headings are set in capitals or title case."""
    words = [w.text.strip(".,;:()") for w in line.words]
    words = [w for w in words if len(w) >= 2 and w.isalpha()]
    return len(words) >= 4 and sum(w.islower() for w in words) >= 0.5 * len(words)


def _reread_headers(image: Image.Image, found: list[Match], dpi: float, timeout: float,
                    below: float = 0.2) -> dict[str, Match] | None:
    """Read the heading band again at full resolution as sparse text, when a heading was missed
    (the band reaches from above the headings `found` to `below` inches under the lowest); the
    headings read there, if more than were found."""
    y0 = max(0, int(min(m.box.y0 for m in found) - 0.6 * dpi))
    y1 = int(max(m.box.y1 for m in found) + below * dpi)
    headers = _band_headers(image, y0, y1, dpi, timeout)
    return headers if headers is not None and len(headers) > len(found) else None


def _band_headers(image: Image.Image, y0: int, y1: int, dpi: float, timeout: float) -> dict[str, Match] | None:
    """The headings read in a band of the page at full resolution, as sparse text."""
    band = image.crop((0, y0, image.width, y1))
    try:
        raw = tesseract.words(band, psm=11, timeout=timeout)
    except (ToolFailed, ToolTimeout):
        return None
    words = [tesseract.Word(w.text, w.conf, w.left, w.top + y0, w.width, w.height, w.block, w.par, w.line)
             for w in raw]
    return _headers(lines_of(words), dpi)


def _ruled_rows_band(rules: list[Box], dpi: float) -> tuple[int, int] | None:
    """Where a ruled table's headings may be: three or more long rules set one under another at
    a row's pitch, alike in their ends (a table with no walls); the band over its first rule."""
    long = [r for r in rules if r.width >= 4 * dpi]
    for first in long:
        same = [r for r in long if abs(r.x0 - first.x0) < 0.25 * dpi and abs(r.x1 - first.x1) < 0.25 * dpi
                and first.y0 <= r.y0 <= first.y0 + 3 * dpi]
        ys = sorted({r.y0 for r in same})
        steps = [b - a for a, b in zip(ys, ys[1:]) if b - a > 0.1 * dpi]
        if len(steps) >= 2 and max(steps[1:]) <= 1.0 * dpi:
            return max(0, first.y0 - int(1.0 * dpi)), first.y0 + int(0.9 * dpi)
    return None


def _orderings(keys, near, picked, used, last_x, spacing):
    """Every choice of at most one match per column, left to right and `spacing` apart, no word used twice."""
    if not keys:
        yield dict(picked)
        return
    key, rest = keys[0], keys[1:]
    for m in near.get(key, []):
        ids = {id(w) for w in m.words}
        if m.box.cx > last_x + spacing and not ids & used:
            yield from _orderings(rest, near, picked + [(key, m)], used | ids, m.box.cx, spacing)
    yield from _orderings(rest, near, picked, used, last_x, spacing)


def _columns(headers: dict[str, Match]) -> list[tuple[str, int, int]]:
    """Each column's left and right edge: halfway to its neighbours' headings.

    A heading that was not found is placed on the straight line through the others
    (columns of a printed table advance roughly evenly).
    """
    keys = list(GRANT_FIELDS)
    known = [(i, headers[k].box.cx) for i, k in enumerate(keys) if k in headers]
    n = len(known)
    mean_i = sum(i for i, _ in known) / n
    mean_x = sum(x for _, x in known) / n
    var = sum((i - mean_i) ** 2 for i, _ in known) or 1.0
    slope = sum((i - mean_i) * (x - mean_x) for i, x in known) / var
    xs = [headers[k].box.cx if k in headers else mean_x + slope * (i - mean_i) for i, k in enumerate(keys)]
    bounds = [xs[0] - (xs[1] - xs[0]) / 2] + [(a + b) / 2 for a, b in zip(xs, xs[1:])] + \
        [xs[-1] + (xs[-1] - xs[-2]) / 2]
    return [(k, int(bounds[i]), int(bounds[i + 1])) for i, k in enumerate(keys)]


def _row_bands(clean: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    rows = clean.sum(axis=1) > max(2, 0.01 * dpi)
    return [(a, b) for a, b in runs(rows, bridge=0.06 * dpi) if b - a >= 0.06 * dpi]


def _cells(band: np.ndarray, cols: list[tuple[str, int, int]], left: int, dpi: float
           ) -> dict[str, tuple[int, int, bool]]:
    """Where each column's writing is in one row: ink clusters, each given to the column its middle is in.

    Handwriting does not respect column lines: a long date runs into the next
    column's space. Clusters are separated by gaps of white; a cluster that
    reaches well into another column's space is marked as crossing.
    """
    on = band.any(axis=0)
    clusters = runs(on, bridge=0.1 * dpi)
    placed = []
    for c0, c1 in _split_at_boundaries(clusters, on, [b - left for _, b, _ in cols[1:]], dpi):
        x0, x1 = c0 + left, c1 + left
        i = next((i for i, (_, b0, b1) in enumerate(cols) if b0 <= (x0 + x1) / 2 < b1), None)
        if i is not None:
            placed.append([i, x0, x1])
    _give_back_run_on_ends(placed, cols, dpi)
    cells: dict[str, list] = {}
    reach = 0.12 * dpi   # writing that runs this far into a neighbour's space is in doubt
    pad = int(0.03 * dpi)
    for i, x0, x1 in placed:
        key, b0, b1 = cols[i]
        crosses = x0 < b0 - reach or x1 > b1 + reach
        if key in cells:
            cells[key][0] = min(cells[key][0], x0 - pad)
            cells[key][1] = max(cells[key][1], x1 + pad)
            cells[key][2] = cells[key][2] or crosses
        else:
            cells[key] = [x0 - pad, x1 + pad, crosses]
    return {k: (v[0], v[1], v[2]) for k, v in cells.items()}


def _give_back_run_on_ends(placed: list[list[int]], cols, dpi: float) -> None:
    """A piece at the very start of a column, nearer the writing of the column before than
    the rest of its own, is the end of its neighbour's value run past the rule: the last
    digit of "1999-06-27" beside the count "500" (seed 4444: read "1999-06-2" and "7500").
    A piece alone in its column stays: a count written close after a long date is a count."""
    placed.sort(key=lambda p: p[1])
    for n, (i, x0, x1) in enumerate(placed):
        if i == 0 or x0 > cols[i][1] + 0.12 * dpi:
            continue
        before = [p for p in placed[:n] if p[0] == i - 1]
        after = [p for p in placed[n + 1:] if p[0] == i]
        if before and after and x0 - before[-1][2] < 0.5 * (after[0][1] - x1):
            placed[n][0] = i - 1


def _split_at_boundaries(clusters: list[tuple[int, int]], on: np.ndarray, bounds: list[int], dpi: float
                         ) -> list[tuple[int, int]]:
    """Split a cluster that straddles a column boundary at its word gap nearest that boundary.

    Only a gap as wide as a space between words counts: the small gaps between
    handwritten letters never split a value.
    """
    min_gap = max(3, int(0.045 * dpi))
    out = []
    todo = [tuple(c) for c in clusters]
    while todo:
        c0, c1 = todo.pop(0)
        inside = [b for b in bounds if c0 + 0.1 * dpi < b < c1 - 0.1 * dpi]
        gaps = [(c0 + a, c0 + b) for a, b in runs(~on[c0:c1]) if b - a >= min_gap]
        if not inside or not gaps:
            out.append((c0, c1))
            continue
        b = inside[0]
        g0, g1 = min(gaps, key=lambda g: abs((g[0] + g[1]) / 2 - b))
        if abs((g0 + g1) / 2 - b) > 0.35 * dpi:
            out.append((c0, c1))
            continue
        todo[:0] = [(c0, g0), (g1, c1)]
    return sorted(out)


def _rows(clean: np.ndarray, cols, left: int, dpi: float, ruled: list[int] = ()) -> list[tuple[int, int]]:
    """Row bands, with a band that holds only some columns joined to a neighbour holding the others.

    A holder who writes one cell a little higher than the rest of its row must not
    make two rows of it (the rows after it would all shift); writing that touches the
    rule between two rows must not make one row of two (a printed row rule splits a band).
    """
    bands = []
    for a, b in _row_bands(clean, dpi):
        cuts = [y for y in ruled if a + 0.08 * dpi < y < b - 0.08 * dpi]
        for y in cuts:
            bands.append([a, y])
            a = y
        bands.append([a, b])
    keys = [set(_cells(clean[a:b], cols, left, dpi)) for a, b in bands]
    i = 0
    while i + 1 < len(bands):
        gap = bands[i + 1][0] - bands[i][1]
        if gap < 0.3 * dpi and keys[i] and keys[i + 1] and not keys[i] & keys[i + 1]:
            bands[i][1] = bands[i + 1][1]
            keys[i] |= keys.pop(i + 1)
            bands.pop(i + 1)
        else:
            i += 1
    return [(a, b) for a, b in bands]


def ruled_rows(rules: list[Box], top: int, bottom: int, left: int, right: int, dpi: float) -> list[int]:
    """Heights of rules that together cover most of the table's width: its ruled rows."""
    rows: dict[int, int] = {}
    for r in rules:
        if top < r.y0 < bottom and r.x1 > left and r.x0 < right:
            y = next((k for k in rows if abs(k - r.y0) < 0.05 * dpi), r.y0)
            rows[y] = rows.get(y, 0) + min(r.x1, right) - max(r.x0, left)
    return sorted(y for y, covered in rows.items() if covered >= 0.6 * (right - left))


def _table_bottom(lines: list[Line], rules: list[Box], head_bottom: int, left: int, right: int,
                  page_height: int, dpi: float) -> int:
    """Where the table's rows end: at the first thing printed after it.

    A sentence after the table ends it where it starts; a signature-block label ends it
    above the line the holder writes on.  (Not at the last row rule found: a rule that
    writing crossed may not be found, and the row under it would be lost.)
    """
    sentences = [m.box.y0 for p in form.ADDITIONAL_BOX + ["I understand that all of the tendered options"]
                 for m in find_phrase(lines, p, 0.8) if m.box.y0 > head_bottom]
    labels = [m.box.y0 - int(0.7 * dpi) for p in form.SIGNATURE[:1] + form.NAME[:1] + form.DATE_TIME[:1]
              for m in find_phrase(lines, p, 0.8) if m.box.y0 - 0.7 * dpi > head_bottom]
    bottom = min(sentences + labels, default=min(page_height, head_bottom + int(4 * dpi))) - int(0.05 * dpi)
    return bottom


def read_table(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float,
               *, page: int, timeout: float, crops: Path | None) -> list[dict[str, Reading]] | None:
    grid = _grid(image, ink, rules, dpi, timeout)
    walls: list[Box] = []
    if grid is not None:
        headers, cols, head_bottom, walls, grid_bottom = grid
    else:
        headers = _headers(lines, dpi)
        if headers is None:
            # The headings' small print may have run together in the page's reading ("GRANT DATE
            # GND cxencsermce", seed 2727): where one of them was read cleanly, read that band
            # again at full resolution.
            seeds = [m for p in HEADING_SEEDS for m in find_phrase(lines, p, 0.9)]
            headers = _reread_headers(image, [min(seeds, key=lambda m: m.box.y0)], dpi, timeout,
                                      below=0.6) if seeds else None
            if headers is None and (band := _ruled_rows_band(rules, dpi)) is not None:
                # Rows ruled as a table's, and no heading read over them (the page's reading at
                # label resolution can drop a table's small print whole): read the band over them.
                headers = _band_headers(image, *band, dpi, timeout)
            if headers is None:
                return None
        if len(headers) < len(GRANT_FIELDS):
            headers = _reread_headers(image, list(headers.values()), dpi, timeout) or headers
        cols = _columns(headers)
        head_bottom = max(m.box.y1 for m in headers.values()) + int(0.04 * dpi)
    left, right = max(0, cols[0][1]), min(ink.shape[1], cols[-1][2])
    bottom = _table_bottom(lines, rules, head_bottom, left, right, ink.shape[0], dpi)
    if grid is not None:
        bottom = min(bottom, grid_bottom + int(0.03 * dpi))
    body = Box(left, head_bottom, right, bottom)
    clean = clean_region(ink, body, dpi)
    grants = []
    ruled = [y - head_bottom for y in ruled_rows(rules, head_bottom, bottom, left, right, dpi)]
    for a, b in _rows(clean, cols, left, dpi, ruled):
        y0, y1 = head_bottom + a - int(0.05 * dpi), head_bottom + b + int(0.05 * dpi)
        cells = _cells(clean[a:b], cols, left, dpi)
        touched = [walls[n] for n in _touching(clean[a:b], walls, left, dpi)]
        row = {}
        for key, x0, x1 in cols:
            idx = len(grants)
            crop = _crop(crops, page, f"grant{idx + 1}-{key}")
            if key not in cells:
                row[key] = read_value(image, ink, Box(x0, y0, x1, y1), GRANT_KINDS[key], dpi, page=page,
                                      timeout=timeout, crop_path=crop)
                continue
            cx0, cx1, crosses = cells[key]
            row[key] = read_value(image, ink, Box(cx0, y0, cx1, y1), GRANT_KINDS[key], dpi, page=page,
                                  timeout=timeout, crop_path=crop)
            if crosses:
                row[key].evidence["crosses_column"] = True
                # A long date runs into the next column on a narrow table; read the same from
                # both crops it is whole (39 of 39 such dates right on twelve sets, the counts
                # beside them 34 of 35, the one wrong sent to review).  Anything else that
                # reaches so far may hold a piece of its neighbour.
                if not (key == "grant_date" and row[key].evidence.get("stable")):
                    row[key].confidence = min(row[key].confidence, 0.5)
        for key, x0, x1 in cols:
            near = max(3, int(WALL_MARGIN_IN * dpi)) + 2
            if any(abs(w.x1 - x0) <= near or abs(w.x0 - x1) <= near for w in touched) \
                    and not row[key].evidence.get("blank"):
                # Writing that touches or crosses a printed wall may hold a piece of its
                # neighbour, or have left one there ("1,000" read 0): never trimmed, doubted.
                row[key].evidence["touches_wall"] = True
                row[key].confidence = min(row[key].confidence, 0.5)
        moved = _year_left_behind(row, cells, clean[a:b], left, dpi)
        if moved is not None:
            date_x1, count_x0 = moved
            idx = len(grants)
            date = read_value(image, ink, Box(cells["grant_date"][0], y0, date_x1, y1), "date", dpi, page=page,
                              timeout=timeout, crop_path=_crop(crops, page, f"grant{idx + 1}-grant_date"))
            if date.value is not None:
                count = read_value(image, ink, Box(count_x0, y0, cells["shares_granted"][1], y1), "count", dpi,
                                   page=page, timeout=timeout,
                                   crop_path=_crop(crops, page, f"grant{idx + 1}-shares_granted"))
                for r in (date, count):
                    r.evidence["year_joined_to_its_date"] = True
                row["grant_date"], row["shares_granted"] = date, count
        written = [k for k, r in row.items() if not r.evidence.get("blank")]
        if row["grant_date"].evidence.get("blank") and len(written) >= 2:
            # Every grant has a date: a row written in its other cells whose date place reads
            # empty had its date missed (the blind set recorded such rows with no date).
            row["grant_date"].confidence = min(row["grant_date"].confidence, 0.5)
            row["grant_date"].evidence["row_written_without_date"] = True
        if any(r.value is not None or not r.evidence.get("blank") for r in row.values()):
            grants.append(row)
    return grants


# A date read without its year ("November 28,") and, beside it, a count read as a year and
# then a number ("2000 20,000", or run together "199712,000"): on a narrow table the date's
# year was given to the count.
_MONTH_DAY = re.compile(r"[A-Za-z]{3,9}\.?\s*\d{1,2}(?:st|nd|rd|th)?\s*[,.]?")
_YEAR_THEN = re.compile(r"(?:19|20)\d\d[,.]?\s*\d.*")


def _year_left_behind(row: dict[str, Reading], cells: dict, band: np.ndarray, left: int, dpi: float
                      ) -> tuple[int, int] | None:
    """Where the count cell's first word (the date's year) ends and the count begins, in page
    x, when the reading says the date's year was cut off into the count's cell."""
    date, count = row.get("grant_date"), row.get("shares_granted")
    if date is None or count is None or date.value is not None or "shares_granted" not in cells \
            or "grant_date" not in cells:
        return None
    if not (_MONTH_DAY.fullmatch((date.raw or "").strip()) and _YEAR_THEN.fullmatch((count.raw or "").strip())):
        return None
    cx0, cx1, _ = cells["shares_granted"]
    cell = band[:, max(0, cx0 - left):max(0, cx1 - left)]
    on = cell.any(axis=0)
    gaps = [(g0, g1) for g0, g1 in runs(~on) if g1 - g0 >= max(3, int(0.045 * dpi)) and g0 > 0 and g1 < len(on)]
    if gaps:
        g0, g1 = gaps[0]
        pad = int(0.03 * dpi)
        return cx0 + g0 + pad, cx0 + g1 - pad
    # Year and count written as one run ("199712,000", seed 4444): cut at the thinnest ink
    # about four characters in.  The re-reading of both places decides whether that was right.
    inked = np.flatnonzero(on)
    chars = len(re.sub(r"\s", "", count.raw or ""))
    if inked.size == 0 or chars < 6:
        return None
    w0, w1 = int(inked[0]), int(inked[-1]) + 1
    step = (w1 - w0) / chars
    lo, hi = int(w0 + 3.5 * step), int(w0 + 4.5 * step) + 1
    if hi - lo < 2:
        return None
    cut = lo + int(np.argmin(cell[:, lo:hi].sum(axis=0)))
    return cx0 + cut, cx0 + cut


def is_stray_mark(row: dict[str, Reading]) -> bool:
    """A 'row' of one or two short marks and no date (a tick that rose from the box below,
    the stub of a fax streak): not a filled row, but a person should see that it was left out."""
    written = [r for r in row.values() if not r.evidence.get("blank")]
    return (0 < len(written) <= 2 and row["grant_date"].value is None
            and all(len((r.raw or "").strip()) <= 2 for r in written))
