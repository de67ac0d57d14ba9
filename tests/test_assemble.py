"""Pages to documents: what a form's own pages must hold."""
from __future__ import annotations

from intake import assemble
from intake.config import parse
from intake.model import Reading
from intake.reading.page import PageResult
from ledger_fixtures import grant_row

CFG = parse("")
REC = {"id": 1, "sha256": "ab" * 32, "source_name": "0011.tif", "received_at": "2003-03-30T12:56:00-05:00",
       "received_at_source": "sidecar"}


def page(number: int, kind: str, parts=(), rows: int = 0, **fields) -> PageResult:
    p = PageResult(number, kind=kind, parts=list(parts))
    p.fields = {k: Reading(v, 0.97, engine="test") for k, v in fields.items()}
    p.grants = [grant_row("2001-05-14", 5000, "4.50", 0, 5000) for _ in range(rows)]
    return p


def codes(results):
    (doc,) = assemble.documents(results, REC, CFG)
    return doc, [p.code for p in doc.problems]


def test_an_additional_sheets_table_and_signature_do_not_stand_in_for_the_forms():
    # Seed 6868: the form's table page was read upside down ("unknown"); the sheet's table and
    # signature lines made the form look whole and its grants were lost without a word.
    doc, found = codes([
        page(1, "form_tender", ["form_tender"], tender_elected=True, additional_sheet_attached=True),
        page(2, "unknown"),
        page(3, "additional_sheet", ["form_table", "form_signature"], rows=2, signature_present=True),
    ])
    assert "missing_pages" in found and "document_type_uncertain" in found
    assert [p.message for p in doc.problems if p.code == "missing_pages"] == [
        "The form is missing the grant table, the signature block."]
    assert doc.grant_sources == ["additional_sheet", "additional_sheet"]
    # The sheet's signature stands in for the form's only as a proposal to a person.
    assert doc.fields["signature_present"].value is True and doc.fields["signature_present"].confidence < 0.9


def test_a_whole_form_with_its_additional_sheet_has_no_missing_part():
    doc, found = codes([
        page(1, "form_tender", ["form_tender"], tender_elected=True, additional_sheet_attached=True),
        page(2, "form_table+signature", ["form_table", "form_signature"], rows=3, signature_present=True),
        page(3, "additional_sheet", ["form_table", "form_signature"], rows=2, signature_present=True),
    ])
    assert found == [] and doc.type_confidence >= 0.99
    assert doc.grant_sources == ["form"] * 3 + ["additional_sheet"] * 2


def test_a_tender_whose_table_was_not_read_goes_to_a_person():
    # The tender box read marked, the table page found, no row read: the form had been recorded
    # with no grant and no problem, its values silently lost (docs/measurements.md).
    doc, found = codes([
        page(1, "form_tender", ["form_tender"], tender_elected=True, additional_sheet_attached=False),
        page(2, "form_table+signature", ["form_table", "form_signature"], rows=0, signature_present=True),
    ])
    assert found == ["tender_without_grants"]
    assert next(p for p in doc.problems if p.code == "tender_without_grants").needs_decision
    doc, found = codes([
        page(1, "form_tender", ["form_tender"], tender_elected=False, additional_sheet_attached=False),
        page(2, "form_table+signature", ["form_table", "form_signature"], rows=0, signature_present=True),
    ])
    assert "tender_without_grants" not in found


def test_no_rows_and_a_tender_box_not_surely_read_send_the_table_to_a_person_with_the_box():
    # A layout whose headings were read as a table's that is none: no row read, and the box
    # read unmarked but unsure. Had a person found it marked, the grants were lost unseen.
    from intake.checks import decide
    results = [page(1, "form_tender", ["form_tender"], tender_elected=False, additional_sheet_attached=False),
               page(2, "form_table+signature", ["form_table", "form_signature"], rows=0, signature_present=True)]
    results[0].fields["tender_elected"] = Reading(False, 0.5, engine="test")
    (doc,) = assemble.documents(results, REC, CFG)
    decide(doc, CFG)
    assert "tender_without_grants" in [p.code for p in doc.problems]
    # Read unmarked surely, an empty table is what an untendered form has: no problem.
    results[0].fields["tender_elected"] = Reading(False, 0.97, engine="test")
    (doc,) = assemble.documents(results, REC, CFG)
    decide(doc, CFG)
    assert "tender_without_grants" not in [p.code for p in doc.problems]


def test_a_table_running_on_over_a_page_continues_its_form_and_two_forms_stay_two():
    # Grants on cards, two pages of them: the second page holds the table again and begins no
    # form (no title, no tender box).  It had started a second document, the form split in two
    # (the tender on one record, the signature on the other).
    (doc,) = assemble.documents([
        page(1, "form_table+tender", ["form_table", "form_tender"], rows=2, tender_elected=True),
        page(2, "form_table", ["form_table"], rows=2, additional_sheet_attached=False),
        page(3, "form_signature", ["form_signature"], signature_present=True),
    ], REC, CFG)
    assert doc.pages == [1, 2, 3] and len(doc.grants) == 4
    # Once the form's signature is met, its parts again are another person's form.
    docs = assemble.documents([
        page(1, "form_table+tender", ["form_table", "form_tender", "form_signature"], rows=1, tender_elected=True),
        page(2, "form_table", ["form_table", "form_signature"], rows=1, signature_present=True),
    ], REC, CFG)
    assert [d.pages for d in docs] == [[1], [2]]


def test_a_tender_read_where_no_box_stood_begins_no_second_form_without_a_person():
    # The Offer's prose "... to tender ... for exchange" read as a tender sentence on the page
    # before the form's own (no box beside it, found_by "region"), then the form's tender page:
    # two tender pages had made two documents of one form, the second with its grants read
    # into a record of its own.  Kept as one document, the join put to a person.
    prose = page(1, "form_tender", ["form_tender"], tender_elected=True)
    prose.fields["tender_elected"].evidence["found_by"] = "region"
    (doc,) = assemble.documents([
        prose,
        page(2, "form_table+tender", ["form_table", "form_tender"], rows=1, tender_elected=True),
        page(3, "form_signature", ["form_signature"], signature_present=True),
    ], REC, CFG)
    assert doc.pages == [1, 2, 3]
    assert assemble.SPLIT_DOUBTFUL in [p.code for p in doc.problems]
    # Two tender boxes each found beside its sentence are two forms.
    docs = assemble.documents([
        page(1, "form_table+tender", ["form_table", "form_tender"], rows=1, tender_elected=True),
        page(2, "form_table+tender", ["form_table", "form_tender"], rows=1, tender_elected=True),
    ], REC, CFG)
    assert len(docs) == 2


def test_two_pages_sure_of_different_answers_leave_the_field_to_a_person():
    # A phrase of the additional-sheet sentence inside a paragraph of a photographed prose page
    # found a "box" among its letters, read marked at 0.98; the form's own box, on the next
    # page, read empty at 0.97; the surer reading stood, silently wrong (64646 0021).
    prose = page(1, "form_text", additional_sheet_attached=True)
    prose.fields["additional_sheet_attached"].confidence = 0.98
    form_page = page(2, "form_tender+table+signature", ["form_tender", "form_table", "form_signature"], rows=1,
                     tender_elected=True, additional_sheet_attached=False, signature_present=True)
    for p in (prose, form_page):
        for r in p.fields.values():
            r.page = p.number
    doc, _found = codes([prose, form_page])
    box = doc.fields["additional_sheet_attached"]
    assert box.confidence < 0.9 and box.evidence.get(assemble.PAGES_DISAGREE) == [1, 2], box
    # Pages that agree, or another page unsure of its answer, leave the sure reading as it is.
    unsure = page(1, "form_text", additional_sheet_attached=True)
    unsure.fields["additional_sheet_attached"].confidence = 0.5
    doc, _found = codes([
        unsure,
        page(2, "form_tender+table+signature", ["form_tender", "form_table", "form_signature"], rows=1,
             tender_elected=True, additional_sheet_attached=False, signature_present=True),
    ])
    assert doc.fields["additional_sheet_attached"].value is False
    assert doc.fields["additional_sheet_attached"].confidence == 0.97
