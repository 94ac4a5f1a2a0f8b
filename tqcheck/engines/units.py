"""Pre-aligned units (TSV, JSONL, XLIFF, ...) on an engine: each chunk of ``chunk_size`` units is one task.

The chunks are the ones ``pipeline.iter_unit_reports`` makes (a unit's baseline is its chunk), the languages
are identified once on the first chunk here, and each worker computes the model's prior once and keeps it, so
every chunk's report is the one the local loop would give. Reports come back in input order as chunks finish.
"""
from __future__ import annotations

from functools import partial
from itertools import chain, islice
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .worker import WORKER_CACHE, worker_embedder

if TYPE_CHECKING:
    from ..config import CheckConfig
    from ..types import Report, Unit
    from . import Engine

_PRIORS: dict[tuple[str, str | None], float] = {}


def engine_unit_reports(units: Iterable["Unit"], config: "CheckConfig", engine: "Engine", *,
                        cache_dir: str | None = WORKER_CACHE, progress: Callable[[str, int, int], None] | None = None,
                        total: int = 0, chunk_size: int | None = None) -> Iterator["Report"]:
    """One Report per chunk of units, in input order, each checked on one of ``engine``'s workers."""
    from ..pipeline import UNIT_CHUNK, unit_languages

    size = chunk_size or UNIT_CHUNK
    stream = iter(units)
    chunks = iter(lambda: tuple(islice(stream, size)), ())
    first = next(chunks, None)
    if first is None:
        return
    task = partial(check_chunk, langs=unit_languages(first, config), config=config, cache_dir=cache_dir,
                   chunk_size=size)
    done = 0
    for report in engine.map(task, chain([first], chunks)):
        done += len(report.units)
        if progress:
            progress("checking units", done, max(total, done))
        yield report


def check_chunk(chunk: tuple["Unit", ...], *, langs: Any, config: "CheckConfig", cache_dir: str | None,
                chunk_size: int) -> "Report":
    """The task: one chunk checked with this worker's model (loaded once) and prior (computed once)."""
    from ..pipeline import check_unit_chunk, unit_prior

    embedder = worker_embedder(config.model, cache_dir)
    key = (config.model, cache_dir)
    if key not in _PRIORS:
        _PRIORS[key] = unit_prior(embedder)
    return check_unit_chunk(chunk, langs, config, embedder, chunk_size, _PRIORS[key])
