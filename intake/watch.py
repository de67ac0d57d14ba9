"""The watcher: take every completely written file in HOME/inbox once, then process it.

One loop (the calling thread) looks at the inbox whenever the operating system reports a
change (watchdog), when a waiting file may have become steady, and at least every
`[watch] rescan_seconds` in case events were missed; with `[watch] polling` watchdog's
polling observer replaces the events (network shares).  A steady file is taken in
(`queue.take_in`: receipt committed, then unlinked from the inbox) before any image
work.  Receipts are then processed by a few threads, several files at once, whose page
work shares one pool of worker processes (one per core), so every core stays busy
whether faxes have one page or many.

Crash safety: a receipt left 'queued' or 'processing' by a kill is resumed at start;
a file left in the inbox after its receipt committed is recognised by its claim and
only unlinked.  A receipt whose processing fails (a worker killed, a tool missing) is
tried again, and set aside after `[watch] max_attempts`.
"""
from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import shutil
import signal
import stat as stat_mod
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import click
import sqlite_utils

from ocr.errors import OcrError

from . import held, queue
from .config import Config
from .db import now_utc, open_db, transaction
from .errors import BadInput, ExitCode, IntakeError, MissingFile, UsageError
from .home import Home
from .leases import Leaser, stale_receipts
from .inbox import Signature, Stability, candidates, lone_sidecars, open_files, shown_name, sidecar_of
from .privacy import redact
from .receipt import parse_aware, read_sidecar
from .workers import pool as worker_pool

log = logging.getLogger("intake.watch")

ProcessFn = Callable[[Home, sqlite_utils.Database, Config, int, "Executor | None"], Any]
MIN_WAIT_S = 0.05


def pipeline_process(home: Home, db: sqlite_utils.Database, cfg: Config, receipt_id: int,
                     executor: Executor | None) -> Any:
    """The real processing: `intake.pipeline.process_receipt` (imported when first used)."""
    from .pipeline import process_receipt
    return process_receipt(home, db, cfg, receipt_id, executor)


def say(level: int, event: str, **fields: Any) -> None:
    """One structured log line: an event name and its fields."""
    log.log(level, event, extra={"fields": fields})


class JsonLines(logging.Formatter):
    """One JSON object per line; anything that looks like an SSN is masked."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"at": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname.lower(), "logger": record.name, "event": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return redact(json.dumps(entry, ensure_ascii=False, default=str))


def use_json_logs(level: int = logging.INFO) -> None:
    """Route every log line (ours and the pipeline's) to stderr as JSON lines."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        handler.setFormatter(JsonLines())
        handler.setLevel(min(handler.level or level, level))
    logging.getLogger("intake").setLevel(min(logging.getLogger("intake").getEffectiveLevel(), level))


@dataclass
class Summary:
    taken: int = 0
    leftovers: int = 0
    set_aside: int = 0
    processed: int = 0
    duplicates: int = 0
    quarantined: int = 0
    failures: int = 0
    own_failures: int = 0     # ours: cannot write, an original missing (tried again later)
    left_for_later: int = 0   # with --once: receipts left queued after failures of our own

    @property
    def any_bad(self) -> bool:
        return bool(self.set_aside or self.quarantined or self.own_failures)


# --- one watcher per home ------------------------------------------------------------------


def lock_path(home: Home) -> Path:
    return home.root / "watch.lock"


class WatchLock:
    """An exclusive lock on HOME/watch.lock holding the running watcher's pid and settings."""

    def __init__(self, home: Home, workers: int):
        self.path = lock_path(home)
        self.workers = workers
        self._fh = None

    def __enter__(self) -> "WatchLock":
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            pid = (json.loads(holder).get("pid") if holder.startswith("{") else None) or "unknown"
            raise UsageError(f"Another watcher (pid {pid}) is already watching this home.") from None
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"pid": os.getpid(), "started_at": now_utc(), "workers": self.workers}))
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc) -> None:
        self._fh.truncate(0)
        self._fh.close()


def watcher_info(home: Home) -> dict | None:
    """The running watcher's pid, start and workers, or None when no watcher holds the lock."""
    try:
        fh = open(lock_path(home), "r", encoding="utf-8")
    except FileNotFoundError:
        return None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = fh.read().strip()
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                return {"pid": None}
        fcntl.flock(fh, fcntl.LOCK_UN)
        return None


# --- the watcher ---------------------------------------------------------------------------


class Watcher:
    """Watches HOME/inbox until `stop` is set (or, with `once`, until the inbox is done).

    `process` (receipt work) and `clock` (stability timing) are injectable; `pool_factory`
    makes the executor handed to `process` for page work (None: work runs inline).
    """

    def __init__(self, home: Home, cfg: Config, *, process: ProcessFn = pipeline_process,
                 clock: Callable[[], float] = time.monotonic, stop: threading.Event | None = None,
                 workers: int | None = None,
                 pool_factory: Callable[[int], Executor | None] | None = None,
                 actor: str | None = None):
        self.home, self.cfg, self.process, self.clock = home, cfg, process, clock
        self.stop = stop or threading.Event()
        self.wake = threading.Event()
        self.workers = workers or cfg.reading.workers or os.cpu_count() or 1
        self.pool_factory = pool_factory or _process_pool
        self.actor = actor
        self.stability = Stability(cfg.watch.stable_seconds, clock, self._busy)
        self._writing: set[Path] = set()   # written since last closed (inotify), when events are used
        self._holding = 0
        self._open: set[tuple[int, int]] | None = None   # files open in some process, this look
        self.summary = Summary()
        self._in_flight: dict[int, Future] = {}
        self._handled: set[int] = set()    # handled in this run: never handed out again
        self._retry_at: dict[int, float] = {}
        self._skip: dict[Path, float] = {}   # files that could not be read, until the next rescan
        self._failures: Counter[int] = Counter()
        self._own: Counter[int] = Counter()      # failures of our own, per receipt
        self._tries: Counter[Path] = Counter()   # files we could not take or set aside
        self._once = False
        self._lock = threading.Lock()
        self._local = threading.local()
        self._pool: Executor | None = None

    # The story of the loop.
    def run(self, once: bool = False) -> Summary:
        db = open_db(self.home.db_path)
        self._once = once
        observer = None if once else self._start_observer()
        self._pool = self.pool_factory(self.workers)
        self.leaser = Leaser(self.home.db_path, self.cfg.watch.lease_seconds).__enter__()
        # Without worker processes page work runs in these threads, and the OCR engines are
        # not safe to share between threads (Tesseract aborted the watcher): one at a time.
        threads = ThreadPoolExecutor(max_workers=self.workers + 1 if self._pool is not None else 1,
                                     thread_name_prefix="receipt")
        say(logging.INFO, "watch_started", inbox=str(self.home.inbox), workers=self.workers, once=once,
            polling=self.cfg.watch.polling, stable_seconds=self.cfg.watch.stable_seconds)
        resume = True
        try:
            while not self.stop.is_set():
                self.wake.clear()
                self._intake(db)
                self._dispatch(db, threads, resume)
                resume = False
                if once and self._finished():
                    break
                self.wake.wait(self._timeout(once))
        finally:
            if observer is not None:
                observer.stop()
            threads.shutdown(wait=True, cancel_futures=True)
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
            self.leaser.close()
            db.close()
            say(logging.INFO, "watch_stopped", **asdict(self.summary))
        return self.summary

    def _start_observer(self):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        wake, writing = self.wake, self._writing

        class Wake(FileSystemEventHandler):
            def __init__(self, closes: bool):
                self.closes = closes   # only inotify reports a writer's close

            def on_any_event(self, event):
                if self.closes and not event.is_directory:
                    _note_write(writing, event)
                wake.set()

        kinds = [] if self.cfg.watch.polling else [Observer]
        for kind in kinds + [PollingObserver]:
            observer = kind(timeout=self.cfg.watch.poll_seconds) if kind is PollingObserver else kind()
            try:
                observer.schedule(Wake(kind is not PollingObserver and "inotify" in kind.__module__),
                                  str(self.home.inbox), recursive=False)
                observer.start()
                return observer
            except OSError as exc:  # inotify limits: fall back to polling
                say(logging.WARNING, "events_unavailable", reason=str(exc))
        return None

    def _timeout(self, once: bool) -> float:
        now = self.clock()
        due = [now + self.cfg.watch.rescan_seconds]
        if (nd := self.stability.next_due()) is not None:
            due.append(nd)
        if self._retry_at:
            due.append(min(self._retry_at.values()))
        if once:
            due.append(now + self.cfg.watch.poll_seconds)
        if self._holding:  # a held file's writer may go on: its changes wake no one
            due.append(now + max(0.5, self.cfg.watch.stable_seconds))
        return max(MIN_WAIT_S, min(due) - now)

    def _busy(self, path: Path, quiet: float) -> bool:
        """Its writer is not done: written since its last close (events), or open in some process.

        A close event can be missed: after a quiet rescan period only /proc is believed.
        """
        if path in self._writing and quiet < self.cfg.watch.rescan_seconds:
            return True
        if self._open is None:  # read /proc once per look at the inbox
            self._open = open_files()
        try:
            st = os.stat(path)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) in self._open

    def _finished(self) -> bool:
        with self._lock:
            return not self.stability.waiting and not self._in_flight and not self._retry_at

    # Taking files in.
    def _intake(self, db: sqlite_utils.Database) -> None:
        self._open = None
        now = self.clock()
        self._skip = {p: until for p, until in self._skip.items() if until > now}
        self._check_held(db)
        self._lone_sidecars(db)
        for path, sig in self.stability.observe(p for p in candidates(self.home.inbox) if p not in self._skip):
            if self.stop.is_set():
                return
            self._take(db, path, sig)
            self.stability.forget(path)

    def _check_held(self, db: sqlite_utils.Database) -> None:
        """A file taken earlier whose writer went on becomes a new receipt of the whole."""
        try:
            for cont in held.check(self.home, db, self.cfg, actor=self.actor):
                self.summary.taken += 1
                say(logging.WARNING, "continued", receipt=cont.receipt_id, continues=cont.continues,
                    bytes=cont.size)
                self.wake.set()
        except OSError as exc:
            say(logging.ERROR, "hold_failed", reason=f"{exc.strerror or exc}")
        self._holding = db.execute("SELECT COUNT(*) FROM watch_claims WHERE held_path IS NOT NULL").fetchone()[0]

    def _lone_sidecars(self, db: sqlite_utils.Database) -> None:
        """A sidecar whose image never came, or that is no plain small file, is set aside at once:
        it must never be applied to a later fax of the same name, nor block or flood a read."""
        now = time.time()
        for side in lone_sidecars(self.home.inbox):
            if side in self._skip:  # could not be set aside a moment ago: after its pause
                continue
            try:
                st = os.lstat(side)
            except FileNotFoundError:
                continue
            if not stat_mod.S_ISREG(st.st_mode):
                why = BadInput(f"{side.name} is not a regular file (a link, a FIFO or a device); "
                               "a sidecar is never followed or opened.", "sidecar_not_a_file")
            elif st.st_size > self.cfg.watch.sidecar_max_bytes:
                why = BadInput(f"{side.name} is {st.st_size:,} bytes, more than a sidecar may be "
                               f"({self.cfg.watch.sidecar_max_bytes:,}).", "sidecar_too_large")
            elif now - st.st_mtime > self.cfg.watch.sidecar_max_age_seconds:
                why = BadInput(f"{side.name} has waited {now - st.st_mtime:,.0f} s for its image, which never "
                               "came; it is not applied to a later fax of that name.", "sidecar_orphaned")
            else:
                continue
            self._set_aside(db, side, why)

    def _set_aside(self, db: sqlite_utils.Database, path: Path, exc: BadInput) -> None:
        try:
            kept = queue.set_aside(self.home, db, path, exc, actor=self.actor)
        except OSError as err:  # the quarantine not writable: ours, tried again later
            self._cannot_take(db, path, "set_aside_failed", err, exc.code)
            return
        self.summary.set_aside += 1
        say(logging.WARNING, "set_aside", file=path.name, code=exc.code, reason=exc.message, kept=str(kept))

    def _cannot_take(self, db: sqlite_utils.Database, path: Path, event: str, exc: OSError,
                     code: str | None = None) -> None:
        """A file we could not take or set aside is looked at again after a growing pause."""
        self._tries[path] += 1
        n = self._tries[path]
        self._skip[path] = self.clock() + self._backoff(n)
        self.summary.failures += 1
        self.summary.own_failures += 1
        reason = own_failure_reason(exc)
        say(logging.ERROR, event, file=path.name, code=code, reason=reason, tries=n, retry_in=self._backoff(n))
        try:
            queue.note_own_failure(db, event, path.name, reason, actor=self.actor)
        except Exception:  # noqa: BLE001 - the database failing too: the log line stands
            pass

    def _take(self, db: sqlite_utils.Database, path: Path, sig: Signature) -> None:
        if Signature.of(path) != sig:  # changed since it was judged steady: look again later
            return
        first = self.stability.first_seen(path)
        first_seen = time.time() - (self.clock() - first) if first is not None else None
        try:
            taken = queue.take_in(self.home, db, self.cfg, path, sig, first_seen=first_seen, actor=self.actor)
        except BadInput as exc:
            self._set_aside(db, path, exc)
            return
        except FileNotFoundError:  # taken away meanwhile (renamed by its writer)
            return
        except OSError as exc:  # unreadable for now (permissions, a share gone): try again later
            self._cannot_take(db, path, "take_failed", exc)
            return
        if taken.leftover:
            self.summary.leftovers += 1
            say(logging.INFO, "leftover_removed", file=path.name, receipt=taken.receipt_id)
        else:
            self.summary.taken += 1
            say(logging.INFO, "received", file=path.name, receipt=taken.receipt_id,
                duplicate_of=taken.duplicate_of, sidecar=sidecar_of(path).name if sig.sidecar else None,
                continues=taken.continues)
            if taken.sidecar_refused:
                self.summary.set_aside += 1
                say(logging.WARNING, "set_aside", file=sidecar_of(path).name, code=taken.sidecar_refused,
                    receipt=taken.receipt_id)
        self.wake.set()

    # Processing.
    def _dispatch(self, db: sqlite_utils.Database, threads: ThreadPoolExecutor, resume: bool) -> None:
        now = self.clock()
        capacity = 2 * (self.workers + 1)
        # Ours to read, and those a run that died left unfinished (its lease binds no one).
        todo = sorted(set(queue.pending(db, resume=resume)) | set(stale_receipts(db, self.leaser)))
        for rid in todo:
            with self._lock:
                if len(self._in_flight) >= capacity or self.stop.is_set():
                    return
                # The pending list may have been read just before a receipt finished.
                if rid in self._in_flight or rid in self._handled or self._retry_at.get(rid, now) > now:
                    continue
                self._retry_at.pop(rid, None)
                fut = threads.submit(self._handle, rid)
                self._in_flight[rid] = fut
            fut.add_done_callback(lambda _f, rid=rid: self._done(rid))

    def _done(self, rid: int) -> None:
        with self._lock:
            self._in_flight.pop(rid, None)
        self.wake.set()

    def _db(self) -> sqlite_utils.Database:
        if getattr(self._local, "db", None) is None:
            self._local.db = open_db(self.home.db_path)
        return self._local.db

    def _handle(self, rid: int) -> None:
        db = self._db()
        pool = self._pool
        started = time.monotonic()
        if not self.leaser.claim(db, rid):
            with self._lock:
                if self.leaser.held_by_other(db, rid):  # a live run is reading it: look again later
                    self._retry_at[rid] = self.clock() + max(1.0, self.cfg.watch.lease_seconds / 4)
                else:                                   # finished meanwhile
                    self._handled.add(rid)
            return
        try:
            if missing := queue.missing_original(db, rid):
                raise FileNotFoundError(errno.ENOENT, "the kept original is missing", missing)
            outcome = self.process(self.home, db, self.cfg, rid, pool)
        except BrokenProcessPool:
            self._renew_pool(pool)
            self._failed(db, rid, "worker_crashed", "a worker process died while reading this file")
        except (IntakeError, OcrError) as exc:
            self._failed(db, rid, getattr(exc, "code", None) or "tool_error", str(exc))
        except OSError as exc:  # ours: the home not writable, a kept original missing
            self._own_failure(db, rid, exc)
        except Exception as exc:  # a bug must not stop the watcher; the receipt is retried
            log.exception("processing_crashed", extra={"fields": {"receipt": rid}})
            self._failed(db, rid, "internal_error", f"{exc.__class__.__name__}: {exc}")
        else:
            self._succeeded(rid, outcome, time.monotonic() - started)
        finally:
            self.leaser.release(db, rid)

    def _backoff(self, n: int) -> float:
        """Seconds before the n-th try again of something that failed by our fault: 1, 2, 4 ..."""
        return min(self.cfg.watch.retry_max_seconds, 2.0 ** max(0, n - 1))

    def _own_failure(self, db: sqlite_utils.Database, rid: int, exc: OSError) -> None:
        """A failure of our own is tried again after a growing pause, counted and logged; with
        --once a receipt is left (queued, shown by `intake status`) after max_attempts tries."""
        reason = own_failure_reason(exc)
        with self._lock:
            self._own[rid] += 1
            n = self._own[rid]
            self.summary.own_failures += 1
        wait = self._backoff(n)
        try:
            queue.requeue(db, rid, "own_failure", reason, actor=self.actor, kind="own_failure")
        except Exception as again:  # the database itself failing: the back-off still holds
            reason = f"{reason}; and the receipt could not be put back: {again}"
        say(logging.ERROR, "own_failure", receipt=rid, reason=reason, tries=n, retry_in=wait)
        with self._lock:
            if self._once and n >= self.cfg.watch.max_attempts:
                self._handled.add(rid)
                self.summary.left_for_later += 1
                return
            self._retry_at[rid] = self.clock() + wait

    def _succeeded(self, rid: int, outcome: Any, seconds: float) -> None:
        db = self._db()
        with transaction(db):  # superseded while it was being read: its documents say so
            held.flag_superseded(db, rid, actor=self.actor)
        error = getattr(outcome, "error", None)
        duplicate = getattr(outcome, "duplicate", False)
        with self._lock:
            self._handled.add(rid)
            self._failures.pop(rid, None)
            if duplicate:
                self.summary.duplicates += 1
            elif error:
                self.summary.quarantined += 1
            else:
                self.summary.processed += 1
        fields = dict(receipt=rid, file=getattr(outcome, "source_name", None),
                      documents=getattr(outcome, "document_ids", None), seconds=round(seconds, 3))
        if error and not duplicate:
            say(logging.WARNING, "quarantined", code=getattr(outcome, "error_code", None), reason=error, **fields)
        else:
            say(logging.INFO, "duplicate" if duplicate else "processed", **fields)

    def _failed(self, db: sqlite_utils.Database, rid: int, code: str, message: str) -> None:
        attempts = queue.requeue(db, rid, code, message, actor=self.actor)
        with self._lock:
            self._failures[rid] += 1
            tries = max(attempts, self._failures[rid])
            self.summary.failures += 1
        say(logging.ERROR, "processing_failed", receipt=rid, code=code, reason=message, attempts=tries)
        if tries >= self.cfg.watch.max_attempts:
            try:
                kept = queue.give_up(self.home, db, rid, code, f"{message} ({tries} attempts)", actor=self.actor)
            except OSError as exc:  # cannot even set it aside: our failure, tried again later
                self._own_failure(db, rid, exc)
                return
            with self._lock:
                self.summary.quarantined += 1
                self._failures.pop(rid, None)
            say(logging.WARNING, "quarantined", receipt=rid, code=code, reason=message, kept=str(kept))
            return
        with self._lock:
            self._retry_at[rid] = self.clock() + min(self.cfg.watch.rescan_seconds, 2.0 ** tries)

    def _renew_pool(self, broken: Executor | None) -> None:
        with self._lock:
            if self._pool is broken and broken is not None:
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = self.pool_factory(self.workers)
                say(logging.WARNING, "worker_pool_restarted", workers=self.workers)


def own_failure_reason(exc: OSError) -> str:
    """One line for a failure of our own, naming the path where there is one."""
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return f"{exc.strerror or exc.__class__.__name__}{where}"


def _note_write(writing: set[Path], event) -> None:
    """Keep the set of files written since their last close (inotify's close-after-write)."""
    kind = event.event_type
    if kind in ("created", "modified"):
        writing.add(Path(event.src_path))
    elif kind in ("closed", "deleted"):
        writing.discard(Path(event.src_path))
    elif kind == "moved":  # renamed into place: written under another name, complete
        writing.discard(Path(event.src_path))
        writing.discard(Path(event.dest_path))


def _process_pool(workers: int) -> Executor | None:
    """Worker processes for page work (`intake.workers`: fresh, and gone when the watcher is)."""
    if workers <= 1:
        return None
    return worker_pool(workers)


# --- the way in for fax servers --------------------------------------------------------------


def receive(home: Home, db: sqlite_utils.Database, cfg: Config, path: Path, *,
            received_at: str | None = None, sender: str | None = None,
            actor: str | None = None) -> queue.Taken:
    """Record a file handed over by a fax server now; the file itself is left where it is.

    `received_at` (ISO 8601 with offset) and `sender` act as a sidecar would; a sidecar
    beside the file is honoured too.  Calling it again for the same file records nothing new.
    """
    if received_at is not None:
        try:
            parse_aware(received_at)
        except ValueError as exc:
            raise UsageError(f"--received-at {received_at!r} is not ISO 8601 with a UTC offset, "
                             "like 2003-03-31T16:58:12-05:00.") from exc
    sig = Signature.of(path)
    if sig is None:
        raise MissingFile(path)
    if received_at is None and sender is None:
        return queue.take_in(home, db, cfg, path, sig, via="receive", remove=False, actor=actor)
    staging = home.work / f"receive-{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    try:
        staged = staging / path.name
        if path.is_file() and not path.is_symlink():
            shutil.copy2(path, staged)
            side = dict(read_sidecar(path)[0] or {})
            side.update({k: v for k, v in (("received_at", received_at), ("sender", sender)) if v is not None})
            sidecar_of(staged).write_text(json.dumps(side), encoding="utf-8")
        return queue.take_in(home, db, cfg, path, sig, via="receive", record_path=staged, remove=False,
                             actor=actor)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- commands ------------------------------------------------------------------------------


def with_context(fn):
    """--home and --debug, and the shared context object as first argument."""
    from .cli_common import common_options, pass_context
    return common_options(pass_context(fn))


@click.command("watch")
@click.option("--once", is_flag=True, help="Take and process what is in the inbox (waiting for files "
              "still being written), then exit.")
@click.option("--log-json/--no-log-json", "log_json", default=None,
              help="JSON log lines on stderr (default: only when stderr is not a terminal; on a terminal "
                   "a progress bar and warnings in words).")
@with_context
def watch_command(obj, once, log_json):
    """Watch HOME/inbox: take each completely written file once, record its receipt, and process it.

    On a terminal a bar counts the files ("n of N") and the totals follow at the end; elsewhere
    (or with --log-json) the log is JSON lines on stderr, the counts in its last line. Stop with Ctrl-C or SIGTERM; a
    restart resumes unfinished work. With --once the exit status is 1 when some file was set aside.

    Example: intake --home /srv/intake watch
    """
    from .progress import Progress, WatchProgress, json_logs_wanted
    as_json = json_logs_wanted(log_json)
    if as_json:
        use_json_logs(logging.DEBUG if obj.debug else logging.INFO)
    home, cfg = obj.home, obj.config()
    watcher = Watcher(home, cfg)

    def stop(_signum, _frame):
        watcher.stop.set()
        watcher.wake.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    with WatchLock(home, watcher.workers), Progress(enabled=False if as_json else None) as bar:
        follow = WatchProgress(bar, speak=not as_json)
        log.addHandler(follow)
        if not as_json:
            log.setLevel(logging.DEBUG if obj.debug else logging.INFO)
            log.propagate = False   # warnings are said in words by `follow`, not by the root handler
        try:
            summary = watcher.run(once=once)
        finally:
            log.removeHandler(follow)
            log.propagate = True
    if not as_json:   # a JSON log (systemd, cron) has the counts in its `watch_stopped` line
        click.echo(watch_totals(obj, summary, follow.document_ids))
    if once and summary.any_bad:
        raise click.exceptions.Exit(int(ExitCode.input_failed))


def watch_totals(obj, summary: Summary, document_ids: list[str]) -> str:
    """The totals line of a watcher's run, in words."""
    from .results import document_json
    from .summary import totals_line
    db, zone = obj.db(), obj.config().offer.timezone
    docs = [document_json(db, d, zone) for d in dict.fromkeys(document_ids)]
    files = summary.taken + summary.set_aside
    bad = summary.set_aside + summary.quarantined
    return totals_line(docs, files=files, failed=bad, duplicates=summary.duplicates)


@click.command("receive")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--received-at", metavar="ISO", help="When the call ended, ISO 8601 with a UTC offset "
              "(default: sidecar, else TIFF DateTime, else the file's modification time).")
@click.option("--sender", metavar="TSI", help="The sending fax number or station id.")
@with_context
def receive_command(obj, file, received_at, sender):
    """Record a fax handed over by the fax server now (the watcher then processes it).

    The file is copied into the home and left where it is. Meant for HylaFAX's faxrcvd,
    Asterisk's ReceiveFax and FreeSWITCH's rxfax at the end of the call.

    Example: intake receive /var/spool/hylafax/recvq/fax000123.tif --sender "+1 603 555 0100"
    """
    home, cfg = obj.home, obj.config()
    db = obj.db()
    taken = receive(home, db, cfg, file, received_at=received_at, sender=sender)
    rec = db["receipts"].get(taken.receipt_id)
    again = " (already received)" if taken.leftover else ""
    dup = f", same bytes as receipt {taken.duplicate_of}" if taken.duplicate_of else ""
    click.echo(f"received {shown_name(rec['source_name'])} as receipt {taken.receipt_id}{again}: "
               f"received_at {rec['received_at']} ({rec['received_at_source']}){dup}")
