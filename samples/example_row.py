"""``example-row`` grants: a boxed grid whose first row under the headings is a worked
example, printed and shaded, as tax schedules, customs declarations and claim forms
print a sample line ("Example: 01/15/2001  1,000  $12.50 ...") before the rows the filer
fills in.

The example's cells are tinted a light grey (``typesets.ROW_GREY``, grainy as toner
prints it: through a fax speckled, dithered or gone), the word ``Example`` (``EXAMPLE``
with headings in capitals) printed small and bold in its first cell's top-left corner
and each of the example's values (``EXAMPLE``; a grant number ``EXAMPLE_NO`` where the
table has that column) in the body font in its cell, as a typed value stands. The
grants' rows follow it, blank, as a grid's; the anchors ``cell:<grant>:<field>`` and the
total's boxed cell are a grid's, counted from the first row under the example.
"""

from __future__ import annotations

from samples import typesets as T

EXAMPLE = ("01/15/2001", "1,000", "$12.50", "200", "800")  # date, granted, price, ...
EXAMPLE_NO = "00123"
CAPTION_SIZE = 0.62  # the word Example, as a share of the body size


def caption(ts: T.Typeset) -> str:
    return "EXAMPLE" if ts.headings[0].isupper() else "Example"


def example_row(cv: T.Canvas, rows: int, row_h: float) -> dict:
    """The grid from the cursor down with its example row; returns the grants' anchors."""
    ts = cv.ts
    drawn = T.plain_grid(cv, rows + 1, row_h)
    lw = max(3, cv.size // 12)
    keys = (["no"] if ts.grant_no_heading else []) + list(range(5))
    values = dict(zip(keys, ([EXAMPLE_NO] if ts.grant_no_heading else []) + list(EXAMPLE)))
    cf = T.font(ts.bold, max(12, int(cv.size * CAPTION_SIZE)))
    for i, key in enumerate(keys):
        x0, y0, x1, y1 = drawn[f"cell:0:{key}"]
        wx0, wy0 = x0 - T.px(0.04), y0 - T.px(0.03)  # the cell's walls
        wx1, wy1 = x1 + T.px(0.04), wy0 + T.px(row_h)
        cv.tint((wx0 + lw // 2 + 1, wy0 + lw // 2 + 2, wx1 - lw // 2, wy1 - lw // 2),
                T.ROW_GREY)
        if i == 0:
            cv.d.text((wx0 + T.px(0.05), wy0 + T.px(0.03)), caption(ts), font=cf, fill=0)
        cv.d.text(((wx0 + wx1) // 2, wy1 - T.px(0.07)), values[key], font=cv.f, fill=0,
                  anchor="ms")
    anchors = {}
    for name, box in drawn.items():
        parts = name.split(":")
        if len(parts) == 3 and parts[1] != "0":
            anchors[f"cell:{int(parts[1]) - 1}:{parts[2]}"] = box
        elif len(parts) != 3:
            anchors[name] = box
    return anchors
