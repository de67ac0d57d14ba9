"""The fields of each document type, in the contract's order, and their value kinds."""
from __future__ import annotations

ELECTION_FIELDS = ("tender_elected", "additional_sheet_attached", "holder_name", "ssn",
                   "signature_present", "signed_at", "address")
NOTICE_FIELDS = ("holder_name", "ssn", "signature_present", "signed_at")
GRANT_FIELDS = ("grant_date", "shares_granted", "exercise_price", "shares_exercised", "shares_tendered")
# Every grant has a date, a count and a price, and a grant listed has shares tendered (none
# may have been exercised).
NEEDED_GRANT_FIELDS = ("grant_date", "shares_granted", "exercise_price", "shares_tendered")

FIELDS_BY_TYPE = {
    "election_form": ELECTION_FIELDS,
    "change_notice": NOTICE_FIELDS,
    "other": (),
}

# The kind of value each field holds: how it is parsed, checked and shown.
KIND = {
    "tender_elected": "bool",
    "additional_sheet_attached": "bool",
    "signature_present": "bool",
    "holder_name": "name",
    "ssn": "ssn",
    "signed_at": "signed_at",
    "address": "address",
    "holder_id": "holder_id",
    "grant_date": "date",
    "shares_granted": "count",
    "exercise_price": "price",
    "shares_exercised": "count",
    "shares_tendered": "count",
}


def grant_key(index: int, name: str) -> str:
    return f"grants.{index}.{name}"


def split_key(key: str) -> tuple[int | None, str]:
    """'grants.2.shares_granted' -> (2, 'shares_granted'); 'ssn' -> (None, 'ssn')."""
    if key.startswith("grants."):
        _, idx, name = key.split(".", 2)
        return int(idx), name
    return None, key


def kind_of(key: str) -> str:
    return KIND[split_key(key)[1]]
