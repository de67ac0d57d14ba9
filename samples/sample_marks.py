"""``sample-mark`` checkboxes: over each sentence, on a line of its own from the margin,
an instruction that shows how a box is marked, a box printed with an X in it: "Mark the
box with an X, like this: [X]", as census forms, ICR forms and ballots print "Mark [X]
one box" by their questions; under it the sentence with its own box, empty, a square as
``square``'s, before the sentence or after its last word (``checkbox_side``).

The sample is printed, a square of the box's size with two straight strokes corner to
corner in the box's black: it stands where a holder's mark would and answers nothing.
The instruction is in the body font at ``SIZE`` of its size (in capitals where the
labels are); the tender sentence is never broken across pages. The holder marks the
sentence's box to elect (X, tick, filled or scribble, as a square is marked; a typist's
X) and leaves it empty otherwise. ``box:<name>`` and the truth's ``boxes`` are the
sentence's box; there is no ``no:<name>``.
"""

from __future__ import annotations

from dataclasses import replace

from samples import typesets as T

INSTRUCTION = "Mark the box with an X, like this:"
SIZE = 0.85  # the instruction's size, as a share of the body size
SAMPLE_GAP = 0.08  # inches between the instruction's last word and the sample


def instruction(ts: T.Typeset) -> str:
    return INSTRUCTION.upper() if ts.labels[0].isupper() else INSTRUCTION


def sample_box(cv: T.Canvas, y: int) -> tuple[int, int, int, int]:
    """The instruction at ``y`` and its sample after it; returns the sample's box."""
    sf = T.font(cv.ts.font, max(13, int(cv.size * SIZE)))
    words = instruction(cv.ts)
    cv.d.text((cv.x0, y), words, font=sf, fill=0)
    s, lw = int(cv.size * 1.05), max(2, cv.size // 14)
    x = cv.x0 + int(sf.getlength(words)) + T.px(SAMPLE_GAP)
    top = y + (int(sf.size * 1.25) - s) // 2  # on the instruction's line
    cv.d.rectangle((x, top, x + s, top + s), outline=0, width=lw)
    a, b = lw + 2, s - lw - 2  # the strokes inside the box's walls
    cv.d.line((x + a, top + a, x + b, top + b), fill=0, width=lw)
    cv.d.line((x + b, top + a, x + a, top + b), fill=0, width=lw)
    return x, top, x + s, top + s


def sample_mark(cv: T.Canvas, text: str) -> tuple[int, int, int, int]:
    """The instruction with its sample from the cursor down, then the sentence with its
    box; returns the sentence's box."""
    sample = sample_box(cv, cv.y)
    cv.y = max(cv.y + int(cv.size * SIZE * 1.35), sample[3] + T.px(0.04))
    ts = cv.ts
    cv.ts = replace(ts, checkbox="square")
    try:
        return cv._checkbox_after(text) if ts.checkbox_side == "after" else \
            cv._box_before(text)[0]
    finally:
        cv.ts = ts
