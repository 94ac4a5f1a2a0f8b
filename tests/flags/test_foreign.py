"""foreign-sentence: a translated sentence that reads as another language (langdetect, long sentences only)."""
from __future__ import annotations

import pytest

SRC_ES = "Muchos jóvenes abandonan el campo para buscar trabajo en las grandes ciudades."


@pytest.mark.parametrize("source, lang, target, detected, severity", [
    (SRC_ES, "es", SRC_ES, "es", "error"),
    (SRC_ES, "es", "Viele junge Menschen verlassen das Land, um in großen Städten Arbeit zu suchen.", "de", "warning"),
    ("Многие молодые люди уезжают из сельской местности.", "ru",
     "Muchos jóvenes abandonan el campo para buscar trabajo en las grandes ciudades.", "es", "warning"),
])
def test_flags_sentences_in_another_language(pair_flags, source, lang, target, detected, severity):
    flags = pair_flags(source, target, lang, only="foreign-sentence")
    assert len(flags) == 1
    assert flags[0].evidence["detected"] == detected and flags[0].severity.value == severity


@pytest.mark.parametrize("target", [
    "Many young people are leaving the countryside to look for work in large cities.",
    "Muchos jóvenes, \"many young people\", leave.",  # too short to tell
    "CBS had 3.1 million, NBC had 2.94 million, MSNBC had 2.89 million and CNN had 2.52 million, Nielsen said.",
    "Indonesia Tsunami and Quake Devastate an Island, Killing Hundreds of People in Sulawesi",
])
def test_leaves_english_alone(pair_flags, target):
    assert pair_flags(SRC_ES, target, "es", only="foreign-sentence") == []


def test_thresholds(pair_flags):
    target = "Viele junge Menschen verlassen das Land, um in großen Städten Arbeit zu suchen."
    assert pair_flags(SRC_ES, target, "es", only="foreign-sentence", foreign_min_letters=200) == []
    assert pair_flags(SRC_ES, target, "es", only="foreign-sentence", foreign_min_probability=1.01) == []
