"""Worker processes for page work that never outlive the run that started them.

Each worker asks the kernel for SIGKILL when its parent goes (Linux `prctl(PR_SET_PDEATHSIG)`),
and also watches its parent's pid once a second (other systems; and the kernel's signal
follows the parent *thread* that started the worker).  So after `kill -9` of `intake
process` or `intake watch` no worker keeps a core busy or memory held.  Workers are
started fresh (spawn) for the watcher: they inherit no lock, thread or database handle of it.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def pool(workers: int, start: str = "spawn") -> ProcessPoolExecutor:
    """A pool of `workers` processes that die with this one.

    `start` "spawn" (the watcher: a long-lived, threaded parent) or "fork" (`intake process`:
    workers ready at once, without importing the pipeline again, about 3 s on a busy machine).
    """
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(start),
                               initializer=leave_with_parent, initargs=(os.getpid(),))


def leave_with_parent(parent: int) -> None:
    """In a worker: die when the parent dies (the kernel's signal, and a watching thread)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the thread below does it
        pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)
    threading.Thread(target=watch, daemon=True, name="leave-with-parent").start()
