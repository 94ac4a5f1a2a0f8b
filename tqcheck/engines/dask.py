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
from . import WorkerSetup, window_for

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "--engine dask needs Dask distributed: pip install 'tqcheck[dask]'"
CONNECT_TIMEOUT_SECONDS = 30
# Dask settings of the local cluster's processes (the workers inherit them): no statistical profiler sampling
# every task's stack each 10 ms, and slower housekeeping ticks. Measured idle on 2 shared cores: the scheduler
# process and two workers used 12% of a core with Dask's defaults, 1.6% with these (bench_engine.py measures
# the effect on a real run). Results do not depend on them.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


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
                import dask

                with warnings.catch_warnings(), dask.config.set(LOCAL_CLUSTER_CONFIG):
                    warnings.simplefilter("ignore")  # "port 8787 in use" when another cluster runs: not ours
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
        """``fn(task)`` for each task on the cluster, in input order (see ``ordered_results``)."""
        from distributed import as_completed

        return self._guarded(ordered_results(lambda task: self._client.submit(fn, task, pure=False), tasks,
                                             window_for(self.workers), as_completed(with_results=True)))

    def _guarded(self, results: Iterator[R]) -> Iterator[R]:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker
        from distributed.comm import CommClosedError

        try:
            yield from results
        except KilledWorker as exc:
            raise EngineError(f"a task was lost with every worker that ran it ({exc}); "
                              "see the workers' logs (out of memory?)") from None
        except (CancelledError, CommClosedError) as exc:
            raise EngineError(f"lost the connection to the Dask scheduler ({type(exc).__name__})") from None

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


def ordered_results(submit: Callable[[T], Any], tasks: Iterable[T], window: int, finished: Any) -> Iterator[Any]:
    """Results in input order, with at most ``window`` tasks submitted and not yet yielded.

    ``finished`` is a Dask ``as_completed(with_results=True)``: it fetches results in batches as tasks end,
    several times cheaper per task than waiting on each future in turn (measured in bench_engine.py).
    """
    stream = iter(tasks)
    index_of: dict[Any, int] = {}
    ready: dict[int, Any] = {}
    submitted = yielded = 0

    def top_up() -> None:
        nonlocal submitted
        while submitted - yielded < window:
            try:
                task = next(stream)
            except StopIteration:
                return
            future = submit(task)
            index_of[future.key] = submitted
            finished.add(future)
            submitted += 1

    top_up()
    for future, result in finished:
        ready[index_of.pop(future.key)] = result
        while yielded in ready:
            yield ready.pop(yielded)
            yielded += 1
        top_up()
