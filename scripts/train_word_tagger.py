"""Rebuild tqcheck/data/word_tagger.npz, the OK/BAD word tagger of ``check --word-level``.

    python scripts/train_word_tagger.py [--cache DIR] [--output PATH]

Reads the word cosine matrices that benchmarks/wordsims.py cached for MLQE-PE word-level train and dev (ro, et,
ne, si, ru -> en; the lines it embeds are listed by ``wordsims.mlqe_lines``: train lines repeating a dev or
test20 source are left out) and the gold OK/BAD tags from ../shared/bench. One logistic regression per side
(source words, MT words) is fitted on train, all five pairs pooled. On dev it picks the model layer (one for
both sides) and each side's probability threshold, by the mean MCC of BAD over the five pairs. test20 is not
read. Deterministic: gradient descent from zero on the data in file order, so a rerun writes the same weights.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_words import _stack, load_mlqe, mcc  # noqa: E402
from wordsims import LAYERS  # noqa: E402

from tqcheck.flags.wordlevel import TAGGER_FILE, SideTagger, WordTagger, fit_side  # noqa: E402

THRESHOLDS = tuple(round(float(t), 2) for t in np.linspace(0.05, 0.95, 19))


def side_data(data: dict, pairs: list[str], split: str, layer: int, side: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """(features, gold BAD) per pair for one split and side."""
    gi = 1 if side == "tgt" else 2
    return [_stack(data[pair, split][0], data[pair, split][gi], layer, side) for pair in pairs]


def train(data: dict, pairs: list[str]) -> tuple[WordTagger, dict]:
    """Fit per side on pooled train; choose layer and thresholds on dev (mean MCC over pairs)."""
    results = {}
    for layer in LAYERS:
        sides = {}
        for side in ("src", "tgt"):
            train_parts = side_data(data, pairs, "train", layer, side)
            model = fit_side(np.vstack([x for x, _ in train_parts]), np.concatenate([y for _, y in train_parts]))
            dev_parts = side_data(data, pairs, "dev", layer, side)
            scores = {t: float(np.mean([mcc(y, model.probabilities(x) >= t) for x, y in dev_parts]))
                      for t in THRESHOLDS}
            threshold = max(scores, key=scores.get)
            sides[side] = (SideTagger(model.weights, model.mean, model.scale, threshold), scores[threshold])
        results[layer] = sides
    layer = max(results, key=lambda n: results[n]["src"][1] + results[n]["tgt"][1])
    chosen = results[layer]
    return WordTagger(layer, chosen["src"][0], chosen["tgt"][0]), results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/work/cache/tokens/wordsims"))
    ap.add_argument("--output", type=Path, default=TAGGER_FILE)
    args = ap.parse_args()
    data, pairs = load_mlqe(args.cache)
    if len(pairs) != 5:
        sys.exit("MLQE-PE word-level sets are not all cached: run benchmarks/wordsims.py first")
    tagger, results = train(data, pairs)
    print("| layer | source words: dev MCC (threshold) | MT words: dev MCC (threshold) |\n|---|---|---|")
    for layer, sides in results.items():
        print(f"| {layer} | {sides['src'][1]:.3f} ({sides['src'][0].threshold}) | "
              f"{sides['tgt'][1]:.3f} ({sides['tgt'][0].threshold}) |")
    tagger.save(args.output)
    print(f"\nchosen layer {tagger.layer}; wrote {args.output} ({tagger.name})")


if __name__ == "__main__":
    main()
