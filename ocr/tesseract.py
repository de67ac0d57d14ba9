"""The one module that runs Tesseract.

Two ways in, one answer: the library in this process through tesserocr (one
engine per worker process, its model loaded once), or the `tesseract` program
through pytesseract, a process per call.  The program costs about 0.13 s a
call before it reads a thing (start, model load, image written as PNG), which
was four tenths of our OCR time, so the library is used whenever it can be
imported; `INTAKE_TESSERACT=cli` forces the program.  Both give the same
`Word`s (tests compare them).

Every call has a timeout and runs with OMP_THREAD_LIMIT=1: on a small machine
Tesseract's own threads slow it down, so we run pages in parallel instead.
Failures become `ocr.errors` exceptions; Tesseract's stderr goes to the log.
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache

import pytesseract
from PIL import Image

try:  # the in-process engine; the program through pytesseract when it is not there
    import tesserocr
except ImportError:  # pragma: no cover - depends on the platform's wheels
    tesserocr = None

from .errors import ToolFailed, ToolMissing, ToolTimeout

os.environ["OMP_THREAD_LIMIT"] = "1"
log = logging.getLogger(__name__)

INSTALL_HINT = "install it with: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd"
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Word:
    text: str
    conf: float          # 0..100 as Tesseract gives it
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def cx(self) -> float:
        return self.left + self.width / 2

    @property
    def cy(self) -> float:
        return self.top + self.height / 2


@lru_cache(maxsize=1)
def probe() -> str:
    """The Tesseract version; raises ToolMissing with an install hint."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise ToolMissing(f"Tesseract is not installed; {INSTALL_HINT}.")
    try:
        version = str(pytesseract.get_tesseract_version())
        langs = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise ToolMissing(f"Tesseract could not be run; {INSTALL_HINT}.") from exc
    if not version.startswith(("5", "6")):
        raise ToolMissing(f"Tesseract {version} is too old (5 is needed); {INSTALL_HINT}.")
    missing = {"eng", "osd"} - langs
    if missing:
        raise ToolMissing(f"Tesseract lacks the {', '.join(sorted(missing))} data; {INSTALL_HINT}.")
    return version


TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata")


def backend() -> str:
    """'library' (tesserocr, in this process) or 'cli' (the tesseract program)."""
    if os.environ.get("INTAKE_TESSERACT", "").lower() == "cli" or tesserocr is None or _tessdata() is None:
        return "cli"
    return "library"


@lru_cache(maxsize=1)
def _tessdata() -> str | None:
    """The folder holding eng.traineddata: $TESSDATA_PREFIX, or where the system's Tesseract keeps it."""
    found = [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_DIRS]
    return next((d for d in found if d and os.path.isfile(os.path.join(d, "eng.traineddata"))), None)


_engine = None   # one per process: the model is loaded once


def _quiet_leptonica() -> None:
    """Leptonica prints harmless complaints ("box outside rectangle") straight to stderr
    on turned text; the program's stderr was captured, the library's is ours: silence it."""
    import ctypes
    import glob
    libs = os.path.join(os.path.dirname(os.path.dirname(tesserocr.__file__)), "tesserocr.libs")
    for lib in glob.glob(os.path.join(libs, "libleptonica*.so*")) or ["libleptonica.so.6", "liblept.so.5"]:
        try:
            ctypes.CDLL(lib).setMsgSeverity(6)   # L_SEVERITY_NONE
            return
        except (OSError, AttributeError):
            continue


def _api():
    global _engine
    if _engine is None:
        _quiet_leptonica()
        try:
            _engine = tesserocr.PyTessBaseAPI(path=_tessdata() + "/", lang="eng", oem=tesserocr.OEM.LSTM_ONLY)
        except RuntimeError as exc:
            raise ToolMissing(f"Tesseract could not load its English data; {INSTALL_HINT}.") from exc
    return _engine


def _library_words(image: Image.Image, psm: int, whitelist: str | None, timeout: float) -> list[Word]:
    api = _api()
    api.SetPageSegMode(psm)
    api.SetVariable("tessedit_char_whitelist", whitelist or "")
    api.SetImage(image if image.mode in ("L", "RGB", "1") else image.convert("L"))
    try:
        if not api.Recognize(timeout=int(timeout * 1000)):
            raise ToolTimeout(f"Tesseract took longer than {timeout:g} s on one image (or failed on it).")
        out: list[Word] = []
        it = api.GetIterator()
        if it is None:
            return out
        level = tesserocr.RIL
        block = par = line = 0
        # Number blocks, paragraphs and lines as the program's TSV does (each counts from 1 inside its parent).
        for w in tesserocr.iterate_level(it, level.WORD):
            if w.IsAtBeginningOf(level.BLOCK):
                block, par, line = block + 1, 0, 0
            if w.IsAtBeginningOf(level.PARA):
                par, line = par + 1, 0
            if w.IsAtBeginningOf(level.TEXTLINE):
                line += 1
            try:
                text = (w.GetUTF8Text(level.WORD) or "").strip()
            except RuntimeError:     # a word Tesseract found but holds no text
                continue
            box = w.BoundingBox(level.WORD)
            if not text or box is None:
                continue
            x0, y0, x1, y1 = box
            out.append(Word(text, float(w.Confidence(level.WORD)), x0, y0, x1 - x0, y1 - y0, block, par, line))
        return out
    finally:
        api.Clear()


def _config(psm: int, whitelist: str | None, extra: str) -> str:
    parts = [f"--psm {psm}", "--oem 1"]
    if whitelist:
        parts.append(f"-c tessedit_char_whitelist={whitelist}")
    if extra:
        parts.append(extra)
    return " ".join(parts)


def _run(fn, image: Image.Image, config: str, timeout: float, **kw):
    try:
        return fn(image, lang="eng", config=config, timeout=timeout, **kw)
    except pytesseract.TesseractNotFoundError as exc:
        raise ToolMissing(f"Tesseract is not installed; {INSTALL_HINT}.") from exc
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise ToolTimeout(f"Tesseract took longer than {timeout:g} s on one image.") from exc
        raise ToolFailed(f"Tesseract failed: {exc}.") from exc
    except pytesseract.TesseractError as exc:
        log.warning("tesseract stderr: %s", exc.message)
        raise ToolFailed(f"Tesseract failed ({exc.status}): {str(exc.message).strip()[:200]}.") from exc


def words(image: Image.Image, *, psm: int = 3, whitelist: str | None = None, extra: str = "",
          timeout: float = DEFAULT_TIMEOUT) -> list[Word]:
    """Every word Tesseract finds, with its box and confidence."""
    if extra == "" and backend() == "library":
        return _library_words(image, psm, whitelist, timeout)
    data = _run(pytesseract.image_to_data, image, _config(psm, whitelist, extra), timeout,
                output_type=pytesseract.Output.DICT)
    out = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        out.append(Word(text, conf, int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
                        int(data["height"][i]), int(data["block_num"][i]), int(data["par_num"][i]),
                        int(data["line_num"][i])))
    return out
