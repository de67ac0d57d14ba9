"""The sample generator: a tiny set, its files, truth, sidecars and roster."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from samples import generate as G
from samples import typesets as T

ROSTER_HEADER = ("holder_id,name,ssn,address,grant_number,grant_date,shares_granted,"
                 "exercise_price,shares_exercised")
TINY = {
    0: dict(scenario="cover+form", typeset="classic", hand="caveat", fmt="tiff-g4",
            channel="fax-fine", timing="late", sheet=True, upside_down="one",
            sidecar=True, pages_sent="all", sideways="none"),
    1: dict(scenario="notice", typeset="compact", hand="typewriter", fmt="tiff-g3",
            channel="fax-normal", timing="close", sheet=False, upside_down="none",
            sidecar=False),
    2: dict(scenario="notice", typeset="modern", hand="kalam", fmt="jpeg",
            channel="scan-grey", timing="early", sheet=False, upside_down="none",
            sidecar=True),
}


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    G.generate_set(out, 3, 11, overrides=TINY)
    return out


def _truth(out: Path, name: str) -> dict:
    return json.loads((out / "truth" / f"{name}.json").read_text())


def test_writes_inbox_truth_and_roster(tiny_set):
    names = sorted(p.name for p in (tiny_set / "inbox").iterdir())
    assert names == ["0001.tif", "0001.tif.json", "0002.tif", "0003.jpg", "0003.jpg.json"]
    assert sorted(p.name for p in (tiny_set / "truth").iterdir()) == [
        "0001.tif.json", "0002.tif.json", "0003.jpg.json"]
    assert (tiny_set / "roster.csv").read_text().splitlines()[0] == ROSTER_HEADER


def test_fine_tiff_is_group4_at_fax_fine_resolution(tiny_set):
    with Image.open(tiny_set / "inbox" / "0001.tif") as im:
        assert im.info["compression"] == "group4"
        assert im.info["dpi"] == (204, 196)
        assert im.size[0] == 1728
        assert im.n_frames == _truth(tiny_set, "0001.tif")["page_count"] == 8
        assert re.fullmatch(r"\d{4}:\d\d:\d\d \d\d:\d\d:\d\d", im.tag_v2[306])


def test_normal_tiff_is_group3_at_204x98_with_datetime_tag(tiny_set):
    truth = _truth(tiny_set, "0002.tif")
    assert truth["received_at_source"] == "tiff"
    with Image.open(tiny_set / "inbox" / "0002.tif") as im:
        assert im.info["compression"] == "group3"
        assert im.info["dpi"] == (204, 98)
        local = truth["received_at"][:19].replace("-", ":", 2).replace("T", " ")
        assert im.tag_v2[306] == local


def test_jpeg_scan_is_one_page_change_notice(tiny_set):
    with Image.open(tiny_set / "inbox" / "0003.jpg") as im:
        assert im.format == "JPEG" and im.info["dpi"][0] in (150, 200, 300)
    doc, = _truth(tiny_set, "0003.jpg")["documents"]
    assert doc["document_type"] == "change_notice" and doc["grants"] == []
    assert set(doc["fields"]) == {"holder_name", "ssn", "signature_present", "signed_at"}


def test_sidecar_carries_the_receipt_time(tiny_set):
    side = json.loads((tiny_set / "inbox" / "0001.tif.json").read_text())
    assert side["received_at"] == _truth(tiny_set, "0001.tif")["received_at"]
    assert "sender" in side


def test_truth_values_are_in_normal_forms(tiny_set):
    roster = {r["holder_id"] for r in csv.DictReader((tiny_set / "roster.csv").open())}
    for path in (tiny_set / "truth").iterdir():
        t = json.loads(path.read_text())
        assert re.fullmatch(r"2003-\d\d-\d\dT\d\d:\d\d:\d\d-0[45]:00", t["received_at"])
        for doc in t["documents"]:
            assert doc["holder_id"] in roster
            f = doc["fields"]
            assert f["ssn"] is None or re.fullmatch(r"\d{3}-\d{2}-\d{4}", f["ssn"])
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?", f["signed_at"])
            for g in doc["grants"]:
                assert re.fullmatch(r"\d{4}-\d\d-\d\d", g["grant_date"])
                assert re.fullmatch(r"\d+\.\d\d", g["exercise_price"])
                assert isinstance(g["shares_granted"], int)
                assert isinstance(g["shares_tendered"], int)
                assert g["source"] in ("form", "additional_sheet")


def test_cover_sheet_and_additional_sheet_pages(tiny_set):
    t = _truth(tiny_set, "0001.tif")
    doc, = t["documents"]
    assert t["meta"]["cover_sheet_pages"] == [1]
    assert doc["pages"] == list(range(2, 9))  # six form pages plus the sheet
    assert doc["fields"]["additional_sheet_attached"] is True
    assert [g["source"] for g in doc["grants"]][-1] == "additional_sheet"
    assert doc["on_time"] is False
    assert len(t["meta"]["upside_down_pages"]) == 1


def test_same_seed_same_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    G.generate_set(a, 1, 5, formats=["tiff-g4"])
    G.generate_set(b, 1, 5, formats=["tiff-g4"])
    assert (a / "inbox" / "0001.tif").read_bytes() == (b / "inbox" / "0001.tif").read_bytes()
    assert (a / "truth" / "0001.tif.json").read_text() == \
        (b / "truth" / "0001.tif.json").read_text()


def test_held_out_family_is_a_known_typeset_and_no_named_one_is_held_out():
    assert set(G.HELD_OUT_TYPESETS) < set(G.ALL_TYPESETS)
    assert not set(G.HELD_OUT_TYPESETS) & set(T.TYPESETS)  # legal was tuned on


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_typeset_page_two_is_legible(tmp_path):
    pages, _ = T.election_form("modern")
    png = tmp_path / "p2.png"
    pages[1].save(png, dpi=(T.RENDER_DPI, T.RENDER_DPI))
    text = subprocess.run(["tesseract", str(png), "-", "--psm", "4"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    text = " ".join(text.split())
    assert "SOCIAL SECURITY NUMBER" in text
    assert "OPTION HOLDER SIGNATURE" in text


def test_same_seed_same_pdf_bytes(tmp_path):
    plan = {0: dict(scenario="notice", typeset="legal", hand="kalam", fmt="pdf-scan",
                    channel="phone", timing="before", sheet=False, upside_down="none",
                    sidecar=True)}
    a, = G.generate_set(tmp_path / "a", 1, 6, overrides=plan)
    b, = G.generate_set(tmp_path / "b", 1, 6, overrides=plan)
    assert a.read_bytes() == b.read_bytes()


def _one_form(tmp_path, **plan) -> tuple[dict, dict]:
    """A set of one Election Form with an additional sheet, its meta and its document."""
    base = dict(scenario="form", hand="kalam", fmt="tiff-g4", channel="fax-fine",
                timing="before", sheet=True, upside_down="none", sidecar=True,
                pages_sent="all", sideways="none")
    path, = G.generate_set(tmp_path, 1, 12, overrides={0: base | plan})
    truth = _truth(tmp_path, path.name)
    return truth["meta"], truth["documents"][0]


def _box(anchor) -> list:
    page, (x0, y0, x1, y1) = anchor
    return [round(x0 / T.PAGE_W, 4), round(y0 / T.PAGE_H, 4), round(x1 / T.PAGE_W, 4),
            round(y1 / T.PAGE_H, 4), page + 1]


def _truths_boxes(doc: dict, anchors: dict):
    """For each sentence, the truth's box, which is its ``box:`` anchor: its page and
    bbox, and its ``no:`` anchor (None when there is none)."""
    for field, key in (("tender_elected", "tender"), ("additional_sheet_attached",
                                                      "additional")):
        assert doc["boxes"][field] == _box(anchors[f"box:{key}"])
        yield anchors[f"box:{key}"] + (anchors.get(f"no:{key}"),)


def _promoted_typeset(values: dict):
    """The varied typeset `_promoted_form` draws, with a promoted family's `values`."""
    import random
    from dataclasses import replace

    from samples import layouts as L
    return replace(L.draw(random.Random("12:0:layout"), "varied"), **values)


def _promoted_form(tmp_path, values: dict):
    """A varied form drawn with a promoted family's `values`, written with its truth: the
    truth says it is a varied form with those values, its layout the typeset's; returns its
    document's truth, the printed pages and their anchors."""
    from samples import layouts as L
    ts = _promoted_typeset(values)
    meta, doc = _one_form(tmp_path, typeset="varied", style=ts)
    assert meta["held_out"] is False and meta["family"] == "varied"
    assert {k: meta["layout"][k] for k in values} == values and L.axes(ts) == meta["layout"]
    pages, anchors = T.election_form(ts)
    return doc, pages, anchors


def _grants_and_sheet_told(doc: dict) -> None:
    """The truth says whether an additional sheet is attached, and where each grant is."""
    assert doc["fields"]["additional_sheet_attached"] in (True, False)
    assert all(g["source"] in ("form", "additional_sheet") for g in doc["grants"])


def test_a_varied_forms_truth_names_its_initials_lines_now_they_are_varied(tmp_path):
    from tests.test_samples_layouts import SIXTH
    doc, _, anchors = _promoted_form(tmp_path, SIXTH)
    # the truth's box for each sentence is the room over its initials line, on the page
    # the sentence is on; there is no NO to mark
    for _, (x0, _, x1, _), no in _truths_boxes(doc, anchors):
        assert no is None and x1 - x0 == T.px(T.INITIALS_W)


def test_a_varied_forms_truth_names_the_words_it_strikes_out_now_they_are_varied(tmp_path):
    from tests.test_samples_layouts import SEVENTH
    doc, _, anchors = _promoted_form(tmp_path, SEVENTH)
    # the truth's box for each sentence is its negative's words ("DO NOT", "HAVE NOT",
    # "IS NOT"), struck out to elect, on the page the sentence is on; the affirmative's
    # just before them on its line
    for page, (x0, y0, x1, y1), (npage, (nx0, ny0, nx1, ny1)) in _truths_boxes(doc,
                                                                               anchors):
        assert npage == page and ny0 == y0 and nx1 < x0 < nx1 + T.px(0.4)
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_write_in_blanks_now_they_are_varied(tmp_path):
    from tests.test_samples_layouts import EIGHTH
    doc, pages, anchors = _promoted_form(tmp_path, EIGHTH)
    # the truth's box for each question is the room over its blank, where YES or NO is
    # written, on the page the question is on; there is no other place to mark
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None and x1 - x0 == T.px(T.WRITE_IN_W)
        # the blank's rule under its room, the room itself blank on the printed page
        rule = pages[page].crop((x0, y1 - 2, x1, y1 + 3))
        assert min(rule.getpixel((x, y)) for y in range(5) for x in (0, x1 - x0 - 1)) == 0
        assert pages[page].crop((x0, y0, x1, y1 - 4)).getextrema()[0] == 255
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_y_ovals_now_they_are_varied(tmp_path):
    from tests.test_samples_layouts import NINTH
    doc, pages, anchors = _promoted_form(tmp_path, NINTH)
    # the truth's box for each sentence is its Y oval, filled to elect, on the page the
    # sentence is on; its N oval just after it on its level
    for page, (x0, y0, x1, y1), (npage, (nx0, ny0, nx1, ny1)) in _truths_boxes(doc,
                                                                               anchors):
        assert npage == page and (ny0, ny1) == (y0, y1) and x1 < nx0 < x1 + T.px(0.2)
        assert x1 - x0 == T.px(T.BUBBLE_W)
        # an outline round an open middle (but for its letter) on the printed page
        assert pages[page].getpixel((x0 + 1, (y0 + y1) // 2)) < 128
        assert pages[page].getpixel((x0 + 1, y0 + 1)) == 255
    # the grants' cells, in cards, named as a table's
    assert {k for k in anchors if k.startswith("cell:0:")} >= {f"cell:0:{c}"
                                                                for c in range(5)}
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_alternatives_boxes_now_they_are_varied(tmp_path):
    import numpy as np

    from tests.test_samples_layouts import TENTH
    doc, pages, anchors = _promoted_form(tmp_path, TENTH)
    # the truth's box for each sentence is its own box, checked to elect, on the page
    # the sentence is on; its negative's box under it, a square of the same size
    for page, (x0, y0, x1, y1), (npage, (nx0, ny0, nx1, ny1)) in _truths_boxes(doc,
                                                                               anchors):
        assert npage == page and ny0 > y1 and (nx1 - nx0, ny1 - ny0) == (x1 - x0, y1 - y0)
        a = np.asarray(pages[page])
        for bx0, by0, bx1, by1 in ((x0, y0, x1, y1), (nx0, ny0, nx1, ny1)):
            assert a[by0:by0 + 2, bx0:bx0 + 2].max() < 128  # a square's corner
            assert a[by0 + 4:by1 - 3, bx0 + 4:bx1 - 3].min() == 255  # empty
    # the grants' blanks named as a table's cells; the signature block's boxes grey
    assert {f"cell:0:{c}" for c in range(5)} <= set(anchors)
    sp, (x0, y0, x1, y1) = anchors["line:name"]
    box = np.asarray(pages[sp])[y0 - T.px(0.3):y1 + T.px(0.06), x0 - T.px(0.08):x1 + 8]
    assert box.min() == T.DROP_GREY
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_code_boxes_now_they_are_varied(tmp_path):
    import numpy as np

    from tests.test_samples_layouts import ELEVENTH
    doc, pages, anchors = _promoted_form(tmp_path, ELEVENTH)
    # the truth's box for each sentence is its code box, a figure written in it to say
    # yes or no, on the page the sentence is on; no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None and x1 - x0 == y1 - y0 >= T.px(T.CODE_BOX)
        a = np.asarray(pages[page])
        assert a[y0:y0 + 2, x0:x0 + 2].max() < 128  # a square's corner
        assert a[y0 + 4:y1 - 3, x0 + 4:x1 - 3].min() == 255  # empty
    # the grants' parts of their lines named as a table's cells, a grant's on one rule
    cells = [anchors[f"cell:0:{c}"][1] for c in range(5)]
    assert len({c[3] for c in cells}) == 1 and cells == sorted(cells)
    # the signature block's labels on their rules, before the writing room
    sp, (x0, y0, x1, y1) = anchors["line:name"]
    a = np.asarray(pages[sp]) < 128
    assert a[y1 - 2:y1 + 3, x0 - T.px(0.5):x1].any(axis=0).all()  # the rule under it
    assert a[y1 - T.px(0.15):y1 - 3, x0 - T.px(0.5):x0 - T.px(0.1)].any()
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_yes_no_columns_now_they_are_varied(tmp_path):
    import numpy as np

    from tests.test_samples_layouts import TWELFTH
    doc, pages, anchors = _promoted_form(tmp_path, TWELFTH)
    # the truth's box for each sentence is the box in its YES column, marked to elect,
    # on the page the sentence is on; the NO column's box just after it on its level
    for page, (x0, y0, x1, y1), (npage, (nx0, ny0, nx1, ny1)) in _truths_boxes(doc,
                                                                               anchors):
        assert npage == page and (ny0, ny1) == (y0, y1) and x1 < nx0 < x1 + T.px(0.35)
        a = np.asarray(pages[page])
        for bx0, by0, bx1, by1 in ((x0, y0, x1, y1), (nx0, ny0, nx1, ny1)):
            assert a[by0:by0 + 2, bx0:bx0 + 2].max() < 128  # a square's corner
            assert a[by0 + 4:by1 - 3, bx0 + 4:bx1 - 3].min() == 255  # empty
    # the grants' rules named as a table's cells, a grant's on one level, its caption
    # printed under each
    tp = anchors["cell:0:0"][0]
    a = np.asarray(pages[tp]) < 128
    cells = [anchors[f"cell:0:{c}"][1] for c in range(5)]
    assert len({c[3] for c in cells}) == 1 and cells == sorted(cells)
    for x0, y0, x1, y1 in cells:
        assert not a[y0:y1 - 3, x0:x1].any()
        assert a[y1 + T.px(0.04):y1 + T.px(0.2), x0:x1].any()
    # the signature block's writing rooms in boxes, a turned label's strip before each
    sp, (x0, y0, x1, y1) = anchors["line:name"]
    a = np.asarray(pages[sp]) < 128
    assert not a[y0:y1, x0:x1].any() and a[y0:y1, x0 - T.px(0.1):x0].any(axis=1).all()
    assert a[y0:y1, x0 - T.px(0.35):x0 - T.px(0.1)].any()  # the label in its strip
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_in_sentence_boxes_now_they_are_varied(tmp_path):
    import random

    import numpy as np

    from samples import layouts as L
    from tests.test_samples_layouts import THIRTEENTH
    doc, pages, anchors = _promoted_form(tmp_path, THIRTEENTH)
    ts = L.draw(random.Random("12:0:layout"), "varied")
    # the truth's box for each sentence is the box before the affirmative of its verb
    # ("do", "have", "is"), marked to elect, on the page the sentence is on; the box
    # before the negative after it on its level, past the affirmative's word
    for page, (x0, y0, x1, y1), (npage, (nx0, ny0, nx1, ny1)) in _truths_boxes(doc,
                                                                               anchors):
        assert npage == page and (ny0, ny1) == (y0, y1) and x1 + T.px(0.15) < nx0
        a = np.asarray(pages[page])
        for bx0, by0, bx1, by1 in ((x0, y0, x1, y1), (nx0, ny0, nx1, ny1)):
            assert a[by0:by0 + 2, bx0:bx0 + 2].max() < 128  # a square's corner
            assert a[by0 + 4:by1 - 3, bx0 + 4:bx1 - 3].min() == 255  # empty
        assert a[y0:y1, x1 + 3:nx0 - 3].min() < 128  # the affirmative's word between
    # the grants' cells named as a table's, in the spanned groups' order: the date and
    # the price, then the three counts
    cells = [anchors[f"cell:0:{c}"][1] for c in (0, 2, 1, 3, 4)]
    assert len({c[3] for c in cells}) == 1 and cells == sorted(cells)
    # the signature block's two first fields on one rule, its labels under it
    pair = ("signature", "ssn") if ts.block_order == "signature-first" else \
        ("name", "signature")
    (sp, first), (_, second) = (anchors[f"line:{k}"] for k in pair)
    a = np.asarray(pages[sp]) < 128
    assert first[3] == second[3] and first[2] < second[0]
    assert a[first[3] - 2:first[3] + 3, first[0]:second[2]].any(axis=0).all()
    assert a[first[3] + 4:first[3] + T.px(0.25), first[0]:first[0] + T.px(0.3)].any()
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_check_cells_now_they_are_varied(tmp_path):
    import numpy as np

    from tests.test_samples_layouts import FOURTEENTH
    doc, pages, anchors = _promoted_form(tmp_path, FOURTEENTH)
    # the truth's box for each sentence is the middle of its check cell, marked to
    # elect, on the page the sentence is on: empty, walled left and right, the frame's
    # top and foot running on over the sentence; no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None
        a = np.asarray(pages[page])
        assert a[y0:y1, x0:x1].min() == 255
        mid = (y0 + y1) // 2
        assert a[mid, x0 - T.px(0.05):x0].min() < 128  # the cell's walls either side
        assert a[mid, x1:x1 + T.px(0.05)].min() < 128
        walls = [y for y in range(y0 - T.px(0.5), y0) if a[y, (x0 + x1) // 2] < 128]
        assert walls and a[walls[-1], x0:T.PAGE_W - T.px(1.2)].max() < 128
    # the grants' cells named as a grid's, the first grant's under the printed example
    cells = [anchors[f"cell:0:{c}"][1] for c in range(5)]
    assert len({c[3] for c in cells}) == 1 and cells == sorted(cells, key=lambda c: c[0])
    rh = anchors["cell:1:0"][1][1] - cells[0][1]
    a = np.asarray(pages[anchors["cell:0:0"][0]])
    for x0, y0, x1, y1 in cells:
        assert a[y0 - rh + T.px(0.12):y0 - T.px(0.04), x0:x1].min() < 128  # its value
        assert a[y0 + 2:y1 - 2, x0 + 2:x1 - 2].min() == 255  # the grant's cell empty
    # the signature block's labels with nothing printed after them
    sp, (x0, y0, x1, y1) = anchors["line:name"]
    a = np.asarray(pages[sp]) < 128
    assert not a[y0:y1 + T.px(0.1), x0:x1].any()
    assert a[y1 - T.px(0.15):y1, x0 - T.px(0.4):x0 - T.px(0.05)].any()
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_boxes_and_parted_prices_now_they_are_varied(
        tmp_path):
    import numpy as np

    from samples.cents_rule import CENTS_W, PAD
    from tests.test_samples_layouts import FIFTEENTH, _sample_over
    doc, pages, anchors = _promoted_form(tmp_path, FIFTEENTH)
    ts = _promoted_typeset(FIFTEENTH)
    # the truth's box for each sentence is its own box, marked to elect, on the page the
    # sentence is on: an empty square, and over it a square of its size printed marked;
    # no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None
        a = np.asarray(pages[page])
        assert a[y0:y0 + 2, x0:x0 + 2].max() < 128  # a square's corner
        assert a[y0 + 4:y1 - 3, x0 + 4:x1 - 3].min() == 255  # empty
        sx0, sy0, sx1, sy1 = _sample_over(pages[page], (x0, y0, x1, y1))
        assert abs((sx1 - sx0) - (x1 - x0)) <= 2 and sy1 < y0
        assert a[(sy0 + sy1) // 2, (sx0 + sx1) // 2] < 128  # its X's crossing
    # the grants' cells named as a grid's, each price cell parted by a rule, its cents
    # part at its right end, both parts empty
    for r in range(ts.rows):
        tp, (x0, y0, x1, y1) = anchors[f"cell:{r}:2"]
        _, (cx0, cy0, cx1, cy1) = anchors[f"cents:{r}"]
        a = np.asarray(pages[tp])
        rule = cx0 - T.px(PAD)
        assert (cy0, cx1, cy1) == (y0, x1, y1) and x1 + T.px(PAD) - rule == T.px(CENTS_W)
        assert (a[y0:y1, rule - 1:rule + 2] < 128).any(axis=1).all()  # the rule
        assert a[y0 + 2:y1 - 2, x0 + 2:rule - 3].min() == 255
        assert a[y0 + 2:y1 - 2, rule + 3:x1 - 2].min() == 255
    # the signature and the date on one rule, one after the other; the name's rule over
    # the address's three, as long; one label before the name's rule, none by the
    # address's
    lines = {k[5:]: v[1] for k, v in anchors.items() if k.startswith("line:")}
    sig, when, name = lines["signature"], lines["datetime"], lines["name"]
    sp = anchors["line:name"][0]
    a = np.asarray(pages[sp]) < 128
    assert sig[3] == when[3] and sig[2] < when[0]
    assert a[sig[3] - 2:sig[3] + 3, sig[0]:when[2]].any(axis=0).all()
    assert not a[sig[1]:sig[3] - 3, sig[0]:when[2]].any()
    for i in (1, 2, 3):
        ax0, _, ax1, ay1 = lines[f"addr{i}"]
        assert (ax0, ax1) == (name[0], name[2]) and ay1 > name[3]
        assert not a[ay1 - T.px(0.3):ay1 + 4, T.px(ts.margin_in):ax0 - 4].any()
    assert a[name[3] - T.px(0.15):name[3], name[0] - T.px(0.4):name[0] - T.px(0.05)].any()
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_corner_boxes_its_places_and_its_questions(
        tmp_path):
    import numpy as np

    from samples import questions as Q
    from tests.test_samples_layouts import SIXTEENTH
    doc, pages, anchors = _promoted_form(tmp_path, SIXTEENTH)
    ts = _promoted_typeset(SIXTEENTH)
    # the truth's box for each sentence is its own: four corners printed, no wall
    # between them, empty inside; no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None
        a = np.asarray(pages[page]) < 128
        assert a[y0:y0 + 2, x0:x0 + 2].any() and a[y1 - 2:y1 + 1, x1 - 2:x1 + 1].any()
        mid = (y0 + y1) // 2
        assert not a[mid - 2:mid + 3, x0 - 1:x0 + 3].any()  # no wall at the middle
        assert not a[y0 + 4:y1 - 3, x0 + 4:x1 - 3].any()
    # each grant's cell parted into places inside its walls, left to right, empty; the
    # date's six in pairs, the counts' seven, the price's six
    for r in range(ts.rows):
        for c, n in enumerate((6, 7, 6, 7, 7)):
            tp, (x0, y0, x1, y1) = anchors[f"cell:{r}:{c}"]
            _, places = anchors[f"ticks:{r}:{c}"]
            assert len(places) == n
            assert all(x0 <= p[0] < p[2] <= x1 for p in places)
            assert all(a[2] <= b[0] for a, b in zip(places, places[1:]))
            a = np.asarray(pages[tp]) < 128
            px0, py0, px1, py1 = places[0]
            assert a[py1 - 3:py1 + 3, px0 - 1:px0 + 2].any()  # a tick at its left
            assert not a[py0 + 2:py0 + (py1 - py0) // 2, px0 + 3:px1 - 2].any()
    # a question over each writing rule, numbered, none of the form's labels' words
    lines = {k[5:]: v for k, v in anchors.items() if k.startswith("line:")}
    for key in ("name", "ssn", "signature"):
        page, (x0, y0, x1, y1) = lines[key]
        a = np.asarray(pages[page]) < 128
        assert a[y1 - 2:y1 + 3, x0:x1].any(axis=0).mean() > 0.95  # the rule
        assert a[y0 - T.px(0.3):y0, x0 - T.px(0.3):x1].any()  # the question over it
    assert set(Q.QUESTIONS) >= {"name", "ssn", "address", "signature", "datetime"}
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_shadowed_boxes_its_placeholders_and_its_hints(
        tmp_path):
    import numpy as np

    from samples.placeholders import PLACEHOLDER_GREY
    from tests.test_samples_layouts import SEVENTEENTH
    doc, pages, anchors = _promoted_form(tmp_path, SEVENTEENTH)
    ts = _promoted_typeset(SEVENTEENTH)
    # the truth's box for each sentence is the square, empty; its shadow black beyond its
    # right and foot edges, nothing beyond its left and top ones; no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None
        a = np.asarray(pages[page]) < 128
        assert not a[y0 + 4:y1 - 3, x0 + 4:x1 - 3].any()
        assert a[(y0 + y1) // 2, x1 + 2] and a[y1 + 2, (x0 + x1) // 2]
        assert not a[(y0 + y1) // 2, x0 - 3] and not a[y0 - 3, (x0 + x1) // 2]
    # each grant cell holds its placeholder printed grey, nothing black inside it
    for r in range(ts.rows):
        for c in range(5):
            tp, (x0, y0, x1, y1) = anchors[f"cell:{r}:{c}"]
            a = np.asarray(pages[tp])[y0 + 2:y1 - 2, x0 + 2:x1 - 2]
            assert (a == PLACEHOLDER_GREY).sum() > 20 and a.min() >= PLACEHOLDER_GREY - 40, (r, c)
    # a label before each line (but the address's further ones), a hint under it
    for key in ("name", "ssn", "signature", "addr1", "addr3"):
        page, (x0, y0, x1, y1) = anchors[f"line:{key}"]
        a = np.asarray(pages[page]) < 128
        assert a[y1 - 2:y1 + 3, x0:x1].any(axis=0).mean() > 0.95, key  # the line
        assert a[y1 + 4:y1 + T.px(0.2), x0:x0 + T.px(1.0)].any(), key  # the hint under it
        assert a[y0:y1, x0 - T.px(0.6):x0 - 4].any() != (key == "addr3"), key
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_rounded_boxes_its_cells_apart_and_framed_fields(
        tmp_path):
    import numpy as np

    from samples import apart_cells as AC
    from samples import framed_labels as FL
    from tests.test_samples_layouts import EIGHTEENTH, _left_wall
    doc, pages, anchors = _promoted_form(tmp_path, EIGHTEENTH)
    ts = _promoted_typeset(EIGHTEENTH)
    # the truth's box for each sentence is the square, empty, its walls printed but its
    # very corners not (they are rounded); no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None and x1 - x0 == y1 - y0
        a = np.asarray(pages[page]) < 128
        assert not a[y0 + 4:y1 - 3, x0 + 4:x1 - 3].any()
        xm, ym = (x0 + x1) // 2, (y0 + y1) // 2
        assert all(a[y - 2:y + 3, xm].any() for y in (y0, y1))
        assert all(a[ym, x - 2:x + 3].any() for x in (x0, x1))
        assert not a[y0:y0 + 2, x0:x0 + 2].any() and not a[y1 - 1:y1 + 1, x1 - 1:x1 + 1].any()
    # each grant cell a box of its own, empty, white between it and the next across and
    # down
    tp = anchors["cell:0:0"][0]
    a = np.asarray(pages[tp]) < 128
    for r in range(ts.rows):
        for c in range(5):
            x0, y0, x1, y1 = anchors[f"cell:{r}:{c}"][1]
            assert not a[y0:y1, x0:x1].any(), (r, c)
            wx, wy = x0 - T.px(AC.PAD[0]), y0 - T.px(AC.PAD[1])
            assert a[y0:y1, wx - 1:wx + 3].any(axis=1).all(), (r, c)  # its left wall
            assert a[wy - 1:wy + 3, x0:x1].any(axis=0).all(), (r, c)  # its top wall
            if c:
                gx = (anchors[f"cell:{r}:{c - 1}"][1][2] + x0) // 2
                assert not a[y0:y1, gx].any(), (r, c)
            if r:
                gy = (anchors[f"cell:{r - 1}:{c}"][1][3] + y0) // 2
                assert not a[gy, x0:x1].any(), (r, c)
    # each field's room in a box after its label, on its level: the box's wall right of
    # the room, no rule at the room's foot; nothing before the address's further rooms
    for key in ("name", "ssn", "signature", "datetime", "addr1", "addr2", "addr3"):
        page, (x0, y0, x1, y1) = anchors[f"line:{key}"]
        a = np.asarray(pages[page]) < 128
        assert not a[y0:y1 + 4, x0:x1].any(), key
        right = x1 + T.px(FL.PAD)
        assert a[y0:y1, right - 2:right + 3].any(axis=1).all(), key
        wall = _left_wall(a, x0 - 4, y0, y1)
        label = a[y1 - T.px(0.2):y1 + 2, wall + 3:x0 - 4].any()
        assert label != (key in ("addr2", "addr3")), key
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_tiles_its_knocked_out_cells_and_banded_fields(
        tmp_path):
    import numpy as np

    from samples import banded_labels as BL
    from samples import knockout as KO
    from tests.test_samples_layouts import NINETEENTH
    doc, pages, anchors = _promoted_form(tmp_path, NINETEENTH)
    ts = _promoted_typeset(NINETEENTH)
    # the truth's box for each sentence is the white square, no outline, in its grey tile;
    # no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        assert no is None and x1 - x0 == y1 - y0
        g = np.asarray(pages[page]).astype(int)
        assert (g[y0:y1 + 1, x0:x1 + 1] == 255).all()
        t = max(4, int((x1 - x0) * KO.TILE))
        tile = g[y0 - t:y0, x0:x1]
        assert tile.min() >= 128 and abs(tile.mean() - KO.GROUND) < 15
    # each grant cell white, the ground's tint between it and the next across and down,
    # no rule
    tp = anchors["cell:0:0"][0]
    g = np.asarray(pages[tp]).astype(int)
    for r in range(ts.rows):
        for c in range(5):
            x0, y0, x1, y1 = anchors[f"cell:{r}:{c}"][1]
            assert (g[y0:y1, x0:x1] == 255).all(), (r, c)
            if c:
                gx = (anchors[f"cell:{r}:{c - 1}"][1][2] + x0) // 2
                assert g[y0:y1, gx].min() >= 128, (r, c)
                assert abs(g[y0:y1, gx].mean() - KO.GROUND) < 15, (r, c)
            if r:
                gy = (anchors[f"cell:{r - 1}:{c}"][1][3] + y0) // 2
                assert g[gy, x0:x1].min() >= 128, (r, c)
                assert abs(g[gy, x0:x1].mean() - KO.GROUND) < 15, (r, c)
    # each field's room white in its box, a grey band ruled off over its first room and the
    # label in the band; nothing between the address's rooms
    for key in ("name", "ssn", "signature", "datetime", "addr1", "addr2", "addr3"):
        page, (x0, y0, x1, y1) = anchors[f"line:{key}"]
        g = np.asarray(pages[page]).astype(int)
        assert (g[y0:y1 + 4, x0:x1] == 255).all(), key
        right = x1 + T.px(BL.PAD)  # the box's wall
        assert (g[y0:y1, right - 2:right + 2] < 128).any(axis=1).all(), key
        rule = y1 - T.px(BL.LINE)
        if key in ("addr2", "addr3"):
            assert (g[rule:y0, x0:x1] == 255).all(), key
            continue
        assert (g[rule - 2:rule + 3, x0:x1] < 128).any(axis=0).all(), key
        band = g[rule - T.px(0.08):rule - 2, x0:x1]
        assert abs(np.median(band) - T.CELL_GREY) < 15, key
        assert (g[rule - T.px(0.3):rule - 2, x0:x1] < 128).any(), key
    _grants_and_sheet_told(doc)


def test_a_varied_forms_truth_names_its_cups_its_three_rule_rows_and_hanging_fields(
        tmp_path):
    import numpy as np

    from samples import hanging_labels as HL
    from tests.test_samples_layouts import TWENTIETH, _top_wall
    doc, pages, anchors = _promoted_form(tmp_path, TWENTIETH)
    ts = _promoted_typeset(TWENTIETH)
    # the truth's box for each sentence is the room the typed |_| holds: empty, a bar at
    # each side, the underscore under it, nothing over it; no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        a = np.asarray(pages[page]) < 128
        assert no is None and not a[y0:y1, x0:x1].any()
        assert a[y0 + 1:y1 - 1, x0 - 3:x0].any() and a[y0 + 1:y1 - 1, x1:x1 + 3].any()
        assert a[y1:y1 + 4, (x0 + x1) // 2].any() and not a[y0 - 6:y0, x0:x1].any()
    # each grant's cells one row under another with nothing printed between the rows nor
    # the columns, the last row over the table's foot rule
    tp = anchors["cell:0:0"][0]
    a = np.asarray(pages[tp]) < 128
    cells = [[anchors[f"cell:{r}:{c}"][1] for c in range(5)] for r in range(ts.rows)]
    left, right = cells[0][0][0], cells[0][-1][2]
    assert not a[cells[0][0][1]:cells[-1][0][3], left:right].any()
    assert a[cells[-1][0][3]:cells[-1][0][3] + T.px(0.06), left:right].any(axis=0).all()
    # each field's room white over its band's foot rule, its label hanging under the rule
    # over it; nothing between the address's rooms
    foot = T.px(HL.FOOT)
    for key in ("name", "ssn", "signature", "datetime", "addr1", "addr2", "addr3"):
        page, (x0, y0, x1, y1) = anchors[f"line:{key}"]
        a = np.asarray(pages[page]) < 128
        assert not a[y0:y1 + foot - 2, x0:x1].any(), key
        if key in ("addr2", "addr3"):
            continue
        top = _top_wall(a, x1 - 3, y0 - 2)
        assert a[top, x0:x1].all() and a[top + 3:y0, x0:x1].any(), key
    _grants_and_sheet_told(doc)


def test_a_held_out_forms_truth_names_its_braced_boxes_its_open_rows_and_boxed_fields(
        tmp_path):
    import random

    import numpy as np

    from samples import layouts as L
    from samples import over_box_labels as OB
    meta, doc = _one_form(tmp_path, typeset=L.HELD_OUT_FAMILY)
    assert meta["held_out"] is True and meta["typeset"] == "heldout"
    assert {k: meta["layout"][k] for k in L.HELD_OUT} == L.HELD_OUT
    ts = L.draw(random.Random("12:0:layout"), L.HELD_OUT_FAMILY)
    assert L.axes(ts) == meta["layout"]
    pages, anchors = T.election_form(ts)
    # the truth's box for each sentence is the square beyond its brace: empty, walled,
    # the brace's point level with its middle before it; no second box
    for page, (x0, y0, x1, y1), no in _truths_boxes(doc, anchors):
        a = np.asarray(pages[page]) < 128
        assert no is None and not a[y0 + 3:y1 - 2, x0 + 3:x1 - 2].any()
        assert a[y0:y1, x0:x0 + 2].all(axis=1).all() and a[y0:y0 + 2, x0:x1].all()
        point = np.flatnonzero(a[(y0 + y1) // 2, x0 - T.px(0.2):x0 - 3])
        assert len(point), page
    # each grant's cells one row under another with nothing printed in, between or under
    # the rows; over the first row each heading's own rule
    tp = anchors["cell:0:0"][0]
    a = np.asarray(pages[tp]) < 128
    cells = [[anchors[f"cell:{r}:{c}"][1] for c in range(5)] for r in range(ts.rows)]
    left, right = cells[0][0][0], cells[0][-1][2]
    foot = cells[-1][0][3] + T.px(0.04)  # the last row's foot
    assert not a[cells[0][0][1]:foot, left:right].any()
    for x0, y0, x1, _ in cells[0]:
        assert a[y0 - T.px(0.1):y0, x0 + T.px(0.06):x1 - T.px(0.06)].any(axis=0).all()
    # each field's room empty inside its box, the box's top wall over it and its label
    # over the wall
    for key in ("name", "ssn", "signature", "datetime", "addr1", "addr2", "addr3"):
        page, (x0, y0, x1, y1) = anchors[f"line:{key}"]
        a = np.asarray(pages[page]) < 128
        assert not a[y0:y1 + 4, x0:x1].any(), key
        if key in ("addr2", "addr3"):
            continue
        top = y1 - T.px(OB.LINE)
        assert a[top, x0:x1].all() and a[top - T.px(0.2):top - 3, x0:x1].any(), key
    _grants_and_sheet_told(doc)


def test_held_out_hands_write_the_same_forms_with_other_habits(tmp_path):
    """`--held-out-hands`: the same seed gives the same files' contents (holders, values,
    layouts), written by hands that lean, with other strokes and widths; the truth says so."""
    usual, unseen = tmp_path / "usual", tmp_path / "unseen"
    G.generate_set(usual, 2, 5, formats=["tiff-g4"])
    G.generate_set(unseen, 2, 5, formats=["tiff-g4"], pens="unseen")
    for name in ("0001.tif", "0002.tif"):
        a, b = _truth(usual, name), _truth(unseen, name)
        assert a["documents"] == b["documents"]
        assert "pens" not in a["meta"]
        assert b["meta"]["pens"] == "unseen"
        assert {k: v for k, v in b["meta"].items() if k != "pens"} == a["meta"]
        if not a["meta"]["typed"]:
            assert (usual / "inbox" / name).read_bytes() != (unseen / "inbox" / name).read_bytes()
    with pytest.raises(ValueError, match="pens"):
        G.generate_set(tmp_path / "x", 1, 5, pens="left-handed")


def test_an_unseen_writers_letters_lean_and_a_typists_do_not():
    import random

    import numpy as np

    from samples import hand as H
    assert H.unseen(H.Pen("typewriter", 40, 0.0, 1, 0), random.Random(1)).shear == 0.0
    pens = [H.unseen(H.Pen("kalam", 50, 0.0, 0, 0), random.Random(n)) for n in range(40)]
    assert all(abs(p.shear) >= 6 and p.weight >= 0 and not 0.85 < p.width < 1.18 for p in pens)
    assert {p.weight for p in pens} == {0, 1, 2}
    assert {p.shear > 0 for p in pens} == {True, False}

    def lean(shear: float) -> float:
        """How far right the ink of a written "IIII"'s upper half stands of its lower half's."""
        page = Image.new("L", (600, 200), 255)
        pen = H.Pen("kalam", 60, 0.0, 0, 0, shear=shear)
        x0, y0, x1, y1 = H.write(page, "IIII", (20, 20, 580, 180), pen, random.Random(0))
        ink = np.asarray(page.crop((x0, y0, x1, y1))) < 128
        half = ink.shape[0] // 2
        cols = np.arange(ink.shape[1])
        top, foot = ink[:half], ink[half:]
        return float((top.sum(0) * cols).sum() / top.sum() - (foot.sum(0) * cols).sum() / foot.sum())
    upright = lean(0.0)          # the font's own letters and the pen's small turn
    assert lean(20.0) - upright > 5          # leans right: its tops stand right of its feet
    assert lean(-10.0) - upright < -2        # leans back
