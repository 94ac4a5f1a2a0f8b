"""mojibake: mis-decoded text and replacement characters (ftfy's detection)."""
from __future__ import annotations

import pytest

SRC = "هزاران هوادار در میدان اصلی جمع شدند تا پیروزی تیم را جشن بگیرند."
CLEAN = "Thousands of fans gathered in the main square to celebrate the team’s “historic” victory — café-style."


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_flags_utf8_read_as_a_single_byte_codec(pair_flags, codec):
    import ftfy.bad_codecs  # noqa: F401

    broken = CLEAN.encode("utf-8").decode(codec)
    flags = pair_flags(SRC, broken, only="mojibake")
    assert len(flags) == 1 and flags[0].severity.value == "error"
    assert flags[0].evidence["repaired"] == CLEAN


@pytest.mark.parametrize("target", [
    "Thousands of fans gathered in the main square to celebrate the team\ufffds victory.",
    "Thousands of fans gathered in the m\ufffd\ufffdn square.",
])
def test_flags_replacement_characters(pair_flags, target):
    flags = pair_flags(SRC, target, only="mojibake")
    assert len(flags) == 1 and flags[0].spans[0].text == "\ufffd"


@pytest.mark.parametrize("target", [
    CLEAN,
    "Prices rose 5 € or £4 (½ off), said Zoë Müller of Société Générale in Zürich © 2024.",
    "The Ñandú reserve in São Paulo — “naïve” résumé, coöperation; 3×4 = 12 ± 1 °C.",
    "Thousands of fans — 20% more than in 2019 — gathered: “Olé!”",
])
def test_leaves_correct_text_alone(pair_flags, target):
    assert pair_flags(SRC, target, only="mojibake") == []
