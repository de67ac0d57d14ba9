"""The Election Form's words, split into blocks a typeset can lay out.

Every label printed by the generator comes from ``election-form.txt``; this module turns
that plain text (an EDGAR exhibit) into pages of blocks: titles, paragraphs, checkbox
lines, numbered headings and bullets. Page 2's table and signature block are picked out
by the labels they carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from samples.form_text import FORM_TEXT

SHARED_FORM_TEXT = Path(__file__).resolve().parents[2] / "shared" / "election-form.txt"

TABLE_HEADINGS = (
    "GRANT DATE",
    "NUMBER OF SHARES GRANTED",
    "EXERCISE PRICE",
    "NUMBER OF SHARES EXERCISED",
    "NUMBER OF SHARES TENDERED/TO BE CANCELLED",
)
LABEL_SIGNATURE = "OPTION HOLDER SIGNATURE"
LABEL_SSN = "SOCIAL SECURITY NUMBER"
LABEL_NAME = "OPTION HOLDER NAME (PLEASE PRINT)"
LABEL_DATETIME = "DATE AND TIME"
LABEL_ADDRESS = "OPTION HOLDER ADDRESS"
LABEL_KEYS = ("signature", "ssn", "name", "datetime", "address")
LABELS = (LABEL_SIGNATURE, LABEL_SSN, LABEL_NAME, LABEL_DATETIME, LABEL_ADDRESS)

# Other wordings of the same labels, headings and sentences, as reprints of a form word
# them; the first of each is the form's own.
LABEL_WORDINGS = {
    "signature": (LABEL_SIGNATURE, "Signature of Option Holder", "Signature",
                  "Option Holder's Signature", "Signed"),
    "ssn": (LABEL_SSN, "Social Security No.", "Social Security Number", "SSN",
            "Soc. Sec. No."),
    "name": (LABEL_NAME, "Print Name", "Name of Option Holder (please print)",
             "OPTION HOLDER NAME", "Printed Name", "Name (print)"),
    "datetime": (LABEL_DATETIME, "Date and Time Signed", "Date/Time", "Date & Time",
                 "Date and time"),
    "address": (LABEL_ADDRESS, "Home Address", "Address", "Mailing Address of Option Holder",
                "Residence Address"),
}
HEADING_SETS = {
    "full": TABLE_HEADINGS,
    "title": ("Grant Date", "Number of Shares Granted", "Exercise Price",
              "Number of Shares Exercised", "Number of Shares Tendered/To Be Cancelled"),
    "abbrev": ("Grant Date", "No. of Shares Granted", "Exercise Price Per Share",
               "No. of Shares Exercised", "Shs. Tendered"),
    "abbrev-caps": ("DATE OF GRANT", "NO. OF SHS. GRANTED", "PRICE PER SHARE",
                    "SHS. EXERCISED", "SHS. TENDERED"),
    "plain": ("Date Granted", "Shares Granted", "Option Price", "Shares Exercised",
              "Shares to be Cancelled"),
}
# the heading of a first column for the grant number, in each heading set's manner
GRANT_NO_HEADINGS = {"full": "GRANT NUMBER", "title": "Grant Number", "abbrev": "Grant No.",
                     "abbrev-caps": "GRANT NO.", "plain": "Option No."}
# Each grant written as a sentence with blanks (the ``sentences`` table style), as
# letters of transmittal and legal forms list what is tendered: {0}-{4} the table's five
# fields in its order, {no} the grant number (where the table has its column); the long
# wording with the full and title heading sets, the short one with the others. Each
# sentence is numbered; in capitals where the headings are.
GRANT_SENTENCES = {
    "long": ("Option{no} granted on {0} to purchase {1} shares at an exercise price of "
             "{2} per share, of which {3} shares have been exercised; I tender {4} "
             "shares."),
    "short": "Grant{no} dated {0} for {1} shares at {2} per share; {3} exercised; "
             "tendering {4}.",
}
GRANT_SENTENCE_NO = {"long": " grant number {no},", "short": " No. {no}"}
GRANT_SENTENCE_WORDING = {"full": "long", "title": "long", "abbrev": "short",
                          "abbrev-caps": "short", "plain": "short"}
TENDER_WORDINGS = (
    "",  # the form's own
    "I elect to tender for exchange the options listed below (and on any additional "
    "sheets attached to this form), together with all options granted to me since "
    "August 28, 2002.",
    "YES - I wish to exchange each of the options specified below (including any listed "
    "on additional sheets I have attached), along with all options granted since "
    "August 28, 2002.",
    "Check here to tender for exchange the options specified in the table below and on "
    "any attached additional sheets, together with every option granted since "
    "August 28, 2002:",
)
ADDITIONAL_WORDINGS = (
    "",  # the form's own
    "An additional sheet is attached listing my name and the further grants I wish to "
    "cancel.",
    "Check here if you have attached an additional sheet with your name and any "
    "additional grants to be cancelled.",
    "I have attached additional sheet(s) listing my name and the further option grants "
    "I wish to cancel.",
)


@dataclass
class Block:
    kind: str  # title | center | para | heading | bullet | checkbox
    text: str


@dataclass
class FormContent:
    title: list[str]
    intro: list[Block]
    tender_text: str  # checkbox sentence, whole
    tender_split: str  # the words that end page 1 in the original layout
    additional_text: str
    cancel_note: str
    return_lines: list[str]
    confirm_line: str
    instructions: list[list[Block]] = field(default_factory=list)  # pages 3-6


def load_form_text() -> str:
    """The form text: the shared copy when it sits beside the repository, else ours."""
    if SHARED_FORM_TEXT.is_file():
        return SHARED_FORM_TEXT.read_text(encoding="utf-8")
    return FORM_TEXT


def _blocks(page: str) -> list[tuple[str, list[str]]]:
    raw = re.split(r"\n\s*\n", page.strip("\n"))
    out = []
    for chunk in raw:
        lines = [ln for ln in chunk.split("\n") if ln.strip()]
        if lines:
            out.append((chunk, lines))
    return out


def _join(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(ln.strip() for ln in lines)).strip()


def _classify(lines: list[str]) -> Block:
    text = _join(lines)
    indents = [len(ln) - len(ln.lstrip()) for ln in lines]
    if text.startswith("[ ]"):
        return Block("checkbox", text[3:].strip())
    if text.startswith("- "):
        return Block("bullet", text[1:].strip())
    if re.match(r"^\d+\. ", text) and len(text) < 60:
        return Block("heading", text)
    if min(indents) >= 10 and all(len(ln.strip()) < 70 for ln in lines):
        return Block("center", text)
    return Block("para", text)


@lru_cache(maxsize=2)
def parse_form(text: str | None = None) -> FormContent:
    text = load_form_text() if text is None else text
    pages = text.split("<PAGE>")
    if len(pages) != 6:
        raise ValueError(f"expected 6 pages in the form text, found {len(pages)}")
    p1 = [b for _, b in _blocks(pages[0]) if not _join(b).isdigit()]
    title = [ln.strip() for b in p1[:2] for ln in b]
    intro = [_classify(b) for b in p1[2:-1]]
    first_part = _join(p1[-1])[3:].strip()
    p2 = _blocks(pages[1])
    cont = _join(p2[0][1])
    body2 = pages[1]
    addl = re.search(r"\[ \]\s+(I have attached.*?cancel\.)", body2, re.S)
    note = re.search(r"(I understand that all of the tendered.*?2003\.)", body2, re.S)
    ret = re.search(r"(RETURN TO.*?EST)\s*\n\s*(ON MARCH.*?DELIVERY)", body2, re.S)
    conf = re.search(r"(ALPHA WILL SEND[^\n]*)", body2)
    for label in TABLE_HEADINGS[:1] + (LABEL_SIGNATURE, LABEL_SSN, LABEL_NAME,
                                       LABEL_DATETIME, LABEL_ADDRESS):
        if label not in body2:
            raise ValueError(f"label {label!r} missing from page 2 of the form text")
    instructions = []
    for page in pages[2:]:
        blocks = [_classify(b) for _, b in _blocks(page) if not _join(b).isdigit()]
        instructions.append(blocks)
    return FormContent(
        title=title,
        intro=intro,
        tender_text=f"{first_part} {cont}",
        tender_split=first_part,
        additional_text=_join([addl.group(1)]),
        cancel_note=_join([note.group(1)]),
        return_lines=[_join([ret.group(1)]), _join([ret.group(2)])],
        confirm_line=conf.group(1).strip(),
        instructions=instructions,
    )


COMPANY = "ALPHA TECHNOLOGIES GROUP, INC."
NOTICE_TITLE = "NOTICE TO CHANGE ELECTION FROM ACCEPT TO REJECT"
NOTICE_PARAS = [
    "I previously received the Amended Offer to Exchange, the letters from Lawrence "
    "Butler, the Election Form and this Notice to Change Election From Accept to Reject "
    '(together, the "Offer"). I signed and returned the Election Form, in which I '
    "elected to accept the Offer and tender options for exchange.",
    "I now wish to change that election and REJECT the Offer. I understand that by "
    "signing this Notice and delivering it to James Polakiewicz before 5:00 P.M. "
    "Eastern Standard Time on March 31, 2003, I withdraw my tender of all options, "
    "none of my options will be cancelled, and I will not receive New Options.",
    "I understand that I may accept the Offer again only by delivering a new, signed "
    "and dated Election Form before the Expiration Date.",
]
ADDITIONAL_TITLE = "ADDITIONAL SHEET \u2013 ELECTION FORM"
ADDITIONAL_PARA = (
    "Attachment to the Election Form (Instruction 2, Inadequate Space). The grants "
    "listed below are tendered on the terms of the Election Form and form part of it."
)
