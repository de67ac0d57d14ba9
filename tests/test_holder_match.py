"""Every form finds its holder from all its evidence, or goes to a person with the candidates.

Documents are built and recorded the way the pipeline records them (annotate, decide,
store) in a real SQLite home with the fixture ledger (Jane Q. Doe E1001, John Smith E1002,
James Doe E1003); the desk runs through the same `Session` loop the terminal runs.
"""
from __future__ import annotations

import json

from intake import elections, holders, ledger
from intake.db import events_for
from ledger_fixtures import Env, document, grant_row, r
from review import actions, queue, terminal


def codes(doc):
    return [p.code for p in doc.problems]


def ranked(env, doc):
    return holders.rank(ledger.load(env.db), holders.Evidence.of_document(doc))


def test_ssn_in_part_an_initial_and_the_grants_find_the_holder(tmp_path):
    env = Env(tmp_path)
    # two SSN digits misread, the name as initial and surname (fits E1001 and E1003 alike)
    doc = document(env.db, name="J. Doe", ssn="123-45-6700", address=None,
                   grants=[grant_row("2001-05-14", 5000, "4.50", 0, 5000), grant_row("1999-06-01", 10000, "12.50",
                                                                                   2000, 8000)])
    doc.fields["ssn"] = r("123-45-6700", 0.6)
    best, second = ranked(env, doc)[:2]
    assert best.holder_id == "E1001"
    assert any(x.startswith("SSN two digits off") for x in best.reasons)
    assert any("2 of 2 grant(s) listed match theirs" in x for x in best.reasons)
    assert any("initial and surname" in x for x in best.reasons)
    assert second.holder_id == "E1003" and best.score - second.score >= holders.AUTO_MARGIN
    env.store(doc)
    assert doc.holder.value == "E1001" and not doc.holder.needs_review
    assert not {"unknown_holder", "ambiguous_holder"} & set(codes(doc))
    assert doc.holder.evidence["candidates"][0]["holder_id"] == "E1001"


def test_the_last_four_digits_read_where_the_rest_was_not(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", name="Jane Doe", ssn=None)
    doc.fields["ssn"] = r(None, 0.3, raw="~~~ ~~ 6789")
    best = ranked(env, doc)[0]
    assert best.holder_id == "E1001" and best.reasons[0].startswith("last four digits of the SSN match")
    ledger.annotate(env.db, env.cfg, doc)
    assert doc.holder.value == "E1001" and doc.holder.confidence >= env.cfg.reading.review_threshold


def test_a_near_tie_goes_to_review_with_both_candidates(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", name="J. Doe", ssn=None)
    doc.fields["ssn"] = r(None, 0.95, evidence={"blank": True})
    env.store(doc)
    assert doc.holder.value is None and doc.holder.needs_review
    assert "ambiguous_holder" in codes(doc)
    shown = [c["holder_id"] for c in doc.holder.evidence["candidates"][:2]]
    assert sorted(shown) == ["E1001", "E1003"]
    # one reading against John Smith (the surname) does not rule him out: it may be a misread
    assert sorted(holders.could_be(ranked(env, doc))) == ["E1001", "E1002", "E1003"]
    # two do: the surname and an SSN, both clearly read, that are not his
    doc.fields["holder_name"] = r("J. Doe", 0.97)
    doc.fields["ssn"] = r("111-22-3333", 0.97)
    assert sorted(holders.could_be(ranked(env, doc))) == ["E1001", "E1003"]


def test_a_wrong_but_plausible_ledger_entry_is_not_matched_automatically(tmp_path):
    env = Env(tmp_path)
    # Someone not in the ledger whose name is John Smith's: the SSN, clearly read, is not his,
    # and the grants listed are none of his.
    doc = document(env.db, name="John Smith", ssn="401-77-1234", address="9 Birch Rd, Hudson NH 03051",
                   grants=[grant_row("1997-02-02", 700, "9.00", 0, 700)])
    env.store(doc)
    assert doc.holder.needs_review and doc.holder.confidence < env.cfg.reading.review_threshold
    e1002 = next(c for c in ranked(env, doc) if c.holder_id == "E1002")
    assert any("not theirs" in x for x in e1002.reasons) and e1002.contradicted
    # and the same name with a one-digit SSN misread is John Smith, automatically
    doc2 = document(env.db, "change_notice", name="John Smith", ssn="987-65-4329")
    env.store(doc2)
    assert doc2.holder.value == "E1002" and not doc2.holder.needs_review


def test_the_stated_confidence_grows_with_the_evidence(tmp_path):
    env = Env(tmp_path)
    name_only = document(env.db, "change_notice", name="Jane Q. Doe", ssn=None)
    name_only.fields["ssn"] = r(None, 0.95, evidence={"blank": True})
    everything = document(env.db)
    for doc in (name_only, everything):
        ledger.annotate(env.db, env.cfg, doc)
    assert name_only.holder.value == everything.holder.value == "E1001"
    assert env.cfg.reading.review_threshold <= name_only.holder.confidence < everything.holder.confidence
    assert everything.holder.confidence >= 0.99


def test_a_document_with_no_evidence_rules_out_no_one(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", name=None, ssn=None)
    doc.fields["holder_name"] = r(None, 0.0)
    doc.fields["ssn"] = r(None, 0.0)
    assert holders.Evidence.of_document(doc).is_empty()
    assert sorted(holders.could_be(ranked(env, doc))) == ["E1001", "E1002", "E1003"]
    env.store(doc)
    assert "unknown_holder" in codes(doc) and doc.holder.value is None


def test_the_desk_shows_the_candidates_and_a_number_picks_one(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", name="J. Doe", ssn=None)
    doc.fields["ssn"] = r(None, 0.95, evidence={"blank": True})
    doc_id = env.store(doc)
    ids = [c["holder_id"] for c in actions.holder_candidates(env.db, doc_id)]
    pick = ids.index("E1003") + 1
    out: list[str] = []
    picked: list[str] = []

    def answer(_prompt: str) -> str:
        """Skip every task until the candidates are shown; pick, then quit."""
        if picked:
            return "q"
        task = max(i for i, line in enumerate(out) if line.startswith("── task"))
        if any(line.startswith("candidates") for line in out[task:]):
            picked.append(str(pick))
            return str(pick)
        return "s"

    session = terminal.Session(env.db, "alice", 10, read=answer, write=out.append)
    session.run()
    text = "\n".join(out)
    assert "candidates (by all the evidence" in text
    assert f"  {pick}. E1003  James Doe  score" in text and "initial and surname fit" in text
    assert "222-33-4444" not in text and "123-45-6789" not in text     # no SSN on the screen
    assert "holder E1003 (James Doe) set" in text
    row = env.db.execute("SELECT value, needs_review, origin FROM fields WHERE document_id = ? AND key = 'holder_id'",
                         [doc_id]).fetchone()
    assert json.loads(row[0]) == "E1003" and row[1] == 0 and row[2] == "review"
    open_codes = [c for (c,) in env.db.execute("SELECT code FROM problems WHERE document_id = ? AND resolved = 0",
                                               [doc_id]).fetchall()]
    assert "ambiguous_holder" not in open_codes
    assert not [t for t in queue.open_tasks(env.db) if t.document_id == doc_id and terminal.is_holder_task(t)]
    event = next(e for e in events_for(env.db, doc_id) if e["kind"] == "holder_assigned")
    assert event["actor"] == "alice" and event["detail"]["new"] == "E1003" and event["detail"]["rank"] == pick
    assert event["detail"]["reasons"]
    e = next(x for x in elections.compute(env.db, env.cfg) if x["holder_id"] == "E1003")
    assert e["outcome"] == "rejected" and e["standing_document"] == doc_id
    assert any("holder_id None -> E1003 by alice" in n for n in e["explanation"])


def test_a_holder_typed_in_review_resolves_the_holder_problem(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, name="Zed Zulu", ssn="555-55-5555")
    doc_id = env.store(doc)
    assert "unknown_holder" in codes(doc)
    actions.correct_field(env.db, doc_id, "holder_id", "E1002", "bob")
    assert env.db.execute("SELECT count(*) FROM problems WHERE document_id = ? AND code = 'unknown_holder' "
                          "AND resolved = 0", [doc_id]).fetchone()[0] == 0
    assert elections.open_documents(env.db, env.cfg)["unmatched"] == 0


def test_the_report_says_at_the_top_how_many_documents_are_unmatched(tmp_path):
    import csv
    import io
    from datetime import datetime

    from intake import report
    from ledger_fixtures import NY
    env = Env(tmp_path)
    env.store(document(env.db, received=datetime(2003, 3, 20, 9, 0, tzinfo=NY)))
    unknown = document(env.db, name=None, ssn=None, address=None, received=datetime(2003, 3, 21, 9, 0, tzinfo=NY),
                       grants=[grant_row("2000-07-07", 900, "3.00", 0, 900)])
    for key in ("holder_name", "ssn", "address"):
        unknown.fields[key] = r(None, 0.0)
    env.store(unknown)
    texts = report.build(env.db, env.cfg, None, ["json", "html", "csv"])
    data = json.loads(texts["json"])
    assert list(data)[:2] == ["report", "open_documents"]
    opened = data["open_documents"]
    assert opened["unmatched"] == 1 and opened["unrecognised"] == 0 and opened["final"] is False
    assert opened["headline"].startswith("Results are NOT final: 1 document received is not yet matched to a holder")
    assert [o["document_id"] for o in opened["documents"]] == [unknown.document_id]
    html = texts["html"]
    assert html.index("Results are NOT final: 1 document received is not yet matched") < html.index("<h2>")
    rows = {row["document_id"]: row for row in csv.DictReader(io.StringIO(texts["csv"]))}
    assert rows[unknown.document_id]["holder_open"] == "unmatched"
    assert [row["holder_open"] for k, row in rows.items() if k != unknown.document_id] == [""]
    # the reviewer says who sent it: the report is final
    actions.assign_holder(env.db, unknown.document_id, "E1003", "alice")
    for key, value in (("holder_name", "James Doe"), ("ssn", "222-33-4444"), ("address", "7 Oak Ave, Salem NH 03079")):
        actions.correct_field(env.db, unknown.document_id, key, value, "alice")
    data = json.loads(report.build(env.db, env.cfg, None, ["json"])["json"])
    assert data["open_documents"]["unmatched"] == 0


def test_an_unrecognised_document_said_to_be_a_notice_then_matched_settles_the_standings(tmp_path):
    from click.testing import CliRunner

    from intake.cli_common import IntakeGroup
    from review.cli import review_group
    env = Env(tmp_path)
    env.store(document(env.db, name="John Smith", ssn="987-65-4321", address="40 Main St, Pelham NH 03076",
                       grants=[grant_row("2000-02-10", 2500, "8.00", 0, 2500)]))
    from datetime import datetime

    from ledger_fixtures import NY
    other = document(env.db, "other", received=datetime(2003, 3, 27, 9, 0, tzinfo=NY))
    other.fields = {}
    other.add_problem("unrecognised_document", "not recognisably a form")
    doc_id = env.store(other)
    assert all(e["provisional"] for e in elections.compute(env.db, env.cfg) if e["in_ledger"])
    res = actions.set_document_type(env.db, doc_id, "notice", "the title was cut off by the fax", "alice")
    assert res["document_type"] == "change_notice" and "holder_id" in res["fields_added"]
    opened = elections.open_documents(env.db, env.cfg)
    assert opened["unrecognised"] == 0 and opened["unmatched"] == 1
    assert all(e["provisional"] for e in elections.compute(env.db, env.cfg) if e["in_ledger"])
    cli = IntakeGroup("intake")
    cli.add_command(review_group)
    runner = CliRunner()
    home = ["--home", str(env.home.root), "--reviewer", "alice"]
    shown = runner.invoke(cli, ["review", "holder", doc_id, *home], catch_exceptions=False)
    assert shown.exit_code == 0 and "E1002  John Smith" in shown.output
    fields = {"holder_name": "John Smith", "ssn": "987-65-4321", "signature_present": "yes",
              "signed_at": "2003-03-24"}
    for key, value in fields.items():
        actions.correct_field(env.db, doc_id, key, value, "alice")
    # with the fields typed in, the evidence ranks John Smith first: pick candidate 1
    res = runner.invoke(cli, ["review", "holder", doc_id, "1", *home], catch_exceptions=False)
    assert res.exit_code == 0 and "set to E1002" in res.output, res.output
    out = {e["holder_id"]: e for e in elections.compute(env.db, env.cfg)}
    assert not any(e["provisional"] for e in out.values())
    assert out["E1002"]["outcome"] == "rejected" and out["E1002"]["standing_document"] == doc_id
    decided = next(n for n in out["E1002"]["explanation"] if n.startswith("Decided by"))
    assert "document_type other -> change_notice by alice" in decided and "holder_id None -> E1002" in decided


def test_picking_a_candidate_by_number_in_a_real_terminal(tmp_path):
    import os
    import sys

    import pexpect
    env = Env(tmp_path)
    doc = document(env.db, "change_notice", name="J. Doe", ssn=None)
    doc.fields["ssn"] = r(None, 0.95, evidence={"blank": True})
    doc_id = env.store(doc)
    pick = [c["holder_id"] for c in actions.holder_candidates(env.db, doc_id)].index("E1001") + 1
    cmd = [sys.executable, "-m", "review.cli", "--home", str(env.home.root), "work", "--reviewer", "carol", "--no-draw"]
    child = pexpect.spawn(cmd[0], cmd[1:], env={**os.environ, "LANG": "C.UTF-8"}, encoding="utf-8", timeout=20,
                          dimensions=(40, 120))
    while True:
        child.expect(r"── task (\S+) ")
        task = child.match.group(1)
        child.expect("> ")
        if "candidates (by all the evidence" in child.before:
            break
        child.sendline("s")
    assert f"{pick}. E1001  Jane Q. Doe" in child.before and "***" not in child.before
    child.sendline("9")
    child.expect(r"! Pick a candidate from 1 to \d+\.")
    child.sendline(str(pick))
    child.expect(r"holder E1001 \(Jane Q\. Doe\) set")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert task.startswith(doc_id)
    row = env.db.execute("SELECT value FROM fields WHERE document_id = ? AND key = 'holder_id'", [doc_id]).fetchone()
    assert json.loads(row[0]) == "E1001"


def test_documents_read_before_the_ledger_was_loaded_find_their_holders_at_import(tmp_path):
    from click.testing import CliRunner

    from intake.cli_common import IntakeGroup
    from intake.roster import roster_group
    from ledger_fixtures import ROSTER
    env = Env(tmp_path, with_roster=False)
    known = env.store(document(env.db))
    tie = document(env.db, "change_notice", name="J. Doe", ssn=None)
    tie.fields["ssn"] = r(None, 0.95, evidence={"blank": True})
    tie_id = env.store(tie)
    assert env.db.execute("SELECT count(*) FROM fields WHERE key = 'holder_id'").fetchone()[0] == 0
    path = tmp_path / "ledger.csv"
    path.write_text(ROSTER, encoding="utf-8")
    cli = IntakeGroup("intake")
    cli.add_command(roster_group)
    res = CliRunner().invoke(cli, ["roster", "import", str(path), "--home", str(env.home.root)],
                             catch_exceptions=False)
    assert res.exit_code == 0 and "2 document(s) read before the ledger was loaded" in res.output
    row = env.db.execute("SELECT value, needs_review FROM fields WHERE document_id = ? AND key = 'holder_id'",
                         [known]).fetchone()
    assert json.loads(row[0]) == "E1001" and row[1] == 0
    assert any(t.document_id == tie_id and terminal.is_holder_task(t) for t in queue.open_tasks(env.db))
    assert "holder_matched" in [e["kind"] for e in events_for(env.db, known)]
    out = {e["holder_id"]: e for e in elections.compute(env.db, env.cfg)}
    assert out["E1001"]["outcome"] == "tendered"
