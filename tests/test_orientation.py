"""A page is read the same whichever way it came through the fax: upright, sideways, upside down."""
import numpy as np
import pytest

from intake.reading.page import PageTask, analyze_page
from ocr import pages


@pytest.fixture(scope="module")
def upright(demo_set):
    return analyze_page(PageTask(str(demo_set / "inbox" / "0001.tif"), 2, pages.Limits(), 60))


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_turned_page_reads_like_the_upright_one(demo_set, tmp_path, upright, turn):
    page = pages.load_page(demo_set / "inbox" / "0001.tif", 2)
    turned = tmp_path / f"turned{turn}.png"
    page.image.rotate(turn, expand=True).save(turned, dpi=(page.dpi, page.dpi))
    result = analyze_page(PageTask(str(turned), 1, pages.Limits(), 60))
    assert result.rotation == (360 - turn) % 360
    assert result.kind == upright.kind
    assert len(result.grants) == len(upright.grants)
    assert result.fields["ssn"].value == upright.fields["ssn"].value


def test_an_upside_down_cover_sheet_under_an_upright_fax_header_is_turned(tmp_path):
    # The sending machine stamps its header line upright on a page fed upside down; this
    # cover's top then holds only its big "FAX" over white space, too little for the first
    # lines to read well, and trying turns by OCR chose the header's way up (seed 1919's
    # first file, made again here).  The page's shape says which way is up: it is read so.
    import random

    from samples import generate
    roster = generate.make_roster(random.Random("1919:roster"), 60)
    plan = generate._plan(random.Random("1919:0:plan"), list(generate.TYPESETS), list(generate.FORMATS))
    assert plan.scenario == "cover+form" and plan.upside_down != "none"
    for sub in ("inbox", "truth"):
        (tmp_path / sub).mkdir()
    path = generate.generate_file(tmp_path, 0, 1919, roster, set(), plan)
    result = analyze_page(PageTask(str(path), 1, pages.Limits(), 60))
    assert result.kind == "cover" and result.rotation == 180


def test_a_page_whose_shape_says_upside_down_but_whose_words_say_upright_is_read_upright(tmp_path):
    # Seed 6868's eleventh file: a table page of print set in capitals and large handwriting
    # whose loops hang below its lines; the ink above and below the lines said upside down,
    # and the page was read that way (its grants lost).  Its first lines read well upright.
    import json
    import random

    from samples import generate
    roster = generate.make_roster(random.Random("6868:roster"), 60)
    plan = generate._plan(random.Random("6868:10:plan"), list(generate.TYPESETS), list(generate.FORMATS))
    for sub in ("inbox", "truth"):
        (tmp_path / sub).mkdir()
    # The holders the set's first ten files had drawn (the eleventh draws from the rest).
    used = {"E1004", "E1054", "E1018", "E1053", "E1028", "E1042", "E1046", "E1017", "E1036", "E1032", "E1011"}
    path = generate.generate_file(tmp_path, 10, 6868, roster, used, plan)
    truth = json.loads((tmp_path / "truth" / f"{path.name}.json").read_text())
    assert truth["documents"][0]["fields"]["holder_name"] == "David J. Wright"
    result = analyze_page(PageTask(str(path), 2, pages.Limits(), 60))
    assert result.rotation == 0
    assert "form_table" in result.parts and len(result.grants) == 3



def test_a_page_sent_sideways_whose_first_lines_are_table_headings_is_turned(tmp_path):
    # A table page sent sideways (seed 4242's 19th file, made again here): the fax header is
    # stamped across its top, and each quarter turn's first lines are the header or the
    # table's short headings, too few words to say which way is up; the page was read as it
    # came and its grants were lost.  The turns its shape allows are now read down their
    # whole top band, and that decides.
    import random
    from dataclasses import replace

    from samples import generate
    from samples import layouts as L
    seed, index = 4242, 18
    weighted = [t for t in generate.ALL_TYPESETS for _ in range(generate.MIX.get(t, 1))]
    plan = generate._plan(random.Random(f"{seed}:{index}:plan"), weighted, list(generate.FORMATS))
    plan = generate._vary(plan, random.Random(f"{seed}:{index}:arrival"), list(generate.FORMATS))
    # Its table as it was drawn then: the seventh family's promotion has this seed draw the
    # turned headings since, which stand across a sideways page (another case).
    style = replace(L.draw(random.Random(f"{seed}:{index}:layout"), plan.typeset), table_style="two-tier")
    plan = replace(plan, style=style, sideways="all")
    roster = generate.make_roster(random.Random(f"{seed}:roster"), 64)
    for sub in ("inbox", "truth"):
        (tmp_path / sub).mkdir()
    path = generate.generate_file(tmp_path, 0, seed, roster, set(), plan)
    result = analyze_page(PageTask(str(path), 2, pages.Limits(), 60))
    assert result.rotation in (90, 270)
    assert result.kind.startswith("form_table") and len(result.grants) >= 2


def _fresh_file(tmp_path, index: int, seed: int = 16161):
    """A file of a fresh set (all typesets) made again alone."""
    import random
    from dataclasses import replace

    from samples import generate
    from samples import layouts as L
    weighted = [t for t in generate.ALL_TYPESETS for _ in range(generate.MIX.get(t, 1))]
    plan = generate._plan(random.Random(f"{seed}:{index}:plan"), weighted, list(generate.FORMATS))
    plan = generate._vary(plan, random.Random(f"{seed}:{index}:arrival"), list(generate.FORMATS))
    if plan.typeset in L.FAMILIES:
        plan = replace(plan, style=L.draw(random.Random(f"{seed}:{index}:layout"), plan.typeset))
    assert plan.sideways != "none"
    for sub in ("inbox", "truth"):
        (tmp_path / sub).mkdir()
    roster = generate.make_roster(random.Random(f"{seed}:roster"), 80)
    return generate.generate_file(tmp_path, index, seed, roster, set(), plan)


def test_a_page_sent_sideways_under_a_header_printed_across_it_is_turned(tmp_path):
    # The sending machine prints its header across the top of what it sends; a landscape page
    # fed sideways (shrunk onto the fax's width, its print small, at normal resolution) then
    # has that line upright over print that runs down the page. Upright, the header and
    # Tesseract's own reading of the turned print read well enough to win, and the page was
    # read as it lay: its Offer text's mention of the "Notice to Change Election From Accept
    # to Reject" taken for the Notice's title, the form split in two (a fresh set's 37th file,
    # made again here). The page's print runs down it (`is_sideways`): the quarter turns'
    # top bands decide.
    result = analyze_page(PageTask(str(_fresh_file(tmp_path, 36)), 1, pages.Limits(), 60))
    assert result.rotation in (90, 270)
    assert result.kind == "form_text"


def test_a_sideways_table_page_whose_top_band_is_its_headings_is_turned(tmp_path):
    # The same, a table page: turned a quarter its top band is the table's headings, five
    # words of print ("NUMBER OF SHARES ..."), fewer than a turn needs to be taken on words
    # alone; the other quarter read none. The page's print runs down it, one quarter reads
    # words and the other not: that quarter (its grants and signature block had been lost, the
    # page read as instructions).
    import json
    path = _fresh_file(tmp_path, 19)
    truth = json.loads((tmp_path / "truth" / f"{path.name}.json").read_text())
    result = analyze_page(PageTask(str(path), 3, pages.Limits(), 60))
    assert result.rotation in (90, 270)
    assert result.kind == "form_table+signature"
    assert len(result.grants) == len(truth["documents"][0]["grants"])


@pytest.mark.parametrize("turn", [90, 270])
def test_the_quarter_turn_is_told_by_the_prints_shape(turn):
    # Latin print carries more ink above its lines than below: turned a quarter one way the
    # page's lines look upright, the other way upside down, with no OCR. A fresh set's file
    # of three sideways pages had two read as they lay ("unknown") when OCR of the turns'
    # first lines read handwriting and small print poorly either way.
    from PIL import Image, ImageDraw, ImageFont
    from intake.reading.page import _quarter_by_shape
    page = Image.new("L", (1700, 2200), 255)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 30)
    for i in range(30):
        d.text((150, 150 + 60 * i), "I understand that all of the tendered options will be cancelled.", font=font,
               fill=0)
    sideways = page.rotate(turn, expand=True)
    assert _quarter_by_shape(sideways, 200) == (360 - turn) % 360
    # Capitals alone say nothing either way: turns are then tried by OCR.
    caps = Image.new("L", (1700, 2200), 255)
    d = ImageDraw.Draw(caps)
    for i in range(30):
        d.text((150, 150 + 60 * i), "ELECTION FORM OFFER TO EXCHANGE OPTIONS", font=font, fill=0)
    assert _quarter_by_shape(caps.rotate(turn, expand=True), 200) is None


def test_a_sideways_form_whose_turns_read_poorly_is_turned_by_its_shape(tmp_path, monkeypatch):
    # The file as it was drawn before the sixteenth family's values were promoted (they took
    # its checkbox, and its table page is then one the reading does not read), and so
    # before any later family's.
    from samples import layouts as L
    at = next(i for i, s in enumerate(L.STAGES)
              if L.CHECKBOXES_VARIED[s["checkbox"]] == "corners")
    first = L.STAGES[at]
    monkeypatch.setattr(L, "_VARIED", {a: v[:first[a]] for a, v in L._VARIED.items()})
    monkeypatch.setattr(L, "STAGES", L.STAGES[:at])
    result = analyze_page(PageTask(str(_fresh_file(tmp_path, 10, seed=17171)), 3, pages.Limits(), 60))
    assert result.rotation in (90, 270) and result.kind.startswith("form_table")


def test_an_upright_page_whose_first_lines_read_few_words_has_its_top_band_read_before_a_quarter_turn(monkeypatch):
    # A page upright in shape, its print not running down it, whose first lines held five words
    # ("EXHIBIT (a)(2)" over a centred title): upright and upside down read too few, so the
    # quarter turns were tried, and Tesseract, which reads lines turned a quarter as words too,
    # read twelve there: the page was taken as turned 270, its form lost.  The top band is read
    # upright and upside down before any quarter turn.  (Tesseract's readings canned, each turn
    # told by where a mark in the page's corner has gone.)
    import numpy as np
    from PIL import Image
    from ocr.preprocess import rotate
    from ocr.tesseract import Word
    import intake.reading.page as P
    page = Image.new("L", (1700, 2200), 255)
    page.paste(0, (20, 20, 60, 60))

    def corner(img):
        a = np.asarray(img) < 128
        h, w = a.shape
        return (bool(a[: h // 2].any()), bool(a[:, : w // 2].any()))

    turns = {corner(rotate(page, t)): t for t in (0, 90, 180, 270)}
    words = lambda n: [Word(f"word{i}", 95.0, 100 + 120 * i, 100, 100, 30, 1, 1, 0) for i in range(n)]
    first = {0: 5, 180: 0, 90: 0, 270: 12}
    band = {0: 40, 180: 0, 90: 0, 270: 12}
    monkeypatch.setattr(P, "_first_lines", lambda img, ink, dpi, timeout: (300, words(first[turns[corner(img)]])))
    monkeypatch.setattr(P, "_band_words", lambda img, dpi, timeout, bottom, top=0, stage=0:
                        words(band[turns[corner(img)]]))
    _image, rotation, _skew, top = P._orient(page, 200.0, 60.0, sideways=False)
    assert rotation == 0 and len(top) == 40


def test_the_forms_first_page_read_from_the_bands_beside_its_boxes_is_kept_only_when_its_box_reads_sure(monkeypatch):
    # A band read alone garbled a brace and its box ("sheets ral ."): the tender box went
    # unread where the whole page's reading had it at 0.98.  The band's reading stands only
    # when its tender box reads sure; otherwise the page is read whole.
    from intake.model import Reading
    from intake.reading import page as P

    def reads(box):
        def fake(result, *args, **kwargs):
            result.fields["tender_elected"] = box
            result.parts.append("form_tender")
            result.kind = "form_tender"
        return fake
    for box, kept in ((Reading(None, 0.0, engine="test"), False), (Reading(True, 0.5, engine="test"), False),
                      (Reading(True, 0.98, engine="test"), True)):
        monkeypatch.setattr(P, "_read_fields", reads(box))
        result = P.PageResult(1)
        assert P._read_near_boxes(result, None, None, [], [], 200.0, None, False) is kept
        assert (result.fields.get("tender_elected") is box) is kept
        assert result.kind == ("form_tender" if kept else "unknown")


@pytest.mark.parametrize("sentence, found", [
    ("Check here to tender for exchange the options specified below, together with", True),
    ("YES - I wish to exchange each of the options specified below (including any", True),
    ("Please keep a copy of this form and of the confirmation for your records.", False)])
def test_the_forms_first_page_finds_its_tender_sentence_beside_a_box_in_any_wording(sentence, found):
    # The cheap look at the form's first page reads the lines beside its checkbox-like marks
    # and takes them when one is the tender sentence: in the form's words or in any of its
    # meaning.  Before, only the form's words counted, and a typeset saying "YES - I wish to
    # exchange" had its whole page read (about a second of Tesseract a page).
    from PIL import Image, ImageDraw, ImageFont
    from intake.reading import page as P
    from ocr.preprocess import ink_mask
    dpi = 200
    image = Image.new("L", (1700, 600), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 30)
    draw.rectangle((150, 250, 180, 280), outline=0, width=3)          # the box, then its sentence
    draw.text((210, 245), sentence, font=font, fill=0)
    draw.text((210, 290), "every option granted since August 28, 2002.", font=font, fill=0)
    lines = P._lines_near_boxes(image, ink_mask(np.asarray(image)), dpi, PageTask("page.png", 1, pages.Limits(), 60))
    assert (lines is not None) is found
    if found:
        assert any("options" in w.text for ln in lines for w in ln.words)
