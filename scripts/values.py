"""Every value's outcome in an evaluation, to compare two versions of the code value by value.

    python scripts/values.py run SET OUT.jsonl       score SET (as `intake evaluate`, no ledger),
                                                      writing one line per value scored
    python scripts/values.py compare BASE.jsonl NEW.jsonl
                                                      each run's summary (tuned-on and held-out
                                                      parts), then every value whose outcome changed

An outcome is AUTO (not sent to review) or rev (sent), right or WRONG; AUTO-WRONG is a silent
error.  To read a set with another version's code, run this script from a folder holding no
code with PYTHONPATH naming that version's checkout: a script run from the project's folder
imports the working tree's code whatever PYTHONPATH says.
"""
from __future__ import annotations

import collections
import json
import sys
import tempfile
from pathlib import Path


def run(set_dir: Path, out_path: Path) -> None:
    from intake import evaluate as E
    from intake.home import Home
    current: dict = {}
    score_file, score_field = E.score_file, E._score_field

    def each_file(s, truth, docs, **kw):
        current.update(file=truth["source_name"], groups=list(s.current_groups))
        return score_file(s, truth, docs, **kw)

    with out_path.open("w") as out:
        def each_value(s, key, got, want, *, right=None):
            verdict = E._same(got["value"], want) if right is None else right
            out.write(json.dumps({"file": current.get("file"), "groups": current.get("groups"), "key": key,
                                  "got": got.get("value"), "want": want, "confidence": got.get("confidence"),
                                  "review": bool(got.get("needs_review")), "doubts": got.get("doubts"),
                                  "right": bool(verdict)}, default=str) + "\n")
            return score_field(s, key, got, want, right=right)

        E.score_file, E._score_field = each_file, each_value
        try:
            scores = E.evaluate(set_dir, Home(Path(tempfile.mkdtemp(prefix="values-"))))
        finally:
            E.score_file, E._score_field = score_file, score_field
    print(json.dumps(E.summary(scores)["overall"]))


def _load(path: Path) -> dict:
    seen: collections.Counter = collections.Counter()
    out = {}
    for line in path.read_text().splitlines():
        r = json.loads(line)
        seen[(r["file"], r["key"])] += 1
        out[(r["file"], r["key"], seen[(r["file"], r["key"])])] = r
    return out


def _outcome(r: dict | None) -> str:
    if r is None:
        return "none"
    return ("rev-" if r["review"] else "AUTO-") + ("right" if r["right"] else "WRONG")


def compare(base_path: Path, new_path: Path) -> None:
    base, new = _load(base_path), _load(new_path)
    for name, rows in (("base", base), ("new", new)):
        for part in ("tuned on", "held-out family"):
            rs = [r for r in rows.values() if part in (r["groups"] or [])]
            if rs:
                auto = [r for r in rs if not r["review"]]
                silent = sum(not r["right"] for r in auto)
                print(f"{name:4s} {part:15s} values {len(rs):4d}  automated {len(auto) / len(rs):6.1%}  "
                      f"right {sum(r['right'] for r in rs) / len(rs):6.1%}  silent {silent} "
                      f"({silent / max(1, len(auto)):.2%})")
    for k in sorted(set(base) | set(new)):
        a, b = base.get(k), new.get(k)
        if _outcome(a) != _outcome(b):
            print(f"  {k[0]} {k[1]:28s} {_outcome(a):11s} -> {_outcome(b):11s} "
                  f"{(a or {}).get('got')!r} -> {(b or {}).get('got')!r} (want {(b or a)['want']!r}) "
                  f"{(b or {}).get('doubts') or ''}")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "run":
        run(Path(argv[1]), Path(argv[2]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        compare(Path(argv[1]), Path(argv[2]))
        return 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
