"""How long the record takes to wind back (intake.asof) and a day's report to build on it.

Copies a home's database to a temporary file, multiplies its documents (each copied with a
new id, its fields, grants, problems and events, received on the same day), then times
`asof.snapshot` and `report.build` at the end of a day, against the report of the tables as
they stand.

    python scripts/bench_asof.py HOME --copies 50 --date 2003-03-31
"""
from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from intake import asof, report, report_data
from intake.db import open_db, transaction
from intake.home import resolve

TABLES = ("fields", "grants", "problems", "events")


def multiply(db, copies: int) -> None:
    docs = [r["document_id"] for r in db.query("SELECT document_id FROM documents")]
    cols = {t: [c.name for c in db[t].columns if c.name != "id"] for t in ("documents",) + TABLES}
    with transaction(db):
        for k in range(1, copies):
            for doc in docs:
                new = f"{doc}-x{k}"
                for table in ("documents",) + TABLES:
                    c = cols[table]
                    picked = ", ".join("?" if name == "document_id" else f"[{name}]" for name in c)
                    db.execute(f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in c)}) "
                               f"SELECT {picked} FROM [{table}] WHERE document_id = ?", [new, doc])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--date", default="2003-03-31")
    args = ap.parse_args()
    home = resolve(args.home)
    cfg = home.config()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "intake.db"
        src = open_db(home.db_path)
        dst = sqlite3.connect(path)
        src.conn.backup(dst)
        dst.close()
        src.close()
        db = open_db(path)
        multiply(db, args.copies)
        day = date.fromisoformat(args.date)
        at = report_data.end_of_day(day, cfg)
        n = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        e = db.execute("SELECT count(*) FROM events").fetchone()[0]
        t = time.perf_counter()
        asof.snapshot(db, at).close()
        snap = time.perf_counter() - t
        t = time.perf_counter()
        report.build(db, cfg, day, ["json"])
        now = time.perf_counter() - t
        t = time.perf_counter()
        report.build(db, cfg, day, ["json"], as_of=at)
        then = time.perf_counter() - t
        print(f"{n} documents, {e} events: snapshot {snap:.2f} s; report (json) as it stands {now:.2f} s, "
              f"as of {at.isoformat()} {then:.2f} s")
        db.close()


if __name__ == "__main__":
    main()
