"""Turn a received file (TIFF fax, PDF, PNG, JPEG, BMP, GIF) into grey page images.

`inspect` reads headers only; `load_page` decodes one page, so that worker processes can
each load their own; `iter_pages` walks them all. Every page comes out as an 8-bit grey
("L") image with square pixels and a resolution, estimated when the file does not say.
Bad files raise `UnreadableFile`, `EncryptedPdf` or `LimitExceeded` with a one-line
message naming the file, before anything large is decoded.
"""

from __future__ import annotations

import logging
import math
import re
import struct
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from ocr import native_log, poppler
from ocr.errors import LimitExceeded, UnreadableFile
from ocr.preprocess import two_levels

log = logging.getLogger(__name__)
native_log.route_libtiff_messages()   # libtiff's own messages to the log, not the terminal

PDF_RENDER_DPI = 200
SQUARE_TOLERANCE = 0.05  # x/y resolutions within 5% count as square (204x196 fax "fine")
MIN_PLAUSIBLE_DPI = 50  # Pillow reports (1, 1) or 72-ish when the tags are missing
MAX_PLAUSIBLE_DPI = 4800
MAX_PLAUSIBLE_WIDTH_IN = 17.0  # wider than tabloid/A3 at the tagged dpi: the tag is nonsense
FAX_WIDTHS = (1728, 2048, 2432)  # A4, B4, A3 at 8.04 pels/mm
FAX_DPI = 204.0
LETTER_WIDTH_IN = 8.5

_MAGIC = (
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),  # BigTIFF
    (b"MM\x00+", "tiff"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)
_PILLOW_FORMATS = {"tiff": ["TIFF"], "png": ["PNG"], "jpeg": ["JPEG", "MPO"], "gif": ["GIF"], "bmp": ["BMP", "DIB"]}
_PHOTOMETRIC = {0: "min-is-white", 1: "min-is-black", 2: "rgb", 3: "palette", 4: "mask", 5: "separated", 6: "ycbcr"}
# What Pillow raises on damaged files, besides DecompressionBombError.
_PIL_ERRORS = (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, ZeroDivisionError, struct.error)
_TIFF_TAGS = {
    "datetime": 306,
    "image_description": 270,
    "software": 305,
    "document_name": 269,
    "artist": 315,
    "make": 271,
    "model": 272,
}


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50_000_000
    max_pages: int = 60
    max_pixels: int = 60_000_000  # per page, as declared and after squaring


@dataclass
class FileInfo:
    kind: str  # "tiff" | "pdf" | "png" | "jpeg" | "bmp" | "gif"
    page_count: int
    tags: dict = field(default_factory=dict)  # TIFF tags of page 1, or PDF producer/creator/creation_date
    pages: list[dict] = field(default_factory=list)  # size (w, h), dpi (x, y) | None, compression, photometric


@dataclass
class Page:
    number: int  # 1-based page number in the file
    image: Image.Image  # mode "L", square pixels
    dpi: float  # the square resolution of `image` (estimated when the file does not say)
    dpi_known: bool
    source_size: tuple[int, int]  # pixels as decoded, before orientation and squaring
    source_dpi: tuple[float, float] | None  # as the file states it; None when absent or nonsense


# --- public API ------------------------------------------------------------------------


def inspect(path: str | Path, limits: Limits = Limits()) -> FileInfo:
    """Read a file's kind, page count, tags and per-page geometry without decoding pixels."""
    path = Path(path)
    kind = _preflight(path, limits)
    if kind == "pdf":
        return _inspect_pdf(path, limits)
    with _open_image(path, kind) as im:
        count = _frame_count(im, path, kind, limits)
        pages = []
        for number in range(1, count + 1):
            _seek(im, number, path, limits)
            _check_pixels(im.size, path, number, limits)
            pages.append(_raster_page_info(im, kind))
        im.seek(0)
        tags = _tiff_tags(im) if kind == "tiff" else {}
    return FileInfo(kind=kind, page_count=count, tags=tags, pages=pages)


def load_page(path: str | Path, number: int, limits: Limits = Limits()) -> Page:
    """Decode page `number` (1-based) as a grey, square-pixel `Page`."""
    path = Path(path)
    kind = _preflight(path, limits)
    if kind == "pdf":
        return _load_pdf_page(path, number, limits)
    if kind != "tiff" and number != 1:
        raise UnreadableFile(f"{path.name} has no page {number}: a {kind.upper()} file has one.", path=path, page=number)
    with _open_image(path, kind) as im:
        _seek(im, number, path, limits)
        _check_pixels(im.size, path, number, limits)
        source_size = im.size
        raw_dpi = im.info.get("dpi")
        try:
            im.load()
            image = _upright(im)
        except (*_PIL_ERRORS, EOFError) as exc:
            raise _corrupt_page(path, number, exc) from exc
        if _quarter_turned(im):
            raw_dpi = raw_dpi[::-1] if raw_dpi else raw_dpi
        grey = _to_grey(image)
    return _square_page(grey, number, _plausible_dpi(raw_dpi, grey.width), source_size, path, limits)


def iter_pages(path: str | Path, limits: Limits = Limits()) -> Iterator[Page]:
    """Yield every page of the file in order (checking the whole file's limits first)."""
    info = inspect(path, limits)
    for number in range(1, info.page_count + 1):
        yield load_page(path, number, limits)


# --- checks before decoding -----------------------------------------------------------


def _preflight(path: Path, limits: Limits) -> str:
    """Check the file exists, is not empty or too big, and return its kind from its magic bytes."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableFile(f"{path.name} cannot be opened ({exc.strerror or exc}).", path=path) from exc
    if size == 0:
        raise UnreadableFile(f"{path.name} is empty (0 bytes).", path=path)
    if size > limits.max_bytes:
        raise LimitExceeded(
            f"{path.name} is {size:,} bytes, more than the limit of {limits.max_bytes:,}.", path=path
        )
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head:  # the spec tolerates junk before the header
        return "pdf"
    raise UnreadableFile(f"{path.name} is not a TIFF, PDF, PNG, JPEG, GIF or BMP file.", path=path)


def _check_pixels(size: tuple[int, int], path: Path, number: int, limits: Limits) -> None:
    w, h = size
    if w <= 0 or h <= 0:
        raise UnreadableFile(f"Page {number} of {path.name} declares an empty size {w}x{h}.", path=path, page=number)
    if w * h > limits.max_pixels:
        raise LimitExceeded(
            f"Page {number} of {path.name} is {w}x{h} pixels, more than the limit of {limits.max_pixels:,}.",
            path=path,
            page=number,
        )


def _check_pages(count: int, path: Path, limits: Limits) -> None:
    if count > limits.max_pages:
        raise LimitExceeded(f"{path.name} has {count} pages, more than the limit of {limits.max_pages}.", path=path)
    if count < 1:
        raise UnreadableFile(f"{path.name} has no pages.", path=path)


# --- raster files (Pillow) -----------------------------------------------------------------


@contextmanager
def _open_image(path: Path, kind: str):
    """Open lazily with Pillow (headers only), turning its errors into ours.

    Pillow's own bomb check (Image.MAX_IMAGE_PIXELS) stays as the caller set it; our
    tighter `Limits.max_pixels` is checked before each page is decoded. Pillow's
    warnings about damaged files are logged, not shown.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            im = Image.open(path, formats=_PILLOW_FORMATS[kind])
        except Image.DecompressionBombError as exc:
            declared = re.search(r"\((\d+) pixels\)", str(exc))
            amount = f"{int(declared[1]):,} pixels" if declared else "too many pixels"
            raise LimitExceeded(f"{path.name} declares {amount}, a likely decompression bomb.", path=path) from exc
        except UnidentifiedImageError as exc:
            raise UnreadableFile(f"{path.name} is not a readable {kind.upper()} image.", path=path) from exc
        except (EOFError, *_PIL_ERRORS) as exc:
            raise UnreadableFile(f"{path.name} is not a readable {kind.upper()} image ({exc}).", path=path) from exc
        try:
            yield im
        finally:
            im.close()
            for w in caught:
                if not issubclass(w.category, Image.DecompressionBombWarning):
                    log.info("%s: %s", path.name, w.message)   # to the log, not the terminal


def _frame_count(im: Image.Image, path: Path, kind: str, limits: Limits) -> int:
    """Pages = TIFF directories, walked one by one; never the PageNumber tag. Others have one.

    A directory that cannot be read raises `UnreadableFile` naming that page.
    """
    if kind != "tiff":
        return 1
    count = 0
    while True:
        try:
            im.seek(count)
        except EOFError:
            break
        except _PIL_ERRORS as exc:
            raise _corrupt_page(path, count + 1, exc) from exc
        count += 1
        if count > limits.max_pages:
            raise LimitExceeded(f"{path.name} has more than {limits.max_pages} pages, the limit.", path=path)
    _check_pages(count, path, limits)
    return count


def _seek(im: Image.Image, number: int, path: Path, limits: Limits) -> None:
    """Go to page `number` (1-based) without reading the directories that follow it."""
    if number > limits.max_pages:
        raise LimitExceeded(f"{path.name}: page {number} is beyond the limit of {limits.max_pages} pages.", path=path)
    if number < 1:
        raise UnreadableFile(f"{path.name} has no page {number}.", path=path, page=number)
    try:
        im.seek(number - 1)
    except EOFError as exc:
        raise UnreadableFile(f"{path.name} has no page {number}.", path=path, page=number) from exc
    except _PIL_ERRORS as exc:
        raise _corrupt_page(path, number, exc) from exc


def _corrupt_page(path: Path, number: int, exc: BaseException) -> UnreadableFile:
    return UnreadableFile(
        f"Page {number} of {path.name} cannot be read: the file is truncated or corrupt ({exc}).",
        path=path,
        page=number,
    )


def _raster_page_info(im: Image.Image, kind: str) -> dict:
    dpi, known = _plausible_dpi(im.info.get("dpi"), im.width)
    if kind == "tiff":
        photometric = im.tag_v2.get(262)
        photometric = _PHOTOMETRIC.get(photometric, photometric)
    else:
        photometric = im.mode
    return {
        "size": im.size,
        "dpi": dpi if known else None,
        "compression": im.info.get("compression", kind),
        "photometric": photometric,
    }


def _tiff_tags(im: Image.Image) -> dict:
    tags = {}
    for name, tag in _TIFF_TAGS.items():
        value = im.tag_v2.get(tag)
        if isinstance(value, tuple) and len(value) == 1:
            value = value[0]
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str):
            value = value.rstrip("\x00").strip()
            if value:
                tags[name] = value
    return tags


def _quarter_turned(im: Image.Image) -> bool:
    try:
        return im.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not stop decoding
        return False


def _upright(im: Image.Image) -> Image.Image:
    """Apply the EXIF/TIFF Orientation tag, if any."""
    try:
        return ImageOps.exif_transpose(im)
    except (OSError, SyntaxError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring an unreadable orientation tag: %s", exc)
        return im


def _to_grey(im: Image.Image) -> Image.Image:
    """Any Pillow mode to a new 8-bit grey image; transparency is flattened onto white paper."""
    if im.mode == "L":
        return im.copy()  # never hand out the (soon closed) file-backed image itself
    if im.mode == "1":
        return im.convert("L")
    if im.mode == "P" or im.mode == "PA":
        im = im.convert("RGBA")
    if im.mode in ("RGBA", "LA", "RGBa", "La"):
        paper = Image.new("RGBA", im.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, im.convert("RGBA")).convert("L")
    if im.mode.startswith("I") or im.mode == "F":
        a = np.asarray(im, dtype=np.float64)
        top = 65535.0 if im.mode.startswith("I;16") or a.max(initial=0) > 255 else 255.0
        return Image.fromarray(np.clip(a * (255.0 / top), 0, 255).round().astype(np.uint8), "L")
    return im.convert("RGB").convert("L")


# --- resolution ------------------------------------------------------------------------------


def _plausible_dpi(raw, width: int) -> tuple[tuple[float, float], bool]:
    """The file's (x, y) dpi if believable, else an estimate from the width; and whether known."""
    if raw and len(raw) == 2:
        try:
            x, y = float(raw[0]), float(raw[1])
        except (TypeError, ValueError):
            x = y = 0.0
        if (
            MIN_PLAUSIBLE_DPI <= x <= MAX_PLAUSIBLE_DPI
            and MIN_PLAUSIBLE_DPI <= y <= MAX_PLAUSIBLE_DPI
            and width / x <= MAX_PLAUSIBLE_WIDTH_IN
        ):
            return (round(x, 1), round(y, 1)), True
    return (_estimate_dpi(width),) * 2, False


def _estimate_dpi(width: int) -> float:
    if any(abs(width - w) <= w * 0.01 for w in FAX_WIDTHS):
        return FAX_DPI
    return round(width / LETTER_WIDTH_IN, 1)


def _square_page(
    grey: Image.Image,
    number: int,
    resolution: tuple[tuple[float, float], bool],
    source_size: tuple[int, int],
    path: Path,
    limits: Limits,
) -> Page:
    """Resample non-square pixels (e.g. 204x98 fax) up to the finer resolution.  A page of two
    levels (a fax) is stretched by repeating its pixels, as a fax machine prints a page sent
    at standard resolution, so that it stays a page of two levels: what is read from a fax's
    two levels (its dithered shading, a box's outline) reads the same at either resolution."""
    (x, y), known = resolution
    w, h = grey.size
    if abs(y / x - 1) <= SQUARE_TOLERANCE:
        dpi = x if x == y else round(math.sqrt(x * y), 1)
        return Page(number, grey, dpi, known, source_size, (x, y) if known else None)
    dpi = max(x, y)
    size = (max(1, round(w * dpi / x)), max(1, round(h * dpi / y)))
    _check_pixels(size, path, number, limits)
    squared = grey.resize(size, Image.Resampling.NEAREST if two_levels(np.asarray(grey)) else Image.Resampling.BILINEAR)
    log.debug("page %d of %s: %gx%g dpi resampled %dx%d -> %dx%d", number, path.name, x, y, w, h, *size)
    return Page(number, squared, dpi, known, source_size, (x, y) if known else None)


# --- PDF (Poppler) ---------------------------------------------------------------------------


def _inspect_pdf(path: Path, limits: Limits) -> FileInfo:
    info = poppler.pdf_info(path, max_pages=limits.max_pages)
    _check_pages(info["pages"], path, limits)
    images = poppler.page_images(path)
    pages = []
    for number in range(1, info["pages"] + 1):
        page_size, rotation = info["page_sizes"][number - 1], info["rotations"][number - 1]
        image = poppler.single_page_image([i for i in images if i.page == number], page_size, rotation)
        if image is not None:
            turned = rotation in (90, 270)
            entry = {
                "size": (image.height, image.width) if turned else (image.width, image.height),
                "dpi": (image.y_ppi, image.x_ppi) if turned else (image.x_ppi, image.y_ppi),
                "compression": image.encoding,
                "photometric": image.color,
            }
        else:
            entry = {
                "size": _render_size(page_size, rotation),
                "dpi": (float(PDF_RENDER_DPI), float(PDF_RENDER_DPI)),
                "compression": "render",
                "photometric": "gray",
            }
        _check_pixels(entry["size"], path, number, limits)
        pages.append(entry)
    tags = {k: info[k] for k in ("producer", "creator", "creation_date") if info.get(k)}
    return FileInfo(kind="pdf", page_count=info["pages"], tags=tags, pages=pages)


def _render_size(page_size: tuple[float, float], rotation: int) -> tuple[int, int]:
    w, h = (round(v * PDF_RENDER_DPI / 72) for v in page_size)
    return (h, w) if rotation in (90, 270) else (w, h)


@lru_cache(maxsize=8)
def _pdf_facts(path: str, mtime_ns: int, size: int, max_pages: int) -> tuple[dict, dict[int, list]]:
    """A PDF's page facts and the images drawn on each page: two Poppler calls per file, not per page.

    Keyed by the file's modification time and size as well as its name (an original is
    never changed, but a name may be reused by another file).
    """
    info = poppler.pdf_info(path, max_pages=max_pages)
    images: dict[int, list] = {}
    if info["pages"] <= max_pages:
        for image in poppler.file_images(path):
            images.setdefault(image.page, []).append(image)
    return info, images


def _load_pdf_page(path: Path, number: int, limits: Limits) -> Page:
    st = path.stat()
    info, images = _pdf_facts(str(path), st.st_mtime_ns, st.st_size, limits.max_pages)
    _check_pages(info["pages"], path, limits)
    if not 1 <= number <= info["pages"]:
        raise UnreadableFile(f"{path.name} has no page {number} (it has {info['pages']}).", path=path, page=number)
    page_size, rotation = info["page_sizes"][number - 1], info["rotations"][number - 1]
    image = poppler.single_page_image(images.get(number, []), page_size, rotation)
    if image is not None:
        _check_pixels((image.width, image.height), path, number, limits)
        with tempfile.TemporaryDirectory(prefix="ocr-pdf-") as tmp:
            extracted = poppler.extract_page_image(path, number, tmp, info=info, images=images.get(number, []),
                                                   whole_file=info["pages"] <= poppler.WHOLE_FILE_PAGES)
            if extracted is not None:
                with Image.open(extracted) as im:
                    im.load()
                    source_size = im.size
                    grey = _to_grey(im)
                dpi = ((image.x_ppi, image.y_ppi), True)
                if rotation in (90, 270):
                    dpi = ((image.y_ppi, image.x_ppi), True)
                return _square_page(grey, number, dpi, source_size, path, limits)
    size = _render_size(page_size, rotation)
    _check_pixels(size, path, number, limits)
    grey = _to_grey(poppler.render_page(path, number, PDF_RENDER_DPI))
    dpi = float(PDF_RENDER_DPI)
    return Page(number, grey, dpi, True, grey.size, (dpi, dpi))
