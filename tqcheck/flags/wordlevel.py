"""Word-level evidence inside an aligned segment: partial omissions, partial additions, swapped names, and
OK/BAD tags per word, all read from a word cosine matrix (``tqcheck.wordalign``).

A word has "no counterpart" when mutual argmax leaves it unlinked and its best cosine to any word of the other
side sits ``gap`` or more below the segment's typical best cosine (the median over its linked content words; E5
cosines live in a narrow band, so the drop is measured against the segment, not as a raw value). A finding
needs ``min_words`` such content words in one stretch (function words and punctuation may sit between them
but never count), and a word spelled the same on the other side (a copied name, an acronym) always has a
counterpart.
"""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..wordalign import Word, link

NAME_FUZZ = 80.0      # rapidfuzz partial ratio at or above which two names are the same (Brazil ~ Brasilien)
TAGGER_FILE = Path(__file__).resolve().parents[1] / "data" / "word_tagger.npz"
KINDS = ("content", "function", "number", "punct")
FEATURES = ("drop below typical", "best cosine", "argmax-linked", "itermax-linked", "copied", *KINDS,
            "segment cosine", "position")


@dataclass(frozen=True)
class WordFinding:
    """A finding inside one segment pair: ``kind`` and the word indices of its evidence on each side."""

    kind: str                       # partial-omission | partial-addition | entity-swap
    source_words: tuple[int, ...]
    target_words: tuple[int, ...]
    score: float                    # how far below the segment's typical cosine (larger = surer)


@dataclass(frozen=True)
class WordLevelSettings:
    """The numbers that turn a word cosine matrix into findings (documented in the README)."""

    gap: float = 0.2
    min_words: int = 2
    entity_gap: float = 0.2


def best_and_linked(sim: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per source and per target word: best cosine to the other side, and whether mutual argmax links it."""
    src_linked = np.zeros(sim.shape[0], bool)
    tgt_linked = np.zeros(sim.shape[1], bool)
    for i, j in link(sim, "argmax"):
        src_linked[i] = tgt_linked[j] = True
    if sim.size == 0:
        return np.zeros(sim.shape[0]), np.zeros(sim.shape[1]), src_linked, tgt_linked
    return sim.max(axis=1), sim.max(axis=0), src_linked, tgt_linked


def _typical(best: np.ndarray, words: Sequence[Word], linked: np.ndarray) -> float:
    """The median best cosine of the linked content words (all content words, all words if none)."""
    for keep in ([w.kind == "content" and ok for w, ok in zip(words, linked)], [w.kind == "content" for w in words],
                 [True] * len(words)):
        values = [b for b, k in zip(best, keep) if k]
        if values:
            return float(np.median(values))
    return 0.0


def _copied(words: Sequence[Word], other: Sequence[Word]) -> np.ndarray:
    """True for words that occur with the same spelling (case-folded) on the other side."""
    there = {w.text.casefold() for w in other}
    return np.array([w.text.casefold() in there for w in words], dtype=bool)


def no_counterpart(sim: np.ndarray, words: Sequence[Word], other: Sequence[Word], best: np.ndarray,
                   linked: np.ndarray, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """(mask of words with no counterpart, their drop below the typical cosine)."""
    drop = _typical(best, words, linked) - best
    copied = _copied(words, other)
    mask = np.array([not linked[k] and not copied[k] and drop[k] >= gap for k in range(len(words))], dtype=bool)
    return mask, drop


def _stretches(mask: np.ndarray, words: Sequence[Word], min_words: int) -> list[tuple[int, ...]]:
    """Runs of content words in ``mask``, function words and punctuation allowed between them."""
    out, run = [], []
    for k, w in enumerate(words):
        if w.kind == "content" and mask[k]:
            run.append(k)
        elif w.kind == "content" or w.kind == "number":
            if len(run) >= min_words:
                out.append(tuple(run))
            run = []
    if len(run) >= min_words:
        out.append(tuple(run))
    return out


def is_name(word: Word, position: int, words: Sequence[Word]) -> bool:
    """A name or code: a cased word written with a capital (not the segment's first word), or all caps."""
    text = word.text
    if word.kind != "content" or not text[:1].isalpha() or text.lower() == text.upper():
        return False
    first = next((k for k, w in enumerate(words) if w.kind != "punct"), 0)
    return (text[0].isupper() and position != first) or (len(text) > 1 and text.isupper())


def find(sim: np.ndarray, source: Sequence[Word], target: Sequence[Word],
         settings: WordLevelSettings = WordLevelSettings()) -> list[WordFinding]:
    """Partial omissions, partial additions and entity swaps in one segment pair."""
    best_s, best_t, linked_s, linked_t = best_and_linked(sim)
    miss_s, drop_s = no_counterpart(sim, source, target, best_s, linked_s, settings.gap)
    miss_t, drop_t = no_counterpart(sim.T, target, source, best_t, linked_t, settings.gap)
    typical = min(_typical(best_s, source, linked_s), _typical(best_t, target, linked_t))
    out = [WordFinding("partial-omission", run, (), round(float(drop_s[list(run)].mean()), 4))
           for run in _stretches(miss_s, source, settings.min_words)]
    out += [WordFinding("partial-addition", (), run, round(float(drop_t[list(run)].mean()), 4))
            for run in _stretches(miss_t, target, settings.min_words)]
    out += entity_swaps(sim, source, target, typical, settings.entity_gap)
    return out


def entity_swaps(sim: np.ndarray, source: Sequence[Word], target: Sequence[Word], typical: float,
                 gap: float) -> list[WordFinding]:
    """A name on one side whose closest word on the other side is a different name, weakly similar."""
    from rapidfuzz import fuzz

    if sim.size == 0:
        return []
    src_names = [k for k, w in enumerate(source) if is_name(w, k, source)]
    tgt_names = {k for k, w in enumerate(target) if is_name(w, k, target)}
    out = []
    for i in src_names:
        j = int(sim[i].argmax())
        if j not in tgt_names or int(sim[:, j].argmax()) != i:
            continue
        a, b = source[i].text, target[j].text
        same_elsewhere = any(fuzz.partial_ratio(a.casefold(), w.text.casefold()) >= NAME_FUZZ for w in target)
        same_back = any(fuzz.partial_ratio(b.casefold(), w.text.casefold()) >= NAME_FUZZ for w in source)
        drop = typical - float(sim[i, j])
        if not same_elsewhere and not same_back and drop >= gap:
            out.append(WordFinding("entity-swap", (i,), (j,), round(drop, 4)))
    return out


def word_tags(sim: np.ndarray, source: Sequence[Word], target: Sequence[Word],
              gap: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """OK/BAD per source word and per target word: BAD = no counterpart (see the module doc)."""
    best_s, best_t, linked_s, linked_t = best_and_linked(sim)
    miss_s, _ = no_counterpart(sim, source, target, best_s, linked_s, gap)
    miss_t, _ = no_counterpart(sim.T, target, source, best_t, linked_t, gap)
    return (tuple("BAD" if m else "OK" for m in miss_s), tuple("BAD" if m else "OK" for m in miss_t))


def word_features(sim: np.ndarray, words: Sequence[Word], other: Sequence[Word], segment_cosine: float) -> np.ndarray:
    """One row of ``FEATURES`` per word of the side whose words index the rows of ``sim``."""
    best, _, linked, _ = best_and_linked(sim)
    iter_linked = np.zeros(len(words), bool)
    for i, _ in link(sim, "itermax"):
        iter_linked[i] = True
    typical = _typical(best, words, linked)
    copied = _copied(words, other)
    n = max(len(words), 1)
    rows = [[typical - best[k], best[k], linked[k], iter_linked[k], copied[k], *(w.kind == kind for kind in KINDS),
             segment_cosine, k / n] for k, w in enumerate(words)]
    return np.array(rows, dtype=np.float64).reshape(len(words), len(FEATURES))


@dataclass(frozen=True)
class SideTagger:
    """Logistic regression over standardised ``FEATURES``: BAD when the probability reaches ``threshold``."""

    weights: np.ndarray     # one per feature, then the bias
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = np.hstack([(features - self.mean) / self.scale, np.ones((len(features), 1))])
        return 1 / (1 + np.exp(-z @ self.weights))


@dataclass(frozen=True)
class WordTagger:
    """OK/BAD per source word and per translation word, trained on MLQE-PE word-level tags
    (``scripts/train_word_tagger.py``); reads the word cosines of model layer ``layer``."""

    layer: int
    source: SideTagger
    target: SideTagger

    @property
    def name(self) -> str:
        """``logreg-L<layer>-<hash of the weights>``, for the report signature."""
        digest = hashlib.sha256()
        for side in (self.source, self.target):
            for array in (side.weights, side.mean, side.scale, np.array([side.threshold])):
                digest.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
        return f"logreg-L{self.layer}-{digest.hexdigest()[:10]}"

    def tags(self, sim: np.ndarray, source: Sequence[Word], target: Sequence[Word],
             segment_cosine: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """OK/BAD per source word and per target word of one segment pair (``sim`` at ``layer``)."""
        out = []
        for tagger, matrix, words, other in ((self.source, sim, source, target), (self.target, sim.T, target, source)):
            if not words:
                out.append(())
                continue
            p = tagger.probabilities(word_features(matrix, words, other, segment_cosine))
            out.append(tuple("BAD" if v >= tagger.threshold else "OK" for v in p))
        return out[0], out[1]

    def save(self, path: Path) -> None:
        arrays = {f"{side}_{field}": np.asarray(getattr(getattr(self, side), field), dtype=np.float64)
                  for side in ("source", "target") for field in ("weights", "mean", "scale", "threshold")}
        np.savez(path, layer=np.array(self.layer), features=np.array(FEATURES), **arrays)


def fit_side(features: np.ndarray, bad: np.ndarray, steps: int = 500, l2: float = 1e-3) -> SideTagger:
    """Logistic regression by plain gradient descent from zero on standardised features (deterministic);
    the threshold is 0.5 until the caller picks one on dev data."""
    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-6
    z = np.hstack([(features - mean) / scale, np.ones((len(features), 1))])
    w = np.zeros(z.shape[1])
    y = bad.astype(np.float64)
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= 0.5 * (z.T @ (p - y) / len(y) + l2 * w)
    return SideTagger(w, mean, scale, 0.5)


@functools.lru_cache(maxsize=4)
def load_tagger(path: Path = TAGGER_FILE) -> WordTagger:
    """The shipped word tagger (package data)."""
    with np.load(path) as data:
        if tuple(str(f) for f in data["features"]) != FEATURES:
            raise ValueError(f"{path} was trained on other features than this version computes")
        sides = {side: SideTagger(data[f"{side}_weights"], data[f"{side}_mean"], data[f"{side}_scale"],
                                  float(data[f"{side}_threshold"])) for side in ("source", "target")}
        return WordTagger(int(data["layer"]), sides["source"], sides["target"])
