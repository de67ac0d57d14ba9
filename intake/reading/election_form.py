"""The Election Form's description, as data: what the form and its companions print.

The labels we find fields by, the titles that say what a page is, the checkbox
sentences by what they say, the grant table's column headings, and the signature
block's fields with the kind of value each holds and where a value may stand
relative to its label.  The reading (`intake.reading`) takes the form's wording
from here, so that a reprint of the form, or a second form, is a new description.
The grant columns' value kinds are the fields' kinds (`intake.fieldspec.KIND`).

Every phrase comes from the form's text (shared/election-form.txt).  Where a
reprint may word a label differently, the alternatives are listed together.
Nothing here is a pixel position.
"""
from __future__ import annotations

TENDER_BOX = ["Yes, I wish to tender for exchange", "Yes, I wish to tender", "I wish to tender for exchange"]
ADDITIONAL_BOX = ["I have attached an additional sheet", "attached an additional sheet listing my name"]

# A box's sentence may be answered by ringing one of two printed words instead (YES first).
CHOICE_WORDS = ("YES", "NO")

# Sentences printed right after the grant table (where its rows end, `table._table_bottom`).
AFTER_TABLE = ["I understand that all of the tendered options"]
# The word printed on a line under the table that holds its total, not a grant.
TABLE_TOTAL = "TOTAL"
# A row of the table marked with one of these words is a worked example printed on the form
# ("Example: 01/15/2001  1,000  $12.50 ..."), no grant of the holder's.
EXAMPLE_WORDS = ("EXAMPLE", "SAMPLE", "EG")

# The five column headings of the grant table: the word that tells each column apart.
TABLE_COLUMNS = {
    "grant_date": ["GRANT DATE", "DATE OF GRANT", "DATE GRANTED"],
    "shares_granted": ["GRANTED"],
    "exercise_price": ["EXERCISE PRICE", "PRICE"],
    "shares_exercised": ["EXERCISED"],
    "shares_tendered": ["TENDERED", "TO BE CANCELLED", "CANCELLED"],
}

# A grant's own number, printed on some forms beside the grant's fields: no field of ours.
GRANT_NUMBER = ["GRANT NUMBER", "GRANT NO", "OPTION NUMBER", "OPTION NO", "GRANT ID"]

# Phrases printed over several of the grant table's columns at once.
TABLE_HEADING_PHRASES = ["NUMBER OF SHARES"]

# Every word a heading of the grant table is made of (a line of mostly these is a heading line).
TABLE_HEADING_WORDS = ("NUMBER", "OF", "SHARES", "GRANT", "DATE", "GRANTED", "EXERCISE", "PRICE", "EXERCISED",
                       "TENDERED", "TO", "BE", "CANCELLED", "TENDEREDTO", "ORIGINAL", "NO", "OPTIONS", "OPTION",
                       "SHS", "PER", "SHARE")

# Labels printed under (or beside) the line the holder writes on.
SIGNATURE = ["OPTION HOLDER SIGNATURE", "HOLDER SIGNATURE", "SIGNATURE", "SIGNATURE OF OPTION HOLDER", "SIGNED"]
SSN = ["SOCIAL SECURITY NUMBER", "SOCIAL SECURITY NO", "SOCIAL SECURITY", "SOC SEC NO", "SSN"]
NAME = ["OPTION HOLDER NAME (PLEASE PRINT)", "OPTION HOLDER NAME", "NAME (PLEASE PRINT)", "HOLDER NAME",
        "NAME OF OPTION HOLDER", "PRINT NAME", "PRINTED NAME", "NAME (PRINT)"]
DATE_TIME = ["DATE AND TIME", "DATE & TIME", "DATE/TIME", "DATE AND TIME SIGNED"]
ADDRESS = ["OPTION HOLDER ADDRESS", "HOLDER ADDRESS", "ADDRESS", "HOME ADDRESS", "MAILING ADDRESS",
           "RESIDENCE ADDRESS"]

# The signature block's fields: the label each is found by, the kind of value written for it,
# and how many writing lines it may take.  Where the value stands relative to its label is
# not part of the description: it is found on each page (`PLACEMENTS`, intake/reading/signature.py).
SIGNATURE_BLOCK = (
    # (field, label phrases, value kind, writing lines)
    ("signature_present", SIGNATURE, "signature", 1),
    ("ssn", SSN, "ssn", 1),
    ("holder_name", NAME, "name", 1),
    ("signed_at", DATE_TIME, "signed_at", 1),
    ("address", ADDRESS, "address", 3),
)
# A field written in parts, each on a writing line of its own under a label of its own
# ("Date ______   Time ______"): each part's label phrases and the kind its value is read as.
# The field's value is its parts' values joined in this order; a part not read is the whole
# field's doubt.
FIELD_PARTS = {
    "signed_at": ((["DATE", "DATE SIGNED"], "date"), (["TIME", "TIME SIGNED"], "time")),
}
# The signature block asked for in questions or prompts of other words ("What is your full
# name? (Please print.)", "Please sign here to confirm your answers:", "On what date are you
# signing?"): each field by the words a line asking for it must hold, one of each group (their
# tokens exactly: "SIGNING" asks for no signature).  A line asks for one field only; the date
# and time field's parts (`FIELD_PARTS`, keys "signed_at.1" and "signed_at.2") are asked for
# by a line holding one of their words and not the other.
ASKED_FIELDS = (
    ("signed_at", (("DATE",), ("TIME",))),
    ("signed_at.1", (("DATE",),)),
    ("signed_at.2", (("TIME",),)),
    ("signature_present", (("SIGN", "SIGNATURE", "SIGNED"),)),
    ("ssn", (("SOCIAL", "SSN"),)),
    ("holder_name", (("NAME",),)),
    ("address", (("ADDRESS",),)),
)
# A line that asks is short: a question or a prompt, not a sentence of the form's prose; and
# it is more than a label ("Name:" is one of the phrases' or none).
ASKED_WORDS_MOST = 16
ASKED_WORDS_LEAST = 3

# Where a value may stand relative to its label: on the writing line above the label (the
# label printed under its line), on the line below it (the label printed over its line), on
# the line to its right ("Name: ______"), on the line to its left (the label printed after
# its line's end: "______ (Print Name)"), or in the printed cell that holds the label, under
# it (a box with its label small in its corner).
PLACEMENTS = ("below", "above", "right", "left", "inside")

# The signature block set as sentences to fill in, no labels ("I, ________, Social Security
# No. ________, residing at ________ ..., sign this form on ________. Signed: ________"): each
# blank is the field its lead-in names, the words printed just before it on its line.  A
# blank with no words before it continues the field of the blank before it, when that field
# takes several lines.  (field, lead-in phrases, value kind); the longest lead-in that ends the
# words before a blank names it.
SENTENCE_BLANKS = (
    ("holder_name", ["I", "BY ME", "NAME", "PRINT NAME", "PRINTED NAME", "MY NAME IS"], "name"),
    ("ssn", SSN + ["SOCIAL SECURITY NUMBER IS", "SSN IS"], "ssn"),
    ("address", ["RESIDING AT", "RESIDENT AT", "LIVING AT", "OF ADDRESS", "ADDRESS", "WHOSE ADDRESS IS",
                 "MY ADDRESS IS"], "address"),
    ("signed_at", ["ON", "DATED", "DATE", "SIGNED ON", "THIS FORM ON"], "signed_at"),
    ("signature_present", ["SIGNED", "SIGNATURE", "SIGNED BY"], "signature"),
)
# Grants printed as numbered sentences with blanks, no table ("1. Option granted on ____ to
# purchase ____ shares at an exercise price of ____ per share, of which ____ shares have been
# exercised; I tender ____ shares."): the words that name a blank's field, printed just before
# it (its lead-in) or just after it (its tail).  "grant_number" and "total" name no grant's
# field: a grant's number is not read, and a total is the tender's sum.
GRANT_SENTENCE_LEADS = (
    ("grant_date", ["GRANTED ON", "GRANT DATED", "DATED", "DATE OF GRANT", "GRANT DATE", "DATE", "GRANTED"]),
    ("shares_granted", ["TO PURCHASE", "PURCHASE", "GRANT OF", "FOR", "COVERING", "SHARES GRANTED", "NUMBER OF SHARES"]),
    ("exercise_price", ["AN EXERCISE PRICE OF", "EXERCISE PRICE OF", "PRICE OF", "AT", "EXERCISE PRICE", "PRICE"]),
    ("shares_exercised", ["SHARES EXERCISED", "EXERCISED"]),
    ("shares_tendered", ["I TENDER", "TENDER", "TENDERING", "I WISH TO TENDER", "TO BE CANCELLED", "CANCEL",
                         "TENDERED", "SHARES TENDERED"]),
    ("grant_number", ["GRANT NUMBER", "GRANT NO", "OPTION NUMBER", "OPTION NO", "NUMBER", "NO"]),
    ("total", ["TOTAL", "TOTAL SHARES TENDERED", "TOTAL TENDERED"]),
)
GRANT_SENTENCE_TAILS = (
    ("exercise_price", ["PER SHARE"]),
    ("shares_exercised", ["EXERCISED", "HAVE BEEN EXERCISED", "SHARES HAVE BEEN EXERCISED", "SHARES EXERCISED"]),
)

# A date and a time each with a blank of its own ("on ________ at ________"): the time's blank
# follows the date's on its line, led in by one of these.
SENTENCE_TIME_LEADS = ["AT", "TIME"]

# Every word the signature block's labels are made of (a line of mostly these is a label line).
LABEL_WORDS = ("OPTION", "HOLDER", "SIGNATURE", "SOCIAL", "SECURITY", "NUMBER", "NO", "NAME", "PLEASE", "PRINT",
               "DATE", "AND", "TIME", "ADDRESS", "TAX", "ID", "IDENTIFICATION", "OF", "SIGNED", "SSN", "SOC", "SEC",
               "PRINTED", "HOME", "MAILING", "RESIDENCE", "HOLDERS")

# The checkbox sentences by what they say: groups of words of one meaning each, every group of
# which a sentence must hold (any one word of it, fuzzily) to say it.  Any wording of the same
# meaning holds them; a sentence that says two boxes' meanings is the box's whose meaning it says
# first (its main clause: the tender sentence goes on "(and on any additional sheets which I
# have attached ...)").
# ... and says it within its first words: the Offer's prose says "I elect to cancel my Old
# Options in exchange" twelve words into a sentence of its own, no checkbox's.
BOX_SENTENCE_SAID_WITHIN = 10
BOX_SENTENCES = {
    "additional_sheet_attached": (("ATTACHED", "ATTACH", "ENCLOSED", "ENCLOSE", "INCLUDED"),
                                  ("ADDITIONAL", "SEPARATE", "EXTRA", "SUPPLEMENTAL", "CONTINUATION"),
                                  ("SHEET", "SHEETS", "PAGE", "PAGES", "SCHEDULE")),
    "tender_elected": (("WISH", "ELECT", "CHOOSE", "AGREE", "WANT", "CHECK", "YES"),
                       ("TENDER", "SURRENDER", "EXCHANGE")),
}

# A sentence that says a box's meaning with one of these words before it is done saying it says
# the opposite ("I do not wish to tender ...", "I have not attached an additional sheet ..."):
# its box answers No.  "don't", "haven't" are read as the word and a "t".  A choice printed in
# the sentence ("I DO / DO NOT wish to tender", the holder striking one out) is no negative:
# the word before NOT stands in the sentence before it as well.
NEGATIONS = ("NOT", "NEVER", "CANNOT")
NEGATED_CONTRACTIONS = ("DON", "DOESN", "DIDN", "HAVEN", "HASN", "ISN", "AREN", "WON")
# ... and the verbs a NOT read glued to them negates ("donot", "havenot").
NEGATED_VERBS = ("DO", "DOES", "DID", "HAVE", "HAS", "IS", "ARE", "WILL", "SHALL", "CAN")

# A box may ask for a figure or a letter written in it, its meaning told by a printed legend
# ("(Enter 1 for Yes, 2 for No)", "1 = Yes; 2 = No", "Yes: Y  No: N", "(Y/N)"), as census,
# tax and ICR forms ask for a coded answer: the words joining a code to the choice word it
# stands for (`CHOICE_WORDS`), when the code comes first, and when the choice word does.
CODE_MEANS = ("FOR", "=", ":", "MEANS")
# A question answered by writing the choice word itself on a blank after it, "(WRITE YES OR
# NO)": these words ask for it, before the two choice words.
WRITE_IN_ASKS = ("WRITE", "ENTER", "PRINT", "ANSWER")
CODE_IS = ("=", ":")

# Titles and headings that say what a page is.
TITLE_ELECTION = ["ELECTION FORM", "OFFER TO EXCHANGE OPTIONS"]
# A heading the Notice bears too, over its own title: it says a page is the Offer's, not which
# form it is.
TITLE_SHARED = ("OFFER TO EXCHANGE OPTIONS",)
TITLE_NOTICE = ["NOTICE TO CHANGE ELECTION FROM ACCEPT TO REJECT", "NOTICE TO CHANGE ELECTION"]
TITLE_ADDITIONAL = ["ADDITIONAL SHEET", "ADDITIONAL GRANTS", "SCHEDULE OF ADDITIONAL"]
TITLE_INSTRUCTIONS = ["INSTRUCTIONS", "FORMING PART OF THE TERMS AND CONDITIONS",
                      "Delivery of Election Form", "Inadequate Space", "Signatures on This Election Form",
                      "Other Information on This Election Form", "Requests for Assistance", "Irregularities",
                      "Additional Documents to Read", "Important Tax Information", "Acknowledgment and Waiver"]
# Words the Offer's prose is full of: two of them in a page's first lines make it part of the form's text.
OFFER_WORDS = ("ELECTION", "OFFER", "OPTION", "OPTIONS", "OPTIONHOLDER", "TENDER", "TENDERED", "EXCHANGE", "GRANT",
               "GRANTS", "ELIGIBLE", "EXPIRATION")
# A word alone on its line that makes a page a fax cover sheet.
COVER_ALONE = ("FAX", "FACSIMILE")
TITLE_COVER = ["FAX COVER SHEET", "FACSIMILE COVER", "FACSIMILE TRANSMITTAL", "COVER SHEET", "FAX"]
# A cover sheet's lines start with these (three or more make a cover sheet).
COVER_WORDS = ["TO", "FROM", "DATE", "PAGES", "FAX", "FAX NUMBER", "RE", "SUBJECT", "PHONE", "COMPANY", "ATTN",
               "ATTENTION", "CC", "NUMBER OF PAGES"]

# Page kinds, and the Election Form's parts a complete form must have.
PAGE_KINDS = ("cover", "form_tender", "form_table", "form_signature", "form_text", "instructions",
              "additional_sheet", "change_notice", "blank", "unknown")
ELECTION_PARTS = ("form_tender", "form_table", "form_signature")
