"""Sidecars under hostile and unlucky conditions, and receipt times that cannot be.

The real `intake watch --once` on a real inbox: a FIFO, a link to /dev/zero or to a file
outside the inbox, a sidecar left from an earlier fax; sidecars saying 1970 or 2099, or
that are bad JSON.  None may stop the watcher, none is trusted, and a receipt time that
cannot be goes to a person with both times shown before the deadline is decided.
"""
from __future__ import annotations

import json
import os
import time

import pytest

from intake.db import open_db

from test_watch import fax_png, make_home, receipts, watch_process


def run_once(home, timeout: float = 120) -> tuple[int, list[dict]]:
    run = watch_process(home, "--once")
    try:
        _, err = run.communicate(timeout=timeout)
    except Exception:
        run.kill()
        run.communicate()
        raise
    return run.returncode, [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def quarantined_events(home) -> list[dict]:
    db = open_db(home.db_path)
    try:
        return [json.loads(r["detail"]) for r in db.query("SELECT detail FROM events WHERE kind = 'quarantined'")]
    finally:
        db.close()


def test_hostile_sidecars_are_set_aside_and_never_stop_the_watcher(tmp_path):
    home = make_home(tmp_path, stable=0.2)
    inbox = home.inbox
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"received_at": "2003-03-31T16:00:00-05:00"}))
    for name in ("fifo.png", "zero.png", "outside.png", "next.png"):
        (inbox / name).write_bytes(fax_png(f"a fax called {name}"))
    os.mkfifo(inbox / "fifo.png.json")
    os.symlink("/dev/zero", inbox / "zero.png.json")
    os.symlink(outside, inbox / "outside.png.json")
    os.mkfifo(inbox / "lonely.tif.json")                      # no image at all
    os.symlink("/dev/zero", inbox / "lonely-zero.tif.json")
    (inbox / "next.png.json").write_text(json.dumps({"received_at": "2003-03-31T16:30:00-05:00"}))
    code, log = run_once(home, timeout=90)                    # today: blocks in open() for ever
    rows = {r["source_name"]: r for r in receipts(home)}
    assert set(rows) == {"fifo.png", "zero.png", "outside.png", "next.png"}
    assert rows["next.png"]["received_at_source"] == "sidecar"
    for name in ("fifo.png", "zero.png", "outside.png"):
        assert rows[name]["received_at_source"] != "sidecar", name   # never followed, never trusted
        assert "sidecar" in rows[name]["time_doubt"], name
    set_aside = {e["source_name"]: e["code"] for e in quarantined_events(home)}
    assert set_aside["fifo.png.json"] == set_aside["lonely.tif.json"] == "sidecar_not_a_file"
    assert set_aside["zero.png.json"] == set_aside["outside.png.json"] == "sidecar_symlink"
    assert set_aside["lonely-zero.tif.json"] == "sidecar_not_a_file"
    assert os.listdir(inbox) == [] and code == 1
    assert outside.read_text()  # the file a link pointed to is left alone


def test_a_sidecar_left_from_an_earlier_fax_is_never_applied_to_a_later_one(tmp_path):
    home = make_home(tmp_path, stable=0.2)
    left = home.inbox / "fax0001.png.json"
    left.write_text(json.dumps({"received_at": "2003-03-31T12:00:00-05:00"}))
    two_hours_ago = time.time() - 7200
    os.utime(left, (two_hours_ago, two_hours_ago))
    code, _ = run_once(home)
    assert code == 1 and not left.exists()                     # its image never came: set aside
    assert [e["code"] for e in quarantined_events(home)] == ["sidecar_orphaned"]
    # The same name again, this time the old sidecar and a new image arrive together.
    left.write_text(json.dumps({"received_at": "2003-03-31T12:00:00-05:00"}))
    os.utime(left, (two_hours_ago, two_hours_ago))
    (home.inbox / "fax0001.png").write_bytes(fax_png("a later fax of the same name"))
    code, _ = run_once(home)
    (row,) = receipts(home)
    assert row["received_at_source"] == "mtime" and "earlier fax" in row["time_doubt"]
    assert [e["code"] for e in quarantined_events(home)] == ["sidecar_orphaned", "sidecar_stale"]


SIDECARS = {
    "1970.png": {"received_at": "1970-01-01T00:00:00+00:00"},
    "2099.png": {"received_at": "2099-03-31T12:00:00-05:00"},
    "nooffset.png": {"received_at": "2003-03-31T16:00:00"},
    "nodate.png": {"received_at": "yesterday"},
    "nokey.png": {"sender": "603 555 0100"},
    "good.png": {"received_at": "2003-03-31T16:59:00-05:00"},
}


def test_impossible_or_unusable_receipt_times_go_to_a_person_before_the_deadline_is_decided(tmp_path):
    home = make_home(tmp_path, workers=1, stable=0.2)
    for name, side in SIDECARS.items():
        (home.inbox / name).write_bytes(fax_png(f"receipt time test {name}"))
        (home.inbox / (name + ".json")).write_text(json.dumps(side))
    (home.inbox / "badjson.png").write_bytes(fax_png("receipt time test bad json"))
    (home.inbox / "badjson.png.json").write_text('{"received_at": "2003-03-31T16:00:00-05:00"')
    code, _ = run_once(home, timeout=240)
    db = open_db(home.db_path)
    docs = {d["source_name"]: d for d in db.query("SELECT * FROM documents")}
    assert set(docs) == set(SIDECARS) | {"badjson.png"}
    for name, doc in docs.items():
        doubt = list(db.query("SELECT message FROM problems WHERE document_id = ? AND code = "
                              "'receipt_time_doubtful' AND needs_decision = 1", [doc["document_id"]]))
        if name == "good.png":
            assert not doubt and doc["received_at_source"] == "sidecar"
            continue
        assert doubt, name
        assert doc["status"] == "needs_review", name           # neither accepted nor rejected unseen
        assert doc["received_at_source"] == "mtime", name
        assert "the file itself arrived" in doubt[0]["message"]
    assert "1970-01-01T00:00:00+00:00" in _doubt(db, docs["1970.png"]) and "before the Offer began" in _doubt(db, docs["1970.png"])
    assert "2099-03-31T12:00:00-05:00" in _doubt(db, docs["2099.png"]) and "in the future" in _doubt(db, docs["2099.png"])
    assert "not valid JSON" in _doubt(db, docs["badjson.png"])


def _doubt(db, doc) -> str:
    return db.execute("SELECT message FROM problems WHERE document_id = ? AND code = 'receipt_time_doubtful'",
                      [doc["document_id"]]).fetchone()[0]


def test_the_margin_before_the_files_own_arrival_is_checked_when_set(tmp_path):
    from intake import config, receipt
    cfg = config.parse("[receipt]\narrival_margin_hours = 24\n")
    path = tmp_path / "f.png"
    path.write_bytes(fax_png("margin"))
    arrived = time.time()
    side = {"received_at": "2003-03-31T16:00:00-05:00"}
    rec = receipt.determine(path, tiff_datetime=None, fax_zone=cfg.fax_timezone, mtime=arrived, sidecar=side,
                            checks=receipt.time_checks(cfg, arrived))
    assert rec.source == "mtime" and "hours before the file itself arrived" in rec.doubt
    default = config.parse("")
    rec = receipt.determine(path, tiff_datetime=None, fax_zone=cfg.fax_timezone, mtime=arrived, sidecar=side,
                            checks=receipt.time_checks(default, arrived))
    assert rec.source == "sidecar" and rec.doubt is None
