"""`intake evaluate` scores the way an acceptance run does (issue 14): a true document with
no output of its own, and a form split in two, are silent errors, not just a count."""
from __future__ import annotations

import json
import shutil

from intake import evaluate
from intake.db import open_db, transaction
from intake.home import Home

NOTICE, FORM = "0003.jpg", "0006.tif"     # a one-page change notice; a typed six-page form


def _small_set(demo_set, tmp_path):
    """Two files of the demo set, as a set of their own."""
    root = tmp_path / "set"
    (root / "inbox").mkdir(parents=True)
    (root / "truth").mkdir()
    for name in (NOTICE, FORM):
        shutil.copy(demo_set / "inbox" / name, root / "inbox" / name)
        if (demo_set / "inbox" / f"{name}.json").exists():
            shutil.copy(demo_set / "inbox" / f"{name}.json", root / "inbox" / f"{name}.json")
        shutil.copy(demo_set / "truth" / f"{name}.json", root / "truth" / f"{name}.json")
    return root


def _doc_of(db, source_name):
    return next(db.query("SELECT * FROM documents WHERE source_name = ?", [source_name]))


def _remove_output(db, source_name):
    """The notice's output is lost: no record of it at all."""
    doc_id = _doc_of(db, source_name)["document_id"]
    for table in ("fields", "grants", "problems", "documents"):
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])


def _split_in_two(db, source_name):
    """The form recorded as two documents, as a hard fax splits it: pages 1-3 a document of
    type `other`, pages 4-6 an Election Form of their own carrying every value, both accepted."""
    doc = _doc_of(db, source_name)
    first = doc["document_id"]
    second = first.replace("-p001", "-p004")
    db.execute("UPDATE documents SET pages = ?, document_type = 'other', status = 'accepted' "
               "WHERE document_id = ?", [json.dumps([1, 2, 3]), first])
    db["documents"].insert({**doc, "document_id": second, "pages": json.dumps([4, 5, 6]), "status": "accepted"})
    for table in ("fields", "grants"):
        rows = list(db.query(f"SELECT * FROM {table} WHERE document_id = ?", [first]))
        extra = {"needs_review": 0} if table == "fields" else {}
        db[table].insert_all([{**r, "document_id": second, **extra} for r in rows])
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [first])
    db.execute("DELETE FROM problems WHERE document_id = ?", [first])


def test_a_missing_document_and_a_form_split_in_two_are_silent_errors(demo_set, tmp_path):
    root = _small_set(demo_set, tmp_path)
    home = Home((tmp_path / "home").resolve())
    before = evaluate.summary(evaluate.evaluate(root, home))      # real reading, real Tesseract
    assert before["documents"]["matched"] == 2 and before["documents"]["found"] == 2
    db = open_db(home.db_path)
    notice_truth = json.loads((root / "truth" / f"{NOTICE}.json").read_text())["documents"][0]
    form_truth = json.loads((root / "truth" / f"{FORM}.json").read_text())["documents"][0]
    with transaction(db):
        _remove_output(db, NOTICE)
        _split_in_two(db, FORM)
    # The same files again: each is a duplicate of its first arrival, whose records now say
    # what a reading that lost the notice and split the form would have said.
    after = evaluate.summary(evaluate.evaluate(root, home))
    # Every value of the lost notice is automated and wrong; so is every value of the extra
    # half (7 fields and the grant cells), and the first half, typed `other`, lost the form's
    # fields (those not blank on the paper) and its grants.
    notice_values = len(notice_truth["fields"])
    extra_values = 7 + 5 * len(form_truth["grants"])
    first_half = sum(v is not None for v in form_truth["fields"].values()) + 5 * len(form_truth["grants"])
    assert after["overall"]["silent_errors"] >= notice_values + extra_values + first_half
    assert after["overall"]["n"] == before["overall"]["n"] + extra_values
    for key in ("holder_name", "ssn", "signed_at"):     # the notice's, the extra half's, the first half's
        assert after["fields"][key]["silent_errors"] >= 2 + (form_truth["fields"][key] is not None), key
    docs = after["documents"]
    assert (docs["found"], docs["matched"], docs["missing"], docs["extra"]) == (2, 1, 1, 1)
    assert docs["missing_flagged"] == 0 and docs["extra_flagged"] == 0
    failures = {(f["file"], tuple(f.get("missing_document") or f.get("extra_document") or ())): f
                for f in after["silent_failures"] if "missing_document" in f or "extra_document" in f}
    assert failures[(NOTICE, (1,))]["flagged"] is False
    assert failures[(FORM, (4, 5, 6))]["flagged"] is False
    text = evaluate.format_text(after)
    assert "documents missing 1 (flagged 0)   extra 1 (flagged 0)" in text


def test_documents_are_paired_by_the_pages_they_share():
    wants = [{"pages": [1, 2, 3, 4, 5, 6]}, {"pages": [7]}]
    gots = [{"pages": [1, 2, 3]}, {"pages": [4, 5, 6, 7]}, {"pages": [8]}]
    pairs, extra = evaluate.match_documents(wants, gots)
    assert [g["pages"] if g else None for _, g in pairs] == [[1, 2, 3], [4, 5, 6, 7]]
    assert extra == [{"pages": [8]}]
    pairs, extra = evaluate.match_documents(wants, [])
    assert [g for _, g in pairs] == [None, None] and extra == []


def test_each_doubt_check_is_counted_fired_caught_and_held_back():
    s = evaluate.Scores()
    field = {"value": "J. Doe", "confidence": 0.3, "needs_review": True, "doubts": ["name_not_a_person"]}
    evaluate._score_field(s, "holder_name", field, "Jane Doe")                # a wrong value caught
    evaluate._score_field(s, "holder_name", {**field, "value": "B. A. Edwards"}, "B. A. Edwards")  # held back
    evaluate._score_field(s, "holder_name", {"value": "Jane Doe", "confidence": 0.97, "needs_review": False},
                          "Jane Doe")
    summ = evaluate.summary(s)
    assert summ["doubts"] == {"name_not_a_person": {"fired": 2, "caught": 1, "held_back": 1}}
    assert "name_not_a_person                 2       1          1" in evaluate.format_text(summ)


def test_the_held_out_family_is_scored_on_its_own_line():
    s = evaluate.Scores()
    for meta, right in (({"held_out": True, "family": "boxed-above"}, False), ({"typeset": "classic"}, True)):
        s.current_groups = evaluate._groups(meta)
        evaluate._score_field(s, "ssn", {"value": "123-45-6789", "confidence": 0.97, "needs_review": False},
                              "123-45-6789" if right else "123-45-6788")
    summ = evaluate.summary(s)
    assert summ["held_out"]["n"] == 1 and summ["held_out"]["silent_errors"] == 1
    assert "family boxed-above (held out)" in summ["groups"]
    assert "held-out family: 1 values, automation 100.0%, silent error 100.0% (1)" in evaluate.format_text(summ)


def test_the_holder_is_scored_identified_or_silently_wrong():
    s = evaluate.Scores()
    want = {"pages": [1], "document_type": "other", "on_time": True, "fields": {}, "grants": [], "holder_id": "E1001"}
    for value, review in (("E1001", False), ("E1002", False), ("E1002", True), (None, False)):
        got = {"pages": [1], "document_type": "other", "status": "needs_review", "on_time": True,
               "fields": {}, "grants": [], "problems": [], "holder_id": {"value": value, "needs_review": review}}
        evaluate.score_file(s, {"source_name": "f.tif", "documents": [want]}, [got], with_holder=True)
    evaluate.score_file(s, {"source_name": "g.tif", "documents": [want]}, [], with_holder=True)   # no output
    assert evaluate.summary(s)["holder"] == {"n": 5, "identified": 0.2, "silently_wrong": 1}
    assert "holder identified 20.0% of 5   silently wrong 1" in evaluate.format_text(evaluate.summary(s))
