"""``hanging`` labels: the fields stacked in bands between rules run across the column, each
field's label small, hanging just under its band's top rule, and the writing under the
label, standing on the band's foot rule, which is the top rule of the band under it, as
the IRS's Form W-9 and Form W-4 set their lines ("1 Name (as shown on your income tax
return)" under one rule, written over the next) and many HR new-hire, benefit and
insurers' forms made after them set theirs.

No upright rule bounds a band: only the two rules across it. The label is small (``SIZE``
of the body size), its colon dropped, ``HANG`` under the top rule, broken to the band's
width; the first writing room's foot stands ``LINE`` under the label's last line, each
further room's ``LINE`` under the one before (the address's three, no rule between them),
the room ``T.WRITE_ROOM`` tall, and the foot rule ``FOOT`` under the last room's foot. So
every label stands under a rule as closely as a ``below`` label under its own line, but
its writing is the one under it, over the next rule. Bands one under another share their
rules; in two columns a row's two bands have their rules of one level (the taller label
makes both bands taller), the columns' rules apart. The anchors are ``line:<key>``
(``line:addr1..3``) over each room.
"""

from __future__ import annotations

from samples import typesets as T

SIZE = 0.8  # the label's size, as a share of the body size
HANG = 0.03  # inches from the band's top rule to its label
LINE = 0.4  # inches from the label's last line to the first room's foot, and between rooms
FOOT = 0.04  # inches from the last room's foot to the band's foot rule


def label_lines(cv: T.Canvas, label: str, x0: int, x1: int) -> list[str]:
    """The label as printed under the top rule of a band from ``x0`` to ``x1``."""
    return cv.wrap(label.rstrip(":"), x1 - x0, _font(cv))


def _font(cv: T.Canvas):
    return T.font(cv.ts.font, max(14, int(cv.size * SIZE)))


def hanging_band(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                 anchors: dict, drop: int = 0) -> int:
    """The band from its top rule at ``y`` down, its label hanging under the rule and a
    room under the label for each of ``names``; ``drop``: label lines the band holds room
    for at least (so that the bands of a row are of one height). Returns the foot rule's
    y."""
    sf = _font(cv)
    lines = label_lines(cv, label, x0, x1)
    step = int(sf.size * 1.2)
    label_foot = y + T.px(HANG) + max(len(lines) - 1, drop) * step + sf.size
    foot = label_foot + len(names) * T.px(LINE) + T.px(FOOT)
    pen = max(2, max(3, cv.size // 12) - 1)
    for rule in (y, foot):
        cv.hline(x0, x1, rule, pen)
    for j, t in enumerate(lines):
        cv.d.text((x0, y + T.px(HANG) + j * step), t, font=sf, fill=0)
    for i, n in enumerate(names):
        base = label_foot + (i + 1) * T.px(LINE)
        anchors[n] = (x0, base - T.px(T.WRITE_ROOM), x1, base)
    return foot
