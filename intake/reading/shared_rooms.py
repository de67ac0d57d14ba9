"""Labels printed as one, their fields written in one room after them.

A form may join two labels with a slash ("Signature / Date and Time: ______", "Print Name /
Home Address:" over a column of lines), as medical, HR and benefit forms do: nothing printed
says where one field's writing ends and the next's begins.  The room is the last label's;
its fields are written in it in the labels' order, one after another on a line (the
signature, then the date), or a line each down a column, the last field taking the lines
left (the name on the first line, the address on the rest).

The writing on one line is parted at the gaps in its ink, the widest first, and the part a
field's kind reads (a date and time parsed as one) decides where the parting is.  A room
that no gap parts into values of their kinds is a person's to read.
"""
from __future__ import annotations

import numpy as np

from ocr.layout import Box, Line, Match, token

from .values import clean_region

# What joins two labels printed as one: a slash (read as a bar or an I as often), an
# ampersand, a plus, the word "and".
JOINERS = ("/", "|", "I", "L", "1", "&", "+", "AND")
# Inches of blank columns that may part two values written on one line; the widest gaps are
# tried first, and at most this many.
GAP_LEAST_IN = 0.08
GAPS_TRIED = 3


def _joined(a: Match, b: Match, after: dict[int, int], words: list) -> bool:
    """Whether label `b` follows label `a` in reading order with nothing but a joiner between
    (or a slash at the end of `a`'s last word or the start of `b`'s first)."""
    i, j = after.get(id(a.words[-1])), after.get(id(b.words[0]))
    if i is None or j is None or j <= i:
        return False
    between = words[i + 1:j]
    if not between:
        return a.words[-1].text.rstrip(":;").endswith("/") or b.words[0].text.startswith("/")
    return len(between) == 1 and (token(between[0].text) in JOINERS or between[0].text.strip(" :;") in JOINERS)


def _untangled(labels: dict[str, Match]) -> dict[str, Match]:
    """Each label cut short of another label that begins among its words (a label read on to
    its colon, "Print Name / Home Address:", holds the address's label): it ends before it,
    the joiner between them left out."""
    out = dict(labels)
    for a, m in labels.items():
        starts = [m.words.index(o.words[0]) for b, o in labels.items()
                  if b != a and o.words[0] in m.words and m.words.index(o.words[0]) > 0]
        if starts:
            kept = list(m.words[:min(starts)])
            while len(kept) > 1 and (token(kept[-1].text) in JOINERS or kept[-1].text.strip(" :;") in JOINERS):
                kept.pop()
            out[a] = Match(tuple(kept), m.score)
    return out


def shared_rooms(labels: dict[str, Match], lines: list[Line]) -> list[tuple[str, ...]]:
    """The block's labels printed as one: each group's fields in their printed order (two or
    more), in reading order of the lines (`lines` as the page gives them).  `labels` are cut
    short of a label that begins among their words (`_untangled`), in place."""
    labels.update(_untangled(labels))
    words = [w for ln in lines for w in ln.words]
    after = {id(w): i for i, w in enumerate(words)}
    keys = sorted((k for k in labels if id(labels[k].words[0]) in after),
                  key=lambda k: after[id(labels[k].words[0])])
    groups: list[list[str]] = []
    for a, b in zip(keys, keys[1:]):
        if _joined(labels[a], labels[b], after, words):
            if groups and groups[-1][-1] == a:
                groups[-1].append(b)
            else:
                groups.append([a, b])
    return [tuple(g) for g in groups]


def gaps(ink: np.ndarray, place: Box, dpi: float) -> list[tuple[int, int]]:
    """The blank stretches between the writing in `place` (page x from, to), the widest first,
    at most `GAPS_TRIED`, each `GAP_LEAST_IN` wide at least."""
    sub = clean_region(ink, place, dpi)
    if sub.size == 0:
        return []
    cols = sub.any(axis=0)
    inked = np.flatnonzero(cols)
    if inked.size < 2:
        return []
    out = []
    start = None
    for x in range(int(inked[0]), int(inked[-1]) + 1):
        if not cols[x] and start is None:
            start = x
        elif cols[x] and start is not None:
            if x - start >= GAP_LEAST_IN * dpi:
                out.append((place.x0 + start, place.x0 + x))
            start = None
    return sorted(out, key=lambda g: g[0] - g[1])[:GAPS_TRIED]


def parted(place: Box, gap: tuple[int, int]) -> tuple[Box, Box]:
    """`place` parted at `gap`: the writing before it and the writing after it."""
    return Box(place.x0, place.y0, gap[0], place.y1), Box(gap[1], place.y0, place.x1, place.y1)
