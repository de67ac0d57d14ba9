"""Confirmations of receipt: one letter per document, never twice, in a real database and real files."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from intake import confirm, report_data
from intake.cli import cli
from intake.db import transaction
from ledger_fixtures import NY, Env, document, grant_row, r
from review import actions

NOW = datetime(2003, 4, 2, 15, 0, tzinfo=timezone.utc)
SSNS = ("123-45-6789", "487-65-4321", "222-33-4444")


def at(month, day, hour=10, minute=0):
    return datetime(2003, month, day, hour, minute, tzinfo=NY)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


def assert_no_full_ssn(text: str) -> None:
    flat = "".join(text.split())
    for ssn in SSNS:
        assert ssn not in flat and ssn.replace("-", "") not in flat


@pytest.fixture
def env(tmp_path):
    """A tender with a six-month grant, a later notice by another holder, a late form, an unsigned
    form, and a form still under review."""
    e = Env(tmp_path)
    e.ids = {}
    e.ids["tender"] = e.store(document(e.db, received=at(3, 25), grants=[
        grant_row("1999-06-01", 10000, "12.50", 2000, 4000)]))
    e.ids["notice"] = e.store(document(e.db, "change_notice", received=at(3, 27), name="James Doe",
                                       ssn="222-33-4444"))
    e.ids["late"] = e.store(document(e.db, received=at(4, 1), name="John Smith", ssn="487-65-4321",
                                     grants=[grant_row("2000-02-10", 2500, "8.00", 0, 2500)]))
    pending = document(e.db, received=at(3, 28), name="John Smith", ssn="487-65-4321",
                       grants=[grant_row("2000-02-10", 2500, "8.00", 0, 2500)])
    pending.fields["signed_at"] = r("2003-03-27", 0.3)
    e.ids["pending"] = e.store(pending)
    return e


def words(issued) -> str:
    """The text letter's words, joined by single spaces (wrapping aside)."""
    return " ".join(Path(issued.files[1]["path"]).read_text().split())


def issue(env, **kw):
    return list(confirm.run(env.db, env.cfg, env.home.root / "letters", now=NOW, **kw))


def test_each_document_gets_one_letter_saying_what_it_elected_or_why_not(env):
    out = issue(env)
    by_id = {c.document_id: c for c in out}
    assert set(by_id) == {env.ids["tender"], env.ids["notice"], env.ids["late"]}   # the one in review waits
    assert {k: by_id[env.ids[k]].kind for k in ("tender", "notice", "late")} == {
        "tender": "tender", "notice": "withdrawal", "late": "not_standing"}
    tender = words(by_id[env.ids["tender"]])
    assert "Jane Q. Doe" in tender and "12 Elm St" in tender and "Nashua NH 03060" in tender
    assert "Tuesday, March 25, 2003 at 10:00:00 AM EST" in tender
    assert "G-1999-001" in tender and "4,000" in tender
    assert "G-2002-101" in tender and "granted since August 28, 2002: included with the rest" in tender
    assert "Total options tendered: 7,000" in tender and "***-**-6789" in tender
    late = words(by_id[env.ids["late"]])
    assert "received after the deadline" in late and "John Smith" in late
    notice = words(by_id[env.ids["notice"]])
    assert "withdraws your tender" in notice and "7 Oak Ave" in notice


def test_running_again_issues_nothing_twice_and_every_file_is_recorded_with_its_hash(env):
    first = issue(env)
    assert len(first) == 3 and issue(env) == []
    rows = confirm.issued(env.db)
    assert [r["document_id"] for r in rows] == [c.document_id for c in first]
    for row in rows:
        for f in row["files"]:
            assert hashlib.sha256(Path(f["path"]).read_bytes()).hexdigest() == f["sha256"]
    events = list(env.db.query("SELECT document_id, detail FROM events WHERE kind = 'confirmation_issued'"))
    assert len(events) == 3 and json.loads(events[0]["detail"])["files"] == rows[0]["files"]
    with pytest.raises(Exception, match="issued once"):
        with transaction(env.db):
            env.db.execute("DELETE FROM confirmations")


def test_a_document_under_review_waits_unless_asked_then_says_received_under_review(env):
    issue(env)
    later = issue(env, include_pending=True)
    assert [(c.document_id, c.kind) for c in later] == [(env.ids["pending"], "pending")]
    text = words(later[0])
    assert "received; under review" in text and "John Smith" in text


def test_a_reviewers_rejection_and_a_replaced_form_say_why(env):
    replacing = document(env.db, received=at(3, 29), grants=[grant_row("2001-05-14", 5000, "4.50", 0, 1000)])
    env.store(replacing)
    actions.reject_document(env.db, env.ids["pending"], "signed by someone else", "alice")
    out = {c.document_id: c for c in issue(env)}
    first = words(out[env.ids["tender"]])
    assert "replaced in full by your later Election Form, received Saturday, March 29, 2003" in first
    rejected = words(out[env.ids["pending"]])
    assert "did not accept it (signed by someone else)" in rejected


def test_date_selects_the_day_of_receipt(env):
    out = issue(env, day=date(2003, 3, 27))
    assert [c.document_id for c in out] == [env.ids["notice"]]


def test_no_full_ssn_in_any_letter_text_or_pdf(env):
    for c in issue(env, include_pending=True):
        pdf, txt = (Path(f["path"]) for f in c.files)
        assert pdf.read_bytes().startswith(b"%PDF")
        for text in (txt.read_text(), pdf_text(pdf)):
            assert_no_full_ssn(text)
            assert "***-**-" in text


def test_the_report_counts_issued_due_and_overdue(env):
    issue(env, day=date(2003, 3, 25))
    st = report_data.gather(env.db, env.cfg, date(2003, 4, 3))["standing"]["confirmations"]
    # March 25 issued; the notice of March 27 and the form of March 28 fall due April 3 and 4; April 1's on April 8.
    assert st["issued"] == 1 and st["overdue"] == 0 and st["due"] == 3
    st = report_data.gather(env.db, env.cfg, date(2003, 4, 7))["standing"]["confirmations"]
    assert st["overdue"] == 2 and st["due"] == 1


def run_cli(env, *args):
    return CliRunner().invoke(cli, ["confirm", "--home", str(env.home.root), *args], catch_exceptions=False)


def test_cli_prints_json_lines_and_nothing_the_second_time(env, tmp_path):
    res = run_cli(env, "--out", str(tmp_path / "out"), "--json")
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(lines) == 3
    for line in lines:
        assert {"document_id", "holder_id", "received_at", "files", "issued_at"} <= set(line)
        assert all(Path(p).is_file() and Path(p).parent == (tmp_path / "out").resolve() for p in line["files"])
    assert run_cli(env, "--out", str(tmp_path / "out"), "--json").stdout == ""
    res = run_cli(env, "--include-pending")
    assert res.exit_code == 0 and "1 confirmation(s) issued" in res.stdout
    assert (env.home.root / "confirmations").is_dir()
    assert run_cli(env, "--date", "2003-03-31", "--all").exit_code == 2
    assert run_cli(env, "--date", "31/03/2003").exit_code == 2


def test_two_runs_at_once_issue_each_confirmation_once(env, tmp_path):
    """Two real `intake confirm` processes on the same home at the same moment."""
    exe = shutil.which("intake", path=str(Path(sys.executable).parent)) or "intake"
    envvars = {**os.environ, "INTAKE_HOME": str(env.home.root), "OMP_THREAD_LIMIT": "1"}
    procs = [subprocess.Popen([exe, "confirm", "--include-pending", "--json", "--out", str(tmp_path / "out")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=envvars)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    printed = [json.loads(line)["document_id"] for out, _ in outs for line in out.splitlines()]
    assert sorted(printed) == sorted(env.ids.values())
    rows = confirm.issued(env.db)
    assert len(rows) == 4
    for row in rows:
        for f in row["files"]:
            assert hashlib.sha256(Path(f["path"]).read_bytes()).hexdigest() == f["sha256"]
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]   # no staged file left
