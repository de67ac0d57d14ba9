"""Words for people: one line per document, and the totals of a run.

Built from the contract's JSON of each document (`intake.results.document_json`), so
what a person reads is what the JSON says: the same status, the same fields in review.
Status words are the contract's (`accepted`, `needs_review`, `rejected`) said plainly,
with the reason beside a rejection and, when fields of a rejected document still sit in
the review queue, how many and why.  Problems are shown by their messages, not codes.
"""
from __future__ import annotations

from collections import Counter

from .inbox import shown_name

LATE = "late"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def fields_to_review(doc: dict) -> list[str]:
    """The keys of the document's fields in the review queue, named as the review commands
    name them (`signed_at`, `grants.0.shares_tendered`)."""
    keys = [k for k, f in doc["fields"].items() if f["needs_review"]]
    keys += [f"grants.{i}.{k}" for i, g in enumerate(doc["grants"])
             for k, f in g.items() if k != "source" and f["needs_review"]]
    return keys


def status_words(doc: dict) -> str:
    """The status as a person says it: `accepted`, `needs review`, `rejected (late)`, and,
    for a rejected document with fields still in the review queue, how many and why."""
    n = len(fields_to_review(doc))
    if doc["status"] == "accepted":
        return "accepted"
    if doc["status"] == "needs_review":
        return f"needs review ({plural(n, 'field')})" if n else "needs review (a problem to decide)"
    why = "late" if not doc["on_time"] else "by a reviewer"
    words = f"rejected ({why})"
    if n:
        words += (f", {plural(n, 'field')} still to review in case lateness is waived" if why == "late"
                  else f", {plural(n, 'field')} still to review")
    return words


def summary_line(doc: dict) -> str:
    """One line for a document: file and pages, type, status in words, receipt, holder, tender,
    grants, the fields to review and the problems' messages."""
    name = doc["fields"].get("holder_name", {}).get("value") if doc["fields"] else None
    review = fields_to_review(doc)
    timing = "on time" if doc["on_time"] else "LATE"
    if any(p["code"] == "receipt_time_doubtful" for p in doc["problems"]):
        timing += "? the receipt time is for a person to set"
    kind = doc["document_type"].replace("_", " ")
    parts = [f"{shown_name(doc['source_name'])} p{','.join(map(str, doc['pages']))}", kind, status_words(doc),
             f"received {doc['received_at']} ({timing})"]
    if name:
        parts.append(f"holder {name}")
    tender = doc["fields"].get("tender_elected", {}).get("value")
    if tender is not None:
        parts.append("tender YES" if tender else "tender no")
    if doc["grants"]:
        parts.append(plural(len(doc["grants"]), "grant"))
    if review:
        parts.append("to review: " + ", ".join(review))
    notes = [p["message"].rstrip(".") for p in doc["problems"] if p["code"] != LATE]
    if notes:
        parts.append("notes: " + "; ".join(notes))
    return " | ".join(parts)


def duplicate_line(arrived_as: str, first: str, doc: dict) -> str:
    """A file whose bytes were received before: which receipt it repeats, then that result."""
    return f"{shown_name(arrived_as)}: duplicate of {first}, the same bytes; already recorded as: {summary_line(doc)}"


def totals_line(docs: list[dict], *, files: int | None = None, failed: int = 0,
                duplicates: int = 0) -> str:
    """`12 files, 14 documents: 4 accepted, 6 need review (13 fields), 4 rejected (late)`."""
    head = ([plural(files, "file")] if files is not None else []) + [plural(len(docs), "document")]
    line = ", ".join(head)
    if docs:
        by = Counter(d["status"] for d in docs)
        fields = sum(len(fields_to_review(d)) for d in docs if d["status"] == "needs_review")
        parts = [f"{by['accepted']} accepted",
                 f"{by['needs_review']} need{'s' if by['needs_review'] == 1 else ''} review"
                 + (f" ({plural(fields, 'field')})" if fields else "")]
        rejected = [d for d in docs if d["status"] == "rejected"]
        if rejected:
            late = sum(1 for d in rejected if not d["on_time"])
            why = "late" if late == len(rejected) else f"{late} late" if late else ""
            still = sum(len(fields_to_review(d)) for d in rejected)
            notes = [w for w in (why, f"{plural(still, 'field')} still to review" if still else "") if w]
            parts.append(f"{len(rejected)} rejected" + (f" ({', '.join(notes)})" if notes else ""))
        line += ": " + ", ".join(parts)
    extra = []
    if duplicates:
        extra.append(f"{plural(duplicates, 'duplicate')} of files already received")
    if failed:
        extra.append(f"{plural(failed, 'file')} could not be processed (see above)")
    return line + ("; " + "; ".join(extra) if extra else "")
