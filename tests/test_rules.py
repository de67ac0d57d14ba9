"""The Offer's rules, one by one, on a document's facts."""
from __future__ import annotations

from datetime import datetime

from intake import ledger, rules
from intake.config import parse
from intake.fieldspec import GRANT_FIELDS
from intake.model import Reading
from ledger_fixtures import NY, Env, document

CFG = parse("")
ON_TIME = "2003-03-25T10:00:00-05:00"


def facts(doc_type="election_form", *, on_time=True, received=ON_TIME, grants=1, **fields):
    base = {"tender_elected": True, "signature_present": True, "signed_at": "2003-03-20T09:30",
            "holder_name": "Jane Q. Doe", "ssn": "123-45-6789"}
    base.update(fields)
    rows = [{"grant_date": "2001-05-14", "shares_granted": 5000, "exercise_price": "4.50",
             "shares_exercised": 0, "shares_tendered": 5000}] * grants
    return rules.Facts(doc_type, on_time, received, base, rows if doc_type == "election_form" else [])


def codes(f):
    return [p.code for p in rules.check(f, CFG)]


def test_a_proper_form_breaks_no_rule():
    assert codes(facts()) == []
    assert codes(facts("change_notice")) == []


def test_a_tender_needs_the_yes_box():
    assert codes(facts(tender_elected=False)) == ["tender_box_unmarked"]
    assert codes(facts(tender_elected=False, grants=0)) == []      # a form returned blank tenders nothing
    assert codes(facts(tender_elected=None)) == []                 # not read yet: review decides first


def test_a_signature_is_required_on_forms_and_notices():
    assert codes(facts(signature_present=False)) == ["missing_signature"]
    p = rules.check(facts("change_notice", signature_present=False), CFG)[0]
    assert p.code == "missing_signature" and "notice" in p.message and p.needs_decision


def test_late_is_after_the_deadline_as_an_instant():
    p = rules.check(facts(on_time=False, received="2003-03-31T22:05:00+00:00"), CFG)
    assert [x.code for x in p] == ["late"]
    assert "2003-03-31 17:05" in p[0].message and "America/New_York" in p[0].message


def test_the_signing_date_must_fall_inside_the_offer_period():
    assert codes(facts(signed_at="2003-02-10")) == ["signed_outside_offer"]
    assert codes(facts(signed_at="2003-03-26T08:00")) == ["signed_outside_offer"]   # after it arrived
    assert codes(facts(signed_at="2003-03-25T09:59")) == []
    assert codes(facts(signed_at="2003-03-25")) == []
    assert codes(facts(signed_at=None)) == []


def test_at_reading_acts_only_on_a_clear_tender_box(tmp_path):
    env = Env(tmp_path, with_roster=False)
    doc = document(env.db, tender=False)
    assert [p.code for p in rules.at_reading(doc, env.cfg)] == ["tender_box_unmarked"]
    doc.fields["tender_elected"] = Reading(False, 0.5)
    assert rules.at_reading(doc, env.cfg) == []


def test_rules_are_checked_on_documents_as_read_with_or_without_a_roster(tmp_path):
    env = Env(tmp_path, with_roster=False)
    doc = document(env.db, tender=False, signed=False,
                   received=datetime(2003, 4, 1, 9, 0, tzinfo=NY))
    env.store(doc)
    found = {p.code for p in doc.problems}
    assert {"tender_box_unmarked", "missing_signature", "late"} <= found
    # Read unsigned: the defect is raised, and the reading goes to a person too (read_unsigned).
    assert "read_unsigned" in doc.fields["signature_present"].evidence["doubts"]
    assert doc.fields["signature_present"].needs_review
    stored = {r["code"] for r in env.db.query("SELECT code FROM problems WHERE document_id = ?",
                                              [doc.document_id])}
    assert found == stored


def test_facts_of_record_carry_the_current_values(tmp_path):
    env = Env(tmp_path)
    doc = document(env.db, signed=False)
    doc_id = env.store(doc)
    env.db.execute("UPDATE fields SET value = 'true', origin = 'review' WHERE document_id = ? "
                   "AND key = 'signature_present'", [doc_id])
    f = rules.Facts.of_record(env.db, doc_id)
    assert f.fields["signature_present"] is True and f.grants[0]["shares_tendered"] == 5000
    assert "missing_signature" not in [p.code for p in rules.check(f, env.cfg)]


def test_annotate_keeps_a_problem_once_per_code(tmp_path):
    env = Env(tmp_path, with_roster=False)
    doc = document(env.db, tender=False)
    ledger.annotate(env.db, env.cfg, doc)
    ledger.annotate(env.db, env.cfg, doc)
    assert [p.code for p in doc.problems].count("tender_box_unmarked") == 1


def test_a_count_beside_a_date_written_but_not_read_is_doubted():
    # "Sep 30, 1998" cut at its cell's edge: the date reads "Sep 30," (no date) and the
    # year runs into the count beside it, read as 19983000 however steadily.
    from intake import checks
    from ledger_fixtures import grant_row
    row = grant_row("2001-05-14", 19983000, "4.50", 0, 3000)
    row["grant_date"] = Reading(None, 0.05, engine="test", evidence={"ppocr": "Sep 30,"})
    checks._grant_checks(row, CFG)
    assert row["shares_granted"].confidence < CFG.reading.review_threshold
    assert "the grant date beside it was written but not read" in row["shares_granted"].evidence["checks_failed"]
    # A blank date place says nothing of its neighbour.
    row = grant_row("2001-05-14", 3000, "4.50", 0, 3000)
    row["grant_date"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    assert "the grant date beside it was written but not read" not in row["shares_granted"].evidence.get(
        "checks_failed", [])



def test_a_listed_grant_with_no_shares_tendered_is_doubted():
    # A row written one column over gives its exercised 0 for the tender: a person decides.
    from intake import checks
    from ledger_fixtures import grant_row
    row = grant_row("1998-10-14", 15000, "8.00", 0, 0)
    checks._grant_checks(row, CFG)
    assert "tender_of_none" in row["shares_tendered"].evidence["doubts"]
    row = grant_row("1998-10-14", 15000, "8.00", 0, 15000)
    checks._grant_checks(row, CFG)
    assert all(r.confidence >= CFG.reading.review_threshold for r in row.values())


def test_more_shares_tendered_than_available_doubts_every_count_of_the_row():
    # "1500" granted read 500, its tender of 1500 read right: which count is wrong is not known.
    from intake import checks
    from ledger_fixtures import grant_row
    row = grant_row("2004-10-28", 500, "2.75", 0, 1500)
    checks._grant_checks(row, CFG)
    for key in ("shares_granted", "shares_tendered"):
        assert "tendered_over_available" in row[key].evidence["doubts"], key
        assert row[key].confidence < CFG.reading.review_threshold, key
    # An exercised 0 read too small could not have broken the sum; the price is no count.
    for key in ("shares_exercised", "exercise_price"):
        assert row[key].confidence >= CFG.reading.review_threshold, key
    # An exercised count read too large could have.
    row = grant_row("2004-10-28", 1500, "2.75", 600, 1500)
    checks._grant_checks(row, CFG)
    assert all("tendered_over_available" in row[k].evidence["doubts"]
               for k in ("shares_granted", "shares_exercised", "shares_tendered"))


def test_a_filled_rows_blank_price_and_the_blanks_of_a_row_of_unread_writing_are_doubted():
    from intake import checks
    from ledger_fixtures import grant_row
    row = grant_row("1998-10-14", 15000, None, 0, 15000)
    row["exercise_price"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    assert row["exercise_price"].confidence < CFG.reading.review_threshold
    # Printed prose taken for a row: its words read as nothing, its empty cell no blank to trust.
    row = {k: Reading(None, 0.05, raw="sheet is attached", engine="test") for k in GRANT_FIELDS}
    row["shares_tendered"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    assert row["shares_tendered"].confidence < CFG.reading.review_threshold
    # A blank beside writing that mostly went unread: the cells were not where they were looked for.
    row = {k: Reading(None, 0.05, raw="一", engine="test") for k in GRANT_FIELDS}
    row["shares_exercised"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    assert "blank_in_unread_row" in row["shares_exercised"].evidence["doubts"]
    # One cell's writing unread is enough: a "0" written into the next column's cell left its
    # own cell blank, read so at 0.97, beside a date not read (a fresh set's 0018.pdf).
    row = grant_row(None, 3000, "5.00", None, 1900)
    row["grant_date"] = Reading(None, 0.05, raw="9/7/", engine="test")
    row["shares_exercised"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    assert "blank_in_unread_row" in row["shares_exercised"].evidence["doubts"]
    # A row of blanks only says nothing.
    row = {k: Reading(None, 0.97, engine="test", evidence={"blank": True}) for k in GRANT_FIELDS}
    checks._grant_checks(row, CFG)
    assert all(r.confidence == 0.97 for r in row.values())


def test_a_blank_beside_a_value_in_doubt_is_doubted_too():
    # A fresh set's 0005.pdf: "1300" written over the wall into the tendered cell, read
    # "13001700" there (more than available: doubted) and a blank at 0.97 in its own cell.
    from intake import checks
    from ledger_fixtures import grant_row
    row = grant_row("1998-10-14", 3000, "8.00", None, 13001700)
    row["shares_exercised"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    checks._blanks_beside_doubt(row, CFG)
    assert "blank_beside_doubt" in row["shares_exercised"].evidence.get("doubts", [])
    # Beside values not in doubt, a blank stands.
    row = grant_row("1998-10-14", 3000, "8.00", None, 1700)
    row["shares_exercised"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    checks._grant_checks(row, CFG)
    checks._blanks_beside_doubt(row, CFG)
    assert row["shares_exercised"].confidence == 0.97
    # A value read too unsurely to stand is in doubt as much as one a check named (47474 0005:
    # an exercised 0 written over the tendered 4200's first digit, its own cell read blank at
    # 0.97, the tender read "6200" at 0.56).
    row = grant_row("2000-08-25", 12000, "3.10", None, 6200)
    row["shares_exercised"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    row["shares_tendered"].confidence = 0.56
    checks._grant_checks(row, CFG)
    checks._blanks_beside_doubt(row, CFG)
    assert "blank_beside_doubt" in row["shares_exercised"].evidence.get("doubts", [])


def test_a_cell_written_far_from_an_unread_neighbour_is_not_doubted_by_it():
    # The doubt's ground is a piece of the unread cell's writing read in its neighbour's: the
    # pieces of a value cut at a cell's edge stand a letter's or a word's space apart.  A price
    # unread in its own place, the count's writing an inch off, says nothing of the count.
    from intake import checks
    from ledger_fixtures import grant_row
    said = "the exercise price beside it was written but not read"
    for count_x1, doubted in ((380, False), (470, True)):
        row = grant_row("2001-05-14", 3000, "4.50", 0, 3000)
        for key, x0 in zip(GRANT_FIELDS, (100, 300, 500, 700, 900)):
            row[key].bbox, row[key].page = (x0, 1000, x0 + 100, 1060), 2
        row["shares_granted"].bbox = (300, 1000, count_x1, 1060)
        row["exercise_price"] = Reading(None, 0.05, engine="test", page=2, bbox=(500, 1000, 600, 1060),
                                        evidence={"ppocr": "$4.5o"})
        checks._grant_checks(row, CFG)
        assert (said in row["shares_granted"].evidence.get("checks_failed", [])) is doubted
        assert said not in row["shares_exercised"].evidence.get("checks_failed", [])
    # Unless the unread writing is a value of another column's kind: the row's values each a
    # column over from their headings, the price "$18.00" where the count was looked for and
    # the count 500 read as the price, 500.00 (49494 0014).
    row = grant_row("2001-12-29", None, "500.00", 0, 500)
    for key, x0 in zip(GRANT_FIELDS, (100, 300, 500, 700, 900)):
        row[key].bbox, row[key].page = (x0, 1000, x0 + 60, 1060), 2
    row["shares_granted"] = Reading(None, 0.05, engine="test", page=2, bbox=(300, 1000, 380, 1060), raw="$18.00")
    checks._grant_checks(row, CFG)
    assert "the shares granted beside it was written but not read" in row["exercise_price"].evidence["checks_failed"]


def test_a_date_beside_a_count_written_but_not_read_is_doubted():
    # "1998-06-18" split at the gap inside its day: the date reads "1998-06-1" the same every
    # way, the count beside it "8 12000", which is no count (seed 2525).
    from intake import checks
    from ledger_fixtures import grant_row
    row = grant_row("1998-06-01", 12000, "15.75", 0, 12000)
    row["shares_granted"] = Reading(None, 0.05, engine="test", evidence={"ppocr": "8 12000"})
    checks._grant_checks(row, CFG)
    for key in ("grant_date", "exercise_price"):
        assert "the shares granted beside it was written but not read" in row[key].evidence["checks_failed"]
        assert row[key].confidence < CFG.reading.review_threshold
    assert "checks_failed" not in row["shares_tendered"].evidence


def test_a_name_with_a_character_no_name_has_is_doubted():
    from intake import checks
    for text, doubted in (("John W: Wilson", True), ("Mary-Jane O'Neil", False), ("J. R. Doe", False),
                          ("Doe, Jane", False), ("Zoë Ångström", False), ("Ann (Smith", True),
                          ("Dorothy. N. Adams", True), ("Dorothy N. Adams", False)):
        name = Reading(text, 0.98, engine="test")
        doc = type("Doc", (), {"fields": {"holder_name": name}})()   # only the fields are looked at
        checks._field_checks(doc, CFG)
        assert (name.confidence < CFG.reading.review_threshold) == doubted, text


def test_a_blank_where_the_form_requires_a_value_goes_to_a_person():
    # The form asks for the name, the date and time, the address and the SSN: each read blank
    # (a holder's writing too light for the fax read as nothing at 0.9) is looked at.
    from intake import checks
    for key in ("holder_name", "ssn", "signed_at", "address"):
        blank = Reading(None, 0.97, engine="ink", evidence={"blank": True})
        doc = type("Doc", (), {"fields": {key: blank}})()
        checks._field_checks(doc, CFG)
        assert blank.confidence < CFG.reading.review_threshold, key
    # The additional sheet's box is no value the holder must give.
    box = Reading(None, 0.97, engine="ink", evidence={"blank": True})
    checks._field_checks(type("Doc", (), {"fields": {"additional_sheet_attached": box}})(), CFG)
    assert box.confidence == 0.97


def test_a_price_without_the_dollar_sign_the_others_have_is_doubted():
    # "$4.50" read 54.50 by every reading, Tesseract's too (seed 4747): the other rows'
    # prices were read with their "$".
    from intake import checks
    from ledger_fixtures import grant_row

    def table(*raws):
        rows = []
        for raw in raws:
            row = grant_row("2001-05-14", 3000, raw.lstrip("$"), 0, 3000)
            row["exercise_price"] = Reading(raw.lstrip("$"), 0.95, raw=raw, engine="test")
            rows.append(row)
        checks._table_checks(rows)
        return [r["exercise_price"].confidence < CFG.reading.review_threshold for r in rows]
    assert table("54.50", "$15.75", "$14.0") == [True, False, False]
    assert table("$15.75", "45.88") == [False, True]          # "$5.88" read 45.88 (seed 7272)
    assert table("$15.75", "S1.25") == [False, False]         # the sign read as an S: parsed as one
    assert table("54.50", "15.75") == [False, False]          # nobody wrote a sign: 54.50 it is
    assert table("$54.50", "$15.75") == [False, False]


def test_an_address_whose_zip_unit_or_house_number_cannot_be_so_is_doubted():
    from intake import checks
    for text, doubted in (("29 Maple Dr Unit 17, Hudson NH 0305", True), ("12 Elm St, Nashua NH 03060", False),
                          ("3 Oak Ave, Lowell, MA 01852-1234", False), ("9 Elm St, Derry NH. 030388", True),
                          ("5 Park Ave Unit 24, Salem NH 03079", False), ("5 Park Ave, Apt 3, Boston", False),
                          ("326 Webster St, Apt SA, Londonderry NH 03053", True),     # 5A read SA
                          ("333 Mammoth Rd Unit IB, Chelmsford MA 01824", True),
                          ("3 Elm St, Apt B, Derry NH 03038", False), ("9 Oak St # 12C, Derry NH 03038", False),
                          ("373 Daniel Webster Hwy, # S, Methuen MA 01844", True),   # a 5 read as S
                          ("12 Elm St Unit O, Derry NH 03038", True), ("12 Elm St Unit A, Derry NH 03038", False),
                          ("12 Elm St Unit L, Derry NH 03038", False),
                          ("SS School St, Manchester, NH 03103", True),                # 55 read as letters
                          ("S4 Broad St, Merrimack NH 03054", True), ("12B Elm St, Derry NH 03038", False),
                          ("Box 12, Derry NH 03038", False), ("One Elm St, Derry NH 03038", False)):
        address = Reading(text, 0.94, engine="test")
        doc = type("Doc", (), {"fields": {"address": address}})()
        checks._field_checks(doc, CFG)
        assert (address.confidence < CFG.reading.review_threshold) == doubted, text


def test_a_price_read_without_what_the_tables_other_prices_carry_is_doubted():
    # A holder who writes the dollar sign, or the cents, writes them on every row: "$5.88" read
    # 45.88 (its sign read as a 4), a typed "21.50" cut at a column boundary read "50" and so
    # 50.00 at 0.95 (66666 0035), where the table's other prices carry them.
    from intake import checks
    from ledger_fixtures import grant_row

    def table(*raws):
        rows = [grant_row("2001-05-14", 3000, "1.00", 0, 3000) for _ in raws]
        for row, raw in zip(rows, raws):
            row["exercise_price"].raw = raw
        checks._table_checks(rows)
        return [row["exercise_price"].evidence.get("doubts", []) for row in rows]
    assert table("$5.00", "$15.75", "45.88") == [[], [], ["price_without_dollar_sign"]]
    assert table("5.00", "15.75", "50") == [[], [], ["price_without_cents"]]
    assert table("5.00", "21 | 50", "50") == [[], [], ["price_without_cents"]]
    # One price with cents beside one without says nothing of which is the holder's way.
    assert table("5.00", "50") == [[], []]
    assert table("$14", "$8", "$10") == [[], [], []]


def test_a_blank_beside_a_price_the_table_doubts_is_doubted_too():
    # 66666 0035: a typed "21.50" read "50" (50.00 at 0.95) beside a typed "0" read blank at
    # 0.97; the table's other prices carry cents, so the price is doubted, but only after the
    # rows' own checks had let the blank beside it stand.
    from intake import checks
    from intake.model import Document
    from ledger_fixtures import grant_row
    rows = [grant_row("1997-12-18", 25000, "5.00", 0, 25000), grant_row("2000-08-30", 15000, "15.75", 0, 15000),
            grant_row("2002-12-07", 1500, "50.00", None, 1500)]
    for row, raw in zip(rows, ("5.00", "15.75", "50")):
        row["exercise_price"].raw = raw
    rows[2]["shares_exercised"] = Reading(None, 0.97, engine="test", evidence={"blank": True})
    doc = Document(sha256="0" * 64, receipt_id=1, source_name="0035.pdf", pages=[1], document_type="election_form",
                   type_confidence=0.99, received_at="2003-03-28T10:00:00-05:00", received_at_source="sidecar",
                   deadline="2003-03-31T17:00:00-05:00", on_time=True, grants=rows)
    checks.decide(doc, CFG)
    assert "price_without_cents" in rows[2]["exercise_price"].evidence["doubts"]
    assert "blank_beside_doubt" in rows[2]["shares_exercised"].evidence["doubts"]
    assert rows[2]["shares_exercised"].evidence["checks_failed"].count("a blank cell beside a value in doubt") == 1
    assert "blank_beside_doubt" not in rows[1]["shares_exercised"].evidence.get("doubts", [])


def test_a_price_read_with_its_point_and_no_cents_is_doubted_and_so_is_the_parted_neighbour_after_it():
    # A blind set: "$15.75" and "0" written run together, parted at the column's edge, read
    # "$15." (15.00 at 0.98) and 750; "3.12" and "00" read "3." and 1200 (the count at 0.98).
    # The point says cents were written: the price goes to a person, and the neighbour after
    # it whose writing was parted from the price's, which may hold them.
    from intake import checks
    from intake.reading.doubts import CUT_FROM_NEIGHBOUR
    from ledger_fixtures import grant_row

    def row(raw, cut=True, neighbour_cut=True):
        g = grant_row("1995-07-21", 2000, "3.00", 1200, 1800, conf=0.98)
        boxes = {"grant_date": (262, 272, 501, 341), "shares_granted": (641, 271, 782, 336),
                 "exercise_price": (871, 286, 920, 342), "shares_exercised": (920, 275, 1044, 336),
                 "shares_tendered": (1374, 275, 1513, 339)}
        for k, r in g.items():
            r.bbox, r.page = boxes[k], 2
        g["exercise_price"].raw = raw
        if cut:
            g["exercise_price"].evidence[CUT_FROM_NEIGHBOUR] = True
        if neighbour_cut:
            g["shares_exercised"].evidence[CUT_FROM_NEIGHBOUR] = True
        checks._grant_checks(g, CFG)
        return {k for k, r in g.items() if "price_cents_unread" in r.evidence.get("doubts", [])}
    assert row("3.") == {"exercise_price", "shares_exercised"}
    assert row("$15, ") == {"exercise_price", "shares_exercised"}
    assert row("3.", cut=False) == {"exercise_price"}          # nothing says where the cents went
    assert row("3.", neighbour_cut=False) == {"exercise_price"}
    assert row("3.12") == row("$3") == row("3.1") == set()
