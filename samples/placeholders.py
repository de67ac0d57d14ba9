"""``placeholder`` grants: a boxed grid each of whose grant cells holds a placeholder printed
in a light grey, the form of what goes there ("MM/DD/YYYY", "0,000", "$0.00"), as forms
made from fillable PDFs print their empty fields' hints and as some bank forms print them;
the holder writes over it.

The placeholder is in the body font at ``SIZE`` of its size, ``PLACEHOLDER_GREY`` (a
middle grey: through a fax it comes out black, speckled or gone as the fax's threshold
takes it; scans keep it grey), from the cell's left, its baseline ``BASE_UP`` over the
cell's foot, where a value is written. The anchors are a grid's.
"""

from __future__ import annotations

from samples import typesets as T

PLACEHOLDERS = ("MM/DD/YYYY", "0,000", "$0.00", "0,000", "0,000")
PLACEHOLDER_GREY = 125
SIZE = 0.8
BASE_UP = 0.08  # inches from the cell's foot to the placeholder's baseline


def placeholder(cv: T.Canvas, rows: int, row_h: float) -> dict:
    """The grid from the cursor down, a placeholder in each grant cell; returns its
    anchors."""
    anchors = T.plain_grid(cv, rows, row_h)
    f = T.font(cv.ts.font, max(12, int(cv.size * SIZE)))
    for r in range(rows):
        for c, words in enumerate(PLACEHOLDERS):
            x0, _, _, y1 = anchors[f"cell:{r}:{c}"]
            cv.d.text((x0 + T.px(0.04), y1 - T.px(BASE_UP)), words, font=f, fill=PLACEHOLDER_GREY,
                      anchor="ls")
    return anchors
