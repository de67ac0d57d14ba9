"""ocr.pages and ocr.poppler on real fax files and on bad input made in tmp_path."""

from __future__ import annotations

import ast
import os
import re
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocr import pages, poppler
from ocr.errors import EncryptedPdf, LimitExceeded, OcrError, ToolMissing, UnreadableFile
from ocr.pages import Limits

# name -> (page sizes after squaring, square dpi, dpi known, source dpi)
FAX_204x98 = (204.0, 98.0)
FAX_204x196 = (204.0, 196.0)
REAL = {
    "fax2d.tif": ([(1728, 2252)], 204.0, True, FAX_204x98),  # 1082 * 204/98
    "g3test.tif": ([(1728, 2296)], 204.0, True, FAX_204x98),  # 1103 * 204/98
    "g3aoe.tif": ([(1728, 2328)], 200.0, True, FAX_204x196),  # within 5%: kept, dpi = sqrt(204*196)
    "total-pages-zero.tif": ([(1728, 2156)] * 3, 200.0, True, FAX_204x196),
    "asterisk-udptl-1page.tif": ([(1728, 2156)], 200.0, True, FAX_204x196),
    "G32DS.TIF": ([(2464, 3248)], 300.0, True, (300.0, 300.0)),
    "CCITT_1.TIF": ([(1728, 2376)], 200.0, True, (200.0, 200.0)),
    "testfax4.tiff": ([(2453, 3369)], 300.0, True, (300.0, 300.0)),
    "fivepages-scan-causingerrors.tif": (
        [(2480, 3518), (2480, 3520), (2480, 3517), (2480, 3513), (2484, 3515)],
        300.0,
        True,
        (300.0, 300.0),
    ),
    "twelvemonkeys-multipage.tif": ([(6, 4)] * 3, None, False, None),
    "testfax3_bug54_1dnoEOL.tif": ([(1728, 2320)], 300.0, True, (300.0, 300.0)),
    "g4-fillorder-test.tif": ([(218, 84)], 300.0, True, (300.0, 300.0)),
    "g4-fillorder-test.png": ([(218, 84)], 300.0, True, (300.0, 300.0)),
    "ocrmypdf-ccitt.pdf": ([(2550, 3300)], 300.0, True, (300.0, 300.0)),
    "ccitt-endofline-true.pdf": ([(2416, 3437)], 300.0, True, (300.0, 300.0)),
}


def test_expectations_cover_the_readme_table(real_faxes):
    readme = (real_faxes / "README.md").read_text()
    table = readme.split("## Summary", 1)[1].split("What the set covers", 1)[0]
    listed = set(re.findall(r"^\| ([\w.-]+\.(?:tif|tiff|TIF|png|pdf)) \|", table, re.M))
    assert listed == set(REAL)


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_fax_pages(real_faxes, name):
    sizes, dpi, known, source_dpi = REAL[name]
    path = real_faxes / name
    info = pages.inspect(path)
    assert info.page_count == len(sizes)
    assert info.kind == {".tif": "tiff", ".tiff": "tiff", ".png": "png", ".pdf": "pdf"}[path.suffix.lower()]
    for number, size in enumerate(sizes, start=1):
        page = pages.load_page(path, number)
        assert page.number == number
        assert page.image.mode == "L"
        assert page.image.size == size
        assert page.dpi_known is known
        assert page.source_dpi == source_dpi
        if known:
            assert page.dpi == pytest.approx(dpi, abs=0.1)
        assert info.pages[number - 1]["dpi"] == source_dpi
        assert np.asarray(page.image).mean() > 200  # paper is white: nothing came out negative


def test_iter_pages_counts_directories_not_page_number_tags(real_faxes):
    found = [p.number for p in pages.iter_pages(real_faxes / "total-pages-zero.tif")]
    assert found == [1, 2, 3]


def test_unknown_resolution_is_estimated_from_width(real_faxes):
    page = pages.load_page(real_faxes / "twelvemonkeys-multipage.tif", 2)
    assert not page.dpi_known
    assert page.dpi == pytest.approx(6 / 8.5, abs=0.1)  # assumed US Letter width


def test_g4_fill_order_decodes_to_the_reference_png(real_faxes):
    tif = pages.load_page(real_faxes / "g4-fillorder-test.tif", 1).image
    png = pages.load_page(real_faxes / "g4-fillorder-test.png", 1).image
    assert np.array_equal(np.asarray(tif), np.asarray(png))


def test_tiff_tags(real_faxes):
    assert pages.inspect(real_faxes / "asterisk-udptl-1page.tif").tags["datetime"] == "2009:01:28 22:28:35"
    assert pages.inspect(real_faxes / "testfax4.tiff").tags["artist"] == "1996-2001 AccuSoft Co., All rights reserved"
    kofax = pages.inspect(real_faxes / "g4-fillorder-test.tif").tags
    assert kofax["image_description"] == "Kofax PDF Filter - version 3.75."
    assert "datetime" not in pages.inspect(real_faxes / "fax2d.tif").tags
    info = pages.inspect(real_faxes / "fax2d.tif")
    assert info.pages[0]["compression"] == "group3"
    assert info.pages[0]["photometric"] == "min-is-white"


def test_pdf_tags(real_faxes):
    tags = pages.inspect(real_faxes / "ocrmypdf-ccitt.pdf").tags
    assert tags["producer"] == "libtiff / tiff2pdf - 20150912"
    assert tags["creation_date"].startswith("2016-01-19")


def test_ccitt_black_is_1_pdf_is_not_a_negative_and_matches_poppler(real_faxes):
    path = real_faxes / "ocrmypdf-ccitt.pdf"
    page = pages.load_page(path, 1)
    assert page.image.size == (2550, 3300) and page.dpi == 300.0
    ours = np.asarray(page.image, dtype=np.float32)
    assert ours.mean() > 200
    rendered = np.asarray(poppler.render_page(path, 1, 300).convert("L"), dtype=np.float32)
    assert rendered.shape == ours.shape
    assert np.abs(ours - rendered).mean() < 12  # pdftoppm anti-aliases; a negative would be ~200
    assert (np.abs(_blocks(ours) - _blocks(rendered)) < 20).mean() > 0.99


def test_ccitt_pdf_with_indirect_height_is_extracted(real_faxes, tmp_path):
    path = real_faxes / "ccitt-endofline-true.pdf"
    extracted = poppler.extract_page_image(path, 1, tmp_path)
    assert extracted is not None and extracted.parent == tmp_path
    with Image.open(extracted) as im:
        assert im.size == (2416, 3437)


def _blocks(a: np.ndarray, n: int = 10) -> np.ndarray:
    h, w = (a.shape[0] // n) * n, (a.shape[1] // n) * n
    return a[:h, :w].reshape(h // n, n, w // n, n).mean(axis=(1, 3))


# --- PDFs made here ------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF: object 1 is the catalog; a correct xref table."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return out


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), extra, data)


def _one_page_pdf(
    content: bytes,
    resources: bytes = b"<< >>",
    extra: list[bytes] = (),
    size: tuple[int, int] = (612, 792),
    page_keys: bytes = b"",
) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources %s %s>>"
            % (*size, resources, page_keys),
            _stream(content),
            *extra,
        ]
    )


def test_vector_pdf_is_rendered_at_200_dpi(tmp_path):
    path = tmp_path / "vector.pdf"
    path.write_bytes(_one_page_pdf(b"0 g 72 600 144 72 re f"))  # one black box, no image
    info = pages.inspect(path)
    assert info.pages[0]["compression"] == "render" and info.pages[0]["size"] == (1700, 2200)
    page = pages.load_page(path, 1)
    assert page.image.size == (1700, 2200) and page.dpi == 200.0 and page.dpi_known
    box = np.asarray(page.image)[int(2200 - 672 / 72 * 200) + 5, int(72 / 72 * 200) + 5]
    assert box < 50


def _decode_inverted_pdf(path: Path, page_keys: bytes = b"") -> Path:
    """A 160x200 uncompressed 1-bit image over a whole 8 x 10 in page (20 ppi), /Decode [1 0].

    Every sample is 0 (white once decoded) except a block at the top left, 1 (black).
    """
    width, height = 160, 200
    rows = [b"\x00" * 20] * height
    rows[20:40] = [b"\xff" * 10 + b"\x00" * 10] * 20
    image = _stream(
        b"".join(rows),
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 "
        b"/ColorSpace /DeviceGray /Decode [1 0] " % (width, height),
    )
    content = b"q 576 0 0 720 0 0 cm /Im1 Do Q"
    path.write_bytes(_one_page_pdf(content, b"<< /XObject << /Im1 5 0 R >> >>", [image], (576, 720), page_keys))
    return path


def test_pdf_image_with_inverting_decode_array(tmp_path):
    path = _decode_inverted_pdf(tmp_path / "decode.pdf")
    assert pages.inspect(path).pages[0]["compression"] == "image"  # extracted, not rendered
    page = pages.load_page(path, 1)
    assert page.image.size == (160, 200) and page.dpi == 20.0
    a = np.asarray(page.image)
    assert a[30, 40] < 64 and a[30, 120] > 192 and a[100].min() > 192


def test_pdf_page_rotation_is_applied_to_the_extracted_image(tmp_path):
    path = _decode_inverted_pdf(tmp_path / "turned.pdf", b"/Rotate 90 ")
    assert pages.inspect(path).pages[0]["size"] == (200, 160)
    page = pages.load_page(path, 1)
    a = np.asarray(page.image)
    assert page.image.size == (200, 160)
    assert a[40, 170] < 64 and a[40, 30] > 192  # the block turned clockwise to the top right


def test_extracted_image_is_inverted_when_it_disagrees_with_the_render():
    render = Image.new("L", (20, 30), 255)
    render.paste(0, (0, 0, 5, 5))
    negative = Image.new("L", (200, 300), 0)
    negative.paste(255, (0, 0, 50, 50))
    fixed = poppler._match_render(negative, render, 0)
    assert fixed is not None and np.asarray(fixed).mean() > 200
    assert poppler._match_render(Image.new("L", (200, 300), 128), render, 0) is None  # neither way: render


def test_pillow_made_bilevel_pdf_keeps_its_polarity(tmp_path):
    im = Image.new("1", (200, 100), 1)
    im.paste(0, (20, 20, 80, 60))
    path = tmp_path / "pillow.pdf"
    im.save(path, resolution=100)
    page = pages.load_page(path, 1)
    assert page.image.size == (200, 100) and page.dpi == 100.0
    a = np.asarray(page.image)
    assert a[40, 50] < 64 and a[90, 150] > 192


def test_grey_jpeg_in_pdf_is_extracted(tmp_path):
    scan = Image.new("L", (850, 1100), 250)
    scan.paste(30, (100, 100, 300, 200))
    path = tmp_path / "grey.pdf"
    scan.save(path, resolution=100)
    page = pages.load_page(path, 1)
    assert page.image.size == (850, 1100) and page.dpi == 100.0
    a = np.asarray(page.image)
    assert a[150, 200] < 60 and a[600, 600] > 230


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                encrypt,
            ],
            b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (b"33" * 16, b"33" * 16),
        )
    )
    with pytest.raises(EncryptedPdf) as err:
        pages.inspect(path)
    _assert_one_line(err.value, "locked.pdf")
    assert isinstance(err.value, UnreadableFile)
    with pytest.raises(EncryptedPdf):
        pages.load_page(path, 1)


def test_pdf_with_too_many_pages(tmp_path):
    path = tmp_path / "many.pdf"
    blank = Image.new("1", (8, 8), 1)
    blank.save(path, save_all=True, append_images=[blank] * 399)
    with pytest.raises(LimitExceeded) as err:
        pages.inspect(path)
    _assert_one_line(err.value, "many.pdf")
    assert "400 pages" in str(err.value)
    with pytest.raises(LimitExceeded):
        pages.load_page(path, 1)
    assert pages.inspect(path, Limits(max_pages=400)).page_count == 400


# --- bad raster input --------------------------------------------------------------------


def _assert_one_line(error: OcrError, name: str) -> None:
    assert "\n" not in str(error) and name in str(error) and str(error) == error.message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.tif", b""),
        ("noise.tif", os.urandom(4096)),
        ("page.pdf", b"<!DOCTYPE html>\n<html><head><title>Fax</title></head><body>404</body></html>\n"),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + os.urandom(200)),
        ("fake-header.tif", b"II*\x00" + os.urandom(200)),
        ("broken.pdf", b"%PDF-1.4\n" + os.urandom(300)),
    ],
)
def test_unreadable_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    for attempt in (pages.inspect, lambda p: pages.load_page(p, 1), lambda p: list(pages.iter_pages(p))):
        with pytest.raises(UnreadableFile) as err:
            attempt(path)
        _assert_one_line(err.value, name)


def test_truncated_tiff_names_the_failing_page(real_faxes, tmp_path):
    data = (real_faxes / "total-pages-zero.tif").read_bytes()
    path = tmp_path / "cut.tif"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableFile) as err:
        pages.inspect(path)
    _assert_one_line(err.value, "cut.tif")
    assert pages.load_page(path, 1).image.size == (1728, 2156)  # the first page is whole
    with pytest.raises(UnreadableFile) as err:
        pages.load_page(path, 2)
    assert err.value.page == 2 and "Page 2 of cut.tif" in str(err.value)
    with pytest.raises(UnreadableFile):
        list(pages.iter_pages(path))


def test_missing_page_number(real_faxes):
    with pytest.raises(UnreadableFile) as err:
        pages.load_page(real_faxes / "fax2d.tif", 2)
    assert "no page 2" in str(err.value)
    with pytest.raises(UnreadableFile):
        pages.load_page(real_faxes / "ocrmypdf-ccitt.pdf", 2)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def test_png_decompression_bomb_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 50_001 * 10))
        + _png_chunk(b"IEND", b"")
    )
    for attempt in (pages.inspect, lambda p: pages.load_page(p, 1)):
        with pytest.raises(LimitExceeded) as err:
            attempt(path)
        _assert_one_line(err.value, "bomb.png")


def test_pixel_limit_below_pillows_own(real_faxes):
    with pytest.raises(LimitExceeded) as err:
        pages.load_page(real_faxes / "testfax4.tiff", 1, Limits(max_pixels=1_000_000))
    assert err.value.page == 1
    with pytest.raises(LimitExceeded):
        pages.inspect(real_faxes / "testfax4.tiff", Limits(max_pixels=1_000_000))
    # squaring a 204x98 fax doubles its pixels; the limit applies to the result as well
    with pytest.raises(LimitExceeded):
        pages.load_page(real_faxes / "fax2d.tif", 1, Limits(max_pixels=3_000_000))


def test_byte_limit(real_faxes):
    with pytest.raises(LimitExceeded) as err:
        pages.inspect(real_faxes / "G32DS.TIF", Limits(max_bytes=10_000))
    _assert_one_line(err.value, "G32DS.TIF")


# --- scans as PNG / JPEG -----------------------------------------------------------------


@pytest.mark.parametrize("mode", ["L", "RGB"])
@pytest.mark.parametrize("dpi", [150, 300])
def test_jpeg_scans_keep_their_resolution(tmp_path, mode, dpi):
    path = tmp_path / f"scan-{mode}-{dpi}.jpeg"
    Image.new(mode, (dpi * 2, dpi), "white").save(path, dpi=(dpi, dpi), quality=90)
    info = pages.inspect(path)
    assert info.kind == "jpeg" and info.pages[0]["dpi"] == (dpi, dpi)
    page = pages.load_page(path, 1)
    assert page.image.mode == "L" and page.dpi == dpi and page.dpi_known
    assert page.image.size == (dpi * 2, dpi)


@pytest.mark.parametrize("mode", ["1", "P", "RGBA", "LA", "I;16"])
def test_other_modes_come_out_grey(tmp_path, mode):
    path = tmp_path / f"mode-{mode.replace(';', '')}.png"
    im = Image.new("RGB", (40, 20), "white")
    im.paste((0, 0, 0), (0, 0, 10, 10))
    if mode == "I;16":
        im = Image.fromarray(np.asarray(im.convert("L"), dtype=np.uint16) * 257)
    else:
        im = im.convert("L").convert(mode)
    im.save(path, dpi=(200, 200))
    page = pages.load_page(path, 1)
    a = np.asarray(page.image)
    assert page.image.mode == "L" and a[5, 5] < 30 and a[15, 30] > 225


def test_jpeg_exif_orientation_is_applied(tmp_path):
    upright = Image.new("L", (300, 200), 255)
    upright.paste(0, (0, 0, 60, 40))  # mark at the top left
    exif = Image.Exif()
    exif[0x0112] = 3  # stored upside down
    path = tmp_path / "phone.jpg"
    upright.rotate(180).save(path, exif=exif, dpi=(200, 200))
    page = pages.load_page(path, 1)
    a = np.asarray(page.image)
    assert page.image.size == (300, 200)
    assert a[10, 10] < 50 and a[190, 290] > 200


def test_nonsense_dpi_is_unknown(tmp_path):
    path = tmp_path / "a4-at-72.png"
    Image.new("L", (2480, 100), 255).save(path, dpi=(72, 72))  # 34 inches wide at 72 dpi
    page = pages.load_page(path, 1)
    assert not page.dpi_known and page.source_dpi is None
    assert page.dpi == pytest.approx(2480 / 8.5, abs=0.1)


def test_non_square_png_is_resampled(tmp_path):
    path = tmp_path / "normal-fax.png"
    Image.new("L", (1728, 1000), 255).save(path, dpi=(204, 98))
    page = pages.load_page(path, 1)
    assert page.image.size == (1728, round(1000 * 204 / 98)) and page.dpi == 204.0


# --- Poppler wrapper and the package's boundary ------------------------------------------


def test_probe_reports_a_version():
    assert re.fullmatch(r"\d+(\.\d+)+", poppler.probe())


def test_missing_tool_gives_an_install_hint(monkeypatch, real_faxes):
    monkeypatch.setattr(poppler.shutil, "which", lambda name: None)
    with pytest.raises(ToolMissing) as err:
        poppler.probe()
    assert "apt-get install poppler-utils" in str(err.value)
    with pytest.raises(ToolMissing):
        pages.inspect(real_faxes / "ocrmypdf-ccitt.pdf")


def test_ocr_package_never_imports_intake_or_review():
    package = Path(pages.__file__).parent
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(), filename=str(module))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in {"intake", "review"}, f"{module.name} imports {name}"


def test_a_small_pdf_extracted_whole_gives_each_page_as_extracted_alone(real_faxes, tmp_path):
    # Two Poppler calls for the file instead of two or three a page: the same pixels.
    demo = Path(__file__).resolve().parents[1] / "samples" / "demo" / "inbox"
    for k, path in enumerate(sorted(real_faxes.glob("*.pdf")) + sorted(demo.glob("*.pdf"))):
        info = poppler.pdf_info(path)
        assert info["pages"] <= poppler.WHOLE_FILE_PAGES
        for n in range(1, info["pages"] + 1):
            alone_dir, whole_dir = tmp_path / f"{k}-{n}-alone", tmp_path / f"{k}-{n}-whole"
            alone_dir.mkdir()
            whole_dir.mkdir()
            alone = poppler.extract_page_image(path, n, alone_dir, info=info)
            whole = poppler.extract_page_image(path, n, whole_dir, info=info, whole_file=True)
            assert (alone is None) == (whole is None), (path.name, n)
            if alone is not None:
                with Image.open(alone) as a, Image.open(whole) as w:
                    assert a.size == w.size and np.array_equal(np.asarray(a), np.asarray(w)), (path.name, n)
