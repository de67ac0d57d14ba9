"""``side-strip`` labels: each field a ruled box, its label turned a quarter anticlockwise
(reading upwards) in a narrow strip at the box's left behind a thin upright rule, the
writing room right of the strip, as shipping documents, customs declarations and bank
forms letter the side of a box.

The label is set small (``SIDE_SIZE`` of the body size), its colon dropped, broken on
as few lines as keep each within the box's height (the lines side by side, the first on
the left, as a turned heading's are), four at most: a label that would need more makes
its box taller. A box is ``SIDE_ROOM`` tall to each writing line (an address's three in
one box, no rules between them) and ``SIDE_PAD`` more; the anchors ``line:<key>``
(``line:addr1..3``) are the rooms right of the strip.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from samples import typesets as T

SIDE_SIZE = 0.72  # the label's size, as a share of the body size
SIDE_ROOM, SIDE_PAD = 0.36, 0.1  # inches: a writing line's room in a box, and the rest
SIDE_LINES_MOST = 4  # a label's lines at most; past them the box grows taller
SIDE_GAP = 0.06  # inches: the label's room at each end, and either side of its lines


def side_font(cv: T.Canvas):
    return T.font(cv.ts.font, max(12, int(cv.size * SIDE_SIZE)))


def side_lines(cv: T.Canvas, label: str, lines: int = 1) -> tuple[list[str], int]:
    """The label's lines as turned in its strip, and the box's height: each line no
    longer than the box is high (less its ends' room), on as few lines as that allows,
    ``SIDE_LINES_MOST`` at most, the box made taller when they do not fit."""
    sf = side_font(cv)
    words = label.rstrip(":").split()
    h = T.px(lines * SIDE_ROOM + SIDE_PAD)
    for n in range(1, min(SIDE_LINES_MOST, len(words)) + 1):
        text = T._stack(words, n, sf)
        if max(sf.getlength(t) for t in text) <= h - 2 * T.px(SIDE_GAP):
            return text, h
    text = T._stack(words, min(SIDE_LINES_MOST, len(words)), sf)
    return text, int(max(sf.getlength(t) for t in text)) + 2 * T.px(SIDE_GAP)


def side_height(cv: T.Canvas, key: str, lines: int = 1) -> int:
    """The height of ``key``'s box (so that the two boxes of a row are one height)."""
    return side_lines(cv, T._label_text(cv, key), lines)[1]


def strip_width(cv: T.Canvas, text: list[str]) -> int:
    return len(text) * int(side_font(cv).size * 1.2) + 2 * T.px(SIDE_GAP)


def side_strip_box(cv: T.Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                 anchors: dict, height: int = 0) -> int:
    """The field's box from ``x0`` to ``x1`` under ``y`` (``height`` tall at least), its
    label turned on its side in the strip at its left, the strip's rule after it and the
    writing room on to the box's right wall. Returns the bottom."""
    text, h = side_lines(cv, label, len(names))
    h = max(h, height)
    sf = side_font(cv)
    step = int(sf.size * 1.2)
    lw = max(2, max(3, cv.size // 12) - 1)
    strip = strip_width(cv, text)
    cv.d.rectangle((x0, y, x1, y + h), outline=0, width=lw)
    cv.d.line((x0 + strip, y, x0 + strip, y + h), fill=0, width=max(2, lw - 1))
    ink = Image.new("L", (int(max(sf.getlength(t) for t in text)) + 4, len(text) * step), 0)
    d = ImageDraw.Draw(ink)
    for j, t in enumerate(text):
        d.text((0, j * step), t, font=sf, fill=255)
    turned = ink.rotate(90, expand=True)  # a quarter turn anticlockwise: reads upwards
    tx = x0 + (strip - turned.width) // 2
    ty = y + (h - turned.height) // 2
    cv.img.paste(0, (tx, ty, tx + turned.width, ty + turned.height), turned)
    room = (h - T.px(SIDE_PAD)) // len(names)
    for i, n in enumerate(names):
        base = y + T.px(SIDE_PAD) // 2 + (i + 1) * room
        anchors[n] = (x0 + strip + T.px(0.06), base - T.px(T.WRITE_ROOM), x1 - T.px(0.06),
                      base)
    return y + h
