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

import dataclasses

import numpy as np

from ocr.layout import Box, Line, Match, similar, token
from ocr.preprocess import runs

from .values import clean_region

# What joins two labels printed as one: a slash (read as a bar or an I as often), an
# ampersand, a plus, the word "and".
JOINERS = ("/", "|", "I", "L", "1", "&", "+", "AND")
# Inches of blank columns that may part two values written on one line; the widest gaps are
# tried first, and at most this many.
GAP_LEAST_IN = 0.08
GAPS_TRIED = 3


def _joiner(w) -> bool:
    return token(w.text) in JOINERS or w.text.strip(" :;") in JOINERS


def _joined(a: Match, b: Match, lines: list[Line]) -> bool:
    """Whether label `b` follows label `a` with nothing but a joiner between (or a slash at the
    end of `a`'s last word or the start of `b`'s first): on `a`'s line, or first on the line
    under it, the label broken over two lines there."""
    line = next((ln for ln in lines if a.words[-1] in ln.words), None)
    if line is None:
        return False
    rest = list(line.words[line.words.index(a.words[-1]) + 1:])
    slash = a.words[-1].text.rstrip(":;").endswith("/") or b.words[0].text.startswith("/")
    if rest and rest[0] is b.words[0]:
        return slash
    if len(rest) >= 2 and _joiner(rest[0]) and rest[1] is b.words[0]:
        return True
    if len(rest) > 1 or (rest and not _joiner(rest[0])):
        return False
    # (The words' own boxes, not their lines': writing beside a label makes its line tall.)
    last, first = a.words[-1], b.words[0]
    h = last.height
    under = next((ln for ln in lines if ln.words and ln.words[0] is first), None)
    return under is not None and bool(slash or rest) and -h / 2 <= first.top - (last.top + h) <= 1.5 * h \
        and abs(first.left - line.box.x0) <= 2 * h


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
            while len(kept) > 1 and _joiner(kept[-1]):
                kept.pop()
            out[a] = Match(tuple(kept), m.score)
    return out


# How closely each side of a label parted at its joiner must read as a field's label.
SIDE_SCORE = 0.8


def _said(words, phrases: list[str]) -> float:
    said = token(" ".join(w.text for w in words))
    return max((similar(said, token(p)) for p in phrases), default=0.0)


def _unglued(words) -> list:
    """A label's words with a word read with a slash inside it ("NAME/ADDRESS:") parted into
    its two sides and the slash, each given its share of the word's width."""
    out = []
    for w in words:
        text = w.text
        at = text.find("/")
        if 0 < at < len(text.rstrip(":;")) - 1:
            per = w.width / max(1, len(text))
            cut = int(round(at * per))
            out += [dataclasses.replace(w, text=text[:at], width=max(1, cut - 1)),
                    dataclasses.replace(w, text="/", left=w.left + cut, width=max(1, int(per))),
                    dataclasses.replace(w, text=text[at + 1:], left=w.left + cut + int(per),
                                        width=max(1, w.width - cut - int(per)))]
        else:
            out.append(w)
    return out


def parted_labels(labels: dict[str, Match], phrases: dict[str, list[str]]) -> list[tuple[str, str]]:
    """A label matched over a joiner ("OPTION HOLDER NAME / ADDRESS:" read as the address's
    label, the name's then unfound) parted there, in place: each side the label of the field
    whose phrases it reads as (`SIDE_SCORE`), the side the match's own field reads best as
    kept for it, the other given to a field with no label yet.  The pairs so parted, each in
    printed order: labels printed as one."""
    pairs = []
    for key, m in list(labels.items()):
        words = _unglued(m.words)
        cut = next((i for i, w in enumerate(words) if 0 < i < len(words) - 1 and _joiner(w)), None)
        if cut is None:
            continue
        sides = [words[:cut], words[cut + 1:]]
        mine = max((0, 1), key=lambda i: _said(sides[i], phrases[key]))
        free = [k for k in phrases if k not in labels and k != key]
        best = max(free, key=lambda k: _said(sides[1 - mine], phrases[k]), default=None)
        if best is None or _said(sides[1 - mine], phrases[best]) < SIDE_SCORE \
                or _said(sides[mine], phrases[key]) < SIDE_SCORE:
            continue
        labels[key] = Match(tuple(sides[mine]), m.score)
        labels[best] = Match(tuple(sides[1 - mine]), m.score)
        pairs.append((key, best) if mine == 0 else (best, key))
    return pairs


def shared_rooms(labels: dict[str, Match], lines: list[Line],
                 parted: list[tuple[str, str]] = ()) -> list[tuple[str, ...]]:
    """The block's labels printed as one: each group's fields in their printed order (two or
    more), in reading order of the lines (`lines` as the page gives them); the pairs
    `parted_labels` parted are joined whatever the lines say.  `labels` are cut short of a
    label that begins among their words (`_untangled`), in place."""
    labels.update(_untangled(labels))

    def place(k: str) -> tuple[int, int]:
        # The line its first word stands on (a word parted from a glued one is on its
        # word's line), then along it.
        w = labels[k].words[0]
        cy = w.top + w.height // 2
        return next((i for i, ln in enumerate(lines) if ln.box.y0 <= cy <= ln.box.y1), len(lines)), w.left
    keys = sorted(labels, key=place)
    links = dict(parted)
    for a, b in zip(keys, keys[1:]):
        if a not in links and b not in links.values() and _joined(labels[a], labels[b], lines):
            links[a] = b
    groups: list[list[str]] = []
    for a in keys:
        if a not in links or a in links.values():
            continue
        group = [a]
        while group[-1] in links and links[group[-1]] not in group:
            group.append(links[group[-1]])
        groups.append(group)
    return [tuple(g) for g in groups]


def gaps(ink: np.ndarray, place: Box, dpi: float) -> list[tuple[int, int]]:
    """The blank stretches between the writing in `place` (page x from, to), the widest first,
    at most `GAPS_TRIED`, each `GAP_LEAST_IN` wide at least."""
    sub = clean_region(ink, place, dpi)
    if sub.size == 0:
        return []
    inked = np.flatnonzero(sub.any(axis=0))
    if inked.size < 2:
        return []
    first, last = int(inked[0]), int(inked[-1])
    out = [(place.x0 + first + a, place.x0 + first + b) for a, b in runs(~sub[:, first:last + 1].any(axis=0))
           if b - a >= GAP_LEAST_IN * dpi]
    return sorted(out, key=lambda g: g[0] - g[1])[:GAPS_TRIED]


def parted(place: Box, gap: tuple[int, int]) -> tuple[Box, Box]:
    """`place` parted at `gap`: the writing before it and the writing after it."""
    return Box(place.x0, place.y0, gap[0], place.y1), Box(gap[1], place.y0, place.x1, place.y1)
