"""Helpers for the detector case tables: run the detectors on one sentence pair, without the real model."""
from __future__ import annotations

import zlib

import numpy as np
import pytest


class FakeModel:
    """Stands in for the embedding model: texts listed in ``vectors`` get those vectors, any other text a fixed
    random unit vector (so unrelated texts have cosines near 0); ``prior`` is the 'unrelated' level."""

    def __init__(self, vectors: dict[str, list[float]] | None = None, prior: float = 0.0) -> None:
        self.vectors = vectors or {}
        self._prior = prior
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = []
        for text in texts:
            if text in self.vectors:
                v = np.array(self.vectors[text], dtype=np.float64)
            else:
                v = np.random.default_rng(zlib.crc32(text.encode())).normal(size=8)
            out.append(v / np.linalg.norm(v))
        return np.stack(out)

    def prior(self) -> float:
        return self._prior


def run_pair(source: str, target: str, lang: str = "fa", model: FakeModel | None = None, only: str | None = None,
             **thresholds):
    """Flags of one pair as a one-segment document (``only``: just that detector's flags, unmerged)."""
    from tqcheck.config import Thresholds
    from tools.evaluate import pair_context
    from tqcheck.flags import run_detectors

    from tqcheck.flags import DETECTORS

    ctx = pair_context(source, target, lang, Thresholds(**thresholds), model or FakeModel())
    if only is not None:
        return list(DETECTORS[only].detect(ctx))  # that detector alone, before findings of one cause merge
    return list(run_detectors(ctx))


@pytest.fixture
def pair_flags():
    """``pair_flags(source, target, lang, only=ID)`` -> the flags raised."""
    return run_pair


@pytest.fixture
def fake_model():
    """The ``FakeModel`` class (vectors by text, random unit vectors otherwise)."""
    return FakeModel
