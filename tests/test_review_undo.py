"""Undo: a reviewer's rejection, a waiver or a resolution reversed by a later event, never deleted."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from intake.cli import cli
from intake.errors import UsageError
from ledger_fixtures import Env, document, grant_row
from review import actions


def status(env, doc_id):
    return env.db.execute("SELECT status FROM documents WHERE document_id = ?", [doc_id]).fetchone()[0]


def event_id(env, kind):
    return env.db.execute("SELECT max(id) FROM events WHERE kind = ?", [kind]).fetchone()[0]


def test_a_rejection_undone_puts_the_document_back_as_it_was(tmp_path):
    env = Env(tmp_path)
    doc_id = env.store(document(env.db, grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 4000, conf=0.5)]))
    assert status(env, doc_id) == "needs_review"
    actions.reject_document(env.db, doc_id, "signed by someone else", "bob")
    assert status(env, doc_id) == "rejected"
    res = actions.undo(env.db, event_id(env, "document_rejected"), "it is his signature", "carol")
    assert res["status"] == "needs_review" and res["reopened_fields"] == ["grants.0.shares_tendered"]
    assert status(env, doc_id) == "needs_review"
    assert env.db.execute("SELECT count(*) FROM review_rejections").fetchone()[0] == 0
    kept = env.db.execute("SELECT actor, reason, undone_by, undo_reason FROM review_rejections_undone").fetchall()
    assert kept == [("bob", "signed by someone else", "carol", "it is his signature")]
    kinds = [r[0] for r in env.db.execute("SELECT kind FROM events WHERE document_id = ? ORDER BY id", [doc_id])]
    assert kinds.count("document_rejected") == 1 and "rejection_undone" in kinds
    with pytest.raises(UsageError, match="no longer in force"):
        actions.undo(env.db, event_id(env, "document_rejected"), "again", "carol")
    # It can be rejected again, and that rejection undone in turn.
    actions.reject_document(env.db, doc_id, "second look: wrong person", "bob")
    actions.undo(env.db, event_id(env, "document_rejected"), "no, right person", "dana")
    assert env.db.execute("SELECT count(*) FROM review_rejections_undone").fetchone()[0] == 2


def test_a_waiver_revoked_reopens_the_problems_it_resolved(tmp_path):
    env = Env(tmp_path)
    doc_id = env.store(document(env.db, signed=False))
    assert status(env, doc_id) == "needs_review"
    actions.accept_field(env.db, doc_id, "signature_present", "alice")     # read unsigned: confirmed
    actions.waive(env.db, "missing_signature", "signatures are not needed", "cfo")
    assert status(env, doc_id) == "accepted"
    res = actions.undo(env.db, event_id(env, "waiver_recorded"), "counsel says they are", "cfo")
    assert res["documents"] == {doc_id: "needs_review"}
    row = env.db.execute("SELECT revoked_by, revoke_reason FROM waivers").fetchone()
    assert row == ("cfo", "counsel says they are")
    assert env.db.execute("SELECT resolved FROM problems WHERE document_id = ? AND code = 'missing_signature'",
                          [doc_id]).fetchone()[0] == 0
    with pytest.raises(UsageError, match="already revoked"):
        actions.undo(env.db, event_id(env, "waiver_recorded"), "again", "cfo")


def test_a_resolution_undone_opens_the_problem_again(tmp_path):
    env = Env(tmp_path)
    doc_id = env.store(document(env.db, signed=False))
    actions.accept_field(env.db, doc_id, "signature_present", "alice")     # read unsigned: confirmed
    actions.resolve_problem(env.db, actions.problem_id_for(env.db, doc_id, "missing_signature"),
                            "signed on page 2", "alice")
    assert status(env, doc_id) == "accepted"
    actions.undo(env.db, event_id(env, "problem_resolved"), "page 2 is someone else's", "bob")
    assert status(env, doc_id) == "needs_review"


def run(env, *args):
    return CliRunner().invoke(cli, ["review", *args, "--home", str(env.home.root)], catch_exceptions=False)


def test_the_command_lists_what_can_be_undone_and_undoes_it(tmp_path):
    env = Env(tmp_path)
    doc_id = env.store(document(env.db))
    actions.reject_document(env.db, doc_id, "duplicate of a hand delivery", "bob")
    listed = [json.loads(line) for line in run(env, "undo", "--list", "--json").stdout.splitlines()]
    assert [(r["kind"], r["what"]) for r in listed] == [("rejection", doc_id)]
    res = run(env, "undo", str(listed[0]["event_id"]), "--reason", "not a duplicate", "--reviewer", "carol")
    assert res.exit_code == 0 and "rejection undone" in res.stdout
    assert run(env, "undo", "--list").stdout == ""
    bad = run(env, "undo", str(event_id(env, "document_recorded")), "--reason", "x")
    assert bad.exit_code == 2 and "only a rejection, a waiver" in bad.stderr
    assert run(env, "undo", "999", "--reason", "x").exit_code == 2
    assert run(env, "undo", str(listed[0]["event_id"])).exit_code == 2          # no reason
