"""The reviewer's desk: queue order, claims, actions, validation, audit sampling, the CLI.

Databases are built directly from `intake.model.Document` objects (no OCR); crops are
small real PNGs.  The interactive command runs in a real pseudo-terminal (pexpect).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pexpect
import pytest
from PIL import Image, ImageDraw

from intake.db import events_for, insert, now_utc, open_db, transaction
from intake.decision import document_status, recompute_status
from intake.errors import ValidationError
from intake.home import Home
from intake.model import Document, Problem, Reading
from intake.record import store
from intake.results import document_json
from review import actions, queue, terminal, validate

ZONE = "America/New_York"
DEADLINE = "2003-03-31T17:00:00-05:00"


def _png(path: Path, text: str) -> str:
    im = Image.new("L", (240, 40), 255)
    ImageDraw.Draw(im).text((8, 10), text, fill=0)
    im = im.resize((480, 80))
    im.save(path)
    return str(path)


def _receipt(db, name: str, received_at: str) -> int:
    return insert(db, "receipts", {"sha256": "0" * 64, "source_name": name, "received_at": received_at,
                                   "received_at_source": "sidecar", "recorded_at": now_utc(), "state": "done"})


def _doc(db, crops: Path, n: int, received_at: str, on_time: bool, *, review=(), problems=()) -> str:
    """An Election Form with one grant; fields named in `review` are uncertain."""
    sha = f"{n:04d}" * 16
    values = {"tender_elected": True, "additional_sheet_attached": False, "holder_name": f"Holder {chr(64 + n)}",
              "ssn": f"123-45-{6780 + n}", "signature_present": True, "signed_at": "2003-03-28T14:15",
              "address": "12 Elm St, Nashua NH 03060"}
    grant = {"grant_date": "2001-05-14", "shares_granted": 10000, "exercise_price": "12.50",
             "shares_exercised": 0, "shares_tendered": 10000}

    def reading(key, value):
        uncertain = key in review
        crop = _png(crops / f"d{n}-{key}.png", str(value)) if uncertain else None
        return Reading(value, 0.55 if uncertain else 0.97, page=1, bbox=(10, 10, 200, 40), raw=str(value),
                       engine="test", evidence={"ledger_expected": value} if key.startswith("grants") else {},
                       crop_path=crop, needs_review=uncertain)

    doc = Document(sha256=sha, receipt_id=_receipt(db, f"fax{n:04d}.tif", received_at),
                   source_name=f"fax{n:04d}.tif", pages=[1], document_type="election_form", type_confidence=0.99,
                   received_at=received_at, received_at_source="sidecar", deadline=DEADLINE, on_time=on_time)
    doc.fields = {k: reading(k, v) for k, v in values.items()}
    doc.grants = [{k: reading(f"grants.0.{k}", v) for k, v in grant.items()}]
    doc.grant_sources = ["form"]
    doc.holder = Reading(f"E10{n:02d}", 0.99, origin="ledger", needs_review=False)
    doc.problems = [Problem(code, f"{code} on the form", needs_decision=code != "late") for code in problems]
    doc.status = document_status(on_time, len(review), sum(p.needs_decision for p in doc.problems), False, False)
    return store(db, None, doc, actor="test")


@pytest.fixture
def desk(tmp_path):
    home = Home(tmp_path / "home").ensure()
    db = open_db(home.db_path)
    with transaction(db):
        docs = {
            # received first of all, but late: its tasks come last
            "late": _doc(db, home.crops, 1, "2003-03-31T22:10:00+00:00", False, review=("holder_name",),
                         problems=("late",)),
            # on time; 16:40-05:00 sorts before 21:30+00:00 as text, but is later as an instant
            "second": _doc(db, home.crops, 2, "2003-03-31T16:40:00-05:00", True, review=("ssn",)),
            "first": _doc(db, home.crops, 3, "2003-03-31T21:30:00+00:00", True,
                          review=("grants.0.shares_tendered", "signed_at"), problems=("missing_address",)),
            "clean": _doc(db, home.crops, 4, "2003-03-30T09:00:00-05:00", True),
        }
    yield home, db, docs
    db.close()


def test_status_rule():
    assert document_status(True, 0, 0, False, False) == "accepted"
    assert document_status(True, 1, 0, False, False) == "needs_review"
    assert document_status(True, 0, 1, False, False) == "needs_review"
    assert document_status(True, 0, 0, True, False) == "rejected"
    assert document_status(False, 0, 0, False, False) == "rejected"
    assert document_status(False, 0, 0, False, True) == "accepted"


def test_queue_order_on_time_first_oldest_first_fields_together(desk):
    _, db, docs = desk
    tasks = queue.open_tasks(db)
    assert [(t.document_id, t.label) for t in tasks] == [
        (docs["first"], "signed_at"), (docs["first"], "grants.0.shares_tendered"),
        (docs["first"], "problem missing_address"),
        (docs["second"], "ssn"),
        (docs["late"], "holder_name"),
    ]
    rows = queue.queue_rows(db)
    assert rows[3]["value"] == "***-**-6782"


def test_correction_shows_in_contract_json_and_keeps_reading(desk):
    _, db, docs = desk
    doc = docs["first"]
    res = actions.correct_field(db, doc, "grants.0.shares_tendered", "9,500", "alice")
    assert res["action"] == "corrected"
    out = document_json(db, doc, __import__("zoneinfo").ZoneInfo(ZONE))
    assert out["grants"][0]["shares_tendered"] == {"value": 9500, "confidence": 1.0, "needs_review": False}
    reading = db.execute("SELECT value FROM readings WHERE document_id = ? AND key = ?",
                         [doc, "grants.0.shares_tendered"]).fetchone()[0]
    assert json.loads(reading) == 10000
    ev = [e for e in events_for(db, doc) if e["kind"] == "field_corrected"][0]
    assert ev["actor"] == "alice" and ev["detail"]["old"] == 10000 and ev["detail"]["new"] == 9500
    assert out["status"] == "needs_review"   # signed_at and the problem are still open
    actions.accept_field(db, doc, "signed_at", "alice")
    actions.resolve_problem(db, actions.problem_id_for(db, doc, "missing_address"), "on page 2", "alice")
    assert document_json(db, doc, __import__("zoneinfo").ZoneInfo(ZONE))["status"] == "accepted"
    assert queue.open_tasks(db)[0].document_id == docs["second"]


@pytest.mark.parametrize("key,text,expected", [
    ("ssn", "123 45 6789", "123-45-6789"),
    ("grants.0.shares_tendered", "10,000", 10000),
    ("grants.0.exercise_price", "$12.5", "12.50"),
    ("grants.0.grant_date", "5/14/2001", "2001-05-14"),
    ("signed_at", "3/28/2003 2:15 PM", "2003-03-28T14:15"),
    ("tender_elected", "n", False),
    ("address", "12 Elm St; Nashua NH 03060", "12 Elm St, Nashua NH 03060"),
    ("holder_name", "-", None),
])
def test_typed_values_normalised(key, text, expected):
    assert validate.parse(key, text) == expected


@pytest.mark.parametrize("key,text", [
    ("ssn", "12-345-678"), ("ssn", "123-45-67890"), ("ssn", "000-12-3456"),
    ("grants.0.shares_tendered", "10.5"), ("grants.0.shares_tendered", "-3"),
    ("grants.0.exercise_price", "twelve"), ("grants.0.grant_date", "2001-02-30"),
    ("signed_at", "yesterday"), ("tender_elected", "maybe"), ("holder_name", "R2D2"), ("address", ""),
])
def test_bad_typed_values_rejected_with_one_line(key, text):
    with pytest.raises(ValidationError) as err:
        validate.parse(key, text)
    assert "\n" not in str(err.value) and str(err.value).endswith(".")


def test_reject_closes_open_fields(desk):
    _, db, docs = desk
    res = actions.reject_document(db, docs["first"], "signed by someone else", "bob")
    assert res["status"] == "rejected"
    assert sorted(res["closed_fields"]) == ["grants.0.shares_tendered", "signed_at"]
    assert all(t.document_id != docs["first"] for t in queue.open_tasks(db))
    with pytest.raises(ValidationError):
        actions.reject_document(db, docs["second"], "  ", "bob")


def test_claims_keep_reviewers_apart_and_lapse(desk):
    _, db, docs = desk
    t0 = datetime.now(timezone.utc)
    a = queue.claim_next(db, "alice", 15, now=t0)
    b = queue.claim_next(db, "bob", 15, now=t0)
    assert a.document_id == docs["first"] and b.document_id == docs["second"]
    with pytest.raises(queue.ClaimHeld):
        actions.accept_field(db, docs["second"], "ssn", "alice")
    # alice walks away; after her claim lapses, bob (done with his) gets her document
    actions.accept_field(db, docs["second"], "ssn", "bob")
    later = queue.claim_next(db, "bob", 15, now=t0 + timedelta(minutes=16))
    assert later.document_id == docs["first"]


def _race(home_root: str, name: str, out) -> None:
    db = open_db(Path(home_root) / "intake.db")
    got = []
    while (task := queue.claim_next(db, name, 15)) is not None:
        got.append(task.task_id)
        if task.kind == "field":
            actions.accept_field(db, task.document_id, task.key, name)
        else:
            actions.resolve_problem(db, task.problem_id, "race", name)
    out.put((name, got))


def test_four_processes_never_get_the_same_task(tmp_path):
    home = Home(tmp_path / "home").ensure()
    db = open_db(home.db_path)
    with transaction(db):
        for n in range(1, 25):
            _doc(db, home.crops, n, f"2003-03-{29 + n % 3:02d}T{8 + n % 9:02d}:00:00-05:00", True,
                 review=("signed_at", "grants.0.shares_tendered"), problems=("missing_address",) if n % 3 else ())
    expected = {t.task_id for t in queue.open_tasks(db)}
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_race, args=(str(home.root), f"r{i}", out)) for i in range(4)]
    for p in procs:
        p.start()
    results = dict(out.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    handed = [t for got in results.values() for t in got]
    assert len(handed) == len(set(handed)) and set(handed) == expected
    assert queue.open_tasks(db) == []
    accepted = db.execute("SELECT count(*) FROM events WHERE kind = 'field_accepted'").fetchone()[0]
    assert accepted == sum(1 for t in expected if ":problem:" not in t)


def test_audit_sampling_marks_fields_and_summary_counts(desk):
    _, db, docs = desk
    doc = docs["clean"]
    from intake.decision import sample_for_audit
    with transaction(db):
        keys = sample_for_audit(db, doc, 1.0, random.Random(1))
        assert sample_for_audit(db, doc, 1.0, random.Random(1)) == []   # once per document
        recompute_status(db, doc)
    assert "ssn" in keys and "grants.0.exercise_price" in keys
    out = document_json(db, doc, __import__("zoneinfo").ZoneInfo(ZONE))
    assert out["status"] == "needs_review" and out["fields"]["ssn"]["needs_review"] is True
    actions.accept_field(db, doc, "ssn", "carol")
    actions.correct_field(db, doc, "grants.0.exercise_price", "12.75", "carol")
    actions.correct_field(db, doc, "holder_name", "Holder D", "carol")    # the same value: a confirmation
    s = queue.audit_summary(db)
    assert (s["audited"], s["confirmed"], s["corrected"]) == (len(keys), 2, 1)
    assert s["pending"] == len(keys) - 3 and s["by_field"]["exercise_price"]["corrected"] == 1
    assert s["error_rate"] == round(1 / 3, 4)
    with transaction(db):   # a late document is not sampled
        assert sample_for_audit(db, docs["late"], 1.0, random.Random(1)) == []


def test_waiver_applies_to_every_document_with_the_code(desk):
    _, db, docs = desk
    with transaction(db):
        db.execute("INSERT INTO problems (document_id, code, message, needs_decision, created_at) "
                   "VALUES (?, 'missing_address', 'no address', 1, ?)", [docs["clean"], now_utc()])
        recompute_status(db, docs["clean"])
    with pytest.raises(ValidationError):
        actions.waive(db, "no_such_code", "why not", "dana")
    with pytest.raises(actions.NeedsConfirmation) as ask:     # two documents: listed, and asked first
        actions.waive(db, "missing_address", "payroll has the addresses", "dana")
    assert ask.value.broken == sorted([docs["clean"], docs["first"]])
    assert not any(e["kind"] == "problem_waived" for e in events_for(db, docs["first"]))
    res = actions.waive(db, "missing_address", "payroll has the addresses", "dana", confirm=True)
    assert res["documents"] == {docs["clean"]: "accepted", docs["first"]: "needs_review"}
    assert all(t.code != "missing_address" for t in queue.open_tasks(db))
    assert any(e["kind"] == "problem_waived" for e in events_for(db, docs["first"]))
    late = actions.waive(db, "late", "fax server was down at 16:50", "dana")
    assert late["documents"] == {docs["late"]: "needs_review"}


def test_manual_receipt_time(desk):
    home, db, docs = desk
    cfg = home.config()
    at = actions.parse_received_at("2003-03-31T16:45", cfg.offer.timezone)
    res = actions.set_received(db, docs["late"], at, "hand delivered to J. Polakiewicz", "erin",
                               cfg.offer.deadline, cfg.offer.timezone)
    assert res == {"document_id": docs["late"], "received_at": "2003-03-31T16:45:00-05:00", "on_time": True,
                   "status": "needs_review"}
    out = document_json(db, docs["late"], cfg.offer.timezone)
    assert out["received_at_source"] == "manual" and out["on_time"] is True and out["problems"] == []
    back = actions.set_received(db, docs["late"], actions.parse_received_at("2003-03-31T17:00:01-05:00", None),
                                "clock was right after all", "erin", cfg.offer.deadline, cfg.offer.timezone)
    assert back["on_time"] is False and back["status"] == "rejected"
    assert [p["code"] for p in document_json(db, docs["late"], cfg.offer.timezone)["problems"]] == ["late"]
    actions.set_received(db, docs["late"], at, "hand delivered after all", "erin", cfg.offer.deadline,
                         cfg.offer.timezone)
    ev = [e for e in events_for(db, docs["late"]) if e["kind"] == "receipt_time_set"][0]
    assert ev["detail"]["old_on_time"] is False and ev["detail"]["reason"].startswith("hand")


def test_draw_crop_in_block_characters(tmp_path):
    lines = terminal.draw_crop(_png(tmp_path / "c.png", "10000"), 60)
    assert 1 <= len(lines) <= terminal.MAX_ROWS
    assert any(ch in "".join(lines) for ch in terminal.QUADRANTS[1:])
    assert terminal.draw_crop(tmp_path / "missing.png") == []


# --- the command line, in real processes and a real pseudo-terminal --------------------------

def _cli(home: Home, *args: str) -> list[str]:
    return [sys.executable, "-m", "review.cli", "--home", str(home.root), *args]


def _env() -> dict:
    return {**os.environ, "LANG": "C.UTF-8", "COLUMNS": "100", "LINES": "40"}


def _spawn(home: Home, reviewer: str, *extra: str) -> pexpect.spawn:
    cmd = _cli(home, "work", "--reviewer", reviewer, *extra)
    return pexpect.spawn(cmd[0], cmd[1:], env=_env(), encoding="utf-8", timeout=20, dimensions=(40, 100))


TASK = r"── task (\S+) \(\d+ in the queue\) ──"


def test_work_in_a_terminal_accept_correct_reveal_skip_reject(desk):
    home, db, docs = desk
    child = _spawn(home, "alice")
    child.expect(TASK)
    assert child.match.group(1) == f"{docs['first']}:signed_at"
    child.expect("image +i draws it here")
    child.expect("> ")
    assert ".png" not in child.before                                # no file path for anyone to open
    assert not any(ch in child.before for ch in terminal.QUADRANTS[1:])
    child.sendline("i")
    child.expect("> ")
    assert any(ch in child.before for ch in terminal.QUADRANTS[1:])   # the crop, drawn when asked
    child.sendline("")                                               # accept
    child.expect("accepted signed_at")
    child.expect(TASK)
    assert child.match.group(1).endswith("grants.0.shares_tendered")
    child.expect("ledger +10000")
    child.expect("> ")
    child.sendline("ten thousand")                                   # a bad value: one line, asked again
    child.expect(r"! 'ten thousand' is not a whole number of shares \(type digits, e\.g\. 10000\)\.\r\n> ")
    child.sendline("9,500")
    child.expect("corrected grants.0.shares_tendered = 9500")
    child.expect(TASK)
    assert ":problem:" in child.match.group(1)
    child.expect("> ")
    child.sendline("")
    child.expect("why it does not stand")
    child.sendline("address on page 2")
    child.expect("resolved missing_address")
    child.expect(TASK)                                               # second document: the SSN
    child.expect(r"reading +\*\*\*-\*\*-6782")
    child.expect("> ")
    assert "123-45-6782" not in child.before and not any(ch in child.before for ch in terminal.QUADRANTS[1:])
    child.sendline("v")
    child.expect(r"SSN 123-45-6782 +\(this look is recorded\)")
    child.expect("> ")
    assert any(ch in child.before for ch in terminal.QUADRANTS[1:])   # the crop, drawn only now
    child.sendline("s")                                              # skip
    child.expect(TASK)
    assert child.match.group(1) == f"{docs['late']}:holder_name"
    child.expect("> ")
    child.sendline("r")
    child.expect("reason for rejecting the document: ")
    child.sendline("received after the deadline")
    child.expect("rejected")
    child.expect(r"Nothing left but the 1 task\(s\) you skipped\.")
    child.expect("done: 1 accepted, 1 corrected, 1 rejected, 1 skipped, 1 resolved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    assert [t.task_id for t in queue.open_tasks(db)] == [f"{docs['second']}:ssn"]
    assert db.execute("SELECT count(*) FROM review_claims").fetchone()[0] == 0   # released on the way out
    kinds = [e["kind"] for e in events_for(db, docs["second"])]
    assert "ssn_revealed" in kinds
    assert any(e["kind"] == "image_shown" and e["actor"] == "alice" for e in events_for(db, docs["first"]))

    show = subprocess.run(_cli(home, "show", docs["first"]), capture_output=True, text=True, env=_env(), timeout=30)
    assert show.returncode == 0, show.stderr
    history = show.stdout.split("history:")[1]
    for kind in ("document_recorded", "review_claimed", "field_accepted", "field_corrected", "problem_resolved",
                 "status_changed"):
        assert kind in history
    assert "alice" in history and '"new": 9500' in history and '"old": 10000' in history
    assert "123-45-6783" not in show.stdout and "***-**-6783" in show.stdout
    assert "accepted" in show.stdout.split("\n")[1]


def test_two_reviewers_side_by_side_never_share_a_task(tmp_path):
    home = Home(tmp_path / "home").ensure()
    db = open_db(home.db_path)
    with transaction(db):
        for n in range(1, 7):
            _doc(db, home.crops, n, f"2003-03-{29 + n % 3}T{9 + n}:00:00-05:00", True, review=("signed_at", "address"))
    expected = [t.task_id for t in queue.open_tasks(db)]
    children = {name: _spawn(home, name, "--no-draw") for name in ("alice", "bob")}
    got = {name: [] for name in children}
    running = set(children)
    while running:
        for name in sorted(running):
            child = children[name]
            i = child.expect([TASK, "The queue is empty"])
            if i == 1:
                child.expect(pexpect.EOF)
                running.discard(name)
                continue
            got[name].append(child.match.group(1))
            child.expect("> ")
            child.sendline("")
            child.expect("accepted")
    handed = got["alice"] + got["bob"]
    assert sorted(handed) == sorted(expected) and len(set(handed)) == len(handed)
    assert got["alice"] and got["bob"]
    docs_of = {name: {t.split(":")[0] for t in ids} for name, ids in got.items()}
    assert not docs_of["alice"] & docs_of["bob"]        # a document's fields stay with one reviewer
    assert queue.open_tasks(db) == []


def test_fix_accept_reject_commands_and_errors(desk):
    home, db, docs = desk
    run = lambda *a: subprocess.run(_cli(home, *a), capture_output=True, text=True, env=_env(), timeout=30)
    bad = run("fix", docs["second"], "ssn", "12345", "--reviewer", "zed")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "nine digits" in bad.stderr
    ok = run("fix", docs["second"], "ssn", "123456789", "--reviewer", "zed")
    assert ok.returncode == 0 and "corrected" in ok.stdout and "123-45-6789" not in ok.stdout
    missing = run("accept", "nope-p001", "ssn")
    assert missing.returncode == 2 and "No document nope-p001" in missing.stderr
    not_pending = run("accept", docs["clean"], "ssn")
    assert not_pending.returncode == 2 and "not waiting for review" in not_pending.stderr
    listing = run("list", "--json")
    rows = [json.loads(line) for line in listing.stdout.splitlines()]
    assert [r["task"] for r in rows] == [t.task_id for t in queue.open_tasks(db)]
    pii = run("show", docs["second"], "--show-pii", "--json", "--reviewer", "auditor")
    data = json.loads(pii.stdout)
    assert data["document"]["fields"]["ssn"]["value"] == "123-45-6789"
    assert [e for e in data["history"] if e["kind"] == "ssn_revealed"][0]["actor"] == "auditor"
    audit = run("audit", "--json")
    assert json.loads(audit.stdout)["audited"] == 0


def test_every_review_command_has_help_with_an_example():
    from click.testing import CliRunner
    from intake.cli import cli
    runner = CliRunner()
    group = cli.commands["review"]
    for name, command in group.commands.items():
        res = runner.invoke(cli, ["review", name, "--help"], catch_exceptions=False)
        assert res.exit_code == 0, name
        assert "--reviewer" in res.output or name in ("list", "audit", "serve", "user"), name
        assert "Example: intake review" in command.help, name


def test_next_then_accept_through_intake_entry_point(desk):
    home, db, docs = desk
    intake = [sys.executable, "-c", "from intake.cli import main; main()", "--home", str(home.root), "review"]
    nxt = subprocess.run(intake + ["next", "--json", "--reviewer", "sam"], capture_output=True, text=True,
                         env=_env(), timeout=30)
    task = json.loads(nxt.stdout)
    assert task["task"] == f"{docs['first']}:signed_at"
    other = subprocess.run(intake + ["accept", task["document_id"], task["key"], "--reviewer", "tom"],
                           capture_output=True, text=True, env=_env(), timeout=30)
    assert other.returncode == 1 and "being reviewed by sam" in other.stderr and "Traceback" not in other.stderr
    mine = subprocess.run(intake + ["accept", task["document_id"], task["key"], "--reviewer", "sam"],
                          capture_output=True, text=True, env=_env(), timeout=30)
    assert mine.returncode == 0 and "accepted" in mine.stdout


def test_a_busy_database_is_waited_for_not_a_traceback(desk):
    home, db, docs = desk
    blocker = open_db(home.db_path)
    blocker.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen(_cli(home, "accept", docs["second"], "ssn"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env())
    try:
        with pytest.raises(subprocess.TimeoutExpired):   # it waits for the lock instead of failing
            proc.wait(timeout=1.5)
    finally:
        blocker.execute("COMMIT")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "accepted" in out and err == ""
