"""The option ledger on a document: who sent it, and each row against its ledger grant."""
from __future__ import annotations

import json
from dataclasses import replace

from intake import ledger
from ledger_fixtures import Env, document, grant_row, r


def codes(doc):
    return [p.code for p in doc.problems]


def test_an_exact_ssn_matches_the_holder_and_confirms_the_ssn(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, ssn="123-45-6789", name="Jane Q. Doe")
    doc.fields["ssn"] = r("123-45-6789", 0.6)
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.holder.value == "E1001" and doc.holder.confidence >= 0.99
    assert doc.holder.origin == "ledger" and doc.holder.evidence["method"] == "ssn+name"
    assert doc.fields["ssn"].confidence >= env.cfg.ledger.agree_confidence
    assert doc.fields["ssn"].evidence["ledger_expected"] == "***-**-6789"   # never the SSN in clear


def test_initials_match_by_name_when_the_ssn_is_blank(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, ssn=None, name="J. Q. Doe")
    doc.fields["ssn"] = Reading_blank()
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.holder.value == "E1001"
    assert env.cfg.reading.review_threshold <= doc.holder.confidence < 0.99
    assert "ambiguous_holder" not in codes(doc)


def Reading_blank():
    return r(None, 0.95, evidence={"blank": True})


def test_a_name_that_fits_two_holders_is_ambiguous_and_goes_to_review(tmp_path):
    # A notice: no address and no grants, the name is all there is to go by.
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", ssn=None, name="J. Doe")
    doc.fields["ssn"] = Reading_blank()
    env.store(doc)
    assert doc.holder.value is None and doc.holder.needs_review
    assert "ambiguous_holder" in codes(doc)
    msg = next(p.message for p in doc.problems if p.code == "ambiguous_holder")
    assert "E1001" in msg and "E1003" in msg


def test_an_unknown_sender_is_a_problem_with_holder_null(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, ssn="555-55-5555", name="Zed Zulu")
    env.store(doc)
    assert doc.holder.value is None and doc.holder.needs_review
    assert "unknown_holder" in codes(doc)
    row = env.db.execute("SELECT value, needs_review FROM fields WHERE document_id = ? AND key = 'holder_id'",
                         [doc.document_id]).fetchone()
    assert json.loads(row[0]) is None and row[1] == 1


def test_without_a_roster_the_ledger_is_skipped(tmp_path):
    env = Env(tmp_path, with_roster=False)
    doc = document(env.db, grants=[grant_row("2001-05-14", 5800, "4.50", 0, 5000, conf=0.6)])
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.holder is None
    assert doc.grants[0]["shares_granted"].value == 5800 and doc.grants[0]["shares_granted"].confidence == 0.6
    assert not {"unknown_holder", "ledger_mismatch"} & set(codes(doc))


def test_a_one_digit_ssn_misread_is_corrected_when_the_name_is_sure(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, ssn="123-45-6788", name="Jane Q. Doe")
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.holder.value == "E1001"
    ssn = doc.fields["ssn"]
    assert ssn.value == "123-45-6789" and ssn.origin == "ledger"
    assert ssn.evidence["read_value"] == "***-**-6788"


def test_a_confident_ssn_of_nobody_sends_a_name_match_to_review(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, ssn="900-00-0000", name="Jane Q. Doe")
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.holder.value == "E1001" and doc.holder.confidence < env.cfg.reading.review_threshold


def test_a_misread_name_is_corrected_to_the_way_the_holder_writes_it(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, name="Jane Q. Dce")
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.fields["holder_name"].value == "Jane Q. Doe"
    doc2 = document(env.db, name="J. Q. Doe")
    ledger.annotate(env.db, env.cfg, doc2)
    assert doc2.fields["holder_name"].value == "J. Q. Doe"     # the paper's own way is kept
    assert doc2.fields["holder_name"].evidence["ledger_agrees"] is True


def test_a_doubtful_name_whose_letters_the_ledger_confirms_takes_the_ledgers_stops(tmp_path):
    # The letters are confirmed, a comma read for a full stop is not: "Lisa K, Robinson".
    env = Env(tmp_path)
    doc = document(env.db, name="Jane Q, Doe")
    doc.fields["holder_name"] = replace(doc.fields["holder_name"], confidence=0.6)
    ledger.annotate(env.db, env.cfg, doc)
    name = doc.fields["holder_name"]
    assert name.value == "Jane Q. Doe" and name.origin == "ledger" and name.evidence["read_value"] == "Jane Q, Doe"
    # A sure reading is the paper's own way, stops and all.
    doc2 = document(env.db, name="J. Q Doe")
    ledger.annotate(env.db, env.cfg, doc2)
    assert doc2.fields["holder_name"].value == "J. Q Doe"


def test_an_address_misread_keeps_the_papers_lines(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, address="12 Elm St, Nashua NH 03O60")
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.fields["address"].value == "12 Elm St, Nashua NH 03060"
    doc2 = document(env.db, address="12 Elm St, Nashua, NH 03060")
    ledger.annotate(env.db, env.cfg, doc2)
    assert doc2.fields["address"].value == "12 Elm St, Nashua, NH 03060"
    assert doc2.fields["address"].evidence["ledger_agrees"] is True


def test_agreeing_facts_are_raised_and_shares_tendered_never(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, grants=[grant_row("2001-05-14", 5000, "4.50", 0, 5000, conf=0.6)])
    ledger.annotate(env.db, env.cfg, doc)
    row = doc.grants[0]
    for name in ("grant_date", "shares_granted", "exercise_price", "shares_exercised"):
        assert row[name].confidence >= env.cfg.ledger.agree_confidence, name
        assert row[name].evidence["ledger_agrees"] is True
        assert row[name].evidence["ledger_grant"] == "G-2001-044"
    assert row["shares_tendered"].confidence == 0.6
    assert row["shares_tendered"].evidence["ledger_available"] == 5000


def test_misreads_are_replaced_by_the_ledger_with_the_reading_kept_in_evidence(tmp_path):
    env = Env(tmp_path)
    row = grant_row("2001-05-14", 5800, "450.00", 0, 5000, conf=0.8)
    row["grant_date"] = r("2001-05-14", 0.99)
    doc = document(env.db, grants=[row])
    ledger.annotate(env.db, env.cfg, doc)
    granted, price = doc.grants[0]["shares_granted"], doc.grants[0]["exercise_price"]
    assert (granted.value, granted.origin, granted.confidence) == (5000, "ledger", env.cfg.ledger.correct_confidence)
    assert granted.evidence["read_value"] == 5800 and granted.evidence["ledger_expected"] == 5000
    assert price.value == "4.50" and price.evidence["read_value"] == "450.00"   # a dropped decimal point
    assert "ledger_mismatch" not in codes(doc)


def test_an_unreadable_cell_is_filled_from_the_ledger_but_a_blank_exercised_stays_blank(tmp_path):
    env = Env(tmp_path)
    row = grant_row("2001-05-14", 5000, "4.50", 0, 5000)
    row["exercise_price"] = r(None, 0.0, evidence={"why": "unreadable"})
    row["shares_exercised"] = r(None, 0.9, evidence={"blank": True})
    doc = document(env.db, grants=[row])
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.grants[0]["exercise_price"].value == "4.50"
    assert doc.grants[0]["shares_exercised"].value is None
    assert doc.grants[0]["shares_exercised"].confidence >= env.cfg.ledger.agree_confidence


def _exercised_after_ledger(env, raw: str):
    """A 'shares exercised' cell read as marks `raw` that parse to no count, once the ledger saw it."""
    row = grant_row("2001-05-14", 5000, "4.50", 0, 5000)
    row["shares_exercised"] = r(None, 0.05, raw=raw)
    doc = document(env.db, grants=[row])
    ledger.annotate(env.db, env.cfg, doc)
    return doc.grants[0]["shares_exercised"]


def test_marks_with_no_digit_in_exercised_stay_blank_but_a_misread_0_takes_the_ledgers(tmp_path):
    env = Env(tmp_path)
    # Marks that are no count (the remains of a rule read as "____") are no number either:
    # the paper holds none, and none exercised is what the ledger says.
    marks = _exercised_after_ledger(env, "____")
    assert marks.value is None
    assert marks.confidence >= env.cfg.ledger.agree_confidence
    # A typed rule with a cell border's stub before it (seed 3232) is a rule's remains too.
    assert _exercised_after_ledger(env, "1--------").value is None
    # A 0 with a rule's end before it ("=0") is a misread count: the ledger's 0 stands.
    assert _exercised_after_ledger(env, "=0").value == 0
    assert _exercised_after_ledger(env, "0---").value == 0
    assert _exercised_after_ledger(env, "0--------").value == 0


def test_a_disagreement_beyond_a_misread_goes_to_review_with_both_values(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, grants=[grant_row("2001-05-14", 90000, "4.50", 0, 5000, conf=0.99)])
    env.store(doc)
    g = doc.grants[0]["shares_granted"]
    assert g.value == 90000 and g.needs_review and g.evidence["ledger_expected"] == 5000
    msg = next(p.message for p in doc.problems if p.code == "ledger_mismatch")
    assert "90,000" in msg and "5,000" in msg and "G-2001-044" in msg


def test_a_tender_above_granted_less_exercised_is_a_problem(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 9000)])
    env.store(doc)
    assert "tender_exceeds_available" in codes(doc)
    assert doc.grants[0]["shares_tendered"].needs_review
    partial = document(env.db, grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 3000)])
    ledger.annotate(env.db, env.cfg, partial)
    assert "tender_exceeds_available" not in codes(partial)    # a partial tender is allowed


def test_a_row_matching_no_grant_is_a_problem(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, grants=[grant_row("1996-01-01", 777, "99.00", 5, 777)])
    ledger.annotate(env.db, env.cfg, doc)
    assert "unmatched_grant" in codes(doc)


def test_six_month_grants_left_off_are_named_but_not_added_to_the_rows(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db)
    ledger.annotate(env.db, env.cfg, doc)
    p = next(p for p in doc.problems if p.code == "six_month_grants_included")
    assert "G-2002-101" in p.message and not p.needs_decision
    assert len(doc.grants) == 1
    listed = document(env.db, grants=[grant_row("2001-05-14", 5000, "4.50", 0, 5000),
                                      grant_row("2002-11-04", 3000, "2.75", 0, 3000)])
    ledger.annotate(env.db, env.cfg, listed)
    assert "six_month_grants_included" not in codes(listed)
    declined = document(env.db, tender=False, grants=[])
    ledger.annotate(env.db, env.cfg, declined)
    assert "six_month_grants_included" not in codes(declined)


def test_a_change_notice_is_matched_to_its_holder(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", name="John Smith", ssn="487-65-4321")
    env.store(doc)
    assert doc.holder.value == "E1002" and not doc.holder.needs_review


def test_an_address_line_of_mere_marks_is_dropped(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, address="12 Elm St, Nashua NH 03060, -~-")
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.fields["address"].value == "12 Elm St, Nashua NH 03060"
    assert doc.fields["address"].origin == "ledger"
