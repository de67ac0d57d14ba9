"""What the blocks share about the page's layout: whether a phrase found stands on a line of
labels or headings (not in a sentence of prose), and where a block's crops go.
"""
from __future__ import annotations

import re
from pathlib import Path

from ocr.layout import Line, Match, similar, token


def _crop(crops: Path | None, page: int, key: str) -> Path | None:
    return crops / f"p{page:02d}-{key}.png" if crops is not None else None


def blank_words(sub, x0: int, y0: int, words) -> None:
    """Blank in `sub`, a part of the page's ink whose top-left stands at (x0, y0), the boxes of
    `words` (Tesseract's, in page coordinates)."""
    for w in words:
        sub[max(0, w.top - y0):max(0, w.bottom - y0), max(0, w.left - x0):max(0, w.right - x0)] = False


VALUE_CONF = 50   # Tesseract's confidence under which a word is taken for writing, not print


def _mostly(m: Match, lines: list[Line], vocabulary: tuple[str, ...], share: float = 0.6) -> bool:
    """Printed labels and headings stand on lines of their own kind of words; the same
    words inside a sentence of prose ("print your name and the date and time") are not labels."""
    line = next((ln for ln in lines if m.words[0] in ln.words), None)
    if line is None:
        return False
    # A word OCR glued to the next by a stray mark ("HOLDER:ADDRESS", seed 3838) is two words.
    # The match's own words count as the label's (OCR glues them: "AndTime:").
    # Writing beside a label, after it ("Social Security Number 450-42-1369" where a leader's
    # dots were read as nothing), is its value, not prose: a word after the label that holds a
    # digit, or that Tesseract reads with little confidence (handwriting), is not counted.
    seg = _segment(line, m)
    last = max(seg.index(w) for w in m.words if w in seg) if any(w in seg for w in m.words) else len(seg)
    seg = seg[:last + 1] + [w for w in seg[last + 1:]
                            if not (any(c.isdigit() for c in w.text) or w.conf < VALUE_CONF)]
    toks = [(t, w in m.words) for w in seg for part in re.split(r"[^A-Za-z0-9]+", w.text)
            if (t := token(part))]
    if not toks:
        return False
    hits = sum(1 for t, mine in toks if mine or any(similar(t, v, 0.75) >= 0.75 for v in vocabulary))
    return hits / len(toks) >= share


def _segment(line: Line, m: Match) -> list:
    """The part of a line a match stands in: a line is parted at a colon ending a word (or the
    semicolon OCR often reads a small colon as) and at a gap wider than its words are tall.  A
    label with its writing line to its right ("Name: ______") shares its line with the value
    written there, which is no prose."""
    parts = line_parts(line, 1.5 * word_height(line), at_colon=True)
    return next((p for p in parts if m.words[0] in p), list(line.words))


def word_height(line: Line) -> int:
    """The median height of a line's words."""
    heights = sorted(w.bottom - w.top for w in line.words)
    return heights[len(heights) // 2]


LEADER = re.compile(r"[.,·…_]{2,}")


def line_parts(line: Line, gap: float, *, at_colon: bool = False) -> list[list]:
    """A line's words parted at each gap wider than `gap` (two columns, or a label and the value
    beside it, read as one line) and, `at_colon`, after a word ending in a colon (or the
    semicolon OCR often reads a small colon as) and on each side of a leader (a run of full
    stops or underscores read as a word: "Signed ..... (writing)")."""
    parts, here = [], [line.words[0]]
    for a, b in zip(line.words, line.words[1:]):
        leader = at_colon and (LEADER.fullmatch(a.text) or LEADER.fullmatch(b.text))
        if (at_colon and a.text.endswith((":", ";"))) or leader or b.left - a.right > gap:
            parts.append(here)
            here = []
        here.append(b)
    parts.append(here)
    return parts
