"""The one module that runs Tesseract (through pytesseract).

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
