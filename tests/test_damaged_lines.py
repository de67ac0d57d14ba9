"""A form whose writing lines came through the fax damaged still reads, or goes to a person."""
import random

import numpy as np
import pytest
from PIL import Image, ImageSequence

from intake.reading.page import PageTask, analyze_page
from ocr import pages
from ocr.layout import horizontal_rules
from ocr.preprocess import ink_mask


@pytest.fixture(scope="module")
def signature_page(tmp_path_factory):
    """The table-and-signature page of a typed form in the held-out typeset, as faxed."""
    from samples import generate
    out = tmp_path_factory.mktemp("form")
    for sub in ("inbox", "truth"):
        (out / sub).mkdir()
    roster = generate.make_roster(random.Random("2626:roster"), 60)
    plan = generate._plan(random.Random("2626:13:plan"), list(generate.TYPESETS), list(generate.FORMATS))
    path = generate.generate_file(out, 13, 2626, roster, set(), plan)
    frames = [f.convert("L") for f in ImageSequence.Iterator(Image.open(path))]
    return np.array(frames[1])


def _address_rules(page: np.ndarray):
    """The address's writing lines: the rules under the name, in the left column."""
    h = page.shape[0]
    return [r for r in horizontal_rules(ink_mask(page), 100)
            if 0.53 * h < r.y0 < 0.7 * h and r.x0 < 0.25 * page.shape[1]]


def _read_address(page: np.ndarray, tmp_path):
    path = tmp_path / "page.png"
    Image.fromarray(page).save(path, dpi=(204, 196))
    return analyze_page(PageTask(str(path), 1, pages.Limits(), 60)).fields["address"]


def test_an_address_line_whose_rule_lost_its_start_is_still_read(signature_page, tmp_path):
    whole = _read_address(signature_page, tmp_path)
    assert whole.value and whole.value.count(",") >= 1 and whole.confidence >= 0.9
    first = _address_rules(signature_page)[0]
    cut = signature_page.copy()
    cut[first.y0 - 2:first.y1 + 2, first.x0 - 2:first.x0 + 100] = 255   # half an inch dropped
    got = _read_address(cut, tmp_path)
    # Before, the street's line was not looked for: the rest read alone, or a garble.
    assert got.value == whole.value


def test_writing_above_the_first_address_line_read_sends_the_address_to_a_person(signature_page, tmp_path):
    first = _address_rules(signature_page)[0]
    cut = signature_page.copy()
    cut[first.y0 - 2:first.y1 + 2, :] = 255                              # the whole rule gone
    got = _read_address(cut, tmp_path)
    assert got.confidence < 0.9 and got.evidence.get("writing_above_not_read")


def test_table_headings_run_together_in_the_pages_reading_are_read_again(monkeypatch, tmp_path):
    # Seed 2727: the compact typeset's small headings, skewed, came out of the page's reading
    # as "GRANT DATE GND cxencsermce | teenseeo Gnceico"; only "GRANT DATE" was clean, and the
    # whole table was missed.  Here the page's reading is garbled the same way on purpose.
    import dataclasses

    from intake.reading import election_form as form, page, table
    from ocr.layout import Line
    from samples import generate
    for sub in ("inbox", "truth"):
        (tmp_path / sub).mkdir()
    roster = generate.make_roster(random.Random("2727:roster"), 60)
    plan = generate._plan(random.Random("2727:20:plan"), list(generate.TYPESETS), list(generate.FORMATS))
    path = generate.generate_file(tmp_path, 20, 2727, roster, set(), plan)
    truth = (tmp_path / "truth" / f"{path.name}.json").read_text()
    rows = len(__import__("json").loads(truth)["documents"][0]["grants"])
    heading = set(form.TABLE_HEADING_WORDS) - {"GRANT", "DATE"}
    real = table.read_table

    def garbled(image, ink, lines, rules, dpi, **kw):
        lines = [Line(tuple(dataclasses.replace(w, text="cxencs") if w.text.strip(".,:/").upper() in heading
                            else w for w in ln.words)) for ln in lines]
        assert table._headers(lines, dpi) is None          # the page's reading alone finds no table
        return real(image, ink, lines, rules, dpi, **kw)
    monkeypatch.setattr(page, "read_table", garbled)
    result = analyze_page(PageTask(str(path), 2, pages.Limits(), 60))
    assert len(result.grants) == rows >= 1
