"""Writing on a page: handwriting and typewriter fonts, signatures and checkbox marks."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
HANDS = ("caveat", "kalam", "indie-flower", "patrick-hand", "shadows-into-light")
SIGNATURE_HAND = "homemade-apple"
# The brief names these six hands for our samples; every other handwriting font is kept for
# the blind acceptance runs, so that they keep measuring hands no one here has tuned on.
SIGNATURE_HANDS = (SIGNATURE_HAND,)
TYPEWRITER = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
_FIRST_HANDS = HANDS + (SIGNATURE_HAND, "typewriter")
# Relative x-height of each hand, so sizes come out alike on the page.
_SCALE = {"caveat": 1.15, "kalam": 0.95, "indie-flower": 1.0, "patrick-hand": 1.05,
          "shadows-into-light": 1.05, "homemade-apple": 0.85, "typewriter": 0.8}


@lru_cache(maxsize=128)
def _font(hand: str, size: int) -> ImageFont.FreeTypeFont:
    if hand == "typewriter":
        return ImageFont.truetype(TYPEWRITER, size)
    return ImageFont.truetype(str(FONT_DIR / f"{hand}-latin-400-normal.woff"), size)


@dataclass
class Pen:
    """One writer's habits: hand (font), size, slant, jitter and ink darkness."""

    hand: str
    size: int  # nominal size in pixels at the render dpi
    slant: float  # degrees of rotation of a written value
    jitter: int  # baseline jitter in pixels
    ink: int  # 0 = black, higher = lighter
    # The held-out writers' habits (`unseen`); the usual hands have none of them.
    shear: float = 0.0  # degrees the letters lean (an italic hand), back when negative
    weight: int = 0  # the stroke thickened by this many pixels each side (a felt pen's)
    width: float = 1.0  # letters drawn wider (above 1) or narrower than the font's

    @classmethod
    def random(cls, rng: random.Random, hand: str) -> "Pen":
        if hand == "typewriter":
            return cls(hand, rng.randint(36, 42), rng.uniform(-0.3, 0.3), 1,
                       rng.randint(0, 60))
        return cls(hand, rng.randint(44, 60), rng.uniform(-3.0, 3.0), rng.randint(1, 4),
                   rng.randint(0, 70))


def unseen(pen: Pen, rng: random.Random) -> Pen:
    """A writer of the held-out hands (`python -m samples.generate --held-out-hands`): letters
    leaning 10-24 degrees (or back 6-12), most with a felt pen's thicker strokes, letters a
    fifth or more narrower or wider than the font draws them.  (A fine nib's thinner strokes
    were tried: a fax erased a thin hand's letters past a person's reading.)  The usual hands
    lean by a few degrees' turn only, with the font's own strokes and widths; nothing in the
    reading is tuned on these, so that they measure writing our samples do not otherwise
    show.  A typist's hand is unchanged."""
    if pen.hand == "typewriter":
        return pen
    return replace(pen, shear=rng.uniform(10, 24) if rng.random() < 0.7 else -rng.uniform(6, 12),
                   weight=rng.choice((2, 1, 1, 0)),
                   width=rng.uniform(0.72, 0.85) if rng.random() < 0.5 else rng.uniform(1.18, 1.35))


def _habits(layer: Image.Image, pen: Pen, keep_width: bool = False) -> Image.Image:
    """A written layer (ink white on black) drawn with the pen's habits: widened or narrowed
    (unless `keep_width`: characters set in printed boxes), its stroke thickened, sheared
    about its foot so that its letters lean."""
    if pen.width != 1.0 and not keep_width:
        layer = layer.resize((max(1, round(layer.width * pen.width)), layer.height), Image.BILINEAR)
    if pen.weight > 0:
        layer = layer.filter(ImageFilter.MaxFilter(2 * pen.weight + 1))
    if pen.shear:
        k = math.tan(math.radians(pen.shear))
        h = layer.height
        lean = int(abs(k) * h) + 1
        if k < 0 and not keep_width:      # leaning back: room on the left for its tops
            wider = Image.new("L", (layer.width + lean, h), 0)
            wider.paste(layer, (lean, 0))
            layer = wider
        size = (layer.width + (lean if k > 0 and not keep_width else 0), h)
        # Each output pixel (x, y) takes the input's (x + k * (y - h), y): the foot stays.
        layer = layer.transform(size, Image.AFFINE, (1, k, -k * h, 0, 1, 0), resample=Image.BILINEAR)
    return layer


def fit(pen: Pen, high: int) -> Pen:
    """The pen as it writes in a room ``high`` pixels tall: its letters made smaller when
    they would stand taller, as people write smaller in a tight space."""
    most = int(high / _SCALE.get(pen.hand, 1.0))
    return pen if pen.size <= most else replace(pen, size=most)


def write(page: Image.Image, text: str, box: tuple[int, int, int, int], pen: Pen,
          rng: random.Random, *, align_bottom: bool = True,
          start: float | None = None, end_at: int | None = None
          ) -> tuple[int, int, int, int]:
    """Write ``text`` inside ``box`` (x0, y0, x1, y1); returns the inked bbox.
    ``start`` puts the writing's left end that far (a fraction) into the box's room;
    ``end_at`` puts its right end at that x instead."""
    x0, y0, x1, y1 = box
    size = int(pen.size * _SCALE.get(pen.hand, 1.0))
    f = _font(pen.hand, size)
    while size > 16 and f.getlength(text) > (x1 - x0) * 0.96:
        size -= 2
        f = _font(pen.hand, size)
    width = int(f.getlength(text)) + 20
    # the later hands reach further below their baseline (Gloria Hallelujah's loops)
    height = int(size * (1.6 if pen.hand in _FIRST_HANDS else 2.4))
    layer = Image.new("L", (width, height), 0)
    d = ImageDraw.Draw(layer)
    cx = 4.0
    base = int(size * 0.25)
    for ch in text:
        dy = rng.randint(-pen.jitter, pen.jitter) if pen.hand != "typewriter" else \
            rng.choice((0, 0, 0, pen.jitter))
        shade = 255 if pen.hand != "typewriter" else rng.randint(190, 255)
        d.text((cx, base + dy), ch, font=f, fill=shade)
        cx += f.getlength(ch) + (rng.uniform(-0.8, 0.8) if pen.hand != "typewriter" else 0)
    layer = _habits(layer, pen)
    layer = layer.rotate(pen.slant + rng.uniform(-0.6, 0.6), resample=Image.BILINEAR,
                         expand=True)
    bb = layer.getbbox() or (0, 0, 1, 1)
    layer = layer.crop(bb)
    room = max(0, (x1 - x0) - layer.width)
    px = x0 + int((rng.uniform(0.02, 0.35) if start is None else start) * room)
    if end_at is not None:
        px = max(x0, end_at - layer.width)
    if align_bottom:
        py = y1 - layer.height - rng.randint(2, 10)
    else:
        py = y0 + rng.randint(0, max(0, (y1 - y0) - layer.height))
    ink = Image.new("L", layer.size, pen.ink)
    page.paste(ink, (px, py), layer)
    return (px, py, px + layer.width, py + layer.height)


def write_boxed(page: Image.Image, text: str, boxes, pen: Pen, rng: random.Random
                ) -> None:
    """Write ``text`` one character to a box, as in a row of printed character boxes: the
    characters on one baseline a little above the boxes' bottom, each near its box's
    middle and sized to the boxes' height; a space leaves its box empty."""
    if not boxes:
        return
    x0, y0 = boxes[0][0], boxes[0][1]
    x1, y1 = boxes[-1][2], boxes[-1][3]
    high = y1 - y0
    size = min(int(pen.size * _SCALE.get(pen.hand, 1.0)), int(high * 0.78))
    f = _font(pen.hand, size)
    layer = Image.new("L", (x1 - x0, high), 0)
    d = ImageDraw.Draw(layer)
    base = high - max(4, int(high * 0.24)) + rng.randint(-2, 1)
    for ch, (bx0, _, bx1, _) in zip(text, boxes):
        if ch == " ":
            continue
        shrink = f
        while shrink.size > 12 and shrink.getlength(ch) > (bx1 - bx0) - 10:
            shrink = _font(pen.hand, shrink.size - 2)
        cx = (bx0 + bx1) / 2 - x0 + rng.uniform(-2, 2)
        dy = rng.randint(-pen.jitter, pen.jitter) if pen.hand != "typewriter" else 0
        d.text((cx, base + dy), ch, font=shrink, fill=255, anchor="ms")
    layer = _habits(layer, pen, keep_width=True)
    page.paste(Image.new("L", layer.size, pen.ink), (x0, y0), layer)


def signature(page: Image.Image, name: str, box, rng: random.Random, ink: int,
              hand: str = SIGNATURE_HAND) -> str:
    """A signature: the name in a flowing script, bigger, slanted, often abbreviated (an
    initial and the surname, or the surname alone); returns the text signed."""
    parts = name.replace(".", "").split()
    style = rng.random()
    if style < 0.3 and len(parts) > 1:
        text = f"{parts[0][0]}. {parts[-1]}"
    elif style < 0.5:
        text = parts[-1]
    else:
        text = " ".join(parts)
    pen = Pen(hand, rng.randint(52, 70), rng.uniform(-6, 2), 3, ink)
    x0, y0, x1, y1 = box
    bb = write(page, text, (x0, y0 - 25, x1, y1 + 12), pen, rng)
    if rng.random() < 0.5:  # a flourish under the name
        d = ImageDraw.Draw(page)
        y = bb[3] - rng.randint(0, 8)
        pts = [(bb[0] + i * (bb[2] - bb[0]) / 12,
                y + 6 * math.sin(i / 2.0 + rng.random())) for i in range(13)]
        d.line(pts, fill=ink, width=3)
    return text


MARKS = ("x", "tick", "filled", "scribble")


def mark_box(page: Image.Image, bbox, kind: str, rng: random.Random, ink: int,
             width: int = 4) -> None:
    """Mark a checkbox the ways people do: X, tick, filled box or scribble."""
    d = ImageDraw.Draw(page)
    x0, y0, x1, y1 = bbox
    w, h = x1 - x0, y1 - y0
    j = lambda: rng.uniform(-0.12, 0.12)  # noqa: E731
    if kind == "x":
        over = rng.uniform(0.0, 0.25)
        d.line([(x0 + w * (j() - over), y0 + h * (j() - over)),
                (x1 + w * (j() + over), y1 + h * (j() + over))], fill=ink, width=width)
        d.line([(x1 + w * (j() + over), y0 + h * (j() - over)),
                (x0 + w * (j() - over), y1 + h * (j() + over))], fill=ink, width=width)
    elif kind == "tick":
        d.line([(x0 + w * (0.1 + j()), y0 + h * (0.5 + j())),
                (x0 + w * (0.4 + j()), y1 + h * (0.05 + j())),
                (x1 + w * (0.4 + j()), y0 - h * (0.5 + abs(j())))], fill=ink,
               width=width, joint="curve")
    elif kind == "filled":
        m = int(min(w, h) * 0.15)
        d.rectangle((x0 + m, y0 + m, x1 - m, y1 - m), fill=ink)
    else:  # scribble
        pts = []
        for i in range(rng.randint(5, 9)):
            pts.append((x0 + w * rng.uniform(0.1, 0.9), y0 + h * rng.uniform(0.1, 0.9)))
        d.line(pts, fill=ink, width=width, joint="curve")


def ring(page: Image.Image, bbox, rng: random.Random, ink: int, width: int = 4) -> None:
    """Circle a printed word as a hand does: one loop round it, a little out of round,
    its end running past its start."""
    x0, y0, x1, y1 = bbox
    cx, cy = (x0 + x1) / 2 + rng.uniform(-3, 3), (y0 + y1) / 2 + rng.uniform(-2, 2)
    rx, ry = (x1 - x0) / 2 * rng.uniform(1.0, 1.15), (y1 - y0) / 2 * rng.uniform(1.05, 1.3)
    start = rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi + rng.uniform(0.2, 0.7)
    drift = rng.uniform(-0.08, 0.08)  # the loop does not quite close on itself
    pts = []
    for i in range(49):
        t = start + sweep * i / 48
        grow = 1 + drift * i / 48
        pts.append((cx + rx * grow * math.cos(t), cy + ry * grow * math.sin(t)))
    ImageDraw.Draw(page).line(pts, fill=ink, width=width, joint="curve")


def fill_oval(page: Image.Image, bbox, rng: random.Random, ink: int) -> None:
    """Fill an answer sheet's oval in solid, as a hand does: a filled shape a little out
    of round, most often just inside the printed outline, sometimes a little over it."""
    x0, y0, x1, y1 = bbox
    cx, cy = (x0 + x1) / 2 + rng.uniform(-1.5, 1.5), (y0 + y1) / 2 + rng.uniform(-1, 1)
    reach = rng.uniform(0.85, 1.08)
    rx, ry = (x1 - x0) / 2 * reach, (y1 - y0) / 2 * reach
    start = rng.uniform(0, 2 * math.pi)
    pts = []
    for i in range(36):
        t = start + 2 * math.pi * i / 36
        wobble = 1 + rng.uniform(-0.06, 0.04)
        pts.append((cx + rx * wobble * math.cos(t), cy + ry * wobble * math.sin(t)))
    ImageDraw.Draw(page).polygon(pts, fill=ink)


def strike(page: Image.Image, bbox, rng: random.Random, ink: int) -> None:
    """Strike a written value through, as people correct: one line, two, or a zigzag."""
    d = ImageDraw.Draw(page)
    x0, y0, x1, y1 = bbox
    ym = (y0 + y1) / 2
    style = rng.random()
    w = rng.randint(3, 5)
    if style < 0.5:
        d.line([(x0 - 4, ym + rng.uniform(-4, 4)), (x1 + 4, ym + rng.uniform(-6, 6))],
               fill=ink, width=w)
    elif style < 0.8:
        for dy in (-0.12, 0.12):
            y = ym + dy * (y1 - y0)
            d.line([(x0 - 4, y + rng.uniform(-3, 3)), (x1 + 4, y + rng.uniform(-3, 3))],
                   fill=ink, width=w)
    else:
        n = max(4, (x1 - x0) // 14)
        pts = [(x0 + i * (x1 - x0) / n, y0 + 4 if i % 2 else y1 - 4) for i in range(n + 1)]
        d.line(pts, fill=ink, width=w, joint="curve")
