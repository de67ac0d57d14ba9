"""Pages to documents: which pages belong together, what each document is, its fields.

A fax cover sheet belongs to no document.  A new document starts at a change
notice, at an Election Form's first page, or where a form part repeats (two
people's forms back to back).  Instruction pages and additional sheets belong
to the Election Form they follow.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .config import Config
from .decision import RECEIPT_TIME_DOUBT
from .fieldspec import FIELDS_BY_TYPE
from .model import Document, Problem, Reading
from .reading import election_form as form
from .receipt import on_time as is_on_time

if TYPE_CHECKING:   # the page reader's modules are loaded by the processes that read pages
    from .reading.page import PageResult

FORM_PARTS = set(form.ELECTION_PARTS)
NO_DOCUMENT = ("cover", "blank")
BLANK_PAGE = "blank_page"
TENDER_WITHOUT_GRANTS = "tender_without_grants"   # also raised and closed by the desk's recheck


# A page after pages that say nothing of what they are, itself part of a form but not its
# beginning: joined to them, and the join put to a person.
SPLIT_DOUBTFUL = "document_split_doubtful"


def _begins(page: PageResult) -> bool:
    """Whether the page begins a form or notice by its own evidence: its title read as the
    form's or the notice's, or the form's first part (the tender box) on it."""
    return page.kind == "change_notice" or "form_tender" in page.parts or \
        (page.title is not None and page.kind in ("form_text", "form_tender"))


def _tender_unboxed(page: PageResult) -> bool:
    """Whether the page's tender sentence was read with no box found beside it."""
    r = page.fields.get("tender_elected")
    return r is not None and r.evidence.get("found_by") == "region"


def _starts_new(page: PageResult, current: list[PageResult]) -> bool | None:
    """Whether the page starts a new document: True, False, or None when it joins the pages
    before it only for want of evidence either way (a person is asked)."""
    if not current:
        return True
    if page.kind == "change_notice" or any(p.kind == "change_notice" for p in current):
        return True
    seen = {part for p in current for part in p.parts}
    if (page.parts or page.title) and not seen and all(p.kind in ("unknown", "blank") for p in current):
        # Pages that said nothing of what they are, then a form's page.  One that begins a
        # form is a document of its own (an unrecognised cover sheet before it is another);
        # one from a form's middle continues them: they may be its first page, unread on a
        # hard fax.  Two records of one form are worse than one a person splits.
        return True if _begins(page) else None
    # A page titled as the Election Form's first page starts a form, once the current one has parts.
    if page.title and page.kind in ("form_text", "form_tender") and seen:
        return True
    repeated = set(page.parts) & seen & FORM_PARTS
    if repeated == {"form_tender"} and any(_tender_unboxed(p) for p in current + [page] if "form_tender" in p.parts):
        # A tender sentence read where no box stood beside it (the Offer's prose saying "to
        # tender ... for exchange" above the form's own sentence, a page before): no evidence of
        # a second form.  Kept together, and the join put to a person.
        return None
    if repeated == {"form_table"} and "form_signature" not in seen and not _begins(page):
        # Grants run on over a page (a card or record more than one page holds), the form's
        # signature not yet met: the table goes on; it begins no form.
        return False
    return bool(repeated) and page.kind != "additional_sheet"


def group(results: list[PageResult]) -> list[list[PageResult]]:
    groups: list[list[PageResult]] = []
    for page in results:
        if page.kind in NO_DOCUMENT and not page.error:
            continue
        new = _starts_new(page, groups[-1]) if groups else True
        if new is None:
            page.notes.append((SPLIT_DOUBTFUL, f"Page {page.number} is part of a form, and whether it begins a "
                               "form of its own is not clear from the pages: it was kept with the pages before it "
                               "as one document; please check whether they belong together.", None))
        if new:
            groups.append([page])
        else:
            groups[-1].append(page)
    return groups


def _form_parts(pages: list[PageResult]) -> set[str]:
    """The parts of the form its own pages hold: an additional sheet's table and signature
    lines are no part of the form (seed 6868: the form's table page was read upside down,
    the sheet's parts stood in for it, and the grants were lost without a word)."""
    return {part for p in pages if p.kind != "additional_sheet" for part in p.parts}


def _type_of(pages: list[PageResult]) -> tuple[str, float]:
    kinds = {p.kind for p in pages}
    parts = _form_parts(pages)
    if "change_notice" in kinds:
        return "change_notice", 0.97 if "form_signature" in parts else 0.7
    if parts & FORM_PARTS or "form_text" in kinds:
        return "election_form", 0.99 if parts >= FORM_PARTS else 0.8
    return "other", 0.9


def documents(results: list[PageResult], rec: dict, cfg: Config) -> list[Document]:
    received = datetime.fromisoformat(rec["received_at"])
    deadline = cfg.offer.deadline
    out = []
    groups = group(results)
    blank = [p for p in results if p.kind == "blank" and not p.error]
    if blank and not groups:  # nothing but white: a document of its own, never nothing at all
        groups = [blank]
    for pages in groups:
        doc_type, type_conf = _type_of(pages)
        doc = Document(
            sha256=rec["sha256"], receipt_id=rec["id"], source_name=rec["source_name"],
            pages=[p.number for p in pages], document_type=doc_type, type_confidence=type_conf,
            received_at=received.isoformat(), received_at_source=rec["received_at_source"],
            deadline=deadline.isoformat(), on_time=is_on_time(received, deadline),
            sender=rec.get("sender") or _sender_from_header(pages),
        )
        _fill(doc, pages, cfg.reading.review_threshold)
        if rec.get("time_doubt"):  # the receipt time goes to a person before on-time is decided
            doc.add_problem(RECEIPT_TIME_DOUBT, f"The receipt time needs a person: {rec['time_doubt']}")
        out.append(doc)
    _blank_pages(out, blank)
    return out


# A reading sure on one page (as sure as a value that needs no review) and one as sure of
# another answer on another page: one of them is not what it seems (a phrase of the sentence
# in a paragraph of prose found a "box" among its letters, read marked at 0.98, while the
# form's own box read empty at 0.97).  Which is the answer is a person's.
PAGES_DISAGREE = "pages_disagree"


def _pages_disagree(chosen: Reading, found: list[Reading], sure: float) -> None:
    """Cap the reading taken for a field where another page read another value as surely."""
    if chosen.value is None or chosen.confidence < sure:
        return
    if any(r is not chosen and r.value is not None and r.value != chosen.value and r.confidence >= sure
           for r in found):
        chosen.confidence = min(chosen.confidence, 0.5)
        chosen.evidence[PAGES_DISAGREE] = sorted({r.page for r in found if r.page is not None})


def _blank_pages(docs: list[Document], blank: list[PageResult]) -> None:
    """A blank page is a problem for a person on the document it came with (the one before it,
    else the one after): a page sent face down would otherwise vanish."""
    for page in blank:
        if not docs:
            return
        before = [d for d in docs if d.pages[0] <= page.number]
        doc = before[-1] if before else docs[0]
        doc.problems.append(Problem(BLANK_PAGE, f"Page {page.number} is blank; was it sent face down?"))


def _sender_from_header(pages: list[PageResult]) -> str | None:
    return next((p.header_text for p in pages if p.header_text), None)


def _fill(doc: Document, pages: list[PageResult], sure: float) -> None:
    for p in pages:
        if p.error:
            doc.add_problem("page_unreadable", f"Page {p.number} could not be read: {p.error}")
        for code, message, _crop in p.notes:
            doc.add_problem(code, message)
    main = [p for p in pages if p.kind != "additional_sheet"]
    extra = [p for p in pages if p.kind == "additional_sheet"]
    for name in FIELDS_BY_TYPE[doc.document_type]:
        found = [p.fields[name] for p in main if name in p.fields]
        if not found and any(name in p.fields for p in extra):
            # The form's own place was not read: the sheet's value is a proposal for a person.
            found = [p.fields[name] for p in extra if name in p.fields]
            for r in found:
                r.confidence = min(r.confidence, 0.5)
                r.evidence["from_additional_sheet"] = True
        if found:
            doc.fields[name] = max(found, key=lambda r: r.confidence)
            _pages_disagree(doc.fields[name], found, sure)
        else:
            doc.fields[name] = Reading.unknown(f"the label of {name} was not found on any page")
    if doc.document_type == "election_form":
        for source, group_ in (("form", main), ("additional_sheet", extra)):
            for p in group_:
                for row in p.grants:
                    doc.grants.append(row)
                    doc.grant_sources.append(source)
        box = doc.fields.get("additional_sheet_attached")
        if box is not None and box.value is True and not extra:
            doc.add_problem("additional_sheet_missing",
                            "The form says an additional sheet is attached, but none was found with it.")
        elif extra and box is not None and box.value is False:
            doc.add_problem("additional_sheet_unannounced",
                            "An additional sheet came with the form, but its box is not marked.", needs_decision=False)
        tender = doc.fields.get("tender_elected")
        if tender is not None and tender.value is True and not doc.grants:
            # The table was not read (or not found): a tender of nothing is never recorded unseen.
            doc.add_problem(TENDER_WITHOUT_GRANTS, "The tender box is marked but no grant row was read: "
                            "a person should read the table from the page.")
        parts = _form_parts(pages)
        missing = [part for part in form.ELECTION_PARTS if part not in parts]
        if missing:
            names = {"form_tender": "the page with the tender box", "form_table": "the grant table",
                     "form_signature": "the signature block"}
            doc.add_problem("missing_pages", "The form is missing " + ", ".join(names[m] for m in missing) + ".")
    elif doc.document_type == "other":
        doc.add_problem("unrecognised_document",
                        "This is not recognisably an Election Form or a change notice; a person should look at it.")
    if doc.type_confidence < 0.9 and doc.document_type != "other":
        doc.add_problem("document_type_uncertain",
                        f"The pages look like a {doc.document_type.replace('_', ' ')}, but not every part was found.")
