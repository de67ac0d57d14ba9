"""Typesets drawn per document: each convention an independent axis, chosen from a seed.

``draw(rng, family)`` returns a :class:`samples.typesets.Typeset` whose every axis (font,
size, margins, label placement, block arrangement, label and sentence wordings, table
style and headings, checkbox style and side, page breaks, rows) is drawn on its own, so
their combinations make many layouts. Two families:

- ``varied``: every axis drawn from the values in the ``*_VARIED`` tuples. These hold the
  twenty earlier held-out families' conventions too (``caption`` boxes, the ``dotted``
  grid, ``( )`` boxes; then ``cells`` rows, the ``zebra`` table, ``shaded`` boxes; then
  ``comb`` character boxes, the ``ledger`` table, ``yes-no`` words to circle; then
  ``leader`` lines of full stops, the ``transposed`` table, the ``margin`` box; then
  labels printed ``after`` their lines, grants set as ``records``, the ``two-box`` YES/NO
  pair; then ``prose`` sentences to fill in, the ``two-tier`` table, ``initials`` lines;
  then ``numbered`` lines with their labels in a key, the ``rotated-heads`` grid, the
  ``strike-out`` choice; then ``reverse`` labels on black tabs, the ``lettered`` grid,
  ``write-in`` answers; then ``tabbed`` labels against a rule, grants on ``cards``,
  ``bubble`` ovals; then ``dropout`` boxes printed in a light grey, grants as
  ``sentences`` with blanks, ``alternatives`` to check one of; then ``inline`` labels in
  small capitals on their rules, grants on numbered blank ``lines`` named once in an
  instruction, ``code`` boxes to write 1 or 2 in; then ``side-strip`` labels turned on
  their side at their boxes' left, grants on rules captioned under them
  (``row-captions``), ``yes-no-columns`` boxes headed over them at the right margin;
  then ``shared-rule`` labels small under their stretch of a rule a row's fields share,
  the ``spanned-heads`` grid headed in two tiers, ``in-sentence`` boxes before the
  alternatives of the sentence's verb; then ``open`` labels with nothing printed after
  them to write on, the ``example-row`` grid whose first row is a printed example,
  ``check-cell`` boxes that are a cell of the sentence's frame; then ``combined``
  labels, one for two fields written in one room, the ``cents-rule`` grid whose price
  column is parted in dollars and cents, ``sample-mark`` instructions with a box printed
  marked over each sentence; then ``questions`` asked for each field, the ``tick-comb``
  grid whose cells are parted into places by ticks, ``corners`` boxes printed as their
  corners only; then ``hinted`` labels with a hint small under each line, the
  ``placeholder`` grid whose cells hold their value's form printed grey, ``shadowed``
  boxes with a drop shadow; then ``framed`` boxes holding their label and the room after
  it, the ``apart`` grid whose cells are boxes of their own, ``rounded`` boxes; then
  ``banded`` boxes whose label stands in a grey band over the room, the ``knockout``
  table whose cells are white in a grey ground, ``tile`` boxes knocked out of a grey
  tile; then ``hanging`` labels under a band's top rule, the writing under them, the
  ``three-rule`` table ruled over and under its headings and under its last row only,
  ``cup`` boxes typed ``|_|``): each was promoted to be tuned on like the others once the
  reading was developed on it. The fourth to the twentieth families' values are drawn
  after every other axis, in stages (``STAGES``: the fourth's, then the fifth's, and so
  on to the twentieth's), each value as often as any other of its axis, so a seed's
  varied files are drawn as they were before each was promoted except where one of its
  values is taken.
- ``heldout``: the held-out family, the twenty-first. Its label placement (``over-box``:
  each field an empty ruled box, its label printed over it, outside, standing just over
  its top wall, as USCIS forms and forms made as fillable PDFs print their fields), table
  style (``underlined-heads``: no rule across the table and none upright, each column's
  heading underlined by a short rule of its own, as financial statements and typed
  schedules set their column heads) and checkbox style (``brace``: a right brace as tall
  as the sentence's lines drawn after them, the box beyond its point, level with the
  sentence's middle, as tax forms group an item's lines to the one box they answer) are
  used by no other typeset; its other axes are drawn as ``varied`` draws them. Nothing
  has been tuned on it, and no threshold or rule of the reading is to be.

``axes(ts)`` gives the axis values of any typeset, for the truth's ``meta.layout``.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from samples import content as C
from samples.typesets import DEJAVU, Typeset

HELD_OUT_FAMILY = "heldout"
FAMILIES = ("varied", HELD_OUT_FAMILY)

LABEL_PLACES_VARIED = ("below", "above", "left", "caption", "cells", "comb", "leader",
                       "after", "prose", "numbered", "reverse", "tabbed", "dropout",
                       "inline", "side-strip", "shared-rule", "open", "combined", "questions",
                       "hinted", "framed", "banded", "hanging")
TABLE_STYLES_VARIED = ("grid", "rules", "unruled", "underscores", "dotted", "zebra",
                       "ledger", "transposed", "records", "two-tier", "rotated-heads",
                       "lettered", "cards", "sentences", "lines", "row-captions",
                       "spanned-heads", "example-row", "cents-rule", "tick-comb",
                       "placeholder", "apart", "knockout", "three-rule")
CHECKBOXES_VARIED = ("square", "text", "circle", "underline", "parens", "shaded",
                     "yes-no", "margin", "two-box", "initials", "strike-out", "write-in",
                     "bubble", "alternatives", "code", "yes-no-columns", "in-sentence",
                     "check-cell", "sample-mark", "corners", "shadowed", "rounded", "tile",
                     "cup")
HELD_OUT = {"label_place": "over-box", "table_style": "underlined-heads",
            "checkbox": "brace"}
# How many of each tuple's values were drawn before each promotion that was drawn last
# (the fourth family's, then the fifth's, the sixth's, the seventh's, the eighth's, the
# ninth's, the tenth's, the eleventh's, the twelfth's, the thirteenth's, the
# fourteenth's, the fifteenth's, the sixteenth's, the seventeenth's, the eighteenth's, the
# nineteenth's and the twentieth's): a stage's values are drawn once every other axis and
# every earlier stage is, each value as often as the others of its axis, so that
# promoting them left every other draw of a seed as it was.
STAGES = ({"label_place": 6, "table_style": 7, "checkbox": 7},
          {"label_place": 7, "table_style": 8, "checkbox": 8},
          {"label_place": 8, "table_style": 9, "checkbox": 9},
          {"label_place": 9, "table_style": 10, "checkbox": 10},
          {"label_place": 10, "table_style": 11, "checkbox": 11},
          {"label_place": 11, "table_style": 12, "checkbox": 12},
          {"label_place": 12, "table_style": 13, "checkbox": 13},
          {"label_place": 13, "table_style": 14, "checkbox": 14},
          {"label_place": 14, "table_style": 15, "checkbox": 15},
          {"label_place": 15, "table_style": 16, "checkbox": 16},
          {"label_place": 16, "table_style": 17, "checkbox": 17},
          {"label_place": 17, "table_style": 18, "checkbox": 18},
          {"label_place": 18, "table_style": 19, "checkbox": 19},
          {"label_place": 19, "table_style": 20, "checkbox": 20},
          {"label_place": 20, "table_style": 21, "checkbox": 21},
          {"label_place": 21, "table_style": 22, "checkbox": 22},
          {"label_place": 22, "table_style": 23, "checkbox": 23})
FIRST_DRAWN = STAGES[0]
_VARIED = {"label_place": LABEL_PLACES_VARIED, "table_style": TABLE_STYLES_VARIED,
           "checkbox": CHECKBOXES_VARIED}


def _promoted(rng: random.Random, ts: Typeset) -> Typeset:
    """The values promoted in ``STAGES`` drawn over the first draw, a stage at a time:
    each stage's values take an axis as often as each value drawn before them did."""
    ends = STAGES[1:] + ({a: len(v) for a, v in _VARIED.items()},)
    for start, end in zip(STAGES, ends):
        for axis, values in _VARIED.items():
            later = values[start[axis]:end[axis]]
            if rng.random() < len(later) / end[axis]:
                ts = replace(ts, **{axis: rng.choice(later)})
    return ts


_URW = "/usr/share/fonts/opentype/urw-base35/"
_LIB = "/usr/share/fonts/truetype/liberation2/"
_FREE = "/usr/share/fonts/truetype/freefont/"
# family -> (regular, bold, kind); kind picks the DejaVu stand-in when the files are absent
FONT_FAMILIES: dict[str, tuple[str, str, str]] = {
    "dejavu-serif": (DEJAVU + "DejaVuSerif.ttf", DEJAVU + "DejaVuSerif-Bold.ttf", "serif"),
    "dejavu-sans": (DEJAVU + "DejaVuSans.ttf", DEJAVU + "DejaVuSans-Bold.ttf", "sans"),
    "dejavu-sans-condensed": (DEJAVU + "DejaVuSansCondensed.ttf",
                              DEJAVU + "DejaVuSansCondensed-Bold.ttf", "sans"),
    "liberation-serif": (_LIB + "LiberationSerif-Regular.ttf",
                         _LIB + "LiberationSerif-Bold.ttf", "serif"),
    "liberation-sans": (_LIB + "LiberationSans-Regular.ttf",
                        _LIB + "LiberationSans-Bold.ttf", "sans"),
    "liberation-mono": (_LIB + "LiberationMono-Regular.ttf",
                        _LIB + "LiberationMono-Bold.ttf", "mono"),
    "nimbus-roman": (_URW + "NimbusRoman-Regular.otf", _URW + "NimbusRoman-Bold.otf",
                     "serif"),
    "nimbus-sans": (_URW + "NimbusSans-Regular.otf", _URW + "NimbusSans-Bold.otf", "sans"),
    "nimbus-sans-narrow": (_URW + "NimbusSansNarrow-Regular.otf",
                           _URW + "NimbusSansNarrow-Bold.otf", "sans"),
    "nimbus-mono": (_URW + "NimbusMonoPS-Regular.otf", _URW + "NimbusMonoPS-Bold.otf",
                    "mono"),
    "c059": (_URW + "C059-Roman.otf", _URW + "C059-Bold.otf", "serif"),
    "p052": (_URW + "P052-Roman.otf", _URW + "P052-Bold.otf", "serif"),
    "urw-bookman": (_URW + "URWBookman-Light.otf", _URW + "URWBookman-Demi.otf", "serif"),
    "urw-gothic": (_URW + "URWGothic-Book.otf", _URW + "URWGothic-Demi.otf", "sans"),
    "free-serif": (_FREE + "FreeSerif.ttf", _FREE + "FreeSerifBold.ttf", "serif"),
    "free-sans": (_FREE + "FreeSans.ttf", _FREE + "FreeSansBold.ttf", "sans"),
    "free-mono": (_FREE + "FreeMono.ttf", _FREE + "FreeMonoBold.ttf", "mono"),
}
_STAND_IN = {"serif": "dejavu-serif", "sans": "dejavu-sans",
             "mono": "dejavu-mono"}
FONT_FAMILIES["dejavu-mono"] = (DEJAVU + "DejaVuSansMono.ttf",
                                DEJAVU + "DejaVuSansMono-Bold.ttf", "mono")


def font_files(family: str) -> tuple[str, str, str]:
    """(family used, regular, bold): the family's files, or DejaVu's of its kind when
    they are not installed (fonts-liberation2, fonts-urw-base35, fonts-freefont-ttf)."""
    regular, bold, kind = FONT_FAMILIES[family]
    if Path(regular).is_file() and Path(bold).is_file():
        return family, regular, bold
    stand_in = _STAND_IN[kind]
    return (stand_in,) + FONT_FAMILIES[stand_in][:2]


def _case(text: str, how: str) -> str:
    return text.upper() if how == "upper" else text


def draw(rng: random.Random, family: str = "varied") -> Typeset:
    """One typeset, every axis drawn on its own from ``rng``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    fam, regular, bold = font_files(rng.choice(sorted(FONT_FAMILIES)))
    kind = FONT_FAMILIES[fam][2]
    size = rng.choice((9.0, 9.5, 10.0, 10.5, 11.0, 11.5)) - (0.5 if kind == "mono" else 0)
    label_case = rng.choice(("as", "as", "upper"))
    labels = tuple(_case(rng.choice(C.LABEL_WORDINGS[k]), label_case) for k in C.LABEL_KEYS)
    ts = Typeset(
        name=family, font=regular, bold=bold, size_pt=size,
        margin_in=rng.choice((0.6, 0.75, 0.9, 1.0, 1.15)),
        top_in=rng.choice((0.6, 0.75, 0.9, 1.0)),
        leading=rng.choice((1.2, 1.28, 1.35, 1.45)),
        table_style=rng.choice(TABLE_STYLES_VARIED[:FIRST_DRAWN["table_style"]]),
        checkbox=rng.choice(CHECKBOXES_VARIED[:FIRST_DRAWN["checkbox"]]),
        rows=rng.choice((3, 4, 4, 5, 6)),
        split_tender=rng.random() < 0.35,
        justify=rng.random() < 0.4,
        indent_in=rng.choice((0.0, 0.3, 0.5, 0.75)),
        title_scale=rng.choice((1.0, 1.15, 1.25, 1.4)),
        label_place=rng.choice(LABEL_PLACES_VARIED[:FIRST_DRAWN["label_place"]]),
        block=rng.choice(("two", "two", "one")),
        block_order=rng.choice(("signature-first", "signature-first", "name-first")),
        labels=labels,
        headings=C.HEADING_SETS[rng.choice(sorted(C.HEADING_SETS))],
        head_lines=rng.choice(("wrap", "stacked2", "stacked3")),
        head_bold=rng.random() < 0.7,
        checkbox_side=rng.choice(("before", "before", "after")),
        tender_text=rng.choice(C.TENDER_WORDINGS),
        additional_text=rng.choice(C.ADDITIONAL_WORDINGS),
        tender_page=rng.choice((1, 1, 2)),
        signature_page=rng.choice(("with-table", "with-table", "next")),
        family=family,
        font_family=fam,
    )
    heading_set = next(k for k, v in C.HEADING_SETS.items() if v == ts.headings)
    ts = replace(ts, page_label=rng.choice(("number", "number", "page-of", "titled", "none")),
                 grant_no_heading=C.GRANT_NO_HEADINGS[heading_set]
                 if rng.random() < 0.25 else "")
    ts = replace(ts, prefilled=rng.random() < 0.15)
    ts = replace(ts, datetime_split=rng.random() < 0.2)
    if rng.random() < 0.2:
        ts = replace(ts, total_label=rng.choice(("TOTAL", "Total", "Total Shares Tendered",
                                                 "TOTAL OPTIONS TENDERED")))
    ts = _promoted(rng, ts)
    if family == HELD_OUT_FAMILY:
        ts = replace(ts, **HELD_OUT)
    return ts


AXES = ("font_family", "size_pt", "label_place", "block", "block_order", "labels",
        "table_style", "headings", "head_lines", "head_bold", "checkbox", "checkbox_side",
        "tender_wording", "additional_wording", "tender_page", "split_tender",
        "signature_page", "rows", "page_label", "grant_no_heading", "prefilled",
        "total_label", "datetime_split")


def axes(ts: Typeset) -> dict:
    """The typeset's value on each axis (wordings as their index in ``content``)."""
    out = {}
    for a in AXES:
        if a == "tender_wording":
            out[a] = C.TENDER_WORDINGS.index(ts.tender_text)
        elif a == "additional_wording":
            out[a] = C.ADDITIONAL_WORDINGS.index(ts.additional_text)
        elif a == "headings":
            out[a] = next(k for k, v in C.HEADING_SETS.items() if v == ts.headings)
        elif a == "labels":
            out[a] = list(ts.labels)
        elif a == "font_family" and not ts.family:
            out[a] = Path(ts.font).stem
        else:
            out[a] = getattr(ts, a)
    return out
