"""Sentence alignment by dynamic programming over embedding similarities (numpy only).

Algorithm (after Vecalign and Bertalign):

1. Every sentence is embedded; ``base_x`` is the mean cosine of source sentence ``x`` with all target
   sentences (and ``base_y`` likewise), the similarity an unrelated pair would get. A bead's normalised cost is
   ``(1 - cos(X, Y)) / (1 - mean(base))`` where ``X`` and ``Y`` are the embeddings of the *joined* sentences of
   the bead: about 0.4 for a translation, about 1.0 for an unrelated pair, whatever band the model's cosines sit in.
2. A first pass finds a 1-1 path with skips on the sentence matrix (inside a diagonal band for long texts);
   the second pass searches all bead shapes ``a-b`` (``a, b <= max_group``, ``a + b <= max_group + 1``, and 2-2)
   plus ``1-0`` and ``0-1`` in a window around that path, embedding only the joined windows it needs (windows
   that cross a paragraph boundary are not embedded: their vector is the mean of their sentences').
3. A bead's cost is ``normalised cost * (a + b) / 2``, plus a length penalty when the character ratio strays
   from the pair's typical ratio, plus a penalty for joining sentences across a paragraph boundary and a small
   one per extra sentence; a skipped sentence costs ``skip_cost``. The path of least total cost wins.

>>> import numpy as np
>>> x = np.eye(3, dtype=np.float32); y = np.eye(3, dtype=np.float32)
>>> [b.bead() for b in align(AlignInput(x, y, window_vectors=lambda side, w: None))]
['[0]:[0]', '[1]:[1]', '[2]:[2]']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

WindowVectors = Callable[[str, list[tuple[int, int]]], "np.ndarray | None"]


@dataclass(frozen=True)
class AlignParams:
    """Tunable costs of the aligner (defaults tuned on the Text+Berg dev set and the rahnam sample)."""

    max_group: int = 3
    skip_cost: float = 0.45
    group_cost: float = 0.04
    paragraph_cost: float = 0.35
    length_weight: float = 0.25
    length_tolerance: float = 0.35
    band: int = 8
    first_pass_band: int = 60


@dataclass
class AlignInput:
    """What the aligner needs: sentence vectors, window embedder, paragraph ids and lengths."""

    src_vectors: np.ndarray
    tgt_vectors: np.ndarray
    window_vectors: WindowVectors
    src_paragraphs: list[int] | None = None
    tgt_paragraphs: list[int] | None = None
    src_lengths: list[int] | None = None
    tgt_lengths: list[int] | None = None
    params: AlignParams = field(default_factory=AlignParams)
    base_x: np.ndarray | None = None
    base_y: np.ndarray | None = None


@dataclass(frozen=True)
class Bead:
    """One aligned group with the raw cosine of its joined texts (None for 1-0 / 0-1)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    cosine: float | None
    cost: float

    def bead(self) -> str:
        return f"{list(self.src)}:{list(self.tgt)}"


def _shapes(max_group: int) -> list[tuple[int, int]]:
    shapes = [(1, 0), (0, 1)]
    for a in range(1, max_group + 1):
        for b in range(1, max_group + 1):
            if a + b <= max_group + 1 or (a == 2 and b == 2):
                shapes.append((a, b))
    return shapes


def _baselines(x: np.ndarray, y: np.ndarray, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each sentence with every sentence of the other side."""
    bx = np.zeros(len(x), dtype=np.float64)
    by = np.zeros(len(y), dtype=np.float64)
    for i in range(0, len(x), chunk):
        block = x[i:i + chunk] @ y.T
        bx[i:i + chunk] = block.mean(axis=1)
        by += block.sum(axis=0)
    by /= max(len(x), 1)
    return bx, by


def _first_pass(x: np.ndarray, y: np.ndarray, base_x: np.ndarray, base_y: np.ndarray,
                p: AlignParams) -> tuple[np.ndarray, np.ndarray]:
    """A 1-1/skip path over the sentence matrix; returns, per source position, its lowest and highest target."""
    n, m = len(x), len(y)
    inf = np.inf
    prev = np.arange(m + 1, dtype=np.float64) * p.skip_cost
    back = np.zeros((n + 1, m + 1), dtype=np.int8)
    back[0, 1:] = 2
    cols = np.arange(m + 1, dtype=np.float64) * p.skip_cost
    wide = n * m > 4_000_000
    for i in range(1, n + 1):
        row = np.full(m + 1, inf)
        row[0] = prev[0] + p.skip_cost
        back[i, 0] = 1
        lo, hi = 1, m
        if wide:
            mid = int(round(i * m / n))
            lo, hi = max(1, mid - p.first_pass_band), min(m, mid + p.first_pass_band)
        sims = x[i - 1] @ y[lo - 1:hi].T
        match = prev[lo - 1:hi] + (1 - sims) / np.maximum(1 - (base_x[i - 1] + base_y[lo - 1:hi]) / 2, 1e-6)
        skip_src = prev[lo:hi + 1] + p.skip_cost
        take_match = match <= skip_src
        row[lo:hi + 1] = np.where(take_match, match, skip_src)
        back[i, lo:hi + 1] = np.where(take_match, 3, 1)
        # skipping target sentences: a running minimum along the row
        shifted = row - cols
        running = np.minimum.accumulate(shifted)
        improved = running < shifted
        row = np.where(improved, running + cols, row)
        back[i, improved] = 2
        prev = row
    lo_j = np.full(n + 1, m, dtype=np.int64)
    hi_j = np.zeros(n + 1, dtype=np.int64)
    i, j = n, m
    while True:
        lo_j[i], hi_j[i] = min(lo_j[i], j), max(hi_j[i], j)
        if i == 0 and j == 0:
            break
        move = back[i, j]
        if move == 1:
            i -= 1
        elif move == 2:
            j -= 1
        else:
            i, j = i - 1, j - 1
    return lo_j, hi_j


def align(data: AlignInput) -> list[Bead]:
    """Align two sentence sequences; see the module docstring for the algorithm."""
    x, y, p = data.src_vectors, data.tgt_vectors, data.params
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return [Bead((i,), (), None, p.skip_cost) for i in range(n)] + \
               [Bead((), (j,), None, p.skip_cost) for j in range(m)]
    src_par = data.src_paragraphs or [0] * n
    tgt_par = data.tgt_paragraphs or [0] * m
    src_len = np.asarray(data.src_lengths or [1] * n, dtype=np.float64)
    tgt_len = np.asarray(data.tgt_lengths or [1] * m, dtype=np.float64)
    base_x, base_y = (data.base_x, data.base_y) if data.base_x is not None else _baselines(x, y)
    path_lo, path_hi = _first_pass(x, y, base_x, base_y, p)
    shapes = _shapes(p.max_group)
    ratio = max(tgt_len.sum(), 1) / max(src_len.sum(), 1)
    band_lo = np.maximum(path_lo - p.band, 0)
    band_hi = np.minimum(path_hi + p.band, m)

    def in_band(i: int, j: int) -> bool:
        return band_lo[i] <= j <= band_hi[i]

    src_windows, tgt_windows = set(), set()
    for i in range(n + 1):
        for j in range(band_lo[i], band_hi[i] + 1):
            for a, b in shapes:
                if a and b and i >= a and j >= b and in_band(i - a, j - b):
                    if a > 1:
                        src_windows.add((i - a, a))
                    if b > 1:
                        tgt_windows.add((j - b, b))
    vectors = {("source", s, 1): x[s] for s in range(n)} | {("target", t, 1): y[t] for t in range(m)}
    for side, wins, single, par in (("source", src_windows, x, src_par), ("target", tgt_windows, y, tgt_par)):
        # windows inside one paragraph are embedded as joined text; others (penalised anyway) are averaged
        inside = [w for w in sorted(wins) if par[w[0]] == par[w[0] + w[1] - 1]]
        got = data.window_vectors(side, inside) if inside else None
        if got is not None:
            vectors.update({(side, s, k): v for (s, k), v in zip(inside, got)})
        for start, length in sorted(wins):
            if (side, start, length) not in vectors:
                v = single[start:start + length].sum(axis=0)
                vectors[(side, start, length)] = v / max(np.linalg.norm(v), 1e-12)

    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float | None, float]] = {}
    for i in range(n + 1):
        for j in range(band_lo[i], band_hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best = np.inf
            for a, b in shapes:
                prev = (i - a, j - b)
                if prev not in cost:
                    continue
                if a == 0 or b == 0:
                    step, cos = p.skip_cost, None
                else:
                    xv, yv = vectors[("source", i - a, a)], vectors[("target", j - b, b)]
                    cos = float(xv @ yv)
                    base = (base_x[i - a:i].mean() + base_y[j - b:j].mean()) / 2
                    step = (1 - cos) / max(1 - base, 1e-6) * (a + b) / 2
                    step += p.group_cost * (a + b - 2)
                    if len(set(src_par[i - a:i])) > 1 or len(set(tgt_par[j - b:j])) > 1:
                        step += p.paragraph_cost
                    r = np.log(max(tgt_len[j - b:j].sum(), 1) / max(src_len[i - a:i].sum(), 1) / ratio)
                    step += p.length_weight * max(0.0, abs(r) - p.length_tolerance)
                total = cost[prev] + step
                if total < best:
                    best = total
                    back[(i, j)] = (a, b, cos, step)
            if best < np.inf:
                cost[(i, j)] = best
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b, cos, step = back[(i, j)]
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), cos, step))
        i, j = i - a, j - b
    return beads[::-1]
