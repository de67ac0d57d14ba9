"""Typesets: ways the same form text is set on the page, and the blank pages they make.

A typeset is a combination of independent conventions (axes): body font, size, margins,
leading; where each label stands relative to its writing line; how the grant table is
drawn and its headings set; how a checkbox is drawn and on which side of its sentence;
how each sentence and label is worded; which page each part falls on. The five named
typesets are fixed combinations (the first ones made); :mod:`samples.layouts` draws a
combination per document from a seed. Each axis's values are listed at its ``Typeset``
field; the held-out family's own (``over-box``, each field an empty box, its label
printed over it outside, :mod:`samples.over_box_labels`; ``underlined-heads``, a table
whose only rules are one under each column's heading, :mod:`samples.underlined_heads`;
``brace``, the box beyond a brace as tall as its sentence, :mod:`samples.brace_boxes`)
are drawn by no other typeset, and the earlier held-out families' (``caption``,
``dotted``, ``parens``;
``cells``, ``zebra``, ``shaded``; ``comb``, ``ledger``, ``yes-no``; ``leader``,
``transposed``, ``margin``; ``after``, ``records``, ``two-box``; ``prose``, ``two-tier``,
``initials``; ``numbered``, ``rotated-heads``, ``strike-out``; ``reverse``, ``lettered``,
``write-in``; ``tabbed``, ``cards``, ``bubble``; ``dropout``, ``sentences``,
``alternatives``; ``inline``, ``lines``, ``code``; ``side-strip``, ``row-captions``,
``yes-no-columns``; ``shared-rule``, ``spanned-heads``, ``in-sentence``; ``open``,
``example-row``, ``check-cell``; ``combined``, ``cents-rule``, ``sample-mark``;
``questions``, ``tick-comb``, ``corners``; ``hinted``, ``placeholder``, ``shadowed``;
``framed``, ``apart``, ``rounded``; ``banded``, ``knockout``, ``tile``; ``hanging``,
``three-rule``, ``cup``) are varied ones now.
``election_form`` and the other page functions draw blank pages (greyscale,
``RENDER_DPI``) and return anchors: where each box, table cell and writing line is, so the
fill-in step knows where to write.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from samples import (apart_cells, banded_labels, brace_boxes, captioned_rows, cents_rule,
                     check_cells, combined_labels, corner_boxes, cup_boxes, example_row,
                     framed_labels, hanging_labels, hinted_labels, in_sentence_boxes,
                     knockout, open_labels, over_box_labels, placeholders, questions,
                     sample_marks, shared_rule_labels, side_strip_labels, spanned_heads,
                     three_rule, tick_comb, underlined_heads, yes_no_columns)
from samples import content as C

RENDER_DPI = 200
PAGE_W, PAGE_H = int(8.5 * RENDER_DPI), int(11 * RENDER_DPI)
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
# Printed tints (0 black, 255 paper): a checkbox's inside (20 % grey), a label's cell
# (16 %), a zebra table's shaded rows (13 %) and its reversed heading row (85 %).
BOX_GREY, CELL_GREY, ROW_GREY, HEAD_DARK = 204, 214, 222, 38
# a ``dropout`` field's box and label: printed in a light "drop-out" ink (about 40 %
# grey), as forms meant for machine reading print them so that a scanner drops them and
# keeps the writing; through a fax they come out faint, speckled or not at all
DROP_GREY = 150
INITIALS_W = 0.75  # inches: an initials line's length
# a ``code`` box: its side at least (inches), a box to write one figure in; the legend
# after its sentence saying which figure means what
CODE_BOX = 0.22
CODE_LEGEND = "(Enter 1 for Yes, 2 for No)"
ROUNDED = 0.25  # a ``rounded`` box's corners' radius, as a share of its side
# a ``bubble`` pair: each oval's width and the gap between them (inches), the letters
# printed inside them and their size as a share of the oval's height
BUBBLE_W, BUBBLE_GAP, BUBBLE_LETTERS, BUBBLE_LETTER = 0.3, 0.12, ("Y", "N"), 0.72
# A sentence's opening and how it reads with a choice to strike out (``strike-out``):
# the words before the choice, its affirmative and its negative, the words after it
STRIKE_OPENINGS = (
    ("Yes, I wish to", "I", "DO", "DO NOT", "wish to"),
    ("YES - I wish to", "I", "DO", "DO NOT", "wish to"),
    ("I elect to", "I", "DO", "DO NOT", "elect to"),
    ("Check here to", "I", "DO", "DO NOT", "wish to"),
    ("I have attached", "I", "HAVE", "HAVE NOT", "attached"),
    ("An additional sheet is attached", "An additional sheet", "IS", "IS NOT", "attached"),
    ("Check here if you have attached an additional sheet with your", "I", "HAVE",
     "HAVE NOT", "attached an additional sheet with my"),
)
STRIKE_NOTE = "(Strike out what does not apply.)"


def strike_choice(text: str) -> tuple[str, str, str, str]:
    """The sentence as a choice to strike out: the words before the choice, its
    affirmative, its negative and the words after it."""
    for opening, before, yes, no, after in STRIKE_OPENINGS:
        if text.startswith(opening):
            return before, yes, no, f"{after} {text[len(opening):].strip()}"
    raise ValueError(f"no choice to strike out in {text[:40]!r}")


WRITE_IN_W = 0.9  # inches: a ``write-in`` blank's length
# a sentence's words in the second person, as a question puts them
_SECOND_PERSON = {"I": "you", "my": "your", "me": "you"}


def write_in_question(text: str) -> str:
    """The sentence asked as a question (``write-in``): "Do you wish to tender ...?",
    "Have you attached ...?", "Is an additional sheet attached ...?"."""
    before, yes, _, rest = strike_choice(text)
    subject = "you" if before == "I" else before[0].lower() + before[1:]
    rest = " ".join(_SECOND_PERSON.get(w, w) for w in rest.split()).rstrip(".:")
    return f"{yes.title()} {subject} {rest}?"


def write_in_prompt(ts: "Typeset") -> str:
    """What a ``write-in`` question asks to be written on its blank, in the labels' case."""
    return "(WRITE YES OR NO)" if ts.labels[0].isupper() else "(Write YES or NO)"


def code_legend(ts: "Typeset") -> str:
    """The legend after a ``code`` box's sentence, in capitals where the labels are."""
    return CODE_LEGEND.upper() if ts.labels[0].isupper() else CODE_LEGEND


def negative_sentence(text: str) -> str:
    """The sentence's other alternative (``alternatives``), as a "check one" choice prints
    it under the sentence: "I do not wish to tender for exchange the options specified
    below.", "I have not attached an additional sheet ...", "An additional sheet is not
    attached ..."; its words after an aside or a clause that adds to it left out."""
    before, _, no, rest = strike_choice(text)
    for cut in (" (", ", "):
        rest = rest.split(cut)[0]
    return f"{before} {no.lower()} {rest.rstrip('.:')}."


@dataclass(frozen=True)
class Typeset:
    name: str
    font: str
    bold: str
    size_pt: float
    margin_in: float
    top_in: float
    leading: float  # line height as a multiple of the font size
    # grid | rules | unruled | underscores | dotted | zebra | ledger | transposed |
    # records (no table: a block of labelled rules to each grant) | two-tier (each grant
    # over two ruled rows, the headings in two tiers) | rotated-heads (a boxed grid, its
    # headings turned on their side, reading upwards) | lettered (a boxed grid headed by
    # column letters only, "(A) (B) ...", the headings in a key over it) | cards (no
    # table: a ruled card to each grant, two to a row, its fields labelled rules) |
    # sentences (no table: each grant a numbered sentence with blanks, "1. Option granted
    # on ______ to purchase ______ shares at ...") | lines (no table: the fields named
    # once in an instruction, then a numbered blank rule to each grant) | row-captions
    # (no heading row: a row of rules to each grant, its fields' headings small under
    # them, again under every grant) | spanned-heads (a boxed grid headed in two tiers, a
    # spanning heading over the columns it groups: "Number of Shares" over "Granted |
    # Exercised | Tendered") | example-row (a boxed grid whose first row is a printed,
    # shaded example: "Example 01/15/2001 1,000 $12.50 200 800") | cents-rule (a boxed
    # grid whose price column is parted by a thin rule, dollars | cents: "12 | 50") |
    # tick-comb (a boxed grid whose cells are parted into character places by ticks
    # rising from their foot, one figure to a place: "0 3/1 5/0 1") | placeholder (a boxed
    # grid whose cells hold their value's form printed grey: "MM/DD/YYYY", "0,000", "$0.00")
    # | apart (each cell a ruled box of its own, white between it and its neighbours) |
    # knockout (the table tinted grey, its cells knocked out of the tint white, no rules)
    # | three-rule (a heavy rule over the headings, a thin one under them, a heavy one under
    # the last row, nothing between the rows) | underlined-heads (each column's heading
    # underlined by a rule of its own, nothing else ruled)
    table_style: str
    # square | text | circle | underline | parens | shaded | yes-no | margin | two-box
    # (two squares, one labelled YES and one NO) | initials (a short line, "(Initials)"
    # small under it, that the holder initials to elect) | strike-out (no box: "I DO / DO
    # NOT wish to ...", the holder striking out what does not apply) | write-in (no box:
    # "Do you wish to ...? (Write YES or NO) ______", the holder writing the word) |
    # bubble (two ovals, "Y" and "N" printed inside them, the holder filling one solid) |
    # alternatives (a box to the sentence and one to its negative printed under it, "[]
    # I do not wish to tender ...", the holder checking one) | code (a box to write a
    # figure in, "(Enter 1 for Yes, 2 for No)" after the sentence) | yes-no-columns (a
    # YES box and a NO box in columns at the right margin, "Yes" and "No" over them) |
    # in-sentence (the boxes inside the sentence, before the alternatives of its verb: "I
    # [] do [] do not wish to tender ...") | check-cell (the sentence in a ruled frame, the
    # box the frame's end cell, as tall as the sentence) | sample-mark (over the sentence
    # "Mark the box with an X, like this:" and a box printed marked; its own box empty)
    # | corners (a square printed as its four corners only, no walls between them) |
    # shadowed (a square with a drop shadow, its right and foot edges heavy) | rounded (a
    # square whose corners are rounded) | tile (a white square, no outline, knocked out
    # of a grey tile) | cup (the box typed "|_|", open at its top) | brace (a right brace
    # as tall as the sentence after it, the box beyond its point, level with its middle)
    checkbox: str
    rows: int  # rows in the Election Form's grant table
    split_tender: bool  # page 1 ends inside the tender sentence, as in the original
    justify: bool = False
    indent_in: float = 0.5
    title_scale: float = 1.25
    # Axes added later; the defaults are the five named typesets' conventions.
    # below | above | left | caption (a box, the label at its top) | cells (a grid row:
    # the label in a shaded cell, the value in the cell right of it) | comb (the label
    # small above a row of character boxes, one character written in each) | leader (the
    # label followed on its line by a leader of full stops to write on) | after (the line
    # first, its label after it on the same line, in small type: "_____ (Print Name)") |
    # prose (no labels: sentences to fill in, "I, ________, Social Security No. ____, ...")
    # | numbered (each line numbered, "1 ________", the labels in a key over the block)
    # | reverse (the label white on a black tab at its line's left end, the line after it)
    # | tabbed (the labels flush right in a column of their own, against an upright rule
    # down the block, every line starting just after it) | dropout (a box to each field
    # and its label small in its top-left corner, both printed in a light drop-out grey)
    # | inline (the label in small capitals on the writing rule's left end, the writing
    # after it on the same rule) | side-strip (a box to each field, its label turned on its
    # side, reading upwards, in a strip at the box's left) | shared-rule (a row's fields on
    # one unbroken rule, each label small under its stretch: "Signature ... Date") | open
    # (the label, colon and all, and nothing printed after it to write on: "Name:") |
    # combined (one label for two fields, one room for both: "Signature / Date: ____",
    # "Print Name / Home Address:" before four rules) | questions (each field asked for
    # as a numbered question, "2. What is your Social Security number?", its answer on a
    # rule under it) | hinted ("Name: ______", a hint small in parentheses under the line:
    # "(first name, middle initial, last name)") | framed (a box to each field holding its
    # label at its left and the room after it: "Name:" and the room in one box) | banded
    # (a box to each field, its label small in a grey band across its top, ruled off from
    # the white room under it) | hanging (the fields in bands between rules, each label
    # small under its band's top rule, the writing under it on the band's foot rule) |
    # over-box (each field an empty box, its label printed over it, outside)
    label_place: str = "below"
    block: str = "legacy"  # signature block: legacy | two (columns) | one (column)
    block_order: str = "signature-first"  # signature-first | name-first
    labels: tuple[str, ...] = C.LABELS  # signature, ssn, name, datetime, address
    headings: tuple[str, ...] = C.TABLE_HEADINGS
    head_lines: str = "wrap"  # wrap (as the column's width makes them) | stacked2 | stacked3
    head_bold: bool = True
    # before | after (the box ends its sentence); a margin box ends its sentence's line
    checkbox_side: str = "before"
    tender_text: str = ""  # "" = the form's own wording
    additional_text: str = ""
    tender_page: int = 1  # the page the tender sentence stands on (1 or 2)
    signature_page: str = "with-table"  # with-table | next (a page of its own after it)
    family: str = ""  # "" for a named typeset; varied | heldout for a drawn one
    page_label: str = "number"  # number | page-of ("Page 2 of 6") | titled | none
    grant_no_heading: str = ""  # a first column for the grant number, headed so ("" none)
    prefilled: bool = False  # the company printed each holder's name and address on it
    total_label: str = ""  # a last row "TOTAL ..." with a cell under the tendered column
    datetime_split: bool = False  # "Date ____" and "Time ____" on lines of their own
    font_family: str = "dejavu"

    @property
    def legacy_block(self) -> bool:
        return self.block == "legacy"


TYPESETS: dict[str, Typeset] = {
    t.name: t
    for t in (
        Typeset("classic", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", 10.5, 1.0, 0.9,
                1.32, "grid", "text", 3, True, justify=True),
        Typeset("modern", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", 9.5, 0.85, 0.75,
                1.45, "rules", "square", 4, False),
        Typeset("compact", "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf", 9.0,
                0.7, 0.6, 1.3, "underscores", "square", 5, False, indent_in=0.3,
                title_scale=1.15),
        Typeset("edgar", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", 9.0, 0.9, 0.7,
                1.25, "underscores", "text", 3, True, indent_in=0.6, title_scale=1.0),
        Typeset("legal", "DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Bold.ttf", 11.0,
                1.1, 1.0, 1.38, "grid", "square", 4, False, justify=True, indent_in=0.75),
    )
}
# All five have been tuned on (``legal`` was held out until two fixes were made on it);
# the held-out family is drawn by ``samples.layouts`` (``HELD_OUT_FAMILY``).


def px(inches: float) -> int:
    return int(round(inches * RENDER_DPI))


@lru_cache(maxsize=64)
def font(name: str, size_px: int) -> ImageFont.FreeTypeFont:
    path = name if "/" in name else DEJAVU + name
    return ImageFont.truetype(path, size_px)


class Canvas:
    """One page being set: a cursor that flows text between the margins."""

    def __init__(self, ts: Typeset, scale: float = 1.0):
        self.ts = ts
        self.img = Image.new("L", (PAGE_W, PAGE_H), 255)
        self.d = ImageDraw.Draw(self.img)
        self.size = int(round(ts.size_pt * scale * RENDER_DPI / 72))
        self.f = font(ts.font, self.size)
        self.fb = font(ts.bold, self.size)
        self.lh = int(self.size * ts.leading)
        self.x0 = px(ts.margin_in)
        self.x1 = PAGE_W - px(ts.margin_in)
        self.y = px(ts.top_in)
        self.bottom = PAGE_H - px(0.75)
        self.last_no: tuple[int, int, int, int] | None = None  # a yes-no box's NO word
        self.pair_end = 0  # where a YES/NO pair's print ends on the right
        self.key_numbers: dict[str, int] = {}  # a ``numbered`` field's number in the key
        self.tab_w = 0  # a ``tabbed`` block's label column, to its rule

    # -- text -------------------------------------------------------------------
    def wrap(self, text: str, width: int, f=None) -> list[str]:
        f = f or self.f
        lines, cur = [], ""
        for word in text.split():
            trial = f"{cur} {word}" if cur else word
            if f.getlength(trial) <= width or not cur:
                cur = trial
            else:
                lines.append(cur)
                cur = word
        if cur:
            lines.append(cur)
        return lines

    def line(self, text: str, x: int, f=None, justify_to: int | None = None):
        f = f or self.f
        if justify_to and " " in text:
            words = text.split()
            gap = (justify_to - x - sum(f.getlength(w) for w in words)) / (len(words) - 1)
            cx = float(x)
            for w in words:
                self.d.text((int(cx), self.y), w, font=f, fill=0)
                cx += f.getlength(w) + gap
        else:
            self.d.text((x, self.y), text, font=f, fill=0)
        self.y += self.lh

    def para(self, text: str, indent: int = 0, left: int | None = None, f=None,
             gap: float = 0.8):
        left = self.x0 if left is None else left
        f = f or self.f
        words = self.wrap(text, self.x1 - left - indent, f)
        # re-wrap after the first line with full width
        first = words[0] if words else ""
        rest = self.wrap(text[len(first):].strip(), self.x1 - left, f) if words else []
        all_lines = [first] + rest
        for i, ln in enumerate(all_lines):
            last = i == len(all_lines) - 1
            x = left + (indent if i == 0 else 0)
            self.line(ln, x, f, self.x1 if (self.ts.justify and not last) else None)
        self.y += int(self.lh * gap)

    def center(self, text: str, f=None, gap: float = 0.0):
        f = f or self.f
        for ln in self.wrap(text, self.x1 - self.x0, f):
            w = f.getlength(ln)
            self.d.text((int((PAGE_W - w) / 2), self.y), ln, font=f, fill=0)
            self.y += int(f.size * self.ts.leading)
        self.y += int(self.lh * gap)

    def box(self, x: int, y: int) -> tuple[int, int, int, int]:
        """Draw the checkbox with its top-left at (x, y); return its bbox (a ``yes-no``
        box's: the YES word's, the place of the mark; its NO word's in ``last_no``; a
        ``two-box`` one's: the YES square, its NO square in ``last_no``)."""
        s = int(self.size * 1.05)
        style = self.ts.checkbox
        if style == "yes-no":
            return self._yes_no(x, y)
        if style == "two-box":
            return self._two_box(x, y)
        if style == "initials":
            return self._initials(x, y)
        if style == "bubble":
            return self._bubbles(x, y)
        if style == "code":  # a box a figure is written in, centred on the line
            s = max(px(CODE_BOX), int(self.size * 1.4))
            top = y + (int(self.size * 1.2) - s) // 2
            bb = (x, top, x + s, top + s)
            self.d.rectangle(bb, outline=0, width=max(2, self.size // 14))
            return bb
        if style in ("square", "margin", "alternatives"):
            bb = (x, y + 2, x + s, y + 2 + s)
            self.d.rectangle(bb, outline=0, width=max(2, self.size // 14))
            return bb
        if style == "shadowed":  # a square with a drop shadow on its right and foot (the
            bb = (x, y + 2, x + s, y + 2 + s)  # Wingdings box a word processor sets)
            off = max(3, s // 6)
            self.d.rectangle((x + off, y + 2 + off, x + s + off, y + 2 + s + off), fill=0)
            self.d.rectangle(bb, fill=255, outline=0, width=max(2, self.size // 14))
            return bb
        if style == "rounded":  # a square whose corners are rounded, as forms set in a
            bb = (x, y + 2, x + s, y + 2 + s)  # page-layout program print it
            self.d.rounded_rectangle(bb, radius=max(3, int(s * ROUNDED)), outline=0,
                                     width=max(2, self.size // 14))
            return bb
        if style == "tile":  # a white square knocked out of a grey tile, no outline
            bb = (x, y + 2, x + s, y + 2 + s)
            knockout.tile(self, bb)
            return bb
        if style == "corners":  # only the square's corners printed, as ICR forms mark
            bb = (x, y + 2, x + s, y + 2 + s)  # where to write
            corner_boxes.corners(self.d, bb, max(2, self.size // 14))
            return bb
        if style == "shaded":  # a thin outline round a light grey inside
            bb = (x, y + 2, x + s, y + 2 + s)
            self.tint(bb, BOX_GREY)
            self.d.rectangle(bb, outline=0, width=2)
            return bb
        if style == "circle":
            bb = (x, y + 2, x + s, y + 2 + s)
            self.d.ellipse(bb, outline=0, width=max(2, self.size // 14))
            return bb
        if style == "underline":  # "____ Yes": a short line to mark on
            yl = y + int(self.size * 1.05)
            self.hline(x, x + px(0.45), yl, max(2, self.size // 14))
            return (x, yl - int(self.size * 1.05), x + px(0.45), yl)
        if style == "cup":  # "|_|" typed, open at its top, as EDGAR filings print a box
            self.pair_end = x + int(self.f.getlength(cup_boxes.GLYPHS))
            return cup_boxes.cup(self.d, x, y, self.f)
        glyph = "( )" if style == "parens" else "[ ]"
        self.d.text((x, y), glyph, font=self.f, fill=0)
        w = int(self.f.getlength(glyph))
        return (x, y, x + w, y + int(self.size * 1.2))

    def _yes_no(self, x: int, y: int) -> tuple[int, int, int, int]:
        """The words YES and NO printed in bold, a space between them for the ring a holder
        draws round one."""
        pad, h = px(0.06), int(self.size * 1.25)
        boxes = []
        for word in ("YES", "NO"):
            self.d.text((x + pad, y), word, font=self.fb, fill=0)
            w = int(self.fb.getlength(word))
            boxes.append((x, y - px(0.02), x + w + 2 * pad, y + h))
            x += w + 2 * pad + px(0.16)
        self.last_no = boxes[1]
        self.pair_end = boxes[1][2]
        return boxes[0]

    def _two_box(self, x: int, y: int) -> tuple[int, int, int, int]:
        """Two squares, the first followed by the word YES and the second by NO, in the
        body font: "[] YES  [] NO"; the holder marks the one that is so."""
        s = int(self.size * 1.05)
        boxes = []
        for word in ("YES", "NO"):
            bb = (x, y + 2, x + s, y + 2 + s)
            self.d.rectangle(bb, outline=0, width=max(2, self.size // 14))
            boxes.append(bb)
            x = bb[2] + px(0.05)
            self.d.text((x, y), word, font=self.f, fill=0)
            x += int(self.f.getlength(word)) + px(0.18)
        self.last_no = boxes[1]
        self.pair_end = x - px(0.18)
        return boxes[0]

    def _bubbles(self, x: int, y: int) -> tuple[int, int, int, int]:
        """Two ovals side by side, as on an answer sheet, "Y" printed small inside the
        first and "N" inside the second; the holder fills the one that is so solid.
        Returns the Y oval; the N oval in ``last_no``."""
        w, h = px(BUBBLE_W), max(px(0.13), int(self.size * 1.05))
        sf = font(self.ts.font, max(12, int(h * BUBBLE_LETTER)))
        top = y + max(0, (int(self.size * 1.25) - h) // 2)
        boxes = []
        for letter in BUBBLE_LETTERS:
            bb = (x, top, x + w, top + h)
            self.d.ellipse(bb, outline=0, width=2)
            self.d.text(((bb[0] + bb[2]) // 2, (bb[1] + bb[3]) // 2), letter, font=sf,
                        fill=0, anchor="mm")
            boxes.append(bb)
            x += w + px(BUBBLE_GAP)
        self.last_no = boxes[1]
        self.pair_end = boxes[1][2]
        return boxes[0]

    def _initials(self, x: int, y: int) -> tuple[int, int, int, int]:
        """A short line on the sentence's first line, "(Initials)" small and centred under
        it; the holder writes their initials on it. Returns the room over the line."""
        w = px(INITIALS_W)
        yl = y + int(self.size * 1.3)  # under the line's words: its room is their height
        self.hline(x, x + w, yl, max(2, self.size // 14))
        sf = font(self.ts.font, max(12, int(self.size * 0.72)))
        word = "(INITIALS)" if self.ts.labels[0].isupper() else "(Initials)"
        self.d.text((x + w // 2, yl + 3), word, font=sf, fill=0, anchor="mt")
        return (x, y, x + w, yl)

    def _box_end(self, bb: tuple[int, int, int, int]) -> int:
        """Where the box's print ends on the right (past the NO of a YES/NO pair)."""
        return self.pair_end if self.ts.checkbox in ("yes-no", "two-box", "bubble", "cup") \
            else bb[2]

    def checkbox_para(self, text: str, split: str | None = None):
        """A checkbox and its sentence; returns the box bbox and any text left over."""
        if self.ts.checkbox == "margin":
            return self._checkbox_margin(text), ""
        if self.ts.checkbox == "strike-out":
            return self._strike_out(text), ""
        if self.ts.checkbox == "write-in":
            return self._write_in(text), ""
        if self.ts.checkbox == "alternatives":
            return self._alternatives(text), ""
        if self.ts.checkbox == "yes-no-columns":
            return yes_no_columns.yes_no_columns(self, text), ""
        if self.ts.checkbox == "in-sentence":
            return in_sentence_boxes.in_sentence(self, text), ""
        if self.ts.checkbox == "check-cell":
            return check_cells.check_cell(self, text), ""
        if self.ts.checkbox == "sample-mark":
            return sample_marks.sample_mark(self, text), ""
        if self.ts.checkbox == "brace":
            return brace_boxes.brace_box(self, text), ""
        if self.ts.checkbox == "code":  # the legend after the sentence, never split
            text, split = f"{text} {code_legend(self.ts)}", None
        if self.ts.checkbox_side == "after":
            return self._checkbox_after(text), ""
        return self._box_before(text, split)

    def _box_before(self, text: str, split: str | None = None):
        """The box at the margin, its sentence after it (``split``: the words set here,
        the rest returned to go on the next page); returns the box and the rest."""
        bb = self.box(self.x0, self.y)
        left = self.x0 + px(0.6)
        if self._box_end(bb) + px(0.12) > left:
            left = self._box_end(bb) + px(0.15)
        head, tail = (split, text[len(split):].strip()) if split else (text, "")
        for ln in self.wrap(head, self.x1 - left):
            self.line(ln, left)
        self.y += int(self.lh * 0.8)
        return bb, tail

    def _alternatives(self, text: str) -> tuple[int, int, int, int]:
        """A "check one" choice: the sentence with its box, and under it its negative
        (``negative_sentence``) with a box of its own, each box before its sentence or
        after its last word as the typeset sets boxes, the two closer than two
        paragraphs; the holder checks the one that is so. Returns the sentence's box;
        the negative's in ``last_no``."""
        one = self._checkbox_after if self.ts.checkbox_side == "after" else \
            (lambda t: self._box_before(t)[0])
        bb = one(text)
        self.y -= int(self.lh * 0.4)
        self.last_no = one(negative_sentence(text))
        return bb

    def _checkbox_after(self, text: str) -> tuple[int, int, int, int]:
        """The sentence first, its box after its last word (or alone on the next line)."""
        room = px({"yes-no": 1.25, "two-box": 1.5, "initials": 1.0,
                   "bubble": 1.0, "code": 0.6}.get(self.ts.checkbox, 0.75))
        lines = self.wrap(text, self.x1 - self.x0)
        for ln in lines:
            self.line(ln, self.x0)
        end = self.x0 + int(self.f.getlength(lines[-1])) + px(0.2)
        if end + room > self.x1:
            end = self.x0 + px(0.3)
        else:
            self.y -= self.lh
        bb = self.box(end, self.y)
        self.y += self.lh + int(self.lh * 0.8)
        return bb

    def _checkbox_margin(self, text: str) -> tuple[int, int, int, int]:
        """The box at the right margin, in a column of its own, on the sentence's last
        line: the sentence set short of that column, a leader of full stops running from
        its last word to the box."""
        s = int(self.size * 1.05)
        bx = self.x1 - s
        lines = self.wrap(text, bx - px(0.6) - self.x0)
        for ln in lines[:-1]:
            self.line(ln, self.x0)
        self.d.text((self.x0, self.y), lines[-1], font=self.f, fill=0)
        base = self.y + self.f.getmetrics()[0]
        self.leader(self.x0 + int(self.f.getlength(lines[-1])) + px(0.08), bx - px(0.08),
                    base)
        bb = self.box(bx, self.y)
        self.y += self.lh + int(self.lh * 0.8)
        return bb

    def _strike_out(self, text: str) -> tuple[int, int, int, int]:
        """No box: the sentence with its choice in it, "I DO / DO NOT wish to tender
        ...", the two alternatives in bold capitals, flowed from the margin; under it,
        small, "(Strike out what does not apply.)". Returns the negative's words (struck
        to elect); the affirmative's (struck to decline) in ``last_no``."""
        before, yes, no, rest = strike_choice(text)
        space = self.f.getlength(" ")
        slash = self.f.getlength(" / ")
        h = int(self.size * 1.25)
        x, boxes = self.x0, {}
        pieces = [(w, False) for w in before.split()] + [("", True)] + \
            [(w, False) for w in rest.split()]
        for word, choice in pieces:
            w = self.fb.getlength(yes) + slash + self.fb.getlength(no) if choice else \
                self.f.getlength(word)
            if x > self.x0 and x + w > self.x1:
                x, self.y = self.x0, self.y + self.lh
            if choice:
                for alt, at in ((yes, x), (no, x + self.fb.getlength(yes) + slash)):
                    self.d.text((int(at), self.y), alt, font=self.fb, fill=0)
                    boxes[alt] = (int(at), self.y - px(0.02),
                                  int(at + self.fb.getlength(alt)), self.y + h)
                self.d.text((int(x + self.fb.getlength(yes)), self.y), " / ", font=self.f,
                            fill=0)
            else:
                self.d.text((int(x), self.y), word, font=self.f, fill=0)
            x += w + space
        self.y += self.lh
        sf = font(self.ts.font, max(12, int(self.size * 0.72)))
        self.d.text((self.x0, self.y), STRIKE_NOTE, font=sf, fill=0)
        self.y += int(sf.size * 1.3) + int(self.lh * 0.8)
        self.last_no = boxes[yes]
        return boxes[no]

    def _write_in(self, text: str) -> tuple[int, int, int, int]:
        """No box: the sentence asked as a question, "Do you wish to tender ...?",
        flowed from the margin, then "(Write YES or NO)" and a short blank after its
        last word (or on the next line from the margin when they do not fit); the holder
        writes YES on the blank to elect, NO or nothing otherwise. Returns the room over
        the blank, as high as the line's words."""
        words = write_in_question(text).split() + [write_in_prompt(self.ts)]  # kept whole
        space = self.f.getlength(" ")
        blank = px(WRITE_IN_W)
        x = self.x0
        for i, word in enumerate(words):
            w = self.f.getlength(word)
            if x > self.x0 and x + w > self.x1:
                x, self.y = self.x0, self.y + self.lh
            self.d.text((int(x), self.y), word, font=self.f, fill=0)
            x += w + space
        x = int(x) + px(0.05)
        if x + blank > self.x1:
            x, self.y = self.x0, self.y + self.lh
        yl = self.y + int(self.size * 1.3)  # under the line's words: its room is theirs
        self.hline(x, x + blank, yl, max(2, self.size // 14))
        self.y += self.lh + int(self.lh * 0.8)
        return (x, yl - int(self.size * 1.3), x + blank, yl)

    def leader(self, x0: int, x1: int, base: int):
        """A leader of full stops in the body font from ``x0`` to ``x1``, standing on
        ``base``: one to each ". " of width, set on that pitch from the page's left edge
        (as a tab leader is), so the dots of lines one under another line up."""
        step = int(round(self.f.getlength(". ")))
        dot = int(self.f.getlength("."))
        x = -(-x0 // step) * step
        while x + dot <= x1:
            self.d.text((x, base), ".", font=self.f, fill=0, anchor="ls")
            x += step

    def tint(self, box: tuple[int, int, int, int], grey: int, keep: bool = False):
        """A light tint over ``box`` (right and bottom edges left out), grainy as toner
        is: grains of 2 px around ``grey``, never dark. Through a fax it comes out
        speckled, dithered or gone, as the channel takes it. ``keep``: the ink already
        printed there stays, under the tint."""
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        grain = np.random.default_rng(box).normal(grey, 20, ((h + 1) // 2, (w + 1) // 2))
        a = np.repeat(np.repeat(grain.clip(grey - 60, 255), 2, 0), 2, 1)[:h, :w]
        if keep:
            a = np.minimum(a, np.asarray(self.img.crop(box)))
        self.img.paste(Image.fromarray(a.astype(np.uint8)), (x0, y0))

    def hline(self, x0: int, x1: int, y: int, w: int = 2):
        self.d.line((x0, y, x1, y), fill=0, width=w)

    def page_number(self, n: int, of: int = 6):
        style = self.ts.page_label
        if style == "none":
            return
        t = {"number": str(n), "page-of": f"Page {n} of {of}",
             "titled": f"Election Form \u2013 Page {n}"}[style]
        x = (PAGE_W - self.f.getlength(t)) / 2 if style != "titled" else \
            self.x1 - self.f.getlength(t)
        self.d.text((int(x), PAGE_H - px(0.6)), t, font=self.f, fill=0)

    def overflow(self) -> bool:
        return self.y > self.bottom


# -- shared pieces ---------------------------------------------------------------
def _stack(words: list[str], n: int, f) -> list[str]:
    """Break a heading into ``n`` lines (fewer if it has fewer words), the widest least."""
    n = min(n, len(words))
    if n <= 1:
        return [" ".join(words)]
    best = None
    for cut in range(1, len(words) - n + 2):
        head = " ".join(words[:cut])
        rest = _stack(words[cut:], n - 1, f)
        width = max(f.getlength(x) for x in [head] + rest)
        if best is None or width < best[0]:
            best = (width, [head] + rest)
    return best[1]


def _heading_lines(cv: Canvas, xs: list[int], hf, headings) -> list[list[str]]:
    ts = cv.ts
    if ts.head_lines == "wrap":
        return [cv.wrap(h, xs[i + 1] - xs[i] - px(0.12), hf)
                for i, h in enumerate(headings)]
    n = 3 if ts.head_lines == "stacked3" else 2
    out = []
    for i, h in enumerate(headings):
        lines = _stack(h.split(), n, hf)
        if any(hf.getlength(x) > xs[i + 1] - xs[i] - px(0.08) for x in lines):
            lines = cv.wrap(h, xs[i + 1] - xs[i] - px(0.12), hf)
        out.append(lines)
    return out


def _dotted(cv: Canvas, x0: int, y0: int, x1: int, y1: int, w: int):
    """A dotted rule (horizontal or vertical)."""
    step = px(0.045)
    if y0 == y1:
        for x in range(x0, x1, step):
            cv.d.rectangle((x, y0 - w // 2, x + w, y0 + w // 2), fill=0)
    else:
        for y in range(y0, y1, step):
            cv.d.rectangle((x0 - w // 2, y, x0 + w // 2, y + w), fill=0)


def _upright_heads(cv: Canvas, xs: list[int], top: int, hf, headings: list[str]) -> int:
    """The headings set upright in their columns (white on a dark band for ``zebra``);
    returns the heading band's height."""
    ts = cv.ts
    head_lines = _heading_lines(cv, xs, hf, headings)
    nlines = max(len(h) for h in head_lines)
    head_h = nlines * int(hf.size * 1.2) + px(0.12)
    stacked = ts.head_lines != "wrap"
    zebra = ts.table_style == "zebra"
    if zebra:  # the heading row reversed: white headings on a dark band
        cv.d.rectangle((xs[0], top, xs[-1], top + head_h - 1), fill=HEAD_DARK)
    for i, lines in enumerate(head_lines):
        # wrapped headings stand on the header's bottom, stacked ones in its middle
        shift = (nlines - len(lines)) * int(hf.size * 1.2)
        y = top + px(0.06) + (shift // 2 if stacked else shift)
        for ln in lines:
            w = hf.getlength(ln)
            x = xs[i] + (xs[i + 1] - xs[i] - w) / 2 if ts.table_style != "underscores" \
                else xs[i] + px(0.05)
            cv.d.text((int(x), y), ln, font=hf, fill=255 if zebra else 0)
            y += int(hf.size * 1.2)
    return head_h


TURNED_LONGEST = 1.1  # inches: a turned heading's longest line, broken further past it


def _turned_lines(cv: Canvas, heading: str, hf) -> list[str]:
    """A heading broken for turning on its side: on two lines (three with ``stacked3``),
    more while its longest is over ``TURNED_LONGEST``."""
    words = heading.split()
    n = 3 if cv.ts.head_lines == "stacked3" else 2
    lines = _stack(words, n, hf)
    while n < len(words) and max(hf.getlength(ln) for ln in lines) > px(TURNED_LONGEST):
        n += 1
        lines = _stack(words, n, hf)
    return lines


def _rotated_heads(cv: Canvas, xs: list[int], top: int, hf, headings: list[str]) -> int:
    """The headings turned on their side, reading upwards from the heading band's foot,
    each on lines side by side (the first on the left), centred in its column; the band
    as tall as the longest line. Returns its height."""
    step = int(hf.size * 1.2)
    stacks = [_turned_lines(cv, h, hf) for h in headings]
    head_h = int(max(hf.getlength(ln) for s in stacks for ln in s)) + px(0.16)
    for i, lines in enumerate(stacks):
        ink = Image.new("L", (int(max(hf.getlength(ln) for ln in lines)) + 4,
                              len(lines) * step), 0)
        d = ImageDraw.Draw(ink)
        for j, ln in enumerate(lines):
            d.text((0, j * step), ln, font=hf, fill=255)
        turned = ink.rotate(90, expand=True)  # a quarter turn anticlockwise: reads up
        x = xs[i] + (xs[i + 1] - xs[i] - turned.width) // 2
        y = top + head_h - px(0.08) - turned.height
        cv.img.paste(0, (x, y, x + turned.width, y + turned.height), turned)
    return head_h


KEY_ENTRY_GAP = 0.25  # inches between two entries of a ``lettered`` table's key


def column_letters(n: int) -> list[str]:
    """A ``lettered`` table's column letters, as printed: "(A)", "(B)", ..."""
    return [f"({chr(ord('A') + i)})" for i in range(n)]


def column_key(cv: Canvas, headings: list[str], y: int, hf) -> int:
    """A ``lettered`` table's key over it: each column's letter in the headings' font and
    its heading after it in the body font, "(A) Grant Date   (B) Number of Shares
    Granted ...", in the columns' order, flowed across the text's width (an entry kept
    whole on its line). Returns the bottom."""
    space, gap = int(cv.f.getlength(" ")), px(KEY_ENTRY_GAP)
    x = cv.x0
    for letter, heading in zip(column_letters(len(headings)), headings):
        lw = int(hf.getlength(letter))
        w = lw + space + int(cv.f.getlength(heading))
        if x > cv.x0 and x + w > cv.x1:
            x, y = cv.x0, y + cv.lh
        cv.d.text((x, y), letter, font=hf, fill=0)
        cv.d.text((x + lw + space, y), heading, font=cv.f, fill=0)
        x += w + gap
    return y + cv.lh


def plain_grid(cv: Canvas, rows: int, row_h: float) -> dict:
    """The grant table drawn as a ``grid`` whatever the typeset's style (the styles that
    print on a grid's cells draw it so first); returns its anchors."""
    ts = cv.ts
    cv.ts = replace(ts, table_style="grid")
    try:
        return grant_table(cv, rows, row_h)
    finally:
        cv.ts = ts


def grant_table(cv: Canvas, rows: int, row_h: float = 0.42) -> dict:
    """Draw the grant table (five columns; five rows when ``transposed``; a block to each
    grant, no table, when ``records``; each grant over two rows when ``two-tier``; its
    headings turned on their side when ``rotated-heads``; headed by letters, its headings
    in a key over it, when ``lettered``; a card to each grant, no table, when ``cards``;
    a sentence to each grant, no table, when ``sentences``; a numbered blank line to each
    grant, its fields named once in an instruction over them, when ``lines``; a row of
    rules to each grant, captioned under them, when ``row-captions``; a grid headed in two
    tiers, a spanning heading over the columns it groups, when ``spanned-heads``; a grid
    whose first row is a printed example, when ``example-row``; a grid whose price column
    is parted in dollars and cents, when ``cents-rule``, with ``cents:r`` the cents' part
    of each price cell; each cell a box of its own, apart from its neighbours, when
    ``apart``; the table tinted, each cell knocked out of the tint white, when
    ``knockout``; ruled over and under its headings and under its last row only, when
    ``three-rule``; each heading underlined by a rule of its own, nothing else ruled,
    when ``underlined-heads``); return anchors ``cell:r:c`` -> bbox."""
    ts = cv.ts
    if ts.table_style == "transposed":
        return _transposed_table(cv, rows)
    if ts.table_style == "records":
        return _records(cv, rows)
    if ts.table_style == "two-tier":
        return _two_tier_table(cv, rows, row_h)
    if ts.table_style == "cards":
        return _cards(cv, rows)
    if ts.table_style == "sentences":
        return _sentences(cv, rows)
    if ts.table_style == "lines":
        return _lines(cv, rows)
    if ts.table_style == "row-captions":
        return captioned_rows.captioned_rows(cv, rows)
    if ts.table_style == "spanned-heads":
        return spanned_heads.spanned_heads(cv, rows, row_h)
    if ts.table_style == "example-row":
        return example_row.example_row(cv, rows, row_h)
    if ts.table_style == "cents-rule":
        return cents_rule.cents_rule(cv, rows, row_h)
    if ts.table_style == "tick-comb":
        return tick_comb.tick_comb(cv, rows, row_h)
    if ts.table_style == "placeholder":
        return placeholders.placeholder(cv, rows, row_h)
    widths = [1.0, 1.0, 0.85, 1.0, 1.25]
    headings = list(ts.headings)
    cols: list = list(range(5))  # the anchor's column number of each printed column
    if ts.grant_no_heading:
        widths, headings, cols = [0.85] + widths, [ts.grant_no_heading] + headings, \
            ["no"] + cols
    ledger = ts.table_style == "ledger"
    if ledger:  # a narrow first column of printed row numbers, no field
        widths, headings, cols = [0.3] + widths, [""] + headings, [None] + cols
    total = cv.x1 - cv.x0
    xs = [cv.x0]
    for w in widths:
        xs.append(xs[-1] + int(total * w / sum(widths)))
    hf = cv.fb if ts.table_style != "underscores" and ts.head_bold else cv.f
    if ts.table_style == "lettered":  # the key over the table, the letters heading it
        cv.y = column_key(cv, headings, cv.y, hf) + px(0.06)
        headings = column_letters(len(headings))
    top = cv.y
    zebra = ts.table_style == "zebra"
    if ts.table_style == "rotated-heads":
        head_h = _rotated_heads(cv, xs, top, hf, headings)
    else:
        head_h = _upright_heads(cv, xs, top, hf, headings)
    rh = px(row_h)
    body_top = top + head_h
    bottom = body_top + rows * rh
    anchors = {}
    lw = max(3, cv.size // 12)
    if ts.table_style in ("grid", "rotated-heads", "lettered"):
        cv.d.rectangle((xs[0], top, xs[-1], bottom), outline=0, width=lw)
        for x in xs[1:-1]:
            cv.d.line((x, top, x, bottom), fill=0, width=lw)
        for r in range(rows + 1):
            cv.hline(xs[0], xs[-1], body_top + r * rh, lw + (1 if r == 0 else 0))
    elif ts.table_style == "rules":
        cv.hline(xs[0], xs[-1], top - px(0.03), lw)
        for r in range(rows + 1):
            cv.hline(xs[0], xs[-1], body_top + r * rh, lw + (2 if r == 0 else 0))
    elif ts.table_style == "dotted":  # a grid of dotted rules
        for r in range(rows + 1):
            _dotted(cv, xs[0], body_top + r * rh, xs[-1], body_top + r * rh, lw)
        _dotted(cv, xs[0], top, xs[-1], top, lw)
        for x in xs:
            _dotted(cv, x, top, x, bottom, lw)
    elif zebra:  # no rules: every other row shaded, the first one under the headings
        for r in range(0, rows, 2):
            cv.tint((xs[0], body_top + r * rh, xs[-1], body_top + (r + 1) * rh), ROW_GREY)
    elif ts.table_style == "knockout":  # the ground under headings and rows, no rule
        knockout.ground(cv, (xs[0], top, xs[-1], bottom))
    elif ts.table_style == "three-rule":  # over and under the headings, under the rows
        three_rule.rules(cv, xs[0], xs[-1], top, body_top, bottom, lw)
    elif ts.table_style == "underlined-heads":  # a rule under each heading, none else
        underlined_heads.head_rules(cv, xs, body_top, lw)
    elif ledger:  # upright rules only, a double rule under the headings, rows numbered
        for x in xs:
            cv.d.line((x, top, x, bottom), fill=0, width=lw)
        for yr in (body_top - px(0.035), body_top):
            cv.hline(xs[0], xs[-1], yr, max(2, lw - 1))
        for r in range(rows):
            num = f"{r + 1}."
            cv.d.text((int(xs[1] - px(0.06) - cv.f.getlength(num)),
                       body_top + (r + 1) * rh - px(0.06) - cv.size), num, font=cv.f, fill=0)
    for r in range(rows):
        for c, name in enumerate(cols):
            if name is None:
                continue
            y0, y1 = body_top + r * rh, body_top + (r + 1) * rh
            wy1 = y1 - px(0.03)
            if ts.table_style == "underscores":
                yb = y1 - px(0.06)
                if ts.font.startswith("DejaVuSansMono"):
                    cv.d.text((xs[c] + px(0.05), yb - cv.size), "=========", font=cv.f,
                              fill=0)
                    wy1 = yb - cv.size
                else:
                    cv.hline(xs[c] + px(0.05), xs[c + 1] - px(0.15), yb, lw)
                    wy1 = yb - 3
            if ts.table_style == "apart":  # a box of its own, its room inside it
                anchors[f"cell:{r}:{name}"] = apart_cells.draw(cv, xs[c], xs[c + 1], y0, y1)
                continue
            if ts.table_style == "knockout":  # a white cell knocked out of the ground
                anchors[f"cell:{r}:{name}"] = knockout.cell(cv, xs[c], xs[c + 1], y0, y1)
                continue
            anchors[f"cell:{r}:{name}"] = (xs[c] + px(0.04), y0 + px(0.03),
                                           xs[c + 1] - px(0.04), wy1)
    if ts.total_label:  # a total under the last column, its label to its left
        cv.d.text((int(xs[-2] - px(0.1) - cv.fb.getlength(ts.total_label)),
                   bottom + (rh - cv.size) // 2), ts.total_label, font=cv.fb, fill=0)
        if ts.table_style == "apart":  # a box of its own under the tendered column
            anchors["cell:total"] = apart_cells.draw(cv, xs[-2], xs[-1], bottom, bottom + rh)
            cv.y = bottom + rh + cv.lh
            return anchors
        if ts.table_style == "knockout":  # a white cell knocked out of a tinted one
            knockout.ground(cv, (xs[-2], bottom, xs[-1], bottom + rh))
            anchors["cell:total"] = knockout.cell(cv, xs[-2], xs[-1], bottom, bottom + rh)
            cv.y = bottom + rh + cv.lh
            return anchors
        if ts.table_style in ("grid", "dotted", "rotated-heads", "lettered"):
            cv.d.rectangle((xs[-2], bottom, xs[-1], bottom + rh), outline=0, width=lw)
        elif ts.table_style == "three-rule":  # a heavy rule under the sum, as accounts
            three_rule.total_rule(cv, xs[-2], xs[-1], bottom + rh - px(0.06), lw)
        elif ts.table_style == "underlined-heads":  # a rule over the sum, two under it
            underlined_heads.total_rules(cv, xs[-2], xs[-1], bottom, bottom + rh - px(0.06),
                                         lw)
        elif zebra:  # a shaded cell, as the rows are
            cv.tint((xs[-2], bottom + px(0.03), xs[-1], bottom + rh), ROW_GREY)
        elif ledger:  # the column's rules carried down, a rule over the sum
            for x in xs[-2:]:
                cv.d.line((x, bottom, x, bottom + rh), fill=0, width=lw)
            cv.hline(xs[-2], xs[-1], bottom + px(0.03), lw)
        else:
            cv.hline(xs[-2] + px(0.05), xs[-1] - px(0.15), bottom + rh - px(0.06), lw)
        anchors["cell:total"] = (xs[-2] + px(0.04), bottom + px(0.03), xs[-1] - px(0.04),
                                 bottom + rh - px(0.08))
        bottom += rh
    cv.y = bottom + cv.lh
    return anchors


STUB_W, GRANT_COL_MIN, FIELD_ROW = 1.8, 0.8, 0.38  # inches, the row at the set size


def _transposed_table(cv: Canvas, grants: int) -> dict:
    """The grant table turned on its side: a grant to each column, headed "Grant 1",
    "Grant 2", ... (no field), and a field to each row, its heading in a stub column on
    the left. A ruled grid, heavier
    under the column headings and right of the stub; the stub's headings broken as its
    width breaks them, a row as tall as its heading needs (0.38 in at least, less on a
    page set smaller). Columns are ``GRANT_COL_MIN`` wide at least: when the grants do
    not fit across, they run on in bands under the first, the stub set again in each. A
    total is a last column, headed by its label, with one cell in the tendered row.
    Anchors ``cell:<grant>:<field>`` as the other styles give them."""
    ts = cv.ts
    headings, keys = list(ts.headings), list(range(5))
    if ts.grant_no_heading:
        headings, keys = [ts.grant_no_heading] + headings, ["no"] + keys
    hf = cv.fb if ts.head_bold else cv.f
    step = int(hf.size * 1.2)
    stub = px(STUB_W)
    cols = [("grant", g) for g in range(grants)] + \
        ([("total", 0)] if ts.total_label else [])
    fit = max(1, (cv.x1 - cv.x0 - stub) // px(GRANT_COL_MIN))
    bands = -(-len(cols) // fit)
    per = -(-len(cols) // bands)
    col_w = (cv.x1 - cv.x0 - stub) // per
    caps = ts.headings[0].isupper()
    stub_lines = [cv.wrap(h, stub - px(0.12), hf) for h in headings]
    least = int(px(FIELD_ROW) * cv.size / (ts.size_pt * RENDER_DPI / 72))  # set smaller
    row_hs = [max(least, len(t) * step + px(0.1)) for t in stub_lines]
    thin, lw = 2, max(3, cv.size // 12)
    anchors: dict = {}
    for b in range(bands):
        band = cols[b * per:(b + 1) * per]
        xs = [cv.x0, cv.x0 + stub] + [cv.x0 + stub + (j + 1) * col_w
                                      for j in range(len(band))]
        col_heads = [cv.wrap(f"{'GRANT' if caps else 'Grant'} {n + 1}" if kind == "grant"
                             else ts.total_label, col_w - px(0.12), hf) for kind, n in band]
        top = cv.y
        head_h = max(len(t) for t in col_heads) * step + px(0.12)
        for j, lines in enumerate(col_heads):
            y = top + head_h - px(0.06) - len(lines) * step
            for ln in lines:
                x = xs[j + 1] + (col_w - hf.getlength(ln)) / 2
                cv.d.text((int(x), y), ln, font=hf, fill=0)
                y += step
        ys = [top + head_h]
        for h in row_hs:
            ys.append(ys[-1] + h)
        for i, lines in enumerate(stub_lines):
            y = ys[i] + (row_hs[i] - len(lines) * step) // 2
            for ln in lines:
                cv.d.text((cv.x0 + px(0.06), y), ln, font=hf, fill=0)
                y += step
        grid_right = xs[-1] if band[-1][0] == "grant" else xs[-2]
        cv.d.rectangle((xs[0], top, xs[-1], top + head_h), outline=0, width=thin)
        cv.d.rectangle((xs[0], top, grid_right, ys[-1]), outline=0, width=lw)
        for x in xs[2:]:
            if x <= grid_right:
                cv.d.line((x, top, x, ys[-1]), fill=0, width=thin)
        cv.d.line((xs[1], top, xs[1], ys[-1]), fill=0, width=lw + 1)
        cv.hline(xs[0], xs[-1], ys[0], lw + 1)
        for yr in ys[1:-1]:
            cv.hline(xs[0], grid_right, yr, thin)
        for j, (kind, n) in enumerate(band):
            x0, x1 = xs[j + 1], xs[j + 2]
            for i, key in enumerate(keys):
                if kind == "total" and key != 4:
                    continue
                cell = (x0 + px(0.04), ys[i] + px(0.03), x1 - px(0.04),
                        ys[i + 1] - px(0.03))
                if kind == "total":  # one cell, in the tendered row
                    cv.d.rectangle((x0, ys[i], x1, ys[i + 1]), outline=0, width=lw)
                    anchors["cell:total"] = cell
                else:
                    anchors[f"cell:{n}:{key}"] = cell
        cv.y = ys[-1] + (px(0.15) if b + 1 < bands else cv.lh)
    return anchors


# inches: the shortest rule of each field of a grant's record (the grant number's first)
RECORD_RULE = {"no": 0.75, 0: 1.1, 1: 0.8, 2: 0.75, 3: 0.8, 4: 0.8}
RECORD_PITCH = 0.34  # inches between a record's printed lines, at the set size


def _record_lines(widths: list[int], room: int, gap: int) -> list[list[int]]:
    """The fields (their indexes) flowed into printed lines of ``room``: as many on a
    line as fit, each ``widths`` wide and ``gap`` from the one before."""
    lines: list[list[int]] = [[]]
    used = 0
    for i, w in enumerate(widths):
        if lines[-1] and used + gap + w > room:
            lines.append([])
            used = 0
        used += (gap if lines[-1] else 0) + w
        lines[-1].append(i)
    return lines


def _records(cv: Canvas, grants: int) -> dict:
    """No table: each grant a block of its own, headed "Grant 1", "Grant 2", ... in a
    hanging column on the left, beside it a labelled rule for each field ("Grant Date
    ______  Exercise Price ______"), the labels the table's headings in the body font,
    made smaller (to 75 %) until they go on two printed lines, or on as many more as they
    need; the rules of a line stretched to end at the margin; lines ``RECORD_PITCH``
    apart (less on a page set smaller). A total is a last labelled
    rule at the right margin. Anchors ``cell:<grant>:<field>`` (the room over a rule) as
    the other styles give them."""
    ts = cv.ts
    labels, keys = list(ts.headings), list(range(5))
    if ts.grant_no_heading:
        labels, keys = [ts.grant_no_heading] + labels, ["no"] + keys
    hf = cv.fb if ts.head_bold else cv.f
    word = "GRANT" if ts.headings[0].isupper() else "Grant"
    hang = int(max(hf.getlength(f"{word} {g + 1}") for g in range(grants))) + px(0.25)
    room, gap, lgap = cv.x1 - cv.x0 - hang, px(0.2), px(0.06)
    for shrink in (1.0, 0.95, 0.9, 0.85, 0.8, 0.75):
        lf = font(ts.font, int(cv.size * shrink))
        widths = [int(lf.getlength(t)) + lgap + px(RECORD_RULE[k])
                  for t, k in zip(labels, keys)]
        lines = _record_lines(widths, room, gap)
        if len(lines) <= 2:
            break
    k = cv.size / (ts.size_pt * RENDER_DPI / 72)  # a page set smaller
    pitch = max(int(px(RECORD_PITCH) * k), int(lf.size * 1.9))
    lw = max(3, cv.size // 12)
    anchors: dict = {}
    y = cv.y
    for g in range(grants):
        base = y + pitch
        cv.d.text((cv.x0, base - lw), f"{word} {g + 1}", font=hf, fill=0, anchor="ls")
        for fields in lines:
            extra = room - sum(widths[i] for i in fields) - gap * (len(fields) - 1)
            rules = sum(px(RECORD_RULE[keys[i]]) for i in fields)
            x = cv.x0 + hang
            for i in fields:
                cv.d.text((x, base - lw), labels[i], font=lf, fill=0, anchor="ls")
                rx0 = x + int(lf.getlength(labels[i])) + lgap
                rx1 = x + widths[i] + extra * px(RECORD_RULE[keys[i]]) // rules
                cv.hline(rx0, rx1, base, lw)
                anchors[f"cell:{g}:{keys[i]}"] = (rx0 + px(0.02), base - pitch + px(0.06),
                                                  rx1 - px(0.02), base - lw // 2 - 1)
                x = rx1 + gap
            base += pitch
        y = base - pitch + int(px(0.1) * k)
    cv.y = _total_rule(cv, y, pitch, anchors) + cv.lh
    return anchors


def _total_rule(cv: Canvas, y: int, pitch: int, anchors: dict) -> int:
    """A total (``total_label``), if any, as a last rule at the right margin ``pitch``
    under ``y``, its label before it (``records``, ``cards``); returns the bottom."""
    if not cv.ts.total_label:
        return y
    lw = max(3, cv.size // 12)
    base = y + pitch
    rx0 = cv.x1 - px(1.3)
    cv.d.text((rx0 - px(0.06), base - lw), cv.ts.total_label, font=cv.fb, fill=0,
              anchor="rs")
    cv.hline(rx0, cv.x1, base, lw)
    anchors["cell:total"] = (rx0 + px(0.02), base - pitch + px(0.06), cv.x1 - px(0.02),
                             base - lw // 2 - 1)
    return base


CARDS_ACROSS, CARD_GAP, CARD_PITCH = 2, 0.15, 0.3  # cards to a row; inches, set size
CARD_LABEL_MOST = 0.55  # a card's label column at most, as a share of its width


def _card_labels(cv: Canvas, labels: list[str], width: int):
    """A card's labels in their column: in the body font made smaller (to 75 %) until
    the widest fits ``CARD_LABEL_MOST`` of the card, each broken as that breaks it; the
    font and the lines of each."""
    room = int(width * CARD_LABEL_MOST)
    for shrink in (0.9, 0.85, 0.8, 0.75):
        lf = font(cv.ts.font, int(cv.size * shrink))
        if max(lf.getlength(t) for t in labels) <= room:
            break
    return lf, [cv.wrap(t, room, lf) for t in labels]


def _card(cv: Canvas, x0: int, y0: int, x1: int, title: str, fields: list,
          pitch: int, anchors: dict, grant: int) -> int:
    """One grant's card: a ruled box, its title ("Grant 1") in the headings' font over a
    rule, under it a row to each field, its label at the left and a rule from the
    label column's end to the box's right to write on. ``fields``: (key, label lines)
    with the labels' font and column width. Returns the bottom."""
    hf = cv.fb if cv.ts.head_bold else cv.f
    lw, pad = max(3, cv.size // 12), px(0.08)
    title_h = int(hf.size * 1.45)
    cv.d.text((x0 + pad, y0 + title_h // 2), title, font=hf, fill=0, anchor="lm")
    cv.hline(x0, x1, y0 + title_h, 2)
    y = y0 + title_h
    for key, lines, lf, col in fields:
        step = int(lf.size * 1.15)
        base = y + max(pitch, len(lines) * step + px(0.1))
        for i, t in enumerate(lines):
            cv.d.text((x0 + pad, base - lw - (len(lines) - 1 - i) * step), t, font=lf,
                      fill=0, anchor="ls")
        rx0, rx1 = x0 + pad + col + px(0.06), x1 - pad
        cv.hline(rx0, rx1, base, lw)
        anchors[f"cell:{grant}:{key}"] = (rx0 + px(0.02), base - pitch + px(0.06),
                                          rx1 - px(0.02), base - lw // 2 - 1)
        y = base
    bottom = y + px(0.08)
    cv.d.rectangle((x0, y0, x1, bottom), outline=0, width=lw)
    return bottom


def _cards(cv: Canvas, grants: int) -> dict:
    """No table: each grant a card of its own, ``CARDS_ACROSS`` to a row, in the order
    read (across, then down): a ruled box titled "Grant 1", "Grant 2", ... (``GRANT 1``
    with headings in capitals), its fields one under another, each labelled with the
    heading set's words and a rule to write on, as account and claim forms box each
    item. Rows ``CARD_PITCH`` apart (less on a page set smaller). A total is a last
    labelled rule at the right margin under the cards. Anchors
    ``cell:<grant>:<field>`` (the room over a rule) as the other styles give them."""
    ts = cv.ts
    labels, keys = list(ts.headings), list(range(5))
    if ts.grant_no_heading:
        labels, keys = [ts.grant_no_heading] + labels, ["no"] + keys
    gap = px(CARD_GAP)
    width = (cv.x1 - cv.x0 - gap * (CARDS_ACROSS - 1)) // CARDS_ACROSS
    lf, lines = _card_labels(cv, labels, width)
    col = max(int(lf.getlength(t)) for ls in lines for t in ls)
    fields = [(k, ls, lf, col) for k, ls in zip(keys, lines)]
    k = cv.size / (ts.size_pt * RENDER_DPI / 72)  # a page set smaller
    pitch = max(int(px(CARD_PITCH) * k), int(lf.size * 1.9))
    word = "GRANT" if ts.headings[0].isupper() else "Grant"
    anchors: dict = {}
    y = cv.y
    for g in range(grants):
        across = g % CARDS_ACROSS
        x0 = cv.x0 + across * (width + gap)
        bottom = _card(cv, x0, y, x0 + width, f"{word} {g + 1}", fields, pitch, anchors, g)
        if across == CARDS_ACROSS - 1 or g == grants - 1:
            y = bottom + gap
    cv.y = _total_rule(cv, y, pitch, anchors) + cv.lh
    return anchors


# inches: a ``sentences`` grant's blanks (the grant number's, then the five fields'); its
# lines' pitch and the writing room over a blank at the set size; the number's hang
SENTENCE_BLANK = {"no": 0.9, "0": 1.3, "1": 0.95, "2": 0.8, "3": 0.95, "4": 0.95}
SENTENCE_PITCH, SENTENCE_ROOM, SENTENCE_HANG = 0.4, 0.3, 0.3


def grant_sentence(ts: Typeset) -> str:
    """A ``sentences`` grant's words and blanks (``{0}``-``{4}``, ``{no}``): the long
    or the short wording as the heading set goes, the grant number's blank in it where
    the table has that column."""
    heading_set = next((k for k, v in C.HEADING_SETS.items() if v == ts.headings), "full")
    wording = C.GRANT_SENTENCE_WORDING[heading_set]
    number = C.GRANT_SENTENCE_NO[wording] if ts.grant_no_heading else ""
    return C.GRANT_SENTENCES[wording].replace("{no}", number)


def _sentences(cv: Canvas, grants: int) -> dict:
    """No table: each grant a numbered sentence with blanks, "1. Option granted on
    ______ to purchase ______ shares at an exercise price of ______ per share, ...", as
    letters of transmittal list what is tendered: the number at the margin, the
    sentence hanging ``SENTENCE_HANG`` in from it, flowed to the text's end with a
    blank and the word before it kept together (``prose``); lines ``SENTENCE_PITCH``
    apart and blanks ``SENTENCE_BLANK`` long (less on a page set smaller), in capitals
    where the headings are. A total is
    a last labelled rule at the right margin. Anchors ``cell:<grant>:<field>`` (the room
    over a blank) as the other styles give them."""
    ts = cv.ts
    text = grant_sentence(ts)
    k = cv.size / (ts.size_pt * RENDER_DPI / 72)  # a page set smaller
    pitch = max(int(px(SENTENCE_PITCH) * k), int(cv.size * 2.2))
    room = pitch - px(SENTENCE_PITCH - SENTENCE_ROOM)
    blanks = {key: inches * k for key, inches in SENTENCE_BLANK.items()}
    anchors: dict = {}
    y = cv.y
    for g in range(grants):
        cv.d.text((cv.x0, y + room + px(0.04)), f"{g + 1}.", font=cv.f, fill=0,
                  anchor="ls")
        y = prose(cv, text, y, anchors, blanks=blanks, prefix=f"cell:{g}:",
                  caps=ts.headings[0].isupper(), left=cv.x0 + px(SENTENCE_HANG),
                  pitch=pitch, room=room) + int(px(0.04) * k)
    cv.y = _total_rule(cv, y, pitch, anchors) + cv.lh
    return anchors


# A ``lines`` grant's rule: the shares of it where the holder writes each field (the
# grant number's, then the five fields'), nothing printed to mark them; its pitch at
# the set size (inches); the instruction over the lines naming the fields in order
LINE_PARTS = {"no": 0.8, 0: 1.3, 1: 1.0, 2: 0.8, 3: 0.95, 4: 1.0}
LINES_PITCH = 0.42
LINES_LEAD = "List each grant on a line of its own, giving in this order its"


def lines_instruction(ts: Typeset) -> str:
    """A ``lines`` table's instruction: the fields named once, in the order they are to
    be written on each line (the grant number's first where the table has it), in the
    heading set's words and case."""
    heads = ([ts.grant_no_heading] if ts.grant_no_heading else []) + list(ts.headings)
    lead = LINES_LEAD.upper() if ts.headings[0].isupper() else LINES_LEAD
    return f"{lead} " + ", ".join(heads) + ":"


def line_fields(ts: Typeset) -> list:
    """A ``lines`` grant's fields in the order written on its line."""
    return (["no"] if ts.grant_no_heading else []) + [0, 1, 2, 3, 4]


def _lines(cv: Canvas, grants: int) -> dict:
    """No table: the fields named once in an instruction (``lines_instruction``), then
    a blank rule to each grant, numbered at the margin, the rule hanging
    ``SENTENCE_HANG`` in from it and running to the text's end, ``LINES_PITCH`` apart
    (less on a page set smaller), as forms that ask to "list below" what is tendered
    print them; nothing on a rule marks where a field goes. A total is a last labelled
    rule at the right margin. Anchors ``cell:<grant>:<field>``: the room over the part
    of the rule (``LINE_PARTS``) where the holder writes the field."""
    ts = cv.ts
    k = cv.size / (ts.size_pt * RENDER_DPI / 72)  # a page set smaller
    pitch = max(int(px(LINES_PITCH) * k), int(cv.size * 2.2))
    lw = max(3, cv.size // 12)
    cv.para(lines_instruction(ts), gap=0.1)
    fields = line_fields(ts)
    left, right = cv.x0 + px(SENTENCE_HANG), cv.x1
    whole = sum(LINE_PARTS[f] for f in fields)
    anchors: dict = {}
    y = cv.y - px(0.05)
    for g in range(grants):
        base = y + pitch
        cv.d.text((cv.x0, base - lw), f"{g + 1}.", font=cv.f, fill=0, anchor="ls")
        cv.hline(left, right, base, lw)
        x = left
        for f in fields:
            w = int((right - left) * LINE_PARTS[f] / whole)
            anchors[f"cell:{g}:{f}"] = (x + px(0.03), base - pitch + px(0.08),
                                        x + w - px(0.05), base - lw // 2 - 1)
            x += w
        y = base
    cv.y = _total_rule(cv, y + px(0.04), pitch, anchors) + cv.lh
    return anchors


TIERS = ((0, 1, 2), (3, 4))  # the fields of a grant's upper row and of its lower one
TIER_WIDTHS = ((1.0, 1.0, 0.85), (1.0, 1.25))
TIER_ROW = 0.82  # a tier's row as a share of the table's row height
NO_COL = 0.9  # inches: the grant number's column, both tiers high


def _tier_heads(cv: Canvas, xs: list[int], top: int, h: int, lines: list[list[str]],
                hf, step: int) -> None:
    """Headings centred in their columns, standing on the band's foot (``wrap``) or in
    its middle (stacked)."""
    for i, ls in enumerate(lines):
        room = h - px(0.12) - len(ls) * step
        y = top + px(0.06) + (room // 2 if cv.ts.head_lines != "wrap" else room)
        for ln in ls:
            cv.d.text((int(xs[i] + (xs[i + 1] - xs[i] - hf.getlength(ln)) / 2), y), ln,
                      font=hf, fill=0)
            y += step


def _two_tier_table(cv: Canvas, grants: int, row_h: float) -> dict:
    """Each grant over two ruled rows: grant date, shares granted and exercise price on
    the upper, shares exercised and shares tendered on the lower, each tier split into
    columns of its own; the headings in two tiers to match, the upper tier's over the
    lower's. A thin rule between a grant's rows, a full one between grants, a heavier one
    under the headings; a grant number's column runs down both rows at the left. A total
    is a boxed cell under the lower tier's tendered column, its label before it. Anchors
    ``cell:<grant>:<field>`` as the other styles give them."""
    ts = cv.ts
    hf = cv.fb if ts.head_bold else cv.f
    step = int(hf.size * 1.2)
    lw, thin = max(3, cv.size // 12), 2
    left = cv.x0 + (px(NO_COL) if ts.grant_no_heading else 0)
    tiers = []
    for fields, widths in zip(TIERS, TIER_WIDTHS):
        xs = [left]
        for w in widths:
            xs.append(xs[-1] + int((cv.x1 - left) * w / sum(widths)))
        xs[-1] = cv.x1
        lines = _heading_lines(cv, xs, hf, [ts.headings[f] for f in fields])
        tiers.append((fields, xs, lines, max(len(t) for t in lines) * step + px(0.12)))
    top = cv.y
    mid = top + tiers[0][3]
    body = mid + tiers[1][3]
    rh = px(row_h * TIER_ROW)
    bottom = body + 2 * grants * rh
    anchors: dict = {}
    for (fields, xs, lines, h), y in zip(tiers, (top, mid)):
        _tier_heads(cv, xs, y, h, lines, hf, step)
    if ts.grant_no_heading:  # its heading in the middle of both tiers
        nl = cv.wrap(ts.grant_no_heading, px(NO_COL) - px(0.1), hf)
        _tier_heads(cv, [cv.x0, left], top, body - top, [nl], hf, step)
        cv.d.line((left, top, left, bottom), fill=0, width=thin)
    cv.d.rectangle((cv.x0, top, cv.x1, bottom), outline=0, width=lw)
    cv.hline(left, cv.x1, mid, thin)
    cv.hline(cv.x0, cv.x1, body, lw + 1)
    for g in range(grants):
        y0 = body + 2 * g * rh
        cv.hline(left, cv.x1, y0 + rh, thin)
        if g:
            cv.hline(cv.x0, cv.x1, y0, lw)
        for t, (fields, xs, _, _) in enumerate(tiers):
            ty = y0 + t * rh
            for c, f in enumerate(fields):
                if c:
                    cv.d.line((xs[c], ty, xs[c], ty + rh), fill=0, width=thin)
                anchors[f"cell:{g}:{f}"] = (xs[c] + px(0.04), ty + px(0.03),
                                            xs[c + 1] - px(0.04), ty + rh - px(0.03))
        if ts.grant_no_heading:  # the number written across the middle of its two rows
            anchors[f"cell:{g}:no"] = (cv.x0 + px(0.04), y0 + rh // 2 + px(0.03),
                                       left - px(0.04), y0 + rh + rh // 2 - px(0.03))
    for (fields, xs, _, h), y in zip(tiers, (top, mid)):  # the headings' walls
        for x in xs[1:-1]:
            cv.d.line((x, y, x, y + h), fill=0, width=thin)
    if ts.total_label:  # a boxed cell under the tendered column, its label before it
        xs = tiers[1][1]
        cv.d.text((int(xs[-2] - px(0.1) - cv.fb.getlength(ts.total_label)),
                   bottom + (rh - cv.size) // 2), ts.total_label, font=cv.fb, fill=0)
        cv.d.rectangle((xs[-2], bottom, xs[-1], bottom + rh), outline=0, width=lw)
        anchors["cell:total"] = (xs[-2] + px(0.04), bottom + px(0.03), xs[-1] - px(0.04),
                                 bottom + rh - px(0.03))
        bottom += rh
    cv.y = bottom + cv.lh
    return anchors


def sig_line(cv: Canvas, x0: int, x1: int, y: int, label: str, key: str,
             anchors: dict, label_font=None):
    """A writing line at ``y``, its label under it; returns the label's foot."""
    cv.hline(x0, x1, y, max(3, cv.size // 12))
    lf = label_font or cv.f
    cv.d.text((x0, y + px(0.03)), label, font=lf, fill=0)
    anchors[f"line:{key}"] = (x0, y - px(0.34), x1, y)
    return y + px(0.03) + int(lf.size * 1.25)


WRITE_ROOM = 0.34  # inches of writing room above a line (the anchor's height)


def _label_text(cv: Canvas, key: str) -> str:
    if key in ("date", "time"):  # the date and the time on lines of their own
        word = key.title()
        return word.upper() if cv.ts.labels[3].isupper() else word
    return cv.ts.labels[C.LABEL_KEYS.index(key)]


def field_line(cv: Canvas, x0: int, x1: int, y: int, key: str, anchors: dict,
               lines: int = 1, drop: int = 0) -> int:
    """A field's writing line(s) and label, set from ``y`` down as the typeset places
    labels; records ``line:<key>`` anchors (``line:addr1..`` for several lines) and
    returns the y below what was drawn. ``drop``: label lines a ``leader`` field's
    writing line stands under at least (so that two fields of a row share it), and a
    ``framed`` box's room, a ``banded`` box's band, a ``hanging`` band's label and an
    ``over-box`` box's label (so that the boxes and bands of a row are of one height);
    for a
    ``side-strip`` box, its height at least, in pixels."""
    place = cv.ts.label_place
    label = _label_text(cv, key)
    lw = max(3, cv.size // 12)
    lab_h = int(cv.size * 1.25)
    names = [f"line:{key}"] if lines == 1 else [f"line:addr{i + 1}" for i in range(lines)]
    pitch = px(0.42)
    if place in ("caption", "dropout"):  # a box, the label small in its top-left corner
        ink = DROP_GREY if place == "dropout" else 0  # (in drop-out grey)
        sf = font(cv.ts.font, max(14, int(cv.size * 0.78)))
        cap = int(sf.size * 1.3) + px(0.03)
        h = cap + lines * px(0.4) + px(0.04)
        cv.d.rectangle((x0, y, x1, y + h), outline=ink, width=max(2, lw - 1))
        cv.d.text((x0 + px(0.05), y + px(0.03)), label, font=sf, fill=ink)
        for i, n in enumerate(names):
            base = y + cap + (i + 1) * px(0.4)
            anchors[n] = (x0 + px(0.06), base - px(WRITE_ROOM), x1 - px(0.06), base)
        return y + h
    if place == "cells":
        return _cells_row(cv, x0, x1, y, label, names, anchors, max(2, lw - 1))
    if place == "comb":
        return _comb_rows(cv, x0, x1, y, key, label, names, anchors)
    if place == "leader":
        return _leader_rows(cv, x0, x1, y, label, names, anchors, drop)
    if place == "after":
        return _after_rows(cv, x0, x1, y, label, names, anchors)
    if place == "numbered":
        return _numbered_rows(cv, x0, x1, y, cv.key_numbers[key], names, anchors)
    if place == "reverse":
        return _reverse_rows(cv, x0, x1, y, label, names, anchors)
    if place == "tabbed":
        return _tabbed_rows(cv, x0, x1, y, label, names, anchors, drop)
    if place == "inline":
        return _inline_rows(cv, x0, x1, y, label, names, anchors, drop)
    if place == "side-strip":
        return side_strip_labels.side_strip_box(cv, x0, x1, y, label, names, anchors, drop)
    if place == "shared-rule":  # a field alone on its rule (the address, the sheet's name)
        return shared_rule_labels.shared_rule(cv, x0, x1, y, [label], names, anchors)
    if place == "open":  # "Name:" and nothing printed after it to write on
        return open_labels.open_rows(cv, x0, x1, y, label, names, anchors)
    if place == "hinted":  # "Name: ______", a hint small under the line
        return hinted_labels.hinted_rows(cv, x0, x1, y, label, names, anchors)
    if place == "framed":  # a box holding "Name:" and the room after it
        return framed_labels.framed_box(cv, x0, x1, y, label, names, anchors, drop)
    if place == "banded":  # a box, its label in a grey band over the room
        return banded_labels.banded_box(cv, x0, x1, y, label, names, anchors, drop)
    if place == "hanging":  # a band between rules, its label under the top one
        return hanging_labels.hanging_band(cv, x0, x1, y, label, names, anchors, drop)
    if place == "over-box":  # an empty box, its label printed over it
        return over_box_labels.over_box(cv, x0, x1, y, label, names, anchors, drop)
    if place == "questions":  # a numbered question, its answer on a rule under it
        return questions.question_rows(cv, x0, x1, y, key, names, anchors)
    if place == "combined":  # a field alone in its room (the sheet's name)
        return combined_labels.combined_row(cv, x0, x1, y, [key], anchors)
    if place == "above":
        cv.d.text((x0, y), label, font=cv.f, fill=0)
        line_y = y + lab_h + px(WRITE_ROOM + 0.04)
        for i, n in enumerate(names):
            ly = line_y + i * pitch
            cv.hline(x0, x1, ly, lw)
            anchors[n] = (x0, ly - px(WRITE_ROOM), x1, ly)
        return line_y + (lines - 1) * pitch + px(0.03)
    if place == "left":  # "Name: ________" on one line
        text = label if label.endswith(":") else label + ":"
        line_y = y + px(WRITE_ROOM + 0.04)
        cv.d.text((x0, line_y - int(cv.size * 1.1)), text, font=cv.f, fill=0)
        lx = x0 + int(cv.f.getlength(text)) + px(0.1)
        for i, n in enumerate(names):
            ly = line_y + i * pitch
            cv.hline(lx, x1, ly, lw)
            anchors[n] = (lx, ly - px(WRITE_ROOM), x1, ly)
        return line_y + (lines - 1) * pitch + px(0.03)
    # below: the lines first, the label under the last
    line_y = y + px(WRITE_ROOM + 0.04)
    for i, n in enumerate(names):
        ly = line_y + i * pitch
        cv.hline(x0, x1, ly, lw)
        anchors[n] = (x0, ly - px(WRITE_ROOM), x1, ly)
    ly = line_y + (lines - 1) * pitch
    cv.d.text((x0, ly + px(0.03)), label, font=cv.f, fill=0)
    return ly + px(0.03) + lab_h


LABEL_CELL = 1.3  # inches: the width of a label's cell in a grid of rows


def _cells_row(cv: Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
               anchors: dict, wall: int) -> int:
    """One row of a grid: the label in a shaded cell on the left (its font made smaller
    until it fits), the writing room in the cell right of it, no rules inside. A row set
    under another, or beside it, shares its wall. Returns its bottom."""
    h = len(names) * px(0.4) + px(0.14)
    split = x0 + px(LABEL_CELL)
    room = split - x0 - px(0.12)
    size = int(cv.size * 0.9)
    while True:
        sf = font(cv.ts.font, size)
        text = cv.wrap(label, room, sf)
        step = int(size * 1.15)
        if size <= 12 or (len(text) * step <= h - px(0.08)
                          and max(sf.getlength(t) for t in text) <= room):
            break
        size -= 1
    cv.tint((x0, y, split, y + h), CELL_GREY)
    for x in (x0, split, x1):  # walls as lines on their edges, the same where rows meet
        cv.d.line((x, y, x, y + h), fill=0, width=wall)
    for wy in (y, y + h):
        cv.d.line((x0, wy, x1, wy), fill=0, width=wall)
    ty = y + (h - len(text) * step) // 2
    for t in text:
        cv.d.text((x0 + px(0.06), ty), t, font=sf, fill=0)
        ty += step
    for i, n in enumerate(names):
        base = y + px(0.06) + (i + 1) * px(0.4)
        anchors[n] = (split + px(0.06), base - px(WRITE_ROOM), x1 - px(0.06), base)
    return y + h


LEADER_MIN = 1.3  # inches: the shortest leader a label leaves to write on


def leader_label(cv: Canvas, label: str, x0: int, x1: int) -> list[str]:
    """A ``leader`` field's label in lines: broken so that its last line leaves a leader
    of ``LEADER_MIN`` at least before ``x1``."""
    return cv.wrap(label.rstrip(":"), x1 - x0 - px(LEADER_MIN))


def _leader_rows(cv: Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                 anchors: dict, drop: int = 0) -> int:
    """The label in the body font, a leader of full stops after its last line to ``x1``,
    the holder writing on the dots; a label too long for one line is broken and its
    leader follows the last line. Further writing lines (an address) are leaders alone
    under the first. The writing room starts clear of the label's lines. Returns the
    bottom."""
    text = leader_label(cv, label, x0, x1)
    base = y + px(WRITE_ROOM + 0.04) + max(len(text) - 1, drop) * cv.lh
    for i, t in enumerate(text):
        cv.d.text((x0, base - (len(text) - 1 - i) * cv.lh), t, font=cv.f, fill=0,
                  anchor="ls")
    lx = x0 + int(cv.f.getlength(text[-1])) + px(0.08)
    room = x0 + max(int(cv.f.getlength(t)) for t in text) + px(0.08)
    for i, n in enumerate(names):
        b = base + i * px(0.42)
        cv.leader(lx, x1, b)
        anchors[n] = (room if i == 0 else lx, b - px(WRITE_ROOM), x1, b)
    return base + (len(names) - 1) * px(0.42) + px(0.05)


AFTER_MIN, AFTER_SMALL = 1.6, 0.82  # the shortest line left to write on; the label's size


def _after_label(cv: Canvas, label: str, x0: int, x1: int) -> tuple[list[str], object]:
    """An ``after`` field's label in small type, in parentheses unless it has its own,
    broken so that the line before it keeps ``AFTER_MIN`` at least; and its font."""
    sf = font(cv.ts.font, max(14, int(cv.size * AFTER_SMALL)))
    text = label.rstrip(":")
    if "(" not in text:
        text = f"({text})"
    return cv.wrap(text, x1 - x0 - px(AFTER_MIN + 0.1), sf), sf


def _after_rows(cv: Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                anchors: dict) -> int:
    """The writing line first and its label after it on the same line, to its right, in
    small type standing on the line ("________ (Print Name)"); a label broken in lines has
    its further lines under its first, right of the line. Further writing lines (an
    address) are bare rules under the first, as long. Returns the bottom."""
    text, sf = _after_label(cv, label, x0, x1)
    wide = max(int(sf.getlength(t)) for t in text)
    end = x1 - wide - px(0.1)
    base = y + px(WRITE_ROOM + 0.04)
    lw = max(3, cv.size // 12)
    step = int(sf.size * 1.15)
    for i, t in enumerate(text):
        cv.d.text((end + px(0.1), base + i * step), t, font=sf, fill=0, anchor="ls")
    for i, n in enumerate(names):
        ly = base + i * px(0.42)
        cv.hline(x0, end, ly, lw)
        anchors[n] = (x0, ly - px(WRITE_ROOM), end, ly)
    return max(base + (len(names) - 1) * px(0.42) + px(0.03),
               base + (len(text) - 1) * step + px(0.06))


NUMBER_W = 0.3  # inches: a ``numbered`` field's number, before its line
KEY_GAP = 0.3  # inches between two entries of the key


def key_legend(cv: Canvas, keys: list[str], y: int) -> int:
    """The key of a ``numbered`` block: each field's number in bold and its label after
    it, "1 Option Holder Signature   2 Social Security Number ...", in the block's order,
    flowed across the text's width (an entry kept whole on its line). Numbers the fields
    on the canvas; returns the bottom."""
    cv.key_numbers = {k: i + 1 for i, k in enumerate(keys)}
    space, gap = int(cv.f.getlength(" ")), px(KEY_GAP)
    x = cv.x0
    for key, n in cv.key_numbers.items():
        label = _label_text(cv, key).rstrip(":")
        nw = int(cv.fb.getlength(str(n)))
        w = nw + space + int(cv.f.getlength(label))
        if x > cv.x0 and x + w > cv.x1:
            x, y = cv.x0, y + cv.lh
        cv.d.text((x, y), str(n), font=cv.fb, fill=0)
        cv.d.text((x + nw + space, y), label, font=cv.f, fill=0)
        x += w + gap
    return y + cv.lh


def _numbered_rows(cv: Canvas, x0: int, x1: int, y: int, number: int, names: list[str],
                   anchors: dict) -> int:
    """A field's number in bold at the column's start and its writing line after it, on
    the line's level; no label (it is in the key). Further writing lines (an address)
    are bare rules under the first, as long. Returns the bottom."""
    base = y + px(WRITE_ROOM + 0.04)
    lw = max(3, cv.size // 12)
    cv.d.text((x0, base), str(number), font=cv.fb, fill=0, anchor="ls")
    lx = x0 + px(NUMBER_W)
    for i, n in enumerate(names):
        ly = base + i * px(0.42)
        cv.hline(lx, x1, ly, lw)
        anchors[n] = (lx, ly - px(WRITE_ROOM), x1, ly)
    return base + (len(names) - 1) * px(0.42) + px(0.03)


REVERSE_MIN, REVERSE_SMALL = 1.6, 0.85  # the shortest line left to write on; label size


def reverse_label(cv: Canvas, label: str, x0: int, x1: int) -> tuple[list[str], object]:
    """A ``reverse`` field's label in bold type, its colon dropped, broken so that its
    line keeps ``REVERSE_MIN`` at least; and its font."""
    sf = font(cv.ts.bold, max(14, int(cv.size * REVERSE_SMALL)))
    return cv.wrap(label.rstrip(":"), x1 - x0 - px(REVERSE_MIN + 0.12), sf), sf


def _reverse_rows(cv: Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                  anchors: dict) -> int:
    """The label printed white on a solid black tab (reverse video) at the left end of
    the writing line, the tab's foot on the line's level, the line running on from its
    right edge to ``x1``; a label broken in lines makes the tab taller, upwards. Further
    writing lines (an address) are bare rules under the first, from where it starts, as
    long. Returns the bottom."""
    text, sf = reverse_label(cv, label, x0, x1)
    pad, step = px(0.05), int(sf.size * 1.2)
    tab_w = max(int(sf.getlength(t)) for t in text) + 2 * pad
    tab_h = len(text) * step + px(0.06)
    base = y + max(px(WRITE_ROOM + 0.04), tab_h + px(0.02))
    lw = max(3, cv.size // 12)
    cv.d.rectangle((x0, base - tab_h, x0 + tab_w, base), fill=0)
    for i, t in enumerate(text):
        cv.d.text((x0 + pad, base - px(0.05) - (len(text) - 1 - i) * step), t, font=sf,
                  fill=255, anchor="ls")
    lx = x0 + tab_w
    for i, n in enumerate(names):
        ly = base + i * px(0.42)
        cv.hline(lx, x1, ly, lw)
        anchors[n] = (lx + px(0.04), ly - px(WRITE_ROOM), x1, ly)
    return base + (len(names) - 1) * px(0.42) + px(0.03)


# An ``inline`` label: in small capitals on its writing rule's left end, its capitals'
# size as a share of the body size and its small capitals' as a share of those; the
# writing room a label leaves on its rule at least and that room's start past the
# label's end (inches)
INLINE_CAP, INLINE_SMALL, INLINE_MIN, INLINE_PAD = 0.85, 0.8, 1.6, 0.12


def inline_fonts(cv: Canvas) -> tuple:
    """An ``inline`` label's capitals' font and its small capitals'."""
    big = font(cv.ts.font, max(14, int(cv.size * INLINE_CAP)))
    return big, font(cv.ts.font, max(11, int(big.size * INLINE_SMALL)))


def _small_caps_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as set in small capitals: runs of capitals (True) and of small capitals
    (False, upper-cased); a label all in capitals keeps only each word's first letter a
    capital."""
    if text.isupper():
        text = " ".join(w[0] + w[1:].lower() for w in text.split())
    runs: list[tuple[str, bool]] = []
    for ch in text:
        big = not ch.islower()
        if runs and runs[-1][1] == big:
            runs[-1] = (runs[-1][0] + ch.upper(), big)
        else:
            runs.append((ch.upper(), big))
    return runs


def small_caps_length(text: str, big, small) -> int:
    """How long ``text`` is set in small capitals."""
    return int(sum((big if b else small).getlength(t) for t, b in _small_caps_runs(text)))


def small_caps(cv: Canvas, x: int, base: int, text: str, big, small) -> int:
    """``text`` in small capitals standing on ``base`` from ``x``; returns its end."""
    cx = float(x)
    for t, b in _small_caps_runs(text):
        f = big if b else small
        cv.d.text((int(cx), base), t, font=f, fill=0, anchor="ls")
        cx += f.getlength(t)
    return int(cx)


def inline_label(cv: Canvas, label: str, x0: int, x1: int) -> list[str]:
    """An ``inline`` label in lines, its colon dropped, broken so that its rule keeps
    ``INLINE_MIN`` to write on after it."""
    big, small = inline_fonts(cv)
    room = x1 - x0 - px(INLINE_MIN + INLINE_PAD)
    lines, cur = [], ""
    for word in label.rstrip(":").split():
        trial = f"{cur} {word}" if cur else word
        if cur and small_caps_length(trial, big, small) > room:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + [cur]


def _inline_rows(cv: Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                 anchors: dict, drop: int = 0) -> int:
    """The writing rule from ``x0`` to ``x1``, its label in small capitals printed on
    its left end, standing on it, and the writing room after the label on the same
    rule, as bank and registration forms set "NAME ______" with the rule run under the
    label; a label broken in lines stands its further lines over its last. Further
    writing lines (an address) are bare rules under the first, as long. Returns the
    bottom."""
    text = inline_label(cv, label, x0, x1)
    big, small = inline_fonts(cv)
    step = int(big.size * 1.25)
    base = y + px(WRITE_ROOM + 0.04) + max(len(text) - 1, drop) * step
    lw = max(3, cv.size // 12)
    end = x0
    for i, t in enumerate(text):
        end = max(end, small_caps(cv, x0 + px(0.03),
                                  base - px(0.04) - (len(text) - 1 - i) * step, t, big,
                                  small))
    for i, n in enumerate(names):
        ly = base + i * px(0.42)
        cv.hline(x0, x1, ly, lw)
        anchors[n] = (end + px(INLINE_PAD) if i == 0 else x0, ly - px(WRITE_ROOM), x1, ly)
    return base + (len(names) - 1) * px(0.42) + px(0.03)


TAB_PAD = 0.08  # inches from a ``tabbed`` label's end to its rule, and on to its line
TAB_MOST = {False: 2.0, True: 1.5}  # inches: the label column at most, in one column or two


def tab_text(label: str) -> str:
    """A ``tabbed`` label as printed: with its colon."""
    return label if label.endswith(":") else label + ":"


def tab_width(cv: Canvas, keys: list[str], most: float) -> int:
    """A ``tabbed`` block's label column, from the column's start to its rule: as wide as
    its widest label, ``most`` inches at most (a longer label is broken in it)."""
    widest = max(int(cv.f.getlength(tab_text(_label_text(cv, k)))) for k in keys)
    return min(widest, px(most)) + px(TAB_PAD)


def tabbed_label(cv: Canvas, label: str) -> list[str]:
    """A ``tabbed`` label in lines, broken as its column breaks it."""
    return cv.wrap(tab_text(label), cv.tab_w - px(TAB_PAD))


def _tabbed_rows(cv: Canvas, x0: int, x1: int, y: int, label: str, names: list[str],
                 anchors: dict, drop: int = 0) -> int:
    """The label set flush right in the block's label column, ending just before an
    upright rule at ``x0 + cv.tab_w`` that runs down the row (so down the whole block,
    rows sharing it), its last line standing on the writing line's level; the writing
    line starts just right of the rule, where every line of the column starts, and runs
    to ``x1``. A broken label's further lines stand over its last. Further writing lines
    (an address) are bare rules under the first. Returns the bottom."""
    text = tabbed_label(cv, label)
    tab = x0 + cv.tab_w
    base = y + px(WRITE_ROOM + 0.04) + max(len(text) - 1, drop) * cv.lh
    lw = max(3, cv.size // 12)
    for i, t in enumerate(text):
        cv.d.text((tab - px(TAB_PAD) - int(cv.f.getlength(t)),
                   base - 3 - (len(text) - 1 - i) * cv.lh), t, font=cv.f, fill=0,
                  anchor="ls")
    lx = tab + px(TAB_PAD)
    for i, n in enumerate(names):
        ly = base + i * px(0.42)
        cv.hline(lx, x1, ly, lw)
        anchors[n] = (lx, ly - px(WRITE_ROOM), x1, ly)
    bottom = base + (len(names) - 1) * px(0.42) + px(0.1)
    cv.d.line((tab, y, tab, bottom), fill=0, width=max(2, lw - 1))
    return bottom


# Sentences to fill in (``prose``): each {key} a blank written on, the words printed
PROSE_NAME_FIRST = ("I, {name}, Social Security No. {ssn},{address} sign this form on "
                    "{when}. Signed: {signature}")
PROSE_SIGNATURE_FIRST = ("Signed: {signature} on {when}, by me, {name}, Social Security "
                         "No. {ssn}{address}.")
PROSE_SHEET = ("I, {name}, tender the further grants listed below.",
               "Signed: {signature} on {datetime}.")
# inches: each blank's length; an address's blanks run on to the line's end, the first
# from wherever it starts (when that leaves it this long), the others across the width
PROSE_BLANK = {"name": 2.8, "ssn": 1.5, "datetime": 2.6, "date": 1.5, "time": 1.0,
               "signature": 3.0, "addr1": 2.5, "addr2": 0, "addr3": 0}
PROSE_PITCH = 0.45  # inches between a paragraph's baselines


def _prose_text(order: list[str], address: bool) -> str:
    """The signature block's sentences, its fields in the block's order (the name's
    sentence first, or the signature's)."""
    when = "{date} at {time}" if "date" in order else "{datetime}"
    if order[0] == "name":
        addr = " residing at {addr1} {addr2} {addr3}," if address else ""
        return PROSE_NAME_FIRST.format(name="{name}", ssn="{ssn}", address=addr,
                                       when=when, signature="{signature}")
    addr = ", residing at {addr1} {addr2} {addr3}" if address else ""
    return PROSE_SIGNATURE_FIRST.format(name="{name}", ssn="{ssn}", address=addr,
                                        when=when, signature="{signature}")


def _blank(cv: Canvas, tok: str, blanks: dict) -> tuple[str, str, int]:
    """A ``{key}`` token's key, the punctuation after it and its least length."""
    key, tail = tok[1:tok.index("}")], tok[tok.index("}") + 1:]
    least = px(blanks[key]) if blanks[key] else \
        cv.x1 - cv.x0 - int(cv.f.getlength(tail))
    return key, tail, least


def prose(cv: Canvas, text: str, y: int, anchors: dict, *, blanks: dict = PROSE_BLANK,
          prefix: str = "line:", caps: bool | None = None, left: int | None = None,
          pitch: int | None = None, room: int | None = None) -> int:
    """A paragraph of words and blanks (``{key}``, punctuation after it kept on its
    line) flowed from ``left`` (the margin) to the text's end, the blanks rules on the
    words' baseline (each ``blanks[key]`` inches long), lines ``pitch`` apart
    (``PROSE_PITCH``) so that each blank has ``room`` (``WRITE_ROOM``) to write in over
    it; a word before a blank goes to the next line with it; in capitals where the
    labels are (or as ``caps`` says). Records ``<prefix><key>`` anchors; returns the
    bottom."""
    caps = cv.ts.labels[0].isupper() if caps is None else caps
    left = cv.x0 if left is None else left
    pitch = px(PROSE_PITCH) if pitch is None else pitch
    room = px(WRITE_ROOM) if room is None else room
    space = int(cv.f.getlength(" "))
    lw = max(3, cv.size // 12)
    base = y + room + px(0.04)
    x = left
    toks = text.split()
    for i, tok in enumerate(toks):
        start = x + (space if x > left else 0)
        if tok.startswith("{"):
            key, tail, least = _blank(cv, tok, blanks)
            tw = int(cv.f.getlength(tail))
            if start + least + tw > cv.x1:
                base, start = base + pitch, left
            end = cv.x1 - tw if key.startswith("addr") else start + least
            cv.hline(start, end, base, lw)
            anchors[f"{prefix}{key}"] = (start, base - room, end, base)
            cv.d.text((end, base), tail, font=cv.f, fill=0, anchor="ls")
            x = end + tw
            continue
        word = tok.upper() if caps else tok
        w = int(cv.f.getlength(word))
        after = w + space + _blank(cv, toks[i + 1], blanks)[2] \
            if i + 1 < len(toks) and toks[i + 1].startswith("{") else w
        if start + w > cv.x1 or (x > left and start + after > cv.x1
                                 and left + after <= cv.x1):
            base, start = base + pitch, left
        cv.d.text((start, base), word, font=cv.f, fill=0, anchor="ls")
        x = start + w
    return base + px(0.1)


COMB_PITCH, COMB_HIGH = 0.2, 0.3  # inches: a character box's width and height
# boxes for the short values: the SSN in groups of 3-2-4 (printed hyphens between them)
COMB_BOXES = {"ssn": (3, 2, 4), "date": (16,), "time": (10,)}


def _comb_rows(cv: Canvas, x0: int, x1: int, y: int, key: str, label: str,
               names: list[str], anchors: dict) -> int:
    """The label small at the top left, under it a row of character boxes for each
    writing line (as many boxes as fit, or as ``COMB_BOXES`` says), boxes sharing their
    walls. The signature, signed and not printed, gets one open box. Records ``line:``
    anchors round each row and ``comb:`` anchors listing its boxes; returns the bottom."""
    sf = font(cv.ts.font, max(14, int(cv.size * 0.78)))
    cv.d.text((x0, y), label, font=sf, fill=0)
    top = y + int(sf.size * 1.3)
    wall = 2
    if key == "signature":
        x1 = min(x1, x0 + px(3.6))
        h = px(0.55)
        cv.d.rectangle((x0, top, x1, top + h), outline=0, width=wall)
        anchors["line:signature"] = (x0 + px(0.06), top + px(0.08), x1 - px(0.06),
                                     top + h - px(0.1))
        return top + h
    pitch, high = px(COMB_PITCH), px(COMB_HIGH)
    groups = COMB_BOXES.get(key, (10 ** 3,))
    room = (x1 - x0) // pitch - len(groups) + 1
    groups = groups[:-1] + (min(groups[-1], room - sum(groups[:-1])),)
    for i, n in enumerate(names):
        row = top + i * (high + px(0.08))
        cells, x = [], x0
        for g, count in enumerate(groups):
            if g:  # a hyphen printed in the space of a box between two groups
                cv.hline(x + pitch // 4, x + 3 * pitch // 4, row + high // 2, 3)
                x += pitch
            for _ in range(count):
                cells.append((x, row, x + pitch, row + high))
                cv.d.rectangle(cells[-1], outline=0, width=wall)
                x += pitch
        anchors[n] = (x0, row, x, row + high)
        anchors["comb:" + n.split(":")[1]] = tuple(cells)
    return row + high


def _comb_block(cv: Canvas, order: list[str], y: int, anchors: dict, pair: bool) -> int:
    """Rows of boxes across the text's width; in two columns the short fields
    (signature, SSN, date, time) that come one after the other share a row."""
    short = ("signature", "ssn", "date", "time")
    mid = (cv.x0 + cv.x1) // 2
    i = 0
    while i < len(order):
        key = order[i]
        if pair and i + 1 < len(order) and key in short and order[i + 1] in short:
            b1 = field_line(cv, cv.x0, mid - px(0.15), y, key, anchors)
            b2 = field_line(cv, mid + px(0.15), cv.x1, y, order[i + 1], anchors)
            y, i = max(b1, b2) + px(0.16), i + 2
        else:
            y, i = field_line(cv, cv.x0, cv.x1, y, key, anchors) + px(0.16), i + 1
    return y


def signature_block(cv: Canvas, address: bool = True) -> dict:
    if not cv.ts.legacy_block:
        return _signature_block(cv, address)
    a: dict = {}
    mid = cv.x0 + int((cv.x1 - cv.x0) * 0.56)
    gap = px(0.55)
    y = cv.y + gap
    sig_line(cv, cv.x0, mid - px(0.4), y, C.LABEL_SIGNATURE, "signature", a)
    sig_line(cv, mid, cv.x1, y, C.LABEL_SSN, "ssn", a)
    y += gap + cv.lh
    sig_line(cv, cv.x0, mid - px(0.4), y, C.LABEL_NAME, "name", a)
    sig_line(cv, mid, cv.x1, y, C.LABEL_DATETIME, "datetime", a)
    if address:
        for i in range(3):
            y += px(0.42) if i else gap + cv.lh
            cv.hline(cv.x0, mid - px(0.4), y, max(3, cv.size // 12))
            a[f"line:addr{i + 1}"] = (cv.x0, y - px(0.34), mid - px(0.4), y)
        cv.d.text((cv.x0, y + px(0.03)), C.LABEL_ADDRESS, font=cv.f, fill=0)
    cv.y = y + cv.lh * 2
    return a


# how a box's or band's label is broken, for the placements whose row's fields are of one
# height
_LABEL_LINES = {"framed": framed_labels.label_lines, "banded": banded_labels.label_lines,
                "hanging": hanging_labels.label_lines,
                "over-box": over_box_labels.label_lines}


def _signature_block(cv: Canvas, address: bool) -> dict:
    """The signature block in two columns or one, labels placed as the typeset says. Boxes
    (``caption``, ``framed``, ``banded``) and grid rows (``cells``) share their walls; in
    two columns a grid's row holds two label|value pairs, and its address row spans the
    grid's whole width. ``hanging`` bands one under another share their rules too, the
    two columns' rules apart; ``over-box`` boxes share no walls, a field's label standing
    in the gap under the box over it."""
    ts = cv.ts
    a: dict = {}
    place = ts.label_place
    boxed = place in ("caption", "cells", "framed", "banded")
    mid = cv.x0 + int((cv.x1 - cv.x0) * (0.5 if place == "cells" else 0.56))
    gap = 0 if boxed or place in ("tabbed", "hanging") else px(0.06) if place == "leader" \
        else px(0.1) if place in ("after", "dropout", "side-strip", "over-box") \
        else px(0.2)
    if ts.block_order == "name-first":
        order = ["name", "signature", "datetime", "ssn"]
    else:
        order = ["signature", "ssn", "name", "datetime"]
    if ts.datetime_split:
        at = order.index("datetime")
        order[at:at + 1] = ["date", "time"]
    y = cv.y + px(0.3)
    if place == "prose":  # no labels: sentences to fill in, across the text's width
        cv.y = prose(cv, _prose_text(order, address), y, a) + cv.lh * 2
        return a
    if place == "combined":  # the signature with the date, the name with the address
        cv.y = combined_labels.combined_block(cv, order, y, a, address) + cv.lh * 2
        return a
    if place == "numbered":  # the labels in a key over the numbered lines
        y = key_legend(cv, order + (["address"] if address else []), y) + px(0.05)
    if place == "tabbed":  # one label column to the block, its rule down the block
        cv.tab_w = tab_width(cv, order + (["address"] if address else []),
                             TAB_MOST[ts.block == "two"])
    if place == "comb":
        y = _comb_block(cv, order, y, a, ts.block == "two")
    elif place == "shared-rule":  # two fields to a rule, across the width or 80 % of it
        right = cv.x1 if ts.block == "two" else cv.x0 + int((cv.x1 - cv.x0) * 0.8)
        y = shared_rule_labels.shared_block(cv, order, y, a, right)
    elif ts.block == "two" and place != "left":
        right = cv.x1
        for i in range(0, len(order), 2):
            left_end = mid - (0 if boxed else px(0.4))
            drop = 0
            if place == "leader":  # the two leaders of a row on one baseline
                drop = max(len(leader_label(cv, _label_text(cv, k), x0, x1)) - 1
                           for k, (x0, x1) in zip(order[i:i + 2],
                                                  ((cv.x0, left_end), (mid, cv.x1))))
            elif place == "tabbed":  # the two lines of a row on one level
                drop = max(len(tabbed_label(cv, _label_text(cv, k))) - 1
                           for k in order[i:i + 2])
            elif place == "inline":  # the two rules of a row on one level
                drop = max(len(inline_label(cv, _label_text(cv, k), x0, x1)) - 1
                           for k, (x0, x1) in zip(order[i:i + 2],
                                                  ((cv.x0, left_end), (mid, cv.x1))))
            elif place == "side-strip":  # the two boxes of a row of one height
                drop = max(side_strip_labels.side_height(cv, k) for k in order[i:i + 2])
            elif place in _LABEL_LINES:  # a row's boxes of one height
                lines = _LABEL_LINES[place]
                drop = max(len(lines(cv, _label_text(cv, k), x0, x1)) - 1
                           for k, (x0, x1) in zip(order[i:i + 2],
                                                  ((cv.x0, left_end), (mid, cv.x1))))
            b1 = field_line(cv, cv.x0, left_end, y, order[i], a, drop=drop)
            b2 = field_line(cv, mid, cv.x1, y, order[i + 1], a, drop=drop) \
                if i + 1 < len(order) else b1
            y = max(b1, b2) + gap
    else:
        right = cv.x0 + int((cv.x1 - cv.x0) * (0.8 if place in ("left", "cells", "leader",
                                                                "after", "numbered",
                                                                "reverse", "tabbed",
                                                                "dropout", "inline",
                                                                "side-strip", "open",
                                                                "framed", "banded",
                                                                "hanging", "over-box")
                                               else 0.62))
        for key in order:
            y = field_line(cv, cv.x0, right, y, key, a) + gap
    if address:
        end = right if place in ("cells", "framed", "banded", "hanging", "over-box") \
            else cv.x1 \
            if place in ("comb", "leader", "after", "numbered", "reverse", "tabbed",
                         "dropout", "inline", "side-strip", "shared-rule", "open") \
            else mid - (0 if boxed else px(0.4))
        y = field_line(cv, cv.x0, end, y, "address", a, lines=3)
    cv.y = y + cv.lh * 2
    return a


def return_block(cv: Canvas, fc: C.FormContent):
    for ln in fc.return_lines:
        cv.center(ln, cv.fb)
    cv.y += cv.lh
    cv.center(fc.confirm_line, cv.f)


# -- pages -----------------------------------------------------------------------
def _title(cv: Canvas, lines: list[str]):
    tf = font(cv.ts.bold, int(cv.size * cv.ts.title_scale))
    cv.d.text((cv.x0, cv.y), lines[0], font=cv.f, fill=0)  # EXHIBIT (a)(2)
    cv.y += cv.lh * 2
    for ln in lines[1:]:
        cv.center(ln, tf)
    cv.y += cv.lh


def tender_text(ts: Typeset) -> str:
    return ts.tender_text or C.parse_form().tender_text


def additional_text(ts: Typeset) -> str:
    return ts.additional_text or C.parse_form().additional_text


def _tender_split(ts: Typeset) -> str | None:
    """The words of the tender sentence that end page 1 when it breaks inside it."""
    if not ts.split_tender or ts.tender_page != 1 or ts.checkbox_side == "after" \
            or ts.checkbox in ("margin", "strike-out", "write-in", "alternatives", "code",
                               "yes-no-columns", "in-sentence", "check-cell",
                               "sample-mark", "brace"):
        return None
    if not ts.tender_text:
        return C.parse_form().tender_split
    words = ts.tender_text.split()
    return " ".join(words[:len(words) * 2 // 5])


def _box_anchor(anchors: dict, key: str, page: int, cv: Canvas, bb) -> None:
    """``box:<key>``, the place of the mark, and for a YES/NO pair ``no:<key>`` (for a
    choice to strike out, the words struck to elect and those struck to decline; for
    alternatives, the sentence's box and its negative's)."""
    anchors[f"box:{key}"] = (page, bb)
    if cv.ts.checkbox in ("yes-no", "two-box", "strike-out", "bubble", "alternatives",
                          "yes-no-columns", "in-sentence"):
        anchors[f"no:{key}"] = (page, cv.last_no)


def _election_pages(ts: Typeset, scale: float):
    fc = C.parse_form()
    pages, anchors = [], {}
    # page 1
    cv = Canvas(ts, scale)
    _title(cv, fc.title)
    for b in fc.intro:
        cv.para(b.text, indent=px(ts.indent_in))
    tail = ""
    if ts.tender_page == 1:
        bb, tail = cv.checkbox_para(tender_text(ts), _tender_split(ts))
        _box_anchor(anchors, "tender", 0, cv, bb)
    total = 6 + (ts.signature_page == "next")
    cv.page_number(1, total)
    pages.append(cv)
    # page 2
    cv = Canvas(ts, scale)
    if tail:
        for ln in cv.wrap(tail, cv.x1 - cv.x0 - px(0.6)):
            cv.line(ln, cv.x0 + px(0.6))
        cv.y += cv.lh
    if ts.tender_page == 2:
        bb, _ = cv.checkbox_para(tender_text(ts))
        _box_anchor(anchors, "tender", 1, cv, bb)
        cv.y += int(cv.lh * 0.5)
    for k, v in grant_table(cv, ts.rows).items():
        anchors[k] = (1, v)
    bb, _ = cv.checkbox_para(additional_text(ts))
    _box_anchor(anchors, "additional", 1, cv, bb)
    if ts.signature_page == "next":  # the signature block on a page of its own
        cv.page_number(2, total)
        pages.append(cv)
        cv = Canvas(ts, scale)
        cv.y += cv.lh
    cv.para(fc.cancel_note)
    for k, v in signature_block(cv).items():
        anchors[k] = (len(pages), v)
    return_block(cv, fc)
    cv.page_number(len(pages) + 1, total)
    pages.append(cv)
    # the instructions (pages 3-6 of the original)
    for blocks in fc.instructions:
        cv = Canvas(ts, scale)
        for b in blocks:
            if b.kind == "center":
                cv.center(b.text, cv.fb, gap=0.6)
            elif b.kind == "heading":
                cv.d.text((cv.x0, cv.y), b.text, font=cv.fb, fill=0)
                cv.y += int(cv.lh * 1.6)
            elif b.kind == "bullet":
                cv.d.text((cv.x0 + px(0.3), cv.y), "\u2013", font=cv.f, fill=0)
                cv.para(b.text, left=cv.x0 + px(0.6), gap=0.3)
            else:
                cv.para(b.text, indent=px(ts.indent_in))
        cv.page_number(len(pages) + 1, total)
        pages.append(cv)
    return pages, anchors


def resolve(ts: Typeset | str) -> Typeset:
    """A typeset given by name (one of ``TYPESETS``) or itself."""
    return TYPESETS[ts] if isinstance(ts, str) else ts


def election_form(ts: Typeset | str):
    """Blank Election Form: its greyscale pages (six, or seven when the signature block
    has a page of its own) and the anchors (page index, bbox)."""
    return _election_form(resolve(ts))


@lru_cache(maxsize=16)
def _election_form(ts: Typeset):
    scale = 1.0
    while True:
        pages, anchors = _election_pages(ts, scale)
        if not any(p.overflow() for p in pages) or scale < 0.7:
            return [p.img for p in pages], anchors
        scale *= 0.95


def change_notice(ts: Typeset | str):
    return _change_notice(resolve(ts))


def additional_sheet(ts: Typeset | str, rows: int = 6):
    return _additional_sheet(resolve(ts), rows)


@lru_cache(maxsize=16)
def _change_notice(ts: Typeset):
    cv = Canvas(ts)
    fc = C.parse_form()
    tf = font(ts.bold, int(cv.size * ts.title_scale))
    cv.y += cv.lh
    cv.center(C.COMPANY, tf)
    cv.center("OFFER TO EXCHANGE OPTIONS", tf)
    cv.y += cv.lh
    cv.center(C.NOTICE_TITLE, tf, gap=2)
    for p in C.NOTICE_PARAS:
        cv.para(p, indent=px(ts.indent_in))
    cv.y += cv.lh
    anchors = {k: (0, v) for k, v in signature_block(cv, address=False).items()}
    cv.y += cv.lh * 2
    return_block(cv, fc)
    return [cv.img], anchors


SHEET_CARDS = 4  # a ``cards`` additional sheet's cards (it lists three grants at most)
SHEET_GRANTS_MOST = 3  # the most grants the filler lists on an additional sheet


@lru_cache(maxsize=16)
def _additional_sheet(ts: Typeset, rows: int):
    """The sheet with ``rows`` grants' rows; where they would run past its bottom
    margin, with a grant fewer at a time down to the most it lists, then set smaller
    until it fits (as the election form is)."""
    if ts.table_style == "cards":  # six would run off the page
        rows = min(rows, SHEET_CARDS)
    scale = 1.0
    while True:
        cv, anchors = _sheet_page(ts, rows, scale)
        if not cv.overflow() or scale < 0.7:
            return [cv.img], {k: (0, v) for k, v in anchors.items()}
        if rows > SHEET_GRANTS_MOST:
            rows -= 1
        else:
            scale *= 0.95


def _sheet_page(ts: Typeset, rows: int, scale: float) -> tuple[Canvas, dict]:
    """The additional sheet set with ``rows`` grants' rows at ``scale``: its canvas, the
    cursor at the foot of what was drawn, and its anchors."""
    cv = Canvas(ts, scale)
    tf = font(ts.bold, int(cv.size * ts.title_scale))
    cv.y += cv.lh
    cv.center(C.ADDITIONAL_TITLE, tf)
    cv.center(C.COMPANY + " \u2013 OFFER TO EXCHANGE OPTIONS", cv.f, gap=1.5)
    cv.para(C.ADDITIONAL_PARA)
    anchors: dict = {}
    if ts.legacy_block:
        y = cv.y + px(0.5)
        sig_line(cv, cv.x0, cv.x0 + px(3.6), y, C.LABEL_NAME, "name", anchors)
        cv.y = y + cv.lh * 3
        anchors.update(grant_table(cv, rows, row_h=0.45))
        y = cv.y + px(0.6)
        sig_line(cv, cv.x0, cv.x0 + px(3.2), y, C.LABEL_SIGNATURE, "signature", anchors)
        cv.y = sig_line(cv, cv.x0 + px(3.8), cv.x1, y, C.LABEL_DATETIME, "datetime",
                        anchors)
    elif ts.label_place == "prose":  # a sentence to fill in over the table, one under it
        cv.y = prose(cv, PROSE_SHEET[0], cv.y + px(0.1), anchors) + cv.lh
        anchors.update(grant_table(cv, rows, row_h=0.45))
        cv.y = prose(cv, PROSE_SHEET[1], cv.y + px(0.1), anchors)
    else:
        comb = ts.label_place == "comb"  # boxes enough for a long name and a date
        if ts.label_place == "numbered":  # the key over the name's line
            cv.y = key_legend(cv, ["name", "signature", "datetime"], cv.y + px(0.1))
        if ts.label_place == "tabbed":
            cv.tab_w = tab_width(cv, ["name", "signature", "datetime"], TAB_MOST[False])
        # a leader's room after a long label, a line's before it
        wide = comb or ts.label_place in ("leader", "after", "reverse", "inline",
                                          "combined")
        cv.y = field_line(cv, cv.x0, cv.x1 if wide else cv.x0 + px(4.2), cv.y + px(0.2),
                          "name", anchors)
        cv.y += cv.lh * 2
        anchors.update(grant_table(cv, rows, row_h=0.45))
        y = cv.y + px(0.3)
        drop = 0
        if ts.label_place == "combined":  # the signature and the date in one room
            cv.y = combined_labels.combined_row(cv, cv.x0, cv.x1, y,
                                                ["signature", "datetime"], anchors)
            return cv, anchors
        if ts.label_place == "shared-rule":  # the signature and the date on one rule
            cv.y = shared_rule_labels.shared_rule(
                cv, cv.x0, cv.x1, y, [_label_text(cv, k) for k in ("signature", "datetime")],
                ["line:signature", "line:datetime"], anchors)
            return cv, anchors
        if ts.label_place == "side-strip":  # the signature's and date's boxes one height
            drop = max(side_strip_labels.side_height(cv, k)
                       for k in ("signature", "datetime"))
        if ts.label_place in _LABEL_LINES:  # the signature's and date's boxes one height
            lines = _LABEL_LINES[ts.label_place]
            drop = max(len(lines(cv, _label_text(cv, k), x0, x1)) - 1
                       for k, (x0, x1) in (("signature", (cv.x0, cv.x0 + px(3.2))),
                                           ("datetime", (cv.x0 + px(3.6), cv.x1))))
        cv.y = max(field_line(cv, cv.x0, cv.x0 + px(2.8 if comb else 3.2), y, "signature",
                              anchors, drop=drop),
                   field_line(cv, cv.x0 + px(3.1 if comb else 3.6), cv.x1, y, "datetime",
                              anchors, drop=drop))
    return cv, anchors


def cover_sheet(fontname: str, boldname: str):
    """A fax cover sheet form (the sender's own); anchors for the values."""
    ts = Typeset("cover", fontname, boldname, 12, 1.0, 1.0, 1.5, "rules", "square", 0,
                 False)
    cv = Canvas(ts)
    big = font(boldname, px(0.6))
    cv.d.text((cv.x0, cv.y), "FAX", font=big, fill=0)
    cv.y += px(0.9)
    cv.hline(cv.x0, cv.x1, cv.y, 6)
    cv.y += px(0.4)
    anchors = {}
    for label in ("Date:", "To:", "Company:", "Fax number:", "From:", "Phone:",
                  "Pages:", "Re:"):
        cv.d.text((cv.x0, cv.y), label, font=cv.fb, fill=0)
        x = cv.x0 + px(1.6)
        yl = cv.y + int(cv.size * 1.15)
        cv.hline(x, cv.x1, yl, 1)
        anchors[label.rstrip(":").lower()] = (0, (x + px(0.05), yl - px(0.34), cv.x1, yl))
        cv.y += px(0.5)
    cv.y += px(0.3)
    cv.d.text((cv.x0, cv.y), "Message:", font=cv.fb, fill=0)
    anchors["message"] = (0, (cv.x0, cv.y + px(0.25), cv.x1, cv.y + px(2.5)))
    cv.y += px(3.0)
    cv.center("CONFIDENTIAL: this facsimile is intended only for the addressee.", cv.f)
    return [cv.img], anchors
