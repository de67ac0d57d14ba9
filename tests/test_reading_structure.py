"""The reading finds each value by the page's own structure: where values stand relative to their
labels, a table's columns by its walls and headings on several lines, checkbox sentences by
what they say.  Pages drawn in layouts the sample generator does not make (tests/reading_pages.py),
read by the real reader (Tesseract, the line recogniser)."""
import dataclasses
import sys
from pathlib import Path

import pytest

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from intake.assemble import SPLIT_DOUBTFUL, group
from intake.fieldspec import GRANT_FIELDS
from intake.model import Reading
from intake.reading.page import PageResult, PageTask, analyze_page
from intake.reading.table import ROWS_RUN_TOGETHER, WRITING_BEYOND_TABLE, _keep_row, _row_doubts, table_doubts
from ocr import pages

sys.path.insert(0, str(Path(__file__).parent))
import reading_pages as rp  # noqa: E402

T = rp.TRUTH
ADDRESS = ", ".join(T["address"])
GRANTS = [("1999-03-15", 1000, "12.50", 0, 1000), ("2000-06-01", 2500, "8.00", 500, 2000),
          ("2001-01-10", 15000, "4.25", 0, 15000)]
TRUSTED = 0.9


def _read(path: Path):
    # Crops kept, as the pipeline keeps them: a crop whose name is no file name fails the page.
    crops = path.parent / "crops"
    crops.mkdir(exist_ok=True)
    result = analyze_page(PageTask(str(path), 1, pages.Limits(), 60, crop_dir=str(crops)))
    assert not result.error, result.error
    return result


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    """Each layout's page drawn and read once."""
    cache = {}

    def get(name, **kw):
        if name not in cache:
            path = tmp_path_factory.mktemp("page") / f"{name}.png"
            maker = kw.pop("maker", rp.form_page)
            cache[name] = _read(maker(path, **kw))
        return cache[name]
    return get


def _grants_read_right(result) -> list[dict[str, Reading]]:
    """The page's rows holding writing, asserted to be `GRANTS`, every value trusted."""
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert [[row[k].value for k in GRANT_FIELDS] for row in rows] == [list(g) for g in GRANTS]
    assert all(r.confidence >= TRUSTED for row in rows for r in row.values())
    return rows


def _signature_block_right(result, placement):
    f = result.fields
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED
    assert f["ssn"].value == T["ssn"]
    assert f["signed_at"].value == "2003-03-28T14:15"
    assert f["address"].value == ADDRESS
    assert f["signature_present"].value is True
    assert all(r.evidence.get("placement") == placement for k, r in f.items()
               if k in ("holder_name", "ssn", "signed_at", "address", "signature_present"))


def test_labels_printed_above_their_lines_have_their_values_below_them(read):
    # Before, the value above each label was taken: the signature's text as the printed name,
    # the printed name as the address, both trusted (the blind set's commonest silent error).
    _signature_block_right(read("above", placement="above"), "above")


def test_labels_left_of_their_lines_have_their_values_to_their_right(read):
    _signature_block_right(read("right", placement="right", ticked=True), "right")


def test_fields_printed_as_boxes_with_the_label_at_the_left_have_their_values_after_it(read):
    # Each field a box, "Soc. Sec. No.:" at its left a little over its foot, the value written
    # after it in the same box, no line to write on: the box's top was taken for the line
    # under the label above, every value read from the box above it (the eighteenth family:
    # no name, SSN or date automated of 43).  A cell that runs on past its label holds the
    # value after it.
    _signature_block_right(read("framed", placement="framed"), "right")


def test_fields_whose_labels_are_printed_in_a_band_over_their_box_have_their_values_under_it(read):
    # Each field a box whose top is a shaded band holding its label, ruled off from the room
    # under it: the band's floor was taken for the label's line (a place too low to write in,
    # that then read as the field's value) and the room for no one's, and the block's
    # placement was unclear, every value to a person.  The room under the band is the
    # label's cell's; a place with no room to write in explains nothing.
    _signature_block_right(read("banded", placement="banded"), "inside")


def test_labels_hanging_under_the_rule_over_their_band_have_their_values_under_them(read):
    # Bands between rules, no walls, each label hanging under its band's top rule, the value
    # written under it on the band's floor: "below" (each value the label under it) explained
    # the block as well, and the block went to a person; the date's and the SSN's places ran
    # the length of the rule across their band, each reading both values; the address's floor
    # stood too far under its label to be found.  A rule under a row of labels is each one's
    # as far as the next column; a room's floor may stand as far as an address reaches.
    _signature_block_right(read("hanging", placement="hanging"), "above")


def test_labels_over_their_own_boxes_have_the_boxes_filled_in_for_their_values(read):
    # A box to each field, its label just over its top, the values typed in (a form filled in
    # before it was printed): the typed name in its box was print between the box's top and
    # floor, so the box was no box and the name's place was a sliver over its top; the
    # address's box, taller than a box, was read as two writing lines (the twenty-first
    # family: no address automated of 39).  A box closed by walls holds its value, print or not.
    _signature_block_right(read("over-box", placement="over-box"), "above")


def test_a_boxs_wall_whose_top_corner_a_fax_dropped_is_still_its_wall(read):
    # The block's top rule lost over its last inch: the right-hand boxes' outer wall met no
    # rule at its top and was not taken for a wall, so their cells were not found and the SSN
    # and the date read blank (at 0.97).  A wall meeting a rule at one end and crossing two
    # more is a wall.
    _signature_block_right(read("banded-broken", placement="banded-broken"), "inside")


def test_a_value_whose_room_was_not_found_is_unknown_not_blank(tmp_path, monkeypatch):
    # The same block with its outer right wall unseen, its values placed "inside" their cells
    # (as a change notice's block was, its other boxes saying so): the SSN's and the date's
    # labels have no cell, and a place of no height had read blank, stated 0.97, though
    # written in.
    from intake.reading import signature
    walls = signature.cell_walls
    monkeypatch.setattr(signature, "cell_walls",
                        lambda ink, rules, dpi: [w for w in walls(ink, rules, dpi) if w.x0 < 0.8 * ink.shape[1]])
    monkeypatch.setattr(signature, "_placement", lambda *a, **k: ("inside", True, {"inside": 8.0}))
    f = _read(rp.form_page(tmp_path / "banded.png", placement="banded")).fields
    for key in ("ssn", "signed_at"):
        assert f[key].value is None and f[key].confidence < TRUSTED, f[key]
        assert f[key].evidence.get("no_room_found"), f[key].evidence
    assert f["holder_name"].value == T["holder_name"]


def test_writing_run_on_past_its_boxs_wall_is_read_but_not_trusted(read):
    # A name written on across its box's wall, over the next box's "Date:": the place grown
    # over the writing took the print in ("Elizabeth N. Graye" for Gray, trusted at 0.93).
    f = read("framed-overrun", placement="framed-overrun").fields
    assert f["holder_name"].confidence < TRUSTED, f["holder_name"]
    assert "writing_touches_a_wall" in f["holder_name"].evidence.get("doubts", []), f["holder_name"].evidence


def test_a_hint_printed_under_each_line_is_no_part_of_its_value(read):
    # "Name: ______" over "(first name, middle initial, last name; please print)": the place
    # reaches under its line for descenders and took the hint's top in; Tesseract, shown two
    # lines, read nothing, and no value could be trusted (the seventeenth family: 3 of 42
    # names, 0 of 36 addresses automated).
    result = read("hinted", placement="right", hints=True)
    _signature_block_right(result, "right")
    f = result.fields
    assert f["holder_name"].evidence["tesseract"] == T["holder_name"]
    assert f["address"].confidence >= TRUSTED and f["ssn"].confidence >= TRUSTED


def test_labels_before_leaders_in_two_columns_one_broken_over_two_lines_are_read(read):
    # "Option Holder Name (Please / Print) ........ Mary J. Keller": the name's leader starts
    # after the label's last line, under its first, and the value over it; the signature
    # crosses its leader's first dots.  The name had been read "(Please" (the place was put
    # right of the label's first line, the leader under its second not found).
    _signature_block_right(read("leader", placement="leader"), "right")


def test_labels_under_their_lines_are_still_read_so(read):
    _signature_block_right(read("below", placement="below", walls=False), "below")


@pytest.mark.parametrize("apart,placement", [("side", "below"), ("stacked", "above")])
def test_a_date_and_a_time_under_labels_of_their_own_are_read_as_one_value(read, apart, placement):
    # Before, "Date" and "Time" side by side were matched as one label "DATE/TIME" and the
    # date alone was read from its left line, trusted without the time (three forms of a
    # fresh set); stacked, neither was found and the signing time went to a person.
    f = read(f"apart-{apart}", placement=placement, date_apart=apart).fields
    assert f["signed_at"].value == "2003-03-28T14:15" and f["signed_at"].confidence >= TRUSTED
    assert [p["ppocr"] for p in f["signed_at"].evidence["parts"]] == ["3/28/2003", "2:15 PM"]
    assert f["holder_name"].value == T["holder_name"] and f["ssn"].value == T["ssn"]


def test_a_label_set_a_hair_left_of_its_boxs_wall_has_its_box_for_its_place(read):
    # "Time" printed over its box, its first letter two pixels left of the box's left wall:
    # the place was kept between the walls either side of that letter, the box's own wall
    # taken for its right end, a place one pixel wide, read blank; the date was trusted
    # without its time (a blind set's one silent value).
    # So too the signature's and the address's boxes, whose floors were looked for beside
    # that first letter, outside the walls that close them.
    result = read("over-box-flush", placement="over-box-flush", date_apart="side")
    _signature_block_right(result, "above")
    f = result.fields
    assert f["signed_at"].confidence >= TRUSTED and f["address"].confidence >= TRUSTED, f["signed_at"]


def test_a_place_too_narrow_to_write_in_is_not_seen_blank(tmp_path, monkeypatch):
    # The time's place found one pixel wide (as a label's own first letter, taken for where
    # its cell is, made it): a place too narrow to hold writing is no place, and the time is
    # unknown, not blank.
    from intake.reading import signature
    grow = signature._written_on_past

    def sliver(ink, place, *a):
        got = grow(ink, place, *a)
        return signature.Box(got.x0, got.y0, got.x0 + 1, got.y1) if got.x0 > ink.shape[1] // 2 \
            and got.y0 > 0.5 * ink.shape[0] else got
    monkeypatch.setattr(signature, "_written_on_past", sliver)
    f = _read(rp.form_page(tmp_path / "flush.png", placement="over-box", date_apart="side")).fields
    time = f["signed_at"].evidence["parts"][1]
    assert time.get("no_room_found") and not time.get("blank"), time
    assert f["signed_at"].confidence < TRUSTED, f["signed_at"]


def test_a_value_written_beside_its_empty_box_is_not_seen_blank(read):
    # "14:18" written past the time's box, the box empty: the box read blank, and the date
    # was trusted without its time (a held-out set's silent value).
    f = read("over-box-beside", placement="over-box-beside", date_apart="side").fields
    time = f["signed_at"].evidence["parts"][1]
    assert time.get("written_beside_its_place") and time.get("blank"), time
    assert f["signed_at"].confidence < TRUSTED, f["signed_at"]
    assert f["holder_name"].value == T["holder_name"] and f["ssn"].value == T["ssn"]


def test_a_label_matched_over_two_columns_is_its_fields_parts_though_one_word_is_misread():
    # "Date" and "Time" over two columns, "Time" read "Tine": the match "DATE TIME" was not
    # taken as the field's parts (a part had to be 0.8 like its phrase; "TINE" is 0.75), so
    # the place under the whole match was read, and the date alone trusted (a family set's
    # silent value).
    from intake.reading import signature
    from ocr.tesseract import Word
    dpi = 200
    date, time = Word("Date", 91, 180, 1190, 60, 24, 1, 1, 1), Word("Tine", 80, 940, 1192, 58, 24, 1, 1, 1)
    parts = signature._part_labels("signed_at", {"signed_at": signature.Match((date, time), 0.875)}, [], set(), dpi)
    assert [(tuple(w.text for w in m.words), kind) for m, kind in parts] == [(("Date",), "date"), (("Tine",), "time")]


def test_a_label_whose_words_stand_apart_and_are_no_parts_leaves_its_value_doubted(tmp_path, monkeypatch):
    # "Date" and "Time" side by side read as one line of words (as a fax's noise between them
    # makes Tesseract do), matched as one label and (parts not allowed here) not taken as the
    # field's parts: the place under that label holds one part of what is asked, and a
    # person reads it.
    from intake.reading import page, signature
    from ocr.layout import Line
    monkeypatch.setattr(signature, "PART_LIKE", 1.01)
    real = page.read_signature_block

    def one_line(image, ink, lines, *a, **k):
        date = next(ln for ln in lines if ln.text.strip() == "Date")
        time = next(ln for ln in lines if ln.text.strip() == "Time" and abs(ln.box.cy - date.box.cy) < 10)
        lines = [ln for ln in lines if ln not in (date, time)] + [Line(date.words + time.words)]
        return real(image, ink, sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0)), *a, **k)
    monkeypatch.setattr(page, "read_signature_block", one_line)
    f = _read(rp.form_page(tmp_path / "apart.png", placement="below", date_apart="side")).fields
    assert f["signed_at"].evidence.get("label") == "Date Time", f["signed_at"].evidence
    assert f["signed_at"].confidence < TRUSTED, f["signed_at"]
    assert signature.LABEL_APART in f["signed_at"].evidence.get("doubts", []), f["signed_at"].evidence


def _block(placement="right", **values):
    return {k: Reading(v, 0.95, page=1, evidence={"placement": placement, "label": k}) for k, v in values.items()}


def test_a_blocks_two_readings_each_give_the_fields_only_they_found_where_they_agree():
    # A numbered block (on a tuned set): the page's words, at label resolution, found
    # lines 1, 3 and 5 (their "2" and "4" lost); the band read again at full resolution found
    # 1 and 2. The fuller reading alone was kept, and the SSN, read right by the other, went
    # to a person unread.
    from intake.reading.page import _either
    page = _block(signature_present=True, holder_name="JOHN B. CLARK", address="197 School St, Derry NH 03038")
    band = _block(signature_present=True, ssn="079-28-6665")
    got = _either(band, page)
    assert sorted(got) == ["address", "holder_name", "signature_present", "ssn"]
    assert got["ssn"] is band["ssn"] and got["holder_name"] is page["holder_name"]
    # Where they disagree on a field both read, or on where values stand, the fuller alone.
    assert sorted(_either(_block(signature_present=False, ssn="079-28-6665"), page)) == sorted(page)
    assert sorted(_either(_block("below", signature_present=True, ssn="079-28-6665"), page)) == sorted(page)
    # As many fields each: the page's reading kept, as before, and the band's other field added.
    got = _either(_block(signature_present=True, ssn="1"), _block(signature_present=True, address="x"))
    assert got["ssn"].value == "1" and got["address"].value == "x"


def test_a_block_that_reads_as_well_either_way_goes_to_a_person(read):
    result = read("ambiguous", maker=rp.ambiguous_block)
    got = [result.fields[k] for k in ("holder_name", "ssn")]
    assert all(r.confidence < TRUSTED and r.evidence.get("placement_unclear") for r in got)


def test_a_boxed_table_with_headings_on_three_centred_lines_is_read_by_its_walls(read):
    # Before, no table was found on this page at all: the headings, three lines each, were
    # read by no line of the page's reading.
    result = read("above", placement="above")
    assert [tuple(r.value for r in row.values()) for row in result.grants] == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())


def test_a_ruled_table_without_walls_and_headings_on_three_lines_is_read(read):
    result = read("below", placement="below", walls=False)
    assert [tuple(r.value for r in row.values()) for row in result.grants] == GRANTS


def test_writing_over_a_wall_is_doubted_not_trimmed(read):
    result = read("touch", placement="above", touch_wall=True)
    first = result.grants[0]
    assert first["shares_tendered"].evidence.get("touches_wall")
    assert "writing_touches_a_wall" in first["shares_tendered"].evidence["doubts"]   # by name, for the checks
    assert first["shares_tendered"].confidence < TRUSTED
    assert first["shares_exercised"].confidence < TRUSTED        # the wall's other side
    assert first["grant_date"].confidence >= TRUSTED and not first["grant_date"].evidence.get("touches_wall")


def test_the_additional_sentence_ending_in_wish_to_tender_is_not_the_tender_box(read):
    # Before, "... additional option grants I wish to tender." matched the tender sentence and
    # the additional sheet's box was read as the tender box.
    result = read("above", placement="above")
    assert "tender_elected" not in result.fields
    assert result.fields["additional_sheet_attached"].value is False


def test_checkbox_sentences_are_found_by_what_they_say_in_another_wording(read):
    # The tender sentence worded otherwise, and mentioning additional sheets attached: it is
    # the tender box (marked), and the additional sheet's own box (empty) stays empty.
    result = read("worded", placement="below", tender=[
        "Yes, I hereby elect to exchange each of the options listed below (and on",
        "any additional sheets which I have attached to this form)."])
    assert result.fields["tender_elected"].value is True
    assert result.fields["tender_elected"].confidence >= TRUSTED
    assert result.fields["additional_sheet_attached"].value is False


def test_a_box_printed_after_its_sentence_is_found_there(read):
    result = read("after", placement="below", walls=False, box_after=True, tender=[
        "Check here to tender for exchange the options specified in the table below."])
    assert result.fields["tender_elected"].value is True
    assert result.fields["tender_elected"].confidence >= TRUSTED


def test_a_marked_additional_sheet_box_reads_marked(read):
    result = read("right", placement="right", ticked=True)
    assert result.fields["additional_sheet_attached"].value is True


def _page(number, kind, parts=(), title=None):
    return PageResult(number, kind=kind, parts=list(parts), title=title)


def test_a_forms_middle_page_after_unrecognised_pages_joins_them_and_asks_a_person():
    # A hard fax: the form's first page unread.  Before, two records: the first page as
    # `other`, the rest as a form of its own.
    pages_ = [_page(1, "unknown"), _page(2, "form_table+signature", ["form_table", "form_signature"]),
              _page(3, "instructions")]
    groups = group(pages_)
    assert [[p.number for p in g] for g in groups] == [[1, 2, 3]]
    assert any(code == SPLIT_DOUBTFUL for code, _m, _c in pages_[1].notes)


def test_a_page_that_begins_a_form_after_an_unrecognised_page_is_a_document_of_its_own():
    pages_ = [_page(1, "unknown"), _page(2, "form_tender", ["form_tender"]),
              _page(3, "form_table+signature", ["form_table", "form_signature"])]
    assert [[p.number for p in g] for g in group(pages_)] == [[1], [2, 3]]
    assert not pages_[1].notes


def _lines(*texts, top=100, pitch=40, left=200):
    """Lines of print as Tesseract gives them: words left to right, one line under another."""
    from ocr.layout import lines_of
    from ocr.tesseract import Word
    words = []
    for n, text in enumerate(texts):
        x = left
        for w in text.split():
            words.append(Word(w, 95.0, x, top + n * pitch, 14 * len(w), 28, 1, 1, n))
            x += 14 * len(w) + 12
    return lines_of(words)


def test_box_sentences_are_told_apart_by_what_they_say_first():
    from intake.reading.checkboxes import box_sentences
    tender = box_sentences(_lines("[] Yes, I wish to tender for exchange each of the options specified below (and on any",
                                  "additional sheets which I have attached to this form)."), 200)
    assert set(tender) == {"tender_elected"}
    additional = box_sentences(_lines("I have attached an additional sheet listing my name and any",
                                      "additional option grants I wish to tender."), 200)
    assert set(additional) == {"additional_sheet_attached"}
    reworded = box_sentences(_lines("Check here to tender for exchange the options specified in the table below."), 200)
    assert set(reworded) == {"tender_elected"}
    # Prose that says a box's words late in a sentence of its own is no checkbox sentence.
    prose = box_sentences(_lines("I understand that if I elect to cancel my Old Options in exchange for the promise."),
                          200)
    assert prose == {}


def test_a_box_read_as_a_capitalised_word_is_no_start_of_its_sentence():
    # An empty box before "Yes, I wish to tender ..." read by OCR as "Fal", taller than the
    # print and standing apart from it: the sentence was taken to begin there, no box found
    # before it, and the round sides of a "0" in the sentence's unread last line ("2002:")
    # taken for the box, marked at 0.98.  The tall word apart is the box; the sentence begins
    # after it.  A capitalised word of print beside the next is the sentence's own.
    import dataclasses as dc
    from intake.reading.checkboxes import box_sentences
    from ocr.layout import lines_of
    line = _lines("Fal Yes, I wish to tender for exchange each of the options specified below")[0]
    words = list(line.words)
    box = dc.replace(words[0], top=words[0].top - 8, height=words[0].height + 16)
    apart = [box] + [dc.replace(w, left=w.left + 60) for w in words[1:]]
    found = box_sentences(lines_of(apart), 200)
    assert found["tender_elected"][0][0].words[0].text == "Yes,"
    # Beside the next word, or as tall as the print, it is a word of the sentence.
    for kept in (lines_of([box] + words[1:]), lines_of([words[0]] + apart[1:])):
        assert box_sentences(kept, 200)["tender_elected"][0][0].words[0].text == "Fal"

def test_a_marked_box_read_as_letters_before_an_i_read_as_another_glyph_is_no_word():
    # A box marked X read as "kl", and the sentence's "I" read "T": "kl T elect to tender for
    # exchange ..." had no start (a lowercase word, then no word), and the tender box went
    # unread on the fifteenth family (3 files).  The tall word standing apart is the box, and
    # the glyph after it, before a word, is the pronoun: the sentence begins there.
    import dataclasses as dc
    from intake.reading.checkboxes import box_sentences
    from ocr.layout import lines_of
    words = list(_lines("kl T elect to tender for exchange the options listed below")[0].words)
    box = dc.replace(words[0], top=words[0].top - 8, height=words[0].height + 16)
    apart = [box] + [dc.replace(w, left=w.left + 60) for w in words[1:]]
    found = box_sentences(lines_of(apart), 200)
    assert found["tender_elected"][0][0].words[0].text == "T"
    # A glyph before no word is no pronoun: "kl T" alone says nothing.
    assert box_sentences(lines_of(apart[:2]), 200) == {}


def test_a_streak_through_a_sentence_leaves_its_start_the_height_of_its_words():
    # A fax streak through "have" of "( ) Check here if you have attached ...": OCR read the
    # pieces "h" and "te" as tall as the streak's run, the place searched for the box before
    # "Check" was as tall, no box was found there, and a pair of bars in the streak (the "( )"
    # of a later match of the sentence) was read as a box marked, at 0.93.  The sentence's
    # start is as tall as most of its words.
    from intake.reading.checkboxes import _sentence_start
    from ocr.layout import Match
    line = _lines("Check here if you h te attached an additional sheet")[0]
    words = list(line.words)
    tall = [dataclasses.replace(w, height=w.height + 80) if w.text in ("h", "te") else w for w in words]
    from ocr.layout import lines_of
    line = lines_of(tall)[0]
    start = _sentence_start(Match(tuple(line.words[4:]), 0.9), [line], 200)
    assert start.x0 == line.words[0].left
    assert start.y1 - start.y0 == words[0].height


def test_a_label_in_brackets_before_a_line_goes_on_with_the_sentence_above():
    # "(Initials)" printed under the line to initial, level with the tender sentence's second
    # line ("listed on additional sheets I have attached), along ..."): the line read
    # "(Initials) listed on ..." was taken for a sentence begun after a box read as letters,
    # an additional-sheet sentence, and the initials written over the label for its box,
    # marked at 0.98.  A word in brackets is a word: the line begins in the middle of its
    # sentence.
    from intake.reading.checkboxes import box_sentences
    found = box_sentences(_lines("YES - I wish to exchange each of the options specified below (including any",
                                 "(Initials) listed on additional sheets I have attached), along with all options",
                                 "since August 28, 2002."), 200)
    assert set(found) == {"tender_elected"}
    # A ring round a word read as a bracket on one side is no word's ("GES)" for a ringed YES).
    from intake.reading.checkboxes import _real_word
    assert _real_word("(Initials)") and _real_word("{have") and not _real_word("GES)") and not _real_word("[]")


def test_yes_read_and_no_ringed_unread_before_a_sentence_read_from_i():
    # "YES (NO) I have attached ...": the ringed NO not read at all and the sentence's "I"
    # read "|": anything read between YES and the next word had meant no pair, and the ring
    # round NO was then read as a box marked (0.98).  The ink looked at ends at the "|".
    from intake.reading.checkboxes import _choice_pair
    from ocr.tesseract import Word
    from tests.test_image_functions import yes_and_no
    img, d, font = yes_and_no(100, 220, width=1200)
    d.ellipse((205, 80, 275, 130), outline=0, width=3)
    ink = np.asarray(img) < 128
    words = [Word("YES", 95.0, 100, 96, 62, 24, 1, 1, 1), Word("|", 60.0, 300, 94, 4, 26, 1, 1, 1),
             Word("have", 95.0, 312, 94, 60, 26, 1, 1, 1), Word("attached", 95.0, 384, 94, 110, 26, 1, 1, 1),
             Word("an", 95.0, 506, 100, 28, 20, 1, 1, 1)]
    pair = _choice_pair(words, ink, 200.0, "start")
    assert pair is not None
    yes, no, _whole = pair
    assert yes.x0 == 100 and 200 <= no.x0 and no.x1 <= 300
    # "YES - I wish": a dash and an "I" after YES are no ringed NO.
    img = Image.new("L", (1200, 200), 255)
    d = ImageDraw.Draw(img)
    d.text((100, 90), "YES", font=font, fill=0)
    d.line((180, 108, 196, 108), fill=0, width=3)
    dash = [Word("YES", 95.0, 100, 96, 62, 24, 1, 1, 1), Word("-", 60.0, 180, 104, 16, 6, 1, 1, 1),
            Word("|", 60.0, 210, 94, 4, 26, 1, 1, 1), Word("wish", 95.0, 226, 94, 60, 26, 1, 1, 1),
            Word("to", 95.0, 298, 100, 24, 20, 1, 1, 1)]
    assert _choice_pair(dash, np.asarray(img) < 128, 200.0, "start") is None


def test_the_address_of_a_one_column_block_starts_under_the_label_above_it(read):
    # Before, its lines were looked for from the name's label down: the SSN and the date were
    # read as lines of the address.
    result = read("one-column", maker=rp.one_column_block)
    assert result.fields["address"].value == ADDRESS
    assert result.fields["ssn"].value == T["ssn"]


def test_a_grant_row_written_without_its_date_goes_to_a_person(read):
    result = read("no-date", placement="below", no_date_row=1)
    row = result.grants[1]
    assert row["grant_date"].value is None and row["grant_date"].confidence < TRUSTED
    assert row["grant_date"].evidence.get("row_written_without_date")
    assert result.grants[0]["grant_date"].confidence >= TRUSTED
    # Under a grant written whole, the row is a grant whose date was missed, not the one
    # above written on over a second line: its other values stand.
    assert not any("row_without_date" in r.evidence.get("doubts", ()) for g in result.grants for r in g.values())


def test_a_dateless_row_under_a_row_with_blank_cells_may_be_that_grant_on_two_lines():
    # A table printing each grant over two rows (the counts on the lower, not under their
    # headings): the lower row read as a row of its own, no date, its counts under the upper
    # row's blank cells. Neither row's values can be trusted where they may be the other's.
    def cell(value):
        return Reading(value, 0.95, page=1) if value is not None else \
            Reading(None, 0.97, page=1, evidence={"blank": True})
    upper = {k: cell(v) for k, v in zip(GRANT_FIELDS, ("2002-11-02", 5000, "8.00", None, None))}
    lower = {k: cell(v) for k, v in zip(GRANT_FIELDS, (None, None, None, 0, 5000))}
    grants = []
    _keep_row(upper, grants)
    _keep_row(lower, grants)
    assert [r.confidence < TRUSTED for r in upper.values()] == [False, False, False, True, True]
    assert lower["shares_exercised"].confidence < TRUSTED and lower["shares_tendered"].confidence < TRUSTED
    assert "row_without_date" in lower["shares_tendered"].evidence["doubts"]


def test_a_row_written_past_the_tables_edge_goes_to_a_person(read):
    """A row written one column over, its last value beside the table: the value past the edge
    lies in no column; the row is doubted whole and the page says why."""
    result = read("beyond", placement="below", walls=False, beyond_row=1)
    doubted = [r for r in result.grants[1].values() if r.evidence.get(WRITING_BEYOND_TABLE)]
    assert len(doubted) == 5 and all(r.confidence < TRUSTED for r in doubted)
    assert WRITING_BEYOND_TABLE in [code for code, _m, _c in result.notes]
    assert not any(r.evidence.get(WRITING_BEYOND_TABLE) for r in result.grants[0].values())


def test_rows_run_together_and_writing_beside_the_table_are_doubted():
    """The row doubts on ink alone: a band taller than a row of writing can be is rows run
    together; ink beyond the table's last column beside a row lies in no column."""
    dpi = 200
    ink = np.zeros((1000, 1700), bool)
    ink[100:130, 1450:1500] = True             # writing 0.25 in past the right edge, beside row 1

    def row():
        return {k: Reading(value=1, confidence=0.98) for k in GRANT_FIELDS}
    tall, beside, plain = row(), row(), row()
    _row_doubts(tall, ink, (300, 300 + int(0.9 * dpi)), (290, 500), 1400, dpi)
    _row_doubts(beside, ink, (100, 140), (90, 150), 1400, dpi)
    _row_doubts(plain, ink, (600, 640), (590, 650), 1400, dpi)
    assert all(r.evidence.get(ROWS_RUN_TOGETHER) and r.confidence <= 0.3 for r in tall.values())
    assert all(r.evidence.get(WRITING_BEYOND_TABLE) and r.confidence <= 0.3 for r in beside.values())
    assert all(r.confidence == 0.98 and not r.evidence for r in plain.values())
    assert [c for c, _m in table_doubts([tall, beside, plain], 2)] == [ROWS_RUN_TOGETHER, WRITING_BEYOND_TABLE]
    assert table_doubts([plain], 2) == []


def test_ink_read_into_two_cells_side_by_side_is_doubted_in_both():
    # "500" written over the price's wall onto "1.25": the count read "5" from its own cell,
    # the price "500.25" from a crop that began inside the count's writing, trusted at 0.95.
    from intake.reading.table import READ_TWICE, _read_twice
    dpi = 200
    boxes = {"grant_date": (100, 50, 300, 90), "shares_granted": (681, 50, 704, 90),
             "exercise_price": (689, 50, 831, 90), "shares_exercised": (990, 50, 1020, 90),
             "shares_tendered": (1250, 50, 1330, 90)}
    row = {k: Reading(value=1, confidence=0.95, bbox=b) for k, b in boxes.items()}
    _read_twice(row, dpi)
    assert [k for k, r in row.items() if READ_TWICE in r.evidence.get("doubts", [])] == \
        ["shares_granted", "exercise_price"]
    assert row["shares_granted"].confidence <= 0.5 and row["exercise_price"].confidence <= 0.5
    assert row["grant_date"].confidence == row["shares_tendered"].confidence == 0.95
    # Cells whose writing stands apart, or touches by a pixel or two, are not doubted.
    apart = {k: Reading(value=1, confidence=0.95, bbox=(x, 50, x + 100, 90))
             for k, x in zip(GRANT_FIELDS, (100, 202, 400, 600, 800))}
    _read_twice(apart, dpi)
    assert all(r.confidence == 0.95 for r in apart.values())


def test_a_table_whose_writing_mostly_went_unread_cannot_vouch_for_its_rows():
    # A table read as little as this may hold rows it never saw (a grant table set on its side
    # read as rows: one of its three grants was never a row, and nothing said so).
    from intake.reading.table import TABLE_UNREAD

    def row(read: int):
        r = {k: Reading(None, 0.05, raw="?") for k in GRANT_FIELDS}
        for k in GRANT_FIELDS[:read]:
            r[k] = Reading(1, 0.95, raw="1")
        return r
    assert [c for c, _m in table_doubts([row(1), row(2)], 2)] == [TABLE_UNREAD]
    assert table_doubts([row(3), row(5)], 2) == []
    # Blank cells are no unread writing: a row written in two cells and blank in the rest is read.
    blanks = row(2)
    for k in GRANT_FIELDS[2:]:
        blanks[k] = Reading(None, 0.97, evidence={"blank": True})
    assert table_doubts([blanks], 2) == []


def test_a_blank_cell_beside_a_lone_mark_left_out_of_the_table_goes_to_a_person():
    # "0" for the first grant's shares exercised, written wholly in the second grant's cell:
    # the lone mark is no row, and the first grant's blank cell there had been vouched for at
    # 0.97 (the last silent error of two fresh sets).  Other cells, and blanks of other
    # fields, stand.
    from intake.reading.table import STRAY_MARK_BESIDE, doubt_beside_stray_marks, is_stray_mark

    def row(**written):
        r = {k: Reading(None, 0.97, evidence={"blank": True}) for k in GRANT_FIELDS}
        r.update({k: Reading(v, 0.97, raw=str(v)) for k, v in written.items()})
        return r
    grant = row(grant_date="2000-03-18", shares_granted=15000, exercise_price="6.25", shares_tendered=15000)
    other = row(grant_date="2001-05-02", shares_granted=500, exercise_price="2.00", shares_tendered=500)
    rows = [grant, row(shares_exercised=0), other]
    assert is_stray_mark(rows[1])
    doubt_beside_stray_marks(rows)
    for r in (grant, other):
        assert r["shares_exercised"].confidence == 0.5
        assert r["shares_exercised"].evidence["doubts"] == [STRAY_MARK_BESIDE]
        assert all(r[k].confidence == 0.97 for k in GRANT_FIELDS if k != "shares_exercised")
    lone = [row(grant_date="2000-03-18", shares_granted=15000, exercise_price="6.25", shares_tendered=15000)]
    doubt_beside_stray_marks(lone)
    assert lone[0]["shares_exercised"].confidence == 0.97


def test_a_total_under_the_table_is_no_grant_and_is_checked_against_the_rows():
    from intake.reading.table import TOTAL_DISAGREES, _total_line, is_total_line

    def row(tendered, raw=None, **others):
        r = {k: Reading(None, 0.97, evidence={"blank": True}) for k in GRANT_FIELDS}
        for k, v in others.items():
            r[k] = Reading(v, 0.97, raw=str(v))
        r["shares_tendered"] = Reading(tendered, 0.95, raw=raw or str(tendered))
        return r
    grants = [row(10200, grant_date="1995-04-13", shares_granted=12000), row(40000, grant_date="2001-12-04")]
    rows = grants + [row(50200)]
    _total_line(rows)
    assert is_total_line(rows[-1]) and not any(is_total_line(r) for r in grants)
    assert table_doubts(rows, 2) == []
    # Printed "TOTAL" on the line: a total whatever it says, and one that disagrees is a note.
    rows = grants + [row(48000)]
    rows[-1]["exercise_price"] = Reading(None, 0.05, raw="TOTAL OPTIONS TENDERED")
    _total_line(rows)
    assert is_total_line(rows[-1])
    assert [c for c, _m in table_doubts(rows, 2)] == [TOTAL_DISAGREES]
    # A last row with a date is a grant, whatever its count.
    rows = grants + [row(50200, grant_date="2002-01-08")]
    _total_line(rows)
    assert not is_total_line(rows[-1])


def _line(*texts: str):
    from ocr.layout import Line
    from ocr.tesseract import Word
    x, words = 100, []
    for t in texts:
        words.append(Word(t, 95.0, x, 1000, 12 * len(t), 20, 1, 1, 1))
        x += 12 * len(t) + 10
    return Line(tuple(words))


def _printed(d: ImageDraw.ImageDraw, texts: list[str], top: int = 100, pitch: int = 42):
    """Lines of print drawn word by word in DejaVu Serif, and the words as Tesseract would give
    them; with the x where the last line ends."""
    from ocr.tesseract import Word
    f = ImageFont.truetype(rp.DEJAVU + "DejaVuSerif.ttf", 30)
    words = []
    for n, text in enumerate(texts):
        x, y = 150, top + pitch * n
        for w in text.split():
            d.text((x, y), w, font=f, fill=0)
            width = int(f.getlength(w))
            words.append(Word(w, 95.0, x, y + 6, width, 26, 1, 1, n))
            x += width + int(f.getlength(" "))
    return words, x


def test_a_box_whose_mark_reads_as_a_short_word_still_begins_its_sentence():
    # The demo's 0002.tif: the tender box's X read "wil" before "Yes, I wish to tender ...";
    # the sentence was not believed to start there and the tender box went unread.
    from intake.reading.checkboxes import box_sentences
    found = box_sentences([_line("wil", "Yes,", "|", "wish", "to", "tender", "for", "exchange", "each", "of")], 200.0)
    assert "tender_elected" in found and found["tender_elected"][0][0].words[0].text == "Yes,"
    # A line that continues a sentence is no start: a short joining word, or a long lowercase one.
    assert box_sentences([_line("and", "I", "wish", "to", "tender", "for", "exchange")], 200.0) == {}
    assert box_sentences([_line("grants", "I", "wish", "to", "tender.")], 200.0) == {}
    # A box read as a joining word ("on" for a circled X) stands apart from the sentence after it.
    circled = _line("on", "YES", "-", "I", "wish", "to", "exchange", "each", "of", "the", "options")
    words = list(circled.words)
    words[1:] = [dataclasses.replace(w, left=w.left + 80) for w in words[1:]]
    found = box_sentences([type(circled)(tuple(words))], 200.0)
    assert found["tender_elected"][0][0].words[0].text == "YES"


@pytest.mark.parametrize("box_read_as", ["Rl", "Ye", "&)"])
def test_a_box_after_its_sentence_is_found_when_its_mark_reads_as_letters(box_read_as):
    # A fresh set's three forms: the marked box after "... since August 28, 2002:" was read by
    # Tesseract as a last "word" ("Rl", "Ye"), taken for the sentence's end; the box went unread.
    from ocr.preprocess import ink_mask
    from ocr.tesseract import Word
    from ocr.layout import lines_of
    from intake.reading.checkboxes import read_checkboxes
    img = Image.new("L", (1700, 400), 255)
    d = ImageDraw.Draw(img)
    words, x = _printed(d, ["Check here to tender for exchange the options specified in the table below and on",
                            "any attached additional sheets, together with every option granted since August",
                            "28, 2002:"])
    bx = x + 20
    d.rectangle((bx, 186, bx + 30, 216), outline=0, width=3)
    d.line((bx + 4, 190, bx + 26, 212), fill=0, width=4)
    d.line((bx + 26, 190, bx + 4, 212), fill=0, width=4)
    words.append(Word(box_read_as, 40.0, bx - 2, 186, 34, 30, 1, 1, 2))
    ink = ink_mask(np.asarray(img))
    got = read_checkboxes(img, ink, lines_of(words), 200.0, page=1, timeout=30, crops=None)
    assert got["tender_elected"].value is True and got["tender_elected"].confidence >= TRUSTED


def test_no_box_is_taken_after_a_word_that_ends_no_sentence():
    # A fresh set's 0013.tif: the sentence's line ending "... grants I wish to" read as its
    # last; the box looked for after "wish" was found in "to" and read ticked at 0.98.
    from ocr.layout import lines_of
    from ocr.preprocess import ink_mask
    from ocr.layout import Match
    from intake.reading.checkboxes import _box_of
    img = Image.new("L", (1700, 300), 255)
    words, _x = _printed(ImageDraw.Draw(img), ["I have attached an additional sheet listing my name and any grants I wish to"])
    lines = lines_of(words)
    m = Match(tuple(words[:3]), 1.0)
    found = _box_of(ink_mask(np.asarray(img)), m, lines[0], lines, 200.0)
    assert found.found_by == "region"


def test_a_line_split_by_a_fax_streak_is_one_line_to_its_sentence():
    # A fresh set's 0014.tif: a streak down the page split each line of the tender sentence in
    # two; the right piece ("ions listed below (and on any additional sheets attached ...")
    # was taken for a sentence of its own, the additional sheet's, and the tender box after
    # "2002." read as the additional-sheet box, ticked at 0.98.
    from ocr.layout import lines_of
    from ocr.tesseract import Word
    from intake.reading.checkboxes import box_sentences, printed_lines
    texts = ["I elect to tender for exchange the opt ions listed below (and on any additional sheets",
             "attached to this form), together with all options granted to me since Aug ust 28, 2002."]
    words = []
    for n, text in enumerate(texts):
        x = 200
        for i, w in enumerate(text.split()):
            piece = 0 if x < 200 + 14 * 38 else 1          # Tesseract's two blocks either side of the streak
            words.append(Word(w, 95.0, x, 100 + 40 * n, 14 * len(w), 28, 1 + piece, 1, n))
            x += 14 * len(w) + 12
    lines = lines_of(words)
    assert len(lines) == 4 and len(printed_lines(lines, 200.0)) == 2
    assert set(box_sentences(lines, 200.0)) == {"tender_elected"}
    # Columns of print an inch apart stay apart.
    far = [dataclasses.replace(w, left=w.left + 200) if w.block == 2 else w for w in words]
    assert len(printed_lines(lines_of(far), 200.0)) == 4


def test_rules_printed_as_dots_are_rules_and_small_print_is_not():
    from ocr.layout import dotted_rules
    from ocr.preprocess import ink_mask
    img = Image.new("L", (1700, 900), 255)
    d = ImageDraw.Draw(img)
    for x in range(200, 1500, 9):                      # a dotted rule across, dots every 0.045 in
        d.rectangle((x, 100, x + 2, 102), fill=0)
    for y in range(100, 700, 9):                       # and one upright, three inches long
        d.rectangle((600, y, 602, y + 2), fill=0)
    small = ImageFont.truetype(rp.DEJAVU + "DejaVuSans.ttf", 14)
    for n in range(8):                                 # small print, line over line
        d.text((800, 200 + 22 * n), "Option Holder's Signature iiii llll :::: .... Soc. Sec. No.", font=small, fill=0)
    bold = ImageFont.truetype(rp.DEJAVU + "DejaVuSans-Bold.ttf", 30)
    d.text((200, 760), "Mailing Address of Option Holder", font=bold, fill=0)   # a label read as a rule before
    ink = ink_mask(np.asarray(img))
    across = dotted_rules(ink, 100, 200.0)
    upright = dotted_rules(ink, 60, 200.0, vertical=True)
    assert [(b.x0 < 205, b.x1 > 1490, 99 <= b.y0 <= 101) for b in across] == [(True, True, True)]
    assert [(599 <= b.x0 <= 601, b.y0 <= 102, b.y1 >= 690) for b in upright] == [(True, True, True)]


def test_labels_printed_small_in_their_boxes_corners_have_their_values_in_the_boxes(read):
    # The held-out family of the samples until now: each field a box with its label small in
    # its top-left corner, the value written in the box under it; two boxes side by side share
    # the rules above and below them, the address box holds three lines and no rules.  Labels
    # of 11 px (4 pt at 200 dpi) are lost when the page is read at 150 dpi: the block's band
    # is read again at the page's own resolution (held-out forms of a fresh set lost their SSN
    # and signing-date labels so).
    f = read("caption-small", placement="caption", walls=False, label_px=11).fields
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED
    assert f["address"].value == ADDRESS and f["address"].confidence >= TRUSTED
    assert f["ssn"].value == T["ssn"] and f["signed_at"].value == "2003-03-28T14:15"
    assert f["signature_present"].value is True
    assert all(r.evidence.get("placement") == "inside" for k, r in f.items()
               if k in ("holder_name", "ssn", "signed_at", "address", "signature_present"))


def test_a_label_read_with_a_semicolon_for_its_colon_still_ends_there():
    # A fresh set's 0022.tif, read again at full resolution: "NAME OF OPTION HOLDER (PLEASE
    # PRINT); JESSICA NGUYEN": the label ended after "HOLDER", its tail read as the name.
    from ocr.layout import find_phrase
    from intake.reading.signature import _to_colon
    lines = _lines("NAME OF OPTION HOLDER (PLEASE PRINT); JESSICA NGUYEN")
    m = find_phrase(lines, "NAME OF OPTION HOLDER", 0.9)[0]
    assert [w.text for w in _to_colon(m, lines).words][-1] == "PRINT);"



def test_the_words_beside_an_empty_box_are_no_mark_that_missed_it():
    # A fresh set's 0012.tif: "I have attached additional sheet(s) listing ... cancel." and, on
    # the line under its start, the line to mark on; the sentence's words lay in the ring
    # measured around the line's place (ring 0.06), and the empty answer was held back at 0.5.
    from ocr.preprocess import ink_mask
    from ocr.layout import lines_of
    from intake.reading.checkboxes import read_checkboxes
    img = Image.new("L", (1700, 300), 255)
    d = ImageDraw.Draw(img)
    words, _x = _printed(d, ["I have attached additional sheet(s) listing my name and further grants to cancel."])
    d.line((200, 178, 290, 178), fill=0, width=3)                   # the line to mark on, under its start
    got = read_checkboxes(img, ink_mask(np.asarray(img)), lines_of(words), 200.0, page=1, timeout=30, crops=None)
    box = got["additional_sheet_attached"]
    assert box.evidence["found_by"] == "underline"
    assert box.value is False and box.confidence >= TRUSTED, box


@pytest.mark.parametrize("typeset,lower_in", [("modern", 0.0), ("classic", 1.6)])
def test_a_notice_is_told_by_its_title_under_the_heading_both_forms_bear(tmp_path, typeset, lower_in):
    # A fresh set's three photographed Notices were read as Election Forms: their first two lines
    # ("ALPHA TECHNOLOGIES GROUP, INC.", "OFFER TO EXCHANGE OPTIONS") were taken to settle what
    # the page is (on one, set lower in the frame, the title was below the top band read), and
    # "I now wish to change that election ..." as the tender sentence ("change" read as
    # "exchange"), its "I" as a ticked box.
    from samples import typesets
    pages_, _anchors = typesets.change_notice(typeset)
    page = pages_[0]
    if lower_in:
        framed = Image.new("L", (page.width, page.height + int(lower_in * typesets.RENDER_DPI)), 255)
        framed.paste(page, (0, int(lower_in * typesets.RENDER_DPI)))
        page = framed
    path = tmp_path / "notice.png"
    page.save(path, dpi=(typesets.RENDER_DPI, typesets.RENDER_DPI))
    result = _read(path)
    assert result.kind == "change_notice", (result.kind, result.title)
    assert "tender_elected" not in result.fields


def test_a_shorter_word_inside_a_boxs_word_is_not_that_word():
    from intake.reading.checkboxes import box_sentences
    notice = box_sentences(_lines("I now wish to change that election and REJECT the Offer. I understand that by"), 200)
    assert notice == {}


def test_a_box_after_its_sentence_is_found_past_glyphs_read_after_its_last_word():
    # A fresh set's 0008.tif: "... I wish to cancel. _ ()": Tesseract read the empty "( )" as
    # two glyph "words"; the sentence's last word was looked for among them only, and the box
    # went unread (0.5).
    from ocr.preprocess import ink_mask
    from ocr.tesseract import Word
    from ocr.layout import lines_of
    from intake.reading.checkboxes import read_checkboxes
    img = Image.new("L", (1700, 300), 255)
    d = ImageDraw.Draw(img)
    words, x = _printed(d, ["An additional sheet is attached listing my name and the further grants I wish to cancel."])
    bx = x + 30
    d.text((bx, 100), "( )", font=ImageFont.truetype(rp.DEJAVU + "DejaVuSerif.ttf", 30), fill=0)
    words += [Word("_", 30.0, bx - 22, 128, 14, 4, 1, 1, 0), Word("()", 40.0, bx, 104, 40, 30, 1, 1, 0)]
    got = read_checkboxes(img, ink_mask(np.asarray(img)), lines_of(words), 200.0, page=1, timeout=30, crops=None)
    box = got["additional_sheet_attached"]
    assert box.evidence["found_by"] != "region", box
    assert box.value is False and box.confidence >= TRUSTED, box


def test_a_box_past_a_brace_read_as_a_short_word_of_letters_is_no_word_of_the_sentence():
    # 64646 0015: "... I wish to cancel. } go", the brace and the empty box after it read as
    # glyphs, the box as "go", a word of letters: "go" was taken for the sentence's last word,
    # no stop after it, and the box went unread (0.5).  A short "word" past the line's print is
    # the box read as letters, as the line's print already says (`_print_box`).
    from ocr.preprocess import ink_mask
    from ocr.tesseract import Word
    from ocr.layout import lines_of
    from intake.reading.checkboxes import read_checkboxes
    img = Image.new("L", (1700, 300), 255)
    d = ImageDraw.Draw(img)
    words, x = _printed(d, ["I have attached additional sheet(s) listing my name and the further grants I wish to cancel."])
    d.text((x + 16, 96), "}", font=ImageFont.truetype(rp.DEJAVU + "DejaVuSerif.ttf", 34), fill=0)
    bx = x + 46
    d.rectangle((bx, 100, bx + 30, 130), outline=0, width=3)
    words += [Word("}", 84.0, x + 16, 100, 16, 32, 1, 1, 0), Word("go", 68.0, bx - 2, 100, 32, 30, 1, 1, 0)]
    got = read_checkboxes(img, ink_mask(np.asarray(img)), lines_of(words), 200.0, page=1, timeout=30, crops=None)
    box = got["additional_sheet_attached"]
    assert box.evidence["found_by"] != "region", box
    assert box.value is False and box.confidence >= TRUSTED, box


def _brace_and_box(d: ImageDraw.ImageDraw, after, marked: bool) -> int:
    """A brace over two lines of `_printed` set after the word `after`, and an empty box past
    it, crossed when `marked`: where the box's left wall stands."""
    x = after.left + after.width + 16
    brace = ImageFont.truetype(rp.DEJAVU + "DejaVuSerif.ttf", 84)
    d.text((x, 126), "}", font=brace, fill=0, anchor="lm")
    bx = x + int(brace.getlength("}")) + 16
    d.rectangle((bx, 112, bx + 30, 142), outline=0, width=3)
    if marked:
        d.line((bx + 5, 117, bx + 25, 137), fill=0, width=4)
        d.line((bx + 25, 117, bx + 5, 137), fill=0, width=4)
    return bx


def _two_lines(lines: list[str]):
    """A page strip with a two-line sentence printed on it: the image, its drawing and its words."""
    img = Image.new("L", (1800, 320), 255)
    d = ImageDraw.Draw(img)
    words, _x = _printed(d, lines)
    return img, d, words


def _tender_box(img: Image.Image, words) -> Reading:
    """The tender box `read_checkboxes` reads on the strip, from the words given."""
    from ocr.layout import lines_of
    from ocr.preprocess import ink_mask
    from intake.reading.checkboxes import read_checkboxes
    got = read_checkboxes(img, ink_mask(np.asarray(img)), lines_of(words), 200.0, page=1, timeout=30, crops=None)
    return got["tender_elected"]


@pytest.mark.parametrize("marked", [False, True])
def test_a_sentences_last_word_and_the_pronoun_after_it_read_glued_are_print_not_a_box(marked):
    # A held-out family's form: "... sheets I } [ ]", the box past a brace, the first line the
    # longer: OCR read "sheets I" as one "word", "sheets:1", no word of print, so the block's
    # edge fell before it and the "t" and the "I" were taken for a printed "[ ]", the "s"
    # between them a mark (read elected at 0.93 on an empty box).  Words run together by a
    # speck read as a stop are words of print, whichever stop, the pronoun I read as a "1".
    from ocr.tesseract import Word
    img, d, words = _two_lines(["YES - I wish to exchange the options specified below (including any on additional "
                                "sheets I", "have attached), along with all options granted since August 28, 2002."])
    first = [w for w in words if w.line == 0]
    sheets, pronoun = first[-2:]
    glued = Word("sheets:1", 90.0, sheets.left, sheets.top, pronoun.left + pronoun.width - sheets.left, 26, 1, 1, 0)
    words = [w for w in words if w not in (sheets, pronoun)] + [glued]
    bx = _brace_and_box(d, glued, marked)
    words.append(Word("Oo", 60.0, bx - 2, 110, 36, 34, 1, 1, 0))
    box = _tender_box(img, words)
    assert box.evidence["found_by"] != "region", box
    assert box.value is marked and box.confidence >= TRUSTED, box


@pytest.mark.parametrize("marked", [False, True])
def test_a_word_closing_an_aside_before_its_stop_is_print_and_the_box_past_the_brace_is_read(marked):
    # A held-out family's form read blind: "... (and on any sheets attached to this form), }
    # [ ]" over two lines, the first the longer: "form)," was taken for no word of print, the
    # block's edge fell before it, and the "(" ... ")" of "form)" for a printed "[ ]" with the
    # letters inside a mark (read elected at 0.98 on an empty box).
    img, d, words = _two_lines(["I elect to tender for exchange the options listed below (and on any sheets attached "
                                "to this form),", "together with all options granted to me since August 28, 2002."])
    bx = _brace_and_box(d, [w for w in words if w.line == 0][-1], marked)
    box = _tender_box(img, words)
    assert box.evidence["found_by"] != "region" and box.bbox[0] >= bx - 3, box
    assert box.value is marked and box.confidence >= TRUSTED, box


def test_a_tender_page_whose_box_ends_its_sentence_is_read_by_its_lines_not_whole(tmp_path, monkeypatch):
    # A box printed after its sentence was not among the cheap look's candidates (it looks in
    # the left margin), so such a page was read whole (2.6 s of a 4.6 s page on a fresh set).
    import intake.reading.page as page_mod
    img = Image.new("L", (rp.W, rp.H), 255)
    d = ImageDraw.Draw(img)
    bold = ImageFont.truetype(rp.DEJAVU + "DejaVuSerif-Bold.ttf", 36)
    serif = ImageFont.truetype(rp.DEJAVU + "DejaVuSerif.ttf", 30)
    for n, title in enumerate(("ALPHA TECHNOLOGIES GROUP, INC.", "OFFER TO EXCHANGE OPTIONS", "ELECTION FORM")):
        d.text(((rp.W - bold.getlength(title)) / 2, rp.px(0.8) + 50 * n), title, font=bold, fill=0)
    prose = ["I have received the Amended Offer to Exchange, the letters from the Company, the",
             "Election Form and Notice to Change Election From Accept to Reject, together the Offer.",
             "Subject to the above understandings, I would like to participate in the Offer as",
             "indicated below. I HAVE READ AND FOLLOWED THE INSTRUCTIONS ATTACHED TO THIS FORM."]
    for n, ln in enumerate(prose):
        d.text((rp.px(1.0), rp.px(1.8) + 42 * n), ln, font=serif, fill=0)
    rp.draw_box_sentence(img, rp.px(3.2), ["Check here to tender for exchange the options specified in the table",
                                           "below, together with every option granted since August 28, 2002:"],
                         ticked=True, after=True)
    path = tmp_path / "tender.png"
    img.save(path, dpi=(rp.DPI, rp.DPI))
    whole = []
    real = page_mod._scaled_words

    def spy(image, dpi, box=None, **kw):
        if box is None:
            whole.append(1)
        return real(image, dpi, box, **kw)
    monkeypatch.setattr(page_mod, "_scaled_words", spy)
    result = _read(path)
    assert result.fields["tender_elected"].value is True and result.fields["tender_elected"].confidence >= TRUSTED
    assert not whole


def test_a_faxed_grid_with_shaded_label_cells_and_a_reversed_heading_band_is_read(read):
    # The held-out family until now, faxed: each field a row of a grid, its label in a shaded
    # cell on the left and its value in the cell right of it (no writing line beside the label:
    # the value's place is the next cell, across the wall); the table's headings white on a
    # black band over rows shaded by turns; the additional-sheet box shaded. The fax dithers
    # every grey into dots. Before, no label, heading or value of such a page was read.
    result = read("grid-faxed", placement="grid", shaded=True, fax=True)
    _signature_block_right(result, "right")
    assert [tuple(r[k].value for k in GRANT_FIELDS) for r in result.grants] == GRANTS
    assert all(r[k].confidence >= TRUSTED for r in result.grants for k in GRANT_FIELDS)
    box = result.fields["additional_sheet_attached"]
    assert box.value is False and box.confidence >= TRUSTED


def test_a_title_beside_another_after_a_dash_is_still_a_title():
    # "ADDITIONAL SHEET - ELECTION FORM": the additional sheet was taken for the form's
    # signature page (it bears a name and a signature) and made a document of its own.
    from intake.reading.page import _title_kind
    assert _title_kind(_lines("ADDITIONAL SHEET - ELECTION FORM"))[0] == "additional_sheet"
    assert _title_kind(_lines("ELECTION FORM"))[0] == "form_text"
    # Inside a sentence the same words are no title.
    assert _title_kind(_lines("attach an additional sheet to this Election Form if you need more room"))[0] is None


def test_a_tables_rows_end_at_its_printed_total_and_at_print_in_words(tmp_path):
    # An additional sheet's table: its printed total line ("TOTAL OPTIONS TENDERED", its
    # label read as "10" in the exercised column had made it a grant), then a sentence in a
    # wording the form's description does not hold, then the holder's name and signature in
    # boxes: each had been read as rows of the table (junk rows sent to a person, one trusted).
    img = Image.new("L", (rp.W, rp.H), 255)
    d = ImageDraw.Draw(img)
    bottom = rp.draw_table(img, rp.px(1.0), reversed_heads=True)      # no rules to end it
    serif = ImageFont.truetype(rp.DEJAVU + "DejaVuSerif.ttf", 30)
    y = bottom + rp.px(0.25)
    d.text((rp.px(3.6), y), "TOTAL OPTIONS TENDERED", font=ImageFont.truetype(rp.DEJAVU + "DejaVuSans-Bold.ttf", 26),
           fill=0)
    rp._typed(d, "16,000", rp.W - rp.px(2.2), y + 28)
    y += rp.px(0.7)
    d.text((rp.px(1.0), y), "Grants continued on a separate page are listed there with my name.", font=serif,
           fill=0)
    y += rp.px(0.7)
    d.rectangle((rp.px(0.9), y, rp.px(6.0), y + rp.px(0.6)), outline=0, width=3)
    d.text((rp.px(1.0), y + rp.px(0.05)), "Printed Name", font=rp._font("DejaVuSans.ttf", 22), fill=0)
    rp._typed(d, "MARY J. KELLER", rp.px(2.8), y + rp.px(0.42))
    path = tmp_path / "sheet.png"
    img.save(path, dpi=(rp.DPI, rp.DPI))
    result = _read(path)
    assert [tuple(r[k].value for k in GRANT_FIELDS) for r in result.grants] == GRANTS


def test_values_written_one_character_to_a_box_are_read_as_lines_of_writing(read):
    # Each label small above a row of printed character boxes, a character in each: the box's
    # top is the label's line, the value is written between it and the box's floor, and the
    # walls between the boxes are no letters (they read as "|" and lost every value before).
    f = read("comb", placement="comb").fields
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED
    assert f["ssn"].value == T["ssn"] and f["ssn"].confidence >= TRUSTED
    assert f["signed_at"].value == "2003-03-28T14:15"
    assert f["address"].value == ADDRESS
    assert f["signature_present"].value is True
    assert all(r.evidence.get("placement") == "above" for k, r in f.items()
               if k in ("holder_name", "ssn", "signed_at", "address", "signature_present"))


@pytest.mark.parametrize("ringed, after, want", [("yes", False, True), ("no", False, False),
                                                 (None, False, False), ("yes", True, True)])
def test_a_sentence_answered_by_ringing_yes_or_no_is_read_by_the_ring(tmp_path, ringed, after, want):
    # YES and NO printed in bold are no boxes (a bold word read as a box marked solid, 0.98):
    # the word a ring goes round is the answer; the sentence's own "YES -" is no pair.
    result = _read(rp.yes_no_page(tmp_path / "yes-no.png", ringed, after=after))
    r = result.fields["tender_elected"]
    assert r.evidence.get("found_by") == "yes-no"
    assert r.value is want and r.confidence >= TRUSTED


def test_a_value_written_on_past_the_end_of_its_line_is_read_whole(tmp_path):
    # "3/28/2003" on the line, "2:15 PM" past its end after a word's space: the time had been
    # left unread and the date alone went through at 0.95.  The place grows over writing that
    # goes on word by word, not over print further on.
    f = _read(rp.written_past_lines(tmp_path / "past.png")).fields
    assert f["signed_at"].value == "2003-03-28T14:15"
    assert f["holder_name"].value == T["holder_name"]
    assert f["ssn"].value == T["ssn"] and f["ssn"].confidence >= TRUSTED


def test_a_sentence_that_begins_with_yes_is_no_yes_or_no_to_ring(read):
    # "YES - I wish to exchange ..." with a box before it: the sentence's own YES and the dash
    # after it are no pair of words to ring; the box is read.
    result = read("yes-worded", placement="below", tender=[
        "YES - I wish to exchange each of the options listed below (and on",
        "any additional sheets which I have attached to this form)."])
    r = result.fields["tender_elected"]
    assert r.value is True and r.confidence >= TRUSTED
    assert r.evidence.get("found_by") != "yes-no"


def test_a_table_on_its_side_and_a_box_at_the_margin_after_a_leader_are_read(tmp_path):
    # A grant to each column and the form's headings, in other words, down a stub column: the
    # table is found by the same structure turned (its walls, the stub's cells between the rules
    # holding the headings in order).  The tender box stands at the margin, a leader of dots
    # running to it from the sentence's end; the labels' values are typed on leaders.
    result = _read(rp.sideways_page(tmp_path / "sideways.png"))
    got = [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants]
    assert got == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())
    tender = result.fields["tender_elected"]
    assert tender.value is True and tender.confidence >= TRUSTED
    f = result.fields
    assert f["holder_name"].value == T["holder_name"]
    assert f["ssn"].value == T["ssn"]


@pytest.mark.parametrize("ticked", ["yes", "no", "neither"])
def test_yes_and_no_each_with_a_box_are_read_by_the_box_marked(tmp_path, ticked):
    # A box before YES and one before NO, one crossed: found by the page's structure (two box
    # outlines of one size level with the sentence, before it, the words beside them read as
    # YES and NO), the answer is the box marked.  Read as "neither ringed, not elected" it had
    # been 0.95 and wrong when YES's box was crossed.  Neither marked is no answer.
    result = _read(rp.yes_no_page(tmp_path / "two-box.png", None, ticked=ticked))
    r = result.fields["tender_elected"]
    assert r.evidence.get("found_by") == "two-box"
    if ticked == "neither":
        assert r.confidence < TRUSTED and r.evidence.get("neither_marked")
    else:
        assert r.value is (ticked == "yes") and r.confidence >= TRUSTED


@pytest.mark.parametrize("key", ["tender_elected", "additional_sheet_attached"])
@pytest.mark.parametrize("checked,after", [("yes", False), ("no", True), (None, False)])
def test_a_sentence_and_its_negative_each_with_a_box_are_read_by_the_box_checked(tmp_path, checked, after, key):
    # "Check one": the sentence with its box and under it "I do not elect to tender ..." with
    # its own.  The negative says the tender's words too: it was taken for the tender sentence,
    # its box read, and the answer given the other way round at 0.97.  A sentence said negated
    # answers No; the answer is the one box checked, and neither checked is a person's.
    result = _read(rp.check_one_page(tmp_path / "check-one.png", checked, after=after, key=key))
    r = result.fields[key]
    assert r.evidence.get("found_by") == "negative", (key, r.evidence)
    if checked is None:
        assert r.confidence < TRUSTED and r.evidence.get("neither_marked")
    else:
        assert r.value is (checked == "yes") and r.confidence >= TRUSTED, (key, r)


@pytest.mark.parametrize("marked,three", [(False, False), (True, False), (False, True), (True, True)])
def test_a_box_past_a_brace_after_its_sentence_is_read_by_its_own_square(tmp_path, marked, three):
    # "... along with all options. } [ ]": the brace and the box's far wall were taken for a
    # pair of bars, the box's near wall and the brace's point inside them read as a mark
    # (True at 0.93 for an empty box; the twenty-first family's first measure, 62626 0040).
    # A pair of bars holding a printed square that has one of them for its wall is that square,
    # and so is a square just past a pair (the brace alone); the box is as near to the block's
    # right edge as a box after a sentence is to its end (the last line may be short); and the
    # brace and the box read as glyphs ("-~O") are no printed word the box lies in.
    # Over three lines (62626 0002), the box level with the middle one: the block's edge is its
    # lines' words of print (the brace read as a tall "wf" is none), the box looked for level
    # with each line, and a piece of the box a tick divides is no square inside a pair.
    r = _read(rp.braced_box_page(tmp_path / "brace.png", marked, three=three)).fields["tender_elected"]
    assert r.value is marked and r.confidence >= TRUSTED, r


@pytest.mark.parametrize("marked", [True, False])
@pytest.mark.parametrize("stop", [True, False])
def test_a_box_halfway_down_a_braced_block_its_stop_lost_or_not_is_the_sentences(tmp_path, marked, stop):
    # A brace over two lines points between them, and the box is set there: level with
    # neither line, it went unfound past the block (62626 0006, a box filled in, read not
    # elected at 0.5).  The box is looked for halfway down the block too.  And a fax that
    # loses the sentence's stop ("2002" for "2002:", a thin typeface: 62626 0032) still has a
    # brace leading to the box: the box is the sentence's where a brace stands between.
    lines = ("Check here to tender for exchange the options specified in the table below and on any",
             "additional sheets, together with every option granted since August 28, 2002" + (":" if stop else ""))
    r = _read(rp.braced_box_page(tmp_path / "brace.png", marked, lines=lines, between=True,
                                 font="DejaVuSans.ttf")).fields["tender_elected"]
    assert r.value is marked and r.confidence >= TRUSTED, r


@pytest.mark.parametrize("pen", [1, 2])
def test_a_thin_cross_in_a_box_on_a_fax_sent_askew_is_a_mark_not_a_tint(tmp_path, pen):
    # A fax is black and white; levelled by a turn of a degree its strokes' edges come out
    # grey, a thin pen stroke grey through, and the cross in the box was taken for a tint
    # printed lighter than the box's outline (read marked at 0.5; the twenty-first family,
    # 62626 0019).  Only a page that came with grey levels says how dark a mark was made.
    path = rp.check_one_page(tmp_path / "askew.png", "yes", pen=pen, turn=1.2)
    r = _read(path).fields["tender_elected"]
    assert r.value is True and r.confidence >= TRUSTED, r


def test_a_word_run_into_the_next_by_a_curled_apostrophe_begins_no_sentence():
    # "and’on any attached additional sheets, together with ..." (OCR's curled apostrophe for a
    # speck between "and" and "on"): the glued word was taken for a box read as letters, so a
    # sentence of the additional sheet began at "any", inside the tender sentence, and took the
    # tender's box for its own (62626 0019).  An apostrophe curled is an apostrophe.
    from ocr.layout import Line
    from ocr.tesseract import Word
    from intake.reading.checkboxes import _real_word, _start
    words = [Word(t, 96.0, 185 + 140 * i, 1430, 120, 17, 1, 1, 1)
             for i, t in enumerate(["and\u2019on", "any", "attached", "additional", "sheets,"])]
    assert _real_word("and\u2019on") and _real_word("holder\u2019s")
    assert _start(Line(tuple(words)), [], 200.0) is None


@pytest.mark.parametrize("marked", [True, False])
def test_a_sentences_last_line_without_descenders_is_its_line_where_the_leading_is_wide(tmp_path, marked):
    # A typewriter face set with wide leading: the last line ("wish to cancel.") has no letter
    # below its baseline, its box 16 px high 32 px under the line above, and it was taken for
    # no line of the paragraph (closer than 1.9 of its own height): the sentence ended a line
    # early, and the box halfway down its brace went unfound (the twenty-first family,
    # 62626 0031, read at 0.5).  Two lines of one paragraph are of one type: the taller box of
    # the two measures it.
    lines = ("Check here to tender the options specified below and on any additional",
             "sheets I have attached.")
    r = _read(rp.braced_box_page(tmp_path / "brace.png", marked, lines=lines, between=True, pitch=44,
                                 font="DejaVuSansMono.ttf")).fields["tender_elected"]
    assert r.value is marked and r.confidence >= TRUSTED, r


def test_a_word_read_surely_beside_a_brace_is_print_however_tall_its_box():
    # OCR's boxes of "since August" beside a brace took in the brace's height (37 px on a line
    # of 14): dropped as a brace read as letters, the block's edge fell short of the brace and
    # the box past it went unfound (62626 0017).  A word read surely is print, its box kept
    # level with the line.
    from ocr.layout import Line
    from ocr.tesseract import Word
    from intake.reading.checkboxes import _print_box
    words = [Word(t, 96.0, 1136 + 60 * i - 60 * 6, 900, len(t) * 9, 14, 1, 1, 1) for i, t in enumerate(
        "sheets, together with every option granted".split())]
    words += [Word("since", 97.0, 1301, 889, 41, 37, 1, 1, 1), Word("August", 96.0, 1350, 889, 48, 37, 1, 1, 1),
              Word("}", 93.0, 1414, 898, 22, 48, 1, 1, 1), Word("wf", 40.0, 1440, 880, 20, 50, 1, 1, 1)]
    box = _print_box(Line(tuple(words)))
    assert (box.x0, box.x1, box.y0, box.y1) == (776, 1398, 900, 914), box


def test_a_sentence_said_negated_is_told_from_a_choice_printed_in_it():
    from intake.reading.checkboxes import NEGATIVE, box_sentences
    said = {text: set(box_sentences(_lines(text), 200)) for text in (
        "I do not wish to tender for exchange the options specified below.",
        "I don't wish to tender for exchange the options specified below.",
        "An additional sheet is not attached listing my name and further grants.",
        "I DO / DO NOT wish to tender for exchange the options specified below.",
        "I donot wish to tender for exchange the options specified below.",
        "Yes, I wish to tender for exchange each of the options specified below.")}
    assert [sorted(k) for k in said.values()] == [[NEGATIVE + "tender_elected"], [NEGATIVE + "tender_elected"],
                                                  [NEGATIVE + "additional_sheet_attached"], ["tender_elected"],
                                                  [NEGATIVE + "tender_elected"], ["tender_elected"]]


def test_two_sentences_of_one_meaning_whose_boxes_read_otherwise_go_to_a_person(tmp_path):
    # A negative whose NOT went unread is taken for the sentence itself: two sentences of the
    # tender's meaning, each with its box, one box crossed.  The first's box had been the
    # answer (an empty one, "not elected" at 0.97, on a form that elected).
    img = Image.new("L", (rp.W, rp.H), 255)
    ImageDraw.Draw(img).text((rp.px(1.0), rp.px(0.6)), "ELECTION FORM",
                             font=ImageFont.truetype(rp.DEJAVU + "DejaVuSans-Bold.ttf", 30), fill=0)
    top = rp.draw_box_sentence(img, rp.px(1.2), ["Check here to tender for exchange the options listed below."],
                               ticked=False)
    rp.draw_box_sentence(img, top, ["I elect to tender for exchange each of the options listed below."], ticked=True)
    path = tmp_path / "two.png"
    img.save(path, dpi=(rp.DPI, rp.DPI))
    r = _read(path).fields["tender_elected"]
    assert r.confidence < TRUSTED and r.evidence.get("another_sentence_reads_otherwise")


def test_headings_with_prose_under_them_are_no_table_and_a_row_of_figures_is_no_prose():
    # The Offer's paragraph set in capitals says a table's headings' words ("OPTIONS GRANTED IN
    # THE SIX MONTHS ... EXERCISE PRICE ... CANCELLATION"): read as headings over the line under
    # them, a prose page became a table page and split its form in two (37373's 0025, once a
    # streak was erased from it).  A line of words under most "headings" makes them prose's;
    # a row of grants typed under real headings is a line of figures, no prose.
    import numpy as np
    from intake.reading.table import _prose_under, read_table
    from ocr.layout import Match
    lines = _lines("OPTIONS GRANTED IN THE SIX MONTHS AT THE EXERCISE PRICE AND SHARES TO BE CANCELLED",
                   "ON APRIL 1, 2003, THE DAY AFTER THE OFFER EXPIRES, WITHOUT ANY FURTHER NOTICE TO ME",
                   top=300, pitch=44)
    img = Image.new("L", (rp.W, rp.H), 255)
    assert read_table(img, np.zeros((rp.H, rp.W), bool), lines, [], 200.0, page=1, timeout=30, crops=None) is None
    heading = Match(tuple(lines[0].words[:2]), 1.0)
    assert _prose_under(heading, lines, 200.0, words_only=True)
    figures = _lines("GRANT DATE SHARES GRANTED EXERCISE PRICE", "03/15/1999 1,000 $12.50 0 1,000 2003 7",
                     top=300, pitch=44)
    assert not _prose_under(Match(tuple(figures[0].words[:2]), 1.0), figures, 200.0, words_only=True)


def test_a_table_on_two_tiers_is_read_a_grant_over_two_rows(tmp_path):
    # Headings on two tiers ("Date of Grant | Shares Granted | Option Price" over "Shares
    # Exercised | Shares to be Cancelled"), each grant over two rows walled as its tier.  Read
    # under the first tier's columns alone, each second row was a grant of its own (its
    # exercised "0" read as a date, its tender as a count) and every tender went unread.
    result = _read(rp.two_tier_page(tmp_path / "two-tier.png"))
    got = [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants]
    assert got == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())


def test_grants_as_numbered_sentences_are_read_by_the_words_around_each_blank(tmp_path):
    # No table: each grant a numbered sentence with blanks, the count before the date, each
    # blank's field named by the words before it ("dated ____", "I wish to tender ____") or
    # after it ("____ have been exercised").  Read as labelled records, the sentence's words
    # were taken for labels of lines they do not name, and the counts went to other fields.
    # A streak down the empty grant's blanks makes no grant of it that anyone trusts.
    result = _read(rp.grant_sentences_page(tmp_path / "sentences.png", GRANTS[:2], streak=True))
    got = [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants]
    assert got[:2] == GRANTS[:2]
    assert all(r.confidence >= TRUSTED for row in result.grants[:2] for r in row.values())
    assert all(r.confidence < TRUSTED for row in result.grants[2:] for r in row.values() if r.value is not None)


def test_a_blank_is_named_by_its_lead_in_or_its_tail_and_two_names_are_no_name():
    from intake.reading.grant_sentences import _named
    assert _named(["Option", "granted", "on"], ["to", "purchase"]) == ("grant_date", False)
    assert _named(["share,", "of", "which"], ["shares", "have", "been", "exercised;"]) == ("shares_exercised", False)
    assert _named(["at"], ["per", "share;"]) == ("exercise_price", False)
    assert _named(["I", "TENDER"], ["shares."]) == ("shares_tendered", False)
    assert _named(["tendering"], ["per", "share"]) == (None, True)
    assert _named(["of", "which"], ["shares", "remain"]) == (None, False)


def test_labels_after_their_lines_and_grants_as_records_are_read(tmp_path):
    # No table: each grant a block of labelled writing lines ("Date of Grant ____  Shares
    # Granted ____"), the labels the table's headings in other words, a last block left empty.
    # The signature block's labels stand after their lines, small, one broken over two lines.
    result = _read(rp.after_and_records_page(tmp_path / "records.png"))
    got = [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants]
    assert got == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())
    _signature_block_right(result, "left")


@pytest.mark.parametrize("how", [dict(price_label="Price per Share"), dict(label_px=13), dict(label_px=11)])
def test_records_labels_are_read_whole_and_small_print_is_read_again(tmp_path, how):
    # "Price per Share ____": the label goes on past the word that names the field, and its
    # line starts after the whole label (every price had been unread, its label not taken).
    # Labels printed small (11 and 13 px at 200 dpi): lost in places at the page read's
    # resolution, the records' band is read again at the page's own (every count but the
    # dates, or every exercised count, had been unread).
    result = _read(rp.after_and_records_page(tmp_path / "records.png", **how))
    assert [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants] == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())


def test_a_record_whose_label_went_unread_keeps_the_blocks_apart_and_asks_a_person(tmp_path):
    # The second block's date label not printed (or not read): its date is unknown, for a
    # person, and the third block's date stays the third grant's (grouping by a heading met
    # again had given the second grant the third's date, stated 0.95).
    result = _read(rp.after_and_records_page(tmp_path / "records.png", drop_label=(1, "grant_date")))
    rows = result.grants
    assert len(rows) == 3
    assert rows[1]["grant_date"].confidence < TRUSTED
    assert [tuple(row[k].value for k in GRANT_FIELDS) for row in (rows[0], rows[2])] == [GRANTS[0], GRANTS[2]]
    assert rows[1]["shares_granted"].value == GRANTS[1][1]


def test_a_record_written_on_past_its_lines_end_goes_to_a_person(tmp_path):
    # "$12.50" written over the end of its line into the next label's print: what the line
    # holds is a piece of it ("12.5" had been read "12.00", 0.95).
    rows = _read(rp.after_and_records_page(tmp_path / "records.png", run_past=True)).grants
    price = rows[0]["exercise_price"]
    assert price.value == GRANTS[0][2] or price.confidence < TRUSTED


def test_a_name_begun_before_its_lines_start_is_not_trusted_without_its_first_letters(read):
    # A name typed in from a little before its line's start: the place starts at the line,
    # and what it holds may lack the first letters ("ennifer Wood", 0.94, on a fresh set).
    f = read("name-before", placement="above", name_before=0.3).fields
    name = f["holder_name"]
    assert name.value == T["holder_name"] or name.confidence < TRUSTED
    assert name.confidence < TRUSTED and "writing_begun_before_its_place" in name.evidence.get("doubts", ())
    assert f["ssn"].confidence >= TRUSTED and "writing_begun_before_its_place" not in f["ssn"].evidence.get("doubts", ())


@pytest.mark.parametrize("dated_apart", [True, False])
def test_a_signature_block_of_sentences_to_fill_in_is_read_by_each_blanks_lead_in(tmp_path, dated_apart):
    # No labels: "I, ____, whose Social Security Number is ____, residing at ____ ____, hereby
    # make this election, dated ____ at ____.  Signature: ____".  Each blank is the field the
    # words before it name; the address's second blank has none and goes on the address.
    f = _read(rp.sentences_page(tmp_path / "sentences.png", dated_apart=dated_apart)).fields
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED
    assert f["ssn"].value == T["ssn"]
    assert f["signed_at"].value == "2003-03-28T14:15"
    assert f["address"].value == ADDRESS
    assert f["signature_present"].value is True
    assert all(r.evidence.get("placement") == "sentence" for r in f.values() if r.evidence.get("placement"))


@pytest.mark.parametrize("extra", [{}, {"grant_no_heading": "Grant No.", "head_lines": "stacked3"},
                                   {"font_family": "nimbus-mono", "head_bold": True}])
def test_a_grid_whose_headings_are_turned_a_quarter_is_read_by_its_walls(tmp_path, extra):
    # A boxed grid under a tall band of headings reading upwards (narrow columns): read upright,
    # the band names no column, and the whole table had gone unread.  The band is read again
    # turned upright; each heading names the column its walls enclose.  Bold monospaced
    # headings stand on a baseline as long as a wall: it was taken for one, splitting the
    # columns, and erased, cutting the headings' letters (no row read); a wall's ends are held
    # by rules, a baseline's are not.
    from samples import layouts as L
    if "font_family" in extra:
        _family, regular, bold = L.font_files(extra["font_family"])
        extra = dict(extra, font=regular, bold=bold)
    _grid_reads_as_filled(tmp_path, "rotated-heads", extra)


def _grid_reads_as_filled(tmp_path, table_style: str, extra: dict) -> None:
    """A form of the varied family with this table style, filled in a hand of four grants:
    its table page reads every grant as written, all but two values trusted."""
    import random
    from dataclasses import replace

    from samples import fill as F
    from tests.test_samples_fill import HOLDER, SIGNED, _habits
    from tests.test_samples_layouts import BASE
    ts = replace(BASE, table_style=table_style, rows=4, **extra)
    filled = F.fill_election_form(HOLDER, ts, _habits("kalam"), SIGNED, random.Random(1))
    path = tmp_path / f"{table_style}.png"
    filled.pages[1].save(path, dpi=(200, 200))
    rows = _read(path).grants
    want = [tuple(g[k] for k in GRANT_FIELDS) for g in filled.doc["grants"]]
    assert [tuple(r[k].value for k in GRANT_FIELDS) for r in rows] == want
    assert sum(r.confidence >= TRUSTED for row in rows for r in row.values()) >= len(want) * len(GRANT_FIELDS) - 2


@pytest.mark.parametrize("extra", [{}, {"grant_no_heading": "Grant No.", "head_lines": "stacked3"}])
def test_a_grid_headed_by_letters_is_read_by_the_key_over_it(tmp_path, extra):
    # A boxed grid headed "(A) (B) (C) ...", its headings in a key flowed across the width over
    # it ("(A) Grant Date  (B) No. of Shares Granted ..."): the key's phrases had been taken for
    # headings standing over their columns, and the exercised column read the tendered shares,
    # trusted at 0.95.  Each heading cell's letter is looked up in the key.
    _grid_reads_as_filled(tmp_path, "lettered", extra)


def test_a_key_names_lettered_columns_and_a_letter_the_fax_spoiled_by_its_place():
    from intake.reading.table import _lettered_keys, key_headings
    from ocr.layout import lines_of
    from ocr.tesseract import Word

    def line(n, *texts):
        x, out = 100, []
        for t in texts:
            out.append(Word(t, 90, x, 100 * n, 14 * len(t), 24, 1, 1, n))
            x += 14 * len(t) + 14
        return lines_of(out)[0]
    key = [line(1, "(A)", "Grant", "Date", "\u2014_(B)", "No.", "of", "Shares", "Granted", "(C)", "Exercise", "Price"),
           line(2, "(D)", "No.", "of", "Shares", "Exercised", "(E)", "Shs.", "Tendered")]
    order, named = key_headings(key)
    assert order == ["A", "B", "C", "D", "E"]
    assert {k: f for k, (f, _m) in named.items()} == {"A": "grant_date", "B": "shares_granted",
                                                      "C": "exercise_price", "D": "shares_exercised",
                                                      "E": "shares_tendered"}
    cells = [line(3, t) for t in ("(A)", "{B)", "(C)", "@)", "(&}")]
    index, _ = _lettered_keys(cells, key)
    assert index == {"grant_date": 0, "shares_granted": 1, "exercise_price": 2, "shares_exercised": 3,
                     "shares_tendered": 4}
    # A grant number's column first: the key has six letters, the cells six.
    key6 = [line(1, "(A)", "Grant", "No.", "(B)", "Grant", "Date", "(C)", "Shares", "Granted", "(D)", "Price"),
            line(2, "(E)", "Shares", "Exercised", "(F)", "Shares", "Tendered")]
    index, _ = _lettered_keys([line(3, t) for t in ("(A)", "(B)", "(C)", "(D)", "(E)", "(F)")], key6)
    assert [index[k] for k in GRANT_FIELDS] == [1, 2, 3, 4, 5]
    # Marks the fax spoiled in the key ("(©)" for "(C)", "(KE)" for "(E)") take the letter
    # between their neighbours'; read as no mark, "(B) DATE OF GRANT (©) NO. OF SHS. GRANTED"
    # had been one entry, and the grant number's "GRANT NO." taken for the shares granted.
    spoiled = [line(1, "(A)", "GRANT", "NO,", "(B)", "DATE", "OF", "GRANT", "(\u00a9)", "NO,", "OF", "SHS.",
                    "GRANTED"),
               line(2, "(D)", "PRICE", "PER", "SHARE", "(KE)", "SHS.", "EXERCISED", "(F)", "SHS.", "TENDERED")]
    order, named = key_headings(spoiled)
    assert order == ["A", "B", "C", "D", "E", "F"]
    index, _ = _lettered_keys([line(3, t) for t in ("(A)", "(B)", "(c)", "(D)", "(EB)", "\u00ab)")], spoiled)
    assert [index[k] for k in GRANT_FIELDS] == [1, 2, 3, 4, 5]
    # No key: no columns; and prose with an "(a)" in it is none.
    assert _lettered_keys(cells, [line(1, "the", "options", "(a)", "are", "cancelled")]) is None


def test_a_streak_down_a_lettered_grid_leaves_its_columns_as_printed(tmp_path):
    # A scanner's streak down the page through the first column, its heading letter and the
    # key over the grid: the grid is read by its printed walls and its key, or not at all.
    # Never another column's value in a column.
    import random
    from dataclasses import replace

    from samples import fill as F
    from tests.test_samples_fill import HOLDER, SIGNED, _habits
    from tests.test_samples_layouts import BASE
    ts = replace(BASE, table_style="lettered", rows=4)
    filled = F.fill_election_form(HOLDER, ts, _habits("indie-flower"), SIGNED, random.Random(3))
    page = filled.pages[1].convert("L")
    x = int(page.width * 0.19)
    ImageDraw.Draw(page).rectangle((x, int(page.height * 0.07), x + 2, page.height), fill=0)
    path = tmp_path / "streak.png"
    page.save(path, dpi=(200, 200))
    rows = _read(path).grants
    want = [tuple(g[k] for k in GRANT_FIELDS) for g in filled.doc["grants"]]
    for row, grant in zip(rows, want):
        for (k, r), value in zip(((k, row[k]) for k in GRANT_FIELDS), grant):
            assert r.value == value or r.confidence < TRUSTED, (k, r.value, value)
    assert sum(r.value == v for row, g in zip(rows, want) for r, v in zip((row[k] for k in GRANT_FIELDS), g)) \
        >= len(want) * len(GRANT_FIELDS) - 4


def test_a_grid_headed_by_letters_whose_key_is_unread_goes_to_a_person_whole(tmp_path):
    # Letters head the grid's columns and the key that names them was not read: the key's
    # phrases had been matched as headings standing over columns, and the columns taken
    # from where the key's words happen to flow (a fresh set's form read the tendered shares
    # as exercised, 0.95).  No column can be named: the table is a person's, every cell.
    import random
    from dataclasses import replace

    from intake.reading.table import LETTERS_UNNAMED
    from ocr import tesseract
    from ocr.layout import lines_of
    from samples import fill as F
    from tests.test_samples_fill import HOLDER, SIGNED, _habits
    from tests.test_samples_layouts import BASE
    ts = replace(BASE, table_style="lettered", rows=4)
    filled = F.fill_election_form(HOLDER, ts, _habits("kalam"), SIGNED, random.Random(1))
    page = filled.pages[1].convert("L")
    draw = ImageDraw.Draw(page)
    keyed = 0
    for ln in lines_of(tesseract.words(page)):
        texts = [w.text for w in ln.words]
        if any(t.startswith("(") and t.endswith(")") for t in texts) and any(len(t) > 3 and t.isalpha() for t in texts):
            draw.rectangle(ln.box.tuple(), fill=255)          # the key's line, blanked
            keyed += 1
    assert keyed >= 1
    path = tmp_path / "unkeyed.png"
    page.save(path, dpi=(200, 200))
    rows = _read(path).grants
    assert rows and all(r.value is None and r.confidence < TRUSTED for row in rows for r in row.values())
    assert rows[0]["grant_date"].evidence.get(LETTERS_UNNAMED)


def test_a_lettered_cell_read_beside_specks_keeps_its_letter_and_a_key_letter_misread_is_put_right():
    # A fax's specks in the heading cells ("ee (B)", "me (C)") left the grid's letters unread,
    # no key could name its columns, and the page's lines were searched for headings instead:
    # the key's phrases flowed across the width over the grid were taken for headings over
    # their columns, and the exercised column read the tendered shares at 0.95.  (A grid of
    # letters no key names is now a person's: the next test.)
    from intake.reading.table import _headers, cell_letters
    from ocr.layout import lines_of
    from ocr.tesseract import Word

    def line(n, *texts, x=100):
        out = []
        for t in texts:
            out.append(Word(t, 90, x, 100 * n, 14 * len(t), 24, 1, 1, n))
            x += 14 * len(t) + 14
        return lines_of(out)[0]
    cells = [line(3, *t.split()) for t in ("(A)", "ee (B)", "me (C)", "@)", "(E)")]
    assert cell_letters(cells) == ["A", "B", "C", None, "E"]
    # A heading's words beside a letter are no specks: that cell is not a letter alone.
    assert cell_letters([line(3, "(A)", "Date"), line(3, "B.")]) == [None, "B"]
    key = [line(1, "(A)", "Date", "Granted", "(8)", "Shares", "Granted", "(C)", "Option", "Price", "(D)",
                "Shares", "Exercised"),
           line(2, "(E)", "Shares", "to", "be", "Cancelled")]
    assert _headers(key, 200.0) is not None          # the hazard: the key's phrases fit as headings
    # The key's "(B)" read "(8)" between "(A)" and "(C)" is the B.
    from intake.reading.table import _lettered_keys, key_headings
    assert key_headings(key)[0] == ["A", "B", "C", "D", "E"]
    index, _ = _lettered_keys(cells, key)
    assert [index[k] for k in GRANT_FIELDS] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("block,hand", [("two", "kalam"), ("one", "typewriter")])
def test_numbered_lines_are_read_by_the_key_over_them(tmp_path, block, hand):
    # No label by any line: "1 ______  2 ______", the labels in a key over the block ("1 Option
    # Holder Signature  2 Social Security Number ...").  The key's phrases had been taken for
    # the lines' labels (the signature read as the printed name); each line's number, read on
    # its own where the page's reading dropped it beside the writing, is its label.
    import random
    from dataclasses import replace

    from samples import fill as F
    from tests.test_samples_fill import HOLDER, SIGNED, _habits
    from tests.test_samples_layouts import BASE
    ts = replace(BASE, label_place="numbered", block=block)
    filled = F.fill_election_form(HOLDER, ts, _habits(hand), SIGNED, random.Random(1 if hand == "kalam" else 2))
    path = tmp_path / "numbered.png"
    filled.pages[1].save(path, dpi=(200, 200))
    f = _read(path).fields
    want = filled.doc["fields"]
    for key in ("holder_name", "ssn", "signed_at", "signature_present"):
        assert f[key].value == want[key] and f[key].confidence >= TRUSTED, (key, f[key])
    assert f["address"].value.casefold() == want["address"].casefold()
    assert all(r.evidence.get("placement") == "right" for k, r in f.items() if k in want and k != "additional_sheet_attached")


@pytest.mark.parametrize("seed,want,sure", [(1, True, True), (23, False, True), (15, False, False), (2, False, False)])
def test_a_choice_struck_out_in_its_sentence_is_read_by_the_stroke(tmp_path, seed, want, sure):
    # "I DO / DO NOT wish to tender ...", no box: the holder strikes out what does not apply.
    # DO NOT struck (seed 1) elects, DO struck (seed 23, two strokes) does not; a zigzag
    # through DO (seed 15), no straight stroke across it, and nothing struck (seed 2) are no
    # answer a reading may give.  Before, the tender's bold letters were read as a box, one
    # marked at 0.98 on a form whose holder struck nothing.
    import random
    from dataclasses import replace

    from samples import fill as F
    from tests.test_samples_fill import HOLDER, SIGNED, _habits
    from tests.test_samples_layouts import BASE
    ts = replace(BASE, checkbox="strike-out")
    filled = F.fill_election_form(HOLDER, ts, _habits("kalam"), SIGNED, random.Random(seed))
    assert filled.doc["fields"]["tender_elected"] is want
    path = tmp_path / "strike.png"
    filled.pages[0].save(path, dpi=(200, 200))
    got = _read(path).fields["tender_elected"]
    assert got.evidence["found_by"] == "strike-out"
    assert (got.value is want and got.confidence >= TRUSTED) if sure else got.confidence < TRUSTED, got


@pytest.mark.parametrize("filled", ["yes", "no"])
def test_grants_on_cards_side_by_side_and_ovals_filled_in_are_read(tmp_path, filled):
    # Each grant a ruled card, three to a row: the blocks of labelled lines stand side by
    # side, one heading's lines on one level once to a card (read as one block before, every
    # value unread); a short label's line starts far after it, where the card's lines all
    # start; "Grant Number" names no field.  The tender is answered by filling one of two
    # ovals lettered Y and N, the additional sheet by filling neither: the letters say which
    # oval is which, the one filled hiding its own.
    result = _read(rp.cards_page(tmp_path / "cards.png", filled=filled))
    assert [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants] == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())
    tender, sheet = result.fields["tender_elected"], result.fields["additional_sheet_attached"]
    assert tender.evidence["found_by"] == sheet.evidence["found_by"] == "ovals"
    assert tender.value is (filled == "yes") and tender.confidence >= TRUSTED
    assert sheet.value is False and sheet.confidence >= TRUSTED


def test_an_oval_crossed_not_filled_goes_to_a_person(tmp_path):
    # An X over YES's oval is a mark, but not the filling the pair asks for: a person reads it.
    result = _read(rp.cards_page(tmp_path / "cards.png", filled="x-yes", sheet="yes"))
    tender, sheet = result.fields["tender_elected"], result.fields["additional_sheet_attached"]
    assert tender.value is True and tender.confidence < TRUSTED
    assert sheet.value is True and sheet.confidence >= TRUSTED


def test_an_upside_down_cover_sheet_whose_title_went_unread_holds_no_fields(tmp_path):
    # A fax of our generator's: the cover sheet fed upside down under the machine's upright
    # header, its big "FAX" read "FAK" and its first lines "Date: 3/31/03" alone, so that its
    # top did not say what it is.  Read whole for its writing lines, its "Date:" line had been
    # taken for the signing date (0.95): an extra document beside the form, silently wrong.
    # The whole page's upper lines say it is a cover sheet, and it holds no form's sentence.
    page = tmp_path / "cover.tif"
    page.write_bytes((Path(__file__).parent / "data" / "upside-down-cover.tif").read_bytes())
    result = _read(page)
    assert result.kind == "cover" and not result.fields and not result.grants


def test_a_cards_label_broken_over_two_lines_names_its_line_once_and_the_total_is_no_grant(tmp_path):
    # "Shares Tendered /" over "to be Cancelled": each line of the label names the count
    # tendered, both before one writing line; read as two lines of one card, the cards were
    # not printed alike and every value went to a person (a grant lost among them, silently,
    # on our held-out family).  "TOTAL OPTIONS TENDERED" names the total, not the count.
    result = _read(rp.cards_page(tmp_path / "cards.png", broken=True))
    assert [tuple(row[k].value for k in GRANT_FIELDS) for row in result.grants] == GRANTS
    assert all(r.confidence >= TRUSTED for row in result.grants for r in row.values())


def test_labels_ruled_off_in_a_column_set_high_over_their_lines_are_read_right(tmp_path):
    # Each column's labels flush right against an upright rule, broken over two lines and set
    # a little high over their lines; the name's line ends where the next column's label
    # ("Option Holder's / Signature:") begins.  Before, the block's placement was unclear (the
    # name's line not found under its label) and every value went to a person, two unread.
    result = _read(rp.ruled_column_block(tmp_path / "ruled.png"))
    f = result.fields
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED
    assert f["ssn"].value == T["ssn"] and f["ssn"].confidence >= TRUSTED
    assert f["signed_at"].value == "2003-03-28T14:15" and f["signed_at"].confidence >= TRUSTED
    assert f["signature_present"].value is True and f["signature_present"].confidence >= TRUSTED
    assert not any(r.evidence.get("doubts") for r in f.values())


def test_a_streak_through_a_line_of_print_is_no_blank_a_typed_value_on_one_is():
    # Small print blurred on a poor page makes a streak along a line of prose ("... at which
    # you signed. You must also include a current address"): read as a blank led in by
    # "signed.", an instructions page had been a signature block, "signed" at 0.97.
    from intake.reading.blanks import UNDER_PRINT_MAX, _under_print
    from ocr.layout import Box
    from ocr.tesseract import Word
    prose = [Word(t, 96.0, x, 158, 40, 15, 1, 1, 1) for t, x in (("You", 1209), ("must", 1252), ("also", 1295))]
    assert _under_print(Box(1209, 164, 1335, 173), prose) >= UNDER_PRINT_MAX
    typed = [Word(t, 96.0, x, 140, 40, 22, 1, 1, 1) for t, x in (("Mary", 1209), ("Keller", 1252))]
    assert _under_print(Box(1200, 163, 1500, 167), typed) < UNDER_PRINT_MAX


@pytest.mark.parametrize("written,want,hand_name,after,legend", [
    ("1", True, "kalam", False, "(Enter 1 for Yes, 2 for No)"),
    ("2", False, "caveat", False, "(Enter 1 for Yes, 2 for No)"),
    ("2", False, "patrick-hand", True, "(1 = Yes; 2 = No)"),
    ("Y", True, "caveat", False, "(Y/N)"),
    ("N", False, "kalam", True, "(Y/N)"),
    ("", False, "kalam", False, "(Enter 1 for Yes, 2 for No)"),
    ("tick", None, "kalam", False, "(Enter 1 for Yes, 2 for No)"),
    ("7", None, "kalam", False, "(Enter 1 for Yes, 2 for No)"),
])
def test_a_box_a_figure_is_written_in_is_read_by_its_legend(tmp_path, written, want, hand_name, after, legend):
    # A coded answer: a box with "(Enter 1 for Yes, 2 for No)" after the sentence.  Ink is in
    # the box whatever the answer: a written 2 had been read as a mark, elected at 0.93, on
    # every form of the family that answered so.  The figure read the same by both recognisers
    # and named by the legend is the answer; a tick, or a figure the legend does not name, is
    # a person's.  An empty box answers nothing, as an unmarked one does.
    r = _read(rp.coded_page(tmp_path / "coded.png", written, legend=legend, hand_name=hand_name,
                            after=after)).fields["tender_elected"]
    if want is None:
        assert r.value is None and r.confidence < TRUSTED, r
        assert r.evidence.get("coded_box_unread") or r.evidence.get("coded_box_not_in_legend"), r.evidence
    else:
        assert r.value is want and r.confidence >= TRUSTED, r
        assert "legend" in r.evidence or not written, r.evidence


@pytest.mark.parametrize("written,want,hand_name,sure", [
    ("YES", True, "kalam", True), ("No", False, "patrick-hand", True), ("", False, "kalam", True),
    ("NO", False, "caveat", False), ("tick", None, "kalam", False),
])
def test_a_choice_word_written_on_a_blank_is_read_as_the_word_it_is(tmp_path, written, want, hand_name, sure):
    # "(WRITE YES OR NO) ____": ink on the blank was taken for a mark, and "NO" written there
    # read as elected, 0.98 here, 0.93 on 47474 0036.  The word read the same by the
    # recogniser from the ink and from the page's grey is the answer; anything else (a tick,
    # Caveat's NO read "/VU" from its ink) is a person's.  Never the other answer trusted.
    r = _read(rp.write_in_page(tmp_path / "write-in.png", written, hand_name=hand_name)).fields["tender_elected"]
    assert r.value is want or r.confidence < TRUSTED, r
    assert (r.confidence >= TRUSTED) is sure, r


def test_a_legend_is_read_by_the_words_joining_each_code_to_its_meaning():
    from intake.reading.codes import legend
    assert legend("cancel. (Enter 1 for Yes, 2 for No)").codes == {"1": True, "2": False}
    assert legend("(ENTER l FOR YES, 2 FOR NO)").codes == {"1": True, "2": False}
    assert legend("Answer 1 = Yes; 2 = No").codes == {"1": True, "2": False}
    assert legend("Yes: Y  No: N").codes == {"Y": True, "N": False}
    assert legend("I wish to tender (Y/N)").codes == {"Y": True, "N": False}
    # A choice word asked for written out: the words are the codes.
    assert legend("you wish to cancel? (WRITE YES OR NO)").words
    assert legend("(Write yes or no)").codes == {"YES": True, "Y": True, "NO": False, "N": False}
    # A legend whose codes were garbled still says the box is coded: no codes, a person's.
    assert legend("(Enter ~ for Yes, ? for No)").codes == {}
    # Sentences that say YES and NO are no legend.
    for text in ("YES - I wish to tender for exchange the options", "[ ] YES [ ] NO I wish to tender",
                 "NO - I do not wish to tender; the options are cancelled for no consideration",
                 "Yes, I wish to tender for exchange"):
        assert legend(text) is None, text


@pytest.mark.parametrize("hand_name", [None, "kalam", "patrick-hand"])
def test_grants_listed_along_bare_rules_are_read_in_the_order_the_instruction_names(tmp_path, hand_name):
    # No table and nothing on a rule to say where a field goes: the instruction over the rules
    # names the fields in order, and a rule's writing is cut at its widest gaps into as many
    # values.  Read as nothing before (every grant of the family to a person).
    result = _read(rp.grant_lines_page(tmp_path / "lines.png", hand_name=hand_name))
    assert len(result.grants) == len(GRANTS)
    read = [(row[k], want) for row, grant in zip(result.grants, GRANTS) for k, want in zip(GRANT_FIELDS, grant)]
    # Every value right or a person's; typed, every one right and sure; in a hand, most.
    assert all(r.value == want or r.confidence < TRUSTED for r, want in read)
    sure = sum(r.value == want and r.confidence >= TRUSTED for r, want in read)
    assert sure == len(read) if hand_name is None else sure >= len(read) - 3, sure


def test_grants_along_bare_rules_whose_values_are_not_clearly_apart_go_to_a_person(tmp_path):
    # Values crowded as close as the words of a date: where one ends is not the page's to say.
    result = _read(rp.grant_lines_page(tmp_path / "crowded.png", hand_name=None, crowded=True))
    assert len(result.grants) == len(GRANTS)
    assert all(r.confidence < TRUSTED and "grant_line_values_unclear" in r.evidence.get("doubts", r.evidence)
               for row in result.grants for r in row.values())


def test_a_sentence_naming_the_grants_fields_is_told_by_its_words_in_order():
    from intake.reading.grant_lines import fields_named
    assert fields_named("giving in this order its Grant No., Grant Date, No. of Shares Granted, Exercise Price "
                        "Per Share, No. of Shares Exercised, Shs. Tendered:") == [
        "grant_number", "grant_date", "shares_granted", "exercise_price", "shares_exercised", "shares_tendered"]
    # "EXERCISE" is no "EXERCISED"; a field named twice is named once, where first.
    assert fields_named("Exercise Price, Shares Tendered/To Be Cancelled, Date of Grant, Granted") == [
        "exercise_price", "shares_tendered", "grant_date", "shares_granted"]


def test_an_instruction_on_one_line_names_the_grants_fields_whatever_follows_it():
    # An instruction printed on one line, the next line of print far under it: it had been
    # looked at alone only where no line followed it on the page.
    from intake.reading.grant_lines import _instruction
    lines = _lines("Give for each grant its Grant Date, Shares Granted, Exercise Price, Shares Exercised, "
                   "Shares Tendered:", "I understand that all of the tendered options will be cancelled.", pitch=300)
    found = _instruction(lines)
    assert [named for named, _last in found] == [["grant_date", "shares_granted", "exercise_price",
                                                   "shares_exercised", "shares_tendered"]]
    assert found[0][1] is lines[0]


def _answered_by_the_box_marked(r, found_by: str, marked: str | None, electing: str) -> None:
    """A pair of boxes' reading: found as `found_by`, the box `marked` its answer (elected where
    it is the `electing` one), none marked a person's."""
    assert r.evidence.get("found_by") == found_by, r.evidence
    if marked is None:
        assert r.confidence < TRUSTED and r.evidence.get("neither_marked"), r
    else:
        assert r.value is (marked == electing) and r.confidence >= TRUSTED, r


@pytest.mark.parametrize("marked, mark, sheet", [("yes", "cross", "no"), ("no", "cross", "yes"), ("yes", "tick", None),
                                                 (None, "cross", None)])
def test_boxes_in_columns_headed_yes_and_no_answer_by_the_box_marked(tmp_path, marked, mark, sheet):
    # A YES box and a NO box in columns of their own at the margin, headed so, level with the
    # sentence: the heads "YES NO" over them were read as the sentence's first line and its
    # answer as two words to ring, neither ringed, "not elected" at 0.95 on every form of the
    # family that marked YES.  The box marked under its head is the answer; none marked is a
    # person's, as for two boxes each printed with its word.
    result = _read(rp.headed_boxes_page(tmp_path / "heads.png", marked, mark=mark, sheet=sheet))
    _answered_by_the_box_marked(result.fields["tender_elected"], "headed-boxes", marked, "yes")
    if sheet is not None:
        s = result.fields["additional_sheet_attached"]
        assert s.value is (sheet == "yes") and s.confidence >= TRUSTED, s


def test_a_line_far_right_of_a_sentence_is_no_line_of_its_paragraph():
    # "YES NO" at the margin over two boxes, a sentence's first line under it: no sentence
    # begins "YES NO YES - I wish".
    from intake.reading.checkboxes import box_sentences
    lines = _lines("YES NO", "YES - I wish to exchange each of the options specified below (including any",
                   "listed on additional sheets I have attached).", pitch=36)
    head = lines[0]
    from ocr.layout import Line
    from ocr.tesseract import Word
    moved = Line(tuple(Word(w.text, w.conf, w.left + 1100, w.top, w.width, w.height, w.block, w.par, w.line)
                       for w in head.words))
    found = box_sentences([moved] + lines[1:], 200.0)
    assert [[w.text for w in m.words][:2] for m, _last in found["tender_elected"]] == [["YES", "-"]]


@pytest.mark.parametrize("hand_name", [None, "kalam"])
def test_grants_captioned_under_their_rules_are_read_each_over_its_own_captions(tmp_path, hand_name):
    # No heading row: each field's heading printed small under its rule, again under every
    # grant.  Read as a table headed by the first grant's captions, every grant was read one
    # grant off (the first lost, the second read as the first) and sure.
    result = _read(rp.captioned_rows_page(tmp_path / "captions.png", hand_name=hand_name))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS), rows
    read = [(row[k], want) for row, grant in zip(rows, GRANTS) for k, want in zip(GRANT_FIELDS, grant)]
    assert all(r.value == want or r.confidence < TRUSTED for r, want in read), read
    sure = sum(r.value == want and r.confidence >= TRUSTED for r, want in read)
    assert sure == len(read) if hand_name is None else sure >= len(read) - 4, sure


def test_labels_turned_in_strips_at_their_boxes_sides_name_what_is_written_beside_them(tmp_path):
    # Each label turned a quarter, reading upwards, in a strip behind an upright rule at its
    # box's left: the page's reading finds no label on any line of print, and every field of
    # the block went to a person.  The strips read turned back upright name their boxes.
    result = _read(rp.side_strip_page(tmp_path / "strips.png"))
    f = result.fields
    assert f["holder_name"].value == rp.TRUTH["holder_name"] and f["holder_name"].confidence >= TRUSTED, f["holder_name"]
    assert f["ssn"].value == "123-45-6789" and f["ssn"].confidence >= TRUSTED, f["ssn"]
    assert f["signature_present"].value is True, f["signature_present"]
    assert f["address"].value == "42 Elm Street, Springfield, IL 62704", f["address"]
    assert f["signed_at"].value is not None and f["signed_at"].value.startswith("2003-03-28T14:15"), f["signed_at"]


def test_a_blocks_turned_labels_reading_gives_the_fields_only_it_found_beside_the_first_readings(
        tmp_path, monkeypatch):
    # The labels read turned back found four of the block's fields, the page's reading two,
    # agreeing on the one both read: the fuller alone was kept, and the first reading's date
    # went to a person unread.  Now both readings' fields are kept (`page._either`).
    from intake.reading import page
    first = _block(signature_present=True, signed_at="2003-03-28T14:15")
    turned = _block(signature_present=True, ssn="123-45-6789", holder_name="Mary J. Keller",
                    address="42 Elm Street, Springfield, IL 62704")
    plain = iter([first])

    def canned(*a, **k):
        return turned if "turned" in k else next(plain, {})
    monkeypatch.setattr(page, "read_signature_block", canned)
    f = _read(rp.side_strip_page(tmp_path / "strips.png")).fields
    assert f["signed_at"] is first["signed_at"] and f["ssn"] is turned["ssn"], sorted(f)
    assert f["holder_name"] is turned["holder_name"], f["holder_name"]


@pytest.mark.parametrize("marked, sheet", [("do", "is not"), ("do not", "is"), (None, None)])
def test_boxes_before_a_verb_and_the_verb_negated_answer_by_the_box_marked(tmp_path, marked, sheet):
    # "I [] do [] do not wish to exchange ...": the NOT made the sentence a negative's, and the
    # box found for it, the first, ticked, read "not elected" at 0.98.  The box marked before
    # the verb elects; before the verb negated, it does not; neither is a person's.
    result = _read(rp.in_sentence_page(tmp_path / "within.png", marked, sheet=sheet or "neither"))
    _answered_by_the_box_marked(result.fields["tender_elected"], "in-sentence", marked, "do")
    s = result.fields["additional_sheet_attached"]
    assert s.evidence.get("found_by") == "in-sentence", s.evidence
    assert (s.value is (sheet == "is") and s.confidence >= TRUSTED) if sheet else s.confidence < TRUSTED, s


@pytest.mark.parametrize("signed", [False, True])
def test_two_labels_under_one_rule_each_own_their_stretch_of_it(tmp_path, signed):
    # "PRINTED NAME" and "SIGNED" under one rule: the signature's place was the whole rule, the
    # name written on its first stretch read as a signature (signed, 0.97, on forms never
    # signed); the date and the SSN read as one value.  Each label's place runs from its start
    # to the next label's.
    f = _read(rp.shared_rule_page(tmp_path / "shared.png", signed=signed)).fields
    assert f["signature_present"].value is signed and f["signature_present"].confidence >= TRUSTED, f["signature_present"]
    assert f["holder_name"].value == rp.TRUTH["holder_name"] and f["holder_name"].confidence >= TRUSTED, f["holder_name"]
    assert f["ssn"].value == "123-45-6789" and f["ssn"].confidence >= TRUSTED, f["ssn"]
    assert f["signed_at"].value is not None and f["signed_at"].value.startswith("2003-03-28T14:15"), f["signed_at"]


def test_headings_spanning_columns_name_each_column_with_the_heading_over_it(tmp_path):
    # "No. of Shares" over "Granted | Exercised | Tendered", "Grant" over "Date | Exercise
    # Price", the columns in the groups' order: the heading row read alone named too few
    # columns, and the form's order did not hold; every grant went to a person.
    result = _read(rp.spanned_heads_page(tmp_path / "spanned.png"))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS), rows
    for row, grant in zip(rows, GRANTS):
        for key, want in zip(GRANT_FIELDS, grant):
            assert row[key].value == want and row[key].confidence >= TRUSTED, (key, row[key])


def test_a_cell_names_its_heading_whatever_the_columns_order_only_when_it_names_no_other_so_well():
    from intake.reading.table import _cell_keys
    cells = _lines("Grant Date", "Grant Exercise Price Per Share", "No. of Shares Granted", "No. of Shares Exercised",
                   "No. of Shares Tendered")
    index, _found = _cell_keys(cells)
    assert index == {"grant_date": 0, "exercise_price": 1, "shares_granted": 2, "shares_exercised": 3,
                     "shares_tendered": 4}
    # Cells that name their headings less well leave the order to decide, and out of order
    # they are no table.
    assert _cell_keys(_lines("Date", "Exercise Price", "Granted", "Exercised", "Tendered")) is None


def test_labels_on_their_own_lines_left_ends_name_the_writing_after_them(tmp_path):
    # "PRINTED NAME ______", the rule running on from under the label: the block was read as
    # labels over the next field's line, every value a person's.
    f = _read(rp.inline_block_page(tmp_path / "inline.png")).fields
    assert f["holder_name"].value == rp.TRUTH["holder_name"] and f["holder_name"].confidence >= TRUSTED, f["holder_name"]
    assert f["ssn"].value == "123-45-6789" and f["ssn"].confidence >= TRUSTED, f["ssn"]
    assert f["signature_present"].value is True, f["signature_present"]
    assert f["address"].value == "42 Elm Street, Springfield, IL 62704", f["address"]


def test_a_worked_example_printed_in_the_table_is_no_grant(tmp_path):
    # The form's own sample line ("Example" in its first cell, its values printed) was read as
    # the holder's first grant, sure: 168 silent values on the fourteenth family's first
    # measure.  The row marked so is left out; the holder's grants are read under it.
    result = _read(rp.example_row_page(tmp_path / "example.png"))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS), [{k: r.value for k, r in row.items()} for row in rows]
    for row, grant in zip(rows, GRANTS):
        assert [row[k].value for k in GRANT_FIELDS] == list(grant)


def test_a_worked_example_marked_in_a_column_no_field_is_read_from_is_no_grant(tmp_path):
    # The table's first column was "Option No.", a column no field is read from, and "Example"
    # printed in its cell: looked for only in the columns read, the mark was not seen, and on a
    # form whose holder tendered nothing the example was read, sure, as two grants (ten silent
    # values in one file of a tuned set).  The mark is looked for from the table's own wall.
    result = _read(rp.example_row_page(tmp_path / "example.png", numbered=True, grants=False))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert rows == [], [{k: r.value for k, r in row.items()} for row in rows]


def test_values_parted_at_a_columns_edge_and_read_alike_every_way_stand(tmp_path):
    # A price written up to its column's edge and the count after it, closer than a cell
    # leaves: the writing is parted at the edge and each piece marked cut.  That once capped
    # both at 0.5 (`cut_from_neighbours_writing`); over eight sets every wrong value it fired
    # on was caught by another check, and alone it held back 25 right ones.  The mark stays
    # for the reviewer; the values stand as read.
    from intake.reading.table import CUT_FROM_NEIGHBOUR
    result = _read(rp.form_page(tmp_path / "run-on.png", walls=False, run_on_row=0))
    first = result.grants[0]
    assert (first["exercise_price"].value, first["shares_exercised"].value) == ("12.50", 0)
    for key in ("exercise_price", "shares_exercised"):
        assert first[key].evidence.get(CUT_FROM_NEIGHBOUR) and first[key].confidence >= TRUSTED, first[key]


def test_a_first_row_printed_small_among_larger_writing_goes_to_a_person(tmp_path):
    # Through a fax the word "Example" is too small to keep ("xan", or nothing), and the sample
    # line was read as the holder's first grant, sure: 104 silent values on the fourteenth
    # family after the word was looked for.  A row written much smaller than the table's
    # others is print among writing: each of its cells goes to a person, and the page says why.
    from intake.reading.table import SMALLER_THAN_ITS_TABLE
    result = _read(rp.example_row_page(tmp_path / "example.png", marked=False, sizes=(22, 40)))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS) + 1
    assert rows[0]["grant_date"].value == "2001-01-15"
    assert all(r.evidence.get(SMALLER_THAN_ITS_TABLE) and r.confidence <= 0.3 for r in rows[0].values())
    for row, grant in zip(rows[1:], GRANTS):
        assert not any(r.evidence.get(SMALLER_THAN_ITS_TABLE) for r in row.values())
        assert [row[k].value for k in GRANT_FIELDS] == list(grant)
    assert SMALLER_THAN_ITS_TABLE in [code for code, *_ in result.notes]


def test_a_later_row_written_smaller_than_the_first_is_a_hand_that_varies_not_print(tmp_path):
    # A form prints its worked example before the rows it leaves to the filer, so only the first
    # row can be one.  A later row written a little smaller (hands vary by a tenth and more from
    # line to line) was doubted as print: 152 right values held back over eight sets against
    # the two example rows it caught, both first rows.
    from intake.reading.table import SMALLER_THAN_ITS_TABLE
    result = _read(rp.example_row_page(tmp_path / "rows.png", sizes=(40, 24), with_example=False))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS)
    for row, grant in zip(rows, GRANTS):
        assert not any(r.evidence.get(SMALLER_THAN_ITS_TABLE) for r in row.values())
        assert [row[k].value for k in GRANT_FIELDS] == list(grant)
    assert SMALLER_THAN_ITS_TABLE not in [code for code, *_ in result.notes]


@pytest.mark.parametrize("short_cents,tall_dollars", [(False, False), (True, False), (False, True)])
def test_a_price_parted_by_a_printed_rule_is_read_whole_or_goes_to_a_person(tmp_path, short_cents, tall_dollars):
    # The fifteenth family parts the price's cell into dollars and cents by a thin rule under
    # one heading; "21 | 50" was read 21.00 or 50.00, sure (36 silent values on its first
    # measure).  Dollars read with no point and two figures of cents in the cell after it
    # are one price; any other writing there (one figure: 5 or 50 cents?) goes to a person.
    # Dollars written as tall as their row ("$9" run together, rule to rule, on a fax sent
    # at standard resolution) were taken for a wall's piece, and "38" alone read 38.00, sure.
    from intake.reading.table import PARTED_BY_A_RULE
    result = _read(rp.parted_price_page(tmp_path / "parted.png", short_cents=short_cents, tall_dollars=tall_dollars))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS)
    for row, grant in zip(rows, GRANTS):
        price = row["exercise_price"]
        two_figures = not short_cents or grant[2].endswith("25")
        if tall_dollars:
            # Right, or to a person (a "1" as tall as its row is lost with the walls' pieces
            # from the dollars' crop: "2 | 50" is held back).
            assert price.value == grant[2] or price.confidence < TRUSTED, price
        elif two_figures:
            assert price.value == grant[2] and price.confidence >= TRUSTED, price
        else:
            assert price.evidence.get(PARTED_BY_A_RULE) and price.confidence <= 0.3, price
        # The heading reaches over the part it names none of: the cell beside it on the other
        # side (shares exercised, 48 right values held back when both were doubted) is not.
        assert not any(r.evidence.get(PARTED_BY_A_RULE) for k, r in row.items() if k != "exercise_price")
    assert [[row[k].value for k in GRANT_FIELDS if k != "exercise_price"] for row in rows] == \
        [[v for k, v in zip(GRANT_FIELDS, g) if k != "exercise_price"] for g in GRANTS]


@pytest.mark.parametrize("numbered", [False, True])
def test_a_table_whose_headings_are_underlined_is_read_as_a_table(tmp_path, numbered):
    # No rules but a short one under each heading, no rule between rows: each heading's last
    # line was read as a record's label, its writing line the next heading's underline to its
    # right, and every value looked for in the headings (the twenty-first family: whole
    # tables unread).  A label standing on a rule of its own is a column's heading.
    # With a grant number's column first, "GRANT  DATE OF" (the first line of "GRANT NO." and
    # of "DATE OF GRANT") was taken for the date's heading over both columns, and each row
    # read as one value (53535 0002): words a column's gap apart are two headings.
    result = _read(rp.underlined_heads_page(tmp_path / "underlined.png", numbered=numbered))
    _grants_read_right(result)


def test_underlined_headings_in_small_print_are_a_tables_not_records_labels(tmp_path, monkeypatch):
    # Headings in a fax form's small print, each over an underline the column's width: "GRANT"
    # (of "DATE OF / GRANT", read loosely as "GRANTED") and "GRANTED" were taken for records'
    # labels, each one's writing line the next heading's underline; with a third such (a line
    # of print taken for a rule) the table was read as two records, every value unread
    # (66666 0003, 0009).  A rule headings stand on, or one across print, is no label's line.
    from intake.reading import records
    found = []
    real = records.labelled_lines

    def seen(*args):
        out = real(*args)
        found.extend(out[0])
        return out
    monkeypatch.setattr(records, "labelled_lines", seen)
    result = _read(rp.underlined_heads_page(tmp_path / "small.png", small=True))
    assert found == []
    _grants_read_right(result)


def test_rows_written_close_and_joined_by_a_tail_are_parted_where_the_line_across_is_almost_blank(tmp_path):
    # Rows written 0.3 in apart, each date's last figure trailing a thin tail down to the row
    # below: no line across the table was blank, the three rows were one band, too tall for a
    # row, and the table went to a person unread (the twenty-first family's tables written
    # close, 64646 0004, 59595 0033; a photographed page's tilted rows, 62626 0026).
    result = _read(rp.underlined_heads_page(tmp_path / "close.png", close=True))
    _grants_read_right(result)
    assert not table_doubts(result.grants, 1)


def test_a_count_run_on_past_the_tables_last_column_is_read_whole_and_its_row_stands(tmp_path):
    # The count tendered begun at its rule's end and run on past it, the table open on its
    # right: only the part inside the column was read ("4" of 4000, 47474 0005), and the rest,
    # beside the table, doubted the whole row; its four other values, read right, went to a
    # person.  Writing begun in the last column is that column's however far it runs, and
    # past the table's open edge it takes in no neighbour's writing.
    result = _read(rp.captioned_rows_page(tmp_path / "run_past.png", run_past=1))
    rows = _grants_read_right(result)
    assert not any(r.evidence.get(WRITING_BEYOND_TABLE) for row in rows for r in row.values())


def test_headings_on_two_lines_and_on_three_side_by_side_are_one_row_of_headings(tmp_path):
    # "GRANT / DATE" and "EXERCISE / PRICE" centred beside headings on three lines: the
    # two-line ones stood higher and were taken for a first tier, the others for a second
    # under it, and every grant was read over two rows (62626 0036: the date's cell took in the
    # count).  Headings that stand in the printed order side by side are one row.
    result = _read(rp.underlined_heads_page(tmp_path / "centred.png", centred=True))
    _grants_read_right(result)


def test_a_band_is_parted_only_at_a_line_almost_blank_between_rows_as_tall_as_writing():
    from intake.reading.table import _parted
    dpi = 200
    band = np.zeros((150, 800), bool)
    band[0:40, 50:700] = True                  # a row of writing
    band[40:90, 300:302] = True                # a tail trailing down to the next row
    band[90:130, 50:700] = True                # the next row
    band[:, 760:763] = True                    # an upright stroke the band's height: no row's ink
    assert _parted(band, dpi) == [(0, 40), (90, 150)]
    one = np.zeros((60, 800), bool)
    one[0:12, 100:104] = True                  # a "$" standing over its figures, shorter than a row
    one[12:60, 50:700] = True
    assert _parted(one, dpi) == [(0, 60)]


@pytest.mark.parametrize("name_label", ["Print Name / Home Address:", "OPTION HOLDER NAME / ADDRESS:",
                                        "OPTION HOLDER NAME/ADDRESS:", "PRINTED NAME /\nRESIDENCE ADDRESS:"])
def test_labels_printed_as_one_share_their_room_in_the_labels_order(tmp_path, name_label):
    # "Signature / Date and Time: ______", "Print Name / Home Address:" over a column of rules:
    # the date was looked for over the signature and not read; the name's place ran over the
    # address's label, the address's first line was the name.  The room after the joined
    # label is both fields': the date after a gap in the writing, the name on the first rule.
    # Their shared words said once ("NAME / ADDRESS"), the whole was read as the address's
    # label and the name's went unfound: the label is parted at its slash.
    f = _read(rp.shared_room_page(tmp_path / "shared.png", name_label=name_label)).fields
    assert f["signed_at"].value == "2003-03-28T14:15" and f["signed_at"].confidence >= TRUSTED, f["signed_at"]
    assert f["signature_present"].value is True and f["signature_present"].confidence >= TRUSTED
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED, f["holder_name"]
    assert f["address"].value == ADDRESS and f["address"].confidence >= TRUSTED, f["address"]
    assert f["ssn"].value == T["ssn"]


@pytest.mark.parametrize("signed, dated", [(False, True), (True, False)])
def test_a_shared_room_holding_one_of_its_fields_trusts_no_other(tmp_path, signed, dated):
    # A date written where the signature should be, no signature: the line is not parted
    # into a signature and a date, and neither is trusted.  A signature alone: no date.
    f = _read(rp.shared_room_page(tmp_path / "shared.png", signed=signed, dated=dated)).fields
    if not signed:
        assert f["signature_present"].value is not True or f["signature_present"].confidence < TRUSTED, f
    if not dated:
        assert f["signed_at"].value is None or f["signed_at"].confidence < TRUSTED, f["signed_at"]
        assert f["signature_present"].value is True


def test_a_block_asked_in_questions_is_read_by_what_each_asks(tmp_path):
    # Questionnaires ask for each field ("2. Please give your Social Security number:") and
    # leave a rule set in under the question: no label phrase holds such a line, so the name,
    # the signature and the date went unfound (the sixteenth family: 0 of 48 names, dates and
    # signatures automated on its first measure).  A short line that asks is the label of the
    # one field whose words it holds; its rule is the one under it, set in from its number.
    f = _read(rp.questions_page(tmp_path / "questions.png")).fields
    assert f["holder_name"].value == T["holder_name"] and f["holder_name"].confidence >= TRUSTED, f["holder_name"]
    assert f["ssn"].value == T["ssn"] and f["ssn"].confidence >= TRUSTED, f["ssn"]
    assert f["signed_at"].value == "2003-03-28T14:15" and f["signed_at"].confidence >= TRUSTED, f["signed_at"]
    assert f["signature_present"].value is True and f["signature_present"].confidence >= TRUSTED
    assert f["address"].value == ADDRESS and f["address"].confidence >= TRUSTED, f["address"]


@pytest.mark.parametrize("hand_name", ["kalam", "patrick-hand"])
def test_a_grid_of_ticked_places_reads_its_figures_and_its_prices_by_their_printed_point(tmp_path, hand_name):
    # Forms read by machine part each cell into places by ticks rising from its foot, one
    # figure to a place: the ticks were read as 1s and commas ("1111111", "2,0,0,0"), the
    # grants lost (the sixteenth family: no grant value automated on its first measure).  The
    # ticks are a comb's walls: the figures are read between them, the date's groups parted by
    # its printed slashes.  The price's point, printed on the comb's foot by a tick, went out
    # with the ticks and every price went to a person: it is put back where it is printed.  A
    # date whose figures hide most of its ticks is not seen as a comb and goes to a person.
    result = _read(rp.tick_comb_page(tmp_path / "ticks.png", hand_name=hand_name))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert len(rows) == len(GRANTS)
    for row, grant in zip(rows, GRANTS):
        for key, want in zip(GRANT_FIELDS, grant):
            got = row[key]
            assert got.value == want or got.confidence < TRUSTED, (key, got)
        # The counts' places, most of them empty, are read whole and trusted.
        for key in ("shares_granted", "shares_tendered"):
            assert row[key].value == dict(zip(GRANT_FIELDS, grant))[key] and row[key].confidence >= TRUSTED, row[key]
    prices = [row["exercise_price"] for row in rows]
    assert sum(p.confidence >= TRUSTED for p in prices) >= 2, prices


def test_a_price_on_ticked_places_with_no_point_printed_goes_to_a_person(tmp_path):
    # Without a printed point nothing says where the cents begin ("1250" for 12.50).
    result = _read(rp.tick_comb_page(tmp_path / "ticks.png", point=False))
    prices = [row["exercise_price"] for row in result.grants if row["exercise_price"].value is not None]
    assert prices and all(p.confidence < TRUSTED for p in prices), prices


def test_a_short_word_read_surely_at_a_sentences_start_is_no_box_read_as_letters():
    # "An additional sheet ..." on a photographed page: the A's and the n's strokes made a pair
    # of bars, and the short first word was taken for the box read as letters ("KK Ielect"),
    # its "inside" a mark (40404 0010: an empty additional-sheet box read ticked at 0.98, the
    # real box past a brace after the sentence).  A short word Tesseract read surely as a word
    # is that word.
    from intake.reading.checkboxes import _box_of, box_sentences
    lines = _lines("An additional sheet is attached listing my name and the further grants",
                   "I wish to cancel.")
    first = lines[0].words[0]
    ink = np.zeros((400, 1700), bool)
    ink[first.top:first.bottom, first.left + 2:first.left + 6] = True        # the A's and n's stems
    ink[first.top:first.bottom, first.right - 6:first.right - 2] = True
    ink[first.top + 10:first.top + 16, first.left + 6:first.right - 6] = True  # the A's bar, a "mark"
    (m, last), = box_sentences(lines, 200)["additional_sheet_attached"]
    found = _box_of(ink, m, last, lines, 200)
    assert found.box is None or found.box.x0 > first.right, found


def test_an_unruled_tables_columns_part_halfway_between_its_whole_headings(tmp_path):
    # "Option Price", "Shares Exercised" on one line each: the headings were found by their
    # last words ("Price", "Exercised"), the column's edge put halfway between those, a
    # quarter inch into the exercised column, and its "0", written under the heading's first
    # word, read into the price ("8.0" and "0": 8.00) and the count read blank (40404 0039).
    result = _read(rp.one_line_heads_page(tmp_path / "one_line.png"))
    rows = [row for row in result.grants if any(r.value is not None for r in row.values())]
    assert [[row[k].value for k in GRANT_FIELDS] for row in rows] == [list(g) for g in GRANTS]



def test_headings_underlined_one_by_one_give_the_band_they_stand_in():
    # A photographed page's small headings read as "a i eo 1", a short rule under each: the
    # page went unread as "unknown" (62626 0026).  Rules side by side at one height, each a
    # heading's, say where the headings stand; one long rule, or rules at other heights, do not.
    from ocr.layout import Box
    from intake.reading.table import HEADS_ABOVE_IN, _underlines_band
    dpi = 200
    rules = [Box(x, 400, x + 250, 403) for x in (100, 400, 700, 1000, 1300)]
    assert _underlines_band(rules, dpi) == (400 - int(HEADS_ABOVE_IN * dpi), 405)
    assert _underlines_band(rules[:3], dpi) is None
    assert _underlines_band([Box(100, 400, 1550, 403)], dpi) is None
    assert _underlines_band([Box(x, 400 + 60 * i, x + 250, 403 + 60 * i)
                             for i, x in enumerate((100, 400, 700, 1000, 1300))], dpi) is None
