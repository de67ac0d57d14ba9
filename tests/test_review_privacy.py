"""No SSN digits reach a screen or an output of the desk without a recorded look.

A full review session over the real demo queue, in a real terminal, with every command
a reviewer uses; a whole SSN and a partial one planted in readings' raw text as a misplaced
crop would give them.  Every output is scanned for nine digits in a row or 3-2-4.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pexpect

from intake.db import events_for, insert, now_utc, open_db
from intake.home import Home
from review import masking

# Nine digits in a row, or 3-2-4 (not inside a hash or an id: letters or digits either side).
SSN_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])|(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")
PARTIAL = "292-9--33"


def _plant(db, doc: str, key: str, raw: str) -> None:
    """A new reading of `key` with raw text `raw`, made the field's reading (as the reading issue did)."""
    old = db.execute("SELECT value, confidence FROM fields WHERE document_id = ? AND key = ?", [doc, key]).fetchone()
    rid = insert(db, "readings", {"document_id": doc, "key": key, "value": old[0], "confidence": old[1],
                                  "engine": "test", "raw_text": raw, "created_at": now_utc()})
    db.execute("UPDATE fields SET reading_id = ? WHERE document_id = ? AND key = ?", [rid, doc, key])


def scan(text: str, db) -> list[str]:
    """SSN digits in `text` that no `ssn_revealed` event accounts for."""
    revealed = {json.loads(r[0]) for r in db.execute(
        "SELECT f.value FROM fields f JOIN events e ON e.document_id = f.document_id AND e.kind = 'ssn_revealed' "
        "WHERE f.key = 'ssn' AND f.value IS NOT NULL")}
    return [m for m in SSN_DIGITS.findall(text) if m not in revealed]


def test_redact_all_masks_partial_ssns_and_leaves_dates_and_counts():
    assert PARTIAL not in masking.redact_all(f"read {PARTIAL} here")
    assert masking.redact_all("363-93-8944 and 363938944") == "***-**-8944 and ***-**-8944"
    for text in ("2003-03-28T14:15", "10,000 shares at 12.50", "12 Elm St, Nashua NH 03060", "row 1: 7,500",
                 "f0d6fcf4cfb65697a441-p001", "received 2003-03-31 16:58"):
        assert masking.redact_all(text) == text
    assert masking.redact_all("sha 2b25a1f021feeb84d773d865327384da2") == "sha 2b25a1f021feeb84d773d865327384da2"
    assert masking.raw_shown("ssn", PARTIAL) == "***-**-**** (6 digits read)"


def test_a_full_session_shows_no_ssn_without_a_recorded_look(demo_queue):
    home = Home(demo_queue)
    db = open_db(home.db_path)
    docs = [r["document_id"] for r in db.query("SELECT document_id FROM documents ORDER BY document_id")]
    ssns = {r["document_id"]: json.loads(r["value"]) for r in db.query(
        "SELECT document_id, value FROM fields WHERE key = 'ssn' AND value IS NOT NULL")}
    pending = {r["document_id"]: r["key"] for r in db.query("SELECT document_id, key FROM fields WHERE needs_review = 1")}
    blank_ssn_doc = next(d for d, k in pending.items() if k == "ssn")
    other = next(d for d, k in pending.items() if k != "ssn" and d in ssns)
    with db.conn:
        _plant(db, blank_ssn_doc, "ssn", PARTIAL)                     # a partial SSN reading
        _plant(db, other, pending[other], ssns[other])                # a crop that landed on the SSN
    env = {**os.environ, "LANG": "C.UTF-8", "COLUMNS": "100", "LINES": "40"}
    base = [sys.executable, "-c", "from intake.cli import main; main()", "--home", str(home.root), "review"]
    seen = io.StringIO()
    child = pexpect.spawn(base[0], base[1:] + ["work", "--reviewer", "pat"], env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 100))
    child.logfile_read = seen
    handled = 0
    while child.expect([r"── task (\S+) ", "The queue is empty", "Nothing left but"]) == 0:
        task = child.match.group(1)
        child.expect("> ")
        if ":problem:" not in task:
            child.sendline("i")                                        # draw the image (a recorded look)
            child.expect("> ")
        child.sendline("")                                             # accept: may be refused (blank, checks)
        i = child.expect([r"── task", r"reason to keep it anyway", r"> ", "why it does not stand"])
        if i == 0:
            handled += 1
            child.expect("> ")
            child.sendline("s")
            continue
        if i in (1, 3):
            child.sendline("")
            child.expect("> ")
        child.sendline("s")
        handled += 1
    child.sendline("")
    child.expect(pexpect.EOF)
    assert handled >= 5
    outputs = [seen.getvalue()]
    run = lambda *a: subprocess.run(base + list(a), capture_output=True, text=True, env=env, timeout=60)
    outputs += [run("list").stdout, run("list", "--json").stdout, run("next", "--reviewer", "quinn").stdout,
                run("next", "--json", "--reviewer", "quinn").stdout, run("audit").stdout]
    for doc in sorted({blank_ssn_doc, other, *list(pending)[:2]}):
        outputs += [run("show", doc).stdout, run("show", doc, "--json").stdout]
    text = "\n".join(outputs)
    assert PARTIAL not in text
    assert scan(text, db) == []
    assert ".png" not in text
    # A look asked for: the SSN is shown, and the look is an event naming the reviewer.
    shown = run("show", other, "--show-pii", "--reviewer", "rita")
    assert ssns[other] in shown.stdout
    assert [e["actor"] for e in events_for(db, other) if e["kind"] == "ssn_revealed"] == ["rita"]
    assert scan(shown.stdout, db) == []
    assert any(e["kind"] == "image_shown" and e["actor"] == "pat" for d in docs for e in events_for(db, d))
