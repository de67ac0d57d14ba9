"""Builders shared by the ledger, rules and elections tests: a home with a roster, and
documents recorded the way the pipeline records them (annotate, decide, store), no OCR."""
from __future__ import annotations

import hashlib
import itertools
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from intake import checks, ledger, record, roster
from intake.db import insert, open_db, transaction
from intake.home import resolve
from intake.model import Document, Reading

NY = ZoneInfo("America/New_York")
DEADLINE = datetime(2003, 3, 31, 17, 0, tzinfo=NY)

ROSTER = """\
holder_id,name,ssn,address,grant_number,grant_date,shares_granted,exercise_price,shares_exercised
E1001,Jane Q. Doe,123-45-6789,"12 Elm St, Nashua NH 03060",G-1999-001,1999-06-01,10000,12.50,2000
E1001,Jane Q. Doe,123-45-6789,"12 Elm St, Nashua NH 03060",G-2001-044,2001-05-14,5000,4.50,0
E1001,Jane Q. Doe,123-45-6789,"12 Elm St, Nashua NH 03060",G-2002-101,2002-11-04,3000,2.75,0
E1002,John Smith,487-65-4321,"40 Main St, Pelham NH 03076",G-2000-010,2000-02-10,2500,8.00,0
E1003,James Doe,222-33-4444,"7 Oak Ave, Salem NH 03079",G-1998-007,1998-09-09,1500,5.00,0
"""

_seq = itertools.count(1)


class Env:
    def __init__(self, tmp_path: Path, with_roster: bool = True):
        self.home = resolve(tmp_path / "home").ensure()
        self.cfg = self.home.config()
        self.db = open_db(self.home.db_path)
        if with_roster:
            path = tmp_path / "roster.csv"
            path.write_text(ROSTER, encoding="utf-8")
            roster.import_csv(self.db, path, actor="test")

    def store(self, doc: Document, *, received: datetime | None = None) -> str:
        """Run a built document through annotate, decide and store, like the pipeline."""
        ledger.annotate(self.db, self.cfg, doc)
        checks.decide(doc, self.cfg)
        with transaction(self.db):
            return record.store(self.db, self.home, doc, actor="test")


def r(value, confidence: float = 0.97, **kw) -> Reading:
    return Reading(value, confidence, engine="test", **kw)


def grant_row(date, granted, price, exercised, tendered, conf=0.97) -> dict:
    return {"grant_date": r(date, conf), "shares_granted": r(granted, conf), "exercise_price": r(price, conf),
            "shares_exercised": r(exercised, conf), "shares_tendered": r(tendered, conf)}


def receipt(db, received: datetime, sha: str | None = None, duplicate_of: int | None = None) -> tuple[int, str]:
    n = next(_seq)
    sha = sha or hashlib.sha256(f"file-{n}".encode()).hexdigest()
    with transaction(db):
        rid = insert(db, "receipts", {"sha256": sha, "source_name": f"fax{n:04d}.tif",
                                      "received_at": received.isoformat(), "received_at_source": "sidecar",
                                      "recorded_at": received.isoformat(), "state": "done",
                                      "duplicate_of": duplicate_of})
    return rid, sha


def document(db, doc_type="election_form", *, received: datetime | None = None, name="Jane Q. Doe",
             ssn="123-45-6789", signed=True, tender=True, grants=None, signed_at="2003-03-20",
             address="12 Elm St, Nashua NH 03060", sha: str | None = None) -> Document:
    received = received or datetime(2003, 3, 25, 10, 0, tzinfo=NY)
    rid, sha = receipt(db, received, sha)
    doc = Document(sha256=sha, receipt_id=rid, source_name=db["receipts"].get(rid)["source_name"], pages=[1, 2],
                   document_type=doc_type, type_confidence=0.99, received_at=received.isoformat(),
                   received_at_source="sidecar", deadline=DEADLINE.isoformat(), on_time=received <= DEADLINE)
    doc.fields = {"holder_name": r(name), "ssn": r(ssn), "signature_present": r(signed),
                  "signed_at": r(signed_at)}
    if doc_type == "election_form":
        rows = grants if grants is not None else [grant_row("2001-05-14", 5000, "4.50", 0, 5000)]
        doc.fields.update({"tender_elected": r(tender), "additional_sheet_attached": r(False),
                           "address": r(address)})
        doc.grants = rows
        doc.grant_sources = ["form"] * len(rows)
    return doc
