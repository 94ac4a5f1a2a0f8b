"""The published two-step algorithm (Bertalign, Liu & Zhu 2022), re-implemented from its description for the benchmark.

Not part of the package: ``bench_align.py`` runs it on the same bundled-model vectors as tqcheck's aligner, so every
set prints "ours vs the published algorithm on the same vectors". As published (defaults ``max_align`` 5,
``top_k`` 3, ``win`` 5, ``skip`` -0.1, margin and length penalty on):

1. **Anchors.** For each source sentence the ``top_k`` most similar target sentences (inner product of unit
   vectors). A 1-1/skip path maximises the summed similarity of its 1-1 steps, a step scoring its similarity only when
   the target is among the source's top k (0 otherwise), inside a diagonal band of ``max(250, 6%)`` sentences. The
   path's 1-1 steps are the anchors.
2. **Windows.** Between consecutive anchors ``(s0, t0)`` and ``(s1, t1)`` the rows ``s0+1..s1`` may use target
   positions ``t0 - win .. t1 + win``.
3. **Groups.** Inside that path a DP maximises the summed bead scores over shapes ``a-b`` with ``a + b <= max_align``
   (1-0 and 0-1 included). A bead scores ``(cos(X, Y) - margin) * log2(1 + min(lx, ly') / max(lx, ly'))``: ``X``,
   ``Y`` are the embeddings of the joined windows, the margin is the mean similarity of each side's window to the
   single sentences just outside the other side's window (averaged over the two sides), ``lx``/``ly`` are UTF-8
   byte lengths with ``ly' = ly * (total source bytes / total target bytes)``. A 1-0 or 0-1 bead scores ``skip``.
   Ties go to the shape listed first (0-1, 1-0, then a-b by a, then b).

Written from the paper and the description in its repository's README; no code copied.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

WindowVectors = Callable[[str, list[tuple[int, int]]], np.ndarray]


@dataclass(frozen=True)
class TwoStepParams:
    max_align: int = 5
    top_k: int = 3
    win: int = 5
    skip: float = -0.1
    margin: bool = True
    len_penalty: bool = True


def _shapes(max_align: int) -> list[tuple[int, int]]:
    shapes = [(0, 1), (1, 0)]
    shapes += [(a, b) for a in range(1, max_align) for b in range(1, max_align) if a + b <= max_align]
    return shapes


def _top_k(x: np.ndarray, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per source row the k best target ids and their similarities (blockwise, so memory stays linear)."""
    k = min(k, len(y))
    ids = np.zeros((len(x), k), dtype=np.int64)
    sims = np.zeros((len(x), k), dtype=np.float32)
    for start in range(0, len(x), 1024):
        block = x[start:start + 1024] @ y.T
        part = np.argpartition(-block, k - 1, axis=1)[:, :k]
        vals = np.take_along_axis(block, part, axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")
        ids[start:start + 1024] = np.take_along_axis(part, order, axis=1)
        sims[start:start + 1024] = np.take_along_axis(vals, order, axis=1)
    return ids, sims


def anchors(x: np.ndarray, y: np.ndarray, p: TwoStepParams) -> list[tuple[int, int]]:
    """First step: the 1-1 cells (i, j) (1-based ends) of the best top-k path in the diagonal band."""
    n, m = len(x), len(y)
    ids, sims = _top_k(x, y, p.top_k)
    w = max(250, int(max(n, m) * 0.06))
    centre = (np.arange(n + 1) * (m / n)).astype(np.int64)
    lo, hi = np.maximum(centre - w, 0), np.minimum(centre + w, m)
    score = [np.full(hi[0] - lo[0] + 1, -np.inf)]
    move = [np.zeros(hi[0] - lo[0] + 1, dtype=np.int8)]
    score[0][0 - lo[0]] = 0.0 if lo[0] == 0 else -np.inf
    for j in range(max(lo[0], 1), hi[0] + 1):  # row 0: 0-1 steps only
        score[0][j - lo[0]], move[0][j - lo[0]] = score[0][j - 1 - lo[0]], 0
    for i in range(1, n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        gain = np.zeros(len(js))
        for r in range(ids.shape[1]):
            gain[js - 1 == ids[i - 1, r]] = sims[i - 1, r]
        prev, plo, phi = score[i - 1], lo[i - 1], hi[i - 1]
        row = np.full(len(js), -np.inf)
        mv = np.full(len(js), -1, dtype=np.int8)
        ok = (js >= plo) & (js <= phi)  # 1-0: from (i-1, j)
        row[ok], mv[ok] = prev[js[ok] - plo], 1
        ok = (js - 1 >= plo) & (js - 1 <= phi) & (js >= 1)  # 1-1: from (i-1, j-1)
        cand = np.full(len(js), -np.inf)
        cand[ok] = prev[js[ok] - 1 - plo] + gain[ok]
        better = cand > row
        row[better], mv[better] = cand[better], 2
        for t in range(1, len(js)):  # 0-1 is listed first: it wins ties
            if row[t - 1] >= row[t]:
                row[t], mv[t] = row[t - 1], 0
        score.append(row)
        move.append(mv)
    path, i, j = [], n, m
    while i or j:
        mv = move[i][j - lo[i]]
        if mv == 2:
            path.append((i, j))
        i, j = (i, j - 1) if mv == 0 else (i - 1, j) if mv == 1 else (i - 1, j - 1)
    return path[::-1]


def second_path(anchor: list[tuple[int, int]], win: int, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Per source row 0..n the target range the second step searches."""
    anchor = list(anchor) or [(n, m)]
    if anchor[-1][0] != n:
        if anchor[-1][1] == m:
            anchor.pop()
        anchor.append((n, m))
    elif anchor[-1][1] != m:
        anchor[-1] = (n, m)
    lo, hi = [], []
    prev_s, prev_t = 0, 0
    for s, t in anchor:
        for _ in range(prev_s + 1, s + 1):
            lo.append(max(0, prev_t - win))
            hi.append(min(m, t + win))
        prev_s, prev_t = s, t
    lo, hi = [lo[0]] + lo, [hi[0]] + hi
    return np.asarray(lo), np.asarray(hi)


def _window_table(vectors: np.ndarray, lengths: np.ndarray, side: str, get: WindowVectors,
                  sizes: int) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Window vectors and byte lengths indexed by start, for every size 1..sizes (all embedded)."""
    vecs, lens = {1: vectors}, {1: lengths}
    cum = np.concatenate([[0], np.cumsum(lengths)])
    for k in range(2, sizes + 1):
        count = max(len(vectors) - k + 1, 0)
        vecs[k] = np.asarray(get(side, [(s, k) for s in range(count)]), dtype=np.float32).reshape(count, -1) \
            if count else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        lens[k] = (cum[k:] - cum[:-k]) + (k - 1)  # joined with spaces
    return vecs, lens


def align(x: np.ndarray, y: np.ndarray, window_vectors: WindowVectors, src_bytes: list[int],
          tgt_bytes: list[int], p: TwoStepParams = TwoStepParams()) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads ``(src ids, tgt ids)`` of the two-step search over unit sentence vectors ``x`` and ``y``."""
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
    lo, hi = second_path(anchors(x, y, p), p.win, n, m)
    sizes = p.max_align - 1
    sv, sl = _window_table(x, np.asarray(src_bytes, dtype=np.float64), "source", window_vectors, sizes)
    tv, tl = _window_table(y, np.asarray(tgt_bytes, dtype=np.float64), "target", window_vectors, sizes)
    ratio = sl[1].sum() / tl[1].sum()
    shapes = _shapes(p.max_align)
    score: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        row = np.full(len(js), -np.inf)
        mv = np.full(len(js), -1, dtype=np.int16)
        if i == 0:
            row[js == 0] = 0.0
        for k, (a, b) in enumerate(shapes):
            if a > i or a == 0:
                continue
            ok = (js - b >= lo[i - a]) & (js - b <= hi[i - a])
            if not ok.any():
                continue
            jj = js[ok]
            prev = score[i - a][jj - b - lo[i - a]]
            if b == 0:
                step = np.full(len(jj), p.skip)
            else:
                step = _bead_score(i, jj, a, b, sv, tv, sl, tl, x, y, ratio, p)
            cand = prev + step
            where = np.flatnonzero(ok)
            better = cand > row[where]
            row[where[better]], mv[where[better]] = cand[better], k
        for t in range(1, len(js)):  # 0-1 from the left: shape 0 is first, so it wins ties
            if js[t] >= 1 and row[t - 1] + p.skip >= row[t] and np.isfinite(row[t - 1]):
                row[t], mv[t] = row[t - 1] + p.skip, 0
        score.append(row)
        back.append(mv)
    beads, i, j = [], n, m
    while i or j:
        a, b = shapes[back[i][j - lo[i]]]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def _bead_score(i, js, a, b, sv, tv, sl, tl, x, y, ratio, p: TwoStepParams) -> np.ndarray:
    """Score of the beads ``[i-a, i) : [j-b, j)`` for every ``j`` in ``js``."""
    n, m = len(x), len(y)
    xv, yv = sv[a][i - a], tv[b][js - b]
    sim = yv @ xv
    if p.margin:
        tgt_nb = _neighbours(xv[None, :], y, js - b - 1, js, m)   # the source window against target neighbours
        src_nb = _neighbours(yv, x, np.full(len(js), i - a - 1), np.full(len(js), i), n)
        sim = sim - (tgt_nb + src_nb) / 2
    if p.len_penalty:
        lx, ly = sl[a][i - a], tl[b][js - b] * ratio
        sim = sim * np.log2(1 + np.minimum(lx, ly) / np.maximum(lx, ly))
    return sim


def _neighbours(v: np.ndarray, single: np.ndarray, left: np.ndarray, right: np.ndarray, count: int) -> np.ndarray:
    """Similarity of ``v`` (one row, or one per position) to the sentences ``left`` and ``right``, averaged when both
    exist and are non-zero (as published: a missing neighbour counts 0)."""
    has_l, has_r = left >= 0, right < count
    ls = np.where(has_l, np.einsum("ij,ij->i", np.broadcast_to(v, (len(left), v.shape[-1])),
                                   single[np.clip(left, 0, count - 1)]), 0.0)
    rs = np.where(has_r, np.einsum("ij,ij->i", np.broadcast_to(v, (len(right), v.shape[-1])),
                                   single[np.clip(right, 0, count - 1)]), 0.0)
    both = (ls != 0) & (rs != 0)
    return np.where(both, (ls + rs) / 2, ls + rs)
