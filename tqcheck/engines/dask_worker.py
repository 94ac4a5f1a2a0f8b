"""What each Dask worker runs once before its first task (imported only when Dask is installed)."""
from __future__ import annotations

import os
import signal
import threading
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from . import THREAD_VARIABLES, WorkerSetup


class TqcheckWorkerPlugin(WorkerPlugin):
    """One OpenMP/BLAS thread per worker process, then the caller's setup; also on a replacement worker.

    ``warm_up`` (importable) then runs in a background thread, so a worker of a cluster started for the run
    loads its model while the cluster is still starting and the input is being read; the first task waits
    for it (``tqcheck.engines.worker`` loads each model once, under a lock). ``local`` marks the workers of
    such a cluster: they ignore SIGINT, so a Ctrl-C on the terminal reaches only the ``tqcheck`` process,
    which stops them (a remote cluster's workers keep their own signal handling).
    """

    idempotent = True

    def __init__(self, worker_setup: WorkerSetup | None = None, warm_up: WorkerSetup | None = None,
                 local: bool = False) -> None:
        self.worker_setup = worker_setup
        self.warm_up = warm_up
        self.local = local

    def setup(self, worker: Any) -> None:
        """Set the thread variables before any model loads (unless the worker's environment set them)."""
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, "1")
        if self.local and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        if self.worker_setup is not None:
            self.worker_setup()
        if self.warm_up is not None:
            threading.Thread(target=_quietly, args=(self.warm_up,), name="tqcheck-warm-up", daemon=True).start()


def _quietly(warm_up: WorkerSetup) -> None:
    """A failed warm-up is not reported here: the first task meets the same error and reports it."""
    try:
        warm_up()
    except Exception:
        pass
