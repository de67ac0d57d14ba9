"""The signature block: its labels, where its values stand relative to them (the form's
`PLACEMENTS`, decided on each page), and the values read there, the address line by line.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from ocr.layout import Box, Line, Match, comb_teeth, find_phrase, page_dotted_rules, similar, token, vertical_rules
from ocr.preprocess import runs

from ..model import Reading
from . import calibration, election_form as form
from .doubts import TOUCHES_WALL, note
from .layout import _crop, _mostly, _segment, line_parts, word_height
from .asked_labels import asked_labels
from .numbered import key_of, numbered_labels
from .values import clean_region, read_signature, read_value
from .shared_rooms import gaps, parted, parted_labels, shared_rooms
from .turned import box_rules, room_beside

# The address is written in a column this wide from its label's left (its lines' rules are
# looked for there; the signing date's column beside it starts further right).
ADDRESS_WIDTH_IN = 2.5
# A label printed over its writing line stands at most this far above it.
PLACE_REACH_IN = 0.7
# An address's room under its label reaches at most this far down to its floor.
ADDRESS_ROOM_IN = 1.6
# A label over (or under) its line starts over it: at most this far before the line's start ...
STARTS_OVER_IN = 0.3
# ... or, over it, hangs out before it by this much at most (a question hanging out before its
# indented answer rule, a number before it)
HANGING_IN = 0.5
HANGING_RULE_IN = 1.2  # ... where the line is a writing line that long (not a stroke of writing over it)
# The block's writing lines are looked for this far above its top label.
BLOCK_REACH_IN = 1.0
# One placement explains the block clearly when it scores this much more than the next
# (`_pairing`: a point per label with a line, one per label with writing, two off per
# written line no label owns).
PLACEMENT_MARGIN = 2.0
# Words of one label match further apart than this along their line are two labels ("Date" and
# "Time" over two columns, matched as "DATE/TIME"): the parts of a field (`form.FIELD_PARTS`).
PART_GAP_IN = 0.6
# ... each part like its part's phrase this much: a word of four letters with one misread
# ("Tine") is still its part, its place found by the whole label's match.
PART_LIKE = 0.75
# A label matched over such a gap and not taken as a field's parts: its words stand over two
# places, and the place read under it may hold one part of what is asked.
LABEL_APART = "label_words_apart"
# A cell's wall: an upright rule this long or more whose ends meet horizontal rules within
# `WALL_MEETS_IN` (a streak down a fax meets none; it runs through the block).
WALL_MIN_IN = 0.25
WALL_MEETS_IN = 0.06
# A cell holds its label's value when it has this much room under the label.
CELL_ROOM_IN = 0.2
# A cell running on this far past its label holds the label's value after it.
CELL_AFTER_IN = 1.0
# A value's place less tall than this, or less wide than `NO_ROOM_WIDE_IN`, is none: the
# placement found no room for its label, and nothing can be seen blank there.
NO_ROOM_IN = 0.05
NO_ROOM_WIDE_IN = 0.2
# A label printed over its value's cell stands in that cell this far from its first letter.
INNER_IN = 0.1
# A label's cell is looked for up to this far above it (a tall cell centres its label).
CELL_REACH_IN = 1.0
# Two placements whose places for every label overlap this much read the same values: the
# one is no rival of the other.
SAME_PLACE = 0.6
# A label standing on its line's left end has its foot at most this far over the line.
ON_ITS_LINE_IN = 0.1
# Labels standing at most this far under one rule share it, each its stretch.
SHARED_RULE_UNDER_IN = 0.15
# A label printed after its writing line ("______ (Print Name)") starts at most this far past
# the line's end, its first line's top at most this far above the line.
LEFT_GAP_IN = 0.6
LEFT_LEVEL_IN = 0.22
# A label broken over lines (printed in a narrow room) is read as one: its lines start within
# this of each other, each under the one before with no more than this many of its heights between.
STACK_ALIGN_IN = 0.12
STACK_GAP = 0.8
PIECE_GAP_IN = 0.3
# A label this tall is printed on two lines or more (its writing line at the foot of its last).
WRAPPED_LABEL_IN = 0.22
# A label's last line, not read with it, ends this far under its first line at most.
CONTINUED_IN = 0.35
# A writing line crossed by writing near its start is looked for this far right of its label.
CROSSED_REACH_IN = 3.5
# A line this far under a label's foot, starting after it, is its line when none is nearer.
LOW_LINE_IN = 0.3
# Ink within this before a value's place, as tall as this, running up to the place: the
# value was begun before it (`_begun_before`).
BEFORE_IN = 0.3
BEFORE_TALL_IN = 0.08
BEGUN_BEFORE = "writing_begun_before_its_place"
# Fields written on one line under labels printed as one, the line not parted into values of
# their kinds (`_read_shared_line`).
ROOM_NOT_PARTED = "shared_room_not_parted"
# A place read blank with writing this far past its right end, on its rows, short of the next
# wall or print: the value was written beside its place (`_written_beside`), as tall as
# `BEFORE_TALL_IN` and this wide at least.
BESIDE_REACH_IN = 1.5
BESIDE_WIDE_IN = 0.1
WRITTEN_BESIDE = "written_beside_its_place"
# A column of the strip before a place inked over this share of its height is a printed rule.
UPRIGHT_FILL = 0.9
# Writing ending this close to its place's end and more begun within this past it is the value
# written on past the end of its line.
WORD_SPACE_IN = 0.35
# A label on a box's top: at most this above it (no room to write), the box's floor this far
# below the top, its ends level with the top's to within this.
BOX_ROOM_IN = 0.1
BOX_HEIGHT_IN = (0.12, 1.0)
BOX_ENDS_IN = 0.1
# Lines of writing in a room without rules: bands of inked rows parted by at least this much
# blank, each at least this tall.
ROW_GAP_IN = 0.03
ROW_MIN_IN = 0.08
# Print whose top stands this close under a line hangs from it: a hint of what to write there,
# in small print (a word no taller than HINT_TALL_IN: a word written high on the next line,
# just under the line above, is taller).
HINT_UNDER_IN = 0.1
HINT_TALL_IN = 0.14


def _to_colon(m: Match, lines: list[Line]) -> Match:
    """A label read on to the colon that ends it: "Name of Option Holder (please print):" matched
    as "Name of Option Holder" ends after "(please print):", and its value right of that."""
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is None:
        return m
    seg = _segment(line, m)
    last = seg.index(m.words[-1]) if m.words[-1] in seg else None
    # (A colon of small print is read as a semicolon as often.)
    if last is None:
        return m
    if not seg[-1].text.endswith((":", ";")) or len(seg) - 1 - last > 3:
        # No colon: on over the label's further words ("Mailing Address" of "Mailing Address
        # of Option Holder", a label's last words read a letter astray, "OTION").
        end = last
        while end + 1 < len(seg) and _label_word(token(seg[end + 1].text)):
            end += 1
        return m if end == last else Match(tuple(seg[seg.index(m.words[0]):end + 1]), m.score)
    return Match(tuple(seg[seg.index(m.words[0]):]), m.score)


def _label_word(tok: str) -> bool:
    """Whether a token reads as a word of the block's labels (`form.LABEL_WORDS`)."""
    return len(tok) >= 2 and any(tok == w or (len(w) >= 4 and similar(tok, w, 0.8) >= 0.8) for w in form.LABEL_WORDS)


def _pieces(lines: list[Line], dpi: float) -> list[Line]:
    """Each line parted where a gap wider than `PIECE_GAP_IN` and twice its words' height parts
    it (two columns read as one line; a word OCR lost leaves a gap of a word's width)."""
    return [Line(tuple(part)) for line in lines
            for part in line_parts(line, max(2 * word_height(line), PIECE_GAP_IN * dpi))]


def _stacked(pieces: list[Line], dpi: float) -> list[list[Line]]:
    """Labels broken over lines in a narrow room ("Name of Option / Holder (please / print)"):
    runs of two or three pieces of line each starting under the one before, close under it."""
    pieces = sorted(pieces, key=lambda ln: ln.box.y0)

    def under(a: Line) -> Line | None:
        h = a.box.height
        return next((b for b in pieces if abs(b.box.x0 - a.box.x0) <= STACK_ALIGN_IN * dpi
                     and 0 <= b.box.y0 - a.box.y1 <= STACK_GAP * h and 0.5 * h <= b.box.height <= 2 * h), None)
    runs = []
    for a in pieces:
        b = under(a)
        if b is not None:
            runs.append([a, b])
            if (c := under(b)) is not None:
                runs.append([a, b, c])
    return runs


def _runs_as_lines(runs: list[list[Line]]) -> list[tuple[list[Line], Line]]:
    """Each run of lines with its words as one line (made once; every label is looked for in it)."""
    return [(run, Line(tuple(w for ln in run for w in ln.words))) for run in runs]


def _across_lines(joined: list[tuple[list[Line], Line]], phrase: str, min_score: float) -> list[Match]:
    """`phrase` matched in a label broken over lines (`_runs_as_lines`): matches that take words of
    more than one line."""
    out = []
    for run, line in joined:
        for m in find_phrase([line], phrase, min_score):
            if sum(1 for ln in run if set(map(id, ln.words)) & set(map(id, m.words))) > 1:
                out.append(m)
    return out


def _rule_above(label: Box, rules: list[Box], dpi: float) -> Box | None:
    near = [r for r in rules if r.y1 <= label.y0 + 0.05 * dpi and label.y0 - r.y1 <= 0.45 * dpi
            and r.x0 - STARTS_OVER_IN * dpi <= label.x0 <= r.x1]
    return max(near, key=lambda r: r.y1, default=None)


def _without_print(ink: np.ndarray, place: Box, printed: list[Box]) -> np.ndarray:
    """The page's ink with the printed boxes that reach into `place` cleared (a copy), or the
    ink itself where none does."""
    inside = [b for b in printed if min(b.x1, place.x1) > max(b.x0, place.x0) and min(b.y1, place.y1) > max(b.y0, place.y0)]
    if not inside:
        return ink
    out = ink.copy()
    for b in inside:
        out[max(0, b.y0 - 1):b.y1 + 2, max(0, b.x0 - 1):b.x1 + 2] = False
    return out


def _words_read(lines: list[Line]) -> list[Box]:
    """The boxes of the words read on the page (two letters or figures at least: no speck).
    Where one stands says whether it may be print (`_on_its_line`), however sure Tesseract was
    of it: small print on a fax reads poorly."""
    return [Box(w.left, w.top, w.right, w.bottom) for ln in lines for w in ln.words
            if sum(c.isalnum() for c in w.text) >= 2]


def _on_its_line(place: Box, rules: list[Box], printed: list[Box], dpi: float) -> Box:
    """A place written on a line, ended above print set wholly under its line and below print
    hanging under the line above it.

    Writing stands on its line and only its descenders cross it; a word that begins under a
    line (a hint in small print, "(first name, middle initial, last name)") is print: a place
    reaching down past its line for descenders must not take in its own line's hint, nor
    one reaching up to the line above that line's (small print hanging from that line)."""
    crossing = [r for r in rules if place.y0 < r.cy < place.y1
                and min(r.x1, place.x1) - max(r.x0, place.x0) > 0.5 * place.width]
    if not crossing:
        return place
    line = max(crossing, key=lambda r: r.cy)
    across = [b for b in printed if min(b.x1, place.x1) > max(b.x0, place.x0)]
    under = [b.y0 for b in across if line.y1 <= b.y0 < place.y1]
    above = [r for r in rules if r.cy < line.y0 - HINT_UNDER_IN * dpi and min(r.x1, place.x1) > max(r.x0, place.x0)]
    hanging = [b.y1 for b in across if place.y0 <= b.y1 < line.y0 - HINT_UNDER_IN * dpi
               and b.height <= HINT_TALL_IN * dpi and any(r.y1 <= b.y0 <= r.y1 + HINT_UNDER_IN * dpi and min(r.x1, b.x1) > max(r.x0, b.x0) for r in above)]
    y0 = max([place.y0] + [y + 1 for y in hanging])
    y1 = max(line.y1 + 1, min(under) - 1) if under else place.y1
    return Box(place.x0, min(y0, line.y0), place.x1, y1) if (y0, y1) != (place.y0, place.y1) else place


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
        # A rule other labels stand under too ("Printed Name" and "Signed" under one line) is
        # each label's from its own start (the first's from the rule's) to the next's.
        sharing = [o for o in obstacles if o != label and rule.y1 - 2 <= o.y0 <= rule.y1 + SHARED_RULE_UNDER_IN * dpi
                   and rule.x0 <= o.x0 < rule.x1 and (o.x1 <= label.x0 or o.x0 >= label.x1)]
        x0 = label.x0 - int(0.1 * dpi) if any(o.x1 <= label.x0 for o in sharing) else rule.x0
        x1 = min([rule.x1] + [o.x0 - int(0.05 * dpi) for o in sharing if o.x0 >= label.x1])
        # Down to just below the line (descenders cross it), never into the label under it.
        return Box(x0, top, x1, min(rule.y1 + int(0.06 * dpi), label.y0 - 3)), rule
    x1 = label.x0 + max(label.width, int(3.0 * dpi))
    top = _ceiling(label.x0, x1, label.y0, obstacles, dpi)
    return Box(label.x0 - int(0.1 * dpi), top, x1, label.y0 - 2), None


def _rule_below(label: Box, rules: list[Box], dpi: float) -> Box | None:
    """The writing line under a label printed over its line: the nearest rule below it that
    the label starts over (or hangs out before, its line indented under it: "1. What is your
    name?" over a rule set in from the number), with room for writing between them."""
    near = [r for r in rules if r.y0 >= label.y1 - 0.02 * dpi and r.y0 - label.y1 <= PLACE_REACH_IN * dpi
            and r.x0 - (HANGING_IN if r.width >= HANGING_RULE_IN * dpi else STARTS_OVER_IN) * dpi <= label.x0
            <= r.x1 - 0.5 * dpi]
    if not near:
        return None
    # Of the nearest rules (a row's, side by side), the one the label starts over before one
    # it hangs out before (the next field's, on its right).
    top = min(r.y0 for r in near)
    level = [r for r in near if r.y0 - top <= 0.05 * dpi]
    return min(level, key=lambda r: (r.x0 - STARTS_OVER_IN * dpi > label.x0, abs(r.x0 - label.x0)))


def _box_floor(label: Box, rule: Box, rules: list[Box], obstacles: list[Box], columns: list[int],
               dpi: float, walls: list[Box] = ()) -> Box | None:
    """The floor of the box a label stands on: where the rule under a label leaves no room to
    write between them and is a box's top (`_floor_under`), the value is written in the box."""
    if rule.y0 - label.y1 > BOX_ROOM_IN * dpi:
        return None
    return _floor_under(rule, rules, obstacles, columns, dpi, walls, _inside(label, dpi))


def _inside(label: Box, dpi: float) -> float:
    """Where along a label printed over its value's cell that cell is: a little in from its
    first letter (`INNER_IN`), since a label may be set a hair left of its box's wall."""
    return label.x0 + min(INNER_IN * dpi, label.width / 2)


def _floor_under(rule: Box, rules: list[Box], obstacles: list[Box], columns: list[int], dpi: float,
                 walls: list[Box] = (), x: float | None = None) -> Box | None:
    """The floor of a box whose top is `rule`: a rule as long standing a box's height under it,
    nothing printed between them (a box, or a row of character boxes, one character to each).
    Where walls close the box either side of `x`, what stands in it is its value, typed or
    written (a form filled in before it was printed)."""
    floors = [f for r in rules if BOX_HEIGHT_IN[0] * dpi <= r.y0 - rule.y1 <= BOX_HEIGHT_IN[1] * dpi
              and abs((f := _extend_rule(r, rules, columns, dpi)).x0 - rule.x0) <= BOX_ENDS_IN * dpi
              and abs(f.x1 - rule.x1) <= BOX_ENDS_IN * dpi]
    floor = min(floors, key=lambda r: r.y0, default=None)
    if floor is None:
        return None
    if x is not None and _closed_by_walls(x, rule.y1, floor.y0, walls, dpi):
        return floor
    if any(rule.y1 < o.cy < floor.y0 and min(o.x1, rule.x1) - max(o.x0, rule.x0) > 0 for o in obstacles):
        return None
    return floor


def _closed_by_walls(x: float, top: int, bottom: int, walls: list[Box], dpi: float) -> bool:
    """Whether walls stand either side of `x` from `top` to `bottom`: a box closed on both sides."""
    reach = WALL_MEETS_IN * dpi
    whole = [w for w in walls if w.y0 <= top + reach and w.y1 >= bottom - reach]
    return any(w.cx < x for w in whole) and any(w.cx > x for w in whole)


def _rule_right(label: Box, rules: list[Box], dpi: float, obstacles: list[Box] | None = None) -> Box | None:
    """The writing line to a label's right on its own line ("Name: ______").  A label broken over
    two lines has its line at the foot of its last, which may start under the first's end.
    With the page's printed things (`obstacles`) known, a line that writing crossed near its
    start (a leader's dots lost under a signature) is found further on, nothing printed
    between, and reaches back to the label."""
    near = [r for r in rules if label.x1 - 0.1 * dpi <= r.x0 <= label.x1 + 0.6 * dpi
            and label.cy - 0.05 * dpi <= r.cy <= label.y1 + 0.15 * dpi]
    if not near:
        # Broken over two lines: read as one label (as tall as two lines), its line at its
        # foot; or its first line alone read as the label, its line at the foot of the next.
        foot = label.y1 - 0.12 * dpi if label.height >= WRAPPED_LABEL_IN * dpi else label.y1 + 0.15 * dpi
        near = [r for r in rules if label.x0 + 0.3 * dpi <= r.x0 < label.x1 and r.x1 >= label.x1 + dpi
                and foot <= r.cy <= label.y1 + (0.15 if foot < label.y1 else CONTINUED_IN) * dpi]
    if not near and obstacles is not None:
        level = [r for r in rules if label.x1 + 0.6 * dpi < r.x0 <= label.x1 + CROSSED_REACH_IN * dpi
                 and label.y1 - 0.1 * dpi <= r.cy <= label.y1 + 0.15 * dpi and r.width >= 0.5 * dpi]
        first = min(level, key=lambda r: r.x0, default=None)
        if first is not None and not any(label.x1 < o.cx < first.x0 and o.y0 < first.cy and o.y1 > label.y0
                                         for o in obstacles if o != label):
            return Box(label.x1 + int(0.05 * dpi), first.y0, first.x1, first.y1)
    return min(near, key=lambda r: r.x0, default=None)


def cell_walls(ink: np.ndarray, rules: list[Box], dpi: float) -> list[Box]:
    """The printed walls of cells: upright rules whose both ends meet a horizontal rule, or one
    end and two rules between (a fax drops a stretch of a box's top at its corner).  A
    scanner's streak down the page, or a stroke of writing, meets none at both ends."""
    def touches(r: Box, x: float) -> bool:
        return r.x0 - 0.05 * dpi <= x <= r.x1 + 0.05 * dpi

    def meets(y: int, x: float) -> bool:
        return any(abs(r.cy - y) <= WALL_MEETS_IN * dpi and touches(r, x) for r in rules)

    def framed(v: Box) -> bool:
        if meets(v.y0, v.cx) and meets(v.y1, v.cx):
            return True
        between = {round(r.cy / (WALL_MEETS_IN * dpi)) for r in rules if touches(r, v.cx)
                   and v.y0 + WALL_MEETS_IN * dpi < r.cy < v.y1 - WALL_MEETS_IN * dpi}
        return (meets(v.y0, v.cx) or meets(v.y1, v.cx)) and len(between) >= 2
    uprights = vertical_rules(ink, int(WALL_MIN_IN * dpi)) + page_dotted_rules(ink, dpi)[1]
    # The walls between printed character boxes part characters of one value, not cells.
    teeth = [t for row in comb_teeth(ink, dpi) for t in row]
    return [v for v in uprights if framed(v)
            and not any(abs(v.cx - t.cx) <= 2 + t.width and min(v.y1, t.y1) - max(v.y0, t.y0) > 0 for t in teeth)]


def _walls_around(place: Box, x: float, walls: list[Box]) -> tuple[int, int]:
    """The nearest walls left and right of `x` along the middle of `place` (its own sides where none)."""
    across = [w for w in walls if w.y0 <= place.cy <= w.y1]
    left = max((w.x1 for w in across if w.cx <= x), default=place.x0)
    right = min((w.x0 for w in across if w.cx > x), default=place.x1)
    return left, right


def _within_walls(place: Box, x: float, walls: list[Box]) -> Box:
    """A value place kept between the cell walls either side of `x`: a value never runs into
    the next cell (two boxes side by side share the rules above and below them)."""
    left, right = _walls_around(place, x, walls)
    return Box(max(place.x0, left + 2), place.y0, max(max(place.x0, left + 2) + 1, min(place.x1, right - 2)), place.y1)


def _cell(label: Box, rules: list[Box], walls: list[Box], dpi: float, reach_in: float = 0.3) -> Box | None:
    """The printed cell a label stands in: the nearest rule above it (within `reach_in`), the
    nearest below it, and walls left and right of it that reach its middle; None when it stands
    in none."""
    # (Tesseract's box of a word printed just under a rule may take in the rule.)
    over = [r for r in rules if r.cy <= label.y0 + 0.4 * label.height and label.y0 - r.y1 <= reach_in * dpi
            and r.x0 <= label.cx <= r.x1]
    under = [r for r in rules if r.y0 >= label.y1 - 2 and r.x0 <= label.cx <= r.x1]
    across = [w for w in walls if w.y0 <= label.cy <= w.y1]
    left = [w for w in across if w.cx <= label.x0 + 2]
    right = [w for w in across if w.cx >= label.x1 - 2]
    if not (over and under and left and right):
        return None
    return Box(max(w.x1 for w in left), max(r.y1 for r in over), min(w.x0 for w in right), min(r.y0 for r in under))


def _band(cell: Box | None, label: Box, dpi: float) -> Box | None:
    """The label's cell when it is a band of its own: no room to write under the label or over
    it (a box with its label at its foot has room over it)."""
    if cell is not None and cell.y1 - label.y1 < CELL_ROOM_IN * dpi and label.y0 - cell.y0 < CELL_ROOM_IN * dpi:
        return cell
    return None


def _room_in_cell(label: Box, rules: list[Box], walls: list[Box], dpi: float) -> tuple[Box, Box] | None:
    """The room under a label in its cell, and the cell's floor (the rule the value is written
    over); None when the label stands in no cell with room under it.  A label in a band of its
    own, no room under it (a heading cell, often tinted, ruled off over the field's box), has
    the cell under the band for its room: that cell's top is the band's floor."""
    cell = _cell(label, rules, walls, dpi)
    if (band := _band(cell, label, dpi)) is not None:
        under = Box(label.x0, band.y1 + int(0.05 * dpi), label.x1, band.y1 + int(0.06 * dpi))
        cell = _cell(under, rules, walls, dpi, reach_in=0.1)
        if cell is None or cell.y0 > band.y1 + WALL_MEETS_IN * dpi:
            return None
        label = Box(label.x0, cell.y0, label.x1, cell.y0)
    if cell is None or cell.y1 - label.y1 < CELL_ROOM_IN * dpi:
        return None
    return Box(cell.x0 + 2, label.y1 + 2, cell.x1 - 2, cell.y1 - 2), Box(cell.x0, cell.y1, cell.x1, cell.y1 + 2)


def _cell_beside(label: Box, rules: list[Box], walls: list[Box], dpi: float) -> tuple[Box, Box] | None:
    """The cell right of the cell a label stands in (a form printed as a grid, labels in its
    left column), and that cell's floor; None when the label stands in no cell or none is
    beside it.  The label may stand anywhere in its cell (a tall address cell centres it)."""
    cell = _cell(label, rules, walls, dpi, reach_in=CELL_REACH_IN)
    if cell is None:
        return None
    across = [w for w in walls if w.y0 <= cell.y0 + 2 and w.y1 >= cell.y1 - 2 and w.cx > cell.x1 + 2]
    floor = [r for r in rules if abs(r.cy - cell.y1) <= WALL_MEETS_IN * dpi and r.x1 > cell.x1 + CELL_ROOM_IN * dpi]
    if not floor:
        return None
    # The value is written over the first rule of the floor after the label's cell: another
    # along that level is the next field's (a signature's line past the end of the name's).
    first = min(floor, key=lambda r: r.x0)
    x1 = min([w.x0 for w in across] + [first.x1])
    if x1 - cell.x1 < CELL_ROOM_IN * dpi:
        return None
    return Box(cell.x1 + 4, cell.y0 + 2, x1 - 2, cell.y1 - 2), Box(cell.x1, cell.y1, x1, cell.y1 + 2)


def _cell_room(placement: str, label: Box, rules: list[Box], walls: list[Box], dpi: float,
               ink: np.ndarray | None = None, seen: dict | None = None) -> tuple[Box, Box] | None:
    """Where a value stands when its label is printed in a cell of its own: under the label in
    that cell ("inside"), or in the cell beside it ("right", when no writing line follows the
    label on its own line); with the floor it is written over."""
    if placement == "inside":
        return _room_in_cell(label, rules, walls, dpi)
    if placement == "right" and _rule_right(label, rules, dpi) is None:
        return _room_after_in_cell(label, rules, walls, dpi, ink, seen) or _cell_beside(label, rules, walls, dpi)
    return None


def _room_after_in_cell(label: Box, rules: list[Box], walls: list[Box], dpi: float, ink: np.ndarray | None = None,
                        seen: dict | None = None) -> tuple[Box, Box] | None:
    """The room after a label in its own cell, and the cell's floor after it, where the cell runs on past
    the label (`CELL_AFTER_IN` at least) with no line to write on and no room under the label
    (`CELL_ROOM_IN`): a field printed as a box, its label at the box's left and the value
    written after it ("Name: ...", framed); None where the label fills its cell (a grid's left
    column: the value is in the cell beside) or stands over room in it with nothing written
    level with it (a caption in its corner: the value is under it, "inside")."""
    cell = _cell(label, rules, walls, dpi, reach_in=CELL_REACH_IN)
    if cell is None or cell.x1 - label.x1 < CELL_AFTER_IN * dpi:
        return None
    if cell.y1 - label.y1 >= CELL_ROOM_IN * dpi and not (
            ink is not None and _inked(ink, Box(label.x1 + int(0.1 * dpi), label.y0, cell.x1 - 2, label.y1), dpi, seen)):
        # Room under the label too (a tall box: an address's): the value is after it only
        # where writing begins level with it.
        return None
    # (The floor from the label's end: an address's lines are looked for over it alone.)
    return Box(label.x1 + 2, cell.y0 + 2, cell.x1 - 2, cell.y1 - 2), Box(label.x1, cell.y1, cell.x1, cell.y1 + 2)


def _rule_left(label: Box, rules: list[Box], dpi: float) -> Box | None:
    """The writing line to a label's left, the label printed after its line's end
    ("______ (Print Name)"): a rule ending just before the label, level with its first line."""
    near = [r for r in rules if label.x0 - LEFT_GAP_IN * dpi <= r.x1 <= label.x0 + 0.1 * dpi
            and label.y0 - 0.03 * dpi <= r.cy <= label.y0 + LEFT_LEVEL_IN * dpi and r.width >= dpi]
    return max(near, key=lambda r: r.x1, default=None)


def _place_for(placement: str, label: Box, rules: list[Box], obstacles: list[Box], dpi: float,
               columns: list[int], walls: list[Box] = (), ink: np.ndarray | None = None,
               seen: dict | None = None) -> tuple[Box, Box | None]:
    """Where a value stands for a label, the label `placement` relative to its value's line, and
    that line; never beyond the walls of the cell it is written in.  `ink` tells where writing
    begins beside a label broken over two lines (`seen` as `_inked` keeps it)."""
    place, rule = _place_unwalled(placement, label, rules, obstacles, dpi, columns, list(walls), ink, seen)
    # The cell is the one the label's own print stands over: a label set a hair left of its
    # box's wall (a wall 2 px right of its first letter) is still that box's.
    inner = place.x0 + 0.1 * dpi if placement in ("right", "left") else _inside(label, dpi)
    return _within_walls(place, inner, list(walls)), rule


def _place_unwalled(placement: str, label: Box, rules: list[Box], obstacles: list[Box], dpi: float,
                    columns: list[int], walls: list[Box], ink: np.ndarray | None = None,
                    seen: dict | None = None) -> tuple[Box, Box | None]:
    if placement == "below":
        return _value_place(label, rules, obstacles, dpi, columns)
    if placement == "inside":
        found = _room_in_cell(label, rules, walls, dpi)
        if found is None:
            return Box(label.x0, label.y1 + 2, label.x1, label.y1 + 3), None
        return found
    if placement == "right" and (found := _cell_room(placement, label, rules, walls, dpi, ink, seen)):
        return found
    rule = _line_for(placement, label, rules, dpi, obstacles)
    if rule is None:
        if placement == "left":
            return Box(label.x0 - int(3.0 * dpi), label.y0 - int(0.3 * dpi), label.x0 - 2, label.y1), None
        if placement == "above":
            return Box(label.x0 - int(0.1 * dpi), label.y1 + 2, label.x0 + max(label.width, int(3.0 * dpi)),
                       label.y1 + int(0.45 * dpi)), None
        # No line found: the room after the label, up to the next print on its row (the next
        # column's label) where there is one.
        y0, y1 = label.y0 - int(0.1 * dpi), label.y1 + int(0.06 * dpi)
        x1 = min([label.x1 + int(3.0 * dpi)] + [o.x0 - 2 for o in obstacles if o.x0 > label.x1 + 0.3 * dpi
                                                 and min(o.y1, y1) - max(o.y0, y0) > 0])
        # A line a little lower than a label's foot (a label set high over its line) that
        # starts after it is the line written on.
        low = [r for r in rules if label.x1 - 0.1 * dpi <= r.x0 <= label.x1 + 0.6 * dpi
               and label.y1 <= r.cy <= label.y1 + LOW_LINE_IN * dpi and r.x0 < x1]
        if low:
            rule = min(low, key=lambda r: r.cy)
            return Box(label.x1 + 2, y0, min(x1, rule.x1), rule.y1 + int(0.06 * dpi)), rule
        return Box(label.x1 + 2, y0, x1, y1), None
    rule = _extend_rule(rule, rules, list(columns), dpi)
    if placement == "above" and (floor := _box_floor(label, rule, rules, obstacles, list(columns), dpi, walls)) is not None:
        # The label stands on the top of a box (a row of character boxes): the box is the place.
        return Box(rule.x0, rule.y1, rule.x1, floor.y0 + int(0.03 * dpi)), floor
    if placement == "above":
        # A line run on under the next column's label too (one rule across a row of two
        # fields) is this label's only as far as that column.
        rule = _own_stretch(rule, label, columns, dpi)
        top = max(label.y1 + 2, _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
    elif placement == "left":
        top = max(rule.y0 - int(0.45 * dpi), _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
    else:
        # Right of the label.  A label broken over two lines has its line start after its last
        # line's end, under its first line: the writing begins there, under the first line,
        # or past the label's end; the ink says which.
        below_label = rule.cy > label.y1 + 0.15 * dpi    # the label's last line not in its box
        under = Box(rule.x0 + 2, label.y1 + 2 if below_label else label.y0 + label.height // 2, label.x1, rule.y0 - 1)
        if rule.x0 < label.x1 - 0.1 * dpi and ink is not None and _inked(ink, under, dpi, seen):
            return Box(rule.x0, under.y0, rule.x1, rule.y1 + int(0.06 * dpi)), rule
        x0 = max(rule.x0, label.x1 + 2)
        top = max(label.y0 - int(0.25 * dpi), _ceiling(x0, rule.x1, rule.y0, obstacles, dpi))
        return Box(x0, top, rule.x1, rule.y1 + int(0.06 * dpi)), rule
    return Box(rule.x0, top, rule.x1, rule.y1 + int(0.06 * dpi)), rule


def _own_stretch(rule: Box, label: Box, columns, dpi: float) -> Box:
    """The stretch of a rule under a label that is the label's: from its column's start to the
    next column's (`columns`: where the block's labels' columns start)."""
    start = max((x for x in columns if x <= label.x0 + 2), default=rule.x0)
    stop = min((x for x in columns if x > label.x0 + 0.5 * dpi), default=rule.x1)
    if stop - max(rule.x0, start) < dpi:
        return rule
    return Box(max(rule.x0, start), rule.y0, min(rule.x1, stop), rule.y1)


def _line_for(placement: str, label: Box, rules: list[Box], dpi: float,
              obstacles: list[Box] | None = None) -> Box | None:
    """The writing line a label owns when it is printed over it, or beside it on its right or left."""
    if placement == "above":
        return _rule_below(label, rules, dpi)
    if placement == "left":
        return _rule_left(label, rules, dpi)
    # (A rule the label stands on first: `_rule_right`'s fallbacks reach for rules further on,
    # the next column's in a row of two.)
    return _rule_on(label, rules, dpi) or _rule_right(label, rules, dpi, obstacles)


def _rule_on(label: Box, rules: list[Box], dpi: float) -> Box | None:
    """The label standing on its own line's left end ("NAME ________", the rule from under the
    label on past it by an inch at least, the label's foot just over it): the line is the part
    of it after the label.  (A table's headings stand so on the rule under them: a block's
    labels only.)"""
    near = [Box(label.x1 + int(0.05 * dpi), r.y0, r.x1, r.y1) for r in rules
            if r.x0 <= label.x0 + 0.1 * dpi and r.x1 >= label.x1 + dpi
            and label.y1 - 0.05 * dpi <= r.cy <= label.y1 + ON_ITS_LINE_IN * dpi]
    return min(near, key=lambda r: r.cy, default=None)


def _inked(ink: np.ndarray, place: Box, dpi: float, seen: dict | None = None) -> bool:
    """Whether someone wrote in `place`; `seen` keeps the answers for one page's ink (the
    placements tried ask about the same places)."""
    place = Box(max(0, place.x0), max(0, place.y0), min(ink.shape[1], place.x1), min(ink.shape[0], place.y1))
    if place.width <= 0 or place.height <= 0:
        return False
    if seen is not None and place in seen:
        return seen[place]
    # Cleaning only takes ink away: a place with too little ink before it is blank after it
    # (most places the placements ask about are empty; cleaning one costs 2 ms).
    raw = ink[place.y0:place.y1, place.x0:place.x1]
    found = float(raw.mean()) >= calibration.BLANK_INK_SHARE \
        and float(clean_region(ink, place, dpi).mean()) >= calibration.BLANK_INK_SHARE
    if seen is not None:
        seen[place] = found
    return found


def _address_lines(placement: str, label: Box, rules: list[Box], labels: dict[str, Match], columns,
                   dpi: float, walls: list[Box] = (), ink: np.ndarray | None = None,
                   seen: dict | None = None) -> tuple[list[Box], int, bool]:
    """The address's writing lines for a label `placement` its lines, top to bottom, the
    top of the first line's place, and whether they are a cell's floor (its lines then are
    where the writing lies in its room, `_writing_rows`).  Below: the rules between the name's label and the address
    label.  Above: the rules under the label, down to the next label.  Right: the rule right
    of the label and those under it, aligned with it."""
    others = [m.box for k, m in labels.items() if m.box != label]
    found = _cell_room(placement, label, rules, list(walls), dpi, ink, seen)
    if found or placement == "inside":
        return ([found[1]], found[0].y0, True) if found else ([], label.y1 + 2, False)
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
        first = _line_for(placement, label, rules, dpi)
        if first is None and placement == "above" and (floor_ := _floor_far_under(label, rules, others, dpi)):
            # Its lines written in the room between the label and a rule far under it,
            # nothing printed between (a band ruled above and below, the label hanging
            # under its top): the rule is the room's floor.
            return [floor_], label.y1 + 2, True
        if first is None:
            return [], label.y1 + 2, False
        if placement == "above" and (box := _walled_box_under(label, first, rules, walls, dpi)) is not None:
            # The label stands on the top of a box closed by walls (a field printed as a box,
            # its label over it): the address's lines are where its writing lies in the box.
            return [box], first.y1 + 2, True
        floor = label.y1 if placement == "above" else \
            first.y0 - int(0.45 * dpi) if placement == "left" else label.y0 - int(0.25 * dpi)
        below = [o.y0 for o in others if o.y0 > label.y1 and min(o.x1, first.x1) - max(o.x0, first.x0) > 0]
        stop = min(below + [first.y0 + int(1.6 * dpi)])
        left, right = first.x0 - int(0.5 * dpi), first.x0 + int(ADDRESS_WIDTH_IN * dpi)
        # (Or from under the label's start: a label on its first line's left end has its
        # further lines begin where it does.)
        column = [first] + [r for r in rules if first.y1 + 0.1 * dpi < r.y0 < stop
                            and min(r.x1, right) - max(r.x0, left) >= dpi
                            and (abs(r.x0 - first.x0) <= 0.5 * dpi or abs(r.x0 - label.x0) <= 0.3 * dpi)]
    lines: list[Box] = []
    for r in sorted((_extend_rule(r, rules, columns, dpi) for r in column), key=lambda r: r.y0):
        if not any(abs(r.cy - o.cy) < 0.04 * dpi and min(r.x1, o.x1) - max(r.x0, o.x0) > 0 for o in lines):
            lines.append(r)
    return lines, floor, False


def _walled_box_under(label: Box, top: Box, rules: list[Box], walls: list[Box], dpi: float) -> Box | None:
    """The floor of a box a label stands on (`top` the rule just under it, no room between):
    the first rule under the top, as far as an address reaches, with walls closing the box on
    both sides of the label's start from one to the other."""
    if top.y0 - label.y1 > BOX_ROOM_IN * dpi:
        return None
    under = [r for r in rules if BOX_HEIGHT_IN[0] * dpi <= r.y0 - top.y1 <= ADDRESS_ROOM_IN * dpi
             and r.x0 - STARTS_OVER_IN * dpi <= label.x0 <= r.x1 - dpi]
    floor = min(under, key=lambda r: r.y0, default=None)
    if floor is None or not _closed_by_walls(_inside(label, dpi), top.y1, floor.y0, list(walls), dpi):
        return None
    return floor


def _floor_far_under(label: Box, rules: list[Box], others: list[Box], dpi: float) -> Box | None:
    """The rule an address's room stands on when it is further under the label than a line
    written on (`PLACE_REACH_IN`), up to `ADDRESS_ROOM_IN`: the label starting over it and
    no other label between."""
    near = [r for r in rules if PLACE_REACH_IN * dpi < r.y0 - label.y1 <= ADDRESS_ROOM_IN * dpi
            and r.x0 - STARTS_OVER_IN * dpi <= label.x0 <= r.x1 - dpi]
    rule = min(near, key=lambda r: r.y0, default=None)
    if rule is None or any(label.y1 < o.cy < rule.y0 and min(o.x1, rule.x1) - max(o.x0, rule.x0) > 0 for o in others):
        return None
    return rule


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
             ink: np.ndarray, dpi: float, walls: list[Box] = (), seen: dict | None = None) -> tuple[float, dict]:
    """How well a placement explains the block: each label with a writing line is a point, each
    with writing in its place another; each written line that no label owns takes two away
    (a value no label claims is one the placement put in the wrong place)."""
    owned: list[Box] = []
    places = {}
    score = 0.0
    for key, m in labels.items():
        if key == "address":
            found, top, in_cell = _address_lines(placement, m.box, rules, labels, columns, dpi, walls, ink, seen)
            if placement == "above" and found and _band(_cell(m.box, rules, walls, dpi), m.box, dpi) is not None:
                # Its first line is the floor of the band the label is printed in: no line
                # of the address's.
                continue
            owned += found
            if in_cell:
                # Its cell's top is the address's as much as its floor is.
                owned += [r for r in lines if abs(r.cy - top) <= 0.04 * dpi and found
                          and min(r.x1, found[0].x1) - max(r.x0, found[0].x0) > 0.5 * dpi]
            score += 1.0 if found else 0.0
            if found:
                first = Box(found[0].x0, top, found[0].x1, found[0].y0) if in_cell \
                    else _above_line(found[0], obstacles, dpi)
                places[key] = (first, found[0])
                score += 1.0 if _inked(ink, first, dpi, seen) else 0.0
            continue
        place, rule = _place_for(placement, m.box, rules, obstacles, dpi, columns, walls, ink, seen)
        places[key] = (place, rule)
        if place.height < CELL_ROOM_IN * dpi:
            # No room to write in (a label's line straight under it: the floor of the band
            # it is printed in): no writing line for this label, whatever ink is there.
            continue
        if rule is not None:
            # A box's top is its value's as much as its floor is.
            owned += [rule] + [r for r in lines if abs(r.cy - place.y0) <= 0.04 * dpi and rule.y0 > place.y0
                               and min(r.x1, place.x1) - max(r.x0, place.x0) > 0.5 * dpi]
            score += 1.0
        score += 1.0 if _inked(ink, place, dpi, seen) else 0.0
    for r in lines:
        mine = any(abs(r.cy - o.cy) < 0.04 * dpi and min(r.x1, o.x1) - max(r.x0, o.x0) > 0.5 * dpi for o in owned)
        # A "line" through the middle of a printed line of words is the print's (letters read
        # as a dotted rule, a strike through it), no line to write on.
        printed = any(o.y0 + o.height / 4 <= r.cy <= o.y1 - o.height / 4 and min(r.x1, o.x1) - max(r.x0, o.x0) > 0
                      for o in obstacles)
        if not mine and not printed and _inked(ink, _above_line(r, obstacles, dpi), dpi, seen):
            score -= 2.0
    return score, places


def _above_line(rule: Box, obstacles: list[Box], dpi: float) -> Box:
    """The place just above a writing line, up to the printed thing over it: where its writing is."""
    top = max(rule.y0 - int(0.4 * dpi), _ceiling(rule.x0, rule.x1, rule.y0, obstacles, dpi))
    return Box(rule.x0, top, rule.x1, rule.y0 - 1)


def _iou(a: Box, b: Box) -> float:
    ix = max(0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0, min(a.y1, b.y1) - max(a.y0, b.y0))
    union = a.width * a.height + b.width * b.height - ix * iy
    return ix * iy / union if union > 0 else 0.0


def _placement(labels: dict[str, Match], rules: list[Box], obstacles, columns, ink: np.ndarray, dpi: float,
               walls: list[Box] = ()) -> tuple[str, bool, dict[str, float]]:
    """Where this block's values stand relative to their labels, decided from its writing lines
    and where the ink lies (`_pairing` for each of the form's placements); and whether the page
    says so clearly (the best explains the block by a clear margin over the next that would read
    other places: a label over its line in a box is "above" and "inside" both, read alike)."""
    lines = _writing_lines(labels, rules, columns, dpi)
    seen: dict = {}
    paired = {p: _pairing(p, labels, rules, lines, obstacles, columns, ink, dpi, walls, seen) for p in form.PLACEMENTS}
    scores = {p: s for p, (s, _places) in paired.items()}
    # (Of placements that score alike, a cell's first: its walls are more of the page's say
    # than a line under a label.)
    ranked = sorted(scores, key=lambda p: (-scores[p], p != "inside"))
    best = paired[ranked[0]][1]

    def same(p: str) -> bool:
        places = paired[p][1]
        return set(places) == set(best) and all(_iou(places[k][0], best[k][0]) >= SAME_PLACE for k in best)
    rival = next((p for p in ranked[1:] if not same(p)), None)
    margin = scores[ranked[0]] - scores[rival] if rival else PLACEMENT_MARGIN
    clear = margin >= PLACEMENT_MARGIN and scores[ranked[0]] >= 2
    return ranked[0], clear, scores


def read_signature_block(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float,
                         *, page: int, timeout: float, crops: Path | None,
                         turned: frozenset[int] = frozenset()) -> dict[str, Reading]:
    """The block's values, each found by its label (`form.SIGNATURE_BLOCK`) and the block's
    placement of values by labels.  `turned`: the ids of words read from labels printed turned
    a quarter at their boxes' sides (`turned.turned_labels`); a block labelled only by such
    has each value beside its label."""
    labels: dict[str, Match] = {}
    # A short one-word label must be read as printed: "assigned" in a letter is no "SIGNED".
    pieces = _pieces(lines, dpi)
    joined = _runs_as_lines(_stacked(pieces, dpi))
    found = [(key, m) for key, phrases, _kind, _n in form.SIGNATURE_BLOCK for p in phrases
             for floor in [0.95 if len(token(p)) <= 6 and " " not in p else 0.82]
             for m in find_phrase(lines, p, floor) + _across_lines(joined, p, floor)
             if _mostly(m, lines, form.LABEL_WORDS)]
    # The longest labels first: a word of one ("SIGNED" in "DATE AND TIME SIGNED") is no other.
    used: set[int] = set()
    for key, m in sorted(found, key=lambda km: (km[1].score < 0.9, -len(km[1].words), -km[1].score)):
        ids = {id(w) for w in m.words}
        if key not in labels and not ids & used:
            labels[key] = _to_colon(m, lines)
            used |= ids
    parts = {key: found for key in form.FIELD_PARTS if (found := _part_labels(key, labels, lines, used, dpi))}
    # Fields asked for in words of no label phrase, as questions or prompts (`asked_labels`).
    asked = asked_labels(pieces, used)
    for key, m in asked.items():
        if "." not in key and key not in labels and key not in parts:
            labels[key] = m
    for key, spec in form.FIELD_PARTS.items():
        if key not in labels and key not in parts and all(_part_key(key, i) in asked for i in range(len(spec))):
            parts[key] = [(asked[_part_key(key, i)], kind) for i, (_p, kind) in enumerate(spec)]
    numbered = bool((key_ := key_of(lines)) and len(by_number := numbered_labels(image, ink, lines, rules, key_, dpi, timeout)) >= 2)
    if numbered:
        # Lines numbered, their labels in a key over the block: the key's words label no line
        # (its phrases are where the labels were read); each line's number is its label.
        labels = {k: m for k, m in by_number.items() if k in {f for f, *_ in form.SIGNATURE_BLOCK}}
        parts = {key: [(by_number[_part_key(key, i)], kind) for i, (_p, kind) in enumerate(spec)]
                 for key, spec in form.FIELD_PARTS.items()
                 if all(_part_key(key, i) in by_number for i in range(len(spec)))}
    for key, found in parts.items():
        labels.pop(key, None)
        labels.update({_part_key(key, i): m for i, (m, _kind) in enumerate(found)})
    # A signature block needs at least two of its labels; one word alone may be prose.
    if len(labels) < 2:
        return {}
    label_boxes = [m.box for m in labels.values()]
    columns = sorted({b.x0 - int(0.4 * dpi) for b in label_boxes})
    # Printed lines above a place end it; writing that Tesseract read as a line of words does not
    # (its words are read with low confidence, and it sits on the line itself).
    # Labels' words read as print (the first line of a label broken over two, "Option
    # Holder's" over "Signature:") are printed things too.
    label_runs = _label_word_runs(lines)
    obstacles = label_boxes + label_runs + [ln.box for ln in lines if len(ln.words) >= 4
                                            and float(np.median([w.conf for w in ln.words])) >= calibration.PRINT_CONF]
    walls = cell_walls(ink, rules, dpi)
    # Labels printed as one ("Signature / Date and Time:"): their fields share the last one's
    # room, which alone says where the block's values stand.
    parted_pairs = [] if numbered else \
        parted_labels(labels, {key: phrases for key, phrases, _kind, _n in form.SIGNATURE_BLOCK})
    shared = [] if numbered else [g for g in shared_rooms(labels, lines, parted_pairs)
                                  if not any("." in k for k in g)]
    led = {k for g in shared for k in g[:-1]}
    for g in shared:
        # The room is the whole label's: it begins after the longest of its lines.
        labels[g[-1]] = Match(tuple(w for k in g for w in labels[k].words), min(labels[k].score for k in g))
    placement, clear, scores = _placement({k: m for k, m in labels.items() if k not in led}, rules, obstacles,
                                          columns, ink, dpi, walls)
    if numbered or (turned and all(id(w) in turned for m in labels.values() for w in m.words)):
        # Each number was found standing before its line's start, level with it: its value is
        # on the line to its right, whatever else the block's lines might be taken for.  So
        # too a label turned a quarter in a strip at its box's side (`turned`): its box's room
        # is beside it.
        placement, clear = "right", True
    kinds = {key: kind for key, _p, kind, _n in form.SIGNATURE_BLOCK}
    kinds.update({_part_key(key, i): kind for key, found in parts.items() for i, (_m, kind) in enumerate(found)})
    out: dict[str, Reading] = {}
    ctx = dict(page=page, timeout=timeout)
    beside = bool(turned) and placement == "right" and not numbered
    strip_box_rules = box_rules(ink, dpi) if beside else None
    label_words = [Box(w.left, w.top, w.right, w.bottom) for ln in lines for w in ln.words
                   if token(w.text) in form.LABEL_WORDS]

    printed = _words_read(lines)

    def read_at(key: str, place: Box) -> Reading:
        place = _on_its_line(place, rules, printed, dpi)
        if kinds[key] == "signature":
            # The labels' own print in the place (a label broken over two lines, its last
            # word "HOLDER:" standing where the place was taken) is no signature.
            return read_signature(_without_print(ink, place, label_boxes + label_runs + label_words), place, dpi,
                                  page=page, page_image=image, crop_path=_crop(crops, page, key))
        return read_value(image, ink, place, kinds[key], dpi, crop_path=_crop(crops, page, key), **ctx)

    groups = {g[-1]: g for g in shared}
    for key, m in labels.items():
        if key in led:
            continue
        group = groups.get(key, (key,))
        if key == "address":
            out[key], lead_places = _read_address(
                image, ink, m.box, rules, labels, columns, dpi, crops, placement, walls, **ctx, lead=len(group) - 1,
                printed=printed,
                room=room_beside(m.box, strip_box_rules, ink.shape[1], dpi) if beside else None)
            for k, place in zip(group, lead_places):
                out[k] = read_at(k, place)
            for k in group[len(lead_places):-1]:
                out[k] = Reading(None, 0.0, page=page, engine="layout", evidence={"no_writing_lines": True})
        else:
            place, _rule = (room_beside(m.box, strip_box_rules, ink.shape[1], dpi), None) if beside else \
                _place_for(placement, m.box, rules, obstacles, dpi, columns, walls, ink)
            crossed = False
            if kinds[key] != "signature":
                grown = _written_on_past(ink, place, obstacles, rules, dpi)
                # Writing run on past its box's wall may have taken in what is printed or
                # written beyond it: read, but never trusted.
                crossed = any(place.x1 - 2 <= w.cx < grown.x1 and w.y0 <= place.cy <= w.y1 for w in walls)
                place = grown
            if place.height < NO_ROOM_IN * dpi or place.width < NO_ROOM_WIDE_IN * dpi:
                # The placement found no room for this label (its cell's walls unseen): no
                # place read blank, the value is not known.
                for k in group:
                    out[k] = Reading(None, 0.0, page=page, engine="layout", evidence={"no_room_found": True})
            elif len(group) > 1:
                out.update(_read_shared_line(group, place, kinds, read_at, ink, dpi, page))
            else:
                out[key] = read_at(key, place)
                if crossed and out[key].value is not None:
                    out[key].confidence = min(out[key].confidence, 0.5)
                    note(out[key], TOUCHES_WALL)
                if kinds[key] != "signature" and out[key].evidence.get("blank") and \
                        _written_beside(ink, place, walls, obstacles, dpi):
                    # Nothing in its place, writing just past it: not seen blank.
                    out[key] = Reading(None, 0.0, page=page, engine="layout",
                                       evidence={**out[key].evidence, WRITTEN_BESIDE: True})
                if "." not in key and len(_gap_groups(m, dpi)) > 1:
                    out[key].confidence = min(out[key].confidence, 0.5)
                    note(out[key], LABEL_APART)
                if kinds[key] != "signature" and out[key].value is not None and \
                        _begun_before(ink, place, label_boxes + label_runs, dpi):
                    # Writing (or print of the holder's: a name typed in) begun before its
                    # place's start: what was read may lack its first letters ("ennifer Wood").
                    out[key].confidence = min(out[key].confidence, 0.5)
                    note(out[key], BEGUN_BEFORE)
        for k in group:
            if k != "address" or len(group) > 1:
                out[k].evidence["label"] = " ".join(w.text for w in labels[k].words)
            if len(group) > 1:
                out[k].evidence["room_shared_with"] = [o for o in group if o != k]
            out[k].evidence["placement"] = placement
            if not clear:
                # The page does not say clearly where its values stand: a person looks at each.
                out[k].confidence = min(out[k].confidence, 0.5)
                out[k].evidence["placement_unclear"] = {p: round(s, 1) for p, s in scores.items()}
    for key, found in parts.items():
        out[key] = _joined([out.pop(_part_key(key, i)) for i in range(len(found))], image, page=page,
                           crop_path=_crop(crops, page, key))
    return out


def _read_shared_line(group: tuple[str, ...], place: Box, kinds: dict[str, str], read_at, ink: np.ndarray,
                      dpi: float, page: int) -> dict[str, Reading]:
    """Two fields written one after the other on one line under labels printed as one (the
    signature, then the date and time): the line parted at a gap in its writing, the widest
    first, where the field that is not a signature reads as a value of its kind on its side.
    No such gap, or more than two fields: each is a person's to read (`ROOM_NOT_PARTED`)."""
    if len(group) == 2 and sum(kinds[k] == "signature" for k in group) == 1:
        other = next(k for k in group if kinds[k] != "signature")
        signed = next(k for k in group if k != other)
        first = group[0] == other
        for gap in gaps(ink, place, dpi):
            before, after = parted(place, gap)
            got = read_at(other, before if first else after)
            if got.value is not None:
                return {other: got, signed: read_at(signed, after if first else before)}
    out = {k: read_at(k, place) for k in group}
    for r in out.values():
        r.confidence = min(r.confidence, 0.3)
        note(r, ROOM_NOT_PARTED)
    return out


def _begun_before(ink: np.ndarray, place: Box, labels: list[Box], dpi: float) -> bool:
    """Ink just before a value's place, over the height of its writing and running up to the
    place's start, that no printed label explains (a typed value reads as a line of print)."""
    x0, y1 = max(0, place.x0 - int(BEFORE_IN * dpi)), place.y1
    if place.x0 - x0 < 2 or y1 - place.y0 < 2:
        return False
    strip = clean_region(ink, Box(x0, place.y0, place.x0, y1), dpi).copy()
    for o in labels:
        strip[max(0, o.y0 - place.y0 - 2):max(0, o.y1 - place.y0 + 2), max(0, o.x0 - x0 - 2):max(0, o.x1 - x0 + 2)] = False
    # An upright rule printed before the place (a column of labels ruled off) runs through
    # the whole strip: no writing.
    rule = strip.mean(axis=0) >= UPRIGHT_FILL
    strip[:, rule | np.roll(rule, 1) | np.roll(rule, -1)] = False
    cols = np.flatnonzero(strip.any(axis=0))
    rows = np.flatnonzero(strip.any(axis=1))
    return bool(cols.size) and cols[-1] >= strip.shape[1] - int(0.03 * dpi) - 1 \
        and rows[-1] - rows[0] >= BEFORE_TALL_IN * dpi


def _written_beside(ink: np.ndarray, place: Box, walls: list[Box], obstacles: list[Box], dpi: float) -> bool:
    """Writing on a place's rows past its right end (past its box's wall), up to
    `BESIDE_REACH_IN` on, short of the next wall and of anything printed: a value written
    beside its box, as a holder does whose box was left too small or not seen."""
    y0, y1 = place.y0, place.y1
    x0 = place.x1 + int(0.1 * dpi)
    rows = lambda b: min(b.y1, y1) - max(b.y0, y0) > 0
    x1 = min([place.x1 + int(BESIDE_REACH_IN * dpi), ink.shape[1]]
             + [w.x0 - 2 for w in walls if w.x0 >= x0 and rows(w)]
             + [o.x0 - 2 for o in obstacles if o.x1 >= x0 and rows(o)])
    if x1 - x0 < BESIDE_WIDE_IN * dpi:
        return False
    strip = clean_region(ink, Box(x0, y0, x1, y1), dpi)
    cols = np.flatnonzero(strip.any(axis=0)) if strip.size else np.array([], int)
    ys = np.flatnonzero(strip.any(axis=1)) if strip.size else np.array([], int)
    return cols.size >= BESIDE_WIDE_IN * dpi and ys[-1] - ys[0] >= BEFORE_TALL_IN * dpi


def _label_word_runs(lines: list[Line]) -> list[Box]:
    """Where two or more of the labels' words (`form.LABEL_WORDS`) stand one after another on
    a line, read as print, or one ending a label with its colon ("PRINT):")."""
    runs: list[Box] = []
    for ln in lines:
        run: list = []
        for w in list(ln.words) + [None]:
            if w is not None and token(w.text) in form.LABEL_WORDS and w.conf >= calibration.PRINT_CONF:
                run.append(w)
                continue
            if len(run) >= 2 or (run and run[-1].text.rstrip().endswith(":")):
                runs.append(Box(min(x.left for x in run), min(x.top for x in run),
                                max(x.right for x in run), max(x.bottom for x in run)))
            run = []
    return runs


def _written_on_past(ink: np.ndarray, place: Box, obstacles: list[Box], rules: list[Box], dpi: float) -> Box:
    """The place grown to the right over writing that goes on past its end (a value written on
    past the end of its line: "March 30, 2003 12:10 p.m." on a line that ends after "2003"):
    while more writing begins within a word's space of its right side, in the rows its writing
    stands in, short of anything printed there and of the next writing line along (the next
    field's, whose writing begins at its start)."""
    sub = clean_region(ink, place, dpi)
    rows = np.flatnonzero(sub.any(axis=1)) if sub.size else np.array([], int)
    cols = np.flatnonzero(sub.any(axis=0)) if sub.size else np.array([], int)
    if rows.size == 0 or place.width - cols[-1] > WORD_SPACE_IN * dpi:
        return place
    y0, y1 = place.y0 + int(rows[0]), place.y0 + int(rows[-1]) + 1
    stop = min([o.x0 for o in obstacles if o.x0 >= place.x1 and min(o.y1, y1) - max(o.y0, y0) > 0]
               + [r.x0 for r in rules if r.x0 >= place.x1 - 2 and y0 - 0.1 * dpi <= r.cy <= y1 + 0.3 * dpi]
               + [ink.shape[1]])
    more = clean_region(ink, Box(place.x1, y0, stop, y1), dpi).any(axis=0) if stop > place.x1 \
        else np.zeros(0, bool)
    # Word by word while the next begins within a word's space of the last.
    gap, end = int(WORD_SPACE_IN * dpi), 0
    while end < more.size and more[end:end + gap].any():
        end += int(np.flatnonzero(more[end:end + gap])[-1]) + 1
    return place if end == 0 else Box(place.x0, place.y0, place.x1 + end + 2, place.y1)


def _part_key(key: str, i: int) -> str:
    return f"{key}.{i + 1}"


def _gap_groups(m: Match, dpi: float) -> list[list]:
    """A match's words parted where they stand more than `PART_GAP_IN` apart."""
    groups = [[m.words[0]]]
    for a, b in zip(m.words, m.words[1:]):
        if b.left - a.right > PART_GAP_IN * dpi:
            groups.append([])
        groups[-1].append(b)
    return groups


def _part_labels(key: str, labels: dict[str, Match], lines: list[Line], used: set[int], dpi: float
                 ) -> list[tuple[Match, str]]:
    """The labels of a field written in parts (`form.FIELD_PARTS`), each with its part's kind, in
    the parts' order; [] when the page prints the field under one label, or not all its parts.
    Its label matched over a wide gap is its parts side by side; not matched at all, its parts
    are looked for as labels of their own, among the block's other labels."""
    spec = form.FIELD_PARTS[key]
    m = labels.get(key)
    if m is not None:
        groups = _gap_groups(m, dpi)
        if len(groups) != len(spec):
            return []
        out = []
        for words, (phrases, kind) in zip(groups, spec):
            said = token(" ".join(w.text for w in words))
            if max(similar(said, token(p)) for p in phrases) < PART_LIKE:
                return []
            out.append((Match(tuple(words), m.score), kind))
        return out
    if not labels:
        return []
    boxes = [b.box for b in labels.values()]
    top = min(b.y0 for b in boxes) - BLOCK_REACH_IN * dpi
    bottom = max(b.y1 for b in boxes) + BLOCK_REACH_IN * dpi
    out, taken = [], set(used)
    for phrases, kind in spec:
        # A part's label is a short word: it must be read as printed, on a line of labels.
        near = [c for p in phrases for c in find_phrase(lines, p, 0.95)
                if top <= c.box.cy <= bottom and not {id(w) for w in c.words} & taken
                and _mostly(c, lines, form.LABEL_WORDS)]
        if not near:
            return []
        best = max(near, key=lambda c: (c.score, len(c.words)))
        taken |= {id(w) for w in best.words}
        out.append((best, kind))
    return out


def _joined(readings: list[Reading], image: Image.Image, *, page: int, crop_path: Path | None) -> Reading:
    """A field read in parts: its parts' values joined (a date, then a time after a "T"), as
    sure as its least sure part.  A first part not read leaves the field unread; a later part
    read blank leaves it the first part's value alone (a date written without its time)."""
    first, *rest = readings
    value = first.value
    if value is not None:
        for r in rest:
            if r.value is not None:
                value = f"{value}T{r.value}"
    bbox, crop = spanned(readings, image, crop_path)
    return Reading(value, min(r.confidence for r in readings), page=page, bbox=bbox, engine="ppocr+tesseract",
                   raw=" | ".join(r.raw or "" for r in readings), crop_path=crop,
                   evidence={"parts": [r.evidence for r in readings],
                             "placement": first.evidence.get("placement")})


def spanned(readings: list[Reading], image: Image.Image, crop_path: Path | None
            ) -> tuple[tuple[int, int, int, int] | None, str | None]:
    """The box over a field's parts' readings, and its crop saved at `crop_path` (None, None
    when none of them has a box)."""
    boxes = [r.bbox for r in readings if r.bbox is not None]
    if not boxes:
        return None, None
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    if crop_path is None:
        return bbox, None
    image.crop(bbox).save(crop_path)
    return bbox, str(crop_path)


def _writing_rows(ink: np.ndarray, room: Box, dpi: float) -> list[Box]:
    """The lines of writing in a room with no rules to write on: bands of rows holding ink,
    parted where a gap of blank rows runs across the room; bands too thin to be writing
    (a dot, a stroke's tail) join the nearest."""
    sub = clean_region(ink, room, dpi)
    if sub.size == 0:
        return []
    merged: list[list[int]] = []
    for b in runs(sub.mean(axis=1) >= calibration.BLANK_INK_SHARE):
        if merged and (b[0] - merged[-1][1] < ROW_GAP_IN * dpi or b[1] - b[0] < ROW_MIN_IN * dpi
                       or merged[-1][1] - merged[-1][0] < ROW_MIN_IN * dpi):
            merged[-1][1] = b[1]
        else:
            merged.append(list(b))
    pad = int(0.04 * dpi)
    return [Box(room.x0, max(room.y0, room.y0 + y0 - pad), room.x1, min(room.y1, room.y0 + y1 + pad))
            for y0, y1 in merged if y1 - y0 >= ROW_MIN_IN * dpi]


def _read_address(image, ink, label: Box, rules, labels, columns, dpi, crops, placement: str = "below",
                  walls: list[Box] = (), *, page, timeout, room: Box | None = None,
                  lead: int = 0, printed: list[Box] = ()) -> tuple[Reading, list[Box]]:
    """The address: one line written on each of its writing lines (`_address_lines`); in a cell
    with no lines to write on (or the `room` given), each line of writing in its room.  With
    `lead` fields sharing its room before it (`shared_rooms`), its first `lead` lines are
    theirs: their places are returned beside the address's reading, the address read from
    the lines after them."""
    if room is not None:
        column, floor, in_cell = [], room.y0, False
        places = _writing_rows(ink, room, dpi)
    else:
        column, floor, in_cell = _address_lines(placement, label, rules, labels, columns, dpi, walls, ink)
        places = []
    top = floor + 2
    if in_cell:
        room = Box(column[0].x0 + 2, floor, column[0].x1 - 2, column[0].y0 - 2)
        places, column = _writing_rows(ink, room, dpi), []
    floors = set()
    if placement == "above" and column and _box_floor(label, column[0], rules, [], columns, dpi) is not None:
        # The address written in boxes (rows of character boxes): each box's top and floor are two
        # of its rules, and the writing is between them, not between one box and the next.
        for r in column:
            if r.tuple() not in floors and (f := _floor_under(r, column, [], columns, dpi)) is not None:
                places.append(Box(r.x0, r.y1, r.x1, f.y0 + int(0.03 * dpi)))
                floors |= {r.tuple(), f.tuple()}
        column = []
    for r in column:
        bottom = r.y1 + int(0.06 * dpi)
        if placement == "below":
            bottom = min(bottom, label.y0 - 3)
        places.append(Box(min(r.x0, label.x0 - int(0.1 * dpi)) if placement == "below" else r.x0 - int(0.05 * dpi),
                          max(top, r.y0 - int(0.5 * dpi)), r.x1, bottom))
        top = r.y1 + 2
    unread = False
    if lead and places:
        led, places = places[:lead], places[lead:]
        if not places:
            return Reading(None, 0.0, page=page, engine="layout",
                           evidence={"no_writing_lines": True, "placement": placement, "room_shared": True}), led
    else:
        led = []
    if not places:
        if placement != "below":
            return Reading(None, 0.0, page=page, engine="layout",
                           evidence={"no_writing_lines": True, "placement": placement}), led
        places = [Box(label.x0 - int(0.1 * dpi), floor + 2, label.x0 + int(3.5 * dpi), label.y0 - 2)]
    elif placement == "below" and not led:
        # Writing above the first line read, below the name: a line of the address no rule led to.
        left = label.x0 - int(0.3 * dpi)
        above = Box(max(0, left), floor + 2, max(p.x1 for p in places), places[0].y0)
        unread = above.height > 0.1 * dpi and _inked(ink, above, dpi)
    parts, confs, evidence = [], [], []
    places = [_on_its_line(p, rules, printed, dpi) for p in places]
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
                   evidence={"lines": evidence, **({"writing_above_not_read": True} if unread else {}),
                             **({"room_shared": True} if led else {})}), led
