"""Typesets drawn per document: each axis is drawn where its anchors say (read back with
real Tesseract on crops of a rendered page), and a set records its axes and family."""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import replace

import pytest
from PIL import ImageDraw, ImageOps

from samples import content as C
from samples import generate as G
from samples import layouts as L
from samples import typesets as T

pytestmark = pytest.mark.skipif(subprocess.run(["which", "tesseract"],
                                               capture_output=True).returncode != 0,
                                reason="tesseract not installed")

BASE = replace(L.draw(random.Random(3), "varied"), font=T.DEJAVU + "DejaVuSans.ttf",
               bold=T.DEJAVU + "DejaVuSans-Bold.ttf", font_family="dejavu-sans",
               size_pt=10.0, block="one", signature_page="with-table", tender_page=1,
               labels=C.LABELS, headings=C.TABLE_HEADINGS, head_lines="wrap",
               tender_text="", additional_text="", checkbox_side="before",
               page_label="number", grant_no_heading="", label_place="left",
               checkbox="text", block_order="signature-first", split_tender=False)


def words(img, box, psm: int = 6) -> list[tuple[str, tuple[int, int, int, int]]]:
    """Tesseract's words in ``box`` of ``img``, with boxes in page coordinates."""
    x0, y0, x1, y1 = box
    crop = img.crop(box)
    out = subprocess.run(["tesseract", "-", "-", "--psm", str(psm), "tsv"],
                         input=_png(crop), capture_output=True, timeout=60, check=True,
                         env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"}).stdout
    got = []
    for row in out.decode().splitlines()[1:]:
        f = row.split("\t")
        if len(f) == 12 and f[11].strip() and float(f[10]) > 0:
            left, top, w, h = map(int, f[6:10])
            got.append((f[11], (x0 + left, y0 + top, x0 + left + w, y0 + top + h)))
    return got


def _png(img) -> bytes:
    import io
    b = io.BytesIO()
    img.save(b, format="PNG", dpi=(T.RENDER_DPI, T.RENDER_DPI))
    return b.getvalue()


def _page_with(ts, key):
    pages, anchors = T.election_form(ts)
    pi, box = anchors[key]
    return pages[pi], box, anchors


def _label_words(key: str) -> set[str]:
    return set(C.LABELS[C.LABEL_KEYS.index(key)].replace("(", " ").replace(")", " ").split())


@pytest.mark.parametrize("key", ["name", "ssn"])
def test_label_above_its_writing_line(key):
    page, (x0, y0, x1, line_y), _ = _page_with(replace(BASE, label_place="above"),
                                               f"line:{key}")
    got = words(page, (x0 - 10, y0 - T.px(0.45), x1, line_y + T.px(0.35)))
    hits = [b for w, b in got if w.strip(":") in _label_words(key)]
    assert hits, got
    # the label stands above the writing room, nothing of it below the line
    assert all(b[3] <= y0 + 4 for b in hits), (hits, y0)


def test_label_below_its_writing_line():
    page, (x0, y0, x1, line_y), _ = _page_with(replace(BASE, label_place="below"),
                                               "line:name")
    got = words(page, (x0 - 10, y0 - T.px(0.1), x1, line_y + T.px(0.35)))
    hits = [b for w, b in got if w.strip(":()") in _label_words("name")]
    assert hits and all(b[1] >= line_y for b in hits), got


def test_label_left_of_its_writing_line_on_the_same_line():
    page, (x0, y0, x1, line_y), _ = _page_with(replace(BASE, label_place="left"),
                                               "line:datetime")
    got = words(page, (T.px(0.3), y0 - 10, x0 + 5, line_y + 10), psm=7)
    text = " ".join(w for w, _ in got)
    assert "DATE AND TIME:" in text, text
    assert all(b[2] <= x0 + 5 and b[3] > y0 for _, b in got)


def test_caption_label_inside_its_box_above_the_writing_room():
    ts = replace(BASE, label_place="caption")
    page, (x0, y0, x1, y1), _ = _page_with(ts, "line:ssn")
    got = words(page, (x0 - 5, y0 - T.px(0.3), x1, y0 + 2))
    assert " ".join(w for w, _ in got) == C.LABEL_SSN


def _cell(page, box) -> tuple[int, int, int, int]:
    """The walls round ``box``'s middle: the first dark pixel left, above, right, below."""
    import numpy as np
    a = np.asarray(page)
    cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2

    def first_dark(line) -> int:
        return int(np.argmax(line < 128))
    return (cx - first_dark(a[cy, cx::-1]), cy - first_dark(a[cy::-1, cx]),
            cx + first_dark(a[cy, cx:]), cy + first_dark(a[cy:, cx]))


def _grey(page, box) -> float:
    import numpy as np
    return float(np.median(np.asarray(page.crop(box))))


@pytest.mark.parametrize("block", ["one", "two"])
def test_cells_label_in_a_shaded_cell_left_of_its_value(block):
    ts = replace(BASE, label_place="cells", block=block)
    page, box, anchors = _page_with(ts, "line:ssn")
    vx0, vy0, vx1, vy1 = _cell(page, box)  # the value's cell, white
    assert vx0 < box[0] and box[2] < vx1 and vy0 < box[1] and box[3] < vy1
    assert _grey(page, (vx0 + 3, vy0 + 3, vx1 - 2, vy1 - 2)) == 255
    lx0, ly0, lx1, ly1 = _cell(page, (vx0 - 12, vy0 + 5, vx0 - 4, vy1 - 5))  # past its text
    assert lx1 in range(vx0 - 2, vx0 + 1)  # the label's cell shares the value's wall...
    assert abs(ly0 - vy0) <= 2 and abs(ly1 - vy1) <= 2  # ... and its row
    shade = _grey(page, (lx0 + 3, ly0 + 3, lx1 - 2, ly1 - 2))
    assert 255 * 0.8 <= shade <= 255 * 0.88  # 12-20 % grey
    got = words(page, (lx0 + 3, ly0 + 3, lx1 - 2, ly1 - 2))
    assert " ".join(w for w, _ in got) == C.LABEL_SSN
    sig = _cell(page, anchors["line:signature"][1])
    if block == "two":  # two label|value pairs in a row, sharing its walls
        assert sig[2] in range(lx0 - 1, lx0 + 2) and abs(sig[1] - vy0) <= 2
    else:  # the rows one under the other, the signature's first
        assert abs(sig[3] - vy0) <= 2 and sig[0] == vx0
    # the address is one taller row, its three writing lines with no rules between them
    addr = _cell(page, anchors["line:addr2"][1])
    assert all(addr[1] < anchors[f"line:addr{i}"][1][1] < anchors[f"line:addr{i}"][1][3]
               < addr[3] for i in (1, 2, 3))
    assert addr[3] - addr[1] > 2 * (vy1 - vy0)


@pytest.mark.parametrize("lines,headings", [("stacked3", "abbrev"), ("stacked2", "full")])
def test_table_headings_stacked_on_centred_lines_inside_a_boxed_grid(lines, headings):
    ts = replace(BASE, table_style="grid", head_lines=lines,
                 headings=C.HEADING_SETS[headings])
    page, _, anchors = _page_with(ts, "cell:0:1")
    for col in (1, 4):
        cx0, cy0, cx1, _ = anchors[f"cell:0:{col}"][1]
        got = words(page, (cx0, cy0 - T.px(0.85), cx1, cy0 - T.px(0.05)))
        heading = C.HEADING_SETS[headings][col]
        assert " ".join(w for w, _ in got) == heading, got
        tops = sorted({b[1] // 10 for _, b in got})
        assert len(tops) >= 2  # on more than one line
        mid = (cx0 + cx1) / 2
        for _, b in got:  # each line centred in its column
            line = [bb for _, bb in got if abs(bb[1] - b[1]) < 10]
            centre = (min(bb[0] for bb in line) + max(bb[2] for bb in line)) / 2
            assert abs(centre - mid) < T.px(0.08)


def test_a_set_records_each_axis_and_the_held_out_family(tmp_path):
    G.generate_set(tmp_path, 1, 4, formats=["tiff-g4"], held_out="only",
                   overrides={0: dict(scenario="notice")})  # one page is enough
    meta = json.loads((tmp_path / "truth" / "0001.tif.json").read_text())["meta"]
    assert meta["held_out"] is True and meta["family"] == "heldout"
    assert {k: meta["layout"][k] for k in L.HELD_OUT} == L.HELD_OUT
    assert set(L.AXES) <= set(meta["layout"])


def test_the_held_out_familys_conventions_are_used_by_no_other_typeset():
    drawn = [L.draw(random.Random(i), "varied") for i in range(200)]
    assert L.HELD_OUT == {"label_place": "over-box", "table_style": "underlined-heads",
                          "checkbox": "brace"}
    for axis, value in L.HELD_OUT.items():
        assert all(getattr(ts, axis) != value for ts in drawn)
        assert all(getattr(ts, axis) != value for ts in T.TYPESETS.values())
    # and the held-out family draws nothing else on those axes, its others as varied does
    held = [L.draw(random.Random(i), L.HELD_OUT_FAMILY) for i in range(40)]
    assert all(getattr(ts, a) == v for ts in held for a, v in L.HELD_OUT.items())
    assert len({ts.font_family for ts in held}) > 3 and {ts.block for ts in held} == \
        {"one", "two"}
    # while every other value of those axes is drawn
    assert {ts.label_place for ts in drawn} == set(L.LABEL_PLACES_VARIED)
    assert {ts.table_style for ts in drawn} == set(L.TABLE_STYLES_VARIED)
    assert {ts.checkbox for ts in drawn} == set(L.CHECKBOXES_VARIED)


def _dark(page, box) -> float:
    """Share of dark pixels in ``box``."""
    import numpy as np
    a = np.asarray(page.crop(box))
    return float((a < 128).mean())


@pytest.mark.parametrize("style", ["grid", "rules", "unruled", "underscores", "dotted",
                                   "zebra", "ledger"])
def test_table_drawn_in_each_style(style):
    page, _, anchors = _page_with(replace(BASE, table_style=style), "cell:0:0")
    x0, y0, x1, y1 = anchors["cell:0:1"][1]
    left_wall = (x0 - T.px(0.06), y0 + 8, x0 - T.px(0.01), y1 - 8)  # between cells 0 and 1
    above = (x0 + 10, y0 - T.px(0.05), x1 - 10, y0 - T.px(0.01))  # the rule over row 0
    under = (x0 + 10, y1 + 1, x1 - T.px(0.2), y1 + T.px(0.07))  # a cell's own underline
    wall, rule, line = _dark(page, left_wall), _dark(page, above), _dark(page, under)
    if style == "grid":
        assert wall > 0.1 and rule > 0.1
    elif style == "rules":
        assert wall == 0 and rule > 0.1
    elif style == "unruled":
        assert wall == 0 and rule == 0 and line == 0
    elif style == "underscores":
        assert wall == 0 and rule == 0 and line > 0.05
    elif style == "dotted":  # broken rules, lighter than solid ones
        assert 0.02 < wall < 0.6 and 0.02 < rule < 0.6
    elif style == "zebra":  # no walls, no rules; the dark heading band over the first row
        assert wall == 0 and line == 0 and rule > 0.1
    else:  # ledger: walls, the (double) rule under the headings, no rule between rows
        between = (x0 + 10, y1 - T.px(0.02), x1 - 10, y1 + T.px(0.05))
        assert wall > 0.1 and rule > 0.1 and line == 0 and _dark(page, between) == 0
    # the headings stand above the first row whatever the style (white on dark: read so)
    cx0, _, cx1, _ = anchors["cell:0:0"][1]
    shown = ImageOps.invert(page) if style == "zebra" else page
    got = words(shown, (cx0 + T.px(0.03), y0 - T.px(0.3), cx1 - T.px(0.03), y0 - T.px(0.07)),
                psm=7)
    assert " ".join(w for w, _ in got) == "GRANT DATE"


def test_zebra_table_headings_reversed_and_rows_shaded_by_turns():
    import numpy as np
    ts = replace(BASE, table_style="zebra", rows=5)
    page, _, anchors = _page_with(ts, "cell:0:0")
    first, last = anchors["cell:0:0"][1], anchors["cell:4:4"][1]
    band = np.asarray(page.crop((first[0], first[1] - T.px(0.3), last[2],
                                 first[1] - T.px(0.06))))
    assert np.median(band) <= 255 * 0.2  # the heading row black or 80 % grey at least
    assert (band > 200).mean() > 0.03  # and its headings in white
    for r in range(5):
        x0, y0, x1, y1 = anchors[f"cell:{r}:1"][1]
        shade = _grey(page, (x0, y0, x1, y1))
        # the first row shaded 10-15 %, the next white, and so on; nothing dark in any
        assert (255 * 0.85 <= shade <= 255 * 0.9) if r % 2 == 0 else shade == 255
        gap = (x0 - T.px(0.06), y0, x0 - T.px(0.01), y1)  # where a wall would stand
        assert _dark(page, gap) == 0 and _dark(page, (x0, y0, x1, y1)) == 0


def test_the_earlier_held_out_families_conventions_are_drawn_as_varied_ones():
    drawn = [L.draw(random.Random(i), "varied") for i in range(320)]
    assert {"caption", "cells", "comb", "leader", "after", "prose", "numbered",
            "reverse", "tabbed", "dropout", "inline", "side-strip", "shared-rule",
            "open", "combined", "questions", "hinted", "framed", "banded",
            "hanging"} <= \
        {ts.label_place for ts in drawn}
    assert {"dotted", "zebra", "ledger", "transposed", "records", "two-tier",
            "rotated-heads", "lettered", "cards", "sentences", "lines",
            "row-captions", "spanned-heads", "example-row", "cents-rule", "tick-comb",
            "placeholder", "apart", "knockout", "three-rule"} <= \
        {ts.table_style for ts in drawn}
    assert {"parens", "shaded", "yes-no", "margin", "two-box", "initials",
            "strike-out", "write-in", "bubble", "alternatives", "code",
            "yes-no-columns", "in-sentence", "check-cell", "sample-mark", "corners",
            "shadowed", "rounded", "tile", "cup"} <= {ts.checkbox for ts in drawn}


# the fifth to the twentieth held-out families' conventions, promoted to the varied family
FIFTH = {"label_place": "after", "table_style": "records", "checkbox": "two-box"}
SIXTH = {"label_place": "prose", "table_style": "two-tier", "checkbox": "initials"}
SEVENTH = {"label_place": "numbered", "table_style": "rotated-heads",
           "checkbox": "strike-out"}
EIGHTH = {"label_place": "reverse", "table_style": "lettered", "checkbox": "write-in"}
NINTH = {"label_place": "tabbed", "table_style": "cards", "checkbox": "bubble"}
TENTH = {"label_place": "dropout", "table_style": "sentences", "checkbox": "alternatives"}
ELEVENTH = {"label_place": "inline", "table_style": "lines", "checkbox": "code"}
TWELFTH = {"label_place": "side-strip", "table_style": "row-captions",
           "checkbox": "yes-no-columns"}
THIRTEENTH = {"label_place": "shared-rule", "table_style": "spanned-heads",
              "checkbox": "in-sentence"}
FOURTEENTH = {"label_place": "open", "table_style": "example-row",
              "checkbox": "check-cell"}
FIFTEENTH = {"label_place": "combined", "table_style": "cents-rule",
             "checkbox": "sample-mark"}
SIXTEENTH = {"label_place": "questions", "table_style": "tick-comb", "checkbox": "corners"}
SEVENTEENTH = {"label_place": "hinted", "table_style": "placeholder",
               "checkbox": "shadowed"}
EIGHTEENTH = {"label_place": "framed", "table_style": "apart", "checkbox": "rounded"}
NINETEENTH = {"label_place": "banded", "table_style": "knockout", "checkbox": "tile"}
TWENTIETH = {"label_place": "hanging", "table_style": "three-rule", "checkbox": "cup"}


def _drawn_with_stages(monkeypatch, stages: int) -> list:
    """Both families' draws of 1500 seeds with the first ``stages`` promotions only, the
    varied values of later ones left out."""
    ends = {a: L.STAGES[stages][a] if stages < len(L.STAGES) else len(v)
            for a, v in L._VARIED.items()}
    monkeypatch.setattr(L, "_VARIED", {a: v[:ends[a]] for a, v in L._VARIED.items()})
    monkeypatch.setattr(L, "STAGES", L.STAGES[:stages])
    return [L.draw(random.Random(i), family) for i in range(1500)
            for family in ("varied", L.HELD_OUT_FAMILY)]


@pytest.mark.parametrize("stage,family", [(1, FIFTH), (2, SIXTH), (3, SEVENTH),
                                          (4, EIGHTH), (5, NINTH), (6, TENTH),
                                          (7, ELEVENTH), (8, TWELFTH), (9, THIRTEENTH),
                                          (10, FOURTEENTH), (11, FIFTEENTH),
                                          (12, SIXTEENTH), (13, SEVENTEENTH),
                                          (14, EIGHTEENTH), (15, NINETEENTH),
                                          (16, TWENTIETH)])
def test_promoting_a_family_left_a_seeds_other_draws_as_they_were(monkeypatch, stage,
                                                                  family):
    assert {a: L._VARIED[a][L.STAGES[stage][a]] for a in family} == family
    # the draw as it was once the family was promoted, and as it was before: its stage
    # left out
    new = _drawn_with_stages(monkeypatch, stage + 1)
    shares = {a: 1 / len(v) for a, v in L._VARIED.items()}
    old = _drawn_with_stages(monkeypatch, stage)
    taken = {axis: 0 for axis in family}
    for n, o in zip(new[::2], old[::2]):  # varied: the same but where its value is taken
        an, ao = L.axes(n), L.axes(o)
        differ = {a for a in an if an[a] != ao[a]}
        assert differ <= set(family) and all(an[a] == family[a] for a in differ)
        for a in family:
            taken[a] += getattr(n, a) == family[a]
            assert getattr(o, a) != family[a]
    # each of its values drawn as often as any other value of its axis
    for axis, share in shares.items():
        assert abs(taken[axis] / 1500 - share) < 0.03, (axis, taken[axis] / 1500, share)
    assert new[1::2] == old[1::2]  # and the held-out family's draws are unchanged


def test_the_draw_with_every_stage_is_the_varied_familys_draw(monkeypatch):
    now = [L.draw(random.Random(i), "varied") for i in range(200)]
    assert _drawn_with_stages(monkeypatch, len(L.STAGES))[:400:2] == now


@pytest.mark.parametrize("style", ["square", "circle", "text", "underline", "parens",
                                   "shaded", "yes-no", "margin", "two-box"])
def test_checkbox_drawn_in_each_style(style):
    page, (x0, y0, x1, y1), anchors = _page_with(replace(BASE, checkbox=style),
                                                 "box:tender")
    if style == "two-box":  # two empty squares, YES after the first and NO after the other
        nx0, ny0, nx1, ny1 = anchors["no:tender"][1]
        assert x1 < nx0 and (ny0, ny1) == (y0, y1) and x0 == T.px(BASE.margin_in)
        for bx0, by0, bx1, by1 in ((x0, y0, x1, y1), (nx0, ny0, nx1, ny1)):
            assert _walls(page, (bx0, by0, bx1, by1))
            assert _grey(page, (bx0 + 4, by0 + 4, bx1 - 3, by1 - 3)) == 255
        yes = words(page, (x1 + 2, y0 - 6, nx0 - 4, y1 + 6), psm=7)
        no = words(page, (nx1 + 2, y0 - 6, nx1 + T.px(0.4), y1 + 6), psm=7)
        assert [w for w, _ in yes] == ["YES"] and [w for w, _ in no] == ["NO"]
        sentence = words(page, (nx1 + T.px(0.4), y0 - 6, T.PAGE_W - T.px(0.3), y1 + 6),
                         psm=7)
        assert [w.replace("|", "I") for w, _ in sentence][:3] == ["Yes,", "I", "wish"]
        return
    if style == "margin":  # a square at the right margin, a leader from the sentence to it
        assert x1 == T.PAGE_W - T.px(BASE.margin_in) and _walls(page, (x0, y0, x1, y1))
        assert _grey(page, (x0 + 4, y0 + 4, x1 - 3, y1 - 3)) == 255
        left = T.px(BASE.margin_in)
        start = _leader_start(page, left, x0 - 4, y0 - 4, y1 + 2)
        _leader_dots(page, start, x0 - 4, y0 - 4, y1 + 2)
        # the sentence's last word just before the dots, on the box's line
        got = words(page, (left - 6, y0 - 6, start - 2, y1 + 6), psm=7)
        assert [w for w, _ in got][-1:] == C.parse_form().tender_text.split()[-1:], got
        assert start - max(b[2] for _, b in got) < T.px(0.25)
        # the sentence's lines above stop short of the box's column
        column = (x0 - T.px(0.3), y0 - T.px(0.6), T.PAGE_W, y0 - 4)
        assert _dark(page, column) == 0
        return
    if style == "yes-no":  # the words to circle: the box is YES's, NO beside it
        nx0, ny0, nx1, ny1 = anchors["no:tender"][1]
        assert x1 < nx0 and ny0 == y0
        assert [w for w, _ in words(page, (x0, y0, x1, y1), psm=7)] == ["YES"]
        assert [w for w, _ in words(page, (nx0, ny0, nx1, ny1), psm=7)] == ["NO"]
        sentence = words(page, (nx1 + 4, y0 - 6, T.PAGE_W - T.px(0.3), y1 + 6), psm=7)
        assert [w.replace("|", "I") for w, _ in sentence][:3] == ["Yes,", "I", "wish"]
        return
    if style in ("text", "parens"):
        got = words(page, (x0 - 6, y0 - 4, x1 + 6, y1 + 4), psm=7)
        assert "".join(w for w, _ in got).replace(" ", "") in ({"text": "[]"}[style]
                                                                if style == "text"
                                                                else "()"), got
        return
    inside = (x0 + (x1 - x0) // 3, y0 + (y1 - y0) // 3, x1 - (x1 - x0) // 3,
              y1 - (y1 - y0) // 3)
    assert _dark(page, inside) == 0  # empty inside
    # white inside, or (shaded) light grey: 15-25 %, never dark
    grey = _grey(page, inside)
    assert (255 * 0.75 <= grey <= 255 * 0.85) if style == "shaded" else grey == 255
    if style == "underline":
        assert _dark(page, (x0, y1 - 3, x1, y1 + 3)) > 0.2
    else:
        assert _dark(page, (x0, y0, x1, y1)) > 0.05
        corner = _dark(page, (x0, y0, x0 + 4, y0 + 4))
        # a square's corners are black, a circle leaves its corners white
        assert (corner > 0.3) == (style in ("square", "shaded"))
    if style == "shaded":  # its outline thin: one step in is the grey already
        assert abs(_grey(page, (x0 + 3, y0 + 3, x1 - 3, y1 - 3)) - grey) <= 8


def test_checkbox_after_its_sentence_ends_the_sentence():
    ts = replace(BASE, checkbox_side="after", tender_text=C.TENDER_WORDINGS[1])
    page, (x0, y0, x1, y1), _ = _page_with(ts, "box:tender")
    assert x0 > T.px(BASE.margin_in) + T.px(0.5)
    got = words(page, (T.px(0.3), y0 - 6, x0 - 2, y1 + 6), psm=7)
    assert " ".join(w for w, _ in got).endswith("August 28, 2002.")


@pytest.mark.parametrize("wording", [1, 2, 3])
def test_checkbox_sentence_reworded(wording):
    ts = replace(BASE, tender_text=C.TENDER_WORDINGS[wording],
                 additional_text=C.ADDITIONAL_WORDINGS[wording])
    for key, text in (("box:tender", C.TENDER_WORDINGS[wording]),
                      ("box:additional", C.ADDITIONAL_WORDINGS[wording])):
        page, (x0, y0, x1, y1), _ = _page_with(ts, key)
        got = words(page, (x1 + 4, y0 - 6, T.PAGE_W - T.px(0.3), y1 + 6), psm=7)
        first = text.split()[:4]
        assert [w.replace("|", "I") for w, _ in got][:4] == first, got


def test_labels_reworded():
    labels = ("Signature of Option Holder", "Social Security No.", "Print Name",
              "Date/Time", "Home Address")
    ts = replace(BASE, labels=labels, label_place="below")
    for key, label in zip(C.LABEL_KEYS, labels):
        line = "line:addr3" if key == "address" else f"line:{key}"
        page, (x0, y0, x1, y1), _ = _page_with(ts, line)
        got = words(page, (x0 - 6, y1 + 2, x1, y1 + T.px(0.3)), psm=7)
        assert " ".join(w for w, _ in got) == label


def test_tender_sentence_on_page_two_and_signature_block_on_a_page_of_its_own():
    ts = replace(BASE, tender_page=2, signature_page="next")
    pages, anchors = T.election_form(ts)
    assert len(pages) == 7
    assert anchors["box:tender"][0] == 1 and anchors["cell:0:0"][0] == 1
    assert anchors["line:name"][0] == 2 and anchors["line:addr1"][0] == 2
    x0, y0, x1, y1 = anchors["box:tender"][1]
    got = words(pages[1], (x1 + 4, y0 - 6, T.PAGE_W - T.px(0.3), y1 + 6), psm=7)
    assert [w.replace("|", "I") for w, _ in got][:2] == ["Yes,", "I"]
    bottom = words(pages[2], (T.PAGE_W // 2 - 100, T.PAGE_H - T.px(0.7), T.PAGE_W // 2 + 100,
                              T.PAGE_H - T.px(0.3)), psm=7)
    assert [w for w, _ in bottom] == ["3"]
    assert not [k for k, v in anchors.items() if v[0] == 0]  # page 1: no box, no line


@pytest.mark.parametrize("family", ["liberation-serif", "nimbus-sans", "c059", "free-serif",
                                    "urw-bookman"])
def test_fonts_beyond_dejavu(family):
    used, regular, bold = L.font_files(family)
    if used != family:
        pytest.skip(f"{family} not installed (its package is in scripts/setup.sh)")
    ts = replace(BASE, font=regular, bold=bold, font_family=family, label_place="above")
    page, (x0, y0, x1, y1), _ = _page_with(ts, "line:ssn")
    got = words(page, (x0 - 6, y0 - T.px(0.4), x1, y0 + 2))
    assert " ".join(w for w, _ in got) == C.LABEL_SSN


def test_a_missing_font_falls_back_to_dejavu_of_its_kind(monkeypatch):
    monkeypatch.setitem(L.FONT_FAMILIES, "c059", ("/nonexistent/C059.otf",
                                                  "/nonexistent/C059-Bold.otf", "serif"))
    assert L.font_files("c059") == ("dejavu-serif",) + L.FONT_FAMILIES["dejavu-serif"][:2]
    ts = L.draw(random.Random(0), "varied")
    assert ts.font_family in L.FONT_FAMILIES and T.font(ts.font, 20)


def test_a_grant_number_column_before_the_five_and_its_heading():
    ts = replace(BASE, grant_no_heading="Grant No.", table_style="grid")
    page, _, anchors = _page_with(ts, "cell:0:0")
    no, date = anchors["cell:0:no"][1], anchors["cell:0:0"][1]
    assert no[2] < date[0]  # the grant number's column stands left of the grant date's
    got = words(page, (no[0] + T.px(0.03), no[1] - T.px(0.3), no[2] - T.px(0.03),
                       no[1] - T.px(0.07)), psm=7)
    assert " ".join(w for w, _ in got) == "Grant No."
    assert sorted(k for k in anchors if k.startswith("cell:0:")) == \
        ["cell:0:0", "cell:0:1", "cell:0:2", "cell:0:3", "cell:0:4", "cell:0:no"]


@pytest.mark.parametrize("label,text", [("page-of", "Page 2 of 7"),
                                        ("titled", "Election Form \u2013 Page 2"),
                                        ("none", "")])
def test_page_labels(label, text):
    pages, _ = T.election_form(replace(BASE, page_label=label, signature_page="next"))
    got = words(pages[1], (T.px(0.3), T.PAGE_H - T.px(0.7), T.PAGE_W - T.px(0.3),
                           T.PAGE_H - T.px(0.3)), psm=7)
    assert " ".join(w for w, _ in got).replace("-", "\u2013") == text


def _walls(page, box) -> bool:
    """All four sides of ``box`` printed (dark at their middles)."""
    import numpy as np
    a = np.asarray(page) < 128
    x0, y0, x1, y1 = box
    xm, ym = (x0 + x1) // 2, (y0 + y1) // 2
    return all(a[y - 2:y + 3, xm].any() for y in (y0, y1)) and \
        all(a[ym, x - 2:x + 3].any() for x in (x0, x1))


@pytest.mark.parametrize("block", ["one", "two"])
def test_comb_label_small_above_a_row_of_character_boxes(block):
    ts = replace(BASE, label_place="comb", block=block)
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "line:ssn")
    got = words(page, (x0 - 5, y0 - T.px(0.25), x0 + T.px(3), y0 - 2), psm=7)
    assert " ".join(w for w, _ in got) == C.LABEL_SSN
    assert max(b[3] - b[1] for _, b in got) < T.px(0.12)  # smaller than the body's
    # the SSN's boxes: 3-2-4, a box's room left for each printed hyphen between groups
    cells = anchors["comb:ssn"][1]
    assert len(cells) == 9 and all(_walls(page, c) for c in cells)
    gaps = [b[0] - a[2] for a, b in zip(cells, cells[1:])]
    pitch = cells[0][2] - cells[0][0]
    assert [i for i, g in enumerate(gaps) if g] == [2, 4] and {g for g in gaps if g} == {pitch}
    for i in (2, 4):  # the hyphen: ink in the middle of the gap, nothing at its top
        gx0, gx1 = cells[i][2], cells[i + 1][0]
        assert _dark(page, (gx0 + 4, y0 + T.px(0.12), gx1 - 4, y1 - T.px(0.12))) > 0.05
        assert _dark(page, (gx0 + 4, y0 + 3, gx1 - 4, y0 + T.px(0.08))) == 0
    # the name's row runs across the text's width, one box for each character
    name = anchors["comb:name"][1]
    assert len(name) >= 25 and all(c[1] == name[0][1] for c in name)
    assert all(_walls(page, c) for c in name[::6])
    # the signature: one open box, no character boxes
    sx0, sy0, sx1, sy1 = anchors["line:signature"][1]
    assert "comb:signature" not in anchors and _dark(page, (sx0, sy0, sx1, sy1)) == 0
    assert [len(anchors[f"comb:addr{i}"][1]) for i in (1, 2, 3)] == [len(name)] * 3
    if block == "two":  # the signature and the SSN side by side
        assert anchors["line:signature"][1][2] < x0 and abs(sy1 - y1) < T.px(0.3)


def test_ledger_rows_numbered_in_a_first_column_that_is_no_field():
    ts = replace(BASE, table_style="ledger", rows=4, grant_no_heading="Grant No.")
    page, _, anchors = _page_with(ts, "cell:0:0")
    first = anchors["cell:0:no"][1]
    assert sorted(k for k in anchors if k.startswith("cell:0:")) == \
        ["cell:0:0", "cell:0:1", "cell:0:2", "cell:0:3", "cell:0:4", "cell:0:no"]
    top, bottom = first[1], anchors["cell:3:no"][1][3]
    numbers = words(page, (T.px(BASE.margin_in) + 4, top, first[0] - T.px(0.03), bottom + 4))
    assert [w for w, _ in numbers] == ["1.", "2.", "3.", "4."]
    # the number column's wall and the others stand upright all the way down
    assert _dark(page, (first[0] - T.px(0.07), top, first[0] - T.px(0.02), bottom)) > 0.1


def _leader_start(page, x0: int, x1: int, y0: int, y1: int) -> int:
    """Where the row of dots that ends at ``x1`` begins: the first of the narrow marks on
    one pitch counted back from the right."""
    import numpy as np
    cols = (np.asarray(page.crop((x0, y0, x1, y1))) < 128).any(axis=0)
    edges = np.flatnonzero(np.diff(np.r_[0, cols.astype(int), 0]))
    runs = list(zip(edges[::2], edges[1::2]))[::-1]
    pitch = runs[0][0] - runs[1][0]
    n = 1
    while n < len(runs) and runs[n][1] - runs[n][0] <= T.px(0.04) and \
            abs(runs[n - 1][0] - runs[n][0] - pitch) <= 3:
        n += 1
    return x0 + int(runs[n - 1][0])


def _leader_dots(page, x0: int, x1: int, y0: int, y1: int) -> None:
    """Between ``x0`` and ``x1`` in the band ``y0..y1``: a row of small dots on one
    pitch, nothing else (no rule, no letter)."""
    import numpy as np
    a = np.asarray(page.crop((x0, y0, x1, y1))) < 128
    cols = a.any(axis=0)
    edges = np.flatnonzero(np.diff(np.r_[0, cols.astype(int), 0]))
    runs = list(zip(edges[::2], edges[1::2]))
    assert len(runs) >= (x1 - x0) // T.px(0.2), runs
    assert max(e - s for s, e in runs) <= T.px(0.04)  # dots, not dashes or a rule
    pitches = {b[0] - a_[0] for a_, b in zip(runs, runs[1:])}
    assert max(pitches) - min(pitches) <= 3  # on one pitch
    rows = a.any(axis=1)
    assert rows.sum() <= T.px(0.04)  # and low: full stops


@pytest.mark.parametrize("block", ["one", "two"])
def test_leader_label_then_a_row_of_full_stops_to_write_on(block):
    ts = replace(BASE, label_place="leader", block=block)
    pages, anchors = T.election_form(ts)
    pi, (x0, y0, x1, y1) = anchors["line:ssn"]
    page = pages[pi]
    left = T.px(BASE.margin_in)
    # the label ends on the leader's line, left of the writing room; the dots run on
    column = left if block == "one" else left + int((T.PAGE_W - 2 * left) * 0.56)
    label = words(page, (column - 6, y1 - T.px(0.3 if block == "one" else 0.5), x0 - 2,
                         y1 + 8))
    assert " ".join(w for w, _ in label) == C.LABEL_SSN, label
    assert max(b[3] for _, b in label) in range(y1 - 4, y1 + 6)  # on the one baseline
    _leader_dots(page, x0 + T.px(0.1), x1, y1 - T.px(0.06), y1 + 3)
    assert _dark(page, (x0, y0, x1, y1 - T.px(0.07))) == 0  # room to write above them
    # no rule anywhere in the signature block: its lines are the dots alone
    import numpy as np
    sig = np.asarray(page.crop((left, anchors["line:signature"][1][1], T.PAGE_W - left,
                                anchors["line:addr3"][1][3] + 4))) < 128
    assert max(np.diff(np.flatnonzero(np.diff(np.r_[0, r.astype(int), 0])))[::2].max(
        initial=0) for r in sig) < T.px(0.15)
    # labels of different lengths: the leaders start at different places
    starts = {anchors[f"line:{k}"][1][0] for k in ("signature", "name", "datetime")}
    assert len(starts) == 3
    # the address's further lines are leaders alone, their dots under the first line's
    a1, a2 = anchors["line:addr1"][1], anchors["line:addr2"][1]
    assert a2[0] <= a1[0] and a2[1] - a1[1] == T.px(0.42)
    _leader_dots(page, a2[0] + T.px(0.05), a2[2], a2[3] - T.px(0.06), a2[3] + 3)
    if block == "two":  # a row's two leaders stand on one baseline, its labels broken
        signature = anchors["line:signature"][1]
        assert signature[3] == y1 and signature[2] < x0
        nx0, _, _, ny1 = anchors["line:name"][1]
        assert anchors["line:datetime"][1][3] == ny1
        got = words(page, (left - 6, ny1 - T.px(0.5), nx0 - 2, ny1 + 8))
        assert " ".join(w for w, _ in got) == C.LABEL_NAME  # broken in two lines
        assert len({b[1] // 10 for _, b in got}) == 2


def test_transposed_table_a_grant_to_each_column_a_field_to_each_row():
    ts = replace(BASE, table_style="transposed", rows=6, margin_in=1.15,
                 total_label="TOTAL", grant_no_heading="Grant No.")
    page, _, anchors = _page_with(ts, "cell:0:0")
    left = T.px(1.15)
    cell = {k: v[1] for k, v in anchors.items() if k.startswith("cell:")}
    assert {k for k in cell if not k.startswith("cell:total")} == \
        {f"cell:{r}:{c}" for r in range(6) for c in (0, 1, 2, 3, 4, "no")}
    # six grants and a total do not fit across 6.2 in: four columns in each of two bands
    for r in range(6):
        band, col = divmod(r, 4)
        assert cell[f"cell:{r}:0"][0] == cell[f"cell:{col}:0"][0]
        if col:  # a grant's column right of the one before it, the same rows
            assert cell[f"cell:{r}:0"][0] > cell[f"cell:{r - 1}:0"][2]
            assert cell[f"cell:{r}:4"][1] == cell[f"cell:{r - 1}:4"][1]
    assert cell["cell:4:0"][1] > cell["cell:3:4"][3]  # the second band under the first
    fields = ["no", 0, 1, 2, 3, 4]
    for r in (0, 4):
        # the fields down the column, their headings in a stub on the left of each band
        ys = [cell[f"cell:{r}:{c}"][1] for c in fields]
        assert ys == sorted(ys)
        for c, heading in zip(fields, ("Grant No.",) + C.TABLE_HEADINGS):
            x0, y0, x1, y1 = cell[f"cell:{r}:{c}"]
            got = words(page, (left + 4, y0 - 4, x0 - T.px(0.06), y1 + 4))
            assert " ".join(w for w, _ in got) == heading, got
        # each grant's column headed with its number, the headings no field
        for k in range(r, min(r + 4, 6)):
            x0, y0, x1, _ = cell[f"cell:{k}:no"]
            got = words(page, (x0, y0 - T.px(0.3), x1, y0 - T.px(0.05)), psm=7)
            assert [w for w, _ in got] == ["GRANT", str(k + 1)]
    # every cell ruled round: the walls stand just outside its anchor
    for k, (x0, y0, x1, y1) in cell.items():
        wx0, wy0, wx1, wy1 = _cell(page, (x0, y0, x1, y1))
        assert x0 - T.px(0.06) <= wx0 < x0 and x1 < wx1 <= x1 + T.px(0.06), k
        assert y0 - T.px(0.05) <= wy0 < y0 and y1 < wy1 <= y1 + T.px(0.05), k
    # the total: a last column of the last band, one cell, in the tendered row
    tx0, ty0, tx1, ty1 = cell["cell:total"]
    assert ty0 == cell["cell:5:4"][1] and tx0 > cell["cell:5:4"][2]
    got = words(page, (tx0, cell["cell:5:no"][1] - T.px(0.3), tx1,
                       cell["cell:5:no"][1] - T.px(0.05)), psm=7)
    assert [w for w, _ in got] == ["TOTAL"]
    assert _dark(page, (tx0, cell["cell:5:no"][1], tx1, cell["cell:5:3"][3])) == 0


def test_two_boxes_after_their_sentence():
    ts = replace(BASE, checkbox="two-box", checkbox_side="after",
                 tender_text=C.TENDER_WORDINGS[1])
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "box:tender")
    nx0, _, nx1, _ = anchors["no:tender"][1]
    assert x0 > T.px(BASE.margin_in) + T.px(0.5) and x1 < nx0
    got = words(page, (T.px(0.3), y0 - 6, x0 - 2, y1 + 6), psm=7)
    assert " ".join(w for w, _ in got).endswith("August 28, 2002.")
    assert [w for w, _ in words(page, (nx1 + 2, y0 - 6, nx1 + T.px(0.4), y1 + 6),
                                psm=7)] == ["NO"]


@pytest.mark.parametrize("block", ["one", "two"])
def test_after_label_right_of_its_writing_line_on_the_same_line(block):
    ts = replace(BASE, label_place="after", block=block)
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "line:ssn")
    left = T.px(BASE.margin_in)
    # the line first: a rule from the column's start to the anchor's end, nothing on it
    assert _dark(page, (x0, y1 - 1, x1, y1 + 2)) > 0.9
    assert _dark(page, (x0, y0, x1, y1 - T.px(0.03))) == 0
    # then its label, in parentheses, in small type, standing on the line to its right
    got = words(page, (x1 + 2, y1 - T.px(0.25), T.PAGE_W - left + 4, y1 + T.px(0.25)))
    assert " ".join(w for w, _ in got) == f"({C.LABEL_SSN})", got
    assert min(b[0] for _, b in got) - x1 < T.px(0.15)
    top = min(b[1] for _, b in got)  # its first line on the line's level, any more under
    assert all(abs(b[3] - y1) < T.px(0.06) if b[1] < top + 10 else b[1] > y1 - 4
               for _, b in got)
    assert max(b[3] - b[1] for _, b in got) < T.px(0.12)  # smaller than the body's
    # nothing printed under the line or left of it: no label below, above or before
    assert _dark(page, (x0, y1 + T.px(0.04), x1, y1 + T.px(0.16))) == 0
    assert _dark(page, (left - T.px(0.2), y0, x0 - 2, y1 + 2)) == 0 or block == "two"
    if block == "two":  # the signature's line and label on its left, on one baseline
        sx0, _, sx1, sy1 = anchors["line:signature"][1]
        assert sy1 == y1 and sx1 < x0 and sx0 == left
    # the address's further lines are bare rules under the first, as long
    a1, a2, a3 = (anchors[f"line:addr{i}"][1] for i in (1, 2, 3))
    assert a1[0] == a2[0] == a3[0] and a1[2] == a2[2] == a3[2]
    got = words(page, (a1[2] + 2, a1[3] - T.px(0.25), T.PAGE_W - left + 4, a1[3] + T.px(0.1)),
                psm=7)
    assert " ".join(w for w, _ in got) == f"({C.LABEL_ADDRESS})"
    for a in (a2, a3):
        assert _dark(page, (a[0], a[3] - 1, a[2], a[3] + 2)) > 0.9
        assert _dark(page, (a[2] + 4, a[1], T.PAGE_W - left, a[3] + T.px(0.1))) == 0
    # a label with parentheses of its own keeps them and gets none round it
    ts = replace(ts, labels=C.LABELS[:2] + ("Name of Option Holder (please print)",)
                 + C.LABELS[3:])
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "line:name")
    end = min([b[0] for k, (_, b) in anchors.items() if k.startswith("line:")
               and b[3] == y1 and b[0] > x1] + [T.PAGE_W - left + 4])  # a column's end
    got = words(page, (x1 + 2, y1 - T.px(0.25), end - 4, y1 + T.px(0.25)))
    assert " ".join(w for w, _ in got) == "Name of Option Holder (please print)", got


def test_records_a_block_to_each_grant_its_fields_labelled_rules():
    ts = replace(BASE, table_style="records", rows=4, grant_no_heading="Grant No.",
                 total_label="TOTAL", headings=C.HEADING_SETS["title"])
    page, _, anchors = _page_with(ts, "cell:0:0")
    left = T.px(BASE.margin_in)
    cell = {k: v[1] for k, v in anchors.items() if k.startswith("cell:")}
    fields = ["no", 0, 1, 2, 3, 4]
    assert set(cell) == {f"cell:{r}:{c}" for r in range(4) for c in fields} | {"cell:total"}
    for r in range(4):
        block = [cell[f"cell:{r}:{c}"] for c in fields]
        top, bottom = min(b[1] for b in block), max(b[3] for b in block)
        if r:  # each grant's block under the one before
            assert top >= max(cell[f"cell:{r - 1}:{c}"][3] for c in fields)
        # on two printed lines or three, its fields in the form's order
        baselines = sorted({b[3] for b in block})
        assert 2 <= len(baselines) <= 3
        assert [b[3] for b in block] == sorted(b[3] for b in block)
        # headed "Grant 1", "Grant 2", ... on its first line, left of its fields
        got = words(page, (left - 6, baselines[0] - T.px(0.3), block[0][0] - T.px(0.04),
                           baselines[0] + 8), psm=7)
        assert [w for w, _ in got] == ["Grant", str(r + 1), "Grant", "No."], got
        assert abs(max(b[3] for _, b in got[:2]) - baselines[0]) < T.px(0.06)
        assert got[2][1][0] - got[1][1][2] > T.px(0.2)  # a hanging heading, apart
        if r in (0, 3):  # each field's label just left of its rule, on its line
            for c, label in zip(fields, ("Grant No.",) + C.HEADING_SETS["title"]):
                x0, y0, x1, y1 = cell[f"cell:{r}:{c}"]
                assert _dark(page, (x0, y1 + 2, x1, y1 + 3)) == 1  # the rule
                assert _dark(page, (x0, y0, x1, y1 - T.px(0.04))) == 0  # room above it
                lab = words(page, (max(left - 6, x0 - T.px(3.4)), y1 - T.px(0.25),
                                   x0 - T.px(0.04), y1 + 8), psm=7)
                assert " ".join(w for w, _ in lab).endswith(label), (lab, label)
        assert bottom - top < T.px(1.2)
    # no table: no upright rule anywhere among the records
    import numpy as np
    area = np.asarray(page.crop((left, cell["cell:0:0"][1], T.PAGE_W - left,
                                 cell["cell:3:4"][3]))) < 128
    runs = np.zeros(area.shape[1], int)
    longest = np.zeros_like(runs)
    for row in area:  # the longest upright run of ink in each column
        runs = np.where(row, runs + 1, 0)
        longest = np.maximum(longest, runs)
    assert longest.max() < T.px(0.15)
    # the total: a last labelled rule at the right margin, under the records
    tx0, ty0, tx1, ty1 = cell["cell:total"]
    assert ty0 > cell["cell:3:4"][3] and tx1 > T.PAGE_W - left - T.px(0.05)
    got = words(page, (tx0 - T.px(1.2), ty1 - T.px(0.3), tx0 - T.px(0.04), ty1 + 8), psm=7)
    assert [w for w, _ in got] == ["TOTAL"]


def _sheet_boxes(anchors: dict) -> list:
    """Every writing line's and truth box's bbox among a page's anchors (each of a
    comb's boxes)."""
    return [b for _, bb in anchors.values()
            for b in (bb if isinstance(bb[0], tuple) else (bb,))]


def _sheet_grants(anchors: dict) -> int:
    return len({k.split(":")[1] for k in anchors if k.startswith("cell:")} - {"total"})


def _kept_above_the_bottom_margin(sheet) -> None:
    """The sheet's every writing line and truth box, and all its print, above the
    page's bottom margin, with room for the most grants the filler lists on it."""
    import numpy as np
    (page,), anchors = sheet
    margin = T.PAGE_H - T.px(0.75)
    assert max(b[3] for b in _sheet_boxes(anchors)) <= margin
    # (a rule drawn on the margin's row spreads a pixel or two under it)
    assert not (np.asarray(page)[margin + T.px(0.02):] < 128).any()
    assert _sheet_grants(anchors) >= T.SHEET_GRANTS_MOST


@pytest.mark.parametrize("style", ["records", "two-tier", "transposed"])
def test_a_varied_additional_sheet_stays_above_the_bottom_margin(style):
    drawn = [ts for ts in (L.draw(random.Random(s), "varied") for s in range(5000))
             if ts.table_style == style]
    assert len(drawn) > 200
    for ts in drawn:
        _kept_above_the_bottom_margin(T.additional_sheet(ts))


@pytest.mark.parametrize("family", ["ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                                    "fourteenth", "seventeenth", "eighteenth",
                                    "nineteenth", "twentieth", "held-out"])
def test_a_ninth_to_fifteenth_familys_sheet_set_large_stays_above_its_bottom_margin(
        family):
    ts = replace(BASE, **{"ninth": NINTH, "tenth": TENTH, "eleventh": ELEVENTH,
                          "twelfth": TWELFTH, "thirteenth": THIRTEENTH,
                          "fourteenth": FOURTEENTH, "seventeenth": SEVENTEENTH,
                          "eighteenth": EIGHTEENTH, "nineteenth": NINETEENTH,
                          "twentieth": TWENTIETH, "held-out": L.HELD_OUT}[family],
                 font=T.DEJAVU + "DejaVuSerif.ttf",
                 bold=T.DEJAVU + "DejaVuSerif-Bold.ttf", font_family="dejavu-serif",
                 size_pt=11.5, top_in=1.0, leading=1.45, title_scale=1.25, block="two",
                 headings=C.HEADING_SETS["full"], grant_no_heading="GRANT NUMBER",
                 total_label="TOTAL")
    _kept_above_the_bottom_margin(T.additional_sheet(ts))


def _rule(page, box) -> bool:
    """A rule along the foot of ``box``, and nothing printed in the room over it."""
    x0, y0, x1, y1 = box
    return max(_dark(page, (x0, y, x1, y + 1)) for y in range(y1 - 2, y1 + 3)) > 0.95 and \
        _dark(page, (x0, y0, x1, y1 - T.px(0.03))) == 0


@pytest.mark.parametrize("order,split", [("name-first", False), ("signature-first", True)])
def test_prose_blanks_to_fill_in_a_sentence_and_no_labels(order, split):
    ts = replace(BASE, label_place="prose", block_order=order, datetime_split=split)
    pages, anchors = T.election_form(ts)
    pi = anchors["line:name"][0]
    page = pages[pi]
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    keys = ["signature", "ssn", "name", "addr1", "addr2", "addr3"] + \
        (["date", "time"] if split else ["datetime"])
    lines = {k: anchors[f"line:{k}"][1] for k in keys}
    assert all(anchors[f"line:{k}"][0] == pi for k in keys)
    for k, box in lines.items():
        assert _rule(page, box), k
        assert left <= box[0] and box[2] <= right
    # the words printed before a blank on its line, the words the form's own
    before = {"name": "I," if order == "name-first" else "me,", "ssn": "No.",
              "addr1": "at", "time": "at", "signature": "Signed:"}
    for k, word in before.items():
        if k not in lines:
            continue
        x0, _, _, y1 = lines[k]
        start = max([b[2] + 4 for b in lines.values() if b[3] == y1 and b[2] < x0]
                    + [left - 6])  # past a blank before it on its line
        got = words(page, (start, y1 - T.px(0.3), x0 - 2, y1 + 8), psm=7)
        assert got and got[-1][0].replace("l", "I").lower() == word.lower(), (k, got)
        assert abs(got[-1][1][3] - y1) < T.px(0.06) and x0 - got[-1][1][2] < T.px(0.15)
    # the address's further blanks run across the text's width, one under another
    assert lines["addr2"][0] == lines["addr3"][0] == left
    assert lines["addr3"][3] - lines["addr2"][3] == T.px(T.PROSE_PITCH)
    assert lines["addr1"][2] == lines["addr2"][2] == right
    # the order of the sentences: the name's first, or the signature's
    first = min(keys, key=lambda k: (lines[k][3], lines[k][0]))
    assert first == ("name" if order == "name-first" else "signature")
    # no label under, above or before a blank: nothing printed under the address's
    a3 = lines["addr3"]
    assert _dark(page, (left, a3[3] + T.px(0.05), right, a3[3] + T.px(0.35))) == 0
    # the change notice has the sentences without the address
    _, notice = T.change_notice(ts)
    assert {k for k in notice if k.startswith("line:")} == {f"line:{k}" for k in keys
                                                           if not k.startswith("addr")}


def test_prose_on_the_additional_sheet_a_sentence_over_its_table_one_under():
    ts = replace(BASE, label_place="prose", table_style="two-tier", labels=tuple(
        w.upper() for w in C.LABELS))
    (page,), anchors = T.additional_sheet(ts)
    name, sig, when = (anchors[f"line:{k}"][1] for k in ("name", "signature", "datetime"))
    cells = [v[1] for k, v in anchors.items() if k.startswith("cell:")]
    table_top, table_bottom = min(b[1] for b in cells), max(b[3] for b in cells)
    assert name[3] < table_top and table_bottom < sig[3] <= when[3]
    for box in (name, sig, when):
        assert _rule(page, box)
    left = T.px(BASE.margin_in)
    got = words(page, (name[2] - 2, name[3] - T.px(0.3), T.PAGE_W - left, name[3] + 8),
                psm=7)
    text = " ".join(w for w, _ in got)
    assert text == ", TENDER THE FURTHER GRANTS LISTED BELOW.", text  # in capitals


def _four_grants_cells(anchors, numbered_and_totalled: bool) -> dict:
    """A table's cells for four grants: the five fields of each (and its number), and a
    total; each cell's anchor."""
    cell = {k: v[1] for k, v in anchors.items() if k.startswith("cell:")}
    fields = [0, 1, 2, 3, 4] + (["no"] if numbered_and_totalled else [])
    assert set(cell) == {f"cell:{r}:{c}" for r in range(4) for c in fields} | \
        ({"cell:total"} if numbered_and_totalled else set())
    return cell


@pytest.mark.parametrize("extra", [{}, {"grant_no_heading": "Grant No.",
                                        "total_label": "TOTAL"}])
def test_two_tier_table_each_grant_over_two_ruled_rows(extra):
    ts = replace(BASE, table_style="two-tier", rows=4, **extra)
    page, _, anchors = _page_with(ts, "cell:0:0")
    cell = _four_grants_cells(anchors, bool(extra))
    for r in range(4):
        upper = [cell[f"cell:{r}:{c}"] for c in (0, 1, 2)]
        lower = [cell[f"cell:{r}:{c}"] for c in (3, 4)]
        # the upper row's three fields side by side, the lower's two under them
        assert len({b[1] for b in upper}) == 1 and len({b[1] for b in lower}) == 1
        assert upper[0][3] < lower[0][1] and upper[0][0] == lower[0][0]
        assert upper[-1][2] == lower[-1][2] and upper[0][2] != lower[0][2]
        if r:  # each grant under the one before
            assert upper[0][1] > cell[f"cell:{r - 1}:4"][3]
        for box in upper + lower:  # every cell ruled round, its walls just outside it
            wx0, wy0, wx1, wy1 = _cell(page, box)
            assert box[0] - T.px(0.06) <= wx0 < box[0] and box[2] < wx1 <= box[2] + T.px(0.06)
            assert box[1] - T.px(0.05) <= wy0 < box[1] and box[3] < wy1 <= box[3] + T.px(0.05)
        if extra:  # the grant number's cell runs down both rows at the left
            nx0, ny0, nx1, ny1 = _cell(page, cell[f"cell:{r}:no"])
            assert nx1 < upper[0][0] and ny0 < upper[0][1] and ny1 > lower[0][3]
    # the headings in two tiers, each over its own field's column: going up just inside
    # the table's left wall (or the number column's), the rule under the headings, the
    # lower tier's band, the rule between the tiers, the upper tier's band, the top
    import numpy as np
    x0, y0 = cell["cell:0:0"][:2]
    column = np.asarray(page)[:y0, x0 - 2] < 128
    edges = np.flatnonzero(np.diff(column.astype(int)))[::-1]
    rules = [int(e) for e in edges[1::2][:3]]  # where each dark run ends, going up
    assert len(rules) == 3
    for c in range(5):
        x0, _, x1, _ = cell[f"cell:0:{c}"]
        band = (rules[2] + 4, rules[1] - 4) if c < 3 else (rules[1] + 4, rules[0] - 4)
        got = words(page, (x0, band[0], x1, band[1]))
        assert " ".join(w for w, _ in got) == C.TABLE_HEADINGS[c], (c, got)
    if extra:
        tx0, ty0, tx1, ty1 = cell["cell:total"]
        assert tx0 == cell["cell:3:4"][0] and ty0 > cell["cell:3:4"][3]
        got = words(page, (T.px(BASE.margin_in), ty0 - 4, tx0 - T.px(0.08), ty1 + 4), psm=7)
        assert [w for w, _ in got] == ["TOTAL"]


@pytest.mark.parametrize("side", ["before", "after"])
def test_initials_a_short_line_labelled_initials_by_its_sentence(side):
    ts = replace(BASE, checkbox="initials", checkbox_side=side,
                 tender_text=C.TENDER_WORDINGS[1])
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "box:tender")
    assert "no:tender" not in anchors
    assert _rule(page, (x0, y0, x1, y1)) and x1 - x0 == T.px(T.INITIALS_W)
    got = words(page, (x0 - 10, y1 + 2, x1 + 10, y1 + T.px(0.2)), psm=7)
    assert [w.lower() for w, _ in got] == ["(initials)"], got
    left = T.px(BASE.margin_in)
    if side == "before":
        assert x0 == left
        got = words(page, (x1 + 4, y0 - 6, T.PAGE_W - T.px(0.3), y1 + 6), psm=7)
        assert [w.replace("|", "I") for w, _ in got][:3] == \
            C.TENDER_WORDINGS[1].split()[:3], got
    else:  # after the sentence's last word, on its line
        got = words(page, (T.px(0.3), y0 - 6, x0 - 2, y1 + 6), psm=7)
        assert " ".join(w for w, _ in got).endswith("August 28, 2002.")


@pytest.mark.parametrize("block", ["one", "two"])
def test_numbered_lines_their_labels_in_a_key_over_them(block):
    ts = replace(BASE, label_place="numbered", block=block)
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "line:ssn")
    left = T.px(BASE.margin_in)
    keys = ["signature", "ssn", "name", "datetime", "addr1"]
    lines = {k: anchors[f"line:{k}"][1] for k in keys}
    # the key over the first line: each field's number and its label, in the block's order
    top = min(b[1] for b in lines.values())
    got = words(page, (left - 6, top - T.px(0.75), T.PAGE_W - left + 6, top - 2))
    want = " ".join(f"{n} {label}" for n, label in enumerate(C.LABELS, 1))
    assert " ".join(w for w, _ in got) == want, got
    for n, key in enumerate(keys, 1):
        lx0, ly0, lx1, ly1 = lines[key]
        assert _rule(page, lines[key]), key
        # only the field's number before its line, on its level, at the column's start
        column = max([b[2] + 4 for b in lines.values() if b[3] == ly1 and b[2] < lx0]
                     + [left - 6])
        got = words(page, (column, ly1 - T.px(0.3), lx0 - 2, ly1 + 8), psm=7)
        assert [w for w, _ in got] == [str(n)], (key, got)
        assert abs(got[0][1][3] - ly1) < T.px(0.04) and lx0 - got[0][1][0] <= T.px(0.32)
        # no label under the line, nothing after it
        assert _dark(page, (lx0, ly1 + T.px(0.04), lx1, ly1 + T.px(0.16))) == 0, key
        if lx1 < T.PAGE_W - left and (block == "one" or key in ("ssn", "datetime")):
            assert _dark(page, (lx1 + 4, ly0, T.PAGE_W - left + 4, ly1 + 3)) == 0, key
    # the address's further lines bare rules under the first, as long
    a1, a2, a3 = (anchors[f"line:addr{i}"][1] for i in (1, 2, 3))
    assert a1[0] == a2[0] == a3[0] and a1[2] == a2[2] == a3[2] == T.PAGE_W - left
    for a in (a2, a3):
        assert _rule(page, a) and _dark(page, (left - 6, a[1], a[0] - 2, a[3] + 3)) == 0
    if block == "two":  # the signature's line and the SSN's side by side
        assert lines["signature"][3] == y1 and lines["signature"][2] < x0
    # the change notice's key has no address
    (notice,), na = T.change_notice(ts)
    first = min(b[1] for k, (_, b) in na.items() if k.startswith("line:"))
    got = words(notice, (left - 6, first - T.px(0.75), T.PAGE_W - left + 6, first - 2))
    assert " ".join(w for w, _ in got) == " ".join(
        f"{n} {label}" for n, label in enumerate(C.LABELS[:4], 1))


def _heading_band(page, cell) -> tuple[int, int, int, int]:
    """The heading band over a column's first cell: the room between the rule over the
    cell and the table's top, inside the column's walls."""
    import numpy as np
    x0, y0, x1, y1 = _cell(page, cell)
    a = np.asarray(page) < 128
    x = x0 + 4  # just inside the left wall, clear of the centred headings
    top = y0 - 4
    while not a[top, x]:
        top -= 1
    return x0 + 4, top + 4, x1 - 3, y0 - 3


@pytest.mark.parametrize("extra", [{}, {"grant_no_heading": "Grant No.",
                                        "total_label": "TOTAL", "head_lines": "stacked3",
                                        "headings": C.HEADING_SETS["title"]}])
def test_rotated_heads_turned_on_their_side_over_a_ruled_grid(extra):
    import numpy as np
    ts = replace(BASE, table_style="rotated-heads", rows=4, **extra)
    page, _, anchors = _page_with(ts, "cell:0:0")
    cell = _four_grants_cells(anchors, bool(extra))
    fields = [0, 1, 2, 3, 4] + (["no"] if extra else [])
    headings = dict(zip(range(5), ts.headings)) | {"no": "Grant No."}
    bands = []
    for c in fields:
        band = _heading_band(page, cell[f"cell:0:{c}"])
        bands.append(band)
        ink = np.asarray(page.crop(band)) < 128
        rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
        if len(headings[c]) > 8:  # turned: its lines run up the band, taller than wide
            assert rows[-1] - rows[0] > cols[-1] - cols[0], c
        assert band[3] - rows[-1] - band[1] < T.px(0.12)  # standing on the band's foot
        # read turned back a quarter clockwise, the heading's words in order
        upright = page.crop(band).rotate(-90, expand=True)
        got = words(upright, (0, 0, upright.width, upright.height))
        assert " ".join(w for w, _ in got) == headings[c], (c, got)
    assert len({b[1] for b in bands}) == 1  # one band across the table
    _ruled_round_and_a_total(page, cell)


def _ruled_round_and_a_total(page, cell: dict) -> None:
    """Every cell of a grid ruled round, its walls just outside it; a total, if any, a
    boxed cell under the tendered column, its label "TOTAL" before it."""
    for k, box in cell.items():
        wx0, wy0, wx1, wy1 = _cell(page, box)
        foot = T.px(0.1 if k == "cell:total" else 0.06)  # a total's room as a grid's
        assert box[0] - T.px(0.06) <= wx0 < box[0] < box[2] < wx1 <= box[2] + T.px(0.06), k
        assert box[1] - T.px(0.05) <= wy0 < box[1] < box[3] < wy1 <= box[3] + foot, k
    if "cell:total" in cell:
        tx0, ty0, tx1, ty1 = cell["cell:total"]
        assert tx0 == cell["cell:3:4"][0] and ty0 > cell["cell:3:4"][3]
        got = words(page, (T.px(BASE.margin_in), ty0 - 4, tx0 - T.px(0.08), ty1 + 4), psm=7)
        assert [w for w, _ in got] == ["TOTAL"]


def _both_sentences(checkbox: str, wording: int, **extra):
    """The typeset with ``checkbox`` and its sentences in ``wording`` (the tender's broken
    across the pages where the style allows; ``extra`` on the typeset); for the tender's
    and the additional sheet's sentence its key, its text, the page it stands on, its box
    and the anchors."""
    ts = replace(BASE, checkbox=checkbox, tender_text=C.TENDER_WORDINGS[wording],
                 additional_text=C.ADDITIONAL_WORDINGS[wording], split_tender=True,
                 **extra)
    for key, text in (("tender", T.tender_text(ts)), ("additional", T.additional_text(ts))):
        yield (ts, key, text) + _page_with(ts, f"box:{key}")


@pytest.mark.parametrize("wording", [0, 1, 2, 3])
def test_strike_out_the_choice_printed_in_its_sentence(wording):
    left = T.px(BASE.margin_in)
    for ts, key, text, page, (x0, y0, x1, y1), anchors in _both_sentences("strike-out",
                                                                          wording):
        nx0, ny0, nx1, ny1 = anchors[f"no:{key}"][1]
        before, yes, no, rest = T.strike_choice(text)
        # the negative's words are the box (struck to elect), the affirmative's before them
        assert [w for w, _ in words(page, (x0, y0, x1, y1), psm=7)] == no.split()
        assert [w.upper() for w, _ in words(page, (nx0, ny0, nx1, ny1), psm=7)] == [yes]
        assert nx1 < x0 and ny0 == y0
        # in the sentence's words on its line, from the margin: no box before it
        got = words(page, (left - 6, y0 - 4, T.PAGE_W - left + 6, y1 + 2), psm=7)
        line = [w.replace("|", "I") for w, _ in got]
        want = f"{before} {yes} / {no} {rest}".split()
        assert line == want[:len(line)] and len(line) >= 6, got
        assert _dark(page, (T.px(0.2), y0, left - 4, y1)) == 0
        # the sentence's last line followed by the note, small, on a line of its own
        got = words(page, (left - 6, y0 - 4, T.PAGE_W - left + 6, y1 + T.px(0.9)))
        at = next(b[1] for w, b in got if w == "(Strike")
        note = [(w, b) for w, b in got if abs(b[1] - at) < T.px(0.04)]
        assert " ".join(w for w, _ in note) == T.STRIKE_NOTE, got
        assert max(b[3] - b[1] for _, b in note) < T.px(0.12)
        assert at - max(b[3] for w, b in got if b[1] < at - T.px(0.04)) < T.px(0.12)
    if wording == 0:  # the form's own: "I DO / DO NOT wish to tender ...", "I HAVE / ..."
        assert T.strike_choice(T.tender_text(ts))[:3] == ("I", "DO", "DO NOT")
        assert (before, yes, no) == ("I", "HAVE", "HAVE NOT") and \
            rest.startswith("attached an additional sheet")


def _black_run_left(page, x: int, y: int) -> int:
    """Where the solid black run ending at (``x``, ``y``) starts on its row."""
    import numpy as np
    row = np.asarray(page)[y, :x + 1] < 128
    return x - int(np.argmin(row[::-1])) + 1


@pytest.mark.parametrize("block", ["one", "two"])
def test_reverse_labels_white_on_black_tabs_at_their_lines_start(block):
    import numpy as np
    ts = replace(BASE, label_place="reverse", block=block)
    page, _, anchors = _page_with(ts, "line:ssn")
    a = np.asarray(page)
    keys = ["signature", "ssn", "name", "datetime", "addr1"]
    for key in keys:
        lx0, ly0, lx1, ly1 = anchors[f"line:{key}"][1]
        assert _rule(page, (lx0, ly0, lx1, ly1)), key
        # a solid black tab just before the writing room, its foot on the line's level
        tx1 = lx0 - T.px(0.04)
        tx0 = _black_run_left(page, tx1 - 2, ly1 - 3)
        column = T.px(BASE.margin_in) if block == "one" or key in ("signature", "name",
                                                                     "addr1") else None
        assert column is None or tx0 == column, (key, tx0)
        ty0 = ly1 - 3 - int(np.argmin((a[ly1 - 3::-1, tx0 + 2] < 128)))
        tab = (tx0, ty0 + 1, tx1, ly1)
        assert T.px(0.15) < ly1 - ty0 < T.px(0.5), key
        assert np.median(np.asarray(page.crop(tab))) == 0  # black, its words in white
        assert (np.asarray(page.crop(tab)) > 128).mean() > 0.05
        # the label read in the tab turned back to black on white, its colon dropped
        label = C.LABELS[C.LABEL_KEYS.index(key if key != "addr1" else "address")]
        got = words(ImageOps.invert(page.crop(tab)), (0, 0, tx1 - tx0, ly1 - ty0 - 1))
        assert " ".join(w for w, _ in got) == label.rstrip(":"), (key, got)
        # nothing under the line, nor over the tab
        assert _dark(page, (tx0, ly1 + T.px(0.04), lx1, ly1 + T.px(0.12))) == 0, key
        assert _dark(page, (tx0, ty0 - T.px(0.08), tx1, ty0 - 2)) == 0, key
    # the address's further lines bare rules under the first, from where it starts
    a1, a2, a3 = (anchors[f"line:addr{i}"][1] for i in (1, 2, 3))
    assert a1[0] == a2[0] == a3[0] and a1[2] == a2[2] == a3[2]
    for box in (a2, a3):
        assert _rule(page, box) and _dark(page, (T.px(0.3), box[1], box[0] - 12,
                                                 box[3] + 3)) == 0
    if block == "two":  # the signature's line and the SSN's side by side, on one level
        assert anchors["line:signature"][1][3] == anchors["line:ssn"][1][3]
    # the additional sheet's name, signature and date on tabs too
    (sheet,), sa = T.additional_sheet(ts)
    for key in ("name", "signature", "datetime"):
        lx0, _, _, ly1 = sa[f"line:{key}"][1]
        assert np.asarray(sheet)[ly1 - 3, lx0 - T.px(0.1)] == 0, key


# a table of four grants as the typeset has it, and with a grant number's column (so
# headed), a total and the headings in title case
FOUR_GRANTS = [{}, {"grant_no_heading": "Grant No.", "total_label": "TOTAL",
                    "headings": C.HEADING_SETS["title"]}]


def _four_grants(style: str, extra: dict):
    """A ``style`` table of four grants (``extra`` on the typeset): the typeset, the page
    it is on, its cells, its fields in the columns' order (a grant number's first) and
    each field's heading."""
    ts = replace(BASE, table_style=style, rows=4, **extra)
    page, _, anchors = _page_with(ts, "cell:0:0")
    cell = _four_grants_cells(anchors, bool(extra))
    fields = (["no"] if extra else []) + [0, 1, 2, 3, 4]
    return ts, page, cell, fields, dict(zip(range(5), ts.headings)) | {"no": "Grant No."}


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_lettered_table_headed_by_letters_its_headings_in_a_key_over_it(extra):
    ts, page, cell, fields, headings = _four_grants("lettered", extra)
    letters = T.column_letters(len(fields))
    left = T.px(BASE.margin_in)
    heads = []
    for letter, c in zip(letters, fields):  # each column headed by its letter alone
        x0, y0, x1, y1 = _cell(page, cell[f"cell:0:{c}"])
        hx0, hy0, hx1, hy1 = _cell(page, (x0 + 4, y0 - 8, x0 + 8, y0 - 4))  # by its wall
        heads.append(hy0)
        got = words(page, (hx0 + 3, hy0 + 3, hx1 - 2, hy1 - 2), psm=7)
        assert [w for w, _ in got] == [letter], (c, got)
        assert hy1 - hy0 < T.px(0.4)  # one line of heading
    assert len(set(heads)) == 1
    # the key over the table: each letter and its column's heading, in the columns' order
    top = heads[0]
    got = words(page, (left - 6, top - T.px(0.7), T.PAGE_W - left + 6, top - 3))
    want = " ".join(f"{letter} {headings[c]}" for letter, c in zip(letters, fields))
    got = [(w, b) for w, b in got if any(ch.isalnum() for ch in w)]  # no specks read
    assert " ".join(w for w, _ in got) == want, got
    assert top - max(b[3] for _, b in got) < T.px(0.2)
    _ruled_round_and_a_total(page, cell)


@pytest.mark.parametrize("wording", [0, 1, 2, 3])
def test_write_in_the_sentence_asked_a_blank_after_it_for_yes_or_no(wording):
    left = T.px(BASE.margin_in)
    for ts, key, text, page, (x0, y0, x1, y1), anchors in _both_sentences("write-in",
                                                                          wording):
        assert f"no:{key}" not in anchors  # one blank, for YES or NO
        assert x1 - x0 == T.px(T.WRITE_IN_W) and _rule(page, (x0, y0, x1, y1))
        assert _dark(page, (x0, y0, x1, y1 - 4)) == 0  # its room empty
        # the question, then the prompt, on the blank's line and the one over it, from the
        # margin (the blank rubbed out to read them): no box before them
        full = f"{T.write_in_question(text)} {T.write_in_prompt(ts)}".split()
        shown = page.copy()
        ImageDraw.Draw(shown).rectangle((x0 - 2, y0, x1 + 2, y1 + 4), fill=255)
        got = words(shown, (left - 6, y1 - T.px(0.4), T.PAGE_W - left + 6, y1 + 2))
        said = [w.replace("|", "I") for w, _ in got]
        assert len(said) >= 6 and said == full[-len(said):], got
        assert min(b[0] for _, b in got) - left < T.px(0.05)
        assert _dark(page, (T.px(0.2), y0 - T.px(0.5), left - 4, y1)) == 0
        end = got[-1][1]  # the prompt's last word: just before the blank on its line, or
        if x0 > left:  # ending the line over it when the blank went to the next
            assert abs(end[3] - y1) < T.px(0.1) and 0 < x0 - end[2] < T.px(0.25), got
        else:
            assert y0 - T.px(0.2) < end[3] < y1 - T.px(0.1), got
    if wording == 0:  # the form's own, asked
        assert T.write_in_question(T.tender_text(ts)).startswith(
            "Do you wish to tender for exchange each of the options")
        assert T.write_in_question(T.additional_text(ts)) == (
            "Have you attached an additional sheet listing your name and any additional "
            "grants you wish to cancel?")
    if wording == 1:
        assert T.write_in_question(T.additional_text(ts)).startswith(
            "Is an additional sheet attached listing your name")


def _upright_rules(page, box, least: int) -> list[int]:
    """Where an upright rule ``least`` px long at least stands in ``box``: the x of the
    first column of each."""
    import numpy as np
    area = np.asarray(page.crop(box)) < 128
    runs = np.zeros(area.shape[1], int)
    longest = np.zeros_like(runs)
    for row in area:  # the longest upright run of ink in each column
        runs = np.where(row, runs + 1, 0)
        longest = np.maximum(longest, runs)
    xs = np.flatnonzero(longest >= least)
    return [box[0] + int(x) for i, x in enumerate(xs) if i == 0 or x - xs[i - 1] > 1]


def _tabbed_label(page, line, start: int, over: int) -> tuple[str, list]:
    """The words printed from ``start`` to the rule before ``line``, from ``over`` (the
    level of the line over it) down to its own (marks that are no word, a rule read as
    such, left out)."""
    x0, y0, x1, y1 = line
    got = words(page, (start, over + 6, x0 - T.px(T.TAB_PAD) - 4, y1 + 6))
    got = [(w, b) for w, b in got if any(ch.isalnum() for ch in w)]
    return " ".join(w for w, _ in got), got


@pytest.mark.parametrize("block", ["one", "two"])
def test_tabbed_labels_flush_right_against_a_rule_the_lines_after_it(block):
    ts = replace(BASE, label_place="tabbed", block=block)
    page, _, anchors = _page_with(ts, "line:ssn")
    left = T.px(BASE.margin_in)
    lines = {k: anchors[f"line:{k}"][1] for k in ("signature", "ssn", "name", "datetime",
                                                  "addr1", "addr2", "addr3")}
    right_column = {"ssn", "datetime"} if block == "two" else set()
    starts, over = {}, {}
    for key, (x0, y0, x1, y1) in lines.items():
        assert _rule(page, (x0, y0, x1, y1)), key
        starts.setdefault(key in right_column, set()).add(x0)
        if key in ("addr2", "addr3"):  # bare rules under the first, no label by them
            assert _dark(page, (left - 4, y0, x0 - T.px(T.TAB_PAD) - 4, y1 + 3)) == 0
            continue
        # the label, colon and all, read just before the rule, its last line on the
        # writing line's level
        start = left - 4 if key not in right_column else lines["signature"][2] + 6
        said, got = _tabbed_label(page, (x0, y0, x1, y1), start,
                                  over.get(key in right_column, y1 - T.px(0.7)))
        over[key in right_column] = y1
        label = C.LABELS[C.LABEL_KEYS.index(key if key != "addr1" else "address")]
        assert said == T.tab_text(label), (key, got)
        ends = x0 - T.px(T.TAB_PAD) - max(b[2] for _, b in got)
        assert 0 < ends < T.px(0.12), (key, ends)  # flush right against the rule
        assert abs(max(b[3] for _, b in got) - y1) < T.px(0.06), key
    # every line of a column starts at one x, just past the rule
    assert all(len(xs) == 1 for xs in starts.values()), starts
    # the rule runs down the whole block, from over the first line to under the last
    top, bottom = lines["signature"][1] - T.px(0.05), lines["addr3"][3]
    x = lines["signature"][0] - T.px(T.TAB_PAD)
    assert _upright_rules(page, (x - 4, top, x + 5, bottom), bottom - top) != []
    assert _dark(page, (T.px(0.2), top, left - 4, bottom)) == 0  # nothing in the margin
    if block == "two":  # a row's two lines on one level, though one label is broken
        assert lines["signature"][3] == lines["ssn"][3]
        assert lines["name"][3] == lines["datetime"][3]
        assert lines["addr1"][2] == T.PAGE_W - left  # the address across the width
    # the additional sheet's name, signature and date after rules too
    (sheet,), sa = T.additional_sheet(ts)
    for key in ("name", "signature", "datetime"):
        x0, _, _, y1 = sa[f"line:{key}"][1]
        x = x0 - T.px(T.TAB_PAD)
        assert _upright_rules(sheet, (x - 4, y1 - T.px(0.3), x + 5, y1), T.px(0.3)), key


def _card_walls(page, cell: dict, rows: int, fields: list) -> list[tuple[int, int]]:
    """Each card's left and right walls: the upright rules that run from over its
    first field to under its last, two to each card."""
    left = T.px(BASE.margin_in)
    walls = []
    for r in range(0, rows, T.CARDS_ACROSS):
        top = cell[f"cell:{r}:{fields[0]}"][1] - T.px(0.05)
        bottom = cell[f"cell:{r}:{fields[-1]}"][3] + T.px(0.04)
        xs = _upright_rules(page, (left - 8, top, T.PAGE_W - left + 8, bottom),
                            bottom - top)
        walls += list(zip(xs[::2], xs[1::2]))
    return walls


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_cards_a_ruled_box_to_each_grant_two_across_its_fields_labelled_rules(extra):
    ts, page, cell, fields, labels = _four_grants("cards", extra)
    left = T.px(BASE.margin_in)
    walls = _card_walls(page, cell, 4, fields)
    # two cards across, two down: the first's walls at the margins' ends
    assert len(walls) == 4 and walls[0][0] == left == walls[2][0], walls
    assert walls[3][1] - (T.PAGE_W - left) in range(-2, 3)
    for r in range(4):
        wx0, wx1 = walls[r]
        first, last = cell[f"cell:{r}:{fields[0]}"], cell[f"cell:{r}:{fields[-1]}"]
        if r % 2:  # beside the card before it, on its level
            assert first[1] == cell[f"cell:{r - 1}:{fields[0]}"][1]
            assert wx0 > walls[r - 1][1]
        elif r:  # under the row before
            assert first[1] > cell[f"cell:{r - 1}:{fields[-1]}"][3]
        # titled "Grant 1", ... over its first field, at its left
        got = words(page, (wx0 + 4, first[1] - T.px(0.35), (wx0 + wx1) // 2,
                           first[1] - T.px(0.05)))
        got = [w for w, _ in got if any(ch.isalnum() for ch in w)]
        assert got == ["Grant" if extra else "GRANT", str(r + 1)], got
        over = first[1] - T.px(0.06)  # the rule under the title
        for c in fields:  # each field a rule to write on, its label before it
            x0, y0, x1, y1 = cell[f"cell:{r}:{c}"]
            assert _rule(page, (x0, y0, x1, y1)) and wx0 < x0 < x1 < wx1, (r, c)
            if r in (0, 3):
                said = words(page, (wx0 + 4, over + 5, x0 - T.px(0.03), y1 + 6))
                assert " ".join(w for w, _ in said) == labels[c], (r, c, said)
            over = y1
        assert last[3] < first[1] + T.px(2.2)  # one field under another, in the order
        assert [cell[f"cell:{r}:{c}"][3] for c in fields] == \
            sorted(cell[f"cell:{r}:{c}"][3] for c in fields)
    if extra:  # the total: a last labelled rule at the right margin, under the cards
        tx0, ty0, tx1, ty1 = cell["cell:total"]
        assert ty0 > cell["cell:3:4"][3] and tx1 > T.PAGE_W - left - T.px(0.05)
        got = words(page, (tx0 - T.px(1.2), ty1 - T.px(0.3), tx0 - T.px(0.04), ty1 + 8),
                    psm=7)
        assert [w for w, _ in got] == ["TOTAL"]
    # the additional sheet: cards enough for the three grants it lists at most
    (sheet,), sa = T.additional_sheet(ts)
    assert {k.split(":")[1] for k in sa if k.startswith("cell:") and k != "cell:total"} \
        == {str(g) for g in range(T.SHEET_CARDS)}


def _letter_in(page, box) -> str:
    """The letter printed inside an oval, read enlarged on white (the middle of the oval,
    clear of its outline)."""
    x0, y0, x1, y1 = box
    half = (x1 - x0) // 5
    inner = page.crop(((x0 + x1) // 2 - half, y0 + 3, (x0 + x1) // 2 + half, y1 - 3))
    big = ImageOps.expand(inner.resize((inner.width * 2, inner.height * 2)), 40, fill=255)
    return "".join(w for w, _ in words(big, (0, 0, big.width, big.height), psm=10))


@pytest.mark.parametrize("side,wording", [("before", 0), ("after", 0), ("after", 2)])
def test_bubble_two_ovals_lettered_y_and_n_by_the_sentence(side, wording):
    import numpy as np
    ts = replace(BASE, checkbox="bubble", checkbox_side=side,
                 tender_text=C.TENDER_WORDINGS[wording],
                 additional_text=C.ADDITIONAL_WORDINGS[wording])
    pairs_alone = set()
    for key, text in (("tender", T.tender_text(ts)), ("additional", T.additional_text(ts))):
        page, (x0, y0, x1, y1), anchors = _page_with(ts, f"box:{key}")
        nx0, ny0, nx1, ny1 = anchors[f"no:{key}"][1]
        # two ovals of a size side by side, Y's first
        assert (ny0, ny1) == (y0, y1) and 0 < nx0 - x1 < T.px(0.2)
        assert x1 - x0 == nx1 - nx0 == T.px(T.BUBBLE_W) and x1 - x0 > 1.6 * (y1 - y0)
        for box, letter in (((x0, y0, x1, y1), "Y"), ((nx0, ny0, nx1, ny1), "N")):
            bx0, by0, bx1, by1 = box
            assert _walls(page, box)  # round: its outline at its sides' middles ...
            a = np.asarray(page)
            for cx, cy in ((bx0, by0), (bx1 - 3, by0), (bx0, by1 - 3), (bx1 - 3, by1 - 3)):
                assert a[cy:cy + 4, cx:cx + 4].min() == 255  # ... and not at its corners
            assert _letter_in(page, box) == letter
            assert _dark(page, box) < 0.35  # open, but for its outline and letter
        # the sentence after the pair on its line, or the pair after its last word
        words_of = text.split()
        if side == "before":
            assert x0 == T.px(BASE.margin_in)
            got = words(page, (nx1 + 4, y0 - 6, T.PAGE_W - T.px(0.3), y1 + 6), psm=7)
            assert [w.replace("|", "I") for w, _ in got][:3] == words_of[:3], got
        elif x0 == T.px(BASE.margin_in + 0.3):  # on the line under the last word
            right = T.PAGE_W - T.px(BASE.margin_in)
            got = words(page, (T.px(BASE.margin_in) - 6, y0 - T.px(0.25), right, y0 - 1),
                        psm=7)
            assert got and got[-1][0] == words_of[-1], got
        else:
            got = words(page, (T.px(BASE.margin_in) - 6, y0 - 6, x0 - 4, y1 + 6), psm=7)
            assert got and got[-1][0] == words_of[-1], got
            assert x0 - got[-1][1][2] < T.px(0.3)
            pairs_alone.add(False)
    if side == "after" and wording:  # the pairs after their sentences' last words
        assert pairs_alone == {False}


@pytest.mark.parametrize("block", ["one", "two"])
def test_dropout_boxes_and_labels_printed_in_a_grey_a_scanner_drops(block):
    import numpy as np
    ts = replace(BASE, label_place="dropout", block=block)
    page, _, anchors = _page_with(ts, "line:ssn")
    a = np.asarray(page)
    left = T.px(BASE.margin_in)
    lines = {k: anchors[f"line:{k}"][1] for k in ("signature", "ssn", "name", "datetime",
                                                  "addr1", "addr2", "addr3")}
    top = min(ln[1] for ln in lines.values()) - T.px(0.35)
    bottom = max(ln[3] for ln in lines.values()) + T.px(0.1)
    # the whole block in the drop-out grey, nothing darker: a fax's threshold under the
    # grey drops it all, and only the writing is left
    assert a[top:bottom, left - 4:T.PAGE_W - left + 4].min() == T.DROP_GREY
    for key, (x0, y0, x1, y1) in lines.items():
        assert a[y0:y1, x0:x1].min() == 255, key  # the writing room empty
        wall = x0 - T.px(0.06)  # the box's left wall, grey, round the room
        assert a[(y0 + y1) // 2, wall - 3:wall + 4].min() == T.DROP_GREY, key
        if key in ("addr2", "addr3"):  # further lines of the address's box, no label
            assert a[y0 - T.px(0.08):y0, x0:x1].min() == 255, key
            continue
        # the label read small in the box's top-left corner, over the writing room
        got = words(page, (x0 - 5, y0 - T.px(0.3), x1, y0 + 2))
        label = C.LABELS[C.LABEL_KEYS.index(key if key != "addr1" else "address")]
        assert " ".join(w for w, _ in got) == label, (key, got)
        assert min(b[0] for _, b in got) < x0 + T.px(0.05), key
    assert lines["addr1"][2] == T.PAGE_W - left - T.px(0.06)  # across the width
    if block == "two":  # a row's two boxes side by side, on one level
        assert lines["signature"][1] == lines["ssn"][1]
        assert lines["signature"][2] < lines["ssn"][0]
    # the additional sheet's name, signature and date in grey boxes too
    (sheet,), sa = T.additional_sheet(ts)
    s = np.asarray(sheet)
    for key in ("name", "signature", "datetime"):
        x0, y0, x1, y1 = sa[f"line:{key}"][1]
        assert s[y0 - T.px(0.3):y1 + T.px(0.06), x0 - T.px(0.08):x1 + T.px(0.08)].min() \
            == T.DROP_GREY, key


def _word_before(page, blank, left: int) -> tuple[str, int]:
    """The word printed just before a blank on its line, and where it ends."""
    x0, y0, x1, y1 = blank
    got = words(page, (max(left - 6, x0 - T.px(1.6)), y1 - T.px(0.3), x0 - 2, y1 + 8),
                psm=7)
    return (got[-1][0], got[-1][1][2]) if got else ("", 0)


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_sentences_a_numbered_sentence_with_blanks_to_each_grant(extra):
    ts, page, cell, fields, _ = _four_grants("sentences", extra)
    left = T.px(BASE.margin_in)
    caps = ts.headings[0].isupper()
    toks = T.grant_sentence(ts).split()
    # each field's blank after the word the sentence has before it
    before = {(tok[1:3] if tok[1:3] == "no" else int(tok[1])):
              toks[i - 1].upper() if caps else toks[i - 1]
              for i, tok in enumerate(toks) if tok.startswith("{")}
    assert list(before) == fields
    last = 0
    for r in range(4):
        blanks = [cell[f"cell:{r}:{c}"] for c in fields]
        # the blanks in the sentence's order, each a rule with nothing over it, the
        # grant's sentence under the one before
        assert [(b[3], b[0]) for b in blanks] == sorted((b[3], b[0]) for b in blanks)
        assert blanks[0][1] > last and all(_rule(page, b) for b in blanks), r
        last = blanks[-1][3]
        assert all(b[0] >= left + T.px(T.SENTENCE_HANG) for b in blanks)
        if r not in (0, 3):
            continue
        # numbered at the margin, its first words hanging after the number
        y1 = blanks[0][3]
        got = words(page, (left - 6, y1 - T.px(0.3), blanks[0][0] - 2, y1 + 8), psm=7)
        assert got[0][0] == f"{r + 1}." and got[0][1][0] < left + 4, got
        assert abs(got[1][1][0] - left - T.px(T.SENTENCE_HANG)) < 6, got
        for c, blank in zip(fields, blanks):
            word, end = _word_before(page, blank, left)
            assert word == before[c] and blank[0] - end < T.px(0.12), (r, c, word)
    if extra:  # the total: a last labelled rule at the right margin, under the grants
        tx0, ty0, tx1, ty1 = cell["cell:total"]
        assert ty0 > last and tx1 > T.PAGE_W - left - T.px(0.05)
        got = words(page, (tx0 - T.px(1.2), ty1 - T.px(0.3), tx0 - T.px(0.04), ty1 + 8),
                    psm=7)
        assert [w for w, _ in got] == ["TOTAL"]
    # the additional sheet: its sentences kept above its bottom margin
    _kept_above_the_bottom_margin(T.additional_sheet(ts))


@pytest.mark.parametrize("side,wording", [("before", 0), ("after", 1), ("before", 2)])
def test_alternatives_a_box_to_the_sentence_and_one_to_its_negative_under_it(side,
                                                                            wording):
    ts = replace(BASE, checkbox="alternatives", checkbox_side=side,
                 tender_text=C.TENDER_WORDINGS[wording],
                 additional_text=C.ADDITIONAL_WORDINGS[wording], split_tender=True)
    assert T._tender_split(ts) is None  # the choice is not broken across the pages
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    for key, text in (("tender", T.tender_text(ts)), ("additional", T.additional_text(ts))):
        page, (x0, y0, x1, y1), anchors = _page_with(ts, f"box:{key}")
        npage, (nx0, ny0, nx1, ny1) = anchors[f"no:{key}"]
        negative = T.negative_sentence(text)
        assert npage == anchors[f"box:{key}"][0] and " not " in negative
        # two empty squares of a size, the negative's under the sentence's
        for box in ((x0, y0, x1, y1), (nx0, ny0, nx1, ny1)):
            assert _walls(page, box) and _grey(page, (box[0] + 4, box[1] + 4, box[2] - 3,
                                                     box[3] - 3)) == 255
        assert (x1 - x0, y1 - y0) == (nx1 - nx0, ny1 - ny0) and ny0 > y1
        boxes = (((x0, x1, y0, y1), text), ((nx0, nx1, ny0, ny1), negative))
        if side == "before":  # each box at the margin, its sentence after it
            assert x0 == nx0 == left
            for (_, bx1, by0, by1), said in boxes:
                got = words(page, (bx1 + 4, by0 - 6, right, by1 + 6), psm=7)
                assert [w.replace("|", "I") for w, _ in got][:4] == said.split()[:4], got
        else:  # each box after its sentence's last word (or under it, on the next
            # line, when it does not fit), the negative's first words under the box
            for (bx0, _, by0, by1), said in boxes:
                line = (left - 6, by0 - T.px(0.25), right, by0 - 1) \
                    if bx0 == left + T.px(0.3) else (left - 6, by0 - 6, bx0 - 4, by1 + 6)
                got = words(page, line, psm=7)
                assert got and got[-1][0] == said.split()[-1], got
            got = words(page, (left - 6, y1 + 6, right, ny1 + 6))
            assert [w.replace("|", "I") for w, _ in got][:4] == negative.split()[:4], got


def _small_capitals(page, box, big) -> None:
    """The word in ``box`` set in small capitals: its first letter's top over its
    others' (a capital's height over a small capital's)."""
    import numpy as np
    x0, y0, x1, y1 = box
    a = np.asarray(page)[y0 - 4:y1 + 4] < 128
    first = x0 + int(big.getlength("W")) // 2  # inside the first letter at most

    def top(cols) -> int:
        return int(np.argmax(cols.any(axis=1)))
    assert top(a[:, x0 + 4:first + 3]) < top(a[:, first + T.px(0.12):x1]) - 2, box


@pytest.mark.parametrize("block", ["one", "two"])
def test_inline_labels_in_small_capitals_on_their_rules_left_end(block):
    import re

    import numpy as np
    ts = replace(BASE, label_place="inline", block=block,
                 labels=("OPTION HOLDER SIGNATURE",) + C.LABELS[1:])
    page, _, anchors = _page_with(ts, "line:ssn")
    a = np.asarray(page)
    left = T.px(BASE.margin_in)
    big, _ = T.inline_fonts(T.Canvas(ts))
    lines = {k: anchors[f"line:{k}"][1] for k in ("signature", "ssn", "name", "datetime",
                                                  "addr1", "addr2", "addr3")}
    starts = {left} | ({left + int((T.PAGE_W - 2 * left) * 0.56)} if block == "two"
                       else set())
    for key, (x0, y0, x1, y1) in lines.items():
        # one rule from the column's start, under the label and the writing room both
        start = max(s for s in starts if s < x0) if key not in ("addr2", "addr3") else x0
        assert (a[y1 - 2:y1 + 3, start:x1] < 128).any(axis=0).all(), key
        assert a[y0:y1 - 3, x0:x1].min() == 255, key  # the writing room empty
        if key in ("addr2", "addr3"):  # bare rules under the first, as long, no label
            assert (x0, x1) == (left, lines["addr1"][2]), key
            assert a[y0:y1 - 3, left - 4:x1].min() == 255, key
            continue
        # the label read on the rule's left end, before the room, standing on the rule
        got = words(page, (start - 4, y1 - T.px(0.3), x0 - 2, y1 - 3), psm=7)
        label = ts.labels[C.LABEL_KEYS.index(key if key != "addr1" else "address")]
        said = re.sub(r"[^A-Z]", "", "".join(w for w, _ in got).upper())
        assert said == re.sub(r"[^A-Z]", "", label.upper()), (key, got)
        assert got[0][1][0] < start + T.px(0.08), key
        assert x0 - T.px(0.2) < max(b[2] for _, b in got) < x0 - T.px(0.06), key
        ink = np.flatnonzero((a[y1 - T.px(0.3):y1 - 3, start + 2:x0] < 128).any(axis=1))
        assert y1 - T.px(0.3) + ink[-1] > y1 - T.px(0.08), key
        # in small capitals, whether the label is worded in capitals or not
        _small_capitals(page, got[0][1], big)
    if block == "two":  # a row's two rules side by side, on one level
        assert lines["signature"][3] == lines["ssn"][3]
        assert lines["signature"][2] < lines["ssn"][0]
    # the additional sheet's name, signature and date labelled on their rules too
    (sheet,), sa = T.additional_sheet(ts)
    for key in ("name", "signature", "datetime"):
        x0, y0, x1, y1 = sa[f"line:{key}"][1]
        got = words(sheet, (x0 - T.px(2.4), y1 - T.px(0.3), x0 - 2, y1 - 3), psm=7)
        label = ts.labels[C.LABEL_KEYS.index(key)]
        assert re.sub(r"[^A-Z]", "", "".join(w for w, _ in got).upper()).endswith(
            re.sub(r"[^A-Z]", "", label.upper().split()[-1])), (key, got)


def _grants_cells_in_order(cell: dict, fields: list, r: int, last: int):
    """Grant ``r``'s cells in the fields' order, on one level under ``last`` (the grant
    before's foot), each ending before the next begins; and their level."""
    parts = [cell[f"cell:{r}:{c}"] for c in fields]
    y1 = parts[0][3]
    assert all(p[3] == y1 for p in parts) and parts[0][1] > last, r
    assert all(p[2] < q[0] for p, q in zip(parts, parts[1:])), r
    return parts, y1


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_lines_a_numbered_rule_to_each_grant_its_fields_named_once_over_them(extra):
    import re
    ts, page, cell, fields, heads = _four_grants("lines", extra)
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    hang = left + T.px(T.SENTENCE_HANG)
    last = 0
    for r in range(4):
        # one rule to the grant, from the hang to the margin, nothing printed over it:
        # its fields' parts along it in the instruction's order, under the grant before
        parts, y1 = _grants_cells_in_order(cell, fields, r, last)
        assert parts[0][0] - hang < T.px(0.06) and right - parts[-1][2] < T.px(0.1)
        assert _rule(page, (hang, parts[0][1], right, y1 + 1)), r
        last = y1
        if r in (0, 3):  # numbered at the margin
            got = words(page, (left - 6, y1 - T.px(0.3), hang - 2, y1 + 8), psm=7)
            assert [w for w, _ in got] == [f"{r + 1}."] and got[0][1][0] < left + 4, got
    # the instruction over the first rule names each field, in the order written
    top = cell["cell:0:0"][1]
    got = words(page, (left - 6, top - T.px(1.0), right + 6, top))
    said = re.sub(r"[^A-Z0-9]", "", " ".join(w for w, _ in got).upper())
    assert said.startswith("LISTEACHGRANTONALINE"), said
    at = 0
    for c in fields:
        at = said.find(re.sub(r"[^A-Z0-9]", "", heads[c].upper()), at)
        assert at > 0, (c, said)
    if extra:  # the total: a last labelled rule at the right margin, under the grants
        tx0, ty0, tx1, ty1 = cell["cell:total"]
        assert ty0 > last and tx1 > right - T.px(0.05)
        got = words(page, (tx0 - T.px(1.2), ty1 - T.px(0.3), tx0 - T.px(0.04), ty1 + 8),
                    psm=7)
        assert [w for w, _ in got] == ["TOTAL"]
    _kept_above_the_bottom_margin(T.additional_sheet(ts))


@pytest.mark.parametrize("side,wording", [("before", 0), ("after", 1), ("after", 2)])
def test_code_a_box_to_write_a_figure_in_its_legend_after_its_sentence(side, wording):
    import re
    ts = replace(BASE, checkbox="code", checkbox_side=side, split_tender=True,
                 tender_text=C.TENDER_WORDINGS[wording],
                 additional_text=C.ADDITIONAL_WORDINGS[wording])
    assert T._tender_split(ts) is None  # the sentence and its legend kept on one page
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    for key, text in (("tender", T.tender_text(ts)), ("additional", T.additional_text(ts))):
        page, (x0, y0, x1, y1), anchors = _page_with(ts, f"box:{key}")
        assert f"no:{key}" not in anchors  # one box, the answer written in it
        # an empty square, large enough for a figure
        assert _walls(page, (x0, y0, x1, y1)) and x1 - x0 == y1 - y0 >= T.px(T.CODE_BOX)
        assert _grey(page, (x0 + 4, y0 + 4, x1 - 3, y1 - 3)) == 255
        if side == "before":  # the box at the margin, the sentence after it
            assert x0 == left
            got = words(page, (x1 + 4, y0 - 6, right, y1 + 6), psm=7)
            assert [w.replace("|", "I") for w, _ in got][:4] == text.split()[:4], got
            paras = [(x1 + 4, y0 - 6, right + 6, y1 + T.px(0.8))]
        else:  # the box after the legend's last word, on its line (or under it, on
            # the next line, when it does not fit)
            alone = x0 == left + T.px(0.3)
            line = (left - 6, y0 - T.px(0.3), right, y0 - 3) if alone else \
                (left - 6, y0 - 2, x0 - 4, y1 + 2)
            got = words(page, line, psm=7)
            assert got and got[-1][0].upper().endswith("NO)"), got
            assert alone or x0 - got[-1][1][2] < T.px(0.3), got
            paras = [(left - 6, y0 - T.px(0.8), right + 6, y0 - 2)] + \
                ([] if alone else [line])
        # the legend after the sentence's last word: which figure says what
        said = re.sub(r"[^A-Za-z0-9]", "", " ".join(w for p in paras
                                                    for w, _ in words(page, p)))
        assert re.sub(r"[^A-Za-z0-9]", "", text.split()[-1] + T.code_legend(ts)) in said, \
            said


def _letters(text: str) -> str:
    import re
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _box_round(page, room) -> tuple[int, int]:
    """The top and the foot of the box round a writing room: the first dark rows over
    and under it, just right of the room's start."""
    import numpy as np
    x0, y0, x1, y1 = room
    col = np.asarray(page)[:, x0 + 10] < 128
    top = y0 - int(np.argmax(col[:y0][::-1]))
    foot = y1 + int(np.argmax(col[y1:]))
    return top, foot


def _turned_label(page, room, start: int) -> tuple[str, str]:
    """The words in the strip from ``start`` to a ``side-strip`` room's start, read turned
    back upright (a quarter clockwise), and read as they stand."""
    x0, y0, x1, y1 = room
    top, foot = _box_round(page, room)
    strip = page.crop((start + 4, top + 4, x0 - T.px(0.06) - 3, foot - 3))
    upright = strip.rotate(-90, expand=True)
    read = " ".join(w for w, _ in words(upright, (0, 0) + upright.size))
    as_is = " ".join(w for w, _ in words(strip, (0, 0) + strip.size))
    return read, as_is


@pytest.mark.parametrize("block", ["one", "two"])
def test_side_strip_labels_turned_on_their_side_in_a_strip_at_their_boxs_left(block):
    import numpy as np
    ts = replace(BASE, label_place="side-strip", block=block,
                 labels=("OPTION HOLDER SIGNATURE",) + C.LABELS[1:])
    page, _, anchors = _page_with(ts, "line:ssn")
    a = np.asarray(page) < 128
    left = T.px(BASE.margin_in)
    lines = {k: anchors[f"line:{k}"][1] for k in ("signature", "ssn", "name", "datetime",
                                                  "addr1", "addr2", "addr3")}
    starts = {left} | ({left + int((T.PAGE_W - 2 * left) * 0.56)} if block == "two"
                       else set())
    for key, (x0, y0, x1, y1) in lines.items():
        start = max(s for s in starts if s < x0)
        top, foot = _box_round(page, (x0, y0, x1, y1))
        # a box from the column's start, the writing room empty inside it, right of an
        # upright rule that parts it from the strip
        assert not a[y0:y1, x0:x1].any(), key
        assert foot - top > T.px(0.4) and top < y0 and foot > y1 - 3, key
        for x in (start, x0 - T.px(0.06), x1 + T.px(0.06)):
            assert a[top + 2:foot - 1, x - 2:x + 3].any(axis=1).all(), (key, x)
        strip = x0 - T.px(0.06) - start
        assert T.px(0.1) < strip < T.px(0.75), key
        if key in ("addr2", "addr3"):  # the address's further rooms in its one box
            assert (x0, x1) == (lines["addr1"][0], lines["addr1"][2]), key
            assert not a[y0 - T.px(0.1):y0, x0:x1].any(), key  # no rule between rooms
            continue
        # the label read turned back upright, and not as it stands: it is on its side
        read, as_is = _turned_label(page, (x0, y0, x1, y1), start)
        label = ts.labels[C.LABEL_KEYS.index(key if key != "addr1" else "address")]
        assert _letters(read) == _letters(label), (key, read)
        assert _letters(as_is) != _letters(label), (key, as_is)
    assert lines["addr1"][2] == T.PAGE_W - left - T.px(0.06)  # across the width
    if block == "two":  # a row's two boxes side by side, of one height
        assert _box_round(page, lines["signature"]) == _box_round(page, lines["ssn"])
        assert lines["signature"][2] < lines["ssn"][0]
    # the additional sheet's name, signature and date in boxes labelled in side strips too
    (sheet,), sa = T.additional_sheet(ts)
    for key in ("name", "signature", "datetime"):
        x0, y0, x1, y1 = sa[f"line:{key}"][1]
        start = x0 - T.px(0.06) - T.px(0.75)
        col = (np.asarray(sheet)[(y0 + y1) // 2, start:x0 - T.px(0.06) - 2] < 128)
        start += int(np.flatnonzero(col)[0])  # the box's left wall
        read, _ = _turned_label(sheet, (x0, y0, x1, y1), start)
        label = ts.labels[C.LABEL_KEYS.index(key)]
        assert _letters(read) == _letters(label), (key, read)


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_row_captions_each_grants_rules_with_their_headings_printed_under_them(extra):
    ts, page, cell, fields, heads = _four_grants("row-captions", extra)
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    # no heading row over the first grant: nothing printed over its rules' room
    top = cell["cell:0:0"][1]
    assert _dark(page, (left, top - T.px(0.3), right, top)) == 0
    last = 0
    for r in range(4):
        # a rule to each field, on one level, in the columns' order, under the grant
        # before, the room over each empty
        parts, y1 = _grants_cells_in_order(cell, fields, r, last)
        assert parts[0][0] - left < T.px(0.12) and right - parts[-1][2] < T.px(0.12)
        assert all(_rule(page, (p[0], p[1], p[2], p[3] + 1)) for p in parts), r
        # each field's heading read under its rule, whatever grant it is
        for c, (x0, _, x1, _) in zip(fields, parts):
            got = words(page, (x0 - T.px(0.06), y1 + 3, x1 + T.px(0.06), y1 + T.px(0.3)))
            assert _letters(" ".join(w for w, _ in got)) == _letters(heads[c]), (r, c, got)
            last = max([last] + [b[3] for _, b in got])
    if extra:  # the total: a last rule under the tendered column, captioned so
        tx0, ty0, tx1, ty1 = cell["cell:total"]
        assert ty0 > last and (tx0, tx1) == (cell["cell:3:4"][0], cell["cell:3:4"][2])
        got = words(page, (tx0 - T.px(0.06), ty1 + 3, tx1 + T.px(0.06), ty1 + T.px(0.3)),
                    psm=7)
        assert [w for w, _ in got] == ["TOTAL"]
    _kept_above_the_bottom_margin(T.additional_sheet(ts))


def _two_empty_squares_on_one_level(ts, key: str, page, anchors: dict) -> tuple:
    """The sentence ``key``'s box and its NO box on its page (the sentence never broken
    across pages), two empty squares of one size on one level; the NO box."""
    assert T._tender_split(ts) is None  # the sentence and its boxes on one page
    (page_no, box), (npage, no) = anchors[f"box:{key}"], anchors[f"no:{key}"]
    assert npage == page_no
    for bx0, by0, bx1, by1 in (box, no):
        assert _walls(page, (bx0, by0, bx1, by1)), key
        assert _grey(page, (bx0 + 4, by0 + 4, bx1 - 3, by1 - 3)) == 255, key
    assert (no[2] - no[0], no[1], no[3]) == (box[2] - box[0], box[1], box[3])
    return no


@pytest.mark.parametrize("wording", [0, 1, 2])
def test_yes_no_columns_two_boxes_at_the_right_margin_headed_yes_and_no(wording):
    from samples.yes_no_columns import column_heads
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    labels = C.LABELS if wording else tuple(x.title() for x in C.LABELS)
    for ts, key, text, page, (x0, y0, x1, y1), anchors in _both_sentences(
            "yes-no-columns", wording, labels=labels):
        # two empty squares of a size on one level, the NO box's at the right margin,
        # the YES box's just before it
        nx0, ny0, nx1, ny1 = _two_empty_squares_on_one_level(ts, key, page, anchors)
        assert right - T.px(0.2) < nx1 <= right and x1 < nx0 < x1 + T.px(0.35)
        # no word beside a box: between them, after the NO box, and before the YES box
        # the sentence stops short of the columns
        for beside in ((x1 + 3, y0 - 4, nx0 - 3, y1 + 4),
                       (nx1 + 3, y0 - 4, T.PAGE_W, y1 + 4),
                       (x0 - T.px(0.25), y0 - 4, x0 - 3, y1 + 4)):
            assert _dark(page, beside) == 0, (key, beside)
        # the columns headed Yes and No (in capitals, as the labels are) over their boxes
        for (bx0, _, bx1, _), head in zip(((x0, y0, x1, y1), (nx0, ny0, nx1, ny1)),
                                          column_heads(ts)):
            got = words(page, (bx0 - T.px(0.1), y0 - T.px(0.3), bx1 + T.px(0.1), y0 - 2),
                        psm=7)
            assert [w for w, _ in got] == [head], (key, got)
        # the sentence from the margin, its first line on the boxes' level
        got = words(page, (left - 6, y0 - 8, x0 - T.px(0.25), y1 + 8), psm=7)
        assert [w.replace("|", "I") for w, _ in got][:4] == text.split()[:4], got
        assert got[0][1][0] < left + 6


# a signature block in two columns, its signature first, and in one, its name first and
# its date and time apart
BLOCKS = [("two", "signature-first", False), ("one", "name-first", True)]


def _block_with(place: str, block: str, order: str, split: bool, name: str):
    """The typeset with labels placed ``place``, its block so, the name labelled
    ``name``."""
    return replace(BASE, label_place=place, block=block, block_order=order,
                   datetime_split=split, labels=C.LABELS[:2] + (name,) + C.LABELS[3:])


@pytest.mark.parametrize("block,order,split", BLOCKS)
def test_shared_rule_a_rows_fields_on_one_rule_each_label_small_under_its_stretch(
        block, order, split):
    from samples.shared_rule_labels import SHARED_SPLIT
    ts = _block_with("shared-rule", block, order, split, C.LABEL_NAME)
    page, _, anchors = _page_with(ts, "line:ssn")
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    end = right if block == "two" else left + int((right - left) * 0.8)
    keys = ["signature", "ssn", "name"] + (["date", "time"] if split else ["datetime"])
    if order == "name-first":
        keys = ["name", "signature"] + keys[3:] + ["ssn"]
    lines = {k: anchors[f"line:{k}"][1] for k in keys}
    for i in range(0, len(keys), 2):
        pair = [lines[k] for k in keys[i:i + 2]]
        first, last = pair[0], pair[-1]
        # one rule under the row's fields, from the margin, with nothing over it: no
        # gap, no tick between the stretches; the second's from SHARED_SPLIT of it
        assert first[0] == left and all(p[3] == first[3] for p in pair), keys[i]
        assert _rule(page, (first[0], first[1], last[2], first[3] + 1)), keys[i]
        if len(pair) == 2:
            assert last[2] == end and first[2] < last[0]
            assert abs(last[0] - left - (end - left) * SHARED_SPLIT) < 3
        for key, (x0, y0, x1, y1) in zip(keys[i:i + 2], pair):
            # its label read under its own stretch, from the stretch's start, small
            got = words(page, (x0 - 4, y1 + 3, x1 + 4, y1 + T.px(0.3)))
            label = T._label_text(T.Canvas(ts), key)
            assert _letters(" ".join(w for w, _ in got)) == _letters(label), (key, got)
            assert got[0][1][0] - x0 < T.px(0.04), (key, got)
            assert max(b[3] - b[1] for _, b in got) < T.px(0.12), (key, got)
    # the address across the width: three bare rules, its label under the last
    for k in ("addr1", "addr2", "addr3"):
        x0, y0, x1, y1 = anchors[f"line:{k}"][1]
        assert (x0, x1) == (left, right) and _rule(page, (x0, y0, x1, y1 + 1)), k
    got = words(page, (left - 4, y1 + 3, right, y1 + T.px(0.3)), psm=7)
    assert _letters(" ".join(w for w, _ in got)) == _letters(C.LABEL_ADDRESS), got
    # the additional sheet's signature and date on one rule, each labelled under it
    (sheet,), sa = T.additional_sheet(ts)
    sig, date = sa["line:signature"][1], sa["line:datetime"][1]
    assert sig[3] == date[3] and _rule(sheet, (sig[0], sig[1], date[2], sig[3] + 1))
    for key, (x0, y0, x1, y1) in (("signature", sig), ("datetime", date)):
        got = words(sheet, (x0 - 4, y1 + 3, x1 + 4, y1 + T.px(0.3)))
        assert _letters(" ".join(w for w, _ in got)) == _letters(
            ts.labels[C.LABEL_KEYS.index(key)]), (key, got)


def _dark_runs_up(page, x: int, y: int) -> list[int]:
    """The rules an upright line at ``x`` crosses going up from ``y`` to the first run of
    white 0.8 in long: each one's lowest row."""
    import numpy as np
    col = np.asarray(page)[:y, x][::-1] < 128
    runs, white = [], 0
    for i, dark in enumerate(col):
        if dark and (i == 0 or not col[i - 1]):
            runs.append(y - 1 - i)
        white = 0 if dark else white + 1
        if white > T.px(0.8):
            break
    return runs


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_spanned_heads_a_grid_headed_in_two_tiers_a_spanning_heading_over_its_columns(
        extra):
    from samples.spanned_heads import spans
    ts = replace(BASE, table_style="spanned-heads", rows=4, **extra)
    page, _, anchors = _page_with(ts, "cell:0:0")
    cell = _four_grants_cells(anchors, bool(extra))
    _ruled_round_and_a_total(page, cell)
    # the columns in the groups' order: the date and the price, then the three counts
    fields = (["no"] if extra else []) + [0, 2, 1, 3, 4]
    last = 0
    for r in range(4):
        _, y1 = _grants_cells_in_order(cell, fields, r, last)
        last = y1
    grant, grant_cols, shares, share_cols = spans(ts)
    top = cell["cell:0:0"][1]
    for group, heads, cols in ((grant, grant_cols, (0, 2)), (shares, share_cols, (1, 3, 4))):
        gx0, gx1 = cell[f"cell:0:{cols[0]}"][0], cell[f"cell:0:{cols[-1]}"][2]
        # going up the group's first column by its wall, from its first grant: the rule
        # under the headings, the rule under the spanning heading, the grid's top
        under, span_rule, grid_top = _dark_runs_up(page, gx0 - 2, top)[:3]
        for c, head in zip(cols, heads):
            x0, _, x1, _ = cell[f"cell:0:{c}"]
            assert _dark_runs_up(page, x0 - 2, top)[:2] == [under, span_rule], c
            # the column's own heading between the two rules, and not its field's whole
            # heading: the group's words are over it, once
            got = words(page, (x0 - 4, span_rule + 3, x1 + 4, under - 6))
            assert _letters(" ".join(w for w, _ in got)) == _letters(head), (c, got)
        # the spanning heading over the group's columns, between the grid's top and its
        # rule, which runs across the group's columns
        assert _dark(page, (gx0, span_rule - 1, gx1, span_rule + 2)) > 0.3
        got = words(page, (gx0, grid_top + 3, gx1, span_rule - 6), psm=7)
        assert _letters(" ".join(w for w, _ in got)) == _letters(group), (group, got)
    if extra:  # a grant number's column: no spanning heading, its own in the lower tier
        x0, _, x1, _ = cell["cell:0:no"]
        runs = _dark_runs_up(page, x0 - 2, top)[:2]
        assert runs == [under, grid_top], runs  # the rule under the headings, the top
        got = words(page, (x0 - 4, grid_top + 3, x1 + 4, under - 6))
        assert _letters(" ".join(w for w, _ in got)) == _letters("Grant No."), got


@pytest.mark.parametrize("wording", [0, 1, 2, 3])
def test_in_sentence_two_boxes_inside_the_sentence_before_its_verbs_alternatives(wording):
    from samples.in_sentence_boxes import choice_words
    left = T.px(BASE.margin_in)
    for ts, key, text, page, (x0, y0, x1, y1), anchors in _both_sentences("in-sentence",
                                                                          wording):
        # two empty squares of a size on one level, the affirmative's first
        nx0, ny0, nx1, ny1 = _two_empty_squares_on_one_level(ts, key, page, anchors)
        assert x1 < nx0
        # the words before the choice from the margin, the affirmative after its box,
        # the negative after the other, the sentence going on after it; no YES or NO
        before, yes, no, rest = choice_words(text)
        got = words(page, (left - 6, y0 - 8, x0 - 3, y1 + 8), psm=7)
        assert [w.replace("|", "I") for w, _ in got] == before.split(), (key, got)
        got = words(page, (x1 + 2, y0 - 8, nx0 - 3, y1 + 8), psm=7)
        assert [w for w, _ in got] == [yes], (key, got)
        line = words(page, (nx1 + 2, y0 - 8, T.PAGE_W - left + 6, y1 + 8), psm=7)
        said = [w for w, _ in line]
        assert said[:len(no.split()) + 2] == no.split() + rest.split()[:2], (key, said)
        assert not {"YES", "NO", "Yes", "No", "Y", "N"} & set(said), (key, said)


@pytest.mark.parametrize("block,order,split", BLOCKS)
def test_open_labels_each_a_label_and_nothing_printed_after_it_to_write_on(block, order,
                                                                          split):
    ts = _block_with("open", block, order, split, "NAME OF OPTION HOLDER (PLEASE PRINT)")
    page, _, anchors = _page_with(ts, "line:ssn")
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    keys = ["signature", "ssn", "name"] + (["date", "time"] if split else ["datetime"])
    starts, mid = set(), left + int((right - left) * 0.56)
    for key in keys:
        x0, y0, x1, y1 = anchors[f"line:{key}"][1]
        # nothing printed in the room nor under it: no rule, no box, no dots
        assert _dark(page, (x0, y0, x1, y1 + T.px(0.1))) == 0, key
        # the label, colon and all, read before the room at the column's start, on its
        # level, ending just before it (a long label broken, its last line on the level)
        start = left if x0 < mid or block == "one" else mid
        got = words(page, (start - 6, y1 - T.px(0.62), x0 + 2, y1 + T.px(0.08)))
        label = T._label_text(T.Canvas(ts), key)
        assert _letters(" ".join(w for w, _ in got)) == _letters(label), (key, got)
        assert got[-1][0].endswith(":") and y1 - T.px(0.2) < got[-1][1][3] <= y1 + T.px(
            0.06), (key, got)
        assert x0 - T.px(0.16) < max(b[2] for _, b in got) < x0, (key, got)
        starts.add(abs(got[0][1][0] - start) < 6)
    assert starts == {True}
    # the address across the width: three rooms under the first's start, nothing printed
    rooms = [anchors[f"line:addr{i}"][1] for i in (1, 2, 3)]
    assert len({(r[0], r[2]) for r in rooms}) == 1 and rooms[0][2] == right
    assert rooms[0][3] < rooms[1][3] < rooms[2][3]
    assert _dark(page, (rooms[0][0], rooms[0][1], right, rooms[2][3] + T.px(0.1))) == 0
    # the additional sheet's name, signature and date so too
    (sheet,), sa = T.additional_sheet(ts)
    for key in ("name", "signature", "datetime"):
        x0, y0, x1, y1 = sa[f"line:{key}"][1]
        assert _dark(sheet, (x0, y0, x1, y1 + T.px(0.1))) == 0, key
        start = left + (T.px(3.6) if key == "datetime" else 0)  # the date beside
        got = words(sheet, (start - 6, y1 - T.px(0.62), x0 + 2, y1 + T.px(0.08)))
        assert _letters(" ".join(w for w, _ in got)) == _letters(
            ts.labels[C.LABEL_KEYS.index(key)]), (key, got)


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_example_row_a_printed_shaded_example_over_the_grants_blank_rows(extra):
    from samples.example_row import EXAMPLE, EXAMPLE_NO, caption
    ts, page, cell, fields, _ = _four_grants("example-row", extra)
    _ruled_round_and_a_total(page, cell)
    last = 0
    for r in range(4):  # each grant's cells in the form's order, empty and white
        parts, last = _grants_cells_in_order(cell, fields, r, last)
        assert all(_dark(page, p) == 0 for p in parts), r
    # over the first grant's row, under the headings, a row of the grid's height: its
    # cells tinted light, each holding the example's value printed, the first captioned
    first = [cell[f"cell:0:{c}"] for c in fields]
    rh = cell["cell:1:0"][1] - cell["cell:0:0"][1]
    want = dict(zip([0, 1, 2, 3, 4], EXAMPLE)) | {"no": EXAMPLE_NO}
    for c, (x0, y0, x1, y1) in zip(fields, first):
        ex = (x0, y0 - rh, x1, y1 - rh)
        assert _walls(page, (x0 - T.px(0.04), ex[1] - T.px(0.03), x1 + T.px(0.04),
                             y0 - T.px(0.03))), c
        assert 190 < _grey(page, (x0 + 4, ex[1] + 4, x1 - 4, ex[1] + T.px(0.12))) < 245, c
        got = words(page, (x0, ex[1] + T.px(0.12), x1, ex[3] + 2), psm=7)
        assert [w for w, _ in got] == [want[c]], (c, got)
    x0, y0, x1, _ = first[0]
    big = page.crop((x0 - 4, y0 - rh - 4, x0 + T.px(0.7), y0 - rh + T.px(0.13)))
    big = big.resize((big.width * 3, big.height * 3))
    got = words(big, (0, 0, big.width, big.height), psm=7)
    assert [w for w, _ in got] == [caption(ts)], got
    # the headings over the example, in the grid's band over it
    got = words(page, (first[0][0], first[0][1] - rh - T.px(0.7), first[0][2],
                       first[0][1] - rh - T.px(0.05)))
    assert got and all(b[3] < first[0][1] - rh for _, b in got)


@pytest.mark.parametrize("side,wording", [("before", 0), ("after", 1), ("before", 3)])
def test_check_cell_the_sentence_framed_its_box_a_cell_of_the_frame(side, wording):
    import numpy as np
    left, right = T.px(BASE.margin_in), T.PAGE_W - T.px(BASE.margin_in)
    for ts, key, text, page, (x0, y0, x1, y1), anchors in _both_sentences(
            "check-cell", wording, checkbox_side=side):
        assert T._tender_split(ts) is None and f"no:{key}" not in anchors
        a = np.asarray(page) < 128
        # the cell's walls: its own upright rule and the frame's, at the margin on its
        # side; the frame's top and foot over and under it; the cell empty
        wx0, wy0, wx1, wy1 = _cell(page, (x0, y0, x1, y1))
        assert (wx0 <= left + 2) if side == "before" else (wx1 >= right - 2), key
        assert T.px(0.3) < wx1 - wx0 < T.px(0.42) and not a[y0:y1, x0:x1].any(), key
        # no square by itself: the top and the foot run on over the sentence to the far
        # margin, and the cell is as tall as the sentence's lines
        assert a[wy0 - 2:wy0 + 3, left:right].any(axis=0).mean() > 0.98, key
        assert a[wy1 - 2:wy1 + 3, left:right].any(axis=0).mean() > 0.98, key
        inner = (wx1 + 4, wy0 + 4, right - 4, wy1 - 4) if side == "before" else \
            (left + 4, wy0 + 4, wx0 - 4, wy1 - 4)
        lines = words(page, inner)
        said = [w.replace("|", "I") for w, _ in lines]
        assert said == text.split(), (key, said)
        tops = sorted(b[1] for _, b in lines)
        rows = 1 + sum(t1 - t0 > T.px(0.06) for t0, t1 in zip(tops, tops[1:]))
        assert (rows > 1 or key != "tender") and wy1 - wy0 > rows * ts.size_pt * 2.5, key
        # the mark's place the cell's middle, inside its walls
        assert wx0 < x0 and x1 < wx1 and wy0 < y0 and y1 < wy1, key
        assert abs((y0 + y1) - (wy0 + wy1)) < 6 or y1 - y0 > wy1 - wy0 - 12, key


def _said_before(page, lines: dict, room, start: int) -> list:
    """The words printed from ``start`` to ``room``'s start, from the rule over it (or
    0.62 in over it) down to its level; marks that are no word (a rule read) but a
    slash left out."""
    x0, y0, x1, y1 = room
    over = max([b[3] for b in lines.values() if y1 - T.px(0.62) < b[3] < y1 - 10],
               default=y1 - T.px(0.62))
    got = words(page, (start - 6, over + 6, x0 + 2, y1 + T.px(0.08)))
    return [(w, b) for w, b in got if w == "/" or any(ch.isalnum() for ch in w)]


@pytest.mark.parametrize("block,order,split", BLOCKS)
def test_combined_labels_one_label_names_two_fields_written_in_one_room(block, order,
                                                                         split):
    import numpy as np
    from samples.combined_labels import PITCH, combined_label
    ts = _block_with("combined", block, order, split,
                     "Name of Option Holder (please print)")
    page, _, anchors = _page_with(ts, "line:ssn")
    lines = {k[5:]: v[1] for k, v in anchors.items() if k.startswith("line:")}
    a = np.asarray(page) < 128
    left = T.px(BASE.margin_in)
    right = T.PAGE_W - left if block == "two" else left + int((T.PAGE_W - 2 * left) * 0.8)
    cv = T.Canvas(ts)
    for keys in (["signature"] + (["date", "time"] if split else ["datetime"]), ["ssn"],
                 ["name", "address"]):
        parts = [lines[k] for k in keys if k != "address"]
        x0, x1, y1 = parts[0][0], parts[-1][2], parts[0][3]
        # the fields (but the address) on one rule to the column's end, one after
        # another; the rule unbroken and nothing printed over it to part them
        assert all(p[3] == y1 for p in parts) and x1 == right, keys
        assert all(p[2] < q[0] for p, q in zip(parts, parts[1:])), keys
        assert a[y1 - 2:y1 + 3, x0:x1].any(axis=0).all(), keys
        assert _dark(page, (x0, y1 - T.px(T.WRITE_ROOM), x1, y1 - 3)) == 0, keys
        # one label before the room naming all its fields, their labels joined by a
        # slash, colon and all, from the margin, ending just before the rule, its last
        # line on the rule's level
        got = _said_before(page, lines, parts[0], left)
        text = " ".join(w for w, _ in got)
        assert _letters(text) == _letters(combined_label(cv, keys)), (keys, got)
        assert text.endswith(":") and (len(keys) == 1 or " / " in text), (keys, text)
        assert abs(got[0][1][0] - left) < 6, (keys, got)
        assert x0 - T.px(0.16) < max(b[2] for _, b in got) < x0, (keys, got)
        assert y1 - T.px(0.2) < got[-1][1][3] <= y1 + T.px(0.06), (keys, got)
    # the address's three rules under the name's, as long, with no label of their own
    name = lines["name"]
    for i in (1, 2, 3):
        ax0, _, ax1, ay1 = lines[f"addr{i}"]
        assert (ax0, ax1, ay1) == (name[0], name[2], name[3] + i * T.px(PITCH)), i
        assert a[ay1 - 2:ay1 + 3, ax0:ax1].any(axis=0).all(), i
        assert _dark(page, (left - 6, ay1 - T.px(0.3), ax0 - 4, ay1 + 4)) == 0, i
    # the change notice's name alone; on the additional sheet the name alone and the
    # signature and the date in one room across the width
    _, notice = T.change_notice(ts)
    assert not any(k.startswith("line:addr") for k in notice)
    (sheet,), sa = T.additional_sheet(ts)
    sl = {k[5:]: v[1] for k, v in sa.items() if k.startswith("line:")}
    assert set(sl) == {"name", "signature", "datetime"}
    assert sl["signature"][3] == sl["datetime"][3] and \
        sl["signature"][2] < sl["datetime"][0] and sl["datetime"][2] == T.PAGE_W - left
    for keys in (["name"], ["signature", "datetime"]):
        got = _said_before(sheet, sl, sl[keys[0]], left)
        assert _letters(" ".join(w for w, _ in got)) == _letters(combined_label(cv, keys))


@pytest.mark.parametrize("extra", FOUR_GRANTS)
def test_cents_rule_the_price_column_parted_in_dollars_and_cents_by_a_thin_rule(extra):
    import numpy as np
    from samples.cents_rule import CENTS_W, PAD
    ts, page, cell, fields, heads = _four_grants("cents-rule", extra)
    cents = {k: v[1] for k, v in T.election_form(ts)[1].items() if k.startswith("cents:")}
    assert set(cents) == {f"cents:{r}" for r in range(4)}
    # every other cell ruled round as a grid's, a total boxed
    _ruled_round_and_a_total(page, {k: b for k, b in cell.items() if k[-2:] != ":2"})
    a = np.asarray(page) < 128
    last = 0
    for r in range(4):
        _, last = _grants_cells_in_order(cell, fields, r, last)
        x0, y0, x1, y1 = cell[f"cell:{r}:2"]
        cx0, cy0, cx1, cy1 = cents[f"cents:{r}"]
        # the price cell parted by an upright rule down the row between its walls, the
        # cents part the cell's right end, CENTS_W from the wall
        walls = _upright_rules(page, (x0 - T.px(0.06), y0, x1 + T.px(0.06), y1),
                               y1 - y0 - 2)
        assert len(walls) == 3, (r, walls)
        assert abs(walls[2] - walls[1] - T.px(CENTS_W)) <= 3, (r, walls)
        assert (cy0, cx1, cy1) == (y0, x1, y1) and cx0 == walls[1] + T.px(PAD), r
        # a thin rule, thinner than the walls
        run = [a[(y0 + y1) // 2, x:x + 6].sum() for x in walls[1:]]
        assert 0 < run[0] < run[1], (r, run)
        # and nothing else printed: no point, no $, the two parts empty
        assert _dark(page, (x0, y0, walls[1] - 2, y1)) == 0, r
        assert _dark(page, (walls[1] + 3, y0, x1, y1)) == 0, r
        assert all(_dark(page, cell[f"cell:{r}:{c}"]) == 0 for c in fields if c != 2), r
    # the rule runs down the grants' rows alone: not through the heading, which spans
    # the column and is read whole over both parts
    x0, y0, x1, _ = cell["cell:0:2"]
    rule = _upright_rules(page, (x0, y0, x1, y0 + 20), 18)[0]
    assert a[y0 - T.px(0.5):y0 - T.px(0.05), rule:rule + 2].any(axis=1).mean() < 0.5
    got = words(page, (x0 - T.px(0.02), y0 - T.px(0.7), x1 + T.px(0.02),
                       y0 - T.px(0.05)))
    assert " ".join(w for w, _ in got) == heads[2], got
    foot = cell["cell:3:2"][3]  # nor past the last row
    assert not a[foot + T.px(0.08):foot + T.px(0.2), rule:rule + 2].any()


def _sample_over(page, box) -> tuple[int, int, int, int]:
    """The square of ``box``'s size printed nearest over it (up to 1.3 in over it): its
    bbox, walls and all."""
    import numpy as np
    x0, y0, x1, y1 = box
    s, top = x1 - x0, y0 - T.px(1.3)
    a = np.asarray(page) < 128
    walls = _upright_rules(page, (T.px(0.3), top, T.PAGE_W - T.px(0.3), y0 - 2), s - 4)
    found = []
    for xa in walls:
        for xb in (x for x in walls if s - 6 <= x - xa <= s + 2):
            run = 0
            for y in range(top, y0 - 2):  # a run of the left wall as tall as the box,
                run = run + 1 if a[y, xa] else 0  # a top edge across to the right wall
                if run == s - 4 and a[y - run + 1, xa:xb].all():
                    found.append((y - run + 1, xa, xb))
    ya, xa, xb = max(found)
    while a[ya + s // 2, xb + 1]:
        xb += 1
    yb = ya
    while a[yb + 1, xa]:
        yb += 1
    return xa, ya, xb, yb


@pytest.mark.parametrize("side,wording", [("before", 0), ("after", 1), ("before", 2)])
def test_sample_mark_a_box_printed_marked_over_each_sentence_its_own_box_empty(side,
                                                                              wording):
    import numpy as np
    from samples.sample_marks import instruction
    left = T.px(BASE.margin_in)
    for ts, key, text, page, (x0, y0, x1, y1), anchors in _both_sentences(
            "sample-mark", wording, checkbox_side=side):
        assert T._tender_split(ts) is None and f"no:{key}" not in anchors
        # the sentence's own box an empty square, at the margin before the sentence, or
        # after its last word
        assert _walls(page, (x0, y0, x1, y1)) and abs((x1 - x0) - (y1 - y0)) <= 1, key
        assert _grey(page, (x0 + 4, y0 + 4, x1 - 3, y1 - 3)) == 255, key
        if side == "before":
            assert x0 == left, key
            said = [w.replace("|", "I") for w, _ in words(
                page, (x1 + 4, y0 - 6, T.PAGE_W - left, y1 + 8), psm=7)]
            assert said[:3] == text.split()[:3], (key, said)
        else:
            said = [w for w, _ in words(page, (left, y0 - 6, x0 - 2, y1 + 8), psm=7)]
            assert said[-1:] == text.split()[-1:] or x0 < left + T.px(0.4), (key, said)
        # over the sentence a box of the same size printed with an X corner to corner in
        # it, after the instruction read whole from the margin
        sx0, sy0, sx1, sy1 = _sample_over(page, (x0, y0, x1, y1))
        assert abs((sx1 - sx0) - (x1 - x0)) <= 2 and abs((sy1 - sy0) - (y1 - y0)) <= 2
        a = np.asarray(page) < 128
        assert all(a[sy0 + q - 1:sy0 + q + 2, sx0 + q - 1:sx0 + q + 2].any() and
                   a[sy0 + q - 1:sy0 + q + 2, sx1 - q - 1:sx1 - q + 2].any()
                   for q in range(5, sx1 - sx0 - 4)), key
        line = words(page, (left - 6, sy0 - 12, sx0 - 2, sy1 + 12), psm=7)
        assert [w for w, _ in line] == instruction(ts).split(), (key, line)
        assert abs(line[0][1][0] - left) < 6, (key, line)
        # the sentence's first line under the instruction's (past the box before it)
        start = x1 + 4 if side == "before" else left - 6
        first = words(page, (start, sy1 + 2, T.PAGE_W - left, sy1 + T.px(0.2)), psm=7)
        assert first and first[0][0].replace("|", "I") == text.split()[0], (key, first)


def _left_wall(a, x: int, y0: int, y1: int) -> int:
    """The first upright rule left of ``x`` running down the whole of ``y0``-``y1``."""
    while x > 0 and not a[y0:y1, x - 1:x + 2].any(axis=1).all():
        x -= 1
    return x


def _block_page(place: str, block: str):
    """The signature block's page with labels placed so, and each field's room by key."""
    pages, anchors = T.election_form(replace(BASE, label_place=place, block=block))
    lines = {k[5:]: v[1] for k, v in anchors.items() if k.startswith("line:")}
    return pages[anchors["line:ssn"][0]], lines


@pytest.mark.parametrize("block", ["one", "two"])
def test_framed_boxes_hold_their_labels_and_rooms_and_share_their_walls(block):
    import numpy as np

    from samples import framed_labels as FL
    page, lines = _block_page("framed", block)
    a = np.asarray(page) < 128
    for key in ("signature", "ssn", "name", "datetime", "addr1", "addr2", "addr3"):
        x0, y0, x1, y1 = lines[key]
        assert not a[y0:y1 + 4, x0:x1].any(), key  # the room empty, no rule at its foot
        right = x1 + T.px(FL.PAD)
        assert a[y0:y1, right - 2:right + 3].any(axis=1).all(), key  # the right wall
        wall = _left_wall(a, x0 - 4, y0, y1)  # the left wall, in the same box
        assert x0 - wall < T.px(3.6), key
        label = a[y1 - T.px(0.2):y1 + 2, wall + 3:x0 - 4]
        if key in ("addr2", "addr3"):  # nothing before an address's further rooms
            assert not label.any(), key
            continue
        assert label.any(), key  # the label's last line on the room's level, before it
        got = words(page, (wall + 3, y1 - T.px(0.2), x0 - 2, y1 + 6), psm=7)
        want = _label_words("address" if key == "addr1" else key)
        assert {w.strip(":()") for w, _ in got} & want, (key, got)
        if key != "addr1":  # the box's bottom wall under the room, as long as the box
            foot = y1 + T.px(FL.FOOT)
            assert a[foot - 3:foot + 4, wall + 3:right - 2].any(axis=0).all(), key
    # the address's rooms one under another, from one x, no rule between them
    assert lines["addr1"][0] == lines["addr2"][0] == lines["addr3"][0]
    assert lines["addr3"][3] - lines["addr2"][3] == T.px(FL.LINE)
    if block == "two":  # a row's two boxes side by side, one wall between them
        sig, ssn = lines["signature"], lines["ssn"]
        assert sig[3] == ssn[3] and _left_wall(a, ssn[0] - 4, ssn[1], ssn[3]) == \
            _left_wall(a, sig[2] + T.px(FL.PAD) + 4, sig[1], sig[3])


def _grant_cells(style: str):
    """A form whose grant table is set ``style``, with a grant number's column and a
    total: its typeset, the table's page, the anchors and each row's cells."""
    ts = replace(BASE, table_style=style, total_label="TOTAL", grant_no_heading="Grant No.")
    page, _, anchors = _page_with(ts, "cell:0:0")
    cells = [[anchors[f"cell:{r}:{c}"][1] for c in ["no", 0, 1, 2, 3, 4]]
             for r in range(ts.rows)]
    return ts, page, anchors, cells


def test_apart_grants_each_cell_a_box_of_its_own_white_between_them():
    import numpy as np

    from samples import apart_cells as AC
    ts, page, anchors, cells = _grant_cells("apart")
    a = np.asarray(page) < 128
    top = cells[0][0][1] - T.px(AC.PAD[1] + AC.GUTTER / 2)
    bottom = cells[-1][0][3] + T.px(AC.PAD[1] + AC.GUTTER / 2)
    left = cells[0][0][0] - T.px(AC.PAD[0] + AC.GUTTER / 2)
    right = cells[0][-1][2] + T.px(AC.PAD[0] + AC.GUTTER / 2)
    for r, row in enumerate(cells):
        for c, (x0, y0, x1, y1) in enumerate(row):
            assert not a[y0:y1, x0:x1].any(), (r, c)  # the room empty
            bb = (x0 - T.px(AC.PAD[0]), y0 - T.px(AC.PAD[1]), x1 + T.px(AC.PAD[0]),
                  y1 + T.px(AC.PAD[1]))
            assert _walls(page, bb), (r, c)  # its own box round it
            if c:  # white between it and the box on its left, down the whole table
                gx = (row[c - 1][2] + x0) // 2
                assert not a[top:bottom, gx].any(), (r, c)
        if r:  # white between a row and the one over it, across the whole table
            gy = (cells[r - 1][0][3] + row[0][1]) // 2
            assert not a[gy, left:right].any(), r
    # the headings over the boxes, no rule under them; the total a box of its own under
    # the tendered column
    assert a[top - T.px(0.3):top - 2, left:right].any()
    assert not a[top - 3:top - 1, left:right].all(axis=1).any()
    x0, y0, x1, y1 = anchors["cell:total"][1]
    assert (x0, x1) == (cells[-1][-1][0], cells[-1][-1][2]) and y0 > cells[-1][-1][3]
    assert _walls(page, (x0 - T.px(AC.PAD[0]), y0 - T.px(AC.PAD[1]), x1 + T.px(AC.PAD[0]),
                         y1 + T.px(AC.PAD[1])))


@pytest.mark.parametrize("side", ["before", "after"])
def test_a_rounded_box_is_a_square_whose_corners_are_rounded(side):
    import numpy as np
    ts = replace(BASE, checkbox="rounded", checkbox_side=side)
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "box:tender")
    a = np.asarray(page) < 128
    assert "no:tender" not in anchors and x1 - x0 == y1 - y0
    assert _walls(page, (x0, y0, x1, y1)) and not a[y0 + 4:y1 - 3, x0 + 4:x1 - 3].any()
    # each corner cut off: nothing at the square's very corner, the arc inside it
    r = int((x1 - x0) * T.ROUNDED)
    for cx, cy, dx, dy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x0, y1, 1, -1),
                           (x1, y1, -1, -1)):
        assert not a[cy:cy + 2 * dy:dy, cx:cx + 2 * dx:dx].any(), (cx, cy)
        d = int(r * 0.3)  # on the diagonal, the arc's ink
        assert a[min(cy, cy + dy * 2 * d):max(cy, cy + dy * 2 * d) + 1,
                 min(cx, cx + dx * 2 * d):max(cx, cx + dx * 2 * d) + 1].any(), (cx, cy)
    # a square's corner is ink where the rounded one's is not
    sq, box, _ = _page_with(replace(ts, checkbox="square"), "box:tender")
    assert box == (x0, y0, x1, y1) and (np.asarray(sq)[y0:y0 + 2, x0:x0 + 2] < 128).all()


# each field of a signature block and the one under it, in two columns and in one
FIELDS_UNDER = {"one": (("signature", "ssn"), ("ssn", "name"), ("name", "datetime"),
                        ("datetime", "addr1")),
                "two": (("signature", "name"), ("ssn", "datetime"), ("name", "addr1"))}


def _reads_its_label(page, box, key: str) -> None:
    """The field's label (the address's for its first room) read in ``box``."""
    got = words(page, box, psm=6)
    want = _label_words("address" if key == "addr1" else key)
    assert {w.strip(":()").upper() for w, _ in got} & {w.upper() for w in want}, (key, got)


def _top_wall(a, x: int, y: int) -> int:
    """The first dark row over ``y`` at ``x``."""
    while y > 0 and not a[y - 1, x]:
        y -= 1
    return y - 1


@pytest.mark.parametrize("block", ["one", "two"])
def test_banded_boxes_hold_their_labels_in_a_grey_band_ruled_off_over_white_rooms(block):
    import numpy as np

    from samples import banded_labels as BL
    page, lines = _block_page("banded", block)
    g = np.asarray(page).astype(int)
    a = g < 128
    for key in ("signature", "ssn", "name", "datetime", "addr1", "addr2", "addr3"):
        x0, y0, x1, y1 = lines[key]
        assert (g[y0:y1 + 4, x0:x1] == 255).all(), key  # the room white, no rule at its foot
        left, right = x0 - T.px(BL.PAD), x1 + T.px(BL.PAD)
        assert a[y0:y1, left - 1:left + 3].any(axis=1).all(), key  # the box's side walls
        assert a[y0:y1, right - 2:right + 2].any(axis=1).all(), key
        if key in ("addr2", "addr3"):  # nothing between the address's rooms
            prev = lines["addr1" if key == "addr2" else "addr2"]
            assert (g[prev[3]:y0, x0:x1] == 255).all(), key
            continue
        rule = y1 - T.px(BL.LINE)  # the band's foot, ruled across the box
        assert a[rule - 2:rule + 3, left + 3:right - 2].any(axis=0).all(), key
        top = _top_wall(a, right - T.px(0.03), rule - 3)  # the box's top wall
        assert T.px(0.15) < rule - top < T.px(0.35), key
        band = g[top + 3:rule - 2, left + 3:right - 2]
        assert abs(np.median(band) - T.CELL_GREY) < 15, key  # tinted
        assert (band < 128).any(), key  # and the label in it
        got = words(page, (left + 3, top + 3, right - 2, rule - 2), psm=7)
        want = _label_words("address" if key == "addr1" else key)
        assert {w.strip(":()").upper() for w, _ in got} & {w.upper() for w in want}, \
            (key, got)
    # the address's rooms one under another, from one x
    assert lines["addr1"][0] == lines["addr2"][0] == lines["addr3"][0]
    assert lines["addr3"][3] - lines["addr2"][3] == T.px(BL.LINE)
    if block == "two":  # a row's two boxes side by side, one wall between them, their
        sig, ssn = lines["signature"], lines["ssn"]  # bands of one height
        assert sig[3] == ssn[3] and ssn[0] - sig[2] == 2 * T.px(BL.PAD)


def test_knockout_grants_white_cells_in_a_grey_ground_and_no_rule_anywhere():
    import numpy as np

    from samples import knockout as KO
    ts = replace(BASE, table_style="knockout", total_label="TOTAL",
                 grant_no_heading="Grant No.")
    page, _, anchors = _page_with(ts, "cell:0:0")
    g = np.asarray(page).astype(int)
    cols = ["no", 0, 1, 2, 3, 4]
    cells = [[anchors[f"cell:{r}:{c}"][1] for c in cols] for r in range(ts.rows)]
    px0, py0, half = T.px(KO.PAD[0]), T.px(KO.PAD[1]), T.px(KO.GUTTER / 2)
    top = cells[0][0][1] - py0 - half
    bottom = cells[-1][0][3] + py0 + half
    left = cells[0][0][0] - px0 - half
    right = cells[0][-1][2] + px0 + half
    assert not (g[top:bottom, left:right] < 128).any()  # no rule, no wall
    for r, row in enumerate(cells):
        for c, (x0, y0, x1, y1) in enumerate(row):
            assert (g[y0 - py0:y1 + py0, x0 - px0:x1 + px0] == 255).all(), (r, c)
            if c:  # the ground's tint between it and the cell on its left
                gx = (row[c - 1][2] + x0) // 2
                assert abs(g[y0:y1, gx].mean() - KO.GROUND) < 15, (r, c)
        if r:  # and between a row and the one over it
            gy = (cells[r - 1][0][3] + row[0][1]) // 2
            assert abs(g[gy, left:right].mean() - KO.GROUND) < 15, r
    # round the table a rim of the tint, and the headings printed on it over the cells
    assert abs(g[top:bottom, left + 1].mean() - KO.GROUND) < 15
    heads = g[top - T.px(0.3):top, left:right]
    assert (heads < 128).any() and abs(np.median(heads) - KO.GROUND) < 15
    # the total a white cell under the tendered column, knocked out of a tinted one
    x0, y0, x1, y1 = anchors["cell:total"][1]
    assert (x0, x1) == (cells[-1][-1][0], cells[-1][-1][2]) and y0 > cells[-1][-1][3]
    assert (g[y0:y1, x0:x1] == 255).all()
    assert abs(g[y0:y1, x1 + px0 + half // 2].mean() - KO.GROUND) < 15


@pytest.mark.parametrize("side", ["before", "after"])
def test_a_tile_box_is_a_white_square_knocked_out_of_a_grey_tile(side):
    import numpy as np

    from samples import knockout as KO
    ts = replace(BASE, checkbox="tile", checkbox_side=side)
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "box:tender")
    g = np.asarray(page).astype(int)
    assert "no:tender" not in anchors and x1 - x0 == y1 - y0
    assert (g[y0:y1 + 1, x0:x1 + 1] == 255).all()  # white to its edges, no outline
    t = max(4, int((x1 - x0) * KO.TILE))
    ring = np.concatenate([g[y0 - t:y0, x0 - t:x1 + t].ravel(),
                           g[y1 + 1:y1 + t, x0 - t:x1 + t].ravel(),
                           g[y0:y1, x0 - t:x0].ravel(), g[y0:y1, x1 + 1:x1 + t].ravel()])
    assert ring.min() >= 128 and abs(ring.mean() - KO.GROUND) < 15  # the tile, light
    # a square's walls are ink where the tile's white square has none
    sq, box, _ = _page_with(replace(ts, checkbox="square"), "box:tender")
    ym = (y0 + y1) // 2
    assert box == (x0, y0, x1, y1) and (np.asarray(sq)[ym, x0:x0 + 2] < 128).all()


@pytest.mark.parametrize("block", ["one", "two"])
def test_hanging_labels_hang_under_a_rule_their_writing_under_them_on_the_next(block):
    import numpy as np

    from samples import hanging_labels as HL
    page, lines = _block_page("hanging", block)
    g = np.asarray(page).astype(int)
    a = g < 128
    foot = T.px(HL.FOOT)
    for key in ("signature", "ssn", "name", "datetime", "addr1", "addr2", "addr3"):
        x0, y0, x1, y1 = lines[key]
        assert (g[y0:y1 + foot - 2, x0:x1] == 255).all(), key  # the room white
        if key not in ("addr1", "addr2"):  # the band's foot rule under its last room
            assert a[y1 + foot - 2:y1 + foot + 3, x0:x1].any(axis=0).all(), key
        # no upright bounds the band: nothing either side of the room
        assert not a[y0:y1, x0 - T.px(0.15):x0].any() and \
            not a[y0:y1, x1 + 3:x1 + T.px(0.15)].any(), key
        if key in ("addr2", "addr3"):  # nothing between the address's rooms
            prev = lines["addr1" if key == "addr2" else "addr2"]
            assert (g[prev[3]:y0, x0:x1] == 255).all(), key
            continue
        top = _top_wall(a, x1 - 3, y0 - 2)  # the band's top rule, the label under it
        assert a[top, x0:x1].all(), key
        label = a[top + 3:y0, x0:x1]
        assert label.any(), key
        rows = np.flatnonzero(label.any(axis=1))
        assert rows[0] + 3 <= T.px(HL.HANG) + T.px(0.05), key  # hanging from the rule
        _reads_its_label(page, (x0, top + 3, x1, y0 - T.px(0.04)), key)
    # a band's foot rule is the top rule of the band under it
    under = FIELDS_UNDER[block]
    for upper, lower in under:
        x0, y0, x1, y1 = lines[lower]
        assert _top_wall(a, x1 - 3, y0 - 2) in range(lines[upper][3] + foot - 2,
                                                      lines[upper][3] + foot + 3), lower
    if block == "two":  # a row's two bands of one height, the columns' rules apart
        sig, ssn = lines["signature"], lines["ssn"]
        assert sig[3] == ssn[3]
        assert not a[sig[3] + foot, sig[2] + 3:ssn[0] - 3].any()


def test_three_rule_grants_ruled_over_and_under_their_headings_and_under_the_last_row():
    import numpy as np

    from samples import three_rule as TR
    ts = replace(BASE, table_style="three-rule", total_label="TOTAL",
                 grant_no_heading="Grant No.")
    page, _, anchors = _page_with(ts, "cell:0:0")
    g = np.asarray(page).astype(int)
    a = g < 128
    cols = ["no", 0, 1, 2, 3, 4]
    cells = [[anchors[f"cell:{r}:{c}"][1] for c in cols] for r in range(ts.rows)]
    left, right = cells[0][0][0] - T.px(0.04), cells[0][-1][2] + T.px(0.04)
    for r, row in enumerate(cells):  # the rows one under another, nothing between them
        assert len({(y0, y1) for _, y0, _, y1 in row}) == 1, r
        if r:
            assert row[0][1] - cells[r - 1][0][3] == T.px(0.06), r
    body = (cells[0][0][1], cells[-1][0][3])
    assert not a[body[0]:body[1], left:right].any()  # no rule across, none upright

    def rule_at(y: int) -> int:
        """How thick the rule across the table near ``y`` is (0: none)."""
        band = a[y - 8:y + 9, left:right].all(axis=1)
        return int(band.sum())
    under_heads = body[0] - T.px(0.03)
    foot = body[1] + T.px(0.03)
    assert rule_at(under_heads) >= 2 and rule_at(foot) >= rule_at(under_heads) + TR.HEAVY
    # over the headings a heavy rule, the headings between it and the thin one
    over = _top_wall(a, left + 2, under_heads - 6)
    while a[over - 1, left + 2]:
        over -= 1
    assert rule_at(over + 2) >= rule_at(under_heads) + TR.HEAVY
    heads = a[over + rule_at(over + 2) + 2:under_heads - 3, left:right]
    assert heads.any() and not heads.all(axis=1).any()  # words, no rule
    # the total a cell under the tendered column, a heavy rule under it and only it
    x0, y0, x1, y1 = anchors["cell:total"][1]
    assert (x0, x1) == (cells[-1][-1][0], cells[-1][-1][2]) and y0 > foot
    assert not a[y0:y1, x0:x1].any()
    sum_rule = np.flatnonzero(a[y1:y1 + T.px(0.1), (x0 + x1) // 2])
    assert len(sum_rule) >= 2 + TR.HEAVY
    assert not a[y1 + sum_rule[0], left:x0 - T.px(0.1)].any()


@pytest.mark.parametrize("side", ["before", "after"])
def test_a_cup_box_is_typed_bars_and_an_underscore_open_at_its_top(side):
    import numpy as np

    ts = replace(BASE, checkbox="cup", checkbox_side=side)
    page, (x0, y0, x1, y1), anchors = _page_with(ts, "box:tender")
    a = np.asarray(page) < 128
    assert "no:tender" not in anchors and x1 - x0 > 6 and y1 - y0 > 10
    assert not a[y0:y1, x0:x1].any()  # the room empty
    assert a[y0 + 1:y1 - 1, x0 - 3:x0].any(axis=1).all()  # a bar at each side
    assert a[y0 + 1:y1 - 1, x1:x1 + 3].any(axis=1).all()
    mid = (x0 + x1) // 2
    assert a[y1:y1 + 4, mid - 2:mid + 3].any(axis=0).all()  # the underscore its floor
    assert not a[y0 - T.px(0.08):y0, x0:x1].any()  # nothing closes its top
    # a square's top is ink where the cup has none
    sq, (sx0, sy0, sx1, sy1), _ = _page_with(replace(ts, checkbox="square"), "box:tender")
    assert np.asarray(sq)[sy0:sy0 + 2, (sx0 + sx1) // 2].min() < 128


@pytest.mark.parametrize("block", ["one", "two"])
def test_over_box_labels_stand_over_their_empty_boxes_the_boxes_apart(block):
    import numpy as np

    from samples import over_box_labels as OB
    page, lines = _block_page("over-box", block)
    a = np.asarray(page) < 128
    tops = {}
    for key in ("signature", "ssn", "name", "datetime", "addr1", "addr2", "addr3"):
        x0, y0, x1, y1 = lines[key]
        assert not a[y0:y1 + 4, x0:x1].any(), key  # the room empty, no rule at its foot
        wall = (x0 - T.px(OB.PAD), x1 + T.px(OB.PAD))  # walled at both sides
        assert a[y0:y1, wall[0] - 1:wall[0] + 2].any(axis=1).all(), key
        assert a[y0:y1, wall[1] - 2:wall[1] + 1].any(axis=1).all(), key
        if key in ("addr2", "addr3"):  # nothing between the address's rooms
            assert not a[lines["addr1"][3]:y0, x0:x1].any(), key
            continue
        top = y1 - T.px(OB.LINE)  # the box's top wall, nothing inside over the room
        assert _top_wall(a, x1 - 3, y0 - 2) in range(top, top + 4), key
        assert a[top, x0:x1].all(), key
        tops[key] = top
        label = a[top - T.px(0.3):top - 2, wall[0]:x1]  # the label over the box, outside
        rows = np.flatnonzero(label.any(axis=1))
        assert len(rows) and top - T.px(0.3) + rows[-1] >= top - T.px(OB.LIFT) - 2, key
        _reads_its_label(page, (wall[0] - 4, top - T.px(0.3), x1, top - 2), key)
    # a box's bottom wall, then white at its walls' place, the next label, the next box:
    # no wall shared
    under = FIELDS_UNDER[block]
    for upper, lower in under:
        x0, _, _, y1 = lines[upper]
        bottom = y1 + T.px(OB.FOOT)
        assert a[bottom - 1:bottom + 2, x0:x0 + T.px(0.5)].any(axis=0).all(), upper
        wall = x0 - T.px(OB.PAD)
        gap = a[bottom + 4:tops[lower] - 2, wall]
        assert len(gap) > T.px(0.15) and not gap.any(), (upper, lower)
    if block == "two":  # a row's two boxes' tops on one level
        assert tops["signature"] == tops["ssn"] and tops["name"] == tops["datetime"]


def test_underlined_heads_grants_ruled_only_under_each_heading_apart():
    import numpy as np

    from samples import underlined_heads as UH
    ts, page, anchors, cells = _grant_cells("underlined-heads")
    a = np.asarray(page) < 128
    edges = [x0 - T.px(0.04) for x0, _, _, _ in cells[0]] + [cells[0][-1][2] + T.px(0.04)]
    for r, row in enumerate(cells):  # the rows one under another, nothing between them
        assert len({(y0, y1) for _, y0, _, y1 in row}) == 1, r
    top, foot = cells[0][0][1], cells[-1][0][3] + T.px(0.04)
    assert not a[top:foot, edges[0] - T.px(0.1):edges[-1] + T.px(0.1)].any()
    # under each heading a rule of its own across its column, apart from the next one's
    rule = top - T.px(0.03) - T.px(UH.UNDER)
    band = a[rule - 3:rule + 4]
    for c, (x0, x1) in enumerate(zip(edges, edges[1:])):
        ends = x0 + T.px(UH.INSET), x1 - T.px(UH.INSET)
        assert band[:, ends[0] + 1:ends[1] - 1].any(axis=0).all(), c
        assert not band[:, x0 - 3:x0 + 4].any(), c  # apart at the column's edges
        heading = a[rule - T.px(0.6):rule - 4, ends[0]:ends[1]]
        assert heading.any() and not heading.all(axis=1).any(), c  # words, no rule
        got = words(page, (x0, rule - T.px(0.7), x1, rule - 4), psm=6)
        want = C.TABLE_HEADINGS[c - 1] if c else "Grant No."
        assert {w.upper() for w, _ in got} & {w.upper() for w in want.split()}, (c, got)
    # nothing over the headings (a rule across the table is none of this style's)
    assert not a[rule - T.px(0.9):rule - 4, edges[0]:edges[-1]].all(axis=1).any()
    # the total: a rule over its cell, a double one under it, its column only
    x0, y0, x1, y1 = anchors["cell:total"][1]
    assert not a[y0 + 3:y1, x0 + T.px(0.04):x1 - T.px(0.04)].any()
    mid = (x0 + x1) // 2
    over = np.flatnonzero(a[y0 - T.px(0.06):y0 + 3, mid])
    under = np.flatnonzero(np.diff(a[y1:y1 + T.px(0.15), mid].astype(int)) == 1)
    assert len(over) and len(under) == 2, (over, under)
    assert not a[y1:y1 + T.px(0.15), edges[0]:x0 - T.px(0.1)].any(axis=0).all()


@pytest.mark.parametrize("key", ["tender", "additional"])
def test_a_brace_box_stands_beyond_a_brace_as_tall_as_its_sentence(key):
    import numpy as np

    from samples import brace_boxes as BB
    ts = replace(BASE, checkbox="brace")
    page, (x0, y0, x1, y1), anchors = _page_with(ts, f"box:{key}")
    a = np.asarray(page) < 128
    assert f"no:{key}" not in anchors and x1 - x0 == y1 - y0 > 10
    assert not a[y0 + 3:y1 - 2, x0 + 3:x1 - 2].any()  # an empty square, walled round
    assert a[y0:y1, x0:x0 + 2].all() and a[y0:y0 + 2, x0:x1].all() and \
        a[y1 - 1:y1 + 1, x0:x1].any(axis=1).all()
    # the brace before it: its point level with the box's middle
    gap = T.px(BB.GAP)
    point = np.flatnonzero(a[y0:y1, x0 - gap - 3:x0 - 3].any(axis=1))
    assert len(point) and abs(y0 + point.mean() - (y0 + y1) / 2) < 4
    back = x0 - gap - T.px(BB.WIDTH)
    col = a[:, back - 2:back + T.px(BB.WIDTH) + 2].any(axis=1)
    ink = [(y0 + y1) // 2, (y0 + y1) // 2]  # the brace's ink, up and down from its point
    while col[ink[0] - 1]:
        ink[0] -= 1
    while col[ink[1] + 1]:
        ink[1] += 1
    span = ink[1] - ink[0]
    assert span > 1.8 * ts.size_pt * T.RENDER_DPI / 72, span  # two lines tall or more
    assert abs((ink[0] + ink[-1]) / 2 - (y0 + y1) / 2) < 6  # the box at its middle
    # the sentence's lines, over the brace's height, all end before it
    text = a[ink[0]:ink[-1], T.px(BASE.margin_in):back - 3]
    assert text.any(axis=1).sum() > 0.5 * span
    assert not a[ink[0]:ink[-1], x1 + 4:T.PAGE_W - T.px(BASE.margin_in)].any()
    assert not a[ink[0]:ink[-1], back + T.px(BB.WIDTH) + 4:x0 - gap - 3].any()
