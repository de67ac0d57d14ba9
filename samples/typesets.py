"""Typesets: ways the same form text is set on the page, and the blank pages they make.

A typeset fixes the body font, size, margins, leading, table style, checkbox style and
where page 1 breaks. ``render_*`` functions draw blank pages (greyscale, ``RENDER_DPI``)
and return anchors: where each box, table cell and signature-block line is, so the
fill-in step knows where to write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from samples import content as C

RENDER_DPI = 200
PAGE_W, PAGE_H = int(8.5 * RENDER_DPI), int(11 * RENDER_DPI)
DEJAVU = "/usr/share/fonts/truetype/dejavu/"


@dataclass(frozen=True)
class Typeset:
    name: str
    font: str
    bold: str
    size_pt: float
    margin_in: float
    top_in: float
    leading: float  # line height as a multiple of the font size
    table_style: str  # grid | rules | underscores
    checkbox: str  # square | text
    rows: int  # rows in the Election Form's grant table
    split_tender: bool  # page 1 ends inside the tender sentence, as in the original
    justify: bool = False
    indent_in: float = 0.5
    title_scale: float = 1.25


TYPESETS: dict[str, Typeset] = {
    t.name: t
    for t in (
        Typeset("classic", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", 10.5, 1.0, 0.9,
                1.32, "grid", "text", 3, True, justify=True),
        Typeset("modern", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", 9.5, 0.85, 0.75,
                1.45, "rules", "square", 4, False),
        Typeset("compact", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", 9.0,
                0.7, 0.6, 1.3, "underscores", "square", 5, False, indent_in=0.3,
                title_scale=1.15),
        Typeset("edgar", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", 9.0, 0.9, 0.7,
                1.25, "underscores", "text", 3, True, indent_in=0.6, title_scale=1.0),
        Typeset("legal", "DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf", 11.0,
                1.1, 1.0, 1.38, "grid", "square", 4, False, justify=True, indent_in=0.75),
    )
}
# Never used to tune the reading code; kept aside to test it on an unseen layout.
HELD_OUT_TYPESETS: tuple[str, ...] = ("legal",)


def px(inches: float) -> int:
    return int(round(inches * RENDER_DPI))


@lru_cache(maxsize=64)
def font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    path = name if "/" in name else DEJAVU + name
    return ImageFont.truetype(path, size_px)


class Canvas:
    """One page being set: a cursor that flows text between the margins."""

    def __init__(self, ts: Typeset, scale: float = 1.0):
        self.ts = ts
        self.img = Image.new("L", (PAGE_W, PAGE_H), 255)
        self.d = ImageDraw.Draw(self.img)
        self.size = int(round(ts.size_pt * scale * RENDER_DPI / 72))
        self.f = font(ts.font, self.size)
        self.fb = font(ts.bold, self.size)
        self.lh = int(self.size * ts.leading)
        self.x0 = px(ts.margin_in)
        self.x1 = PAGE_W - px(ts.margin_in)
        self.y = px(ts.top_in)
        self.bottom = PAGE_H - px(0.75)

    # -- text -------------------------------------------------------------------
    def wrap(self, text: str, width: int, f=None) -> list[str]:
        f = f or self.f
        lines, cur = [], ""
        for word in text.split():
            trial = f"{cur} {word}" if cur else word
            if f.getlength(trial) <= width or not cur:
                cur = trial
            else:
                lines.append(cur)
                cur = word
        if cur:
            lines.append(cur)
        return lines

    def line(self, text: str, x: int, f=None, justify_to: int | None = None):
        f = f or self.f
        if justify_to and " " in text:
            words = text.split()
            gap = (justify_to - x - sum(f.getlength(w) for w in words)) / (len(words) - 1)
            cx = float(x)
            for w in words:
                self.d.text((int(cx), self.y), w, font=f, fill=0)
                cx += f.getlength(w) + gap
        else:
            self.d.text((x, self.y), text, font=f, fill=0)
        self.y += self.lh

    def para(self, text: str, indent: int = 0, left: int | None = None, f=None,
             gap: float = 0.8):
        left = self.x0 if left is None else left
        f = f or self.f
        words = self.wrap(text, self.x1 - left - indent, f)
        # re-wrap after the first line with full width
        first = words[0] if words else ""
        rest = self.wrap(text[len(first):].strip(), self.x1 - left, f) if words else []
        all_lines = [first] + rest
        for i, ln in enumerate(all_lines):
            last = i == len(all_lines) - 1
            x = left + (indent if i == 0 else 0)
            self.line(ln, x, f, self.x1 if (self.ts.justify and not last) else None)
        self.y += int(self.lh * gap)

    def center(self, text: str, f=None, gap: float = 0.0):
        f = f or self.f
        for ln in self.wrap(text, self.x1 - self.x0, f):
            w = f.getlength(ln)
            self.d.text((int((PAGE_W - w) / 2), self.y), ln, font=f, fill=0)
            self.y += int(f.size * self.ts.leading)
        self.y += int(self.lh * gap)

    def box(self, x: int, y: int) -> tuple[int, int, int, int]:
        """Draw the checkbox with its top-left at (x, y); return its bbox."""
        s = int(self.size * 1.05)
        if self.ts.checkbox == "square":
            bb = (x, y + 2, x + s, y + 2 + s)
            self.d.rectangle(bb, outline=0, width=max(2, self.size // 14))
            return bb
        self.d.text((x, y), "[ ]", font=self.f, fill=0)
        w = int(self.f.getlength("[ ]"))
        return (x, y, x + w, y + int(self.size * 1.2))

    def checkbox_para(self, text: str, split: str | None = None):
        """A checkbox and its sentence; returns the box bbox and any text left over."""
        bb = self.box(self.x0, self.y)
        left = self.x0 + px(0.6)
        head, tail = (split, text[len(split):].strip()) if split else (text, "")
        for ln in self.wrap(head, self.x1 - left):
            self.line(ln, left)
        self.y += int(self.lh * 0.8)
        return bb, tail

    def hline(self, x0: int, x1: int, y: int, w: int = 2):
        self.d.line((x0, y, x1, y), fill=0, width=w)

    def page_number(self, n: int):
        t = str(n)
        self.d.text((int((PAGE_W - self.f.getlength(t)) / 2), PAGE_H - px(0.6)), t,
                    font=self.f, fill=0)

    def overflow(self) -> bool:
        return self.y > self.bottom


# -- shared pieces ---------------------------------------------------------------
def grant_table(cv: Canvas, rows: int, row_h: float = 0.42) -> dict:
    """Draw the five-column grant table; return anchors ``cell:r:c`` -> bbox."""
    ts = cv.ts
    widths = [1.0, 1.0, 0.85, 1.0, 1.25]
    total = cv.x1 - cv.x0
    xs = [cv.x0]
    for w in widths:
        xs.append(xs[-1] + int(total * w / sum(widths)))
    hf = cv.fb if ts.table_style != "underscores" else cv.f
    head_lines = [cv.wrap(h, xs[i + 1] - xs[i] - px(0.12), hf)
                  for i, h in enumerate(C.TABLE_HEADINGS)]
    nlines = max(len(h) for h in head_lines)
    top = cv.y
    head_h = nlines * int(hf.size * 1.2) + px(0.12)
    for i, lines in enumerate(head_lines):
        y = top + px(0.06) + (nlines - len(lines)) * int(hf.size * 1.2)
        for ln in lines:
            w = hf.getlength(ln)
            x = xs[i] + (xs[i + 1] - xs[i] - w) / 2 if ts.table_style != "underscores" \
                else xs[i] + px(0.05)
            cv.d.text((int(x), y), ln, font=hf, fill=0)
            y += int(hf.size * 1.2)
    rh = px(row_h)
    body_top = top + head_h
    bottom = body_top + rows * rh
    anchors = {}
    lw = max(3, cv.size // 12)
    if ts.table_style == "grid":
        cv.d.rectangle((xs[0], top, xs[-1], bottom), outline=0, width=lw)
        for x in xs[1:-1]:
            cv.d.line((x, top, x, bottom), fill=0, width=lw)
        for r in range(rows + 1):
            cv.hline(xs[0], xs[-1], body_top + r * rh, lw + (1 if r == 0 else 0))
    elif ts.table_style == "rules":
        cv.hline(xs[0], xs[-1], top - px(0.03), lw)
        for r in range(rows + 1):
            cv.hline(xs[0], xs[-1], body_top + r * rh, lw + (2 if r == 0 else 0))
    for r in range(rows):
        for c in range(5):
            y0, y1 = body_top + r * rh, body_top + (r + 1) * rh
            wy1 = y1 - px(0.03)
            if ts.table_style == "underscores":
                yb = y1 - px(0.06)
                if ts.font.startswith("DejaVuSansMono"):
                    cv.d.text((xs[c] + px(0.05), yb - cv.size), "=========", font=cv.f,
                              fill=0)
                    wy1 = yb - cv.size
                else:
                    cv.hline(xs[c] + px(0.05), xs[c + 1] - px(0.15), yb, lw)
                    wy1 = yb - 3
            anchors[f"cell:{r}:{c}"] = (xs[c] + px(0.04), y0 + px(0.03),
                                        xs[c + 1] - px(0.04), wy1)
    cv.y = bottom + cv.lh
    return anchors


def sig_line(cv: Canvas, x0: int, x1: int, y: int, label: str, key: str,
             anchors: dict, label_font=None):
    cv.hline(x0, x1, y, max(3, cv.size // 12))
    cv.d.text((x0, y + px(0.03)), label, font=label_font or cv.f, fill=0)
    anchors[f"line:{key}"] = (x0, y - px(0.34), x1, y)


def signature_block(cv: Canvas, address: bool = True) -> dict:
    a: dict = {}
    mid = cv.x0 + int((cv.x1 - cv.x0) * 0.56)
    gap = px(0.55)
    y = cv.y + gap
    sig_line(cv, cv.x0, mid - px(0.4), y, C.LABEL_SIGNATURE, "signature", a)
    sig_line(cv, mid, cv.x1, y, C.LABEL_SSN, "ssn", a)
    y += gap + cv.lh
    sig_line(cv, cv.x0, mid - px(0.4), y, C.LABEL_NAME, "name", a)
    sig_line(cv, mid, cv.x1, y, C.LABEL_DATETIME, "datetime", a)
    if address:
        for i in range(3):
            y += px(0.42) if i else gap + cv.lh
            cv.hline(cv.x0, mid - px(0.4), y, max(3, cv.size // 12))
            a[f"line:addr{i + 1}"] = (cv.x0, y - px(0.34), mid - px(0.4), y)
        cv.d.text((cv.x0, y + px(0.03)), C.LABEL_ADDRESS, font=cv.f, fill=0)
    cv.y = y + cv.lh * 2
    return a


def return_block(cv: Canvas, fc: C.FormContent):
    for ln in fc.return_lines:
        cv.center(ln, cv.fb)
    cv.y += cv.lh
    cv.center(fc.confirm_line, cv.f)


# -- pages -----------------------------------------------------------------------
def _title(cv: Canvas, lines: list[str]):
    tf = font(cv.ts.bold, int(cv.size * cv.ts.title_scale))
    cv.d.text((cv.x0, cv.y), lines[0], font=cv.f, fill=0)  # EXHIBIT (a)(2)
    cv.y += cv.lh * 2
    for ln in lines[1:]:
        cv.center(ln, tf)
    cv.y += cv.lh


def _election_pages(ts: Typeset, scale: float):
    fc = C.parse_form()
    pages, anchors = [], {}
    # page 1
    cv = Canvas(ts, scale)
    _title(cv, fc.title)
    for b in fc.intro:
        cv.para(b.text, indent=px(ts.indent_in))
    bb, tail = cv.checkbox_para(fc.tender_text, fc.tender_split if ts.split_tender else None)
    anchors["box:tender"] = (0, bb)
    cv.page_number(1)
    pages.append(cv)
    # page 2
    cv = Canvas(ts, scale)
    if tail:
        for ln in cv.wrap(tail, cv.x1 - cv.x0 - px(0.6)):
            cv.line(ln, cv.x0 + px(0.6))
        cv.y += cv.lh
    for k, v in grant_table(cv, ts.rows).items():
        anchors[k] = (1, v)
    bb, _ = cv.checkbox_para(fc.additional_text)
    anchors["box:additional"] = (1, bb)
    cv.para(fc.cancel_note)
    for k, v in signature_block(cv).items():
        anchors[k] = (1, v)
    return_block(cv, fc)
    cv.page_number(2)
    pages.append(cv)
    # pages 3-6
    for n, blocks in enumerate(fc.instructions, start=3):
        cv = Canvas(ts, scale)
        for b in blocks:
            if b.kind == "center":
                cv.center(b.text, cv.fb, gap=0.6)
            elif b.kind == "heading":
                cv.d.text((cv.x0, cv.y), b.text, font=cv.fb, fill=0)
                cv.y += int(cv.lh * 1.6)
            elif b.kind == "bullet":
                cv.d.text((cv.x0 + px(0.3), cv.y), "\u2013", font=cv.f, fill=0)
                cv.para(b.text, left=cv.x0 + px(0.6), gap=0.3)
            else:
                cv.para(b.text, indent=px(ts.indent_in))
        cv.page_number(n)
        pages.append(cv)
    return pages, anchors


@lru_cache(maxsize=16)
def election_form(ts_name: str):
    """Blank Election Form: six greyscale pages and the anchors (page index, bbox)."""
    ts = TYPESETS[ts_name]
    scale = 1.0
    while True:
        pages, anchors = _election_pages(ts, scale)
        if not any(p.overflow() for p in pages) or scale < 0.7:
            return [p.img for p in pages], anchors
        scale *= 0.95


@lru_cache(maxsize=16)
def change_notice(ts_name: str):
    ts = TYPESETS[ts_name]
    cv = Canvas(ts)
    fc = C.parse_form()
    tf = font(ts.bold, int(cv.size * ts.title_scale))
    cv.y += cv.lh
    cv.center(C.COMPANY, tf)
    cv.center("OFFER TO EXCHANGE OPTIONS", tf)
    cv.y += cv.lh
    cv.center(C.NOTICE_TITLE, tf, gap=2)
    for p in C.NOTICE_PARAS:
        cv.para(p, indent=px(ts.indent_in))
    cv.y += cv.lh
    anchors = {k: (0, v) for k, v in signature_block(cv, address=False).items()}
    cv.y += cv.lh * 2
    return_block(cv, fc)
    return [cv.img], anchors


@lru_cache(maxsize=16)
def additional_sheet(ts_name: str, rows: int = 6):
    ts = TYPESETS[ts_name]
    cv = Canvas(ts)
    tf = font(ts.bold, int(cv.size * ts.title_scale))
    cv.y += cv.lh
    cv.center(C.ADDITIONAL_TITLE, tf)
    cv.center(C.COMPANY + " \u2013 OFFER TO EXCHANGE OPTIONS", cv.f, gap=1.5)
    cv.para(C.ADDITIONAL_PARA)
    anchors: dict = {}
    y = cv.y + px(0.5)
    sig_line(cv, cv.x0, cv.x0 + px(3.6), y, C.LABEL_NAME, "name", anchors)
    cv.y = y + cv.lh * 3
    anchors.update(grant_table(cv, rows, row_h=0.45))
    y = cv.y + px(0.6)
    sig_line(cv, cv.x0, cv.x0 + px(3.2), y, C.LABEL_SIGNATURE, "signature", anchors)
    sig_line(cv, cv.x0 + px(3.8), cv.x1, y, C.LABEL_DATETIME, "datetime", anchors)
    return [cv.img], {k: (0, v) for k, v in anchors.items()}


def cover_sheet(fontname: str, boldname: str):
    """A fax cover sheet form (the sender's own); anchors for the values."""
    ts = Typeset("cover", fontname, boldname, 12, 1.0, 1.0, 1.5, "rules", "square", 0,
                 False)
    cv = Canvas(ts)
    big = font(boldname, px(0.6))
    cv.d.text((cv.x0, cv.y), "FAX", font=big, fill=0)
    cv.y += px(0.9)
    cv.hline(cv.x0, cv.x1, cv.y, 6)
    cv.y += px(0.4)
    anchors = {}
    for label in ("Date:", "To:", "Company:", "Fax number:", "From:", "Phone:",
                  "Pages:", "Re:"):
        cv.d.text((cv.x0, cv.y), label, font=cv.fb, fill=0)
        x = cv.x0 + px(1.6)
        yl = cv.y + int(cv.size * 1.15)
        cv.hline(x, cv.x1, yl, 1)
        anchors[label.rstrip(":").lower()] = (0, (x + px(0.05), yl - px(0.34), cv.x1, yl))
        cv.y += px(0.5)
    cv.y += px(0.3)
    cv.d.text((cv.x0, cv.y), "Message:", font=cv.fb, fill=0)
    anchors["message"] = (0, (cv.x0, cv.y + px(0.25), cv.x1, cv.y + px(2.5)))
    cv.y += px(3.0)
    cv.center("CONFIDENTIAL: this facsimile is intended only for the addressee.", cv.f)
    return [cv.img], anchors
