"""hallucination: a translation much longer than its source and unlike it (embeddings via a fake model)."""
from __future__ import annotations

SRC = "بیمارستان تجهیزات جدیدی خریده است."
SHORT = "The hospital has bought new equipment."
LONG = ("The hospital has bought new equipment, and the minister said the government would build ten thousand "
        "new homes by 2026 while fans gathered in the square.")


def _model(fake_model, cos: float):
    """Source and long target at cosine ``cos``; the 'unrelated' level 0."""
    import math

    return fake_model({SRC: [1.0, 0.0], LONG: [cos, math.sqrt(1 - cos * cos)], SHORT: [1.0, 0.0]}, prior=0.0)


def test_flags_long_and_unlike_the_source(pair_flags, fake_model):
    flags = pair_flags(SRC, LONG, model=_model(fake_model, 0.3), only="hallucination")
    assert len(flags) == 1 and flags[0].severity.value == "error"
    assert flags[0].evidence["length_ratio"] > 2.0 and flags[0].evidence["similarity"] < 0.9


def test_long_but_faithful_is_not_flagged(pair_flags, fake_model):
    assert pair_flags(SRC, LONG, model=_model(fake_model, 0.95), only="hallucination") == []


def test_short_translation_is_not_embedded(pair_flags, fake_model):
    model = _model(fake_model, 0.0)
    assert pair_flags(SRC, SHORT, model=model, only="hallucination") == []
    assert model.calls == 0  # the length gate comes first: no embedding for ordinary sentences


def test_thresholds(pair_flags, fake_model):
    assert pair_flags(SRC, LONG, model=_model(fake_model, 0.3), only="hallucination",
                      hallucination_length=10.0) == []
    assert pair_flags(SRC, LONG, model=_model(fake_model, 0.3), only="hallucination",
                      hallucination_similarity=0.0) == []
