"""Filling as people fill and pages as they arrive: the truth says what is drawn where
(read back with real Tesseract), one page each."""

from __future__ import annotations

import json
import random
import re
import subprocess
from datetime import date, datetime

import numpy as np
import pytest
from PIL import Image

from samples import fill as F
from samples import generate as G
from samples import hand as H
from samples import typesets as T
from samples.people import make_roster
from tests.test_samples_layouts import words

pytestmark = pytest.mark.skipif(subprocess.run(["which", "tesseract"],
                                               capture_output=True).returncode != 0,
                                reason="tesseract not installed")

HOLDER = next(h for h in make_roster(random.Random("fill-tests"), 40) if h.middle)
SIGNED = datetime(2003, 3, 28, 14, 15)
LINES = {"ssn": "line:ssn", "holder_name": "line:name", "datetime": "line:datetime"}


def _habits(hand: str, **quirks) -> F.Habits:
    hb = F.Habits.random(random.Random(1), hand)
    q = dict(caps=False, overrun=0.0, correct="", exact_prices=False)
    q.update(quirks)
    return F.Habits(hb.pen, "m/d/yyyy", "m/d/yyyy", "h:mm AM", True, True, "x",
                    F.Quirks(**q))


def _notice(hb: F.Habits, seed: int = 3):
    filled = F.fill_change_notice(HOLDER, "modern", hb, SIGNED, random.Random(seed))
    _, anchors = T.change_notice("modern")
    return filled.pages[0], filled.doc, {k: v[1] for k, v in anchors.items()}


def _text(page, box, psm: int = 7) -> str:
    return " ".join(w for w, _ in words(page, box, psm))


def _figures(page, box) -> str:
    """The figures Tesseract reads in ``box`` of ``page`` as one line, nothing but figures
    allowed (typed figures spaced one to a place read as words of one or two)."""
    from tests.test_samples_layouts import _png
    out = subprocess.run(["tesseract", "-", "-", "--psm", "7", "-c",
                          "tessedit_char_whitelist=0123456789"],
                         input=_png(page.crop(box)), capture_output=True, timeout=60,
                         check=True, env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    return out.stdout.decode().replace(" ", "").strip()


def test_a_value_struck_through_and_written_again_has_the_corrected_value_as_truth():
    page, doc, anchors = _notice(_habits("typewriter", correct="ssn"))
    assert doc["fill"]["corrected"] == ["ssn"]
    assert doc["fields"]["ssn"] == HOLDER.ssn
    x0, y0, x1, y1 = anchors["line:ssn"]
    cut = x0 + int((x1 - x0) * 0.47)
    right = _text(page, (cut, y0 - 10, x1, y1 - 2))
    assert right.replace(" ", "-") == HOLDER.ssn or right == HOLDER.ssn.replace("-", " ")
    left = np.asarray(page.crop((x0, y0, cut, y1 - 4))) < 128
    rows = left.mean(axis=1)
    assert rows.max() > 0.5  # the stroke through the first try crosses its whole width
    assert _text(page, (x0, y0 - 10, cut, y1 - 2)) != right


def test_writing_that_runs_over_its_line_ends_past_it_and_keeps_its_value():
    hb = _habits("kalam", overrun=1.0)
    page, doc, anchors = _notice(hb)
    over = doc["fill"]["overrun"]
    assert over, "an overrun of 1.0 runs at least one value past its line"
    blank = np.asarray(T.change_notice("modern")[0][0])
    ink = np.asarray(page) < 128
    for key in over:
        x0, y0, x1, y1 = anchors[LINES[key]]
        beyond = ink[y0 - 20:y1 + 10, x1 + 2:] & (blank[y0 - 20:y1 + 10, x1 + 2:] > 128)
        assert beyond.sum() > 50, key
    assert doc["fields"]["holder_name"] in {HOLDER.name, f"{HOLDER.first} {HOLDER.last}",
                                            f"{HOLDER.first[0]}. {HOLDER.last}",
                                            f"{HOLDER.first[0]}. {HOLDER.middle}. {HOLDER.last}"}


def test_a_typist_in_capitals():
    page, doc, anchors = _notice(_habits("typewriter", caps=True))
    name = doc["fields"]["holder_name"]
    assert name == name.upper() and doc["fill"]["caps"] is True
    x0, y0, x1, y1 = anchors["line:name"]
    assert _text(page, (x0, y0 - 10, x1, y1 - 2)) == name


def test_a_printed_name_that_is_an_initial_and_a_surname():
    # find the draw whose printed name is an initial and the surname, then read it back
    seed = next(s for s in range(200)
                if re.fullmatch(r"[A-Z]\. [A-Z][a-z']+",
                                F.written_name(HOLDER, random.Random(s))))
    rng = random.Random(seed)
    name = F.written_name(HOLDER, rng)
    assert name == f"{HOLDER.first[0]}. {HOLDER.last}"
    blank, anchors = T.change_notice("modern")
    page, box = blank[0].copy(), anchors["line:name"][1]
    H.write(page, name, box, _habits("typewriter").pen, random.Random(1))
    assert _text(page, (box[0], box[1] - 10, box[2], box[3] - 2)) == name


def test_names_with_and_without_a_middle_initial_and_signatures_of_an_initial_and_surname():
    names = {F.written_name(HOLDER, random.Random(s)) for s in range(300)}
    assert HOLDER.name in names  # with the middle initial
    assert f"{HOLDER.first} {HOLDER.last}" in names  # without
    assert f"{HOLDER.first[0]}. {HOLDER.last}" in names
    page = Image.new("L", (800, 200), 255)
    signed = {H.signature(page, HOLDER.name, (10, 40, 790, 180), random.Random(s), 0)
              for s in range(40)}
    assert f"{HOLDER.first[0]}. {HOLDER.last}" in signed and HOLDER.last in signed


def test_typists_dates_and_prices():
    d = date(2003, 3, 28)
    assert F.fmt_date(d, "m/d/yyyy") == "3/28/2003"
    assert F.fmt_date(d, "mm/dd/yyyy") == "03/28/2003"
    typed = [F.with_quirks(F.Habits.random(random.Random(s), "typewriter"), random.Random(s))
             for s in range(60)]
    assert {"m/d/yyyy", "mm/dd/yyyy"} <= {hb.date_style for hb in typed}
    assert any(hb.quirks.caps for hb in typed) and any(hb.quirks.exact_prices for hb in typed)
    # an exact typist writes "$5.00", never "$5.0" or "5"
    hb = F.Habits(typed[0].pen, "m/d/yyyy", "m/d/yyyy", "HH:MM", False, True, "x",
                  F.Quirks(False, 0.0, "", True))
    pages, anchors = T.election_form("classic")
    page = pages[1].copy()
    g = HOLDER.grants[0]
    row = F._grant_row(page, {k: v for k, v in anchors.items()}, 0, g, g.unexercised, hb,
                       random.Random(2), "form", {})
    x0, y0, x1, y1 = anchors["cell:0:2"][1]
    assert _text(page, (x0, y0 - 6, x1, y1 + 2)) == "$" + g.exercise_price == \
        "$" + row["exercise_price"]


def _one(tmp_path, **plan) -> tuple[dict, object]:
    base = dict(scenario="notice", typeset="modern", hand="typewriter", fmt="tiff-g4",
                channel="fax-fine", timing="before", sheet=False, upside_down="none",
                sidecar=True)
    base.update(plan)
    path, = G.generate_set(tmp_path, 1, 8, overrides={0: base})
    truth = json.loads((tmp_path / "truth" / f"{path.name}.json").read_text())
    return truth, path


def _osd_rotate(img) -> int:
    """Tesseract's 'Rotate:' (degrees to turn the image clockwise to stand it up)."""
    import io
    b = io.BytesIO()
    img.convert("L").save(b, format="PNG", dpi=(200, 200))
    out = subprocess.run(["tesseract", "-", "-", "--psm", "0"], input=b.getvalue(),
                         capture_output=True, timeout=60,
                         env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
    return int(re.search(rb"Rotate: (\d+)", out.stdout + out.stderr).group(1))


@pytest.mark.parametrize("fmt,channel", [("tiff-g4", "fax-fine"), ("pdf-scan", "scan-grey")])
def test_a_page_turned_sideways(tmp_path, fmt, channel):
    truth, path = _one(tmp_path, sideways="all", fmt=fmt, channel=channel)
    turned, = truth["meta"]["rotations"]
    assert turned in (90, 270)
    if fmt == "tiff-g4":
        img = Image.open(path)
    else:
        out = subprocess.run(["pdftoppm", "-r", "100", "-png", str(path)],
                             capture_output=True, check=True).stdout
        import io
        img = Image.open(io.BytesIO(out))
    assert img.width > img.height
    assert _osd_rotate(img) == 360 - turned  # turning it back stands it up


def test_a_phone_photograph(tmp_path):
    truth, path = _one(tmp_path, fmt="jpeg", channel="phone")
    img = Image.open(path)
    assert img.format == "JPEG" and img.mode == "RGB" and img.info["dpi"][0] == 72
    assert truth["meta"]["channel"] == "phone" and truth["meta"]["dpi"] == [72, 72]
    a = np.asarray(img.convert("L"), dtype=np.float32)
    h, w = a.shape
    corner = a[: h // 50, : w // 50].mean()
    assert corner < 160 < np.percentile(a[h // 3: 2 * h // 3, w // 3: 2 * w // 3], 90)
    # the light is uneven: one side of the paper darker than the other
    paper = [np.percentile(a[h // 4: 3 * h // 4, x: x + w // 6], 90)
             for x in (w // 10, 3 * w // 4)]
    rows = [np.percentile(a[y: y + h // 6, w // 4: 3 * w // 4], 90)
            for y in (h // 10, 3 * h // 4)]
    assert max(abs(paper[0] - paper[1]), abs(rows[0] - rows[1])) > 4
    text = _text(img.convert("L"), (0, 7 * h // 20, w, 17 * h // 20), psm=3)  # signature block
    assert "OPTION HOLDER NAME" in text.upper()
    assert truth["documents"][0]["fields"]["holder_name"].upper() in text.upper()


def test_a_grant_number_is_written_in_its_own_column_and_never_in_the_truths_grants():
    from dataclasses import replace as _replace
    ts = _replace(T.TYPESETS["modern"], grant_no_heading="GRANT NO.")
    hb = _habits("typewriter")
    _, anchors = T.election_form(ts)
    pi, (x0, y0, x1, y1) = anchors["cell:0:no"]

    def written(seed):
        f = F.fill_election_form(HOLDER, ts, hb, SIGNED, random.Random(seed))
        return (np.asarray(f.pages[pi].crop((x0, y0, x1, y1))) < 128).sum() > 100, f
    filled = next(f for ok, f in map(written, range(60)) if ok)
    got = _text(filled.pages[pi], (x0, y0 - 6, x1, y1 + 2))
    assert got in {g.grant_number for g in HOLDER.grants}
    assert all(set(g) == {"grant_date", "shares_granted", "exercise_price",
                          "shares_exercised", "shares_tendered", "source"}
               for g in filled.doc["grants"])


def test_a_form_sent_without_its_instructions_pages(tmp_path):
    truth, path = _one(tmp_path, scenario="form", typeset="classic", pages_sent="filled",
                       sideways="none")
    doc, = truth["documents"]
    assert truth["meta"]["pages_sent"] == "filled"
    assert doc["pages"] == [1, 2] and truth["page_count"] == 2
    assert {b[4] for b in doc["boxes"].values()} <= {1, 2}
    img = Image.open(path)
    assert img.n_frames == 2
    img.seek(1)
    page = img.convert("L")
    text = _text(page, (0, 0, page.width, page.height), psm=3).upper()
    assert "SOCIAL SECURITY NUMBER" in text  # the signature page is the last one sent


def test_a_name_and_address_printed_by_the_company():
    from dataclasses import replace as _replace
    ts = _replace(T.TYPESETS["modern"], prefilled=True)
    filled = F.fill_election_form(HOLDER, ts, _habits("kalam", caps=True), SIGNED,
                                  random.Random(4))
    _, anchors = T.election_form(ts)
    pi, (x0, y0, x1, y1) = anchors["line:name"]
    assert filled.doc["fields"]["holder_name"] == HOLDER.name  # as printed, not in caps
    assert _text(filled.pages[pi], (x0, y0 - 6, x1, y1 + 2)) == HOLDER.name
    first = anchors["line:addr1"][1]
    assert _text(filled.pages[pi], (first[0], first[1] - 6, first[2], first[3] + 2)) == \
        HOLDER.address_lines[0]
    assert filled.doc["fields"]["address"].startswith(HOLDER.address_lines[0])


def test_a_total_row_under_the_tendered_column_is_no_grant():
    from dataclasses import replace as _replace
    ts = _replace(T.TYPESETS["classic"], total_label="TOTAL")
    _, anchors = T.election_form(ts)
    pi, (x0, y0, x1, y1) = anchors["cell:total"]
    hb = _habits("typewriter")

    def with_total(seed):
        f = F.fill_election_form(HOLDER, ts, hb, SIGNED, random.Random(seed))
        return (np.asarray(f.pages[pi].crop((x0, y0, x1, y1))) < 128).sum() > 100, f
    filled = next(f for ok, f in map(with_total, range(60)) if ok)
    total = sum(g["shares_tendered"] for g in filled.doc["grants"])
    assert _text(filled.pages[pi], (x0, y0 - 6, x1, y1 + 2)).replace(",", "") == str(total)
    label = _text(filled.pages[pi], (T.px(1.0), y0, x0 - T.px(0.05), y1))
    assert label == "TOTAL"
    last_row = anchors[f"cell:{ts.rows - 1}:4"][1]
    assert last_row[3] < y0  # under the table's last row, and not one of the truth's grants
    assert len(filled.doc["grants"]) <= ts.rows


def test_a_pale_pen_and_a_note_in_the_margin():
    hb = F.Habits(H.Pen("kalam", 50, 0.0, 1, 130), "m/d/yyyy", "m/d/yyyy", "HH:MM", True,
                  True, "x", F.Quirks(False, 0.0, "", False, note="See attached sheet",
                                      light=True))
    filled = F.fill_election_form(HOLDER, "modern", hb, SIGNED, random.Random(3))
    _, anchors = T.election_form("modern")
    page = np.asarray(filled.pages[anchors["line:name"][0]])
    x0, y0, x1, y1 = anchors["line:name"][1]
    written = page[y0:y1 - 4, x0:x1]
    assert written.min() >= 125 and (written < 200).sum() > 200  # pale, but there
    margin = page[T.PAGE_H - T.px(0.75):T.PAGE_H - T.px(0.25), T.px(0.5):T.px(4.5)]
    assert (margin < 200).sum() > 200
    assert filled.doc["fill"]["note"] == "See attached sheet" and filled.doc["fill"]["light"]


def test_a_typist_who_types_share_counts_as_money():
    hb = F.Habits(_habits("typewriter").pen, "m/d/yyyy", "m/d/yyyy", "HH:MM", True, True, "x",
                  F.Quirks(False, 0.0, "", True, share_cents=True))
    pages, anchors = T.election_form("classic")
    page = pages[1].copy()
    g = max(HOLDER.grants, key=lambda g: g.shares_granted)
    row = F._grant_row(page, anchors, 0, g, g.unexercised, hb, random.Random(2), "form", {})
    x0, y0, x1, y1 = anchors["cell:0:1"][1]
    assert _text(page, (x0, y0 - 6, x1, y1 + 2)) == f"{g.shares_granted:,}.00"
    assert row["shares_granted"] == g.shares_granted  # the truth is the count


def test_the_signature_block_in_one_column_name_first():
    from tests.test_samples_layouts import BASE
    from dataclasses import replace as _replace
    ts = _replace(BASE, block="one", block_order="name-first", label_place="below")
    _, anchors = T.election_form(ts)
    ys = {k: anchors[f"line:{k}"][1][3] for k in ("name", "signature", "datetime", "ssn")}
    assert ys["name"] < ys["signature"] < ys["datetime"] < ys["ssn"]
    xs = {anchors[f"line:{k}"][1][0] for k in ys}
    assert len(xs) == 1  # one column
    two = T.election_form(_replace(ts, block="two", block_order="signature-first"))[1]
    assert two["line:signature"][1][3] == two["line:ssn"][1][3]  # side by side
    assert two["line:ssn"][1][0] > two["line:signature"][1][2]


def test_the_date_and_the_time_on_lines_of_their_own():
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE
    ts = _replace(BASE, datetime_split=True, label_place="below")
    _, anchors = T.change_notice(ts)
    assert "line:datetime" not in anchors
    hb = _habits("typewriter")
    seed = next(s for s in range(40) if F.fill_change_notice(
        HOLDER, ts, hb, SIGNED, random.Random(s)).doc["fields"]["signed_at"].count("T"))
    filled = F.fill_change_notice(HOLDER, ts, hb, SIGNED, random.Random(seed))
    assert filled.doc["fields"]["signed_at"] == "2003-03-28T14:15"
    page = filled.pages[0]
    d, t = anchors["line:date"][1], anchors["line:time"][1]
    assert _text(page, (d[0], d[1] - 6, d[2], d[3] + 2)) == "3/28/2003"
    assert _text(page, (t[0], t[1] - 6, t[2], t[3] + 2)) == "2:15 PM"
    assert _text(page, (t[0] - 6, t[3] + 2, t[2], t[3] + T.px(0.3))) == "TIME"  # as DATE AND TIME


def test_a_form_sent_without_its_instructions_keeps_its_title_page():
    from dataclasses import replace as _replace
    ts = _replace(T.TYPESETS["modern"], tender_page=2, signature_page="next")
    filled = F.fill_election_form(HOLDER, ts, _habits("typewriter"), SIGNED,
                                  random.Random(1), only_filled=True)
    assert len(filled.pages) == 3  # the title page, the table's page, the signature's
    top = _text(filled.pages[0], (0, T.px(0.6), T.PAGE_W, T.px(2.0)), psm=3)
    assert "ELECTION FORM" in top
    assert filled.boxes["tender_elected"][0] == 1


@pytest.mark.parametrize("hand", ["caveat", "typewriter"])
def test_values_written_in_grid_rows_and_a_zebra_table_stay_inside_their_cells(hand):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, _cell
    ts = _replace(BASE, label_place="cells", table_style="zebra", checkbox="shaded",
                  block="two", rows=4)
    blank, anchors = T.election_form(ts)
    hb = _habits(hand)
    filled = F.fill_election_form(HOLDER, ts, hb, SIGNED, random.Random(5))
    pi = anchors["line:name"][0]
    ink = np.asarray(filled.pages[pi]) != np.asarray(blank[pi])
    inside = np.zeros_like(ink)
    cells = [_cell(blank[pi], box) for k, (_, box) in anchors.items()
             if k.startswith("line:")]
    for x0, y0, x1, y1 in cells:  # the value cells, their walls left out
        inside[y0 + 1:y1, x0 + 1:x1] = True
    grid = slice(min(c[1] for c in cells) - T.px(0.3), max(c[3] for c in cells) + T.px(0.3))
    assert ink[grid].sum() > 2000 and not (ink & ~inside)[grid].any()
    if hand == "typewriter":
        x0, y0, x1, y1 = anchors["line:ssn"][1]
        assert _text(filled.pages[pi], (x0, y0 - 6, x1, y1 + 2)).replace(" ", "-") == \
            HOLDER.ssn
    # each grant's values in its row's band, shaded or white, and legible on the shade
    g, table = HOLDER.grants[0], blank[anchors["cell:0:0"][0]]
    for r in range(ts.rows):
        page = table.copy()
        F._grant_row(page, anchors, r, g, g.unexercised, hb, random.Random(r), "form", {})
        rows = np.nonzero((np.asarray(page) != np.asarray(table)).any(axis=1))[0]
        top, bottom = anchors[f"cell:{r}:0"][1][1], anchors[f"cell:{r}:0"][1][3]
        assert top - T.px(0.03) <= rows[0] and rows[-1] <= bottom + T.px(0.03)
        if hand == "typewriter" and r == 0:
            x0, y0, x1, y1 = anchors["cell:0:1"][1]
            got = _text(page, (x0, y0 - 6, x1, y1 + 2)).replace(" ", "")
            assert got == f"{g.shares_granted:,}"


def _boxed_text(page, cells) -> str:
    """The characters in a row of boxes, read with the walls cut away: each box's inside
    pasted beside the last on white paper."""
    inset = 4
    w = sum(c[2] - c[0] - 2 * inset for c in cells) + 12 * len(cells)
    h = cells[0][3] - cells[0][1] - 2 * inset
    strip = Image.new("L", (w + 40, h + 40), 255)
    x = 20
    for c in cells:
        strip.paste(page.crop((c[0] + inset, c[1] + inset, c[2] - inset, c[3] - inset)),
                    (x, 20))
        x += c[2] - c[0] - 2 * inset + 12
    return _text(strip, (0, 0, strip.width, strip.height)).replace(" ", "")


@pytest.mark.parametrize("hand", ["kalam", "typewriter"])
def test_character_boxes_filled_a_character_to_a_box_and_a_word_circled(hand):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE
    ts = _replace(BASE, label_place="comb", table_style="ledger", checkbox="yes-no",
                  block="two", rows=4)
    blank, anchors = T.election_form(ts)
    hb = _habits(hand)
    seed = next(s for s in range(40) if F.fill_election_form(
        HOLDER, ts, hb, SIGNED, random.Random(s)).doc["fields"]["ssn"])
    filled = F.fill_election_form(HOLDER, ts, hb, SIGNED, random.Random(seed))
    pi = anchors["line:ssn"][0]
    ink = np.asarray(filled.pages[pi]) != np.asarray(blank[pi])
    for key in ("ssn", "name", "datetime", "addr1"):
        cells = anchors[f"comb:{key}"][1]
        x0, y0, x1, y1 = anchors[f"line:{key}"][1]
        # nothing written on a box's wall, and nothing above or below the row
        inside = np.zeros_like(ink)
        for c in cells:
            inside[c[1] + 2:c[3] - 1, c[0] + 2:c[2] - 1] = True
        band = slice(y0 - T.px(0.15), y1 + T.px(0.1))
        assert ink[band, x0:x1].sum() > 300 and not (ink & ~inside)[band, x0:x1].any(), key
    used = [c for c in anchors["comb:ssn"][1]
            if ink[c[1]:c[3], c[0]:c[2]].sum() > 30]
    assert len(used) == 9  # a digit in each of the SSN's boxes, no hyphen written
    if hand == "typewriter":
        assert _boxed_text(filled.pages[pi], anchors["comb:ssn"][1]) == \
            HOLDER.ssn.replace("-", "")
    # the name a character to a box, a box left empty between its words
    name = filled.doc["fields"]["holder_name"]
    written = [ink[c[1]:c[3], c[0]:c[2]].sum() > 5 for c in anchors["comb:name"][1]]
    assert written == [ch != " " for ch in name] + [False] * (len(written) - len(name))
    # the tender elected: YES circled round, NO left alone; the truth says so
    assert filled.doc["fields"]["tender_elected"] is True
    tp, (x0, y0, x1, y1) = anchors["box:tender"]
    ring = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    pad = T.px(0.12)
    around = ring[y0 - pad:y1 + pad, x0 - pad:x1 + pad]
    assert around[:, :pad].any() and around[:, -pad:].any()  # left and right of the word
    assert around[:pad].any() and around[-pad:].any()  # above it and below it
    nx0, ny0, nx1, ny1 = anchors["no:tender"][1]
    assert not ring[ny0:ny1, nx0 + pad:nx1].any()


@pytest.mark.parametrize("style", ["yes-no", "two-box", "strike-out", "bubble",
                                   "alternatives", "yes-no-columns", "in-sentence"])
def test_not_tendered_leaves_yes_alone_and_marks_no_on_some_forms(style):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import (BASE, FIFTH, NINTH, SEVENTH, TENTH,
                                            THIRTEENTH, TWELFTH)
    if style == "two-box":  # the fifth family, its pair after the sentence
        ts = _replace(BASE, **FIFTH, tender_page=2, checkbox_side="after")
    elif style == "strike-out":  # the seventh family: "DO" struck out, or neither
        ts = _replace(BASE, **SEVENTH, tender_page=2)
    elif style == "bubble":  # the ninth family: the N oval filled, or neither
        ts = _replace(BASE, **NINTH, tender_page=2)
    elif style == "alternatives":  # the tenth family: the negative's box, or neither
        ts = _replace(BASE, **TENTH, tender_page=2)
    elif style == "yes-no-columns":  # the twelfth family: the NO column's box, or neither
        ts = _replace(BASE, **TWELFTH, tender_page=2)
    elif style == "in-sentence":  # the thirteenth family: the box before "do not", or
        ts = _replace(BASE, **THIRTEENTH, tender_page=2)  # neither
    else:
        ts = _replace(BASE, label_place="comb", table_style="ledger", checkbox="yes-no",
                      tender_page=2)
    blank, anchors = T.election_form(ts)
    tp, yes = anchors["box:tender"]
    _, no = anchors["no:tender"]
    seen = set()
    for s in range(80):
        filled = F.fill_election_form(HOLDER, ts, _habits("caveat"), SIGNED,
                                      random.Random(s))
        if filled.doc["fields"]["tender_elected"]:
            continue
        ink = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
        on_yes = ink[yes[1]:yes[3], yes[0]:yes[2]].any()
        on_no = ink[no[1] - 8:no[3] + 8, no[0] - 8:no[2] + 8].any()
        assert not on_yes
        seen.add(on_no)
        if seen == {True, False}:
            break
    assert seen == {True, False}  # NO marked on some forms, nothing on others


def _ink_only(filled, blank) -> Image.Image:
    """The page with what was printed on it taken away: the writing alone on white."""
    a, b = np.asarray(filled), np.asarray(blank)
    return Image.fromarray(np.where(a != b, a, 255).astype(np.uint8))


# the fourth held-out family's conventions, promoted to the varied family
FOURTH = {"label_place": "leader", "table_style": "transposed", "checkbox": "margin"}


def _family_form(values: dict, hand: str, block: str):
    """A family's typeset (its `values`, the block in `block`, four rows, a grant number
    column), and `_filled_family` of it."""
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE
    ts = _replace(BASE, **values, block=block, rows=4, grant_no_heading="Grant No.")
    return (ts,) + _filled_family(ts, hand)


def _filled_family(ts, hand: str):
    """The blank form, its anchors and a filling of it with the SSN written, the tender
    elected and two grants at least."""
    blank, anchors = T.election_form(ts)
    hb = _habits(hand)

    def fill(s):
        return F.fill_election_form(HOLDER, ts, hb, SIGNED, random.Random(s))
    seed = next(s for s in range(60) if fill(s).doc["fields"]["ssn"] and
                fill(s).doc["fields"]["tender_elected"] and len(fill(s).doc["grants"]) > 1)
    return blank, anchors, fill(seed)


def _typed_ssn_and_name(filled, blank, anchors, pi: int) -> None:
    page = _ink_only(filled.pages[pi], blank[pi])
    for key, want in (("ssn", {HOLDER.ssn, HOLDER.ssn.replace("-", " ")}),
                      ("name", {filled.doc["fields"]["holder_name"]})):
        x0, y0, x1, y1 = anchors[f"line:{key}"][1]
        assert _text(page, (x0 - 4, y0 - 10, x1, y1 + 6)) in want, key


def _written_rows(ink, anchors, rows: int) -> list[int]:
    """The table's rows written in (in their shares granted's cell), in order."""
    boxes = [anchors[f"cell:{r}:1"][1] for r in range(rows)]
    return [r for r, (x0, y0, x1, y1) in enumerate(boxes) if ink[y0:y1, x0:x1].any()]


def _grants_in_their_cells(filled, blank, anchors, rows: int, typed: bool,
                           reach: int = 0) -> None:
    """Every value written inside its cell's anchor (or ``reach`` above it: the room up
    to a rule above), one grant of the truth to each written row, in order; typed ones
    read back."""
    tp = anchors["cell:0:0"][0]
    ink = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    cells = {k: v[1] for k, v in anchors.items() if k.startswith("cell:")}
    inside = np.zeros_like(ink)
    for x0, y0, x1, y1 in cells.values():
        inside[y0 - reach:y1 + (2 if reach else 0),
               x0 - (4 if reach else 0):x1 + (4 if reach else 0)] = True
    top = min(c[1] for c in cells.values()) - T.px(0.05)
    bottom = max(c[3] for c in cells.values()) + T.px(0.05)
    assert ink[top:bottom].sum() > 1000 and not (ink & ~inside)[top:bottom].any()
    written = _written_rows(ink, anchors, rows)
    assert len(written) == len(filled.doc["grants"])
    if typed:
        page = _ink_only(filled.pages[tp], blank[tp])
        for r, g in zip(written, filled.doc["grants"]):
            for c, want in ((1, g["shares_granted"]), (4, g["shares_tendered"])):
                x0, y0, x1, y1 = cells[f"cell:{r}:{c}"]
                assert _text(page, (x0, y0 - 6, x1, y1 + 2)).replace(" ", "") == \
                    f"{want:,}"


def _written_on_their_lines(ink, lines: dict, above: float) -> None:
    """Each value written on its line: ink enough over it, looked for from ``above``
    inches over its writing room, and its foot on the line's rule."""
    for key, (x0, y0, x1, y1) in lines.items():
        band = ink[y0 - T.px(above):y1 + T.px(0.06)]
        rows = np.flatnonzero(band[:, x0:x1].any(axis=1))
        assert band[:, x0:x1].sum() > 300, key
        assert y1 - T.px(0.12) <= y0 - T.px(above) + rows[-1] <= y1 + T.px(0.06), key


def _on_their_lines_nothing_before(filled, blank, anchors, before: float):
    """The signature block's values each written on its line (the signature's when
    signed), none in the ``before`` inches before a line (where its number or label
    stands); the page's writing and the lines."""
    pi = anchors["line:ssn"][0]
    ink = np.asarray(filled.pages[pi]) != np.asarray(blank[pi])
    signed = ("signature",) if filled.doc["fields"]["signature_present"] else ()
    lines = {k: anchors[f"line:{k}"][1] for k in signed + ("ssn", "name", "datetime",
                                                          "addr1", "addr2")}
    _written_on_their_lines(ink, lines, above=0.1)
    for key, (x0, y0, x1, y1) in lines.items():
        assert not ink[y0 - T.px(0.1):y1 + T.px(0.06), x0 - T.px(before):x0 - 2].any(), key
    return ink, lines


def _tender_elected(filled, blank, anchors):
    """The truth says the tender elected, and ink enough stands in its box (the truth's
    box); the box's page's writing and the box."""
    assert filled.doc["fields"]["tender_elected"] is True
    assert filled.boxes["tender_elected"] == anchors["box:tender"]
    bp, box = anchors["box:tender"]
    ink = np.asarray(filled.pages[bp]) != np.asarray(blank[bp])
    assert ink[box[1]:box[3], box[0]:box[2]].sum() > 100
    return ink, box


def _nothing_over_the_table(filled, blank, anchors, reach: float) -> None:
    """Nothing written in the ``reach`` inches over the table's first row (its headings,
    and a key over them)."""
    cells = [v[1] for k, v in anchors.items() if k.startswith("cell:")]
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    top = min(c[1] for c in cells)
    assert not table[top - T.px(reach):top - T.px(0.05)].any()


@pytest.mark.parametrize("hand", ["kalam", "typewriter"])
def test_the_fourth_family_written_on_its_leaders_in_its_columns_and_its_box(hand):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE
    ts = _replace(BASE, **FOURTH, block="two", rows=4)
    blank, anchors, filled = _filled_family(ts, hand)
    pi = anchors["line:ssn"][0]
    ink = np.asarray(filled.pages[pi]) != np.asarray(blank[pi])
    left = T.px(BASE.margin_in)
    mid = left + int((T.PAGE_W - 2 * left) * 0.56)  # the right column's labels start
    for key, col in (("ssn", mid), ("name", left), ("datetime", mid), ("addr1", left)):
        x0, y0, x1, y1 = anchors[f"line:{key}"][1]
        band = ink[y0 - T.px(0.1):y1 + T.px(0.06)]
        rows = np.flatnonzero(band[:, x0:x1].any(axis=1))
        assert band[:, x0:x1].sum() > 300, key
        # written on the dots: the writing's foot just above them, none on its label
        assert y1 - T.px(0.12) <= y0 - T.px(0.1) + rows[-1] <= y1 + 2, key
        assert not band[:, col:x0].any(), key
    if hand == "typewriter":
        _typed_ssn_and_name(filled, blank, anchors, pi)
    # each grant down its own column, every value inside its ruled cell
    _grants_in_their_cells(filled, blank, anchors, ts.rows, hand == "typewriter")
    # the tender marked in its box at the right margin, and nowhere else on the page
    bp, (x0, y0, x1, y1) = anchors["box:tender"]
    ink = np.asarray(filled.pages[bp]) != np.asarray(blank[bp])
    assert ink[y0:y1, x0:x1].sum() > 30
    w, h = x1 - x0, y1 - y0
    near = np.zeros_like(ink)
    near[y0 - h:y1 + h, x0 - w:x1 + w] = True
    assert not (ink & ~near).any() and x1 == T.PAGE_W - T.px(BASE.margin_in)


def test_the_fourth_family_not_tendered_leaves_its_margin_box_empty():
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE
    ts = _replace(BASE, **FOURTH, tender_page=2)
    blank, anchors = T.election_form(ts)
    tp = anchors["box:tender"][0]
    seen = 0
    for s in range(60):
        filled = F.fill_election_form(HOLDER, ts, _habits("caveat"), SIGNED,
                                      random.Random(s))
        x0, y0, x1, y1 = anchors["box:tender"][1]
        ink = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
        marked = ink[y0 - 10:y1 + 10, x0 - 10:x1 + 10].any()
        assert marked == filled.doc["fields"]["tender_elected"]
        seen += not marked
    assert seen  # some forms leave it so


@pytest.mark.parametrize("hand", ["kalam", "typewriter"])
def test_the_fifth_family_written_on_its_lines_in_its_records_and_its_yes_box(hand):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, FIFTH
    ts = _replace(BASE, **FIFTH, block="two", rows=4, grant_no_heading="Grant No.")
    blank, anchors, filled = _filled_family(ts, hand)
    pi = anchors["line:ssn"][0]
    ink = np.asarray(filled.pages[pi]) != np.asarray(blank[pi])
    for key in ("signature", "ssn", "name", "datetime", "addr1", "addr2"):
        x0, y0, x1, y1 = anchors[f"line:{key}"][1]
        band = ink[y0 - T.px(0.15):y1 + T.px(0.06)]
        rows = np.flatnonzero(band[:, x0:x1].any(axis=1))
        assert band[:, x0:x1].sum() > 300, key
        # written on its line, left of the label printed after it: none on the label
        assert y1 - T.px(0.12) <= y0 - T.px(0.15) + rows[-1] <= y1 + T.px(0.06), key
        if key != "signature":  # a signature's flourish may run on
            assert not band[:, x1 + 2:x1 + T.px(1.2)].any(), key
    if hand == "typewriter":
        _typed_ssn_and_name(filled, blank, anchors, pi)
    # each grant in its own record, every value over its own rule
    _grants_in_their_cells(filled, blank, anchors, ts.rows, hand == "typewriter",
                           reach=T.px(0.05))
    # the tender marked in its YES box, the NO box left alone; the truth says elected
    assert filled.doc["fields"]["tender_elected"] is True
    bp, (x0, y0, x1, y1) = anchors["box:tender"]
    _, (nx0, ny0, nx1, ny1) = anchors["no:tender"]
    ink = np.asarray(filled.pages[bp]) != np.asarray(blank[bp])
    assert ink[y0:y1, x0:x1].sum() > 30
    assert not ink[ny0 - 4:ny1 + 4, nx0 - 2:nx1 + 4].any()


@pytest.mark.parametrize("hand,order", [("kalam", "name-first"),
                                        ("typewriter", "signature-first")])
def test_the_sixth_family_written_on_its_blanks_in_its_two_rows_and_initialled(hand, order):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, SIXTH
    ts = _replace(BASE, **SIXTH, rows=4, grant_no_heading="Grant No.", block_order=order)
    blank, anchors, filled = _filled_family(ts, hand)
    pi = anchors["line:ssn"][0]
    ink = np.asarray(filled.pages[pi]) != np.asarray(blank[pi])
    lines = {k: anchors[f"line:{k}"][1] for k in ("signature", "ssn", "name", "datetime",
                                                 "addr1", "addr2")}
    _written_on_their_lines(ink, lines, above=0.05)  # on its blank, its foot on the rule
    # nothing written on the sentences' printed words: the writing over the blanks only
    on = np.zeros_like(ink)
    for x0, y0, x1, y1 in lines.values():
        on[y0 - T.px(0.08):y1 + T.px(0.08), x0:x1 + (T.px(0.6) if x1 < T.px(7) else 0)] = 1
    top = min(b[1] for b in lines.values())
    bottom = max(b[3] for b in lines.values())
    assert not (ink & ~on)[top:bottom].any()
    if hand == "typewriter":
        _typed_ssn_and_name(filled, blank, anchors, pi)
    # each grant over its two rows, every value inside its cell
    _grants_in_their_cells(filled, blank, anchors, ts.rows, hand == "typewriter")
    # the tender initialled on its line, by hand even on a typed form
    assert filled.doc["fields"]["tender_elected"] is True
    bp, (x0, y0, x1, y1) = anchors["box:tender"]
    ink = np.asarray(filled.pages[bp]) != np.asarray(blank[bp])
    assert ink[y0:y1, x0:x1].sum() > 100 and "no:tender" not in anchors
    written = np.flatnonzero(ink[y0 - 20:y1 + 20, x0 - 20:x1 + 20].any(axis=0))
    assert written[0] >= 20 - 2 and written[-1] <= x1 - x0 + 22  # on its line, no further
    assert filled.boxes["tender_elected"] == anchors["box:tender"]


def _tender_fillings(ts, hand: str, seeds: int):
    """Fillings of the form by ``hand``, one to each seed up to ``seeds``: the tender's box,
    the filling, the page the box stands on, filled and blank."""
    blank, anchors = T.election_form(ts)
    tp, box = anchors["box:tender"]
    for s in range(seeds):
        filled = F.fill_election_form(HOLDER, ts, _habits(hand), SIGNED, random.Random(s))
        yield box, filled, filled.pages[tp], blank[tp]


def test_initials_written_are_the_holders_and_a_form_not_elected_leaves_the_line_blank():
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, SIXTH
    letters = {HOLDER.first[0] + HOLDER.middle[0] + HOLDER.last[0]}
    assert {F.initials(HOLDER, random.Random(s)).replace(".", "") for s in range(40)} == \
        letters | {HOLDER.first[0] + HOLDER.last[0]}
    ts = _replace(BASE, **SIXTH, tender_page=2)
    seen = set()
    for (x0, y0, x1, y1), filled, page, empty in _tender_fillings(ts, "caveat", 40):
        ink = np.asarray(page) != np.asarray(empty)
        initialled = ink[y0 - 10:y1 + 10, x0 - 10:x1 + 10].any()
        assert initialled == filled.doc["fields"]["tender_elected"]
        seen.add(initialled)
        if seen == {True, False}:
            break
    assert seen == {True, False}


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_seventh_family_written_on_its_numbered_lines_in_its_grid_and_struck_out(
        hand, block):
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, SEVENTH
    ts = _replace(BASE, **SEVENTH, block=block, rows=4, grant_no_heading="Grant No.",
                  head_lines="stacked3")
    blank, anchors, filled = _filled_family(ts, hand)
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.32)
    # nothing written on the key over the lines
    top = min(b[1] for b in lines.values())
    assert not ink[top - T.px(0.8):top - T.px(0.1)].any()
    if hand == "typewriter":
        _typed_ssn_and_name(filled, blank, anchors, anchors["line:ssn"][0])
    # each grant in its row under the turned headings, every value inside its cell, none
    # on the headings
    _grants_in_their_cells(filled, blank, anchors, ts.rows, hand == "typewriter")
    _nothing_over_the_table(filled, blank, anchors, 1.6)
    # the tender elected: its "DO NOT" struck through, its "DO" left alone, by pen even on
    # a typed form; the truth's box is the words struck
    ink, (x0, y0, x1, y1) = _tender_elected(filled, blank, anchors)
    _, (nx0, ny0, nx1, ny1) = anchors["no:tender"]
    stroke = ink[y0:y1, x0:x1]
    assert stroke.any(axis=0).mean() > 0.9  # across its width
    assert not ink[ny0 - 4:ny1 + 4, nx0 - 4:nx1].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_eighth_family_written_by_its_tabs_in_its_lettered_grid_and_a_yes_written(
        hand, block):
    from tests.test_samples_layouts import EIGHTH
    ts, blank, anchors, filled = _family_form(EIGHTH, hand, block)
    _on_their_lines_nothing_before(filled, blank, anchors, before=0.3)  # on the black tab
    if hand == "typewriter":
        _typed_ssn_and_name(filled, blank, anchors, anchors["line:ssn"][0])
    # each grant in its row under the letters, every value inside its cell; none on the
    # letters or on the key over them
    _grants_in_their_cells(filled, blank, anchors, ts.rows, hand == "typewriter")
    _nothing_over_the_table(filled, blank, anchors, 1.0)
    # the tender elected: YES written on its blank, nowhere else near it; the truth's box
    # is the blank's room
    ink, (x0, y0, x1, y1) = _tender_elected(filled, blank, anchors)
    bp = anchors["box:tender"][0]
    near = ink[y0 - T.px(0.4):y1 + T.px(0.3)].copy()
    near[T.px(0.4) - 8:T.px(0.4) + y1 - y0 + 4, x0:x1] = False
    assert not near.any()
    if hand == "typewriter":
        page = _ink_only(filled.pages[bp], blank[bp])
        assert _text(page, (x0 - 4, y0 - 10, x1 + 4, y1 + 6)).upper() == "YES"


def test_write_in_yes_to_elect_and_no_or_nothing_on_a_form_not_elected():
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, EIGHTH
    ts = _replace(BASE, **EIGHTH, tender_page=2)
    seen = set()
    for (x0, y0, x1, y1), filled, page, empty in _tender_fillings(ts, "typewriter", 80):
        elected = filled.doc["fields"]["tender_elected"]
        if elected and "YES" in seen:
            continue
        page = _ink_only(page, empty)
        written = (np.asarray(page)[y0 - 10:y1 + 6, x0 - 4:x1 + 4] < 200).any()
        word = _text(page, (x0 - 4, y0 - 10, x1 + 4, y1 + 6)).upper() if written else ""
        assert word == "YES" if elected else word in ("NO", ""), word
        seen.add(word)
        if seen == {"YES", "NO", ""}:
            break
    assert seen == {"YES", "NO", ""}  # NO written on some forms not elected, none on others


def _typed_grants_and_tender(filled, blank, anchors, ts, hand: str):
    """The typed SSN and name read back; each grant's values over their own rules or
    blanks (``reach``: the room up to a rule above), none over the first grant's; the
    tender elected. Returns the tender box's page's writing and the box."""
    if hand == "typewriter":
        _typed_ssn_and_name(filled, blank, anchors, anchors["line:ssn"][0])
    _grants_in_their_cells(filled, blank, anchors, ts.rows, hand == "typewriter",
                           reach=T.px(0.05))
    _nothing_over_the_table(filled, blank, anchors, 0.3)
    return _tender_elected(filled, blank, anchors)


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_ninth_family_written_by_its_tabbed_labels_in_its_cards_and_a_bubble_filled(
        hand, block):
    from tests.test_samples_layouts import NINTH
    ts, blank, anchors, filled = _family_form(NINTH, hand, block)
    # on the lines, none on the labels and the rule before them
    _on_their_lines_nothing_before(filled, blank, anchors, before=0.6)
    # each grant in its own card, every value over its own rule; none on the cards'
    # titles; the tender elected: its Y oval filled solid, its N oval left alone, by pen
    # even on a typed form; the truth's box is the Y oval
    ink, (x0, y0, x1, y1) = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    bp = anchors["box:tender"][0]
    mid = (x0 + x1) // 2
    inside = np.asarray(filled.pages[bp])[y0 + 4:y1 - 4, mid - 8:mid + 8]
    assert (inside < 160).mean() > 0.9  # solid, its letter covered
    _, (nx0, ny0, nx1, ny1) = anchors["no:tender"]
    assert not ink[ny0 - 4:ny1 + 4, nx0 - 2:nx1 + 4].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_tenth_family_written_in_its_grey_boxes_on_its_sentences_blanks_one_checked(
        hand, block):
    from tests.test_samples_layouts import TENTH
    ts, blank, anchors, filled = _family_form(TENTH, hand, block)
    # in the boxes' rooms, none in the box before a room nor on the grey label over it
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.05)
    pi = anchors["line:ssn"][0]
    printed = np.asarray(blank[pi]) < 255
    for key, (x0, y0, x1, y1) in lines.items():
        assert not (ink & printed)[y0 - T.px(0.3):y0, x0:x1].any(), key
    # each grant on its own sentence's blanks, every value over its blank; none on the
    # words between them nor over the first sentence; the tender elected: the
    # sentence's box checked, the negative's under it left alone; the truth's box is
    # the sentence's
    ink, _ = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    _, (nx0, ny0, nx1, ny1) = anchors["no:tender"]
    assert not ink[ny0 - 4:ny1 + 4, nx0 - 4:nx1 + 4].any()


def _figure(page, box) -> str:
    """The figure written in a ``code`` box, read alone (what Tesseract takes a one
    for, a one)."""
    x0, y0, x1, y1 = box
    got = _text(page, (x0 - 6, y0 - 6, x1 + 6, y1 + 6), psm=10)
    return {"|": "1", "l": "1", "I": "1", "]": "1", "[": "1"}.get(got, got)


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_eleventh_family_written_after_its_inline_labels_on_its_lines_a_1_in_its_box(
        hand, block):
    from tests.test_samples_layouts import ELEVENTH
    ts, blank, anchors, filled = _family_form(ELEVENTH, hand, block)
    # on the rules after their labels, none on a label nor over it
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.5)
    left = T.px(ts.margin_in)
    mid = left + int((T.PAGE_W - 2 * left) * 0.56)
    for key, (x0, y0, x1, y1) in lines.items():
        start = mid if block == "two" and x0 > mid else left
        assert not ink[y0 - T.px(0.1):y1 + T.px(0.06), start:x0 - 2].any(), key
    # each grant on its own line, every value over its part of the rule, in the
    # instruction's order; none on the instruction over the first line; the tender
    # elected: a 1 written inside its box, nothing round it; the truth's box is the box
    ink, (x0, y0, x1, y1) = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    around = ink[y0 - T.px(0.2):y1 + T.px(0.2), x0 - T.px(0.2):x1 + T.px(0.2)].copy()
    around[T.px(0.2):T.px(0.2) + y1 - y0, T.px(0.2):T.px(0.2) + x1 - x0] = False
    assert not around.any()
    if hand == "typewriter":
        bp = anchors["box:tender"][0]
        assert _figure(_ink_only(filled.pages[bp], blank[bp]), (x0, y0, x1, y1)) == "1"


def test_code_1_to_elect_and_2_or_nothing_on_a_form_not_elected():
    from dataclasses import replace as _replace

    from tests.test_samples_layouts import BASE, ELEVENTH
    ts = _replace(BASE, **ELEVENTH, tender_page=2)
    seen = set()
    for box, filled, page, empty in _tender_fillings(ts, "typewriter", 80):
        elected = filled.doc["fields"]["tender_elected"]
        if elected and "1" in seen:
            continue
        page = _ink_only(page, empty)
        x0, y0, x1, y1 = box
        written = (np.asarray(page)[y0:y1, x0:x1] < 200).any()
        figure = _figure(page, box) if written else ""
        assert figure == "1" if elected else figure in ("2", ""), figure
        seen.add(figure)
        if seen == {"1", "2", ""}:
            break
    assert seen == {"1", "2", ""}  # 2 written on some forms not elected, none on others


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_twelfth_family_written_in_side_strip_boxes_on_captioned_rules_yes_marked(
        hand, block):
    from tests.test_samples_layouts import TWELFTH
    ts, blank, anchors, filled = _family_form(TWELFTH, hand, block)
    # in the boxes' rooms, none in the strip of a turned label nor on its rule
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.3)
    pi = anchors["line:ssn"][0]
    printed = np.asarray(blank[pi]) < 128
    top = min(y0 for _, y0, _, _ in lines.values()) - T.px(0.5)
    assert not (ink & printed)[top:max(y1 for *_, y1 in lines.values()) + T.px(0.2)].any()
    # each grant on its own rules, every value over its own rule and none on the
    # captions under the rules (nor over the first grant's, where no heading is); the
    # tender elected: the YES column's box marked, the NO column's left alone
    ink, _ = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    for key, (_, (x0, y0, x1, y1)) in anchors.items():
        if key.startswith("cell:"):  # its caption, under its rule
            assert not table[y1 + T.px(0.04):y1 + T.px(0.2), x0:x1].any(), key
    _, (nx0, ny0, nx1, ny1) = anchors["no:tender"]
    assert not ink[ny0 - 4:ny1 + 4, nx0 - 4:nx1 + 4].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_thirteenth_family_written_on_shared_rules_in_a_spanned_grid_its_do_marked(
        hand, block):
    from tests.test_samples_layouts import THIRTEENTH
    ts, blank, anchors, filled = _family_form(THIRTEENTH, hand, block)
    # each value over its own stretch of its rule, none where the stretch before it
    # ends, nor on the labels under the rule (the address's further rules under its first)
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.1)
    for key, (x0, y0, x1, y1) in lines.items():
        if key not in ("addr1", "addr2"):
            assert not ink[y1 + T.px(0.06):y1 + T.px(0.25), x0:x1].any(), key
    # each grant's values in its own cells, in the spanned groups' columns, none on the
    # headings' two tiers; the tender elected: the box before "do" marked, the box
    # before "do not" left alone
    ink, _ = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    _, (nx0, ny0, nx1, ny1) = anchors["no:tender"]
    assert not ink[ny0 - 4:ny1 + 4, nx0 - 4:nx1 + 4].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_fourteenth_family_written_after_open_labels_under_an_example_its_cell_marked(
        hand, block):
    from tests.test_samples_layouts import FOURTEENTH
    ts, blank, anchors, filled = _family_form(FOURTEENTH, hand, block)
    # each value in its room after its label, none on the label nor under the room,
    # where no rule is printed to say how low the writing goes (the address's further
    # rooms under its first)
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.3)
    for key, (x0, y0, x1, y1) in lines.items():
        if key not in ("addr1", "addr2"):
            assert not ink[y1 + T.px(0.1):y1 + T.px(0.2), x0:x1].any(), key
    # each grant's values in its own cells, none in the printed example's row over them
    ink, (x0, y0, x1, y1) = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    first = [v[1] for k, v in anchors.items() if k.startswith("cell:0:")]
    rh = anchors["cell:1:0"][1][1] - anchors["cell:0:0"][1][1]
    for cx0, cy0, cx1, _ in first:
        assert not table[cy0 - rh:cy0 - T.px(0.05), cx0:cx1].any()
    # the tender elected: the mark in the check cell, none on the sentence beside it
    # nor on the frame over and under it
    side = T.px(0.12)
    assert not ink[y0 - side:y1 + side, x1 + side:T.PAGE_W - T.px(0.5)].any()
    assert not ink[y0 - T.px(0.4):y0 - side, x0 - side:x1 + side].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_a_varied_form_written_in_combined_rooms_its_prices_parted_its_box_marked(
        hand, block):
    from samples.cents_rule import PAD
    from tests.test_samples_layouts import FIFTEENTH, _sample_over
    ts, blank, anchors, filled = _family_form(FIFTEENTH, hand, block)
    # each value on its own part of its room, none before it (the date's part after the
    # signature's, on one rule); the name on the first of its room's rules, the
    # address on the rules under it
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.1)
    sig, when = lines.get("signature"), lines["datetime"]
    if sig:
        assert sig[3] == when[3] and sig[2] < when[0]
        assert not ink[when[1]:when[3] + T.px(0.06), sig[2] + 2:when[0] - 2].any()
    assert lines["name"][3] < lines["addr1"][3] and lines["name"][0] == lines["addr1"][0]
    # each grant's values in its own cells, the price's dollars before the cents rule
    # and its cents after it, nothing on the rule (no point written); typed ones read
    # back, the dollars and the cents apart
    _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    page = _ink_only(filled.pages[tp], blank[tp])
    for r, g in zip(_written_rows(table, anchors, ts.rows), filled.doc["grants"]):
        x0, y0, x1, y1 = anchors[f"cell:{r}:2"][1]
        cx0 = anchors[f"cents:{r}"][1][0]
        rule = cx0 - T.px(PAD)
        assert table[y0:y1, x0:rule - 2].any() and table[y0:y1, rule + 3:x1].any(), r
        assert not table[y0 - T.px(0.05):y1 + T.px(0.05), rule - 2:rule + 3].any(), r
        if hand == "typewriter":
            dollars, cents = g["exercise_price"].split(".")
            assert _text(page, (x0, y0 - 6, rule - 2, y1 + 2)).lstrip("$") == dollars
            assert _text(page, (rule + 3, y0 - 6, x1, y1 + 2)) == cents
    # the tender elected: its box marked, nothing on the printed sample over it
    bp, box = anchors["box:tender"]
    ink = np.asarray(filled.pages[bp]) != np.asarray(blank[bp])
    sx0, sy0, sx1, sy1 = _sample_over(blank[bp], box)
    pad = T.px(0.05)
    assert not ink[sy0 - pad:sy1 + pad, sx0 - pad:sx1 + pad].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_a_varied_form_answers_its_questions_writes_a_figure_to_a_place_marks_its_corners(
        hand, block):
    from samples import tick_comb
    from tests.test_samples_layouts import SIXTEENTH
    ts, blank, anchors, filled = _family_form(SIXTEENTH, hand, block)
    # each answer on the rule under its question, nothing on the question's line
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.1)
    for key, (x0, y0, x1, y1) in lines.items():
        if key not in ("addr1", "addr2"):
            assert not ink[y0 - T.px(0.3):y0 - T.px(0.12), x0:x1].any(), key
    # each grant's figures one to a place, inside the places, in their row; typed ones
    # read back with no slash, comma or point written
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    page = _ink_only(filled.pages[tp], blank[tp])
    written = _written_rows(table, anchors, ts.rows)
    assert len(written) == len(filled.doc["grants"]) > 1
    for r, g in zip(written, filled.doc["grants"]):
        whole, _, cents = g["exercise_price"].partition(".")
        want = {0: date.fromisoformat(g["grant_date"]).strftime("%m%d%y"),
                1: str(g["shares_granted"]), 2: whole + cents,
                4: str(g["shares_tendered"])}
        for c, figures in want.items():
            places = anchors[f"ticks:{r}:{c}"][1]
            x0, y0, x1, y1 = anchors[f"cell:{r}:{c}"][1]
            cell = table[y0 - 4:y1 + 4, x0:x1]
            used = places[len(places) - len(figures):] if c else places[:len(figures)]
            assert cell.any() and not table[y0:y1, x0:used[0][0] - 2].any(), (r, c)
            for px0, py0, px1, py1 in used:
                assert table[py0:py1, px0 + 2:px1 - 2].any(), (r, c)
            if hand == "typewriter":
                got = _figures(page, (used[0][0] - 4, y0 - 6, used[-1][2] + 4, y1 + 2))
                assert got == figures, (r, c, got)
            assert tick_comb.figures(c, figures) == figures
    # the tender elected: the mark inside the box's corners
    ink, box = _tender_elected(filled, blank, anchors)
    x0, y0, x1, y1 = box
    assert ink[y0:y1, x0:x1].sum() > 0.5 * ink[y0 - 20:y1 + 20, x0 - 20:x1 + 20].sum()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_a_varied_form_writes_on_its_hinted_lines_over_the_placeholders_in_shadowed_boxes(
        hand, block):
    from tests.test_samples_layouts import SEVENTEENTH
    ts, blank, anchors, filled = _family_form(SEVENTEENTH, hand, block)
    # each value on its line after its label, nothing over the hint under it
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.1)
    for key, (x0, y0, x1, y1) in lines.items():
        assert not ink[y1 + T.px(0.07):y1 + T.px(0.16), x0:x1].any(), key
    # each grant's values in their own cells over the placeholders, typed ones read back
    ink, box = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    # the tender elected: the mark in the square, not in its shadow's band
    x0, y0, x1, y1 = box
    assert ink[y0:y1, x0:x1].sum() > 100


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_a_varied_form_writes_in_its_framed_fields_its_boxes_apart_its_rounded_box(
        hand, block):
    from samples import apart_cells as AC
    from tests.test_samples_layouts import EIGHTEENTH
    ts, blank, anchors, filled = _family_form(EIGHTEENTH, hand, block)
    # each value in its box after its label, nothing in the room's gap after the label
    _on_their_lines_nothing_before(filled, blank, anchors, before=0.08)
    # each grant's values in their own boxes, none in the white between the boxes; typed
    # ones (and the typed SSN and name) read back
    ink, box = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    for r in range(ts.rows):
        for c in range(1, 5):
            x0, y0, x1, y1 = anchors[f"cell:{r}:{c}"][1]
            gx = x0 - T.px(AC.PAD[0] + AC.GUTTER / 2)
            assert not table[y0:y1, gx - 2:gx + 3].any(), (r, c)
    # the tender elected: the mark in the rounded square
    x0, y0, x1, y1 = box
    assert ink[y0:y1, x0:x1].sum() > 0.5 * ink[y0 - 20:y1 + 20, x0 - 20:x1 + 20].sum()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_a_varied_form_writes_under_its_bands_in_its_knocked_out_cells_its_tile(
        hand, block):
    from samples import banded_labels as BL
    from samples import knockout as KO
    from tests.test_samples_layouts import NINETEENTH
    ts, blank, anchors, filled = _family_form(NINETEENTH, hand, block)
    # each value in its white room under its band, nothing on the band's label or its tint
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.04)
    paper = np.asarray(blank[anchors["line:ssn"][0]])
    for key, (x0, y0, x1, y1) in lines.items():
        if key != "addr2":
            rule = y1 - T.px(BL.LINE)
            assert not ink[rule - T.px(0.2):y0 - T.px(0.1), x0:x1].any(), key
        near = np.s_[y0 - T.px(0.3):y1 + T.px(0.1), x0 - T.px(0.1):x1 + T.px(0.1)]
        assert (ink[near] & (paper[near] < 250)).sum() < 0.03 * ink[near].sum(), key
    # each grant's values in their own white cells, none on the tint between them; typed
    # ones (and the typed SSN and name) read back
    ink, box = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    paper = np.asarray(blank[tp])
    for r in range(ts.rows):
        for c in range(1, 5):
            x0, y0, x1, y1 = anchors[f"cell:{r}:{c}"][1]
            gx = x0 - T.px(KO.PAD[0] + KO.GUTTER / 2)
            assert not table[y0:y1, gx - 2:gx + 3].any(), (r, c)
            near = np.s_[y0 - T.px(0.1):y1 + T.px(0.1), x0 - T.px(0.1):x1 + T.px(0.1)]
            assert (table[near] & (paper[near] < 250)).sum() <= 0.03 * table[near].sum(), \
                (r, c)
    # the tender elected: the mark in the white square, not on its tile
    x0, y0, x1, y1 = box
    assert ink[y0:y1, x0:x1].sum() > 0.5 * ink[y0 - 20:y1 + 20, x0 - 20:x1 + 20].sum()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_a_varied_form_writes_under_its_hanging_labels_in_its_open_rows_its_cup(
        hand, block):
    from tests.test_samples_layouts import TWENTIETH, _top_wall
    ts, blank, anchors, filled = _family_form(TWENTIETH, hand, block)
    # each value in its room over its band's foot rule, none on the label hanging over
    # the room nor beside the band
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.15)
    printed = np.asarray(blank[anchors["line:ssn"][0]]) < 128
    for key, (x0, y0, x1, y1) in lines.items():
        if key != "addr2":
            top = _top_wall(printed, x1 - 3, y0 - 2)
            assert not ink[top - 2:y0 - T.px(0.1), x0:x1].any(), key
    # each grant's values in their own row and column though no rule parts them; typed
    # ones (and the typed SSN and name) read back
    ink, box = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    # the tender elected: the mark in the cup, between its printed bars
    x0, y0, x1, y1 = box
    assert ink[y0:y1, x0:x1].sum() > 0.3 * ink[y0 - 20:y1 + 20, x0 - 20:x1 + 20].sum()
    bars = np.asarray(blank[anchors["box:tender"][0]]) < 128
    assert bars[y0 + 1:y1 - 1, x0 - 3:x0].any() and bars[y0 + 1:y1 - 1, x1:x1 + 3].any()


@pytest.mark.parametrize("hand,block", [("kalam", "two"), ("typewriter", "one")])
def test_the_held_out_family_writes_in_its_boxes_under_their_labels_its_open_rows_its_brace(
        hand, block):
    from samples import layouts as L
    from samples import over_box_labels as OB
    from samples import underlined_heads as UH
    ts, blank, anchors, filled = _family_form(L.HELD_OUT, hand, block)
    # each value in its box's room, none on the label over the box nor on its walls
    ink, lines = _on_their_lines_nothing_before(filled, blank, anchors, before=0.04)
    printed = np.asarray(blank[anchors["line:ssn"][0]]) < 128
    for key, (x0, y0, x1, y1) in lines.items():
        top = y1 - T.px(OB.LINE) * (int(key[-1]) if key.startswith("addr") else 1)
        assert printed[top, x0:x1].all(), key  # the box's top wall
        assert not ink[top - T.px(0.25):top + 2, x0:x1].any(), key  # its label untouched
        wall = x0 - T.px(OB.PAD)
        assert not ink[y0:y1, wall - 2:wall + 3].any(), key
    # each grant's values in their own row and column, none on the headings' rules; typed
    # ones (and the typed SSN and name) read back
    ink, box = _typed_grants_and_tender(filled, blank, anchors, ts, hand)
    tp = anchors["cell:0:0"][0]
    table = np.asarray(filled.pages[tp]) != np.asarray(blank[tp])
    y0 = anchors["cell:0:0"][1][1]
    rule = y0 - T.px(0.03) - T.px(UH.UNDER)
    assert not table[rule - 4:rule + 5, :].any()
    # the tender elected: the mark in the box beyond the brace, not on the brace
    x0, y0, x1, y1 = box
    assert ink[y0:y1, x0:x1].sum() > 0.5 * ink[y0 - 20:y1 + 20, x0 - 20:x1 + 20].sum()
    bp = np.asarray(blank[anchors["box:tender"][0]]) < 128
    assert bp[y0 - T.px(0.1):y1 + T.px(0.1), x0 - T.px(0.12):x0 - 3].any()  # the brace
