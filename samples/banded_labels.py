"""``banded`` labels: each field a ruled box whose top is a band tinted light grey holding
the field's label, ruled off from the white room under it where the holder writes, as
word-processed HR and benefit forms, state agencies' and insurers' forms set a field's
name in a shaded heading cell over the cell it is written in ("Employee Name" in a grey
cell, the white cell under it).

The label is small (``SIZE`` of the body size), its colon dropped, ``PAD`` in from the
box's left wall and ``BAND_PAD`` under its top, broken to the box's width; the band is as
tall as its lines and ``BAND_PAD`` under them, tinted ``typesets.CELL_GREY`` (grainy as
toner prints it), and a rule of the walls' pen runs across the box at its foot. Under the
rule each writing room's foot stands ``LINE`` under the one before (the first ``LINE``
under the rule), the room ``T.WRITE_ROOM`` tall and ``PAD`` from the side walls; the box's
bottom wall is ``FOOT`` under the last. The address is one box of three rooms with no rules
between them. Boxes of a row, and rows one under another, share their walls (as
``caption``'s and ``framed``'s), the bands of a row of one height. The anchors are
``line:<key>`` (``line:addr1..3``) over each room.
"""

from __future__ import annotations

from samples import typesets as T

SIZE = 0.8  # the label's size, as a share of the body size
PAD = 0.06  # inches from a side wall to the label and to the room
BAND_PAD = 0.04  # inches from the band's top to the label, and from the label to its foot
LINE = 0.4  # inches from the band's rule to the first room's foot, and between rooms
FOOT = 0.08  # inches from the last room's foot to the box's bottom wall


def label_lines(cv: T.Canvas, label: str, x0: int, x1: int) -> list[str]:
    """The label as printed in the band of a box from ``x0`` to ``x1``."""
    return cv.wrap(label.rstrip(":"), x1 - x0 - 2 * T.px(PAD), _font(cv))


def _font(cv: T.Canvas):
    return T.font(cv.ts.font, max(14, int(cv.size * SIZE)))


def banded_box(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
               anchors: dict, drop: int = 0) -> int:
    """The box from ``y`` down, its label in the band at its top and a room under the
    band for each of ``names``; ``drop``: label lines the band holds room for at least
    (so that the bands of a row are of one height). Returns the box's bottom."""
    sf = _font(cv)
    lines = label_lines(cv, label, x0, x1)
    step = int(sf.size * 1.2)
    rule = y + T.px(2 * BAND_PAD) + max(len(lines) - 1, drop) * step + sf.size
    bottom = rule + len(names) * T.px(LINE) + T.px(FOOT)
    wall = max(2, max(3, cv.size // 12) - 1)
    cv.tint((x0, y, x1, rule), T.CELL_GREY, keep=True)
    cv.d.rectangle((x0, y, x1, bottom), outline=0, width=wall)
    cv.d.line((x0, rule, x1, rule), fill=0, width=wall)
    for j, t in enumerate(lines):
        cv.d.text((x0 + T.px(PAD), y + T.px(BAND_PAD) + j * step), t, font=sf, fill=0)
    for i, n in enumerate(names):
        base = rule + (i + 1) * T.px(LINE)
        anchors[n] = (x0 + T.px(PAD), base - T.px(T.WRITE_ROOM), x1 - T.px(PAD), base)
    return bottom
