"""When a document was received, by the contract's order of sources, and whether it was on time.

1. a sidecar `<file name>.json` with `received_at` (ISO 8601 with a UTC offset);
2. the TIFF DateTime tag, read in the fax server's time zone;
3. the file's modification time when it was found in the drop folder.
"""
from __future__ import annotations

import json
import os
import re
import stat as stat_mod
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
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
    doubt: str | None = None   # why a person must look at the receipt time (both times named)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


SIDECAR_MAX_BYTES = 65536


@dataclass(frozen=True)
class Sidecar:
    """A sidecar as read: its content, or why it was not used; `refused` when it must be set aside."""

    data: dict | None = None
    note: str | None = None      # why it could not be used (the receipt time then goes to a person)
    refused: str | None = None   # a code when the file itself is not to be trusted or kept in the inbox


def read_sidecar(path: Path) -> tuple[dict | None, str | None]:
    """The sidecar's content, or None and the reason it could not be used."""
    side = take_sidecar(path)
    return side.data, side.note


def take_sidecar(path: Path, *, max_bytes: int = SIDECAR_MAX_BYTES, image_time: float | None = None,
                 max_age: float | None = None) -> Sidecar:
    """Read `<file name>.json` beside `path` safely: a regular file only, never through a link,
    never blocking (a FIFO or a device is refused without waiting), at most `max_bytes`.

    With `image_time` (when the image was first there) and `max_age`, a sidecar much older
    than its image is refused as left from an earlier fax of the same name.
    """
    side = sidecar_path(path)
    try:
        st = os.lstat(side)
    except (FileNotFoundError, NotADirectoryError):
        return Sidecar()
    except OSError as exc:
        return Sidecar(note=f"the sidecar {side.name} cannot be read ({exc.strerror})", refused="sidecar_unreadable")
    if stat_mod.S_ISLNK(st.st_mode):
        return Sidecar(note=f"the sidecar {side.name} is a symbolic link (never followed)", refused="sidecar_symlink")
    if not stat_mod.S_ISREG(st.st_mode):
        return Sidecar(note=f"the sidecar {side.name} is not a regular file (a FIFO, a device or a folder)",
                       refused="sidecar_not_a_file")
    if st.st_size > max_bytes:
        return Sidecar(note=f"the sidecar {side.name} is {st.st_size:,} bytes, more than {max_bytes:,}",
                       refused="sidecar_too_large")
    if image_time is not None and max_age is not None and st.st_mtime < image_time - max_age:
        return Sidecar(note=f"the sidecar {side.name} was written {image_time - st.st_mtime:,.0f} s before its "
                            "image: left from an earlier fax of the same name", refused="sidecar_stale")
    try:
        raw = _read_bounded(side, max_bytes)
    except OSError as exc:
        return Sidecar(note=f"the sidecar {side.name} cannot be read ({exc.strerror or exc})",
                       refused="sidecar_unreadable")
    if raw is None:
        return Sidecar(note=f"the sidecar {side.name} is not a regular file of at most {max_bytes:,} bytes",
                       refused="sidecar_not_a_file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Sidecar(note=f"the sidecar {side.name} is not valid JSON ({exc.__class__.__name__})")
    if not isinstance(data, dict):
        return Sidecar(note=f"the sidecar {side.name} does not hold a JSON object")
    return Sidecar(data)


def _read_bounded(side: Path, max_bytes: int) -> bytes | None:
    """At most max_bytes of a regular file, opened without following a link and without blocking."""
    fd = os.open(side, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode) or st.st_size > max_bytes:  # swapped since lstat
            return None
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return None if total > max_bytes else b"".join(chunks)
    finally:
        os.close(fd)


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


@dataclass(frozen=True)
class TimeChecks:
    """What a receipt time taken from a sidecar or a TIFF tag must keep to be believed."""

    earliest: datetime                  # the Offer's beginning
    now: datetime
    future_skew_s: float = 300.0
    arrival: datetime | None = None     # the file's own arrival (its modification time)
    arrival_margin_h: float = 0.0       # 0: not checked


def time_checks(cfg, arrival_ts: float | None = None, now: datetime | None = None) -> TimeChecks:
    """The checks of the configuration ([offer] commencement, [receipt])."""
    start = datetime.combine(cfg.offer.commencement, time(0), tzinfo=cfg.offer.timezone)
    arrival = datetime.fromtimestamp(arrival_ts, tz=timezone.utc) if arrival_ts is not None else None
    return TimeChecks(start, now or datetime.now(timezone.utc), cfg.receipt.future_skew_seconds, arrival,
                      cfg.receipt.arrival_margin_hours)


def implausible(when: datetime, checks: TimeChecks | None) -> str | None:
    """Why this receipt time cannot be, or None when it can."""
    if checks is None:
        return None
    if when < checks.earliest:
        return f"before the Offer began ({checks.earliest.date().isoformat()})"
    if when > checks.now + timedelta(seconds=checks.future_skew_s):
        return f"in the future (it is now {checks.now.isoformat(timespec='seconds')})"
    if (checks.arrival_margin_h and checks.arrival is not None
            and when < checks.arrival - timedelta(hours=checks.arrival_margin_h)):
        return f"more than {checks.arrival_margin_h:g} hours before the file itself arrived"
    return None


def determine(path: Path, *, tiff_datetime: str | None, fax_zone: ZoneInfo,
              mtime: float | None = None, sidecar: dict | None = None,
              sidecar_note: str | None = None, checks: TimeChecks | None = None) -> Receipt:
    """The receipt time by the contract's order; `sidecar` as read by `read_sidecar`.

    A time from the sidecar or the TIFF tag that `checks` finds impossible is passed over
    for the next source, and the receipt gets a `doubt` for a person, naming both times; so
    does every fall-back from a sidecar that is there but unusable.
    """
    notes = [sidecar_note] if sidecar_note else []
    doubts = list(notes)
    sender = None
    candidates: list[tuple[str, datetime]] = []
    if sidecar is not None:
        sender = sidecar.get("sender") if isinstance(sidecar.get("sender"), str) else None
        raw = sidecar.get("received_at")
        if isinstance(raw, str):
            try:
                candidates.append(("sidecar", parse_aware(raw)))
            except ValueError:
                notes.append(f"the sidecar's received_at {raw!r} is not ISO 8601 with a UTC offset")
                doubts.append(notes[-1])
        else:
            notes.append("the sidecar has no received_at")
            doubts.append(notes[-1])
    when = parse_tiff_datetime(tiff_datetime, fax_zone)
    if when is not None:
        candidates.append(("tiff", when))
    elif tiff_datetime:
        notes.append(f"the TIFF DateTime {tiff_datetime!r} is not a date and time")
    if mtime is None:
        mtime = os.stat(path).st_mtime
    arrived = datetime.fromtimestamp(mtime, tz=timezone.utc)
    chosen = ("mtime", arrived)
    for source, value in candidates:
        why = implausible(value, checks)
        if why is None:
            chosen = (source, value)
            break
        label = "the sidecar" if source == "sidecar" else "the TIFF DateTime"
        notes.append(f"{label} says {value.isoformat()}, {why}")
        doubts.append(notes[-1])
    doubt = None
    if doubts:
        doubt = ("; ".join(doubts) + f". Taken instead: {chosen[1].isoformat()} ({chosen[0]}); the file itself "
                 f"arrived {arrived.isoformat(timespec='seconds')}. A person must set the receipt time.")
    return Receipt(chosen[1], chosen[0], sender, sidecar, "; ".join(notes) or None, doubt)


def on_time(received_at: datetime, deadline: datetime) -> bool:
    """On time when received at or before the deadline, compared as instants."""
    return received_at <= deadline


def iso(value: datetime, zone: ZoneInfo) -> str:
    """An instant shown in the Offer's time zone, with its offset, to the second."""
    return value.astimezone(zone).isoformat(timespec="seconds")
