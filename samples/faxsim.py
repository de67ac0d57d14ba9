"""Sending pages through a fax (or a scanner), and saving what the receiver gets.

Pages arrive as greyscale images at ``RENDER_DPI``. ``turn`` turns a page a quarter,
half or three quarters round, as pages are fed or photographed. A fax channel skews a
page as the sender's feeder does, may turn it upside down, prints the sender's header line
at the top, resamples to 1728 pixels wide at 196 (fine) or 98 (normal) lines per inch,
binarises (threshold or dither) and adds noise and streaks. A scan channel keeps grey or
colour and saves as JPEG. A phone channel photographs the page on a table: perspective,
uneven light and shadow, blur, JPEG. The ``save_*`` functions write TIFF G3/G4,
image-only PDF and JPEG with correct resolution tags.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples.typesets import PAGE_H, RENDER_DPI

FAX_WIDTH = 1728
HEADER_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MON = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


@dataclass
class Channel:
    name: str  # fax-fine | fax-normal | scan-grey | scan-colour
    dpi: tuple[int, int]

    @property
    def is_fax(self) -> bool:
        return self.name.startswith("fax")


FAX_FINE = Channel("fax-fine", (204, 196))
FAX_NORMAL = Channel("fax-normal", (204, 98))


def scan_channel(colour: bool, dpi: int) -> Channel:
    return Channel("scan-colour" if colour else "scan-grey", (dpi, dpi))


@dataclass
class Sender:
    """The sending fax machine: its number, station name (TSI), clock and header style."""

    number: str
    name: str
    style: int
    clock_skew_s: int

    @classmethod
    def random(cls, rng: random.Random, name: str) -> "Sender":
        number = f"603 555 {rng.randint(100, 9999):04d}" if rng.random() < 0.8 else \
            f"978 555 {rng.randint(100, 9999):04d}"
        return cls(number, name, rng.randrange(4), rng.randint(-600, 300))

    @property
    def tsi(self) -> str:
        return f"{self.number} {self.name}".strip()

    def header(self, sent: datetime, page: int, total: int) -> str:
        t = sent
        if self.style == 0:
            return (f"{MON[t.month - 1]}-{t.day:02d}-{t.year} {t:%H:%M}  FROM: {self.number}"
                    f"  {self.name}  P.{page:02d}/{total:02d}")
        if self.style == 1:
            return (f"{t:%m/%d/%Y %H:%M}  {self.number.replace(' ', '')}  {self.name}"
                    f"  PAGE {page:02d} OF {total:02d}")
        if self.style == 2:
            h = t.hour % 12 or 12
            return (f"{t:%b %d %y} {h:02d}:{t:%M}{'a' if t.hour < 12 else 'p'}  {self.name}"
                    f"  {self.number}  p.{page}")
        return f"{self.name}   {self.number}   {t:%d-%b-%Y %H:%M}   #{page}/{total}"


def _skew(page: Image.Image, deg: float) -> Image.Image:
    if abs(deg) < 0.01:
        return page
    return page.rotate(deg, resample=Image.BICUBIC, fillcolor=255)


def _header(page: Image.Image, text: str, rng: random.Random) -> None:
    f = ImageFont.truetype(HEADER_FONT, rng.randint(22, 28))
    d = ImageDraw.Draw(page)
    d.rectangle((0, 0, page.width, 40), fill=255)
    d.text((rng.randint(20, 120), rng.randint(4, 10)), text, font=f, fill=0)


def _noise(a: np.ndarray, rng: random.Random) -> np.ndarray:
    """Salt-and-pepper, and sometimes streaks, on a 0/255 uint8 array."""
    nr = np.random.default_rng(rng.getrandbits(32))
    p = rng.uniform(0.0002, 0.0025)
    a[nr.random(a.shape) < p] = 0
    a[nr.random(a.shape) < p / 2] = 255
    if rng.random() < 0.25:  # a dirty scanner glass: vertical streak
        x = rng.randrange(a.shape[1] - 4)
        y0 = rng.randrange(a.shape[0] // 2)
        a[y0:, x:x + rng.randint(1, 3)] = 0
    if rng.random() < 0.25:  # line errors: rows lost or smeared
        for _ in range(rng.randint(1, 4)):
            y = rng.randrange(60, a.shape[0] - 5)
            h = rng.randint(1, 4)
            if rng.random() < 0.5:
                a[y:y + h] = 255
            else:
                a[y:y + h] = a[y - 1]
    return a


def fax_page(page: Image.Image, rng: random.Random, ch: Channel, *, skew: float,
             upside_down: bool, header: str, dither: bool, threshold: int) -> Image.Image:
    """One page through a fax: returns a mode '1' image at the channel's resolution."""
    img = page.rotate(180) if upside_down else page
    img = _skew(img, skew)
    a = np.asarray(img, dtype=np.uint8)
    if rng.random() < 0.5:
        a = cv2.GaussianBlur(a, (0, 0), rng.uniform(0.4, 1.0))
    img = Image.fromarray(a)
    _header(img, header, rng)
    h = round(PAGE_H / RENDER_DPI * ch.dpi[1])
    if img.width > img.height:  # a page turned sideways is fitted to the fax's width
        h = round(img.height * FAX_WIDTH / img.width * ch.dpi[1] / ch.dpi[0])
    img = img.resize((FAX_WIDTH, h), Image.BOX if ch.dpi[1] < 150 else Image.LANCZOS)
    if dither:
        bw = img.convert("1")  # Floyd-Steinberg
        a = np.asarray(bw.convert("L"), dtype=np.uint8).copy()
    else:
        a = np.where(np.asarray(img) < threshold, 0, 255).astype(np.uint8)
    a = _noise(a, rng)
    return Image.fromarray(a).convert("1", dither=Image.Dither.NONE)


def scan_page(page: Image.Image, rng: random.Random, ch: Channel, *, skew: float,
              upside_down: bool) -> Image.Image:
    img = page.rotate(180) if upside_down else page
    img = _skew(img, skew)
    w = round(img.width / RENDER_DPI * ch.dpi[0])
    h = round(img.height / RENDER_DPI * ch.dpi[1])
    img = img.resize((w, h), Image.LANCZOS)
    nr = np.random.default_rng(rng.getrandbits(32))
    a = np.asarray(img, dtype=np.float32)
    paper = rng.uniform(228, 250)
    a = a / 255.0 * (paper - 25) + 25 + nr.normal(0, rng.uniform(2, 6), a.shape)
    a = np.clip(a, 0, 255).astype(np.uint8)
    if ch.name == "scan-colour":
        tint = np.array([1.0, rng.uniform(0.97, 1.0), rng.uniform(0.88, 0.96)])
        rgb = np.clip(a[..., None] * tint, 0, 255).astype(np.uint8)
        return Image.fromarray(rgb, "RGB")
    return Image.fromarray(a, "L")


_TURNS = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180,
          270: Image.Transpose.ROTATE_90}


def turn(page: Image.Image, degrees: int) -> Image.Image:
    """The page turned ``degrees`` (0, 90, 180, 270) clockwise."""
    return page.transpose(_TURNS[degrees]) if degrees else page


PHONE = Channel("phone", (0, 0))


def phone_page(page: Image.Image, rng: random.Random, *, dpi: int,
               skew: float) -> Image.Image:
    """A phone's photograph of the page lying on a table: an RGB image at about ``dpi``.

    The page is tilted in perspective (corners moved up to 4 % of its size), lit
    unevenly (a gradient across it and a soft shadow of the phone or a hand), slightly
    out of focus, with sensor noise; the table shows round it."""
    w = round(page.width / RENDER_DPI * dpi)
    h = round(page.height / RENDER_DPI * dpi)
    img = _skew(page, skew).resize((w, h), Image.LANCZOS)
    nr = np.random.default_rng(rng.getrandbits(32))
    m = int(max(w, h) * rng.uniform(0.03, 0.08))
    W, H = w + 2 * m, h + 2 * m
    table = np.array([rng.uniform(40, 140), rng.uniform(35, 120), rng.uniform(30, 100)])
    canvas = np.ones((H, W, 3), np.float32) * table + nr.normal(0, 6, (H, W, 3))
    paper = np.array([rng.uniform(235, 252), rng.uniform(230, 250), rng.uniform(215, 245)])
    a = np.asarray(img, np.float32)[..., None] / 255.0
    canvas[m:m + h, m:m + w] = a * paper + (1 - a) * rng.uniform(20, 45)
    src = np.float32([[m, m], [m + w, m], [m + w, m + h], [m, m + h]])
    j = 0.04 * min(w, h)
    dst = src + np.float32([[rng.uniform(-j, j), rng.uniform(-j, j)] for _ in range(4)])
    M = cv2.getPerspectiveTransform(src, dst)
    canvas = cv2.warpPerspective(canvas, M, (W, H), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_REPLICATE)
    # uneven light: a gradient in a random direction, and a soft dark blob (a shadow)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    g = (np.cos(ang) * xx / W + np.sin(ang) * yy / H)
    g = (g - g.min()) / max(1e-6, g.max() - g.min())
    light = 1.0 - rng.uniform(0.15, 0.4) * g
    cx, cy = rng.uniform(0, W), rng.uniform(0, H)
    r = rng.uniform(0.25, 0.5) * max(W, H)
    light *= 1.0 - rng.uniform(0.1, 0.35) * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / r ** 2)
    canvas *= light[..., None]
    canvas = cv2.GaussianBlur(canvas, (0, 0), rng.uniform(0.5, 1.3))
    canvas += nr.normal(0, rng.uniform(2, 5), canvas.shape)
    return Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8), "RGB")


def save_tiff(pages: list[Image.Image], path: Path, *, compression: str,
              dpi: tuple[int, int], received_local: datetime | None, tsi: str) -> None:
    info = {270: tsi}
    if received_local is not None:
        info[306] = received_local.strftime("%Y:%m:%d %H:%M:%S")
    pages[0].save(path, format="TIFF", compression=compression, dpi=dpi, tiffinfo=info,
                  save_all=True, append_images=pages[1:])


def save_pdf(pages: list[Image.Image], path: Path, *, dpi: tuple[int, int],
             made: datetime | None = None, quality: int | None = None,
             title: str = "Fax") -> None:
    """An image-only PDF (CCITT for bilevel pages, JPEG for grey or colour ones), dated
    ``made`` so that the same seed gives the same bytes."""
    stamp = None if made is None else made.timetuple()
    extra = {} if made is None else {"creationDate": stamp, "modDate": stamp}
    if quality is not None:
        extra["quality"] = quality
    pages[0].save(path, format="PDF", dpi=dpi, save_all=True, append_images=pages[1:],
                  title=title, producer="samples.faxsim", **extra)


def save_jpeg(page: Image.Image, path: Path, *, dpi: int, quality: int) -> None:
    page.save(path, format="JPEG", dpi=(dpi, dpi), quality=quality)
