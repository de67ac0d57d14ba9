"""Masking of social security numbers in every output and log."""
from __future__ import annotations

import re

_SSN_ANYWHERE = re.compile(r"(?<![\w])(\d{3})[- ]?(\d{2})[- ]?(\d{4})(?![\w])")


def mask_ssn(value: str | None) -> str | None:
    """'123-45-6789' -> '***-**-6789'; a partial reading keeps at most its last four digits."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    if not digits:
        return "***-**-****"
    return "***-**-" + digits[-4:].rjust(4, "*")


def redact(text: str) -> str:
    """Mask anything in free text that looks like an SSN (for log lines and messages)."""
    return _SSN_ANYWHERE.sub(lambda m: "***-**-" + m.group(3), text)
