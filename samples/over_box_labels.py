"""``over-box`` labels: each field an empty ruled box to write in, its label printed over
it, outside the box, standing just over its top wall, as USCIS forms (the I-130, I-765
and N-400 among them: "Family Name (Last Name)" over the box it is written in) and the
HR, benefit and bank forms made as fillable PDFs print their fields.

The label is small (``SIZE`` of the body size), its colon dropped, set from the box's
left wall, broken to the box's width, its last line's baseline ``LIFT`` over the top wall;
nothing is printed inside the box. Each writing room's foot stands ``LINE`` under the one
before (the first ``LINE`` under the top wall), the room ``T.WRITE_ROOM`` tall and ``PAD``
from the side walls, and the bottom wall ``FOOT`` under the last room's foot; the address
is one box of three rooms with no rules between them. The boxes share no walls: a field's
label stands in the gap under the box over it. In two columns a row's two boxes have their
tops on one level (the taller label sets it, the other's label standing just over its
own box). The anchors are ``line:<key>`` (``line:addr1..3``) over each room.
"""

from __future__ import annotations

from samples import typesets as T

SIZE = 0.85  # the label's size, as a share of the body size
LIFT = 0.06  # inches from the label's last baseline to the box's top wall
PAD = 0.06  # inches from a side wall to the room
LINE = 0.42  # inches from the top wall to the first room's foot, and between rooms
FOOT = 0.08  # inches from the last room's foot to the bottom wall


def label_lines(cv: T.Canvas, label: str, x0: int, x1: int) -> list[str]:
    """The label as printed over a box from ``x0`` to ``x1``."""
    return cv.wrap(label.rstrip(":"), x1 - x0, _font(cv))


def _font(cv: T.Canvas):
    return T.font(cv.ts.font, max(14, int(cv.size * SIZE)))


def over_box(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
             anchors: dict, drop: int = 0) -> int:
    """The label from ``y`` down and its box under it, a room in the box for each of
    ``names``; ``drop``: label lines the box stands under at least (so that the boxes of
    a row are on one level). Returns the box's bottom."""
    sf = _font(cv)
    lines = label_lines(cv, label, x0, x1)
    step = int(sf.size * 1.2)
    ascent = sf.getmetrics()[0]
    top = y + ascent + max(len(lines) - 1, drop) * step + T.px(LIFT)
    base = top - T.px(LIFT) - (len(lines) - 1) * step  # the label's first baseline
    for j, t in enumerate(lines):
        cv.d.text((x0, base + j * step), t, font=sf, fill=0, anchor="ls")
    bottom = top + len(names) * T.px(LINE) + T.px(FOOT)
    cv.d.rectangle((x0, top, x1, bottom), outline=0, width=max(2, max(3, cv.size // 12) - 1))
    for i, n in enumerate(names):
        foot = top + (i + 1) * T.px(LINE)
        anchors[n] = (x0 + T.px(PAD), foot - T.px(T.WRITE_ROOM), x1 - T.px(PAD), foot)
    return bottom
