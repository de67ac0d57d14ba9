"""A report that stands: a past day's report is rebuilt from the events as they stood at its end,
so a review made on a later day does not rewrite it.  Real database, real reviewer actions, the
real clock: the document is received yesterday and reviewed today."""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone

import pytest
from click.testing import CliRunner

from intake import asof, report, report_data
from intake.cli import cli
from ledger_fixtures import NY, Env, document, grant_row
from review import actions

KEY = "grants.0.shares_tendered"


@pytest.fixture
def env(tmp_path):
    """A home whose Offer runs for another week, with one form received yesterday whose tender count
    waits for review."""
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
    e.doc_id = e.store(doc)
    return e


def day_report(env, day, as_of=None) -> dict:
    return json.loads(report.build(env.db, env.cfg, day, ["json"],
                                   as_of=as_of or report_data.end_of_day(day, env.cfg))["json"])


def the_doc(rep, doc_id):
    return next(d for d in rep["documents"] if d["document_id"] == doc_id)


def test_a_field_corrected_the_day_after_leaves_the_earlier_days_report_unchanged(env):
    before = report.build(env.db, env.cfg, env.yesterday, ["json", "csv", "html"],
                          as_of=report_data.end_of_day(env.yesterday, env.cfg))
    doc = the_doc(json.loads(before["json"]), env.doc_id)
    assert doc["status"] == "needs_review" and doc["shares_tendered"] == 4000
    assert doc["open_review"] == ["grant 1: shares tendered"]

    actions.correct_field(env.db, env.doc_id, KEY, "3000", "alice")      # today

    again = report.build(env.db, env.cfg, env.yesterday, ["json", "csv", "html"],
                         as_of=report_data.end_of_day(env.yesterday, env.cfg))
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
    rebuilt["report"].pop("as_of")
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
    assert the_doc(data, env.doc_id)["shares_tendered"] == 4000
    later = (datetime.now(NY) + timedelta(seconds=2)).isoformat(timespec="seconds")
    data = json.loads(run("--date", env.yesterday.isoformat(), "--as-of", later).stdout)
    assert the_doc(data, env.doc_id)["shares_tendered"] == 3000
    data = json.loads(run("--as-of", env.today.isoformat()).stdout)          # a day alone: its end
    assert data["report"]["day"] == env.today.isoformat()
    assert run("--as-of", "soon").exit_code == 2


def test_a_waiver_made_today_leaves_yesterday_as_it_was(env):
    unsigned = document(env.db, received=datetime.combine(env.yesterday, time(11), tzinfo=NY), signed=False,
                        name="John Smith", ssn="987-65-4321", grants=[grant_row("2000-02-10", 2500, "8.00", 0, 2500)])
    unsigned.on_time, unsigned.deadline = True, env.cfg.offer.deadline.isoformat()
    env.store(unsigned)
    before = report.build(env.db, env.cfg, env.yesterday, ["json"], as_of=report_data.end_of_day(env.yesterday, env.cfg))
    assert the_doc(json.loads(before["json"]), unsigned.document_id)["problems"] == ["No signature was found on the form."]
    actions.waive(env.db, "missing_signature", "signatures are not needed", "cfo")
    assert report.build(env.db, env.cfg, env.yesterday, ["json"],
                        as_of=report_data.end_of_day(env.yesterday, env.cfg)) == before
    now = day_report(env, env.yesterday, as_of=datetime.now(timezone.utc) + timedelta(seconds=1))
    doc = the_doc(now, unsigned.document_id)
    assert doc["problems"] == [] and doc["status"] == "accepted"
