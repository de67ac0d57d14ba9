"""The evaluation: run the pipeline over a generated set and score it against its ground truth.

Prints documents found, document-type and on-time accuracy, and per field and
overall the raw accuracy, the automation rate (share of fields not sent to
review), the silent error rate (wrong values among fields not sent to review),
the share of documents that go straight through, and a reliability table
(stated confidence against observed accuracy).  This is how every change to
reading is judged.
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import arrival, pipeline
from .cli_common import Context
from .fieldspec import FIELDS_BY_TYPE, GRANT_FIELDS
from .home import Home
from .results import document_json

TABLE_PROBLEMS = ("missing_pages", "table_unreadable", "rows_uncertain", "additional_sheet_missing")
BINS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.98), (0.98, 1.01)]


@dataclass
class Tally:
    n: int = 0
    right: int = 0
    auto: int = 0
    auto_wrong: int = 0

    def add(self, right: bool, review: bool) -> None:
        self.n += 1
        self.right += right
        if not review:
            self.auto += 1
            self.auto_wrong += not right

    def row(self) -> dict:
        return {"n": self.n, "accuracy": _ratio(self.right, self.n), "automation": _ratio(self.auto, self.n),
                "silent_error": _ratio(self.auto_wrong, self.auto), "silent_errors": self.auto_wrong}


@dataclass
class Scores:
    files: int = 0
    truth_documents: int = 0
    found_documents: int = 0
    matched: int = 0
    type_right: int = 0
    type_flagged: int = 0
    on_time_right: int = 0
    tender_right_or_flagged: int = 0
    tender_n: int = 0
    straight_through: int = 0
    fields: dict = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    bins: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    groups: dict = field(default_factory=lambda: defaultdict(Tally))   # typed / handwritten / typeset
    failures: list = field(default_factory=list)
    current_groups: tuple = ()
    holders: Tally | None = None       # holder matching, scored when a roster is loaded


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    return a == b


def _score_field(s: Scores, key: str, got: dict, want) -> None:
    right = _same(got["value"], want)
    s.fields[key].add(right, got["needs_review"])
    s.total.add(right, got["needs_review"])
    for group in s.current_groups:
        s.groups[group].add(right, got["needs_review"])
    for lo, hi in BINS:
        if lo <= got["confidence"] < hi:
            s.bins[(lo, hi)][0] += 1
            s.bins[(lo, hi)][1] += right
    if not right and not got["needs_review"]:
        s.failures.append({"field": key, "got": got["value"], "want": want, "confidence": got["confidence"]})


def score_document(s: Scores, got: dict, want: dict) -> None:
    s.matched += 1
    type_ok = got["document_type"] == want["document_type"]
    s.type_right += type_ok
    s.type_flagged += (not type_ok) and got["status"] == "needs_review"
    s.on_time_right += got["on_time"] == want["on_time"]
    if s.holders is not None and want.get("holder_id") and want["document_type"] in ("election_form", "change_notice"):
        h = got["holder_id"]
        s.holders.add(h["value"] == want["holder_id"], h["needs_review"] or h["value"] is None)
        if h["value"] is not None and h["value"] != want["holder_id"] and not h["needs_review"]:
            s.failures.append({"field": "holder_id", "got": h["value"], "want": want["holder_id"],
                               "confidence": h["confidence"]})
    if not type_ok:
        for name in FIELDS_BY_TYPE[want["document_type"]]:
            _score_field(s, name, {"value": None, "confidence": 0.0, "needs_review": got["status"] == "needs_review"},
                         want["fields"].get(name))
        return
    s.straight_through += got["status"] == "accepted"
    for name in FIELDS_BY_TYPE[want["document_type"]]:
        _score_field(s, name, got["fields"][name], want["fields"].get(name))
        if name == "tender_elected":
            s.tender_n += 1
            f = got["fields"][name]
            s.tender_right_or_flagged += f["needs_review"] or f["value"] == want["fields"][name]
    rows_got, rows_want = got["grants"], want["grants"]
    # Rows the reading missed are silent errors, unless the document says its table is in doubt.
    table_doubt = any(p["code"] in TABLE_PROBLEMS for p in got["problems"])
    missing = {"value": None, "confidence": 0.0, "needs_review": table_doubt}
    for g_row, w_row in _align_rows(rows_got, rows_want):
        for name in GRANT_FIELDS:
            g = g_row[name] if g_row is not None else missing
            w = w_row[name] if w_row is not None else None
            if w_row is None and g["value"] is None:
                continue
            _score_field(s, f"grant.{name}", g, w)


def _align_rows(got: list[dict], want: list[dict]) -> list[tuple[dict | None, dict | None]]:
    """Pair the rows read with the true rows in order, allowing rows found that are not there
    and rows missed (an edit-distance alignment): one phantom row must not shift every row
    after it onto the wrong truth.  A pair costs the fields that differ; a row alone costs
    all its fields."""
    n, m = len(got), len(want)
    alone = len(GRANT_FIELDS)

    def cost(a: dict, b: dict) -> int:
        return sum(not _same(a[f]["value"], b[f]) for f in GRANT_FIELDS)

    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 or j == 0:
                best[i][j] = (i + j) * alone
                continue
            best[i][j] = min(best[i - 1][j - 1] + cost(got[i - 1], want[j - 1]),
                             best[i - 1][j] + alone, best[i][j - 1] + alone)
    pairs: list[tuple[dict | None, dict | None]] = []
    i, j = n, m
    while i or j:
        if i and j and best[i][j] == best[i - 1][j - 1] + cost(got[i - 1], want[j - 1]):
            pairs.append((got[i - 1], want[j - 1]))
            i, j = i - 1, j - 1
        elif i and best[i][j] == best[i - 1][j] + alone:
            pairs.append((got[i - 1], None))
            i -= 1
        else:
            pairs.append((None, want[j - 1]))
            j -= 1
    return pairs[::-1]


def evaluate(set_dir: Path, home: Home, *, split: str = "all", roster: Path | None = None,
             workers: int | None = None) -> Scores:
    """Process every file of the set into `home` and score the results."""
    from .cli import page_pool
    home.ensure()
    # Audit sampling would send right readings to review at random: measure reading alone.
    home.config_path.write_text(home.config_path.read_text().replace(
        "audit_sample_rate = 0.02", "audit_sample_rate = 0.0"))
    ctx = Context(str(home.root))
    cfg, db = ctx.config(), ctx.db()
    if roster is not None:
        from . import roster as roster_mod
        roster_mod.import_csv(db, roster)
    s = Scores(holders=Tally() if roster is not None else None)
    truths = sorted((set_dir / "truth").glob("*.json"))
    with page_pool(cfg) as pool:
        for truth_path in truths:
            truth = json.loads(truth_path.read_text())
            held_out = bool(truth.get("meta", {}).get("held_out"))
            if (split == "train" and held_out) or (split == "test" and not held_out):
                continue
            s.files += 1
            meta = truth.get("meta", {})
            s.current_groups = ("typed" if meta.get("typed") else "handwritten",
                                f"typeset {meta.get('typeset', '?')}" + (" (held out)" if held_out else ""))
            path = set_dir / "inbox" / truth["source_name"]
            arr = arrival.record(home, db, cfg, path)
            out = pipeline.process_receipt(home, db, cfg, arr.receipt_id, pool)
            docs = [document_json(db, d, cfg.offer.timezone, show_pii=True) for d in out.document_ids]
            s.truth_documents += len(truth["documents"])
            s.found_documents += len(docs)
            by_first = {d["pages"][0]: d for d in docs}
            for want in truth["documents"]:
                got = by_first.get(want["pages"][0])
                if got is None:
                    s.failures.append({"file": truth["source_name"], "missing_document": want["pages"]})
                    continue
                before = len(s.failures)
                score_document(s, got, want)
                for f in s.failures[before:]:
                    f["file"] = truth["source_name"]
    return s


def summary(s: Scores) -> dict:
    return {
        "files": s.files,
        "documents": {"truth": s.truth_documents, "found": s.found_documents, "matched": s.matched},
        "document_type_accuracy": _ratio(s.type_right, s.matched),
        "document_type_right_or_flagged": _ratio(s.type_right + s.type_flagged, s.matched),
        "on_time_accuracy": _ratio(s.on_time_right, s.matched),
        "tender_right_or_flagged": _ratio(s.tender_right_or_flagged, s.tender_n),
        "straight_through": _ratio(s.straight_through, s.matched),
        "overall": s.total.row(),
        "fields": {k: t.row() for k, t in sorted(s.fields.items())},
        "groups": {k: t.row() for k, t in sorted(s.groups.items())},
        "reliability": [{"confidence": f"{lo:.2f}-{min(hi, 1):.2f}", "n": n, "accuracy": _ratio(r, n)}
                        for (lo, hi), (n, r) in sorted(s.bins.items())],
        "silent_failures": s.failures[:50],
        "holders": _holder_row(s.holders),
    }


def _holder_row(t: Tally | None) -> dict | None:
    """Holder matching: identified (matched automatically and right) and silently wrong."""
    if t is None:
        return None
    return {"documents": t.n, "identified": _ratio(t.auto - t.auto_wrong, t.n), "silently_wrong": t.auto_wrong,
            "to_review": t.n - t.auto}


def format_text(summ: dict) -> str:
    lines = [f"files {summ['files']}   documents: truth {summ['documents']['truth']}, found "
             f"{summ['documents']['found']}, matched {summ['documents']['matched']}",
             f"document type accuracy {summ['document_type_accuracy']}  (right or flagged "
             f"{summ['document_type_right_or_flagged']})   on-time accuracy {summ['on_time_accuracy']}   "
             f"tender right or flagged {summ['tender_right_or_flagged']}",
             f"straight through {summ['straight_through']}", *_holder_line(summ.get("holders")), "",
             f"{'field':28} {'n':>5} {'accuracy':>9} {'automation':>11} {'silent err':>11} {'#silent':>8}"]
    rows = list(summ["fields"].items()) + [("OVERALL", summ["overall"])] + \
        [(f"  {k}", r) for k, r in summ.get("groups", {}).items()]
    for k, r in rows:
        lines.append(f"{k:28} {r['n']:>5} {_pct(r['accuracy']):>9} {_pct(r['automation']):>11} "
                     f"{_pct(r['silent_error']):>11} {r['silent_errors']:>8}")
    lines += ["", "reliability (stated confidence -> observed accuracy)"]
    lines += [f"  {b['confidence']:>10}  n={b['n']:>5}  accuracy {_pct(b['accuracy'])}" for b in summ["reliability"]]
    return "\n".join(lines)


def _holder_line(h: dict | None) -> list[str]:
    if not h:
        return []
    return [f"holders identified {_pct(h['identified'])} of {h['documents']} documents, silently wrong "
            f"{h['silently_wrong']}, to a person {h['to_review']}"]


def _pct(v) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def run(set_dir: Path, *, split: str = "all", roster: Path | None = None, home_dir: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="intake-eval-") as tmp:
        home = Home((home_dir or Path(tmp)).resolve())
        return summary(evaluate(set_dir, home, split=split, roster=roster))
