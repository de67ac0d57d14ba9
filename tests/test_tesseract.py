"""The Tesseract wrapper: the in-process library and the program give the same words."""
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import tesseract
from ocr.errors import ToolTimeout

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _page() -> Image.Image:
    img = Image.new("L", (1400, 300), 255)
    d = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype(FONT, 34)
    except OSError:
        font = ImageFont.load_default(size=34)
    d.text((60, 40), "OPTION HOLDER SIGNATURE", fill=0, font=font)
    d.text((60, 140), "SOCIAL SECURITY NUMBER 123-45-6789", fill=0, font=font)
    return img


@pytest.mark.parametrize("way", ["library", "cli"])
def test_both_ways_read_the_words_with_boxes_and_lines(monkeypatch, way):
    monkeypatch.setenv("INTAKE_TESSERACT", "" if way == "library" else "cli")
    if way == "library" and tesseract.backend() != "library":
        pytest.fail("tesserocr is a dependency and must be importable here")
    assert tesseract.backend() == way
    words = tesseract.words(_page(), psm=3)
    assert [w.text for w in words] == ["OPTION", "HOLDER", "SIGNATURE", "SOCIAL", "SECURITY", "NUMBER",
                                       "123-45-6789"]
    assert all(w.conf > 60 for w in words)
    first, last = words[0], words[-1]
    assert 50 <= first.left <= 70 and 35 <= first.top <= 55
    assert last.left > 400 and 130 <= last.top <= 155
    # Lines are numbered as the program's TSV numbers them: the two lines are told apart.
    assert len({(w.block, w.par, w.line) for w in words}) == 2


def test_whitelist_holds_and_is_reset_for_the_next_call(monkeypatch):
    monkeypatch.setenv("INTAKE_TESSERACT", "")
    img = Image.new("L", (600, 120), 255)
    ImageDraw.Draw(img).text((20, 30), "12,500", fill=0, font=ImageFont.truetype(FONT, 48))
    assert "".join(w.text for w in tesseract.words(img, psm=7, whitelist="0123456789,")) == "12,500"
    words = tesseract.words(_page(), psm=3)
    assert words[0].text == "OPTION"          # letters again: the whitelist did not stay behind


def test_blank_image_is_no_words(monkeypatch):
    for way in ("", "cli"):
        monkeypatch.setenv("INTAKE_TESSERACT", way)
        assert tesseract.words(Image.new("L", (400, 200), 255), psm=3) == []


def test_a_time_out_is_a_tool_time_out(monkeypatch):
    monkeypatch.setenv("INTAKE_TESSERACT", "")
    big = Image.new("L", (2400, 3200), 255)
    d = ImageDraw.Draw(big)
    font = ImageFont.truetype(FONT, 28)
    for y in range(40, 3150, 40):
        d.text((30, y), "the quick brown fox jumps over the lazy dog " * 3, fill=0, font=font)
    with pytest.raises(ToolTimeout):
        tesseract.words(big, psm=3, timeout=0.001)
