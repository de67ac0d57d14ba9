"""Worker processes for page work that never outlive the run that started them.

Each worker asks the kernel for SIGKILL when its parent goes (Linux `prctl(PR_SET_PDEATHSIG)`),
and also watches its parent's pid once a second (other systems; and the kernel's signal
follows the parent *thread* that started the worker).  So after `kill -9` of `intake
process` or `intake watch` no worker keeps a core busy or memory held.  Workers are
started fresh (spawn) for the watcher: they inherit no lock, thread or database handle of it.

A worker computes on one core (`one_core`): the pool is one worker a core, so a library's own
threads (OpenCV's parallel loops) only take the other workers' cores and spin against them.
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
    if start == "fork":
        # The workers are copies of this process: its OpenCV is made one thread before they
        # are made.  A copy has none of the threads its OpenCV names, and asked to stop them
        # (`one_core`) it waits for them for ever (a fork from a process whose OpenCV had
        # worked on its threads hung so; a test holds it).
        one_core()
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(start),
                               initializer=start_worker, initargs=(os.getpid(),))


def start_worker(parent: int) -> None:
    leave_with_parent(parent)
    one_core()


def one_core() -> None:
    """Keep this process's computing on one thread: OpenCV starts a thread a core for its
    loops (Tesseract is held to one by OMP_THREAD_LIMIT, the handwriting model by its
    session options).  Measured: two workers with OpenCV's threads spent 1.1 s of CPU a
    page, against 0.82 s on one thread each (docs/measurements.md)."""
    import cv2
    cv2.setNumThreads(1)


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


class ReadAhead:
    """An executor's page work begun before it is asked for: `intake process` reads the next
    file's pages while this one's are finished and recorded, so that no core waits between
    files (a file's last page, or the main process storing its documents).

    `ahead(fn, items)` submits the calls; `map(fn, items)` takes those begun for the same
    items and submits the rest, results in order as `Executor.map` gives them.  Work begun
    ahead and never asked for is cancelled at `shutdown`.  Nothing here touches the
    database: a crash loses only readings, and the receipts are read again.
    """

    def __init__(self, executor):
        self._executor = executor
        self._begun: dict = {}

    def ahead(self, fn, items) -> None:
        for item in items:
            if (fn, item) not in self._begun:
                self._begun[(fn, item)] = self._executor.submit(fn, item)

    def map(self, fn, items):
        futures = [self._begun.pop((fn, item), None) or self._executor.submit(fn, item) for item in items]
        return (f.result() for f in futures)

    def submit(self, fn, *args, **kwargs):
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        for f in self._begun.values():
            f.cancel()
        self._begun.clear()
        self._executor.shutdown(wait=wait, cancel_futures=cancel_futures)
