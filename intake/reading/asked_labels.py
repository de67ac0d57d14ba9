"""Labels worded as questions or prompts: the signature block's fields found by what a short
line asks for, not by the form's label phrases.

Questionnaires and intake forms ask for each field ("2. What is your Social Security number?",
"Please sign here to confirm your answers:") and leave a rule under the question to answer
on.  Such a line is mostly words no label holds, so the label phrases (`form.SIGNATURE_BLOCK`)
miss it; here a short line that asks (a question mark in it, or a colon at its end, on it or
on the one piece of line that ends it under it) is the label of the one field whose words it
holds (`form.ASKED_FIELDS`).  A line that holds two fields' words asks for neither: where it
stands, a label printed as one names them (`shared_rooms`).  Where the value stands is then
found on the page as for any label.
"""

from __future__ import annotations

from ocr.layout import Line, Match, token

from . import election_form as form

# a line that asks is ended, at most this many of its heights under it, by a short piece
# holding its question mark ("ON WHAT DATE AND AT WHAT TIME ARE YOU" over "SIGNING?")
END_UNDER = 1.8
END_WORDS_MOST = 3


def _asks(text: str) -> bool:
    return "?" in text or text.rstrip(" .)").endswith((":", ";"))


def _ending(line: Line, pieces: list[Line]) -> Line | None:
    """The short piece of line under `line` that ends its question, if one does."""
    h = line.box.height
    return next((p for p in pieces if p is not line and 0 <= p.box.y0 - line.box.y1 <= END_UNDER * h
                 and len(p.words) <= END_WORDS_MOST and line.box.x0 - h <= p.box.x0 <= line.box.x1
                 and _asks(p.text)), None)


def _field(words: set[str]) -> str | None:
    """The one field a line holding `words` asks for (the first of `form.ASKED_FIELDS` whose
    every group it holds), or None when it holds another field's words too."""
    said = [key for key, groups in form.ASKED_FIELDS if all(words & set(g) for g in groups)]
    if not said:
        return None
    fields = {key.split(".")[0] for key in said}
    return said[0] if len(fields) == 1 else None


def asked_labels(pieces: list[Line], taken: set[int]) -> dict[str, Match]:
    """Each field asked for by a short line among `pieces` (lines parted at their wide gaps)
    whose words are not `taken` by a label found by its phrases: field -> the asking words."""
    out: dict[str, Match] = {}
    for line in pieces:
        if any(id(w) in taken for w in line.words):
            continue
        asks = _asks(line.text)
        end = None if asks else _ending(line, pieces)
        if not asks and end is None:
            continue
        words = line.words + (end.words if end else ())
        if not form.ASKED_WORDS_LEAST <= len(words) <= form.ASKED_WORDS_MOST:
            continue
        key = _field({token(w.text) for w in words})
        if key is not None and key not in out:
            out[key] = Match(tuple(words), 1.0)
    return out
