"""The configuration: parsed and validated once into a typed object.

The file is `HOME/config.toml`.  Every threshold the program uses lives here, so
there is one place for each fact; a bad value fails loudly at start-up.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError

DEFAULT_CONFIG = """\
# intake configuration.  Times are wall-clock in the named time zone.

[offer]
# The Offer expires at 5:00 P.M. Eastern on March 31, 2003 (Election Form).
deadline = "2003-03-31T17:00:00"
timezone = "America/New_York"
# An extension of the Offer, if the Company grants one ("" for none).
extension = ""
# The Offer began on February 28, 2003 (the letter of that date).
commencement = "2003-02-28"
# Grants made since this day are cancelled along with any tender (the six-month rule).
six_month_cutoff = "2002-08-28"
# Tendered options are cancelled on this day.
cancellation = "2003-04-01"
# The Company confirms receipt within this many business days.
confirmation_business_days = 5

[fax]
# The time zone the fax server's clock runs in (TIFF DateTime has no zone).
server_timezone = "America/New_York"

[reading]
# A field whose confidence is below this goes to the review queue.
review_threshold = 0.90
# Seconds one Tesseract call may take before it is abandoned.
tesseract_timeout = 60
# Worker processes for page work (0: one per core).
workers = 0

[limits]
max_bytes = 50000000
max_pages = 60
max_pixels = 60000000

[watch]
# A file is taken once its size and modification time stay unchanged this long.
stable_seconds = 2.0
# A full rescan of the inbox runs this often, in case events were missed.
rescan_seconds = 30.0
# Use polling instead of operating-system events (network shares).
polling = false
# Seconds between two looks at the inbox when polling.
poll_seconds = 1.0
# A receipt whose processing failed (a crashed worker, a missing tool) is tried this many
# times in all, then set aside in the quarantine.
max_attempts = 3
# A file is taken only when its writer is done: closed (inotify's close-after-write, where
# events are used), held open by no process, and unchanged for stable_seconds.  A taken file
# is kept aside this long: if its writer goes on after all (keeps writing, or reopens the
# name and appends), the whole file becomes a new receipt linked to the first, never a loss.
hold_seconds = 600.0
# A sidecar must be a regular file (never followed through a link) of at most this many bytes.
sidecar_max_bytes = 65536
# A sidecar alone this long, or this much older than its image, is set aside with its reason
# (a sidecar left from an earlier fax is never applied to a later fax of the same name).
sidecar_max_age_seconds = 3600.0
# A failure of our own (the quarantine not writable, a kept original missing) is tried again
# after 1, 2, 4 ... seconds, at most this long apart; `intake status` counts them.
retry_max_seconds = 300.0
# A run processing a receipt holds it this long and renews the hold while it works; a
# receipt whose hold ran out (the run died) is taken up by the next `process` or `watch`.
lease_seconds = 60.0

[receipt]
# A receipt time from a sidecar or a TIFF DateTime is checked against what can be: not before
# the Offer began ([offer] commencement, midnight in the Offer's zone), not after now plus
# this skew between clocks.  One that fails goes to a person with both times shown.
future_skew_seconds = 300.0
# Not earlier than the file's own arrival (its modification time) by more than this many
# hours.  0 leaves this check out: the default, since forms replayed from an archive or a
# test set arrive long after their recorded receipt.  Set it (e.g. 24) on a live fax line.
arrival_margin_hours = 0.0

[review]
# Share of automatically accepted fields sent to review anyway, to measure errors.
audit_sample_rate = 0.02
# Minutes a reviewer's claim on a task lasts.
claim_minutes = 15

[ledger]
# A reading the option ledger confirms exactly is raised to this confidence.
agree_confidence = 0.98
# A reading that differs from the ledger the way a misread does is replaced by the
# ledger's value with this confidence (the holder rarely writes a wrong grant fact).
correct_confidence = 0.93
# A reading that disagrees with the ledger beyond a misread is lowered to at most this,
# so that it goes to review with both values shown.
mismatch_confidence = 0.50
# A printed name matches a roster name at this similarity (0..1) or above.
name_match = 0.80
"""


@dataclass(frozen=True)
class Offer:
    deadline_local: datetime
    timezone: ZoneInfo
    extension_local: datetime | None
    commencement: date
    six_month_cutoff: date
    cancellation: date
    confirmation_business_days: int

    @property
    def deadline(self) -> datetime:
        """The deadline in force, as an aware instant (an extension replaces it)."""
        local = self.extension_local or self.deadline_local
        return local.replace(tzinfo=self.timezone)


@dataclass(frozen=True)
class Reading:
    review_threshold: float
    tesseract_timeout: float
    workers: int


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pages: int
    max_pixels: int


@dataclass(frozen=True)
class Watch:
    stable_seconds: float
    rescan_seconds: float
    polling: bool
    poll_seconds: float
    max_attempts: int
    hold_seconds: float = 600.0
    sidecar_max_bytes: int = 65536
    sidecar_max_age_seconds: float = 3600.0
    retry_max_seconds: float = 300.0
    lease_seconds: float = 60.0


@dataclass(frozen=True)
class ReceiptChecks:
    """What a receipt time from a sidecar or a TIFF tag is checked against ([receipt])."""

    future_skew_seconds: float = 300.0
    arrival_margin_hours: float = 0.0


@dataclass(frozen=True)
class Review:
    audit_sample_rate: float
    claim_minutes: float


@dataclass(frozen=True)
class Ledger:
    agree_confidence: float
    correct_confidence: float
    mismatch_confidence: float
    name_match: float


@dataclass(frozen=True)
class Config:
    offer: Offer
    fax_timezone: ZoneInfo
    reading: Reading
    limits: Limits
    watch: Watch
    review: Review
    ledger: Ledger
    raw: dict = field(repr=False, compare=False, default_factory=dict)
    receipt: ReceiptChecks = field(default_factory=ReceiptChecks)


def _zone(name: str, key: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{key} = {name!r} is not a known time zone.") from exc


def _datetime(text: str, key: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{key} = {text!r} is not a date and time like 2003-03-31T17:00:00.") from exc
    if value.tzinfo is not None:
        raise ConfigError(f"{key} must be a wall-clock time without offset; the zone is [offer] timezone.")
    return value


def _date(text: str, key: str) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{key} = {text!r} is not a date like 2003-02-28.") from exc


def _number(table: dict, name: str, section: str, kind=float, low=None, high=None):
    key = f"[{section}] {name}"
    try:
        value = kind(table[name])
    except KeyError as exc:
        raise ConfigError(f"{key} is missing from the configuration.") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{key} = {table[name]!r} is not a number.") from exc
    if (low is not None and value < low) or (high is not None and value > high):
        raise ConfigError(f"{key} = {value} is outside {low}..{high}.")
    return value


def parse(text: str) -> Config:
    """Parse configuration text, filling absent keys from the defaults."""
    defaults = tomllib.loads(DEFAULT_CONFIG)
    try:
        given = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The configuration is not valid TOML: {exc}.") from exc
    data = {section: {**values, **given.get(section, {})} for section, values in defaults.items()}
    o, f, r, lim, w, rv = (data[k] for k in ("offer", "fax", "reading", "limits", "watch", "review"))
    offer = Offer(
        deadline_local=_datetime(o["deadline"], "[offer] deadline"),
        timezone=_zone(o["timezone"], "[offer] timezone"),
        extension_local=_datetime(o["extension"], "[offer] extension") if o["extension"] else None,
        commencement=_date(o["commencement"], "[offer] commencement"),
        six_month_cutoff=_date(o["six_month_cutoff"], "[offer] six_month_cutoff"),
        cancellation=_date(o["cancellation"], "[offer] cancellation"),
        confirmation_business_days=_number(o, "confirmation_business_days", "offer", int, 1, 60),
    )
    return Config(
        offer=offer,
        fax_timezone=_zone(f["server_timezone"], "[fax] server_timezone"),
        reading=Reading(
            review_threshold=_number(r, "review_threshold", "reading", float, 0.0, 1.0),
            tesseract_timeout=_number(r, "tesseract_timeout", "reading", float, 1, 3600),
            workers=_number(r, "workers", "reading", int, 0, 256),
        ),
        limits=Limits(
            max_bytes=_number(lim, "max_bytes", "limits", int, 1),
            max_pages=_number(lim, "max_pages", "limits", int, 1),
            max_pixels=_number(lim, "max_pixels", "limits", int, 1),
        ),
        watch=Watch(
            stable_seconds=_number(w, "stable_seconds", "watch", float, 0, 3600),
            rescan_seconds=_number(w, "rescan_seconds", "watch", float, 0.1, 86400),
            polling=bool(w["polling"]),
            poll_seconds=_number(w, "poll_seconds", "watch", float, 0.05, 3600),
            max_attempts=_number(w, "max_attempts", "watch", int, 1, 100),
            hold_seconds=_number(w, "hold_seconds", "watch", float, 0, 86400),
            sidecar_max_bytes=_number(w, "sidecar_max_bytes", "watch", int, 64, 10_000_000),
            sidecar_max_age_seconds=_number(w, "sidecar_max_age_seconds", "watch", float, 1, 10 ** 7),
            retry_max_seconds=_number(w, "retry_max_seconds", "watch", float, 0.1, 86400),
            lease_seconds=_number(w, "lease_seconds", "watch", float, 1, 86400),
        ),
        review=Review(
            audit_sample_rate=_number(rv, "audit_sample_rate", "review", float, 0.0, 1.0),
            claim_minutes=_number(rv, "claim_minutes", "review", float, 0.1, 1440),
        ),
        ledger=_ledger(data["ledger"]),
        raw=data,
        receipt=ReceiptChecks(
            future_skew_seconds=_number(data["receipt"], "future_skew_seconds", "receipt", float, 0, 86400),
            arrival_margin_hours=_number(data["receipt"], "arrival_margin_hours", "receipt", float, 0, 10 ** 6),
        ),
    )


def _ledger(lg: dict) -> Ledger:
    return Ledger(*(_number(lg, name, "ledger", float, 0.0, 1.0) for name in
                    ("agree_confidence", "correct_confidence", "mismatch_confidence", "name_match")))


def load(path: Path) -> Config:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except OSError as exc:
        raise ConfigError(f"Cannot read the configuration {path}: {exc.strerror}.") from exc
    return parse(text)
