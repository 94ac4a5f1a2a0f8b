"""First step of the aligner: reliable 1-1 anchors by top-k search, and the band of the second step around them.

Written after Bertalign's first step (top-k candidates, best monotone chain) with two changes: similarities are
normalised by what an unrelated pair scores (the bundled model's cosines sit in a narrow band), and a candidate
counts only by its margin above ``anchor_floor``. Long texts are searched coarse-to-fine (as Vecalign
downsamples), so time and memory grow linearly with the length.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .align import AlignParams


MAX_FACTOR = 8  # sentences per block of one coarse level


def unit(v: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


def _block_means(v: np.ndarray, f: int) -> np.ndarray:
    """Unit sums of ``f`` consecutive rows (the last block padded with zeros), 256 blocks at a time: no
    zero-padded copy of the whole text."""
    k = math.ceil(len(v) / f)
    out = np.empty((k, v.shape[1]), dtype=np.float32)
    for b0 in range(0, k, 256):
        b1 = min(b0 + 256, k)
        padded = np.zeros(((b1 - b0) * f, v.shape[1]), dtype=np.float32)
        part = v[b0 * f:b1 * f]
        padded[:len(part)] = part
        out[b0:b1] = padded.reshape(b1 - b0, f, -1).sum(axis=1)
    return unit(out)


def _candidate_range(x: np.ndarray, y: np.ndarray, bx: np.ndarray, by: np.ndarray,
                     p: AlignParams) -> tuple[np.ndarray, np.ndarray]:
    """Per source sentence the target range ``[lo, hi)`` the anchor search looks in.

    The whole text when it is short; else the band of a coarse alignment of block means (as Vecalign
    downsamples), projected back, so that the search stays linear in the length.
    """
    n, m = len(x), len(y)
    if n * m <= p.full_cells:
        return np.zeros(n, dtype=np.int64), np.full(n, m, dtype=np.int64)
    # at most MAX_FACTOR sentences a block: a longer text's coarse level is itself searched coarse-to-fine
    # (Vecalign's recursion), so the candidates per sentence stay bounded and the whole stays linear
    f = min(math.ceil(math.sqrt(n * m / p.full_cells)), MAX_FACTOR)
    xc, yc = _block_means(x, f), _block_means(y, f)
    clo, chi = search_band(xc, yc, xc @ yc.mean(axis=0), yc @ xc.mean(axis=0), p)
    block = np.arange(n) // f
    lo = np.maximum((clo[block] - 1) * f, 0)
    hi = np.minimum((chi[block + 1] + 1) * f, m)
    return lo, hi


def _candidates(x: np.ndarray, y: np.ndarray, bx: np.ndarray, by: np.ndarray, lo: np.ndarray,
                hi: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` best targets of each source sentence and the ``k`` best sources of each target, in range:
    ``(source ids, target ids, similarities)``, each pair once, sorted by source then target id.

    Similarity is normalised, ``1 - (1 - cos) / (1 - base)``: about 0.6 for a translation, 0 for an unrelated
    pair, whatever the model's cosine band. Arrays, not a dict of pairs: ~2 KB a sentence less at 10 MB.
    """
    n, m = len(x), len(y)
    found_i, found_j, found_s = [], [], []
    col_best = np.full((m, k), -np.inf)
    col_ids = np.zeros((m, k), dtype=np.int64)
    for start in range(0, n, 256):
        rows = np.arange(start, min(start + 256, n))
        c0, c1 = int(lo[rows].min()), int(hi[rows].max())
        if c1 <= c0:
            continue
        sims = x[rows] @ y[c0:c1].T
        base = (bx[rows][:, None] + by[None, c0:c1]) / 2
        sims = 1 - (1 - sims) / np.maximum(1 - base, 1e-6)
        cols = np.arange(c0, c1)
        sims[(cols[None, :] < lo[rows][:, None]) | (cols[None, :] >= hi[rows][:, None])] = -np.inf
        kk = min(k, c1 - c0)
        top = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        vals = np.take_along_axis(sims, top, axis=1)
        keep = np.isfinite(vals)
        found_i.append(np.broadcast_to(rows[:, None], top.shape)[keep])
        found_j.append(c0 + top[keep])
        found_s.append(vals[keep])
        # running k best per target column over the row blocks
        kr = min(k, len(rows))
        part = np.argpartition(-sims, kr - 1, axis=0)[:kr]
        vals = np.take_along_axis(sims, part, axis=0).T
        merged = np.concatenate([col_best[c0:c1], vals], axis=1)
        merged_ids = np.concatenate([col_ids[c0:c1], rows[part].T], axis=1)
        order = np.argsort(-merged, axis=1, kind="stable")[:, :k]
        col_best[c0:c1] = np.take_along_axis(merged, order, axis=1)
        col_ids[c0:c1] = np.take_along_axis(merged_ids, order, axis=1)
    keep = np.isfinite(col_best)
    found_i.append(col_ids[keep])
    found_j.append(np.broadcast_to(np.arange(m)[:, None], col_best.shape)[keep])
    found_s.append(col_best[keep])
    i, j, sim = (np.concatenate(parts) for parts in (found_i, found_j, found_s))
    # a pair found both ways has the same similarity (the same cell of ``sims``): keep it once, in (i, j) order
    _, first = np.unique(i.astype(np.int64) * max(m, 1) + j, return_index=True)
    return i[first].astype(np.int64), j[first].astype(np.int64), sim[first]


def anchors(x: np.ndarray, y: np.ndarray, bx: np.ndarray, by: np.ndarray,
            p: AlignParams) -> list[tuple[int, int, float]]:
    """First step: reliable 1-1 pairs ``(source id, target id, similarity)``, strictly increasing on both sides.

    Among the top-k candidates the monotone chain with the largest summed margin ``sim - anchor_floor`` wins
    (a weighted longest increasing subsequence, ``O(c log m)`` for ``c`` candidates): a pair counts only by how
    far it stands above what an unrelated pair scores, so one strong wrong match cannot pull the chain away.
    """
    n, m = len(x), len(y)
    lo, hi = _candidate_range(x, y, bx, by, p)
    ci, cj, cs = _candidates(x, y, bx, by, lo, hi, p.anchor_top_k)
    over = cs > p.anchor_floor
    ci, cj, cw = ci[over], cj[over], cs[over] - p.anchor_floor
    if not len(ci):
        return []
    tree = [(0.0, -1)] * (m + 1)  # Fenwick tree over targets: best (chain value, cell) ending at or before j
    chain_value, chain_back = np.zeros(len(ci)), np.full(len(ci), -1, dtype=np.int64)
    pending: list[tuple[int, float, int]] = []
    row = -1
    for first in range(0, len(ci), 65_536):  # Python numbers a slice at a time: no list of every candidate
        part = zip(ci[first:first + 65_536].tolist(), cj[first:first + 65_536].tolist(),
                   cw[first:first + 65_536].tolist())
        for c, (i, j, w) in enumerate(part, first):
            if i != row:  # cells of earlier rows only: insert the finished row
                for d, value, dj in pending:
                    _fenwick_put(tree, dj + 1, (value, d))
                pending, row = [], i
            best = _fenwick_max(tree, j)  # targets < j
            chain_value[c], chain_back[c] = best[0] + w, best[1]
            pending.append((c, best[0] + w, j))
    c = int(np.argmax(chain_value))  # the first of the best chains' ends
    path = []
    while c >= 0:
        path.append((int(ci[c]), int(cj[c]), float(cw[c]) + p.anchor_floor))
        c = int(chain_back[c])
    return path[::-1]


def _fenwick_put(tree: list, pos: int, value: tuple[float, int]) -> None:
    while pos < len(tree):
        if value[0] > tree[pos][0]:
            tree[pos] = value
        pos += pos & -pos


def _fenwick_max(tree: list, pos: int) -> tuple[float, int]:
    best = (0.0, -1)
    while pos > 0:
        if tree[pos][0] > best[0]:
            best = tree[pos]
        pos -= pos & -pos
    return best


def search_band(x: np.ndarray, y: np.ndarray, bx: np.ndarray, by: np.ndarray, p: AlignParams,
                found: list[tuple[int, int, float]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The second step's band: per DP row ``i`` (0..n) the target cells ``lo[i]..hi[i]`` it may use.

    With ``hard_anchor``, an anchor at least that similar must also end up in one bead: rows up to ``i`` stop at
    target ``j``, rows from ``i + 1`` start after it, so an error between two anchors cannot run past them.
    Between two consecutive anchors ``(s0, t0)`` and ``(s1, t1)`` the rows may use ``t0 - band .. t1 + band``
    (Bertalign's window); where anchors are far apart the rectangle narrows to ``anchor_gap`` around the line
    joining them, so a text without anchors still costs linear time.
    """
    n, m = len(x), len(y)
    found = anchors(x, y, bx, by, p) if found is None else found
    points = [(0, 0)] + [(i + 1, j + 1) for i, j, _ in found] + [(n, m)]
    lo = np.zeros(n + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    lo[0], hi[0] = 0, min(p.band, m)
    for (s0, t0), (s1, t1) in zip(points, points[1:]):
        if s1 == s0:
            hi[s0] = max(hi[s0], min(t1 + p.band, m))
            continue
        rows = np.arange(s0 + 1, s1 + 1)
        centre = t0 + (rows - s0) * (t1 - t0) / (s1 - s0)
        half = p.anchor_gap + p.band
        lo[rows] = np.maximum(np.maximum(t0 - p.band, np.floor(centre - half)), 0)
        hi[rows] = np.minimum(np.minimum(t1 + p.band, np.ceil(centre + half)), m)
    lo[n], hi[n] = min(lo[n], m), m
    for i, j, _ in found:  # each anchor's own bead, from (i, j) to (i + 1, j + 1), lies in the band: a run of
        hi[i] = max(hi[i], j)  # unaligned targets (captions) just before it is crossed in row i, not walked round
        lo[i + 1] = min(lo[i + 1], j + 1)
    lo = np.minimum.accumulate(lo[::-1])[::-1]  # monotone, so every cell has a way in and out
    hi = np.maximum.accumulate(hi)
    lo[1:] = np.minimum(lo[1:], hi[:-1])  # each row starts where the one before can reach
    if p.hard_anchor is not None:  # the path must give source i and target j to one bead: no cascade across it
        for i, j, sim in found:
            if sim >= p.hard_anchor:
                hi[i], lo[i + 1] = j, max(lo[i + 1], j + 1)  # row i reaches target j, row i + 1 starts after
        hi = np.minimum.accumulate(hi[::-1])[::-1]
        lo = np.maximum.accumulate(lo)
        hi[n] = m
    return lo, hi
