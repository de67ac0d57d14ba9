"""The drop folder: which names are candidates, and when a file is completely written.

A file is taken only when its writer is done: its size and modification time (and those
of its sidecar, if it has one) have stayed unchanged for `stable_seconds`, measured by an
injectable clock, and then no process holds it open (`held_open`, from /proc) and the
watcher has seen no write since the writer's last close (`busy`, from inotify).  A busy
file starts its quiet period again, so it is looked at once a quiet period, not in a loop.  Hidden names (`.name`), temporary names (`*.tmp`, `*.part`, `*.partial`,
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


def shown_name(name: str) -> str:
    """A file name as one line may show it: control characters (a newline, an escape) escaped."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


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


def lone_sidecars(folder: Path) -> list[Path]:
    """Sidecars in the folder whose image is not there (never followed or opened)."""
    try:
        with os.scandir(folder) as it:
            names = {e.name for e in it}
    except FileNotFoundError:
        return []
    return [folder / n for n in sorted(names) if n.lower().endswith(SIDECAR_SUFFIX) and not n.startswith(".")
            and n[:-len(SIDECAR_SUFFIX)] not in names]


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
            sst = os.lstat(sidecar_of(path))   # never followed, never opened
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


def held_open(path: Path, proc: Path = Path("/proc")) -> bool:
    """True when some process we may look at has the file open (any of its descriptors)."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in open_files(proc)


def open_files(proc: Path = Path("/proc")) -> set[tuple[int, int]]:
    """(device, inode) of every file open in a process we may look at, from /proc/<pid>/fd.

    As root every process is seen; as the `intake` user only its own user's: a fax server
    running as another user is seen through inotify's close events instead.  One stat per
    open descriptor on the machine (about 800 here: some tens of ms), so the watcher reads
    it once per look at the inbox, and only when some file is otherwise steady.  Empty where
    there is no /proc.
    """
    found: set[tuple[int, int]] = set()
    try:
        pids = [p for p in os.listdir(proc) if p.isdigit()]
    except OSError:
        return found
    for pid in pids:
        fd_dir = proc / pid / "fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:  # gone, or not ours to see
            continue
        for fd in fds:
            try:
                fst = os.stat(fd_dir / fd)
            except OSError:
                continue
            found.add((fst.st_dev, fst.st_ino))
    return found


@dataclass
class _Seen:
    signature: Signature
    since: float
    first: float = 0.0


@dataclass
class Stability:
    """Remembers each candidate's signature and since when it has not changed."""

    stable_seconds: float
    clock: Callable[[], float]
    busy: Callable[[Path, float], bool] | None = None   # (path, seconds quiet) -> writer not done
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
            if seen is None:
                self._seen[path] = seen = _Seen(sig, now, now)
            elif seen.signature != sig:
                seen.signature, seen.since = sig, now
            if now - seen.since >= self.stable_seconds:
                if self.busy is not None and self.busy(path, now - seen.since):
                    seen.since = now   # its writer is not done: a new quiet period
                    continue
                ready.append((path, sig))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return ready

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def first_seen(self, path: Path) -> float | None:
        """The clock time this file was first seen (None if it is not being watched)."""
        seen = self._seen.get(path)
        return seen.first if seen else None

    @property
    def waiting(self) -> int:
        """How many files are seen but not yet steady."""
        return len(self._seen)

    def next_due(self) -> float | None:
        """The clock time at which the earliest waiting file may become steady."""
        if not self._seen:
            return None
        return min(s.since for s in self._seen.values()) + self.stable_seconds
