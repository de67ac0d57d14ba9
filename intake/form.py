"""What the Election Form and its companions print: the labels we find fields by.

Every phrase comes from the form's text (shared/election-form.txt).  Where a
reprint may word a label differently, the alternatives are listed together.
Nothing here is a pixel position.
"""
from __future__ import annotations

TENDER_BOX = ["Yes, I wish to tender for exchange", "Yes, I wish to tender", "I wish to tender for exchange"]
ADDITIONAL_BOX = ["I have attached an additional sheet", "attached an additional sheet listing my name"]

# The five column headings of the grant table: the word that tells each column apart.
TABLE_COLUMNS = {
    "grant_date": ["GRANT DATE", "DATE OF GRANT"],
    "shares_granted": ["GRANTED"],
    "exercise_price": ["EXERCISE PRICE", "PRICE"],
    "shares_exercised": ["EXERCISED"],
    "shares_tendered": ["TENDERED", "TO BE CANCELLED", "CANCELLED"],
}

# Phrases printed over several of the grant table's columns at once.
TABLE_HEADING_PHRASES = ["NUMBER OF SHARES"]

# Every word a heading of the grant table is made of (a line of mostly these is a heading line).
TABLE_HEADING_WORDS = ("NUMBER", "OF", "SHARES", "GRANT", "DATE", "GRANTED", "EXERCISE", "PRICE", "EXERCISED",
                       "TENDERED", "TO", "BE", "CANCELLED", "TENDEREDTO", "ORIGINAL", "NO", "OPTIONS")

# Labels printed under (or beside) the line the holder writes on.
SIGNATURE = ["OPTION HOLDER SIGNATURE", "HOLDER SIGNATURE", "SIGNATURE"]
SSN = ["SOCIAL SECURITY NUMBER", "SOCIAL SECURITY NO", "SOCIAL SECURITY"]
NAME = ["OPTION HOLDER NAME (PLEASE PRINT)", "OPTION HOLDER NAME", "NAME (PLEASE PRINT)", "HOLDER NAME"]
DATE_TIME = ["DATE AND TIME", "DATE & TIME", "DATE/TIME"]
ADDRESS = ["OPTION HOLDER ADDRESS", "HOLDER ADDRESS", "ADDRESS"]

# Every word the signature block's labels are made of (a line of mostly these is a label line).
LABEL_WORDS = ("OPTION", "HOLDER", "SIGNATURE", "SOCIAL", "SECURITY", "NUMBER", "NO", "NAME", "PLEASE", "PRINT",
               "DATE", "AND", "TIME", "ADDRESS", "TAX", "ID", "IDENTIFICATION")

# Titles and headings that say what a page is.
TITLE_ELECTION = ["ELECTION FORM", "OFFER TO EXCHANGE OPTIONS"]
TITLE_NOTICE = ["NOTICE TO CHANGE ELECTION FROM ACCEPT TO REJECT", "NOTICE TO CHANGE ELECTION"]
TITLE_ADDITIONAL = ["ADDITIONAL SHEET", "ADDITIONAL GRANTS", "SCHEDULE OF ADDITIONAL"]
TITLE_INSTRUCTIONS = ["INSTRUCTIONS", "FORMING PART OF THE TERMS AND CONDITIONS",
                      "Delivery of Election Form", "Inadequate Space", "Signatures on This Election Form",
                      "Other Information on This Election Form", "Requests for Assistance", "Irregularities",
                      "Additional Documents to Read", "Important Tax Information", "Acknowledgment and Waiver"]
# Words the Offer's prose is full of: two of them in a page's first lines make it part of the form's text.
OFFER_WORDS = ("ELECTION", "OFFER", "OPTION", "OPTIONS", "OPTIONHOLDER", "TENDER", "TENDERED", "EXCHANGE", "GRANT",
               "GRANTS", "ELIGIBLE", "EXPIRATION")
TITLE_COVER = ["FAX COVER SHEET", "FACSIMILE COVER", "FACSIMILE TRANSMITTAL", "COVER SHEET", "FAX"]
# A cover sheet's lines start with these (three or more make a cover sheet).
COVER_WORDS = ["TO", "FROM", "DATE", "PAGES", "FAX", "FAX NUMBER", "RE", "SUBJECT", "PHONE", "COMPANY", "ATTN",
               "ATTENTION", "CC", "NUMBER OF PAGES"]

# Page kinds, and the Election Form's parts a complete form must have.
PAGE_KINDS = ("cover", "form_tender", "form_table", "form_signature", "form_text", "instructions",
              "additional_sheet", "change_notice", "blank", "unknown")
ELECTION_PARTS = ("form_tender", "form_table", "form_signature")
