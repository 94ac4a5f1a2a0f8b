"""An experiment: a critical-error ranking trained on WMT21 CED train and chosen on its dev set (CC0).

python scripts/train_critical_head.py [--train-rows 250] [--dev-rows 150]

A second ridge head over the same features as the quality head (scalar features, ``u*v``, ``|u-v|``), fitted to
the WMT21 CED labels (1 = critical error, ERR) on ``--train-rows`` rows per pair of ``wmt21-ced/train`` (rows whose
source repeats a WMT21 CED test line removed; a hash subsample, in file order). Its penalties, its feature set and
its blend with the quality head (``risk = w * critical - (1 - w) * quality_z``, both standardised on train) are
chosen on ``wmt21-ced/dev`` by the mean MCC over the four pairs with the WMT22 protocol (the k = number of ERR
highest-risk lines flagged), with segments that have a ``number-mismatch`` flag ranked first in every candidate.
WMT21 CED runs English -> cs/de/ja/zh; the WMT22 test sets (pt-en, en-de) are not read here:
benchmarks/bench_quality.py (section ced) scores the chosen ranking on them. Nothing is written: the head is
refitted from the cached vectors in a few seconds, deterministically, and is not part of tqcheck.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import qe_data as q  # noqa: E402
import train_quality_head as t  # noqa: E402

from tqcheck import quality  # noqa: E402

ALPHAS = (300.0, 1000.0, 3000.0)
VECTOR_ALPHAS = (1000.0, 3000.0, 10000.0, 30000.0, None)
BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)  # weight of the critical head; 0 = the quality head alone


def mcc_top_k(risk: np.ndarray, bad: np.ndarray) -> float:
    """MCC when the k = number of BAD highest-risk lines are flagged (ties: earlier line first)."""
    k = int(bad.sum())
    order = np.lexsort((np.arange(len(risk)), -risk))
    flagged = np.zeros(len(risk), dtype=bool)
    flagged[order[:k]] = True
    tp, tn = float(np.sum(flagged & bad)), float(np.sum(~flagged & ~bad))
    fp, fn = float(np.sum(flagged & ~bad)), float(np.sum(~flagged & bad))
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def numbers_flagged(rows: list[q.Row]) -> np.ndarray:
    """True for each row whose line-by-line check has a ``number-mismatch`` flag (no vectors needed)."""
    out = np.zeros(len(rows), dtype=bool)
    index = {id(r): i for i, r in enumerate(rows)}
    one = np.tile(np.eye(1, 384), (q.BLOCK, 1))
    for doc in q.documents(rows):
        _, flags = q.flag_lines(doc, one[:len(doc)], one[:len(doc)], 0.0)
        for f in flags:
            if f.id == "number-mismatch" and f.alignment is not None:
                out[index[id(doc[f.alignment])]] = True
    return out


def per_pair_mcc(rows: list[q.Row], risk: np.ndarray, numbers: np.ndarray | None) -> dict[str, float]:
    """MCC per pair of ``risk`` (number-mismatch lines first when ``numbers`` is given)."""
    bad = np.array([bool(r.bad) for r in rows])
    pairs = np.array([r.pair for r in rows])
    ranked = risk if numbers is None else np.where(numbers, np.inf, risk)
    return {p: mcc_top_k(ranked[pairs == p], bad[pairs == p]) for p in dict.fromkeys(pairs)}


def standardise(values: np.ndarray, ref: np.ndarray) -> np.ndarray:
    return (values - ref.mean()) / max(float(ref.std()), 1e-9)


@dataclass(frozen=True)
class Ranking:
    """The chosen critical-error ranking: ``risk = w * std(critical) - (1 - w) * std(quality z)``."""

    model: tuple
    critical_ref: np.ndarray  # the critical head's predictions on its training rows (for standardising)
    z_ref: np.ndarray         # the quality head's z on the same rows
    blend: float
    setting: str
    dev_mcc: float

    def risk(self, features: np.ndarray) -> np.ndarray:
        """Higher = more likely a critical error."""
        z = quality.load_head().predict_z(features)
        critical = t.predict(self.model, features)
        return self.blend * standardise(critical, self.critical_ref) - (1 - self.blend) * standardise(z, self.z_ref)


def choose(train_rows: int = 250, dev_rows: int = 150, show: bool = False) -> Ranking:
    """Fit every setting on WMT21 CED train, keep the one with the best mean dev MCC (numbers first)."""
    held = q.ced21_test_sources()
    train = [r for p in q.CED21_PAIRS for r in q.subsample(q.ced21_training("train", p, held), train_rows)]
    dev = [r for p in q.CED21_PAIRS for r in q.subsample(q.ced21_training("dev", p, held), dev_rows)]
    ft, fd = q.build_features(train), q.build_features(dev)
    y = np.array([float(r.bad) for r in train])
    head = quality.load_head()
    zt, zd = head.predict_z(ft.matrix), head.predict_z(fd.matrix)
    num_d = numbers_flagged(dev)
    results = []
    for features in t.FEATURE_SETS:
        for vector_alpha in VECTOR_ALPHAS:
            for alpha in ALPHAS:
                model = t.fit_ridge(ft.matrix, y, t.penalties(ft.matrix.shape[1], alpha, vector_alpha, features))
                ct, cd = t.predict(model, ft.matrix), t.predict(model, fd.matrix)
                for w in BLENDS:
                    risk = w * standardise(cd, ct) - (1 - w) * standardise(zd, zt)
                    pairs = per_pair_mcc(dev, risk, num_d)
                    results.append((float(np.mean(list(pairs.values()))), alpha, vector_alpha, features, w, pairs,
                                    model, ct))
    results.sort(key=lambda r: (-r[0], -r[4], r[1], r[2] or 0.0, r[3]))
    if show:
        print(f"{len(train)} train rows ({int(y.sum())} ERR), {len(dev)} dev rows "
              f"({sum(bool(r.bad) for r in dev)} ERR); number-mismatch on {int(num_d.sum())} dev rows")
        for score, alpha, vector_alpha, features, w, pairs, _, _ in results[:8]:
            print(f"dev MCC {score:.3f}  alpha {alpha:g} vector alpha {vector_alpha or 'off'} {features:<16} "
                  f"blend {w:.2f}  " + " ".join(f"{p} {v:.3f}" for p, v in pairs.items()))
        for name, risk, numbers in (("quality head alone, numbers first", -zd, num_d),
                                    ("quality head alone", -zd, None),
                                    ("similarity, numbers first", -fd.similarity, num_d),
                                    ("raw cosine, numbers first", -fd.cosine, num_d)):
            pairs = per_pair_mcc(dev, risk, numbers)
            print(f"dev MCC {np.mean(list(pairs.values())):.3f}  {name:<36} "
                  + " ".join(f"{p} {v:.3f}" for p, v in pairs.items()))
    best, alpha, vector_alpha, features, w, _, model, ct = results[0]
    setting = f"alpha {alpha:g}, vector alpha {vector_alpha or 'off'}, features {features}, blend {w:.2f}"
    return Ranking(model, ct, zt, w, setting, best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-rows", type=int, default=250)
    parser.add_argument("--dev-rows", type=int, default=150)
    args = parser.parse_args()
    chosen = choose(args.train_rows, args.dev_rows, show=True)
    print(f"chose {chosen.setting} (dev mean MCC {chosen.dev_mcc:.3f})")


if __name__ == "__main__":
    main()
