"""Faxes written as fax servers write them: page by page, held open, or reopened by name.

Each test writes a real 6-page fax (the demo set's six-page Election Form, re-encoded the
way a fax server writes one: pages appended, the previous page's link to the next patched
in place) into the inbox of a real watcher, in two steps with a pause longer than the
quiet period between them, and checks that no page is lost.
"""
from __future__ import annotations

import io
import json
import os
import threading
import time
from pathlib import Path

import pytest
from PIL import Image, ImageSequence

from intake.db import open_db
from intake.home import Home
from intake.inbox import held_open
from intake.watch import Watcher
from ocr import pages

from test_watch import Processed, make_home, receipts, run_in_thread

SIX_PAGES = Path(__file__).resolve().parents[1] / "samples" / "demo" / "inbox" / "0001.tif"
STABLE = 0.4
PAUSE = 2.5   # longer than the quiet period: the watcher looks several times meanwhile


def _tiff(frames) -> bytes:
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], compression="group4",
                   dpi=(204, 196))
    return out.getvalue()


@pytest.fixture(scope="module")
def fax_in_steps() -> tuple[bytes, bytes, int]:
    """(first three pages as a TIFF, all six, where the link from page 3 to page 4 lies)."""
    if not SIX_PAGES.is_file():
        pytest.skip("samples/demo has not been generated")
    with Image.open(SIX_PAGES) as im:
        frames = [f.copy() for f in ImageSequence.Iterator(im)]
    assert len(frames) == 6
    three, six = _tiff(frames[:3]), _tiff(frames)
    diff = [i for i in range(len(three)) if three[i] != six[i]]
    assert diff and max(diff) - min(diff) < 4, "the writer's model: pages appended, one link patched"
    return three, six, _link_offset(three)


def _link_offset(tiff: bytes) -> int:
    """Where the last page's link to a next page (0: none) is written, little-endian TIFF."""
    assert tiff[:4] == b"II*\x00"
    offset = int.from_bytes(tiff[4:8], "little")
    while True:
        count = int.from_bytes(tiff[offset:offset + 2], "little")
        link = offset + 2 + 12 * count
        nxt = int.from_bytes(tiff[link:link + 4], "little")
        if nxt == 0:
            return link
        offset = nxt


def stop(watcher: Watcher, thread: threading.Thread) -> None:
    watcher.stop.set()
    watcher.wake.set()
    thread.join(30)
    assert not thread.is_alive()


def wait_until(check, timeout: float = 180.0, step: float = 0.2):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(step)
    raise AssertionError("timed out")


def page_count(home: Home, receipt: dict) -> int:
    db = open_db(home.db_path)
    try:
        return pages.inspect(db["originals"].get(receipt["sha256"])["stored_path"]).page_count
    finally:
        db.close()


def test_held_open_shows_in_proc(tmp_path):
    path = tmp_path / "x.tif"
    with open(path, "wb") as fh:
        fh.write(b"II*\x00")
        fh.flush()
        assert held_open(path)
    assert not held_open(path)


def test_a_fax_held_open_through_a_pause_is_one_document_of_six_pages(tmp_path, fax_in_steps):
    """The real pipeline: 3 pages, 6 s with the file held open (three quiet periods), then pages 4-6."""
    three, six, link = fax_in_steps
    home = make_home(tmp_path, workers=1, stable=2.0)   # the default quiet period
    watcher = Watcher(home, home.config())
    thread = run_in_thread(watcher)
    target = home.inbox / "fax000000311.tif"
    (home.inbox / "fax000000311.tif.json").write_text(SIX_PAGES.with_name("0001.tif.json").read_text())
    try:
        with open(target, "wb") as fh:
            fh.write(three)
            fh.flush()
            time.sleep(6.0)                    # the next page is coming down the line
            fh.write(six[len(three):])
            fh.seek(link)
            fh.write(six[link:link + 4])       # page 3 now leads to page 4
        db = open_db(home.db_path)
        wait_until(lambda: [r for r in receipts(home) if r["state"] not in ("queued", "processing")])
        rows = receipts(home)
        assert len(rows) == 1, rows
        docs = list(db.query("SELECT pages, document_type FROM documents"))
        assert [json.loads(d["pages"]) for d in docs] == [[1, 2, 3, 4, 5, 6]]
        assert page_count(home, rows[0]) == 6
    finally:
        stop(watcher, thread)


def test_a_writer_that_reopens_the_name_and_appends_loses_nothing(tmp_path, fax_in_steps):
    """Pages 1-3 written and closed (taken), then the name reopened and pages 4-6 appended."""
    three, six, _link = fax_in_steps
    home = make_home(tmp_path, stable=STABLE)
    processed = Processed()
    watcher = Watcher(home, home.config(), process=processed)
    thread = run_in_thread(watcher)
    target = home.inbox / "fax000000312.tif"
    try:
        target.write_bytes(six[:len(three)])   # page 3 already points past the end
        wait_until(lambda: len(receipts(home)) == 1, 20)
        time.sleep(PAUSE)
        with open(target, "ab") as fh:
            fh.write(six[len(three):])
        wait_until(lambda: len(receipts(home)) == 2 and all(
            r["state"] not in ("queued", "processing") for r in receipts(home)), 30)
    finally:
        stop(watcher, thread)
    first, whole = receipts(home)
    assert whole["continues"] == first["id"] and first["superseded_by"] == whole["id"]
    assert whole["source_name"] == first["source_name"] == "fax000000312.tif"
    assert page_count(home, whole) == 6 and whole["state"] == "done"
    db = open_db(home.db_path)
    assert Path(db["originals"].get(whole["sha256"])["stored_path"]).read_bytes() == six
    assert os.listdir(home.inbox) == []


def test_a_writer_that_goes_on_after_the_file_was_taken_makes_a_receipt_of_the_whole(tmp_path, fax_in_steps):
    """The fax server writes through a second name (a hard link): its writes reach the held file."""
    three, six, link = fax_in_steps
    home = make_home(tmp_path, stable=STABLE)
    processed = Processed()
    watcher = Watcher(home, home.config(), process=processed)
    spool = tmp_path / "spool.tif"
    spool.write_bytes(three)
    os.link(spool, home.inbox / "fax000000313.tif")
    thread = run_in_thread(watcher)
    try:
        # the receipt is recorded first, then the file is moved aside: wait for both
        wait_until(lambda: len(receipts(home)) == 1 and not (home.inbox / "fax000000313.tif").exists(), 20)
        with open(spool, "r+b") as fh:           # the server goes on where it left off
            fh.seek(len(three))
            fh.write(six[len(three):])
            fh.seek(link)
            fh.write(six[link:link + 4])
        wait_until(lambda: len(receipts(home)) == 2 and all(
            r["state"] not in ("queued", "processing") for r in receipts(home)), 30)
    finally:
        stop(watcher, thread)
    first, whole = receipts(home)
    assert whole["continues"] == first["id"] and page_count(home, whole) == 6
    assert page_count(home, first) == 3   # the first part is kept too, never lost


def test_the_same_fax_sent_again_under_a_held_name_is_a_duplicate_not_a_continuation(tmp_path, fax_in_steps):
    three, _six, _link = fax_in_steps
    home = make_home(tmp_path, stable=STABLE)
    processed = Processed()
    watcher = Watcher(home, home.config(), process=processed)
    thread = run_in_thread(watcher)
    target = home.inbox / "fax000000314.tif"
    try:
        target.write_bytes(three)
        processed.wait_for(1)
        target.write_bytes(three)
        processed.wait_for(2)
    finally:
        stop(watcher, thread)
    first, again = receipts(home)
    assert again["duplicate_of"] == first["id"] and again["continues"] is None
    assert first["superseded_by"] is None and first["state"] == "done" and again["state"] == "duplicate"
