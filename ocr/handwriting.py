"""A second recogniser for handwritten values: the PP-OCR recogniser that rapidocr ships.

It reads one line of text from a crop (no detection, no angle classifier). Its
model files are inside the rapidocr wheel, so nothing is fetched at run time.
Tesseract stays the engine for page text and labels; this one gives a second,
independent reading of each value, and agreement between the two is the
strongest sign that a value is right.
"""
from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from functools import lru_cache

import numpy as np
from PIL import Image

from .errors import ToolFailed

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _engine():
    from rapidocr import RapidOCR  # heavy import: only in processes that read values
    return RapidOCR(params={
        "Global.use_det": False, "Global.use_cls": False, "Global.log_level": "error",
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


# A crop read once is not read again: the signature block's placements are tried one after
# another and read the same places (6 % of a page's reads, each 25 ms).  The last READ_MEMO
# crops' readings are kept, by their pixels (and the engine that read them).
READ_MEMO = 256
_read: OrderedDict = OrderedDict()


def read_line(image: Image.Image) -> tuple[str, float]:
    """The text of a one-line crop and the recogniser's score (0..1)."""
    if image.width < 4 or image.height < 4:
        return "", 0.0
    key = (_engine, image.mode, image.size, hashlib.blake2b(image.tobytes(), digest_size=16).digest())
    if key in _read:
        _read.move_to_end(key)
        return _read[key]
    _read[key] = found = _read_line(image)
    if len(_read) > READ_MEMO:
        _read.popitem(last=False)
    return found


def _read_line(image: Image.Image) -> tuple[str, float]:
    rgb = np.asarray(image.convert("RGB"))
    try:
        result = _engine()(rgb, use_det=False, use_cls=False, use_rec=True)
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises plain exceptions
        raise ToolFailed(f"The handwriting recogniser failed: {exc}.") from exc
    texts = result.txts or ()
    scores = result.scores or ()
    if not texts:
        return "", 0.0
    return " ".join(texts).strip().translate(_LATIN), float(min(scores) if scores else 0.0)


# Greek and Cyrillic letters the recogniser (trained on several scripts) reads for the Latin
# letters they look like ("2:25 ρ.." for "2:25 p.m."): written Latin here, so read as such.
_LATIN = str.maketrans(
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"
    "αικνορτυχ"
    "АВЕКМНОРСТХ"
    "аеорсухі",
    "ABEZHIKMNOPTYX" "aikvoptux" "ABEKMHOPCTX" "aeopcyxi")
