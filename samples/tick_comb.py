"""``tick-comb`` grants: a boxed grid whose every cell is parted into character places
by short upright ticks rising from its foot, as forms read by machine (tax returns,
bank and insurance forms) print their amount and date fields, one figure to a place.

The grid is a ``grid``'s; in each grant's cell the ticks stand ``TICK_H`` of the row's
height high from its foot, ``PLACE`` apart. The date's six places go in pairs,
``MM/DD/YY``, a slash printed small between the pairs; the price's places have a point
printed before the last two (dollars, then cents); the counts' places take the figures
right-aligned, no comma. The holder writes one figure to a place, the date's figures
without slashes ("031501"), the price's without a point or "$", and leaves a place
empty where the value has no figure for it. The anchors are a grid's (``cell:r:c`` the
whole cell) and ``ticks:r:c``, the places of each cell left to right.
"""

from __future__ import annotations

import random
from datetime import date

from samples import hand as H
from samples import typesets as T

PLACE = 0.2  # inches to a character place, at most (less where a cell is narrow)
TICK_H = 0.3  # the ticks' height, as a share of the row's
PAD = 0.06  # inches between a cell's wall and its first or last place
DATE_GAP = 0.09  # inches between the date's pairs, where a slash is printed


def _width(x0: int, x1: int, n: int, gaps: int = 0) -> int:
    """A place's width: ``PLACE``, or less where ``n`` places (and ``gaps`` slashes'
    room) would not fit the cell."""
    room = x1 - x0 - 2 * T.px(PAD) - gaps * T.px(DATE_GAP)
    return min(T.px(PLACE), room // n)


def _places(x0: int, x1: int, y0: int, y1: int, n: int, right: bool) -> list:
    """``n`` places from a cell's left or right."""
    w = _width(x0, x1, n)
    start = x1 - T.px(PAD) - n * w if right else x0 + T.px(PAD)
    return [(start + i * w, y0, start + (i + 1) * w, y1) for i in range(n)]


def _ticks(cv: T.Canvas, places: list, y1: int, high: int, lw: int) -> None:
    xs = sorted({p[0] for p in places} | {p[2] for p in places})
    cv.d.line((places[0][0], y1, places[-1][2], y1), fill=0, width=lw)
    for x in xs:
        cv.d.line((x, y1 - high, x, y1), fill=0, width=lw)


def tick_comb(cv: T.Canvas, rows: int, row_h: float) -> dict:
    """The grid from the cursor down, its grant cells parted into places; returns the
    anchors, a grid's and ``ticks:r:c``."""
    ts = cv.ts
    anchors = T.plain_grid(cv, rows, row_h)
    lw = max(2, cv.size // 16)
    sf = T.font(ts.font, max(12, int(cv.size * 0.7)))
    for r in range(rows):
        for c in range(5):
            x0, y0, x1, y1 = anchors[f"cell:{r}:{c}"]
            foot = y1 - T.px(0.05)
            high = int((foot - y0) * TICK_H)
            if c == 0:  # three pairs, a slash between
                places, x, w = [], x0 + T.px(PAD), _width(x0, x1, 6, 2)
                for pair in range(3):
                    places += [(x, y0, x + w, foot), (x + w, y0, x + 2 * w, foot)]
                    _ticks(cv, places[-2:], foot, high, lw)
                    x += 2 * w
                    if pair < 2:
                        cv.d.text((x + T.px(0.01), foot - int(sf.size * 1.1)), "/",
                                  font=sf, fill=0)
                        x += T.px(DATE_GAP)
            elif c == 2:  # dollars, a point, two places of cents
                places = _places(x0, x1, y0, foot, 6, right=True)
                _ticks(cv, places[:-2], foot, high, lw)
                _ticks(cv, places[-2:], foot, high, lw)
                px_ = places[-2][0]
                cv.d.ellipse((px_ - 3, foot - 8, px_ + 3, foot - 2), fill=0)
            else:
                places = _places(x0, x1, y0, foot, 7, right=True)
                _ticks(cv, places, foot, high, lw)
            anchors[f"ticks:{r}:{c}"] = tuple(places)
    return anchors


def figures(c: int, value: str, when: date | None = None) -> str:
    """What the holder writes in column ``c``'s places, right-aligned where the places
    take figures so: the date's six, the price's dollars and two cents, a count's."""
    if c == 0 and when is not None:
        return when.strftime("%m%d%y")
    if c != 2:  # a count's whole shares (a holder's ".00" has no place)
        value = value.split(".")[0]
    return "".join(ch for ch in value if ch.isdigit())


def write(page, places, text: str, pen: H.Pen, rng: random.Random, right: bool) -> None:
    """``text`` one figure to a place, from the right where ``right``."""
    if not text:
        return
    text = text[-len(places):]
    use = places[len(places) - len(text):] if right else places[:len(text)]
    H.write_boxed(page, text, use, pen, rng)
