"""What the desk shows of a value: SSNs (whole or partial) masked unless revealed.

`intake.privacy.redact` masks a whole SSN in free text; a reading can hold part of
one (`292-9--33`), or an SSN read in the wrong field's place, so raw text shown to a
reviewer is masked more widely here: any run that starts like an SSN (three digits,
then a dash or space and more digits) keeps only its last digits.
"""
from __future__ import annotations

import json
import re

from intake.fieldspec import split_key
from intake.privacy import mask_ssn, redact

# Three digits not part of a longer number (so dates like 2003-03-28 are left alone), a dash
# or space, then at least two more digits among dashes and spaces: an SSN, whole or in part.
_SSN_LIKE = re.compile(r"(?<![\w.,/])\d{3}[- ]+\d[\d -]*\d(?![\w.,/])")
_NINE = re.compile(r"(?<!\w)\d{9}(?!\w)")


def mask(text) -> str | None:
    """An SSN masked to its last four; a partial reading (not nine digits) shows no digit at all."""
    if text is None:
        return None
    digits = re.sub(r"\D", "", str(text))
    if len(digits) == 9:
        return mask_ssn(digits)
    return f"***-**-**** ({len(digits)} digit{'' if len(digits) == 1 else 's'} read)"


def is_ssn(key: str) -> bool:
    return split_key(key)[1] == "ssn"


def redact_all(text: str) -> str:
    """Free text with whole and partial SSNs masked (a long run of digits too)."""
    text = redact(text)
    text = _SSN_LIKE.sub(lambda m: mask(m.group(0)) if len(re.sub(r"\D", "", m.group(0))) >= 5 else m.group(0), text)
    return _NINE.sub(lambda m: mask_ssn(m.group(0)), text)


def shown(key: str, value, reveal: bool = False) -> str:
    """A field's value as text for a person: yes/no, (blank), the SSN masked unless revealed."""
    if is_ssn(key) and not reveal:
        value = mask_ssn(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "(blank)" if value is None else json.dumps(value) if not isinstance(value, str) else value


def raw_shown(key: str, raw: str, reveal: bool = False) -> str:
    """What the machine read, as text: an SSN's reading masked (whole or partial) unless revealed."""
    if reveal:
        return raw
    return mask(raw) if is_ssn(key) else redact_all(raw)
