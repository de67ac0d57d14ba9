"""The grant table: its headings, its walls where they are printed, its columns and rows,
and each cell's value.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ocr import tesseract
from ocr.errors import ToolFailed, ToolTimeout
from ocr.preprocess import components, runs
from ocr.layout import (Box, Line, Match, find_phrase, horizontal_rules, lines_of, page_dotted_rules, similar, token,
                        vertical_rules)

from ..fieldspec import GRANT_FIELDS, KIND
from ..model import Reading
from . import calibration, election_form as form
from .doubts import CUT_FROM_NEIGHBOUR, TOUCHES_WALL, doubt, note
from .layout import _crop, _mostly, blank_words
from .values import clean_region, read_value

# Headings of more than one word, whose clean reading anywhere says the table's headings are there.
HEADING_SEEDS = [p for ps in form.TABLE_COLUMNS.values() for p in ps if " " in p] + form.TABLE_HEADING_PHRASES
# A line of prose: at least this many words of print, read surely (median confidence).
PROSE_WORDS, PROSE_CONF = 6, 80
# ... under a heading found alone, this close: the heading is a phrase of prose.
PROSE_UNDER_IN = 0.8
# Words of one heading cell stand closer than this; columns' headings stand further apart.
HEADING_GAP_IN = 0.1
# A line of print in words (`_printed_words`: PRINTED_WORDS words read at PRINTED_WORDS_CONF
# or more) starting more than PROSE_AFTER_IN under the headings ends the table's rows.
PRINTED_WORDS, PRINTED_WORDS_CONF = 3, 85
PROSE_AFTER_IN = 0.15
# The total line's row reaches this far under its printed "TOTAL" (writing stands taller).
TOTAL_ROW_IN = 0.12
# A printed table's cell walls are upright rules at least this long.
WALL_MIN_IN = 0.4
# A wall's end is within this of the rule it meets.
WALL_MEETS_IN = 0.06
# A column's place stands this far inside its walls; writing in the next WALL_TOUCH_IN beyond
# that, along WALL_TOUCH_ROWS_IN of the row's height or more, touches the wall.
WALL_MARGIN_IN = 0.02
WALL_TOUCH_IN = 0.02
WALL_TOUCH_ROWS_IN = 0.03
# One row of handwriting stands at most this tall (rows read right measured 0.11-0.46 in with
# their padding, docs/measurements.md): a taller band is rows run together (a photographed or
# skewed page whose rows' ink overlaps across the page), and rows in it were not told apart.
ROW_TALLEST_IN = 0.6
# A band of writing is parted where a line across it holds at most PART_VALLEY of the ink of its
# fullest lines (the 90th percentile): the dots, commas and tails that bridge two rows of
# writing, not a row's own letters; each part at least PART_LEAST_IN tall.
PART_VALLEY = 0.12
PART_LEAST_IN = 0.1
# Writing this far beyond the table's last column, beside a row, was written in the row but
# lies in no column (a value pushed past the table's edge): the row is not what was read.
BEYOND_TABLE_IN = 1.5
# ... looked for from this far past the last column's end (a figure written on past a rule's
# end, as close to it as to the figures before it, is no part of what was read: "940" of 9400).
BEYOND_FROM_IN = 0.03
# A table set on its side: its stub column of headings is at least SIDE_STUB_IN wide, and
# rules across it closer than SIDE_ROW_IN are one (a heavy rule, a double one).
SIDE_STUB_IN = 0.5
SIDE_ROW_IN = 0.15
# Table notes a page gives its document when its rows cannot be trusted as read.
ROWS_RUN_TOGETHER = "table_rows_doubtful"
WRITING_BEYOND_TABLE = "table_writing_outside_columns"
TOTAL_DISAGREES = "table_total_disagrees"
TABLE_UNREAD = "table_mostly_unread"
# A reading's evidence: the table's headings were found and writing under them, but no row.
BODY_UNREAD = "table_body_unread"
# ... a printed grid headed by letters, and no key read that names them.
LETTERS_UNNAMED = "table_letters_unnamed"
READ_TWICE = "writing_read_in_two_cells"
YEAR_SPLIT = "year_split_between_cells"
# A row written much smaller than the table's other rows (its values' ink under UNLIKE_ROW_SHARE
# of theirs): print among handwriting, as a form's worked example is printed in its first row.
SMALLER_THAN_ITS_TABLE = "row_smaller_than_its_table"
UNLIKE_ROW_SHARE = 0.9
# A printed cell no heading names, written in, beside a named one whose heading reaches over
# it: the named cell is parted (dollars | cents), its writing two parts, never one value.
PARTED_BY_A_RULE = "cell_parted_by_a_rule"
# A cell's writing in pieces further apart than this, with a neighbour's cell blank: the far
# piece may be the neighbour's value, written off its column ("10.0" and the exercised "0"
# 0.6 in after it, both under the price's heading: read "10.00", the exercised blank at 0.97).
PIECES_APART = "pieces_far_apart_beside_a_blank"
PIECES_APART_IN = 0.4
# A mark this tall (or taller) in a cell is a written figure (a "1" too).
FIGURE_LEAST_IN = 0.07
# ... and a mark running a cell's height this wide is writing, not a wall's piece.
FIGURE_WIDE_IN = 0.05
# A wall parts a row it stands in over this share of the row's height.
WALL_IN_ROW = 0.5
# Two cells' writing, as read, overlapping by more than this is the same ink read twice.
READ_TWICE_IN = 0.03
ROW_WITHOUT_DATE = "row_without_date"
STRAY_MARK_BESIDE = "stray_mark_beside"
# ... when the row above has this many cells blank (a grant written whole leaves one at most,
# its shares exercised).
CONTINUED_BLANKS = 2
# A second tier of headings stands at most this far under the first's middle; a printed wall
# parts a tier's columns within this of where its headings put the parting.
TIER_BELOW_IN = 0.6
TIER_WALL_IN = 0.05
# Headings looked for over a first row of grants read with none: this far up; such a row
# spreads over this much of the page.
HEADS_ABOVE_IN = 1.2
GRANT_LINE_IN = 4.0
# A column narrower than this on the page (placed past its edge) is read as nothing.
COLUMN_LEAST_IN = 0.2
# Headings of one tier stand level within this (a heading on two lines is centred lower).
TIER_LEVEL_IN = 0.15
# Walls are looked for this far above and below a heading's print (its cell's padding), and
# are ink down this share of the band.
WALL_PAD_IN = 0.04
WALL_FILL = 0.75
# A table whose written cells went unread at this share or more cannot vouch for its rows: a
# row it never saw is then a problem for a person, not silence.
UNREAD_CELLS = 0.5

GRANT_KINDS = {k: KIND[k] for k in GRANT_FIELDS}
# A heading cell that names its field this well, and no other field so, names it whatever the
# columns' order.
WHOLE_HEADING = 0.9
# A word printed this small (or smaller) in a table's body may mark a worked example: read
# again, at most EXAMPLE_REREADS of them a table.
EXAMPLE_SMALL_IN = 0.1
EXAMPLE_REREADS = 3
EXAMPLE_CORNER_IN = (1.2, 0.25)
# Two words of one heading on one line stand at most this many of their heights apart.
HEAD_WORD_GAP = 1.5
# Headings underlined one by one: at least this many rules side by side, each this long
# (inches), at one height to within this.
UNDERLINES_LEAST = 4
UNDERLINE_LONG_IN = (0.5, 3.0)
UNDERLINES_LEVEL_IN = 0.1
# A grid's inner wall beginning this far under its highest begins under a heading spanning it.
TIER_WALL_BELOW_IN = 0.1
# Headings printed under rules of their own (a rule to each field, the heading just under it:
# a caption, repeated under every grant): the rule stands at most this far over its heading,
# and the writing on it at most CAPTION_ROOM_IN over the rule.
CAPTION_UNDER_IN = 0.15
CAPTION_ROOM_IN = 0.5
# A column named by a letter or number alone ("(A)", "B.", "3"), its heading in a key printed
# apart ("(A) Grant Date   (B) Number of Shares Granted ..."): in the key a letter is bracketed
# or stopped, so that a word "A" of prose is none; in a heading cell it may stand bare.
_KEY_LETTER = re.compile(r"^[^A-Z0-9]*[(\[{]([A-Z]|\d{1,2})[)\]}]?[.:]?$|^([A-Z]|\d{1,2})[)\]}.:]$")
_CELL_LETTER = re.compile(r"^[(\[{]?([A-Z]|\d{1,2})[)\]}]?[.:]?$")
_BRACKETED = re.compile(r"^[(\[{]([A-Z]|\d{1,2})[)\]}][.:]?$")
# A key's mark whose letter the fax spoiled ("(©)" for "(C)", "(KE)" for "(E)"): one or two
# characters in brackets; its letter is the one between its neighbours'.
_KEY_MARK = re.compile(r"^[^A-Z0-9]*[(\[{][^\s()\[\]{}]{1,2}[)\]}][.:]?$")


def _headers(lines: list[Line], dpi: float) -> dict[str, Match] | None:
    """The five column headings: the set of matches side by side, in the printed order, that fits best."""
    # Headings are short words in small print, often mangled by a fax: match them loosely,
    # and let the table's shape (headings side by side, in the printed order) confirm them.
    # Where a row of letters heads the columns, the headings' words after a letter are its key's.
    keyed = any(sum(1 for w in ln.words if _letter(w.text, _CELL_LETTER)) >= 3
                and all(_letter(w.text, _CELL_LETTER) for w in ln.words) for ln in lines)
    options = {key: [m for p in phrases for m in find_phrase(lines, p, 0.7)
                     if _heading_line(m, lines) and not (keyed and _in_a_key(m, lines)) and _one_heading(m)]
               for key, phrases in form.TABLE_COLUMNS.items()}
    # Headings set on several lines are matched as their columns' cells too.
    cells = _heading_cells(lines, dpi)
    for key, phrases in form.TABLE_COLUMNS.items():
        options[key] = sorted(options[key] + [m for p in phrases for m in find_phrase(cells, p, 0.7)
                                              if _one_heading(m)],
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


def _one_heading(m: Match) -> bool:
    """Whether a heading's words side by side stand a space apart, as one heading's do: a gap
    wider than HEAD_WORD_GAP of their height between two of them on one line parts two
    columns' headings ("GRANT | DATE OF", the first words of "GRANT NO." and "DATE OF GRANT"
    read as the grant date's heading over both columns)."""
    for a, b in zip(m.words, m.words[1:]):
        level = min(a.top + a.height, b.top + b.height) - max(a.top, b.top) >= 0.5 * min(a.height, b.height)
        if level and b.left - (a.left + a.width) > HEAD_WORD_GAP * max(a.height, b.height):
            return False
    return True


def _in_a_key(m: Match, lines: list[Line]) -> bool:
    """Whether a heading's words follow a letter on their line ("(C) Exercise Price"): a key's
    entry naming a lettered column, which stands wherever the key's line flows, not over it."""
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is None:
        return False
    words = list(line.words)
    at = words.index(m.words[0])
    return any(_letter(w.text, _KEY_LETTER) for w in words[max(0, at - 6):at])


def table_headings(lines: list[Line], dpi: float) -> bool:
    """Whether these lines hold the grant table's column headings, side by side in order."""
    return _headers(lines, dpi) is not None


def _meets_a_rule(wall: Box, rules: list[Box], dpi: float) -> bool:
    """Whether a rule across meets an upright rule: at its top or foot, or crossing it (a
    ledger's walls cross the rule under its headings and end in the open)."""
    reach = WALL_MEETS_IN * dpi
    return any(wall.y0 - reach <= r.cy <= wall.y1 + reach and r.x0 - 0.05 * dpi <= wall.cx <= r.x1 + 0.05 * dpi
               for r in rules)


def _walls(ink: np.ndarray, rules: list[Box], dpi: float) -> list[tuple[list[Box], int, int]]:
    """Printed tables' cell walls: upright rules that stand side by side over a common height,
    with rules across them.  Each table's walls left to right (one per x), its top and bottom."""
    # A wall meets a rule across, or crosses one; an upright run that meets none is print (the
    # baseline of headings turned a quarter, bold letters standing on it).
    solid = [w for w in vertical_rules(ink, int(WALL_MIN_IN * dpi)) if _meets_a_rule(w, rules, dpi)]
    found = [w for w in solid + page_dotted_rules(ink, dpi)[1] if w.height < 0.6 * ink.shape[0]]
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


def _grid(image: Image.Image, ink: np.ndarray, rules: list[Box], tables, dpi: float, timeout: float,
          lines: list[Line] = ()):
    """The grant table by its printed structure: where cell walls are printed, the walls are
    the columns and the cells of the top row hold the headings, on one line or several.  The
    heading row is read on its own, its rules erased, and each column's words are joined and
    matched to the form's column names.  Returns (headings, columns, where the rows begin,
    the walls), or None where no printed table has the form's headings; and whether a printed
    table was headed by letters that no key read named (its key's phrases then stand apart from
    their columns: they are no headings over them)."""
    lettered = False
    for walls, top, bottom in tables:
        x0, x1 = walls[0].x0, walls[-1].x1
        firsts = sorted(r.y0 for r in rules if top + 0.12 * dpi < r.cy < min(bottom, top + 1.3 * dpi)
                        and r.x0 <= walls[1].x0 and r.x1 >= walls[-2].x1)
        if not firsts:
            continue
        spans = [(a.x1, b.x0) for a, b in zip(walls, walls[1:])]
        words = _print_in(image, ink, Box(x0, max(0, top - int(0.05 * dpi)), x1, firsts[0]), dpi, timeout)
        if words is None:
            continue
        heads = _cells_of(words, spans, dpi, lambda w: (w.left + w.right) / 2)
        found = _cell_keys(heads)
        # Headings on tiers, a heading over several columns ("No. of Shares" over "Granted |
        # Exercised | Tendered"): inner walls begin under the table's top, at the rule under the
        # upper tier; the band down to the first rule under where they begin, each column's
        # heading the words of every tier's cell over it.
        highest = min(w.y0 for w in walls)
        lower = [w.y0 for w in walls[1:-1] if w.y0 > highest + TIER_WALL_BELOW_IN * dpi]
        for below in [y for y in firsts if lower and y > max(lower) + TIER_WALL_BELOW_IN * dpi][:1] \
                if found is None else ():
            # (From the highest wall's top: the inner walls of the lower tier start lower.)
            band = Box(x0, max(0, highest - int(0.05 * dpi)), x1, below)
            words = _print_in(image, ink, band, dpi, timeout)
            if words is None:
                break
            heads = _spanned_cells(words, walls, spans, ink, [r for r in rules if band.y0 < r.cy < below - 2
                                                                and r.x0 <= walls[1].x0 and r.x1 >= walls[-2].x1],
                                   band, dpi)
            if (found := _cell_keys(heads)) is not None:
                firsts = [below]
                break
        if found is None:
            # Headings turned a quarter, reading upwards (narrow columns under a tall band):
            # the band read turned upright, each word's place along the row its height there.
            turned = _print_in(image, ink, Box(x0, max(0, top - int(0.05 * dpi)), x1, firsts[0]), dpi, timeout,
                               turned=True)
            found = _cell_keys(_cells_of(turned or [], spans, dpi, lambda w: (w.top + w.bottom) / 2))
        if found is None:
            # Headed by letters alone, their headings in a key printed over or under the grid.
            found = _lettered_keys(heads, lines)
        if found is None:
            lettered = lettered or sum(1 for c in cell_letters(heads) if c) >= 2
            continue
        index, headers = found
        # Each column's place is inside its walls, clear of them: a wall the fax broke leaves
        # stubs too short to be known for a wall, read as a 1 in an empty cell.
        m = max(3, int(WALL_MARGIN_IN * dpi))
        # (Left to right, as printed: not always the form's order.)
        cols = sorted(((k, spans[index[k]][0] + m, spans[index[k]][1] - m) for k in GRANT_FIELDS), key=lambda c: c[1])
        return (headers, cols, next(r.y1 for r in rules if r.y0 == firsts[0]) + 2, walls, bottom), lettered
    return None, lettered


def _print_in(image: Image.Image, ink: np.ndarray, region: Box, dpi: float, timeout: float,
              *, turned: bool = False) -> list[tesseract.Word] | None:
    """The words printed in a part of a ruled table, read on their own at the page's own
    resolution as sparse text with the rules erased; in page coordinates.  `turned`: print
    reading upwards, read turned a quarter clockwise; each word's top and bottom are then
    along the page's width (page x), its left and right up from the region's foot."""
    grey = np.array(image.crop(region.tuple()))
    sub = ink[region.y0:region.y1, region.x0:region.x1]
    across = horizontal_rules(sub, int(0.3 * dpi))
    # An upright rule is a wall where both its ends are held: each meets a rule across or runs
    # on past (or to within `WALL_MEETS_IN` of) the region's edge.  One with an end free is print: a turned heading's baseline
    # (bold letters standing on it make a run as long as a wall's), kept.
    edge = WALL_MEETS_IN * dpi

    def held(v: Box, y: int) -> bool:
        return y <= edge or y >= sub.shape[0] - 1 - edge or _meets_a_rule(Box(v.x0, y, v.x1, y + 1), across, dpi)
    uprights = [v for v in vertical_rules(sub, int(0.15 * dpi)) if held(v, v.y0) and held(v, v.y1)]
    for r in across + uprights:
        grey[max(0, r.y0 - 1):r.y1 + 1, max(0, r.x0 - 1):r.x1 + 1] = 255
    try:
        raw = tesseract.words(Image.fromarray(grey).rotate(-90, expand=True) if turned else Image.fromarray(grey),
                              psm=11, timeout=timeout)
    except (ToolFailed, ToolTimeout):
        return None
    dx, dy = (0, region.x0) if turned else (region.x0, region.y0)
    return [tesseract.Word(w.text, w.conf, w.left + dx, w.top + dy, w.width, w.height, w.block,
                           w.par, w.line) for w in raw]


def _spanned_cells(words, walls: list[Box], spans: list[tuple[int, int]], ink: np.ndarray, tiers: list[Box],
                   band: Box, dpi: float) -> list[Line | None]:
    """The words of each column's heading in a band of headings on tiers (parted by the rules
    `tiers` across the band): in each tier, a cell runs between the walls that stand in that
    tier, and its words head every column it spans, the upper tiers' words first."""
    edges = [band.y0] + sorted(r.cy for r in tiers) + [band.y1]
    cells: list[list] = [[] for _ in spans]
    for y0, y1 in zip(edges, edges[1:]):
        a, b = int(y0) + 3, int(y1) - 3
        if b <= a:
            continue
        # The walls standing in this tier: inked down most of its height.
        standing = [w for w in walls if ink[a:b, w.x0:w.x1 + 1].any(axis=1).mean() >= 0.8]
        if len(standing) < 2:
            continue
        for left, right in zip(standing, standing[1:]):
            inside = [w for w in words if left.x1 <= (w.left + w.right) / 2 < right.x0 and a <= (w.top + w.bottom) / 2 < b]
            for i, (c0, c1) in enumerate(spans):
                if left.x1 - 2 <= c0 and c1 <= right.x0 + 2:
                    cells[i] += sorted(inside, key=lambda w: (w.top // max(1, int(0.08 * dpi)), w.left))
    return [Line(tuple(c)) if c else None for c in cells]


def _cells_of(words, spans: list[tuple[int, int]], dpi: float, at) -> list[Line | None]:
    """The words of each span of a row (or column) of cells, as a line read top to bottom and
    left to right; `at` gives a word's place along the row (or down the column)."""
    cells = []
    for a, b in spans:
        ws = sorted((w for w in words if a <= at(w) < b), key=lambda w: (w.top // max(1, int(0.08 * dpi)), w.left))
        cells.append(Line(tuple(ws)) if ws else None)
    return cells


def _cell_keys(cells: list[Line | None]) -> tuple[dict[str, int], dict[str, Match]] | None:
    """Which of a row (or a column) of heading cells holds each of the form's five headings,
    in the printed order: each heading's best cell after the one before it, a cell between
    two named ones given to the heading between them when the count of cells says which.
    (index of each heading's cell, the matches read) or None where fewer than three were
    read or the order does not hold."""
    options = {key: [(i, m) for i, c in enumerate(cells) if c is not None
                     for p in phrases for m in find_phrase([c], p, 0.7)]
               for key, phrases in form.TABLE_COLUMNS.items()}
    best_pick: dict[str, int] = {}
    for key in GRANT_FIELDS:
        after = max(best_pick.values(), default=-1)
        cands = [(m.score, -i, i, m) for i, m in options[key] if i > after]
        if cands:
            best_pick[key] = max(cands, key=lambda c: (c[0], c[1]))[2]
    if len(best_pick) < 3:
        return None
    keys = list(GRANT_FIELDS)
    # Every heading named whole, each by a cell of its own that names it better than any other
    # heading: the columns in whatever order they are printed (grouped under spanning headings).
    whole = {key: max(options[key], key=lambda im: im[1].score) for key in keys if options[key]}

    def best_in(i: int) -> float:
        return max((m.score for k in keys if k not in whole or whole[k][0] != i for j, m in options[k] if j == i),
                   default=0.0)
    if len(whole) == len(keys) and len({i for i, _m in whole.values()}) == len(keys) \
            and all(m.score >= WHOLE_HEADING and m.score > best_in(i) for i, m in whole.values()):
        return {k: i for k, (i, _m) in whole.items()}, {k: m for k, (_i, m) in whole.items()}
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
        return None
    return index, {k: next(m for i, m in options[k] if i == best_pick[k]) for k in best_pick}


def _letter(text: str, pattern: re.Pattern) -> str | None:
    m = pattern.match(text.strip().upper())
    return next((g for g in m.groups() if g), None) if m else None


def cell_letters(cells: list[Line | None]) -> list[str | None]:
    """Each heading cell's letter or number where it holds that alone ("(A)", "B", "3."), else
    None.  A bracketed letter beside specks the fax made into a letter or two ("ee (B)") is that
    letter: a heading's words are longer."""
    return [_cell_letter(c) if c is not None else None for c in cells]


def _cell_letter(cell: Line) -> str | None:
    whole = _letter("".join(w.text for w in cell.words), _CELL_LETTER)
    if whole is not None:
        return whole
    marked = [w for w in cell.words if _BRACKETED.match(w.text.strip().upper())]
    if len(marked) == 1 and all(len(w.text.strip()) <= 2 for w in cell.words if w is not marked[0]):
        return _letter(marked[0].text, _CELL_LETTER)
    return None


def key_headings(lines: list[Line]) -> tuple[list[str], dict[str, tuple[str, Match]]]:
    """A key of lettered headings ("(A) Grant Date   (B) No. of Shares Granted ..."): the key's
    letters in their order (on the lines that name a heading), and each letter's grant field
    with the words that name it, read from the words after the letter up to the next letter on
    its line; a field named twice keeps its closer match.  A mark whose letter the fax spoiled
    takes the letter between its neighbours' ("(B) ... (©) ... (D)": C).  ([], {}) where fewer
    than three of the form's headings are named."""
    entries: list[tuple[str | None, tuple[float, str, Match] | None]] = []   # (letter, its heading)
    for ln in lines:
        words = list(ln.words)
        marks = [i for i, w in enumerate(words) if _letter(w.text, _KEY_LETTER) or _KEY_MARK.match(w.text.upper())]
        on_line = [(_letter(words[i].text, _KEY_LETTER), _heading_of(Line(tuple(words[i + 1:j]))))
                   for i, j in zip(marks, marks[1:] + [len(words)]) if j - i >= 2]
        if any(best for _letter_, best in on_line):
            entries += on_line
    letters = _spoiled_letters([letter for letter, _best in entries])
    named: dict[str, tuple[str, Match]] = {}
    for letter, (_read, best) in zip(letters, entries):
        if letter is None or best is None:
            continue
        score, key, m = best
        same = next((k for k, (f, _m) in named.items() if f == key), None)
        if same is not None:
            if named[same][1].score >= score:
                continue
            del named[same]
        named[letter] = (key, m)
    if len({f for f, _m in named.values()}) < 3:
        return [], {}
    return [letter or "?" for letter in letters], named


def _heading_of(part: Line) -> tuple[float, str, Match] | None:
    """The grant field a key entry's words name best (score, field, match), or None."""
    return max(((m.score, key, m) for key, phrases in form.TABLE_COLUMNS.items()
                for p in phrases for m in find_phrase([part], p, 0.7)), default=None, key=lambda t: t[0])


def _spoiled_letters(letters: list[str | None]) -> list[str | None]:
    """A key's letters with each one the fax spoiled (None, or read as another character: "A",
    "8", "C") set to the one between its neighbours, where they are a letter or number apart by
    two ("B", None, "D": "C")."""
    out = list(letters)
    for i, letter in enumerate(out):
        if i == 0 or i + 1 >= len(out):
            continue
        before, after = out[i - 1], letters[i + 1]
        between = _between(before, after)
        # A mark misread as another character counts only between two letters ("(A) (8) (C)").
        if between is not None and (letter is None or (len(letter) == 1 and before.isalpha()
                                                        and after.isalpha() and letter != between)):
            out[i] = between
    return out


def _between(before: str | None, after: str | None) -> str | None:
    """The letter or number between two a letter or number apart by two ("B", "D": "C")."""
    if before and after and len(before) == len(after) == 1 and ord(after) - ord(before) == 2:
        return chr(ord(before) + 1)
    if before and after and before.isdigit() and after.isdigit() and int(after) - int(before) == 2:
        return str(int(before) + 1)
    return None


def _lettered_keys(cells: list[Line | None], lines: list[Line]) -> tuple[dict[str, int], dict[str, Match]] | None:
    """Which heading cell holds each of the form's five headings where the cells hold letters
    alone and a key names them: every field's letter found among the cells, left to right in
    the form's order (as `_cell_keys` gives them), or None.  A cell whose letter the fax left
    unread ("@)" for "(D)") is the key's letter at its place, where there are as many cells as
    the key has letters and every letter read stands at its own place."""
    letters = cell_letters(cells)
    if sum(1 for c in letters if c) < 3:
        return None
    order, key = key_headings(lines)
    if len(order) == len(letters) and len(set(order)) == len(order) \
            and all(c is None or c == k for c, k in zip(letters, order)):
        letters = list(order)
    index = {field: letters.index(letter) for letter, (field, _m) in key.items() if letter in letters}
    # One heading of the key not read, one lettered cell left: the count says it is that one's.
    left = [i for i, c in enumerate(letters) if c and i not in index.values()]
    missing = [f for f in GRANT_FIELDS if f not in index]
    if len(missing) == 1 and len(left) == 1:
        index[missing[0]] = left[0]
    if sorted(index) != sorted(GRANT_FIELDS) or [index[k] for k in GRANT_FIELDS] != sorted(index.values()):
        return None
    return index, {field: m for letter, (field, m) in key.items() if field in index}


def _sideways(image: Image.Image, ink: np.ndarray, tables, rules: list[Box], lines: list[Line], dpi: float,
              timeout: float) -> list[tuple[dict[str, tuple[int, int]], list[tuple[int, int, bool]], list[Box]]]:
    """The grant table set on its side: a grant to each column, a field to each row, the
    form's headings down a stub column of the printed table's walls.  Found by the same
    structure as a table the right way up, turned: the stub's cells between the rules across
    it hold the headings in the printed order, top to bottom.  Each printed band of it
    (grants that do not fit across run on in a band under the first), top to bottom: the
    height of each field's row, each grant column (x0, x1, whether it is headed TOTAL), and
    the band's walls."""
    found = []
    for walls, top, bottom in sorted(tables, key=lambda t: t[1]):
        s0, s1 = walls[0].x1, walls[1].x0
        if s1 - s0 < SIDE_STUB_IN * dpi:
            continue
        # The page's reading saw heading words down the stub before it is read again.
        stub_words = [w for ln in lines for w in ln.words
                      if s0 <= w.cx < s1 and top <= (w.top + w.bottom) / 2 <= bottom]
        if sum(_heading_word(token(w.text)) for w in stub_words if token(w.text)) < 2:
            continue
        ys: list[int] = []
        for y in sorted([top, bottom] + [r.cy for r in rules if top - 0.05 * dpi <= r.cy <= bottom + 0.05 * dpi
                                         and r.x0 <= s0 + 0.05 * dpi and r.x1 >= s1 - 0.05 * dpi]):
            if not ys or y - ys[-1] >= SIDE_ROW_IN * dpi:
                ys.append(int(y))
        bands = list(zip(ys, ys[1:]))
        words = _print_in(image, ink, Box(s0, top, s1, bottom), dpi, timeout)
        if words is None or len(bands) < len(GRANT_FIELDS):
            continue
        keys = _cell_keys(_cells_of(words, bands, dpi, lambda w: (w.top + w.bottom) / 2))
        if keys is None:
            continue
        index, _ = keys
        rows = {k: bands[index[k]] for k in GRANT_FIELDS}
        head = bands[index[GRANT_FIELDS[0]] - 1] if index[GRANT_FIELDS[0]] > 0 else None
        cols = []
        for a, b in zip(walls[1:], walls[2:]):
            said = [token(w.text) for ln in lines for w in ln.words
                    if head is not None and a.x1 <= w.cx < b.x0 and head[0] <= (w.top + w.bottom) / 2 < head[1]]
            cols.append((a.x1, b.x0, any(t and similar(t, form.TABLE_TOTAL, 0.8) >= 0.8 for t in said)))
        found.append((rows, cols, walls))
    return found


def _read_sideways(image: Image.Image, ink: np.ndarray, bands, dpi: float, *, page: int, timeout: float,
                   crops: Path | None) -> list[dict[str, Reading]]:
    """Each grant column of a table set on its side read as a row: each field's value in its
    cell, inside the walls and between the rules.  Writing that touches a wall or crosses a
    rule into the next cell may hold a piece of its neighbour, or have left one there: never
    trimmed, doubted."""
    grants: list[dict[str, Reading]] = []
    m = max(3, int(WALL_MARGIN_IN * dpi))
    for rows, cols, walls in bands:
        ink = _without_table_rules(ink, walls, rows, dpi)
        # Each field's row across the table, cleaned once for all its grants.
        bands_of = {key: clean_region(ink, Box(walls[0].x0, y0, walls[-1].x1, y1), dpi)
                    for key, (y0, y1) in rows.items()}
        for x0, x1, total in cols:
            idx = len(grants)
            row = {key: read_value(image, ink, Box(x0 + m, y0, x1 - m, y1), GRANT_KINDS[key], dpi, page=page,
                                   timeout=timeout, crop_path=_crop(crops, page, f"grant{idx + 1}-{key}"))
                   for key, (y0, y1) in rows.items()}
            sides = [w for w in walls if abs(w.x1 - x0) <= 2 * m or abs(w.x0 - x1) <= 2 * m]
            for key, (y0, y1) in rows.items():
                crosses = bool(_touching(bands_of[key], sides, walls[0].x0, dpi)) or \
                    any(_crosses_rule(ink, x0 + m, x1 - m, y, dpi) for y in (y0, y1))
                if crosses and not row[key].evidence.get("blank"):
                    row[key].evidence["touches_wall"] = True
                    note(row[key], TOUCHES_WALL)
                    row[key].confidence = min(row[key].confidence, 0.5)
            if total:
                row["shares_tendered"].evidence["printed_total"] = True
            _keep_row(row, grants)
    return grants


def _without_table_rules(ink: np.ndarray, walls: list[Box], rows: dict[str, tuple[int, int]], dpi: float
                         ) -> np.ndarray:
    """The page's ink with a table's rules and walls erased, found along the table's whole
    width and height: a cell's own piece of a rule, cut at its edge (and slanted on a page
    not quite square), is too short to be known for a rule and was read as writing."""
    pad = int(0.1 * dpi)
    region = Box(max(0, walls[0].x0 - pad), max(0, min(a for a, _ in rows.values()) - pad),
                 min(ink.shape[1], walls[-1].x1 + pad), min(ink.shape[0], max(b for _, b in rows.values()) + pad))
    out = ink.copy()
    sub = out[region.y0:region.y1, region.x0:region.x1]
    # Rules broken by a fax's dropouts are joined first, as the page's rules are.
    found = horizontal_rules(sub, int(0.3 * dpi)) + vertical_rules(sub, int(0.3 * dpi)) + \
        horizontal_rules(sub, int(0.3 * dpi), bridge=int(0.035 * dpi), max_thickness=int(0.05 * dpi))
    for r in found:
        sub[max(0, r.y0 - 2):r.y1 + 2, max(0, r.x0 - 2):r.x1 + 2] = False
    return out


def _crosses_rule(ink: np.ndarray, x0: int, x1: int, y: int, dpi: float) -> bool:
    """Whether writing crosses the rule at height `y` between x0 and x1: ink just above and
    just below it, the rule itself erased, over the same columns."""
    reach = max(2, int(WALL_TOUCH_IN * dpi))
    clean = clean_region(ink, Box(x0, max(0, y - 3 * reach), x1, min(ink.shape[0], y + 3 * reach)), dpi)
    if clean.shape[0] < 2 * reach:
        return False
    mid = clean.shape[0] // 2
    above, below = clean[:mid - reach].any(axis=0), clean[mid + reach:].any(axis=0)
    return int((above & below).sum()) >= max(2, int(0.01 * dpi))


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


@functools.lru_cache(maxsize=4096)
def _heading_word(tok: str) -> bool:
    """Whether a token reads as one of the table headings' words (asked for every word of
    every line, so remembered)."""
    return any(similar(tok, v, 0.75) >= 0.75 for v in form.TABLE_HEADING_WORDS)


def _all_heading(line: Line) -> bool:
    toks = [t for t in (token(p) for w in line.words for p in re.split(r"[^A-Za-z0-9]+", w.text)) if t]
    hits = sum(1 for t in toks if _heading_word(t))
    return bool(toks) and hits >= 0.6 * len(toks) and not _mostly_lowercase(line)


def _heading_line(m: Match, lines: list[Line]) -> bool:
    # Half will do: the headings' small print comes through a fax mangled ("GRANT DATE GRANTED
    # CACACICS noice FYFRCISEN, CANCELLED", seed 5050), and the headings must still stand side
    # by side in the printed order (`_headers`), which prose does not.
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is not None and _mostly_lowercase(line):
        return False
    return _mostly(m, lines, form.TABLE_HEADING_WORDS, share=0.5)


def _prose_under(m: Match, lines: list[Line], dpi: float, words_only: bool = False) -> bool:
    """Whether a line of prose runs on just under a match (within PROSE_UNDER_IN, across it): a
    heading has rows of writing or nothing under it; the Offer's paragraphs ("... THE EXERCISE
    PRICE OF THE NEW OPTIONS ...") have their next line.  `words_only`: a line of words, not
    of figures (a row of grants typed under its headings reads as a confident line too)."""
    box = m.box

    def worded(ln: Line) -> bool:
        # (Nor is a second tier of headings under the first prose.)
        return not words_only or (not _all_heading(ln) and sum(
            any(c.isalpha() for c in w.text) and not any(c.isdigit() for c in w.text) for w in ln.words)
            >= 0.7 * len(ln.words))
    return any(0 < ln.box.y0 - box.y1 <= PROSE_UNDER_IN * dpi and ln.box.x0 <= box.x1 and ln.box.x1 >= box.x0
               and len(ln.words) >= PROSE_WORDS and float(np.median([w.conf for w in ln.words])) >= PROSE_CONF
               and worded(ln) for ln in lines)


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
    if y1 - y0 < 0.1 * dpi:
        return None                        # no room over a row at the page's top
    band = image.crop((0, y0, image.width, y1))
    try:
        raw = tesseract.words(band, psm=11, timeout=timeout)
    except (ToolFailed, ToolTimeout):
        return None
    words = [tesseract.Word(w.text, w.conf, w.left, w.top + y0, w.width, w.height, w.block, w.par, w.line)
             for w in raw]
    return _headers(lines_of(words), dpi)


def _underlines_band(rules: list[Box], dpi: float) -> tuple[int, int] | None:
    """Where underlined headings may be: UNDERLINES_LEAST rules or more, each UNDERLINE_LONG_IN
    long, side by side with gaps between at one height (to UNDERLINES_LEVEL_IN), spread over
    four inches or more; the band over them (as deep as `HEADS_ABOVE_IN`)."""
    short = sorted((r for r in rules if UNDERLINE_LONG_IN[0] * dpi <= r.width <= UNDERLINE_LONG_IN[1] * dpi),
                   key=lambda r: r.y0)
    for first in short:
        level = sorted((r for r in short if abs(r.cy - first.cy) <= UNDERLINES_LEVEL_IN * dpi), key=lambda r: r.x0)
        apart = [a for a, b in zip(level, level[1:]) if b.x0 > a.x1]
        if len(apart) + 1 >= UNDERLINES_LEAST and level[-1].x1 - level[0].x0 >= GRANT_LINE_IN * dpi:
            top = min(r.y0 for r in level)
            return max(0, top - int(HEADS_ABOVE_IN * dpi)), max(r.y1 for r in level) + 2
    return None


def _first_grant_line(lines: list[Line], dpi: float) -> Box | None:
    """The first line that reads as a grant written in a row: four words or more, three of
    them figures (a date's day and year, counts, a price) one of which holds a year, at most
    two words of letters (a month's name), spread over four inches or more.  (Prose has more
    words than figures: "March 31, 2003 at 5:00 P.M." is no grant.)"""
    for ln in lines:
        figures = [w for w in ln.words if sum(c.isdigit() for c in w.text) >= max(1, len(w.text.strip(",.$")) // 2)]
        worded = [w for w in ln.words if w not in figures and any(c.isalpha() for c in w.text)]
        dated = any(re.search(r"(?:19|20)\d\d|\d{1,2}/\d{1,2}/\d{2}", w.text) for w in figures)
        if len(ln.words) >= 4 and len(figures) >= 3 and len(worded) <= 2 and dated \
                and ln.box.width >= GRANT_LINE_IN * dpi:
            return ln.box
    return None


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


def _whole_headings(headers: dict[str, Match], lines: list[Line], dpi: float) -> dict[str, Match]:
    """Each heading over all the words printed with it on its line (the words either side of
    the words matched, a word's space apart, none of another heading): a column's middle is its
    printed heading's, not that of the word that named it ("Exercised" of "Shares Exercised"
    put the column's edge a quarter inch into the next, its "0" read into the price)."""
    taken = {id(w) for m in headers.values() for w in m.words}
    out = {}
    for key, m in headers.items():
        line = next((ln for ln in lines if any(w is m.words[0] for w in ln.words)), None)
        if line is None:
            out[key] = m
            continue
        words = list(line.words)
        i0 = next(n for n, w in enumerate(words) if w is m.words[0])
        i1 = max(n for n, w in enumerate(words) if any(w is v for v in m.words))
        while i0 > 0 and id(words[i0 - 1]) not in taken and _heading_word(token(words[i0 - 1].text)) \
                and words[i0].left - words[i0 - 1].right <= HEADING_GAP_IN * dpi:
            i0 -= 1
        while i1 < len(words) - 1 and id(words[i1 + 1]) not in taken and _heading_word(token(words[i1 + 1].text)) \
                and words[i1 + 1].left - words[i1].right <= HEADING_GAP_IN * dpi:
            i1 += 1
        out[key] = Match(tuple(words[i0:i1 + 1]), m.score)
    return out


def _row_bands(clean: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    rows = clean.sum(axis=1) > max(2, 0.01 * dpi)
    return [(a, b) for a, b in runs(rows, bridge=0.06 * dpi) if b - a >= 0.06 * dpi]


def _parted(band: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    """A band of writing parted into rows at the lines across it that hold almost no ink
    (`PART_VALLEY`): the rows of a table written close, or tilted on a photographed page,
    whose descenders, commas and stray dots touch the row below.  An
    upright stroke the band's whole height (a wall not found as one, a fold) is no row's ink.
    Parts as `_row_bands` gives them, relative to the band; the band itself when no line parts it."""
    h = band.shape[0]
    ink = band & ~(band.sum(axis=0) >= 0.8 * h)[None, :]
    profile = ink.sum(axis=1)
    if not profile.any():
        return [(0, h)]
    low = profile <= PART_VALLEY * np.percentile(profile[profile > 0], 90)
    cuts = [(a + b) // 2 for a, b in runs(low) if a > 0 and b < h]
    parts: list[tuple[int, int]] = []
    for cut0, cut1 in zip([0] + cuts, cuts + [h]):
        lit = np.flatnonzero(~low[cut0:cut1])
        if not lit.size:
            continue
        # Parted at the valleys' lines only: the band's own ends stay where its ink ends.
        a = cut0 + int(lit[0]) if cut0 else 0
        b = cut0 + int(lit[-1]) + 1 if cut1 < h else h
        if b - a >= PART_LEAST_IN * dpi or not parts:
            parts.append((a, b))
        else:
            parts[-1] = (parts[-1][0], b)
    if len(parts) > 1 and parts[0][1] - parts[0][0] < PART_LEAST_IN * dpi:
        parts[:2] = [(parts[0][0], parts[1][1])]
    return parts or [(0, h)]


def _cells(band: np.ndarray, cols: list[tuple[str, int, int]], left: int, dpi: float
           ) -> dict[str, tuple[int, int, bool, bool]]:
    """Where each column's writing is in one row: ink clusters, each given to the column its
    middle is in (or to the last column, begun in it and run on past its end: `band` may reach
    past the table); with whether it crosses into a neighbour's space, and whether a piece of it
    was cut from writing run on into a neighbour's (`_split_at_boundaries`).

    Handwriting does not respect column lines: a long date runs into the next
    column's space. Clusters are separated by gaps of white; a cluster that
    reaches well into another column's space is marked as crossing.
    """
    on = band.any(axis=0)
    clusters = runs(on, bridge=0.1 * dpi)
    placed = []
    gaps: list[tuple[int, int]] = []      # pieces parted at an edge that fell in no column
    for c0, c1, cut in _split_at_boundaries(clusters, on, [b - left for _, b, _ in cols[1:]], dpi):
        x0, x1 = c0 + left, c1 + left
        i = next((i for i, (_, b0, b1) in enumerate(cols) if b0 <= (x0 + x1) / 2 < b1), None)
        if i is None and x0 < cols[-1][2] <= (x0 + x1) / 2:
            i = len(cols) - 1      # begun in the last column and run on past its end
        elif i is None and cut:
            gaps.append((x0, x1))
        if i is not None:
            placed.append([i, x0, x1, cut])
    for x0, x1 in gaps:
        # A piece parted from writing at a column's edge that falls in no column (columns taken
        # from rules written on, narrower than the writing under them) goes back to the writing
        # it was parted from, in doubt: "1,500" ran over the count's rule's left end, was parted
        # after "1,", and "1," lost between the rules (the count read 500 at 0.95).
        near = min((p for p in placed if p[3]), key=lambda p: max(p[1] - x1, x0 - p[2]), default=None)
        if near is not None:
            placed.append([near[0], x0, x1, True])
    _give_back_run_on_ends(placed, cols, dpi)
    cells: dict[str, list] = {}
    reach = 0.12 * dpi   # writing that runs this far into a neighbour's space is in doubt
    pad = int(0.03 * dpi)
    for i, x0, x1, cut in placed:
        key, b0, b1 = cols[i]
        # (Past the last column's end no neighbour's writing is to be taken in: a figure run on
        # there crosses nothing; measured in docs/measurements.md.)
        crosses = x0 < b0 - reach or (x1 > b1 + reach and i < len(cols) - 1) or (x0, x1) in gaps
        if key in cells:
            cells[key][0] = min(cells[key][0], x0 - pad)
            cells[key][1] = max(cells[key][1], x1 + pad)
            cells[key][2] = cells[key][2] or crosses
            cells[key][3] = cells[key][3] or cut
        else:
            cells[key] = [x0 - pad, x1 + pad, crosses, cut]
    return {k: (v[0], v[1], v[2], v[3]) for k, v in cells.items()}


def _apart_beside_blank(band: np.ndarray, cells: dict, cols, left: int, dpi: float) -> list[str]:
    """The columns whose writing in this row is in pieces more than PIECES_APART_IN apart
    while a neighbouring column holds no writing: one piece may be the neighbour's value."""
    keys = [k for k, _, _ in cols]
    on = band.any(axis=0)
    out = []
    for n, key in enumerate(keys):
        if key not in cells or all(k in cells for k in keys[max(0, n - 1):n + 2]):
            continue
        x0, x1 = max(0, cells[key][0] - left), max(0, cells[key][1] - left)
        pieces = runs(on[x0:x1], bridge=0.1 * dpi)
        if any(b[0] - a[1] > PIECES_APART_IN * dpi for a, b in zip(pieces, pieces[1:])):
            out.append(key)
    return out


def _give_back_run_on_ends(placed: list[list[int]], cols, dpi: float) -> None:
    """A piece at the very start of a column, nearer the writing of the column before than
    the rest of its own, is the end of its neighbour's value run past the rule: the last
    digit of "1999-06-27" beside the count "500" (seed 4444: read "1999-06-2" and "7500").
    A piece alone in its column stays: a count written close after a long date is a count."""
    placed.sort(key=lambda p: p[1])
    for n, (i, x0, x1, _cut) in enumerate(placed):
        if i == 0 or x0 > cols[i][1] + 0.12 * dpi:
            continue
        before = [p for p in placed[:n] if p[0] == i - 1]
        after = [p for p in placed[n + 1:] if p[0] == i]
        if before and after and x0 - before[-1][2] < 0.5 * (after[0][1] - x1):
            placed[n][0] = i - 1


def _split_at_boundaries(clusters: list[tuple[int, int]], on: np.ndarray, bounds: list[int], dpi: float
                         ) -> list[tuple[int, int, bool]]:
    """Split a cluster that straddles a column boundary at its word gap nearest that boundary;
    each piece with whether it was cut from a cluster so (its writing ran on, closer than a
    word's space, into its neighbour's: one value's end may be in the other).

    Only a gap as wide as a space between words counts: the small gaps between
    handwritten letters never split a value.
    """
    min_gap = max(3, int(0.045 * dpi))
    out = []
    todo = [(c0, c1, False) for c0, c1 in clusters]
    while todo:
        c0, c1, cut = todo.pop(0)
        inside = [b for b in bounds if c0 + 0.1 * dpi < b < c1 - 0.1 * dpi]
        gaps = [(c0 + a, c0 + b) for a, b in runs(~on[c0:c1]) if b - a >= min_gap]
        if not inside or not gaps:
            out.append((c0, c1, cut))
            continue
        b = inside[0]
        g0, g1 = min(gaps, key=lambda g: abs((g[0] + g[1]) / 2 - b))
        if abs((g0 + g1) / 2 - b) > 0.35 * dpi:
            out.append((c0, c1, cut))
            continue
        todo[:0] = [(c0, g0, True), (g1, c1, True)]
    return sorted(out)


def _rows(clean: np.ndarray, cols, left: int, dpi: float, ruled: list[int] = ()) -> list[tuple[int, int]]:
    """Row bands, with a band that holds only some columns joined to a neighbour holding the others.

    A holder who writes one cell a little higher than the rest of its row must not
    make two rows of it (the rows after it would all shift); writing that touches the
    rule between two rows must not make one row of two (a printed row rule splits a band).
    """
    bands = []
    for a, b in [(a + p, a + q) for a, b in _row_bands(clean, dpi) for p, q in _parted(clean[a:b], dpi)]:
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


def _example_marks(image: Image.Image, lines: list[Line], body: Box, dpi: float, timeout: float,
                   table_left: int | None = None) -> list[float]:
    """Where "Example" (`form.EXAMPLE_WORDS`) is printed in the table's body (page y): read so
    by the page's reading, or a word printed small there (its letters under EXAMPLE_SMALL_IN
    tall, no figure in it: "xan") read again on its own at three times its size.  The body
    runs from the table's own left wall (`table_left`) where a column no field is read from
    stands first ("Option No."): the word is printed in the row's first cell."""
    if table_left is not None and table_left < body.x0:
        body = Box(table_left, body.y0, body.x1, body.y1)
    marks, small = [], []
    for w in (w for ln in lines for w in ln.words):
        if not (body.x0 <= w.cx <= body.x1 and body.y0 - 0.1 * dpi <= w.cy <= body.y1):
            continue
        t = token(w.text)
        if t in form.EXAMPLE_WORDS:
            marks.append(w.cy)
        elif t.isalpha() and w.height <= EXAMPLE_SMALL_IN * dpi and len(small) < EXAMPLE_REREADS:
            small.append(w)
    # And the first row's first cell's top, where a sample line is marked, its word too small
    # or too grey for the page's reading to have read.
    corner = Box(body.x0, body.y0, body.x0 + int(EXAMPLE_CORNER_IN[0] * dpi), body.y0 + int(EXAMPLE_CORNER_IN[1] * dpi))
    for x0, y0, x1, y1 in [(w.left, w.top, w.right, w.bottom) for w in small] + [corner.tuple()]:
        pad = int(0.03 * dpi)
        crop = image.crop((max(0, x0 - pad), max(0, y0 - pad), x1 + pad, y1 + pad)).convert("L")
        crop = crop.resize((crop.width * 3, crop.height * 3), Image.LANCZOS)
        try:
            # (As a block: the corner holds the cell's walls and the top of its first value too.)
            again = tesseract.words(crop, psm=6, timeout=timeout)
        except (ToolFailed, ToolTimeout):
            continue
        if any(similar(token(a.text), e, 0.8) >= 0.8 for a in again for e in form.EXAMPLE_WORDS if len(e) > 2):
            marks.append((y0 + y1) / 2)
    return marks


def _examples_left_out(bands: list[tuple[int, int]], marks: list[float], ruled: list[int], head_bottom: int,
                       dpi: float) -> list[tuple[int, int]]:
    """The row bands without those of a worked example the form prints in its table: the row
    (between the ruled lines round it, or the band and the one after it where none is ruled)
    where "Example" is printed (`marks`, page y)."""
    marks = [y - head_bottom for y in marks]
    if not marks:
        return bands
    spans = []
    for y in marks:
        above = [r for r in ruled if r <= y + 0.05 * dpi]
        below = [r for r in ruled if r > y + 0.05 * dpi]
        if below:
            spans.append((max(above, default=-int(0.1 * dpi)), min(below)))
        else:
            # Not ruled: the band the word is in and the band after it (the word printed over
            # the example's values).
            at = next((i for i, (a, b) in enumerate(bands) if a - 0.1 * dpi <= y <= b), None)
            if at is not None:
                spans.append((bands[at][0], bands[min(at + 1, len(bands) - 1)][1]))
    return [(a, b) for a, b in bands if not any(s0 <= (a + b) / 2 <= s1 for s0, s1 in spans)]


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
    sentences = [m.box.y0 for p in form.ADDITIONAL_BOX + form.AFTER_TABLE
                 for m in find_phrase(lines, p, 0.8) if m.box.y0 > head_bottom]
    labels = [m.box.y0 - int(0.7 * dpi) for p in form.SIGNATURE[:1] + form.NAME[:1] + form.DATE_TIME[:1]
              for m in find_phrase(lines, p, 0.8) if m.box.y0 - 0.7 * dpi > head_bottom]
    # Any line of print in words across the table's columns ends it too: a sentence in a
    # wording the form's description does not hold ("An additional sheet is attached ..."),
    # the block's labels in another wording; a table's rows hold dates and numbers, and
    # writing is not read as words with print's confidence.  Not its total line.
    printed = [ln.box.y0 for ln in lines if ln.box.y0 > head_bottom + PROSE_AFTER_IN * dpi
               and min(ln.box.x1, right) - max(ln.box.x0, left) > 0 and _printed_words(ln)]
    # The total line, printed "TOTAL", is the table's last row: its rows end under it.
    totals = [ln.box.y1 + int(TOTAL_ROW_IN * dpi) for ln in lines if ln.box.y0 > head_bottom
              and min(ln.box.x1, right) - max(ln.box.x0, left) > 0 and _printed_total(ln)]
    bottom = min(sentences + labels + printed + totals,
                 default=min(page_height, head_bottom + int(4 * dpi))) - int(0.05 * dpi)
    return bottom


def _printed_totals(lines: list[Line]) -> list[Match]:
    """Where "TOTAL" is printed: found as the form's other phrases are, every word of it read
    with print's confidence (writing read as letters is not)."""
    return [m for m in find_phrase(lines, form.TABLE_TOTAL, 0.8)
            if min(w.conf for w in m.words) >= calibration.PRINT_CONF]


def _printed_total(line: Line) -> bool:
    return bool(_printed_totals([line]))


def _printed_words(line: Line) -> bool:
    """A line of print in words: at least PRINTED_WORDS words of three letters or more, each
    read with print's confidence, the most of its words; no "TOTAL" among them."""
    words = [w for w in line.words if len(token(w.text)) >= 3 and token(w.text).isalpha()]
    if _printed_total(line):
        return False
    sure = [w for w in words if w.conf >= PRINTED_WORDS_CONF]
    return len(sure) >= PRINTED_WORDS and len(sure) >= 0.6 * len(line.words)


def read_table(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float,
               *, page: int, timeout: float, crops: Path | None) -> list[dict[str, Reading]] | None:
    tables = _walls(ink, rules, dpi)
    grid, lettered = _grid(image, ink, rules, tables, dpi, timeout, lines)
    tiers = None
    if grid is None and (side := _sideways(image, ink, tables, rules, lines, dpi, timeout)):
        grants = _read_sideways(image, ink, side, dpi, page=page, timeout=timeout, crops=crops)
        _total_line(grants)
        return grants
    walls: list[Box] = []
    if grid is not None:
        headers, cols, head_bottom, walls, grid_bottom = grid
    else:
        if lettered:
            # A printed grid headed by letters that no key read names: the headings are its
            # key's, printed apart from the columns, and no column can be named from them.  Its
            # writing is a person's to read, never a guess from the key's phrases.
            return [_unread_row("the grant table's columns are headed by letters that no key read could name",
                                page, None, LETTERS_UNNAMED)]
        headers = _headers(lines, dpi)
        if headers is None:
            # The headings' small print may have run together in the page's reading ("GRANT DATE
            # GND cxencsermce", seed 2727): where one of them was read cleanly, read that band
            # again at full resolution.
            # Not in prose: the Offer's paragraphs say "exercise price" and "number of shares"
            # too, and a band read again at full resolution costs most of a second.  (Whether
            # the seed's own line is one of headings cannot say: its other words are garbled.)
            seeds = [m for p in HEADING_SEEDS for m in find_phrase(lines, p, 0.9) if not _prose_under(m, lines, dpi)]
            # Or headings stacked on lines of their own ("NUMBER OF / SHARES TO BE / CANCELLED")
            # whose neighbours were not read: the page's reading of headings on two and three
            # lines side by side, centred, can drop the shorter ones.
            seeds = seeds or [Match(tuple(c.words), 1.0) for c in _heading_cells(lines, dpi)]
            headers = _reread_headers(image, [min(seeds, key=lambda m: m.box.y0)], dpi, timeout,
                                      below=0.6) if seeds else None
            if headers is None and (band := _ruled_rows_band(rules, dpi)) is not None:
                # Rows ruled as a table's, and no heading read over them (the page's reading at
                # label resolution can drop a table's small print whole): read the band over them.
                headers = _band_headers(image, *band, dpi, timeout)
            if headers is None and (band := _underlines_band(rules, dpi)) is not None:
                # A short rule under each heading, side by side at one height (headings a
                # typist underlined), none read over them (small print on a photographed page
                # read as "a i eo 1"): read the band over the rules.
                headers = _band_headers(image, *band, dpi, timeout)
            if headers is None and (first := _first_grant_line(lines, dpi)) is not None:
                # Grants written in rows and no heading read over them, the table unruled (the
                # page's reading dropped headings stacked on three lines, a column each): the
                # band over the first row read as sparse text.
                headers = _band_headers(image, max(0, first.y0 - int(HEADS_ABOVE_IN * dpi)), first.y0, dpi,
                                        timeout)
        if headers is None:
            return None
        if sum(_prose_under(m, lines, dpi, words_only=True) for m in headers.values()) * 2 > len(headers):
            # Most "headings" have a line of prose running on under them: the Offer's paragraphs
            # in capitals ("... OPTIONS GRANTED IN THE SIX MONTHS ... EXERCISE PRICE ..."), not a
            # table (a prose page read as one split its form in two).
            return None
        if len(headers) < len(GRANT_FIELDS):
            headers = _reread_headers(image, list(headers.values()), dpi, timeout) or headers
        cols = _columns(_whole_headings(headers, lines, dpi))
        head_bottom = max(m.box.y1 for m in headers.values()) + int(0.04 * dpi)
        # The headings found may stand on two tiers (those of one tier side by side, and a
        # heading of the other further along): the upper tier is the headings level with the
        # highest.
        top_cy = min(m.box.cy for m in headers.values())
        upper = {k: m for k, m in headers.items() if m.box.cy <= top_cy + TIER_LEVEL_IN * dpi}
        lower = _second_tier(lines, upper, dpi) if len(upper) < len(GRANT_FIELDS) and len(upper) >= 2 else None
        if lower is not None:
            # Headings on two tiers, each grant written over two rows: each tier its columns.
            headers = upper
            tiers = [_on_walls(c, ink, tier, dpi) for c, tier in zip(_tier_columns(headers, lower), (headers, lower))]
            cols = tiers[0]
            head_bottom = max(m.box.y1 for m in lower.values()) + int(0.04 * dpi)
            # The rule under the headings, where one is printed, is no row's writing.
            width = cols[-1][2] - cols[0][1]
            under = [r.y1 for r in rules if r.width >= 0.5 * width and
                     head_bottom - 0.05 * dpi <= r.cy <= head_bottom + 0.15 * dpi]
            head_bottom = max([head_bottom] + [y + 2 for y in under])
    captions: list[Line] = []
    over = _caption_rules(headers, rules, dpi) if grid is None and tiers is None else None
    if over is not None:
        # The headings are captions under the rules written on, repeated under every grant:
        # the rows begin over the first grant's rules, and no caption is writing.
        head_bottom = _room_over(over, lines, dpi)
        captions = [ln for ln in lines if ln.box.y0 >= head_bottom and _all_heading(ln)]
        # Each field's column is its rule, whose writing may run wider than its caption.
        cols = [(key, over[key].x0, over[key].x1) if key in over else (key, x0, x1) for key, x0, x1 in cols]
    left, right = max(0, cols[0][1]), min(ink.shape[1], cols[-1][2])
    bottom = _table_bottom([ln for ln in lines if ln not in captions], rules, head_bottom, left, right,
                           ink.shape[0], dpi)
    if grid is not None:
        bottom = min(bottom, grid_bottom + int(0.03 * dpi))
    body = Box(left, head_bottom, right, bottom)
    clean = clean_region(ink, body, dpi)
    grants = []
    ruled = [y - head_bottom for y in ruled_rows(rules, head_bottom, bottom, left, right, dpi)]
    if over is not None:
        # Every grant's captions, read or not (small print the page's reading may drop): the
        # band as deep as the first grant's under each of its rules.
        blank_words(clean, body.x0, body.y0, [w for ln in captions for w in ln.words])
        depth = _caption_depth(headers, over, captions, dpi)
        for y in ruled:
            for r in over.values():
                clean[max(0, y):max(0, y + depth), max(0, r.x0 - body.x0):max(0, r.x1 - body.x0)] = False
    # "TOTAL" printed in the table's band (read as print by the page's reading): a row level
    # with it is the total line, whatever its cells were read as.
    printed_totals = [m.box for m in _printed_totals(lines)
                      if head_bottom < m.box.cy < bottom and left <= m.box.cx <= right]
    # The writing past the last column, where no wall closes the table: a figure begun in the
    # last column and run on past its end is that column's (`_cells`), not a value in no column.
    past = clean_region(ink, Box(right, head_bottom, right + int(BEYOND_TABLE_IN * dpi), bottom), dpi) \
        if grid is None and tiers is None else clean[:, :0]
    wide = np.hstack([clean, past]) if past.shape[0] == clean.shape[0] else clean

    def read_row(cols, a: int, b: int, idx: int) -> dict[str, Reading]:
        """The cells of the row band [a, b) under the columns `cols`."""
        y0, y1 = head_bottom + a - int(0.05 * dpi), head_bottom + b + int(0.05 * dpi)
        cells = _cells(wide[a:b], cols, left, dpi)
        # The walls standing in this row: an upright stroke the length of one row (a "1" as
        # tall as its row, over a rule to rule) joined the table's walls and parted every row.
        here = [w for w in walls
                if min(w.y1, head_bottom + b) - max(w.y0, head_bottom + a) >= WALL_IN_ROW * (b - a)]
        touched = [here[n] for n in _touching(clean[a:b], here, left, dpi)]
        row = {}
        for key, x0, x1 in cols:
            crop = _crop(crops, page, f"grant{idx + 1}-{key}")
            x0, x1 = max(0, x0), min(ink.shape[1], x1)
            if x1 - x0 < COLUMN_LEAST_IN * dpi:
                # A column placed (from the headings' spacing) past the page's edge: nothing read.
                row[key] = Reading(None, 0.0, page=page, evidence={"why": "its column lies beyond the page",
                                                                   "label_unread": True})
                continue
            if key not in cells:
                row[key] = read_value(image, ink, Box(x0, y0, x1, y1), GRANT_KINDS[key], dpi, page=page,
                                      timeout=timeout, crop_path=crop)
                continue
            cx0, cx1, crosses, cut = cells[key]
            row[key] = read_value(image, ink, Box(cx0, y0, cx1, y1), GRANT_KINDS[key], dpi, page=page,
                                  timeout=timeout, crop_path=crop)
            if cut and not row[key].evidence.get("blank"):
                # Its writing and a neighbour's ran together closer than a word's space and were
                # parted at the column's edge: one value's end may be in the other ("$9.38" and
                # "0" read "9." and "380", 0.95).  Said for the reviewer, no longer a doubt of
                # its own: over eight sets every wrong value it fired on was caught by another
                # check, and alone it held back 25 right ones (docs/measurements.md).
                row[key].evidence[CUT_FROM_NEIGHBOUR] = True
            if crosses:
                row[key].evidence["crosses_column"] = True
                # A long date runs into the next column on a narrow table; read the same from
                # both crops it is whole (39 of 39 such dates right on twelve sets, the counts
                # beside them 34 of 35, the one wrong sent to review).  Anything else that
                # reaches so far may hold a piece of its neighbour.
                if not (key == "grant_date" and row[key].evidence.get("stable")):
                    row[key].confidence = min(row[key].confidence, 0.5)
        for key, spans in _beside_unnamed_writing(clean[a:b], here, cols, headers, left, dpi).items():
            if key == "exercise_price" and not row[key].evidence.get("blank") and \
                    (whole := _price_with_cents(spans, image, ink, (y0, y1), dpi, page=page,
                                                timeout=timeout, crop=_crop(crops, page, f"grant{idx + 1}-{key}"))
                     ) is not None:
                row[key] = whole
            elif not row[key].evidence.get("blank"):
                row[key].evidence[PARTED_BY_A_RULE] = True
                note(row[key], PARTED_BY_A_RULE)
                row[key].confidence = min(row[key].confidence, 0.3)
        for key, x0, x1 in cols:
            near = max(3, int(WALL_MARGIN_IN * dpi)) + 2
            if any(abs(w.x1 - x0) <= near or abs(w.x0 - x1) <= near for w in touched) \
                    and not row[key].evidence.get("blank"):
                # Writing that touches or crosses a printed wall may hold a piece of its
                # neighbour, or have left one there ("1,000" read 0): never trimmed, doubted.
                row[key].evidence["touches_wall"] = True
                note(row[key], TOUCHES_WALL)
                row[key].confidence = min(row[key].confidence, 0.5)
        for key in _apart_beside_blank(wide[a:b], cells, cols, left, dpi):
            if not row[key].evidence.get("blank"):
                note(row[key], PIECES_APART)
                row[key].confidence = min(row[key].confidence, 0.5)
        _read_twice(row, dpi)
        # (Writing beyond the table is looked for past the last column's own, where it ran on.)
        end = max([right] + [cells[k][1] for k, _, _ in cols[-1:] if k in cells])
        _row_doubts(row, ink, (a, b), (y0, y1), end, dpi)
        moved = _year_left_behind(row, cells, clean[a:b], left, dpi)
        if moved is None and "grant_date" in row and "shares_granted" in row and \
                _year_split(row["grant_date"].raw, row["shares_granted"].raw) is not None:
            # A year cut between the date's cell and the count's that is not given back as
            # above (its first figures in the date's cell, or a date in figures): "06-28-1" and
            # "9975000", the count trusted at 0.95.  Cutting again where the year would end
            # read "1961" and 2000 for 1996 and 12,000, both trusted, so both are a person's.
            for key in ("grant_date", "shares_granted"):
                note(row[key], YEAR_SPLIT)
                row[key].confidence = min(row[key].confidence, 0.5)
        if moved is not None:
            date_x1, count_x0 = moved
            date = read_value(image, ink, Box(cells["grant_date"][0], y0, date_x1, y1), "date", dpi, page=page,
                              timeout=timeout, crop_path=_crop(crops, page, f"grant{idx + 1}-grant_date"))
            if date.value is not None:
                count = read_value(image, ink, Box(count_x0, y0, cells["shares_granted"][1], y1), "count", dpi,
                                   page=page, timeout=timeout,
                                   crop_path=_crop(crops, page, f"grant{idx + 1}-shares_granted"))
                for r in (date, count):
                    r.evidence["year_joined_to_its_date"] = True
                row["grant_date"], row["shares_granted"] = date, count
        if any(y0 <= t.cy <= y1 for t in printed_totals):
            row["shares_tendered" if "shares_tendered" in row else next(iter(row))].evidence["printed_total"] = True
        return row

    bands = _examples_left_out(_rows(clean, cols, left, dpi, ruled),
                               _example_marks(image, lines, body, dpi, timeout, walls[0].x1 + 2 if walls else None),
                               ruled, head_bottom, dpi)
    if tiers is None:
        for a, b in bands:
            _keep_row(read_row(cols, a, b, len(grants)), grants)
    else:
        # Each grant written over two rows, each row under its own tier of headings: a row is
        # the tier whose columns its printed walls stand between, or, no walls telling, the
        # tier after the row before's.
        grant: dict[str, Reading] | None = None
        tier = 1
        for a, b in bands:
            tier = _tier_of(ink, tiers, head_bottom + a, head_bottom + b, dpi) or (1 - tier)
            part = read_row(tiers[tier], a, b, len(grants))
            if tier == 0:
                if grant is not None:
                    _keep_tiers(grant, grants, page)
                grant = part
            else:
                grant = {**(grant or {}), **part}
                _keep_tiers(grant, grants, page)
                grant = None
        if grant is not None:
            _keep_tiers(grant, grants, page)
    if not grants and _has_writing(_without_print(clean, body, lines), dpi):
        # Headings found and writing under them, but no row read from it (the headings of a
        # layout read as a table's that is none, its values elsewhere): a row written and not
        # read, for a person, not an empty table.
        grants.append(_unread_row("writing under the grant table's headings was not read as any row",
                                  page, body.tuple()))
    _total_line(grants)
    _rows_unlike(grants)
    return grants


def _caption_rules(headers: dict[str, Match], rules: list[Box], dpi: float) -> dict[str, Box] | None:
    """The rule each heading is printed under, when the headings are captions: all headings but
    one at most just under a rule (its middle over the heading's, within CAPTION_UNDER_IN of its
    top) reaching across the heading's middle, the rules more than one and each shorter than
    the headings' span (a rule to each field, as application forms caption the rules of a
    history's rows; a table's top border spans them all).  None when the headings head their
    columns."""
    span = max(m.box.x1 for m in headers.values()) - min(m.box.x0 for m in headers.values())
    over = {}
    for key, m in headers.items():
        # (The heading's box may take in the rule it stands under: by the rule's middle.)
        above = [r for r in rules if r.x0 <= m.box.cx <= r.x1 and r.width < 0.6 * span
                 and m.box.y0 - CAPTION_UNDER_IN * dpi <= r.cy < m.box.cy]
        if above:
            over[key] = max(above, key=lambda r: r.y1)
    distinct = {r.tuple() for r in over.values()}
    if len(headers) < 3 or len(over) < len(headers) - 1 or len(distinct) < 2:
        return None
    return over


def _caption_depth(headers: dict[str, Match], over: dict[str, Box], captions: list[Line], dpi: float) -> int:
    """How far under its rule a grant's captions reach: the first grant's headings, and the
    lines of headings just under them (a caption on two lines, "Exercise Price Per / Share")."""
    bottom = {k: headers[k].box.y1 for k in over}
    for k, r in over.items():
        for ln in sorted(captions, key=lambda ln: ln.box.y0):
            if 0 <= ln.box.y0 - bottom[k] <= 0.1 * dpi and r.x0 <= ln.box.cx <= r.x1:
                bottom[k] = ln.box.y1
    return max(bottom[k] - r.y0 for k, r in over.items()) + int(0.03 * dpi)


def _room_over(over: dict[str, Box], lines: list[Line], dpi: float) -> int:
    """Where the room to write over the first grant's rules begins: CAPTION_ROOM_IN over the
    highest of them, or under the last line of print over them if that stands lower."""
    top = min(r.y0 for r in over.values())
    printed = [ln.box.y1 for ln in lines if ln.box.y1 < top - 0.05 * dpi and _printed_words(ln)]
    return max([top - int(CAPTION_ROOM_IN * dpi)] + [y + int(0.04 * dpi) for y in printed])


def _second_tier(lines: list[Line], headers: dict[str, Match], dpi: float) -> dict[str, Match] | None:
    """The headings of the fields `headers` lacks, on a second tier under them ("Grant Date |
    No. of Shares Granted | Exercise Price" over "No. of Shares Exercised | Shs. Tendered"):
    each grant is then written over two rows, the second under the second tier.  None unless
    every field lacking is headed there, side by side in the printed order."""
    missing = [k for k in GRANT_FIELDS if k not in headers]
    top = max(m.box.y1 for m in headers.values())
    level = float(np.mean([m.box.cy for m in headers.values()]))
    used = {id(w) for m in headers.values() for w in m.words}
    cells = _heading_cells(lines, dpi)
    near = {k: sorted([m for p in form.TABLE_COLUMNS[k] for m in find_phrase(lines, p, 0.7) + find_phrase(cells, p, 0.7)
                       if m.box.y0 >= top - 0.02 * dpi and m.box.cy - level <= TIER_BELOW_IN * dpi
                       and not {id(w) for w in m.words} & used], key=lambda m: -m.score)[:6] for k in missing}
    best, score = None, 0.0
    for chosen in _orderings(missing, near, [], set(), -1e9, 0.5 * dpi):
        if len(chosen) == len(missing) and sum(m.score for m in chosen.values()) > score:
            best, score = chosen, sum(m.score for m in chosen.values())
    # Headings found between the first tier's, in the printed order with them, are no second
    # tier: one row of headings set on stacked lines, some deeper than others ("GRANT / DATE"
    # on two lines beside "NUMBER OF / SHARES / GRANTED" on three).  A second tier starts
    # again under the first's left.
    return None if best is None or _side_by_side(headers, best) else best


def _side_by_side(upper: dict[str, Match], lower: dict[str, Match]) -> bool:
    """Whether two tiers' headings, taken together from left to right, stand in the table's
    printed order: then they are one row of headings, not a grant's two rows."""
    both = {**upper, **lower}
    return sorted(both, key=lambda k: both[k].box.cx) == [k for k in GRANT_FIELDS if k in both]


def _tier_columns(upper: dict[str, Match], lower: dict[str, Match]) -> list[list[tuple[str, int, int]]]:
    """Each tier's columns: halfway between its headings, both tiers within the upper's
    table's left and right (half a column beyond its outer headings)."""
    def columns(tier: dict[str, Match], left: float | None = None, right: float | None = None):
        keys = [k for k in GRANT_FIELDS if k in tier]
        xs = [tier[k].box.cx for k in keys]
        if left is None:
            step = (xs[-1] - xs[0]) / (len(xs) - 1)
            left, right = xs[0] - step / 2, xs[-1] + step / 2
        bounds = [left] + [(a + b) / 2 for a, b in zip(xs, xs[1:])] + [right]
        return [(k, int(bounds[i]), int(bounds[i + 1])) for i, k in enumerate(keys)], left, right
    top, left, right = columns(upper)
    return [top, columns(lower, left, right)[0]]


def _on_walls(cols: list[tuple[str, int, int]], ink: np.ndarray, tier: dict[str, Match], dpi: float
              ) -> list[tuple[str, int, int]]:
    """A tier's columns parted where the walls printed through its headings' row stand (the
    nearest wall within half a column of each parting), where there are walls."""
    y0 = max(0, min(m.box.y0 for m in tier.values()) - int(WALL_PAD_IN * dpi))
    y1 = max(m.box.y1 for m in tier.values()) + int(WALL_PAD_IN * dpi)
    band = ink[y0:y1]
    # (A fax's dropped rows break a wall: most of the band will do.)
    walls = np.flatnonzero(band.mean(axis=0) >= WALL_FILL) if band.size else np.array([], int)
    if not len(walls):
        return cols
    parts = [cols[0][1]] + [c[2] for c in cols]
    widths = [c[2] - c[1] for c in cols]
    snapped = []
    for i, x in enumerate(parts):
        reach = 0.5 * min(widths[max(0, i - 1)], widths[min(len(widths) - 1, i)])
        near = walls[np.abs(walls - x) <= reach]
        snapped.append(int(near[np.argmin(np.abs(near - x))]) if len(near) else x)
    # The table's outer walls, where they stand beyond the parts' guesses, are its edges.
    snapped[0] = min(snapped[0], int(walls.min()))
    snapped[-1] = max(snapped[-1], int(walls.max()))
    return [(k, snapped[i], snapped[i + 1]) for i, (k, _a, _b) in enumerate(cols)]


def _tier_of(ink: np.ndarray, tiers, y0: int, y1: int, dpi: float) -> int | None:
    """Which tier a row band is, by the printed walls standing through it: the tier whose
    columns part where the walls stand, when the walls say so of one tier only."""
    band = ink[y0 + 2:max(y0 + 3, y1 - 2)]
    if band.shape[0] < 4:
        return None
    full = np.flatnonzero(band.mean(axis=0) >= WALL_FILL)
    near = TIER_WALL_IN * dpi
    fits = [all(any(abs(x - c[1]) <= near for x in full) for c in cols[1:]) for cols in tiers]
    return fits.index(True) if fits.count(True) == 1 else None


def _keep_tiers(grant: dict[str, Reading], grants: list[dict[str, Reading]], page: int) -> None:
    """Add a grant read over two rows; a field whose row was not read is unknown, not blank (a
    total's row, "TOTAL" printed on it, has no other fields)."""
    total = any(r.evidence.get("printed_total") for r in grant.values())
    for k in GRANT_FIELDS:
        if k not in grant:
            grant[k] = Reading(None, 1.0, page=page, evidence={"blank": True}) if total else \
                Reading(None, 0.0, page=page, evidence={"why": "its row of the grant was not read", "label_unread": True})
    _keep_row({k: grant[k] for k in GRANT_FIELDS}, grants)


def _unread_row(why: str, page: int, bbox, *also: str) -> dict[str, Reading]:
    """One row of unread cells standing for a table whose writing is a person's to read
    (`BODY_UNREAD`, and any further notes in `also`)."""
    evidence = {"why": why, BODY_UNREAD: True, **{n: True for n in also}}
    return {key: Reading(None, 0.0, page=page, bbox=bbox, evidence=dict(evidence)) for key in GRANT_FIELDS}


def _keep_row(row: dict[str, Reading], grants: list[dict[str, Reading]]) -> None:
    """Add a row read to the grants if anything is written in it."""
    written = [k for k, r in row.items() if not r.evidence.get("blank")]
    if row["grant_date"].evidence.get("blank") and len(written) >= 2:
        # Every grant has a date: a row written in its other cells whose date place reads
        # empty had its date missed (the blind set recorded such rows with no date).
        row["grant_date"].confidence = min(row["grant_date"].confidence, 0.5)
        row["grant_date"].evidence["row_written_without_date"] = True
    blanks_above = [r for r in grants[-1].values() if r.evidence.get("blank")] if grants else []
    if row["grant_date"].value is None and written and len(blanks_above) >= CONTINUED_BLANKS:
        # A row written with no date read under a row with cells left blank: it may be no grant
        # of its own but the grant above written on over two lines (a table printing each grant
        # over two rows, its counts on the lower, not under their headings), its values the
        # row above's and that row's blank cells written here.
        doubted = [row[k] for k in written if k != "grant_date"] + blanks_above
        for r in doubted:
            r.confidence = min(r.confidence, 0.5)
            note(r, ROW_WITHOUT_DATE)
    if any(r.value is not None or not r.evidence.get("blank") for r in row.values()):
        grants.append(row)


def _read_twice(row: dict[str, Reading], dpi: float) -> None:
    """Two cells side by side whose writing, as read, overlaps: the same ink read into both
    ("500" written over the price's wall onto "1.25": the count read "5" from its own cell and
    the price "500.25", 0.95).  Ink is one value's: both are a person's."""
    # (Side by side as printed: left to right, not always the form's order.)
    keys = sorted((k for k in GRANT_FIELDS if k in row and row[k].bbox), key=lambda k: row[k].bbox[0])
    for k0, k1 in zip(keys, keys[1:]):
        a, b = row[k0], row[k1]
        if a.value is None or b.value is None:
            continue
        if a.bbox[2] - b.bbox[0] > READ_TWICE_IN * dpi:
            for r in (a, b):
                note(r, READ_TWICE)
                r.confidence = min(r.confidence, 0.5)


def _row_doubts(row: dict[str, Reading], ink: np.ndarray, band: tuple[int, int], place: tuple[int, int],
                right: int, dpi: float) -> None:
    """What the page says against a row as read: a band too tall for one row of writing (rows
    run together, the rows in it lost), or writing beside the row beyond the table's last
    column (a value that lies in no column, never read).  Every cell of such a row is doubted,
    and the row says why, so that the page can tell its document (`table_doubts`)."""
    a, b = band
    y0, y1 = place
    why = None
    if b - a > ROW_TALLEST_IN * dpi:
        why = ROWS_RUN_TOGETHER
    else:
        x0 = right + int(BEYOND_FROM_IN * dpi)
        beyond = clean_region(ink, Box(x0, y0, min(ink.shape[1], x0 + int(BEYOND_TABLE_IN * dpi)), y1), dpi)
        if beyond.size and _has_writing(beyond, dpi):
            why = WRITING_BEYOND_TABLE
    if why is None:
        return
    for r in row.values():
        r.evidence[why] = True
        r.confidence = min(r.confidence, 0.3)


def _without_print(clean: np.ndarray, region: Box, lines: list[Line]) -> np.ndarray:
    """A cleaned region with the words the page's reading read as print blanked (a ledger's
    printed row numbers, a label)."""
    out = clean.copy()
    blank_words(out, region.x0, region.y0, [w for ln in lines for w in ln.words if w.conf >= PRINTED_WORDS_CONF])
    return out


def _has_writing(clean: np.ndarray, dpi: float) -> bool:
    """Whether a cleaned region holds writing as big as a written character (at least 0.08 in
    each way).  Ink that runs the region's
    whole height (a page's edge, the table a photographed page lay on) or fills a block solid is
    no writing."""
    count, _labels, stats, _ = components(clean.astype(np.uint8), 8)
    boxes = [(x, y, x + w, y + h) for x, y, w, h, area in stats[1:]
             if h < clean.shape[0] - 2 and not (area > 0.6 * w * h and w * h > (0.3 * dpi) ** 2)]
    if not boxes:
        return False
    w = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    h = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    return w >= 0.08 * dpi and h >= 0.08 * dpi


def _price_with_cents(pairs: list[tuple[tuple[int, int], tuple[int, int]]], image: Image.Image, ink: np.ndarray,
                      band: tuple[int, int], dpi: float, *, page: int, timeout: float, crop=None) -> Reading | None:
    """A price written in two printed cells under its heading, dollars | cents, as amounts are
    printed on tax forms and deposit slips: the dollars read in the first as a whole number
    (no point read), the cents in the second as two figures, joined ("7 | 50" is 7.50), as
    sure as the less sure of the two.  None where the writing is not so: the price goes to
    a person (`PARTED_BY_A_RULE`)."""
    if len(pairs) != 1:
        return None
    (d0, d1), (c0, c1) = pairs[0]
    m = max(3, int(WALL_MARGIN_IN * dpi))
    dollars = read_value(image, ink, Box(d0 + m, band[0], d1 - m, band[1]), "price", dpi, page=page,
                         timeout=timeout, crop_path=crop)
    if dollars.value is None or re.search(r"[.,:]", dollars.raw or "") or not str(dollars.value).endswith(".00"):
        return None
    cents = read_value(image, ink, Box(c0 + m, band[0], c1 - m, band[1]), "cents", dpi, page=page, timeout=timeout)
    if cents.value is None:
        return None
    value = f"{int(float(dollars.value))}.{cents.value:02d}"
    return Reading(value, min(dollars.confidence, cents.confidence), page=page,
                   bbox=(d0, band[0], c1, band[1]), raw=f"{dollars.raw} | {cents.raw}", engine=dollars.engine,
                   crop_path=dollars.crop_path, evidence={**dollars.evidence, "cents_apart": cents.evidence})


def _beside_unnamed_writing(band: np.ndarray, walls: list[Box], cols, headers: dict[str, Match], left: int,
                            dpi: float) -> dict[str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """The columns beside a printed cell that no heading names and that holds writing in this
    row, each with the two cells' spans (page x from, to; its own and the unnamed one, left to
    right): a heading over two cells (a price's dollars | cents) gave its name to one of them.
    The one whose heading reaches over the unnamed cell, or both where neither's does."""
    out: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    spans = [(a.x1, b.x0) for a, b in zip(walls, walls[1:])]
    owner = [next((k for k, x0, x1 in cols if s0 - 2 <= x0 and x1 <= s1 + 2), None) for s0, s1 in spans]
    m = max(3, int(WALL_MARGIN_IN * dpi))
    for i, (s0, s1) in enumerate(spans):
        if owner[i] is not None or s1 - s0 <= 2 * m:
            continue
        cell = band[:, max(0, s0 + m - left):max(0, s1 - m - left)]
        if cell.size and _has_a_figure(cell, dpi):
            beside = {owner[j]: j for j in (i - 1, i + 1) if 0 <= j < len(spans) and owner[j] is not None}
            over = [k for k in beside if k in headers and headers[k].box.x1 > s0 + m and headers[k].box.x0 < s1 - m]
            for k in over or beside:
                out.setdefault(k, []).append(tuple(sorted((spans[i], spans[beside[k]]))))
    return out


def _has_a_figure(clean: np.ndarray, dpi: float) -> bool:
    """Whether a cleaned region holds a mark as tall as a written figure (a "1" too, which
    `_has_writing` does not count: it asks for a character's width as well).  A mark running
    the region's height is a wall's piece when thin, writing cut by the row's band when not
    ("$9", its dollar sign run into the figure)."""
    _count, _labels, stats, _ = components(clean.astype(np.uint8), 8)
    return any(FIGURE_LEAST_IN * dpi <= h and (h < clean.shape[0] - 2 or w >= FIGURE_WIDE_IN * dpi)
               for _x, _y, w, h, _a in stats[1:])


def _row_height(row: dict[str, Reading]) -> float | None:
    """The middle height of a row's values as written (their ink's boxes), None if none read."""
    hs = sorted(r.bbox[3] - r.bbox[1] for r in row.values()
                if r.bbox and r.value is not None and not r.evidence.get("blank"))
    return float(np.median(hs)) if hs else None


def _rows_unlike(rows: list[dict[str, Reading]]) -> None:
    """Doubt a first row written much smaller than the table's other rows: print among
    handwriting (a form's worked example, "01/15/2001  1,000  $12.50", printed in its first row
    and read, sure, as the holder's first grant, where the word "Example" beside it was too small
    for a fax to keep).  Each of its cells goes to a person, and the page says why (`table_doubts`).

    Only the first row: a form prints its example before the rows it leaves to the filer.  A
    later row written smaller is a hand that varies from line to line (rows of one table differ
    by a tenth and more), not print."""
    rows = [row for row in rows if not is_stray_mark(row) and not is_total_line(row)]
    heights = [_row_height(row) for row in rows]
    if len(rows) < 2 or heights[0] is None:
        return
    others = [h for h in heights[1:] if h is not None]
    if others and heights[0] < UNLIKE_ROW_SHARE * float(np.median(others)):
        for r in rows[0].values():
            r.evidence[SMALLER_THAN_ITS_TABLE] = True
            doubt(r, SMALLER_THAN_ITS_TABLE, "a first row written much smaller than the others: perhaps "
                  "the form's printed example", blank_too=True)


def table_doubts(rows: list[dict[str, Reading]], page: int) -> list[tuple[str, str]]:
    """The notes a page's table gives its document: rows run together, writing beside the table."""
    notes = []
    if any(r.evidence.get(ROWS_RUN_TOGETHER) for row in rows for r in row.values()):
        notes.append((ROWS_RUN_TOGETHER, f"The grant table on page {page} has rows that could not be told "
                                          "apart; a person should read every row from the page."))
    total = next((row for row in rows if is_total_line(row)), None)
    if total is not None and not total["shares_tendered"].evidence.get("total_agrees"):
        said = total["shares_tendered"].value
        notes.append((TOTAL_DISAGREES, f"The total written under the grant table on page {page} "
                      + (f"({said:,}) is not the sum of the rows read; a row may be missing or misread."
                         if said is not None else "could not be read; a person should check the rows against it.")))
    if any(r.evidence.get(WRITING_BEYOND_TABLE) for row in rows for r in row.values()):
        notes.append((WRITING_BEYOND_TABLE, f"Writing beside the grant table on page {page} lies outside its "
                                             "columns; a person should read those rows from the page."))
    smaller = [i + 1 for i, row in enumerate(rows) if any(r.evidence.get(SMALLER_THAN_ITS_TABLE) for r in row.values())]
    if smaller:
        notes.append((SMALLER_THAN_ITS_TABLE, f"Row {', '.join(map(str, smaller))} of the grant table on page {page} "
                      "is written much smaller than the others: it may be print (the form's worked example), "
                      "not a grant; a person should check it against the page and remove it if so."))
    written = [r for row in rows if not is_stray_mark(row) and not is_total_line(row)
               for r in row.values() if not r.evidence.get("blank")]
    if written and sum(r.value is None for r in written) >= UNREAD_CELLS * len(written):
        notes.append((TABLE_UNREAD, f"Most of the writing in the grant table on page {page} could not be read; "
                                    "a person should read every row from the page, and look for rows not found."))
    return notes


# A date read without its year ("November 28,") and, beside it, a count read as a year and
# then a number ("2000 20,000", or run together "199712,000"): on a narrow table the date's
# year was given to the count.
_MONTH_DAY = re.compile(r"[A-Za-z]{3,9}\.?\s*\d{1,2}(?:st|nd|rd|th)?\s*[,.]?")
_YEAR_THEN = re.compile(r"(?:19|20)\d\d[,.]?\s*\d.*")
# A date read with its year's first figures only, or a numeric date read with none ("06-28-1",
# "06-28-"), and the count beside it read beginning with the rest of a year.
_DATE_HEAD = re.compile(rf"(?:{_MONTH_DAY.pattern}|\d{{1,2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.])\s*(\d{{0,3}})")
_COUNT_AFTER = re.compile(r"[,.]?\s*(0|[1-9][\d,.]*)")     # no count is written led by a 0
# A count as people write one: five figures at most, or grouped in threes ("2,500", "15,000").
_WRITTEN_COUNT = re.compile(r"[1-9]\d{0,4}|[1-9]\d{0,2}(?:,\d{3})+|0")


def _year_split(date_raw: str | None, count_raw: str | None) -> tuple[str, str] | None:
    """A date's year begun in its own cell and ended in the count's, as the recogniser read
    the two ("06-28-1" and "9975000"): the year and the count's own figures after it; None
    when the count's cell reads as a count people write ("2,500" beside "05-16-199": the
    date's last figure lost, not its year run on), or the two readings make no year of 19xx or
    20xx followed by a count ("12/3/195" and "10000" make 1951 and "0000", which no one
    writes)."""
    head = _DATE_HEAD.fullmatch((date_raw or "").strip())
    count = (count_raw or "").strip()
    if head is None or _WRITTEN_COUNT.fullmatch(count):
        return None
    taken = 4 - len(head.group(1))
    year, rest = head.group(1) + count[:taken], _COUNT_AFTER.fullmatch(count[taken:])
    if not re.fullmatch(r"(?:19|20)\d\d", year) or rest is None:
        return None
    return year, re.sub(r"\D", "", rest.group(1))


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
    cx0, cx1, _, _ = cells["shares_granted"]
    if any(cells["grant_date"][0] < c[0] < cx0 for c in cells.values()) or cx0 <= cells["grant_date"][0]:
        return None                      # the count's cell is not the next after the date's
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


def doubt_beside_stray_marks(rows: list[dict[str, Reading]]) -> None:
    """A lone mark left out of the table (`is_stray_mark`) may be a value written out of its
    place, in the next grant's cell or the one before ("0" for a grant's shares exercised,
    written wholly in the next grant's column): the same field's cell left blank in the rows
    beside it is no blank a reading may vouch for, and goes to a person with the mark."""
    for i, row in enumerate(rows):
        if not is_stray_mark(row):
            continue
        for key in (k for k, r in row.items() if not r.evidence.get("blank")):
            for j in (i - 1, i + 1):
                if 0 <= j < len(rows) and not is_stray_mark(rows[j]):
                    cell = rows[j][key]
                    if cell.value is None and cell.evidence.get("blank"):
                        cell.confidence = min(cell.confidence, 0.5)
                        note(cell, STRAY_MARK_BESIDE)


def _total_line(rows: list[dict[str, Reading]]) -> None:
    """A table's last 'row' that is its total, not a grant: printed "TOTAL" on it, or only a
    count of shares tendered written there that is the sum of the rows above.  Marked
    (`evidence["total_line"]`, with whether it agrees with the rows), so that the page leaves
    it out of the grants; a total that does not agree says a row may be missing or misread."""
    if len(rows) < 2:
        return
    last, above = rows[-1], rows[:-1]
    tendered = last["shares_tendered"].value
    labelled = last["shares_tendered"].evidence.get("printed_total") or any(
        similar(token(part), form.TABLE_TOTAL, 0.8) >= 0.8 for r in last.values()
        for part in re.split(r"[^A-Za-z]+", r.raw or "") if part)
    # Unlabelled, nothing else may be written on the line: a grant whose other cells went
    # unread is still a grant.
    others = [k for k, r in last.items() if k != "shares_tendered" and not r.evidence.get("blank")]
    sums = [row["shares_tendered"].value for row in above]
    total = sum(v for v in sums if v is not None) if all(v is not None for v in sums) else None
    if not labelled and (others or tendered is None or tendered != total):
        return
    agrees = tendered is not None and tendered == total
    for r in last.values():
        r.evidence["total_line"] = True
        r.evidence["total_agrees"] = agrees


def is_total_line(row: dict[str, Reading]) -> bool:
    """The table's total line (`_total_line`), not a grant."""
    return bool(row["shares_tendered"].evidence.get("total_line"))
