"""``hinted`` labels: each label before its line on the same line ("Name: ______"), and under
the line, small and in parentheses, a hint of what to write and how, as US federal and state
forms print them ("(Last name, First name, Middle initial)", "(mm/dd/yyyy)", "(Number and
street)").

The hint stands under the line's start, ``HINT_GAP`` under it, at ``HINT_SIZE`` of the body
size; the address's three lines each have their own. So every line has words beside it and
words under it: the label names the field, the hint under it does not name another. The
anchors are ``line:<key>`` over each line, as for ``left``.
"""

from __future__ import annotations

from samples import typesets as T

HINTS = {
    "name": "(first name, middle initial, last name; please print)",
    "ssn": "(nine figures: ###-##-####)",
    "signature": "(sign in ink)",
    "datetime": "(month/day/year and hour:minute)",
    "date": "(month/day/year)",
    "time": "(hour:minute, a.m. or p.m.)",
    "addr1": "(number and street)",
    "addr2": "(apartment, suite or unit, if any)",
    "addr3": "(city or town, state and ZIP code)",
}
HINT_SIZE = 0.7  # the hint's size, as a share of the body size
HINT_GAP = 0.03  # inches between a line and the hint's top
PITCH = 0.5  # inches between an address's lines (each with its hint under it)


def hint(cv: T.Canvas, name: str) -> str:
    words = HINTS[name]
    return words.upper() if cv.ts.labels[0].isupper() else words


def hinted_rows(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                anchors: dict) -> int:
    """The label at ``x0`` and its line(s) after it to ``x1``, a hint under each line;
    returns the bottom."""
    text = label if label.endswith(":") else label + ":"
    lw = max(3, cv.size // 12)
    hf = T.font(cv.ts.font, max(12, int(cv.size * HINT_SIZE)))
    line_y = y + T.px(T.WRITE_ROOM + 0.04)
    cv.d.text((x0, line_y - int(cv.size * 1.1)), text, font=cv.f, fill=0)
    lx = x0 + int(cv.f.getlength(text)) + T.px(0.1)
    for i, n in enumerate(names):
        ly = line_y + i * T.px(PITCH)
        cv.hline(lx, x1, ly, lw)
        anchors[n] = (lx, ly - T.px(T.WRITE_ROOM), x1, ly)
        cv.d.text((lx, ly + T.px(HINT_GAP)), hint(cv, n.split(":")[1]), font=hf, fill=0)
    return line_y + (len(names) - 1) * T.px(PITCH) + T.px(HINT_GAP) + int(hf.size * 1.3)
