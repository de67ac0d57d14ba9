"""Values as people write them, turned into the contract's normal forms.

Each parser returns the normal form, or None when the text cannot be that kind
of value.  Parsers are strict: a value that only half fits is None, so that it
goes to review instead of being guessed.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, ms in enumerate(
    [("JAN", "JANUARY"), ("FEB", "FEBRUARY"), ("MAR", "MARCH"), ("APR", "APRIL"), ("MAY",),
     ("JUN", "JUNE"), ("JUL", "JULY"), ("AUG", "AUGUST"), ("SEP", "SEPT", "SEPTEMBER"),
     ("OCT", "OCTOBER"), ("NOV", "NOVEMBER"), ("DEC", "DECEMBER")], start=1) for m in ms}

# Letters OCR engines give for digits in a field that can only hold digits.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1",
                                   "i": "1", "!": "1", "Z": "2", "z": "2", "S": "5", "s": "5",
                                   "B": "8", "b": "6", "G": "6", "g": "9", "q": "9", "T": "7"})


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\u2014", "-").replace("\u2013", "-").split())


def _month(word: str) -> int | None:
    """A month's number from its name or abbreviation; a full name of five letters or more
    with one letter misread, left out or added ("Saptember", "Deember") is still that month:
    no two such names are within two letters of each other."""
    w = word.upper()
    if w in MONTHS:
        return MONTHS[w]
    near = {MONTHS[m] for m in MONTHS if len(m) >= 5 and len(w) >= 5 and one_edit(w, m)}
    return near.pop() if len(near) == 1 else None


def one_edit(a: str, b: str) -> bool:
    """a and b differ by at most one letter changed, left out or added."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _year(y: int) -> int:
    if y < 100:
        return 2000 + y if y < 50 else 1900 + y
    return y


def parse_date(text: str | None) -> str | None:
    """3/28/03, 03-28-2003, March 28, 2003, 28 Mar 2003, 2003-03-28 -> 2003-03-28."""
    t = _clean(text).strip(" .,()[]")
    if not t:
        return None
    m = re.fullmatch(r"(\d{4})[-/. ](\d{1,2})[-/. ](\d{1,2})", t)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d{4})", t) or \
            re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s+(\d{4})|(\d{1,2})\s+(\d{1,2})\s*[-/.]\s*(\d{4})", t)
        if m and m[1] is None:
            m = [m[0], m[4], m[5], m[6]]      # one separator a space: "03-28 2003", "08 10-1999"
        if m:
            mo, d, y = int(m[1]), int(m[2]), _year(int(m[3]))
        else:
            # "Sep 30, 1997", "Sep 30,1997", "February 10.2003", "March 28 03"
            m = re.fullmatch(r"([A-Za-z]{3,10})\.?\s*(\d{1,2})(?:st|nd|rd|th)?(?:[,.]\s*|\s+)(\d{2}|\d{4})", t)
            if m and _month(m[1]):
                mo, d, y = _month(m[1]), int(m[2]), _year(int(m[3]))
            else:
                m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]{3,10})\.?,?\s+(\d{2}|\d{4})", t)
                if not (m and _month(m[2])):
                    return None
                d, mo, y = int(m[1]), _month(m[2]), _year(int(m[3]))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def parse_time(text: str | None) -> str | None:
    """2:15 PM, 14:15, 4:40pm, 9 am, 4.40 p.m. -> HH:MM (24-hour)."""
    t = _clean(text).lower().replace(".", ":").replace(" ", "")
    t = t.replace("p:m:", "pm").replace("a:m:", "am").replace("p:m", "pm").replace("a:m", "am").rstrip(":")
    t = re.sub(r"(?<=\d):+(am|pm)$", r"\1", t).lstrip(":")   # "4:32. PM", ".7:44 p.m.": stray stops
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?(am|pm)?", t)
    if not m:
        # "403 PM", "1034am": the colon left out (or too faint to read) before a.m. or p.m.;
        # or four digits of a 24-hour clock ("1416", "0930").  ("403" alone is no time.)
        m = re.fullmatch(r"(\d{1,2})(\d{2})(am|pm)", t) or re.fullmatch(r"(\d{2})(\d{2})()", t)
    if not m or (m[2] is None and m[3] is None):
        return None
    h, mi, half = int(m[1]), int(m[2] or 0), m[3] or None
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half == "pm" else 0)
    if h > 23 or mi > 59:
        return None
    return f"{h:02d}:{mi:02d}"


def parse_signed_at(text: str | None) -> str | None:
    """A date with an optional time after it: '3/28/03 2:15 PM' -> 2003-03-28T14:15."""
    t = _clean(text).strip(" ,")
    if not t:
        return None
    d = parse_date(t)
    if d:
        return d
    m = re.fullmatch(r"(.*?\d)[\s,.@at]+(\d{1,2}(?:[:.]\d{2})?\.?\s*(?:[ap]\.?\s?m\.?)?|\d{3,4}\s*[ap]\.?\s?m\.?"
                     r"|\d{4})", t, flags=re.I)
    if m:
        d, tm = parse_date(m[1]), parse_time(m[2])
        if d and tm and not (m[2].isdigit() and m[2] == d[:4]):   # a year written twice is no time
            return f"{d}T{tm}"
    # The space between date and time lost: a four-digit year (or ISO date) is where the date ends.
    m = re.fullmatch(r"(.*?(?:\d{4}-\d{2}-\d{2}|\d{4}))[.,]?(\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?)", t, flags=re.I)
    if m:
        d, tm = parse_date(m[1]), parse_time(m[2])
        if d and tm:
            return f"{d}T{tm}"
    return None


def parse_count(text: str | None) -> int | None:
    """10,000 or 10000 or 10.000 or 10,000.00 -> 10000; '0', '0.00', '-' (none) -> 0."""
    t = _clean(text)
    if re.fullmatch(r"\d{1,3}( \d{3})+", t):
        t = t.replace(" ", ",")
    elif re.search(r"\d\s+\d", t):
        return None   # two numbers side by side: not one count
    t = t.replace(" ", "")
    if t in ("-", "--", "—"):
        return 0
    t = t.translate(_DIGIT_LOOKALIKES) if re.fullmatch(r"[\dOoDQlIi|!SsBZzGgqT,.:]+", t) else t
    # A count typed as money, "10,000.00" or "0.00" (a typist's habit): whole shares.  Not a
    # one- or two-digit number with cents: that is a price ("5.00") in the wrong place.
    if m := re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d{3,9}|0)\.00", t):
        t = m[1]
    if re.fullmatch(r"\d{1,3}([,.:]{1,2}\d{3})+", t):      # "3.,000", "40:000": a speck by the comma
        return int(re.sub(r"[,.:]", "", t))
    if re.fullmatch(r"\d{1,9}", t):
        return int(t)
    return None


def parse_price(text: str | None) -> str | None:
    """$12.50, 12.5, 12-50, 12,50 -> '12.50'."""
    t = _clean(text).replace(" ", "").lstrip("$Ss").rstrip(".")
    m = re.fullmatch(r"(\d{1,5})(?:[.,:\-](\d{1,2}))?", t)      # "$15:75": a speck over the point
    if not m:
        return None
    cents = (m[2] or "0").ljust(2, "0")
    return f"{int(m[1])}.{cents}"


def parse_cents(text: str | None) -> int | None:
    """The cents of an amount written in a cell of their own: two figures, "05" -> 5."""
    t = _clean(text).replace(" ", "")
    t = t.translate(_DIGIT_LOOKALIKES) if re.fullmatch(r"[\dOoDlI|Ss]+", t) else t
    return int(t) if re.fullmatch(r"\d{2}", t) else None


def parse_ssn(text: str | None) -> str | None:
    """123-45-6789, 123 45 6789, 123456789 -> 123-45-6789 (exactly nine digits)."""
    t = _clean(text)
    if not re.fullmatch(r"[\dOoDlIS|\s\-.]+", t):
        return None
    digits = re.sub(r"[\s\-.]", "", t).translate(_DIGIT_LOOKALIKES)
    if not re.fullmatch(r"\d{9}", digits):
        return None
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def parse_name(text: str | None) -> str | None:
    t = _clean(text).strip(" ,.;:_-")
    if not re.search(r"[A-Za-z]{2}", t):
        return None
    if re.search(r"\d", t):
        return None
    # An initial's stop read as a comma ("Carol C, Ross"): a name has no comma there.
    return re.sub(r"(?<![A-Za-z])([A-Z]),(?=\s*[A-Z])", r"\1.", t)


def parse_address(lines: list[str]) -> str | None:
    kept = [_clean(x).strip(" ,_").lstrip(".;:'` ") for x in lines]     # ".Chelmsford": a speck read as a stop
    # A unit number one way however it was spaced: "#35" and "# 35" are "# 35".
    kept = [re.sub(r"#\s*(?=\w)", "# ", x) for x in kept]
    kept = [x for x in kept if x]
    return _unglued(", ".join(kept)) or None


def _unglued(address: str) -> str:
    """An address's first and last words as the post office writes them: the house number
    apart from the street ("334Oak Ave", "174. Pine Rd": a stroke read as a stop, or the space
    lost), and the state apart from a ZIP that ends the address ("NH03038", "NH.03076",
    "01826."): a speck or a lost space is no part of an address."""
    address = re.sub(r"^(\d+)(?:\.\s+|(?=[A-Z][a-z]{2,}))", r"\1 ", address)
    address = re.sub(r"(\d{5}(?:-\d{4})?)[.,;:]+$", r"\1", address)
    return re.sub(r"(?<![A-Za-z])([A-Z]{2})[.,]?(\d{5}(?:-\d{4})?)$", r"\1 \2", address)


PARSERS = {
    "date": parse_date,
    "count": parse_count,
    "price": parse_price,
    "cents": parse_cents,
    "ssn": parse_ssn,
    "name": parse_name,
    "signed_at": parse_signed_at,
    "time": parse_time,
}


def parse_bool(text: str | None) -> bool | None:
    t = _clean(text).lower()
    if t in ("y", "yes", "true", "1", "x", "checked", "marked"):
        return True
    if t in ("n", "no", "false", "0", "unchecked", "blank"):
        return False
    return None
