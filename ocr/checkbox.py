"""Checkboxes: find the box left of its printed sentence and measure the ink inside.

A box is found as a small, roughly square outline (or a pair of brackets, for
forms that print "[ ]").  Its inside, trimmed of the frame, is measured after
fax specks are removed; a mark that spills out of the box is seen in the ring
around it.  The reading carries the measurements, so the caller can decide
with a margin and send the in-between cases to review.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .layout import Box, blob_boxes, horizontal_rules, vertical_rules
from .preprocess import components, remove_specks, runs

STREAK_MIN_IN = 0.45     # boxes are smaller: an upright line this long is a streak or a rule
SIDE_BAND_IN = 0.03      # a box's upright side and a little either side of it
EDGE_MAX_IN = 0.04       # a box's top or bottom edge is at most this thick, however faxed
# A drop shadow: one side and one end heavier than their opposites by as much (to this
# ratio), by this much at least (a printed edge varies by a pixel).
SHADOW_MIN_IN = 0.01
SHADOW_ALIKE = 2.0
BOX_MIN_OF_WORD = 0.45   # a box stands at least this share of the height of the word beside it
RING_PAD_IN = 0.12       # the ring of ink measured around a box (a mark that missed it) is this wide
LINE_REACH_IN = 0.2      # a box's middle is at most this far above or below its sentence's first line
BRACE_GAP_IN = 0.25      # a printed square this near past print set between it and its sentence is the box
UNDERLINE_MIN_IN = 0.2   # a box printed as a short line to mark on is at least this long ...
UNDERLINE_MAX_IN = 1.0   # ... and at most this (a writing line for a value is longer)
UNDERLINE_PLACE_IN = 0.2    # the mark is looked for this high above it
EDGES_AT_MOST = 0.7      # a box's top and bottom edges together are thinner than this share of it
# A cup's floor ("|_|") stands below this share of its bars' height, with at most this share
# of ink under it between the bars.
FLOOR_BELOW = 0.6
FLOOR_UNDER_MOST = 0.05
ROUND_MIN = 0.9          # a round box has ink on its circle at this share of the ways round ...
ROUND_SAMPLES = 48       # ... looked along this many
OVAL_WIDE_IN = (0.15, 0.6)   # an oval printed to fill in (an answer sheet's) is this wide ...
OVAL_TALL_IN = (0.07, 0.35)  # ... this tall ...
OVAL_ASPECT = (1.3, 3.5)     # ... and this much wider than tall (a round one is a round box)
OVAL_CORNER_MAX = 0.35   # the corners of its bounds outside the oval hold at most this share of ink


@dataclass(frozen=True)
class BoxReading:
    box: Box | None        # the box outline found (None: not found, region measured instead)
    inside: float          # share of ink inside the trimmed box
    ring: float            # share of ink in a ring just outside it (marks that spill over)
    found_by: str          # outline | brackets | region
    sides: float = 0.0     # how much more ink one side of the box carries than the other
    ends: float = 0.0      # how much thicker its top or bottom edge is than the other (inches)


def box_outlines(ink: np.ndarray, dpi: float) -> list[tuple[Box, str]]:
    """Box outlines in the zone: square ones (ink along the four sides of their bounds) and
    round ones (a circle printed for a box).  An outline lying inside another is a hole
    between the strokes of a mark, not the box: the outermost is kept."""
    lo, hi = int(0.07 * dpi), int(0.45 * dpi)
    found = []
    contours, _ = cv2.findContours(ink.astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if lo <= w <= hi and lo <= h <= hi and 0.7 <= w / h <= 1.45:
            # An outline has ink along its four sides.
            sub = ink[y:y + h, x:x + w]
            edge = max(1, min(w, h) // 8)
            sides = [sub[:edge].mean(), sub[-edge:].mean(), sub[:, :edge].mean(), sub[:, -edge:].mean()]
            if min(sides) > 0.35:
                found.append((Box(x, y, x + w, y + h), "outline"))
            elif 0.8 <= w / h <= 1.25 and _round(sub):
                found.append((Box(x, y, x + w, y + h), "round"))
    return [(b, how) for b, how in found
            if not any(o is not b and o.x0 <= b.x0 and o.y0 <= b.y0 and o.x1 >= b.x1 and o.y1 >= b.y1
                       and (o.width, o.height) != (b.width, b.height) for o, _ in found)]


def _underline(zone: np.ndarray, top: int, bottom: int, dpi: float, nearest_x: int, before: bool
               ) -> tuple[Box, str] | None:
    """A box printed as a short line to write a mark on ("____ I elect to tender"): a rule
    UNDERLINE_MIN_IN to UNDERLINE_MAX_IN long on the sentence's first line (its foot between
    the middle of the words and a little under them), the nearest to the sentence.  The box is
    the place above it, a line of writing high."""
    h = max(1, bottom - top)
    # A line reaching the zone's side runs on past it: a piece of a longer rule (a table's
    # top under the sentence's last line), not a short line to mark on.
    lines = [r for r in horizontal_rules(zone, int(UNDERLINE_MIN_IN * dpi), max_thickness=int(0.04 * dpi))
             if r.width <= UNDERLINE_MAX_IN * dpi and top + 0.5 * h <= r.y1 <= bottom + 0.12 * dpi
             and r.x0 > 1 and r.x1 < zone.shape[1] - 2]
    if not lines:
        return None
    rule = max(lines, key=lambda r: r.x1) if before else min(lines, key=lambda r: r.x0)
    if before and nearest_x - rule.x1 > 0.8 * dpi:
        return None
    return Box(rule.x0, max(0, rule.y1 - int(UNDERLINE_PLACE_IN * dpi)), rule.x1, rule.y1), "underline"


def _its_foot(place: Box, box: Box) -> bool:
    """Whether the rule under a place found as a line to mark on (its foot `place.y1`) is the
    foot of a box found there: as long as the box, a wall's width or so either side, and
    level with the box's lower part."""
    wall = 0.25 * box.width
    return abs(place.x0 - box.x0) <= wall and abs(place.x1 - box.x1) <= wall \
        and box.cy <= place.y1 <= box.y1 + wall


def _round(sub: np.ndarray) -> bool:
    """A circle drawn round the middle of `sub` (the bounds of a shape): ink near the circle
    touching the bounds, all the way round, whatever is marked inside it or poking out."""
    h, w = sub.shape
    cy, cx, r = (h - 1) / 2, (w - 1) / 2, min(h, w) / 2
    angles = np.linspace(0, 2 * np.pi, ROUND_SAMPLES, endpoint=False)[:, None]
    radii = np.arange(max(1.0, r * 0.7), r + 0.5, 0.5)[None, :]
    ys = np.clip(np.round(cy + radii * np.sin(angles)).astype(int), 0, h - 1)
    xs = np.clip(np.round(cx + radii * np.cos(angles)).astype(int), 0, w - 1)
    hits = int(sub[ys, xs].any(axis=1).sum())     # each angle: ink somewhere along its ray
    return hits >= ROUND_MIN * len(angles)


def _on_ellipse(sub: np.ndarray, inner: float = 0.7) -> float:
    """The share of the ways round an ellipse filling `sub`'s bounds that have ink along
    their ray between `inner` of the way out and the bounds."""
    h, w = sub.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    angles = np.linspace(0, 2 * np.pi, ROUND_SAMPLES, endpoint=False)[:, None]
    scale = np.arange(inner, 1.0001, 0.5 / max(1.0, min(h, w) / 2))[None, :]
    ys = np.clip(np.round(cy + scale * (h / 2) * np.sin(angles)).astype(int), 0, h - 1)
    xs = np.clip(np.round(cx + scale * (w / 2) * np.cos(angles)).astype(int), 0, w - 1)
    return float(sub[ys, xs].any(axis=1).mean())


def ellipse_mask(h: int, w: int, scale: float = 1.0) -> np.ndarray:
    """The pixels of an h by w box inside the ellipse that fills it, made `scale` times as big."""
    yy, xx = np.mgrid[0:h, 0:w]
    return (((yy - (h - 1) / 2) / (scale * h / 2)) ** 2 + ((xx - (w - 1) / 2) / (scale * w / 2)) ** 2) <= 1.0


def ovals(ink: np.ndarray, dpi: float) -> list[Box]:
    """Ovals printed to be filled in, as on an answer sheet (wider than tall, their bounds'
    corners clear), open or filled: ink on the ellipse that fills their bounds all the way round."""
    found = []
    contours, _ = cv2.findContours(ink.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if not (OVAL_WIDE_IN[0] * dpi <= w <= OVAL_WIDE_IN[1] * dpi and OVAL_TALL_IN[0] * dpi <= h <= OVAL_TALL_IN[1] * dpi
                and OVAL_ASPECT[0] <= w / h <= OVAL_ASPECT[1]):
            continue
        sub = ink[y:y + h, x:x + w]
        corners = ~ellipse_mask(h, w, 1.1)
        if sub[corners].mean() <= OVAL_CORNER_MAX and _on_ellipse(sub) >= ROUND_MIN:
            found.append(Box(x, y, x + w, y + h))
    return found


def oval_fill(ink: np.ndarray, oval: Box, skip: list[Box] = ()) -> float:
    """The share of an oval's inside, well in from its outline, that is inked, leaving out
    what stands in `skip` (a letter printed in it)."""
    sub = ink[oval.y0:oval.y1, oval.x0:oval.x1].copy()
    for b in skip:
        sub[max(0, b.y0 - oval.y0):max(0, b.y1 - oval.y0), max(0, b.x0 - oval.x0):max(0, b.x1 - oval.x0)] = False
    inner = ellipse_mask(oval.height, oval.width, 0.6)
    return float(sub[inner].mean()) if inner.any() else 0.0


def _brackets(ink: np.ndarray, dpi: float) -> list[tuple[Box, str]]:
    """'[ ]' printed as text: two thin tall strokes a box-width apart."""
    count, _, stats, _ = components(ink.astype(np.uint8), 8)
    strokes = [(x, y, w, h) for x, y, w, h, _a in stats[1:]
               if 0.08 * dpi <= h <= 0.35 * dpi and w <= 0.6 * h]
    pairs = []
    for a in strokes:
        for b in strokes:
            gap = b[0] - (a[0] + a[2])
            if 0.04 * dpi <= gap <= 0.35 * dpi and abs(a[1] - b[1]) < 0.3 * a[3] and abs(a[3] - b[3]) < 0.35 * a[3]:
                pairs.append((Box(a[0], min(a[1], b[1]), b[0] + b[2], max(a[1] + a[3], b[1] + b[3])), "brackets"))
    return pairs


CORNER_ARM_IN = (0.015, 0.09)  # a printed corner's arms are this long
CORNERS_SIDE_IN = (0.07, 0.45)  # ... and the square its corners mark this wide (a box's size)
ARM_FULL = 0.75                 # an arm runs along this share of its side of the corner's bounds
ARM_STRAIGHT_IN = 0.03          # ... and is straight this long at least (a mark's slant is not)


def _corner(sub: np.ndarray) -> str | None:
    """Which corner an L-shaped stroke is ("tl", "tr", "bl", "br"): ink along two adjacent
    sides of its bounds (one of top and bottom, one of left and right) and little elsewhere."""
    h, w = sub.shape
    e = max(1, min(h, w) // 3)
    rows, cols = sub.mean(axis=1), sub.mean(axis=0)
    top, bottom = rows[:e].max() >= ARM_FULL, rows[-e:].max() >= ARM_FULL
    left, right = cols[:e].max() >= ARM_FULL, cols[-e:].max() >= ARM_FULL
    if sub.mean() > 0.6 or top == bottom or left == right:
        return None
    return ("t" if top else "b") + ("l" if left else "r")


def _corners(ink: np.ndarray, dpi: float) -> list[tuple[Box, str]]:
    """Squares printed as their four corners only, an L at each and nothing between (as ICR
    and OMR forms print the places to mark): two corners found as L's give the square (the
    others may be joined to a mark run into them), and ink stands at all four of its corners."""
    lo, hi = CORNER_ARM_IN[0] * dpi, CORNER_ARM_IN[1] * dpi
    # The corners are printed straight: their arms stay where a mark's slanting strokes, which
    # may run through them, go.
    k = max(3, int(ARM_STRAIGHT_IN * dpi))
    src = ink.astype(np.uint8)
    straight = cv2.morphologyEx(src, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1))) | \
        cv2.morphologyEx(src, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    ls: dict[str, list[Box]] = {"tl": [], "tr": [], "bl": [], "br": []}
    for x, y, w, h in blob_boxes(straight):
        if lo <= w <= hi and lo <= h <= hi and 0.5 <= w / h <= 2:
            kind = _corner(straight[y:y + h, x:x + w].astype(bool))
            if kind:
                ls[kind].append(Box(x, y, x + w, y + h))
    near = max(2, int(0.02 * dpi))
    found = [(kind, b) for kind, bs in ls.items() for b in bs]

    def inked(x: int, y: int) -> bool:
        return bool(ink[max(0, y - near):y + near + 1, max(0, x - near):x + near + 1].any())
    out = []
    for i, (ka, a) in enumerate(found):
        for kb, b in found[i + 1:]:
            if ka == kb:
                continue
            # The square two corners span: the extent they give, the other sides as long.
            xs = [c.x0 if k[1] == "l" else c.x1 for k, c in ((ka, a), (kb, b))]
            ys = [c.y0 if k[0] == "t" else c.y1 for k, c in ((ka, a), (kb, b))]
            lefts = [x for x, k in zip(xs, (ka, kb)) if k[1] == "l"]
            rights = [x for x, k in zip(xs, (ka, kb)) if k[1] == "r"]
            tops = [y for y, k in zip(ys, (ka, kb)) if k[0] == "t"]
            bottoms = [y for y, k in zip(ys, (ka, kb)) if k[0] == "b"]
            if (lefts and rights and min(rights) <= max(lefts)) or (tops and bottoms and min(bottoms) <= max(tops)):
                continue
            if lefts and rights and tops and bottoms:
                x0, x1, y0, y1 = min(lefts), max(rights), min(tops), max(bottoms)
            elif tops and bottoms:                  # one side's two corners: as wide as tall
                y0, y1 = min(tops), max(bottoms)
                x0, x1 = (min(lefts), min(lefts) + y1 - y0) if lefts else (max(rights) - (y1 - y0), max(rights))
            elif lefts and rights:                  # the top's or the foot's two: as tall as wide
                x0, x1 = min(lefts), max(rights)
                y0, y1 = (min(tops), min(tops) + x1 - x0) if tops else (max(bottoms) - (x1 - x0), max(bottoms))
            else:
                continue
            side, high = x1 - x0, y1 - y0
            if CORNERS_SIDE_IN[0] * dpi <= side <= CORNERS_SIDE_IN[1] * dpi and 0.75 <= side / max(1, high) <= 1.33 \
                    and all(inked(x, y) for x in (x0, x1) for y in (y0, y1)):
                out.append((Box(x0, y0, x1, y1), "outline"))
    return list(dict.fromkeys(out))


def _share(ink: np.ndarray, box: Box) -> float:
    sub = ink[max(0, box.y0):box.y1, max(0, box.x0):box.x1]
    return float(sub.mean()) if sub.size else 0.0


def _side_excess(zone: np.ndarray, box: Box, dpi: float) -> float:
    """How much more ink one upright side of the box carries than the other (each side with
    a little beyond it), as a share of the box: a box's sides are alike, a mark struck over
    one of them is not ("X[ ]": a typed X over the opening bracket, the box between the
    brackets empty, read empty at 0.97, seed 6969)."""
    band = max(2, int(SIDE_BAND_IN * dpi))
    rows = zone[box.y0:box.y1]
    left = rows[:, max(0, box.x0 - band):box.x0 + band].sum()
    right = rows[:, max(0, box.x1 - band):box.x1 + band].sum()
    # Less a drop shadow's heavy side (`_shadow`), print as the box is.
    excess = abs(int(left) - int(right)) - _shadow(zone, box, dpi) * box.height
    return float(max(0, excess)) / max(1, box.width * box.height)


def _shadow(zone: np.ndarray, box: Box, dpi: float) -> int:
    """How many pixels thick a box's drop shadow is: a box printed with one is heavier on one
    side and at one end by as much (they meet at its corner), where a mark drawn along one
    edge or struck over one side thickens that one alone.  0 where the box has none."""
    top, bottom = _edge_rows(zone, box, max(2, int(0.02 * dpi)), dpi)
    left, right = _edge_rows(zone.T, Box(box.y0, box.x0, box.y1, box.x1), max(2, int(box.height * 0.18)), dpi)
    ends, sides = abs(top - bottom), abs(left - right)
    if min(ends, sides) < max(2, SHADOW_MIN_IN * dpi) or max(ends, sides) > SHADOW_ALIKE * min(ends, sides):
        return 0
    return min(ends, sides)


def _edge_rows(zone: np.ndarray, box: Box, side: int, dpi: float) -> tuple[int, int]:
    """How many rows the box's top and bottom edges are thick: rows at the edge that are
    mostly ink across the box, at most EDGE_MAX_IN each.  A fax's 98-dpi rows stretched to
    square pixels make a thin printed edge several rows of stipple; a fixed trim left the
    edge inside and an empty box read marked at 0.93 (seed 5757)."""
    rows = zone[box.y0:box.y1, box.x0 + side + 1:box.x1 - side - 1]
    if rows.size == 0:
        return 0, 0
    most = max(1, int(EDGE_MAX_IN * dpi))
    full = rows.mean(axis=1) >= 0.5

    # An edge may start a row or two in (the box found from its sides' extent).
    def edge(flags) -> int:
        lead = next((i for i in range(min(3, len(flags))) if flags[i]), None)
        return 0 if lead is None else lead + min(most, _leading(flags[lead:]))
    return edge(full), edge(full[::-1])


def _leading(flags: np.ndarray) -> int:
    """How many of a row of flags are set before the first that is not."""
    return len(flags) if flags.all() else int(np.argmin(flags))


def _inner(zone: np.ndarray, box: Box, dpi: float) -> Box:
    """The inside of a box outline, trimmed of its sides and of its top and bottom edges as
    thick as they are (`_edge_rows`)."""
    side = max(2, int(0.02 * dpi))
    trim_y = max(2, int(box.height * 0.18))
    top, bottom = _edge_rows(zone, box, side, dpi)
    if top + bottom >= EDGES_AT_MOST * box.height:
        # "Edges" filling most of the box are a mark that fills it (a scribble in "( )" whose
        # rows are all ink), not its edges: trimming them left nothing to measure, and the box
        # read empty at 0.97.
        top = bottom = 0
    # Its sides as thick as they are too: a box printed with a drop shadow has a right side
    # (and a foot) several strokes thick, which a fixed trim left inside, read as a mark.
    left, right = _edge_rows(zone.T, Box(box.y0, box.x0, box.y1, box.x1), trim_y, dpi)
    if left + right >= EDGES_AT_MOST * box.width:
        left = right = 0
    return Box(box.x0 + max(side, left) + 1, box.y0 + max(trim_y, top + 1),
               box.x1 - max(side, right) - 1, box.y1 - max(trim_y, bottom + 1))


def _stroke(zone: np.ndarray, box: Box) -> int:
    """How thick an outline's stroke is: the shortest run of ink in from its bounds' four
    sides, along its middle row and its middle column (a mark inside seldom reaches the
    bounds on all four)."""
    sub = zone[box.y0:box.y1, box.x0:box.x1]
    if sub.size == 0:
        return 0
    row, col = sub[sub.shape[0] // 2], sub[:, sub.shape[1] // 2]
    return min(_leading(row), _leading(row[::-1]), _leading(col), _leading(col[::-1]))


def _uneven_ends(zone: np.ndarray, box: Box, how: str, dpi: float) -> float:
    """How much thicker the box's top edge is than its bottom edge, or the other way, in
    inches.  A printed box's top and bottom are alike (both ruled, or both
    open, as brackets are); ink along one of them only is a mark drawn along it, which the
    inside's trim (`_inner`) takes away with the edge; less a drop shadow's (`_shadow`).
    Outlines only: a circle, a filled
    box or a line to write on have no such edges."""
    if how not in ("outline", "bars", "brackets"):
        return 0.0
    top, bottom = _edge_rows(zone, box, max(2, int(0.02 * dpi)), dpi)
    return max(0, abs(top - bottom) - _shadow(zone, box, dpi)) / dpi


def _bars(zone: np.ndarray, dpi: float) -> list[tuple[int, int, int, int, float]]:
    """Upright strokes (box sides, bracket bars, a filled box): x, y, w, h, fill."""
    k = max(3, int(0.07 * dpi))
    vert = cv2.morphologyEx(zone.astype(np.uint8), cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, k)))
    count, labels, stats, _ = components(vert, 8)
    out = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        if 0.07 * dpi <= h <= 0.45 * dpi:
            out.append((int(x), int(y), int(w), int(h), float(area) / (w * h)))
    return out


def _shares_a_bar(square: Box, pair: Box, clean: np.ndarray) -> bool:
    """Whether a pair of bars has one of a printed square's walls for a bar and not the other:
    the square and the pair overlap by at most a wall's width or so, or the square stands
    inside the pair against one of its bars, open towards the other (the pair's other bar a
    brace's, "} [ ]"; a square closed to it by walls is a piece of a box a mark divides)."""
    overlap = min(square.x1, pair.x1) - max(square.x0, pair.x0)
    wall = 0.25 * min(square.width, pair.width)
    within = square.width <= 0.8 * pair.width and square.x0 >= pair.x0 - wall and square.x1 <= pair.x1 + wall \
        and (abs(square.x0 - pair.x0) <= wall or abs(square.x1 - pair.x1) <= wall) and _open_to(clean, square, pair)
    return (0 < overlap <= wall or within) and \
        min(square.y1, pair.y1) - max(square.y0, pair.y0) >= 0.5 * min(square.height, pair.height)


def _open_to(clean: np.ndarray, square: Box, pair: Box) -> bool:
    """Whether no wall runs on from a square's top or foot across the rest of the pair it stands
    in: white between the square and the pair's far bar."""
    x0, x1 = (square.x1 + 1, pair.x1 - 2) if square.x0 - pair.x0 < pair.x1 - square.x1 else (pair.x0 + 2, square.x0 - 1)
    if x1 - x0 < 2:
        return False
    band = max(1, square.height // 8)
    runs = [clean[max(0, y - band):y + band + 1, x0:x1].any(axis=0).mean() for y in (square.y0, square.y1 - 1)]
    return max(runs) < 0.5


def _past_the_pair(square: Box, pair: Box, side: str, dpi: float) -> bool:
    """Whether a printed square stands just past a pair of bars, level with it, the pair
    between it and its sentence: the pair is print set between them (a brace's strokes,
    "... options. } [ ]"), the square the box."""
    gap = square.x0 - pair.x1 if side == "right" else pair.x0 - square.x1
    return -2 <= gap <= BRACE_GAP_IN * dpi and \
        min(square.y1, pair.y1) - max(square.y0, pair.y0) >= 0.5 * square.height


def _stands_apart(zone: np.ndarray, box: Box, dpi: float) -> bool:
    """A printed box stands apart from the words after it; two letters of a word do not."""
    x0 = box.x1 + int(0.06 * dpi)
    x1 = min(zone.shape[1], box.x1 + int(0.18 * dpi))
    if x1 <= x0:
        return True
    strip = zone[max(0, box.y0):box.y1, x0:x1]
    return strip.size == 0 or float(strip.mean()) < 0.02


def _frame(zone: np.ndarray, dpi: float, line_y: float | None = None,
           nearest_right: bool = True) -> tuple[Box, str] | None:
    """The box in the zone, from its upright sides: a filled block, or the nearest pair of bars.

    A box sits on its sentence's first line (at height `line_y` in the zone): a pair of bars
    off that line is chosen only when none is on it.  The round sides of "03" in the "2003."
    of the line above, cut by the zone's top, made a "box" nearer the sentence than the real
    one, read marked at 0.98 (seed 5050)."""
    def on_line(y0: float, y1: float) -> bool:
        return line_y is None or abs((y0 + y1) / 2 - line_y) <= LINE_REACH_IN * dpi
    bars = _bars(zone, dpi)
    for x, y, w, h, fill in sorted(bars, key=lambda b: (not on_line(b[1], b[1] + b[3]),
                                                         -b[0] if nearest_right else b[0])):
        if w >= 0.06 * dpi and fill > 0.6 and 0.6 <= w / h <= 1.6:
            return Box(x, y, x + w, y + h), "filled"
    pairs = []
    for a in bars:
        for b in bars:
            gap = b[0] - (a[0] + a[2])
            overlap = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
            if 0.04 * dpi <= gap <= 0.45 * dpi and overlap >= 0.6 * min(a[3], b[3]):
                top, bottom = min(a[1], b[1]), max(a[1] + a[3], b[1] + b[3])
                box = Box(a[0], top, b[0] + b[2], bottom)
                if 0.5 <= box.width / box.height <= 2.2 and _stands_apart(zone, box, dpi):
                    pairs.append(box)
    if not pairs:
        return None
    # The nearest box to the sentence; of the pairs ending at its right side, the widest: a
    # mark's upright stroke beside the left bar is a bar too, and a box from it to the right
    # bar left the mark outside ("[/ ]" read empty at 0.97, seed 3535).
    if not nearest_right:           # a box after its sentence: the nearest is the leftmost
        return max(pairs, key=lambda p: (on_line(p.y0, p.y1), -p.x0, p.width)), "bars"
    return max(pairs, key=lambda p: (on_line(p.y0, p.y1), p.x1, p.width)), "bars"


def box_candidates(ink: np.ndarray, dpi: float, strip_in: float = 2.5, most: int = 8) -> list[Box]:
    """Where checkboxes may be: box frames, bracket pairs or filled squares standing apart,
    in the strip left of the text, top to bottom.  Cheap: no OCR."""
    rows = ink[int(0.5 * dpi):]
    has = rows.any(axis=1)
    if not has.any():
        return []
    firsts = rows[has].argmax(axis=1)
    margin = int(np.percentile(firsts, 10))           # where most lines of text begin
    x0 = max(0, margin - int(0.8 * dpi))
    strip = remove_specks(ink[:, x0:x0 + int(strip_in * dpi)], max(4, int((0.012 * dpi) ** 2)))
    bars = _bars(strip, dpi)
    found = []
    for x, y, w, h, fill in bars:
        if w >= 0.06 * dpi and fill > 0.6 and 0.6 <= w / h <= 1.6:
            found.append(Box(x, y, x + w, y + h))
    by_y = sorted(bars, key=lambda b: b[1])
    for i, a in enumerate(by_y):
        for b in by_y[i + 1:]:
            if b[1] > a[1] + 0.5 * a[3]:
                break
            for left, right in ((a, b), (b, a)):
                gap = right[0] - (left[0] + left[2])
                overlap = min(left[1] + left[3], right[1] + right[3]) - max(left[1], right[1])
                if 0.04 * dpi <= gap <= 0.45 * dpi and overlap >= 0.6 * min(left[3], right[3]):
                    box = Box(left[0], min(left[1], right[1]), right[0] + right[2],
                              max(left[1] + left[3], right[1] + right[3]))
                    if 0.5 <= box.width / box.height <= 2.2 and _stands_apart(strip, box, dpi):
                        found.append(box)
    # A checkbox is the first thing on its line, at the left margin of the text.
    found = [b for b in found if b.x0 + x0 <= margin + 0.35 * dpi]
    kept: list[Box] = []
    for b in sorted(found, key=lambda b: (b.y0, b.x0)):
        if not any(abs(b.cy - k.cy) < 0.1 * dpi for k in kept):
            kept.append(b)
    return [Box(b.x0 + x0, b.y0, b.x1 + x0, b.y1) for b in kept[:most]]


def _line_bands(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The page's ink without specks, and its bands of rows with ink as tall as a line of print
    can be, holes of a few rows closed (an X spans a line and a half)."""
    clean = remove_specks(ink, max(4, int((0.012 * dpi) ** 2)))
    on = clean.sum(axis=1) >= max(2, int(0.01 * dpi))
    return clean, [(a, b) for a, b in runs(on, bridge=max(1, int(0.02 * dpi))) if 0.06 * dpi <= b - a <= 0.5 * dpi]


def line_start_marks(ink: np.ndarray, dpi: float, most: int = 8) -> list[Box]:
    """Lines that begin with something short standing apart from the words after it.

    A checkbox, marked or not, in whatever way the form prints it ("[ ]", a drawn
    square, a glyph) and however it is marked (an X spilling over it), is a short
    blob at the start of a line with a wider gap after it than words leave between
    them.  Cheap: no OCR; the caller reads the lines found to see which is which.
    """
    clean, bands = _line_bands(ink, dpi)
    if not bands:
        return []
    starts = []
    found = []
    apart = int(0.14 * dpi)          # wider than the space between words
    for y0, y1 in bands:
        cols = np.flatnonzero(clean[y0:y1].any(axis=0))
        if len(cols) < 2:
            continue
        starts.append(cols[0])
        # The line's head: all before its first wide gap ("[", " ", "]" stay together).
        breaks = np.flatnonzero(np.diff(cols) >= apart)
        if len(breaks) == 0:
            continue
        head_end = cols[breaks[0]] + 1
        if 0.06 * dpi <= head_end - cols[0] <= 0.45 * dpi:
            found.append(Box(int(cols[0]), y0, int(head_end), y1))
    margin = np.percentile(starts, 10) if starts else 0
    # At the left margin of the text (a hanging box may stand a little left of it).
    found = [b for b in found if b.x0 <= margin + 0.35 * dpi and b.x0 >= margin - 0.8 * dpi]
    return found[:most]


# A box set close after its sentence: its last piece, a space wider than a word's before it,
# square, bigger than a letter and no bigger than a box is printed.
SQUARE_APART_IN = 0.07
SQUARE_LEAST_IN = 0.08
SQUARE_MOST_IN = 0.3


def line_end_marks(ink: np.ndarray, dpi: float, most: int = 6) -> list[Box]:
    """Lines that end with something short standing apart from the words before it: a box
    printed after its sentence ("... since August 28, 2002: [ ]"), found as `line_start_marks`
    finds one before it.  Cheap: no OCR."""
    clean, bands = _line_bands(ink, dpi)
    found = []
    apart = int(0.14 * dpi)          # wider than the space between words
    for y0, y1 in bands:
        cols = np.flatnonzero(clean[y0:y1].any(axis=0))
        if len(cols) < 2:
            continue
        breaks = np.flatnonzero(np.diff(cols) >= apart)
        tail_start = cols[breaks[-1] + 1] if len(breaks) else cols[0]
        # Words of print before it: the line runs on for an inch or more.
        if 0.06 * dpi <= cols[-1] + 1 - tail_start <= 0.45 * dpi and tail_start - cols[0] >= dpi:
            found.append(Box(int(tail_start), y0, int(cols[-1] + 1), y1))
        elif (square := _square_at_end(clean[y0:y1], cols, dpi)) is not None:
            found.append(Box(square[0], y0, square[1], y1))
    return found[:most]


def _square_at_end(band: np.ndarray, cols: np.ndarray, dpi: float) -> tuple[int, int] | None:
    """A box set close after its sentence (a brace between them, "attached } [■]"), closer than
    `line_end_marks` asks a mark to stand apart: the line's last piece, as wide as it is tall
    and bigger than a letter, a space wider than a word's before it (SQUARE_APART_IN), the line
    running on an inch or more before it.  (x0, x1) in the band, or None."""
    breaks = np.flatnonzero(np.diff(cols) >= max(2, int(SQUARE_APART_IN * dpi)))
    if len(breaks) == 0:
        return None
    x0, x1 = int(cols[breaks[-1] + 1]), int(cols[-1]) + 1
    rows = np.flatnonzero(band[:, x0:x1].any(axis=1))
    w, h = x1 - x0, int(rows[-1] - rows[0] + 1)
    if not (SQUARE_LEAST_IN * dpi <= min(w, h) and max(w, h) <= SQUARE_MOST_IN * dpi and 0.7 <= w / h <= 1.4):
        return None
    return (x0, x1) if x0 - cols[0] >= dpi else None


def read_box(ink: np.ndarray, anchor: Box, dpi: float, side: str = "left") -> BoxReading:
    """Measure the checkbox that sits left of `anchor` (the box of the sentence's first word),
    or with `side="right"` right of it (the box after its sentence's last word)."""
    h, w = ink.shape
    cy = int(anchor.cy)
    if side == "right":
        region = Box(min(w - 1, anchor.x1 + 2), max(0, int(cy - 0.3 * dpi)), min(w, int(anchor.x1 + 1.3 * dpi)),
                     min(h, int(cy + 0.3 * dpi)))
    else:
        region = Box(max(0, int(anchor.x0 - 1.3 * dpi)), max(0, int(cy - 0.3 * dpi)),
                     max(1, anchor.x0 - 2), min(h, int(cy + 0.3 * dpi)))
    sub = ink[region.y0:region.y1, region.x0:region.x1]
    if sub.size == 0:
        # No room beside the word (it ends at the page's edge): no box there to measure.
        return BoxReading(None, 0.0, 0.0, "region")
    clean = remove_specks(sub, max(4, int((0.012 * dpi) ** 2)))
    # A straight upright line longer than any box is a scanner's streak or a rule running
    # past, not a mark: a streak through an empty box filled a tenth of it (seed 1818).
    for streak in vertical_rules(clean, int(STREAK_MIN_IN * dpi)):
        clean[streak.y0:streak.y1, max(0, streak.x0 - 1):streak.x1 + 1] = False
    found = _frame(clean, dpi, line_y=anchor.cy - region.y0, nearest_right=side == "left")
    def big_enough(b: Box) -> bool:
        # A "box" smaller than the print beside it is a letter blurred solid (the "e" of
        # "have" on a photographed page, read as a marked box at 0.98).
        return b.height >= BOX_MIN_OF_WORD * anchor.height

    # A box stands level with the word beside it: a pair of brackets found on the line above (a
    # word's round letters) is no box of this sentence, nor the strokes of a letter of the line
    # under it (the "w" of "wish", blurred on a photograph, taken for a box filled: 0.98).
    a0, a1 = anchor.y0 - region.y0, anchor.y1 - region.y0

    def level(found: list) -> list:
        return [c for c in found if min(c[0].y1, a1) - max(c[0].y0, a0) > 0.3 * min(c[0].height, a1 - a0)
                and big_enough(c[0])]
    if found is not None and not level([found]):
        found = None
    if found is not None and found[1] == "bars":
        # A printed square one of the bars belongs to, not the box between them: the bars were
        # its far wall and the sentence's first letter ("I elect", the box a little apart).
        # Or print between the sentence and its box: a printed square just past the pair.
        found = next((c for c in level(box_outlines(clean, dpi)) if c[1] == "outline" and
                      (_shares_a_bar(c[0], found[0], clean) or _past_the_pair(c[0], found[0], side, dpi))), found)
    if found is None:
        cands = level(box_outlines(clean, dpi)) or level(_brackets(clean, dpi)) or level(_corners(clean, dpi))
        if cands:
            found = min(cands, key=lambda c: (abs(c[0].cy - (anchor.cy - region.y0)) > LINE_REACH_IN * dpi,
                                              anchor.x0 - region.x0 - c[0].x1 if side == "left" else c[0].x0))
    line = _underline(clean, anchor.y0 - region.y0, anchor.y1 - region.y0, dpi,
                      nearest_x=anchor.x0 - region.x0 if side == "left" else 0, before=side == "left")
    if line is not None and found is not None and _its_foot(line[0], found[0]):
        line = None                 # the box's own foot (a shadow under it), no line to mark on
    if line is not None and (found is None or (line[0].x1 > found[0].x1 if side == "left"
                                               else line[0].x0 < found[0].x0)):
        found = line                # the nearer of the two to the sentence
    if found is not None:
        return _measured(clean, region, *found, dpi, side)
    # No box printed where expected: measure the place a mark would be.
    near = Box(max(0, region.width - int(0.6 * dpi)), 0, region.width, region.height)
    return BoxReading(None, _share(clean, near), 0.0, "region")


def measure_box(ink: np.ndarray, box: Box, how: str, dpi: float, side: str = "left") -> BoxReading:
    """Measure a box whose place is known (`how` it was found: "outline", "bars", "round",
    "filled"), as `read_box` measures the box it finds: what is inside it, the ring round it,
    its sides."""
    reach = int(0.3 * dpi)
    region = Box(max(0, box.x0 - reach), max(0, box.y0 - reach), min(ink.shape[1], box.x1 + reach),
                 min(ink.shape[0], box.y1 + reach))
    clean = remove_specks(ink[region.y0:region.y1, region.x0:region.x1], max(4, int((0.012 * dpi) ** 2)))
    local = Box(box.x0 - region.x0, box.y0 - region.y0, box.x1 - region.x0, box.y1 - region.y0)
    return _measured(clean, region, local, how, dpi, side)


def _measured(clean: np.ndarray, region: Box, box: Box, how: str, dpi: float, side: str) -> BoxReading:
    """The reading of `box` (in `region`'s coordinates, `clean` its ink) found as `how`."""
    if how == "bars":
        box = _on_its_floor(clean, box, dpi)
    if how == "filled":
        inside = _share(clean, box)
    elif how == "underline":
        # The place above the line, where the mark is written (the line itself is no mark),
        # measured where the mark is: the inkiest square of it along the line.
        place = Box(box.x0, box.y0, box.x1, box.y1 - max(2, int(0.02 * dpi)))
        square = max(1, place.height)
        inside = max(_share(clean, Box(x, place.y0, min(place.x1, x + square), place.y1))
                     for x in range(place.x0, max(place.x0 + 1, place.x1 - square + 1), max(1, square // 4)))
    elif how == "round":
        # Inside the circle's stroke: the square inscribed in the circle inside the stroke,
        # however thick the stroke is (a small circle on a blurred photograph), a little in.
        r = box.width / 2
        inset = max(2, int(0.2 * box.width), int(np.ceil(r - (r - _stroke(clean, box)) / np.sqrt(2))) + 1)
        inside = _share(clean, Box(box.x0 + inset, box.y0 + inset, box.x1 - inset, box.y1 - inset))
    else:
        inside = _share(clean, _inner(clean, box, dpi))
    pad = int(RING_PAD_IN * dpi)
    ring_box = Box(max(0, box.x0 - pad), max(0, box.y0 - pad), box.x1 + pad, box.y1 + pad)
    ring_ink = clean[ring_box.y0:ring_box.y1, ring_box.x0:ring_box.x1].sum() \
        - clean[box.y0:box.y1, box.x0:box.x1].sum()
    ring_area = ring_box.width * ring_box.height - box.width * box.height
    page_box = Box(box.x0 + region.x0, box.y0 + region.y0, box.x1 + region.x0, box.y1 + region.y0)
    # Ink right beside the box on the side away from its sentence (where only the margin
    # should be): a mark beside the box, or the box found is a piece of what was printed and
    # marked there (a scribble inside "( )" whose strokes made a pair of bars).
    gap = max(2, int(0.02 * dpi))
    away = Box(max(0, box.x0 - box.width - gap), box.y0, max(0, box.x0 - gap), box.y1) if side == "left" \
        else Box(box.x1 + gap, box.y0, box.x1 + gap + box.width, box.y1)
    sides = _side_excess(clean, box, dpi) if how != "filled" else 0.0
    if how == "bars":
        sides = max(sides, _trimmed_mark(clean, box, dpi))
    return BoxReading(page_box, inside, float(ring_ink) / max(1, ring_area), how,
                      max(sides, _share(clean, away)), _uneven_ends(clean, box, how, dpi))


def _on_its_floor(zone: np.ndarray, box: Box, dpi: float) -> Box:
    """A pair of bars with a floor between them above their feet (a cup typed "|_|", whose
    bars run below the underscore) ends at its floor: the floor is its printed foot, not a
    mark inside (an empty cup read marked at 0.93).  The floor is a band of rows mostly ink
    across, no thicker than an edge, in the box's lower part (below FLOOR_BELOW of its height),
    and nothing but the bars under it."""
    side = max(2, int(0.02 * dpi))
    rows = zone[box.y0:box.y1, box.x0 + side + 1:box.x1 - side - 1]
    if rows.size == 0:
        return box
    full = rows.mean(axis=1) >= 0.5
    ys = [y for y in np.flatnonzero(full) if y >= FLOOR_BELOW * len(full)]
    if not ys:
        return box
    foot = ys[-1]
    if _leading(full[foot::-1]) > max(1, int(EDGE_MAX_IN * dpi)) or foot == len(full) - 1:
        return box
    if rows[foot + 1:].mean() > FLOOR_UNDER_MOST:
        return box
    return Box(box.x0, box.y0, box.x1, box.y0 + int(foot) + 1)


def _trimmed_mark(zone: np.ndarray, box: Box, dpi: float) -> float:
    """The ink in the middle third of the bands a pair of bars' inside is trimmed of at its
    top and foot (`_inner`), as a share of each band: a bracket's serifs stand at its ends, not
    there, where a mark written low or high in the place (a typed X at the foot of a tall cell
    whose walls gave the bars) was trimmed off and the box read empty.  The box's printed top
    and foot, where it has them, are left out."""
    inner = _inner(zone, box, dpi)
    top, bottom = _edge_rows(zone, box, max(2, int(0.02 * dpi)), dpi)   # a printed edge is none
    third = box.width // 3
    x0, x1 = box.x0 + third, box.x1 - third
    bands = [Box(x0, box.y0 + top + 1, x1, inner.y0), Box(x0, inner.y1, x1, box.y1 - bottom - 1)]
    return max((_share(zone, b) for b in bands if b.width > 0 and b.height > 0), default=0.0)


RINGED_REACH_IN = 0.14   # a ring drawn round a printed word passes within this of its top and foot
RINGED_GAP_IN = 0.015    # ... and clear of the word's own ink by at least this


def ringed(ink: np.ndarray, word: Box, dpi: float, reach_in: float = RINGED_REACH_IN) -> float:
    """How much of a printed word a hand-drawn ring goes round: the share of the word's middle
    columns with ink both in the strip just above it and in the strip just below it (a ring
    passes over and under the whole word; print above or below crosses one strip, in pieces).
    `ink` should hold no other print near the word (the caller blanks the words of print);
    `reach_in` is how far out the strips go."""
    h, w = ink.shape
    reach, gap = max(2, int(reach_in * dpi)), max(1, int(RINGED_GAP_IN * dpi))
    inset = word.width // 5
    x0, x1 = max(0, word.x0 + inset), min(w, word.x1 - inset)
    if x1 <= x0:
        return 0.0
    size = max(4, int((0.012 * dpi) ** 2))
    above = remove_specks(ink[max(0, word.y0 - reach):max(0, word.y0 - gap), x0:x1], size)
    below = remove_specks(ink[min(h, word.y1 + gap):min(h, word.y1 + reach), x0:x1], size)
    if above.size == 0 or below.size == 0:
        return 0.0
    return float(np.mean(above.any(axis=0) & below.any(axis=0)))


STRUCK_BAND = (0.3, 0.7)    # a stroke striking a printed word out crosses it between these shares of its height


def struck(ink: np.ndarray, word: Box, dpi: float) -> float:
    """How much of a printed word one stroke through it crosses: along every straight line
    from a point of its middle band at its left end to one at its right (a stroke drawn aslant
    too), the longest run of ink, as a share of its width.  Print alone is broken at each
    letter's counter and between letters; a stroke striking the word out runs across all of
    it.  `ink` should hold no other print near the word."""
    h, w = ink.shape
    x0, x1 = max(0, word.x0), min(w, word.x1)
    rows = np.flatnonzero(ink[max(0, word.y0):min(h, word.y1), x0:x1].any(axis=1))
    if x1 - x0 < 2 or rows.size == 0:
        return 0.0
    # The band is measured on the word's ink, not on its reading's box (a little taller).
    top, tall = max(0, word.y0) + int(rows[0]), int(rows[-1] - rows[0]) + 1
    y0, y1 = top + int(STRUCK_BAND[0] * tall), min(h - 2, top + int(STRUCK_BAND[1] * tall))
    xs = np.arange(x0, x1)
    along = (xs - x0) / max(1, x1 - x0 - 1)
    best = 0
    for a in range(max(1, y0), y1 + 1):
        for b in range(max(1, y0), y1 + 1):
            ys = np.rint(a + (b - a) * along).astype(int)
            hit = ink[ys - 1, xs] | ink[ys, xs] | ink[ys + 1, xs]
            best = max(best, max((end - start for start, end in runs(hit)), default=0))
    return best / (x1 - x0)
