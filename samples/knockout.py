"""A form printed on a tinted ground, its places to write knocked out of it in white, as
forms set in page-layout programs for government and insurers print them (the Canada
Revenue Agency's, many US state agencies' and insurers' claim and enrolment forms): no
rule bounds a place, only where the tint stops.

- ``knockout`` grants: the table's whole area, headings and all, tinted ``GROUND`` (grainy
  as toner prints it); each grant cell a white rectangle knocked out of it, ``GUTTER`` of
  tint between it and its neighbours across and down (each ``GUTTER`` / 2 inside its
  column's edges and its row's, so a ``GUTTER`` / 2 band of tint rims the table). The
  columns are a grid's; the headings are printed black on the tint over their columns, as
  ``head_lines`` and ``head_bold`` say. No rule anywhere. A total (``total_label``) is a
  white cell knocked out of a tinted cell under the tendered column, its label before it
  on the paper. The anchors are ``cell:<grant>:<field>``, the room inside a white cell
  ``PAD`` from its edges.
- ``tile`` checkboxes: a square of a ``square``'s size, white, with no outline, knocked out
  of a square tile of the ground's tint ``TILE`` of its side wider on each side; before
  the sentence or after its last word (``checkbox_side``). The holder marks the white
  square as a square is marked. ``box:<name>`` and the truth's ``boxes`` are the white
  square; there is no ``no:<name>``.

Through a fax the tint comes out as the channel takes it (speckled, dithered or gone), and
with it every bound of these places.
"""

from __future__ import annotations

from samples import typesets as T

GROUND = 200  # the ground's tint (about 22 % grey)
GUTTER = 0.07  # inches of tint between two white cells, across and down
PAD = (0.03, 0.02)  # inches from a white cell's edges to its room, across and down
TILE = 0.25  # a tile's tint beyond its white square on each side, as a share of its side


def ground(cv: T.Canvas, box: tuple[int, int, int, int]) -> None:
    """The tint over ``box``, the ink already printed there kept."""
    cv.tint(box, GROUND, keep=True)


def cell(cv: T.Canvas, x0: int, x1: int, y0: int, y1: int) -> tuple[int, int, int, int]:
    """The white cell knocked out of the ground from ``x0`` to ``x1`` and ``y0`` to
    ``y1``; returns its room."""
    g = T.px(GUTTER / 2)
    cv.d.rectangle((x0 + g, y0 + g, x1 - g, y1 - g), fill=255)
    return (x0 + g + T.px(PAD[0]), y0 + g + T.px(PAD[1]), x1 - g - T.px(PAD[0]),
            y1 - g - T.px(PAD[1]))


def tile(cv: T.Canvas, bb: tuple[int, int, int, int]) -> None:
    """The white square ``bb`` knocked out of its tile."""
    x0, y0, x1, y1 = bb
    t = max(4, int((x1 - x0) * TILE))
    ground(cv, (x0 - t, y0 - t, x1 + t + 1, y1 + t + 1))
    cv.d.rectangle(bb, fill=255)
