"""When a document was received, by the contract's order of sources, and whether it was on time.

1. a sidecar `<file name>.json` with `received_at` (ISO 8601 with a UTC offset);
2. the TIFF DateTime tag, read in the fax server's time zone;
3. the file's modification time when it was found in the drop folder.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

# HylaFAX and libtiff write "2003:03:31 16:58:12"; spandsp (Asterisk, FreeSWITCH) "2003/03/31 16:58:12".
_TIFF_DATETIME = re.compile(r"^\s*(\d{4})[:/\-](\d{2})[:/\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Receipt:
    received_at: datetime      # aware
    source: str                # sidecar | tiff | mtime | manual
    sender: str | None = None
    sidecar: dict | None = None
    note: str | None = None    # why a better source was not used


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def read_sidecar(path: Path) -> tuple[dict | None, str | None]:
    """The sidecar's content, or None and the reason it could not be used."""
    side = sidecar_path(path)
    if not side.exists():
        return None, None
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"the sidecar {side.name} is not valid JSON ({exc.__class__.__name__})"
    if not isinstance(data, dict):
        return None, f"the sidecar {side.name} does not hold a JSON object"
    return data, None


def parse_aware(text: str) -> datetime:
    """An ISO 8601 time that must carry a UTC offset."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError("no UTC offset")
    return value


def parse_tiff_datetime(raw: str | None, zone: ZoneInfo) -> datetime | None:
    if not raw:
        return None
    m = _TIFF_DATETIME.match(raw.strip("\x00 "))
    if not m:
        return None
    try:
        local = datetime(*map(int, m.groups()))
    except ValueError:
        return None
    return local.replace(tzinfo=zone)


def determine(path: Path, *, tiff_datetime: str | None, fax_zone: ZoneInfo,
              mtime: float | None = None, sidecar: dict | None = None,
              sidecar_note: str | None = None) -> Receipt:
    """The receipt time by the contract's order; `sidecar` as read by `read_sidecar`."""
    notes = [sidecar_note] if sidecar_note else []
    sender = None
    if sidecar is not None:
        sender = sidecar.get("sender") if isinstance(sidecar.get("sender"), str) else None
        raw = sidecar.get("received_at")
        if isinstance(raw, str):
            try:
                return Receipt(parse_aware(raw), "sidecar", sender, sidecar)
            except ValueError:
                notes.append(f"the sidecar's received_at {raw!r} is not ISO 8601 with a UTC offset")
        else:
            notes.append("the sidecar has no received_at")
    when = parse_tiff_datetime(tiff_datetime, fax_zone)
    if when is not None:
        return Receipt(when, "tiff", sender, sidecar, "; ".join(notes) or None)
    if tiff_datetime:
        notes.append(f"the TIFF DateTime {tiff_datetime!r} is not a date and time")
    if mtime is None:
        mtime = os.stat(path).st_mtime
    return Receipt(datetime.fromtimestamp(mtime, tz=timezone.utc), "mtime", sender, sidecar,
                   "; ".join(notes) or None)


def on_time(received_at: datetime, deadline: datetime) -> bool:
    """On time when received at or before the deadline, compared as instants."""
    return received_at <= deadline


def iso(value: datetime, zone: ZoneInfo) -> str:
    """An instant shown in the Offer's time zone, with its offset, to the second."""
    return value.astimezone(zone).isoformat(timespec="seconds")
