"""``cup`` checkboxes: the box typed as three characters of the body font, ``|_|`` (two
upright bars and an underscore between them), open at its top, as EDGAR filings and the
typed forms they come from print a box ("Check the appropriate box: |_| Rule 13d-1(b)",
the cover pages of Schedules 13D and 13G among them) and a typist marks it as ``|X|``.

The glyphs are set on the sentence's line as ``text``'s ``[ ]`` is, before the sentence or
after its last word (``checkbox_side``); in most fonts the underscore stops short of the
bars, so the floor is parted from the sides by a hair of white, and nothing closes the
top. The holder marks the cup as a square is marked. ``box:<name>`` and the truth's
``boxes`` are the room the cup holds: from the left bar's inner edge to the right bar's,
from the bars' top to the underscore's top; there is no ``no:<name>``.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

GLYPHS = "|_|"


def room(f: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """The room ``|_|`` typed at (0, 0) in ``f`` holds, measured on its ink: between the
    bars' inner edges, from their top to the underscore's top."""
    w, h = int(f.getlength(GLYPHS)) + 4, int(f.size * 2)
    img = Image.new("L", (w, h), 255)
    ImageDraw.Draw(img).text((0, 0), GLYPHS, font=f, fill=0)
    ink = np.asarray(img) < 128
    rows = np.flatnonzero(ink.any(axis=1))
    top = int(rows[0])
    half = top + (rows[-1] - top) // 2  # over the floor only the bars are inked
    bars = np.flatnonzero(ink[top:half].any(axis=0))
    left = bars[bars < bars[0] + (bars[-1] - bars[0]) // 2]
    right = bars[bars > left.max()]
    floor = np.flatnonzero(ink[:, (int(left.max()) + int(right.min())) // 2])
    return int(left.max()) + 1, top, int(right.min()), int(floor[0])


def cup(draw, x: int, y: int, f: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """``|_|`` typed at ``(x, y)`` (its line's top-left) in ``f``; returns the room it
    holds."""
    draw.text((x, y), GLYPHS, font=f, fill=0)
    x0, y0, x1, y1 = room(f)
    return (x + x0, y + y0, x + x1, y + y1)
