"""A synthetic critical-error set built from MLQE-PE dev, to choose the critical-error ranking without WMT22.

python scripts/synthetic_ced.py [--critical]   (prints the candidates' MCC and the choice; embed first:
                                               scripts/embed_quality_sets.py synthetic-ced synthetic-ced-train)

WMT22's critical-error test sets are references with ONE injected error on the BAD lines: a number changed, a
named entity swapped, a negation or antonym, content deleted or added (Zerva et al. 2022). The same kinds of
error are injected here, by rule, into good MLQE-PE dev translations (DA z at or above the pair's median) that the
quality head never saw: dev rows outside the head's training subsample, of the X-en pairs (English MT) and of
en-de (German MT). A hash of each row picks whether it is corrupted (``BAD_SHARE``) and which error it gets.
Candidate rankings (``RANKINGS``: the number check first, then a segment score tqcheck reports, or a blend) are
compared by the mean MCC over the pairs with the WMT protocol (k = number of BAD lowest flagged); the best is
then scored on WMT22 once, by benchmarks/bench_quality.py (section ced). ``--critical`` also fits a second head
to the errors injected into the quality head's own good train rows (``critical_experiment``). Deterministic;
nothing is written.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import qe_data as q  # noqa: E402

PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en", "en-de")
PER_PAIR = 80          # good dev rows per pair
BAD_SHARE = 0.3        # of them corrupted
HEAD_DEV_ROWS = 200    # the head's training subsample of each X-en dev file (excluded from the dev set here)
HEAD_TRAIN_ROWS = {True: 400, False: 100}  # the head's train subsample: X-en pairs, en-de
KINDS = ("negation", "antonym", "entity", "number", "deletion", "addition")
BLENDS = (0.0, 0.25, 0.5, 0.75, 1.0)  # weight of the quality head against the calibrated similarity

_AUX = {
    "en": "is are was were will would can could should has have had does do did must may might",
    "de": "ist sind war waren wird werden wurde wurden hat haben hatte hatten kann können konnte muss müssen soll",
}
_NEGATE = {"en": ("not", {"not": "", "never": "always", "nothing": "everything", "nobody": "everybody"}),
           "de": ("nicht", {"nicht": "", "nie": "immer", "niemals": "immer", "kein": "ein", "keine": "eine",
                            "keinen": "einen", "keinem": "einem", "nichts": "alles"})}
_ANTONYMS = {
    "en": "good:bad increase:decrease increased:decreased more:less large:small high:low best:worst win:lose "
          "won:lost rise:fall before:after always:never positive:negative first:last early:late strong:weak "
          "success:failure successful:unsuccessful major:minor north:south east:west open:closed agree:disagree "
          "accept:reject accepted:rejected allowed:forbidden love:hate friend:enemy",
    "de": "gut:schlecht mehr:weniger groß:klein große:kleine hoch:niedrig vor:nach immer:nie erste:letzte "
          "früh:spät stark:schwach Norden:Süden Osten:Westen offen:geschlossen gewann:verlor Erfolg:Misserfolg",
}
_NAME = re.compile(r"(?<=\S )([A-Z][a-zäöüß]+)")
_NUMBER = re.compile(r"\d+")


def _h(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16)


def _antonyms(lang: str) -> dict[str, str]:
    pairs = [p.split(":") for p in _ANTONYMS[lang].split()]
    return {**{a: b for a, b in pairs}, **{b: a for a, b in pairs}}


def inject(mt: str, lang: str, kind: str, donor: str) -> str | None:
    """``mt`` with one error of ``kind`` (None when the sentence offers no place for it); ``donor`` is another
    translation in the same language, the source of swapped names and added content."""
    words = mt.split(" ")
    low = [w.lower().strip(".,;:!?\"'()") for w in words]
    if kind == "negation":
        cue, flips = _NEGATE[lang]
        for i, w in enumerate(low):
            if w in flips:
                words[i] = flips[w] + words[i][len(w):] if flips[w] else ""
                return " ".join(x for x in words if x) or None
        aux = set(_AUX[lang].split())
        for i, w in enumerate(low):
            if w in aux and words[i] == words[i].strip(".,;:!?"):
                return " ".join(words[:i + 1] + [cue] + words[i + 1:])
        return None
    if kind == "antonym":
        table = _antonyms(lang)
        for i, w in enumerate(words):
            core = w.strip(".,;:!?\"'()")
            if core in table:
                words[i] = w.replace(core, table[core])
                return " ".join(words)
        return None
    if kind == "entity":
        mine = _NAME.findall(mt)
        other = [n for n in _NAME.findall(donor) if n not in mine]
        if not mine or not other:
            return None
        return mt.replace(mine[0], other[0], 1)
    if kind == "number":
        m = _NUMBER.search(mt)
        if not m:
            return None
        value = int(m.group())
        new = str(value + 1 if value < 10 else value * 2 if value < 1000 else value + 10)
        return mt[:m.start()] + new + mt[m.end():]
    if kind == "deletion":
        if len(words) < 8:
            return None
        span = max(2, len(words) * 3 // 10)
        start = 1 + _h(mt) % (len(words) - span - 1)
        return " ".join(words[:start] + words[start + span:])
    if kind == "addition":
        extra = donor.rstrip(".!?").split(" ")
        if len(extra) < 4 or len(words) < 3:
            return None
        take = extra[:min(len(extra), 4 + _h(donor) % 5)]
        at = 1 + _h(mt) % (len(words) - 1)
        return " ".join(words[:at] + take + words[at:])
    raise ValueError(kind)


def _good_rows(split: str, pair: str, held) -> list[q.Row]:
    """Good rows (DA z at or above the median) of ``split``: for ``dev`` rows the quality head never saw, for
    ``train`` the head's own training subsample (already embedded; only the corrupted copies are new)."""
    rows = q.without_test_lines(q.mlqe_split(split, pair), held)
    if split == "train":
        base = q.subsample(rows, HEAD_TRAIN_ROWS[pair.endswith("-en")])
        median = float(np.median([r.z for r in base]))
        return [r for r in base if r.z >= median]
    seen = {(r.src, r.mt) for r in q.subsample(rows, HEAD_DEV_ROWS)} if pair.endswith("-en") else set()
    fresh = [r for r in rows if (r.src, r.mt) not in seen]
    median = float(np.median([r.z for r in fresh]))
    return q.subsample([r for r in fresh if r.z >= median], PER_PAIR, salt="tqcheck-synthetic-ced")


def rows(split: str = "dev") -> list[q.Row]:
    """The synthetic set of ``split``: good rows in file order, some of them carrying one injected error
    (``BAD_SHARE`` of dev, as in a test set; half of train, to learn from)."""
    held = q.held_out_texts()
    share = BAD_SHARE if split == "dev" else 0.5
    out: list[q.Row] = []
    for pair in PAIRS:
        good = _good_rows(split, pair, held)
        lang = q.langs_of(pair)[1]
        for i, r in enumerate(good):
            bad_mt = None
            if _h("bad\t" + r.src) % 1000 < share * 1000:
                start = _h("kind\t" + r.src) % len(KINDS)
                donor = good[(i + 1 + _h(r.mt) % (len(good) - 1)) % len(good)].mt
                for k in range(len(KINDS)):
                    bad_mt = inject(r.mt, lang, KINDS[(start + k) % len(KINDS)], donor)
                    if bad_mt and bad_mt != r.mt:
                        break
            out.append(q.Row(pair, r.src, bad_mt or r.mt, r.z, r.da, bad=bool(bad_mt and bad_mt != r.mt)))
    return out


@dataclass(frozen=True)
class Choice:
    blend: float      # ranking key: blend * std(quality z) + (1 - blend) * std(similarity), numbers first
    mcc: float
    table: list       # (blend, mean MCC, per pair) of every candidate


def score_key(z: np.ndarray, similarity: np.ndarray, blend: float) -> np.ndarray:
    """Higher = better: the blend of the head's z and the calibrated similarity, each standardised on the set."""
    def std(v: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / max(float(v.std()), 1e-9)

    return blend * std(z) + (1 - blend) * std(similarity)


def choose(show: bool = False) -> Choice:
    """Every blend on the synthetic set, numbers first; the best mean MCC over the pairs wins (ties: the head)."""
    import train_critical_head as c

    from tqcheck import quality

    data = rows()
    feats = q.build_features(data)
    z = quality.load_head().predict_z(feats.matrix)
    numbers = c.numbers_flagged(data)
    pairs = np.array([r.pair for r in data])
    table = []
    for blend in BLENDS:
        risk = np.zeros(len(data))
        for p in PAIRS:  # standardised per pair, as a check of one document would be
            m = pairs == p
            risk[m] = -score_key(z[m], feats.similarity[m], blend)
        per_pair = c.per_pair_mcc(data, risk, numbers)
        table.append((blend, float(np.mean(list(per_pair.values()))), per_pair))
    if show:
        bad = sum(bool(r.bad) for r in data)
        print(f"{len(data)} good MLQE-PE dev rows ({', '.join(PAIRS)}), {bad} with one injected error; "
              f"number-mismatch on {int(numbers.sum())}")
        for blend, mean, per_pair in table:
            print(f"numbers, then {blend:.2f} head + {1 - blend:.2f} similarity: mean MCC {mean:.3f}  "
                  + " ".join(f"{p} {v:.3f}" for p, v in per_pair.items()))
    best = max(table, key=lambda t: (round(t[1], 6), t[0]))
    return Choice(best[0], best[1], table)


CRITICAL_ALPHAS = (10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0)
CRITICAL_VECTOR_ALPHAS = (1000.0, 3000.0, 10000.0, 30000.0, None)
CRITICAL_BLENDS = (0.25, 0.5, 0.75, 1.0)  # weight of the critical head against the quality head


def critical_experiment(show: bool = False):
    """An experiment: a second ridge head fitted to the injected errors of the synthetic train set (the head's
    own good train rows, half of them corrupted), its penalties, feature set and blend with the quality head
    chosen on the synthetic dev set (mean MCC, numbers first). Returns a ``train_critical_head.Ranking``."""
    import train_critical_head as c
    import train_quality_head as t

    from tqcheck import quality

    train, dev = rows("train"), rows("dev")
    ft, fd = q.build_features(train), q.build_features(dev)
    y = np.array([float(r.bad) for r in train])
    head = quality.load_head()
    zt, zd = head.predict_z(ft.matrix), head.predict_z(fd.matrix)
    numbers = c.numbers_flagged(dev)
    mean, scale = ft.matrix.mean(axis=0), np.maximum(ft.matrix.std(axis=0), 1e-6)
    xs = (ft.matrix - mean) / scale
    gram, target, bias = xs.T @ xs, xs.T @ (y - y.mean()), float(y.mean())
    results = []
    for features in t.FEATURE_SETS:
        for vector_alpha in CRITICAL_VECTOR_ALPHAS:
            for alpha in CRITICAL_ALPHAS:
                weights = np.linalg.solve(gram + np.diag(t.penalties(xs.shape[1], alpha, vector_alpha, features)),
                                          target)
                model = (mean, scale, weights, bias)
                ct, cd = t.predict(model, ft.matrix), t.predict(model, fd.matrix)
                for w in CRITICAL_BLENDS:
                    risk = w * c.standardise(cd, ct) - (1 - w) * c.standardise(zd, zt)
                    pairs = c.per_pair_mcc(dev, risk, numbers)
                    results.append((float(np.mean(list(pairs.values()))), alpha, vector_alpha, features, w, pairs,
                                    model, ct))
    results.sort(key=lambda r: (-r[0], -r[4], r[1], r[2] or 0.0, r[3]))
    if show:
        print(f"synthetic train: {len(train)} rows ({int(y.sum())} with an injected error); dev {len(dev)} rows")
        for score, alpha, vector_alpha, features, w, pairs, _, _ in results[:6]:
            print(f"dev MCC {score:.3f}  alpha {alpha:g} vector alpha {vector_alpha or 'off'} {features:<16} "
                  f"blend {w:.2f}  " + " ".join(f"{p} {v:.3f}" for p, v in pairs.items()))
    best, alpha, vector_alpha, features, w, _, model, ct = results[0]
    setting = f"alpha {alpha:g}, vector alpha {vector_alpha or 'off'}, features {features}, blend {w:.2f}"
    return c.Ranking(model, ct, zt, w, setting, best)


def main() -> None:
    chosen = choose(show=True)
    print(f"chose blend {chosen.blend:.2f} (head weight; mean MCC {chosen.mcc:.3f} on the synthetic set)")
    if "--critical" in sys.argv:
        ranking = critical_experiment(show=True)
        print(f"synthetic-CED head: chose {ranking.setting} (dev mean MCC {ranking.dev_mcc:.3f})")


if __name__ == "__main__":
    main()
