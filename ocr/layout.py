"""Where things are on a page: lines of words, printed phrases, rules and boxes."""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from functools import cached_property, lru_cache
from difflib import SequenceMatcher

import cv2
import numpy as np
from rapidfuzz.distance import Indel

from .preprocess import components, runs
from .tesseract import Word

# Gaps along an upright rule up to this many pixels less one are fax dropouts, closed before
# the rule is looked for.
RULE_GAP_CLOSE = 5
# A dotted rule's dots stand at most this far apart (from one's start to the next's).
DOT_PITCH_IN = 0.08
# ... and each dot is this long at most.
DOT_MAX_IN = 0.03
# The gaps between a dotted rule's dots vary by at most this share of their mean (std / mean).
DOT_GAP_SPREAD = 0.5
# ... and has at least this many dots.
DOTS_AT_LEAST = 8
# At most this share of a dotted rule's dots has ink just above or below it (writing crossing it).
DOT_TOUCHED = 0.3
# An upright dotted rule is this long at least (shorter: the stems of small print, line over line).
DOTTED_UPRIGHT_MIN_IN = 0.4
# A row bridged into a rule with more than this share of ink both above and below it runs
# through the middle of letters ("Windham" read "Winda" where its middle was erased).
THROUGH_LETTERS = 0.15
# ... unless a row of it is solid ink this much (a printed rule: tops of letters bridged are
# not), with character boxes' walls and writing above and below it.
SOLID_ROW = 0.9
# ... nor one with more than this share of ink in the rows as deep as itself just under it:
# letters' bodies under their tops bridged (0.53-0.59 under bold headings; 0-0.26 under
# printed rules, a caption or writing close under them).
TOPS_OF_LETTERS = 0.4
# A leader of dots after a word of print (". . . . [ ]"): its dots stand at most LEADER_PITCH_IN
# apart, start within LEADER_START_IN of the word's end, and are LEADER_DOTS or more.
LEADER_PITCH_IN = 0.25
LEADER_START_IN = 0.45
LEADER_DOTS = 5
# A row of dots with other dots within DOT_SCREEN_IN above or below it, more than
# DOT_SCREEN_SHARE of its own count, is a screen of dots (a shaded cell), not a leader.
DOT_SCREEN_IN = 0.1
DOT_SCREEN_SHARE = 0.3
# ... and most of its dots (DOTS_ALONE) stand clear of other ink by DOT_CLEAR_IN.
DOT_CLEAR_IN = 0.015
DOTS_ALONE = 0.6


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def tuple(self) -> tuple[int, int, int, int]:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @cached_property          # asked for often (every paragraph and sentence test): kept once made
    def box(self) -> Box:
        return Box(min(w.left for w in self.words), min(w.top for w in self.words),
                   max(w.right for w in self.words), max(w.bottom for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property          # every label looked for on a page goes through every line's words
    def tokens(self) -> tuple[tuple[Word, str], ...]:
        """Its words with their letters and figures (`token`), words holding neither left out."""
        return tuple((w, t) for w in self.words if (t := token(w.text)))

    @cached_property
    def letters(self) -> int:
        """How many letters and figures its words hold."""
        return sum(len(t) for _, t in self.tokens)


@dataclass(frozen=True)
class Match:
    words: tuple[Word, ...]
    score: float          # 0..1, how closely the printed words match the phrase

    @cached_property
    def box(self) -> Box:
        return Line(self.words).box


@lru_cache(maxsize=65536)
def token(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def lines_of(words: list[Word]) -> list[Line]:
    """Words grouped into Tesseract's lines, top to bottom."""
    groups: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        groups.setdefault((w.block, w.par, w.line), []).append(w)
    lines = [Line(tuple(sorted(ws, key=lambda w: w.left))) for ws in groups.values()]
    return sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0))


def _scorer(b: str, floor: float):
    """How alike tokens are to `b`, 0..1 (0 when they cannot reach `floor`).  One matcher
    serves every comparison with `b`: SequenceMatcher caches what it learns of its second sequence.

    SequenceMatcher's ratio counts matching blocks, a common subsequence, so it is never above
    the longest-common-subsequence ratio that rapidfuzz's Indel similarity computes in C: a
    pair whose Indel similarity is below `floor` cannot reach it, and most pairs stop there.
    """
    m = SequenceMatcher(None, autojunk=False)
    m.set_seq2(b)

    def score(a: str) -> float:
        if a == b:
            return 1.0
        if not a or not b:
            return 0.0
        if floor > 0 and Indel.normalized_similarity(a, b) < floor - 1e-9:
            return 0.0
        m.set_seq1(a)
        return m.ratio()
    return score


def similar(a: str, b: str, floor: float = 0.0) -> float:
    """How alike two tokens are, 0..1 (0 as soon as they cannot reach `floor`)."""
    return _scorer(b, floor)(a)


def find_phrase(lines: list[Line], phrase: str, min_score: float = 0.8) -> list[Match]:
    """Places where `phrase` is printed on one line, tolerant of OCR errors.

    Words are compared as one string of letters and digits, so a word OCR split
    in two, two words glued together, or a lost 'I' read as '|' still match.
    """
    target = token(phrase)
    if not target:
        return []
    score_of = _scorer(target, min_score)
    found = []
    for line in lines:
        if line.letters < 0.7 * len(target):
            continue                # too short to hold the phrase, however its words are joined
        toks = line.tokens
        here: list[Match] = []
        for i in range(len(toks)):
            text, best_i = "", None
            for j in range(i, len(toks)):
                text += toks[j][1]
                if len(text) > 1.35 * len(target) + 2:
                    break
                if len(text) < 0.7 * len(target):
                    continue
                score = score_of(text)
                if score >= min_score and (best_i is None or score > best_i.score):
                    best_i = Match(tuple(w for w, _ in toks[i:j + 1]), score)
            if best_i is not None:
                here.append(best_i)
        # Keep the best of overlapping candidates; separate places on one line all count.
        taken: set[int] = set()
        for m in sorted(here, key=lambda m: -m.score):
            ids = {id(w) for w in m.words}
            if not ids & taken:
                found.append(m)
                taken |= ids
    found.sort(key=lambda m: -m.score)
    return found


def best(lines: list[Line], phrases: list[str], min_score: float = 0.8) -> Match | None:
    """The best match of any of the phrases (alternative wordings of one label)."""
    matches = [m for p in phrases for m in find_phrase(lines, p, min_score)]
    return max(matches, key=lambda m: (m.score, len(m.words)), default=None)


def horizontal_rules(ink: np.ndarray, min_length: int, bridge: int = 0,
                     max_thickness: int | None = None) -> list[Box]:
    """Printed horizontal lines at least `min_length` pixels long (table and signature rules).

    `bridge` closes gaps of up to that many pixels first, so rules typed as a row of
    characters ("=========", "---------") count as rules too.
    """
    src = ink.astype(np.uint8)
    if bridge > 0:
        src = cv2.morphologyEx(src, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, min_length), 1))
    opened = cv2.morphologyEx(src, cv2.MORPH_OPEN, kernel)
    # Rejoin rules broken by fax dropouts of a pixel or two.
    opened = cv2.dilate(opened, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    boxes = []
    thick = max_thickness if max_thickness is not None else max(12, min_length // 10)
    for x, y, w, h in blob_boxes(opened):
        if w >= min_length and h <= thick + 2:
            # A bridged rule must be mostly ink along some row of itself: the bottoms of a
            # line of text, joined by the bridge, are not.
            if bridge > 0:
                solid = float(ink[y:y + h, x:x + w].mean(axis=1).max())
                if solid < 0.6:
                    continue
                # ...and stand clear of what is above it: the bottoms of bold letters do not
                # (a line solid along a row is no letters' bottoms, whatever stands on it: bold
                # headings set close over the rule under them); nor with ink both above and
                # below, a row through the middle of letters.
                above = ink[max(0, y - 3 * h):max(0, y - 1), x:x + w]
                below = ink[y + h + 1:y + h + 1 + 3 * h, x:x + w]
                if solid < SOLID_ROW and above.size and above.mean() > 0.25:
                    continue
                if solid < SOLID_ROW and above.size and below.size \
                        and min(above.mean(), below.mean()) > THROUGH_LETTERS:
                    continue
                # ...nor with letters' bodies close under it: the tops of bold letters bridged
                # ("Granted" taken for a rule its heading was a caption under).
                under = ink[y + h:y + 2 * h + 1, x:x + w]
                if solid < SOLID_ROW and under.size and under.mean() > TOPS_OF_LETTERS:
                    continue
            boxes.append(Box(int(x), int(y), int(x + w), int(y + h)))
    return sorted(boxes, key=lambda b: (b.y0, b.x0))


def vertical_rules(ink: np.ndarray, min_length: int) -> list[Box]:
    """Printed upright lines at least `min_length` pixels long (column rules, a scanner's streak).

    Gaps of a few pixels along the line (fax dropouts) are closed first: a thin column rule
    peppered with them has no long unbroken run, and was left in the table's cells, where
    it read as 1s (seed 3131).
    """
    src = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE,
                           cv2.getStructuringElement(cv2.MORPH_RECT, (1, RULE_GAP_CLOSE)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, min_length)))
    opened = cv2.morphologyEx(src, cv2.MORPH_OPEN, kernel)
    return [Box(int(x), int(y), int(x + w), int(y + h)) for x, y, w, h in sorted(blob_boxes(opened), key=_raster)
            if h >= min_length and w <= max(12, min_length // 10)]


def _even_dots(marks: np.ndarray, pitch: int, dot_max: float) -> bool:
    """Whether a row of marks is dots printed at one pitch: many marks no longer than `dot_max`,
    the gaps between them alike (a row through small print has marks and gaps of every length;
    one down through lines of small print has marks as tall as its letters)."""
    spans = np.array(runs(marks), dtype=int).reshape(-1, 2)
    if len(spans) < max(DOTS_AT_LEAST, marks.size / (2.5 * pitch)):
        return False
    dots, gaps = spans[:, 1] - spans[:, 0], spans[1:, 0] - spans[:-1, 1]
    return float(np.median(dots)) <= min(0.6 * pitch, dot_max) and \
        float(np.std(gaps)) <= DOT_GAP_SPREAD * float(np.mean(gaps))


def dotted_rules(ink: np.ndarray, min_length: int, dpi: float, vertical: bool = False) -> list[Box]:
    """Rules printed as rows of dots (a dotted grid, dot leaders) at least `min_length` long:
    small marks in a straight row, at most `DOT_PITCH_IN` from one to the next, neither a solid
    rule (`horizontal_rules` finds those) nor a line of print (whose marks, joined, stand tall).
    Upright ones with `vertical`."""
    src = (ink.T if vertical else ink).astype(np.uint8)
    pitch = int(round(DOT_PITCH_IN * dpi))
    if vertical:
        min_length = max(min_length, int(DOTTED_UPRIGHT_MIN_IN * dpi))
    closed = cv2.morphologyEx(src, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, pitch), 1)))
    opened = cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, min_length), 1)))
    thick = max(3, pitch // 2)
    out = []
    for x, y, w, h in blob_boxes(opened):
        if w < min_length or h > thick:
            continue
        marks = src[y:y + h, x:x + w].any(axis=0)
        if not 0.15 <= float(marks.mean()) <= 0.85 or not _even_dots(marks, pitch, DOT_MAX_IN * dpi):
            continue
        # Each dot stands alone: little ink just above or below the dots (print's letters go on
        # up and down from the row through them).
        reach = max(2, h)
        near = np.zeros(w, bool)
        for band in (src[max(0, y - 2 - reach):max(0, y - 2), x:x + w], src[y + h + 2:y + h + 2 + reach, x:x + w]):
            if band.size:
                near |= band.any(axis=0)
        if float(near[marks].mean()) > DOT_TOUCHED:
            continue
        out.append(Box(int(y), int(x), int(y + h), int(x + w)) if vertical else Box(int(x), int(y), int(x + w), int(y + h)))
    return sorted(out, key=lambda b: (b.y0, b.x0))


_DOTS_OF: list = []       # [(weak reference to an ink image, dpi, its dotted rules)]: the last few


def _chain(dots: list[tuple[int, int]], pitch: float) -> list[list[tuple[int, int]]]:
    """Dots (x0, x1) sorted along a row, parted where one stands more than `pitch` from the
    last: the rows of dots in them."""
    chains: list[list[tuple[int, int]]] = []
    for d in dots:
        if chains and d[0] - chains[-1][-1][0] <= pitch:
            chains[-1].append(d)
        else:
            chains.append([d])
    return chains


def _evenly(chain: list[tuple[int, int]]) -> bool:
    gaps = np.diff([a for a, _ in chain])
    return len(chain) >= LEADER_DOTS and float(np.std(gaps)) <= DOT_GAP_SPREAD * float(np.mean(gaps))


def _dot_marks(ink: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """The marks of an ink image that may be printed dots: no bigger than DOT_MAX_IN either way,
    bigger than a fax's specks; (x, y, w, h) each."""
    count, _labels, stats, _ = components(ink.astype(np.uint8), 8)
    most, least = max(2, int(DOT_MAX_IN * dpi)), max(3, int((0.01 * dpi) ** 2))
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h, area in stats[1:]
            if w <= most and h <= most and area >= least] if count > 1 else []


def _dot_chains(ink: np.ndarray, dpi: float) -> list[list[tuple[int, int, int, int]]]:
    """Rows of printed dots in an ink image, however widely spaced (a leader to write on, a box
    at the margin): LEADER_DOTS dots or more, each at most LEADER_PITCH_IN after the last and at
    its height give or take a pixel or two (a page not quite square drifts), evenly spaced; not
    a screen of dots (a shaded cell, a dithered grey), whose rows have dots above and below."""
    marks = sorted(_dot_marks(ink, dpi))
    if not marks:
        return []
    pitch, drift = LEADER_PITCH_IN * dpi, 2
    done: list[list[tuple[int, int, int, int]]] = []
    active: list[list[tuple[int, int, int, int]]] = []
    for m in marks:
        cy = m[1] + m[3] / 2
        still = []
        for ch in active:
            (done if ch[-1][0] < m[0] - pitch else still).append(ch)
        active = still
        into = next((ch for ch in active if ch[-1][0] < m[0] and abs(ch[-1][1] + ch[-1][3] / 2 - cy) <= drift), None)
        if into is not None:
            into.append(m)
        else:
            active.append([m])
    done += active
    xs = np.array([m[0] for m in marks])
    cys = np.array([m[1] + m[3] / 2 for m in marks])
    near = DOT_SCREEN_IN * dpi
    # A printed dot stands clear of other ink: the dot of an "i", a speck of a letter broken by
    # the fax, a stop after a word have ink close beside them.
    clear = max(2, int(DOT_CLEAR_IN * dpi))

    def alone(m) -> bool:
        x, y, w, h = m
        around = ink[max(0, y - clear):y + h + clear, max(0, x - clear):x + w + clear]
        return int(around.sum()) <= int(ink[y:y + h, x:x + w].sum())
    out = []
    for ch in done:
        if not _evenly([(m[0], m[0] + m[2]) for m in ch]) or sum(map(alone, ch)) < DOTS_ALONE * len(ch):
            continue
        cy = float(np.median([m[1] + m[3] / 2 for m in ch]))
        off = np.abs(cys - cy)
        screen = int(((xs >= ch[0][0]) & (xs <= ch[-1][0]) & (off > drift + 1) & (off <= near)).sum())
        if screen <= DOT_SCREEN_SHARE * len(ch):
            out.append(ch)
    return out


def within_bands(ink: np.ndarray, bands: list[Box]) -> np.ndarray:
    """The ink of a dotted rule's band that is its dots, not a stroke of writing or a letter
    crossing it: in the band, the columns with no ink just above and just below it (a dot
    joined to a stroke beside it goes; the stroke stays whole).  A mask to erase."""
    out = np.zeros(ink.shape, bool)
    h, w = ink.shape
    for b in bands:
        x0, x1 = max(0, b.x0 - 1), min(w, b.x1 + 1)
        y0, y1 = max(0, b.y0 - 1), min(h, b.y1 + 1)
        if x1 <= x0 or y1 <= y0:
            continue
        above = ink[max(0, y0 - 2):y0, x0:x1].any(axis=0)
        below = ink[y1:min(h, y1 + 2), x0:x1].any(axis=0)
        out[y0:y1, x0:x1] |= ink[y0:y1, x0:x1] & ~(above | below)[None, :]
    return out


def dot_rows(ink: np.ndarray, dpi: float) -> list[Box]:
    """Each dot of the rows of printed dots in an ink image (`_dot_chains`): a leader's dots
    left bare beside the writing set on it."""
    return [Box(x, y, x + w, y + h) for ch in _dot_chains(ink, dpi) for x, y, w, h in ch]


def dot_leaders(ink: np.ndarray, dpi: float, min_length: int) -> list[tuple[Box, list[Box]]]:
    """Rows of printed dots (`_dot_chains`) at least `min_length` long, as rules to write on
    (a row that writing covers is in pieces: its dots that writing touches are no dots): each
    row's box and its dots' boxes."""
    out = []
    for ch in _dot_chains(ink, dpi):
        x0, x1 = ch[0][0], ch[-1][0] + ch[-1][2]
        if x1 - x0 >= min_length:
            out.append((Box(x0, min(m[1] for m in ch), x1, max(m[1] + m[3] for m in ch)),
                        [Box(x, y, x + w, y + h) for x, y, w, h in ch]))
    return out


def leader_after(ink: np.ndarray, word: Box, dpi: float) -> Box | None:
    """The leader of printed dots that runs on from a word along its line (". . . . . [ ]",
    a box at the margin), spaced wider than a dotted rule's may be: dots no bigger than
    DOT_MAX_IN, at the foot of the word's letters, the first within LEADER_START_IN of the
    word's end (or among its last letters, where a reading took the first dots for them), each
    at most LEADER_PITCH_IN from the last, evenly; None where there is no such row of dots."""
    h = max(1, word.height)
    y0, y1 = max(0, word.y0 - h // 2), min(ink.shape[0], word.y1 + h // 2)
    x0 = max(0, word.x0 + (word.x1 - word.x0) // 2)
    sub = ink[y0:y1, x0:].astype(np.uint8)
    if sub.size == 0:
        return None
    foot = (word.y1 - y0 - 0.45 * h, word.y1 - y0 + 0.25 * h)
    dots = sorted((x, x + w) for x, y, w, hh in _dot_marks(sub, dpi) if foot[0] <= y + hh / 2 <= foot[1])
    chains = _chain(dots, LEADER_PITCH_IN * dpi)
    if not chains or chains[0][0][0] + x0 > word.x1 + LEADER_START_IN * dpi or not _evenly(chains[0]):
        return None
    run = chains[0]
    return Box(run[0][0] + x0, word.y1 - int(0.45 * h), run[-1][1] + x0, word.y1 + int(0.25 * h))


def _page_dots(ink: np.ndarray, dpi: float):
    """(dotted rules across, upright, leaders' boxes, leaders' dots) of an ink image, found once
    per image and kept while it lives (every value's crop on a page asks for its page's)."""
    for ref, at, found in _DOTS_OF:
        if ref() is ink and at == dpi:
            return found
    across = dotted_rules(ink, int(0.5 * dpi), dpi)
    # Leaders spaced wider than a dotted rule, or with writing set on them: their bare dots.
    chains = [ch for ch in dot_leaders(ink, dpi, int(0.5 * dpi))
              if not any(min(ch[0].x1, r.x1) - max(ch[0].x0, r.x0) > 0 and abs(ch[0].cy - r.cy) <= 3 for r in across)]
    found = (across, dotted_rules(ink, int(DOTTED_UPRIGHT_MIN_IN * dpi), dpi, True),
             [ch[0] for ch in chains], [d for ch in chains for d in ch[1]])
    _DOTS_OF[:] = [(weakref.ref(ink), dpi, found)] + [e for e in _DOTS_OF if e[0]() is not None][:2]
    return found


def page_dotted_rules(ink: np.ndarray, dpi: float) -> tuple[list[Box], list[Box]]:
    """An ink image's rules printed as dots, across (half an inch long or more, leaders of
    dots among them) and upright: lines to write on and walls, for the page's structure."""
    across, upright, leaders, _dots = _page_dots(ink, dpi)
    return sorted(across + leaders, key=lambda b: (b.y0, b.x0)), upright


def printed_dots(ink: np.ndarray, dpi: float, sub: np.ndarray, x0: int, y0: int) -> np.ndarray:
    """What of `sub`, a part of the page's `ink` whose top-left stands at (x0, y0), is printed
    dots, to erase: in the bands of the page's dotted rules (across and upright) the dots, not
    a stroke that crosses them (`within_bands`), and each dot of its leaders (a stop written on
    a leader's line is no dot of it, nor a letter's hook).  A mask of `sub`'s shape."""
    across, upright, _leaders, dots = _page_dots(ink, dpi)
    mask = within_bands(sub, [Box(r.x0 - x0, r.y0 - y0, r.x1 - x0, r.y1 - y0) for r in across + upright])
    for d in dots:
        mask[max(0, d.y0 - y0):max(0, d.y1 - y0), max(0, d.x0 - x0):max(0, d.x1 - x0)] = True
    return mask


def _raster(xywh: tuple[int, int, int, int]) -> tuple[int, int]:
    return xywh[1], xywh[0]


def blob_boxes(binary: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The bounding box (x, y, w, h) of each 8-connected blob of a sparse binary image.

    The outer contours of the blobs: on a page of a few rules this costs a fraction of a
    millisecond, where labelling every pixel (connectedComponentsWithStats) costs 15 ms.
    """
    contours, hierarchy = cv2.findContours(binary.astype(np.uint8, copy=False), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    # RETR_CCOMP: outer boundaries have no parent; holes have one.
    return [tuple(int(v) for v in cv2.boundingRect(c)) for c, h in zip(contours, hierarchy[0]) if h[3] < 0]


COMB_TOOTH_MIN_IN = 0.1    # the walls of a row of printed character boxes stand this tall at least ...
COMB_TOOTH_MAX_IN = 0.5    # ... and at most this (a column rule of a table is longer)
COMB_TOOTH_WIDE_IN = 0.035  # a wall is at most this thick
COMB_LEVEL_IN = 0.03       # the walls of one row start and end level, to within this
COMB_TEETH = 5             # a row of character boxes has this many walls at least ...
COMB_ROOFED = 0.7          # ... and a rule along this share of its top and of its foot
COMB_PITCHED = 0.7         # ... this share of its steps one pitch (the rest a hyphen's room, a group apart)
TICK_MIN_IN = 0.05         # an open comb's ticks (no rule along their tops) stand this tall at least ...
TICK_MAX_IN = 0.2          # ... and at most this: a place's foot, the writing standing over it
TICK_FREE_TOPS = 0.6       # ... and this share of them end in the air, nothing over their tops
TICKS_LEAST = 4            # ... and an open comb has this many at least (writing hides the others),
TICKS_ALONE = 7            # ... this many, or a place left empty between two of them
TICK_EVEN_IN = 0.01        # ... their tops level, and their feet on the rule, to within this ...
TICKS_EVEN = 0.75          # ... this share of them (the others joined by writing; the sides of 0s differ more)
TICK_FOOT_IN = 0.05        # ... each rising from its rule, which runs on this far beside it


def _pitched(walls: list[Box]) -> bool:
    """Whether most steps between walls are one pitch (the row's most common step)."""
    steps = np.diff([b.cx for b in walls])
    pitch = float(np.median(steps))
    return float(np.mean(np.abs(steps / pitch - 1) <= 1 / 6)) >= COMB_PITCHED


def _rule_along(ink: np.ndarray, walls: list[Box], dpi: float, y: int) -> bool:
    """Whether a rule runs at height `y` from the first wall to the last."""
    near = max(2, int(COMB_LEVEL_IN * dpi))
    along = ink[max(0, y - near):y + near, walls[0].x0:walls[-1].x1].any(axis=0)
    return bool(along.size) and float(along.mean()) >= COMB_ROOFED


def _open_comb(ink: np.ndarray, walls: list[Box], dpi: float) -> list[Box] | None:
    """The ticks of an open comb among short walls, if they are one: places marked only by
    ticks rising from a rule along their feet, as forms read by machine print amounts and dates
    (the writing stands over the ticks, one character to a place).  A wall that writing joins
    (a stroke run down across the rule lengthens it) is no tick of it: it stays as writing.
    Writing on a rule is none: its strokes are taller than ticks or do not stand level and
    pitched on the rule."""
    tall = float(np.median([w.height for w in walls]))
    feet = float(np.median([w.y1 for w in walls]))
    if len(walls) < TICKS_LEAST or not TICK_MIN_IN * dpi <= tall <= TICK_MAX_IN * dpi or \
            not _rule_along(ink, walls, dpi, int(feet)):
        return None
    # A tick rises from its rule: the rule runs on from its foot, to one side at least (a group
    # of places ends at a tick); type and writing stand over a rule, cross it, or meet it with a
    # curve, which runs along no rule's length.
    side = max(2, int(TICK_FOOT_IN * dpi))

    def footed(w: Box) -> bool:
        return any(ink[y, max(0, w.x0 - side):w.x0].all() or ink[y, w.x1:w.x1 + side].all()
                   for y in range(max(0, int(feet) - 3), min(ink.shape[0], int(feet) + 2)))
    # Ticks are printed: their tops level to a pixel or two and their feet on the rule (or
    # under it, where writing run down across the rule joins one), where the upright strokes
    # of writing on a rule (the sides of a row of 0s) differ by more.
    tol = max(2, int(TICK_EVEN_IN * dpi))
    tops = float(np.median([w.y0 for w in walls]))
    ticks = [w for w in walls if abs(w.y0 - tops) <= tol and w.y1 >= feet - tol and footed(w)]
    if len(ticks) < max(TICKS_LEAST, TICKS_EVEN * len(walls)) or not _pitched(walls):
        return None
    # A tick ends in the air: nothing printed or written goes on from its top, where the sides
    # of a row of written 0s on a rule curve over into their tops.
    near = max(2, int(COMB_LEVEL_IN * dpi))
    free = [not ink[max(0, w.y0 - near):max(0, w.y0 - 2), max(0, w.x0 - 1):w.x1 + 1].any() for w in ticks]
    if float(np.mean(free)) < TICK_FREE_TOPS:
        return None
    # And a comb has places: a row of them long enough, or one left empty between two ticks a
    # pitch apart (nothing over the rule there as high as two ticks), where between the sides
    # of written 0s, however even a hand's font makes them, there is always the rest of a 0.
    if len(ticks) >= TICKS_ALONE:
        return ticks
    pitch = float(np.median(np.diff([w.cx for w in ticks])))
    top = max(0, int(feet - 2 * tall))
    empty = any(abs((b.cx - a.cx) / pitch - 1) <= 1 / 6 and not ink[top:int(feet) - near, a.x1 + 1:b.x0 - 1].any()
                for a, b in zip(ticks, ticks[1:]))
    return ticks if empty else None


def _roofed(ink: np.ndarray, walls: list[Box], dpi: float) -> bool:
    """Whether a rule runs along the walls' tops and along their feet, from the first wall to
    the last (a comb is boxes; a typed row of "l"s or "1"s stands level and pitched too, but
    nothing joins it above and below).  The rules are looked for where most walls start and
    end: a stroke of writing run on across the foot lengthens its one wall."""
    if float(np.median([w.height for w in walls])) < COMB_TOOTH_MIN_IN * dpi:
        return False
    y0, y1 = int(np.median([w.y0 for w in walls])), int(np.median([w.y1 for w in walls]))
    return _rule_along(ink, walls, dpi, y0) and _rule_along(ink, walls, dpi, y1)


def comb_teeth(ink: np.ndarray, dpi: float) -> list[list[Box]]:
    """The upright walls of each row of printed character boxes (a "comb": one character
    written in each box) in a region, left to right per row, rows top to bottom.

    A wall is a short straight upright line; a row's walls are at least `COMB_TEETH` of the
    same height standing level with each other, most a pitch apart (the others where a group of
    boxes is set apart, as an SSN's 3-2-4 with hyphens printed between), joined by rules along
    their tops and feet, or an open comb's ticks, short walls rising from a rule along their
    feet and nothing along their tops (`_open_comb`).  Writing is none: its upright strokes
    neither stand level nor keep a pitch, and typed ones that do have no rules along them."""
    tall = max(3, int(TICK_MIN_IN * dpi))
    src = cv2.morphologyEx(ink.astype(np.uint8), cv2.MORPH_CLOSE,
                           cv2.getStructuringElement(cv2.MORPH_RECT, (1, RULE_GAP_CLOSE)))
    opened = cv2.morphologyEx(src, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, tall)))
    level = max(2, int(COMB_LEVEL_IN * dpi))
    walls = [Box(x, y, x + w, y + h) for x, y, w, h in blob_boxes(opened)
             if tall <= h <= COMB_TOOTH_MAX_IN * dpi and w <= max(2, COMB_TOOTH_WIDE_IN * dpi)]
    rows: list[list[Box]] = []
    for b in sorted(walls, key=lambda b: (b.y0, b.x0)):
        row = next((r for r in rows if abs(r[0].y0 - b.y0) <= level and abs(r[0].y1 - b.y1) <= level), None)
        if row is None:
            rows.append([b])
        else:
            row.append(b)
    combs = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        if len(row) < min(COMB_TEETH, TICKS_LEAST):
            continue
        pitch = float(np.median(np.diff([b.cx for b in row])))
        if pitch < 0.08 * dpi:
            continue
        # Parted where a step is wider than a box and a half and no whole number of boxes (two
        # fields' rows side by side); within a row a narrower step is a printed hyphen's room.
        piece = [row[0]]
        for b in row[1:]:
            step = (b.cx - piece[-1].cx) / pitch
            if step > 1.5 and (abs(step - round(step)) > 1 / 6 or step > 3.5):
                combs.append(piece)
                piece = [b]
            else:
                piece.append(b)
        combs.append(piece)
    kept = []
    for c in combs:
        if len(c) < min(COMB_TEETH, TICKS_LEAST):
            continue
        if len(c) >= COMB_TEETH and _pitched(c) and _roofed(ink, c, dpi):
            kept.append(c)
        elif (ticks := _open_comb(ink, c, dpi)) is not None:
            kept.append(ticks)
    combs = kept
    return sorted(combs, key=lambda r: r[0].y0)
