"""Typesets drawn per document: each axis is drawn where its anchors say (read back with
real Tesseract on crops of a rendered page), and a set records its axes and family."""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import replace

import pytest

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
               labels=C.LABELS)


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
    ts = replace(BASE, **L.HELD_OUT)
    page, (x0, y0, x1, y1), _ = _page_with(ts, "line:ssn")
    got = words(page, (x0 - 5, y0 - T.px(0.3), x1, y0 + 2))
    assert " ".join(w for w, _ in got) == C.LABEL_SSN


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
    G.generate_set(tmp_path, 1, 4, formats=["tiff-g4"], held_out="only")
    meta = json.loads((tmp_path / "truth" / "0001.tif.json").read_text())["meta"]
    assert meta["held_out"] is True and meta["family"] == "heldout"
    assert {k: meta["layout"][k] for k in L.HELD_OUT} == L.HELD_OUT
    assert set(L.AXES) <= set(meta["layout"])


def test_the_held_out_familys_conventions_are_used_by_no_other_typeset():
    drawn = [L.draw(random.Random(i), "varied") for i in range(200)]
    for axis, value in L.HELD_OUT.items():
        assert all(getattr(ts, axis) != value for ts in drawn)
        assert all(getattr(ts, axis) != value for ts in T.TYPESETS.values())
    # while every other value of those axes is drawn
    assert {ts.label_place for ts in drawn} == set(L.LABEL_PLACES_VARIED)
    assert {ts.table_style for ts in drawn} == set(L.TABLE_STYLES_VARIED)
    assert {ts.checkbox for ts in drawn} == set(L.CHECKBOXES_VARIED)
