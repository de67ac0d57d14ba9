"""``shared-rule`` labels: a row's fields written on one unbroken rule, each field's label
printed small under its own stretch of it, as US forms set "Signature of Applicant" and
"Date" under one line ("______________________________" over "Signature      Date").

Nothing on the rule says where one field ends and the next begins: no gap, no tick, only
where the next label starts under it. The signature block's fields go two to a rule in
the block's order (``block`` ``two``: rules across the text's width; ``one``: 80 % of
it), the second field's stretch from ``SHARED_SPLIT`` of the rule's length; a field
left alone on the last row has a first field's stretch. The address is a field of its
own across the width, its three rules one under another and its label under the last.
The labels are at ``SHARED_SIZE`` of the body size, their colon dropped, each starting
at its stretch's start and broken within it. The anchors are ``line:<key>`` over each
stretch (``line:addr1..3`` over the address's rules).
"""

from __future__ import annotations

from samples import typesets as T

SHARED_SIZE = 0.8  # the labels' size, as a share of the body size
SHARED_SPLIT = 0.56  # where the second field's stretch begins, a share of the rule
STRETCH_END = 0.12  # inches a first field's writing room stops short of the next label
ROW_GAP = 0.15  # inches between a row's labels and the next row's writing room


def label_font(cv: T.Canvas):
    return T.font(cv.ts.font, max(13, int(cv.size * SHARED_SIZE)))


def shared_rule(cv: T.Canvas, x0: int, x1: int, y: int, labels: list[str],
                names: list[str], anchors: dict) -> int:
    """One rule from ``x0`` to ``x1`` (three for an address: ``names`` longer than
    ``labels``) set from ``y`` down, each label under its stretch; returns the bottom."""
    sf = label_font(cv)
    lw = max(3, cv.size // 12)
    base = y + T.px(T.WRITE_ROOM + 0.04)
    split = x0 + int((x1 - x0) * SHARED_SPLIT)
    stretches = [(x0, x1)] if len(labels) == 1 else [(x0, split), (split, x1)]
    if len(names) > len(labels):  # the address: its rules one under another
        for i, n in enumerate(names):
            cv.hline(x0, x1, base + i * T.px(0.42), lw)
            anchors[n] = (x0, base + i * T.px(0.42) - T.px(T.WRITE_ROOM), x1,
                          base + i * T.px(0.42))
        base += (len(names) - 1) * T.px(0.42)
    else:
        cv.hline(x0, x1, base, lw)
        for i, (n, (sx0, sx1)) in enumerate(zip(names, stretches)):
            end = sx1 - (T.px(STRETCH_END) if i + 1 < len(stretches) else 0)
            anchors[n] = (sx0, base - T.px(T.WRITE_ROOM), end, base)
    step = int(sf.size * 1.15)
    deepest = 0
    for label, (sx0, sx1) in zip(labels, stretches):
        lines = cv.wrap(label.rstrip(":"), sx1 - sx0 - T.px(STRETCH_END), sf)
        for j, t in enumerate(lines):
            cv.d.text((sx0, base + T.px(0.04) + j * step), t, font=sf, fill=0)
        deepest = max(deepest, len(lines))
    return base + T.px(0.04) + deepest * step


def shared_block(cv: T.Canvas, order: list[str], y: int, anchors: dict, x1: int) -> int:
    """The block's fields two to a rule from ``cv.x0`` to ``x1``, in ``order``; a field
    left alone has a first field's stretch. Returns the bottom."""
    split = cv.x0 + int((x1 - cv.x0) * SHARED_SPLIT)
    for i in range(0, len(order), 2):
        keys = order[i:i + 2]
        end = x1 if len(keys) == 2 else split - T.px(STRETCH_END)
        y = shared_rule(cv, cv.x0, end, y, [T._label_text(cv, k) for k in keys],
                        [f"line:{k}" for k in keys], anchors) + T.px(ROW_GAP)
    return y
