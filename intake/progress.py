"""Progress for people at a terminal: "n of N" with a bar (tqdm), on stderr.

On a terminal `process`, `watch --once` and `evaluate` show a bar that counts files; the
lines they print meanwhile go above it.  When stderr is not a terminal (a pipe, a log
file, cron) nothing is drawn, and the watcher writes JSON lines instead
(`json_logs_wanted`).  Whether a bar is drawn can be forced either way (`enabled`).
"""
from __future__ import annotations

import logging
import shutil
import sys
from typing import TextIO

from tqdm import tqdm

from .privacy import redact

BAR = "{desc}{n_fmt} of {total_fmt} |{bar:24}| {elapsed}<{remaining}{postfix}"


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def json_logs_wanted(flag: bool | None, stream: TextIO | None = None) -> bool:
    """JSON log lines when asked (`--log-json`), else only when stderr is not a terminal."""
    return flag if flag is not None else not is_terminal(stream)


class Progress:
    """Counts work done out of a total that may grow (the watcher finds more files).

    Thread-safe (tqdm keeps a lock).  `say` prints a line above the bar, or plainly
    when no bar is drawn.
    """

    def __init__(self, total: int = 0, what: str = "file", *, stream: TextIO | None = None,
                 enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = is_terminal(self.stream) if enabled is None else enabled
        self.done = 0
        self._bar = tqdm(total=total, desc=f"{what}s ", unit=what, file=self.stream, bar_format=BAR,
                         disable=not self.enabled, leave=True, mininterval=0.2,
                         ncols=min(100, shutil.get_terminal_size((80, 24)).columns))

    @property
    def total(self) -> int:
        return int(self._bar.total or 0)

    def grow(self, n: int = 1) -> None:
        """More work was found (or, with n < 0, less work is left than counted)."""
        if n == 0:
            return
        with self._bar.get_lock():
            self._bar.total = max(self.done, self.total + n)
            self._bar.refresh()

    def step(self, label: str | None = None) -> None:
        """One more piece of work done; `label` (a file name) is shown after the bar."""
        with self._bar.get_lock():
            self.done += 1
            if self.done > self.total:   # work resumed from an earlier run, not counted before
                self._bar.total = self.done
            if label:
                self._bar.set_postfix_str(label, refresh=False)
            self._bar.update(1)

    def say(self, line: str, *, out: TextIO | None = None) -> None:
        """Print a line (on stderr, or on `out`) above the bar."""
        target = out or self.stream
        if self.enabled:
            tqdm.write(line, file=target)
        else:
            print(line, file=target, flush=True)

    def close(self) -> None:
        if self.enabled and self.total:
            self._bar.set_postfix_str("", refresh=False)
        self._bar.close()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class WatchProgress(logging.Handler):
    """Follows the watcher's events (`intake.watch.say`): counts files on a `Progress` bar,
    shows its warnings as sentences above the bar (when no JSON lines are written), and
    collects the documents recorded, for the totals at the end.

    `received` adds a file to the total; `processed`, `duplicate` and `quarantined` (with a
    receipt) count one done; `set_aside` and `take_failed` are files that never became work.
    """

    DONE = ("processed", "duplicate", "quarantined")

    def __init__(self, progress: Progress, *, speak: bool):
        super().__init__(level=logging.INFO)
        self.progress = progress
        self.speak = speak
        self.document_ids: list[str] = []
        self._done: set = set()

    def emit(self, record: logging.LogRecord) -> None:
        event, fields = record.getMessage(), getattr(record, "fields", {}) or {}
        receipt = fields.get("receipt")
        if event == "received":
            self.progress.grow(1)
        elif event in self.DONE and receipt is not None and receipt not in self._done:
            self._done.add(receipt)
            self.document_ids.extend(fields.get("documents") or [])
            self.progress.step(fields.get("file"))
        if self.speak and record.levelno >= logging.WARNING:
            self.progress.say("intake: " + event_sentence(event, fields))


def event_sentence(event: str, fields: dict) -> str:
    """A watcher's warning as one sentence: `0006.tif set aside: 0006.tif is empty (0 bytes).`"""
    what = fields.get("file") or (f"receipt {fields['receipt']}" if fields.get("receipt") else "the watcher")
    reason = str(fields.get("reason") or "").rstrip(".")
    words = {"set_aside": "set aside", "quarantined": "could not be read and was set aside",
             "processing_failed": "failed and will be tried again", "take_failed": "could not be taken in",
             }.get(event, event.replace("_", " "))
    return redact(f"{what} {words}" + (f": {reason}." if reason else "."))
