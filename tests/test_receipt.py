"""Receipt time by the contract's order (sidecar, TIFF DateTime, mtime) and the deadline as an instant."""
import json
import os
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from intake import config, receipt

NY = ZoneInfo("America/New_York")
CFG = config.parse("")


def _tiff(path, datetime_tag=None):
    img = Image.new("1", (64, 32), 1)
    info = {306: datetime_tag} if datetime_tag else {}
    img.save(path, "TIFF", compression="group4", tiffinfo=info)
    return path


def _determine(path, zone=NY):
    sidecar, note = receipt.read_sidecar(path)
    tags = Image.open(path).tag_v2 if path.suffix == ".tif" else {}
    return receipt.determine(path, tiff_datetime=tags.get(306), fax_zone=zone, sidecar=sidecar, sidecar_note=note)


@pytest.mark.parametrize("clock,on_time", [("16:59:59", True), ("17:00:00", True), ("17:00:01", False)])
def test_deadline_edges(tmp_path, clock, on_time):
    path = _tiff(tmp_path / "f.tif")
    (tmp_path / "f.tif.json").write_text(json.dumps({"received_at": f"2003-03-31T{clock}-05:00"}))
    rec = _determine(path)
    assert rec.source == "sidecar"
    assert receipt.on_time(rec.received_at, CFG.offer.deadline) is on_time


def test_sidecar_beats_tiff_and_keeps_sender(tmp_path):
    path = _tiff(tmp_path / "f.tif", "2003:04:02 09:00:00")
    (tmp_path / "f.tif.json").write_text(json.dumps({"received_at": "2003-03-31T21:58:12Z", "sender": "603 555 0101"}))
    rec = _determine(path)
    assert rec.source == "sidecar" and rec.sender == "603 555 0101"
    assert rec.received_at == datetime(2003, 3, 31, 21, 58, 12, tzinfo=timezone.utc)
    assert receipt.on_time(rec.received_at, CFG.offer.deadline)


@pytest.mark.parametrize("tag", ["2003:03:31 16:58:12", "2003/03/31 16:58:12"])
def test_tiff_datetime_hylafax_and_spandsp(tmp_path, tag):
    rec = _determine(_tiff(tmp_path / "f.tif", tag))
    assert rec.source == "tiff"
    assert rec.received_at == datetime(2003, 3, 31, 16, 58, 12, tzinfo=NY)
    assert receipt.on_time(rec.received_at, CFG.offer.deadline)


def test_fax_server_clock_in_utc(tmp_path):
    # 21:30 UTC is 16:30 Eastern: on time, although the wall-clock string says 21:30.
    rec = _determine(_tiff(tmp_path / "f.tif", "2003:03:31 21:30:00"), zone=ZoneInfo("UTC"))
    assert rec.received_at.astimezone(NY).hour == 16
    assert receipt.on_time(rec.received_at, CFG.offer.deadline)
    # 22:00:01 UTC is 17:00:01 Eastern: late.
    rec = _determine(_tiff(tmp_path / "g.tif", "2003:03:31 22:00:01"), zone=ZoneInfo("UTC"))
    assert not receipt.on_time(rec.received_at, CFG.offer.deadline)


def test_daylight_saving_time_deadline():
    # An extension to April 28, 2003 falls in daylight saving time: 17:00 EDT is 21:00 UTC.
    cfg = config.parse('[offer]\nextension = "2003-04-28T17:00:00"\n')
    assert cfg.offer.deadline.utcoffset().total_seconds() == -4 * 3600
    assert receipt.on_time(datetime(2003, 4, 28, 20, 59, 59, tzinfo=timezone.utc), cfg.offer.deadline)
    assert not receipt.on_time(datetime(2003, 4, 28, 21, 0, 1, tzinfo=timezone.utc), cfg.offer.deadline)


def test_mtime_when_nothing_else(tmp_path):
    path = tmp_path / "scan.png"
    Image.new("L", (10, 10), 255).save(path)
    when = datetime(2003, 3, 31, 21, 59, 0, tzinfo=timezone.utc).timestamp()
    os.utime(path, (when, when))
    rec = _determine(path)
    assert rec.source == "mtime" and rec.received_at.timestamp() == when


def test_bad_sidecar_falls_back_with_a_note(tmp_path):
    path = _tiff(tmp_path / "f.tif", "2003:03:31 16:00:00")
    (tmp_path / "f.tif.json").write_text("{not json")
    rec = _determine(path)
    assert rec.source == "tiff" and "not valid JSON" in rec.note
    (tmp_path / "f.tif.json").write_text(json.dumps({"received_at": "2003-03-31 16:00"}))
    rec = _determine(path)
    assert rec.source == "tiff" and "UTC offset" in rec.note
