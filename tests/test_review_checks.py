"""Every correction passes the checks a reading passes, on a real queue (the demo set, read once).

Each test takes its own copy of the processed demo home (`demo_queue` in conftest.py),
moved away from where it was made.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pexpect
import pytest

from intake.db import events_for, open_db
from intake.errors import UsageError, ValidationError
from intake.home import Home
from intake.results import document_json
from review import actions, keys, queue

ZONE = __import__("zoneinfo").ZoneInfo("America/New_York")


@pytest.fixture
def desk(demo_queue):
    home = Home(demo_queue)
    db = open_db(home.db_path)
    # 0001.tif's holder writes 1 like 7 (a price read "74.00" for 14.00): the other 7s on its
    # table's page wait for a person (`hand_reads_1_as_7`).  Confirmed here as a reviewer would,
    # so that each test starts from a form whose only question is the one it asks.
    doc = doc_of(db, "0001.tif")
    for row in list(db.query(
            "SELECT f.key FROM fields f JOIN readings r ON r.id = f.reading_id WHERE f.document_id = ? "
            "AND f.needs_review = 1 AND r.evidence LIKE '%hand_reads_1_as_7%'", [doc])):
        actions.accept_field(db, doc, row["key"], "setup")
    yield home, db
    db.close()


def doc_of(db, source: str, page: int = 1) -> str:
    for r in db.query("SELECT document_id, pages FROM documents WHERE source_name = ?", [source]):
        if json.loads(r["pages"])[0] == page:
            return r["document_id"]
    raise AssertionError(f"no document of {source} starting on page {page}")


def status(db, doc: str) -> str:
    return document_json(db, doc, ZONE)["status"]


def codes(db, doc: str) -> list[str]:
    return [p["code"] for p in document_json(db, doc, ZONE)["problems"]]


def test_signing_date_in_the_future_needs_a_reason_and_the_reason_is_recorded(desk):
    home, db = desk
    doc = doc_of(db, "0010.pdf")
    with pytest.raises(actions.NeedsConfirmation) as err:
        actions.correct_field(db, doc, "signed_at", "2030-01-01 10:00", "alice")
    assert "in the future" in str(err.value) and "after the Offer's deadline" in str(err.value)
    assert document_json(db, doc, ZONE)["fields"]["signed_at"]["value"] != "2030-01-01T10:00"
    actions.correct_field(db, doc, "signed_at", "2030-01-01 10:00", "alice", reason="as written by the holder")
    ev = [e for e in events_for(db, doc) if e["kind"] == "field_corrected"][-1]
    assert ev["detail"]["reason"] == "as written by the holder" and ev["detail"]["checks_broken"]
    assert "signed_outside_offer" in codes(db, doc)        # the Offer's rule, found again
    actions.correct_field(db, doc, "signed_at", "2003-03-30 10:30", "alice")   # within the Offer: no question
    assert "signed_outside_offer" not in codes(db, doc)


def test_exercised_above_granted_and_an_implausible_price_need_a_reason(desk):
    _, db = desk
    doc = doc_of(db, "0001.tif")
    with pytest.raises(actions.NeedsConfirmation) as err:
        actions.correct_field(db, doc, "grants.0.shares_exercised", "99999", "bob")
    assert "99,999 shares exercised of a grant of 500" in str(err.value)
    assert "the ledger's grant G-1998-031 has shares exercised 200" in str(err.value)
    with pytest.raises(actions.NeedsConfirmation) as err:
        actions.correct_field(db, doc, "grants.1.exercise_price", "999999.99", "bob")
    assert "outside 0.01..1000.00" in str(err.value)
    with pytest.raises(actions.NeedsConfirmation) as err:
        actions.correct_field(db, doc, "grants.1.shares_tendered", "9000", "bob")
    assert "more than the 7,500 granted less exercised" in str(err.value)
    assert status(db, doc) == "accepted"                      # nothing was taken


def test_tender_above_the_ledger_kept_with_a_reason_opens_the_ledger_problem(desk):
    _, db = desk
    doc = doc_of(db, "0001.tif")
    actions.correct_field(db, doc, "grants.0.shares_tendered", "400", "bob", reason="the holder wrote 400")
    assert "tender_exceeds_available" in codes(db, doc)
    assert status(db, doc) == "needs_review"                  # accepted no more: it contradicts the ledger
    actions.correct_field(db, doc, "grants.0.shares_tendered", "300", "bob")
    assert "tender_exceeds_available" not in codes(db, doc) and status(db, doc) == "accepted"


def test_holder_id_must_be_in_the_ledger(desk):
    _, db = desk
    doc = doc_of(db, "0001.tif")
    with pytest.raises(ValidationError, match="E9999 is not a holder in the option ledger"):
        actions.correct_field(db, doc, "holder_id", "E9999", "carol", reason="I am sure")
    with pytest.raises(actions.NeedsConfirmation, match="E1011's"):      # the form's SSN is someone else's
        actions.correct_field(db, doc, "holder_id", "E1012", "carol")
    assert document_json(db, doc, ZONE)["holder_id"]["value"] == "E1011"


def test_unknown_holder_closes_when_the_holder_is_set(desk):
    _, db = desk
    doc = doc_of(db, "0001.tif")
    actions.correct_field(db, doc, "holder_id", "-", "carol")
    assert "unknown_holder" in codes(db, doc) and status(db, doc) == "needs_review"
    actions.correct_field(db, doc, "holder_id", "E1011", "carol")
    assert "unknown_holder" not in codes(db, doc) and status(db, doc) == "accepted"
    # closed by the holder's setting (resolved, naming it) or by the recheck (cleared)
    assert any(e["kind"] in ("problem_cleared", "problem_resolved") for e in events_for(db, doc))


def test_additional_sheet_missing_closes_when_the_box_is_corrected(desk):
    _, db = desk
    doc = doc_of(db, "0001.tif")
    actions.correct_field(db, doc, "additional_sheet_attached", "y", "dana")
    assert "additional_sheet_missing" in codes(db, doc) and status(db, doc) == "needs_review"
    actions.correct_field(db, doc, "additional_sheet_attached", "n", "dana")
    assert "additional_sheet_missing" not in codes(db, doc) and status(db, doc) == "accepted"


def test_grant_rows_removed_and_added_and_never_accepted_without_grants(desk):
    _, db = desk
    doc = doc_of(db, "0001.tif")
    with pytest.raises(ValidationError):
        actions.remove_grant(db, doc, 1, "  ", "erin")
    actions.remove_grant(db, doc, 1, "a stray mark, not a row", "erin")
    actions.remove_grant(db, doc, 0, "test: the table lost", "erin")
    assert document_json(db, doc, ZONE)["grants"] == []
    assert "tender_without_grants" in codes(db, doc) and status(db, doc) == "needs_review"
    pid = actions.problem_id_for(db, doc, "tender_without_grants")
    with pytest.raises(UsageError, match="cannot be resolved by a reason"):
        actions.resolve_problem(db, pid, "looks fine", "erin")
    row = {"grant_date": "1/28/1998", "shares_granted": "500", "exercise_price": "$14", "shares_exercised": "200",
           "shares_tendered": "300"}
    res = actions.add_grant(db, doc, row, "erin")
    assert res["row"] == 2 and status(db, doc) == "accepted"
    grants = document_json(db, doc, ZONE)["grants"]
    assert grants[0]["shares_tendered"] == {"value": 300, "confidence": 1.0, "needs_review": False}
    assert grants[0]["exercise_price"]["value"] == "14.00" and grants[0]["grant_date"]["value"] == "1998-01-28"
    with pytest.raises(actions.NeedsConfirmation, match="99,999 shares exercised"):
        actions.add_grant(db, doc, {**row, "shares_exercised": "99999"}, "erin")
    kinds = [e["kind"] for e in events_for(db, doc)]
    assert kinds.count("grant_removed") == 2 and "grant_added" in kinds


def test_a_blank_is_never_accepted_by_one_key(desk):
    _, db = desk
    doc = doc_of(db, "0006.tif")
    assert json.loads(actions.field(db, doc, "ssn")["value"]) is None
    with pytest.raises(actions.BlankValue):
        actions.accept_field(db, doc, "ssn", "frank")
    assert actions.field(db, doc, "ssn")["needs_review"] == 1
    res = actions.correct_field(db, doc, "ssn", "-", "frank")      # typed: the paper is blank there
    assert res["action"] == "accepted"


def test_one_name_for_each_field():
    assert keys.canonical("grant1.shares_granted") == "grants.0.shares_granted"
    assert keys.canonical("grants.0.shares_granted") == "grants.0.shares_granted"
    assert keys.canonical("signed_at") == "signed_at"
    for bad in ("grant0.shares_granted", "grants.0.colour", "shares_granted", "nope"):
        with pytest.raises(ValidationError):
            keys.canonical(bad)


def _cli(home: Home, *args: str, stdin=None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", "from intake.cli import main; main()", "--home", str(home.root), "review", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, stdin=stdin or subprocess.DEVNULL,
                          env={**os.environ, "LANG": "C.UTF-8"})


def test_commands_print_one_name_no_reprs_and_check_corrections(desk):
    home, db = desk
    listing = _cli(home, "list")
    assert listing.returncode == 0
    assert "None" not in listing.stdout and "'" not in listing.stdout
    assert "ssn = (blank)" in listing.stdout and "grant1." not in listing.stdout
    doc = doc_of(db, "0001.tif")
    out = _cli(home, "fix", doc, "grant1.shares_exercised", "99999", "--reviewer", "gil")
    assert out.returncode == 2 and "breaks 3 check(s)" in out.stderr and "--reason" not in out.stdout
    ok = _cli(home, "fix", doc, "grant1.shares_tendered", "250", "--reviewer", "gil")
    assert ok.returncode == 0 and "grants.0.shares_tendered" in ok.stdout
    shown = _cli(home, "show", doc)
    assert ".png" not in shown.stdout and "crops/" not in shown.stdout


def test_release_gives_a_claim_back(desk):
    home, db = desk
    task = queue.claim_next(db, "hana", 15)
    assert queue.live_claims(db)[task.document_id]["reviewer"] == "hana"
    out = _cli(home, "release", "--reviewer", "hana")
    assert out.returncode == 0 and "released 1 document(s)" in out.stdout
    assert queue.live_claims(db) == {}
    assert queue.claim_next(db, "ivan", 15).document_id == task.document_id


def test_a_waiver_of_several_documents_lists_them_and_asks(desk):
    home, db = desk
    late = sorted(r["document_id"] for r in db.query("SELECT document_id FROM documents WHERE on_time = 0"))
    assert len(late) > 1
    out = _cli(home, "waive", "late", "--reason", "one page was late")
    assert out.returncode == 2 and all(d in out.stdout for d in late) and "--yes" in out.stderr
    assert db.execute("SELECT count(*) FROM waivers").fetchone()[0] == 0
    ok = _cli(home, "waive", "late", "--reason", "fax server down", "--yes")
    assert ok.returncode == 0 and f"waived late for {len(late)} document(s)" in ok.stdout


def test_terminal_enter_on_a_blank_and_on_a_problem_does_nothing(desk):
    home, db = desk
    doc = doc_of(db, "0006.tif")
    cmd = [sys.executable, "-m", "review.cli", "--home", str(home.root), "work", "--reviewer", "jo", "--no-draw"]
    child = pexpect.spawn(cmd[0], cmd[1:], env={**os.environ, "LANG": "C.UTF-8"}, encoding="utf-8", timeout=30)
    child.expect(r"── task (\S+) ")
    assert child.match.group(1) == f"{doc}:ssn"
    child.expect("> ")
    child.sendline("")
    child.expect(r"! The reading of ssn is blank: type - to record")
    child.expect("> ")
    child.sendline("")
    child.expect("! The reading of ssn is blank")
    assert actions.field(db, doc, "ssn")["needs_review"] == 1
    child.expect("> ")
    child.sendline("-")
    child.expect("accepted ssn")
    child.expect(r"── task (\S+) ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    # a problem: Enter asks why; Enter again leaves it open
    doc8 = doc_of(db, "0008.tif")
    pid = db.execute("INSERT INTO problems (document_id, code, message, needs_decision, created_at) "
                     "VALUES (?, 'missing_pages', 'a page is missing', 1, '2003-04-01')", [doc8]).lastrowid
    db.conn.commit()
    from review.terminal import Session
    answers = iter(["", "", "q"])
    said = []
    s = Session(db, "kim", 15, read=lambda _: next(answers), write=said.append, home=home)
    s._answer(queue.Task("problem", doc8, problem_id=pid, code="missing_pages"))
    assert "! Not resolved: say why it does not stand." in said
    assert db.execute("SELECT resolved FROM problems WHERE id = ?", [pid]).fetchone()[0] == 0


def test_process_summary_names_grant_fields_as_the_review_commands_do(desk):
    from intake.cli import summary_line
    _, db = desk
    # Whichever grant value of the demo set waits for a person (which ones do moves as the
    # reading's checks are measured and narrowed).
    doc, key = db.execute("SELECT document_id, key FROM fields WHERE needs_review = 1 AND key LIKE 'grants.%' "
                          "ORDER BY document_id, key").fetchone()
    line = summary_line(document_json(db, doc, ZONE))
    assert re.fullmatch(r"grants\.\d+\.\w+", key) and key in line.split("to review: ")[1]
    assert "grant1." not in line
