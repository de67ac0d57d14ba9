"""Each holder's standing election, from documents recorded in a real database."""
from __future__ import annotations

import json
from datetime import datetime

from click.testing import CliRunner

from intake import elections
from intake.cli_common import IntakeGroup
from intake.db import insert, transaction
from ledger_fixtures import NY, Env, document, grant_row, receipt


def at(day, hour=10, minute=0):
    return datetime(2003, 3, day, hour, minute, tzinfo=NY)


def entry(env, holder_id):
    return next(e for e in elections.compute(env.db, env.cfg) if e["holder_id"] == holder_id)


def roles(e):
    return [(d["source_name"], d["role"]) for d in e["documents"]]


def test_every_holder_is_listed_and_one_who_sent_nothing_has_no_election(tmp_path):
    env = Env(tmp_path)
    out = elections.compute(env.db, env.cfg)
    assert [e["holder_id"] for e in out] == ["E1001", "E1002", "E1003"]
    assert all(e["outcome"] == "no_election" and e["documents"] == [] for e in out)
    assert out[0]["ssn"] == "***-**-6789"


def test_a_tender_lists_its_grants_and_the_six_month_grants(tmp_path):
    env = Env(tmp_path)
    doc_id = env.store(document(env.db, grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 4000)]))
    e = entry(env, "E1001")
    assert e["outcome"] == "tendered" and e["standing_document"] == doc_id
    assert [(g["grant_number"], g["shares_tendered"], g["source"]) for g in e["grants"]] == [
        ("G-1999-001", 4000, "form"), ("G-2002-101", 3000, "six_month_rule")]
    assert e["shares_tendered"] == 7000
    assert any("G-2002-101" in n for n in e["explanation"])
    tot = elections.totals(elections.compute(env.db, env.cfg))
    assert tot["options_tendered"] == 7000 and tot["by_outcome"]["tendered"] == 1


def test_a_later_form_replaces_an_earlier_one_in_full(tmp_path):
    env = Env(tmp_path)
    first = document(env.db, received=at(20), grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 8000),
                                                      grant_row("2001-05-14", 5000, "4.50", 0, 5000)])
    second = document(env.db, received=at(27), grants=[grant_row("2001-05-14", 5000, "4.50", 0, 1000)])
    env.store(first)
    env.store(second)
    e = entry(env, "E1001")
    assert e["standing_document"] == second.document_id
    assert roles(e) == [(first.source_name, "replaced"), (second.source_name, "stands")]
    assert [g["grant_number"] for g in e["grants"]] == ["G-2001-044", "G-2002-101"]
    assert e["shares_tendered"] == 4000


def test_a_notice_withdraws_the_tender(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, received=at(20)))
    env.store(document(env.db, "change_notice", received=at(28)))
    e = entry(env, "E1001")
    assert e["outcome"] == "rejected" and "withdraws" in e["reason"]
    assert e["grants"] == [] and e["shares_tendered"] == 0


def test_a_form_after_a_notice_tenders_again(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, "change_notice", received=at(20)))
    form = document(env.db, received=at(28))
    env.store(form)
    e = entry(env, "E1001")
    assert e["outcome"] == "tendered" and e["standing_document"] == form.document_id


def test_a_late_form_is_listed_but_changes_nothing(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, "change_notice", received=at(20)))
    late = document(env.db, received=datetime(2003, 3, 31, 17, 1, tzinfo=NY))
    env.store(late)
    e = entry(env, "E1001")
    assert e["outcome"] == "rejected"
    assert (late.source_name, "late") in roles(e)
    assert any("after the deadline" in n for n in e["explanation"])


def test_the_deadline_minute_itself_is_on_time(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, received=datetime(2003, 3, 31, 17, 0, tzinfo=NY)))
    assert entry(env, "E1001")["outcome"] == "tendered"


def test_a_duplicate_resend_counts_once(tmp_path):
    env = Env(tmp_path)
    form = document(env.db, received=at(20))
    env.store(form)
    receipt(env.db, at(21), sha=form.sha256, duplicate_of=form.receipt_id)
    e = entry(env, "E1001")
    assert len(e["documents"]) == 1 and e["documents"][0]["resent_at"] == ["2003-03-21T10:00:00-05:00"]
    assert e["outcome"] == "tendered" and e["shares_tendered"] == 8000
    assert any("sent again unchanged" in n for n in e["explanation"])


def test_a_holder_not_in_the_ledger_is_listed_separately(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, name="Zed Zulu", ssn="555-55-5555"))
    out = elections.compute(env.db, env.cfg)
    assert [e["holder_id"] for e in out if e["in_ledger"]] == ["E1001", "E1002", "E1003"]
    stranger = out[-1]
    assert not stranger["in_ledger"] and stranger["name"] == "Zed Zulu" and stranger["ssn"] == "***-**-5555"
    assert stranger["outcome"] == "tendered"
    assert elections.totals(out)["not_in_ledger"] == 1


def test_an_unsigned_later_form_does_not_replace_a_signed_one(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, received=at(20)))
    unsigned = document(env.db, "change_notice", received=at(27), signed=False)
    env.store(unsigned)
    e = entry(env, "E1001")
    assert e["outcome"] == "tendered"
    assert (unsigned.source_name, "unsigned") in roles(e)


def test_a_reviewers_correction_and_a_waiver_change_the_outcome(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, tender=False)
    env.store(doc)
    e = entry(env, "E1001")
    assert e["outcome"] == "rejected" and e["defects"][0]["code"] == "tender_box_unmarked"
    with transaction(env.db):
        insert(env.db, "waivers", {"code": "tender_box_unmarked", "reason": "grants listed show intent",
                                   "actor": "cfo", "at": "2003-04-01T00:00:00+00:00"})
    e = entry(env, "E1001")
    assert e["outcome"] == "tendered" and e["waivers"][0]["by"] == "cfo"
    # a reviewer corrects the tender count: the election uses the corrected value, and says so
    with transaction(env.db):
        env.db.execute("UPDATE fields SET value = '2000', origin = 'review' WHERE document_id = ? "
                       "AND key = 'grants.0.shares_tendered'", [doc.document_id])
        insert(env.db, "events", {"at": "2003-04-01T00:00:00+00:00", "actor": "alice", "kind": "field_corrected",
                                  "document_id": doc.document_id,
                                  "detail": json.dumps({"key": "grants.0.shares_tendered", "old": 5000, "new": 2000})})
    e = entry(env, "E1001")
    assert e["grants"][0]["shares_tendered"] == 2000
    assert e["corrections"] == [{"document_id": doc.document_id, "key": "grants.0.shares_tendered", "old": 5000,
                                 "new": 2000, "by": "alice", "at": "2003-04-01T00:00:00+00:00"}]


def test_a_tender_above_what_is_left_is_rejected_unless_waived(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, grants=[grant_row("1999-06-01", 10000, "12.50", 2000, 9000)]))
    e = entry(env, "E1001")
    assert e["outcome"] == "rejected" and e["defects"][0]["code"] == "tender_exceeds_available"


def test_the_command_prints_text_and_json(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db))
    cli = IntakeGroup("intake")
    cli.add_command(elections.elections_command)
    runner = CliRunner()
    res = runner.invoke(cli, ["elections", "--home", str(env.home.root), "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["totals"]["options_tendered"] == 8000 and len(data["holders"]) == 3
    res = runner.invoke(cli, ["elections", "--home", str(env.home.root)], catch_exceptions=False)
    assert "E1001  Jane Q. Doe  ***-**-6789: TENDERED" in res.output
    assert "123-45-6789" not in res.output
    assert "8,000 options tendered" in res.output


# --- documents not yet matched or recognised keep the standings they could change provisional ----

def unreadable_tender(env, received, grants=None):
    """A signed, on-time tender whose SSN, name and address could not be read."""
    from ledger_fixtures import r
    doc = document(env.db, received=received, grants=grants)
    for key in ("holder_name", "ssn", "address"):
        doc.fields[key] = r(None, 0.0)
    return doc


def test_a_tender_whose_holder_is_unknown_keeps_every_standing_it_could_change_provisional(tmp_path):
    from review import actions
    env = Env(tmp_path)
    env.store(document(env.db, "change_notice", name="John Smith", ssn="987-65-4321", received=at(20)))
    later = document(env.db, "change_notice", name="James Doe", ssn="222-33-4444", received=at(28))
    env.store(later)
    unknown = unreadable_tender(env, at(25))
    env.store(unknown)
    assert unknown.holder.needs_review    # the grant is E1001's, but that alone is not enough
    by_id = {e["holder_id"]: e for e in elections.compute(env.db, env.cfg)}
    # E1001 sent nothing, E1002's notice came before it: either could be the sender
    for hid in ("E1001", "E1002"):
        e = by_id[hid]
        assert e["provisional"], hid
        assert "1 document received is not yet matched to a holder" in e["pending"]
        assert [o["document_id"] for o in e["open_documents"]] == [unknown.document_id]
    assert by_id["E1001"]["outcome"] == "tendered"        # proposed as E1001's, not yet confirmed
    assert by_id["E1001"]["explanation"][-1].startswith("Outcome (provisional): tendered")
    # E1003's notice came after it: whoever sent it, it cannot change E1003's standing
    assert not by_id["E1003"]["provisional"] and by_id["E1003"]["open_documents"] == []
    opened = elections.open_documents(env.db, env.cfg)
    tot = elections.totals(list(by_id.values()), opened)
    assert tot["unmatched_documents"] == 1 and tot["final"] is False
    assert elections.headline(tot).startswith("Results are NOT final: 1 document received is not yet matched")

    actions.assign_holder(env.db, unknown.document_id, "E1001", "alice", reason="phoned the sender")
    typed = (("holder_name", "Jane Q. Doe"), ("ssn", "123-45-6789"), ("address", "12 Elm St, Nashua NH 03060"))
    for key, value in typed:
        actions.correct_field(env.db, unknown.document_id, key, value, "alice")
    by_id = {e["holder_id"]: e for e in elections.compute(env.db, env.cfg)}
    assert by_id["E1001"]["outcome"] == "tendered" and not by_id["E1001"]["provisional"]
    assert by_id["E1002"]["outcome"] == "rejected" and not by_id["E1002"]["provisional"]
    decided = next(n for n in by_id["E1001"]["explanation"] if n.startswith("Decided by"))
    assert unknown.document_id in decided and "by alice" in decided and "-> E1001" in decided
    assert "ssn None -> ***-**-6789" in decided
    tot = elections.totals(list(by_id.values()), elections.open_documents(env.db, env.cfg))
    assert tot["final"] is True and tot["unmatched_documents"] == 0


def test_only_the_holders_not_ruled_out_are_provisional(tmp_path):
    env = Env(tmp_path)
    # "Jane Doe" (James Doe is a letter or two off) with an SSN, clearly read, that is nobody's
    doc = document(env.db, "change_notice", name="Jane Doe", ssn="111-22-3333")
    env.store(doc)
    assert doc.holder.value is None
    out = {e["holder_id"]: e for e in elections.compute(env.db, env.cfg)}
    assert out["E1001"]["provisional"] and out["E1003"]["provisional"]
    assert not out["E1002"]["provisional"]      # the surname and the SSN rule John Smith out


def test_a_late_or_unsigned_unknown_document_changes_no_standing(tmp_path):
    env = Env(tmp_path)
    env.store(unreadable_tender(env, datetime(2003, 4, 2, 9, 0, tzinfo=NY)))
    out = elections.compute(env.db, env.cfg)
    assert not any(e["provisional"] for e in out if e["in_ledger"])
    assert elections.open_documents(env.db, env.cfg)["unmatched"] == 1   # still counted as unmatched


def test_an_unrecognised_document_keeps_every_standing_provisional_until_a_person_looks(tmp_path):
    from review import actions
    env = Env(tmp_path)
    env.store(document(env.db, received=at(20)))
    other = document(env.db, "other", received=at(26))
    other.fields = {}
    other.add_problem("unrecognised_document", "not recognisably a form")
    env.store(other)
    out = elections.compute(env.db, env.cfg)
    assert all(e["provisional"] for e in out if e["in_ledger"])
    assert "1 document received is not yet recognised" in out[0]["pending"]
    opened = elections.open_documents(env.db, env.cfg)
    assert opened["unrecognised"] == 1 and elections.totals(out, opened)["final"] is False
    actions.resolve_problem(env.db, actions.problem_id_for(env.db, other.document_id, "unrecognised_document"),
                            "a letter about parking, not a form", "alice")
    out = elections.compute(env.db, env.cfg)
    assert not any(e["provisional"] for e in out)
    assert elections.totals(out, elections.open_documents(env.db, env.cfg))["final"] is True


def test_the_command_says_at_the_top_whether_the_results_are_final(tmp_path):
    env = Env(tmp_path)
    env.store(unreadable_tender(env, at(25), grants=[grant_row("2000-07-07", 900, "3.00", 0, 900)]))
    cli = IntakeGroup("intake")
    cli.add_command(elections.elections_command)
    runner = CliRunner()
    res = runner.invoke(cli, ["elections", "--home", str(env.home.root)], catch_exceptions=False)
    first = res.output.splitlines()[0]
    assert first == "Results are NOT final: 1 document received is not yet matched to a holder; " \
                    "4 standing(s) are provisional."
    second = res.output.splitlines()[1]
    assert second.startswith("  waiting on fax")
    assert second.endswith(": not yet matched to a holder; it could be anyone's")
    assert "E1001  Jane Q. Doe  ***-**-6789: NO ELECTION  [provisional: 1 document received is not yet " \
           "matched to a holder]" in res.output
    assert "- provisional: 1 document received is not yet matched to a holder" in res.output
    data = json.loads(runner.invoke(cli, ["elections", "--home", str(env.home.root), "--json"]).output)
    assert list(data)[:2] == ["headline", "totals"]
    assert data["totals"]["final"] is False and data["totals"]["unmatched_documents"] == 1
    assert all(h["provisional"] for h in data["holders"])


def test_a_file_set_aside_as_unreadable_rules_out_no_one(tmp_path):
    env = Env(tmp_path)
    env.store(document(env.db, received=at(20)))
    rid, _sha = receipt(env.db, at(24))
    with transaction(env.db):
        env.db.execute("UPDATE receipts SET state = 'quarantined', error = 'not a TIFF' WHERE id = ?", [rid])
    late, _ = receipt(env.db, datetime(2003, 4, 1, 9, 0, tzinfo=NY))
    with transaction(env.db):
        env.db.execute("UPDATE receipts SET state = 'quarantined' WHERE id = ?", [late])
    out = elections.compute(env.db, env.cfg)
    assert all(e["provisional"] for e in out)
    assert "1 file received is not read (waiting, or set aside as unreadable)" in out[0]["pending"]
    opened = elections.open_documents(env.db, env.cfg)
    assert opened["unread"] == 1                     # the late one could change nothing
    assert "1 file received is not read" in elections.headline(elections.totals(out, opened))
