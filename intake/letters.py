"""A confirmation of receipt as a letter: its content, then plain text (for e-mail) and PDF (for print).

`Letter` holds what the letter says, already in words; `text(letter)` and `pdf(letter)` draw
it.  The PDF is made with reportlab's platypus (US Letter, Helvetica), with `invariant=1` so
the same letter gives the same bytes.  Every line goes through `privacy.redact` on its way
out, so no full SSN can reach a letter even if one slipped into a reason or an address.
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .privacy import redact

COMPANY = "Alpha Technologies Group, Inc."
COMPANY_ADDRESS = ("33 Bridge Street", "Pelham NH 03076")
SIGNER = ("James Polakiewicz", "Chief Financial Officer")
OFFER = "Offer to Exchange Options"
WIDTH = 72

GRANT_HEADINGS = ("Grant", "Grant date", "Exercise price", "Options tendered", "")


@dataclass
class Letter:
    document_id: str
    holder_id: str | None
    name: str
    address_lines: list[str]
    ssn: str | None                 # masked: ***-**-1234
    dated: str                      # the day of issue, in words
    document_label: str             # "Election Form" or "Notice to Change Election From Accept to Reject"
    source_name: str
    received: str                   # the receipt time, in the Offer's zone, in words
    kind: str                       # tender | withdrawal | no_tender | not_standing | pending
    headline: str
    paragraphs: list[str] = field(default_factory=list)
    grants: list[dict] = field(default_factory=list)   # grant, grant_date, exercise_price, shares, note
    total_shares: int | None = None

    @property
    def subject(self) -> str:
        return f"Confirmation of receipt: your {self.document_label}"


def _shares(value) -> str:
    return f"{value:,}" if isinstance(value, int) else "?"


def grant_cells(g: dict) -> list[str]:
    price = f"${g['exercise_price']}" if g.get("exercise_price") else "?"
    return [g.get("grant") or "?", g.get("grant_date") or "?", price, _shares(g.get("shares")), g.get("note") or ""]


def _receipt_sentence(letter: Letter) -> str:
    return f"This letter confirms that the Company received your {letter.document_label} at the time above."


def _identity(letter: Letter) -> list[str]:
    out = [f"Option holder: {letter.name}"]
    if letter.holder_id:
        out.append(f"Holder number: {letter.holder_id}")
    if letter.ssn:
        out.append(f"Social security number: {letter.ssn}")
    out += [f"Received: {letter.received}", f"Document: {letter.document_label} ({letter.source_name})",
            f"Reference: {letter.document_id}"]
    return out


def text(letter: Letter) -> str:
    """The letter as plain text, for e-mail."""
    wrap = lambda s: textwrap.fill(s, WIDTH)  # noqa: E731
    lines = [COMPANY, *COMPANY_ADDRESS, "", letter.dated, "", letter.name, *letter.address_lines, "",
             f"Subject: {letter.subject}", "", *_identity(letter), "", wrap(_receipt_sentence(letter)), "",
             wrap(letter.headline)]
    if letter.grants:
        rows = [list(GRANT_HEADINGS[:4]) + ["Note"]] + [grant_cells(g) for g in letter.grants]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        lines.append("")
        for r in rows:
            cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].rjust(widths[2]), r[3].rjust(widths[3])]
            lines.append(("  " + "  ".join(cells) + ("  " + r[4] if r[4] else "")).rstrip())
        if letter.total_shares is not None:
            lines.append(f"  Total options tendered: {letter.total_shares:,}")
    for p in letter.paragraphs:
        lines += ["", wrap(p)]
    lines += ["", "Sincerely,", "", *SIGNER, COMPANY, ""]
    return redact("\n".join(lines))


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()["BodyText"]
    body = ParagraphStyle("body", parent=base, fontName="Helvetica", fontSize=10.5, leading=13.5, spaceAfter=6)
    return {"body": body,
            "bold": ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold"),
            "head": ParagraphStyle("head", parent=body, fontName="Helvetica-Bold", fontSize=14, leading=17,
                                   spaceAfter=2),
            "small": ParagraphStyle("small", parent=body, fontSize=9.5, leading=12, textColor=colors.HexColor("#333333"))}


def _para(text_: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(redact(text_)), style)


def _block(lines: list[str], style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(redact(s)) for s in lines), style)


def _grant_table(letter: Letter, st: dict[str, ParagraphStyle]) -> Table:
    small = ParagraphStyle("cell", parent=st["body"], fontSize=10, leading=12.5, spaceAfter=0)
    rows = [[_para(h, ParagraphStyle("th", parent=small, fontName="Helvetica-Bold")) for h in GRANT_HEADINGS]]
    rows += [[_para(c, small) for c in grant_cells(g)] for g in letter.grants]
    if letter.total_shares is not None:
        rows.append([_para("Total", small), "", "", _para(f"{letter.total_shares:,}", small), ""])
    table = Table(rows, colWidths=[1.25 * inch, 1.0 * inch, 1.05 * inch, 1.15 * inch, 2.05 * inch], repeatRows=1)
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def pdf(letter: Letter) -> bytes:
    """The letter as a one- or two-page PDF (US Letter), the same bytes for the same letter."""
    st = _styles()
    story = [_para(COMPANY, st["head"]), _block(list(COMPANY_ADDRESS), st["small"]), Spacer(1, 0.3 * inch),
             _para(letter.dated, st["body"]), Spacer(1, 0.1 * inch),
             _block([letter.name, *letter.address_lines], st["body"]), Spacer(1, 0.15 * inch),
             _para(f"Re: {OFFER}. {letter.subject}", st["bold"]),
             _block(_identity(letter), st["body"]),
             _para(_receipt_sentence(letter), st["body"]),
             _para(letter.headline, st["bold"])]
    if letter.grants:
        story += [_grant_table(letter, st), Spacer(1, 0.12 * inch)]
    story += [_para(p, st["body"]) for p in letter.paragraphs]
    story += [Spacer(1, 0.15 * inch), _para("Sincerely,", st["body"]), Spacer(1, 0.2 * inch),
              _block([*SIGNER, COMPANY], st["body"])]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=0.7 * inch,
                            bottomMargin=0.7 * inch, title=letter.subject, author=COMPANY,
                            subject=f"{OFFER}: confirmation of receipt", creator="intake", invariant=1)
    doc.build(story)
    return buf.getvalue()
