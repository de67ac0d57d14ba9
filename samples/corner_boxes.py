"""``corners`` checkboxes: a square printed as its four corners only, an L at each and
nothing between them, as forms meant for machine reading (ICR and OMR forms, census and
survey forms) print the places to mark, so that the printed walls do not touch the mark.

The square is a ``square``'s, before the sentence or after its last word
(``checkbox_side``); each corner's arms are ``ARM`` of its side. The holder marks inside
the corners to elect (X, tick, filled or scribble, as a square is marked; a typist's X)
and leaves it empty otherwise. ``box:<name>`` and the truth's ``boxes`` are the square;
there is no ``no:<name>``.
"""

from __future__ import annotations

from PIL import ImageDraw

ARM = 0.3  # each corner's arms, as a share of the square's side


def corners(d: ImageDraw.ImageDraw, bb: tuple[int, int, int, int], width: int) -> None:
    """The four corners of the square ``bb``."""
    x0, y0, x1, y1 = bb
    a = max(4, int((x1 - x0) * ARM))
    for cx, cy, dx, dy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x0, y1, 1, -1),
                           (x1, y1, -1, -1)):
        d.line((cx, cy, cx + dx * a, cy), fill=0, width=width)
        d.line((cx, cy, cx, cy + dy * a), fill=0, width=width)
