"""The drop folder: which names are candidates, and when a file is completely written.

A file is taken only when its size and modification time (and those of its sidecar,
if it has one) have stayed unchanged for `stable_seconds`, measured by an injectable
clock.  Hidden names (`.name`), temporary names (`*.tmp`, `*.part`, `*.partial`,
`*.crdownload`, `*~`) and sidecars (`<image>.json`) are never taken on their own: a
sidecar goes with its image.
"""
from __future__ import annotations

import os
import stat as stat_mod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

TEMP_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")
SIDECAR_SUFFIX = ".json"


def ignored(name: str) -> bool:
    """True for names the watcher never takes on their own."""
    lower = name.lower()
    return (name.startswith(".") or lower.endswith(TEMP_SUFFIXES) or lower.endswith(SIDECAR_SUFFIX))


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def candidates(folder: Path) -> list[Path]:
    """The names in the folder that could be arrivals (not recursing), oldest name first.

    Symbolic links and other non-regular entries are candidates too: they are set aside
    with their reason rather than left to puzzle the next person.
    """
    try:
        with os.scandir(folder) as it:
            names = [e.name for e in it if not ignored(e.name) and not _is_plain_dir(e)]
    except FileNotFoundError:
        return []
    return [folder / n for n in sorted(names)]


def _is_plain_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


@dataclass(frozen=True)
class Signature:
    """What must stay unchanged for a file to count as completely written."""

    size: int
    mtime_ns: int
    ino: int
    sidecar: tuple[int, int] | None

    @classmethod
    def of(cls, path: Path) -> "Signature | None":
        """The file's signature, or None when it vanished (taken by someone else, renamed)."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        side = None
        try:
            sst = os.stat(sidecar_of(path))
            side = (sst.st_size, sst.st_mtime_ns)
        except (FileNotFoundError, NotADirectoryError):
            pass
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, side)

    @property
    def mtime(self) -> float:
        return self.mtime_ns / 1e9


def is_regular(path: Path) -> bool:
    try:
        return stat_mod.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


@dataclass
class _Seen:
    signature: Signature
    since: float


@dataclass
class Stability:
    """Remembers each candidate's signature and since when it has not changed."""

    stable_seconds: float
    clock: Callable[[], float]
    _seen: dict[Path, _Seen] = field(default_factory=dict)

    def observe(self, paths: Iterable[Path]) -> list[tuple[Path, Signature]]:
        """Look at the given paths now; return those steady for long enough (oldest first).

        Paths no longer present are forgotten.  A path returned stays remembered until
        `forget` is called, so the caller decides when it has been taken.
        """
        now = self.clock()
        ready = []
        present = set()
        for path in paths:
            sig = Signature.of(path)
            if sig is None:
                continue
            present.add(path)
            seen = self._seen.get(path)
            if seen is None or seen.signature != sig:
                self._seen[path] = seen = _Seen(sig, now)
            if now - seen.since >= self.stable_seconds:
                ready.append((path, sig))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return ready

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    @property
    def waiting(self) -> int:
        """How many files are seen but not yet steady."""
        return len(self._seen)

    def next_due(self) -> float | None:
        """The clock time at which the earliest waiting file may become steady."""
        if not self._seen:
            return None
        return min(s.since for s in self._seen.values()) + self.stable_seconds
