"""Calibration of similarities, baselines and the document score."""
from __future__ import annotations

import numpy as np
import pytest

from tqcheck.score import baselines, calibrate, document_scores, length_ratio
from tqcheck.types import Alignment


def test_calibration_is_monotone_and_bounded():
    sims = [calibrate(c, 0.8) for c in np.linspace(0.7, 1.0, 31)]
    assert all(0.0 <= s <= 1.0 for s in sims)
    assert sims == sorted(sims)
    assert calibrate(0.92, 0.80) > 0.9 > 0.1 > calibrate(0.80, 0.80)


def test_calibration_follows_the_baseline_not_the_raw_cosine():
    # the same cosine is a good match among unrelated sentences at 0.5 and no match among sentences at 0.9
    assert calibrate(0.9, 0.5) > 0.99
    assert calibrate(0.9, 0.9) < 0.1


def test_short_documents_lean_on_the_prior():
    x = np.array([[1.0, 0.0]], dtype=np.float32)
    y = np.array([[1.0, 0.0]], dtype=np.float32)
    bx, by = baselines(x, y)
    assert bx[0] == pytest.approx(1.0)  # one pair: its own cosine is all there is
    bx, by = baselines(x, y, prior=0.8)
    assert bx[0] == pytest.approx((1.0 + 7 * 0.8) / 8)


def test_document_score_counts_omissions_as_zero():
    full = (Alignment((0,), (0,), similarity=1.0), Alignment((1,), (1,), similarity=1.0))
    assert document_scores(full, [10, 10], [10, 10]).document == 100.0
    missing = (Alignment((0,), (0,), similarity=1.0), Alignment((1,), ()))
    scores = document_scores(missing, [10, 30], [10])
    assert scores.document == pytest.approx(100 * 20 / 50)
    assert scores.source_coverage == 0.25 and scores.target_coverage == 1.0


def test_length_ratio():
    assert length_ratio(100, 120, 1.2) == pytest.approx(1.0)
    assert length_ratio(0, 10, 1.0) is None


def _seg(k: int, quality: float) -> Alignment:
    return Alignment((k,), (k,), similarity=0.9, cosine=0.9, quality=quality, quality_z=0.5)


def _flag(flag_id: str, k: int | None, severity: str = "error", spans=(), **evidence):
    from tqcheck.types import Flag, Severity
    return Flag(flag_id, Severity(severity), k, "m", evidence, tuple(spans))


def test_document_score_is_the_weighted_segment_quality():
    scores = document_scores((_seg(0, 80.0), _seg(1, 40.0)), [10, 30], [10, 30])
    assert scores.document == pytest.approx((80 * 20 + 40 * 60) / 80)
    assert scores.band == "fair" and scores.zeroed_chars == 0


@pytest.mark.parametrize("flag, zeroed", [
    (_flag("untranslated", 1, copied=True, same=1.0), 20),       # a copy of the source
    (_flag("foreign-sentence", 1, detected="fa"), 20),            # a sentence in another language
    (_flag("wrong-language", None), 40),                          # the whole translation
    (_flag("low-similarity", 1, "warning"), 0),                   # weak, but it is a translation
])
def test_untranslated_copied_and_wrong_language_text_counts_as_zero(flag, zeroed):
    segs = (_seg(0, 90.0), _seg(1, 90.0))
    scores = document_scores(segs, [10, 10], [10, 10], (flag,))
    assert scores.zeroed_chars == zeroed
    assert scores.document == pytest.approx(90.0 * (40 - zeroed) / 40)


def test_an_untranslated_run_zeroes_only_its_characters():
    from tqcheck.types import Span
    run = _flag("untranslated", 0, spans=[Span("target", 0, 5, "متن")], script="arabic")
    scores = document_scores((_seg(0, 80.0),), [20], [20], (run,))
    assert scores.document == pytest.approx(80.0 * (1 - 5 / 20))  # a quarter of the translation is not one
    assert scores.zeroed_chars == 10


def test_a_failing_document_is_never_good():
    clean = document_scores((_seg(0, 85.0),), [10], [10])
    failed = document_scores((_seg(0, 85.0),), [10], [10], (_flag("number-mismatch", 0),))
    warned = document_scores((_seg(0, 85.0),), [10], [10], (_flag("truncated", 0, "warning"),))
    assert clean.band == warned.band == "good"
    assert failed.document == clean.document and failed.band == "fair"


def test_without_a_head_the_similarity_stands_in():
    scores = document_scores((Alignment((0,), (0,), similarity=0.5),), [10], [10])
    assert scores.document == 50.0
