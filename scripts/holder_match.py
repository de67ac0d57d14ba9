"""Measure holder matching and the elections' honesty on processed sets, against their truth.

    python scripts/holder_match.py SET_DIR HOME [SET_DIR HOME ...] [--degrade N --seed S]

SET_DIR is a generated set (truth/ and roster.csv); HOME a home it was processed into with
that roster (`intake evaluate SET_DIR --roster SET_DIR/roster.csv --keep-home HOME`).
Every document is matched again from its first readings (as the pipeline would now) and
scored against the truth's holder_id: identified (matched automatically and right),
silently wrong (matched automatically to the wrong holder), sent to a person (with the
true holder among the candidates shown, or not).

Then the elections (`intake.elections.compute`) are compared with each holder's true
standing (the latest signed, on-time form or notice in receipt order, from the truth):
a holder shown settled (not provisional) whose outcome differs from the truth is the
failure the issue counts; the count of provisional holders says what honesty costs.

Each document's evidence is also ranked against the ledger without its true holder (a
sender not in the ledger): any automatic match then is silently wrong.

`--degrade N` measures the matcher on N copies of each document's evidence with parts
taken away or damaged at random (the SSN blanked or two digits changed, the name cut to
an initial and surname or a letter changed, the address dropped, grant rows dropped), the
kind of reading the blind sets had; no OCR is run.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

from intake import elections, holders, ledger
from intake.cli_common import Context


def first_readings(db, document_id: str) -> holders.Evidence:
    """The document's evidence as first read (before the ledger or a reviewer touched it)."""
    seen: dict[str, tuple] = {}
    grants: dict[int, dict] = {}
    for r in db.query("SELECT key, value, confidence, raw_text, evidence FROM readings WHERE document_id = ? "
                      "ORDER BY id", [document_id]):
        if r["key"] in seen:
            continue
        ev = json.loads(r["evidence"] or "{}")
        value = json.loads(r["value"]) if r["value"] is not None else None
        if ev.get("replaced_by_ledger"):
            value = None if r["key"] == "ssn" else ev.get("read_value", value)
        seen[r["key"]] = (value, r["confidence"], r["raw_text"])
        if r["key"].startswith("grants."):
            _, idx, name = r["key"].split(".", 2)
            grants.setdefault(int(idx), {})[name] = value
    none = (None, 0.0, None)
    ssn, name, addr = (seen.get(k, none) for k in ("ssn", "holder_name", "address"))
    return holders.Evidence(ssn[0], ssn[1], ssn[2], name[0], name[1], addr[0], addr[1],
                            [grants[i] for i in sorted(grants)])


def degrade(ev: holders.Evidence, rng: random.Random) -> holders.Evidence:
    out = holders.Evidence(**{k: (list(v) if isinstance(v, list) else v) for k, v in vars(ev).items()})
    if rng.random() < 0.4:
        out.ssn, out.ssn_raw = None, None
    elif rng.random() < 0.5 and out.ssn:
        digits = [c for c in out.ssn]
        for i in rng.sample([i for i, c in enumerate(digits) if c.isdigit()], 2):
            digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
        out.ssn, out.ssn_confidence = "".join(digits), rng.choice([0.5, 0.95])
    if out.name and rng.random() < 0.4:
        parts = out.name.split()
        out.name = f"{parts[0][0]}. {parts[-1]}" if len(parts) > 1 else out.name
    elif out.name and rng.random() < 0.4:
        i = rng.randrange(len(out.name))
        out.name = out.name[:i] + rng.choice("aeiouxnm") + out.name[i + 1:]
    if rng.random() < 0.5:
        out.address = None
    if out.grants and rng.random() < 0.5:
        out.grants = out.grants[:rng.randint(0, len(out.grants))]
    return out


def true_standings(set_dir: Path) -> dict[str, str]:
    """holder_id -> no_election | tendered | rejected, from the truth (latest signed on-time document)."""
    docs = []
    for path in sorted((set_dir / "truth").glob("*.json")):
        t = json.loads(path.read_text())
        for i, d in enumerate(t["documents"]):
            docs.append((t["received_at"], t["source_name"], i, d))
    docs.sort(key=lambda x: (x[0], x[1], x[2]))
    out: dict[str, str] = {}
    for _, _, _, d in docs:
        if d["document_type"] not in ("election_form", "change_notice") or not d["on_time"]:
            continue
        if not d["fields"].get("signature_present"):
            continue
        if d["document_type"] == "change_notice":
            out[d["holder_id"]] = "rejected"
        else:
            tenders = d["fields"].get("tender_elected") is True and bool(d["grants"])
            out[d["holder_id"]] = "tendered" if tenders else "rejected"
    return out


def measure(set_dir: Path, home: Path, tally: Counter, wrong: list, degrade_n: int, rng: random.Random) -> None:
    ctx = Context(str(home))
    cfg, db = ctx.config(), ctx.db()
    led = ledger.load(db)
    truth = {}
    for path in sorted((set_dir / "truth").glob("*.json")):
        t = json.loads(path.read_text())
        for d in t["documents"]:
            truth[(t["source_name"], d["pages"][0])] = d
    for row in db.query("SELECT document_id, source_name, pages, document_type, holder_id FROM documents"):
        want = truth.get((row["source_name"], json.loads(row["pages"])[0]))
        if want is None or row["document_type"] == "other":
            tally["not scored"] += 1
            continue
        ev = first_readings(db, row["document_id"])
        variants = [("read", ev)] + [("degraded", degrade(ev, rng)) for _ in range(degrade_n)]
        for kind, e in variants:
            ranking = holders.rank(led, e, cfg.reading.review_threshold)
            d = holders.decide(ranking, doubt=cfg.ledger.mismatch_confidence)
            tally[f"{kind} documents"] += 1
            auto = d.holder_id is not None and d.confidence >= cfg.reading.review_threshold
            if auto and d.holder_id == want["holder_id"]:
                tally[f"{kind} identified"] += 1
            elif auto:
                tally[f"{kind} SILENTLY WRONG"] += 1
                wrong.append({"set": set_dir.name, "doc": row["document_id"], "kind": kind, "got": d.holder_id,
                              "want": want["holder_id"], "evidence": d.evidence})
            else:
                shown = [c["holder_id"] for c in d.evidence.get("candidates", [])]
                tally[f"{kind} to review, true holder shown"] += want["holder_id"] in shown
                tally[f"{kind} to review, true holder not shown"] += want["holder_id"] not in shown
                if want["holder_id"] not in holders.could_be(ranking):
                    tally[f"{kind} to review, true holder RULED OUT"] += 1
        # the same evidence from someone not in the ledger: any automatic match is silently wrong
        others = ledger.Ledger({k: v for k, v in led.holders.items() if k != want["holder_id"]})
        for kind, e in variants:
            d = holders.decide(holders.rank(others, e, cfg.reading.review_threshold))
            tally[f"{kind} sender not in ledger"] += 1
            if d.holder_id is not None and d.confidence >= cfg.reading.review_threshold:
                tally[f"{kind} sender not in ledger, SILENTLY MATCHED"] += 1
                wrong.append({"set": set_dir.name, "doc": row["document_id"], "kind": kind + " absent",
                              "got": d.holder_id, "evidence": d.evidence})
        tally["stored match right"] += row["holder_id"] == want["holder_id"]
    standings = true_standings(set_dir)
    for e in elections.compute(db, cfg):
        if not e["in_ledger"]:
            continue
        want = standings.get(e["holder_id"], "no_election")
        tally["holders"] += 1
        tally["holders provisional"] += e["provisional"]
        if e["outcome"] != want:
            tally["holders differing from truth"] += 1
            if not e["provisional"]:
                tally["holders SHOWN SETTLED BUT WRONG"] += 1
                wrong.append({"set": set_dir.name, "holder": e["holder_id"], "shown": e["outcome"], "truth": want})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+", help="SET_DIR HOME pairs")
    ap.add_argument("--degrade", type=int, default=0)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args(argv)
    if len(args.pairs) % 2:
        ap.error("give SET_DIR HOME pairs")
    tally, wrong, rng = Counter(), [], random.Random(args.seed)
    for i in range(0, len(args.pairs), 2):
        measure(Path(args.pairs[i]), Path(args.pairs[i + 1]), tally, wrong, args.degrade, rng)
    for k in sorted(tally):
        print(f"{k:45} {tally[k]}")
    for kind in ("read", "degraded"):
        n = tally[f"{kind} documents"]
        if n:
            print(f"{kind}: identified {100 * tally[f'{kind} identified'] / n:.1f} % of {n}, "
                  f"silently wrong {tally[f'{kind} SILENTLY WRONG']}")
    for w in wrong[:20]:
        print(json.dumps(w)[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())
