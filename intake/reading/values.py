"""Reading one value from its place on the page, twice, and saying how sure we are.

The place is cleaned of printed rules and fax specks; if nothing is written
there the value is blank (None).  Otherwise two independent recognisers read
it: the PP-OCR line recogniser (good on handwriting) and Tesseract on a single
line.  Both readings are normalised; agreement is the strongest evidence a
value is right, and the confidence says so (see `intake.reading.calibration`).
"""
from __future__ import annotations

import itertools
import logging
import re
from functools import partial
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ocr import handwriting, tesseract
from ocr.checkbox import BoxReading
from ocr.errors import ToolFailed, ToolTimeout
from ocr.layout import Box, comb_teeth, dot_rows, horizontal_rules, printed_dots, vertical_rules
from ocr.preprocess import components, remove_specks

from .. import normalize
from ..model import Reading
from . import calibration, doubts

log = logging.getLogger(__name__)

# Digits the recogniser confuses on some hands, and the kinds of value where that matters;
# in a price a 5 may be a dollar sign read as one ("$5.0" read "55.0", seed 1414).
CONFUSABLE = re.compile(r"[1749]")
CONFUSABLE_KINDS = ("count", "price", "ssn", "date", "signed_at", "cents")
CONFUSABLE_BY_KIND = {"price": re.compile(r"[14759]")}
SWAP_CHECKED_KINDS = ("count", "price", "ssn", "date", "cents")     # where Tesseract is asked about a 1 or a 7
NO_COLON_TIME = re.compile(r"\d{3,4}\s*[ap]\.?\s?m", re.I)   # "403 PM", "1122 AM"
WRITTEN_YEARS = (1900, 2099)   # a date's year outside these was misread, not written
RULE_CONTEXT_IN = 0.4     # rules are looked for this far past a region along their length
STROKE_WIDTH = 0.3        # a 1 is at most this wide for its height; a slash leans wider
COMB_RULES_IN = 0.08     # a box's rules are looked for this far above and below a place in it
COMB_BESIDE_IN = 0.5     # ... and a comb's walls this far either side of it
# A comb's printed point: a blob at a wall's foot standing out on both its sides by this
# much at least and at most, within this height over the foot.
POINT_SIDE_IN = (0.008, 0.03)
POINT_HIGH_IN = 0.05
POINT_TALL_IN = 0.012     # ... on this many rows of pixels: a ragged rule's top row is none
CENTS = 2                 # places after a price's point
PLACE_INK_PX = 4          # pixels of ink that make a comb's place written in
DOT_SHARE = 0.25          # a decimal point is at most this share of the characters' height each way

# Names and address lines as people write them: capitalised words and initials with a stop
# (Mary-Jane, O'Brien, McDonald, Jr.), or words in capitals as the form asks a name printed
# (DANIEL MURPHY, O'BRIEN); house numbers, '#', commas between parts, no stops.
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][a-z]*(?:[A-Z][a-z]+)?(?:[-'][A-Z][a-z]+)*|[A-Z]{2,}(?:[-'][A-Z]{2,})*|[JS]r\.?)"
_ADDRESS_WORD = r"(?:#|#?[A-Za-z0-9]+(?:[-'/][A-Za-z0-9]+)*,?)"
WELL_FORMED = {
    "name": re.compile(rf"{_NAME_WORD}(?: {_NAME_WORD})*"),
    "address": re.compile(rf"{_ADDRESS_WORD}(?: {_ADDRESS_WORD})*"),
}

WHITELIST = {
    "date": None, "signed_at": None, "time": None, "name": None, "address": None,
    "count": "0123456789,.-", "price": "0123456789.,$-", "ssn": "0123456789- ",
    "cents": "0123456789",
}


BOX_ENDS_UNEVEN = "box_edge_thicker_at_one_end"   # a doubt: `calibration.ENDS_UNEVEN_MIN`


def clean_region(ink: np.ndarray, region: Box, dpi: float, specks: bool = True) -> np.ndarray:
    """The ink of a region without printed rules and specks: what a person wrote there.

    With `specks=False` small dots stay: the dots of a colon or a decimal point are as
    small as fax noise, and the recognisers need them.
    """
    # (A region reaching past the page's edges is the part of it on the page, maybe none: a
    # negative bound would slice from the far end.)
    x0, y0 = max(0, region.x0), max(0, region.y0)
    region = Box(x0, y0, max(x0, min(ink.shape[1], region.x1)), max(y0, min(ink.shape[0], region.y1)))
    sub = ink[region.y0:region.y1, region.x0:region.x1].copy()
    if sub.size == 0:
        return sub
    # Rules are found in a strip reaching past the region along them: a cell narrowed to
    # its writing holds only a stub of the rules above and below it, too short to be known
    # for a rule there, and the recogniser read the stubs as strokes ("二0" for a typed 0).
    reach = int(RULE_CONTEXT_IN * dpi)
    hx0, hx1 = max(0, region.x0 - reach), min(ink.shape[1], region.x1 + reach)
    strip = ink[region.y0:region.y1, hx0:hx1]
    # Printed rules, and rules typed as a row of characters (longer, so a word is never one).
    rules = horizontal_rules(strip, int(0.35 * dpi)) + \
        horizontal_rules(strip, int(0.6 * dpi), bridge=int(0.035 * dpi), max_thickness=int(0.05 * dpi))
    for r in rules:
        x0, x1 = max(0, r.x0 + hx0 - region.x0), r.x1 + hx0 - region.x0
        if x1 > 0:
            sub[max(0, r.y0 - 1):r.y1 + 1, x0:max(x0, x1)] = False
    vy0, vy1 = max(0, region.y0 - reach), min(ink.shape[0], region.y1 + reach)
    for r in vertical_rules(ink[vy0:vy1, region.x0:region.x1], int(0.30 * dpi)):
        y0, y1 = max(0, r.y0 + vy0 - region.y0), r.y1 + vy0 - region.y0
        if y1 > 0:
            sub[y0:max(y0, y1), max(0, r.x0 - 1):r.x1 + 1] = False
    # The walls of printed character boxes (a comb), too short to be known for rules.
    for row in _combs(ink, region, dpi):
        for b in row:
            sub[max(0, b.y0 - 1):b.y1 + 1, max(0, b.x0 - 1):b.x1 + 1] = False
    # Rules printed as dots (the page's, found once): their dots are no writing.  Only what
    # lies wholly in a rule's band goes: a stroke that crosses it (a "y" or "J" written down
    # through a leader) keeps its whole length.
    sub[printed_dots(ink, dpi, sub, region.x0, region.y0)] = False
    # Rows of printed dots the page's dotted rules do not hold: a leader's dots bare beside
    # the writing set on it, too few for a rule, or spaced wider.
    for d in dot_rows(sub, dpi):
        sub[d.y0:d.y1, d.x0:d.x1] = False
    return _without_specks(sub, dpi) if specks else sub


def _without_specks(sub: np.ndarray, dpi: float) -> np.ndarray:
    """A cleaned region without the specks of fax noise (nor the dots of a colon or decimal point)."""
    return remove_specks(sub, max(6, int((0.015 * dpi) ** 2)))


def _written_box(clean: np.ndarray, dpi: float) -> Box | None:
    ys, xs = np.nonzero(clean)
    if len(xs) == 0:
        return None
    pad = int(0.04 * dpi)
    return Box(max(0, xs.min() - pad), max(0, ys.min() - pad),
               min(clean.shape[1], xs.max() + pad + 1), min(clean.shape[0], ys.max() + pad + 1))


def _two_ones(clean: np.ndarray, box: Box) -> bool:
    """Whether the writing in `box` begins with two upright strokes side by side: "11", where
    the recogniser read one 1 ("1/22/00" for 11/22/00, every reading alike: seeds 4444, 5050,
    7575).  A 1 a fax broke in two stays one stroke; a slash leans, so it is no stroke."""
    sub = clean[box.y0:box.y1, box.x0:box.x1].astype(np.uint8)
    count, _, stats, _ = components(sub, 8)
    if count < 3:
        return False
    tallest = stats[1:, cv2.CC_STAT_HEIGHT].max()
    pieces = sorted((int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH]),
                     int(stats[i, cv2.CC_STAT_TOP]), int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT]))
                    for i in range(1, count) if stats[i, cv2.CC_STAT_HEIGHT] >= 0.25 * tallest)
    glyphs: list[list[int]] = []
    for x0, x1, y0, y1 in pieces:
        if glyphs and min(x1, glyphs[-1][1]) - max(x0, glyphs[-1][0]) > 0.5 * min(x1 - x0, glyphs[-1][1] - glyphs[-1][0]):
            g = glyphs[-1]
            glyphs[-1] = [min(g[0], x0), max(g[1], x1), min(g[2], y0), max(g[3], y1)]
        else:
            glyphs.append([x0, x1, y0, y1])
    if len(glyphs) < 3:
        return False
    return all(y1 - y0 >= 0.6 * tallest and x1 - x0 <= STROKE_WIDTH * (y1 - y0) for x0, x1, y0, y1 in glyphs[:2])


def _one_glyph(clean: np.ndarray, box: Box) -> Image.Image | None:
    """The written ink in `box` as an image of its one character, if it is one: a single blob
    not much wider than tall, besides flat bits of a rule the writing stood on."""
    sub = clean[box.y0:box.y1, box.x0:box.x1].astype(np.uint8)
    # A fax breaks a thin "0" into arcs a pixel or two apart: they are one glyph.
    joined = cv2.morphologyEx(sub, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = components(joined, 8)
    if count < 2:
        return None
    tallest = stats[1:, cv2.CC_STAT_HEIGHT].max()
    tall = [i for i in range(1, count) if stats[i, cv2.CC_STAT_HEIGHT] >= 0.4 * tallest]
    if len(tall) != 1:
        return None
    x, y, w, h, _ = stats[tall[0]]
    if w > 1.2 * h:
        return None
    glyph = np.where((labels[y:y + h, x:x + w] == tall[0]) & (sub[y:y + h, x:x + w] > 0), 0, 255).astype(np.uint8)
    return Image.fromarray(cv2.copyMakeBorder(glyph, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255))


def _unread_dot(ink: np.ndarray) -> bool:
    """Whether the written ink holds a dot on the line between two digits ("1.25"), which a
    reading without a decimal point left out: a blob far smaller than the characters, low
    in their band, with characters on both sides of it."""
    count, _, stats, _ = components(ink.astype(np.uint8), 8)
    if count < 4:
        return False
    boxes = stats[1:, :4]
    tall = boxes[:, 3].max()
    chars = boxes[boxes[:, 3] >= 0.5 * tall]
    if len(chars) < 2:
        return False
    top = chars[:, 1].min()
    bottom = (chars[:, 1] + chars[:, 3]).max()
    left_end, right_start = chars[:, 0].min() + chars[:, 2][chars[:, 0].argmin()], chars[:, 0].max()
    for x, y, w, h in boxes:
        small = w <= DOT_SHARE * tall and h <= DOT_SHARE * tall
        low = y >= top + 0.6 * (bottom - top)
        if small and low and left_end <= x and x + w <= right_start:
            return True
    return False


def _swapped_17(a, b) -> bool:
    """Two readings that differ, and only where one has a 1 and the other a 7."""
    a, b = str(a), str(b)
    return len(a) == len(b) and a != b and all(x == y or {x, y} == {"1", "7"} for x, y in zip(a, b))


def _reads_1_for_7(mine, theirs) -> bool:
    """Whether another reading of the same length has a 1 where ours has a 7, somewhere: the
    one way Tesseract's dissent on handwriting is worth a person's look (the recogniser reads a
    1 with a long flag as 7).  Its other dissents are its own misreads of the hand: the 1 of
    "1,500" read 7, an 8 read 3, a 9 read 4 (docs/doubts.md)."""
    a, b = str(mine), str(theirs)
    return len(a) == len(b) and any(x == "7" and y == "1" for x, y in zip(a, b))


def _could_be_written(kind: str, value) -> bool:
    """Whether a reading is a value someone could have written there: a date of the year 7996
    (Tesseract's "1996" on some hands, seed 3636) is not, and so is no dissent."""
    if kind == "date":
        return WRITTEN_YEARS[0] <= int(str(value)[:4]) <= WRITTEN_YEARS[1]
    return True


def _crop_for_reading(clean: np.ndarray, box: Box) -> Image.Image:
    """Black-on-white image of just the written ink (rules removed), for the recognisers."""
    return _on_paper(np.where(clean[box.y0:box.y1, box.x0:box.x1], 0, 255).astype(np.uint8))


def _on_paper(img: np.ndarray) -> Image.Image:
    """A grey crop with the margin of paper the recognisers read best with."""
    return Image.fromarray(cv2.copyMakeBorder(img, 8, 8, 12, 12, cv2.BORDER_CONSTANT, value=255))


def _combs(ink: np.ndarray, region: Box, dpi: float) -> list[list[Box]]:
    """The walls of the rows of printed character boxes in a region (region coordinates),
    looked for a little above and below it: a place inside a box ends short of its rules."""
    pad = int(COMB_RULES_IN * dpi)
    y0 = max(0, region.y0 - pad)
    # Looked for beside the region too: a place written in is no longer a tick's, and the
    # comb's empty places may lie outside the room a cell's writing was found in.
    x0 = max(0, region.x0 - int(COMB_BESIDE_IN * dpi))
    rows = comb_teeth(ink[y0:min(ink.shape[0], region.y1 + pad), x0:min(ink.shape[1], region.x1 + int(COMB_BESIDE_IN * dpi))], dpi)
    out = []
    for row in rows:
        inside = [Box(b.x0 + x0 - region.x0, b.y0 + y0 - region.y0, b.x1 + x0 - region.x0, b.y1 + y0 - region.y0)
                  for b in row if b.x0 + x0 >= region.x0 and b.x1 + x0 <= region.x1]
        if inside:
            out.append(inside)
    return out


def _comb_row(ink: np.ndarray, region: Box, written: Box, dpi: float) -> list[Box] | None:
    """The walls of the one row of printed character boxes the writing stands in, if it does
    (in its boxes, or on an open comb's ticks: down among them from over them)."""
    rows = [r for r in _combs(ink, region, dpi) if r[0].y0 <= written.cy <= r[0].y1
            or written.y0 < r[0].y0 <= written.y1]
    return rows[0] if len(rows) == 1 else None


def _comb_pieces(clean: np.ndarray, walls: list[Box], box: Box) -> list[tuple[int, int] | None]:
    """The writing of a comb box by box, left to right: each box's ink columns (x0, x1), None
    for an empty box between written ones (a space between words); what stands outside the
    boxes (a printed hyphen between an SSN's groups, writing run past the last box) too."""
    sub = clean[box.y0:box.y1]
    edges = [0] + [x for b in walls for x in (b.x0, b.x1)] + [clean.shape[1]]
    # A wall lost (a fax drops it) leaves two boxes as one: parted again at the pitch, so an
    # empty box after a written one is still a space ("AMY C.PHILLIPS" for "AMY C. PHILLIPS").
    pitch = float(np.median(np.diff([b.cx for b in walls]))) if len(walls) > 1 else 0.0
    cells = []
    for a, b in zip(edges[2:-1:2], edges[3:-1:2]):
        n = max(1, round((b - a) / pitch)) if pitch else 1
        cells += [(a + (b - a) * k // n, a + (b - a) * (k + 1) // n) for k in range(n)]
    cells = [(edges[0], edges[1])] + cells + [(edges[-2], edges[-1])]
    pieces: list[tuple[int, int] | None] = []
    for a, b in cells:
        cols = np.flatnonzero(sub[:, a:b].any(axis=0)) if b > a else np.array([], int)
        if cols.size:
            pieces.append((a + int(cols[0]), a + int(cols[-1]) + 1))
        elif pieces and pieces[-1] is not None:
            pieces.append(None)
    while pieces and pieces[-1] is None:
        pieces.pop()
    return pieces


def _comb_point(ink: np.ndarray, region: Box, walls: list[Box], dpi: float) -> int | None:
    """The one wall of a comb at whose foot a point is printed (a price's, between its dollars
    and its cents), by its index; None where no wall or more than one has one.  A point stands
    out on both sides of its wall's foot a little; a figure's stroke meeting a wall there
    touches it from one side, or runs on across it."""
    found = []
    lo, hi = max(1, int(POINT_SIDE_IN[0] * dpi)), max(2, int(POINT_SIDE_IN[1] * dpi))
    tall = max(2, int(POINT_TALL_IN * dpi))
    for i, w in enumerate(walls):
        x0, x1 = region.x0 + w.x0, region.x0 + w.x1
        foot = region.y0 + w.y1
        start = max(0, x0 - hi - 1)
        rows = ink[max(0, foot - int(POINT_HIGH_IN * dpi)):foot, start:x1 + hi + 1]
        left, right = x0 - start, x1 - start
        standing_out = 0
        for row in rows:
            if not row[left:right].any():
                continue
            a, b = left, right
            while a > 0 and row[a - 1]:
                a -= 1
            while b < row.size and row[b]:
                b += 1
            # A run past the look either side is the foot's rule (its ragged top too) or a
            # stroke across the wall: no point.
            if a > 0 and b < row.size and left - a >= lo and b - right >= lo:
                standing_out += 1
        if standing_out >= tall:
            found.append(i)
    return found[0] if len(found) == 1 else None


def _places_written(rows: np.ndarray, walls: list[Box]) -> list[int]:
    """The places of a comb written in, each by the index of the wall on its left (negative
    before the first wall found): the walls found, and past them on either side walls a
    pitch apart (a comb's end walls may go unfound: a cell's wall beside them, or writing
    over them).  A wall's own ink is no writing."""
    xs = [w.cx for w in walls]
    pitch = float(np.median(np.diff(xs)))
    half = max(w.width for w in walls) / 2 + 2
    before = int(xs[0] // pitch) + 1      # one wall more, before the region: a place begins there
    xs = [xs[0] - k * pitch for k in range(before, 0, -1)] + xs
    xs += [xs[-1] + k * pitch for k in range(1, int((rows.shape[1] - xs[-1]) // pitch) + 2)]
    out = []
    for k, (a, b) in enumerate(zip(xs, xs[1:])):
        lo, hi = max(0, int(a + half)), min(rows.shape[1], int(b - half) + 1)
        if hi > lo and int(rows[:, lo:hi].sum()) >= PLACE_INK_PX:
            out.append(k - before)
    return out


def _pointed(text: str, places: int, after: int) -> str:
    """A price read from a comb of `places` written places, the point put where the comb
    prints it: before the figures of the last `after` places (the cents).  Only where the
    reading holds a figure for each written place and nothing else but the small marks its
    walls are read as where a crop keeps them ("2.1.5.0"), and two places follow the point;
    anything else is left as read."""
    digits = re.sub(r"[\s.,|'`:;]", "", text or "").lstrip("$")
    if after != CENTS or not re.fullmatch(r"\d+", digits) or len(digits) != places:
        return text
    return digits[:-CENTS] + "." + digits[-CENTS:]


def _comb_crop(pixels: np.ndarray, pieces: list[tuple[int, int] | None], box: Box, ink: bool = True) -> Image.Image:
    """The writing of a comb set as a line of writing: each box's characters side by side, a
    word's space where a box was left empty, without the walls between them (which the
    recognisers read as letters: "56| |p|ine R|d|||").  `pixels` is the region's cleaned ink
    (`ink`) or its grey page pixels."""
    h = box.height

    def paper(width: int) -> np.ndarray:
        return np.zeros((h, width), bool) if ink else np.full((h, width), 255, np.uint8)
    gap, space = max(2, h // 6), max(4, 3 * h // 4)
    parts = []
    for piece in pieces:
        parts += [paper(space)] if piece is None else [pixels[box.y0:box.y1, piece[0]:piece[1]], paper(gap)]
    row = np.hstack(parts) if parts else pixels[box.y0:box.y1, :1]
    return _on_paper(np.where(row, 0, 255).astype(np.uint8) if ink else row.astype(np.uint8))


def _comb_date(text: str) -> str:
    """A date read from a comb as three groups of figures parted by printed marks, the marks
    read as any small glyph or a space ("03,17,98"): the groups joined by slashes.  Anything
    else is left as read."""
    groups = re.fullmatch(r"\W*(\d{1,2})\s*[,.;:'/|\s-]\s*(\d{1,2})\s*[,.;:'/|\s-]\s*(\d{2}|\d{4})\W*", text)
    return "/".join(groups.groups()) if groups else text


def tesseract_line(image: Image.Image, kind: str, timeout: float, psm: int = 7) -> tuple[str, float]:
    """Tesseract's reading of a one-line crop (or, psm 10, of one character); a crash or
    time-out on a crop is no reading."""
    if image.width < 10 or image.height < 10:
        return "", 0.0
    try:
        ws = tesseract.words(image, psm=psm, whitelist=WHITELIST.get(kind), timeout=timeout)
    except (ToolFailed, ToolTimeout) as exc:
        log.warning("no second reading of a %s crop: %s", kind, exc)
        return "", 0.0
    if not ws:
        return "", 0.0
    return " ".join(w.text for w in ws), min(w.conf for w in ws) / 100.0


def parse(kind: str, text: str):
    if kind == "address":
        return normalize.parse_address([text])
    return normalize.PARSERS[kind](text)


def _same(kind: str, a, b) -> bool:
    if a is None or b is None:
        return False
    if kind in ("name", "address"):
        # Free text must agree to the letter and the full stop, not only in its letters.
        return " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()
    return a == b


def _slashes_repaired(kind: str, text: str) -> str | None:
    """A date, or a date and time, whose date's slashes were read as 1s ("3131/2003 4:27 PM"
    for 3/31/2003), repaired as `_slashes_read_as_ones` repairs a date; None where it is not."""
    if kind == "date":
        return _slashes_read_as_ones(text)
    m = re.fullmatch(r"\s*([\d/]+)(\s+\S.*)?", text or "")
    if not m or (day := _slashes_read_as_ones(m[1])) is None:
        return None
    return parse(kind, day + (m[2] or ""))


def _slashes_read_as_ones(text: str) -> str | None:
    """A numeric date whose slashes the recogniser read as 1s ("7129198", "10119/96", "217/02"),
    when exactly one choice of its 1s as slashes makes a date.  (On twelve sets: 33 of 33 such
    dates read the same from both crops were right, the 3 wrong were not; on the next set one
    read the same from both was a slash lost, "113/1996" for 11/3/1996, so a repair stands
    only where Tesseract read the same date.)"""
    t = (text or "").strip()
    if not re.fullmatch(r"[\d/]+", t) or t.count("/") > 1 or normalize.parse_date(t):
        return None
    ones = [i for i, c in enumerate(t) if c == "1"]
    found = set()
    for chosen in itertools.combinations(ones, 2 - t.count("/")):
        value = normalize.parse_date("".join("/" if i in chosen else c for i, c in enumerate(t)))
        if value:
            found.add(value)
    return found.pop() if len(found) == 1 else None


def _words(text: str) -> list[str]:
    """The letters and digits of each word, words parted by spaces, stops and commas
    ("Mary.W." is two); '#' counts: "# 26B" and "#26B" differ."""
    return [w for w in (re.sub(r"[^A-Z0-9#]", "", t.upper()) for t in re.split(r"[\s.,;:]+", text)) if w]


def _word_pairs(kind: str, value, text_t: str) -> list[tuple[str, str]] | None:
    """The words of a well-formed name or address line beside Tesseract's, word for word;
    None when the value is not as people write it or the two differ in their number of words."""
    if kind not in WELL_FORMED or value is None or not text_t or not WELL_FORMED[kind].fullmatch(str(value)):
        return None
    mine, theirs = _words(str(value)), _words(text_t)
    return list(zip(mine, theirs)) if len(mine) == len(theirs) else None


def _numbers_aside(kind: str, mine: str) -> bool:
    """A number in an address (house, ZIP) is read as numbers are: the recogniser's reading,
    stable across crops, stands where Tesseract read other digits ("NH 93053" for 03053, its
    usual 0/9 slip on type).  On 20 sets (1414-3939) 79 address lines differed from
    Tesseract's only in words the recogniser read as digits: all 79 were right."""
    return kind == "address" and mine.isdigit()


def _same_words(kind: str, value, text_t: str) -> bool:
    """Free text whose words Tesseract read letter for letter (an address's numbers aside),
    differing only in stops and commas (Tesseract sprinkles them: "Kevin. F.. Kelly", "99. Main St"), and whose own
    stops and commas are where a name or an address has them.  The punctuation is then the
    recogniser's, read the same from both crops.  (Measured on eleven sets, 1414-2424: 21
    names and 31 address lines like this, all right.)"""
    pairs = _word_pairs(kind, value, text_t)
    return pairs is not None and all(m == t or _numbers_aside(kind, m) for m, t in pairs)


def _letter_read_as_digit(kind: str, value, text_t: str):
    """An address or name word the recogniser began with a digit its letters show to be a
    letter ("65 0ak Ave", where Tesseract read "Oak": seeds 1717, 3030, 5454), spelt as
    Tesseract read it; other words unchanged."""
    if kind not in WELL_FORMED or not value or not text_t:
        return value
    mine, theirs = str(value).split(), text_t.split()
    if len(mine) != len(theirs):
        return value
    out = [t if re.fullmatch(r"[015][a-z]{2,}", m) and not re.fullmatch(r"\d(st|nd|rd|th)", m)
           and re.fullmatch(r"[OoIlS][a-z]{2,}", t) and m[1:] == t[1:] else m for m, t in zip(mine, theirs)]
    return " ".join(out) if out != mine else value


def read_value(page_image: Image.Image, ink: np.ndarray, region: Box, kind: str, dpi: float, *,
               page: int, timeout: float, crop_path: Path | None = None) -> Reading:
    """Read the value written in `region` (page pixels) as a value of `kind`."""
    x0, y0 = max(0, region.x0), max(0, region.y0)
    region = Box(x0, y0, max(x0, min(ink.shape[1], region.x1)), max(y0, min(ink.shape[0], region.y1)))
    if crop_path is not None and region.width > 0 and region.height > 0:
        page_image.crop(region.tuple()).save(crop_path)
    crop_str = str(crop_path) if crop_path else None
    # Rules are removed once; the dots stay in what the recognisers see, and go from what
    # decides where and whether something is written.
    dotted = clean_region(ink, region, dpi, specks=False)
    clean = _without_specks(dotted, dpi) if dotted.size else dotted
    share = float(clean.mean()) if clean.size else 0.0
    written = _written_box(clean, dpi)
    if written is None or share < calibration.BLANK_INK_SHARE:
        conf = calibration.blank_confidence(share)
        return Reading(None, conf, page=page, bbox=region.tuple(), engine="ink", crop_path=crop_str,
                       evidence={"ink_share": round(share, 5), "blank": True})
    walls = _comb_row(ink, region, written, dpi)
    pieces = _comb_pieces(dotted, walls, written) if walls else None
    crop = _comb_crop(dotted, pieces, written) if pieces else _crop_for_reading(dotted, written)
    text_r, score_r = handwriting.read_line(crop)
    # Tesseract reads handwritten numbers poorly (calibration.py), so it is asked first only
    # about dates and free text, where its agreement to the letter is what counts, and about
    # a count written as one character: the recogniser reads a lone glyph poorly (a typed
    # "0" scores 0.4-0.85 and its grey crop reads "O"), Tesseract reads one well.  Counts and
    # prices with a 1 or a 7 in them ask it last (below).
    glyph = _one_glyph(clean, written) if kind == "count" else None
    if glyph is not None:
        # No whitelist: on a lone glyph Tesseract's digits-only mode often reads nothing at
        # all, where it reads a thin "0" as "O" (which the count's parser takes for 0).
        text_t, conf_t = tesseract_line(glyph, "glyph", timeout, psm=10)
    elif kind in calibration.NUMERIC_KINDS:
        text_t, conf_t = "", 0.0
    else:
        text_t, conf_t = tesseract_line(crop, kind, timeout)
    # The same recogniser on the page's own grey pixels (rules and specks left in): a value
    # it reads the same way from both is stable; one that changes is fragile.
    grey_box = (region.x0 + written.x0, region.y0 + written.y0, region.x0 + written.x1, region.y0 + written.y1)
    if pieces:
        grey = np.asarray(page_image.convert("L").crop(region.tuple()))
        text_g, score_g = handwriting.read_line(_comb_crop(grey, pieces, written, ink=False))
    else:
        text_g, score_g = handwriting.read_line(page_image.crop(grey_box))
    pointed = None
    if pieces and kind == "price" and (at := _comb_point(ink, region, walls, dpi)) is not None:
        # A comb's price: its point is printed at a wall's foot and goes out with the walls;
        # every reading of the crop has it put back (the checks' looks again too).
        places = _places_written(dotted[written.y0:written.y1], walls)
        pointed = partial(_pointed, places=len(places), after=sum(1 for k in places if k >= at))
        text_r, text_g = pointed(text_r), pointed(text_g)
    if pieces and kind == "date":
        # A comb's date: its groups' separators are printed ("MM/DD/YY" over the places), and
        # read as whatever small mark they came out as.
        text_r, text_g = _comb_date(text_r), _comb_date(text_g)
    v_r, v_t, v_g = parse(kind, text_r), parse(kind, text_t), parse(kind, text_g)
    wobble = []
    repaired = False
    if kind in ("date", "signed_at") and v_r is None:
        v_r = _slashes_repaired(kind, text_r)
        v_g = v_g or _slashes_repaired(kind, text_g)
        repaired = v_r is not None
        if repaired and not text_t:
            # A repair stands where Tesseract reads the same (`doubts._slashes_put_back`): a
            # date and time is not read by it unless asked.
            text_t, conf_t = tesseract_line(crop, kind, timeout)
            v_t = parse(kind, text_t)
    v_r, v_g = _letter_read_as_digit(kind, v_r, text_t), _letter_read_as_digit(kind, v_g, text_t)
    agree = _same(kind, v_r, v_t)
    stable = _same(kind, v_r, v_g)
    words_only = not agree and stable and _same_words(kind, v_r, text_t)
    agree = agree or words_only
    if glyph is not None and v_g is None and agree and conf_t >= calibration.GLYPH_TESSERACT_MIN:
        # One character both recognisers read alike, Tesseract surely: the grey crop's
        # garble ("O" for a typed "0") abstains rather than dissents.
        stable = True
    # Checks that look again where a reading that seems stable is known to err (a 1 and a 7,
    # two 1s read as one, a decimal point left out): `intake.reading.doubts.READING_DOUBTS`.
    sight = doubts.Sight(kind, text_r, v_r, text_t, conf_t, v_t, agree, repaired, page_image, grey_box, region,
                         crop, clean, dotted, written, timeout, wobble, ink, dpi, comb=bool(pieces),
                         pointed=pointed)
    stable, fired = doubts.unsettle(sight, stable)
    text_t, conf_t, v_t, agree = sight.text_t, sight.conf_t, sight.v_t, sight.agree
    # Where neither the cleaned crop nor Tesseract gives a value of the kind, the grey crop's
    # (a comma or a hyphen taken out with the specks) is the one shown to the reviewer; read
    # by one engine only, it is never trusted (`calibration.GREY_ONLY`).
    value = v_r if v_r is not None else v_t if v_t is not None else v_g
    conf = calibration.value_confidence(kind, agree=agree, stable=stable, primary_ok=v_r is not None,
                                        secondary_ok=v_t is not None, score_primary=score_r,
                                        lone_zero=kind == "count" and text_r.strip() == text_g.strip() == "0",
                                        grey_ok=v_g is not None)
    capped = doubts.capping(sight)
    if capped:
        conf = min(conf, calibration.STABLE_TEXT)
        fired += capped
    abs_box = (region.x0 + written.x0, region.y0 + written.y0, region.x0 + written.x1, region.y0 + written.y1)
    return Reading(value, conf, page=page, bbox=abs_box, raw=text_r, engine="ppocr+tesseract",
                   crop_path=crop_str,
                   evidence={"ppocr": text_r, "ppocr_score": round(score_r, 3), "tesseract": text_t,
                             "tesseract_conf": round(conf_t, 3), "ppocr_grey": text_g,
                             "ppocr_grey_score": round(score_g, 3), "ppocr_variants": wobble,
                             "agree": agree, "stable": stable, **({"agree_words_only": True} if words_only else {}),
                             **({"doubts": fired} if fired else {}),
                             "ink_share": round(share, 5)})


def read_checkbox(box: BoxReading, *, page: int) -> Reading:
    value, conf = calibration.checkbox(box.inside, box.ring, box.found_by, box.sides, box.ends)
    bbox = box.box.tuple() if box.box else None
    r = Reading(value, conf, page=page, bbox=bbox, engine="ink",
                evidence={"inside": round(box.inside, 4), "ring": round(box.ring, 4), "found_by": box.found_by,
                          "sides": round(box.sides, 4), "ends": round(box.ends, 4)})
    if value is False and box.ends >= calibration.ENDS_UNEVEN_MIN and box.inside <= calibration.BOX_EMPTY_MAX:
        doubts.note(r, BOX_ENDS_UNEVEN)
    return r


def read_signature(ink: np.ndarray, region: Box, dpi: float, *, page: int,
                   page_image: Image.Image | None = None, crop_path: Path | None = None) -> Reading:
    """A signature is present when there is handwriting-sized ink in the signature place."""
    x0, y0 = max(0, region.x0), max(0, region.y0)
    region = Box(x0, y0, max(x0, min(ink.shape[1], region.x1)), max(y0, min(ink.shape[0], region.y1)))
    if crop_path is not None and page_image is not None:
        page_image.crop(region.tuple()).save(crop_path)
    clean = clean_region(ink, region, dpi)
    share = float(clean.mean()) if clean.size else 0.0
    written = _written_box(clean, dpi)
    extent = (written.width / dpi) if written else 0.0
    value, conf = calibration.signature(share, extent)
    if region.height < 0.2 * dpi:
        conf = min(conf, 0.5)          # a place too thin to sign in: the block was not found right
    return Reading(value, conf, page=page, bbox=region.tuple(), engine="ink",
                   crop_path=str(crop_path) if crop_path else None,
                   evidence={"ink_share": round(share, 5), "extent_in": round(extent, 2)})
