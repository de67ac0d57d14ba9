"""``apart`` grants: a table each of whose grant cells is a ruled box of its own, standing
``GUTTER`` from its neighbours across and down, no wall shared and no rule running the
table's width, as forms made for scanning (census questionnaires, ICR claim and
registration forms, some bank and tax forms) set each entry in a separate box so that
writing that strays touches no neighbour's walls.

The columns are a grid's (1 : 1 : 0.85 : 1 : 1.25 of the text's width, a grant number's
0.85 first), each box ``GUTTER`` / 2 inside its column's edges and its row's; the headings
stand over the columns as a grid's do (as ``head_lines`` and ``head_bold`` say) with no
rule round them or under them. A total (``total_label``) is a box of its own under the
tendered column, its label before it. The anchors are ``cell:<grant>:<field>`` as for the
other tables, the room inside a box ``PAD`` from its walls.
"""

from __future__ import annotations

from samples import typesets as T

GUTTER = 0.05  # inches of white between two boxes, across and down
PAD = (0.03, 0.02)  # inches from a box's walls to its room, across and down


def box(x0: int, x1: int, y0: int, y1: int) -> tuple[int, int, int, int]:
    """The box of the cell from ``x0`` to ``x1`` and ``y0`` to ``y1``."""
    g = T.px(GUTTER / 2)
    return (x0 + g, y0 + g, x1 - g, y1 - g)


def room(bb: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """Where a value is written in the box ``bb``."""
    x0, y0, x1, y1 = bb
    return (x0 + T.px(PAD[0]), y0 + T.px(PAD[1]), x1 - T.px(PAD[0]), y1 - T.px(PAD[1]))


def draw(cv: T.Canvas, x0: int, x1: int, y0: int, y1: int) -> tuple[int, int, int, int]:
    """The box of one cell, drawn; returns its room."""
    bb = box(x0, x1, y0, y1)
    cv.d.rectangle(bb, outline=0, width=max(2, max(3, cv.size // 12) - 1))
    return room(bb)
