"""The watcher on a real folder: taken once and whole, bad input set aside, kill -9 safe.

Where OCR is not the point the watcher is given `inspect_only`, a processing function that
reads each kept original's headers with the real decoder (`ocr.pages.inspect`: what the
pipeline does first) and quarantines what it cannot read, as the pipeline does.
"""
from __future__ import annotations

import io
import json
import logging
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from intake import queue
from intake.cli_common import IntakeGroup
from intake.arrival import record, sha256_of
from intake.errors import BadInput
from intake.db import log_event, now_utc, open_db, transaction, update
from intake.home import Home
from intake.inbox import Signature, Stability, candidates, ignored
from intake.status import gather, status_command
from intake.watch import JsonLines, Watcher, receive, receive_command, watch_command
from ocr import pages
from ocr.errors import OcrError

CONFIG = """
[reading]
workers = {workers}
[watch]
stable_seconds = {stable}
rescan_seconds = {rescan}
poll_seconds = 0.1
polling = {polling}
"""


@click.group(cls=IntakeGroup)
def cli():
    """The commands of this issue in a group like `intake`'s, which turns errors into exit codes."""


cli.add_command(watch_command)
cli.add_command(receive_command)
cli.add_command(status_command)


def make_home(tmp_path: Path, workers: int = 1, stable: float = 0.3, polling: bool = False,
              rescan: float = 5.0) -> Home:
    home = Home(tmp_path / "home")
    home.root.mkdir(parents=True)
    home.config_path.write_text(CONFIG.format(workers=workers, stable=stable, polling=str(polling).lower(), rescan=rescan), encoding="utf-8")
    return home.ensure()


def fax_png(text: str) -> bytes:
    """A small page with a few words: distinct bytes for distinct text."""
    im = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(im).text((20, 40), text, fill=0)
    out = io.BytesIO()
    im.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


class Processed:
    """A processing function that inspects each original and reports what it did."""

    def __init__(self):
        self.cond = threading.Condition()
        self.calls: list[int] = []

    def __call__(self, home, db, cfg, rid, executor):
        try:
            return inspect_only(home, db, cfg, rid, executor)
        finally:
            with self.cond:
                self.calls.append(rid)
                self.cond.notify_all()

    def wait_for(self, n: int, timeout: float = 20.0) -> None:
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.calls) >= n, timeout), f"only {self.calls}"


def inspect_only(home, db, cfg, rid, executor):
    rec = db["receipts"].get(rid)
    if rec["duplicate_of"]:
        with transaction(db):
            update(db, "receipts", {"id": rid}, {"state": "duplicate", "finished_at": now_utc()})
        return SimpleNamespace(error=None, duplicate=True, source_name=rec["source_name"], document_ids=[])
    with transaction(db):
        db.execute("UPDATE receipts SET state = 'processing', attempts = attempts + 1 WHERE id = ?", [rid])
    stored = db["originals"].get(rec["sha256"])["stored_path"]
    limits = pages.Limits(cfg.limits.max_bytes, cfg.limits.max_pages, cfg.limits.max_pixels)
    try:
        info = pages.inspect(stored, limits)
    except OcrError as exc:
        queue.give_up(home, db, rid, "unreadable", str(exc))
        return SimpleNamespace(error=str(exc), error_code="unreadable", duplicate=False,
                               source_name=rec["source_name"], document_ids=[])
    with transaction(db):
        update(db, "receipts", {"id": rid}, {"state": "done", "finished_at": now_utc()})
        log_event(db, "processed", receipt_id=rid, detail={"pages": info.page_count})
    return SimpleNamespace(error=None, duplicate=False, source_name=rec["source_name"], document_ids=[])


@contextmanager
def json_log():
    """The watcher's log lines as `intake watch` writes them, captured in a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("intake")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def run_in_thread(watcher: Watcher) -> threading.Thread:
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    return thread


def receipts(home: Home) -> list[dict]:
    db = open_db(home.db_path)
    try:
        return list(db.query("SELECT * FROM receipts ORDER BY id"))
    finally:
        db.close()


# --- names and steadiness --------------------------------------------------------------------


def test_ignored_names():
    for name in (".hidden.tif", "fax.tif.tmp", "fax.part", "fax.tif.json", "x.TMP", "a.tif~"):
        assert ignored(name), name
    for name in ("fax0001.tif", "fax one.pdf", "fäx\nneu.png", "json.tif"):
        assert not ignored(name), name


def test_stability_waits_for_steady_size_and_sidecar(tmp_path):
    now = [100.0]
    steady = Stability(2.0, lambda: now[0])
    path = tmp_path / "a.tif"
    path.write_bytes(b"12")
    assert steady.observe([path]) == []
    now[0] += 1.9
    assert steady.observe([path]) == []
    (tmp_path / "a.tif.json").write_text("{}")   # a sidecar arriving restarts the wait
    now[0] += 0.5
    assert steady.observe([path]) == []
    assert steady.next_due() == pytest.approx(104.4)
    now[0] += 2.0
    assert [p for p, _ in steady.observe([path])] == [path]
    path.unlink()
    assert steady.observe([path]) == [] and steady.waiting == 0


# --- the real watcher on a real folder ---------------------------------------------------------


@pytest.mark.parametrize("polling", [False, True], ids=["events", "polling"])
def test_a_file_written_slowly_is_taken_once_and_whole(tmp_path, polling):
    home = make_home(tmp_path, stable=0.4, polling=polling, rescan=600.0)  # no rescan: the observer wakes it
    processed = Processed()
    watcher = Watcher(home, home.config(), process=processed)
    thread = run_in_thread(watcher)
    data = fax_png("slowly written fax " * 3) + b"\0" * 2000  # trailing bytes: more chunks
    target = home.inbox / "slow fax.png"
    with open(target, "wb") as fh:
        for i in range(0, len(data), 100):
            fh.write(data[i:i + 100])
            fh.flush()
            time.sleep(0.01)  # the writer is slow; the watcher must not take half a file
    finished = now_utc()
    processed.wait_for(1)
    watcher.stop.set()
    watcher.wake.set()
    thread.join(10)
    rows = receipts(home)
    assert len(rows) == 1 and rows[0]["state"] == "done" and rows[0]["source_name"] == "slow fax.png"
    assert rows[0]["recorded_at"] > finished
    db = open_db(home.db_path)
    stored = Path(db["originals"].get(rows[0]["sha256"])["stored_path"])
    assert stored.read_bytes() == data
    assert not target.exists() and processed.calls == [rows[0]["id"]]


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bad_inputs(inbox: Path, real_faxes: Path, outside: Path) -> dict[str, str]:
    """Write every bad input of the issue into the inbox; return name -> expected code."""
    (inbox / "empty.tif").write_bytes(b"")
    data = (real_faxes / "total-pages-zero.tif").read_bytes()
    (inbox / "truncated.tif").write_bytes(data[: len(data) // 2])
    (inbox / "random.tif").write_bytes(b"\x01\x02" + os.urandom(4000))
    (inbox / "error page.pdf").write_bytes(b"<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>\n")
    (inbox / "locked.pdf").write_bytes(encrypted_pdf())
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 0, 0, 0, 0)
    (inbox / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
                                     + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 500_010))
                                     + _png_chunk(b"IEND", b""))
    blank = Image.new("1", (8, 8), 1)
    blank.save(inbox / "400 pages.pdf", save_all=True, append_images=[blank] * 399)
    target = outside / "elsewhere.png"
    target.write_bytes(fax_png("a file outside the inbox"))
    (inbox / "link.png").symlink_to(target)
    return {"empty.tif": "empty", "truncated.tif": "unreadable", "random.tif": "unreadable",
            "error page.pdf": "unreadable", "locked.pdf": "unreadable", "bomb.png": "unreadable",
            "400 pages.pdf": "unreadable", "link.png": "symlink"}


def encrypted_pdf() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, b"33" * 16, b"33" * 16, xref))
    return out


GOOD_NAMES = ["fax 0001.png", "Fäx – Müller 日本.png", "fax\nwith newline.png", "123-45-6789.png"]


def test_bad_inputs_are_set_aside_and_good_files_beside_them_processed(tmp_path, real_faxes):
    home = make_home(tmp_path, stable=0.0)
    outside = tmp_path / "outside"
    outside.mkdir()
    expected = bad_inputs(home.inbox, real_faxes, outside)
    for i, name in enumerate(GOOD_NAMES):
        (home.inbox / name).write_bytes(fax_png(f"good fax number {i}"))
    with json_log() as stream:
        summary = Watcher(home, home.config(), process=Processed()).run(once=True)

    rows = {r["source_name"]: r for r in receipts(home)}
    for name in GOOD_NAMES:
        assert rows[name]["state"] == "done", name
    for name in ("truncated.tif", "random.tif", "error page.pdf", "locked.pdf", "bomb.png", "400 pages.pdf"):
        assert rows[name]["state"] == "quarantined", name
        kept = Path(rows[name]["quarantine_path"])
        assert kept.is_file() and (kept.parent / "reason.txt").read_text().startswith("unreadable: ")
    db = open_db(home.db_path)
    aside = {json.loads(e["detail"])["source_name"]: json.loads(e["detail"])
             for e in db.query("SELECT * FROM events WHERE kind = 'quarantined' AND receipt_id IS NULL")}
    assert set(aside) == {"empty.tif", "link.png"}
    for name, detail in aside.items():
        assert detail["code"] == expected[name]
        assert (Path(detail["kept"]).parent / "reason.txt").read_text().startswith(expected[name])
    assert os.path.islink(aside["link.png"]["kept"])  # the link itself was moved, never followed
    assert (outside / "elsewhere.png").exists()
    assert candidates(home.inbox) == []
    assert summary.set_aside == 2 and summary.quarantined == 6 and summary.processed == len(GOOD_NAMES)

    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert "123-45-6789" not in json.dumps(lines) and any("***-**-6789" in json.dumps(x) for x in lines)
    assert {x["file"] for x in lines if x["event"] == "received"} >= set(GOOD_NAMES) - {"123-45-6789.png"}
    assert sum(1 for x in lines if x["event"] in ("set_aside", "quarantined")) == 8


def test_a_file_left_in_the_inbox_by_a_crash_is_not_recorded_twice(tmp_path):
    home = make_home(tmp_path, stable=0.0)
    cfg, db = home.config(), open_db(home.db_path)
    committed, claimed_only = home.inbox / "committed.png", home.inbox / "claimed.png"
    committed.write_bytes(fax_png("crash after the commit"))
    claimed_only.write_bytes(fax_png("crash after the claim"))
    for path in (committed, claimed_only):  # what take_in does up to the crash
        st = os.lstat(path)
        queue._claim(db, None, "inbox", path, path, st, sha256_of(path))
    record(home, db, cfg, committed, found_mtime=os.stat(committed).st_mtime)
    # The same bytes sent again later under another name: a second receipt, marked duplicate.
    (home.inbox / "again.png").write_bytes(committed.read_bytes())

    summary = Watcher(home, cfg, process=Processed()).run(once=True)
    rows = receipts(home)
    assert sorted(r["source_name"] for r in rows) == ["again.png", "claimed.png", "committed.png"]
    again = next(r for r in rows if r["source_name"] == "again.png")
    first = next(r for r in rows if r["source_name"] == "committed.png")
    assert again["duplicate_of"] == first["id"] and again["state"] == "duplicate"
    assert summary.leftovers == 1 and summary.taken == 2 and candidates(home.inbox) == []


def test_a_second_receipt_of_the_same_bytes_waits_for_the_first(tmp_path):
    home = make_home(tmp_path, stable=0.0)
    cfg, db = home.config(), open_db(home.db_path)
    data = fax_png("sent twice")
    for name in ("first.png", "second.png"):
        (home.inbox / name).write_bytes(data)
        queue.take_in(home, db, cfg, home.inbox / name, Signature.of(home.inbox / name))
    first, second = (r["id"] for r in receipts(home))
    assert queue.pending(db) == [first]
    inspect_only(home, db, cfg, first, None)
    assert queue.pending(db) == [second]


def test_a_failing_receipt_is_retried_then_set_aside(tmp_path):
    home = make_home(tmp_path, stable=0.0)
    (home.inbox / "crashy.png").write_bytes(fax_png("this one breaks the reader"))
    (home.inbox / "fine.png").write_bytes(fax_png("this one is fine"))
    good = Processed()

    def flaky(home_, db, cfg, rid, executor):
        if db["receipts"].get(rid)["source_name"] == "crashy.png":
            db.execute("UPDATE receipts SET state = 'processing', attempts = attempts + 1 WHERE id = ?", [rid])
            raise RuntimeError("a bug in the reader")
        return good(home_, db, cfg, rid, executor)

    now = [0.0]

    def clock():  # retries wait 2, 4 ... seconds of this clock; each look at it advances it
        now[0] += 1.0
        return now[0]

    summary = Watcher(home, home.config(), process=flaky, clock=clock).run(once=True)
    rows = {r["source_name"]: r for r in receipts(home)}
    assert rows["fine.png"]["state"] == "done"
    assert rows["crashy.png"]["state"] == "quarantined" and rows["crashy.png"]["attempts"] == 3
    assert rows["crashy.png"]["error_code"] == "internal_error" and summary.failures == 3


# --- kill -9 of a real watcher process ---------------------------------------------------------

CHILD = r"""
import sys, time
from types import SimpleNamespace
from intake.home import Home
from intake.watch import Watcher, WatchLock, use_json_logs
from intake.errors import BadInput
from intake.db import now_utc, transaction, update, log_event

def slow(home, db, cfg, rid, executor):
    rec = db["receipts"].get(rid)
    with transaction(db):
        db.execute("UPDATE receipts SET state = 'processing', attempts = attempts + 1 WHERE id = ?", [rid])
    executor.submit(time.sleep, 0.15).result()   # page work in the worker pool
    with transaction(db):
        update(db, "receipts", {"id": rid}, {"state": "done", "finished_at": now_utc()})
        log_event(db, "processed", receipt_id=rid)
    return SimpleNamespace(error=None, duplicate=False, source_name=rec["source_name"], document_ids=[])

use_json_logs()
home = Home(__import__("pathlib").Path(sys.argv[1]))
watcher = Watcher(home, home.config(), process=slow)
with WatchLock(home, watcher.workers):
    watcher.run(once=sys.argv[2] == "once")
"""


def test_kill_9_in_the_middle_of_a_batch_then_restart_gives_every_file_once(tmp_path):
    home = make_home(tmp_path, workers=2, stable=0.1)
    names = [f"fax{i:03d}.png" for i in range(24)]
    for i, name in enumerate(names):
        (home.inbox / name).write_bytes(fax_png(f"batch fax {i}"))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(home.root), "forever"],
                             stderr=subprocess.PIPE, text=True)
    done = 0
    for line in child.stderr:  # await the log lines, then kill in the middle of the batch
        if '"event": "processed"' in line:
            done += 1
            if done == 5:
                break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    child.stderr.close()
    mid = receipts(home)
    assert 5 <= sum(r["state"] == "done" for r in mid) < len(names)

    again = subprocess.run([sys.executable, "-c", CHILD, str(home.root), "once"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    rows = receipts(home)
    assert sorted(r["source_name"] for r in rows) == names
    assert all(r["state"] == "done" for r in rows)
    db = open_db(home.db_path)
    per_receipt = [r["n"] for r in db.query(
        "SELECT COUNT(*) AS n FROM events WHERE kind = 'processed' GROUP BY receipt_id")]
    assert per_receipt == [1] * len(names)
    assert candidates(home.inbox) == []


# --- the way in for fax servers, and status -----------------------------------------------------


def test_receive_records_at_once_and_only_once(tmp_path):
    home = make_home(tmp_path)
    recvq = tmp_path / "recvq"
    recvq.mkdir()
    fax = recvq / "fax000000123.png"
    fax.write_bytes(fax_png("handed over by faxrcvd"))
    runner = CliRunner()
    args = ["receive", "--home", str(home.root), str(fax), "--received-at", "2003-03-31T16:59:58-05:00",
            "--sender", "+1 603 555 0100"]
    first = runner.invoke(cli, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, args, catch_exceptions=False)
    assert "already received" in second.output
    rows = receipts(home)
    assert len(rows) == 1 and rows[0]["state"] == "queued"
    assert rows[0]["received_at"] == "2003-03-31T16:59:58-05:00" and rows[0]["received_at_source"] == "sidecar"
    assert rows[0]["sender"] == "+1 603 555 0100" and rows[0]["source_name"] == "fax000000123.png"
    assert fax.exists() and not list(home.work.glob("receive-*"))
    bad = runner.invoke(cli, ["receive", "--home", str(home.root), str(fax), "--received-at", "yesterday"])
    assert bad.exit_code == 2

    processed = Processed()
    Watcher(home, home.config(), process=processed).run(once=True)
    assert receipts(home)[0]["state"] == "done" and processed.calls == [rows[0]["id"]]


def test_status_shows_queue_oldest_watcher_and_last_error(tmp_path):
    home = make_home(tmp_path)
    cfg, db = home.config(), open_db(home.db_path)
    (home.inbox / "waiting.png").write_bytes(fax_png("still in the inbox"))
    recvq = tmp_path / "recvq"
    recvq.mkdir()
    for i in range(2):
        (recvq / f"f{i}.png").write_bytes(fax_png(f"queued {i}"))
        receive(home, db, cfg, recvq / f"f{i}.png")
    (recvq / "empty.png").write_bytes(b"")
    queue.set_aside(home, db, recvq / "empty.png", BadInput("empty.png is empty (0 bytes).", "empty"))
    info = gather(home, db, cfg)
    assert info["queue_depth"] == 2 and info["inbox_files"] == 1
    assert info["oldest_unprocessed"]["source_name"] == "f0.png"
    assert info["watcher"]["running"] is False
    assert info["last_error"]["code"] == "empty" and info["last_error"]["source_name"] == "empty.png"
    out = CliRunner().invoke(cli, ["status", "--home", str(home.root)], catch_exceptions=False).output
    assert "queue: 2 receipt(s)" in out and "last error:" in out and "empty" in out
    as_json = CliRunner().invoke(cli, ["status", "--home", str(home.root), "--json"]).output
    assert json.loads(as_json)["queue_depth"] == 2


# --- the real pipeline, through the real `intake watch` command ----------------------------------

DEMO_INBOX = Path(__file__).resolve().parents[1] / "samples" / "demo" / "inbox"
WATCH = "from intake.watch import watch_command; watch_command(prog_name='intake watch')"


def watch_process(home: Home, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WATCH, "--home", str(home.root), *args],
                            stderr=subprocess.PIPE, text=True, **kw)


def test_real_pipeline_on_a_sample_fax(tmp_path):
    sample = DEMO_INBOX / "0009.tif"
    if not sample.is_file():
        pytest.skip("samples/demo has not been generated")
    home = make_home(tmp_path, workers=2, stable=0.2)
    for path in (sample, DEMO_INBOX / "0009.tif.json"):
        (home.inbox / path.name).write_bytes(path.read_bytes())
    run = watch_process(home, "--once")
    _, err = run.communicate(timeout=90)
    assert run.returncode == 0, err
    events = [json.loads(line)["event"] for line in err.splitlines()]
    assert events[0] == "watch_started" and "received" in events and "processed" in events
    db = open_db(home.db_path)
    (doc,) = db.query("SELECT * FROM documents")
    sidecar = json.loads((DEMO_INBOX / "0009.tif.json").read_text())
    assert doc["received_at"] == sidecar["received_at"] and doc["received_at_source"] == "sidecar"
    assert receipts(home)[0]["state"] == "done" and os.listdir(home.inbox) == []


def test_kill_9_of_the_real_watcher_with_the_real_pipeline(tmp_path):
    home = make_home(tmp_path, workers=2, stable=0.1)
    names = [f"fax {i:02d}.png" for i in range(8)]
    for i, name in enumerate(names):
        (home.inbox / name).write_bytes(fax_png(f"Fax number {i} about nothing in particular"))
        (home.inbox / (name + ".json")).write_text(json.dumps({"received_at": f"2003-03-31T16:5{i}:00-05:00"}))
    child = watch_process(home)
    done = 0
    for line in child.stderr:
        if json.loads(line)["event"] == "processed":
            done += 1
            if done == 2:
                break
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    child.stderr.close()
    assert sum(r["state"] == "done" for r in receipts(home)) < len(names)  # killed mid-batch
    again = watch_process(home, "--once")
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    rows = receipts(home)
    assert sorted(r["source_name"] for r in rows) == names and all(r["state"] == "done" for r in rows)
    for r in rows:
        i = int(r["source_name"][4:6])
        assert r["received_at"] == f"2003-03-31T16:5{i}:00-05:00"
    db = open_db(home.db_path)
    assert [r["n"] for r in db.query("SELECT COUNT(*) AS n FROM events WHERE kind = 'processed' "
                                     "GROUP BY receipt_id")] == [1] * len(names)
    assert os.listdir(home.inbox) == []
