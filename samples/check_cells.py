"""``check-cell`` checkboxes: the sentence set in a ruled frame of its own and the box a
cell of that frame, a column at its left (``checkbox_side`` ``before``) or its right
(``after``) parted from the sentence by an upright rule and as tall as the sentence's
lines, as "check one" tables of benefit elections, insurance applications and HR forms
print their statements, each in a ruled row with an empty cell to tick.

No square stands by itself: the cell shares its walls with the frame round the sentence,
and on a sentence of two lines or more it is taller than it is wide. The frame runs
from the margin to the text's end, the sentence flowed inside it ``PAD`` from its walls;
the tender sentence is never broken across pages. The holder marks the cell to elect
(X, tick, filled or scribble, as a square is marked; a typist's X), and leaves it empty
otherwise. ``box:<name>`` and the truth's ``boxes`` are the cell's middle, as wide as the
cell inside its walls and as tall, or a square of that width where the cell is taller;
there is no ``no:<name>``.
"""

from __future__ import annotations

from samples import typesets as T

CELL_W = 0.36  # inches: the check cell's width, wall to wall
PAD = 0.07  # inches between the frame's walls and the sentence


def check_cell(cv: T.Canvas, text: str) -> tuple[int, int, int, int]:
    """The framed sentence and its check cell from the cursor down; returns the place
    of the mark."""
    lw = max(2, cv.size // 12)
    cell, pad = T.px(CELL_W), T.px(PAD)
    before = cv.ts.checkbox_side != "after"
    wall = cv.x0 + cell if before else cv.x1 - cell
    left = (wall if before else cv.x0) + pad
    right = (cv.x1 if before else wall) - pad
    top = cv.y
    cv.y += pad
    for ln in cv.wrap(text, right - left):
        cv.line(ln, left)
    bottom = cv.y - cv.lh + int(cv.size * 1.25) + pad
    cv.d.rectangle((cv.x0, top, cv.x1, bottom), outline=0, width=lw)
    cv.d.line((wall, top, wall, bottom), fill=0, width=lw)
    cx0, cx1 = (cv.x0, wall) if before else (wall, cv.x1)
    inside = (cx0 + lw + 2, top + lw + 2, cx1 - lw - 1, bottom - lw - 1)
    side = inside[2] - inside[0]
    if inside[3] - inside[1] > side:  # a square of the cell's width in its middle
        mid = (top + bottom) // 2
        inside = (inside[0], mid - side // 2, inside[2], mid - side // 2 + side)
    cv.y = bottom + int(cv.lh * 0.8)
    return inside
