"""Measure how often each combination of reading signals gives the right value.

Run `intake evaluate SET --keep-home H` first, then
`python scripts/calibrate.py H SET` prints, for each kind of value and each
combination of signals (two engines agree, the recogniser stable across two
renderings, its score), how many readings there were and how many were right.
These tables are what the numbers in intake/reading/calibration.py are set from; run
it on a training set, and check the result on a held-out one.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

from intake.fieldspec import kind_of, split_key


def truth_values(set_dir: Path) -> dict:
    out = {}
    for path in (set_dir / "truth").glob("*.json"):
        t = json.loads(path.read_text())
        for d in t["documents"]:
            vals = dict(d["fields"])
            for i, g in enumerate(d["grants"]):
                vals.update({f"grants.{i}.{k}": v for k, v in g.items() if k != "source"})
            out[(t["source_name"], d["pages"][0])] = (d["document_type"], vals)
    return out


def bucket(score: float | None) -> str:
    if score is None:
        return "-"
    for edge in (0.99, 0.97, 0.9, 0.8):
        if score >= edge:
            return f">={edge}"
    return "<0.8"


def main(argv: list[str]) -> int:
    home, set_dir = Path(argv[0]), Path(argv[1])
    truth = truth_values(set_dir)
    db = sqlite3.connect(home / "intake.db")
    rows = db.execute("SELECT d.source_name, d.pages, d.document_type, r.key, r.value, r.confidence, r.evidence "
                      "FROM readings r JOIN documents d USING (document_id)").fetchall()
    table = defaultdict(lambda: [0, 0])
    for source, pages, dtype, key, value, conf, evidence in rows:
        want = truth.get((source, json.loads(pages)[0]))
        if want is None or want[0] != dtype or key == "holder_id":
            continue
        vals = want[1]
        if key not in vals and split_key(key)[0] is not None:
            continue
        got, ev = json.loads(value), json.loads(evidence or "{}")
        right = got == vals.get(key) if not isinstance(got, str) else \
            " ".join(got.split()).casefold() == " ".join(str(vals.get(key) or "").split()).casefold()
        kind = kind_of(key)
        if ev.get("blank"):
            sig = ("blank",)
        elif "agree" in ev:
            sig = ("agree" if ev["agree"] else "differ", "stable" if ev.get("stable") else "unstable",
                   bucket(ev.get("ppocr_score")))
        elif "inside" in ev:
            sig = (ev.get("found_by"), f"inside {bucket(ev['inside'])}")
        else:
            sig = (f"conf {conf:.2f}",)
        cell = table[(kind, sig)]
        cell[0] += 1
        cell[1] += bool(right)
    for (kind, sig), (n, right) in sorted(table.items()):
        print(f"{kind:10} {' '.join(sig):40} n={n:4}  right={right / n:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
