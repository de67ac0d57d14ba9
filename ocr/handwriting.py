"""A second recogniser for handwritten values: the PP-OCR recogniser that rapidocr ships.

It reads one line of text from a crop (no detection, no angle classifier). Its
model files are inside the rapidocr wheel, so nothing is fetched at run time.
Tesseract stays the engine for page text and labels; this one gives a second,
independent reading of each value, and agreement between the two is the
strongest sign that a value is right.
"""
from __future__ import annotations

import logging
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


def read_line(image: Image.Image) -> tuple[str, float]:
    """The text of a one-line crop and the recogniser's score (0..1)."""
    if image.width < 4 or image.height < 4:
        return "", 0.0
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
