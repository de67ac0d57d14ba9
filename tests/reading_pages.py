"""Small form pages drawn here, in layouts the sample generator did not make, for the reading's tests.

Each page is drawn at 200 dpi with PIL: a grant table (boxed with headings on several
centred lines, or not), the additional-sheet sentence with its box, and a signature block
whose labels stand below, above or left of their writing lines.  Values are typed
(DejaVu) or written (the samples' hands); the truth is returned beside the image.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from samples import hand

DPI = 200
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
W, H = int(8.5 * DPI), int(11 * DPI)
SHADE = 215      # light grey shading: label cells, a table's rows by turns, a box's inside

TRUTH = {
    "holder_name": "Mary J. Keller",
    "ssn": "123-45-6789",
    "signed_at": "3/28/2003 2:15 PM",
    "address": ["42 Elm Street", "Springfield, IL 62704"],
    "grants": [("3/15/1999", "1,000", "$12.50", "0", "1,000"),
               ("6/1/2000", "2,500", "$8.00", "500", "2,000"),
               ("1/10/2001", "15,000", "$4.25", "0", "15,000")],
}


def _titled_page() -> tuple[Image.Image, ImageDraw.ImageDraw, ImageFont.FreeTypeFont]:
    """A blank page titled ELECTION FORM, its drawing and the bold type of a table's headings."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    return img, d, _font("DejaVuSerif-Bold.ttf", 22)


def px(inches: float) -> int:
    return int(round(inches * DPI))


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(DEJAVU + name, size)


def _typed(d: ImageDraw.ImageDraw, text: str, x: int, baseline: int, size: int = 34, anchor: str = "ls") -> None:
    """`text` typed on `baseline` from `x` (ending at `x` with `anchor` "rs")."""
    f = _font("DejaVuSans.ttf", size)
    d.text((x, baseline), text, font=f, fill=0, anchor=anchor)


def _signature(img: Image.Image, x0: int, baseline: int, x1: int) -> None:
    import random
    pen = hand.Pen(hand.SIGNATURE_HAND, 52, 0.0, 1, 0)
    hand.write(img, "M. Keller", (x0 + px(0.1), baseline - px(0.35), x1, baseline - px(0.02)), pen,
               random.Random(7))


def draw_table(img: Image.Image, top: int, *, walls: bool = True, headings=None,
               touch_wall: bool = False, no_date_row: int | None = None, beyond_row: int | None = None,
               reversed_heads: bool = False, run_on_row: int | None = None) -> int:
    """A five-column grant table whose headings are set on several centred lines; returns its bottom.
    With `beyond_row`, that row is written one column over from its price on, its count of
    shares tendered past the table's right edge.  With `reversed_heads`, the headings are white
    on a black band, the rows shaded light grey by turns, and no rules or walls are printed.
    With `run_on_row`, that row's price ends just before its column's edge and the count of
    shares exercised begins just after it, closer than the room a cell leaves."""
    d = ImageDraw.Draw(img)
    ink = 255 if reversed_heads else 0
    hf = _font("DejaVuSans-Bold.ttf", 26)
    headings = headings or [["GRANT", "DATE"], ["NUMBER OF", "SHARES", "GRANTED"], ["EXERCISE", "PRICE"],
                            ["NUMBER OF", "SHARES", "EXERCISED"], ["NUMBER OF", "SHARES TO BE", "CANCELLED"]]
    x0, x1 = px(0.9), W - px(0.9)
    xs = [x0 + (x1 - x0) * i // 5 for i in range(6)]
    line_h = 32
    head_h = 3 * line_h + px(0.12)
    if reversed_heads:
        d.rectangle((x0, top, x1, top + head_h - px(0.04)), fill=0)
    for i, lines in enumerate(headings):
        # Centred in its cell, and vertically too: a heading of two lines sits lower.
        y = top + px(0.06) + (3 - len(lines)) * line_h // 2
        for ln in lines:
            w = hf.getlength(ln)
            d.text((int(xs[i] + (xs[i + 1] - xs[i] - w) / 2), y), ln, font=hf, fill=ink)
            y += line_h
    rh = px(0.42)
    body = top + head_h
    bottom = body + len(TRUTH["grants"]) * rh
    if reversed_heads:
        for r in range(0, len(TRUTH["grants"]), 2):
            d.rectangle((x0, body + r * rh, x1, body + (r + 1) * rh), fill=SHADE)
    elif walls:
        d.rectangle((xs[0], top, xs[-1], bottom), outline=0, width=3)
        for x in xs[1:-1]:
            d.line((x, top, x, bottom), fill=0, width=3)
    for r in range(len(TRUTH["grants"]) + 1 if not reversed_heads else 0):
        d.line((xs[0], body + r * rh, xs[-1], body + r * rh), fill=0, width=3)
    for r, row in enumerate(TRUTH["grants"]):
        for c, value in enumerate(row):
            x = xs[c] + px(0.12)
            if touch_wall and r == 0 and c == 4:
                x = xs[c] - 6          # the leading digit written over the wall
            if r == no_date_row and c == 0:
                continue               # a row written without its date
            if r == beyond_row and c >= 2:
                x = xs[c + 1] + px(0.12) if c < 4 else xs[-1] + px(0.3)
            if r == run_on_row and c == 3:
                x = xs[3] + 6
            if r == run_on_row and c == 2:        # the price ends just before its column's edge
                _typed(d, value, xs[3] - 6, body + (r + 1) * rh - px(0.08), anchor="rs")
                continue
            _typed(d, value, x, body + (r + 1) * rh - px(0.08))
    return bottom


def two_tier_page(path: Path) -> Path:
    """The grant table on two tiers, as no sample sets it: "Date of Grant | Shares Granted |
    Option Price" over "Shares Exercised | Shares to be Cancelled", the second tier's wall
    two fifths across; each grant written over two rows, each row walled as its tier.  Saved
    as a PNG at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    hf = _font("DejaVuSans-Bold.ttf", 24)
    x0, x1 = px(0.9), W - px(0.9)
    tiers = [(["Date of Grant", "Shares Granted", "Option Price"], [x0, x0 + (x1 - x0) * 3 // 10,
                                                                     x0 + (x1 - x0) * 13 // 20, x1]),
             (["Shares Exercised", "Shares to be Cancelled"], [x0, x0 + (x1 - x0) * 2 // 5, x1])]
    rh = px(0.4)
    y = px(1.2)

    def walled(xs, top):
        d.rectangle((xs[0], top, xs[-1], top + rh), outline=0, width=3)
        for x in xs[1:-1]:
            d.line((x, top, x, top + rh), fill=0, width=3)
    for names, xs in tiers:
        walled(xs, y)
        for name, a, b in zip(names, xs, xs[1:]):
            d.text((int(a + (b - a - hf.getlength(name)) / 2), y + px(0.1)), name, font=hf, fill=0)
        y += rh
    for row in TRUTH["grants"]:
        for t, (_names, xs) in enumerate(tiers):
            walled(xs, y)
            for value, a in zip(row[:3] if t == 0 else row[3:], xs):
                _typed(d, value, a + px(0.15), y + rh - px(0.1))
            y += rh
    img.save(path, dpi=(DPI, DPI))
    return path


def draw_additional(img: Image.Image, top: int, *, ticked: bool = False, shaded: bool = False) -> int:
    return draw_box_sentence(img, top, ["I have attached an additional sheet listing my name and any",
                                        "additional option grants I wish to tender."], ticked=ticked,
                             shaded=shaded) - px(0.2)


HINTS = {"signature": "(sign in ink)", "ssn": "(nine figures: ###-##-####)",
         "holder_name": "(first name, middle initial, last name; please print)",
         "signed_at": "(month/day/year and hour:minute)", "address": ("(number and street)",
                                                                     "(city or town, state and ZIP code)", "")}


def draw_signature_block(img: Image.Image, top: int, placement: str, date_apart: str = "",
                         label_px: int = 17, name_before: float = 0.0, hints: bool = False) -> int:
    """The signature block, labels `placement` their lines: "below" (labels under the line),
    "above" (labels over it), "right" (the line right of its label: "Name: ____") or "leader"
    (the label followed by a leader of dots, the value written over it: "Signed ......").  With
    `date_apart`, the date and the time are written on lines of their own, under labels "Date"
    and "Time": "side" by side on one row, or "stacked" one over the other.  `name_before`: the
    printed name typed that many inches before its line's start.  `hints`: under each line a
    hint in small print of what to write on it, "(number and street)" (`HINTS`)."""
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSans.ttf", 24)
    hf = _font("DejaVuSerif.ttf", 17)

    def hint(text, x, y):
        if hints and text:
            d.text((x, y + px(0.025)), text, font=hf, fill=0)
    left, mid, right = px(0.9), px(4.6), W - px(0.9)
    first = (("OPTION HOLDER SIGNATURE", "signature"), ("SOCIAL SECURITY NUMBER", "ssn"))
    name = ("OPTION HOLDER NAME (PLEASE PRINT)", "holder_name")
    date, time = ("Date", "date"), ("Time", "time")
    rows = {"": [first, (name, ("DATE AND TIME", "signed_at"))],
            "side": [first, (name, None), (date, time)],
            "stacked": [first, (name, date), (None, time)]}[date_apart]
    y = top
    when = TRUTH["signed_at"].split(" ", 1)
    values = {"ssn": TRUTH["ssn"], "holder_name": TRUTH["holder_name"], "signed_at": TRUTH["signed_at"],
              "date": when[0], "time": when[1]}

    if placement == "caption":
        return _caption_block(img, top, rows, values, label_px)
    if placement == "grid":
        return _grid_block(img, top, rows, values)
    if placement in ("framed", "framed-overrun"):
        return _framed_block(img, top, rows, values, overrun=placement == "framed-overrun")
    if placement == "comb":
        return _comb_block(img, top, rows, values)
    if placement == "hanging":
        return _hanging_block(img, top, rows, values)
    if placement.startswith("over-box"):
        return _over_box_block(img, top, rows, values, flush=placement == "over-box-flush",
                               beside="time" if placement == "over-box-beside" else None)
    if placement in ("banded", "banded-broken"):
        return _banded_block(img, top, rows, values, broken=placement == "banded-broken")

    def field(label, key, x0, x1, y):
        if placement == "leader":
            # "Option Holder Name (Please / Print) ........ value": the label in small letters,
            # broken over two lines where it is long, a leader of dots from its last line's end
            # under the value, which starts right after the label, over the leader's first dots.
            words = label.title().split()
            parts = [" ".join(words[:-1]), words[-1]] if len(label) > 26 else [" ".join(words)]
            for i, part in enumerate(parts):
                d.text((x0, y - px(0.2) - (len(parts) - 1 - i) * px(0.17)), part, font=lf, fill=0)
            lx = x0 + int(lf.getlength(parts[-1])) + px(0.08)
            _leader(d, lx, x1 - px(0.3), y + 3, pitch=11)
            vx = lx
        elif placement == "right":
            text = label.title() + ":"
            d.text((x0, y - px(0.2)), text, font=lf, fill=0)
            lx = x0 + int(lf.getlength(text)) + px(0.1)
            d.line((lx, y, x1 - px(0.3), y), fill=0, width=3)
            vx = lx
            hint(HINTS.get(key, ""), lx, y)
        else:
            d.line((x0, y, x1 - px(0.3), y), fill=0, width=3)
            if placement == "below":
                d.text((x0, y + px(0.03)), label, font=lf, fill=0)
            else:
                d.text((x0, y - px(0.55)), label, font=lf, fill=0)
            vx = x0
        if key == "signature":
            _signature(img, vx, y - 3, x1 - px(0.3))
        else:
            _typed(d, values[key], vx + px(0.08) - (px(name_before) if key == "holder_name" else 0), y - px(0.06))

    step = px(0.95)
    y += px(0.7)
    for row in rows:
        for at, (x0, x1) in zip(row, ((left, mid), (mid, right))):
            if at is not None:
                field(*at, x0, x1, y)
        y += step
    # The address: its label, then (or after) three lines.
    lines = TRUTH["address"] + [""]
    if placement == "above":
        d.text((left, y - px(0.55)), "OPTION HOLDER ADDRESS", font=lf, fill=0)
    elif placement in ("right", "leader"):
        d.text((left, y - px(0.2)), "Option Holder Address:", font=lf, fill=0)
    ax = left + (int(lf.getlength("Option Holder Address:")) + px(0.1) if placement in ("right", "leader") else 0)
    for i, text in enumerate(lines):
        if placement == "leader":
            _leader(d, ax, mid - px(0.3), y + 3, pitch=11)
        else:
            d.line((ax, y, mid - px(0.3), y), fill=0, width=3)
            if placement == "right":
                hint(HINTS["address"][i], ax, y)
        if text:
            _typed(d, text, ax + px(0.08), y - px(0.06))
        y += px(0.45)
    if placement == "below":
        d.text((left, y - px(0.45) + px(0.03)), "OPTION HOLDER ADDRESS", font=lf, fill=0)
    return y


def _caption_block(img: Image.Image, top: int, rows, values, label_px: int = 17) -> int:
    """The block as boxes, each with its label small in its top-left corner and its value written
    in it under the label; boxes side by side share their rules; the address box holds three lines."""
    d = ImageDraw.Draw(img)
    small = _font("DejaVuSans.ttf", label_px)
    left, mid, right = px(0.9), px(4.6), W - px(0.9)
    y = top + px(0.3)
    for row in rows:
        h = px(0.6)
        for at, (x0, x1) in zip(row, ((left, mid), (mid, right))):
            label, key = at
            d.rectangle((x0, y, x1, y + h), outline=0, width=3)
            d.text((x0 + px(0.05), y + px(0.03)), label.title(), font=small, fill=0)
            if key == "signature":
                _signature(img, x0, y + h - px(0.06), x1 - px(0.3))
            else:
                _typed(d, values[key], x0 + px(0.15), y + h - px(0.1))
        y += h
    h = px(0.3) + 3 * px(0.4)
    d.rectangle((left, y, mid, y + h), outline=0, width=3)
    d.text((left + px(0.05), y + px(0.03)), "Option Holder Address", font=small, fill=0)
    for i, text in enumerate(TRUTH["address"]):
        _typed(d, text, left + px(0.15), y + px(0.3) + (i + 1) * px(0.4) - px(0.08))
    return y + h


def _comb(d: ImageDraw.ImageDraw, text: str, x: int, y: int, boxes: int, pitch: int, h: int) -> int:
    """A row of `boxes` character boxes from (x, y), one character of `text` typed in each (a
    space an empty box); a "-" in `text` printed between boxes, the row going on after it."""
    f = _font("DejaVuSansMono.ttf", 30)
    chars = list(text) + [" "] * boxes
    i = 0
    while boxes > 0:
        c = chars[i]
        i += 1
        if c == "-":
            d.text((x + pitch // 4, y + h // 2), "-", font=f, fill=0, anchor="mm")
            x += pitch // 2
            continue
        d.rectangle((x, y, x + pitch, y + h), outline=0, width=2)
        if c != " ":
            d.text((x + pitch // 2, y + h // 2), c, font=f, fill=0, anchor="mm")
        x += pitch
        boxes -= 1
    return x


def _comb_block(img: Image.Image, top: int, rows, values) -> int:
    """The block as rows of character boxes, each under its label printed small: one typed
    character to a box, the SSN in boxes of 3, 2 and 4 with hyphens printed between, the
    signature in one open box, the address on two rows of boxes."""
    d = ImageDraw.Draw(img)
    small = _font("DejaVuSans.ttf", 18)
    left, mid = px(0.9), px(4.6)
    pitch, h = px(0.2), px(0.28)
    y = top + px(0.4)
    for row in rows:
        for at, x0 in zip(row, (left, mid)):
            if at is None:
                continue
            label, key = at
            d.text((x0, y - px(0.04)), label.title(), font=small, fill=0, anchor="ls")
            if key == "signature":
                d.rectangle((x0, y, x0 + px(3.0), y + px(0.5)), outline=0, width=2)
                _signature(img, x0, y + px(0.45), x0 + px(2.8))
            elif key == "ssn":
                _comb(d, values[key], x0, y, 9, pitch, h)
            else:
                _comb(d, values[key], x0, y, 18 if x0 == mid else 16, pitch, h)
        y += px(0.9)
    d.text((left, y - px(0.04)), "Option Holder Address", font=small, fill=0, anchor="ls")
    for text in TRUTH["address"]:
        _comb(d, text, left, y, 24, pitch, h)
        y += px(0.4)
    return y


def _framed_block(img: Image.Image, top: int, rows, values, overrun: bool = False) -> int:
    """The block as boxes stacked one under another, a field to a box: its label small at the
    box's left, a little over its foot, the value written after the label in the same box, no
    line to write on; the address's box taller, its lines written after the label one under
    another.  `overrun`: the name's box is parted by a wall from a box beside it, "Date:" printed
    there, and the name written on across the wall over the next box's label."""
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSansMono.ttf", 20)
    left, right = px(0.9), px(7.0)
    fields = [at for row in rows for at in row if at is not None]
    y = top + px(0.3)
    for label, key in fields + [("Address", "address")]:
        h = px(0.45) if key != "address" else px(1.1)
        text = label.title() + ":"
        d.rectangle((left, y, right, y + h), outline=0, width=2)
        base = y + (h - px(0.12) if key != "address" else px(0.38))
        d.text((left + px(0.08), base - 18), text, font=lf, fill=0)
        vx = left + px(0.08) + int(lf.getlength(text)) + px(0.25)
        if key == "signature":
            _signature(img, vx, base, right - px(0.3))
        elif key == "address":
            for i, line in enumerate(TRUTH["address"]):
                _typed(d, line, vx, base + i * px(0.4))
        elif key == "holder_name" and overrun:
            wall = vx + px(1.05)
            d.line((wall, y, wall, y + h), fill=0, width=2)
            d.text((wall + px(0.08), base - 18), "Date:", font=lf, fill=0)
            _typed(d, values[key], vx, base)
        else:
            _typed(d, values[key], vx, base)
        y += h
    return y


def _banded_block(img: Image.Image, top: int, rows, values, broken: bool = False) -> int:
    """The block as ruled boxes sharing their walls, two to a row: each box's top a shaded band
    holding its label in small capitals, ruled off from the white room under it, where the
    value is written with no line to write on; the address a box the block's width, its
    lines written one under another.  `broken`: the block's top rule lost over its last inch,
    as a fax drops a stretch of it at the corner."""
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSans.ttf", 17)
    left, mid, right = px(0.9), px(4.4), px(7.4)
    band, room = px(0.2), px(0.5)
    y = top + px(0.3)
    pairs = [tuple(at for at in row if at is not None) for row in rows] + [(("Residence Address", "address"),)]
    for row in pairs:
        h = room if row[0][1] != "address" else px(1.2)
        spans = [(left, mid), (mid, right)] if len(row) == 2 else [(left, right)]
        for (label, key), (x0, x1) in zip(row, spans):
            d.rectangle((x0, y, x1, y + band), fill=SHADE)
            d.rectangle((x0, y, x1, y + band + h), outline=0, width=2)
            d.line((x0, y + band, x1, y + band), fill=0, width=2)
            d.text((x0 + px(0.06), y + px(0.03)), label.upper(), font=lf, fill=0)
            base = y + band + px(0.38)
            if key == "signature":
                _signature(img, x0 + px(0.3), base, x1 - px(0.3))
            elif key == "address":
                for i, line in enumerate(TRUTH["address"]):
                    _typed(d, line, x0 + px(0.3), base + i * px(0.4))
            else:
                _typed(d, values[key], x0 + px(0.3), base)
        y += band + h
    if broken:
        d.rectangle((right - px(1.0), top + px(0.3) - 3, right - 3, top + px(0.3) + 3), fill=255)
    return y


def _fill_field(img: Image.Image, key: str, values, span: tuple[int, int], base: int, address_top: int,
                indent: tuple[int, int]) -> None:
    """A field's value in its place across `span`: the signature written, the address's lines
    typed from `address_top` down, any other typed on `base`; indented by `indent` (a value's,
    the address's)."""
    d = ImageDraw.Draw(img)
    x0, x1 = span
    if key == "signature":
        _signature(img, x0 + px(0.2), base, x1 - px(0.3))
    elif key == "address":
        for i, line in enumerate(TRUTH["address"]):
            _typed(d, line, x0 + indent[1], address_top + i * px(0.4))
    else:
        _typed(d, values[key], x0 + indent[0], base)


def _hanging_block(img: Image.Image, top: int, rows, values) -> int:
    """The block as bands between rules, two fields to a band, no walls: each label small,
    hanging just under its band's top rule, the value written under it on the band's floor,
    which is the next band's top; the first band's floor parted between its two fields, the
    second's one rule across; the address's band taller, its two lines written in it with no
    rule between them."""
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSerif.ttf", 16)
    left, mid, right = px(0.9), px(4.4), px(7.4)
    band = px(0.5)
    y = top + px(0.3)
    pairs = [tuple(at for at in row if at is not None) for row in rows] + [(("Option Holder Address", "address"),)]
    d.line((left, y, right, y), fill=0, width=2)
    for n, row in enumerate(pairs):
        h = band if row[0][1] != "address" else px(1.2)
        spans = [(left, mid - px(0.3)), (mid, right)] if len(row) == 2 else [(left, right)]
        for (label, key), (x0, x1) in zip(row, spans):
            d.text((x0, y + px(0.03)), label.upper(), font=lf, fill=0)
            _fill_field(img, key, values, (x0, x1), y + h - px(0.06), y + px(0.55), (px(0.3), px(0.5)))
            if n == 0:
                d.line((x0, y + h, x1, y + h), fill=0, width=2)
        if n > 0:
            d.line((left, y + h, right, y + h), fill=0, width=2)
        y += h
    return y


def _over_box_block(img: Image.Image, top: int, rows, values, flush: bool = False, beside: str | None = None) -> int:
    """The block as a box to each field, closed on all four sides, the boxes apart with white
    between them, two to a row: each label in small print just over its box's top, the value
    typed in the box (a form filled in before it was printed); the address's box taller, its
    lines typed in it with no rules between them.  `flush`: each label set a hair (0.02 in)
    left of its box's left wall.  `beside`: that field's value typed past its box's right
    wall, the box left empty."""
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSerif.ttf", 20)
    left, mid, right = px(0.9), px(4.6), px(7.6)
    y = top + px(0.2)
    pairs = [tuple(at for at in row if at is not None) for row in rows] + [(("Residence Address", "address"),)]
    for row in pairs:
        h = px(0.5) if row[0][1] != "address" else px(1.4)
        spans = [(left, mid - px(0.35)), (mid, right)] if len(row) == 2 else [(left, right)]
        for (label, key), (x0, x1) in zip(row, spans):
            d.text((x0 - px(0.02) if flush else x0 + 2, y), label.title(), font=lf, fill=0, anchor="ld")
            d.rectangle((x0, y + px(0.04), x1, y + px(0.04) + h), outline=0, width=2)
            if key == beside:
                _typed(d, values[key], x1 + px(0.15), y + px(0.04) + h - px(0.12), size=30)
                continue
            _fill_field(img, key, values, (x0, x1), y + px(0.04) + h - px(0.12), y + px(0.45), (px(0.2), px(0.25)))
        y += h + px(0.4)
    return y


def _grid_block(img: Image.Image, top: int, rows, values) -> int:
    """The block as a grid of one field a row: its label in a shaded cell on the left, its value
    written in the cell right of it; the address's cell taller, its label centred beside three
    lines of writing, no rules to write on."""
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSans.ttf", 22)
    left, mid, right = px(0.9), px(3.3), px(7.0)
    fields = [at for row in rows for at in row if at is not None]
    y = top + px(0.3)
    for label, key in fields + [("Address", "address")]:
        h = px(0.55) if key != "address" else px(1.4)
        d.rectangle((left, y, mid, y + h), fill=SHADE)
        d.rectangle((left, y, right, y + h), outline=0, width=3)
        d.line((mid, y, mid, y + h), fill=0, width=3)
        d.text((left + px(0.08), y + (px(0.08) if key != "address" else h // 2 - 12)), label.title(), font=lf, fill=0)
        if key == "signature":
            _signature(img, mid, y + h - px(0.08), right - px(0.3))
        elif key == "address":
            for i, text in enumerate(TRUTH["address"]):
                _typed(d, text, mid + px(0.15), y + (i + 1) * px(0.42))
        else:
            _typed(d, values[key], mid + px(0.15), y + h - px(0.15))
        y += h
    return y


def draw_box_sentence(img: Image.Image, top: int, lines: list[str], *, ticked: bool, after: bool = False,
                      shaded: bool = False, pen: int = 4) -> int:
    """A checkbox sentence of the given wording (its lines), its box left of the first (or
    `after` its last word); `shaded`, the box's inside light grey; `pen`, the cross's stroke."""
    d = ImageDraw.Draw(img)
    f = _font("DejaVuSerif.ttf", 30)
    x = px(1.0)
    if after:
        for i, ln in enumerate(lines):
            d.text((x, top + 42 * i), ln, font=f, fill=0)
        x = x + int(f.getlength(lines[-1])) + px(0.2)
        top += 42 * (len(lines) - 1)
        lines = []
    d.rectangle((x, top + 4, x + 30, top + 34), outline=0, width=3, fill=SHADE if shaded else None)
    if ticked:
        d.line((x + 4, top + 8, x + 26, top + 30), fill=0, width=pen)
        d.line((x + 26, top + 8, x + 4, top + 30), fill=0, width=pen)
    for i, ln in enumerate(lines):
        d.text((x + 55, top + 42 * i), ln, font=f, fill=0)
    return top + 42 * max(1, len(lines)) + px(0.2)


def check_one_page(path: Path, checked: str | None, *, after: bool = False, key: str = "tender_elected",
                   pen: int = 4, turn: float = 0.0) -> Path:
    """A "check one" choice: the tender sentence with its box, and under it its negative ("I do
    not elect to tender ...") with a box of its own; or (`key` "additional_sheet_attached") the
    additional-sheet sentence and its negative.  `checked` "yes" crosses the sentence's box,
    "no" its negative's, None neither; boxes before their sentences or `after` them; `pen`, the
    cross's stroke; `turn`, degrees the page is sent askew, kept two levels as a fax's scanner
    keeps it.  Saved as a PNG at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    if key == "tender_elected":
        sentence = ["I elect to tender for exchange the options listed below (and on any",
                    "additional sheets attached to this form), together with all options",
                    "granted to me since August 28, 2002."]
        negative = ["I do not elect to tender for exchange the options listed below."]
        top = px(1.2)
    else:                                  # under the grant table, as the form sets it
        sentence = ["I have attached an additional sheet listing my name and any additional grants."]
        negative = ["I have not attached an additional sheet listing my name and any grants."]
        top = draw_table(img, px(1.2)) + px(0.3)
    top = draw_box_sentence(img, top, sentence, ticked=checked == "yes", after=after, pen=pen)
    draw_box_sentence(img, top, negative, ticked=checked == "no", after=after, pen=pen)
    if turn:     # a fax: black and white, turned as it went through the machine
        img = img.point(lambda v: 0 if v < 128 else 255).rotate(turn, resample=Image.Resampling.NEAREST,
                                                                  fillcolor=255)
    img.save(path, dpi=(DPI, DPI))
    return path


def braced_box_page(path: Path, marked: bool, *, three: bool = False, lines: tuple[str, ...] = (),
                    font: str = "DejaVuSerif.ttf", between: bool = False, pitch: int = 40) -> Path:
    """The tender sentence over two lines, a right brace as tall as both after them (the
    character "}" set large, as a word processor sets it) and the sentence's box past the
    brace's point, crossed when `marked`.  With `three`, the sentence runs over three lines,
    the last short, the brace as tall as all three, and the box, level with the middle line,
    is ticked, the tick's stroke running up out of it.  With `between`, the box is small and
    set halfway between the two lines, where the brace points, and filled in when `marked`.
    Other `lines`, `font` and `pitch` (the lines' spacing, pixels) may be given.  Saved as a PNG
    at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    f = _font(font, 28)
    given, lines = lines, ["YES - I wish to exchange each of the options specified below (including",
             "any listed on additional sheets I have attached), along with all options."]
    if three:
        lines = ["Yes, I wish to tender for exchange each of the options specified below (and on",
                 "any additional sheets which I have attached to this form), along with all options",
                 "granted since August 28, 2002:"]
    lines = list(given) or lines
    top = px(1.2)
    for i, ln in enumerate(lines):
        d.text((px(1.0), top + pitch * i), ln, font=f, fill=0)
    x = px(1.0) + max(int(f.getlength(ln)) for ln in lines) + px(0.08)
    brace = _font("DejaVuSerif.ttf", (pitch + 2) * len(lines))
    mid = top + pitch // 2 * len(lines) - 4
    d.text((x, mid), "}", font=brace, fill=0, anchor="lm")
    bx = x + int(brace.getlength("}")) + px(0.08)
    if between:
        # Halfway between the lines' middles (each line's letters stand 8 to 30 below its top).
        mid = top + 19 + pitch // 2 * (len(lines) - 1)
        d.rectangle((bx, mid - 11, bx + 22, mid + 11), outline=0, width=3, fill=0 if marked else None)
    else:
        d.rectangle((bx, mid - 14, bx + 30, mid + 16), outline=0, width=3)
    if between:
        pass
    elif marked and three:
        d.line((bx + 4, mid, bx + 12, mid + 12, bx + 40, mid - 34), fill=0, width=5, joint="curve")
    elif marked:
        d.line((bx + 5, mid - 9, bx + 25, mid + 11), fill=0, width=4)
        d.line((bx + 25, mid - 9, bx + 5, mid + 11), fill=0, width=4)
    img.save(path, dpi=(DPI, DPI))
    return path


def yes_no_page(path: Path, ringed: str | None, *, after: bool = False, ticked: str | None = None,
                lines: tuple[str, ...] = ("YES - I wish to exchange each of the options listed below",
                                          "(and on any additional sheets I have attached).")) -> Path:
    """A tender sentence answered by ringing one of the words YES and NO printed in bold before
    it (or `after` its last word): `ringed` "yes", "no" or None; saved as a PNG at 200 dpi.
    With `ticked` ("yes", "no" or "neither"), each word has a box before it instead, and that
    one's box is crossed (neither, "neither")."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    f, bold = _font("DejaVuSerif.ttf", 30), _font("DejaVuSans-Bold.ttf", 30)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=bold, fill=0)
    top, x = px(1.2), px(1.0)
    if after:
        for i, ln in enumerate(lines):
            d.text((x, top + 42 * i), ln, font=f, fill=0)
        x += int(f.getlength(lines[-1])) + px(0.25)
        y = top + 42 * (len(lines) - 1)
    else:
        y = top
    places = {}
    for word in ("YES", "NO"):
        if ticked:
            d.rectangle((x, y + 4, x + 30, y + 34), outline=0, width=3)
            if ticked == word.lower():
                d.line((x + 4, y + 8, x + 26, y + 30), fill=0, width=4)
                d.line((x + 26, y + 8, x + 4, y + 30), fill=0, width=4)
            x += 30 + px(0.08)
        d.text((x, y), word, font=bold, fill=0)
        w = int(bold.getlength(word))
        places[word.lower()] = (x, y, x + w, y + 34)
        x += w + px(0.2)
    if not after:
        for i, ln in enumerate(lines):
            d.text((x + px(0.1), top + 42 * i), ln, font=f, fill=0)
    if ringed:
        x0, y0, x1, y1 = places[ringed]
        d.ellipse((x0 - 14, y0 - 10, x1 + 14, y1 + 10), outline=0, width=4)
    img.save(path, dpi=(DPI, DPI))
    return path


def form_page(path: Path, *, placement: str = "above", walls: bool = True, ticked: bool = False,
              touch_wall: bool = False, tender: list[str] | None = None, box_after: bool = False,
              no_date_row: int | None = None, beyond_row: int | None = None, date_apart: str = "",
              label_px: int = 17, shaded: bool = False, fax: bool = False, name_before: float = 0.0,
              hints: bool = False, run_on_row: int | None = None) -> Path:
    """The form's table-and-signature page in the given layout, saved as a PNG at 200 dpi; with
    `tender`, a marked tender sentence of that wording above the table.  `shaded`: the table's
    headings white on a black band, its rows and the box shaded grey (with placement "grid",
    the labels' cells too).  `fax`: sent as a fax sends it, two levels, its greys dithered."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    top = px(0.8)
    if tender:
        top = draw_box_sentence(img, px(0.6), tender, ticked=True, after=box_after)
    d.text((px(0.9), top), "accept the Offer for each of the option grants listed below:",
           font=_font("DejaVuSerif.ttf", 30), fill=0)
    y = draw_table(img, top + px(0.4), walls=walls, touch_wall=touch_wall, no_date_row=no_date_row,
                   beyond_row=beyond_row, reversed_heads=shaded, run_on_row=run_on_row)
    y = draw_additional(img, y + px(0.35), ticked=ticked, shaded=shaded)
    draw_signature_block(img, y + px(0.2), placement, date_apart, label_px, name_before, hints)
    if fax:
        img = img.convert("1")          # Floyd-Steinberg: greys become scattered dots
    img.save(path, dpi=(DPI, DPI))
    return path


def ambiguous_block(path: Path) -> Path:
    """Two labels stacked in one column, each midway between writing lines, every line written
    on: read as labels under their lines or over them, the block is explained as well either
    way, and the page does not say which."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSans.ttf", 24)
    x0, x1 = px(0.9), px(4.3)
    ys = [px(2.0) + i * px(0.8) for i in range(3)]
    for y, text in zip(ys, ("Mary J. Keller", "123-45-6789", "Robert Smith")):
        d.line((x0, y, x1, y), fill=0, width=3)
        _typed(d, text, x0 + px(0.08), y - px(0.06))
    for y, label in zip(ys, ("OPTION HOLDER NAME (PLEASE PRINT)", "SOCIAL SECURITY NUMBER")):
        d.text((x0, y + px(0.4) - 12), label, font=lf, fill=0)
    img.save(path, dpi=(DPI, DPI))
    return path


def one_column_block(path: Path) -> Path:
    """A signature block of one column, labels under their lines: name, SSN, date and time,
    then the address's three lines and its label."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSans.ttf", 24)
    x0, x1 = px(0.9), px(4.3)
    y = px(2.0)
    for label, text in (("OPTION HOLDER NAME", TRUTH["holder_name"]), ("SOCIAL SECURITY NUMBER", TRUTH["ssn"]),
                        ("DATE AND TIME", TRUTH["signed_at"])):
        d.line((x0, y, x1, y), fill=0, width=3)
        _typed(d, text, x0 + px(0.08), y - px(0.06))
        d.text((x0, y + px(0.03)), label, font=lf, fill=0)
        y += px(0.75)
    for text in TRUTH["address"] + [""]:
        d.line((x0, y, x1, y), fill=0, width=3)
        if text:
            _typed(d, text, x0 + px(0.08), y - px(0.06))
        y += px(0.45)
    d.text((x0, y - px(0.45) + px(0.03)), "OPTION HOLDER ADDRESS", font=lf, fill=0)
    img.save(path, dpi=(DPI, DPI))
    return path


def written_past_lines(path: Path) -> Path:
    """Labels left of their lines ("Name: ____"), each line ending before its value does: the
    date and time written on past the line's end after a word's space, the name's surname too;
    a label printed half an inch after the SSN's line, which is no part of its value."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSans.ttf", 24)
    x0 = px(0.9)
    y = px(2.0)
    rows = (("Option Holder Name:", ("Mary J.", "Keller")), ("Date And Time Signed:", ("3/28/2003", "2:15 PM")),
            ("Social Security Number:", (TRUTH["ssn"], "")))
    for label, (on, past) in rows:
        d.text((x0, y - px(0.2)), label, font=lf, fill=0)
        lx = x0 + int(lf.getlength(label)) + px(0.1)
        f = _font("DejaVuSans.ttf", 34)
        end = lx + px(0.16) + int(f.getlength(on)) + px(0.05)
        d.line((lx, y, end, y), fill=0, width=3)
        _typed(d, on, lx + px(0.08), y - px(0.06))
        if past:
            _typed(d, past, end + px(0.12), y - px(0.06))
        else:
            d.text((end + px(0.5), y - px(0.2)), "Employee No.:", font=lf, fill=0)
        y += px(0.7)
    img.save(path, dpi=(DPI, DPI))
    return path


def _leader(d: ImageDraw.ImageDraw, x0: int, x1: int, baseline: int, pitch: int = 22) -> None:
    """A leader of printed dots on the baseline from x0 to x1, `pitch` apart (wider than a
    dotted rule's)."""
    for x in range(x0, x1, pitch):
        d.rectangle((x, baseline - 4, x + 3, baseline - 1), fill=0)


def sideways_page(path: Path) -> Path:
    """A form page set as no sample is: the tender sentence ending in a leader of dots that runs
    to its box at the right margin (ticked); the grant table on its side, a grant to each column
    headed "Grant 1" ... "Grant 4" (the last empty) and the form's headings, in other words, down
    a stub column on the left; labels followed by leaders the values are typed on."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    f, bold = _font("DejaVuSerif.ttf", 30), _font("DejaVuSans-Bold.ttf", 26)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 34), fill=0)
    left, right = px(0.9), W - px(0.9)
    lines = ["Yes, I wish to tender for exchange each of the options specified",
             "below, along with all options granted since August 28, 2002."]
    top = px(1.2)
    for i, ln in enumerate(lines):
        d.text((left, top + 42 * i), ln, font=f, fill=0)
    last_end = left + int(f.getlength(lines[-1]))
    base = top + 42 + 30
    _leader(d, last_end + px(0.12), right - px(0.35), base)
    bx = right - px(0.2)
    d.rectangle((bx, base - 30, bx + 30, base), outline=0, width=3)
    d.line((bx + 4, base - 26, bx + 26, base - 4), fill=0, width=4)
    d.line((bx + 26, base - 26, bx + 4, base - 4), fill=0, width=4)
    # The table on its side.
    stub = px(2.0)
    table_top = px(2.2)
    headings = [["Date of Grant"], ["Shares Granted"], ["Option Price"], ["Shares Exercised"],
                ["Shares to be", "Cancelled"]]
    cols = 4
    col_w = (right - left - stub) // cols
    xs = [left, left + stub] + [left + stub + (j + 1) * col_w for j in range(cols)]
    head_h = px(0.4)
    row_hs = [px(0.45) if len(h) == 1 else px(0.6) for h in headings]
    ys = [table_top, table_top + head_h]
    for h in row_hs:
        ys.append(ys[-1] + h)
    for j in range(cols):
        text = f"Grant {j + 1}"
        d.text((xs[j + 1] + (col_w - bold.getlength(text)) / 2, table_top + px(0.08)), text, font=bold, fill=0)
    for i, lines_ in enumerate(headings):
        y = ys[i + 1] + px(0.08)
        for ln in lines_:
            d.text((left + px(0.08), y), ln, font=bold, fill=0)
            y += 30
    d.rectangle((xs[0], ys[0], xs[-1], ys[-1]), outline=0, width=4)
    for x in xs[1:-1]:
        d.line((x, ys[0], x, ys[-1]), fill=0, width=3)
    for y in ys[1:-1]:
        d.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for j, grant in enumerate(TRUTH["grants"]):
        for i, value in enumerate(grant):
            _typed(d, value, xs[j + 1] + px(0.15), ys[i + 2] - px(0.1))
    # Labels followed by leaders, the values typed on them.
    lf = _font("DejaVuSans.ttf", 26)
    y = ys[-1] + px(0.9)
    for label, value in (("Printed Name", TRUTH["holder_name"]), ("Social Security Number", TRUTH["ssn"])):
        d.text((left, y), label, font=lf, fill=0, anchor="ls")
        start = left + int(lf.getlength(label)) + px(0.1)
        _leader(d, start, right, y + 2, pitch=16)
        _typed(d, value, start + px(0.25), y - 8)
        y += px(0.6)
    img.save(path, dpi=(DPI, DPI))
    return path


def after_and_records_page(path: Path, *, drop_label: tuple[int, str] | None = None,
                           run_past: bool = False, price_label: str = "Option Price",
                           label_px: int = 24) -> Path:
    """A form page set as no sample is: the grants as records, no table (each grant a block
    headed "Grant 1" ... in a hanging column, a labelled writing line for each field, two to a
    row, the labels the table's headings in other words; a fourth block left empty), and the
    signature block with each label printed after its writing line in small type, in
    parentheses, a long one broken over two lines ("______ (Name of Option Holder / please
    print)").  `drop_label` (block, field): that block's label for the field left unprinted,
    its value written all the same.  `run_past`: the first grant's price written on past its
    line's end, into the next label.  `price_label`: the price's label; `label_px`: the
    records' labels' size in pixels."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    lf, small = _font("DejaVuSans.ttf", label_px), _font("DejaVuSans.ttf", 20)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 34), fill=0)
    left, right = px(0.9), W - px(0.9)
    labels = {"grant_date": "Date of Grant", "shares_granted": "Shares Granted", "exercise_price": price_label,
              "shares_exercised": "Shares Exercised", "shares_tendered": "Shares to be Cancelled"}
    layout = [(("grant_date", 0), ("shares_granted", 1)), (("exercise_price", 2), ("shares_exercised", 3)),
              (("shares_tendered", 4),)]
    stub, mid = px(1.0), left + px(1.0) + (right - left - px(1.0)) // 2
    y = px(1.4)
    for block in range(4):
        grant = TRUTH["grants"][block] if block < len(TRUTH["grants"]) else None
        d.text((left, y), f"Grant {block + 1}", font=_font("DejaVuSans.ttf", 24), fill=0, anchor="ls")
        for row in layout:
            for (key, i), x0 in zip(row, (left + stub, mid + px(0.2))):
                x1 = mid - px(0.1) if len(row) == 2 and x0 < mid else right
                if drop_label != (block, key):
                    d.text((x0, y), labels[key], font=lf, fill=0, anchor="ls")
                lx = x0 + int(lf.getlength(labels[key])) + px(0.1)
                d.line((lx, y + 3, x1, y + 3), fill=0, width=3)
                if grant is not None:
                    value = grant[i]
                    if run_past and block == 0 and key == "exercise_price":
                        _typed(d, value, x1 - int(_font("DejaVuSans.ttf", 34).getlength(value)) + px(0.2), y - 4)
                    else:
                        _typed(d, value, lx + px(0.15), y - 4)
            y += px(0.42)
        y += px(0.25)
    # The signature block: each writing line first, its label after it.
    y += px(0.6)
    when = TRUTH["signed_at"]

    def after(x0: int, x1: int, y: int, label: list[str], value: str | None) -> None:
        width = max(int(small.getlength(t)) for t in label)
        end = x1 - width - px(0.12)
        d.line((x0, y, end, y), fill=0, width=3)
        for i, t in enumerate(label):
            d.text((end + px(0.08), y - px(0.1) + 24 * i), t, font=small, fill=0)
        if value == "signature":
            _signature(img, x0, y - 3, end)
        elif value:
            _typed(d, value, x0 + px(0.1), y - px(0.06))
    half = left + (right - left) // 2
    after(left, half - px(0.2), y, ["(Option Holder's", "Signature)"], "signature")
    after(half + px(0.2), right, y, ["(Social Security No.)"], TRUTH["ssn"])
    y += px(0.8)
    after(left, half - px(0.2), y, ["(Name of Option", "Holder, please print)"], TRUTH["holder_name"])
    after(half + px(0.2), right, y, ["(Date and time)"], when)
    y += px(0.8)
    after(left, right - px(2.5), y, ["(Home Address)"], TRUTH["address"][0])
    for text in TRUTH["address"][1:] + [""]:
        y += px(0.45)
        d.line((left, y, right - px(2.5) - int(small.getlength("(Home Address)")) - px(0.12), y), fill=0, width=3)
        if text:
            _typed(d, text, left + px(0.1), y - px(0.06))
    img.save(path, dpi=(DPI, DPI))
    return path


def sentences_page(path: Path, *, dated_apart: bool = True) -> Path:
    """A form page whose signature block is sentences to fill in, no labels, worded as no
    sample words them: "I, ______, whose Social Security Number is ______, residing at ______
    ______, hereby make this election, dated ______ at ______.  Signature: ______", over the
    grant table (boxed).  Values typed, the signature written; with `dated_apart` False the
    date and time go on one blank ("dated ______")."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    f = _font("DejaVuSerif.ttf", 26)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSerif-Bold.ttf", 34), fill=0)
    y = draw_table(img, px(1.2)) + px(0.9)
    left, right, pitch = px(0.9), W - px(0.9), px(0.5)
    date, time = TRUTH["signed_at"].split(" ", 1)
    blanks = {"name": (px(2.8), TRUTH["holder_name"]), "ssn": (px(2.3), TRUTH["ssn"]),
              "addr1": (None, TRUTH["address"][0]), "addr2": (None, TRUTH["address"][1]),
              "date": (px(2.0) if dated_apart else px(3.6), date if dated_apart else TRUTH["signed_at"]),
              "time": (px(1.5), time),
              "signature": (px(3.0), "signature")}
    lines = [["I,", "{name}", ",", "whose", "Social", "Security", "Number", "is", "{ssn}", ","],
             ["residing", "at", "{addr1}"], ["{addr2}", ","],
             ["hereby", "make", "this", "election,", "dated", "{date}"] + (["at", "{time}"] if dated_apart else [])
             + ["."], ["Signature:", "{signature}"]]
    for n, words in enumerate(lines):
        base = y + n * pitch
        x = left
        for w in words:
            if w.startswith("{"):
                length, value = blanks[w[1:-1]]
                end = right if length is None else x + length
                d.line((x, base + 2, end, base + 2), fill=0, width=3)
                if value == "signature":
                    _signature(img, x, base - 2, end)
                else:
                    _typed(d, value, x + px(0.1), base - px(0.05))
                x = end + px(0.03)
            else:
                x += 0 if w in (",", ".") else px(0.06)
                d.text((x, base), w, font=f, fill=0, anchor="ls")
                x += int(f.getlength(w))
    img.save(path, dpi=(DPI, DPI))
    return path


def grant_sentences_page(path: Path, grants, *, streak: bool = False) -> Path:
    """The grants as numbered sentences with blanks, no table, in a wording and an order of
    fields no sample uses: "1. A grant of ____ shares dated ____ at an exercise price of ____
    per share, of which ____ have been exercised; I wish to tender ____ shares."  `grants`
    (date, granted, price, exercised, tendered) typed on the blanks, then one grant left
    empty; with `streak`, a fax's one-pixel streak down through the empty grant's blanks."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    f = _font("DejaVuSerif.ttf", 26)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSerif-Bold.ttf", 34), fill=0)
    left, right, pitch = px(1.0), W - px(0.8), px(0.42)
    y = px(1.4)
    lines_of_grant = [["A", "grant", "of", "{1}", "shares", "dated", "{0}", "at", "an", "exercise", "price"],
                      ["of", "{2}", "per", "share,", "of", "which", "{3}", "have", "been", "exercised;"],
                      ["I", "wish", "to", "tender", "{4}", "shares."]]
    ends = []
    for n, grant in enumerate(list(grants) + [None]):
        d.text((left, y), f"{n + 1}.", font=f, fill=0, anchor="ls")
        for words in lines_of_grant:
            x = left + px(0.35)
            for w in words:
                if w.startswith("{"):
                    i = int(w[1])
                    length = px(1.3 if i == 0 else 1.0)
                    d.line((x, y + 2, x + length, y + 2), fill=0, width=3)
                    if grant is not None:
                        v = grant[i]
                        text = (f"{v[5:7]}/{v[8:]}/{v[:4]}" if i == 0 else f"${v}" if i == 2 else f"{v:,}")
                        _typed(d, text, x + px(0.1), y - px(0.05), size=30)
                    ends.append(x + length)
                    x += length + px(0.06)
                else:
                    d.text((x, y), w, font=f, fill=0, anchor="ls")
                    x += int(f.getlength(w)) + px(0.08)
            assert x < right, "the sentence runs off the page"
            y += pitch
        y += px(0.15)
    if streak:
        d.line((ends[-1] - px(0.4), px(1.0), ends[-1] - px(0.4), y + px(0.5)), fill=0, width=1)
    img.save(path, dpi=(DPI, DPI))
    return path


def _ovals(d: ImageDraw.ImageDraw, x: int, y: int, filled: str | None, letters=("Y", "N")) -> int:
    """Two ovals side by side, lettered inside, as on an answer sheet, their tops at `y`; one
    of them filled in by pen (`filled` "yes", "no"), crossed ("x-yes": an X drawn over YES's
    oval) or neither (None).  Returns the x after them."""
    f = _font("DejaVuSans.ttf", 18)
    w, h = px(0.34), px(0.17)
    for letter, choice in zip(letters, ("yes", "no")):
        d.ellipse((x, y, x + w, y + h), outline=0, width=3)
        d.text((x + w // 2, y + h // 2), letter, font=f, fill=0, anchor="mm")
        if filled == choice:
            d.ellipse((x + 2, y + 1, x + w - 3, y + h - 2), fill=0)
        if filled == "x-" + choice:
            d.line((x + 8, y + 2, x + w - 8, y + h - 2), fill=0, width=4)
            d.line((x + w - 8, y + 2, x + 8, y + h - 2), fill=0, width=4)
        x += w + px(0.12)
    return x


def cards_page(path: Path, *, filled: str | None = "yes", sheet: str | None = None,
               broken: bool = False) -> Path:
    """A form page set as no sample is: no table, each grant a ruled card, three to a row, its
    fields one under another (each label the table's heading in other words, its writing line
    starting where the card's lines all start, however short the label), a "Grant Number" line
    first; the tender sentence with two ovals lettered Y and N after it, and the
    additional-sheet sentence with two before it (`filled` and `sheet`: see `_ovals`).  With
    `broken`, the count tendered is labelled on two lines, each naming it ("Shares Tendered /"
    over "to be Cancelled"), and a last line at the right margin, "TOTAL OPTIONS TENDERED",
    holds the total."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    lf, title = _font("DejaVuSans.ttf", 19), _font("DejaVuSans-Bold.ttf", 22)
    f = _font("DejaVuSerif.ttf", 28)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 34), fill=0)
    y = px(1.2)
    for i, ln in enumerate(("Yes, I wish to tender for exchange each of the options specified below",
                            "(and on any additional sheets I have attached):")):
        d.text((px(0.9), y + 40 * i), ln, font=f, fill=0)
    _ovals(d, px(0.9) + int(f.getlength("(and on any additional sheets I have attached):")) + px(0.2),
           y + 40 + 6, filled)
    labels = [("number", "Grant Number"), ("grant_date", "Date of Grant"), ("shares_granted", "Options Granted"),
              ("exercise_price", "Exercise Price"), ("shares_exercised", "Shares Exercised"),
              ("shares_tendered", "Shares Tendered")]
    left, right, gap = px(0.9), W - px(0.9), px(0.12)
    cw = (right - left - 2 * gap) // 3
    top = px(2.0)
    for g in range(3):
        x0 = left + g * (cw + gap)
        grant = TRUTH["grants"][g]
        d.rectangle((x0, top, x0 + cw, top + px(2.4)), outline=0, width=3)
        d.text((x0 + px(0.08), top + px(0.06)), f"Grant {g + 1}", font=title, fill=0)
        d.line((x0, top + px(0.3), x0 + cw, top + px(0.3)), fill=0, width=2)
        rule_x = x0 + px(1.05)
        for r, (key, label) in enumerate(labels):
            base = top + px(0.65) + r * px(0.3)
            if broken and key == "shares_tendered":
                d.text((x0 + px(0.08), base - 24), "Shares Tendered /", font=lf, fill=0, anchor="ls")
                label = "to be Cancelled"
            d.text((x0 + px(0.08), base), label, font=lf, fill=0, anchor="ls")
            d.line((rule_x, base + 3, x0 + cw - px(0.08), base + 3), fill=0, width=2)
            if key != "number":
                _typed(d, grant[[k for k, _l in labels[1:]].index(key)], rule_x + px(0.05), base - 3, size=26)
    if broken:
        total = str(sum(int(g[4].replace(",", "")) for g in TRUTH["grants"]))
        label = "TOTAL OPTIONS TENDERED"
        x = right - px(1.5) - int(lf.getlength(label)) - px(0.1)
        d.text((x, top + px(2.65)), label, font=lf, fill=0, anchor="ls")
        d.line((right - px(1.5), top + px(2.65) + 3, right, top + px(2.65) + 3), fill=0, width=2)
        _typed(d, total, right - px(1.4), top + px(2.65) - 3, size=26)
    y = top + px(2.9)
    x = _ovals(d, px(0.9), y + 6, sheet)
    d.text((x + px(0.1), y), "I have attached an additional sheet listing my name and grants.", font=f, fill=0)
    img.save(path, dpi=(DPI, DPI))
    return path



def ruled_column_block(path: Path) -> Path:
    """A signature block set as no sample is: in two columns, each label set flush right in a
    column of labels ruled off by an upright rule down the block, broken over two or three
    lines and standing a little high over its writing line, which starts just past the rule
    (the first column's lines end where the second column's labels begin)."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    lf = _font("DejaVuSerif.ttf", 22)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 34), fill=0)
    top = px(1.4)
    columns = [(px(0.5), px(1.9), px(4.3)), (px(4.4), px(5.6), W - px(0.5))]
    rows = [[(["PRINTED NAME OF", "OPTION HOLDER:"], "holder_name"), (["Option Holder's", "Signature:"], "signature")],
            [(["DATE AND TIME:"], "signed_at"), (["Social Security", "Number:"], "ssn")]]
    for (x0, rule_x, x1) in columns:
        d.line((rule_x, top - px(0.1), rule_x, top + 2 * px(0.8)), fill=0, width=3)
    for r, row in enumerate(rows):
        line_y = top + px(0.6) + r * px(0.8)
        for (x0, rule_x, x1), (label, key) in zip(columns, row):
            # The label's last line set 0.18 in over its writing line.
            for i, text in enumerate(reversed(label)):
                d.text((rule_x - px(0.08), line_y - px(0.18) - 26 * i), text, font=lf, fill=0, anchor="rs")
            d.line((rule_x + px(0.08), line_y, x1, line_y), fill=0, width=3)
            if key == "signature":
                _signature(img, rule_x + px(0.1), line_y - 3, x1)
            else:
                value = {"holder_name": TRUTH["holder_name"], "signed_at": TRUTH["signed_at"], "ssn": TRUTH["ssn"]}[key]
                _typed(d, value, rule_x + px(0.2), line_y - px(0.05), size=30)
    img.save(path, dpi=(DPI, DPI))
    return path


def coded_page(path: Path, written: str, *, legend: str = "(Enter 1 for Yes, 2 for No)",
               hand_name: str = "kalam", after: bool = False) -> Path:
    """The tender sentence with a box a figure is written in and its legend after its last
    word, as census and tax forms ask for a coded answer.  `written` is written in the box
    in `hand_name` ("" leaves it empty, "tick" ticks it).  Saved as a PNG at 200 dpi."""
    import random
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    f = _font("DejaVuSerif.ttf", 30)
    lines = ["I wish to tender for exchange the options specified in the table below,",
             f"together with every option granted since August 28, 2002. {legend}"]
    top, x = px(1.3), px(1.0)
    if after:
        for i, ln in enumerate(lines):
            d.text((x, top + 42 * i), ln, font=f, fill=0)
        x, top = x + int(f.getlength(lines[-1])) + px(0.15), top + 42
        if x + px(0.3) > W - px(0.5):
            x, top = px(1.0), top + 50
    box = (x, top - 6, x + px(0.26), top - 6 + px(0.26))
    d.rectangle(box, outline=0, width=3)
    if not after:
        for i, ln in enumerate(lines):
            d.text((x + px(0.4), top + 42 * i), ln, font=f, fill=0)
    if written == "tick":
        d.line((box[0] + 8, box[1] + 28, box[0] + 20, box[3] - 8), fill=0, width=4)
        d.line((box[0] + 20, box[3] - 8, box[2] - 6, box[1] + 8), fill=0, width=4)
    elif written:
        pen = hand.Pen(hand_name, 44, 0.0, 1, 0)
        hand.write(img, written, (box[0] + 8, box[1] + 6, box[2] - 8, box[3] - 6), pen, random.Random(3))
    img.save(path, dpi=(DPI, DPI))
    return path


def write_in_page(path: Path, written: str, *, hand_name: str = "kalam") -> Path:
    """The tender sentence asked as a question, "(WRITE YES OR NO)" after it and a blank to
    write the answer on, as forms set a write-in answer.  `written` is written on the blank in
    `hand_name` ("" leaves it empty, "tick" ticks it).  Saved as a PNG at 200 dpi."""
    import random
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    f = _font("DejaVuSans.ttf", 28)
    lines = ["Do you wish to tender for exchange the options specified in the table below,",
             "together with every option granted since August 28, 2002? (WRITE YES OR NO)"]
    top, x = px(1.3), px(1.0)
    for i, ln in enumerate(lines):
        d.text((x, top + 40 * i), ln, font=f, fill=0)
    x0 = x + int(f.getlength(lines[-1])) + px(0.12)
    foot = top + 40 + 30
    d.line((x0, foot, x0 + px(0.9), foot), fill=0, width=3)
    place = (x0 + 10, foot - 44, x0 + px(0.9) - 10, foot - 4)
    if written == "tick":
        d.line((x0 + 20, foot - 22, x0 + 30, foot - 8), fill=0, width=4)
        d.line((x0 + 30, foot - 8, x0 + 52, foot - 40), fill=0, width=4)
    elif written:
        hand.write(img, written, place, hand.Pen(hand_name, 40, 0.0, 1, 0), random.Random(5))
    img.save(path, dpi=(DPI, DPI))
    return path


def grant_lines_page(path: Path, *, hand_name: str | None = "kalam", crowded: bool = False) -> Path:
    """Grants listed along numbered bare rules under an instruction naming the fields in order
    ("List each grant on a line of its own, giving in this order its ..."): `TRUTH`'s grants
    written one after another along their rules (`hand_name`, or typed when None), with wide
    gaps between the values or, `crowded`, gaps no wider than the spaces inside a date.
    Saved as a PNG at 200 dpi."""
    import random
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    f = _font("DejaVuSerif.ttf", 28)
    d.text((px(1.0), px(1.1)), "List each grant on a line of its own, giving in this order its Grant Date,",
           font=f, fill=0)
    d.text((px(1.0), px(1.3)), "Number of Shares Granted, Exercise Price, Number of Shares Exercised,", font=f, fill=0)
    d.text((px(1.0), px(1.5)), "Number of Shares Tendered:", font=f, fill=0)
    rng = random.Random(5)
    for i in range(4):
        y = px(2.1 + 0.45 * i)
        d.text((px(1.0), y - 34), f"{i + 1}.", font=f, fill=0)
        d.line((px(1.3), y, px(7.5), y), fill=0, width=3)
        if i >= len(TRUTH["grants"]):
            continue
        x = px(1.4)
        for value in TRUTH["grants"][i]:
            text = value.replace(" ", "\u2009") if crowded else value
            if hand_name is None:
                _typed(d, text, x, y - 8, 30)
                x += int(_font("DejaVuSans.ttf", 30).getlength(text))
            else:
                pen = hand.Pen(hand_name, 40, 0.0, 1, 0)
                room = px(0.25 + 0.12 * len(value))
                hand.write(img, value, (x, y - px(0.32), x + room, y - 4), pen, rng)
                x += room
            x += px(0.06) if crowded else px(0.45)
    img.save(path, dpi=(DPI, DPI))
    return path


def headed_boxes_page(path: Path, marked: str | None, *, mark: str = "cross", sheet: str | None = None) -> Path:
    """The tender sentence ("YES - I wish to exchange ...") answered by a YES box and a NO box
    in columns of their own at the right margin, headed "YES" and "NO" in small bold over them,
    the boxes level with the sentence's first line, as questionnaires set their questions;
    `marked` ("yes", "no" or None) says which box is marked, with a `mark` ("cross" running out
    over the box's outline, or "tick" running up out of it).  With `sheet`, the additional
    sheet's sentence under it so too, its box `sheet` marked.  Saved as a PNG at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    f, heads = _font("DejaVuSerif.ttf", 28), _font("DejaVuSerif-Bold.ttf", 20)
    yes_x, no_x, size = px(6.7), px(7.2), px(0.16)

    def question(top: int, lines: list[str], which: str | None) -> None:
        for i, ln in enumerate(lines):
            d.text((px(1.0), top + 40 * i), ln, font=f, fill=0)
        for x, word in ((yes_x, "YES"), (no_x, "NO")):
            d.text((x + size // 2, top - 16), word, font=heads, fill=0, anchor="ms")
            box = (x, top + 4, x + size, top + 4 + size)
            d.rectangle(box, outline=0, width=3)
            if which != word.lower():
                continue
            if mark == "cross":
                d.line((box[0] - 8, box[1] - 8, box[2] + 8, box[3] + 8), fill=0, width=4)
                d.line((box[0] - 8, box[3] + 8, box[2] + 8, box[1] - 8), fill=0, width=4)
            else:
                d.line((box[0] + 5, box[1] + 16, box[0] + 13, box[3] - 4), fill=0, width=4)
                d.line((box[0] + 13, box[3] - 4, box[2] + 14, box[1] - 30), fill=0, width=4)
    question(px(1.5), ["YES - I wish to exchange each of the options specified below (including",
                       "any listed on additional sheets I have attached), along with all options",
                       "granted since August 28, 2002."], marked)
    if sheet is not None:
        question(px(2.6), ["I have attached an additional sheet listing my name and any additional",
                           "grants I wish to tender."], sheet)
    img.save(path, dpi=(DPI, DPI))
    return path


CAPTIONS = ("Grant Date", "No. of Shares Granted", "Exercise Price Per Share", "No. of Shares Exercised",
            "Shs. Tendered")


def captioned_rows_page(path: Path, *, hand_name: str | None = None, run_past: int | None = None) -> Path:
    """Grants with no heading row over them: each grant a row of rules in the table's columns,
    each field's heading printed small and centred under its rule, repeated under every grant
    (as application forms caption the rows of an employment history); `TRUTH`'s grants written
    over their rules (typed, or in `hand_name`), one row left empty.  `run_past`: that grant's
    count tendered typed from 0.15 in before its rule's end, running on past it and the table's
    last column.  Saved as a PNG at 200 dpi."""
    import random
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    d.text((px(1.0), px(1.0)), "List below each grant you wish to tender.", font=_font("DejaVuSerif.ttf", 28), fill=0)
    small = _font("DejaVuSerif.ttf", 19)
    cols = [(px(1.0), px(2.2)), (px(2.35), px(3.75)), (px(3.9), px(5.1)), (px(5.25), px(6.5)), (px(6.65), px(7.6))]
    rng = random.Random(11)
    for i in range(len(TRUTH["grants"]) + 1):
        y = px(1.9 + 0.62 * i)
        for j, ((x0, x1), caption) in enumerate(zip(cols, CAPTIONS)):
            d.line((x0, y, x1, y), fill=0, width=3)
            words, lines = caption.split(), []
            while words:                                  # as many words a line as fit the rule
                n = len(words)
                while n > 1 and small.getlength(" ".join(words[:n])) > x1 - x0:
                    n -= 1
                lines.append(" ".join(words[:n]))
                words = words[n:]
            for k, ln in enumerate(lines):
                d.text(((x0 + x1) // 2, y + 8 + 22 * k), ln, font=small, fill=0, anchor="mt")
            if i >= len(TRUTH["grants"]):
                continue
            value = TRUTH["grants"][i][j]
            if i == run_past and j == len(cols) - 1:
                _typed(d, value, x1 - px(0.15), y - 8, 30)
            elif hand_name is None:
                _typed(d, value, x0 + px(0.1), y - 8, 30)
            else:
                hand.write(img, value, (x0 + px(0.05), y - px(0.34), x1 - px(0.05), y - 4),
                           hand.Pen(hand_name, 40, 0.0, 1, 0), rng)
    img.save(path, dpi=(DPI, DPI))
    return path


def side_strip_page(path: Path) -> Path:
    """The signature block as boxes, each label turned a quarter anticlockwise (reading upwards)
    in a narrow strip at its box's left behind a thin upright rule, as shipping documents and
    customs declarations letter a box's side; `TRUTH`'s values typed in the boxes' rooms, the
    address on two lines of one box.  Saved as a PNG at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    small = _font("DejaVuSerif.ttf", 17)
    fields = [(("HOLDER", "SIGNATURE"), None, px(0.8)), (("NAME", "(PRINT)"), TRUTH["holder_name"], px(0.75)),
              (("SOCIAL", "SECURITY NO."), TRUTH["ssn"], px(0.75)), (("DATE AND", "TIME"), TRUTH["signed_at"], px(0.75)),
              (("OPTION HOLDER", "ADDRESS"), TRUTH["address"], px(1.0))]
    top, x0, x1 = px(1.2), px(1.0), px(6.5)
    for label, value, height in fields:
        strip = px(0.1) + 20 * len(label)
        d.rectangle((x0, top, x1, top + height), outline=0, width=3)
        d.line((x0 + strip, top, x0 + strip, top + height), fill=0, width=2)
        text = Image.new("L", (height - px(0.1), strip - 8), 255)
        td = ImageDraw.Draw(text)
        for k, ln in enumerate(label):
            td.text((text.width // 2, 4 + 20 * k), ln, font=small, fill=0, anchor="mt")
        img.paste(text.rotate(90, expand=True), (x0 + 4, top + px(0.05)))
        if value is None:
            _signature(img, x0 + strip + px(0.2), top + height - px(0.12), x1 - px(0.5))
        else:
            for k, ln in enumerate([value] if isinstance(value, str) else value):
                _typed(d, ln, x0 + strip + px(0.2), top + px(0.42) + px(0.4) * k, 32)
        top += height + px(0.12)
    img.save(path, dpi=(DPI, DPI))
    return path


def in_sentence_page(path: Path, marked: str | None, *, sheet: str | None = None) -> Path:
    """The tender sentence holding its choice, a box before its verb and one before the verb
    negated ("I [] do [] do not wish to exchange ..."), as ballots and consent forms set a
    choice in a sentence; `marked` ("do", "do not" or None) is ticked.  With `sheet`, the
    additional sheet's sentence so too ("An additional sheet [] is [] is not attached ..."),
    `sheet` ("is", "is not" or None) ticked.  Saved as a PNG at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    f = _font("DejaVuSerif.ttf", 28)

    def sentence(top: int, parts: list[str], rest: str, ticked: str | None) -> None:
        x = px(1.0)
        words = [parts[0], "[]", parts[1], "[]", parts[2], rest]
        for n, word in enumerate(words):
            if word == "[]":
                box = (x, top + 2, x + px(0.15), top + 2 + px(0.15))
                d.rectangle(box, outline=0, width=3)
                if ticked is not None and words[n + 1] == ticked:
                    d.line((box[0] + 5, box[1] + 14, box[0] + 12, box[3] - 4), fill=0, width=4)
                    d.line((box[0] + 12, box[3] - 4, box[2] + 4, box[1] - 4), fill=0, width=4)
                x = box[2] + px(0.1)
                continue
            d.text((x, top), word, font=f, fill=0)
            x += int(f.getlength(word)) + px(0.12)
    sentence(px(1.4), ["I", "do", "do not"], "wish to exchange each of the options specified below,", marked)
    d.text((px(1.0), px(1.4) + 40), "along with all options granted since August 28, 2002.", font=f, fill=0)
    if sheet is not None:
        sentence(px(2.3), ["An additional sheet", "is", "is not"], "attached listing my further grants.", sheet)
    img.save(path, dpi=(DPI, DPI))
    return path


def shared_rule_page(path: Path, *, signed: bool = False) -> Path:
    """The signature block with two fields to a rule, each label printed small under its own
    stretch ("PRINTED NAME" and "SIGNED" under one rule, "DATE AND TIME" and "SOCIAL SECURITY
    NUMBER" under the next), as US forms set "Signature ____ Date"; the name, the date and the
    SSN typed over their stretches, the signature written only when `signed`.  Saved as a PNG
    at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    small = _font("DejaVuSerif.ttf", 18)
    x0, mid, x1 = px(1.0), px(4.0), px(7.0)
    rows = [("PRINTED NAME", TRUTH["holder_name"], "SIGNED", None), ("DATE AND TIME", TRUTH["signed_at"],
                                                                   "SOCIAL SECURITY NUMBER", TRUTH["ssn"])]
    y = px(1.6)
    for left, left_value, right, right_value in rows:
        d.line((x0, y, x1, y), fill=0, width=3)
        d.text((x0, y + 6), left, font=small, fill=0)
        d.text((mid, y + 6), right, font=small, fill=0)
        _typed(d, left_value, x0 + px(0.1), y - 8, 32)
        if right_value is not None:
            _typed(d, right_value, mid + px(0.1), y - 8, 32)
        elif signed:
            _signature(img, mid, y - 6, x1 - px(0.3))
        y += px(0.75)
    for line in TRUTH["address"]:
        d.line((x0, y, x1, y), fill=0, width=3)
        _typed(d, line, x0 + px(1.0), y - 8, 32)
        y += px(0.45)
    d.line((x0, y, x1, y), fill=0, width=3)
    d.text((x0, y + 6), "MAILING ADDRESS OF OPTION HOLDER", font=small, fill=0)
    img.save(path, dpi=(DPI, DPI))
    return path


def spanned_heads_page(path: Path) -> Path:
    """A ruled grant table headed on two tiers, a heading over several columns ("Grant" over
    "Date | Exercise Price", "No. of Shares" over "Granted | Exercised | Tendered"), the columns
    in the groups' order, not the form's; `TRUTH`'s grants typed in its rows.  Saved as a PNG
    at 200 dpi."""
    img, d, bold = _titled_page()
    xs = [px(1.0), px(2.3), px(3.6), px(4.9), px(6.0), px(7.3)]
    top, tier, head, row = px(1.2), px(1.45), px(1.85), px(0.38)
    bottom = head + row * 4
    for x in (xs[0], xs[2], xs[5]):
        d.line((x, top, x, bottom), fill=0, width=3)
    for x in (xs[1], xs[3], xs[4]):
        d.line((x, tier, x, bottom), fill=0, width=3)
    for y in [top, tier, head] + [head + row * (i + 1) for i in range(4)]:
        d.line((xs[0], y, xs[5], y), fill=0, width=3)
    for (a, b), text in (((xs[0], xs[2]), "Grant"), ((xs[2], xs[5]), "No. of Shares")):
        d.text(((a + b) // 2, (top + tier) // 2), text, font=bold, fill=0, anchor="mm")
    for (a, b), text in zip(zip(xs, xs[1:]), ("Date", "Exercise Price", "Granted", "Exercised", "Tendered")):
        d.text(((a + b) // 2, (tier + head) // 2), text, font=bold, fill=0, anchor="mm")
    for i, (date, granted, price, exercised, tendered) in enumerate(TRUTH["grants"]):
        y = head + row * (i + 1) - px(0.1)
        for (a, _b), value in zip(zip(xs, xs[1:]), (date, price, granted, exercised, tendered)):
            _typed(d, value, a + px(0.1), y, 30)
    img.save(path, dpi=(DPI, DPI))
    return path


def inline_block_page(path: Path) -> Path:
    """The signature block with each label on the left end of its own rule, the writing after
    it on the same rule ("PRINTED NAME ______"), as bank forms and registration cards set it;
    the address's second line a bare rule under its first.  Values typed, the signature
    written.  Saved as a PNG at 200 dpi."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((px(1.0), px(0.6)), "ELECTION FORM", font=_font("DejaVuSans-Bold.ttf", 30), fill=0)
    small = _font("DejaVuSerif.ttf", 20)
    x0, x1 = px(1.0), px(7.0)
    y = px(1.5)
    for label, value in (("PRINTED NAME", TRUTH["holder_name"]), ("SIGNATURE OF OPTION HOLDER", None),
                         ("DATE AND TIME", TRUTH["signed_at"]), ("SOCIAL SECURITY NO.", TRUTH["ssn"]),
                         ("MAILING ADDRESS OF OPTION HOLDER", TRUTH["address"][0]), ("", TRUTH["address"][1])):
        d.line((x0, y, x1, y), fill=0, width=3)
        if label:
            d.text((x0, y - 8), label, font=small, fill=0, anchor="ls")
        start = x0 + int(small.getlength(label)) + px(0.3) if label else x0 + px(0.3)
        if value is None:
            _signature(img, start, y - 6, x1 - px(0.5))
        else:
            _typed(d, value, start, y - 8, 32)
        y += px(0.6)
    img.save(path, dpi=(DPI, DPI))
    return path


def example_row_page(path: Path, marked: bool = True, sizes: tuple[int, ...] = (28, 28), *,
                     numbered: bool = False, grants: bool = True, with_example: bool = True) -> Path:
    """A ruled grant table whose first row is a worked example printed by the form ("Example"
    small in its first cell's corner unless not `marked`, then 01/15/2001, 1,000, $12.50, 200,
    800), as tax schedules print a sample line; `TRUTH`'s grants typed in the rows under it
    unless not `grants` (`sizes`: the example's type and the grants', in pixels, or one size a
    row; no example row at all unless `with_example`).  `numbered`:
    the table's first column is "Option No.", no field the form's reading takes, the example's
    "00123" in it.  Saved as a PNG at 200 dpi."""
    img, d, bold = _titled_page()
    small = _font("DejaVuSans-Bold.ttf", 16)
    xs = [px(1.0), px(2.4), px(3.8), px(5.0), px(6.2), px(7.4)]
    heads = ["Grant Date", "Shares Granted", "Exercise Price", "Shares Exercised", "Shares Tendered"]
    example = ["01/15/2001", "1,000", "$12.50", "200", "800"]
    written = [tuple(g) for g in TRUTH["grants"]] if grants else []
    if numbered:
        xs = [px(0.5), px(1.6), px(2.8), px(4.0), px(5.1), px(6.3), px(7.6)]
        heads, example = ["Option No."] + heads, ["00123"] + example
        written = [("",) + g for g in written]
    top, head, row = px(1.2), px(1.65), px(0.4)
    rows = [tuple(example)] * with_example + written + [("",) * len(heads)] * (1 if grants else 3)
    bottom = head + row * len(rows)
    for x in xs:
        d.line((x, top, x, bottom), fill=0, width=3)
    for y in [top, head] + [head + row * (i + 1) for i in range(len(rows))]:
        d.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for (a, b), text in zip(zip(xs, xs[1:]), heads):
        d.text(((a + b) // 2, (top + head) // 2), text, font=bold, fill=0, anchor="mm")
    if marked and with_example:
        d.text((xs[0] + 6, head + 5), "Example", font=small, fill=0)
    for i, values in enumerate(rows):
        for (a, _b), value in zip(zip(xs, xs[1:]), values):
            _typed(d, value, a + px(0.1), head + row * (i + 1) - px(0.08), sizes[min(i, len(sizes) - 1)])
    img.save(path, dpi=(DPI, DPI))
    return path


def parted_price_page(path: Path, *, short_cents: bool = False, tall_dollars: bool = False) -> Path:
    """A ruled grant table whose price cells are parted by a thin upright rule into dollars and
    cents, under one heading, as tax forms and deposit slips print amounts; `TRUTH`'s grants
    typed with each price's dollars and cents on either side of it, no point (the cents'
    last 0 left off with `short_cents`: "12 | 5"; the first row's dollars as tall as their row,
    rule to rule, with `tall_dollars`).  Saved as a PNG at 200 dpi."""
    img, d, bold = _titled_page()
    xs = [px(1.0), px(2.4), px(3.8), px(5.0), px(6.2), px(7.4)]
    cents = xs[3] - px(0.4)
    top, head, row = px(1.2), px(1.65), px(0.4)
    rows = TRUTH["grants"] + [("", "", "", "", "")]
    bottom = head + row * len(rows)
    for x in xs:
        d.line((x, top, x, bottom), fill=0, width=3)
    d.line((cents, head, cents, bottom), fill=0, width=2)
    for y in [top, head] + [head + row * (i + 1) for i in range(len(rows))]:
        d.line((xs[0], y, xs[5], y), fill=0, width=3)
    for (a, b), text in zip(zip(xs, xs[1:]), ("Grant Date", "Shares Granted", "Exercise Price", "Shares Exercised",
                                              "Shares Tendered")):
        d.text(((a + b) // 2, (top + head) // 2), text, font=bold, fill=0, anchor="mm")
    for i, values in enumerate(rows):
        base = head + row * (i + 1) - px(0.08)
        for n, ((a, _b), value) in enumerate(zip(zip(xs, xs[1:]), values)):
            if n == 2 and value:
                dollars, cents_part = value.lstrip("$").split(".")
                if short_cents:
                    cents_part = cents_part.rstrip("0") or "0"
                if tall_dollars and i == 0:
                    d.text((a + px(0.1), base + px(0.08) - 3), dollars, font=_font("DejaVuSansMono.ttf", 100),
                           fill=0, anchor="ls")
                else:
                    _typed(d, dollars, a + px(0.1), base, 28)
                _typed(d, cents_part, cents + px(0.06), base, 28)
            else:
                _typed(d, value, a + px(0.1), base, 28)
    img.save(path, dpi=(DPI, DPI))
    return path


def underlined_heads_page(path: Path, *, numbered: bool = False, close: bool = False, centred: bool = False,
                          small: bool = False) -> Path:
    """A grant table with no rules but a short one under each heading, the headings set on
    stacked lines over it and apart from each other, as a typist underlines column heads;
    `TRUTH`'s grants typed under them, no rule between the rows.  `numbered`: a first column
    "GRANT NO." that no field is read from, and the date headed "DATE OF GRANT", so that the
    first line of the two reads "GRANT  DATE OF".  `close`: the rows written 0.3 in apart, a
    thin tail from each row's date down to near the next row's, as a pen trails between
    lines (no line across the rows is then blank).  `centred`: the headings set on two lines and
    on three, each centred on the middle of three ("GRANT / DATE" beside "NUMBER / OF SHARES /
    GRANTED").  `small`: the headings in small print on two lines each, abbreviated ("NO. OF
    SHS. / GRANTED"), as a fax form sets them: a heading's first line stands nearer the next
    heading's underline than a label's writing line is looked for.  Saved as a PNG at 200 dpi."""
    img, d, _bold = _titled_page()
    hf = _font("DejaVuSans-Bold.ttf", 16 if small else 26)
    pitch_h = 20 if small else 32
    heads = [["GRANT", "DATE"], ["NUMBER OF", "SHARES", "GRANTED"], ["EXERCISE", "PRICE"],
             ["NUMBER OF", "SHARES", "EXERCISED"], ["NUMBER OF SHARES", "TO BE CANCELLED"]]
    xs = [px(0.9), px(2.4), px(3.8), px(5.0), px(6.3), px(7.9)]
    if numbered:
        heads = [["GRANT", "NO."], ["DATE OF", "GRANT"], ["NO. OF SHS.", "GRANTED"], ["PRICE PER", "SHARE"],
                 ["SHS.", "EXERCISED"], ["SHS. TENDERED"]]
        xs = [px(0.5), px(1.5), px(2.8), px(4.1), px(5.3), px(6.6), px(8.1)]
    if centred:
        heads = [["GRANT", "DATE"], ["NUMBER", "OF SHARES", "GRANTED"], ["EXERCISE", "PRICE"],
                 ["NUMBER", "OF SHARES", "EXERCISED"], ["NUMBER OF SHARES", "TENDERED/TO", "BE CANCELLED"]]
    if small:
        heads = [["DATE OF", "GRANT"], ["NO. OF SHS.", "GRANTED"], ["PRICE", "PER SHARE"], ["SHS.", "EXERCISED"],
                 ["SHS.", "TENDERED"]]
    under = px(1.9)
    for (a, b), lines in zip(zip(xs, xs[1:]), heads):
        y = under - px(0.03 if small else 0.06) - pitch_h * (len(lines) if not centred else (3 + len(lines)) / 2)
        for ln in lines:
            w = hf.getlength(ln)
            d.text((int((a + b - w) / 2), y), ln, font=hf, fill=0)
            y += pitch_h
        d.line((a + px(0.05), under, b - px(0.05), under), fill=0, width=3)
    pitch = px(0.3) if close else px(0.42)
    for r, grant in enumerate(TRUTH["grants"]):
        base = under + px(0.5) + r * pitch
        for a, value in zip(xs, ([f"G-{r + 11}"] if numbered else []) + list(grant)):
            _typed(d, value, a + px(0.12), base, 30)
        if close and r + 1 < len(TRUTH["grants"]):
            x = xs[0] + px(0.12) + int(_font("DejaVuSans.ttf", 30).getlength(grant[0]))
            d.line((x + px(0.04), base + px(0.01), x - px(0.1), base + pitch - px(0.15)), fill=0, width=4)
    img.save(path, dpi=(DPI, DPI))
    return path


def one_line_heads_page(path: Path) -> Path:
    """An unruled grant table whose headings stand on one line each, two words apart ("Shares
    Exercised"), the gaps between them wider than a word's space; `TRUTH`'s grants typed
    under them, each value begun near its heading's left.  Saved as a PNG at 200 dpi."""
    img, d, _bold = _titled_page()
    hf = _font("DejaVuSans.ttf", 24)
    heads = ["Date Granted", "Shares Granted", "Option Price", "Shares Exercised", "Shares to be Cancelled"]
    x, starts = px(0.8), []
    for h in heads:
        d.text((x, px(1.6)), h, font=hf, fill=0)
        starts.append(x)
        x += int(hf.getlength(h)) + px(0.22)
    for r, grant in enumerate(TRUTH["grants"]):
        base = px(2.2) + r * px(0.42)
        for a, value in zip(starts, grant):
            _typed(d, value, a + px(0.05), base, 30)
    img.save(path, dpi=(DPI, DPI))
    return path


def shared_room_page(path: Path, *, signed: bool = True, dated: bool = True,
                     name_label: str = "Print Name / Home Address:") -> Path:
    """The signature block with labels printed as one, joined by a slash, and one room after
    each for both their fields, as medical and HR forms set "Signature / Date: ______": the
    signature and then the date and time written on one rule, the name on the first of a
    column of rules after "Print Name / Home Address:" and the address on the rules under it.
    Values typed, the signature written (`signed`), the date typed after it (`dated`), or
    from the rule's start when there is no signature.  `name_label` may say the name's and
    the address's labels' shared words once ("Option Holder Name/Address:"), or break over
    two lines at a newline.  Saved as a PNG
    at 200 dpi."""
    img, d, _bold = _titled_page()
    small = _font("DejaVuSerif.ttf", 22)
    x0, x1 = px(1.0), px(7.2)
    y = px(1.8)
    label = "Signature / Date and Time:"
    start = x0 + int(small.getlength(label)) + px(0.15)
    d.text((x0, y - 6), label, font=small, fill=0, anchor="ls")
    d.line((start, y, x1, y), fill=0, width=3)
    if signed:
        _signature(img, start, y - 6, start + px(2.2))
    if dated:
        _typed(d, TRUTH["signed_at"], start + (px(3.0) if signed else px(0.1)), y - 8, 30)
    y += px(0.8)
    label = "Soc. Sec. No.:"
    start = x0 + int(small.getlength(label)) + px(0.15)
    d.text((x0, y - 6), label, font=small, fill=0, anchor="ls")
    d.line((start, y, px(5.0), y), fill=0, width=3)
    _typed(d, TRUTH["ssn"], start + px(0.2), y - 8, 30)
    y += px(0.8)
    # (A label broken over two lines, "PRINTED NAME /" over "RESIDENCE ADDRESS:", ends
    # level with the first rule.)
    parts = name_label.split("\n")
    start = x0 + max(int(small.getlength(p)) for p in parts) + px(0.15)
    for n, part in enumerate(parts):
        d.text((x0, y - 6 - px(0.2) * (len(parts) - 1 - n)), part, font=small, fill=0, anchor="ls")
    for i, value in enumerate([TRUTH["holder_name"], *TRUTH["address"], ""]):
        d.line((start, y, px(6.5), y), fill=0, width=3)
        _typed(d, value, start + px(0.1), y - 8, 30)
        y += px(0.42)
    img.save(path, dpi=(DPI, DPI))
    return path


QUESTIONS = [("1.", ["What name should your confirmation be sent to? (Please print.)"], "holder_name"),
             ("2.", ["Please give your Social Security number:"], "ssn"),
             ("3.", ["On what date and at what time are you", "signing this election?"], "signed_at"),
             ("4.", ["Please sign below to make your election:"], "signature"),
             ("5.", ["Where do you live? (home address)"], "address")]


def questions_page(path: Path) -> Path:
    """The signature block asked as numbered questions and prompts in words of no label
    phrase, as questionnaires and intake forms ask: each question (one of them broken over two
    lines) over a rule set in from its number, the answer typed on the rule (the signature
    written; the address on two rules).  Saved as a PNG at 200 dpi."""
    img, d, bold = _titled_page()
    body = _font("DejaVuSerif.ttf", 22)
    x0, x1 = px(1.0), px(6.5)
    y = px(1.6)
    values = {"holder_name": [TRUTH["holder_name"]], "ssn": [TRUTH["ssn"]],
              "signed_at": [TRUTH["signed_at"]], "address": TRUTH["address"]}
    for number, lines, key in QUESTIONS:
        d.text((x0, y), number, font=bold, fill=0)
        qx = x0 + int(bold.getlength(number + " "))
        for line in lines:
            d.text((qx, y), line, font=body, fill=0)
            y += px(0.16)
        y += px(0.4)
        for value in values.get(key, [""]):
            d.line((qx + px(0.2), y, x1, y), fill=0, width=3)
            if key == "signature":
                _signature(img, qx + px(0.4), y - 6, qx + px(2.6))
            else:
                _typed(d, value, qx + px(0.35), y - 8, 30)
            y += px(0.42)
        y += px(0.15)
    img.save(path, dpi=(DPI, DPI))
    return path


def tick_comb_page(path: Path, *, hand_name: str = "kalam", point: bool = True) -> Path:
    """The grant table as forms read by machine print it, each cell's writing room parted
    into places by ticks rising from a rule at its foot (no rule along their tops), the date's
    six places in pairs with a small slash printed between, the price's with a point printed
    on the foot before its last two, the counts' seven; each grant's figures written one to a
    place in a hand (`hand_name`), counts from the right, no commas, no "$".  Saved as a PNG at
    200 dpi."""
    import random
    img, d, bold = _titled_page()
    x0, x1 = px(0.9), W - px(0.9)
    xs = [x0 + (x1 - x0) * i // 5 for i in range(6)]
    top, head_h, rh = px(1.3), px(0.5), px(0.42)
    for i, head in enumerate(["GRANT DATE", "SHARES GRANTED", "EXERCISE PRICE", "SHARES EXERCISED",
                              "SHARES TENDERED"]):
        w = bold.getlength(head)
        d.text((int(xs[i] + (xs[i + 1] - xs[i] - w) / 2), top + px(0.15)), head, font=bold, fill=0)
    body = top + head_h
    bottom = body + len(TRUTH["grants"]) * rh
    d.rectangle((xs[0], top, xs[-1], bottom), outline=0, width=3)
    for x in xs[1:-1]:
        d.line((x, top, x, bottom), fill=0, width=3)
    for r in range(len(TRUTH["grants"]) + 1):
        d.line((xs[0], body + r * rh, xs[-1], body + r * rh), fill=0, width=3)
    place, tick = px(0.17), px(0.11)
    small = _font("DejaVuSans.ttf", 18)
    pen = hand.Pen(hand_name, 40, 0.0, 1, 0)
    rng = random.Random(5)
    for r, row in enumerate(TRUTH["grants"]):
        foot = body + (r + 1) * rh - px(0.05)
        for c, value in enumerate(row):
            if c == 0:  # MM DD YY in pairs, a slash printed between
                m, dd, y = value.split("/")
                figures = f"{int(m):02d}{int(dd):02d}{y[-2:]}"
                starts = [xs[c] + px(0.08) + k * (2 * place + px(0.1)) for k in range(3)]
                places = [(s + j * place, s + (j + 1) * place) for s in starts for j in range(2)]
                for s in starts[1:]:
                    d.text((s - px(0.085), foot - 20), "/", font=small, fill=0)
            else:
                n = 6 if c == 2 else 7
                end = xs[c + 1] - px(0.08)
                places = [(end - (n - j) * place, end - (n - j - 1) * place) for j in range(n)]
                figures = value.replace("$", "").replace(",", "").replace(".", "")
                if c == 2 and point:
                    px_ = places[-2][0]
                    d.ellipse((px_ - 3, foot - 8, px_ + 3, foot - 2), fill=0)
            d.line((places[0][0], foot, places[-1][1], foot), fill=0, width=2)
            for a, b in places:
                d.line((a, foot - tick, a, foot), fill=0, width=2)
            d.line((places[-1][1], foot - tick, places[-1][1], foot), fill=0, width=2)
            used = places[len(places) - len(figures):] if c else places[:len(figures)]
            hand.write_boxed(img, figures, [(a, foot - px(0.3), b, foot) for a, b in used], pen, rng)
    img.save(path, dpi=(DPI, DPI))
    return path
