"""The one module that runs Poppler (`pdfinfo`, `pdfimages`, `pdftoppm`).

Every call has a timeout. A program that is not installed raises `ToolMissing` with an
install hint; a PDF Poppler cannot open raises `UnreadableFile` (or `EncryptedPdf`); any
other failure raises `ToolFailed` or `ToolTimeout`. The tools' stderr goes to `logging`.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from ocr.errors import EncryptedPdf, ToolFailed, ToolMissing, ToolTimeout, UnreadableFile

log = logging.getLogger(__name__)

INSTALL_HINT = "install Poppler (Debian/Ubuntu: apt-get install poppler-utils; macOS: brew install poppler)"
TIMEOUT = 60.0  # seconds, for any one call
# Poppler's exit codes: 1 = could not open the PDF, 3 = permissions (password).
_EXIT_OPEN_FAILED = 1
_EXIT_PERMISSION = 3
# An extracted page image must agree with a coarse render of the page to be trusted.
_CHECK_DPI = 24
_CHECK_MAX_MEAN_DIFF = 40.0  # mean absolute grey difference, 0..255
_FULL_PAGE_TOLERANCE = 0.03  # image extent vs page extent
# A PDF of at most this many pages has its images extracted and its check render made once
# for the whole file (two Poppler calls, not two or three a page).
WHOLE_FILE_PAGES = 24


@dataclass(frozen=True)
class PdfImage:
    """One row of `pdfimages -list`."""

    page: int
    num: int
    type: str  # "image", "mask", "smask", "stencil"
    width: int
    height: int
    color: str  # "gray", "rgb", "cmyk", "index", ...
    components: int
    bpc: int
    encoding: str  # "ccitt", "jpeg", "image", "jbig2", "jpx", "flate"...
    x_ppi: float
    y_ppi: float


def _run(args: list[str], *, path: Path, timeout: float = TIMEOUT, page: int | None = None) -> str:
    """Run a Poppler program; return its stdout, or raise one of our errors."""
    program = args[0]
    if shutil.which(program) is None:
        raise ToolMissing(f"The program {program} is not installed: {INSTALL_HINT}.")
    try:
        proc = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ToolTimeout(
            f"{program} did not finish within {timeout:g} seconds on {path.name}.", path=path, page=page
        ) from exc
    except OSError as exc:
        raise ToolFailed(f"{program} could not be started: {exc}.", path=path, page=page) from exc
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode == 0:
        if stderr:
            log.debug("%s on %s: %s", program, path.name, stderr)
        return proc.stdout.decode("utf-8", "replace")
    log.warning("%s on %s failed (exit %d): %s", program, path.name, proc.returncode, stderr)
    last = stderr.splitlines()[-1] if stderr else "no message"
    if "password" in stderr.lower() or proc.returncode == _EXIT_PERMISSION:
        raise EncryptedPdf(f"{path.name} is an encrypted PDF that needs a password.", path=path, page=page)
    if proc.returncode == _EXIT_OPEN_FAILED:
        raise UnreadableFile(f"{path.name} is not a readable PDF ({program}: {last}).", path=path, page=page)
    raise ToolFailed(f"{program} failed on {path.name} (exit {proc.returncode}: {last}).", path=path, page=page)


def probe() -> str:
    """Return Poppler's version (e.g. "22.12.0"); raise `ToolMissing` if it is not installed."""
    for program in ("pdfinfo", "pdfimages", "pdftoppm"):
        if shutil.which(program) is None:
            raise ToolMissing(f"The program {program} is not installed: {INSTALL_HINT}.")
    try:
        proc = subprocess.run(["pdfinfo", "-v"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolFailed(f"pdfinfo -v could not be run: {exc}.") from exc
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    match = re.search(r"version\s+(\d+(?:\.\d+)+)", out)
    if not match:
        raise ToolFailed("pdfinfo -v did not report a version.")
    return match.group(1)


def pdf_info(path: str | Path, *, max_pages: int | None = None) -> dict:
    """Read a PDF's page count, encryption, metadata and page sizes (in points) with pdfinfo.

    Returns {"pages", "encrypted", "page_sizes": [(w, h)], "rotations": [deg],
    "producer", "creator", "creation_date"}; page sizes are listed for at most
    `max_pages` pages (all when None).
    """
    path = Path(path)
    last = max_pages if max_pages is not None else 1_000_000
    out = _run(["pdfinfo", "-isodates", "-enc", "UTF-8", "-f", "1", "-l", str(max(last, 1)), str(path)], path=path)
    fields: dict[str, str] = {}
    sizes: dict[int, tuple[float, float]] = {}
    rotations: dict[int, int] = {}
    for line in out.splitlines():
        if m := re.match(r"Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", line):
            sizes[int(m[1])] = (float(m[2]), float(m[3]))
        elif m := re.match(r"Page\s+(\d+)\s+rot:\s+(-?\d+)", line):
            rotations[int(m[1])] = int(m[2]) % 360
        elif ":" in line:
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    if "Pages" not in fields:
        raise UnreadableFile(f"{path.name} is not a readable PDF (pdfinfo reported no page count).", path=path)
    pages = int(fields["Pages"])
    return {
        "pages": pages,
        "encrypted": fields.get("Encrypted", "no").startswith("yes"),
        "page_sizes": [sizes[n] for n in sorted(sizes)],
        "rotations": [rotations.get(n, 0) for n in sorted(sizes)],
        "producer": fields.get("Producer"),
        "creator": fields.get("Creator"),
        "creation_date": fields.get("CreationDate"),
    }


def page_images(path: str | Path, page: int | None = None) -> list[PdfImage]:
    """List the images drawn on `page` (1-based), or on every page when None, via `pdfimages -list`."""
    path = Path(path)
    args = ["pdfimages", "-list"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = _run([*args, str(path)], path=path, page=page)
    images = []
    for line in out.splitlines()[2:]:  # two header lines
        cols = line.split()
        if len(cols) < 14 or not cols[0].isdigit():
            continue
        images.append(
            PdfImage(
                page=int(cols[0]),
                num=int(cols[1]),
                type=cols[2],
                width=int(cols[3]),
                height=int(cols[4]),
                color=cols[5],
                components=int(cols[6]),
                bpc=int(cols[7]),
                encoding=cols[8],
                x_ppi=float(cols[12]),
                y_ppi=float(cols[13]),
            )
        )
    return images


def single_page_image(images: list[PdfImage], page_size: tuple[float, float], rotation: int = 0) -> PdfImage | None:
    """The page's image if the page is exactly one image covering the whole page, else None.

    `page_size` is the unrotated page size in points, as pdfinfo reports it.
    """
    if len(images) != 1 or images[0].type != "image" or images[0].x_ppi <= 0 or images[0].y_ppi <= 0:
        return None
    img = images[0]
    # pdfimages measures ppi along the image's own axes; a quarter-turned image swaps them.
    extent = (img.width / img.x_ppi * 72, img.height / img.y_ppi * 72)
    for w, h in (extent, extent[::-1]):
        if (
            abs(w - page_size[0]) <= _FULL_PAGE_TOLERANCE * page_size[0]
            and abs(h - page_size[1]) <= _FULL_PAGE_TOLERANCE * page_size[1]
        ):
            return img
    return None


def render_page(path: str | Path, page: int, dpi: float, *, timeout: float = TIMEOUT) -> Image.Image:
    """Render one page (1-based) with pdftoppm at `dpi`, in grey, through pdf2image."""
    return _render(Path(path), dpi, page, timeout)[0]


def _render(path: Path, dpi: float, page: int | None, timeout: float) -> list[Image.Image]:
    """Render one page, or every page when `page` is None."""
    from pdf2image import convert_from_path
    from pdf2image.exceptions import PDFPageCountError, PDFPopplerTimeoutError, PopplerNotInstalledError

    try:
        images = convert_from_path(
            str(path), dpi=dpi, first_page=page, last_page=page, grayscale=True, timeout=timeout
        )
    except PopplerNotInstalledError as exc:
        raise ToolMissing(f"Poppler is not installed: {INSTALL_HINT}.", path=path, page=page) from exc
    except PDFPopplerTimeoutError as exc:
        raise ToolTimeout(
            f"pdftoppm did not render {_which(page)} of {path.name} within {timeout:g} seconds.", path=path, page=page
        ) from exc
    except PDFPageCountError as exc:
        log.info("pdfinfo on %s: %s", path.name, exc)
        if "password" in str(exc).lower():
            raise EncryptedPdf(f"{path.name} is an encrypted PDF that needs a password.", path=path) from exc
        raise UnreadableFile(f"{path.name} is not a readable PDF.", path=path, page=page) from exc
    if not images:
        raise UnreadableFile(f"pdftoppm could not render {_which(page)} of {path.name}.", path=path, page=page)
    for image in images:
        image.load()
    return images


def _which(page: int | None) -> str:
    return f"page {page}" if page is not None else "the pages"


def file_images(path: str | Path) -> list[PdfImage]:
    """The images of every page (`pdfimages -list`), asked of Poppler once per file."""
    st = Path(path).stat()
    return list(_listing(str(path), st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=4)
def _listing(path: str, mtime_ns: int, size: int) -> tuple[PdfImage, ...]:
    """Keyed by modification time and size as well as name (a name may be reused)."""
    return tuple(page_images(path))


@lru_cache(maxsize=2)
def _whole_file(path: str, mtime_ns: int, size: int) -> tuple[dict[int, list[tuple[str, bytes]]], list[Image.Image]]:
    """Every image of a small PDF as stored, by page, and a coarse render of every page.
    Keyed by modification time and size as well as name."""
    pdf = Path(path)
    listed = _listing(path, mtime_ns, size)   # numbered through the file, as `pdfimages -j` names its files
    with tempfile.TemporaryDirectory(prefix="ocr-pdf-") as tmp:
        _run(["pdfimages", "-j", path, f"{tmp}/img"], path=pdf)
        files = {int(f.stem.rsplit("-", 1)[1]): (f.suffix, f.read_bytes()) for f in Path(tmp).glob("img-*")}
    by_page: dict[int, list[tuple[str, bytes]]] = {}
    for image in listed:
        if image.num in files:
            by_page.setdefault(image.page, []).append(files[image.num])
    return by_page, _render(pdf, _CHECK_DPI, None, TIMEOUT)


def extract_page_image(path: str | Path, page: int, out_dir: str | Path, *, info: dict | None = None,
                       images: list[PdfImage] | None = None, whole_file: bool = False) -> Path | None:
    """Extract the page's single full-page image at its own resolution into `out_dir`
    (a JPEG as stored, anything else as PNM, or PNG when it had to be fixed).

    Returns None when the page is not one full-page image (text, vector art, several
    images) or when the extracted pixels disagree with Poppler's own render of the page,
    so the caller should render the page instead. The result is oriented as the page is
    shown (page /Rotate applied) and has the polarity the page shows: CCITT BlackIs1
    and /Decode [1 0] are verified against a coarse pdftoppm render, and the image is
    inverted if pdfimages got it backwards.
    """
    path, out_dir = Path(path), Path(out_dir)
    # A caller reading every page passes what pdfinfo and `pdfimages -list` said of the file once.
    info = info or pdf_info(path, max_pages=page)
    if not 1 <= page <= info["pages"]:
        raise UnreadableFile(f"{path.name} has no page {page}.", path=path, page=page)
    images = images if images is not None else page_images(path, page)
    image = single_page_image(images, info["page_sizes"][page - 1], info["rotations"][page - 1])
    if image is None:
        return None
    if whole_file:
        st = path.stat()
        by_page, renders = _whole_file(str(path), st.st_mtime_ns, st.st_size)
        stored = by_page.get(page, [])
        render = renders[page - 1] if page <= len(renders) else None
    else:
        stored, render = _page_files(path, page), None
    if len(stored) != 1 or (whole_file and render is None):
        log.info("pdfimages wrote %d files for page %d of %s", len(stored), page, path.name)
        return None
    suffix, data = stored[0]
    with Image.open(io.BytesIO(data)) as extracted:
        extracted.load()
    if render is None:
        render = render_page(path, page, _CHECK_DPI)
    fixed = _match_render(extracted, render, info["rotations"][page - 1])
    if fixed is None:
        log.info("page %d of %s: embedded image does not match the render; rendering", page, path.name)
        return None
    target = out_dir / f"{path.stem}-page{page}{suffix if fixed is extracted else '.png'}"
    if fixed is extracted:
        target.write_bytes(data)
    else:
        fixed.save(target, dpi=(image.x_ppi, image.y_ppi))
    return target


def _page_files(path: Path, page: int) -> list[tuple[str, bytes]]:
    """The files `pdfimages` writes for one page's images, as (suffix, bytes)."""
    with tempfile.TemporaryDirectory(prefix="ocr-pdf-") as tmp:
        # -j: a JPEG is written as it is stored (re-encoding a scanned page as PNG cost
        # 0.65 s); anything else as raw PBM/PGM/PPM, which costs nothing to write.
        _run(["pdfimages", "-f", str(page), "-l", str(page), "-j", str(path), f"{tmp}/img"], path=path, page=page)
        return [(f.suffix, f.read_bytes()) for f in sorted(Path(tmp).glob("img-*"))]


def _match_render(extracted: Image.Image, render: Image.Image, rotation: int) -> Image.Image | None:
    """Return `extracted` (rotated / inverted as needed) if it looks like `render`, else None."""
    candidate = extracted.rotate(-rotation, expand=True) if rotation else extracted
    small = np.asarray(ImageOps.grayscale(candidate.convert("RGB") if candidate.mode not in ("1", "L") else candidate)
                       .convert("L").resize(render.size, Image.Resampling.BOX), dtype=np.float32)
    seen = np.asarray(render.convert("L"), dtype=np.float32)
    straight = float(np.abs(small - seen).mean())
    inverted = float(np.abs((255 - small) - seen).mean())
    if min(straight, inverted) > _CHECK_MAX_MEAN_DIFF:
        return None
    if inverted < straight:
        log.info("embedded image is inverted relative to the page render; inverting")
        return ImageOps.invert(candidate.convert("L"))
    return candidate
