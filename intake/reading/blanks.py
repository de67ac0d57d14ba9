"""The signature block set as sentences to fill in: each blank read as the field its lead-in names.

A form may print no labels at all: "I, ________, Social Security No. ________, residing at
________ ________, sign this form on ________. Signed: ________".  Its structure is the
sentence's: the page's printed words and its blanks (writing lines an inch long or more) read
in order, line by line, as one stream.  A blank's lead-in is the printed words between it and
the blank before it; the longest phrase of `form.SENTENCE_BLANKS` that ends the lead-in names
its field.  A blank with nothing printed before it continues the field of the blank before it,
when that field takes several lines (the address).  The words written on a blank are no part
of the stream (they stand over it), and a block is read only when two of its fields or more
are named, as a labelled block needs two labels.  Taken where the labelled reading
(`signature.read_signature_block`) found fewer of the block's fields than the sentences name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from ocr.layout import Box, Line, similar, token

from ..model import Reading
from . import calibration, election_form as form
from .layout import _crop
from .doubts import note
from .signature import _ceiling, _joined, spanned
from .values import read_signature, read_value

BASELINE_IN = 0.08      # a printed word stands on a blank's line within this of it
LINE_IN = 0.12          # words and blanks this close in height are on one line of the sentence
WRITTEN_ABOVE_IN = 0.25  # a word standing this far above a blank at most, over it, is written on it
LEAD_WORDS = 5          # a lead-in's phrase is at most this many words
LEAD_GAP_IN = 0.6       # ... and ends at most this far before its blank on its line
MORE_LINES_IN = 0.7     # a continuing blank stands at most this far under the one before
PLACE_UP_IN = 0.4       # a value is written at most this high over its blank
STROKE_OVER_IN = 0.15   # a rule this little over a writing line, along it, is a stroke written on it
PIECE_GAP_IN = 0.5      # pieces of one blank stand at most this far apart
NAMED_TWICE = "field_named_by_two_blanks"   # a doubt: two blanks led in alike, no one reading
LONE_I = re.compile(r"^[IiLl|1!]\W?$")    # "I," as a fax leaves it ("L,", "|,")


@dataclass
class Blank:
    rule: Box
    key: str | None = None
    kind: str | None = None
    said: str = ""


def _blanks(rules: list[Box], dpi: float, least_in: float = 1.0) -> list[Box]:
    """The writing lines, one for each place: rules half an inch long or more, pieces of one
    overlapping at one height joined, and of two overlapping a little apart in height the
    lower (the upper is a stroke of the writing on it); `least_in` long or more."""
    out: list[Box] = []
    for r in sorted((r for r in rules if r.width >= 0.5 * dpi), key=lambda r: (r.y0, r.x0)):
        same = next((i for i, o in enumerate(out) if abs(o.cy - r.cy) <= STROKE_OVER_IN * dpi
                     and min(o.x1, r.x1) - max(o.x0, r.x0) > 0), None)
        if same is None:
            out.append(r)
            continue
        o = out[same]
        low = o if o.cy > r.cy + 0.04 * dpi else r if r.cy > o.cy + 0.04 * dpi else None
        out[same] = Box(min(o.x0, r.x0), low.y0 if low else min(o.y0, r.y0), max(o.x1, r.x1),
                        low.y1 if low else max(o.y1, r.y1))
    return [b for b in out if b.width >= least_in * dpi]


def _joined_pieces(blanks: list[Box], printed, dpi: float) -> list[Box]:
    """A blank in pieces (writing crossed it, a fax dropped a stretch) made whole: pieces at
    one height with no printed word between them, less than PIECE_GAP_IN apart."""
    out: list[Box] = []
    for b in sorted(blanks, key=lambda b: (round(b.cy / (0.04 * dpi)), b.x0)):
        o = out[-1] if out else None
        if o is not None and abs(o.cy - b.cy) <= 0.04 * dpi and 0 <= b.x0 - o.x1 <= PIECE_GAP_IN * dpi \
                and not any(w.left < b.x0 and w.right > o.x1 and abs(w.bottom - b.cy) <= LINE_IN * dpi
                            for w in printed):
            out[-1] = Box(o.x0, min(o.y0, b.y0), b.x1, max(o.y1, b.y1))
        else:
            out.append(b)
    return out


def _written(w, blanks: list[Box], dpi: float) -> bool:
    """Whether a word stands over a blank, on it or a little above: writing, not print."""
    for b in blanks:
        over = min(w.right, b.x1) - max(w.left, b.x0)
        if over > 0.5 * w.width and b.y0 - WRITTEN_ABOVE_IN * dpi <= w.bottom <= b.y1 + BASELINE_IN * dpi:
            return True
    return False


def stream_rows(words, blanks: list[Box], dpi: float) -> list[list]:
    """The printed words and the blanks line by line down the page, each line left to right
    (a word's line is its foot's height, a blank's its own)."""
    items = [(w.bottom, w.left, w) for w in words] + [(b.cy, b.x0, b) for b in blanks]
    items.sort(key=lambda t: t[0])
    rows: list[list] = []
    for y, x, it in items:
        if rows and y - rows[-1][0][0] <= LINE_IN * dpi:
            rows[-1].append((y, x, it))
        else:
            rows.append([(y, x, it)])
    return [[it for _y, _x, it in sorted(row, key=lambda t: t[1])] for row in rows]


def _stream(words, blanks: list[Box], dpi: float) -> list:
    """The printed words and the blanks in reading order (`stream_rows`, one after another)."""
    return [it for row in stream_rows(words, blanks, dpi) for it in row]


def phrase_read(said: str, phrase: str) -> bool:
    """Whether words read (as a token) say a phrase (a token): as printed, or, a phrase of
    seven letters or more, a letter or two astray ("SIGNED" is no "SIGNED ON")."""
    return said == phrase or (len(phrase) >= 7 and abs(len(said) - len(phrase)) <= len(phrase) // 4
                              and similar(said, phrase, 0.85) >= 0.85)


def _named(lead: list, after: Blank | None) -> tuple[str, str, str] | None:
    """(field, value kind, the phrase) that a lead-in names, or None."""
    texts = [w.text for w in lead]
    if after is not None and after.key == "signed_at" and after.kind in ("signed_at", "date"):
        if any(token(" ".join(texts[-k:])) == token(p) for p in form.SENTENCE_TIME_LEADS for k in (1, 2)
               if k <= len(texts)):
            return "signed_at", "time", texts[-1]
    best = None
    for k in range(1, min(LEAD_WORDS, len(texts)) + 1):
        said = token(" ".join(texts[-k:]))
        for key, phrases, kind in form.SENTENCE_BLANKS:
            for p in phrases:
                t = token(p)
                # A phrase read as printed first, the longest; a long one read a letter or
                # two astray after ("SIGNED" is no "SIGNED ON").
                if phrase_read(said, t):
                    rank = (said == t, len(t))
                    if best is None or rank > best[3]:
                        best = (key, kind, " ".join(texts[-k:]), rank)
    if best is None and texts and LONE_I.match(texts[-1]) and (len(texts) == 1 or texts[-2].endswith((".", ":"))):
        return "holder_name", "name", texts[-1]
    return best[:3] if best else None


UNDER_PRINT_MAX = 0.5   # a blank runs under words of print along less than this share of it


def _under_print(rule: Box, words: list) -> float:
    """The share of a rule's length that runs through words read as print, across their
    letters' bodies (a value typed on a blank stands on it, its letters' feet at the rule)."""
    covered = np.zeros(max(1, rule.width), bool)
    for w in words:
        h = w.bottom - w.top
        if w.top + 0.3 * h <= rule.cy <= w.bottom - 0.15 * h and w.right > rule.x0 and w.left < rule.x1:
            covered[max(0, w.left - rule.x0):max(0, w.right - rule.x0)] = True
    return float(covered.mean())


def find_blanks(lines: list[Line], rules: list[Box], dpi: float) -> list[Blank]:
    """The sentence's blanks that name a field (or continue one), in order."""
    blanks = _blanks(rules, dpi)
    if not blanks:
        return []
    printed = [w for ln in lines for w in ln.words if not _written(w, blanks, dpi)]
    # A "line" that runs under words of print along most of its length is their baseline (small
    # print blurred into a streak on a poor page), no blank to write on.
    read = [w for ln in lines for w in ln.words if w.conf >= calibration.PRINT_CONF]
    blanks = [b for b in blanks if _under_print(b, read) < UNDER_PRINT_MAX]
    if not blanks:
        return []
    blanks = _joined_pieces(blanks, printed, dpi)
    out: list[Blank] = []
    lead: list = []
    last: Blank | None = None
    for it in _stream(printed, blanks, dpi):
        if not isinstance(it, Box):
            lead.append(it)
            continue
        b = Blank(it)
        # The lead-in ends on the blank's line, just before it; or, the blank first on its
        # line, at the end of the line above ("... Social Security No. / ________").
        near = bool(lead) and (
            (lead[-1].right <= it.x0 + BASELINE_IN * dpi and abs(lead[-1].bottom - it.cy) <= LINE_IN * dpi
             and it.x0 - lead[-1].right <= LEAD_GAP_IN * dpi)
            or LINE_IN * dpi < it.cy - lead[-1].bottom <= MORE_LINES_IN * dpi)
        if near and (found := _named(lead[-LEAD_WORDS:], last)) is not None:
            b.key, b.kind, b.said = found
            if b.kind == "time":
                last.kind = "date"       # the date and the time each on a blank of its own
        elif not lead and last is not None and last.key == "address" \
                and 0 < it.y0 - last.rule.y0 <= MORE_LINES_IN * dpi \
                and sum(1 for o in out if o.key == "address") < _lines_of("address"):
            b.key, b.kind = "address", "address"
        lead = []
        if b.key is not None:
            out.append(b)
            last = b
        else:
            last = None
    return out


def _lines_of(key: str) -> int:
    return next((n for k, _p, _kind, n in form.SIGNATURE_BLOCK if k == key), 1)


def read_blanks(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float,
                *, page: int, timeout: float, crops: Path | None, more_than: int = 1) -> dict[str, Reading]:
    """The signature block's fields read from the blanks of its sentences; {} where the page
    has no such sentences, or they name no more than `more_than` fields (at least two)."""
    found = find_blanks(lines, rules, dpi)
    keys = {b.key for b in found}
    if len(keys) <= max(1, more_than):
        return {}
    blanks = [b.rule for b in found]
    obstacles = [Box(w.left, w.top, w.right, w.bottom) for ln in lines for w in ln.words
                 if not _written(w, blanks, dpi)]
    ctx = dict(page=page, timeout=timeout)
    out: dict[str, Reading] = {}
    parts: dict[str, list[Reading]] = {}
    for b in found:
        r = b.rule
        top = max(r.y0 - int(PLACE_UP_IN * dpi), _ceiling(r.x0, r.x1, r.y0, obstacles, dpi))
        place = Box(r.x0, top, r.x1, r.y1 + int(0.06 * dpi))
        if b.kind == "signature":
            if b.key in parts:
                continue
            reading = read_signature(ink, place, dpi, page=page, page_image=image, crop_path=_crop(crops, page, b.key))
        else:
            name = b.key if b.key not in parts else f"{b.key}{len(parts[b.key]) + 1}"
            reading = read_value(image, ink, place, b.kind, dpi, crop_path=_crop(crops, page, name), **ctx)
        reading.evidence["placement"] = "sentence"
        reading.evidence["lead_in"] = b.said
        parts.setdefault(b.key, []).append(reading)
    for key, readings in parts.items():
        if key == "signature_present":
            out[key] = readings[0]
        elif key == "address":
            out[key] = _address(readings, image, page=page, crop_path=_crop(crops, page, key))
        elif key == "signed_at" and len(readings) == 2:
            out[key] = _joined(readings, image, page=page, crop_path=_crop(crops, page, key))
        else:
            # A field named twice (two blanks led in alike) is no one reading: a person looks.
            out[key] = readings[0]
            if len(readings) > 1:
                out[key].confidence = min(out[key].confidence, 0.5)
                note(out[key], NAMED_TWICE)
    return out


def _address(readings: list[Reading], image: Image.Image, *, page: int, crop_path: Path | None) -> Reading:
    """The address's lines read one by one, joined as the labelled block joins them."""
    values = [r.value for r in readings if r.value is not None]
    bbox, crop = spanned(readings, image, crop_path)
    return Reading(", ".join(values) or None, min(r.confidence for r in readings), page=page, bbox=bbox,
                   engine="ppocr+tesseract", raw=" | ".join(r.raw or "" for r in readings), crop_path=crop,
                   evidence={"lines": [r.evidence for r in readings], "placement": "sentence"})
