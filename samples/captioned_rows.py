"""``row-captions`` grants: no heading row over them. Each grant is a row of rules to
write on, one to each field, in the columns a grid would give them, and under each rule
its field's heading printed small, repeated under every grant, as the employment-history
and reference sections of application forms and the dependants' lines of benefit forms
set them ("________ ________ ________" over "(Employer) (Dates) (Position)").

So the words under one grant's rules stand right over the next grant's writing room: a
heading belongs to the rule over it, never to what is written under it. The captions are
the heading set's own words, in its case, at ``CAPTION_SIZE`` of the body size (smaller,
to ``CAPTION_LEAST``, until each goes on two lines in its column), centred under their
rules; the rows are ``CAPTION_ROOM`` of writing room over a rule and the captions' lines
under it, ``CAPTION_GAP`` apart (less on a page set smaller). A total is a last rule
under the tendered column, its label as its caption. ``head_lines`` and ``head_bold`` are
not used. Anchors ``cell:<grant>:<field>``: the room over a rule.
"""

from __future__ import annotations

from samples import typesets as T

CAPTION_SIZE, CAPTION_LEAST = 0.72, 0.6  # the captions' size, as a share of the body's
CAPTION_ROOM, CAPTION_GAP = 0.32, 0.1  # inches, at the set size
RULE_INSET = 0.06  # inches a rule stops short of its column's walls


def _captions(cv: T.Canvas, heads: list[str], xs: list[int]):
    """The captions' font and each caption's lines, broken in its column: the font made
    smaller until each goes on two lines."""
    size = CAPTION_SIZE
    while True:
        cf = T.font(cv.ts.font, max(11, int(cv.size * size)))
        lines = [cv.wrap(h, xs[i + 1] - xs[i] - 2 * T.px(RULE_INSET), cf)
                 for i, h in enumerate(heads)]
        if max(len(t) for t in lines) <= 2 or size <= CAPTION_LEAST:
            return cf, lines
        size -= 0.04


def _captioned_rule(cv: T.Canvas, x0: int, x1: int, base: int, lines: list[str], cf,
                    lw: int) -> None:
    """A rule from ``x0`` to ``x1`` on ``base``, its caption's lines centred under it."""
    cv.hline(x0, x1, base, lw)
    step = int(cf.size * 1.15)
    for j, t in enumerate(lines):
        cv.d.text(((x0 + x1) // 2, base + T.px(0.03) + j * step), t, font=cf, fill=0,
                  anchor="mt")


def captioned_rows(cv: T.Canvas, grants: int) -> dict:
    """The grants' rows of captioned rules from the cursor down; returns the anchors."""
    ts = cv.ts
    widths = [1.0, 1.0, 0.85, 1.0, 1.25]
    heads, keys = list(ts.headings), list(range(5))
    if ts.grant_no_heading:
        widths, heads, keys = [0.85] + widths, [ts.grant_no_heading] + heads, \
            ["no"] + keys
    xs = [cv.x0]
    for w in widths:
        xs.append(xs[-1] + int((cv.x1 - cv.x0) * w / sum(widths)))
    xs[-1] = cv.x1
    cf, lines = _captions(cv, heads, xs)
    k = cv.size / (ts.size_pt * T.RENDER_DPI / 72)  # a page set smaller
    room = max(int(T.px(CAPTION_ROOM) * k), int(cv.size * 1.6))
    under = T.px(0.03) + max(len(t) for t in lines) * int(cf.size * 1.15)
    gap = int(T.px(CAPTION_GAP) * k)
    lw = max(3, cv.size // 12)
    inset = T.px(RULE_INSET)
    anchors: dict = {}
    y = cv.y
    for g in range(grants):
        base = y + room
        for c, key in enumerate(keys):
            rx0, rx1 = xs[c] + inset, xs[c + 1] - inset
            _captioned_rule(cv, rx0, rx1, base, lines[c], cf, lw)
            anchors[f"cell:{g}:{key}"] = (rx0 + T.px(0.02), base - room + T.px(0.04),
                                          rx1 - T.px(0.02), base - lw // 2 - 1)
        y = base + under + gap
    if ts.total_label:  # a last rule under the tendered column, captioned by its label
        base = y + room
        rx0, rx1 = xs[-2] + inset, xs[-1] - inset
        _captioned_rule(cv, rx0, rx1, base, cv.wrap(ts.total_label, rx1 - rx0, cf), cf, lw)
        anchors["cell:total"] = (rx0 + T.px(0.02), base - room + T.px(0.04),
                                 rx1 - T.px(0.02), base - lw // 2 - 1)
        y = base + under + gap
    cv.y = y + cv.lh
    return anchors
