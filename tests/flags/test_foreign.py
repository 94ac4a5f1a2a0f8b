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


def _target_flags(target: str, target_lang: str, source: str = "Thanks a lot, and all the best to every one of you.",
                  source_lang: str = "en"):
    from tests.flags.conftest import FakeModel
    from tools.evaluate import pair_context
    from tqcheck.config import Thresholds
    from tqcheck.flags import DETECTORS

    ctx = pair_context(source, target, source_lang, Thresholds(), FakeModel(), target_lang=target_lang)
    return list(DETECTORS["foreign-sentence"].detect(ctx))


@pytest.mark.parametrize("target, target_lang", [
    # tokenised Chinese MT (WMT21 CED style) that langdetect reads as Korean or Vietnamese: the letters are Han
    ("我 写 过 这 篇文章 的 三分之二 以上 ( 大部分 是 用 我 的 实际 用户名 ) , 所以 不要 因为 利弗顿 而 恶魔 化 我 。", "zh"),
    # Czech that langdetect reads as Slovak: a close relative, not a foreign sentence
    ("Vše nejlepší , doktorko Shriniwas Kashalikarová .", "cs"),
])
def test_script_and_close_relatives_are_not_foreign(target, target_lang):
    assert _target_flags(target, target_lang) == []


def test_english_left_in_chinese_output_is_still_found():
    flags = _target_flags("我 不是 假 袜子 。 No, there is not a reliable source that states he is going to be there.", "zh")
    assert [f.evidence["detected"] for f in flags] == ["en"]
