"""`intake status`: how far behind the work is, who is doing it, and what last went wrong."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import click
import sqlite_utils

from .config import Config
from .home import Home
from .inbox import candidates
from .privacy import redact
from .watch import watcher_info, with_context

UNFINISHED = ("queued", "processing")


def gather(home: Home, db: sqlite_utils.Database, cfg: Config, *, now: datetime | None = None) -> dict:
    """The numbers `intake status` shows, as plain data."""
    now = now or datetime.now(timezone.utc)
    states = {r["state"]: r["n"] for r in db.query("SELECT state, COUNT(*) AS n FROM receipts GROUP BY state")}
    oldest = db.execute(
        "SELECT id, source_name, received_at, recorded_at FROM receipts WHERE state IN (?, ?) "
        "ORDER BY recorded_at LIMIT 1", list(UNFINISHED)).fetchone()
    oldest_info = None
    if oldest:
        rid, name, received_at, recorded_at = oldest
        waited = now - datetime.fromisoformat(recorded_at)
        oldest_info = {"receipt_id": rid, "source_name": name, "received_at": received_at,
                       "recorded_at": recorded_at, "waiting_seconds": round(waited.total_seconds(), 1)}
    watcher = watcher_info(home)
    return {
        "home": str(home.root),
        "inbox_files": len(candidates(home.inbox)),
        "queue_depth": sum(states.get(s, 0) for s in UNFINISHED),
        "queued": states.get("queued", 0),
        "processing": states.get("processing", 0),
        "receipts_by_state": states,
        "oldest_unprocessed": oldest_info,
        "watcher": {"running": watcher is not None, **(watcher or {}),
                    "configured_workers": cfg.reading.workers or "one per core"},
        "last_error": last_error(db),
        "own_failures": own_failures(db),
    }


def own_failures(db: sqlite_utils.Database) -> dict:
    """Failures of our own (cannot write, an original missing): how many, and the last one."""
    n = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'own_failure'").fetchone()[0]
    row = db.execute("SELECT at, receipt_id, detail FROM events WHERE kind = 'own_failure' "
                     "ORDER BY id DESC LIMIT 1").fetchone()
    last = None
    if row:
        detail = json.loads(row[2] or "{}")
        last = {"at": row[0], "receipt_id": row[1], "source_name": detail.get("source_name"),
                "reason": redact(str(detail.get("reason", "")))}
    return {"count": n, "last": last}


def last_error(db: sqlite_utils.Database) -> dict | None:
    row = db.execute("SELECT at, kind, receipt_id, detail FROM events "
                     "WHERE kind IN ('quarantined', 'processing_failed') ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    at, kind, rid, detail = row
    detail = json.loads(detail or "{}")
    name = detail.get("source_name")
    if name is None and rid is not None:
        got = db.execute("SELECT source_name FROM receipts WHERE id = ?", [rid]).fetchone()
        name = got[0] if got else None
    return {"at": at, "kind": kind, "receipt_id": rid, "source_name": name,
            "code": detail.get("code"), "reason": redact(str(detail.get("reason", "")))}


def render(info: dict) -> str:
    w = info["watcher"]
    who = f"running (pid {w.get('pid')}, {w.get('workers')} workers)" if w["running"] else "not running"
    lines = [
        f"home: {info['home']}",
        f"watcher: {who}; configured workers: {w['configured_workers']}",
        f"inbox: {info['inbox_files']} file(s) waiting to be taken",
        f"queue: {info['queue_depth']} receipt(s) unprocessed ({info['queued']} queued, "
        f"{info['processing']} processing)",
    ]
    o = info["oldest_unprocessed"]
    lines.append("oldest unprocessed: " + (
        f"{o['source_name']} received {o['received_at']}, waiting {o['waiting_seconds']:.0f} s"
        if o else "none"))
    done = ", ".join(f"{k} {v}" for k, v in sorted(info["receipts_by_state"].items())) or "none"
    lines.append(f"receipts: {done}")
    e = info["last_error"]
    lines.append("last error: " + (f"{e['source_name'] or 'receipt ' + str(e['receipt_id'])} "
                                   f"{e['kind'].replace('_', ' ')} at {e['at']}: {e['reason']}" if e else "none"))
    own = info.get("own_failures") or {"count": 0}
    if own["count"]:
        last = own["last"]
        what = f"receipt {last['receipt_id']}" if last["receipt_id"] else str(last["source_name"])
        lines.append(f"failures of our own: {own['count']} (tried again with growing pauses); "
                     f"last {last['at']} {what}: {last['reason']}")
    return "\n".join(redact(line) for line in lines)


@click.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_context
def status_command(obj, as_json):
    """Show the queue depth, the oldest unprocessed arrival, the watcher and the last error.

    Example: intake status --json
    """
    info = gather(obj.home, obj.db(), obj.config())
    click.echo(redact(json.dumps(info)) if as_json else render(info))
