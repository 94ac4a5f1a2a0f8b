"""The Dask engine: tasks on a Dask distributed cluster, or on a local cluster started for the run.

- Without ``scheduler`` a ``LocalCluster`` of ``jobs`` worker processes with one thread each is started on this
  machine and stopped afterwards; its worker processes exit when this process dies (Dask's nanny ties each
  one to its parent by a pipe).
- With ``scheduler`` (``tcp://HOST:PORT``) the tasks go to the workers of that cluster, which must have the
  same tqcheck version installed (checked up front: a different version could give different results).
- Every worker runs ``TqcheckWorkerPlugin`` once: one OpenMP/BLAS thread per worker process (Dask's nanny
  sets the same; run one single-threaded worker per core), then the caller's ``worker_setup``. A worker keeps
  its loaded model between tasks (the per-process model cache in ``tqcheck.batch``).
- A worker lost mid-run: the scheduler runs its unfinished tasks again on another worker, and the caller still
  gets exactly one result per task, in input order; a task that kills ``allowed-failures`` workers in a row
  (Dask's setting, 3 by default) ends the run with an error.
"""
from __future__ import annotations

import logging
import warnings
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..errors import EngineError
from . import WorkerSetup, in_order, window_for

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "--engine dask needs Dask distributed: pip install 'tqcheck[dask]'"
CONNECT_TIMEOUT_SECONDS = 30


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError(INSTALL_HINT) from None
    return distributed


def _tqcheck_version() -> str:
    from ..__about__ import __version__

    return __version__


class DaskEngine:
    """Tasks as Dask futures, submitted in a bounded window and collected in input order."""

    name = "dask"

    def __init__(self, jobs: int = 1, worker_setup: WorkerSetup | None = None, scheduler: str | None = None,
                 processes: bool = True) -> None:
        distributed = _import_distributed()
        self._cluster: Any = None
        try:
            if scheduler:
                self._client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
            else:
                with warnings.catch_warnings():  # "port 8787 in use" when another cluster runs: not ours
                    warnings.simplefilter("ignore")
                    self._cluster = distributed.LocalCluster(n_workers=jobs, threads_per_worker=1,
                                                             processes=processes, dashboard_address=None,
                                                             silence_logs=logging.ERROR)
                self._client = distributed.Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            where = scheduler or "a local cluster"
            raise EngineError(f"cannot connect to the Dask scheduler at {where}: {exc}") from None
        from .dask_worker import TqcheckWorkerPlugin

        self._client.register_plugin(TqcheckWorkerPlugin(worker_setup), name="tqcheck")
        if scheduler:
            self._check_workers(scheduler)
        self.workers = self._threads()

    def _threads(self) -> int:
        workers = self._client.scheduler_info(n_workers=-1)["workers"].values()
        return max(1, sum(w.get("nthreads", 1) for w in workers))

    def _check_workers(self, scheduler: str) -> None:
        try:
            self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_SECONDS)
        except TimeoutError:
            self.close()
            raise EngineError(f"the Dask scheduler at {scheduler} has no workers "
                              f"(start some with: dask worker {scheduler})") from None
        mine = _tqcheck_version()
        theirs = self._client.run(_tqcheck_version)
        other = {address: v for address, v in theirs.items() if v != mine}
        if other:
            address, version = sorted(other.items())[0]
            self.close()
            raise EngineError(f"Dask worker {address} has tqcheck {version}, this machine {mine}: "
                              "install the same version on every worker")

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``fn(task)`` for each task on the cluster, in input order."""
        return in_order(lambda task: self._client.submit(fn, task, pure=False), self._result, tasks,
                        window_for(self.workers))

    def _result(self, future: Any) -> Any:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise EngineError(f"a task was lost with every worker that ran it ({exc}); "
                              "see the workers' logs (out of memory?)") from None

    def close(self) -> None:
        """Disconnect; stop the local cluster if this engine started one."""
        for closable in (getattr(self, "_client", None), self._cluster):
            if closable is not None:
                try:
                    closable.close()
                except Exception:  # closing after a failed start must not hide the first error
                    pass
        self._client = None
        self._cluster = None

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
