"""The evaluation: run the pipeline over a generated set and score it against its ground truth.

Prints documents found, document-type and on-time accuracy, and per field and
overall the raw accuracy, the automation rate (share of fields not sent to
review), the silent error rate (wrong values among fields not sent to review),
the share of documents that go straight through, and a reliability table
(stated confidence against observed accuracy).  This is how every change to
reading is judged.

It scores the way an acceptance run does: a true document with no output of its own
counts every value it holds as automated and wrong, unless its pages went to a person;
an output document that is no true document (a form split in two) counts its values as
wrong, automated unless flagged.  Each named doubt check (`intake.reading.doubts`) is counted:
how often it fired, how often the value it fired on was wrong (caught), and how often it
held back a right one.  With a roster, the holder identified and the holder silently
wrong; the held-out family (truth meta `held_out`, or a `family`) on its own line.
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import arrival, pipeline
from .assemble import TENDER_WITHOUT_GRANTS
from .reading.table import ROWS_RUN_TOGETHER, TABLE_UNREAD, TOTAL_DISAGREES, WRITING_BEYOND_TABLE
from .cli_common import Context
from .fieldspec import FIELDS_BY_TYPE, GRANT_FIELDS, split_key
from .home import Home
from .results import document_json

# The problems by which a document says its table is in doubt (rows missed are then flagged).
TABLE_PROBLEMS = ("missing_pages", "additional_sheet_missing", TENDER_WITHOUT_GRANTS, ROWS_RUN_TOGETHER,
                  WRITING_BEYOND_TABLE, TOTAL_DISAGREES, TABLE_UNREAD)
HELD_OUT = "held-out family"
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
class DoubtTally:
    fired: int = 0
    caught: int = 0        # fired on a wrong value
    held_back: int = 0     # fired on a right value that then went to review

    def row(self) -> dict:
        return {"fired": self.fired, "caught": self.caught, "held_back": self.held_back}


@dataclass
class Scores:
    files: int = 0
    truth_documents: int = 0
    found_documents: int = 0
    matched: int = 0
    missing: int = 0                # true documents with no output of their own
    missing_flagged: int = 0        # ... whose pages went to a person
    extra: int = 0                  # output documents that are no true document
    extra_flagged: int = 0
    holder_n: int = 0
    holder_identified: int = 0      # the right holder, not sent to review
    holder_silently_wrong: int = 0  # another holder, not sent to review
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
    doubts: dict = field(default_factory=lambda: defaultdict(DoubtTally))
    failures: list = field(default_factory=list)
    current_groups: tuple = ()
    # Values sent to a person, by family, field and why: [right, wrong] (where automation goes).
    review: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    return a == b


def _score_field(s: Scores, key: str, got: dict, want, *, right: bool | None = None) -> None:
    """Score one value; `right` given is a verdict without comparing (a document missing or
    one too many: its values are wrong whatever they say, and their confidence is no reading's)."""
    stated = right is None
    right = _same(got["value"], want) if right is None else right
    s.fields[key].add(right, got["needs_review"])
    s.total.add(right, got["needs_review"])
    for group in s.current_groups:
        s.groups[group].add(right, got["needs_review"])
    for lo, hi in BINS if stated else ():
        if lo <= got["confidence"] < hi:
            s.bins[(lo, hi)][0] += 1
            s.bins[(lo, hi)][1] += right
    if got["needs_review"]:
        family = next((g for g in s.current_groups if g.startswith("family ")), "family named")
        why = (got.get("doubts") or ["unread" if got["value"] is None else "unsure"])[0]
        s.review[(family.removeprefix("family "), key.removeprefix("grant."), why)][0 if right else 1] += 1
    for name in got.get("doubts", ()):
        tally = s.doubts[name]
        tally.fired += 1
        tally.caught += not right
        tally.held_back += right and got["needs_review"]
    if not right and not got["needs_review"]:
        s.failures.append({"field": key, "got": got["value"], "want": want, "confidence": got["confidence"]})


def _score_holder(s: Scores, got: dict | None, want: dict) -> None:
    s.holder_n += 1
    h = got["holder_id"] if got is not None else {"value": None, "needs_review": True}
    if not h["needs_review"] and h["value"] is not None:
        s.holder_identified += h["value"] == want.get("holder_id")
        s.holder_silently_wrong += h["value"] != want.get("holder_id")


def score_document(s: Scores, got: dict, want: dict) -> None:
    s.matched += 1
    type_ok = got["document_type"] == want["document_type"]
    s.type_right += type_ok
    s.type_flagged += (not type_ok) and got["status"] == "needs_review"
    s.on_time_right += got["on_time"] == want["on_time"]
    if not type_ok:
        # Read as another type, it holds none of the true document's values: its fields score
        # as unread, and its grants (a form read as `other` records none) as wrong.
        flagged = got["status"] == "needs_review"
        for name in FIELDS_BY_TYPE[want["document_type"]]:
            _score_field(s, name, {"value": None, "confidence": 0.0, "needs_review": flagged},
                         want["fields"].get(name))
        for row in want["grants"]:
            for name in GRANT_FIELDS:
                _score_field(s, f"grant.{name}", {"value": None, "confidence": 0.0, "needs_review": flagged},
                             row[name], right=False)
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


def _values(doc_type: str, fields: dict, grants: list[dict]) -> list[tuple[str, object]]:
    """Every value a document of this type holds: its fields, then each grant row's cells."""
    out = [(name, fields.get(name)) for name in FIELDS_BY_TYPE.get(doc_type, ())]
    return out + [(f"grant.{name}", row.get(name)) for row in grants for name in GRANT_FIELDS]


def score_missing(s: Scores, want: dict, flagged: bool) -> None:
    """A true document with no output of its own: every value it holds is wrong, and
    automated unless its pages went to a person."""
    s.missing += 1
    s.missing_flagged += flagged
    for key, value in _values(want["document_type"], want["fields"], want["grants"]):
        _score_field(s, key, {"value": None, "confidence": 0.0, "needs_review": flagged}, value, right=False)


def score_extra(s: Scores, got: dict) -> None:
    """An output document that is no true document (the second half of a form split in
    two): every value it holds is wrong, automated unless flagged."""
    s.extra += 1
    s.extra_flagged += got["status"] == "needs_review"
    none = {"value": None, "confidence": 0.0, "needs_review": True}
    for key, value in _values(got["document_type"], got["fields"], got["grants"]):
        _score_field(s, key, value or none, None, right=False)


def match_documents(wants: list[dict], gots: list[dict]) -> tuple[list[tuple[dict, dict | None]], list[dict]]:
    """Pair each true document with the output document sharing most of its pages (the one
    beginning on the same page first); the output documents left over are extra."""
    def closeness(pair: tuple[int, int]) -> tuple[int, bool]:
        w, g = wants[pair[0]], gots[pair[1]]
        return len(set(w["pages"]) & set(g["pages"])), w["pages"][0] == g["pages"][0]

    paired: dict[int, int] = {}
    for i, j in sorted(((i, j) for i in range(len(wants)) for j in range(len(gots))), key=closeness, reverse=True):
        if closeness((i, j))[0] and i not in paired and j not in paired.values():
            paired[i] = j
    pairs = [(w, gots[paired[i]] if i in paired else None) for i, w in enumerate(wants)]
    return pairs, [g for j, g in enumerate(gots) if j not in paired.values()]


def score_file(s: Scores, truth: dict, docs: list[dict], *, set_aside: bool = False,
               with_holder: bool = False) -> None:
    """Score the output documents of one file against its truth.  `set_aside`: the file
    was quarantined, which a person sees."""
    s.truth_documents += len(truth["documents"])
    s.found_documents += len(docs)
    pairs, extra = match_documents(truth["documents"], docs)
    before = len(s.failures)
    for want, got in pairs:
        if with_holder:
            _score_holder(s, got, want)
        if got is None:
            flagged = set_aside or any(d["status"] == "needs_review" and set(d["pages"]) & set(want["pages"])
                                       for d in docs)
            s.failures.append({"missing_document": want["pages"], "flagged": flagged})
            score_missing(s, want, flagged)
        else:
            score_document(s, got, want)
    for got in extra:
        s.failures.append({"extra_document": got["pages"], "flagged": got["status"] == "needs_review"})
        score_extra(s, got)
    for f in s.failures[before:]:
        f["file"] = truth["source_name"]


def _groups(meta: dict) -> tuple[str, ...]:
    held_out = bool(meta.get("held_out"))
    groups = ["typed" if meta.get("typed") else "handwritten",
              f"typeset {meta.get('typeset', '?')}" + (" (held out)" if held_out else ""),
              HELD_OUT if held_out else "tuned on"]
    if meta.get("family"):
        groups.append(f"family {meta['family']}" + (" (held out)" if held_out else ""))
    if meta.get("pens"):
        groups.append(f"pens {meta['pens']}")           # the held-out writers' habits
    return tuple(groups)


def output_document(db, document_id: str, zone) -> dict:
    """The contract's JSON of a document, each value carrying the names of the doubt checks
    that fired on it (from its reading's evidence)."""
    out = document_json(db, document_id, zone, show_pii=True)
    for row in db.query("SELECT f.key, r.evidence FROM fields f JOIN readings r ON r.id = f.reading_id "
                        "WHERE f.document_id = ?", [document_id]):
        names = json.loads(row["evidence"] or "{}").get("doubts")
        idx, name = split_key(row["key"])
        target = out["fields"].get(name) if idx is None else \
            (out["grants"][idx].get(name) if idx < len(out["grants"]) else None)
        if names and isinstance(target, dict):
            target["doubts"] = names
    return out


def evaluate(set_dir: Path, home: Home, *, split: str = "all", roster: Path | None = None,
             workers: int | None = None, progress=None) -> Scores:
    """Process every file of the set into `home` and score the results.

    `progress` (an `intake.progress.Progress`) counts the files as they are read."""
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
    s = Scores()
    truths = sorted((set_dir / "truth").glob("*.json"))
    if progress is not None:
        progress.grow(len(truths))
    chosen = []
    for truth_path in truths:
        truth = json.loads(truth_path.read_text())
        held_out = bool(truth.get("meta", {}).get("held_out"))
        if (split == "train" and held_out) or (split == "test" and not held_out):
            if progress is not None:
                progress.grow(-1)
            continue
        chosen.append(truth)
    with page_pool(cfg) as pool:
        # Each file is recorded as it comes, and the next one's pages begun while this one is
        # finished (`intake.pipeline.read_ahead`), as `intake process` does.
        arrivals = [arrival.record(home, db, cfg, set_dir / "inbox" / chosen[0]["source_name"])] if chosen else []
        for i, truth in enumerate(chosen):
            if i + 1 < len(chosen):
                arrivals.append(arrival.record(home, db, cfg, set_dir / "inbox" / chosen[i + 1]["source_name"]))
                if pool is not None:
                    pipeline.read_ahead(home, db, cfg, arrivals[i + 1].receipt_id, pool)
            s.files += 1
            s.current_groups = _groups(truth.get("meta", {}))
            arr = arrivals[i]
            out = pipeline.process_receipt(home, db, cfg, arr.receipt_id, pool)
            docs = [output_document(db, d, cfg.offer.timezone) for d in out.document_ids]
            score_file(s, truth, docs, set_aside=out.error is not None, with_holder=roster is not None)
            if progress is not None:
                progress.step(truth["source_name"])
    return s


def summary(s: Scores) -> dict:
    return {
        "files": s.files,
        "documents": {"truth": s.truth_documents, "found": s.found_documents, "matched": s.matched,
                      "missing": s.missing, "missing_flagged": s.missing_flagged,
                      "extra": s.extra, "extra_flagged": s.extra_flagged},
        "document_type_accuracy": _ratio(s.type_right, s.matched),
        "document_type_right_or_flagged": _ratio(s.type_right + s.type_flagged, s.matched),
        "on_time_accuracy": _ratio(s.on_time_right, s.matched),
        "tender_right_or_flagged": _ratio(s.tender_right_or_flagged, s.tender_n),
        "straight_through": _ratio(s.straight_through, s.matched),
        "overall": s.total.row(),
        "held_out": s.groups[HELD_OUT].row() if HELD_OUT in s.groups else None,
        "holder": {"n": s.holder_n, "identified": _ratio(s.holder_identified, s.holder_n),
                   "silently_wrong": s.holder_silently_wrong} if s.holder_n else None,
        "doubts": {k: t.row() for k, t in sorted(s.doubts.items())},
        "fields": {k: t.row() for k, t in sorted(s.fields.items())},
        "groups": {k: t.row() for k, t in sorted(s.groups.items())},
        "reliability": [{"confidence": f"{lo:.2f}-{min(hi, 1):.2f}", "n": n, "accuracy": _ratio(r, n)}
                        for (lo, hi), (n, r) in sorted(s.bins.items())],
        "silent_failures": s.failures[:50],
        "sent_to_review": {f"{fam} / {key} / {why}": {"right": r, "wrong": w}
                           for (fam, key, why), (r, w) in sorted(s.review.items(), key=lambda kv: -sum(kv[1]))},
    }


def format_text(summ: dict) -> str:
    lines = [f"files {summ['files']}   documents: truth {summ['documents']['truth']}, found "
             f"{summ['documents']['found']}, matched {summ['documents']['matched']}",
             f"document type accuracy {summ['document_type_accuracy']}  (right or flagged "
             f"{summ['document_type_right_or_flagged']})   on-time accuracy {summ['on_time_accuracy']}   "
             f"tender right or flagged {summ['tender_right_or_flagged']}",
             f"straight through {summ['straight_through']}",
             f"documents missing {summ['documents']['missing']} (flagged {summ['documents']['missing_flagged']})   "
             f"extra {summ['documents']['extra']} (flagged {summ['documents']['extra_flagged']}): "
             "their values count as wrong, automated unless flagged"]
    if summ.get("holder"):
        h = summ["holder"]
        lines.append(f"holder identified {_pct(h['identified'])} of {h['n']}   silently wrong {h['silently_wrong']}")
    if summ.get("held_out"):
        h = summ["held_out"]
        lines.append(f"held-out family: {h['n']} values, automation {_pct(h['automation'])}, silent error "
                     f"{_pct(h['silent_error'])} ({h['silent_errors']})")
    lines += ["", f"{'field':28} {'n':>5} {'accuracy':>9} {'automation':>11} {'silent err':>11} {'#silent':>8}"]
    rows = list(summ["fields"].items()) + [("OVERALL", summ["overall"])] + \
        [(f"  {k}", r) for k, r in summ.get("groups", {}).items()]
    for k, r in rows:
        lines.append(f"{k:28} {r['n']:>5} {_pct(r['accuracy']):>9} {_pct(r['automation']):>11} "
                     f"{_pct(r['silent_error']):>11} {r['silent_errors']:>8}")
    if summ.get("doubts"):
        lines += ["", f"{'doubt check':28} {'fired':>6} {'caught':>7} {'held back':>10}"]
        lines += [f"{k:28} {d['fired']:>6} {d['caught']:>7} {d['held_back']:>10}" for k, d in summ["doubts"].items()]
    lines += ["", "reliability (stated confidence -> observed accuracy)"]
    lines += [f"  {b['confidence']:>10}  n={b['n']:>5}  accuracy {_pct(b['accuracy'])}" for b in summ["reliability"]]
    return "\n".join(lines)


def _pct(v) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def run(set_dir: Path, *, split: str = "all", roster: Path | None = None, home_dir: Path | None = None,
        progress=None) -> dict:
    with tempfile.TemporaryDirectory(prefix="intake-eval-") as tmp:
        home = Home((home_dir or Path(tmp)).resolve())
        return summary(evaluate(set_dir, home, split=split, roster=roster, progress=progress))
