"""Values typed by a reviewer, checked the way a reading is and turned into the contract's form.

`parse(key, text)` gives the normal value or raises `ValidationError` with one line
saying what shape the field needs.  A single `-` means "blank on the paper" (null).
Dates and times go through the same parsers as the readings (`intake.normalize`);
the rest is stricter than for OCR text: a person's typing is not corrected silently.
"""
from __future__ import annotations

import re
from typing import Any

from intake import normalize
from intake.errors import ValidationError
from intake.fieldspec import kind_of

BLANK = "-"
_TRUE = {"y", "yes", "true", "x", "checked", "1"}
_FALSE = {"n", "no", "false", "unchecked", "0"}


def _bool(text: str) -> bool:
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValidationError(f"{text!r} is not yes or no (type y or n).")


def _normalized(parser, shape: str):
    """A check made of a reading's parser (intake.normalize) and the shape to ask for."""
    def check(text: str):
        value = parser(text)
        if value is None:
            raise ValidationError(f"{text!r} is not {shape}.")
        return value
    return check


_date = _normalized(normalize.parse_date, "a date (type it as 2001-05-14 or 5/14/2001)")
_signed_at = _normalized(normalize.parse_signed_at, "a date with an optional time "
                         "(type it as 2003-03-28 or 2003-03-28 14:15 or 3/28/2003 2:15 PM)")
_name = _normalized(normalize.parse_name, "a name (letters, no digits)")


def _ssn(text: str) -> str:
    digits = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"\d{9}", digits):
        found = len(re.sub(r"\D", "", text))
        raise ValidationError(f"An SSN has nine digits (123-45-6789); this has {found} "
                              f"{'digit' if found == 1 else 'digits'}"
                              f"{' and other characters' if not re.fullmatch(r'[0-9 -]*', text) else ''}.")
    if digits[:3] == "000" or digits[3:5] == "00" or digits[5:] == "0000":
        raise ValidationError("No SSN has 000, 00 or 0000 as a group of digits; check the number.")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def _count(text: str) -> int:
    t = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d{1,9}", t):
        return int(t.replace(",", ""))
    raise ValidationError(f"{text!r} is not a whole number of shares (type digits, e.g. 10000).")


def _price(text: str) -> str:
    t = text.strip().replace(" ", "").removeprefix("$").replace(",", "")
    m = re.fullmatch(r"(\d{1,6})(?:\.(\d{1,2}))?", t)
    if not m:
        raise ValidationError(f"{text!r} is not a price (type dollars and cents, e.g. 12.50).")
    value = f"{int(m[1])}.{(m[2] or '0').ljust(2, '0')}"
    if value == "0.00":
        raise ValidationError("An exercise price cannot be zero.")
    return value


def _address(text: str) -> str:
    lines = re.split(r"\s*[;|]\s*|\s*,\s*", text)
    value = normalize.parse_address(lines)
    if value is None or not re.search(r"[A-Za-z]", value):
        raise ValidationError(f"{text!r} is not an address (type its lines separated by commas).")
    return value


def _holder_id(text: str) -> str:
    t = text.strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}", t):
        raise ValidationError(f"{text!r} is not a holder id (letters and digits, e.g. E1001).")
    return t


PARSERS = {
    "bool": _bool, "date": _date, "signed_at": _signed_at, "ssn": _ssn, "count": _count,
    "price": _price, "name": _name, "address": _address, "holder_id": _holder_id,
}


def parse(key: str, text: str) -> Any:
    """The normal value of `text` typed for field `key`, or ValidationError (one line)."""
    try:
        kind = kind_of(key)
    except (KeyError, ValueError) as exc:
        raise ValidationError(f"{key!r} is not a field this program knows.") from exc
    t = " ".join(text.split())
    if t == BLANK and kind != "bool":
        return None
    if not t:
        raise ValidationError("Type a value, or - for a field that is blank on the paper.")
    return PARSERS[kind](t)
