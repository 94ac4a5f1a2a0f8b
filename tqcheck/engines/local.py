"""The local engine: tasks in this process (``jobs=1``) or in a pool of ``jobs`` spawned worker processes.

Each worker process sets its OpenMP/BLAS thread count before any model loads (the machine's cores shared out
among the workers), runs the caller's ``worker_setup`` once, keeps its loaded model between tasks (the
per-process model cache in ``tqcheck.batch``), and exits by itself when the parent process is gone, even
after a ``kill -9`` that leaves the parent no chance to shut the pool down.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from typing import Any, Callable, Iterable, Iterator, TypeVar

from . import THREAD_VARIABLES, WorkerSetup, in_order, window_for

T = TypeVar("T")
R = TypeVar("R")

PARENT_POLL_SECONDS = 0.5


def _exit_with_parent(parent: int) -> None:
    """End this worker process as soon as its parent is gone (it is then re-parented): on Linux the kernel sends
    SIGKILL at the parent's death (``PR_SET_PDEATHSIG``, even mid-computation in C code); a watch thread anywhere."""
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="tqcheck-parent-watch", daemon=True).start()


def _init_worker(threads: int, parent: int, worker_setup: WorkerSetup | None) -> None:
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is the parent's to handle: it stops the pool
    _exit_with_parent(parent)
    if worker_setup is not None:
        worker_setup()


class LocalEngine:
    """Today's ``batch --jobs N``: a process pool on this machine (none when ``jobs`` is 1)."""

    name = "local"

    def __init__(self, jobs: int = 1, worker_setup: WorkerSetup | None = None,
                 warm_up: WorkerSetup | None = None) -> None:  # warm_up: the pool starts at the first task
        self.workers = jobs
        self.worker_setup = worker_setup
        self._pool: Any = None
        self._set_up_here = False

    def _start(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            threads = max(1, (os.cpu_count() or 1) // self.workers)
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_init_worker,
                                             initargs=(threads, os.getpid(), self.worker_setup))
        return self._pool

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``fn(task)`` for each task, in input order (in this process when there is one job)."""
        if self.workers == 1:
            if self.worker_setup is not None and not self._set_up_here:
                self.worker_setup()
                self._set_up_here = True
            return (fn(task) for task in tasks)
        pool = self._start()
        return in_order(lambda task: pool.submit(fn, task), lambda future: future.result(), tasks,
                        window_for(self.workers))

    def close(self, abort: bool = False) -> None:
        """Shut the pool down, dropping tasks not yet started (``abort``: also kill the workers at once, dropping
        the tasks they run, as after Ctrl-C; otherwise they finish them)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if abort:
            processes = list(getattr(pool, "_processes", None) or {})  # pid -> Process (CPython's pool)
            for pid in processes:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        pool.shutdown(wait=True, cancel_futures=True)  # after a kill: only reaps the dead workers

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.close(abort=exc_type is not None)
