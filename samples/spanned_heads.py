"""``spanned-heads`` grants: a boxed grid whose headings stand in two tiers, a spanning
heading over the columns it groups and under it each column's own, as financial
statements and proxy statements' option tables set them ("Option Awards" over "Number
of Securities ... | Exercise Price | Expiration Date").

So no column's heading names its field alone: "Granted", "Exercised" and "Tendered"
stand under one "Number of Shares", "Date" and "Exercise Price" under one "Option
Grant", and the columns go in the groups' order (the date and the price, then the
three counts), not the form's. The words are the heading set's own, split between the
tiers (``SPANS``); a spanning heading is centred over its columns with a rule under it
across them, the columns' headings set under it as ``head_lines`` says; a grant
number's column has no spanning heading, its own standing in the lower tier. Rows, the
total's boxed cell under the tendered column and the anchors ``cell:<grant>:<field>``
as a ``grid``'s.
"""

from __future__ import annotations

from samples import content as C
from samples import typesets as T

# heading set -> the grant's spanning heading and its columns' (date, price); the
# shares' spanning heading and its columns' (granted, exercised, tendered)
SPANS = {
    "full": ("OPTION GRANT", ("DATE", "EXERCISE PRICE"), "NUMBER OF SHARES",
             ("GRANTED", "EXERCISED", "TENDERED/TO BE CANCELLED")),
    "title": ("Option Grant", ("Date", "Exercise Price"), "Number of Shares",
              ("Granted", "Exercised", "Tendered/To Be Cancelled")),
    "abbrev": ("Grant", ("Date", "Exercise Price Per Share"), "No. of Shares",
               ("Granted", "Exercised", "Tendered")),
    "abbrev-caps": ("GRANT", ("DATE", "PRICE PER SHARE"), "NO. OF SHS.",
                    ("GRANTED", "EXERCISED", "TENDERED")),
    "plain": ("Option", ("Date Granted", "Price"), "Shares",
              ("Granted", "Exercised", "To be Cancelled")),
}
FIELDS = (0, 2, 1, 3, 4)  # the fields in the printed columns' order
WIDTHS = (1.0, 0.85, 1.0, 1.0, 1.25)


def spans(ts: T.Typeset) -> tuple:
    return SPANS[next(k for k, v in C.HEADING_SETS.items() if v == ts.headings)]


def spanned_heads(cv: T.Canvas, rows: int, row_h: float) -> dict:
    """The grid from the cursor down, its headings in two tiers; returns the anchors."""
    ts = cv.ts
    grant, grant_cols, shares, share_cols = spans(ts)
    widths, heads, keys = list(WIDTHS), list(grant_cols + share_cols), list(FIELDS)
    if ts.grant_no_heading:
        widths, heads, keys = [0.85] + widths, [ts.grant_no_heading] + heads, \
            ["no"] + keys
    first = len(widths) - 5  # the first column under a spanning heading
    xs = [cv.x0]
    for w in widths:
        xs.append(xs[-1] + int((cv.x1 - cv.x0) * w / sum(widths)))
    xs[-1] = cv.x1
    hf = cv.fb if ts.head_bold else cv.f
    lw = max(3, cv.size // 12)
    top = cv.y
    step = int(hf.size * 1.2)
    groups = ((grant, xs[first], xs[first + 2]), (shares, xs[first + 2], xs[-1]))
    span_lines = [cv.wrap(g, x1 - x0 - T.px(0.1), hf) for g, x0, x1 in groups]
    span_h = max(len(t) for t in span_lines) * step + T.px(0.1)
    for lines, (_, x0, x1) in zip(span_lines, groups):
        for j, t in enumerate(lines):
            cv.d.text(((x0 + x1) // 2, top + T.px(0.05) + j * step), t, font=hf, fill=0,
                      anchor="mt")
        cv.hline(x0, x1, top + span_h, lw)
    head_h = span_h + T._upright_heads(cv, xs, top + span_h, hf, heads)
    rh = T.px(row_h)
    body_top = top + head_h
    bottom = body_top + rows * rh
    cv.d.rectangle((xs[0], top, xs[-1], bottom), outline=0, width=lw)
    for i, x in enumerate(xs[1:-1], start=1):  # a group's columns parted under its head
        cv.d.line((x, top if i in (first, first + 2) else top + span_h, x, bottom),
                  fill=0, width=lw)
    for r in range(rows + 1):
        cv.hline(xs[0], xs[-1], body_top + r * rh, lw + (1 if r == 0 else 0))
    anchors = {}
    for r in range(rows):
        for c, key in enumerate(keys):
            anchors[f"cell:{r}:{key}"] = (xs[c] + T.px(0.04), body_top + r * rh + T.px(0.03),
                                          xs[c + 1] - T.px(0.04),
                                          body_top + (r + 1) * rh - T.px(0.03))
    if ts.total_label:  # a boxed cell under the tendered column, its label before it
        cv.d.text((int(xs[-2] - T.px(0.1) - cv.fb.getlength(ts.total_label)),
                   bottom + (rh - cv.size) // 2), ts.total_label, font=cv.fb, fill=0)
        cv.d.rectangle((xs[-2], bottom, xs[-1], bottom + rh), outline=0, width=lw)
        anchors["cell:total"] = (xs[-2] + T.px(0.04), bottom + T.px(0.03),
                                 xs[-1] - T.px(0.04), bottom + rh - T.px(0.08))
        bottom += rh
    cv.y = bottom + cv.lh
    return anchors
