"""``combined`` labels: one label for two fields (three where the date and the time are
apart), their labels' words joined by a slash, colon and all, and one room after it
where both are written, as medical, HR and benefit forms set "Signature/Date: ______"
and tax, customs and shipping forms "Name and address" over one room.

The signature goes with the date and time (``Signature / Date and Time: ______``), the
name with the address (``Print Name / Home Address:`` before four rules, one under
another), the SSN alone; the rooms in the block's order. Nothing says where one field's
room ends: on the signature's rule the holder signs and writes the date after the
signature (the anchors ``PARTS`` of the rule), and the name stands on the first of the
name's rules, the address on the three under it. Each label stands before its first
rule, on its level, as ``left``'s does (set as ``open_labels.label_before`` sets an
``open`` label, broken when it would leave less than ``ROOM_LEAST`` to write in; the
rule from 0.1 in past it); ``block`` sets only the rules' length (across the text's
width with ``two``, 80 % of it with ``one``). The change notice has no address, its name
alone; the additional sheet's name is alone, its signature and date share a rule across
the width.
"""

from __future__ import annotations

from samples import open_labels
from samples import typesets as T

JOIN = " / "
# inches a label leaves at least to write in, by the fields it names
ROOM_LEAST = {1: 1.6, 2: 3.0, 3: 3.4}
# each field's share of a rule the fields written on it share (where it starts and
# ends, from the rule's start): the signature, then the date and time or the date and
# then the time
PARTS = {1: ((0.0, 1.0),), 2: ((0.0, 0.55), (0.6, 1.0)),
         3: ((0.0, 0.46), (0.5, 0.76), (0.8, 1.0))}
PITCH = 0.42  # inches between rules one under another
ROW_GAP = 0.2  # inches between a row's lowest rule and the next row's room


def rooms(order: list[str], address: bool) -> list[list[str]]:
    """The block's fields as they share rooms, in ``order``: the signature with the date
    and time, the name with the address (when there is one), the SSN alone."""
    when = [k for k in order if k in ("datetime", "date", "time")]
    out = []
    for key in order:
        if key == "signature":
            out.append([key] + when)
        elif key == "name":
            out.append([key] + (["address"] if address else []))
        elif key not in when:
            out.append([key])
    return out


def combined_label(cv: T.Canvas, keys: list[str]) -> str:
    """The fields' labels joined by a slash, one colon at the end."""
    return JOIN.join(T._label_text(cv, k).rstrip(":") for k in keys) + ":"


def combined_row(cv: T.Canvas, x0: int, x1: int, y: int, keys: list[str],
                 anchors: dict) -> int:
    """The label of ``keys`` from ``y`` down at ``x0`` and its rules to ``x1``: the
    fields but the address on the first, parted as ``PARTS`` says, an address's three
    rules under it; returns the bottom."""
    first = [k for k in keys if k != "address"]
    rules = ([first] if first else []) + \
        ([["addr1"], ["addr2"], ["addr3"]] if "address" in keys else [])
    base, lx = open_labels.label_before(cv, combined_label(cv, keys), x0, x1, y,
                                        ROOM_LEAST[len(keys)])
    lw = max(3, cv.size // 12)
    for i, fields in enumerate(rules):
        ly = base + i * T.px(PITCH)
        cv.hline(lx, x1, ly, lw)
        for key, (a, b) in zip(fields, PARTS[len(fields)]):
            anchors[f"line:{key}"] = (lx + int((x1 - lx) * a), ly - T.px(T.WRITE_ROOM),
                                      lx + int((x1 - lx) * b), ly)
    return base + (len(rules) - 1) * T.px(PITCH) + T.px(0.03)


def combined_block(cv: T.Canvas, order: list[str], y: int, anchors: dict,
                   address: bool) -> int:
    """The block's rooms one under another from ``y``, in ``order``; returns the
    bottom."""
    x1 = cv.x1 if cv.ts.block == "two" else cv.x0 + int((cv.x1 - cv.x0) * 0.8)
    for keys in rooms(order, address):
        y = combined_row(cv, cv.x0, x1, y, keys, anchors) + T.px(ROW_GAP)
    return y
