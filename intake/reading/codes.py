"""A box answered with a figure or a letter written in it, its meaning told by a printed legend.

Census, tax and ICR forms ask for a coded answer: a box a little larger than a checkbox
and, after the question, "(Enter 1 for Yes, 2 for No)".  Such a box holds ink whatever
the answer, so ink in it says nothing: what is written in it does, read by the legend.
The legend is looked for on the sentence's own lines and the line under them, and failing
that anywhere on the page where it is the only one.  A legend read with its codes garbled
still says the box is coded: its ink then goes to a person.  A figure read otherwise by the
two recognisers, or read as no code of the legend, goes to a person too: a box answered
with a tick where a figure was asked for is a person's to read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image

from ocr import handwriting, tesseract
from ocr.errors import ToolFailed, ToolTimeout
from ocr.layout import Box, Line
from ocr.preprocess import components, remove_specks, runs as ink_runs

from ..model import Reading
from ..normalize import one_edit
from . import calibration, election_form as form

# The printed square is looked for this far round the box found for the sentence; its walls
# are lines of ink there, up and across, at least WALL_RUN as long as the longest (a wall a
# fax or a light scan broke is half as long as the other), at least SQUARE_LEAST_IN apart
# and about as far apart one way as the other.
FRAME_PAD_IN = 0.08
WALL_RUN = 0.4
SQUARE_LEAST_IN = 0.1
SQUARE_ASPECT = (0.7, 1.4)
# A legend stands on the sentence's lines or on the line just under its last, at most this
# many of its line heights below it.
LEGEND_BELOW = 1.6
# Rows or columns of a blank this much ink across are its printed rule or frame, no writing.
BLANK_RULE_SHARE = 0.6
# Letters a recogniser reads for a digit: a legend or an answer of digits read so is the digit.
_AS_DIGIT = {"I": "1", "L": "1", "|": "1", "!": "1", "]": "1", "[": "1", "O": "0", "Z": "2", "S": "5"}

# The engine of a reading answered by a choice word written out.
WORD_ENGINE = "ink+word"

CODE_UNREAD = "coded_box_unread"
CODE_EMPTY = "coded_box_empty"
SQUARE_NOT_FOUND = "coded_square_not_found"
CODE_READ_OTHERWISE = "coded_box_read_otherwise"
CODE_NOT_IN_LEGEND = "coded_box_not_in_legend"
CODES_GARBLED = "legend_codes_unread"


@dataclass(frozen=True)
class Legend:
    """What each code means (True for the choice word Yes); empty when a legend was read but
    its codes were not.  `words`: the answer is a choice word written out on a blank ("(WRITE
    YES OR NO)"), its codes the words and their first letters."""
    codes: dict[str, bool] = field(default_factory=dict)
    text: str = ""
    words: bool = False


def _digit_like(code: str, others: list[str]) -> str:
    """A code read as a letter that stands for a digit, where the legend's others are digits."""
    if len(code) == 1 and code in _AS_DIGIT and any(o.isdigit() for o in others):
        return _AS_DIGIT[code]
    return code


def _fuzzy(text: str) -> str:
    """The text in capitals, a word at a time, the legend's joining words and choice words
    read a letter astray put right ("2-POR NO" for "2 FOR NO")."""
    words = []
    for t in re.findall(r"[A-Z0-9|!\[\]]+|[=:/()]", text.upper()):
        for w in (*form.CODE_MEANS, *form.CHOICE_WORDS, *form.WRITE_IN_ASKS):
            if len(w) >= 3 and len(t) == len(w) and one_edit(t, w):
                t = w
        words.append(t)
    return " ".join(words)


def legend(text: str) -> Legend | None:
    """The legend printed in `text`, if any: "1 for Yes", "2 = No", "Yes: Y", "(Y/N)"."""
    up = _fuzzy(text)
    yes, no = form.CHOICE_WORDS
    asks = "|".join(re.escape(w) for w in form.WRITE_IN_ASKS)
    if re.search(rf"(?<![A-Z])(?:{asks})\s+(?:IN\s+)?{yes}\s*(?:OR|/)\s*{no}(?![A-Z])", up):
        return Legend({yes: True, yes[0]: True, no: False, no[0]: False}, up, words=True)
    means = "|".join(re.escape(w) for w in form.CODE_MEANS)
    is_ = "|".join(re.escape(w) for w in form.CODE_IS)
    word = rf"({yes}|{no})(?![A-Z])"
    pairs = [(m.group(1), m.group(2) == yes)
             for m in re.finditer(rf"(?<![A-Z0-9])([A-Z0-9|!]{{1,2}})\s*(?:{means})\s*{word}", up)]
    pairs += [(m.group(2), m.group(1) == yes)
              for m in re.finditer(rf"(?<![A-Z]){word}\s*(?:{is_})\s*([A-Z0-9|!]{{1,2}})(?![A-Z0-9])", up)]
    slash = re.search(rf"\(\s*({yes[0]})\s*/\s*({no[0]})\s*\)", up)
    if slash:
        pairs += [(slash.group(1), True), (slash.group(2), False)]
    raw = [c for c, _a in pairs]
    codes: dict[str, bool] = {}
    for code, answer in pairs:
        code = _digit_like(code, [c for c in raw if c != code])
        if codes.setdefault(code, answer) is not answer:
            return Legend({}, up)            # one code said to mean both: its codes unread
    if set(codes.values()) == {True, False}:
        if not (all(c.isdigit() for c in codes) or all(c.isalpha() for c in codes)):
            return Legend({}, up)             # "LT for Yes, 2 for No": a code garbled
        return Legend(codes, up)
    # "... for Yes, ? for No": a legend all the same, its codes garbled.
    if re.search(rf"(?:{means})\s*{yes}\W{{1,4}}\S{{0,4}}\s*(?:{means})\s*{no}(?![A-Z])", up):
        return Legend({}, up)
    return None


def _lines_of(first: Line, last: Line, lines: list[Line]) -> list[Line]:
    """The sentence's lines, from its first to its last, and the line just under its last."""
    within = [ln for ln in lines if first.box.y0 - 1 <= ln.box.cy <= last.box.y1 + 1
              and ln.box.x1 > first.box.x0 - first.box.height and ln.box.x0 < max(first.box.x1, last.box.x1)]
    under = [ln for ln in lines if 0 <= ln.box.y0 - last.box.y1 <= LEGEND_BELOW * last.box.height
             and ln.box.x0 < last.box.x1 and ln.box.x1 > last.box.x0]
    return within + sorted(under, key=lambda ln: ln.box.y0)[:1]


def sentence_legend(first: Line, last: Line, lines: list[Line]) -> tuple[Legend, Line] | None:
    """The legend printed with a sentence, and the line it ends on (a box after the sentence
    stands after the legend)."""
    own = _lines_of(first, last, lines)
    found = legend(" ".join(w.text for ln in own for w in ln.words))
    if found is None:
        return None
    at = next(ln for i, ln in enumerate(own)
              if legend(" ".join(w.text for before in own[:i + 1] for w in before.words)) is not None)
    return found, max((at, last), key=lambda ln: ln.box.y0)


def page_legend(lines: list[Line]) -> Legend | None:
    """The page's one legend, where the page prints legends of one meaning only."""
    found = [lg for ln in lines if (lg := legend(" ".join(w.text for w in ln.words)))]
    if not found:
        return None
    if all(lg.codes == found[0].codes for lg in found):
        return found[0]
    return Legend({}, found[0].text)


def _longest_runs(a: np.ndarray) -> np.ndarray:
    """The longest run of ink down each column of `a`."""
    run = np.zeros(a.shape[1], int)
    best = np.zeros(a.shape[1], int)
    for row in a:
        run = np.where(row, run + 1, 0)
        best = np.maximum(best, run)
    return best


def _walls(runs: np.ndarray) -> list[tuple[int, int]]:
    """The lines of ink nearly as long as the longest, as groups (first, last) side by side."""
    if runs.max(initial=0) == 0:
        return []
    return [(a, b - 1) for a, b in ink_runs(runs >= WALL_RUN * runs.max())]


def _square(sub: np.ndarray, dpi: float) -> tuple[int, int, int, int] | None:
    """The inside of the printed square in `sub` (x0, y0, x1, y1): of the rectangles two long
    lines up and two across make, the largest about as wide as tall.  (A bracket of the
    legend beside the box is a line as long as its walls; a figure in it is a shorter one.)"""
    across, up = _walls(_longest_runs(sub)), _walls(_longest_runs(sub.T))
    best = None
    for i, a in enumerate(across):
        for b in across[i + 1:]:
            for j, c in enumerate(up):
                for d in up[j + 1:]:
                    w, h = b[0] - a[1] - 1, d[0] - c[1] - 1
                    if min(w, h) >= SQUARE_LEAST_IN * dpi and SQUARE_ASPECT[0] <= w / h <= SQUARE_ASPECT[1] \
                            and (best is None or w * h > best[0]):
                        best = (w * h, (a[1] + 1, c[1] + 1, b[0], d[0]))
    return None if best is None else best[1]


def _speck_area(dpi: float) -> int:
    """The most pixels a fax's speck holds in a box or on a blank (a piece of writing holds more)."""
    return max(6, int((0.015 * dpi) ** 2))


def _inside(ink: np.ndarray, box: Box, dpi: float) -> tuple[np.ndarray, Box, bool]:
    """The ink written inside a box, its printed frame and fax specks taken out; where on the
    page that is; and whether the printed square was found.  The box found for a sentence
    may take in less or more than the printed square, so the square is looked for around
    it (`_square`).  Where none is found,
    the box's own bounds are taken, without what touches them (a wall, the sentence's first
    letter)."""
    pad = int(FRAME_PAD_IN * dpi)
    x0, y0 = max(0, box.x0 - pad), max(0, box.y0 - pad)
    sub = ink[y0:box.y1 + pad, x0:box.x1 + pad]
    specks = _speck_area(dpi)
    if sub.size == 0:
        return sub, box, False
    square = _square(sub, dpi)
    if square is not None:
        sx0, sy0, sx1, sy1 = square
        inner = sub[sy0:sy1, sx0:sx1].copy()
        edge = max(1, int(0.01 * dpi))
        inner[:edge, :] = inner[-edge:, :] = False
        inner[:, :edge] = inner[:, -edge:] = False
        return remove_specks(inner, specks), Box(x0 + sx0, y0 + sy0, x0 + sx1, y0 + sy1), True
    where = Box(max(0, box.x0), max(0, box.y0), box.x1, box.y1)
    inner = remove_specks(ink[where.y0:where.y1, where.x0:where.x1], specks)
    count, labels, stats, _ = components(inner.astype(np.uint8), 8)
    h, w = inner.shape
    for i in range(1, count):
        x, y, cw, ch, _a = stats[i]
        if x == 0 or y == 0 or x + cw >= w or y + ch >= h:
            inner[labels == i] = False
    return inner, where, False


def _normal(text: str, legend_: Legend) -> str:
    """A recogniser's reading of the answer in the legend's alphabet."""
    t = "".join(text.upper().split()).strip(".,:;'\"`()")
    return _digit_like(t, list(legend_.codes)) if legend_.codes else t


def _read_written(image: Image.Image, sub: np.ndarray, where: Box, dpi: float):
    """What is written in `sub` (the ink at `where` on the page), read by the recogniser from
    the ink alone and from the page's grey pixels: the ink's crop, and each (text, score)."""
    ys, xs = np.nonzero(sub)
    pad = max(6, int(0.05 * dpi))
    glyph = np.where(sub[ys.min():ys.max() + 1, xs.min():xs.max() + 1], 0, 255).astype(np.uint8)
    clean = Image.fromarray(np.pad(glyph, pad, constant_values=255))
    grey = image.convert("L").crop((where.x0 + xs.min() - pad, where.y0 + ys.min() - pad,
                                    where.x0 + xs.max() + 1 + pad, where.y0 + ys.max() + 1 + pad))
    return clean, handwriting.read_line(clean), handwriting.read_line(grey)


def read_code(reading: Reading, legend_: Legend, image: Image.Image, ink: np.ndarray, dpi: float,
              timeout: float) -> Reading:
    """A box's reading read again by its legend: the answer the written code means,
    when the recogniser reads the same code of the legend from the written ink and from the
    page's own grey pixels, sure of both, and Tesseract reads no other code; a person's
    otherwise."""
    evidence = dict(reading.evidence, legend=legend_.text[-60:])
    if legend_.words:
        return _read_word(reading, legend_, image, ink, dpi, evidence)
    sub, where, square = _inside(ink, Box(*reading.bbox), dpi)
    ys, xs = np.nonzero(sub)
    if len(xs) == 0:
        # Nothing written in the square: no code, as on a box unmarked (its frame may have
        # been read as a mark).
        evidence[CODE_EMPTY] = True
        return Reading(False, min(reading.confidence, calibration.CODE_AGREED), page=reading.page,
                       bbox=reading.bbox, crop_path=reading.crop_path, engine="ink+code", evidence=evidence)
    if not legend_.codes:
        return _unsure(reading, evidence, CODES_GARBLED)
    if not square:
        # Ink in a box whose printed square was not found: what is the box's and what is not
        # is a person's to see.
        return _unsure(reading, evidence, SQUARE_NOT_FOUND)
    clean, (text_r, score_r), (text_g, score_g) = _read_written(image, sub, where, dpi)
    try:
        text_t = " ".join(w.text for w in tesseract.words(clean, psm=10, timeout=timeout))
    except (ToolFailed, ToolTimeout):
        text_t = ""
    r, g = _normal(text_r, legend_), _normal(text_g, legend_)
    t = "".join(text_t.upper().split())
    evidence.update(code_read=text_r, code_read_grey=text_g, code_read_tesseract=text_t,
                    code_scores=[round(score_r, 3), round(score_g, 3)])
    if r != g or not r or min(score_r, score_g) < calibration.CODE_SCORE_LEAST:
        return _unsure(reading, evidence, CODE_UNREAD)
    if r not in legend_.codes:
        return _unsure(reading, evidence, CODE_NOT_IN_LEGEND)
    if t in legend_.codes and t != r:
        # Tesseract, poor at a lone handwritten figure, reads garble often ("4" for a 1), but
        # another of the legend's codes is a reading against the recogniser's.
        return _unsure(reading, evidence, CODE_READ_OTHERWISE)
    # (The figure read is the answer: how much ink it leaves in the box, a mark's measure, is
    # no doubt of it; a thin "1" fills a large square less than a tick's least.)
    return Reading(legend_.codes[r], calibration.CODE_AGREED, page=reading.page,
                   bbox=reading.bbox, crop_path=reading.crop_path, engine="ink+code", evidence=evidence)


def _on_blank(ink: np.ndarray, box: Box, dpi: float) -> tuple[np.ndarray, Box]:
    """The ink written on a blank (the place above a line to write on, or a box), the line's
    rule and the box's frame taken out: rows and columns mostly ink are print, and fax specks
    are none."""
    where = Box(max(0, box.x0), max(0, box.y0), box.x1, box.y1)
    sub = ink[where.y0:where.y1, where.x0:where.x1].copy()
    if sub.size == 0:
        return sub, where
    sub[sub.mean(axis=1) >= BLANK_RULE_SHARE, :] = False
    sub[:, sub.mean(axis=0) >= BLANK_RULE_SHARE] = False
    return remove_specks(sub, _speck_area(dpi)), where


def _read_word(reading: Reading, legend_: Legend, image: Image.Image, ink: np.ndarray, dpi: float,
               evidence: dict) -> Reading:
    """A choice word written out on the sentence's blank ("NO" after "(WRITE YES OR NO)"): the
    answer it says, when the recogniser reads the same word of the legend from the written ink
    and from the page's grey pixels, sure of both; a person's otherwise.  Any ink is a mark on a
    box; here it is a word, and "NO" is an answer too."""
    sub, where = _on_blank(ink, Box(*reading.bbox), dpi)
    ys, xs = np.nonzero(sub)
    if len(xs) == 0:
        evidence[CODE_EMPTY] = True
        return Reading(False, min(reading.confidence, calibration.CODE_AGREED), page=reading.page,
                       bbox=reading.bbox, crop_path=reading.crop_path, engine=WORD_ENGINE, evidence=evidence)
    clean, (text_r, score_r), (text_g, score_g) = _read_written(image, sub, where, dpi)
    r, g = (re.sub(r"[^A-Z]", "", t.upper().replace("0", "O")) for t in (text_r, text_g))
    evidence.update(code_read=text_r, code_read_grey=text_g, code_scores=[round(score_r, 3), round(score_g, 3)])
    # (Two words unlike in every letter: both readings the same word, one of them sure of it,
    # the other less sure than a lone figure's least, is that word.)
    if r != g or not r or max(score_r, score_g) < calibration.CODE_SCORE_LEAST \
            or min(score_r, score_g) < calibration.WORD_SCORE_LEAST:
        return _unsure(reading, evidence, CODE_UNREAD)
    if r not in legend_.codes:
        return _unsure(reading, evidence, CODE_NOT_IN_LEGEND)
    return Reading(legend_.codes[r], calibration.CODE_AGREED, page=reading.page,
                   bbox=reading.bbox, crop_path=reading.crop_path, engine=WORD_ENGINE, evidence=evidence)


def _unsure(reading: Reading, evidence: dict, why: str) -> Reading:
    evidence[why] = True
    return Reading(None, 0.0, page=reading.page, bbox=reading.bbox, crop_path=reading.crop_path,
                   engine=reading.engine, evidence=evidence)
