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
