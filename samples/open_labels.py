"""``open`` labels: each label printed in the body font, colon and all, and nothing after
it to write on: no rule, no box, no leader, only the white space to the column's end, as
typed and word-processed forms (HR and benefit forms, medical intake sheets, letters of
instruction) set "Name:" followed by a tab.

The writing room, the anchor ``line:<key>``, starts ``ROOM_GAP`` past the label's colon
and runs to the column's end, its foot on the label's baseline: the holder writes on a
line nobody printed. A label that would leave less than ``ROOM_LEAST`` to write in is
broken, its last line on the room's level and the room past its longest line. The
address's further lines are rooms under the first's, from where it starts, ``PITCH``
apart; a row's room begins as far under the row before's as a ruled row's does under
``left``'s rule (rows further apart would run a long block past the bottom margin).
"""

from __future__ import annotations

from samples import typesets as T

ROOM_GAP = 0.1  # inches between the label's colon and the writing room
ROOM_LEAST = 1.6  # inches of room a label leaves at least, else it is broken
PITCH = 0.42  # inches between an address's rooms
ROW_GAP = 0.03  # inches under a row's lowest room, over the gap the block sets


def label_lines(cv: T.Canvas, label: str, x0: int, x1: int,
                least: float = ROOM_LEAST) -> list[str]:
    """The label as printed (a colon at its end), broken to leave ``least`` inches to
    write in."""
    text = label if label.endswith(":") else label + ":"
    return cv.wrap(text, max(T.px(0.8), x1 - x0 - T.px(least)))


def label_before(cv: T.Canvas, label: str, x0: int, x1: int, y: int,
                 least: float = ROOM_LEAST) -> tuple[int, int]:
    """The label, colon and all, from ``y`` down at ``x0``, broken to leave ``least``
    inches to write in, its last line on the room's level; returns that level (the
    room's foot) and where the room starts."""
    lines = label_lines(cv, label, x0, x1, least)
    step = int(cv.size * 1.2)
    base = y + T.px(T.WRITE_ROOM + 0.04) + (len(lines) - 1) * step
    for j, t in enumerate(lines):  # the last line on the room's foot
        cv.d.text((x0, base - int(cv.size * 1.1) - (len(lines) - 1 - j) * step), t,
                  font=cv.f, fill=0)
    return base, x0 + int(max(cv.f.getlength(t) for t in lines)) + T.px(ROOM_GAP)


def open_rows(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
              anchors: dict) -> int:
    """The label from ``y`` down and the room after it (an address's rooms one under
    another); returns the bottom."""
    base, lx = label_before(cv, label, x0, x1, y)
    for i, n in enumerate(names):
        ly = base + i * T.px(PITCH)
        anchors[n] = (lx, ly - T.px(T.WRITE_ROOM), x1, ly)
    return base + (len(names) - 1) * T.px(PITCH) + T.px(ROW_GAP)
