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
import os
import signal
import threading
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
# Dask keeps the last 1,000 batches of messages of every connection for debugging (those under 1 MB): the
# client's and the scheduler's copies of every task, i.e. of every chunk of pairs. On a long pair file the
# process running tqcheck grew by 2.4 MB per 1,000 lines because of them (found with gc referrers: chunks
# held by BatchedSend.recent_message_log). Kept at 0 for the client and for a local cluster's processes.
CLIENT_CONFIG = {"distributed.admin.low-level-log-length": 0}
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    **CLIENT_CONFIG,
}


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EngineError(INSTALL_HINT) from None
    return distributed


def _check_installed() -> None:
    """The one-line error without Dask, before importing it (which takes a second or two)."""
    import importlib.util
    import sys

    if "distributed" in sys.modules:
        if sys.modules["distributed"] is None:  # what an install without it looks like to an import
            raise EngineError(INSTALL_HINT)
        return
    if importlib.util.find_spec("distributed") is None:
        raise EngineError(INSTALL_HINT)


def _tqcheck_version() -> str:
    from ..__about__ import __version__

    return __version__


class DaskEngine:
    """Tasks as Dask futures, submitted in a bounded window and collected in input order.

    A local cluster starts in a background thread, so the caller reads its input and prepares the first tasks
    meanwhile; the first ``map`` (or ``client``) waits for it.
    """

    name = "dask"

    def __init__(self, jobs: int = 1, worker_setup: WorkerSetup | None = None, scheduler: str | None = None,
                 processes: bool = True, warm_up: WorkerSetup | None = None) -> None:
        self._cluster: Any = None
        self._client: Any = None
        self._starting: threading.Thread | None = None
        self._start_error: BaseException | None = None
        self._distributed_level: int | None = None  # the ``distributed`` logger's level before a local cluster
        if scheduler:
            distributed = _import_distributed()
            from .dask_worker import TqcheckWorkerPlugin

            self._connect(distributed, scheduler, TqcheckWorkerPlugin(worker_setup, warm_up))
            self.workers = self._threads()
        else:
            _check_installed()
            self.workers = jobs
            self._starting = threading.Thread(target=self._start_local,
                                              args=(jobs, processes, worker_setup, warm_up),
                                              name="tqcheck-dask-start", daemon=True)
            self._starting.start()

    def _connect(self, distributed: Any, scheduler: str, plugin: Any) -> None:
        import dask

        try:
            with dask.config.set(CLIENT_CONFIG):
                self._client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise EngineError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from None
        self._client.register_plugin(plugin, name="tqcheck")
        self._check_workers(scheduler)

    def _start_local(self, jobs: int, processes: bool, worker_setup: WorkerSetup | None,
                     warm_up: WorkerSetup | None) -> None:
        """Import Dask, start a LocalCluster whose workers run the tqcheck plugin before they join (so also a
        replacement worker), and a client; the workers see this process's ``TQCHECK_*`` environment as it was
        when the engine opened."""
        env = {name: value for name, value in os.environ.items() if name.startswith("TQCHECK_")}
        try:
            distributed = _import_distributed()  # its import sets the ``distributed`` loggers from Dask's config
            import dask

            from .dask_worker import TqcheckWorkerPlugin

            self._quiet_distributed_logs()

            plugin = TqcheckWorkerPlugin(worker_setup, warm_up, local=True)
            with warnings.catch_warnings(), dask.config.set(LOCAL_CLUSTER_CONFIG):
                warnings.simplefilter("ignore")  # "port 8787 in use" when another cluster runs: not ours
                self._cluster = distributed.LocalCluster(
                    n_workers=jobs, threads_per_worker=1, processes=processes, dashboard_address=None,
                    silence_logs=logging.ERROR, plugins=(plugin,), **({"env": env} if processes else {}))
                self._client = distributed.Client(self._cluster)
        except BaseException as exc:  # handed to the caller by _ready()
            self._start_error = exc

    def _ready(self) -> None:
        """Wait for the local cluster to be up (no-op for a remote one)."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self._start_error is not None:
                error, self._start_error = self._start_error, None
                self.close()
                if isinstance(error, (OSError, TimeoutError)):
                    raise EngineError(f"cannot start a local Dask cluster: {error}") from None
                raise error

    @property
    def client(self) -> Any:
        """The ``distributed.Client`` (waits for a local cluster to start)."""
        self._ready()
        return self._client

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
        return self._guarded(fn, tasks)

    def _guarded(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker, as_completed
        from distributed.comm import CommClosedError

        client = self.client
        try:
            yield from ordered_results(lambda task: client.submit(fn, task, pure=False), tasks,
                                       window_for(self.workers), as_completed(with_results=True))
        except KilledWorker as exc:
            raise EngineError(f"a task was lost with every worker that ran it ({exc}); "
                              "see the workers' logs (out of memory?)") from None
        except (CancelledError, CommClosedError) as exc:
            raise EngineError(f"lost the connection to the Dask scheduler ({type(exc).__name__})") from None

    def close(self, abort: bool = False) -> None:
        """Disconnect; stop the local cluster if this engine started one, killing its workers first: they hold
        nothing once their results are in, and after Ctrl-C (``abort``) their running tasks are dropped. (Dask's
        graceful close took 2.2-2.8 s on a loaded machine, 0.0-0.2 s after the kill.)"""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self._cluster is not None:
            self._kill_local_workers()
        for closable in (self._client, self._cluster):
            if closable is not None:
                try:
                    closable.close()
                except Exception:  # closing after a failed start must not hide the first error
                    pass
        self._client = None
        self._cluster = None
        if self._distributed_level is not None:
            logging.getLogger("distributed").setLevel(self._distributed_level)
            self._distributed_level = None

    def _quiet_distributed_logs(self) -> None:
        """Only errors from the local cluster's scheduler and nannies (they run in this process) until it has
        closed. ``silence_logs`` alone ends inside Dask's close, and a connection to a killed worker could
        still log "Batched Comm Closed" with a traceback at INFO after it, e.g. after Ctrl-C."""
        logger = logging.getLogger("distributed")
        self._distributed_level = logger.level
        logger.setLevel(logging.ERROR)

    def _kill_local_workers(self) -> None:
        """SIGKILL the local cluster's worker processes, after telling their nannies not to replace them."""
        for nanny in list(getattr(self._cluster, "workers", {}).values()):
            pid = getattr(nanny, "pid", None)
            if not hasattr(type(nanny), "pid"):  # a worker thread of this process (processes=False): close stops it
                continue
            if hasattr(nanny, "close_gracefully"):
                nanny.close_gracefully(reason="tqcheck-interrupted")
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, exc_type: Any, *exc: Any) -> None:
        self.close(abort=exc_type is not None)


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
