"""The images a reviewer sees: field crops and whole pages, found only inside the home.

Crops are served only from `HOME/crops` (PNG files), pages only from the originals
under `HOME/originals`.  Crop paths are kept relative to the home (`crops/<sha>/p01-ssn.png`); an absolute path
written by an older version is read by its part under `crops/`, so a home moved
elsewhere keeps its images.  A path that leads outside the home (by `..` or a
symbolic link) is refused.  A page is drawn from the kept original, turned and levelled
as it was for reading (`pages.rotation`, `pages.skew`), so the readings' boxes fall on it;
it is cached under `work/desk/` (scratch space).  Until its SSN is revealed, the page is
served with the SSN's place painted over.
"""
from __future__ import annotations

import io
from pathlib import Path

import sqlite_utils
from PIL import Image, ImageDraw

from intake.home import Home

LEVEL_FROM = 0.15        # the smallest skew the reading levelled (`intake.reading.page._level`)
MASK_PAD = 12            # pixels painted around the SSN's box


def inside(home: Home, path: str | Path | None, folder: Path | None = None) -> Path | None:
    """The file at `path` (relative to the home, or absolute) if it really is inside the home's
    `folder` (the whole home if none) once every `..` and symbolic link is followed."""
    if not path:
        return None
    root = home.root.resolve()
    within = (folder or home.root).resolve()
    p = Path(path)
    candidate = p if p.is_absolute() else root / p
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if real.is_relative_to(root) and real.is_relative_to(within) and real.is_file() else None


def crop_file(home: Home | None, stored: str | None) -> Path | None:
    """The crop image a field's `crop_path` names, inside the home; None if there is none."""
    if not stored or home is None or not stored.lower().endswith(".png"):
        return None
    found = inside(home, stored, home.crops)
    if found is None and "/crops/" in stored:
        found = inside(home, "crops/" + stored.rsplit("/crops/", 1)[1], home.crops)
    return found


def original_file(home: Home, db: sqlite_utils.Database, sha: str) -> Path | None:
    row = db.execute("SELECT stored_path FROM originals WHERE sha256 = ?", [sha]).fetchone()
    if row is None:
        return None
    found = inside(home, row[0], home.originals)
    if found is None and "/originals/" in row[0]:
        found = inside(home, "originals/" + row[0].rsplit("/originals/", 1)[1], home.originals)
    return found


def page_image(home: Home, db: sqlite_utils.Database, sha: str, page_no: int) -> Image.Image | None:
    """The page as the reading saw it (upright, level), from the cache or drawn from the original."""
    cache = home.work / "desk" / f"{sha}-p{page_no:03d}.png"
    if cache.is_file():
        with Image.open(cache) as im:
            return im.convert("L")
    original = original_file(home, db, sha)
    if original is None:
        return None
    # The page reader's modules (OpenCV) only when a page is drawn: the reviewer's every
    # command would wait a quarter of a second for them.
    from ocr import pages as ocr_pages
    from ocr.preprocess import rotate
    try:
        image = ocr_pages.load_page(original, page_no).image
    except Exception:       # an unreadable page has no image to show
        return None
    row = db.execute("SELECT rotation, skew FROM pages WHERE sha256 = ? AND page_no = ?", [sha, page_no]).fetchone()
    turn, skew = (int(row[0] or 0), float(row[1] or 0.0)) if row else (0, 0.0)
    level = abs(skew) >= LEVEL_FROM
    if turn in (0, 180):
        image = rotate(rotate(image, skew) if level else image, turn)
    else:
        image = rotate(rotate(image, turn), skew) if level else rotate(image, turn)
    cache.parent.mkdir(parents=True, exist_ok=True)
    image.save(cache)
    return image


def masked(image: Image.Image, boxes: list[tuple[int, int, int, int]]) -> Image.Image:
    """A copy with each box painted over (the SSN's place before a reveal)."""
    out = image.convert("L").copy()
    draw = ImageDraw.Draw(out)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle((x0 - MASK_PAD, y0 - MASK_PAD, x1 + MASK_PAD, y1 + MASK_PAD), fill=96)
    return out


def png(image: Image.Image, width: int | None = None) -> bytes:
    if width and image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    return buf.getvalue()
