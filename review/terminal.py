"""The reviewer's screen: a task drawn as text, the crop drawn in block characters, the loop.

The loop reads one line per answer (Enter accepts, a typed value corrects, `s` skips,
`r` rejects the document, `v` shows the SSN, `i` draws the field's image, `+row` adds
a grant row, `-row N` removes one, `q` quits) through the `read` and `write`
callables it is given, so it runs the same in a terminal and in tests.  Every change
goes through `review.actions`, the same functions the browser desk calls.

Nothing here prints an SSN, or an image that may show one, without a recorded look:
the SSN and its raw text are masked (a partial reading too), crop files are never
named, and an image is drawn only when asked (`i`, an `image_shown` event; the SSN's
only after `v`, an `ssn_revealed` event).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import numpy as np
import sqlite_utils
from PIL import Image, UnidentifiedImageError

from intake.elections import TYPE_PROBLEMS
from intake.errors import IntakeError, ValidationError
from intake.fieldspec import GRANT_FIELDS, kind_of, split_key
from intake.holders import HOLDER_PROBLEMS
from intake.receipt import iso

from . import actions, checks, images
from .masking import raw_shown, redact_all, shown
from .queue import ClaimHeld, Task, claim_next, open_tasks, release
from intake.inbox import shown_name

# Quadrant characters indexed by ink bits: top-left 1, top-right 2, bottom-left 4, bottom-right 8.
QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
MAX_ROWS = 10

HELP_FIELD = ("Enter accepts the reading · type a value to correct it (=s types a literal s, - means blank) · "
              "s skips · r rejects the document · v shows the SSN · i draws the image · +row adds a grant row · "
              "-row N removes one · q quits")
HELP_PROBLEM = ("Enter resolves the problem (asks why) · w waives it for every document · s skips · "
                "r rejects the document · +row adds a grant row · -row N removes one · q quits")
HELP_HOLDER = "a number picks that candidate as the holder (recorded with its reasons)"
HELP_TYPE = "form, notice or other says what the document is (the fields of its type are then asked for)"
TYPE_WORDS = ("form", "notice", "other", "election_form", "change_notice")


def draw_crop(path: str | Path, columns: int = 80) -> list[str]:
    """The image as lines of quadrant block characters (ink drawn, paper blank); [] if unreadable."""
    try:
        with Image.open(path) as im:
            grey = im.convert("L")
    except (OSError, UnidentifiedImageError, ValueError):
        return []
    grey = _trim(grey)
    w, h = grey.size
    if not w or not h:
        return []
    cols = max(8, min(columns, 120))
    rows = max(1, round(h / w * cols / 2))
    if rows > MAX_ROWS:
        rows = MAX_ROWS
        cols = max(8, round(rows * 2 * w / h))
    px = np.asarray(grey.resize((cols * 2, rows * 2), Image.Resampling.BOX), dtype=np.float32)
    ink = px < _otsu(px)
    bits = ink[0::2, 0::2] * 1 + ink[0::2, 1::2] * 2 + ink[1::2, 0::2] * 4 + ink[1::2, 1::2] * 8
    lines = ["".join(QUADRANTS[b] for b in row).rstrip() for row in bits]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _trim(grey: Image.Image, pad: int = 4) -> Image.Image:
    """The image cut to its ink and a small margin, so the drawing spends its cells on the writing."""
    px = np.asarray(grey, dtype=np.float32)
    if px.size == 0 or px.max() - px.min() < 32:
        return grey
    ys, xs = np.nonzero(px < _otsu(px))
    if not len(xs):
        return grey
    h, w = px.shape
    return grey.crop((max(0, xs.min() - pad), max(0, ys.min() - pad), min(w, xs.max() + pad + 1),
                      min(h, ys.max() + pad + 1)))


def _otsu(px: np.ndarray) -> float:
    hist, edges = np.histogram(px, bins=64, range=(0, 256))
    total, best, threshold = px.size, -1.0, 128.0
    cum, cum_mean, grand = 0, 0.0, float((hist * edges[:-1]).sum())
    for count, edge in zip(hist, edges[:-1]):
        cum += count
        cum_mean += count * edge
        if cum == 0 or cum == total:
            continue
        m0, m1 = cum_mean / cum, (grand - cum_mean) / (total - cum)
        between = cum * (total - cum) * (m0 - m1) ** 2
        if between > best:
            best, threshold = between, edge + 4
    return min(threshold, 200.0)


def _value(text: str | None):
    return json.loads(text) if text is not None else None


def document_header(doc: dict, zone=None) -> str:
    timing = "on time" if doc["on_time"] else "LATE"
    when = iso(datetime.fromisoformat(doc["received_at"]), zone) if zone else doc["received_at"]
    return (f"{shown_name(doc['source_name'])} p{','.join(map(str, json.loads(doc['pages'])))} · {doc['document_type']} · "
            f"received {when} ({timing}, {doc['received_at_source']}) · status {doc['status']}")


def task_lines(db: sqlite_utils.Database, task: Task, *, reveal: bool = False,
               draw: bool = False, columns: int = 80, zone=None) -> list[str]:  # noqa: ARG001 (draw: see `i`)
    """What the reviewer sees for one task."""
    doc = actions.document(db, task.document_id)
    out = [f"document {task.document_id}", "  " + document_header(doc, zone)]
    if task.kind == "problem":
        p = db["problems"].get(task.problem_id)
        out += [f"problem   {p['code']}: {redact_all(p['message'])}"]
        out += candidate_lines(db, task) + ([HELP_TYPE] if task.code in TYPE_PROBLEMS else []) + [HELP_PROBLEM]
        return out
    f = actions.field(db, task.document_id, task.key)
    reading = db["readings"].get(f["reading_id"]) if f["reading_id"] else None
    evidence = json.loads(reading["evidence"] or "{}") if reading else {}
    out.append(f"field     {task.key}  ({kind_of(task.key)})")
    out.append(f"reading   {shown(task.key, _value(f['value']), reveal)}   confidence {f['confidence']:.2f}")
    if reading and reading["raw_text"]:
        out.append(f"raw text  {raw_shown(task.key, reading['raw_text'], reveal)}")
    if "ledger_expected" in evidence:
        out.append(f"ledger    {shown(task.key, evidence['ledger_expected'], reveal)}")
    if "read_value" in evidence:
        out.append(f"paper     {shown(task.key, evidence['read_value'], reveal)}   (as read, before the ledger)")
    idx = split_key(task.key)[0]
    if idx is not None:
        out += _row_lines(db, task.document_id, idx)
    if f["crop_path"] or f["page"]:
        what = "the SSN's image: v shows it" if split_key(task.key)[1] == "ssn" else "i draws it here"
        out.append(f"image     {what}; the desk in the browser shows the page (intake review serve)")
    else:
        out.append("image     (no image of this field)")
    out += candidate_lines(db, task)
    out.append(HELP_FIELD)
    return out


def is_holder_task(task: Task) -> bool:
    return task.key == "holder_id" if task.kind == "field" else task.code in HOLDER_PROBLEMS


def candidate_lines(db: sqlite_utils.Database, task: Task) -> list[str]:
    """For a question of who sent the document: the ledger's holders ranked by the evidence,
    numbered, each with its score and reasons (no SSN digits)."""
    if not is_holder_task(task):
        return []
    cands = actions.holder_candidates(db, task.document_id)
    if not cands:
        return ["candidates (no option ledger is loaded)"]
    out = ["candidates (by all the evidence: SSN, name, address, grants)"]
    for i, c in enumerate(cands, 1):
        out.append(f"  {i}. {c['holder_id']}  {c['name']}  score {c['score']:+.1f}: "
                   f"{'; '.join(c['reasons']) or 'no evidence either way'}")
    out.append(HELP_HOLDER)
    return out


def _row_lines(db: sqlite_utils.Database, document_id: str, idx: int) -> list[str]:
    """The grant row as it stands, and the ledger's grant it matches (as the browser shows beside the table)."""
    rows = checks._rows(db, document_id)
    holder = checks.holder_of(db, document_id, checks.load(db))
    g = checks.ledger_grants(db, document_id, holder, rows).get(idx)
    row = rows.get(idx, {})
    out = ["row       " + " · ".join(f"{n.replace('shares_', '')} {shown(n, row.get(n))}" for n in GRANT_FIELDS)]
    if g is not None:
        out.append(f"in ledger {g['grant_number']} · grant_date {g['grant_date']} · granted {g['shares_granted']} · "
                   f"exercise_price {g['exercise_price']} · exercised {g['shares_exercised']} · "
                   f"available {g['shares_granted'] - g['shares_exercised']}")
    elif holder is not None:
        out.append(f"in ledger no grant of {holder.holder_id} matches this row")
    return out


@dataclass
class Session:
    """One reviewer working through the queue; counts what they did."""
    db: sqlite_utils.Database
    reviewer: str
    claim_minutes: float
    read: Callable[[str], str]
    write: Callable[[str], None]
    draw: bool = False
    columns: int = 80
    zone: object = None     # the Offer's time zone, for times shown
    home: object = None     # the home (`intake.home.Home`), where the images are
    done: dict = field(default_factory=lambda: {"accepted": 0, "corrected": 0, "rejected": 0, "skipped": 0,
                                                "resolved": 0, "waived": 0})
    skipped: set = field(default_factory=set)
    handled: list = field(default_factory=list)   # task ids, in the order this reviewer got them

    def run(self) -> dict:
        try:
            while True:
                task = claim_next(self.db, self.reviewer, self.claim_minutes, skip=self.skipped)
                if task is None:
                    self.write("The queue is empty." if not self.skipped else
                               f"Nothing left but the {len(self.skipped)} task(s) you skipped.")
                    break
                self.handled.append(task.task_id)
                left = len(open_tasks(self.db))
                self.write(f"── task {task.task_id} ({left} in the queue) ──")
                for line in task_lines(self.db, task, draw=self.draw, columns=self.columns, zone=self.zone):
                    self.write(line)
                if not self._answer(task):
                    break
        finally:
            release(self.db, self.reviewer)
        self.write("done: " + ", ".join(f"{n} {k}" for k, n in self.done.items() if n))
        return self.done

    def _ask(self, prompt: str) -> str | None:
        try:
            return self.read(prompt)
        except EOFError:
            return None

    def _answer(self, task: Task) -> bool:
        """Handle answers for one task; False when the reviewer quits."""
        while True:
            line = self._ask("> ")
            if line is None or line.strip() == "q":
                return False
            cmd = line.strip()
            try:
                outcome = self._act(task, cmd, line)
            except ValidationError as exc:
                self.write(f"! {exc}")
                continue
            except (ClaimHeld, IntakeError) as exc:
                self.write(f"! {exc} Moving on.")
                return True
            if outcome is None:
                continue
            self.done[outcome] += 1
            return True

    def _act(self, task: Task, cmd: str, line: str) -> str | None:
        """Do what the answer says; the name of what was done, or None to ask again."""
        db, who = self.db, self.reviewer
        if cmd == "s":
            self.skipped.add(task.task_id)
            return "skipped"
        if cmd == "?":
            self.write(HELP_FIELD if task.kind == "field" else HELP_PROBLEM)
            return None
        if cmd == "v":
            self._reveal(task)
            return None
        if cmd == "i" and task.kind == "field":
            self._draw(task)
            return None
        if cmd == "+row":
            return self._add_row(task)
        if cmd.startswith("-row"):
            return self._remove_row(task, cmd[4:].strip())
        if cmd == "r":
            reason = self._ask("reason for rejecting the document: ")
            if not (reason or "").strip():
                self.write("! Not rejected: a rejection needs a reason.")
                return None
            res = actions.reject_document(db, task.document_id, reason, who)
            self.write(f"rejected {task.document_id} (status {res['status']})")
            return "rejected"
        if is_holder_task(task) and cmd.lstrip("#").isdigit():
            return self._pick_holder(task, int(cmd.lstrip("#")))
        if task.kind == "problem" and task.code in TYPE_PROBLEMS and cmd in TYPE_WORDS:
            res = actions.set_document_type(db, task.document_id, cmd, "said in review", who)
            self.write(f"{task.document_id} is a {res['document_type']}; {len(res['fields_added'])} field(s) "
                       f"to review (status {res['status']})")
            return "resolved"
        if task.kind == "problem":
            return self._problem(task, cmd)
        if cmd == "":
            res = self._checked(lambda reason: actions.accept_field(db, task.document_id, task.key, who,
                                                                    reason=reason))
            if res is None:
                return None
            self.write(f"accepted {task.key} (status {res['status']})")
            return "accepted"
        typed = line.strip()[1:] if line.strip().startswith("=") else line.strip()
        res = self._checked(lambda reason: actions.correct_field(db, task.document_id, task.key, typed, who,
                                                                 only_if_pending=True, reason=reason))
        if res is None:
            return None
        new = actions.field(db, task.document_id, task.key)
        self.write(f"{res['action']} {task.key} = {shown(task.key, _value(new['value']))} (status {res['status']})")
        return "accepted" if res["action"] == "accepted" else "corrected"

    def _checked(self, act):
        """Run an action; when it breaks a check, show which and ask for a reason (empty: do not)."""
        try:
            return act(None)
        except actions.NeedsConfirmation as exc:
            self.write(f"! {exc}")
            reason = (self._ask("reason to keep it anyway (Enter: no, type another value): ") or "").strip()
            if not reason:
                self.write("not kept")
                return None
            return act(reason)

    def _add_row(self, task: Task) -> str | None:
        self.write("a grant row, as on the paper (Enter leaves a cell blank):")
        typed = {}
        for name in GRANT_FIELDS:
            text = self._ask(f"  {name}: ")
            if text is None:
                return None
            typed[name] = text
        res = self._checked(lambda reason: actions.add_grant(self.db, task.document_id, typed, self.reviewer,
                                                            reason=reason))
        if res is None:
            return None
        self.write(f"added grants.{res['row']} (status {res['status']})")
        return "corrected"

    def _remove_row(self, task: Task, which: str) -> str | None:
        if not which.isdigit():
            self.write("! Say which row: -row 0 removes grants.0.")
            return None
        reason = (self._ask(f"why grants.{which} is not on the paper: ") or "").strip()
        if not reason:
            self.write("! Not removed: removing a row needs a reason.")
            return None
        res = actions.remove_grant(self.db, task.document_id, int(which), reason, self.reviewer)
        self.write(f"removed grants.{which} (status {res['status']})")
        return "corrected"

    def _problem(self, task: Task, cmd: str) -> str | None:
        if cmd == "":
            reason = (self._ask("why it does not stand (Enter: not resolved): ") or "").strip()
            if not reason:
                self.write("! Not resolved: say why it does not stand.")
                return None
            actions.resolve_problem(self.db, task.problem_id, reason, self.reviewer)
            self.write(f"resolved {task.code}")
            return "resolved"
        if cmd == "w":
            reason = self._ask(f"reason for waiving {task.code} for every document: ")
            if not (reason or "").strip():
                self.write("! Not waived: a waiver needs a reason.")
                return None
            try:
                res = actions.waive(self.db, task.code, reason, self.reviewer)
            except actions.NeedsConfirmation as exc:
                self.write(f"waiving {task.code} touches {len(exc.broken)} documents:")
                for doc_id in exc.broken:
                    self.write(f"  {doc_id}")
                if (self._ask("waive it for all of them? type yes: ") or "").strip().lower() != "yes":
                    self.write("not waived")
                    return None
                res = actions.waive(self.db, task.code, reason, self.reviewer, confirm=True)
            self.write(f"waived {task.code} for {len(res['documents'])} document(s)")
            return "waived"
        self.write("! " + HELP_PROBLEM)
        return None

    def _pick_holder(self, task: Task, n: int) -> str | None:
        cands = actions.holder_candidates(self.db, task.document_id)
        if not 1 <= n <= len(cands):
            self.write(f"! Pick a candidate from 1 to {len(cands)}.")
            return None
        pick = cands[n - 1]
        res = actions.assign_holder(self.db, task.document_id, pick["holder_id"], self.reviewer,
                                    reason=f"picked candidate {n} in review")
        self.write(f"holder {pick['holder_id']} ({pick['name']}) set (status {res['status']})")
        return "corrected"

    def _reveal(self, task: Task) -> None:
        try:
            ssn = actions.reveal_ssn(self.db, task.document_id, self.reviewer)
        except IntakeError:
            self.write("! This document has no SSN field.")
            return
        self.write(f"SSN {ssn if ssn is not None else '(blank)'}   (this look is recorded)")
        if self.draw:
            self._draw_key(task.document_id, "ssn", logged=True)

    def _draw(self, task: Task) -> None:
        if split_key(task.key)[1] == "ssn":
            self._reveal(task)
            return
        if not self.draw:
            self.write("! This terminal cannot draw images; the desk in the browser shows them (intake review serve).")
            return
        self._draw_key(task.document_id, task.key, logged=False)

    def _draw_key(self, document_id: str, key: str, *, logged: bool) -> None:
        path = images.crop_file(self.home, actions.field(self.db, document_id, key)["crop_path"])
        lines = draw_crop(path, self.columns - 2) if path else []
        if not lines:
            self.write("(no image of this field)")
            return
        if not logged:
            actions.log_look(self.db, document_id, self.reviewer, f"crop of {key} drawn in the terminal")
        for line in lines:
            self.write("  " + line)


def history_lines(events: list[dict], *, show_pii: bool = False) -> list[str]:
    """The audit trail of a document, one event a line."""
    out = []
    for e in events:
        detail = json.dumps(e["detail"], sort_keys=True)
        out.append(f"{e['at'][:19].replace('T', ' ')}Z  {e['actor']:<12} {e['kind']:<18} "
                   f"{detail if show_pii else redact_all(detail)}")
    return out
