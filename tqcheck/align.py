"""Sentence alignment in two steps over embedding similarities (numpy only).

Algorithm (after Bertalign's anchor-then-window search, with Vecalign's coarse-to-fine search for long texts):

1. **Distances.** ``base_x`` is the mean cosine of source sentence ``x`` with all target sentences (computed as
   ``x . mean(y)``, linear in the length), ``base_y`` likewise: what an unrelated pair scores. A bead's
   normalised distance is ``d = (1 - cos(X, Y)) / (1 - base)`` with ``X`` and ``Y`` the vectors of the
   *joined* sentences of the bead: about 0.4 for a translation, 1.0 for an unrelated pair, for any model. For a
   group ``base`` is the group's own (``X`` against all target windows of its size and vice versa).
2. **Anchors (first step, ``tqcheck.anchors``).** The top-k candidates of every sentence in both directions,
   scored ``1 - d``; the monotone chain with the largest summed margin over ``anchor_floor`` gives reliable 1-1
   anchors. The second step searches within ``band`` sentences of the anchor path (between two anchors, the
   rectangle they span).
3. **Windows on demand.** A first pass over the band prices every group with its sentences' summed vectors (free);
   a backward pass gives, for each bead, the cost of the best complete path through it. Only the groups on a path
   within ``window_margin`` of the best are embedded (one batch per side and size; windows crossing a paragraph
   keep the summed vector) and only those groups stay allowed. A window's vector is ``joined_weight`` its joined
   text's embedding plus the rest its summed vector.
4. **Beads (second pass).** Shapes 1-k and k-1 up to ``max_group``, 2-2, 2-3 and 3-2 (within ``max_group``), 1-0
   and 0-1. Cost: ``d * (a + b) / 2 + group_cost * (a + b - 2)``; a length term ``length_z_weight * z^2 / 2``
   with ``z`` the log length ratio over its spread among the anchors (the text's own, so Chinese-English and
   German-French get their own scale), plus the older ``length_weight`` tolerance term; ``member_weight`` times
   how much each member is closer to a sentence just outside the bead than to its best partner inside (a
   shifted boundary pays at every bead it shifts, so an error does not cascade); minus ``anchor_weight`` times the
   margin of every anchor pair the bead keeps together; ``paragraph_cost`` for a group crossing a paragraph; with
   ``omission_sensitivity`` (``check``'s threshold of that name) times ``(d_member - fit_limit)`` for each member
   far from the other side, so a dropped sentence is not hidden in its neighbour's group. Leaving a sentence out
   costs ``skip_cost`` plus ``skip_evidence`` times its best normalised similarity to the other side within the
   band (a sentence with a plausible counterpart is dear to drop), only ``junk_skip_cost`` for OCR debris; a line
   that continues a run of left-out lines on its side pays ``run_ratio`` of that (affine costs, as gaps in sequence
   alignment: a page of captions is left out as one run, not split between the groups of the sentences around it,
   so the search keeps a run state per cell). Every
   bead boundary where one side is inside a quotation and the other is not costs ``cue_weight`` times the cue's
   weight in this text (``tqcheck.cues``). The cheapest path wins; every bead keeps its raw cosine and its cost.

Defaults were chosen on MAC-Dev (literary zh-en: folds of three chapters, leave-one-chapter-out) and the Text+Berg dev
document, never on the Text+Berg test set (``docs/alignment-experiments.md``).

>>> import numpy as np
>>> x = np.eye(3, dtype=np.float32); y = np.eye(3, dtype=np.float32)
>>> [b.bead() for b in align(AlignInput(x, y, window_vectors=lambda side, w: None))]
['[0]:[0]', '[1]:[1]', '[2]:[2]']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import numpy as np

from .anchors import anchors, search_band
from .beadcost import BeadCosts
from .cues import BoundaryCosts

if TYPE_CHECKING:
    from .types import Document

PRUNE_SLACK = 1e-3  # the rough pass keeps beads this much beyond the margin: float rounding never matters
CHECK_SKIP_EVIDENCE = 0.5  # ``check`` leaves a sentence out more readily than ``align``: omissions are its business
WindowVectors = Callable[[str, list[tuple[int, int]]], "np.ndarray | None"]
Encode = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class AlignParams:
    """Tunable costs of the aligner (defaults chosen on MAC-Dev folds and the Text+Berg dev set)."""

    max_group: int = 5          # largest side of a bead: 1-k and k-1 up to it, 2-2, 2-3 and 3-2 within it
    skip_cost: float = 0.8      # a 1-0 or 0-1 bead
    group_cost: float = 0.15    # per sentence beyond a 1-1 bead
    size_exponent: float = 1.0  # a bead's distance counts ((a + b) / 2) ** size_exponent times
    paragraph_cost: float = 0.35
    length_weight: float = 0.25  # per unit of |log ratio| beyond length_tolerance
    length_tolerance: float = 0.35
    length_z_weight: float = 0.05 # (log length ratio / its spread among the anchors)^2 / 2
    gc_weight: float = 0.0       # Gale-Church delta^2 / 2 (capped at gc_cap)
    gc_variance: float = 6.8
    gc_cap: float = 8.0
    window_baseline: bool = True  # a group's baseline from its own joined window, not its sentences'
    margin_weight: float = 0.0   # Bertalign-style neighbour margin (off: it did not help on the dev set)
    omission_sensitivity: float = 1.0  # per group member whose own distance to the other side exceeds fit_limit
    fit_limit: float = 0.9       # ...this much is charged (d_member - fit_limit) * omission_sensitivity
    fit_chars: int = 60          # members shorter than this many characters are charged pro rata
    member_weight: float = 0.5   # per unit a member is closer to a sentence just outside its bead than inside
    anchor_weight: float = 0.5   # a bead keeping an anchor pair together: minus this times the anchor's margin
    skip_evidence: float = 1.0   # leaving a sentence out costs this much more per unit of its best similarity
    junk_chars: int = 3          # a sentence with fewer letters/digits is OCR debris...
    junk_skip_cost: float = 0.1  # ...and cheap to leave unaligned
    band: int = 5                # second step: targets within this many of the anchor path (Bertalign's window)
    anchor_top_k: int = 3        # first step: candidates per sentence (both directions)
    anchor_floor: float = 0.15   # a candidate counts by its normalised similarity above this
    hard_anchor: float | None = None  # anchors this similar (normalised) must be kept in one bead
    anchor_gap: int = 30         # between anchors further apart, at most this far from the line joining them
    joined_weight: float = 1.0   # a window's vector: this much its joined text's embedding, the rest its sum
    window_margin: float | None = 0.2  # embed only group windows on a path within this of the best (None: all)
    full_cells: int = 2_500_000  # anchor search over the whole matrix up to this many cells, coarse-to-fine above
    cue_weight: float = 0.05     # a boundary inside a quotation on one side only (times the cue's weight, ``tqcheck.cues``)
    run_ratio: float = 0.9       # a line continuing a run of unaligned lines (one side) pays this share of its skip cost


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
    src_texts: list[str] | None = None
    tgt_texts: list[str] | None = None


def _skip_costs(texts: list[str] | None, n: int, p: AlignParams) -> np.ndarray:
    """Cost of leaving each sentence unaligned: cheap for OCR debris with under ``junk_chars`` letters/digits."""
    costs = np.full(n, p.skip_cost)
    if texts is not None:
        junk = [sum(ch.isalnum() for ch in t) < p.junk_chars for t in texts]
        costs[np.asarray(junk, dtype=bool)] = p.junk_skip_cost
    return costs


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
    """1-0, 0-1, 1-k and k-1 up to ``max_group``, and 2-2, 2-3, 3-2 as far as ``max_group`` allows.

    >>> _shapes(3)
    [(1, 0), (0, 1), (1, 1), (1, 2), (1, 3), (2, 1), (3, 1), (2, 2), (2, 3), (3, 2)]
    """
    shapes = [(1, 0), (0, 1)] + [(1, b) for b in range(1, max_group + 1)]
    shapes += [(a, 1) for a in range(2, max_group + 1)]
    return shapes + [s for s in ((2, 2), (2, 3), (3, 2)) if max(s) <= max_group]


def align(data: AlignInput) -> list[Bead]:
    """Align two sentence sequences; see the module docstring for the algorithm."""
    x, y, p = data.src_vectors, data.tgt_vectors, data.params
    n, m = len(x), len(y)
    if n == 0 or m == 0:
        return [Bead((i,), (), None, p.skip_cost) for i in range(n)] + \
               [Bead((), (j,), None, p.skip_cost) for j in range(m)]
    if data.base_x is not None and data.base_y is not None:
        bx, by = np.asarray(data.base_x, dtype=np.float64), np.asarray(data.base_y, dtype=np.float64)
    else:
        bx, by = (x @ y.mean(axis=0)).astype(np.float64), (y @ x.mean(axis=0)).astype(np.float64)
    found = anchors(x, y, bx, by, p)
    band = search_band(x, y, bx, by, p, found)
    scorer = BeadCosts(data, bx, by, band, found)
    shapes = _shapes(p.max_group)
    skips = _skip_costs(data.src_texts, n, p), _skip_costs(data.tgt_texts, m, p)
    if p.skip_evidence:  # a sentence close to something on the other side has a counterpart: dearer to leave out
        near_src, near_tgt = _nearest(x, y, bx, by, band)
        skips = skips[0] + p.skip_evidence * near_src, skips[1] + p.skip_evidence * near_tgt
    rebates = _run_rebates(skips, p)
    allowed = None
    if p.window_margin is not None:  # only the group beads a near-best path could use, judged on sums
        rough = _forward(scorer, shapes, band, skips, rebates, None, keep_within=p.window_margin + PRUNE_SLACK)
        allowed = _plausible(rough, shapes, band, skips, rebates, p.window_margin, scorer.boundary)
        del rough  # its step costs are the largest tables of the search
    _embed_windows(scorer, shapes, band, allowed)
    final = _forward(scorer, shapes, band, skips, rebates, allowed)
    return _backtrack(final.backs, shapes, band[0], n, m, skips, rebates, scorer.boundary)


def _run_rebates(skips, p: AlignParams) -> tuple[np.ndarray, np.ndarray]:
    """What a line continuing a run of unaligned lines on its side pays less than its skip cost (the evidence part
    included: a rebate of the base cost alone, 0.8-0.85, was no better on the dev stress documents)."""
    return (1 - p.run_ratio) * skips[0], (1 - p.run_ratio) * skips[1]


def _nearest(x: np.ndarray, y: np.ndarray, bx: np.ndarray, by: np.ndarray, band) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's best normalised similarity ``1 - d`` (floored at 0) to a sentence of the other side in band."""
    lo, hi = band
    near_src, near_tgt = np.zeros(len(x)), np.zeros(len(y))
    for i in range(len(x)):
        j0, j1 = int(min(lo[i], lo[i + 1])), int(max(hi[i], hi[i + 1]))
        if j1 <= j0:
            continue
        js = np.arange(j0, min(j1, len(y)))
        sim = 1 - (1 - y[js] @ x[i]) / np.maximum(1 - (bx[i] + by[js]) / 2, 1e-6)
        near_src[i] = max(sim.max(), 0.0)
        np.maximum.at(near_tgt, js, np.maximum(sim, 0.0))
    return near_src, near_tgt


@dataclass
class _Pass:
    """One forward pass: best cost per cell, back pointers, and every bead's step cost (for the backward pass)."""

    costs: list[np.ndarray | None]
    backs: "_Backs"  # row -> (shape, step cost, cosine) of each cell's best bead
    steps: "_Steps | None"  # (row, shape) -> (cell indices, step costs)


BEAD_KIND = 31  # a back pointer's shape code: the bead kind (an index into the shapes) in the low bits, and...
RUN_TARGET = 32  # ...this bit where the run of target skips ending at the cell continues one ending on its left,
RUN_SOURCE = 64  # ...this bit where the run of source skips ending at the cell continues one ending above it


class _Steps:
    """The step costs of one pass's beads, packed: the rows of each block of ``ROWS`` rows share one array of cells,
    one of step costs, the bounds of each stored (row, bead kind) in them and a (row, kind) table of its number
    (10 bytes a bead, 4 a stored kind and ~30 a row: the plausibility pass needs them all at once).

    Only the beads whose path cost (best cost of their first cell plus their step) is at most ``within`` above
    the best cost of their last cell are kept. With ``within`` at least the plausibility margin, no bead left out
    can be on a path within the margin of the best, nor on the cheapest way to the end after such a path's bead
    (a path through a bead ``within`` above its cell's best is as much above the best complete path), so
    ``_plausible`` allows the same beads; at 10 MB ~95% of the beads are left out (their step costs were ~200 MB).
    """

    ROWS = 256

    def __init__(self, within: float = np.inf) -> None:
        self.within = within
        self._blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._open: list[list[tuple[int, np.ndarray, np.ndarray]]] = []  # rows of the block being filled
        self._row: list[tuple[int, np.ndarray, np.ndarray, np.ndarray | None]] = []

    def add(self, k: int, cells: np.ndarray, step: np.ndarray, total: np.ndarray | None = None) -> None:
        """The beads of kind ``k`` ending at ``cells`` of the row, their step and path costs."""
        self._row.append((k, cells, step, total))

    def close_row(self, i: int, best: np.ndarray | None = None) -> None:
        """Row ``i`` is complete (``best``: its cells' best costs); keep its beads within ``within`` of them."""
        if i != len(self._blocks) * self.ROWS + len(self._open):
            raise ValueError("rows are closed in order")
        row = []
        for k, cells, step, total in self._row:
            if best is not None and total is not None:
                near = total <= best[cells] + self.within
                cells, step = cells[near], step[near]
            if len(cells):
                row.append((k, cells, step))
        self._open.append(row)
        self._row = []
        if len(self._open) == self.ROWS:
            self._pack()

    def _pack(self) -> None:
        parts = [(r, k, c, st) for r, row in enumerate(self._open) for k, c, st in row]
        width = max((k for _, k, _, _ in parts), default=-1) + 1
        index = np.full((len(self._open), width), -1, dtype=np.int16 if len(parts) < 2 ** 15 else np.int32)
        for at, (r, k, _, _) in enumerate(parts):
            index[r, k] = at
        bounds = np.cumsum([0] + [len(c) for _, _, c, _ in parts], dtype=np.int64).astype(np.int32)
        cells = np.concatenate([c for _, _, c, _ in parts]) if parts else np.zeros(0, np.int32)
        cells = cells.astype(np.int16 if len(cells) == 0 or cells.max() < 2 ** 15 else np.int32)  # cells of a row
        steps = np.concatenate([st for _, _, _, st in parts]) if parts else np.zeros(0)
        self._blocks.append((index, bounds, cells, steps))
        self._open = []

    def close(self) -> None:
        """Pack the last rows (after the pass)."""
        if self._open:
            self._pack()

    def get(self, i: int, k: int) -> tuple[np.ndarray, np.ndarray] | None:
        b, r = divmod(i, self.ROWS)
        if b >= len(self._blocks):
            return None
        index, bounds, cells, steps = self._blocks[b]
        if r >= len(index) or k >= index.shape[1] or index[r, k] < 0:
            return None  # a bead kind is stored only with cells
        at = index[r, k]
        return cells[bounds[at]:bounds[at + 1]], steps[bounds[at]:bounds[at + 1]]

    def items(self):
        for b, (index, bounds, cells, steps) in enumerate(self._blocks):
            for r, k in zip(*np.nonzero(index >= 0)):
                start, end = bounds[index[r, k]], bounds[index[r, k] + 1]
                yield (b * self.ROWS + int(r), int(k)), (cells[start:end], steps[start:end])


class _Backs:
    """The back pointers of one pass, packed: each block of ``ROWS`` rows shares one array per column and a table
    of where each row starts (17 bytes a cell; three arrays and a tuple a row took ~400 bytes more)."""

    ROWS = 256

    def __init__(self) -> None:
        self._blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._open: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def append(self, row: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        self._open.append(row)
        if len(self._open) == self.ROWS:
            starts = np.cumsum([0] + [len(shape) for shape, _, _ in self._open])
            self._blocks.append((starts, *(np.concatenate(column) for column in zip(*self._open))))
            self._open = []

    def __len__(self) -> int:
        return len(self._blocks) * self.ROWS + len(self._open)

    def __getitem__(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        b, r = divmod(i, self.ROWS)
        if b == len(self._blocks):
            return self._open[r]
        starts, *columns = self._blocks[b]
        return tuple(column[starts[r]:starts[r + 1]] for column in columns)


def _forward(scorer: BeadCosts, shapes, band, skips, rebates, allowed, keep_within: float | None = None) -> _Pass:
    """One pass over the rows; with ``keep_within`` it keeps every row's costs and the step costs of the beads
    within that much of their cell's best (``_Steps``, for ``_plausible``), otherwise a row's costs are dropped
    once no bead can reach back to it (bounded memory)."""
    lo, hi = band
    keep_steps = keep_within is not None
    run = _Pass([], _Backs(), _Steps(keep_within) if keep_steps else None)
    reach = max(a for a, _ in shapes)
    in_run = None  # the previous row's costs inside a run of source skips
    for i in range(len(lo)):
        js = np.arange(lo[i], hi[i] + 1)
        best, shape, step_of, cos_of, in_run, runs = _fill_row(i, js, run, band, shapes, scorer, skips[0],
                                                               rebates[0], allowed, in_run)
        skip = skips[1][js - 1] + scorer.boundary.at(i, js)
        _chain_row(best, shape, step_of, cos_of, shapes.index((0, 1)), skip, skip - rebates[1][js - 1], runs)
        shape = np.where(shape >= 0, shape | runs, shape)
        run.costs.append(best)
        if run.steps is not None:  # the rough pass: its back pointers are never read
            run.steps.close_row(i, best)
        else:
            run.backs.append((shape, step_of, cos_of))
        if not keep_steps and i >= reach:
            run.costs[i - reach] = None
    if run.steps is not None:
        run.steps.close()
    return run


def _plausible(run: _Pass, shapes, band, skips, rebates, margin: float,
               boundary: BoundaryCosts) -> dict[tuple[int, int], np.ndarray]:
    """Per (row, group shape) the cells whose bead lies on a path within ``margin`` of the best one.

    The forward costs plus a backward pass (cheapest way from each cell to the end) over the same step costs give
    the best complete path through every bead. The backward pass keeps the forward pass's run states: the cheapest
    way on from a cell reached by a target skip, and by a source skip (the next skip on that side continues the
    run and pays its rebate less).
    """
    lo, hi = band
    n = len(lo) - 1
    after: list[np.ndarray | None] = [None] * (n + 1)
    in_src = None  # the row below: the cheapest way on from each cell inside a run of source skips
    for i in range(n, -1, -1):
        width = hi[i] - lo[i] + 1
        groups = np.full(width, np.inf)  # the cheapest way on through a bead with both sides (or the end)
        if i == n:
            groups[-1] = 0.0
        for k, (a, b) in enumerate(shapes):
            got = run.steps.get(i + a, k) if a and b else None
            if got is None:
                continue
            cells, step = got
            js = lo[i + a] + cells
            np.minimum.at(groups, js - b - lo[i], step + after[i + a][cells])
        down, down_more = np.full(width, np.inf), np.full(width, np.inf)  # source sentence i skipped
        j0, j1 = (max(lo[i], lo[i + 1]), min(hi[i], hi[i + 1])) if i < n else (1, 0)
        if j1 >= j0:
            js = np.arange(j0, j1 + 1)
            step = np.full(len(js), skips[0][i]) + boundary.at(i + 1, js)
            on = in_src[js - lo[i + 1]]
            down[js - lo[i]] = step + on
            down_more[js - lo[i]] = step - rebates[0][i] + on
        # target sentence j skipped from cell j to j + 1: opening a run, or continuing one
        tskip = skips[1][lo[i]:hi[i]] + boundary.at(i, np.arange(lo[i] + 1, hi[i] + 1))
        tmore = tskip - rebates[1][lo[i]:hi[i]]
        in_tgt = np.minimum(groups, down)
        for t in range(width - 2, -1, -1):
            in_tgt[t] = min(in_tgt[t], tmore[t] + in_tgt[t + 1])
        right = np.concatenate([tskip + in_tgt[1:], [np.inf]])
        after[i] = np.minimum(np.minimum(groups, down), right)
        in_src = np.minimum(np.minimum(groups, down_more), right)
    best = run.costs[n][-1] + margin
    allowed = {}
    for (i, k), (cells, step) in run.steps.items():
        a, b = shapes[k]
        if a + b > 2:
            before = run.costs[i - a][lo[i] + cells - b - lo[i - a]]
            kept = cells[before + step + after[i][cells] <= best]
            if len(kept):  # a missing key allows nothing: no empty array per row and shape
                allowed[(i, k)] = kept
    return allowed


def _embed_windows(scorer: BeadCosts, shapes, band, allowed) -> None:
    """Embed the joined windows of every group bead the search may use, in one batch per side and size."""
    lo, hi = band
    for i in range(1, len(lo)):
        js = np.arange(lo[i], hi[i] + 1)
        for k, (a, b) in enumerate(shapes):
            if 0 < a <= i and b and a + b > 2:
                if allowed is None:
                    ok = np.flatnonzero((js - b >= lo[i - a]) & (js - b <= hi[i - a]))
                else:
                    ok = allowed.get((i, k), np.zeros(0, dtype=np.int64))
                if len(ok):
                    scorer.src.want(a, np.array([i - a]))
                    scorer.tgt.want(b, js[ok] - b)
    scorer.src.embed()
    scorer.tgt.embed()


def _fill_row(i: int, js: np.ndarray, run: _Pass, band, shapes: list[tuple[int, int]], scorer: BeadCosts,
              src_skip: np.ndarray, src_rebate: np.ndarray, allowed, in_run: np.ndarray | None):
    """Best cost, shape, step cost and cosine of the cells ``(i, j)`` over the beads that end there (not 0-1), the
    cells' costs inside a run of source skips, and the run bits (``RUN_SOURCE`` where that run continues one)."""
    lo, hi = band
    best = np.full(len(js), np.inf)
    shape = np.full(len(js), -1, dtype=np.int8)
    runs = np.zeros(len(js), dtype=np.int8)
    step_of = np.zeros(len(js))
    cos_of = np.full(len(js), np.nan)
    src_run = np.full(len(js), np.inf)
    if i == 0:
        best[js == 0] = 0.0
    for k, (a, b) in enumerate(shapes):
        if a > i or a == 0:
            continue
        ok = (js - b >= lo[i - a]) & (js - b <= hi[i - a])
        if allowed is not None and a + b > 2:
            only = np.zeros(len(js), dtype=bool)
            only[allowed.get((i, k), [])] = True
            ok &= only
        prev = np.full(len(js), np.inf)
        prev[ok] = run.costs[i - a][js[ok] - b - lo[i - a]]
        ok &= np.isfinite(prev)  # (a run of source skips ending at (i - 1, j) costs no less than its cell's best)
        if not ok.any():
            continue
        if b == 0:
            step, cos = np.full(ok.sum(), src_skip[i - 1]), np.full(ok.sum(), np.nan)
        else:
            step, cos = scorer.step(i, js[ok], a, b)
        step = step + scorer.boundary.at(i, js[ok])
        where = np.flatnonzero(ok)
        total = prev[ok] + step
        if run.steps is not None:
            run.steps.add(k, where, step, total)
        if b == 0:  # source sentence i - 1 left out: or continuing the run of source skips ending at (i - 1, j)
            step_more = step - src_rebate[i - 1]
            continued = in_run[js[ok] - lo[i - 1]] + step_more
            longer = continued < total
            total, step = np.where(longer, continued, total), np.where(longer, step_more, step)
            src_run[where], runs[where[longer]] = total, RUN_SOURCE
        better = total < best[ok]
        where = where[better]
        best[where], shape[where], step_of[where], cos_of[where] = total[better], k, step[better], cos[better]
    return best, shape, step_of, cos_of, src_run, runs


def _chain_row(best, shape, step_of, cos_of, k: int, skip: np.ndarray, skip_more: np.ndarray, runs) -> None:
    """0-1 beads: target sentence ``j-1`` skipped from the cell on its left, in place. A skip opens a run (``skip``)
    or continues the run ending on its left (``skip_more``, marked ``RUN_TARGET`` in ``runs``)."""
    in_run = np.inf
    for t in range(1, len(best)):
        opened, continued = best[t - 1] + skip[t], in_run + skip_more[t]
        if continued < opened:
            in_run, step = continued, skip_more[t]
            runs[t] |= RUN_TARGET
        else:
            in_run, step = opened, skip[t]
        if in_run < best[t]:
            best[t], shape[t], step_of[t], cos_of[t] = in_run, k, step, np.nan


def _backtrack(backs, shapes, lo, n: int, m: int, skips, rebates, boundary: BoundaryCosts) -> list[Bead]:
    """The beads of the best path, from the last cell back; inside a run of skips the run bits say where it began."""
    beads: list[Bead] = []
    i, j = n, m
    k01, k10 = shapes.index((0, 1)), shapes.index((1, 0))
    in_run = None  # k01 / k10 while following a run of target / source skips back
    while (i, j) != (0, 0):
        shape, step_of, cos_of = backs[i]
        t = j - lo[i]
        code = int(shape[t])
        k = in_run if in_run is not None else code & BEAD_KIND
        a, b = shapes[k]
        if k == k01 or k == k10:  # a skip: its cost from the skip costs (the cell's best may be another bead)
            on = RUN_TARGET if k == k01 else RUN_SOURCE
            in_run = k if code & on else None
            side, at = (1, j - 1) if k == k01 else (0, i - 1)
            cost = skips[side][at] + float(np.atleast_1d(boundary.at(i, np.array([j])))[0])
            cost = cost - rebates[side][at] if code & on else cost
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), None, float(cost)))
        else:
            cos = None if np.isnan(cos_of[t]) else float(cos_of[t])
            beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), cos, float(step_of[t])))
        i, j = i - a, j - b
    return beads[::-1]


def align_texts(src: list[str], tgt: list[str], encode: Encode, params: AlignParams | None = None,
                src_paragraphs: list[int] | None = None, tgt_paragraphs: list[int] | None = None) -> list[Bead]:
    """Align two lists of sentences with ``encode(texts) -> unit vectors`` (windows are joined with spaces)."""
    src_clean = [" ".join(t.split()) for t in src]
    tgt_clean = [" ".join(t.split()) for t in tgt]
    x, y = encode(src_clean), encode(tgt_clean)

    def window_vectors(side: str, windows: list[tuple[int, int]]) -> np.ndarray:
        texts = src_clean if side == "source" else tgt_clean
        return encode([" ".join(texts[s:s + k]) for s, k in windows])

    return align(AlignInput(x, y, window_vectors, src_paragraphs, tgt_paragraphs, [len(t) for t in src_clean],
                            [len(t) for t in tgt_clean], params or AlignParams(), src_texts=src, tgt_texts=tgt))


@dataclass(frozen=True)
class DocumentAlignment:
    """The beads of two documents and the baselines they were scored with (``tqcheck.score.baselines``)."""

    beads: tuple[Bead, ...]
    base_x: np.ndarray
    base_y: np.ndarray


def align_documents(source: "Document", target: "Document", encode: Callable[..., np.ndarray],
                    params: AlignParams | None = None, *,
                    progress: Callable[[str, int, int], None] | None = None) -> DocumentAlignment:
    """Align two split documents: the one entry used by ``check``, ``--ref``, ``tqcheck align`` and the benchmarks.

    ``encode(texts)`` returns unit vectors (with ``progress``, ``encode(texts, report)`` as
    ``CachingEmbedder.encode``). Sentences are embedded whitespace-collapsed; baselines are padded with the
    model's unrelated level for short documents; paragraphs, lengths and the sentence texts (cheap skips for OCR
    debris) go to the aligner.

    >>> from tqcheck.types import Document, Sentence
    >>> doc = lambda *t: Document(None, "en", " ".join(t), tuple(Sentence(i, s, 0, 0, 0) for i, s in enumerate(t)))
    >>> vectors = {"a": [1, 0, 0], "A": [1, 0, 0], "b": [0, 1, 0], "B": [0, 1, 0], ".": [0, 0, 1]}
    >>> unit = lambda t: np.array(vectors.get(t, [0.6, 0.6, 0.5]), dtype=np.float32)
    >>> encode = lambda texts: np.stack([u / np.linalg.norm(u) for u in map(unit, texts)])
    >>> [b.bead() for b in align_documents(doc("a", ".", "b"), doc("A", "B"), encode).beads]
    ['[0]:[0]', '[1]:[]', '[2]:[1]']
    """
    from .score import PRIOR_WEIGHT, baselines, model_prior
    from .segment import clean_for_model

    def embed(texts: list[str], stage: str) -> np.ndarray:
        if progress is None:
            return encode(texts)
        return encode(texts, lambda done, total: progress(stage, done, total))

    x = embed([clean_for_model(s.text) for s in source.sentences], "embedding source sentences")
    y = embed([clean_for_model(s.text) for s in target.sentences], "embedding translation sentences")
    prior = model_prior(lambda texts: embed(texts, "embedding")) if min(len(x), len(y)) < PRIOR_WEIGHT else None
    base_x, base_y = baselines(x, y, prior)

    def window_vectors(side: str, windows: list[tuple[int, int]]) -> np.ndarray:
        doc, name = (source, "source") if side == "source" else (target, "translation")
        texts = [clean_for_model(doc.joined(tuple(range(s, s + k)))) for s, k in windows]
        return embed(texts, f"embedding joined {name} sentences")

    src, tgt = source.sentences, target.sentences
    beads = align(AlignInput(
        x, y, window_vectors, [s.paragraph for s in src], [s.paragraph for s in tgt], [len(s.text) for s in src],
        [len(s.text) for s in tgt], params or AlignParams(), base_x, base_y, [s.text for s in src],
        [s.text for s in tgt]))
    return DocumentAlignment(tuple(beads), base_x, base_y)
