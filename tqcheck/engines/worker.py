"""What a worker process keeps between tasks: each model loaded once, one embedder per model and cache folder.

Every engine's workers (and the main process, for ``--jobs 1``) get their embedders here, so a worker loads a
model on its first task and reuses it for all later ones.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

WORKER_CACHE = ""  # as cache_dir: the default cache folder of the process that runs the check (see below)

_MODELS: dict[str, Any] = {}
_EMBEDDERS: dict[tuple[str, str | None], Any] = {}
_LOADING = threading.Lock()  # a warm-up thread and the first task may ask for the same model at once


def worker_model(name: str) -> Any:
    """The loaded model ``name``, once per process."""
    with _LOADING:
        if name not in _MODELS:
            from ..embed import load_embedder

            _MODELS[name] = load_embedder(name)
        return _MODELS[name]


def warm_worker(model: str) -> None:
    """Import what a check needs and load ``model``: a worker's warm-up, before its first task arrives."""
    from .. import pipeline  # noqa: F401  (what every task runs; importing it loads the detectors too)

    worker_model(model)


def worker_embedder(model: str, cache_dir: str | None) -> Any:
    """One embedder per model and cache folder per process (disk-cached unless ``cache_dir`` is None).

    ``WORKER_CACHE`` resolves ``$TQCHECK_CACHE_DIR`` or the user cache folder where the check runs, so each
    machine of a cluster caches on its own disk; the workers of one machine share that folder safely
    (``tqcheck.cache`` writes each entry atomically, and the same text always gives the same bytes).
    Each embedder counts the texts its model embeds in ``misses``.
    """
    if cache_dir == WORKER_CACHE:
        from ..cache import default_cache_dir

        cache_dir = str(default_cache_dir())
    key = (model, cache_dir)
    if key not in _EMBEDDERS:
        if cache_dir is None:
            _EMBEDDERS[key] = _Counting(worker_model(model))
        else:
            from ..cache import DiskCachedEmbedder

            _EMBEDDERS[key] = DiskCachedEmbedder(model, lambda: worker_model(model), Path(cache_dir))
    return _EMBEDDERS[key]


class _Counting:
    """Counts the texts a model embeds (the uncached path), to report like the disk cache does."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.misses = inner, inner.name, 0

    def encode(self, texts: list[str]) -> Any:
        self.misses += len(texts)
        return self.inner.encode(texts)

    def fit(self, text: str) -> str:
        """The part of ``text`` the model reads (see ``tqcheck.limits.ModelFit``)."""
        from ..limits import ModelFit

        return ModelFit(self.inner)(text)
