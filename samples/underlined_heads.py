"""``underlined-heads`` grants: no rule across the table and none upright; each column's
heading underlined by a short rule of its own, the rules parted by a gap at each column's
edge, as financial statements, proxy statements' option tables and typed schedules set
their column heads ("Shares Granted" over its own rule, "Exercise Price" over the next),
and nothing under the rows.

The columns are a grid's (1 : 1 : 0.85 : 1 : 1.25 of the text's width, a grant number's
0.85 first); the headings are set as ``head_lines`` and ``head_bold`` say, each over its
rule, which runs from ``INSET`` inside its column's left edge to ``INSET`` inside its
right, ``UNDER`` under the headings' band. The rows are a grid's rows with nothing
printed in, between or under them. A total (``total_label``) is a cell under the tendered
column, its label before it, a rule over the cell and a double rule under it, as accounts
rule a sum. The anchors are ``cell:<grant>:<field>``, the room of each row in each column.
"""

from __future__ import annotations

from samples import typesets as T

INSET = 0.06  # inches from a column's edge to its heading's rule
UNDER = 0.03  # inches from the headings' band's foot up to the rules
DOUBLE = 0.035  # inches between a total's two rules under it


def head_rules(cv: T.Canvas, xs: list[int], body_top: int, pen: int) -> None:
    """A rule under each column's heading, parted from its neighbours' at the edges."""
    for a, b in zip(xs, xs[1:]):
        cv.hline(a + T.px(INSET), b - T.px(INSET), body_top - T.px(UNDER), pen)


def total_rules(cv: T.Canvas, x0: int, x1: int, top: int, foot: int, pen: int) -> None:
    """A rule over a total's cell and a double one under it, across its column only."""
    a, b = x0 + T.px(INSET), x1 - T.px(INSET)
    cv.hline(a, b, top + T.px(0.02), pen)
    for y in (foot, foot + T.px(DOUBLE)):
        cv.hline(a, b, y, max(2, pen - 1))
