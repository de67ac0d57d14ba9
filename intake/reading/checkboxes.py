"""The checkbox sentences and their boxes: each sentence found by what it says
(`form.BOX_SENTENCES`), the box beside it, and whether that box is marked.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import statistics
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from ocr.checkbox import (RING_PAD_IN, BoxReading, box_outlines, ellipse_mask, measure_box, oval_fill, ovals,
                          read_box, ringed, struck)
from ocr.preprocess import components, remove_specks
from ocr import tesseract
from ocr.errors import ToolFailed, ToolTimeout
from ocr.layout import Box, Line, Match, find_phrase, leader_after, similar, token

from ..model import Reading
from . import calibration, codes, election_form as form
from .layout import _crop, blank_words
from .table import _all_heading
from .values import read_checkbox

# A word Tesseract read over a checkbox is a printed word (the box is a letter of it) only
# when it reaches beyond the box by more than this share of the box's height: a letter more.
BOX_WORD_BEYOND = 0.5
# A word covering this share of a box's area or more lies over it: the box is letters.
WORD_OVER_BOX = 0.2
# A "word" over a box this many times the box's height is its mark read as letters.
MARK_WORD_TALLER = 1.3
# A box stands at least this far before its sentence's first word (words of print stand closer).
BOX_APART_IN = 0.2
# A box printed after its sentence stands at most this far after the sentence's last word.
AFTER_BOX_GAP_IN = 0.45
TALL_GLYPH = 2.0         # a "word" this many times the height of its line's is no print of the line,
GLYPH_APART = 1.2        # nor a short one this many times that height past the rest (a word space is a third)
BRACE_TALL = 1.5         # a brace over a block's lines is this many times as tall as a line at least
BLOCK_LINES = 3          # the lines above a sentence's last that its block's right edge is taken over
# A box read as letters is a "word" of at most this many letters and digits.
BOX_READ_AS_LETTERS = 3
# The YES and NO of a sentence answered by ringing one stand at most this far apart ...
CHOICE_GAP_IN = 0.6
# ... and a ring drawn much wider than the word, caught this far out, makes the reading unsure.
CHOICE_WIDE_IN = 0.3
# ... and a piece of a printed line may stand this far after another, letters lost between them.
PIECE_GAP_MOST_IN = 0.5
# A paragraph's last line stops at least this far short of the line above it.
SHORT_LINE_IN = 1.0
# Ink inside a box this many grey levels lighter than its outline is a printed tint, not a mark.
LIGHTER_INSIDE = 40
# A mark beside YES or NO is at least this long one way (a speck is not), and stands at most
# MARK_BEFORE_IN before the word (where a box for the word is printed).
MARK_LEAST_IN = 0.05
MARK_BEFORE_IN = 0.3
# Two of Tesseract's lines side by side this close are pieces of one printed line (a fax
# streak down the page splits each line it crosses; columns of print stand further apart).
PIECE_GAP_IN = 0.15
# A box printed with a YES and one with a NO stand within this of the sentence they answer.
TWO_BOX_REACH_IN = 1.8
TWO_BOX_TALLER = 1.15
# Two ovals of a pair stand at most this far apart.
OVALS_APART_IN = 0.5
# A line of a paragraph begins at most this far right of the line under it (a first line's
# indent); a line further right is something else: words at the margin over boxes there.
PARAGRAPH_INDENT_IN = 1.5
# Heads over two boxes (YES and NO in columns of their own) stand at most this far above the
# sentence's first line.
HEADS_ABOVE_IN = 1.2
# A box placed from its pair's place under the other head is given this much wider each side.
HEADED_BOX_SLACK_IN = 0.03
# A box in a sentence before its verb stands at most this far before the verb.
IN_SENTENCE_GAP_IN = 0.25
# ... and the affirmative's box at most this far before the negative's, its sides mostly ink.
IN_SENTENCE_REACH_IN = 1.2
SQUARE_SIDES_INKED = 0.8
SQUARE_SLACK = 3
# A sentence said negated ("I do not wish to tender ..."): `box_sentences` keys it by its
# meaning led by this.
NEGATIVE = "not:"
# A box read as a short word spans it but for this share of its width at either end.
BOX_SPANS_WORD = 0.25
# The gap that parts a box read glued to a sentence's last word from the word's letters.
GLUED_GAP_IN = 0.03
# An oval's letter is read inside the ellipse this share of its size (its outline whited out).
LETTER_OF_OVAL = 0.8
LETTER_SCALE = 3


def _sentence_start(m: Match, lines: list[Line], dpi: float) -> Box:
    """The box of the sentence's first word.

    The phrase may have matched from its middle (its first words misread), so the
    anchor moves left over the real words before it on the line ("I have"), and stops
    at whatever OCR made of the box itself ("[]", "0]", "S)", "|").
    """
    first = m.words[0]
    line = _line_of(m, lines)
    if line is not None:
        i = line.words.index(first)
        # Never back over a box whose mark was read as a word (`_start` passed over it).
        floor = _start(line, lines, dpi) or 0
        while i > floor:
            prev = line.words[i - 1]
            # A bracket read glued to a word is a speck or the pronoun I ("{have" for "I have").
            word = prev.text.strip(".,;:").lstrip("{[(")
            # Real words, and the pronoun I however OCR spelled it; if that was the box
            # itself, the box is then not found and the reading goes to a person.
            if (word in ("I", "|", "l", "1") or (len(word) >= 2 and word.isalpha())) \
                    and first.left - prev.right < 0.3 * dpi:
                first, i = prev, i - 1
            else:
                break
    # Its height the words' own: a word a fax streak crossed reads as tall as the streak's run.
    return Box(first.left, int(np.median([w.top for w in m.words])), first.right,
               int(np.median([w.bottom for w in m.words])))


def _inside_a_word(box: Box, lines: list[Line], marked: bool = False) -> str | None:
    """The printed word this box lies in or over, if any (letters are not checkboxes).

    A "word" that covers the box and reaches little beyond it is the box itself, read by
    OCR as letters ("oO" for an empty box, "XK)" for a crossed one): that is not a printed
    word; nor is one that covers it and stands much taller than it, a mark spilling over
    the box read as letters ("uv", "Kf.": a printed word on the box's line is no taller
    than the box).  Any other word holding the box's middle, or covering a good part of
    it, is: a streak through "have" and "cancel" made a pair of bars there (seed 2626).
    On a box read `marked`, a "word" of one or two characters lying within the box's width is
    a piece of the box and its mark read as a letter ("[X]" read "K" and "]": on 26 sets 15
    such, every one on a marked box; the one read empty, under an "x", had its mark missed).
    """
    for ln in lines:
        for w in ln.words:
            ix = min(w.right, box.x1) - max(w.left, box.x0)
            iy = min(w.bottom, box.y1) - max(w.top, box.y0)
            if ix <= 0 or iy <= 0 or not any(c.isalnum() for c in w.text):
                continue
            if not _of_print(w.text) and not _glued_words(w.text) and box.x0 - w.left > box.width:
                continue                                   # the box and print before it read as glyphs ("-~O": "} [ ]")
            beyond = max(0, box.x0 - w.left) + max(0, w.right - box.x1)
            if _unglued(w.text) != w.text.strip() and w.left < box.x0 \
                    and abs(w.right - box.x1) <= BOX_WORD_BEYOND * box.height:
                continue                                   # the box read as the word's last glyph
            if marked and sum(c.isalnum() for c in w.text) <= 2 and beyond <= BOX_WORD_BEYOND * box.height:
                continue                                   # a bracket and its mark, read as a letter
            if ix >= 0.7 * box.width and (beyond <= BOX_WORD_BEYOND * box.height
                                          or w.bottom - w.top >= MARK_WORD_TALLER * box.height):
                continue                                   # the box itself, or its mark
            middle = w.left <= box.cx <= w.right and w.top <= box.cy <= w.bottom
            if (middle and sum(c.isalpha() for c in w.text) >= 2) or ix * iy >= WORD_OVER_BOX * box.width * box.height:
                return w.text
    return None


# Glyphs a printed "I" is read as.
PRONOUN_MISREAD = ("T", "l", "|", "1", "[", "]")
# A speck between two words read as a stop, before a letter or an "I" read as a glyph.
_SPECK_BETWEEN = re.compile(r"[.,:;](?=[A-Za-z" + re.escape("".join(PRONOUN_MISREAD)) + "])")


def _glued_words(text: str) -> bool:
    """Words of print read as one, a speck between them read as a stop ("have.attached"); the
    pronoun I read as a glyph is one of them ("|.have", "sheets:1")."""
    parts = [p for p in _SPECK_BETWEEN.split(text.strip()) if p]
    return len(parts) >= 2 and all(_of_print(p) or p in PRONOUN_MISREAD for p in parts) \
        and any(_of_print(p) for p in parts)


def _real_word(text: str) -> bool:
    """A word of print: the pronoun I or two letters or more (not a box OCR read as "(1", "[]"),
    an opening bracket read glued to it a speck or the I before it ("{have"), a word in
    brackets a word ("(Initials)", the label under a line to initial, is no box), and so is
    one closing an aside before its stop ("form),")."""
    # (A word closing an aside, its stop after the bracket, "form),": a box read glued after a
    # word is its last glyph, "2002.)".)
    word = re.sub(r"\)(?=[.,;:]+$)", "", text).rstrip(".,;:")
    # A word in brackets whole is a word; a bracket on one side only is a ring's ("GES)").
    word = word[1:-1] if word[:1] in "([{" and word[-1:] in ")]}" else word.lstrip("({[")
    # (An apostrophe as a typesetter or OCR sets it, curled: "and’on" is two words run together.)
    word = re.sub(r"['\u2018\u2019-]", "", word)
    # Words are cased as words are ("yes", "Yes", "YES"); "tJ" is a box read as letters.
    return word == "I" or (len(word) >= 2 and word.isalpha() and (word.islower() or word.isupper()
                                                                  or word[1:].islower()))


def _printed_number(text: str) -> bool:
    """A number of print ending a sentence ("2002.", "28,"): two digits or more."""
    return re.fullmatch(r"\d[\d,./-]*\d[.,;:)]?", text.strip()) is not None


# A line's box with letters below the baseline stands up to this much taller than one without
# (a typewriter face: 21 px and 16); more is a larger type.
TYPE_TALLER = 1.4


def _close_above(ln: Line, line: Line) -> bool:
    """Whether `ln` starts close enough above `line` to be a line of its paragraph (by their
    words of print: a brace beside a line is no part of its height).

    Two lines of one paragraph are of one type, and the taller box of the two measures it: a
    line with no letter below its baseline ("wish to cancel.") stands a quarter shorter, and
    under a typewriter face's wide leading it lay 2 of its heights below the line above.  The
    taller counts up to `TYPE_TALLER` times the line's own (a heading of larger type above a
    paragraph is not its line)."""
    a, b = _print_box(ln), _print_box(line)
    height = min(max(a.height, b.height), TYPE_TALLER * b.height)
    return 0 < b.y0 - a.y0 <= 1.9 * max(1, height)


def _paragraph_above(line: Line, lines: list[Line], dpi: float) -> Line | None:
    """The line just above `line` in its paragraph, if any (close above, overlapping it)."""
    # (Overlapping it by half an inch, or most of it: a paragraph's last line may be one word.)
    # (Beginning no further right than a first line's indent: the heads "YES NO" printed at the
    # margin over two boxes there are no line of the sentence under them.)
    above = [ln for ln in lines if ln is not line and _close_above(ln, line)
             and min(ln.box.x1, line.box.x1) - max(ln.box.x0, line.box.x0) > min(0.5 * dpi, 0.8 * line.box.width)
             and ln.box.x0 - line.box.x0 <= PARAGRAPH_INDENT_IN * dpi]
    return max(above, key=lambda ln: ln.box.y0, default=None)


# Short words a line continuing a sentence may begin with (not a box read as letters).
_JOINING = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}


def _start(line: Line, lines: list[Line] | None = None, dpi: float = 0.0) -> int | None:
    """Where a sentence may begin on this line: its first word of print, when it is
    capitalised or something not a word stands before it (the box read as "[]"). A box with
    its mark read as a short lowercase "word" ("wil" before "Yes, I wish to tender", the demo's
    0002.tif) is passed over to a capitalised word just after it.  A short word that could
    join a sentence begun above ("on", "to") is such a mark too where no sentence goes on
    from the line above (a circled box read "on" before "YES - I wish to exchange")."""
    i = next((i for i, w in enumerate(line.words) if _real_word(w.text)), None)
    if i is None:
        return None
    head = line.words[i].text.rstrip(".,;:")
    nxt = line.words[i + 1].text if i + 1 < len(line.words) else ""
    if nxt in PRONOUN_MISREAD and i + 2 < len(line.words) and _real_word(line.words[i + 2].text):
        # The pronoun I read as another glyph ("kl T elect to tender": a marked box read as
        # letters, then "I" read "T"): the sentence's first word is a capital.
        nxt = "I"
    if lines is not None and len(head) <= 3 and _real_word(nxt) and nxt[:1].isupper() \
            and line.words[i].height >= MARK_WORD_TALLER * line.words[i + 1].height \
            and _stands_apart(line, i, dpi):
        # A "word" standing apart from the sentence and taller than its print is the box read
        # as letters, whatever its case ("Fal" before "Yes, I wish to tender"): the box was
        # then looked for before it, found nowhere, and a glyph pair on a line below taken).
        return i + 1
    if i > 0 or line.words[i].text[:1].isupper():
        return i
    if len(head) <= 3 and _real_word(nxt) and nxt[:1].isupper() and (
            head.lower() not in _JOINING or (lines is not None and _stands_apart(line, i, dpi)
                                             and not _goes_on_from_above(line, lines, dpi))):
        return i + 1
    return None


def _line_of(m: Match, lines: list[Line]) -> Line | None:
    """The line holding the first word of `m`."""
    return next((ln for ln in lines if m.words[0] in ln.words), None)


def _stands_apart(line: Line, i: int, dpi: float) -> bool:
    """Whether word `i` stands further from the next than words of print do (a box does)."""
    return i + 1 < len(line.words) and line.words[i + 1].left - line.words[i].right >= BOX_APART_IN * dpi


def _goes_on_from_above(line: Line, lines: list[Line], dpi: float) -> bool:
    """Whether a sentence may run on into this line: a line of its paragraph stands just above
    it and does not end its sentence."""
    above = _paragraph_above(line, lines, dpi)
    return above is not None and above.words[-1].text.rstrip()[-1:] not in ".:;!?"


def _starts_sentence(line: Line, lines: list[Line], dpi: float, surely: bool = False) -> bool:
    """Whether a sentence may begin on this line: its first word is capitalised, or something
    not a word stands before it (the box read as "[]", an "I" read as "T").  The tail of the
    additional-sheet sentence ("additional option grants I wish to tender.") is none.  `surely`:
    and the line above in its paragraph, if any, ended its own sentence (a fax streak read as a
    line of garbage above the tender sentence leaves it only a possible start, seed 8383)."""
    if _start(line, lines, dpi) is None:
        return False
    if not surely:
        return True
    above = _paragraph_above(line, lines, dpi)
    return above is None or above.words[-1].text.rstrip()[-1:] in ".:;!?"


def _says_word(token_: str, word: str) -> bool:
    """Whether a token is the word, read with an error or two; a shorter word inside it is
    another word ("CHANGE" is no "EXCHANGE": the Notice's "I now wish to change that election"
    was read as the tender sentence)."""
    return len(token_) >= len(word) - 1 and similar(token_, word, 0.8) >= 0.8


def _says(tokens: list[str], groups) -> int | None:
    """How many words into the sentence its words have said every one of a meaning's word
    groups (fuzzily), or None when they never do."""
    at = []
    for group in groups:
        i = next((i for i, t in enumerate(tokens) if any(_says_word(t, g) for g in group)), None)
        if i is None:
            return None
        at.append(i)
    return max(at) + 1


def _sentence(line: Line, lines: list[Line], dpi: float) -> tuple[list[str], Line]:
    """The words of the sentence begun on `line` (it and the lines after it in its paragraph,
    up to its full stop, four lines at most), and its last line."""
    words, here = list(line.words), line
    for n in range(3):
        # (No sentence ends on a joining word: "... grants to." is a fax's speck read as a stop.)
        # (Nor on glyphs of no print after its last word: a brace read "\\." before its box.)
        ending = _last_of_print(here)
        if ending.text.rstrip()[-1:] in ".!?:" and token(ending.text).lower() not in _JOINING:
            break
        # A line that stops well short of the line above ends its paragraph, and the sentence
        # with it, whatever its stop was read as ("cancel,").
        if n > 0 and here.box.x1 < above_x1 - SHORT_LINE_IN * dpi:
            break
        above_x1 = here.box.x1
        # Only a line starting just under this one can have it as the line above in its paragraph.
        below = [ln for ln in lines if _close_above(here, ln) and _paragraph_above(ln, lines, dpi) is here]
        if not below:
            break
        here = below[0]
        words += here.words
    return [t for t in (token(p) for w in words for p in re.split(r"[^A-Za-z0-9]+", w.text)) if t], here


def _last_of_print(line: Line):
    """A line's last word, short glyphs of no print after the last word of print aside (a
    brace, a box read as characters: "attached \\.", "cancel. _ ()")."""
    words = list(line.words)
    while len(words) > 1 and not _of_print(words[-1].text) and len(token(words[-1].text)) <= BOX_READ_AS_LETTERS:
        words.pop()
    return words[-1]


def printed_lines(lines: list[Line], dpi: float) -> list[Line]:
    """Tesseract's lines with the pieces of one printed line joined: pieces on one row (their
    heights overlapping by half the smaller) with at most `PIECE_GAP_IN` between them.  A
    streak down a fax splits the lines it crosses, and a piece begun mid-sentence ("ions
    listed below (and on any additional sheets attached ...)") would read as a sentence of
    its own, ending at the other sentence's box."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.box.x0):
        b = ln.box
        for row in rows:
            r = row[-1].box
            overlap = min(b.y1, r.y1) - max(b.y0, r.y0)
            if -0.05 * dpi <= b.x0 - r.x1 <= PIECE_GAP_IN * dpi and overlap >= 0.5 * min(b.height, r.height):
                row.append(ln)
                break
        else:
            rows.append([ln])
    joined = [row[0] if len(row) == 1 else Line(tuple(w for piece in row for w in piece.words)) for row in rows]
    return sorted(joined, key=lambda ln: (ln.box.y0, ln.box.x0))


def _negated(tokens: list[str]) -> bool:
    """Whether the words of a sentence up to where it has said its meaning say it negated ("I do
    not wish to tender", "An additional sheet is not attached"): `form.NEGATIONS`, a choice
    printed in the sentence aside ("I DO / DO NOT wish to")."""
    upper = [t.upper() for t in tokens]
    for i, t in enumerate(upper):
        if t == "T" and i and upper[i - 1] in form.NEGATED_CONTRACTIONS:
            return True
        if len(t) > 3 and t.endswith("NOT") and t[:-3] in form.NEGATED_VERBS:
            return True                      # NOT read glued to its verb ("donot", "havenot")
        if t in form.NEGATIONS and not (i >= 2 and upper[i - 1] in upper[:i - 1]):
            return True
    return False


def box_sentences(lines: list[Line], dpi: float) -> dict[str, list[tuple[Match, Line]]]:
    """Each checkbox sentence the page holds, by what it says (`form.BOX_SENTENCES`): the first
    words of the line it begins on.  A sentence that says two boxes' meanings is the one it says
    first: its main clause ("Yes, I wish to tender ... (and on any additional sheets which I
    have attached ...)" is the tender sentence; "I have attached an additional sheet ... I wish
    to tender." the additional sheet's).  A sentence that says a meaning negated ("I do not
    wish to tender ...", a "check one" choice's other sentence) is under the meaning's key
    led by `NEGATIVE`."""
    found: dict[str, list[tuple[Match, Line]]] = {}
    lines = printed_lines(lines, dpi)
    for line in sorted(lines, key=lambda ln: ln.box.y0):
        # A line of the grant table's headings is no sentence ("No. of Shares Exercised ____
        # Shs. Tendered ____", grants set as records: a tender sentence read there had a table's
        # page begin a form of its own).
        if not _starts_sentence(line, lines, dpi) or _all_heading(line):
            continue
        toks, last = _sentence(line, lines, dpi)
        said = [(at, key) for key, groups in form.BOX_SENTENCES.items()
                if (at := _says(toks, groups)) is not None and at <= form.BOX_SENTENCE_SAID_WITHIN]
        if not said:
            continue
        at, key = min(said)
        # (A choice printed in it, "I DO / DO NOT wish", its struck word read as garble, is no
        # negative: the holder strikes out one of its alternatives.)
        if _negated(toks[:at]) and _alternatives(line) is None:
            key = NEGATIVE + key
        start = _start(line, lines, dpi)
        m = Match(tuple(line.words[start:start + 3]), 1.0)
        sure = _starts_sentence(line, lines, dpi, surely=True)
        found.setdefault(key, []).append((not sure, at, m, last))
    # Sure starts first, then the sentences that say their meaning soonest: a main clause,
    # not an aside.
    return {k: [(m, last) for _w, _at, m, last in sorted(v, key=lambda c: c[:2])] for k, v in found.items()}


def _box_of(ink: np.ndarray, m: Match, last: Line | None, lines: list[Line], dpi: float):
    """The checkbox of a sentence: left of its first word; failing that, after its last word or
    alone at the start of the line under it."""
    start = _sentence_start(m, lines, dpi)
    box = read_box(ink, start, dpi)
    # An "I" the sentence was taken to begin with may be the box itself, read as a letter ("I
    # YES - I wish", the ticked box read "I"), and so may any short "word" ("KK Ielect to
    # tender", the crossed box read "KK"): where no box stands before it, the box is looked for
    # before the word after it, and taken where it lies over the "I", or spans the short word
    # whole (the bars of an "An" are no box).
    line = _line_of(m, lines)
    first = next((w for w in (line.words if line else ()) if w.left == start.x0), None)
    lone = first is not None and first.text.strip() in ("I", "|", "l", "1")
    sure = first is not None and _real_word(first.text) and first.conf >= calibration.WORD_SURE_CONF
    if box.found_by == "region" and first is not None and first is not line.words[-1] and (
            lone or (len(token(first.text)) <= BOX_READ_AS_LETTERS and not sure)):
        after = line.words[line.words.index(first) + 1]
        at = read_box(ink, Box(after.left, start.y0, after.right, start.y1), dpi)
        slack = BOX_SPANS_WORD * first.width
        if at.found_by != "region" and at.box is not None and at.box.x0 <= first.right and (
                lone or (at.box.x0 <= first.left + slack and at.box.x1 >= first.right - slack)):
            box = at
    # A box before the sentence that is letters of a printed word ("( )" found in the "table"
    # of the line above) is none: the box may stand after the sentence.
    if last is None or (box.found_by != "region" and _inside_a_word(box.box, lines) is None):
        return box
    # A stop read where none is printed ("... additional grants. / to be cancelled.") ends the
    # sentence a line early: the line under it in its paragraph, begun in small letters, goes on.
    below = [ln for ln in lines if _close_above(last, ln) and _paragraph_above(ln, lines, dpi) is last]
    goes_on = [below[0]] if below and below[0].words[0].text[:1].islower() else []
    # Or the line was read in two pieces, letters lost between them ("... additional sheet list
    # | my name and ... cancel."): the piece after it on its row goes on.
    goes_on += [ln for ln in lines if 0 < ln.box.x0 - last.box.x1 <= PIECE_GAP_MOST_IN * dpi
                and min(ln.box.y1, last.box.y1) - max(ln.box.y0, last.box.y0) >= 0.5 * min(ln.box.height,
                                                                                          last.box.height)][:1]
    ended = False
    for ending in [last] + goes_on:
        finals, after = _box_after(ink, ending, lines, dpi, top=m.box.y0)
        if after is not None:
            return after
        ended = ended or bool(finals)
    if not ended:
        return box
    h = last.box.height
    under = Box(m.box.x0 - int(0.5 * dpi), last.box.y1 + h // 2, m.box.x0 - int(0.5 * dpi) + 1,
                last.box.y1 + h // 2 + h)
    alone = read_box(ink, under, dpi, side="right")
    return alone if _ends_line(alone, last, lines) else box


def _box_after(ink: np.ndarray, line: Line, lines: list[Line], dpi: float, top: int | None = None):
    """The box printed after the sentence that ends on `line`: (the words taken for its last,
    the box found after one of them, or None).

    The sentence's last word, ending it ("2002:", "2002," for a stop faxed thin): the line's
    last word of print, or the one before it where the last is short, the box read as
    letters ("[XJ", "Rl", "Ye": a fresh set's three forms).  A word that ends no sentence
    ("... I wish to") is never one: the box found after it was in the next word."""
    # Dots of a leader read as characters ("2002: ...,.... Pera Teeeererrr") are no words:
    # the line ends at the last word of print a leader runs on from.
    # (The leader says where the sentence ends, its stop or not: a stop printed as the
    # leader's first dot is taken for one of them.)
    words = list(line.words)
    finals = []
    for n in range(len(words) - 1, -1, -1):
        w = words[n]
        if _of_print(w.text) and token(w.text).lower() not in _JOINING \
                and (leader := leader_after(ink, Line((w,)).box, dpi)) is not None \
                and all(o.cx <= leader.x1 + AFTER_BOX_GAP_IN * dpi for o in words[n + 1:]):
            finals = [w]
            break
    if not finals:
        # Glyphs after it that are no words of print ("_", "()", "[X"): the box and its mark
        # read as characters ("... I wish to cancel. _ ()" on a fresh set: its "( )" went unread).
        # (Nor a "word" past the line's print much taller than its letters: a box past a
        # brace read "Qo", 54 px high on a line of 21.)
        print_end = _print_box(line).x1
        height = float(statistics.median(w.height for w in line.words))
        words = [w for w in words if w.left < print_end or w.height <= TALL_GLYPH * height] or words
        # (Nor a short "word" after a brace read as one: the brace points at the box, read as
        # letters, "go".)
        brace = max((n for n, w in enumerate(words) if w.text.strip() == "}"), default=0)
        if brace and all(len(token(w.text)) <= BOX_READ_AS_LETTERS for w in words[brace + 1:]):
            words = words[:brace + 1]
        kept = len(words)
        while len(words) > max(1, kept - 2) and not _of_print(words[-1].text) \
                and len(token(words[-1].text)) <= BOX_READ_AS_LETTERS:
            words.pop()
        tail = [w for w in words[-2:] if _of_print(w.text)]
        finals = tail[::-1] if len(tail) == 2 and len(token(tail[1].text)) <= BOX_READ_AS_LETTERS else tail[-1:]
        unstopped = finals[:1]
        finals = [w for w in finals if w.text.rstrip()[-1:] in ".:),"]
        if not finals and unstopped:
            # Its stop lost on a fax ("2002" for "2002:", a thin typeface): the box is the
            # sentence's only where a brace over its block leads to it.
            rows = _block(line, lines, dpi, top)
            edge = max(r.x1 for r in rows)
            if edge - Line(tuple(unstopped)).box.x1 > AFTER_BOX_GAP_IN * dpi:
                after = _past_the_block(ink, rows, edge, dpi, brace=True)
                if after is not None:
                    return unstopped, after
    if not finals:
        return finals, None
    # After the sentence's full stop, close to it, and nothing printed after it on the line.
    rows = _block(line, lines, dpi, top)
    edge = max(r.x1 for r in rows)
    for final in finals:
        end = _cut_before_glued_box(ink, final, dpi) or Line((final,)).box
        # A leader of printed dots from the sentence's end runs to its box ("... 2002. . . . . [ ]"):
        # the box is looked for where the leader ends.
        leader = leader_after(ink, end, dpi)
        if leader is not None:
            end = Box(leader.x1 - 1, end.y0, leader.x1, end.y1)
        after = read_box(ink, end, dpi, side="right")
        # (Near the sentence's end, or the end of what is printed after it on its line, a legend
        # "(Y/N)"; or just past the block's edge.)
        if _ends_line(after, line, lines) and (after.box.x0 - _led_to(end, after, line) <= AFTER_BOX_GAP_IN * dpi
                                               or 0 <= after.box.x0 - edge <= AFTER_BOX_GAP_IN * dpi):
            return finals, after
        if edge - end.x1 > AFTER_BOX_GAP_IN * dpi and (after := _past_the_block(ink, rows, edge, dpi)) is not None:
            return finals, after
    return finals, None


def _past_the_block(ink: np.ndarray, rows: list[Box], edge: int, dpi: float, *, brace: bool = False):
    """The box set past a sentence's block (`rows`, its last line short of the block's right
    `edge`), after a brace as tall as the block's lines: level with the block's middle, where
    a brace points (between two lines), or else with one of its lines.  `brace`: only where a
    brace stands between."""
    for row in _block_middle(rows) + rows[1:]:
        after = read_box(ink, Box(edge - 1, row.y0, edge, row.y1), dpi, side="right")
        if after.found_by == "region":
            continue
        past = _past_a_brace(ink, edge, after.box, rows, dpi)
        if after.box.x0 - past <= AFTER_BOX_GAP_IN * dpi and (past != edge or not brace):
            return after
    return None


def _block_middle(rows: list[Box]) -> list[Box]:
    """A band as tall as a line of the block's, halfway down the block (none for one line)."""
    if len(rows) < 2:
        return []
    y0, y1 = min(r.y0 for r in rows), max(r.y1 for r in rows)
    half = int(statistics.median(r.height for r in rows)) // 2
    mid = (y0 + y1) // 2
    return [Box(rows[0].x0, mid - half, rows[0].x1, mid + half + 1)]


def _led_to(end: Box, found, line: Line) -> int:
    """Where the print after a sentence's end on its line ends short of the box found after it
    (a legend, "2002. (Y/N) [N]"): the sentence's end where nothing is printed between."""
    if found.box is None:
        return end.x1
    return max([end.x1] + [w.right for w in line.words if w.left >= end.x1 - 1 and w.right <= found.box.x0 + 2])


def _past_a_brace(ink: np.ndarray, edge: int, box: Box, rows: list[Box], dpi: float) -> int:
    """Where the print between a block's right edge and a box after it ends, when that print is
    one stroke taller than a line standing near the edge (a brace over the block's lines); the
    edge itself otherwise."""
    y0, y1 = min(r.y0 for r in rows), max(r.y1 for r in rows)
    between = ink[y0:y1, edge:box.x0 - 1].astype(np.uint8)
    if between.size == 0:
        return edge
    n, _labels, stats, _c = components(between, 8)
    line = min(r.height for r in rows)
    tall = [st for st in stats[1:] if st[cv2.CC_STAT_HEIGHT] >= BRACE_TALL * line]
    if len(tall) != 1 or tall[0][cv2.CC_STAT_LEFT] > AFTER_BOX_GAP_IN * dpi:
        return edge
    return edge + int(tall[0][cv2.CC_STAT_LEFT] + tall[0][cv2.CC_STAT_WIDTH])


def _block(line: Line, lines: list[Line], dpi: float, top: int | None = None) -> list[Box]:
    """The sentence's lines ending on `line` (those of its paragraph above it, at most
    `BLOCK_LINES`, none above `top`, where the sentence begins), each bounded by its words of
    print, the last first: a box set past the block's right edge (after a brace as tall as its
    lines) is as near to a short last line as to the block."""
    rows, above = [_print_box(line)], _paragraph_above(line, lines, dpi)
    for _ in range(BLOCK_LINES):
        if above is None or (top is not None and above.box.y1 <= top):
            break
        rows.append(_print_box(above))
        above = _paragraph_above(above, lines, dpi)
    return rows


@functools.lru_cache(maxsize=4096)
def _print_box(line: Line) -> Box:
    """A line's box over its words of print: a brace and a box read as glyphs after them aside,
    a "word" much taller than the line's not read surely as one (a brace spanning three lines
    read "wf"), and a short one set well apart after the rest (the box read "Oo" past a
    brace).  (Asked for every pair of lines a paragraph is looked for in: kept once made.)"""
    height = float(statistics.median(w.height for w in line.words))
    # (A word read surely, three letters or more, is a word whatever its box's height: OCR's
    # box of a word beside a brace can take in the brace's height, "since August }".  It
    # reaches as far along the line as it says, no higher or lower than the line's others.)
    kept = [w for w in line.words if (_of_print(w.text) or _glued_words(w.text)) and (
        w.height <= TALL_GLYPH * height
        or (w.conf >= calibration.WORD_SURE_CONF and len(token(w.text)) >= 3 and _real_word(w.text)))]
    while len(kept) > 1 and len(token(kept[-1].text)) <= BOX_READ_AS_LETTERS \
            and kept[-1].left - kept[-2].right > GLYPH_APART * height:
        kept.pop()
    if not kept:
        return line.box
    box = Line(tuple(kept)).box
    level = [w for w in kept if w.height <= TALL_GLYPH * height]
    if level and len(level) < len(kept):
        upright = Line(tuple(level)).box
        box = Box(box.x0, upright.y0, box.x1, upright.y1)
    return box


def _of_print(text: str) -> bool:
    """A word of print or a printed number, a box read glued after it aside."""
    word = _unglued(text)
    return _real_word(word) or _printed_number(word)


def _unglued(text: str) -> str:
    """A word's text without a closing bracket it never opened, the box after it read glued
    to it ("28.2002.)" is "28.2002.")."""
    t = text.strip()
    return t[:-1] if t[-1:] in ")]}|" and not any(c in t for c in "([{") else t


def _cut_before_glued_box(ink: np.ndarray, w, dpi: float) -> Box | None:
    """A sentence's last word that ends in a closing bracket it never opened ("28.2002.)"):
    the box after the sentence read as a glyph glued to the word.  The word is cut at the last
    gap in its ink, and the box is looked for after that; None where the word is whole."""
    if _unglued(w.text) == w.text.strip():
        return None
    cols = ink[w.top:w.top + w.height, w.left:w.left + w.width].any(axis=0)
    gap = max(2, int(GLUED_GAP_IN * dpi))
    run = 0
    for x in range(len(cols) - 1, -1, -1):
        run = run + 1 if not cols[x] else 0
        if run >= gap and x > 0:
            return Box(w.left, w.top, w.left + x, w.top + w.height)
    return None


def _ends_line(found, last: Line, lines: list[Line]) -> bool:
    """Whether a box found after a sentence ends its line: nothing printed after it."""
    if found.found_by == "region":
        return False
    # The line the box stands on: a line to mark on stands at the foot of its place, whose
    # top may reach the line of print above.
    y0 = max(found.box.y0, found.box.y1 - last.box.height) if found.found_by == "underline" else found.box.y0
    return not any(
        w.right > found.box.x1 and w.top < found.box.y1 and w.bottom > y0
        for ln in lines for w in ln.words if _overlap(Line((w,)).box.tuple(), found.box.tuple()) is False)


def _ink_place(ink: np.ndarray, x0: int, x1: int, core: Box, dpi: float) -> Box | None:
    """Where a word OCR lost stands between `x0` and `x1` on the line `core` gives (a ring round a
    word can hide it from OCR): the columns with ink in the line's height, if a word's worth."""
    x0, x1 = max(0, x0), min(ink.shape[1], x1)
    if x1 - x0 < 2:
        return None
    sub = remove_specks(ink[core.y0:core.y1, x0:x1], max(4, int((0.012 * dpi) ** 2)))
    cols, rows = np.flatnonzero(sub.any(axis=0)), np.flatnonzero(sub.any(axis=1))
    # A word's worth: as wide as its letters are tall, and as tall (a dash is neither).
    if cols.size == 0 or cols[-1] - cols[0] < core.height or rows[-1] - rows[0] < 0.6 * core.height:
        return None
    return Box(x0 + int(cols[0]), core.y0, x0 + int(cols[-1]) + 1, core.y1)


def _word_sized(w, tall: int) -> bool:
    """Whether something read stands as a printed word of the pair would: as tall as the words
    beside it (`tall`) give or take, and as wide as tall (a dash is not; an "I" read "|" is not)."""
    return w.height >= 0.6 * tall and w.width >= 0.8 * w.height


def _choice_pair(words, ink: np.ndarray, dpi: float, where: str) -> tuple[Box, Box, bool] | None:
    """The places of YES and NO (`form.CHOICE_WORDS`) among the words at the start (`where` =
    "start") or end ("end") of a sentence's line, when they are the pair printed to be ringed.
    A ring round a word garbles it ("Gs) NO") or hides it from OCR: one of the two read, with
    something unread or only ink where the other stands, is the pair too.  The pair stands close
    together, an unread word no smaller than the word beside it (a dash after "YES" in "YES - I
    wish to exchange" is none)."""
    yes, no = form.CHOICE_WORDS
    gap = CHOICE_GAP_IN * dpi
    read = list(words)
    # Marks of punctuation are no words; a ringed word read as no letters at all ("<>)") is one:
    # as wide as it is tall and as tall as the words beside it.
    tall = max((w.height for w in words if token(w.text)), default=0)
    words = [w for w in words if token(w.text) or _word_sized(w, tall)]
    if len(words) < 2 and not (words and where == "start"):
        return None
    a, b = (words[0], words[1] if len(words) > 1 else None) if where == "start" else (words[-2], words[-1])
    said = (token(a.text), token(b.text) if b is not None else "")
    # Where the line's print stands, from its words of print beside the pair: a word's box may
    # take in a ring round it, or a ring next to it (a YES read 0.2 in tall beside a ringed NO).
    prints = [w for w in read if w is not a and w is not b and _real_word(w.text)
              and w.conf >= calibration.PRINT_CONF]
    line = (int(np.median([w.top for w in prints])), int(np.median([w.bottom for w in prints]))) \
        if len(prints) >= 2 else None

    def box(w, core) -> Box:
        # The ringed word's box may take in its ring: both stand on the readable word's line.
        return Box(w.left, line[0], w.right, line[1]) if line else Box(w.left, core.top, w.right, core.bottom)
    if b is not None and b.left - a.right <= gap:
        if said == (yes, no):
            # Read whole only as letters alone: "[YES [NO" has a box read into each word, and
            # a mark in it would be blanked with the word.
            return box(a, b), box(b, b), all(re.fullmatch(r"\(?[A-Za-z]+[.,:;)'’\"”]*", w.text.strip()) for w in (a, b))
        if said[0] == yes and not _real_word(b.text) and _word_sized(b, a.height):
            return box(a, a), box(b, a), False
        if said[1] == no and not _real_word(a.text) and _word_sized(a, b.height):
            return box(a, b), box(b, b), False
    # One of the two read, the other only ink where OCR read nothing at all (a dash and an "I"
    # read "- |" in "YES - I wish" are no ringed NO): YES at a line's start before the
    # sentence, NO at a line's end after it.  After YES, the ink looked at ends where the
    # first thing read after it begins: "YES (NO) I have attached" read "YES | have", the
    # ringed NO unread and its sentence's "I" read "|" (the ring then read as a box marked,
    # 0.98, on a form whose holder had ringed NO).
    between = [w for w in read if a.right <= w.left and w.right <= (b.left if b is not None else 10 ** 9)]
    if where == "start" and said[0] == yes:
        far = min([w.left for w in between] + [b.left if b is not None else a.right + int(gap)])
        other = _ink_place(ink, a.right + int(0.03 * dpi), min(far, a.right + int(gap)) - int(0.03 * dpi),
                           box(a, a), dpi)
        return (box(a, a), other, False) if other is not None else None
    if between:
        return None
    if where == "start" and said[0] == no:
        other = _ink_place(ink, a.left - int(gap), a.left - int(0.03 * dpi), box(a, a), dpi)
        return (other, box(a, a), False) if other is not None else None
    if where == "end" and said[1] == no:
        other = _ink_place(ink, max(a.right, b.left - int(gap)) + int(0.03 * dpi), b.left - int(0.03 * dpi),
                           box(b, b), dpi)
        return (other, box(b, b), False) if other is not None else None
    return None


def _choice_words(first: Line, last: Line | None, lines: list[Line], ink: np.ndarray,
                  dpi: float) -> tuple[Box, Box, bool] | None:
    """The YES and NO printed for the sentence to be answered by ringing one: at the start of
    its first line, at the end of its last line, or alone on the line under it."""
    last = last or first
    h = last.box.height
    under = [ln for ln in lines if 0 < ln.box.y0 - last.box.y1 <= 1.5 * h and len(ln.words) <= 3
             and ln.box.x0 < last.box.x1 and ln.box.x1 > last.box.x0]
    for words, where in [(first.words, "start"), (last.words, "end")] + [(ln.words, "start") for ln in under]:
        pair = _choice_pair(list(words), ink, dpi, where)
        if pair is not None:
            return pair
    return None


def _two_boxes(image, ink: np.ndarray, first: Line, first_word, last: Line, lines: list[Line], dpi: float,
               timeout: float) -> tuple[Box, Box, bool] | None:
    """A sentence answered by marking one of two boxes, one printed with YES and one with NO
    ("[] YES  [] NO  I wish to ...", or after its last word): found by the page's structure,
    two box outlines of one size level with the sentence's first line just before it (or with
    its last line just after it), and the words beside them read as YES and NO.  (YES's box,
    NO's box, whether the words were read); None where the sentence has no such pair."""
    for line, side in ((first, "before"), (last, "after")):
        h = line.box.height
        # (Either side of where the sentence was taken to begin or end: the boxes and their
        # words may have been read as its first words, "KI YES [NO YES - I wish".)
        at = first_word.left if side == "before" else line.box.x1
        reach = int(TWO_BOX_REACH_IN * dpi)
        region = Box(max(0, at - reach), max(0, int(line.box.cy - h)), min(ink.shape[1], at + reach),
                     min(ink.shape[0], int(line.box.cy + h)))
        if region.width < 0.3 * dpi:
            continue
        # A box stands taller than the words beside it: a bold "O" or "D" has an outline too.
        tall = float(np.median([w.height for w in line.words if len(token(w.text)) >= 2] or [h]))
        outlines = sorted((Box(b.x0 + region.x0, b.y0 + region.y0, b.x1 + region.x0, b.y1 + region.y0)
                           for b, how in box_outlines(ink[region.y0:region.y1, region.x0:region.x1], dpi)
                           if how == "outline" and b.height >= TWO_BOX_TALLER * tall), key=lambda b: b.x0)
        if len(outlines) != 2:
            continue
        a, b = outlines
        if not (0.75 <= a.height / b.height <= 1.33 and abs(a.cy - b.cy) <= 0.3 * a.height
                and b.x0 - a.x1 >= 0.15 * dpi):
            continue
        said = _words_beside((a, b), image, lines, dpi, timeout)
        if said == form.CHOICE_WORDS:
            return a, b, True
        if said == form.CHOICE_WORDS[::-1]:
            return b, a, True
        return a, b, False
    return None


def _square_like(ink: np.ndarray, like: Box, x0: int, x1: int) -> Box | None:
    """The square of `like`'s size and level whose four sides are inked most, between x0 and x1
    (its right side at x1 at most), where its sides are mostly ink (SQUARE_SIDES_INKED)."""
    w, h = like.width, like.height
    y0, y1, t = like.y0, like.y1, SQUARE_SLACK
    if y0 - t < 0 or y1 + t > ink.shape[0] or w < 4 or h < 4:
        return None
    # (Each side looked for a few pixels either way: `like` was measured from its own ink.)
    rows = ink[y0 + t:y1 - t]
    best, at = 0.0, None
    for x in range(max(t, x0), max(t, x1 - w)):
        sides = [rows[:, x - t:x + t + 1].any(axis=1).mean(), rows[:, x + w - t - 1:x + w + t].any(axis=1).mean(),
                 ink[y0 - t:y0 + t + 1, x + t:x + w - t].any(axis=0).mean(),
                 ink[y1 - t - 1:y1 + t, x + t:x + w - t].any(axis=0).mean()]
        score = min(sides)
        if score > best:
            best, at = score, x
    return Box(at, y0, at + w, y1) if at is not None and best >= SQUARE_SIDES_INKED else None


def _boxes_in_sentence(ink: np.ndarray, line: Line, dpi: float) -> tuple[tuple[Box, str], tuple[Box, str]] | None:
    """The two boxes a sentence holds for its choice, one before its verb and one before the
    verb negated ("I [] do [] do not wish", "I [] have [] have not attached"): the box just
    before the word before NOT, and the box before that one with a word or two and no YES or
    NO between them, of one size on one level.  The affirmative's box and the negative's, each
    with how it was found (to be measured as such); None where the line holds no such pair."""
    words = line.words
    for i, w in enumerate(words):
        t = token(w.text)
        if t in form.NEGATIONS and i > 0:
            verb = words[i - 1]
        elif len(t) > 3 and t.endswith("NOT") and t[:-3] in form.NEGATED_VERBS:
            verb = w                              # NOT read glued to its verb ("isnot")
        else:
            continue
        neg = read_box(ink, Box(verb.left, verb.top, verb.right, verb.bottom), dpi)
        if neg.box is None or neg.found_by == "region" or not 0 <= verb.left - neg.box.x1 <= IN_SENTENCE_GAP_IN * dpi \
                or any(neg.box.x1 < o.cx < verb.left for o in words):
            continue
        # The affirmative's box: a square printed as the negative's is, before it on its level
        # (its mark may hide its outline from a box's finder, and a round letter or the "I"
        # before it is no box).
        found = _square_like(ink, neg.box, neg.box.x0 - int(IN_SENTENCE_REACH_IN * dpi), neg.box.x0 - 1)
        if found is None:
            continue
        # Its own outline where one is found there (an empty box's is), the place found else.
        pad = int(0.05 * dpi)
        near = Box(max(0, found.x0 - pad), max(0, found.y0 - pad), found.x1 + pad, found.y1 + pad)
        outline = [Box(o.x0 + near.x0, o.y0 + near.y0, o.x1 + near.x0, o.y1 + near.y0)
                   for o, how in box_outlines(ink[near.y0:near.y1, near.x0:near.x1], dpi) if how == "outline"]
        a, b = max(outline, key=lambda o: o.width * o.height, default=found), neg.box
        # (The verb may be read glued to the box before it, "[]is": no word between then.)
        between = [o for o in words if a.x1 < o.cx < b.x0 and token(o.text)]
        if len(between) <= 2 and b.x0 - a.x1 >= IN_SENTENCE_GAP_IN * dpi \
                and not any(token(o.text) in form.CHOICE_WORDS for o in between) \
                and 0.75 <= a.height / b.height <= 1.33 and abs(a.cy - b.cy) <= 0.3 * a.height:
            return (a, "outline"), (b, neg.found_by)
    return None


def _heads_above(first: Line, lines: list[Line], dpi: float) -> list[tuple[Box, Box]]:
    """The YES and NO printed side by side as column heads above the sentence's first line
    (within HEADS_ABOVE_IN), nearest first: the two words level with each other, next to each
    other (no third such word between them, at most CHOICE_GAP_IN apart); YES's place and NO's."""
    yes, no = form.CHOICE_WORDS
    # (By the words' tops: a tick run up out of its box may join the line to the heads.)
    top = float(np.median([w.top for w in first.words]))
    # (Each head may be a line of its own: they stand further apart than words of a line.)
    words = sorted((w for ln in lines for w in ln.words if token(w.text).upper() in (yes, no)
                    and w.cy < top and top - w.bottom <= HEADS_ABOVE_IN * dpi), key=lambda w: w.left)
    found = []
    for a, b in zip(words, words[1:]):
        said = (token(a.text).upper(), token(b.text).upper())
        if said in ((yes, no), (no, yes)) and 0.05 * dpi <= b.left - a.right <= CHOICE_GAP_IN * dpi \
                and abs(a.cy - b.cy) <= 0.5 * max(a.height, b.height):
            heads = (Box(a.left, a.top, a.right, a.bottom), Box(b.left, b.top, b.right, b.bottom))
            found.append((max(a.bottom, b.bottom), heads if said[0] == yes else heads[::-1]))
    return [h for _y, h in sorted(found, key=lambda f: -f[0])]


def _headed_boxes(ink: np.ndarray, first: Line, last: Line, lines: list[Line], dpi: float
                  ) -> tuple[Box, Box, bool] | None:
    """A sentence answered by marking one of two boxes standing in columns of their own headed
    YES and NO, as questionnaires set their questions: a box outline under each head (in the
    head's column, up to half way to the other head) level with one of the sentence's lines,
    the two of one size on one level.  (YES's box, NO's box, True); None where the sentence has
    no such pair.  Found by the heads and the boxes under them, never by where they stand on
    the page: at the right margin or anywhere else."""
    h = max(1, first.box.height)
    for heads in _heads_above(first, lines, dpi):
        half = abs(heads[1].cx - heads[0].cx) / 2
        boxes: list[Box | None] = []
        for head in heads:
            region = Box(max(0, int(head.cx - half)), max(head.y1, first.box.y0 - h),
                         min(ink.shape[1], int(head.cx + half)), min(ink.shape[0], last.box.y1 + h))
            if region.width <= 0 or region.height <= 0:
                break
            found = [Box(b.x0 + region.x0, b.y0 + region.y0, b.x1 + region.x0, b.y1 + region.y0)
                     for b, _how in box_outlines(ink[region.y0:region.y1, region.x0:region.x1], dpi)]
            # The box whose middle is nearest under the head's, the first down.
            found = [b for b in found if abs(b.cx - head.cx) <= half]
            boxes.append(min(found, key=lambda b: (b.y0, abs(b.cx - head.cx))) if found else None)
        if len(boxes) != 2 or boxes == [None, None]:
            continue
        if None not in boxes and not 0.75 <= boxes[0].height / boxes[1].height <= 1.33:
            # A mark running out over a box's outline, or ringing it, makes the box look
            # larger than it is: the smaller is the box as printed.
            boxes[0 if boxes[0].height > boxes[1].height else 1] = None
        if None in boxes:
            # A box marked with a cross running out over its outline has no outline of its own
            # to find: it stands level with the other, as far from its head's middle.
            i = boxes.index(None)
            # (Given a little wider: the heads' middles, read from their letters, place it within
            # a few pixels, and the box is measured from inside the place given.)
            seen, at = boxes[1 - i], heads[i].cx + (boxes[1 - i].cx - heads[1 - i].cx)
            half = seen.width / 2 + HEADED_BOX_SLACK_IN * dpi
            boxes[i] = Box(int(at - half), seen.y0, int(at + half), seen.y1)
        a, b = boxes
        if 0.75 <= a.height / b.height <= 1.33 and abs(a.cy - b.cy) <= 0.3 * a.height:
            return a, b, True
    return None


def _two_ovals(image, ink: np.ndarray, first: Line, first_word, last: Line, lines: list[Line], dpi: float,
               timeout: float) -> tuple[Box, Box, bool, list[Box]] | None:
    """A sentence answered by filling one of two ovals lettered inside, as on an answer sheet
    ("(Y) (N) I wish to ...", or after its last word): two ovals of one size side by side,
    level with the sentence's first line just before it (or its last line just after it).
    Which is YES is told by the letters read inside them (`_letters_inside`); an oval filled
    solid hides its letter, and the other's letter then says which it is.  (YES's oval, NO's,
    whether the letters said so, where the letters stand); None where there is no such pair."""
    for line, side in ((first, "before"), (last, "after")):
        h = line.box.height
        # (Before the sentence's line, which may begin before the words that say it: "Check
        # here if you have attached ...".)
        at = min(first_word.left, line.box.x0) if side == "before" else line.box.x1
        reach = int(TWO_BOX_REACH_IN * dpi)
        region = Box(max(0, at - reach), max(0, int(line.box.cy - 1.5 * h)), min(ink.shape[1], at + reach),
                     min(ink.shape[0], int(line.box.cy + 1.5 * h)))
        if region.width < 0.3 * dpi:
            continue
        found = sorted((Box(b.x0 + region.x0, b.y0 + region.y0, b.x1 + region.x0, b.y1 + region.y0)
                        for b in ovals(ink[region.y0:region.y1, region.x0:region.x1], dpi)), key=lambda b: b.x0)
        found = [b for b in found if abs(b.cy - line.box.cy) <= max(h, b.height) * 0.75]
        if len(found) != 2:
            continue
        a, b = found
        if not (0.75 <= a.height / b.height <= 1.33 and 0.75 <= a.width / b.width <= 1.33
                and abs(a.cy - b.cy) <= 0.3 * a.height and 0 < b.x0 - a.x1 <= OVALS_APART_IN * dpi):
            continue
        said, letters = _letters_inside((a, b), image, ink, lines, dpi, timeout)
        if said == form.CHOICE_WORDS:
            return a, b, True, letters
        if said == form.CHOICE_WORDS[::-1]:
            return b, a, True, letters
        return a, b, False, letters
    return None


def _letters_inside(pair: tuple[Box, Box], image, ink: np.ndarray, lines: list[Line], dpi: float,
                    timeout: float) -> tuple[tuple[str, str] | None, list[Box]]:
    """What the letters printed inside two ovals say, as choice words: ("YES", "NO") or
    ("NO", "YES"), from the page's words whose middle stands in an oval, or failing that each
    oval read again on its own; one oval's letter is enough where the other oval is filled
    solid (its letter hidden under the filling).  And where the letters read stand."""
    yes, no = form.CHOICE_WORDS

    def choice_of(t: str) -> str | None:
        return yes if t in ("Y", yes) else no if t in ("N", no) else None

    def read(oval: Box) -> tuple[str | None, Box | None]:
        inside = [w for ln in lines for w in ln.words
                  if oval.x0 <= (w.left + w.right) / 2 <= oval.x1 and oval.y0 <= (w.top + w.bottom) / 2 <= oval.y1]
        if len(inside) == 1 and (c := choice_of(token(inside[0].text))):
            w = inside[0]
            return c, Box(w.left, w.top, w.right, w.bottom)
        # Read again on its own, the outline whited out (it garbles the letter).
        pad = int(0.1 * dpi)
        inside = np.asarray(image.crop(oval.tuple()).convert("L")).copy()
        # Only the ink wholly inside: a piece of the outline reaching in is no letter.
        n, parts, _stats, _c = components(ink[oval.y0:oval.y1, oval.x0:oval.x1].astype(np.uint8), 8)
        within = ellipse_mask(oval.height, oval.width, LETTER_OF_OVAL)
        outside = set(np.unique(parts[~within]).tolist())
        inside[~np.isin(parts, [i for i in range(1, n) if i not in outside])] = 255
        crop = Image.new("L", (oval.width + 2 * pad, oval.height + 2 * pad), 255)
        crop.paste(Image.fromarray(inside), (pad, pad))
        # A letter printed small is read at three times its size (Tesseract misses small glyphs).
        crop = crop.resize((crop.width * LETTER_SCALE, crop.height * LETTER_SCALE), Image.LANCZOS)
        try:
            again = tesseract.words(crop, psm=10, timeout=timeout)
        except (ToolFailed, ToolTimeout):
            return None, None
        hits = [(c, w) for w in again if (c := choice_of(token(w.text)))]
        if len(hits) != 1:
            return None, None
        c, w = hits[0]
        x0, y0, k = oval.x0 - pad, oval.y0 - pad, LETTER_SCALE
        return c, Box(w.left // k + x0, w.top // k + y0, (w.left + w.width) // k + 1 + x0, (w.top + w.height) // k + 1 + y0)

    got = [read(o) for o in pair]
    letters = [b for _c, b in got if b is not None]
    said = [c for c, _b in got]
    filled = [oval_fill(ink, o) >= calibration.OVAL_FILLED_MIN for o in pair]
    for i in (0, 1):
        if said[i] is None and filled[i] and said[1 - i] is not None:
            said[i] = no if said[1 - i] == yes else yes
    return (tuple(said) if None not in said and said[0] != said[1] else None), letters


def _read_two_ovals(ink: np.ndarray, pair: tuple[Box, Box, bool, list[Box]], *, page: int) -> Reading:
    """YES's oval and NO's: the answer is the one filled; one filled and the other open is an
    answer, a mark in between (a tick, an X, a filling half done) or both filled is a person's."""
    yes_oval, no_oval, said, letters = pair
    yes, no = (oval_fill(ink, o, letters) for o in (yes_oval, no_oval))
    value, conf = calibration.ovals(yes, no, said)
    evidence = {"found_by": "ovals", "yes": round(yes, 3), "no": round(no, 3)}
    if not said:
        evidence["choice_words_unread"] = True
    return Reading(value, conf, page=page, bbox=yes_oval.tuple(), engine="ink", evidence=evidence)


def _words_beside(boxes: tuple[Box, Box], image, lines: list[Line], dpi: float, timeout: float
                  ) -> tuple[str, str] | None:
    """The choice words printed just after each of two boxes (or, failing that, just before
    each), as the page's reading read them or, where it did not, read again there."""
    def beside(words, box: Box, after: bool) -> str | None:
        # (A word's box may take in the box's glyph, read into the word: "[YES".)
        near = [w for w in words if abs((w.top + w.bottom) / 2 - box.cy) <= box.height
                and (box.x0 - 2 <= w.left <= box.x1 + 0.4 * dpi and w.right > box.x1 + 0.05 * dpi if after
                     else box.x0 - 0.4 * dpi <= w.right <= box.x1 + 2 and w.left < box.x0 - 0.05 * dpi)]
        for w in near:
            t = token(w.text)
            hit = next((c for c in form.CHOICE_WORDS if t.endswith(c) if after)
                       or (c for c in form.CHOICE_WORDS if t.startswith(c)), None)
            if hit and len(t) <= len(hit) + 2:
                return hit
        return None
    def said_by(words) -> tuple[str, str] | None:
        for after in (True, False):
            said = tuple(beside(words, b, after) for b in boxes)
            if None not in said:
                return said
        return None
    if (said := said_by([w for ln in lines for w in ln.words])) is not None:
        return said
    a, b = boxes
    region = Box(max(0, a.x0 - int(0.4 * dpi)), max(0, min(a.y0, b.y0) - int(0.05 * dpi)),
                 min(image.width, b.x1 + int(0.4 * dpi)), min(image.height, max(a.y1, b.y1) + int(0.05 * dpi)))
    try:
        again = tesseract.words(image.crop(region.tuple()), psm=7, timeout=timeout)
    except (ToolFailed, ToolTimeout):
        return None
    return said_by([tesseract.Word(w.text, w.conf, w.left + region.x0, w.top + region.y0, w.width, w.height,
                                   w.block, w.par, w.line) for w in again])


def _box_alone(ink: np.ndarray, b: Box, dpi: float) -> BoxReading:
    """The box `b` measured with nothing else in sight (the pair's other box, filled, would be
    found first)."""
    pad = int(0.1 * dpi)
    x0, y0 = max(0, b.x0 - pad), max(0, b.y0 - 3 * pad)
    sub = ink[y0:min(ink.shape[0], b.y1 + 3 * pad), x0:min(ink.shape[1], b.x1 + pad)]
    found = read_box(sub, Box(b.x1 - x0 + 1, b.y0 - y0, b.x1 - x0 + 2, b.y1 - y0), dpi)
    if found.box is None:
        return found
    at = found.box
    return dataclasses.replace(found, box=Box(at.x0 + x0, at.y0 + y0, at.x1 + x0, at.y1 + y0))


def _read_two_boxes(ink: np.ndarray, pair: tuple[Box, Box, bool], dpi: float, *, page: int,
                    found_by: str = "two-box") -> Reading:
    """YES and NO each with its box, each box found again on its own and read
    (`_answer_of_two`)."""
    yes, no = (read_checkbox(_box_alone(ink, b, dpi), page=page) for b in pair[:2])
    return _answer_of_two(yes, no, pair, page=page, found_by=found_by)


def _answer_of_two(yes: Reading, no: Reading, pair: tuple[Box, Box, bool], *, page: int, found_by: str) -> Reading:
    """The answer of a YES box and a NO box read (`yes`, `no`): the one box marked; both
    marked or neither is no answer a reading may give, nor a pair whose words were not read."""
    boxes = pair[:2]
    evidence = {"found_by": found_by, "yes": yes.evidence, "no": no.evidence}
    if not pair[2]:
        evidence["choice_words_unread"] = True
    if yes.value is not no.value and yes.value is not None and no.value is not None:
        conf = min(yes.confidence, no.confidence) if pair[2] else min(yes.confidence, no.confidence, 0.5)
        return Reading(yes.value, conf, page=page, bbox=boxes[0].tuple(), engine="ink", evidence=evidence)
    evidence["both_marked" if yes.value else "neither_marked"] = True
    return Reading(bool(yes.value), 0.5, page=page, bbox=boxes[0].tuple(), engine="ink", evidence=evidence)


def _read_choice(ink: np.ndarray, pair: tuple[Box, Box, bool], lines: list[Line], dpi: float, *,
                 page: int) -> Reading:
    """Which of YES and NO the holder ringed, measured with the words of print around them
    blanked (a line of print just above or below crosses one side of a word's ring, never both)."""
    yes, no, both_read = pair
    both = Box(min(yes.x0, no.x0), min(yes.y0, no.y0), max(yes.x1, no.x1), max(yes.y1, no.y1))
    pad = int(CHOICE_WIDE_IN * dpi) + 2
    region = Box(max(0, both.x0 - pad), max(0, both.y0 - pad), min(ink.shape[1], both.x1 + pad),
                 min(ink.shape[0], both.y1 + pad))
    sub = ink[region.y0:region.y1, region.x0:region.x1].copy()
    _blank_print(sub, region, lines, [yes, no])
    local = [Box(b.x0 - region.x0, b.y0 - region.y0, b.x1 - region.x0, b.y1 - region.y0) for b in (yes, no)]
    rings = [ringed(sub, b, dpi) for b in local]
    wide = [ringed(sub, b, dpi, reach_in=CHOICE_WIDE_IN) for b in local]
    value, conf = calibration.choice(rings[0], rings[1], max(wide), both_read)
    evidence = {"found_by": "yes-no", "ring_yes": round(rings[0], 3), "ring_no": round(rings[1], 3),
                "wide": round(max(wide), 3)}
    if value is False and max(rings) <= calibration.UNRINGED_MAX and conf >= calibration.CHOICE_SURE \
            and (marks := _marks_beside(sub, local, dpi, lines, region)):
        # Neither ringed, and yet something not print stands beside the words (a box ticked
        # beside YES, a tick): not ringing is no answer while a mark is unexplained.
        conf = 0.5
        evidence["marks_beside"] = marks
    return Reading(value, conf, page=page, bbox=both.tuple(), engine="ink", evidence=evidence)


def _alternatives(line: Line) -> tuple[Box, Box] | None:
    """The two alternatives a sentence holds for the holder to strike out what does not apply,
    "I DO / DO NOT wish ...", "I HAVE / HAVE NOT attached ...", "is / is not": a word, a slash,
    and the same word with NOT after it; the affirmative's box and the negative's.  The slash
    may be read glued to either word ("11DO /1DO NOT"): a word's box is then parted at it by
    its letters' count."""
    words = line.words
    for i, w in enumerate(words):
        if "/" not in w.text:
            continue
        left, _, right = w.text.partition("/")
        cut = w.left + w.width * (len(left) + 0.5) / max(1, len(w.text))
        if token(left):
            aff_text, aff = left, Box(w.left, w.top, int(cut), w.bottom)
        elif i > 0 and token(words[i - 1].text):
            x = words[i - 1]
            aff_text, aff = x.text, Box(x.left, x.top, x.right, x.bottom)
        else:
            continue
        aff_tok = token(aff_text)
        after = ([(token(right), Box(int(cut), w.top, w.right, w.bottom))] if token(right) else []) + \
            [_glued_not(x) or (token(x.text), Box(x.left, x.top, x.right, x.bottom)) for x in words[i + 1:i + 3]]
        if not after:
            continue
        # A stroke through either alternative garbles its reading ("DO" read "24", "DO NOT"
        # read "ZS ST"): the other, read clean, says what the words are, and the struck one is
        # the print on its side of the slash (the negative as wide as the affirmative with
        # " NOT" after it).
        first = after[0][0]
        if first.endswith("NOT") and len(first) > 4:                     # "DONOT", glued
            neg, verb = [after[0][1]], after[0][1].width * (len(first) - 3) / len(first)
        elif len(after) > 1 and after[1][0] == "NOT":     # (the word before NOT struck: "DO" read "9")
            neg, verb = [after[0][1], after[1][1]], after[0][1].width
        elif aff_tok.isalpha() and aff_text.isupper() and _shared_end(aff_tok, first.removesuffix("NOT")) is None:
            wide = aff.width * (len(aff_tok) + 4) / max(1, len(aff_tok))
            neg, verb = [b for _t, b in after if b.x1 <= w.right + 1.3 * wide], None
        else:
            continue
        if not neg:
            continue
        if verb is not None:
            # The affirmative is the negative's word: as wide, ending at the slash (its reading's
            # box may take in the "I" before it, read glued to it).
            aff = Box(max(aff.x0, aff.x1 - int(verb * 1.1)), aff.y0, aff.x1, aff.y1)
        return aff, Box(min(b.x0 for b in neg), min(b.y0 for b in neg), max(b.x1 for b in neg), max(b.y1 for b in neg))
    return None


_GLUED_NOT = re.compile(r"NOT(?=[^A-Za-z])")


def _glued_not(w) -> tuple[str, Box] | None:
    """A NOT read glued to the word after it by a mark between ("NOT-attached", a stray
    stroke of the fax read as a hyphen): the NOT alone, its box cut at its letters' share."""
    if not _GLUED_NOT.match(w.text):
        return None
    return "NOT", Box(w.left, w.top, w.left + int(w.width * 3.5 / len(w.text)), w.bottom)


def _shared_end(a: str, b: str) -> str | None:
    """The word both alternatives are, read with a stray letter before either ("11DO", "1DO"):
    their longest common ending, two letters at least, or None."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:] if n >= 2 else None


def _read_strike(ink: np.ndarray, pair: tuple[Box, Box], lines: list[Line], dpi: float, *, page: int) -> Reading:
    """Which alternative the holder struck out, measured with the words of print around them blanked."""
    aff, neg = pair
    both = Box(min(aff.x0, neg.x0), min(aff.y0, neg.y0), max(aff.x1, neg.x1), max(aff.y1, neg.y1))
    pad = int(0.1 * dpi)
    region = Box(max(0, both.x0 - pad), max(0, both.y0 - pad), min(ink.shape[1], both.x1 + pad),
                 min(ink.shape[0], both.y1 + pad))
    sub = ink[region.y0:region.y1, region.x0:region.x1].copy()
    _blank_print(sub, region, lines, [aff, neg])
    shares = [struck(sub, Box(b.x0 - region.x0, b.y0 - region.y0, b.x1 - region.x0, b.y1 - region.y0), dpi)
              for b in (aff, neg)]
    value, conf = calibration.strike(*shares)
    evidence = {"found_by": "strike-out", "struck_affirmative": round(shares[0], 3),
                "struck_negative": round(shares[1], 3)}
    return Reading(value, conf, page=page, bbox=neg.tuple(), engine="ink", evidence=evidence)


def _one_of_a_pair(m: Match, lines: list[Line], dpi: float) -> str | None:
    """The choice word ("YES", "NO") a sentence was taken to begin with, when the other stands
    beside it on its line (within twice CHOICE_GAP_IN; read with a box's glyphs stuck to it,
    "[JNO", too): one of a printed pair, not the sentence's first word."""
    first = token(m.words[0].text).upper()
    if first not in form.CHOICE_WORDS:
        return None
    other = next(c for c in form.CHOICE_WORDS if c != first)
    line = _line_of(m, lines)
    near = [w for w in (line.words if line else ()) if w is not m.words[0]
            and abs(w.cx - m.words[0].cx) <= 2 * CHOICE_GAP_IN * dpi]
    return first if any(token(w.text).upper().endswith(other) and len(token(w.text)) <= len(other) + 2
                        for w in near) else None


def _lighter_inside(image, ink: np.ndarray, box: Box, dpi: float) -> bool:
    """Whether the ink inside a box is much lighter (LIGHTER_INSIDE grey levels or more) than
    the ink of its outline (asked only of a page that came with grey levels: a fax's two levels
    say nothing, and its greys are the levelling turn's)."""
    grey = np.asarray(image.convert("L") if image.mode != "L" else image)
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    edge = max(2, int(0.015 * dpi))
    inset = max(edge + 1, int(0.2 * min(box.width, box.height)))
    g, k = grey[y0:y1, x0:x1].astype(int), ink[y0:y1, x0:x1]
    if g.size == 0 or g.shape != k.shape:
        return False
    rim = np.zeros(k.shape, bool)
    rim[:edge], rim[-edge:], rim[:, :edge], rim[:, -edge:] = True, True, True, True
    core = np.zeros(k.shape, bool)
    core[inset:-inset, inset:-inset] = True
    outline, inside = g[rim & k], g[core & k]
    if outline.size < 10 or inside.size < 10:
        return False
    return float(np.median(inside)) - float(np.median(outline)) >= LIGHTER_INSIDE


def _marks_beside(sub: np.ndarray, words: list[Box], dpi: float, lines: list[Line], region: Box) -> int:
    """How many marks as tall as half a word stand just before either word (within
    MARK_BEFORE_IN, where a box for it would be printed) in `sub` (the ink of `region`, print
    blanked), on no word the page's reading read: ink that is neither the words nor print nor
    the sentence."""
    tall = max(b.height for b in words)
    count = 0
    for b in words:
        x0, x1 = max(0, b.x0 - int(MARK_BEFORE_IN * dpi)), max(0, b.x0 - 2)
        y0, y1 = max(0, b.y0 - tall // 2), min(sub.shape[0], b.y1 + tall // 2)
        zone = sub[y0:y1, x0:x1].copy()
        blank_words(zone, region.x0 + x0, region.y0 + y0, [w for ln in lines for w in ln.words])
        n, _labels, stats, _ = components(zone.astype(np.uint8), 8)
        count += sum(1 for x, y, w, h, _a in stats[1:] if h >= 0.5 * tall and max(w, h) >= MARK_LEAST_IN * dpi)
    return count


def _ring_without_print(ink: np.ndarray, found: BoxReading, lines: list[Line], dpi: float) -> BoxReading:
    """The box's reading with the ink of printed words left out of its ring.  The ring (the ink
    just around an empty-looking box) is there to catch a mark that missed the box; the words of
    its sentence printed close by (the line just above a line to mark on alone under the
    sentence's start) are no mark: right answers were held back at 0.5 so, ring 0.06."""
    if found.box is None:
        return found
    b, pad = found.box, int(RING_PAD_IN * dpi)
    ring = Box(max(0, b.x0 - pad), max(0, b.y0 - pad), min(ink.shape[1], b.x1 + pad), min(ink.shape[0], b.y1 + pad))
    sub = remove_specks(ink[ring.y0:ring.y1, ring.x0:ring.x1], max(4, int((0.012 * dpi) ** 2))).copy()
    sub[b.y0 - ring.y0:b.y1 - ring.y0, b.x0 - ring.x0:b.x1 - ring.x0] = False
    _blank_print(sub, ring, lines, [b])
    area = ring.width * ring.height - b.width * b.height
    share = float(sub.sum()) / max(1, area)
    return dataclasses.replace(found, ring=min(found.ring, share))


def _blank_print(sub: np.ndarray, region: Box, lines: list[Line], keep: list[Box]) -> None:
    """Blank in `sub` (the ink of `region`) the words of print, but those over a box of `keep`.
    Words of print only: a mark read as letters ("Xx") stays a mark."""
    blank_words(sub, region.x0, region.y0,
                [w for ln in lines for w in ln.words
                 if (_real_word(w.text) or _printed_number(w.text)) and w.conf >= calibration.PRINT_CONF
                 and not any(_overlap((w.left, w.top, w.right, w.bottom), k.tuple()) for k in keep)])


def _overlap(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def read_checkboxes(image, ink, lines: list[Line], dpi: float, *, page: int, timeout: float,
                    crops: Path | None, fax: bool = False) -> dict[str, Reading]:
    """The page's checkbox fields, each read from the box of its sentence.  `fax`: the page
    came in two levels, black and white (its greys are a levelling turn's, and say nothing of
    how dark a mark was made)."""
    out = {}
    lines = printed_lines(lines, dpi)
    sentences = box_sentences(lines, dpi)
    for key, phrases in (("tender_elected", form.TENDER_BOX), ("additional_sheet_attached", form.ADDITIONAL_BOX)):
        candidates = list(sentences.get(key, []))
        negatives = sentences.get(NEGATIVE + key, [])
        negated = {id(w) for m, _last in negatives for ln in lines if m.words[0] in ln.words for w in ln.words}
        # The printed wording too, where the sentence's start was not seen as one (a glued or
        # garbled first line); only where it begins its line's sentence, and not on a line of
        # the sentence said negated.
        candidates += [(c, None) for c in sorted((c for p in phrases for c in find_phrase(lines, p, 0.8)),
                                                 key=lambda c: -c.score)
                       if _starts_sentence(next(ln for ln in lines if c.words[0] in ln.words), lines, dpi)
                       and id(c.words[0]) not in negated]
        # A sentence printed with a legend of codes is answered by a code written in its box:
        # its legend's YES and NO are no words to ring, and a box after it stands after the
        # legend.
        legends = {id(c): _legend(c, last, lines, dpi) for c, last in candidates}
        plain = [(c, last) for c, last in candidates if legends[id(c)] is None]
        # A box before the sentence's verb and one before the verb negated ("I [] do [] do not
        # wish to tender"): the box marked is the answer, whichever meaning the sentence was
        # taken to say (its NOT made it a negative's).
        within = next(((m, pair) for m, _last in candidates + negatives
                       if (line := _line_of(m, lines)) is not None and (pair := _boxes_in_sentence(ink, line, dpi))),
                      None)
        if within is not None:
            # Each box measured with the sentence's words round it blanked: words stand beside
            # a box in a sentence on both sides, and are no mark beside it.
            clear = ink.copy()
            boxes = [b for b, _how in within[1]]
            for b in boxes:
                pad = int(0.4 * dpi)
                region = Box(max(0, b.x0 - pad), max(0, b.y0 - pad), min(ink.shape[1], b.x1 + pad),
                             min(ink.shape[0], b.y1 + pad))
                _blank_print(clear[region.y0:region.y1, region.x0:region.x1], region, lines, boxes)
            aff, neg = (measure_box(clear, b, how, dpi) for b, how in within[1])
            reading = _answer_of_two(read_checkbox(aff, page=page), read_checkbox(neg, page=page),
                                     (aff.box, neg.box, True), page=page, found_by="in-sentence")
            reading.evidence["label"] = " ".join(w.text for w in within[0].words)
            out[key] = _with_crop(reading, image, dpi, crops, page, key)
            continue
        if not candidates:
            if negatives:
                out[key] = _with_crop(_with_negative(None, _negative_box(ink, negatives, lines, dpi, page),
                                                     page=page), image, dpi, crops, page, key)
            continue
        # Two boxes (in columns headed YES and NO, or each printed with its word), two ovals
        # lettered Y and N, or a choice printed in the sentence to strike out: the answer.
        reading = _structured(image, ink, plain, lines, dpi, page=page, timeout=timeout)
        if reading is not None:
            out[key] = _with_crop(reading, image, dpi, crops, page, key)
            continue
        # A sentence answered by ringing a printed YES or NO (the first such sentence): no box.
        chosen = next(((cand, pair) for cand, last in plain
                       if (pair := _choice_words(_line_of(cand, lines) or Line(cand.words), last, lines, ink, dpi))),
                      None)
        choice = None
        if chosen is not None:
            choice = _read_choice(ink, chosen[1], lines, dpi, page=page)
            choice.evidence["label"] = " ".join(w.text for w in chosen[0].words)
            if choice.confidence >= calibration.CHOICE_SURE:
                out[key] = _with_crop(choice, image, dpi, crops, page, key)
                continue
        # (A pair read unsure may be no pair at all, "YES -!" the sentence's own words: a box
        # found for the sentence is read too, and the surer of the two kept.)
        # The first sentence of this meaning with a box beside it that is no printed letter.
        tried = []                           # (sentence, its box, its box's reading, the box its own)
        for cand, last in candidates:
            if legends[id(cand)] is not None:
                last = legends[id(cand)][1]          # a box after the sentence follows its legend
            found = _box_of(ink, cand, last, lines, dpi)
            line = _line_of(cand, lines)
            on_line = line is None or found.box is None or abs(found.box.cy - line.box.cy) <= line.box.height \
                or (last is not None and abs(found.box.cy - last.box.cy) <= 1.5 * last.box.height)
            read = read_checkbox(found, page=page)
            ok = found.found_by != "region" and on_line and _inside_a_word(
                found.box, lines, marked=read.value is True) is None
            tried.append((cand, found, read, ok))
        # Every sentence of this meaning with a box of its own, and its box's reading.
        boxed = [(found, read) for _c, found, read, ok in tried if ok]
        m, box = next(((cand, found) for cand, found, _r, ok in tried if ok), tried[0][:2])
        box = _ring_without_print(ink, box, lines, dpi)
        reading = read_checkbox(box, page=page)
        inked = reading.value is True        # ink in the box, whatever a code written there answers
        if box.box is not None and box.found_by != "region" \
                and (legend := (legends[id(m)] or (codes.page_legend(lines), None))[0]) is not None:
            # A box a figure is written in, whatever the answer: the figure is the answer, and
            # a box read unmarked may hold a thin one.
            reading = codes.read_code(reading, legend, image, ink, dpi, timeout)
        # (A choice word written out on its blank is a word there, the answer itself.)
        inside = _inside_a_word(box.box, lines, marked=inked) \
            if box.box is not None and reading.engine != codes.WORD_ENGINE else None
        if inside is not None:
            # What looked like a box is part of a printed word: the real box was not found.
            reading.confidence = min(reading.confidence, 0.5)
            reading.evidence["box_inside_word"] = inside
        reading.evidence["label"] = " ".join(w.text for w in m.words)
        if reading.value is True and box.box is not None and not fax and _lighter_inside(image, ink, box.box, dpi):
            # What fills the box is much lighter than its printed outline: a tint printed in it
            # (a shaded box photographed), not a mark made with a pen.
            reading.confidence = min(reading.confidence, 0.5)
            reading.evidence["inside_lighter_than_outline"] = True
        if (choice_word := _one_of_a_pair(m, lines, dpi)) and reading.confidence > 0.5:
            # The box stands before a printed YES or NO with the other beside it, not before the
            # sentence ("Yes, I wish" is the sentence's own): it answers that word, and which of
            # the two words a mark answers is not this box's to say.
            reading.confidence = 0.5
            reading.evidence["box_of_a_choice_word"] = choice_word
        if any(b.box is not None and reading.bbox and not _overlap(b.box.tuple(), reading.bbox)
               and read.value is not reading.value for b, read in boxed):
            # Two sentences of this meaning, each with its box, read otherwise (a negative whose
            # NOT was read glued, "donot", taken for the sentence): which is the answer is a
            # person's.
            reading.confidence = min(reading.confidence, 0.5)
            reading.evidence["another_sentence_reads_otherwise"] = True
        other = next((r for r in out.values() if r.bbox and reading.bbox and _overlap(r.bbox, reading.bbox)), None)
        if other is not None:
            # Two sentences found at one box: one of them is not where it was taken to be.
            for r in (reading, other):
                r.confidence = min(r.confidence, 0.5)
                r.evidence["box_shared_with_another_sentence"] = True
        if choice is not None and choice.confidence >= reading.confidence:
            reading = choice
        elif choice is not None and choice.value is not reading.value:
            # The pair read unsure one way, a box beside the sentence the other: two readings
            # that disagree are a person's (a glyph by the pair read as a box marked at 0.98).
            reading.confidence = min(reading.confidence, 0.5)
            reading.evidence["pair_read_otherwise"] = True
        if negatives:
            reading = _with_negative(reading, _negative_box(ink, negatives, lines, dpi, page), page=page)
        out[key] = _with_crop(reading, image, dpi, crops, page, key)
    return out


def _structured(image, ink: np.ndarray, plain: list[tuple[Match, Line | None]], lines: list[Line], dpi: float, *,
                page: int, timeout: float) -> Reading | None:
    """The answer given by the first of the choices printed with a sentence to be found: a YES
    box and a NO box in columns headed so, a box printed with YES and one with NO, two ovals
    lettered Y and N, a choice in the sentence to strike out; each looked for by every sentence
    of this meaning (`plain`, none with a legend of codes) before the next kind is.  None where
    no sentence has one."""
    kinds = (
        (lambda line, cand, last: _headed_boxes(ink, line, last, lines, dpi),
         lambda pair: _read_two_boxes(ink, pair, dpi, page=page, found_by="headed-boxes")),
        (lambda line, cand, last: _two_boxes(image, ink, line, cand.words[0], last, lines, dpi, timeout),
         lambda pair: _read_two_boxes(ink, pair, dpi, page=page)),
        (lambda line, cand, last: _two_ovals(image, ink, line, cand.words[0], last, lines, dpi, timeout),
         lambda pair: _read_two_ovals(ink, pair, page=page)),
        (lambda line, cand, last: _alternatives(line),
         lambda pair: _read_strike(ink, pair, lines, dpi, page=page)),
    )
    for find, read in kinds:
        for cand, last in plain:
            line = _line_of(cand, lines)
            if line is not None and (pair := find(line, cand, last or line)):
                reading = read(pair)
                reading.evidence["label"] = " ".join(w.text for w in cand.words)
                return reading
    return None


def _legend(m: Match, last: Line | None, lines: list[Line], dpi: float) -> tuple[codes.Legend, Line] | None:
    """The legend printed with the sentence begun at `m`, if any, and the line it ends on."""
    line = _line_of(m, lines)
    if line is None:
        return None
    return codes.sentence_legend(line, last or _sentence(line, lines, dpi)[1], lines)


def _negative_box(ink: np.ndarray, negatives: list[tuple[Match, Line]], lines: list[Line], dpi: float,
                  page: int) -> Reading | None:
    """The reading of the box of the first sentence said negated that has a box of its own (no
    printed letter); None when none has."""
    for m, last in negatives:
        found = _box_of(ink, m, last, lines, dpi)
        if found.found_by == "region" or found.box is None:
            continue
        reading = read_checkbox(found, page=page)
        if _inside_a_word(found.box, lines, marked=reading.value is True) is None:
            reading.evidence["label"] = " ".join(w.text for w in m.words)
            return reading
    return None


def _with_negative(reading: Reading | None, negative: Reading | None, *, page: int) -> Reading:
    """A "check one" choice: the sentence's box and its negative's ("I do not wish to tender
    ..."), each read alone.  The answer is the one box marked, as with a YES box and a NO box.
    Both marked, neither, one box found for both sentences, or a box read unsure is a person's
    to say.  A negative's box alone (its sentence's unread) answers No when marked; unmarked,
    it says nothing of the other."""
    if negative is None:
        if reading is not None:
            return reading
        return Reading(None, 0.0, page=page, engine="ink", evidence={"found_by": "negative",
                                                                      "negative_box_not_found": True})
    evidence = {"found_by": "negative", "negative": negative.evidence}
    if reading is None or reading.bbox is None or reading.evidence.get("found_by") == "region":
        evidence["sentence_box_not_found"] = True
        if negative.value is True:
            return Reading(False, negative.confidence, page=page, bbox=negative.bbox, engine="ink", evidence=evidence)
        return Reading(None, 0.0, page=page, bbox=negative.bbox, engine="ink", evidence=evidence)
    evidence["sentence"] = reading.evidence
    conf = min(reading.confidence, negative.confidence)
    if _overlap(reading.bbox, negative.bbox):
        evidence["box_shared_with_negative"] = True
        conf = min(conf, 0.5)
    elif reading.value is negative.value or None in (reading.value, negative.value):
        evidence["both_marked" if reading.value else "neither_marked"] = True
        conf = min(conf, 0.5)
    return Reading(reading.value, conf, page=page, bbox=reading.bbox, crop_path=reading.crop_path,
                   engine=reading.engine, evidence=evidence)


def _with_crop(reading: Reading, image, dpi: float, crops: Path | None, page: int, key: str) -> Reading:
    """The reading with the picture of its box and the start of its sentence saved for review."""
    if reading.bbox:
        x0, y0, x1, y1 = reading.bbox
        pad = int(0.3 * dpi)
        path = _crop(crops, page, key)
        if path is not None:
            image.crop((max(0, x0 - pad), max(0, y0 - pad), x1 + int(3 * dpi), y1 + pad)).save(path)
            reading.crop_path = str(path)
    return reading
