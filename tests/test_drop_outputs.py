"""What a person sees of the drop folder's odd files: the report lists every file set aside,
a blank page is a question for a person, a name never runs as a formula or splits a line,
and the tools' own warnings stay in the log.  The real commands on a real home.
"""
from __future__ import annotations

import csv
import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageSequence

from intake.db import open_db

from test_drop_sidecars import run_once
from test_watch import fax_png, make_home

INTAKE = "from intake.cli import main; main()"
DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo" / "inbox"


def intake(home, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", INTAKE, "--home", str(home.root), *args],
                          capture_output=True, text=True, timeout=timeout)


def report(home, fmt: str) -> str:
    done = intake(home, "report", "--all", "--format", fmt)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_file_set_aside_at_intake_is_in_the_report(tmp_path):
    home = make_home(tmp_path, stable=0.1)
    home.config_path.write_text(home.config_path.read_text() + "[limits]\nmax_bytes = 100000\n")
    inbox = home.inbox
    (inbox / "empty.tif").write_bytes(b"")
    os.symlink("/etc/hostname", inbox / "link.tif")
    os.mkfifo(inbox / "fifo.tif")
    (inbox / "huge.tif").write_bytes(b"II*\x00" + bytes(200_000))
    (inbox / "lone.tif.json").symlink_to("/dev/zero")
    (inbox / "good.png").write_bytes(fax_png("a good fax among bad files"))
    code, _ = run_once(home)
    assert code == 1
    listed = {e["source_name"]: e["reason"] for e in json.loads(report(home, "json"))["receipts"]["set_aside"]}
    assert set(listed) == {"empty.tif", "link.tif", "fifo.tif", "huge.tif", "lone.tif.json"}  # today: none
    assert listed["empty.tif"].startswith("empty:") and listed["link.tif"].startswith("symlink:")
    assert "huge.tif" in report(home, "html")


def _white_page() -> Image.Image:
    return Image.new("1", (1728, 2200), 1)


def test_a_blank_page_is_a_question_for_a_person_never_nothing(tmp_path):
    home = make_home(tmp_path, workers=1)
    white = tmp_path / "face-down.tif"
    _white_page().save(white, "TIFF", compression="group4", dpi=(204, 196))
    white.with_name(white.name + ".json").write_text(json.dumps({"received_at": "2003-03-31T12:00:00-05:00"}))
    done = intake(home, "process", str(white), "--json")
    assert done.returncode == 0, done.stderr
    (doc,) = [json.loads(line) for line in done.stdout.splitlines()]   # today: no document at all
    assert doc["status"] == "needs_review"
    assert {"code": "blank_page", "message": "Page 1 is blank; was it sent face down?"} in doc["problems"]
    if not (DEMO / "0009.tif").is_file():
        pytest.skip("samples/demo has not been generated")
    with Image.open(DEMO / "0009.tif") as im:
        form = [f.copy() for f in ImageSequence.Iterator(im)]
    two = tmp_path / "form-then-blank.tif"
    form[0].save(two, "TIFF", save_all=True, append_images=[_white_page()], compression="group4", dpi=(204, 196))
    done = intake(home, "process", str(two), "--json")
    docs = [json.loads(line) for line in done.stdout.splitlines()]
    assert [d["pages"] for d in docs] == [[1]]
    assert any(p["code"] == "blank_page" and "Page 2 is blank" in p["message"] for p in docs[0]["problems"])


FORMULAS = ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB"]


def test_no_formula_reaches_the_csv_and_no_name_splits_a_line(tmp_path):
    home = make_home(tmp_path, workers=1)
    folder = tmp_path / "in"
    folder.mkdir()
    names = [f"{start}.png" for start in FORMULAS] + ["two\nlines.png", "bell\x07.png"]
    for i, name in enumerate(names):
        (folder / name).write_bytes(fax_png(f"fax number {i} with an odd name"))
    done = intake(home, "process", *[str(folder / n) for n in names])
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(report(home, "csv"))))
    assert len(rows) == len(names)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value   # today: =HYPERLINK(...)
    assert {r["source_name"] for r in rows} >= {"'" + n for n in names[:len(FORMULAS)]}
    listed = intake(home, "documents").stdout.splitlines()[:-1]      # the last line is the totals
    assert len(listed) == len(names)                                  # today: the newline splits one
    assert any(line.startswith("two\\nlines.png p1") for line in listed)
    assert any(line.startswith("bell\\x07.png p1") for line in listed)


def test_libtiff_and_pillow_warnings_go_to_the_log_not_the_terminal(tmp_path):
    home = make_home(tmp_path, workers=1)
    im = Image.new("1", (800, 400), 1)
    ImageDraw.Draw(im).text((20, 20), "a fax with damaged tags", fill=0)
    out = io.BytesIO()
    im.save(out, "TIFF", compression="group4", tiffinfo={305: "fax server", 65000: "private"})
    data = bytearray(out.getvalue())
    ifd = struct.unpack("<I", data[4:8])[0]
    for i in range(struct.unpack("<H", data[ifd:ifd + 2])[0]):
        entry = ifd + 2 + 12 * i
        tag = struct.unpack("<H", data[entry:entry + 2])[0]
        if tag == 65000:
            data[entry + 2:entry + 4] = struct.pack("<H", 99)            # a type libtiff does not know
        if tag == 305:
            data[entry + 4:entry + 8] = struct.pack("<I", 10 ** 6)       # a count past the end
    damaged = tmp_path / "damaged.tif"
    damaged.write_bytes(bytes(data))
    done = intake(home, "process", str(damaged))
    assert done.returncode == 0 and done.stdout
    assert done.stderr == ""                       # today: TIFFFetchNormalTag and Pillow's lines
    debug = intake(home, "--debug", "process", str(damaged))
    assert debug.returncode == 0
