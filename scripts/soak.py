"""Soak benchmark of `intake watch`: drop faxes at a rate, with bursts, while killing the watcher.

    python scripts/soak.py --faxes 200 --rate 120 --burst-every 40 --burst-size 20 --kills 5

Each fax is a small one-page image with a few words (distinct bytes), dropped the way a fax
server does it: the sidecar `<name>.json` with a known `received_at` first, then the image
written in pieces.  The watcher runs as `intake watch` in a child process and is killed
with SIGKILL at random moments, then started again (as systemd's Restart= would).  At the
end every file must be recorded exactly once, with the receipt time of its sidecar, and
processed exactly once.  Prints throughput (documents per minute) and the longest time
from a file's arrival in the inbox to its decision.  Exit status 1 when a check fails.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageDraw

WATCH = "from intake.watch import watch_command; watch_command(prog_name='intake watch')"
BASE = datetime(2003, 3, 31, 16, 0, tzinfo=timezone(timedelta(hours=-5)))
WORDS = "election form tender options grant shares price holder signature notice offer".split()


def fax_image(i: int, rng: random.Random) -> bytes:
    im = Image.new("L", (850, 300), 255)
    draw = ImageDraw.Draw(im)
    draw.text((40, 60), f"Fax {i:05d}", fill=0)
    draw.text((40, 140), " ".join(rng.choice(WORDS) for _ in range(8)), fill=0)
    out = io.BytesIO()
    im.save(out, format="PNG", dpi=(200, 200))
    return out.getvalue()


def received_at(i: int) -> str:
    return (BASE + timedelta(seconds=7 * i)).isoformat()


class Soak:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.rng = random.Random(args.seed)
        self.home = Path(args.home or tempfile.mkdtemp(prefix="intake-soak-"))
        self.inbox = self.home / "inbox"
        self.dropped: dict[str, float] = {}       # name -> time the image was complete (epoch)
        self.child: subprocess.Popen | None = None
        self.kills = 0
        self.lock = threading.Lock()

    def setup(self) -> None:
        self.inbox.mkdir(parents=True, exist_ok=True)
        (self.home / "config.toml").write_text(
            f"[reading]\nworkers = {self.args.workers}\n"
            f"[watch]\nstable_seconds = {self.args.stable}\nrescan_seconds = 10.0\n", encoding="utf-8")
        self.log = open(self.home / "watch.log", "a", encoding="utf-8")

    def start(self) -> None:
        with self.lock:
            self.child = subprocess.Popen([sys.executable, "-c", WATCH, "--home", str(self.home)],
                                          stderr=self.log)

    def kill(self) -> None:
        with self.lock:
            os.kill(self.child.pid, signal.SIGKILL)
            self.child.wait()
            self.kills += 1
        time.sleep(self.args.restart_delay)
        self.start()

    def drop(self, i: int) -> None:
        name = f"fax{i:05d}.png"
        data = fax_image(i, self.rng)
        (self.inbox / (name + ".json")).write_text(json.dumps({"received_at": received_at(i)}))
        with open(self.inbox / name, "wb") as fh:   # written in pieces, as during a call
            for k in range(0, len(data), 4096):
                fh.write(data[k:k + 4096])
                fh.flush()
        self.dropped[name] = time.time()

    def schedule(self) -> list[float]:
        """Offsets (seconds) at which each fax is dropped: a steady rate with bursts."""
        at, t = [], 0.0
        every, size = self.args.burst_every, self.args.burst_size
        for i in range(self.args.faxes):
            in_burst = every and i >= every and i % every < size
            if i and not in_burst:
                t += 60.0 / self.args.rate
            at.append(t)
        return at

    def run(self) -> int:
        self.setup()
        self.start()
        plan = self.schedule()
        span = plan[-1] if plan else 0.0
        kill_at = sorted(self.rng.uniform(0.05 * span, 0.95 * span) for _ in range(self.args.kills))
        t0 = time.monotonic()
        for i, offset in enumerate(plan):
            while kill_at and kill_at[0] <= offset:
                self._sleep_until(t0 + kill_at.pop(0))
                self.kill()
            self._sleep_until(t0 + offset)
            self.drop(i)
        for moment in kill_at:
            self._sleep_until(t0 + moment)
            self.kill()
        self.wait_drained()
        with self.lock:
            self.child.send_signal(signal.SIGTERM)
            self.child.wait(60)
        return self.check()

    @staticmethod
    def _sleep_until(moment: float) -> None:
        time.sleep(max(0.0, moment - time.monotonic()))

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.home / "intake.db", timeout=30)

    def wait_drained(self) -> None:
        deadline = time.monotonic() + self.args.timeout
        while time.monotonic() < deadline:
            try:
                with self._db() as db:
                    finished = db.execute("SELECT COUNT(*) FROM receipts WHERE state NOT IN "
                                          "('queued', 'processing')").fetchone()[0]
            except sqlite3.OperationalError:
                finished = 0
            if finished >= self.args.faxes and not [p for p in os.listdir(self.inbox) if not p.endswith(".json")]:
                return
            time.sleep(0.5)
        print(f"soak: not drained after {self.args.timeout} s", file=sys.stderr)

    def check(self) -> int:
        db = self._db()
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM receipts").fetchall()
        by_name: dict[str, list] = {}
        for r in rows:
            by_name.setdefault(r["source_name"], []).append(r)
        problems = []
        for i in range(self.args.faxes):
            name = f"fax{i:05d}.png"
            got = by_name.get(name, [])
            if len(got) != 1:
                problems.append(f"{name}: {len(got)} receipts")
                continue
            r = got[0]
            if r["state"] != "done":
                problems.append(f"{name}: state {r['state']} ({r['error']})")
            if datetime.fromisoformat(r["received_at"]) != datetime.fromisoformat(received_at(i)):
                problems.append(f"{name}: received_at {r['received_at']} != {received_at(i)}")
        twice = db.execute("SELECT receipt_id, COUNT(*) FROM events WHERE kind = 'processed' "
                           "GROUP BY receipt_id HAVING COUNT(*) > 1").fetchall()
        problems += [f"receipt {rid} processed {n} times" for rid, n in twice]
        left = [p for p in os.listdir(self.inbox)]
        if left:
            problems.append(f"left in the inbox: {left[:5]}")
        documents = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        first_drop = min(self.dropped.values())
        waits, last_decision = [], first_drop
        for r in rows:
            if r["finished_at"] and r["source_name"] in self.dropped:
                decided = datetime.fromisoformat(r["finished_at"]).timestamp()
                waits.append(decided - self.dropped[r["source_name"]])
                last_decision = max(last_decision, decided)
        minutes = (last_decision - first_drop) / 60
        print(f"home: {self.home}")
        print(f"faxes dropped: {len(self.dropped)}; watcher killed {self.kills} times")
        print(f"receipts: {len(rows)}; documents: {documents}; checks failed: {len(problems)}")
        for p in problems[:20]:
            print(f"  FAIL {p}")
        print(f"throughput: {documents / minutes:.1f} documents per minute "
              f"({documents} in {minutes * 60:.1f} s from the first drop to the last decision)")
        if waits:
            waits.sort()
            print(f"arrival to decision: longest {waits[-1]:.1f} s, median {waits[len(waits) // 2]:.1f} s")
        return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--faxes", type=int, default=200)
    ap.add_argument("--rate", type=float, default=120.0, help="faxes per minute between bursts")
    ap.add_argument("--burst-every", type=int, default=40, help="start a burst every this many faxes (0: none)")
    ap.add_argument("--burst-size", type=int, default=20, help="faxes arriving at once in a burst")
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--restart-delay", type=float, default=1.0, help="seconds before the watcher is restarted")
    ap.add_argument("--workers", type=int, default=0, help="[reading] workers (0: one per core)")
    ap.add_argument("--stable", type=float, default=0.5, help="[watch] stable_seconds")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds to wait for the backlog to drain")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--home", help="the home to use (default: a new temporary folder)")
    return Soak(ap.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
