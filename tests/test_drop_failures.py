"""Failures of our own (the quarantine not writable, a kept original missing) on a real home:
retried with growing pauses, counted, shown by `intake status`; never a storm, never a
crash of the watcher, and `watch --once` always ends.

The tests run as any user, root included: "not writable" is a read-only folder for a user
and an immutable one (chattr +i) for root, whom permissions do not stop.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time

import pytest

from click.testing import CliRunner

from intake import queue
from intake.db import open_db
from intake.inbox import Signature
from intake.watch import Watcher

from test_drop_sidecars import run_once
from test_watch import cli, fax_png, make_home, receipts, run_in_thread


def block_quarantine(home) -> None:
    """No folder can be made in the quarantine: read-only for a user, immutable for root."""
    if os.geteuid() != 0:
        home.quarantine.chmod(0o500)
    elif shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(home.quarantine)], capture_output=True).returncode != 0:
        pytest.skip("cannot make the quarantine unwritable here (chattr +i refused)")


def unblock_quarantine(home) -> None:
    if os.geteuid() != 0:
        home.quarantine.chmod(0o755)
    else:
        subprocess.run(["chattr", "-i", str(home.quarantine)], check=True)


@pytest.fixture(autouse=True)
def _always_unblock(tmp_path):
    yield
    quarantine = tmp_path / "home" / "quarantine"
    if quarantine.is_dir() and os.geteuid() == 0 and shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(quarantine)], capture_output=True)


def events(home, kind: str) -> int:
    db = open_db(home.db_path)
    try:
        return db.execute("SELECT COUNT(*) FROM events WHERE kind = ?", [kind]).fetchone()[0]
    finally:
        db.close()


def test_a_quarantine_that_cannot_be_written_neither_kills_nor_stops_the_watcher(tmp_path):
    home = make_home(tmp_path, stable=0.1)
    block_quarantine(home)
    (home.inbox / "a-empty.png").write_bytes(b"")
    (home.inbox / "b-good.png").write_bytes(fax_png("a good fax beside a bad one"))
    code, log = run_once(home, timeout=90)   # today: PermissionError / NotADirectoryError kills it
    assert code == 1
    assert not any("traceback" in line for line in log)
    assert [r["source_name"] for r in receipts(home) if r["state"] == "done"] == ["b-good.png"]
    assert (home.inbox / "a-empty.png").exists()                  # not lost, waiting
    assert any(line["event"] == "set_aside_failed" for line in log)
    status = CliRunner().invoke(cli, ["status", "--home", str(home.root), "--json"])
    assert json.loads(status.output)["own_failures"]["count"] >= 1
    text = CliRunner().invoke(cli, ["status", "--home", str(home.root)]).output
    assert "failures of our own: " in text and "a-empty.png" in text
    unblock_quarantine(home)
    code, log = run_once(home)
    assert code == 1 and os.listdir(home.inbox) == []
    assert any(line["event"] == "set_aside" and line["file"] == "a-empty.png" for line in log)


def test_a_receipt_that_cannot_be_set_aside_is_retried_with_pauses_not_in_a_storm(tmp_path):
    home = make_home(tmp_path, stable=0.1)
    block_quarantine(home)
    (home.inbox / "random.tif").write_bytes(os.urandom(4000))     # unreadable: must be set aside
    watcher = Watcher(home, home.config())                        # the real pipeline
    thread = run_in_thread(watcher)
    time.sleep(5.0)
    alive = thread.is_alive()
    watcher.stop.set()
    watcher.wake.set()
    thread.join(30)
    assert alive
    tries = events(home, "own_failure") + events(home, "processing_failed")
    assert 1 <= tries <= 6, tries                                  # 1, 2, 4 s apart; today thousands
    assert watcher.summary.own_failures == events(home, "own_failure")
    (row,) = receipts(home)
    assert row["state"] == "queued"                                # waiting for us, not lost
    unblock_quarantine(home)
    code, _ = run_once(home)
    (row,) = receipts(home)
    assert code == 1 and row["state"] == "quarantined" and row["error_code"] == "unreadable"


def test_watch_once_ends_when_a_kept_original_is_missing(tmp_path):
    home = make_home(tmp_path, stable=0.1)
    path = home.inbox / "fax.png"
    path.write_bytes(fax_png("a fax whose kept original goes missing"))
    db = open_db(home.db_path)
    taken = queue.take_in(home, db, home.config(), path, Signature.of(path))
    stored = db.execute("SELECT o.stored_path FROM receipts r JOIN originals o ON o.sha256 = r.sha256 "
                        "WHERE r.id = ?", [taken.receipt_id]).fetchone()[0]
    os.unlink(stored)
    started = time.monotonic()
    code, log = run_once(home, timeout=60)                         # today: never ends
    assert code == 1 and time.monotonic() - started < 30
    failures = [line for line in log if line["event"] == "own_failure"]
    assert len(failures) == home.config().watch.max_attempts
    assert "kept original is missing" in failures[0]["reason"] and stored in failures[0]["reason"]
    assert receipts(home)[0]["state"] == "queued"                  # for a person to restore and retry
    info = json.loads(CliRunner().invoke(cli, ["status", "--home", str(home.root), "--json"]).output)
    assert info["own_failures"]["count"] == len(failures) and info["own_failures"]["last"]["receipt_id"] == 1
