"""Labels printed turned a quarter, reading upwards, in a narrow strip at a box's side behind
an upright rule, as shipping documents, customs declarations and bank forms letter a box:
each strip found by the page's structure (two upright rules close together, as tall as each
other), read turned back upright, and given as a line of words standing where the strip
stands, so the block's labels are found by what they say whichever way they are printed.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from ocr import tesseract
from ocr.errors import ToolFailed, ToolTimeout
from ocr.layout import Box, Line, horizontal_rules, token, vertical_rules

# A strip stands between two upright rules this far apart at least and at most ...
STRIP_LEAST_IN, STRIP_MOST_IN = 0.06, 0.8
# ... each at least this tall, the two overlapping over this share of the taller.
STRIP_RULE_IN = 0.25
STRIP_OVERLAP = 0.8
# A strip is a box's side: at most this tall (a grid's narrow column runs the table's height).
STRIP_TALLEST_IN = 2.0
# A strip holds a label: at least this share of it inked.
STRIP_INKED = 0.02
# The room beside a strip begins this far past its rule, and its box's far wall is looked for
# this far past it at least.
ROOM_INSET_IN = 0.04
ROOM_LEAST_IN = 0.5
# A strip's label is read at this many times its size (small print, a fax's coarse lines
# running across it once turned), on a margin of white.
STRIP_SCALE = 3
STRIP_MARGIN = 20


def label_strips(ink: np.ndarray, dpi: float) -> list[Box]:
    """The narrow strips between two upright rules standing close together and as tall as each
    other, with ink between them: where a turned label may be printed."""
    rules = sorted(vertical_rules(ink, int(STRIP_RULE_IN * dpi)), key=lambda r: r.x0)
    strips = []
    for a in rules:
        for b in rules:
            gap = b.x0 - a.x1
            over = min(a.y1, b.y1) - max(a.y0, b.y0)
            if STRIP_LEAST_IN * dpi <= gap <= STRIP_MOST_IN * dpi and over >= STRIP_OVERLAP * max(a.height, b.height) \
                    and over <= STRIP_TALLEST_IN * dpi:
                strip = Box(a.x1 + 1, max(a.y0, b.y0), b.x0, min(a.y1, b.y1))
                if ink[strip.y0:strip.y1, strip.x0:strip.x1].mean() >= STRIP_INKED:
                    strips.append(strip)
    # The nearest pair only: a strip is no wider than the gap between its own two rules.
    return [s for s in strips if not any(o is not s and s.x0 <= o.x0 and o.x1 <= s.x1 and
                                         s.y0 <= o.cy <= s.y1 for o in strips)]


def turned_labels(image: Image.Image, ink: np.ndarray, dpi: float, timeout: float) -> list[Line]:
    """Each strip's label read turned back upright (reading upwards on the page), as a line of
    its words in reading order, each word standing where the whole strip stands.
    A strip whose reading fails or holds no word of letters gives none."""
    out = []
    for strip in label_strips(ink, dpi):
        crop = image.crop(strip.tuple()).rotate(-90, expand=True)
        crop = crop.resize((crop.width * STRIP_SCALE, crop.height * STRIP_SCALE), Image.LANCZOS)
        page = Image.new("L", (crop.width + 2 * STRIP_MARGIN, crop.height + 2 * STRIP_MARGIN), 255)
        page.paste(crop.convert("L"), (STRIP_MARGIN, STRIP_MARGIN))
        try:
            read = tesseract.words(page, psm=6, timeout=timeout)
        except (ToolFailed, ToolTimeout):
            continue
        read = [w for w in read if sum(c.isalpha() for c in token(w.text)) >= 2]
        if not read:
            continue
        # Each word the whole strip: a label found among them is the strip, the box's side.
        out.append(Line(tuple(tesseract.Word(w.text, w.conf, strip.x0, strip.y0, strip.width, strip.height,
                                             w.block, w.par, w.line) for w in read)))
    return out


def box_rules(ink: np.ndarray, dpi: float) -> tuple[list[Box], list[Box]]:
    """The page's rules a strip's box is made of, for `room_beside`: upright ones as long as a
    strip's, and those across at least ROOM_LEAST_IN long (found once for a block's labels)."""
    return vertical_rules(ink, int(STRIP_RULE_IN * dpi)), horizontal_rules(ink, int(ROOM_LEAST_IN * dpi))


def room_beside(strip: Box, rules: tuple[list[Box], list[Box]], width: int, dpi: float) -> Box:
    """The room of the box a strip stands at the side of: from the strip's rule to the box's far
    wall (the nearest upright rule as tall as the strip, at least ROOM_LEAST_IN on), or where
    the rule along the box's top ends, between the box's top and foot; `rules` as `box_rules`
    gives them, on a page `width` wide."""
    uprights, across = rules
    inset = int(ROOM_INSET_IN * dpi)
    walls = [r.x0 for r in uprights
             if r.x0 >= strip.x1 + ROOM_LEAST_IN * dpi
             and min(r.y1, strip.y1) - max(r.y0, strip.y0) >= STRIP_OVERLAP * strip.height]
    tops = [r.x1 for r in across if abs(r.cy - strip.y0) <= 0.05 * dpi and r.x0 <= strip.x1 + 0.1 * dpi]
    far = min(walls) if walls else max(tops) if tops else width
    return Box(strip.x1 + inset, strip.y0 + inset, max(strip.x1 + inset + 1, far - inset), strip.y1 - inset)
