"""What each Dask worker runs once before its first task (imported only when Dask is installed)."""
from __future__ import annotations

import os
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from . import THREAD_VARIABLES, WorkerSetup


class TqcheckWorkerPlugin(WorkerPlugin):
    """One OpenMP/BLAS thread per worker process, then the caller's setup; also on a replacement worker."""

    idempotent = True

    def __init__(self, worker_setup: WorkerSetup | None = None) -> None:
        self.worker_setup = worker_setup

    def setup(self, worker: Any) -> None:
        """Set the thread variables before any model loads (unless the worker's environment set them)."""
        for name in THREAD_VARIABLES:
            os.environ.setdefault(name, "1")
        if self.worker_setup is not None:
            self.worker_setup()
