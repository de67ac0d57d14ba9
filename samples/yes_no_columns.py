"""``yes-no-columns`` checkboxes: two boxes in columns of their own at the right margin,
the YES column's then the NO column's, headed "Yes" and "No" (``YES`` and ``NO`` with
labels in capitals) in small bold over them, as insurance and health questionnaires and
customs declarations ask their questions; the sentence set from the margin, short of the
columns, the boxes on the level of its first line.

Nothing but the column's head says which box is which: no word stands beside a box. The
holder marks the YES box to elect (as a square is marked); one who does not tender marks
the NO box on half the forms and neither on the rest. ``box:<name>`` and the truth's
``boxes`` are the YES box, ``no:<name>`` the NO box. ``checkbox_side`` is not used and the
tender sentence is never broken across pages.
"""

from __future__ import annotations

from samples import typesets as T

HEAD_SIZE = 0.8  # the columns' heads, as a share of the body size
COLUMN_PAD = 0.08  # inches either side of a box (or of its head, if wider) in its column
SENTENCE_GAP = 0.3  # inches between the sentence's longest line and the YES column


def column_heads(ts: T.Typeset) -> tuple[str, str]:
    return ("YES", "NO") if ts.labels[0].isupper() else ("Yes", "No")


def yes_no_columns(cv: T.Canvas, text: str) -> tuple[int, int, int, int]:
    """The heads, the sentence and its two boxes from the cursor down; returns the YES
    box, the NO box in ``cv.last_no``."""
    s = int(cv.size * 1.05)
    hf = T.font(cv.ts.bold, max(12, int(cv.size * HEAD_SIZE)))
    heads = column_heads(cv.ts)
    col = max(s, int(max(hf.getlength(h) for h in heads))) + 2 * T.px(COLUMN_PAD)
    centres = (cv.x1 - col - col // 2, cv.x1 - col // 2)
    head_y = cv.y
    for head, cx in zip(heads, centres):
        cv.d.text((cx, head_y), head, font=hf, fill=0, anchor="mt")
    cv.y += int(hf.size * 1.35) + T.px(0.04)
    boxes = []
    for cx in centres:
        bb = (cx - s // 2, cv.y + 2, cx - s // 2 + s, cv.y + 2 + s)
        cv.d.rectangle(bb, outline=0, width=max(2, cv.size // 14))
        boxes.append(bb)
    for ln in cv.wrap(text, centres[0] - col // 2 - T.px(SENTENCE_GAP) - cv.x0):
        cv.line(ln, cv.x0)
    cv.y += int(cv.lh * 0.8)
    cv.last_no = boxes[1]
    return boxes[0]
