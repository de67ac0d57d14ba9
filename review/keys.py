"""One name for each field, in every output and command.

The name printed everywhere is the database's key: `ssn`, `signed_at`,
`grants.0.shares_granted` (grant rows counted from 0, as in the contract's list).
On input the crop files' spelling is taken too: `grant1.shares_granted` (rows from 1).
"""
from __future__ import annotations

import re

from intake.errors import ValidationError
from intake.fieldspec import GRANT_FIELDS, KIND

_GRANT = re.compile(r"grants?[._\s]?(\d+)[._\s](\w+)", re.IGNORECASE)


def canonical(text: str) -> str:
    """The printed name of a field typed either way; ValidationError for a name no field has."""
    t = (text or "").strip()
    m = _GRANT.fullmatch(t)
    if m:
        number, name = int(m[1]), m[2].lower()
        plural = t.lower().startswith("grants")
        idx = number if plural else number - 1
        if name not in GRANT_FIELDS or idx < 0:
            raise ValidationError(f"{text!r} is not a field this program knows (a grant's fields: "
                                  f"{', '.join(GRANT_FIELDS)}).")
        return f"grants.{idx}.{name}"
    if t in KIND and t not in GRANT_FIELDS:
        return t
    raise ValidationError(f"{text!r} is not a field this program knows "
                          f"(e.g. signed_at, ssn, grants.0.shares_tendered).")
