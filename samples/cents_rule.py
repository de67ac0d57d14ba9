"""``cents-rule`` grants: a boxed grid whose exercise price column is parted in two by a
thin upright rule, dollars on its left and cents on its right, as tax forms, deposit
slips, invoices and claim forms print their amount columns ("12 | 50", no point).

The rule runs down the grants' rows only, ``CENTS_W`` from the column's right wall; the
heading spans both parts and nothing else is printed (no "$", no "Dollars" or "Cents").
The holder writes the dollars in the left part, ending just before the rule (a "$"
before them as they write one), and the price's decimals in the right part, no point
("12 | 50", "$5 | 88"). The anchors are a grid's: ``cell:<grant>:2`` is the whole price
cell, and ``cents:<grant>`` the cents part of it, right of the rule.
"""

from __future__ import annotations

import random

from samples import hand as H
from samples import typesets as T

CENTS_W = 0.32  # inches from the cents rule to the price column's right wall
PAD = 0.04  # inches between a part's writing room and the rule, as between it and a wall


def cents_rule(cv: T.Canvas, rows: int, row_h: float) -> dict:
    """The grid from the cursor down with its price column parted; returns the anchors,
    a grid's and each grant's ``cents:<grant>``."""
    anchors = T.plain_grid(cv, rows, row_h)
    first, last = anchors["cell:0:2"], anchors[f"cell:{rows - 1}:2"]
    x = first[2] + T.px(PAD) - T.px(CENTS_W)  # the column's right wall, less the cents
    cv.d.line((x, first[1] - T.px(0.03), x, last[3] + T.px(0.03)), fill=0, width=2)
    for r in range(rows):
        x0, y0, x1, y1 = anchors[f"cell:{r}:2"]
        anchors[f"cents:{r}"] = (x + T.px(PAD), y0, x1, y1)
    return anchors


def write_price(page, cell, cents, price: str, pen: H.Pen, rng: random.Random,
                dollar: bool) -> None:
    """The price written in its parted cell: the dollars (``$`` first when ``dollar``)
    ending just before the rule, the decimals in the cents part, no point."""
    whole, decimals = price.split(".")
    x0, y0, _, y1 = cell
    rule = cents[0] - T.px(PAD)
    end = rule - T.px(PAD)
    H.write(page, ("$" if dollar else "") + whole, (x0, y0, end, y1), pen, rng,
            end_at=end - rng.randint(2, 8))
    H.write(page, decimals, cents, H.fit(pen, y1 - y0), rng, start=rng.uniform(0.1, 0.5))
