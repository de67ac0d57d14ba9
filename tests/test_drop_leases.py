"""An interrupted `intake process` leaves nothing unread: the real command, killed for real.

A run holds a lease on each receipt it reads; the next `process` (or `watch`) takes up a
receipt whose run died, a second run on the same bytes waits for the first, and worker
processes die with their parent, even after `kill -9`.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intake.db import open_db

from test_drop_sidecars import run_once
from test_watch import make_home, receipts

DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo" / "inbox"
INTAKE = "from intake.cli import main; main()"


def fax(tmp_path: Path, name: str) -> Path:
    if not (DEMO / name).is_file():
        pytest.skip("samples/demo has not been generated")
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for path in (DEMO / name, DEMO / f"{name}.json"):
        shutil.copy(path, folder / path.name)
    return folder / name


def _interruptible() -> None:
    # A suite started in the background by a shell without job control runs with SIGINT
    # ignored, and a child inherits that: Python then never turns Ctrl-C into an
    # interruption, and the run reads on to the end.  The child gets the default back.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def intake(home, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", INTAKE, "--home", str(home.root), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_interruptible)


def state(home) -> str | None:
    rows = receipts(home)
    return rows[0]["state"] if rows else None


def wait_for(check, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if got := check():
            return got
        time.sleep(0.1)
    raise AssertionError("timed out")


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


def test_a_killed_process_is_finished_by_the_next_and_its_workers_die_with_it(tmp_path):
    home = make_home(tmp_path, workers=2)
    path = fax(tmp_path, "0001.tif")                           # six pages: time to be killed mid-read
    first = intake(home, "process", str(path), "--json")
    wait_for(lambda: state(home) == "processing" and len(children(first.pid)) >= 2)
    workers = children(first.pid)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)
    wait_for(lambda: not any(alive(w) for w in workers), 15)  # today: alive 10 minutes later
    assert state(home) == "processing"
    again = intake(home, "process", str(path), "--json")
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err
    docs = [json.loads(line) for line in out.splitlines()]     # today: nothing printed, exit 0
    assert [d["pages"] for d in docs] == [[1, 2, 3, 4, 5, 6]]
    rows = receipts(home)
    assert [r["state"] for r in rows] == ["done", "duplicate"] and rows[1]["duplicate_of"] == rows[0]["id"]
    assert all(r["lease_owner"] is None for r in rows)


def test_two_runs_on_the_same_bytes_at_once_both_print_the_document(tmp_path):
    home = make_home(tmp_path, workers=1)
    path = fax(tmp_path, "0009.tif")
    a = intake(home, "process", str(path), "--json")
    wait_for(lambda: state(home) == "processing")
    b = intake(home, "process", str(path), "--json")
    out_a, err_a = a.communicate(timeout=180)
    out_b, err_b = b.communicate(timeout=180)
    assert a.returncode == 0 and b.returncode == 0, (err_a, err_b)
    assert out_a and out_b                                     # today: the second prints nothing
    assert [json.loads(x)["document_id"] for x in out_a.splitlines()] == \
        [json.loads(x)["document_id"] for x in out_b.splitlines()]
    assert [r["state"] for r in receipts(home)] == ["done", "duplicate"]


def test_ctrl_c_puts_the_receipt_back_and_the_watcher_takes_up_a_dead_runs_receipt(tmp_path):
    home = make_home(tmp_path, workers=1)
    # Twelve pages on one worker: the run is still reading when the signal lands, however
    # slow the machine.
    path = fax(tmp_path, "0004.tif")
    run = intake(home, "process", str(path))
    wait_for(lambda: state(home) == "processing")
    run.send_signal(signal.SIGINT)
    run.communicate(timeout=30)
    (row,) = receipts(home)
    assert row["state"] == "queued" and row["lease_owner"] is None
    # Killed outright this time: the lease is left behind, naming a process that is gone.
    db = open_db(home.db_path)
    db.execute("UPDATE receipts SET state = 'processing', lease_owner = ?, lease_until = ?",
               [f"{os.uname().nodename}:{run.pid}:0", "2999-01-01T00:00:00+00:00"])
    db.close()
    code, log = run_once(home, timeout=180)                    # today: never picked up
    assert code == 0 and state(home) == "done"
    assert any(line["event"] == "processed" for line in log)
