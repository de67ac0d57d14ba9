"""Filling in the forms: what a holder writes, how they write it, and the truth of it.

Each ``fill_*`` function takes blank pages from :mod:`samples.typesets`, writes values
drawn from the roster (in the many ways people write dates, prices and numbers) and
returns the filled pages with the ground truth in the contract's normal forms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from PIL import Image

from samples import cents_rule, tick_comb
from samples import hand as H
from samples import typesets as T
from samples.people import CUTOFF, Grant, Holder

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DATE_FORMATS = ("m/d/yy", "Month d, yyyy", "mm-dd-yyyy", "yyyy-mm-dd", "m/d/yyyy",
                "Mon d, yyyy")
TIME_FORMATS = ("h:mm AM", "HH:MM", "h:mmam", "h:mm a.m.")


def fmt_date(d: date, style: str) -> str:
    if style == "m/d/yy":
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if style == "Month d, yyyy":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "Mon d, yyyy":
        return f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"
    if style == "mm-dd-yyyy":
        return f"{d.month:02d}-{d.day:02d}-{d.year}"
    if style == "m/d/yyyy":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "mm/dd/yyyy":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    return d.isoformat()


def fmt_time(h: int, m: int, style: str) -> str:
    h12 = h % 12 or 12
    ap = "AM" if h < 12 else "PM"
    if style == "h:mm AM":
        return f"{h12}:{m:02d} {ap}"
    if style == "h:mmam":
        return f"{h12}:{m:02d}{ap.lower()}"
    if style == "h:mm a.m.":
        return f"{h12}:{m:02d} {ap[0].lower()}.m."
    return f"{h:02d}:{m:02d}"


def fmt_price(p: str, rng: random.Random, dollar: bool) -> str:
    s = p
    if p.endswith("0") and rng.random() < 0.3:
        s = p[:-1]
    return ("$" if dollar else "") + s


def fmt_shares(n: int, commas: bool) -> str:
    return f"{n:,}" if commas else str(n)


def fmt_ssn(ssn: str, rng: random.Random) -> str:
    return ssn if rng.random() < 0.75 else ssn.replace("-", " ")


def written_name(h: Holder, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.72:
        return h.name
    if r < 0.82 and h.middle:
        return f"{h.first[0]}. {h.middle}. {h.last}"
    if r < 0.92:
        return f"{h.first} {h.last}"
    return f"{h.first[0]}. {h.last}"


@dataclass
class Quirks:
    """How a person fills a form beyond the values' formats (sets made with variety)."""

    caps: bool  # prints names, addresses and month names in capitals
    overrun: float  # how often a value runs over its line's end or into the next cell
    correct: str  # the one value struck through and written again ("" for none)
    exact_prices: bool  # "$12.50", never "12.5"
    signature_hand: str = H.SIGNATURE_HAND
    note: str = ""  # a few words written in the signature page's bottom margin
    light: bool = False  # a pencil or a pale pen
    share_cents: bool = False  # a typist who types counts as money: "1,000.00"

    @classmethod
    def random(cls, rng: random.Random, hand: str) -> "Quirks":
        typed = hand == "typewriter"
        caps = rng.random() < (0.45 if typed else 0.2)
        overrun = 0.0 if typed or rng.random() < 0.7 else rng.uniform(0.1, 0.3)
        correct = rng.choice(CORRECTABLE) if rng.random() < 0.18 else ""
        return cls(caps, overrun, correct, typed and rng.random() < 0.7,
                   rng.choice(H.SIGNATURE_HANDS),
                   rng.choice(MARGIN_NOTES) if rng.random() < 0.1 else "",
                   not typed and rng.random() < 0.1, typed and rng.random() < 0.15)


MARGIN_NOTES = ("Please confirm receipt", "See attached sheet", "Thanks!",
                "Fax back confirmation pls", "Original by mail", "2nd copy - 1st was unclear")
# values a person may strike through and write again
CORRECTABLE = ("ssn", "datetime", "grant_date", "shares_granted", "shares_tendered",
               "exercise_price")


@dataclass
class Habits:
    """How one person writes things down, consistent within a form."""

    pen: H.Pen
    date_style: str
    sign_date_style: str
    time_style: str
    dollar: bool
    commas: bool
    mark: str
    quirks: Quirks | None = None  # None: as the first sets were filled

    @classmethod
    def random(cls, rng: random.Random, hand: str) -> "Habits":
        ds = rng.choice(DATE_FORMATS)
        return cls(H.Pen.random(rng, hand), ds,
                   ds if rng.random() < 0.7 else rng.choice(DATE_FORMATS),
                   rng.choice(TIME_FORMATS), rng.random() < 0.5, rng.random() < 0.6,
                   rng.choice(H.MARKS))


def with_quirks(hb: Habits, rng: random.Random) -> Habits:
    """The habits with quirks drawn; a typist mostly dates as typists do."""
    hb = replace(hb, quirks=Quirks.random(rng, hb.pen.hand))
    if hb.quirks.light:
        hb = replace(hb, pen=replace(hb.pen, ink=rng.randint(85, 115)))  # faint, yet faxed
    if hb.pen.hand == "typewriter" and rng.random() < 0.5:
        style = rng.choice(("m/d/yyyy", "mm/dd/yyyy", "Month d, yyyy"))
        hb = replace(hb, date_style=style, sign_date_style=style)
    return hb


@dataclass
class Filled:
    pages: list[Image.Image]
    doc: dict  # truth document, pages relative to this document (0-based)
    boxes: dict = field(default_factory=dict)  # name -> (page index, bbox px)


def _w(page, text, anchor, hb: Habits, rng, key: str = "", record: dict | None = None):
    """Write a value in its anchor, with the writer's quirks when it has them."""
    if not text:
        return
    q = hb.quirks
    if q is None:
        H.write(page, text, anchor, hb.pen, rng)
        return
    done = record is not None and key in record.get("corrected", [])
    if q.correct and q.correct == key and not done:  # one value per form
        _corrected(page, text, anchor, hb, rng)
        if record is not None:
            record.setdefault("corrected", []).append(key)
        return
    if q.overrun and rng.random() < q.overrun:
        x0, y0, x1, y1 = anchor
        w = x1 - x0
        big = replace(hb.pen, size=int(hb.pen.size * 1.15))
        end = min(page.width - T.px(0.4), x1 + int(w * rng.uniform(0.08, 0.3)))
        box = (x0, y0 - (y1 - y0) // 5, end, y1 + rng.randint(0, 8))
        bb = H.write(page, text, box, big, rng, end_at=end)
        if record is not None and bb[2] > x1:
            record.setdefault("overrun", []).append(key)
        return
    H.write(page, text, anchor, hb.pen, rng)


def _field(page, anchors: dict, key: str, text: str, hb: Habits, rng,
           quirk: str = "", record: dict | None = None) -> None:
    """Write a value on its ``line:<key>``, or one character in each of its boxes when the
    typeset gives it a row of them (``comb:<key>``): an SSN's digits alone, a space left
    as an empty box; what the boxes cannot hold runs on past the last one."""
    cells = anchors.get(f"comb:{key}")
    if cells is None:
        _w(page, text, anchors[f"line:{key}"][1], hb, rng, quirk, record)
        return
    if key == "ssn":
        text = "".join(ch for ch in text if ch.isdigit())
    boxes = cells[1]
    H.write_boxed(page, text[:len(boxes)], boxes, hb.pen, rng)
    if len(text) > len(boxes):
        x0, y0, x1, y1 = boxes[-1]
        H.write(page, text[len(boxes):].strip(), (x1 + 6, y0, page.width - T.px(0.3), y1),
                hb.pen, rng, start=0.0)
        if record is not None and quirk:
            record.setdefault("overrun", []).append(quirk)


def _wrong(text: str, rng: random.Random) -> str:
    """The value as first (wrongly) written: one digit changed."""
    at = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not at:
        return text[::-1]
    i = rng.choice(at)
    d = rng.choice([c for c in "0123456789" if c != text[i] and (i != at[0] or c != "0")])
    return text[:i] + d + text[i + 1:]


def _corrected(page, text: str, anchor, hb: Habits, rng: random.Random) -> None:
    """A value written wrongly, struck through, and written again beside it."""
    x0, y0, x1, y1 = anchor
    cut = x0 + int((x1 - x0) * 0.47)
    bb = H.write(page, _wrong(text, rng), (x0, y0, cut, y1), hb.pen, rng, start=0.0)
    H.strike(page, bb, rng, hb.pen.ink)
    H.write(page, text, (max(cut, bb[2] + 8), y0, x1, y1), hb.pen, rng, start=0.1)


def initials(h: Holder, rng: random.Random) -> str:
    """The holder's initials as people write them: "JQD", "J.Q.D." or "JD"."""
    letters = [h.first[0], h.middle[0], h.last[0]] if h.middle else [h.first[0], h.last[0]]
    r = rng.random()
    if r < 0.55:
        return "".join(letters)
    if r < 0.85:
        return "".join(c + "." for c in letters)
    return letters[0] + letters[-1]


def _mark(page, bbox, hb: Habits, rng, style: str = "", who: Holder | None = None,
          answer: bool = True):
    """Mark a box (``answer`` False: the mark that says no, where a style has one)."""
    if style == "code":  # the figure that says so written in its box: 1 yes, 2 no
        x0, y0, x1, y1 = bbox
        inside = (x0 + 5, y0 + 4, x1 - 4, y1 - 3)
        H.write(page, "1" if answer else "2", inside, H.fit(hb.pen, y1 - y0 - 6), rng,
                start=rng.uniform(0.3, 0.7))
    elif style == "write-in":  # the answer written on its blank, as the pen writes
        word = ("YES" if answer else "NO") if rng.random() < 0.75 or \
            (hb.quirks and hb.quirks.caps) else ("Yes" if answer else "No")
        x0, y0, x1, y1 = bbox
        H.write(page, word, bbox, H.fit(hb.pen, y1 - y0), rng)
    elif style == "initials":  # initialled by hand on its line, even on a typed form
        pen = hb.pen if hb.pen.hand != "typewriter" else \
            H.Pen(hb.quirks.signature_hand if hb.quirks else H.SIGNATURE_HAND,
                  rng.randint(48, 60), rng.uniform(-4, 2), 2, hb.pen.ink)
        x0, y0, x1, y1 = bbox
        H.write(page, initials(who, rng), bbox, H.fit(pen, y1 - y0), rng)
    elif style == "yes-no":  # a word to circle is circled, by pen even on a typed form
        H.ring(page, bbox, rng, hb.pen.ink, width=rng.randint(3, 6))
    elif style == "strike-out":  # the words that do not apply struck through, by pen
        H.strike(page, bbox, rng, hb.pen.ink)
    elif style == "bubble":  # an oval filled in solid, by pen even on a typed form
        H.fill_oval(page, bbox, rng, hb.pen.ink)
    elif hb.pen.hand == "typewriter":
        x0, y0, x1, y1 = bbox
        H.write(page, "X", (x0 - 4, y0 - 6, x1 + 8, y1 + 4), hb.pen, rng)
    else:
        # a line to mark on is marked with a stroke, never filled in
        kind = "x" if style == "underline" and hb.mark == "filled" else hb.mark
        H.mark_box(page, bbox, kind, rng, hb.pen.ink, width=rng.randint(3, 6))


def _signed(signed: datetime, hb: Habits, rng: random.Random, with_time: bool):
    d = fmt_date(signed.date(), hb.sign_date_style)
    if with_time:
        t = fmt_time(signed.hour, signed.minute, hb.time_style)
        return f"{d} {t}", signed.strftime("%Y-%m-%dT%H:%M")
    return d, signed.date().isoformat()


GRANT_KEYS = ("grant_date", "shares_granted", "exercise_price", "shares_exercised",
              "shares_tendered")


def _caps(text: str, hb: Habits) -> str:
    return text.upper() if hb.quirks and hb.quirks.caps else text


def _grant_row(page, anchors, r: int, g: Grant, tendered: int, hb: Habits,
               rng: random.Random, source: str, record: dict | None = None) -> dict:
    exercised_blank = g.shares_exercised == 0 and rng.random() < 0.1
    exact = hb.quirks is not None and hb.quirks.exact_prices
    cents = ".00" if hb.quirks is not None and hb.quirks.share_cents else ""
    vals = [_caps(fmt_date(g.grant_date, hb.date_style), hb),
            fmt_shares(g.shares_granted, hb.commas) + cents,
            ("$" + g.exercise_price) if exact else
            fmt_price(g.exercise_price, rng, hb.dollar),
            "" if exercised_blank else fmt_shares(g.shares_exercised, hb.commas) + cents,
            fmt_shares(tendered, hb.commas) + cents]
    for c, v in enumerate(vals):
        if f"ticks:{r}:{c}" in anchors:  # one figure to each printed place
            whole, _, part = g.exercise_price.partition(".")
            text = tick_comb.figures(c, whole + (part + "00")[:2] if c == 2 else v,
                                     g.grant_date)
            tick_comb.write(page, anchors[f"ticks:{r}:{c}"][1], text if v else "",
                            hb.pen, rng, right=c != 0)
            continue
        if c == 2 and f"cents:{r}" in anchors:  # dollars and cents apart, no point
            cents_rule.write_price(page, anchors[f"cell:{r}:2"][1],
                                   anchors[f"cents:{r}"][1], g.exercise_price, hb.pen,
                                   rng, exact or hb.dollar)
            continue
        _w(page, v, anchors[f"cell:{r}:{c}"][1], hb, rng, GRANT_KEYS[c], record)
    if f"cell:{r}:no" in anchors and rng.random() < 0.7:  # the grant number, if known
        _w(page, g.grant_number, anchors[f"cell:{r}:no"][1], hb, rng)
    return {"grant_date": g.grant_date.isoformat(), "shares_granted": g.shares_granted,
            "exercise_price": g.exercise_price,
            "shares_exercised": None if exercised_blank else g.shares_exercised,
            "shares_tendered": tendered, "source": source}


def _tendered(g: Grant, rng: random.Random) -> int:
    if rng.random() < 0.8 or g.unexercised < 200:
        return g.unexercised
    return max(100, (int(g.unexercised * rng.uniform(0.2, 0.9)) // 100) * 100)


def choose_grants(h: Holder, rng: random.Random, rows: int, want_sheet: bool):
    """Grants for the form's rows and for an additional sheet (possibly empty)."""
    open_ = [g for g in h.grants if g.unexercised > 0]
    if want_sheet and len(open_) > rows:
        extra = min(len(open_) - rows, rng.randint(1, T.SHEET_GRANTS_MOST))
        return open_[:rows], open_[rows:rows + extra]
    n = rng.randint(1, min(3, rows, len(open_))) if open_ else 0
    picked = sorted(rng.sample(open_, n), key=lambda g: g.grant_date)
    # anyone tendering must also tender the grants made since the cut-off
    recent = [g for g in open_ if g.grant_date >= CUTOFF and g not in picked]
    picked = sorted(picked + recent, key=lambda g: g.grant_date)[:rows]
    return picked, []


def _row_habits(hb: Habits, anchors: dict, ts: T.Typeset) -> Habits:
    """The habits a holder writes the grants with: a hand made smaller for ``records``,
    whose rows are low on a page set small (the room up to the rule above), for
    ``two-tier``, whose rows are lower than a table's (the cell's room), and for
    ``cards``, whose rows are lower still (the cell's room, less what the writing's
    foot may leave under it, so that it keeps clear of the rule above), for
    ``sentences``, whose blanks are lines of words (the room over a blank), for
    ``lines``, whose rules come closer on a page set small (the room over a rule), and
    for ``row-captions``, whose rules have the captions of the row before over their
    room (the room over a rule)."""
    if ts.table_style not in ("records", "two-tier", "cards", "sentences", "lines",
                              "row-captions"):
        return hb
    x0, y0, x1, y1 = anchors["cell:0:0"][1]
    room = {"records": T.px(0.06), "two-tier": T.px(0.02),
            "sentences": 0, "lines": 0, "row-captions": 0}.get(ts.table_style,
                                                                -T.px(0.04))
    return replace(hb, pen=H.fit(hb.pen, y1 - y0 + room))


def fill_election_form(h: Holder, ts: T.Typeset | str, hb: Habits, signed: datetime,
                       rng: random.Random, *, want_sheet: bool = False,
                       only_filled: bool = False) -> Filled:
    """The form filled in; ``only_filled`` sends only its first page and the pages that
    hold something to fill (the instructions' pages left out, as people often fax them)."""
    ts = T.resolve(ts)
    blank, anchors = T.election_form(ts)
    pages = [p.copy() for p in blank]
    tender = rng.random() < 0.88
    form_grants, sheet_grants = choose_grants(h, rng, ts.rows, want_sheet)
    if not tender and rng.random() < 0.4:
        form_grants = []  # unmarked and empty: a form sent back blank
    record: dict = {}
    p1 = pages[anchors["box:tender"][0]]
    if tender:
        _mark(p1, anchors["box:tender"][1], hb, rng, ts.checkbox, h)
    elif "no:tender" in anchors and rng.random() < 0.5:  # NO circled, or its box marked
        _mark(p1, anchors["no:tender"][1], hb, rng, ts.checkbox)
    elif ts.checkbox in ("write-in", "code") and rng.random() < 0.5:  # NO, or 2, written
        _mark(p1, anchors["box:tender"][1], hb, rng, ts.checkbox, answer=False)
    p2 = pages[anchors["cell:0:0"][0]]
    row_hb = _row_habits(hb, anchors, ts)
    grants, r = [], 0
    for i, g in enumerate(form_grants):
        # (only while rows enough are left for the grants still to write)
        if ts.rows - r > len(form_grants) - i and rng.random() < 0.06:
            r += 1  # a row left blank between filled ones
        grants.append(_grant_row(p2, anchors, r, g, _tendered(g, rng), row_hb, rng,
                                 "form", record))
        r += 1
    if "cell:total" in anchors and grants and rng.random() < 0.7:  # the tendered summed
        total = sum(g["shares_tendered"] for g in grants)
        _w(p2, fmt_shares(total, hb.commas), anchors["cell:total"][1], row_hb, rng)
    if sheet_grants:
        _mark(pages[anchors["box:additional"][0]], anchors["box:additional"][1], hb, rng,
              ts.checkbox, h)
    elif "no:additional" in anchors and rng.random() < 0.3:
        _mark(pages[anchors["no:additional"][0]], anchors["no:additional"][1], hb, rng,
              ts.checkbox)
    elif ts.checkbox in ("write-in", "code") and rng.random() < 0.3:
        _mark(pages[anchors["box:additional"][0]], anchors["box:additional"][1], hb, rng,
              ts.checkbox, answer=False)
    name = h.name if ts.prefilled else _caps(written_name(h, rng), hb)
    fields = _signature_block(pages[anchors["line:name"][0]], anchors, h, name, hb, signed,
                              rng, address=True, record=record, ts=ts)
    _margin_note(pages[anchors["line:name"][0]], hb, rng)
    fields = {"tender_elected": tender, "additional_sheet_attached": bool(sheet_grants),
              **fields}
    boxes = {"tender_elected": anchors["box:tender"],
             "additional_sheet_attached": anchors["box:additional"]}
    sig_page = anchors["line:name"][0]
    if only_filled:
        keep = sorted({0} | {pi for pi, _ in anchors.values()})  # the title page, always
        pages = [pages[i] for i in keep]
        boxes = {k: (keep.index(pi), bb) for k, (pi, bb) in boxes.items()}
        sig_page = keep.index(sig_page)
    if sheet_grants:
        sheet, sa = T.additional_sheet(ts)
        sp = sheet[0].copy()
        _field(sp, sa, "name", name, hb, rng)
        sheet_hb = _row_habits(hb, sa, ts)
        for i, g in enumerate(sheet_grants):
            grants.append(_grant_row(sp, sa, i, g, _tendered(g, rng), sheet_hb, rng,
                                     "additional_sheet", record))
        H.signature(sp, h.name, sa["line:signature"][1], rng, hb.pen.ink,
                    hb.quirks.signature_hand if hb.quirks else H.SIGNATURE_HAND)
        _field(sp, sa, "datetime", _caps(_signed(signed, hb, rng, False)[0], hb), hb, rng)
        # most people put the sheet at the end; some right after the signature page
        at = len(pages) if rng.random() < 0.7 else sig_page + 1
        pages.insert(at, sp)
    doc = {"document_type": "election_form", "holder_id": h.holder_id,
           "fields": fields, "grants": grants}
    _record_fill(doc, hb, record)
    return Filled(pages, doc, boxes)


def _record_fill(doc: dict, hb: Habits, record: dict) -> None:
    """The truth's ``fill``: how the values were written (only with quirks)."""
    if hb.quirks is not None:
        doc["fill"] = {"caps": hb.quirks.caps, "corrected": record.get("corrected", []),
                       "overrun": record.get("overrun", []),
                       "signature": record.get("signature"),  # the text signed
                       "note": hb.quirks.note, "light": hb.quirks.light,
                       "share_cents": hb.quirks.share_cents}


def _margin_note(page, hb: Habits, rng: random.Random) -> None:
    if hb.quirks and hb.quirks.note:
        H.write(page, hb.quirks.note, (T.px(0.5), T.PAGE_H - T.px(0.75), T.px(4.5),
                                       T.PAGE_H - T.px(0.25)), hb.pen, rng)


def _print(page, text: str, anchors: dict, key: str, ts: T.Typeset) -> None:
    """A value the company printed on the form before sending it (mail merge): on its
    line, or a character centred in each of its boxes."""
    from PIL import ImageDraw
    d = ImageDraw.Draw(page)
    f = T.font(ts.font, int(ts.size_pt * 1.1 * T.RENDER_DPI / 72))
    if f"comb:{key}" in anchors:
        for ch, (x0, y0, x1, y1) in zip(text, anchors[f"comb:{key}"][1]):
            d.text(((x0 + x1) / 2, (y0 + y1) / 2), ch, font=f, fill=0, anchor="mm")
        return
    x0, y0, x1, y1 = anchors[f"line:{key}"][1]
    d.text((x0 + T.px(0.08), y1 - int(f.size * 1.25)), text, font=f, fill=0)


def _signature_block(page, anchors, h: Holder, name: str, hb: Habits, signed: datetime,
                     rng: random.Random, address: bool, record: dict | None = None,
                     ts: T.Typeset | None = None) -> dict:
    prefilled = ts is not None and ts.prefilled
    sig = rng.random() < 0.9
    if sig:
        signed_as = H.signature(page, h.name, anchors["line:signature"][1], rng, hb.pen.ink,
                                hb.quirks.signature_hand if hb.quirks else H.SIGNATURE_HAND)
        if record is not None:
            record["signature"] = signed_as
    ssn_blank = rng.random() < 0.04
    if not ssn_blank:
        _field(page, anchors, "ssn", fmt_ssn(h.ssn, rng), hb, rng, "ssn", record)
    if prefilled:
        _print(page, name, anchors, "name", ts)
    else:
        _field(page, anchors, "name", name, hb, rng, "holder_name", record)
    with_time = rng.random() < 0.75
    when, when_norm = _signed(signed, hb, rng, with_time)
    if "line:date" in anchors:  # the date and the time on lines of their own
        _field(page, anchors, "date", _caps(fmt_date(signed.date(), hb.sign_date_style), hb),
               hb, rng, "datetime", record)
        if with_time:
            _field(page, anchors, "time",
                   _caps(fmt_time(signed.hour, signed.minute, hb.time_style), hb), hb, rng)
    else:
        _field(page, anchors, "datetime", _caps(when, hb), hb, rng, "datetime", record)
    fields = {"holder_name": name, "ssn": None if ssn_blank else h.ssn,
              "signature_present": sig, "signed_at": when_norm}
    if address:
        lines = list(h.address_lines)
        if len(lines) == 3 and rng.random() < 0.4:
            lines = [f"{lines[0]} {lines[1]}", lines[2]]
        elif len(lines) == 2 and rng.random() < 0.3:
            town, st, z = lines[1].rsplit(" ", 2)
            lines = [lines[0], town, f"{st} {z}"]
        lines = lines if prefilled else [_caps(ln, hb) for ln in lines]
        for i, ln in enumerate(lines):
            if prefilled:
                _print(page, ln, anchors, f"addr{i + 1}", ts)
            else:
                _field(page, anchors, f"addr{i + 1}", ln, hb, rng, "address", record)
        fields["address"] = ", ".join(lines)
    return fields


def fill_change_notice(h: Holder, ts: T.Typeset | str, hb: Habits, signed: datetime,
                       rng: random.Random) -> Filled:
    blank, anchors = T.change_notice(ts)
    page = blank[0].copy()
    record: dict = {}
    ts = T.resolve(ts)
    name = h.name if ts.prefilled else _caps(written_name(h, rng), hb)
    fields = _signature_block(page, anchors, h, name, hb, signed, rng, address=False,
                              record=record, ts=ts)
    doc = {"document_type": "change_notice", "holder_id": h.holder_id,
           "fields": fields, "grants": []}
    _record_fill(doc, hb, record)
    return Filled([page], doc, {})


COVER_FONTS = [("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
               ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
               ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf")]


def fill_cover(h: Holder, hb: Habits, sent: datetime, total_pages: int,
               rng: random.Random) -> Image.Image:
    fonts = rng.choice(COVER_FONTS)
    blank, a = T.cover_sheet(*fonts)
    page = blank[0].copy()
    vals = {"date": fmt_date(sent.date(), hb.sign_date_style),
            "to": rng.choice(["James Polakiewicz", "J. Polakiewicz", "Jim Polakiewicz"]),
            "company": rng.choice(["Alpha Technologies", "Alpha Technologies Group"]),
            "fax number": rng.choice(["(603) 635-5160", "603-635-5160"]),
            "from": h.name, "phone": f"(603) 555-{rng.randint(100, 9999):04d}",
            "pages": str(total_pages) + rng.choice(["", " incl. cover", " (with cover)"]),
            "re": rng.choice(["Election Form", "Option exchange - Election Form",
                              "Offer to Exchange Options"])}
    for k, v in vals.items():
        _w(page, v, a[k][1], hb, rng)
    if rng.random() < 0.6:
        msg = rng.choice(["Please confirm receipt. Thanks!", "My election form is attached.",
                          "Sorry for the late fax.", "Original to follow by hand."])
        x0, y0, x1, _ = a["message"][1]
        _w(page, msg, (x0, y0, x1, y0 + 90), hb, rng)
    return page


def boxes_fraction(boxes: dict, page_offset: int) -> dict:
    """Boxes as [x0, y0, x1, y1, page] with coordinates as fractions of the page."""
    out = {}
    for k, (pi, (x0, y0, x1, y1)) in boxes.items():
        out[k] = [round(x0 / T.PAGE_W, 4), round(y0 / T.PAGE_H, 4), round(x1 / T.PAGE_W, 4),
                  round(y1 / T.PAGE_H, 4), page_offset + pi + 1]
    return out
