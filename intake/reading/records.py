"""Grants printed as records, not as a table: each grant a block of labelled writing lines,
"Grant Date ______  Exercise Price ______", the labels the table's own headings
(`form.TABLE_COLUMNS`).

Found by the page's structure: a label of print that a writing line follows on its own line
(the signature block's "right" placement), the label one of the grant table's headings.  The
blocks are told apart by the same structure: every block is printed alike, one under another
(`_blocks`).  A field whose label was not read in a block that has others
is not known to be blank: a person reads it.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image
import numpy as np

from ocr import tesseract
from ocr.layout import Box, Line, find_phrase, lines_of, similar, token
from ocr.preprocess import remove_specks

from ..model import Reading
from . import election_form as form
from .doubts import note
from .layout import _crop
from .signature import _extend_rule, _rule_right
from .table import GRANT_FIELDS, GRANT_KINDS, _heading_word, _keep_row, _print_in, _total_line, _unread_row
from .values import read_value

# A label's words run together on its row with gaps of at most this (OCR reads "Shares to
# be" and "Cancelled" as two lines); a wider gap parts two labels, or a label and writing.
LABEL_GAP_IN = 0.3
# A label's writing line is at least this long.
RULE_LEAST_IN = 0.5
# A label's writing line starts at most this far right of the label's end.
FAR_RULE_IN = 2.5
# A rule this near under a label, ending at most this far past it, is the label's underline.
UNDERLINE_IN = 0.15
UNDERLINE_PAST_IN = 0.4
# A line of headings' words at most this many of a heading's heights under it is the same
# heading's next line.
STACKED_GAP = 0.8
# A label names a field when it reads as that field's heading at least this closely.
LABEL_SCORE = 0.75
CLEAN_SCORE = 0.9
# Fewer different headings than this labelled is no record of a grant: prose or a form's other lines.
LEAST_FIELDS = 3
# Two lines of one heading closer than this are no two blocks; the distances between blocks
# are whole multiples of the least to within this share of it.
BLOCK_LEAST_IN = 0.3
BLOCK_SLACK = 0.2
BLOCKS_UNCLEAR = "records_blocks_unclear"
RUNS_PAST = "writing_runs_past_its_line"
# A value is written at most this far above its line.
WRITING_HEIGHT_IN = 0.45
# A column of the room after a line inked over this share of its height is a printed wall.
WALL_FILL = 0.9


def _label_pieces(lines: list[Line], dpi: float) -> list[Line]:
    """Runs of printed words on one row with no gap wider than `LABEL_GAP_IN` between them."""
    words = sorted((w for ln in lines for w in ln.words), key=lambda w: w.left)
    rows: list[list] = []
    for w in words:
        row = next((r for r in rows if 0 <= w.left - r[-1].right <= LABEL_GAP_IN * dpi
                    and min(w.bottom, r[-1].bottom) - max(w.top, r[-1].top) >= 0.5 * min(w.height, r[-1].height)),
                   None)
        if row is None:
            rows.append([w])
        else:
            row.append(w)
    return [Line(tuple(r)) for r in rows]


def _field_of(label: Line) -> tuple[str, Box] | None:
    """The grant field a label names, or "total", and where the words that name it stand (a
    value written close after it is read into its line); None for any other print."""
    named = [(m.score >= CLEAN_SCORE, len(token(" ".join(w.text for w in m.words))) * m.score, key, m.box)
             for key, phrases in list(form.TABLE_COLUMNS.items()) + [("total", [form.TABLE_TOTAL])]
             for p in phrases for m in find_phrase([label], p, LABEL_SCORE)]
    if not named or any(find_phrase([label], p, CLEAN_SCORE) for p in form.GRANT_NUMBER):
        # (A grant's number, "GRANT NUMBER", reads loosely as "GRANTED": it names no field.)
        return None
    if any(key == "total" and clean for clean, _size, key, _box in named):
        # "TOTAL OPTIONS TENDERED": the total's line, whatever heading's words follow.
        return "total", next(box for clean, _size, key, box in named if key == "total" and clean)
    # A heading read cleanly before one read loosely ("Shares Granted" is "Granted", not "Date
    # Granted"), then the one that takes in most of the label ("Date Granted" is the date's).
    _clean, _size, key, box = max(named, key=lambda n: (n[0], n[1]))
    return key, box


def _whole_label(piece: Line, named: Box) -> Box:
    """The label whose words name a field, taken on over the headings' words that follow them
    ("PRICE" named, "PRICE PER SHARE" printed): its writing line starts after the last."""
    x1 = named.x1
    for w in sorted(piece.words, key=lambda w: w.left):
        if w.right <= named.x1:
            continue
        if not _heading_word(token(w.text)):
            break
        x1 = w.right
    return Box(named.x0, named.y0, x1, named.y1) if x1 > named.x1 else named


def labelled_lines(lines: list[Line], rules: list[Box], ink: np.ndarray,
                   dpi: float) -> tuple[list[tuple[str, Box, Box]], list[Box]]:
    """(field, label, writing line) for each heading of the grant table printed before a
    writing line of its own, top to bottom and left to right; and where every label of
    headings' words stands (a value's room ends at the next)."""
    named, printed = [], []
    for piece in _label_pieces(lines, dpi):
        heading = [w for w in piece.words if token(w.text)]
        if heading and sum(_heading_word(token(w.text)) for w in heading) >= 0.5 * len(heading):
            printed.append(piece.box)
            if (field := _field_of(piece)) is not None:
                named.append((field[0], _whole_label(piece, field[1])))
    # The writing line after a label, as the signature block's "Name: ______" has it; a line
    # broken where writing crossed it is joined up to the next label on its row.
    long = [r for r in rules if r.width >= RULE_LEAST_IN * dpi]
    starts = [box.x0 for box in printed]
    # A label standing on a rule of its own, its underline, is a column's heading: its line
    # to the right is the next heading's underline (a table whose headings are underlined,
    # no rules between its rows); nor is a rule another heading stands on any label's line.
    headings = [_heading_stack(box, printed) for _key, box in named]
    found = [(key, box, _extend_rule(rule, rules, starts, dpi)) for key, box in named
             if not _underlined(box, long, dpi)
             and (rule := _rule_right(box, long, dpi) or _rule_far_right(box, long, lines, ink, dpi)) is not None
             and not _headings_rule(rule, headings, dpi)]
    # A label broken over two lines may name its field on each ("SHS. TENDERED/" over "TO BE
    # CANCELLED"): one writing line is one field's once, named by the line nearest it.
    found = [f for f in found if not any(g is not f and g[0] == f[0] and g[2] == f[2] and g[1].y1 > f[1].y1
                                         for g in found)]
    return sorted(found, key=lambda f: (f[2].cy, f[2].x0)), printed


def _heading_stack(label: Box, printed: list[Box]) -> Box:
    """A heading with the lines of headings' words set close under it, overlapping it ("PRICE"
    over "PER SHARE"): the whole heading, whose underline stands under its last line."""
    box = label
    while (under := next((p for p in printed if 0 <= p.y0 - box.y1 <= STACKED_GAP * label.height
                          and min(p.x1, box.x1) - max(p.x0, box.x0) > 0.3 * min(p.width, box.width)), None)):
        box = Box(min(box.x0, under.x0), box.y0, max(box.x1, under.x1), under.y1)
    return box


def _headings_rule(rule: Box, headings: list[Box], dpi: float) -> bool:
    """Whether a heading that names a field stands on the rule (just over it, `UNDERLINE_IN`,
    it under most of the heading) or across it: the underline of another column's heading, or
    a line of its print taken for a rule, is no label's writing line (a table's headings
    underlined, each one's first line looking along to the next one's underline).  Only
    headings that name a field: a value written over its line may read as headings' words."""
    return any(min(h.x1, rule.x1) - max(h.x0, rule.x0) >= 0.8 * h.width
               and h.y0 <= rule.cy <= h.y1 + UNDERLINE_IN * dpi for h in headings)


def _underlined(label: Box, rules: list[Box], dpi: float) -> bool:
    """Whether a label stands on a rule of its own: a rule just under it (`UNDERLINE_IN`) across
    most of it that ends near its end, not a writing line running on past it."""
    return any(0 <= r.cy - label.y1 <= UNDERLINE_IN * dpi and r.x0 <= label.x0 + 0.2 * label.width
               and label.x1 - 0.2 * label.width <= r.x1 <= label.x1 + UNDERLINE_PAST_IN * dpi for r in rules)


def _rule_far_right(label: Box, rules: list[Box], lines: list[Line], ink: np.ndarray, dpi: float) -> Box | None:
    """A writing line on a label's level further right than `_rule_right` looks, nothing read
    or ruled between them: a short label's line where the lines of its block start at one x
    ("GRANT DATE" far before its line, under "NUMBER OF SHARES GRANTED" that ends just before
    its own).  An upright rule between them parts a table's columns: a heading's line it is not."""
    level = [r for r in rules if label.x1 + 0.6 * dpi < r.x0 <= label.x1 + FAR_RULE_IN * dpi
             and label.y1 - 0.1 * dpi <= r.cy <= label.y1 + 0.15 * dpi]
    first = min(level, key=lambda r: r.x0, default=None)
    if first is None or any(label.x1 < (w.left + w.right) / 2 < first.x0 and w.top < first.cy and w.bottom > label.y0
                            for ln in lines for w in ln.words if token(w.text)):
        return None
    between = ink[max(0, label.y0):first.y0, label.x1 + 2:max(label.x1 + 2, first.x0 - 2)]
    if between.size and (between.mean(axis=0) >= WALL_FILL).any():
        return None
    return first


def _pitch(found: list[tuple[str, Box, Box]], dpi: float) -> float | None:
    """How far apart one grant's block stands from the next: the least distance between two
    lines of one heading, of which every such distance is a whole multiple; None where a
    heading is printed once (one block), or the distances do not agree (blocks not alike)."""
    by_key: dict[str, list[float]] = {}
    for key, _label, rule in found:
        by_key.setdefault(key, []).append(rule.cy)
    gaps = [b - a for ys in by_key.values() for a, b in zip(sorted(ys), sorted(ys)[1:])]
    gaps = [g for g in gaps if g >= BLOCK_LEAST_IN * dpi]
    if not gaps:
        return None
    pitch = min(gaps)
    return pitch if all(abs(g / pitch - round(g / pitch)) <= BLOCK_SLACK for g in gaps) else -1.0


def _columns(found: list[tuple[str, Box, Box]], dpi: float) -> tuple[list[list[tuple[str, Box, Box]]], bool]:
    """The labelled lines of blocks printed side by side (cards two to a row), left to right,
    and whether the page says so clearly.  Blocks stand side by side where one heading's lines
    stand on one level more than once: its lines on such a level are one to a column, and each
    line belongs to the column whose lines' middle is nearest its own.  Blocks one under
    another are one column."""
    levels: list[list[Box]] = []
    for key in {f[0] for f in found}:
        rules = sorted((f[2] for f in found if f[0] == key), key=lambda r: r.cy)
        by_level: list[list[Box]] = []
        for r in rules:
            if by_level and abs(by_level[-1][-1].cy - r.cy) <= BLOCK_LEAST_IN * dpi / 2:
                by_level[-1].append(r)
            else:
                by_level.append([r])
        levels += by_level
    across = max((len(lv) for lv in levels), default=1)
    if across < 2:
        return [found], True
    middles = [float(np.median([sorted(lv, key=lambda r: r.cx)[i].cx for lv in levels if len(lv) == across]))
               for i in range(across)]
    columns: list[list[tuple[str, Box, Box]]] = [[] for _ in middles]
    for f in found:
        columns[min(range(across), key=lambda i: abs(middles[i] - f[2].cx))].append(f)
    # Clear when no level holds two lines of a heading in one column.
    clear = all(len({min(range(across), key=lambda i: abs(middles[i] - r.cx)) for r in lv}) == len(lv)
                for lv in levels)
    return columns, clear


def _blocks(found: list[tuple[str, Box, Box]], dpi: float) -> tuple[list[list[tuple[str, Box, Box]]], bool]:
    """The labelled lines of each grant's block, in reading order (across, then down), and
    whether the page says so clearly.  Every block is printed alike: a heading stands at the
    same height in each, one `_pitch` under the last, so a block whose label for a field was
    not read is still told from the next (grouping by a heading met again would take the next
    block's date into it).  Blocks side by side are told apart by `_columns`.  The blocks are
    counted from the heading first in the table's order."""
    found = [f for f in found if f[0] != "total"]
    columns, side_clear = _columns(found, dpi)
    pitch = _pitch(found, dpi)
    order = lambda f: (f[2].cy, f[2].x0)  # noqa: E731
    if pitch is None:
        return [sorted(c, key=order) for c in columns if c], side_clear
    if pitch < 0:
        return [sorted(found, key=order)], False
    first = min(found, key=lambda f: (GRANT_FIELDS.index(f[0]), f[2].cy))
    top = first[2].cy
    offsets = {key: float(np.median([(rule.cy - top) % pitch for k, _l, rule in found if k == key]))
               for key in {f[0] for f in found}}
    blocks: dict[tuple[int, int], list[tuple[str, Box, Box]]] = {}
    clear = side_clear
    for col, column in enumerate(columns):
        for f in column:
            at = (f[2].cy - top - offsets[f[0]]) / pitch
            n = round(at)
            clear = clear and abs(at - n) <= BLOCK_SLACK and all(g[0] != f[0] for g in blocks.get((n, col), []))
            blocks.setdefault((n, col), []).append(f)
    if not blocks:
        return [], clear
    # A block between two others with no label read at all is a grant of which nothing was read.
    first_slot, last_slot = min(blocks), max(blocks)
    slots = [(n, col) for n in range(first_slot[0], last_slot[0] + 1) for col in range(len(columns))
             if first_slot <= (n, col) <= last_slot]
    return [sorted(blocks.get(s, []), key=order) for s in slots], clear


def _labels_missing(found: list[tuple[str, Box, Box]], dpi: float) -> bool:
    """Whether some block lacks a label another block has: the blocks are printed alike."""
    blocks, _clear = _blocks(found, dpi)
    keys = {f[0] for f in found if f[0] != "total"}
    return len(keys) < len(GRANT_FIELDS) or any({f[0] for f in b} != keys for b in blocks)


def _read_again(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box],
                found: list[tuple[str, Box, Box]], dpi: float, timeout: float):
    """`labelled_lines` over the records' band read on its own at the page's resolution, or None."""
    band = Box(0, max(0, min(f[2].y0 for f in found) - int(0.6 * dpi)), image.width,
               min(image.height, max(f[2].y1 for f in found) + int(0.6 * dpi)))
    words = _print_in(image, ink, band, dpi, timeout)
    if words is None:
        return None
    kept = [ln for ln in lines if not band.y0 <= ln.box.cy <= band.y1]
    return labelled_lines(sorted(kept + lines_of(words), key=lambda ln: (ln.box.y0, ln.box.x0)), rules, ink, dpi)


def _runs_past(ink: np.ndarray, lines: list[Line], place: Box, rule: Box, labels: list[Box], dpi: float) -> bool:
    """Writing that goes on past a line's end: ink over the line's height in the room after
    its end (up to the next label on its row, or into the margin), or a word read across its
    end (writing and the next label's print read as one).  A line read blank with its value
    written wholly past its end is one too."""
    # (A word set close after the line may begin a pixel or two before its end.)
    ahead = [b.x0 for b in labels if b.x0 > place.x1 - int(0.05 * dpi) and b.x1 > place.x1
             and min(b.y1, place.y1) - max(b.y0, place.y0) > 0]
    x0, x1 = place.x1 + 1, min([ink.shape[1]] + [x - 2 for x in ahead])
    strip = ink[max(0, place.y0):max(0, rule.y0 - int(0.02 * dpi)), x0:x1] if x1 > x0 else ink[:0, :0]
    if strip.size:
        # A printed wall after the line (a card's side) runs through the whole room: not writing.
        walls = strip.mean(axis=0) >= WALL_FILL
        walls = walls | np.roll(walls, 1) | np.roll(walls, -1)
        strip = strip * ~walls[None, :]
    if strip.size and remove_specks(strip, max(4, int((0.012 * dpi) ** 2))).any(axis=1).sum() >= 0.03 * dpi:
        return True
    return any(w.left < place.x1 - 0.05 * dpi < w.right and min(w.bottom, place.y1) - max(w.top, place.y0) > 0
               for ln in lines for w in ln.words)


def read_records(image: Image.Image, ink: np.ndarray, lines: list[Line], rules: list[Box], dpi: float, *,
                 page: int, timeout: float, crops: Path | None) -> list[dict[str, Reading]] | None:
    """The grants of a page that prints them as records; None where it prints none."""
    found, labels = labelled_lines(lines, rules, ink, dpi)
    if len({key for key, _l, _r in found if key != "total"}) < LEAST_FIELDS:
        return None
    if _labels_missing(found, dpi):
        # Labels printed small are lost at the page read's resolution (a photographed page):
        # the records' band is read again at the page's own, and the reading that labels more
        # of the blocks' lines is kept, unless its blocks are not printed alike where the
        # first reading's were (a line's label read twice, or a streak read as print).
        again = _read_again(image, ink, lines, rules, found, dpi, timeout)
        if again is not None and len(again[0]) > len(found) and (_blocks(again[0], dpi)[1]
                                                                 or not _blocks(found, dpi)[1]):
            found, labels = again
    grants: list[dict[str, Reading]] = []
    blocks, clear = _blocks(found, dpi)
    totals = [f for f in found if f[0] == "total"]
    for block in blocks + [[t] for t in totals]:
        idx = len(grants)
        row: dict[str, Reading] = {}
        total = bool(block) and block[0][0] == "total"
        for key, label, rule in block:
            field = "shares_tendered" if key == "total" else key
            above = [r.y1 for r in rules if r.y1 < rule.y0 - 0.1 * dpi and min(r.x1, rule.x1) - max(r.x0, rule.x0) > 0]
            top = max([rule.y0 - int(WRITING_HEIGHT_IN * dpi)] + [y + 2 for y in above])
            place = Box(rule.x0, top, rule.x1, rule.y1 + int(0.06 * dpi))
            row[field] = read_value(image, ink, place, GRANT_KINDS[field], dpi, page=page, timeout=timeout,
                                    crop_path=_crop(crops, page, f"grant{idx + 1}-{field}"))
            row[field].evidence["label"] = key
            if _runs_past(ink, lines, place, rule, labels, dpi):
                # Writing goes on past the line's end, into the next label's print or the
                # margin: what was read may be a piece of it ("12.5" read "12.").
                row[field].confidence = min(row[field].confidence, 0.5)
                note(row[field], RUNS_PAST)
        if row and all(r.evidence.get("blank") and not r.evidence.get("doubts") for r in row.values()):
            continue                # a block left empty
        if not clear and not total:
            # The blocks are not printed alike: which block a value belongs to is a person's.
            for r in row.values():
                r.confidence = min(r.confidence, 0.5)
                note(r, BLOCKS_UNCLEAR)
        for field in GRANT_FIELDS:
            if field not in row:
                if total:
                    row[field] = Reading(None, 1.0, page=page, evidence={"blank": True})
                else:
                    # The block has no label read for this field: what is written for it is unknown.
                    row[field] = Reading(None, 0.0, page=page, evidence={"why": "its label was not read",
                                                                          "label_unread": True})
        if total:
            row["shares_tendered"].evidence["printed_total"] = True
        _keep_row(row, grants)
    _total_line(grants)
    if not clear:
        # Blocks not printed alike run together: how many grants they hold is a person's to
        # count (a block taken into another is a grant lost, silently).
        grants.append(_unread_row("the records' blocks are not printed alike: a grant may have been "
                                  "taken into another", page, None, BLOCKS_UNCLEAR))
    return grants
