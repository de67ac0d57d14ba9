"""A report that stands: a past day's report is rebuilt from the events as they stood at its end,
so a review made on a later day does not rewrite it; a document recorded after that day ended
(a backfill) shows as it stands, with its corrections, as the contract asks.  Real database, real
reviewer actions; the record's clock (`intake.db.clock`) runs from yesterday while yesterday's
documents are recorded, as it did in live operation, and is the real one for the review today."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from intake import asof, db as db_mod, report, report_data
from intake.cli import cli
from intake.db import open_db
from intake.home import resolve
from ledger_fixtures import NY, Env, document, grant_row
from review import actions

KEY = "grants.0.shares_tendered"
INTAKE = str(Path(sys.executable).with_name("intake"))
DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo"


def recorded_at(monkeypatch, env, doc, start: datetime) -> str:
    """Record `doc` with the record's clock running from `start` (live operation on that day)."""
    origin = datetime.now(timezone.utc)
    with monkeypatch.context() as m:
        m.setattr(db_mod, "clock", lambda: start.astimezone(timezone.utc) + (datetime.now(timezone.utc) - origin))
        return env.store(doc)


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A home whose Offer runs for another week, with one form received yesterday at 10:00 and
    recorded two minutes later, whose tender count waits for review."""
    e = Env(tmp_path)
    e.today = datetime.now(NY).date()
    deadline = f'deadline = "{(e.today + timedelta(days=7)).isoformat()}T17:00:00"'
    e.home.config_path.write_text(e.home.config_path.read_text().replace(
        'deadline = "2003-03-31T17:00:00"', deadline), encoding="utf-8")
    e.cfg = e.home.config()
    e.yesterday = e.today - timedelta(days=1)
    doc = document(e.db, received=datetime.combine(e.yesterday, time(10), tzinfo=NY),
                   grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 4000, conf=0.5)])
    doc.on_time, doc.deadline = True, e.cfg.offer.deadline.isoformat()
    e.doc_id = recorded_at(monkeypatch, e, doc, datetime.combine(e.yesterday, time(10, 2), tzinfo=NY))
    return e


def nightly(env, day, formats=("json",)) -> dict[str, str]:
    """The report of `day` by the day's rule, as `intake report --date` makes it."""
    return report.build(env.db, env.cfg, day, list(formats), as_of=report_data.end_of_day(day, env.cfg),
                        recorded_later_as_now=True)


def day_report(env, day, as_of=None) -> dict:
    """The report of `day`: at an explicit instant (strict), else by the day's rule."""
    if as_of is None:
        return json.loads(nightly(env, day)["json"])
    return json.loads(report.build(env.db, env.cfg, day, ["json"], as_of=as_of)["json"])


def the_doc(rep, doc_id):
    return next(d for d in rep["documents"] if d["document_id"] == doc_id)


def test_a_field_corrected_the_day_after_leaves_the_earlier_days_report_unchanged(env):
    before = nightly(env, env.yesterday, ["json", "csv", "html"])
    doc = the_doc(json.loads(before["json"]), env.doc_id)
    assert doc["status"] == "needs_review" and doc["shares_tendered"] == 4000
    assert doc["open_review"] == ["grant 1: shares tendered"]

    actions.correct_field(env.db, env.doc_id, KEY, "3000", "alice")      # today

    again = nightly(env, env.yesterday, ["json", "csv", "html"])
    assert again == before                                               # byte for byte, every format
    now = day_report(env, env.yesterday, as_of=datetime.now(timezone.utc) + timedelta(seconds=1))
    doc = the_doc(now, env.doc_id)
    assert doc["status"] == "accepted" and doc["shares_tendered"] == 3000 and doc["open_review"] == []
    today = day_report(env, env.today)["standing"]
    assert today["by_status"]["accepted"] == 1 and today["by_status"]["needs_review"] == 0
    assert day_report(env, env.yesterday)["standing"]["by_status"]["needs_review"] == 1


def test_the_record_at_now_is_the_record_as_it_stands(env):
    """The rewind is exact where nothing is to be undone: after a correction, a rejection and its
    undo, a waiver and its revocation, the snapshot at this moment gives the same report as the tables."""
    actions.correct_field(env.db, env.doc_id, KEY, "3000", "alice")
    actions.reject_document(env.db, env.doc_id, "wrong person", "bob")
    ev = env.db.execute("SELECT id FROM events WHERE kind = 'document_rejected'").fetchone()[0]
    actions.undo(env.db, ev, "it was the right person", "carol")
    actions.waive(env.db, "late", "the fax server was down", "cfo")
    ev = env.db.execute("SELECT id FROM events WHERE kind = 'waiver_recorded'").fetchone()[0]
    actions.undo(env.db, ev, "the server was up after all", "cfo")
    moment = datetime.now(timezone.utc) + timedelta(seconds=1)
    current = json.loads(report.build(env.db, env.cfg, None, ["json"])["json"])
    rebuilt = json.loads(report.build(env.db, env.cfg, None, ["json"], as_of=moment)["json"])
    rebuilt["report"].pop("as_of"), rebuilt["report"].pop("as_of_rule")
    assert rebuilt == current


def test_every_moment_between_a_rejection_and_its_undo_shows_it_rejected(env):
    actions.reject_document(env.db, env.doc_id, "wrong person", "bob")
    rejected_at = env.db.execute("SELECT at FROM events WHERE kind = 'document_rejected'").fetchone()[0]
    ev = env.db.execute("SELECT id FROM events WHERE kind = 'document_rejected'").fetchone()[0]
    actions.undo(env.db, ev, "it was the right person", "carol")
    undone_at = env.db.execute("SELECT at FROM events WHERE kind = 'rejection_undone'").fetchone()[0]
    t_rej, t_undo = datetime.fromisoformat(rejected_at), datetime.fromisoformat(undone_at)
    between = t_rej + (t_undo - t_rej) / 2
    status = lambda when: the_doc(day_report(env, env.yesterday, as_of=when), env.doc_id)["status"]  # noqa: E731
    assert status(t_rej - timedelta(microseconds=1)) == "needs_review"
    assert status(between) == "rejected"
    assert status(t_undo + timedelta(seconds=1)) == "needs_review"      # its field went back to review


def test_a_document_received_after_the_instant_is_not_there(env):
    later = document(env.db, received=datetime.now(NY) + timedelta(minutes=1))
    later.on_time, later.deadline = True, env.cfg.offer.deadline.isoformat()
    env.store(later)
    snap = asof.snapshot(env.db, datetime.now(timezone.utc))
    assert [r["document_id"] for r in snap.query("SELECT document_id FROM documents")] == [env.doc_id]
    assert env.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2     # the record is only read


def test_parse_instant(env):
    zone = env.cfg.offer.timezone
    assert asof.parse_instant("2003-03-31T17:00", env.cfg) == datetime(2003, 3, 31, 17, tzinfo=zone)
    assert asof.parse_instant("2003-03-31", env.cfg) == datetime(2003, 4, 1, tzinfo=zone)
    assert asof.parse_instant("2003-04-01T02:00Z", env.cfg).utcoffset() == timedelta(0)
    with pytest.raises(Exception, match="not an instant"):
        asof.parse_instant("yesterday", env.cfg)


def test_cli_date_shows_the_end_of_that_day_and_as_of_any_moment(env):
    actions.correct_field(env.db, env.doc_id, KEY, "3000", "alice")
    run = lambda *a: CliRunner().invoke(cli, ["report", "--home", str(env.home.root), "--format", "json", *a],  # noqa: E731
                                        catch_exceptions=False)
    res = run("--date", env.yesterday.isoformat())
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["report"]["as_of"] == report_data.end_of_day(env.yesterday, env.cfg).isoformat()
    assert data["report"]["as_of_rule"] == "end_of_day"
    assert the_doc(data, env.doc_id)["shares_tendered"] == 4000
    later = (datetime.now(NY) + timedelta(seconds=2)).isoformat(timespec="seconds")
    data = json.loads(run("--date", env.yesterday.isoformat(), "--as-of", later).stdout)
    assert the_doc(data, env.doc_id)["shares_tendered"] == 3000 and data["report"]["as_of_rule"] == "instant"
    data = json.loads(run("--as-of", env.today.isoformat()).stdout)          # a day alone: its end
    assert data["report"]["day"] == env.today.isoformat()
    assert run("--as-of", "soon").exit_code == 2


def unsigned_form(env, hour: int, conf: float = 0.97):
    doc = document(env.db, received=datetime.combine(env.yesterday, time(hour), tzinfo=NY), signed=False,
                   name="John Smith", ssn="487-65-4321", grants=[grant_row("2000-02-10", 2500, "8.00", 0, 2500, conf=conf)])
    doc.on_time, doc.deadline = True, env.cfg.offer.deadline.isoformat()
    return doc


def accept_the_rest(env, doc_id):
    """The reviewer accepts every field of the document waiting for review, but the tender count."""
    for key in [k for k, in env.db.execute("SELECT key FROM fields WHERE document_id = ? AND needs_review = 1",
                                           [doc_id]) if k != KEY]:
        actions.accept_field(env.db, doc_id, key, "alice")


def test_a_waiver_made_today_leaves_yesterday_as_it_was(env, monkeypatch):
    unsigned = unsigned_form(env, 11)
    recorded_at(monkeypatch, env, unsigned, datetime.combine(env.yesterday, time(11, 1), tzinfo=NY))
    before = nightly(env, env.yesterday)
    assert the_doc(json.loads(before["json"]), unsigned.document_id)["problems"] == ["No signature was found on the form."]
    actions.waive(env.db, "missing_signature", "signatures are not needed", "cfo")
    accept_the_rest(env, unsigned.document_id)
    assert nightly(env, env.yesterday) == before
    now = day_report(env, env.yesterday, as_of=datetime.now(timezone.utc) + timedelta(seconds=1))
    doc = the_doc(now, unsigned.document_id)
    assert doc["problems"] == [] and doc["status"] == "accepted"


def test_a_document_recorded_after_the_day_shows_as_it_stands_and_the_other_as_it_stood(env):
    """The day's rule on one database: the form recorded yesterday keeps yesterday's values; a form
    received yesterday evening but recorded today (read late) has no past report to keep, so
    yesterday's report shows today's correction and waiver.  --as-of the same instant stays strict."""
    late = unsigned_form(env, 23, conf=0.5)
    env.store(late)                                                      # the real clock: today
    actions.correct_field(env.db, env.doc_id, KEY, "3000", "alice")
    accept_the_rest(env, late.document_id)
    actions.correct_field(env.db, late.document_id, KEY, "2000", "alice")
    actions.waive(env.db, "missing_signature", "signatures are not needed", "cfo")

    rep = day_report(env, env.yesterday)
    kept, now = the_doc(rep, env.doc_id), the_doc(rep, late.document_id)
    assert (kept["shares_tendered"], kept["status"], kept["open_review"]) == (4000, "needs_review", ["grant 1: shares tendered"])
    assert (now["shares_tendered"], now["status"], now["open_review"], now["problems"]) == (2000, "accepted", [], [])
    assert (rep["standing"]["by_status"]["accepted"], rep["standing"]["by_status"]["needs_review"]) == (1, 1)

    strict = day_report(env, env.yesterday, as_of=report_data.end_of_day(env.yesterday, env.cfg))
    late_then = the_doc(strict, late.document_id)                        # as the machine recorded it
    assert late_then["shares_tendered"] == 2500 and late_then["status"] == "needs_review"
    assert late_then["problems"] == ["No signature was found on the form."]
    assert the_doc(strict, env.doc_id)["shares_tendered"] == 4000


def test_contract_backfill_a_2003_fax_corrected_today_shows_corrected_in_its_days_report(tmp_path):
    """The contract's case, through the real commands: a fax whose sidecar says it came on
    2003-03-31 is read today (real Tesseract) and a reviewer corrects a field today; the report of
    2003-03-31 carries the corrected value, the field waits for no review, and the database agrees."""
    home, inbox = tmp_path / "home", tmp_path / "in"
    inbox.mkdir()
    for name in ("0001.tif", "0001.tif.json"):
        shutil.copy(DEMO / "inbox" / name, inbox / name)
    run = lambda *a: subprocess.run([INTAKE, "--home", str(home), *a], capture_output=True, text=True,  # noqa: E731
                                    timeout=600, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    assert run("roster", "import", str(DEMO / "roster.csv")).returncode == 0
    proc = run("process", str(inbox / "0001.tif"), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout.splitlines()[0])
    assert doc["received_at"] == "2003-03-31T12:13:47-05:00" and doc["received_at_source"] == "sidecar"
    name = "Mary Q. Corrected"
    assert doc["fields"]["holder_name"]["value"] != name
    fixed = run("review", "fix", doc["document_id"], "holder_name", name, "--reviewer", "alice")
    assert fixed.returncode == 0, fixed.stderr

    proc = run("report", "--date", "2003-03-31", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    entry = the_doc(json.loads(proc.stdout), doc["document_id"])
    assert entry["holder_name"] == name and "holder name" not in entry["open_review"]
    db = open_db(resolve(home).db_path)
    row = db.execute("SELECT value, needs_review FROM fields WHERE document_id = ? AND key = 'holder_name'",
                     [doc["document_id"]]).fetchone()
    assert (json.loads(row[0]), row[1]) == (name, 0)
    db.close()
    strict = json.loads(run("report", "--date", "2003-03-31", "--as-of", "2003-03-31", "--format", "json").stdout)
    assert the_doc(strict, doc["document_id"])["holder_name"] == doc["fields"]["holder_name"]["value"]  # as read
