"""Importing the option ledger and looking a holder up."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from intake import roster
from intake.cli_common import IntakeGroup
from intake.db import open_db
from intake.errors import BadInput
from intake.home import resolve
from ledger_fixtures import ROSTER

HEADER = ROSTER.splitlines()[0]


def cli():
    group = IntakeGroup("intake")
    group.add_command(roster.roster_group)
    return group


def run(home, *args):
    return CliRunner().invoke(cli(), [*args, "--home", str(home)], catch_exceptions=False)


def counts(db):
    return (db.execute("SELECT count(*) FROM holders").fetchone()[0],
            db.execute("SELECT count(*) FROM ledger_grants").fetchone()[0])


def test_import_loads_holders_and_grants(tmp_path):
    db = open_db(tmp_path / "i.db")
    (tmp_path / "r.csv").write_text(ROSTER, encoding="utf-8")
    res = roster.import_csv(db, tmp_path / "r.csv", actor="t")
    assert (res.rows_read, res.rows_loaded, res.holders_added, res.grants_added) == (5, 5, 3, 5)
    assert counts(db) == (3, 5)
    rec = roster.holder_record(db, "E1001")
    assert rec["ssn"] == "123-45-6789" and [g["grant_number"] for g in rec["grants"]] == [
        "G-1999-001", "G-2001-044", "G-2002-101"]
    assert db.execute("SELECT count(*) FROM events WHERE kind = 'roster_imported'").fetchone()[0] == 1


def test_a_second_import_updates_rather_than_duplicates(tmp_path):
    db = open_db(tmp_path / "i.db")
    path = tmp_path / "r.csv"
    path.write_text(ROSTER, encoding="utf-8")
    roster.import_csv(db, path)
    changed = ROSTER.replace("G-2000-010,2000-02-10,2500,8.00,0", "G-2000-010,2000-02-10,2500,8.00,500")
    changed = changed.replace("40 Main St, Pelham", "41 Main St, Pelham")
    path.write_text(changed + "E1004,Ann Lee,111-22-3333,,G-2001-050,2001-01-02,100,1.00,0\n", encoding="utf-8")
    res = roster.import_csv(db, path)
    assert counts(db) == (4, 6)
    assert (res.holders_added, res.holders_updated, res.grants_added, res.grants_updated) == (1, 1, 1, 1)
    assert roster.holder_record(db, "E1002")["grants"][0]["shares_exercised"] == 500
    assert roster.holder_record(db, "john smith")["address"] == "41 Main St, Pelham NH 03076"


def test_a_malformed_row_is_reported_with_its_line_and_the_good_rows_load(tmp_path):
    db = open_db(tmp_path / "i.db")
    bad = (HEADER + "\n"
           "E1,Ann Lee,111-22-3333,\"1 A St,\nTown NH 03000\",G-1,2001-01-02,100,1.00,0\n"   # lines 2-3
           "E2,Bob Ray,12-345,,G-2,2001-01-02,100,1.00,0\n"                                     # line 4
           "E3,Cy Orr,222-33-4444,,G-3,2001-13-40,100,1.00,0\n"                                 # line 5
           "E4,Di Poe,333-44-5555,,G-4,2001-01-02,100,1.00,200\n"                               # line 6
           "E5,Ed Fay,444-55-6666,,G-5,2001-01-02,\"1,000\",$2.5,0\n")                          # line 7
    (tmp_path / "r.csv").write_text(bad, encoding="utf-8")
    res = roster.import_csv(db, tmp_path / "r.csv")
    assert [(e.line, e.reason.split()[0]) for e in res.errors] == [(4, "ssn"), (5, "grant_date"),
                                                                   (6, "shares_exercised")]
    assert "more than shares_granted" in res.errors[2].reason
    assert counts(db) == (2, 2)
    assert roster.holder_record(db, "E5")["grants"][0]["exercise_price"] == "2.50"
    assert "12-345" not in str(res.errors[0])     # an SSN is never echoed in clear


def test_conflicting_holder_facts_and_repeated_grants_are_row_errors(tmp_path):
    db = open_db(tmp_path / "i.db")
    text = (HEADER + "\n"
            "E1,Ann Lee,111-22-3333,,G-1,2001-01-02,100,1.00,0\n"
            "E1,Ann Leigh,111-22-3333,,G-2,2001-01-03,100,1.00,0\n"
            "E1,Ann Lee,111-22-3333,,G-1,2001-01-02,100,1.00,0\n"
            "E2,Bo Li,111-22-3333,,G-9,2001-01-02,100,1.00,0\n")
    (tmp_path / "r.csv").write_text(text, encoding="utf-8")
    res = roster.import_csv(db, tmp_path / "r.csv")
    assert [e.line for e in res.errors] == [3, 4, 5]
    assert "name differs from line 2" in res.errors[0].reason
    assert "listed again" in res.errors[1].reason and "already holder E1's" in res.errors[2].reason


def test_a_roster_without_the_contracts_columns_is_refused(tmp_path):
    db = open_db(tmp_path / "i.db")
    (tmp_path / "r.csv").write_text("holder_id,name\nE1,Ann\n", encoding="utf-8")
    with pytest.raises(BadInput, match="no column ssn"):
        roster.import_csv(db, tmp_path / "r.csv")
    assert counts(db) == (0, 0)


def test_the_commands_import_and_show_with_the_ssn_masked(tmp_path):
    home = resolve(tmp_path / "home").ensure().root
    (tmp_path / "r.csv").write_text(ROSTER + "E9,X,bad,,G,2001-01-01,1,1,0\n", encoding="utf-8")
    res = run(home, "roster", "import", str(tmp_path / "r.csv"))
    assert res.exit_code == 1
    assert "5 of 6 rows loaded" in res.output and "line 7: ssn" in res.output
    res = run(home, "roster", "show", "E1001")
    assert res.exit_code == 0
    assert "***-**-6789" in res.output and "123-45-6789" not in res.output
    assert "G-2002-101" in res.output and "8,000" in res.output      # open shares of G-1999-001
    assert "123-45-6789" in run(home, "roster", "show", "E1001", "--show-pii").output
    res = run(home, "roster", "show", "E4040")
    assert res.exit_code == 2 and "No holder 'E4040'" in res.output
