"""A page is read the same whichever way it came through the fax: upright, sideways, upside down."""
import pytest

from intake.pagework import PageTask, analyze_page
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
