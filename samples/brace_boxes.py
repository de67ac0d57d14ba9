"""``brace`` checkboxes: the sentence set short of the text's end and a right brace, ``}``,
as tall as its lines, drawn after them; the box stands beyond the brace's point, level
with the sentence's middle, as tax and benefit forms group the lines of an item to the
one box or amount they answer (the IRS's forms and schedules, state returns, pension and
insurance claim forms).

The lines are wrapped to the text's width less ``COLUMN``; the brace stands ``GAP`` past
the longest line's end, from the first line's top to the last line's foot, ``WIDTH``
wide; the box is a square of a ``square``'s size, ``GAP`` past the brace's point, its
middle on the point's level (so on a sentence of two lines it stands between them, level
with no line of words). ``checkbox_side`` is not used and the tender sentence is never
broken across pages. The holder marks the box as a square is marked. ``box:<name>`` and
the truth's ``boxes`` are the square; there is no ``no:<name>``.
"""

from __future__ import annotations

from samples import typesets as T

COLUMN = 0.75  # inches kept at the text's end for the brace and the box
GAP = 0.08  # inches from the longest line to the brace, and from its point to the box
WIDTH = 0.1  # inches from the brace's back to its point


def brace(draw, x: int, top: int, foot: int, pen: int) -> int:
    """A right brace from ``top`` to ``foot``, its back's curls at ``x``; returns its
    point's x."""
    r = max(3, T.px(WIDTH) // 2)
    mid = (top + foot) // 2
    r = min(r, (foot - top) // 4)
    for box, start, end in (((x - r, top, x + r, top + 2 * r), 270, 360),
                            ((x + r, mid - 2 * r, x + 3 * r, mid), 90, 180),
                            ((x + r, mid, x + 3 * r, mid + 2 * r), 180, 270),
                            ((x - r, foot - 2 * r, x + r, foot), 0, 90)):
        draw.arc(box, start, end, fill=0, width=pen)
    for y0, y1 in ((top + r, mid - r), (mid + r, foot - r)):
        if y1 > y0:
            draw.line((x + r, y0, x + r, y1), fill=0, width=pen)
    return x + 2 * r


def brace_box(cv: T.Canvas, text: str) -> tuple[int, int, int, int]:
    """The sentence, its brace and its box; returns the box."""
    s = int(cv.size * 1.05)
    lines = cv.wrap(text, cv.x1 - cv.x0 - T.px(COLUMN))
    top = cv.y
    for ln in lines:
        cv.line(ln, cv.x0)
    foot = cv.y - cv.lh + int(cv.size * 1.2)
    longest = max(int(cv.f.getlength(ln)) for ln in lines)
    point = brace(cv.d, cv.x0 + longest + T.px(GAP), top + 2, foot,
                  max(2, cv.size // 14))
    bx, by = point + T.px(GAP), (top + 2 + foot) // 2 - s // 2
    bb = (bx, by, bx + s, by + s)
    cv.d.rectangle(bb, outline=0, width=max(2, cv.size // 14))
    cv.y += int(cv.lh * 0.8)
    return bb
