"""``framed`` labels: each field a ruled box holding its label at its left, in the body font,
colon and all, and the writing room after the label in the same box, on the label's level,
with no wall, rule or tint between them, as word-processed HR and benefit forms and bank
account applications set their fields in a table's cells ("Employee Name:" and the space
after it in one cell).

The label stands ``PAD`` in from the box's left wall, its baseline on the writing room's
foot; the room starts ``ROOM_GAP`` past its longest line and ends ``PAD`` short of the
right wall. A label that would leave less than ``ROOM_LEAST`` to write in is broken, its
further lines over its last and the box taller for them. The first room's top is ``TOP``
under the box's top wall, the last room's foot ``FOOT`` over its bottom wall; the address
is one box of three rooms ``LINE`` apart (no rules between them), the further rooms under
the first, from where it starts. Boxes of a row, and rows one under another, share their
walls (the block sets them side by side and one under another, as ``caption``'s), so the
block is one grid of cells, each holding a field whole. The anchors are ``line:<key>``
(``line:addr1..3``) over each room.
"""

from __future__ import annotations

from samples import open_labels
from samples import typesets as T

PAD = 0.06  # inches from a wall to the label, and from the room to the right wall
ROOM_GAP = 0.1  # inches between the label's longest line and the writing room
ROOM_LEAST = 1.6  # inches of room a label leaves at least, else it is broken
TOP = 0.04  # inches from the box's top wall to the first room's top
FOOT = 0.08  # inches from the last room's foot to the box's bottom wall
LINE = 0.4  # inches between an address's rooms


def label_lines(cv: T.Canvas, label: str, x0: int, x1: int) -> list[str]:
    """The label as printed in a box from ``x0`` to ``x1``: a colon at its end, broken to
    leave ``ROOM_LEAST`` to write in."""
    return open_labels.label_lines(cv, label, x0 + T.px(PAD), x1 - T.px(PAD), ROOM_LEAST)


def framed_box(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
               anchors: dict, drop: int = 0) -> int:
    """The box from ``y`` down, its label at its left and a room after it for each of
    ``names``; ``drop``: label lines the first room stands under at least (so that the
    boxes of a row are of one height). Returns the box's bottom."""
    lines = label_lines(cv, label, x0, x1)
    step = int(cv.size * 1.2)
    over = max(len(lines) - 1, drop) * step
    base = y + T.px(TOP + T.WRITE_ROOM) + over  # the first room's foot
    bottom = base + (len(names) - 1) * T.px(LINE) + T.px(FOOT)
    wall = max(2, max(3, cv.size // 12) - 1)
    cv.d.rectangle((x0, y, x1, bottom), outline=0, width=wall)
    for j, t in enumerate(lines):  # the last line on the room's foot
        cv.d.text((x0 + T.px(PAD), base - int(cv.size * 1.1) - (len(lines) - 1 - j) * step),
                  t, font=cv.f, fill=0)
    lx = x0 + T.px(PAD) + int(max(cv.f.getlength(t) for t in lines)) + T.px(ROOM_GAP)
    for i, n in enumerate(names):
        ly = base + i * T.px(LINE)
        anchors[n] = (lx, ly - T.px(T.WRITE_ROOM), x1 - T.px(PAD), ly)
    return bottom
