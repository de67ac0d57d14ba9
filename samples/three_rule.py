"""``three-rule`` grants: a table ruled only three times across its width, a heavy rule over
the headings, a thin one under them and a heavy one under the last row, no rule between
the rows and none upright, as word processors' simple table styles ("Table Simple 1")
and financial statements and SEC filings (the option tables of an offer to exchange
among them) set a table.

The columns are a grid's (1 : 1 : 0.85 : 1 : 1.25 of the text's width, a grant number's
0.85 first); the headings stand between the top rule and the thin one, as ``head_lines``
and ``head_bold`` say. The rows are a grid's rows with nothing printed between them: the
body is one open band from the thin rule to the foot rule, and only the last row stands
on a rule. A total (``total_label``) is a row under the foot rule, its label before the
tendered column and a heavy rule under the column's cell, as accounts rule a sum. The
anchors are ``cell:<grant>:<field>``, the room of each row in each column.
"""

from __future__ import annotations

from samples import typesets as T

HEAVY = 2  # pixels the heavy rules are thicker than the thin one


def rules(cv: T.Canvas, x0: int, x1: int, top: int, body_top: int, bottom: int,
          pen: int) -> None:
    """The table's three rules: over its headings at ``top``, under them at
    ``body_top`` and under its last row at ``bottom``."""
    cv.hline(x0, x1, top - T.px(0.03), pen + HEAVY)
    cv.hline(x0, x1, body_top, pen)
    cv.hline(x0, x1, bottom, pen + HEAVY)


def total_rule(cv: T.Canvas, x0: int, x1: int, foot: int, pen: int) -> None:
    """The heavy rule under a total's cell, across its column only."""
    cv.hline(x0 + T.px(0.05), x1 - T.px(0.05), foot, pen + HEAVY)
