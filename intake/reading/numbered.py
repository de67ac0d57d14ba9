"""A signature block whose writing lines are numbered, their labels printed in a key over the
block ("1 Option Holder Signature   2 Social Security Number   3 ..." over "1 ______  2 ______"):
each line's number names its field through the key.

The key is found by what it says: a printed line (or several) where numbers each lead a phrase
that is one of the form's labels.  A number standing just before the start of a writing line is
that line's label, its value written on the line to its right, as a label's beside its line.
Nothing here places a value: the numbers are handed to the signature block's reading as its
labels, and where their values stand is found there, as for any labels (`signature._placement`).
"""
from __future__ import annotations

import re

import numpy as np
from PIL import Image

from ocr import tesseract
from ocr.errors import ToolFailed, ToolTimeout
from ocr.layout import Box, Line, Match, similar, token

from . import election_form as form

# A number of the key or of a line: "1", "1.", "(1)", "1)".
NUMBER = re.compile(r"\(?(\d{1,2})[.):]?\)?")
# How closely a key's phrase must read as one of the form's labels (a one-word part's, closer).
KEY_SCORE = 0.8
PART_SCORE = 0.95
# A line's number stands at most this far before the line's start, level with its foot.
NUMBER_BEFORE_IN = 0.5
NUMBER_LEVEL_IN = 0.15


def _number(text: str) -> int | None:
    m = NUMBER.fullmatch(text)
    return int(m.group(1)) if m and 0 < int(m.group(1)) < 20 else None


def _named(said: str) -> str | None:
    """The field (or a field's part, "signed_at.1") a key's phrase names, if one does."""
    t = token(said)
    best: tuple[float, str] | None = None
    for key, phrases, _kind, _lines in form.SIGNATURE_BLOCK:
        for p in phrases:
            s = similar(t, token(p), KEY_SCORE)
            if s >= KEY_SCORE and (best is None or s > best[0]):
                best = (s, key)
    for key, spec in form.FIELD_PARTS.items():
        for i, (phrases, _kind) in enumerate(spec):
            for p in phrases:
                s = similar(t, token(p), PART_SCORE)
                if s >= PART_SCORE and (best is None or s > best[0]):
                    best = (s, f"{key}.{i + 1}")
    return best[1] if best else None


def key_of(lines: list[Line]) -> dict[int, str]:
    """The block's key: each number and the field its phrase names; {} unless two numbers at
    least name fields, each once."""
    out: dict[int, str] = {}
    for ln in lines:
        at = [i for i, w in enumerate(ln.words) if _number(w.text) is not None]
        for a, b in zip(at, at[1:] + [len(ln.words)]):
            said = " ".join(w.text for w in ln.words[a + 1:b])
            named = _named(said) if said else None
            if named is not None:
                out.setdefault(_number(ln.words[a].text), named)
    if len(out) < 2 or len(set(out.values())) < len(out):
        return {}
    return out


def _marks_before(image: Image.Image, ink: np.ndarray, rules: list[Box], dpi: float,
                  timeout: float) -> list[tesseract.Word]:
    """The number printed just before each writing line's start, read on its own where the
    page's reading did not give it (a lone digit beside writing is often dropped): the ink
    before the line, level with it, a character's size, read as one digit (or two)."""
    out = []
    for r in rules:
        if r.width < dpi:
            continue
        x0, y0 = max(0, r.x0 - int(NUMBER_BEFORE_IN * dpi)), max(0, r.y0 - int(0.25 * dpi))
        sub = ink[y0:r.y1 + int(0.02 * dpi), x0:max(x0, r.x0 - int(0.03 * dpi))]
        if sub.size == 0 or not sub.any():
            continue
        ys, xs = np.nonzero(sub)
        box = Box(x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1, y0 + int(ys.max()) + 1)
        if box.height > 0.25 * dpi or box.width > 0.35 * dpi or box.height < 0.05 * dpi:
            continue
        pad = int(0.05 * dpi)
        crop = image.crop((box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad))
        try:
            # One character (most keys number under ten lines), else one word of two.
            read = tesseract.words(crop, psm=10, whitelist="0123456789", timeout=timeout) or \
                tesseract.words(crop, psm=8, whitelist="0123456789", timeout=timeout)
        except (ToolFailed, ToolTimeout):
            continue
        text = "".join(w.text for w in read)
        if _number(text) is not None:
            out.append(tesseract.Word(text, min(w.conf for w in read), box.x0, box.y0, box.width, box.height,
                                      0, 0, 0))
    return out


def numbered_labels(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box],
                    key: dict[int, str], dpi: float, timeout: float) -> dict[str, Match]:
    """Each numbered writing line's number as its field's label: a word that is a number of the
    key alone, standing just before a writing line's start, level with its foot (read there on
    its own when the page's reading missed it)."""
    best: dict[str, tuple[float, Match]] = {}
    words = [w for ln in lines for w in ln.words]
    for w in words + _marks_before(image, ink, rules, dpi, timeout):
        n = _number(w.text)
        if n not in key:
            continue
        level = [abs(r.cy - w.bottom) for r in rules if 0 <= r.x0 - w.right <= NUMBER_BEFORE_IN * dpi
                 and w.top <= r.cy <= w.bottom + NUMBER_LEVEL_IN * dpi and r.width >= dpi]
        if level and (key[n] not in best or min(level) < best[key[n]][0]):
            best[key[n]] = (min(level), Match((w,), 1.0))
    return {k: m for k, (_d, m) in best.items()}
