"""Where batch work runs: a local process pool (``local``) or a Dask cluster (``dask``), behind one interface.

An engine maps a picklable function over tasks (documents, or chunks of pre-aligned pairs) and yields the
results **in input order**, each as soon as it and every task before it are done. At most ``window`` tasks are
in flight or waiting to be yielded, so a million-line input streams through in bounded memory and the outputs
are written as the run goes. The result of a run never depends on the engine: each task is a pure function of
its input and settings, and the caller sees one result per task, in order.

Engines are named in ``ENGINES`` and imported on first use, so ``tqcheck --help`` never imports Dask.
``local.py`` is the process pool, ``dask.py`` (with ``dask_worker.py``, its worker plugin) the Dask engine, and
``worker.py`` what every worker process keeps between tasks (each model loaded once, its embedders).
"""
from __future__ import annotations

import importlib
from collections import deque
from typing import Any, Callable, Iterable, Iterator, Protocol, TypeVar

from ..errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

ENGINES = {
    "local": "tqcheck.engines.local:LocalEngine",
    "dask": "tqcheck.engines.dask:DaskEngine",
}

WorkerSetup = Callable[[], None]
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class Engine(Protocol):
    """Runs tasks somewhere and hands their results back in input order."""

    name: str
    workers: int

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """``fn(task)`` for every task, yielded in input order (``fn`` and the tasks must pickle)."""
        ...

    def close(self, abort: bool = False) -> None:
        """Stop the workers this engine started (idempotent; ``abort``: kill them without waiting)."""
        ...

    def __enter__(self) -> "Engine": ...

    def __exit__(self, *exc: Any) -> None: ...


def open_engine(name: str, *, jobs: int = 1, scheduler: str | None = None,
                worker_setup: WorkerSetup | None = None, warm_up: WorkerSetup | None = None) -> Engine:
    """The engine ``name`` with ``jobs`` local workers (``dask``: or the cluster at ``scheduler``).

    ``worker_setup`` runs once in every worker process before its first task (also in a worker that replaces
    a lost one); ``warm_up`` (e.g. loading the model) then runs in the background where workers start before
    the first task (``dask``); both must be importable by the workers. Leaving the engine's ``with`` block by an
    exception (Ctrl-C included) kills its local workers at once instead of waiting for their tasks.
    """
    if name not in ENGINES:
        raise ConfigError(f"unknown engine '{name}' (choose from {', '.join(ENGINES)})")
    if scheduler and name != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    if jobs < 1:
        raise ConfigError("--jobs must be 1 or more")
    module, _, attr = ENGINES[name].partition(":")
    engine_class = getattr(importlib.import_module(module), attr)
    options: dict[str, Any] = {"jobs": jobs, "worker_setup": worker_setup, "warm_up": warm_up}
    if scheduler:
        options["scheduler"] = scheduler
    return engine_class(**options)


def in_order(submit: Callable[[T], Any], result_of: Callable[[Any], R], tasks: Iterable[T],
             window: int) -> Iterator[R]:
    """Submit tasks while fewer than ``window`` are pending; yield results oldest first.

    Shared by the engines: ``submit(task)`` returns a future, ``result_of(future)`` waits for it. Waiting on the
    oldest task only is enough: the others keep running meanwhile, and the window bounds memory either way.

    >>> list(in_order(lambda t: t * t, lambda f: f, range(5), window=2))
    [0, 1, 4, 9, 16]
    """
    pending: deque[Any] = deque()
    for task in tasks:
        if len(pending) >= window:
            yield result_of(pending.popleft())
        pending.append(submit(task))
    while pending:
        yield result_of(pending.popleft())


def window_for(workers: int) -> int:
    """Tasks in flight: enough to keep every worker busy while an early, slow task holds back the output."""
    return max(16, 8 * workers)
