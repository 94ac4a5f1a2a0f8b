"""The second step's bead costs: joined-window vectors on demand and the cost of every bead shape (numpy only).

See ``tqcheck.align`` for the algorithm; this module holds the per-bead arithmetic, vectorised over the target
positions of one DP row.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

from .anchors import unit
from .cues import BoundaryCosts

if TYPE_CHECKING:
    from .align import AlignInput

class Windows:
    """Joined-window vectors per side and length: the normalised sum of the sentences until embedded.

    Nothing of the size of the text is stored but the sentence vectors: windows are summed block by block when the
    search reaches them (a few recent blocks are kept, the search moves along the text), and an embedded window
    keeps the array its embedder returned. Memory stays a few bytes per sentence above the sentence vectors.
    """

    BLOCK = 256  # windows per summed block
    KEEP = 8      # blocks kept per side

    def __init__(self, data: AlignInput, side: str, single: np.ndarray, paragraphs: list[int],
                 max_len: int) -> None:
        self.data, self.side, self.par = data, side, np.asarray(paragraphs)
        self.single = single
        self.counts = {k: max(len(single) - k + 1, 0) for k in range(2, max_len + 1)}
        self.wanted: dict[int, np.ndarray] = {k: np.zeros(c, dtype=bool) for k, c in self.counts.items()}
        self.means: dict[int, np.ndarray] = {}
        self._slot: dict[int, np.ndarray] = {}      # length -> row of each window in _got (-1: not embedded)
        self._got: dict[int, np.ndarray] = {}       # length -> the embedder's vectors of the embedded windows
        self._blocks: OrderedDict[tuple[int, int], np.ndarray] = OrderedDict()
        self._seeds = self._checkpoints()

    def vectors(self, length: int, starts) -> np.ndarray:
        """The vectors of the windows ``(s, length)`` for ``s`` in ``starts`` (an int or an array of them)."""
        if length == 1:
            return self.single[starts]
        idx = np.asarray(starts)
        first, last = int(idx.min()) // self.BLOCK, int(idx.max()) // self.BLOCK
        table = self._block(length, first) if first == last else \
            np.concatenate([self._block(length, b) for b in range(first, last + 1)])
        return table[idx - first * self.BLOCK]

    def _block(self, length: int, b: int) -> np.ndarray:
        key = (length, b)
        if key in self._blocks:
            self._blocks.move_to_end(key)
            return self._blocks[key]
        table = self._summed(length, b * self.BLOCK, min((b + 1) * self.BLOCK, self.counts[length]))
        self._blocks[key] = table
        if len(self._blocks) > self.KEEP:
            self._blocks.popitem(last=False)
        return table

    def _summed(self, length: int, lo: int, hi: int) -> np.ndarray:
        """Windows ``lo..hi-1`` of ``length``: the unit sum of their sentences, or their embedded vector.

        The sums are differences of the running sum of the sentence vectors in float64, continued from the
        checkpoint at ``lo``'s block, so a window's vector does not depend on the block it is computed in.
        """
        b = lo // self.BLOCK
        run = np.cumsum(np.concatenate([self._seeds[b][None], self.single[b * self.BLOCK:hi + length - 1]]), axis=0)
        run = run[lo - b * self.BLOCK:]
        table = unit(run[length:length + hi - lo] - run[:hi - lo]).astype(np.float32)
        slot = self._slot.get(length)
        if slot is not None:
            rows = np.flatnonzero(slot[lo:hi] >= 0)
            if len(rows):
                w = self.data.params.joined_weight  # the joined text's embedding, mixed with the sentences' sum
                mixed = w * np.asarray(self._got[length][slot[lo + rows]], dtype=np.float32) + (1 - w) * table[rows]
                table[rows] = unit(mixed)
        return table

    def _checkpoints(self) -> list[np.ndarray]:
        """The float64 running sum of the sentence vectors at the start of every block."""
        seeds = [np.zeros(self.single.shape[1])]
        for lo in range(0, len(self.single), self.BLOCK):
            part = np.concatenate([seeds[-1][None], self.single[lo:lo + self.BLOCK]])
            seeds.append(np.cumsum(part, axis=0)[-1].copy())  # a copy: the row alone, not the block's sums
        return seeds

    def mean(self, length: int) -> np.ndarray:
        """Mean vector of all windows of ``length`` sentences (for the baseline of a group)."""
        if length not in self.means:
            count = self.counts.get(length, 0)
            if not count:  # single sentences, or a text shorter than the windows
                self.means[length] = self.single.mean(axis=0)
            else:  # row after row in float32, as numpy's mean of the whole table adds them
                total = np.zeros(self.single.shape[1], dtype=np.float32)
                for lo in range(0, count, self.BLOCK):
                    part = self._summed(length, lo, min(lo + self.BLOCK, count))
                    total = np.add.reduce(np.concatenate([total[None], part]), axis=0)
                self.means[length] = np.true_divide(total, np.intp(count), out=total, casting="unsafe")
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
                    self._keep(length, inside, got)
                asked += len(inside)
            wanted[:] = False
        return asked

    def _keep(self, length: int, starts: np.ndarray, got: np.ndarray) -> None:
        """Remember the embedded vectors of windows ``starts`` (summed blocks holding them are recomputed)."""
        slot = self._slot.setdefault(length, np.full(self.counts[length], -1, dtype=np.int64))
        before = self._got.get(length)
        if before is not None:  # a second batch of the same length: one array again
            keep = np.flatnonzero(slot >= 0)
            old = np.asarray(before)[slot[keep]]
            slot[keep] = np.arange(len(keep))
            got = np.concatenate([old, np.asarray(got)])
            slot[starts] = len(keep) + np.arange(len(starts))
        else:
            slot[starts] = np.arange(len(starts))
        self._got[length] = got
        for key in [k for k in self._blocks if k[0] == length]:
            del self._blocks[key]


def _prefix(values: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])


class BeadCosts:
    """Step costs of the beads ending at one cell row, vectorised over the target positions."""

    SIM_ROWS = 64  # normalised similarity rows kept (``_sim``); a bead reads those of max_group + 2 sources

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
        self.boundary = BoundaryCosts(data.src_texts, data.tgt_texts, found, p.cue_weight)

    def step(self, i: int, js: np.ndarray, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Cost and cosine of the beads ``[i-a, i) : [j-b, j)`` for every ``j`` in ``js``."""
        p = self.p
        s0, t0 = i - a, js - b
        xv, yv = self.src.vectors(a, s0), self.tgt.vectors(b, t0)
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

        Rows are computed over the targets within ``max_group + 1`` of the band and kept while the search is near
        them (the last ``SIM_ROWS`` computed: a pass reads the rows around its own, so each is computed once a
        pass; all of them were ~45 MB at 10 MB).
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
            if len(self.sim_rows) > self.SIM_ROWS:
                del self.sim_rows[next(iter(self.sim_rows))]  # the first computed: the pass has moved on
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
