"""The reading: one page image in, the values written on it out, each with how sure we are.

It goes in stages, one module or more each:

- page (`page`): the worker's work on one page: decode it, turn it upright and level it,
  read its lines and rules, find what the page is (cover, form, notice, instructions ...)
  and read the blocks that kind of page holds.
- layout (`layout`): what the blocks share about where things stand on the page: whether a
  match stands on a line of labels, and where a block's crops go.
- blocks: `checkboxes` (the checkbox sentences, by what they say, and the box beside each),
  `signature` (the signature block: its labels, where its values stand relative to them,
  the address's lines) and `table` (the grant table: headings, walls, grid, rows, cells).
  Each block's reader gets the upright page, its ink, Tesseract's lines (page coordinates)
  and the printed rules, and returns Readings.  Positions come only from labels and rules
  found on this page, never from a template.
- values (`values`): one value read from its place, by two recognisers (PP-OCR and
  Tesseract), and how sure we are of it (`calibration` turns the reading's signals into a
  confidence that means what it says).
- doubts (`doubts`, with the value kinds in `kinds`): small named checks that keep a value
  misread, or of the wrong kind, from going through without a person.  The checks on how a
  value was read run inside `values`; those on what a value is run later, from
  `intake.checks`, after the ledger.

The form's description (labels, fields, their kinds, where a value may stand) is data in
`election_form`.

The reading knows nothing of the database, the option ledger or the review desk: it
imports only `ocr`, the shared types (`intake.model`, `intake.config`), the fields'
description (`intake.fieldspec`) and the value parsers (`intake.normalize`).
`tests/test_reading_package.py` keeps it so.
"""
