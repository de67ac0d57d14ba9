"""Plain data passed along the pipeline: readings, documents, problems."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reading:
    """One value as read (or derived), with how sure we are of it and where it came from."""
    value: Any
    confidence: float
    page: int | None = None
    bbox: tuple[int, int, int, int] | None = None   # x0, y0, x1, y1 on the upright page image
    raw: str | None = None                          # the text as the engine gave it
    engine: str | None = None
    evidence: dict = field(default_factory=dict)    # the signals behind the confidence
    crop_path: str | None = None
    origin: str = "reading"                         # reading | ledger | review | manual
    needs_review: bool | None = None                # decided by checks; None until then

    @classmethod
    def unknown(cls, why: str, page: int | None = None) -> "Reading":
        """A field the code could not read: null and in need of review, never a guess."""
        return cls(None, 0.0, page=page, evidence={"why": why})


@dataclass
class Problem:
    code: str
    message: str
    needs_decision: bool = True     # a person must decide (or waive) before the document stands


@dataclass
class Document:
    """One document found in a file: an Election Form, a change notice or something else."""
    sha256: str
    receipt_id: int
    source_name: str
    pages: list[int]
    document_type: str                       # election_form | change_notice | other
    type_confidence: float
    received_at: str                         # ISO, aware
    received_at_source: str
    deadline: str                            # ISO, aware
    on_time: bool
    sender: str | None = None
    fields: dict[str, Reading] = field(default_factory=dict)
    grants: list[dict[str, Reading]] = field(default_factory=list)
    grant_sources: list[str] = field(default_factory=list)    # form | additional_sheet
    holder: Reading | None = None            # holder_id matched in the ledger
    problems: list[Problem] = field(default_factory=list)
    status: str = "needs_review"

    @property
    def document_id(self) -> str:
        return f"{self.sha256[:20]}-p{self.pages[0]:03d}" if self.pages else f"{self.sha256[:20]}-p000"

    def add_problem(self, code: str, message: str, needs_decision: bool = True) -> None:
        if all(p.code != code for p in self.problems):
            self.problems.append(Problem(code, message, needs_decision))
