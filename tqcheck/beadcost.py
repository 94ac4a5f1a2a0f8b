"""The second step's bead costs: joined-window vectors on demand and the cost of every bead shape (numpy only).

See ``tqcheck.align`` for the algorithm; this module holds the per-bead arithmetic, vectorised over the target
positions of one DP row.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .anchors import unit

if TYPE_CHECKING:
    from .align import AlignInput

class Windows:
    """Joined-window vectors per side and length: the normalised sum of the sentences until embedded."""

    def __init__(self, data: AlignInput, side: str, single: np.ndarray, paragraphs: list[int],
                 max_len: int) -> None:
        self.data, self.side, self.par = data, side, np.asarray(paragraphs)
        self.by_len: dict[int, np.ndarray] = {1: single}
        self.wanted: dict[int, np.ndarray] = {}
        self.means: dict[int, np.ndarray] = {}
        cum = np.concatenate([np.zeros((1, single.shape[1])), np.cumsum(single, axis=0, dtype=np.float64)])
        for k in range(2, max_len + 1):
            self.by_len[k] = unit(cum[k:] - cum[:-k]).astype(np.float32) if len(single) >= k else \
                np.zeros((0, single.shape[1]), dtype=np.float32)
            self.wanted[k] = np.zeros(len(self.by_len[k]), dtype=bool)

    def mean(self, length: int) -> np.ndarray:
        """Mean vector of all windows of ``length`` sentences (for the baseline of a group)."""
        if length not in self.means:
            table = self.by_len[length]
            self.means[length] = table.mean(axis=0) if len(table) else self.by_len[1].mean(axis=0)
        return self.means[length]

    def want(self, length: int, starts: np.ndarray) -> None:
        """Mark the windows ``(s, length)`` for ``s`` in ``starts`` as worth embedding."""
        if length > 1:
            self.wanted[length][starts] = True

    def embed(self) -> int:
        """Ask ``window_vectors`` for every wanted window inside one paragraph (one call per length)."""
        asked = 0
        for length, wanted in self.wanted.items():
            starts = np.flatnonzero(wanted)
            inside = starts[self.par[starts] == self.par[starts + length - 1]]
            if len(inside):
                got = self.data.window_vectors(self.side, [(int(s), length) for s in inside])
                if got is not None:
                    w = self.data.params.joined_weight  # the joined text's embedding, mixed with the sentences' sum
                    mixed = w * np.asarray(got, dtype=np.float32) + (1 - w) * self.by_len[length][inside]
                    self.by_len[length][inside] = unit(mixed)
                asked += len(inside)
            wanted[:] = False
        return asked


def _prefix(values: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])


class BeadCosts:
    """Step costs of the beads ending at one cell row, vectorised over the target positions."""

    def __init__(self, data: AlignInput, bx: np.ndarray, by: np.ndarray, band, found) -> None:
        x, y, p = data.src_vectors, data.tgt_vectors, data.params
        n, m = len(x), len(y)
        self.p, self.x, self.y, self.band = p, x, y, band
        self.sim_rows: dict[int, tuple[int, np.ndarray]] = {}
        self.anchor_of = np.full(n, -1, dtype=np.int64)
        self.anchor_margin = np.zeros(n)
        for i, j, sim in found:
            self.anchor_of[i], self.anchor_margin[i] = j, sim - p.anchor_floor
        src_par = data.src_paragraphs or [0] * n
        tgt_par = data.tgt_paragraphs or [0] * m
        self.src = Windows(data, "source", x, src_par, p.max_group)
        self.tgt = Windows(data, "target", y, tgt_par, p.max_group)
        src_len = np.maximum(np.asarray(data.src_lengths or [1] * n, dtype=np.float64), 1)
        tgt_len = np.maximum(np.asarray(data.tgt_lengths or [1] * m, dtype=np.float64), 1)
        self.ratio = tgt_len.sum() / src_len.sum()
        self.src_len, self.tgt_len = _prefix(src_len), _prefix(tgt_len)
        # spread of the log length ratio of translated pairs, read off the anchors (robust: median absolute value)
        logs = [abs(math.log(tgt_len[j] / src_len[i] / self.ratio)) for i, j, _ in found]
        self.log_spread = max(1.4826 * float(np.median(logs)), 0.1) if len(logs) >= 5 else 0.5
        self.bx, self.by = _prefix(bx), _prefix(by)
        self.base_x, self.base_y = bx, by
        # baselines given by the caller may differ from the plain mean cosine (short texts): keep that shift
        self.base_shift = float((bx.mean() + by.mean()) / 2 - (x @ y.mean(axis=0)).mean())
        self.src_cross = _prefix(np.diff(np.asarray(src_par), prepend=src_par[0]) != 0)
        self.tgt_cross = _prefix(np.diff(np.asarray(tgt_par), prepend=tgt_par[0]) != 0)

    def step(self, i: int, js: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Cost and cosine of the beads ``[i-a, i) : [j-b, j)`` for every ``j`` in ``js``."""
        p = self.p
        s0, t0 = i - a, js - b
        xv, yv = self.src.by_len[a][s0], self.tgt.by_len[b][t0]
        cos, scale = yv @ xv, self._scale(i, js, a, b, xv, yv)
        d = (1 - cos) / scale
        if p.margin_weight:
            d = d + p.margin_weight * (1 - self._neighbours(xv, yv, s0, i, t0, js, scale))
        cost = d * ((a + b) / 2) ** p.size_exponent + p.group_cost * (a + b - 2)
        lt, ls = self.tgt_len[js] - self.tgt_len[t0], self.src_len[i] - self.src_len[s0]
        cost += p.length_weight * np.maximum(np.abs(np.log(lt / ls / self.ratio)) - p.length_tolerance, 0)
        if p.length_z_weight:  # the log length ratio in units of this text's own spread: z^2 / 2
            z = np.log(lt / ls / self.ratio) / self.log_spread
            cost += p.length_z_weight * np.minimum(z ** 2 / 2, p.gc_cap)
        if p.gc_weight:  # Gale-Church: delta = (lt - c ls) / sqrt(s2 ls), cost = delta^2 / 2
            delta = (lt - self.ratio * ls) / np.sqrt(p.gc_variance * (ls + lt / self.ratio) / 2)
            cost += p.gc_weight * np.minimum(delta ** 2 / 2, p.gc_cap)
        crossings = (self.src_cross[i] - self.src_cross[s0 + 1]) + (self.tgt_cross[js] - self.tgt_cross[t0 + 1])
        cost += p.paragraph_cost * (crossings > 0)
        if p.omission_sensitivity and a + b > 2:
            cost += p.omission_sensitivity * self._misfit(i, js, a, b, xv, yv)
        if p.member_weight:
            cost += p.member_weight * self._pulled(i, js, a, b)
        if p.anchor_weight:  # a bead that keeps an anchor pair together earns its margin
            for s in range(i - a, i):
                j = self.anchor_of[s]
                if j >= 0:
                    cost -= p.anchor_weight * self.anchor_margin[s] * ((t0 <= j) & (j < js))
        return cost, cos

    def _sim(self, s: int, t: np.ndarray) -> np.ndarray:
        """Normalised similarity ``1 - d`` of source sentence ``s`` to target sentences ``t`` (-inf off the text).

        Rows are computed once, over the targets within ``max_group + 1`` of the band.
        """
        if s < 0 or s >= len(self.x):
            return np.full(len(t), -np.inf)
        if s not in self.sim_rows:
            lo, hi = self.band
            m, pad = len(self.y), self.p.max_group + 1
            j0, j1 = max(int(min(lo[s], lo[s + 1])) - pad, 0), min(int(max(hi[s], hi[s + 1])) + pad, m)
            cos = self.y[j0:j1] @ self.x[s]
            row = 1 - (1 - cos) / np.maximum(1 - (self.base_x[s] + self.base_y[j0:j1]) / 2, 1e-6)
            self.sim_rows[s] = (j0, np.concatenate([row, [-np.inf]]))
        j0, row = self.sim_rows[s]
        k = t - j0
        return row[np.where((k >= 0) & (k < len(row) - 1), k, len(row) - 1)]

    def _pulled(self, i: int, js: np.ndarray, a: int, b: int) -> np.ndarray:
        """How much closer each member is to a sentence just outside the bead than to its best partner inside.

        A boundary drawn one sentence too early or too late leaves a member nearer its neighbour bead's
        sentence; summed over members, so a shifted boundary costs something at every bead it shifts.
        """
        total = np.zeros(len(js))
        t0 = js - b
        for c in range(b):  # target members against the sources around the bead
            t = t0 + c
            inside = np.max([self._sim(i - a + r, t) for r in range(a)], axis=0)
            outside = np.maximum(self._sim(i - a - 1, t), self._sim(i, t))
            total += np.maximum(outside - inside, 0)
        for r in range(a):  # source members against the targets around the bead
            s = i - a + r
            inside = np.max([self._sim(s, t0 + c) for c in range(b)], axis=0)
            outside = np.maximum(self._sim(s, t0 - 1), self._sim(s, js))
            total += np.maximum(outside - inside, 0)
        return total

    def _misfit(self, i: int, js: np.ndarray, a: int, b: int, xv: np.ndarray, yv: np.ndarray) -> np.ndarray:
        """Summed excess over ``fit_limit`` of each group member's distance to the other side's joined window.

        A sentence that belongs in a group is close to the other side (median d 0.68 on the dev sets); one that
        was left untranslated, or a caption, is not (median 0.95), however little it moves the joined vector.
        """
        limit, excess = self.p.fit_limit, np.zeros(len(js))
        full = self.p.fit_chars
        if a > 1:
            for r in range(i - a, i):
                share = min((self.src_len[r + 1] - self.src_len[r]) / full, 1.0) if full else 1.0
                excess += share * np.maximum((1 - yv @ self.x[r]) / max(1 - self.base_x[r], 1e-6) - limit, 0)
        if b > 1:
            for c in range(b):
                t = js - b + c
                d = (1 - np.einsum("ij,j->i", self.y[t], xv)) / np.maximum(1 - self.base_y[t], 1e-6)
                share = np.minimum((self.tgt_len[t + 1] - self.tgt_len[t]) / full, 1.0) if full else 1.0
                excess += share * np.maximum(d - limit, 0)
        return excess

    def _scale(self, i: int, js: np.ndarray, a: int, b: int, xv: np.ndarray, yv: np.ndarray) -> np.ndarray:
        """``1 - base``: base is the sentences' baseline for 1-1, for a group its window's own baseline."""
        if a + b == 2 or not self.p.window_baseline:
            base = ((self.bx[i] - self.bx[i - a]) / a + (self.by[js] - self.by[js - b]) / b) / 2
        else:
            base = (xv @ self.tgt.mean(b) + yv @ self.src.mean(a)) / 2 + self.base_shift
        return np.maximum(1 - base, 1e-6)

    def _neighbours(self, xv, yv, s0, i, t0, js, scale) -> np.ndarray:
        """Mean normalised distance of each side's window to the sentences just outside the other window."""
        x, y = self.x, self.y
        n, m = len(x), len(y)
        total = np.zeros(len(js))
        count = np.zeros(len(js))
        for idx, ok in ((t0 - 1, t0 >= 1), (js, js < m)):
            sims = np.where(ok, y[np.clip(idx, 0, m - 1)] @ xv, 0.0)
            total += np.where(ok, (1 - sims), 0.0)
            count += ok
        for idx in (s0 - 1, i):
            if 0 <= idx < n:
                total += 1 - yv @ x[idx]
                count += 1
        return np.where(count > 0, total / np.maximum(count, 1) / scale, 1.0)
