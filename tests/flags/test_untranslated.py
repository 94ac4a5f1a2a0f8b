"""untranslated: source script left in the translation, copies and near-copies of the source."""
from __future__ import annotations

import pytest

from tqcheck.flags.untranslated import copy_ratio

DE = "Die Zentralbank ließ ihren Leitzins unverändert bei vier Prozent."


@pytest.mark.parametrize("source, lang, target", [
    (DE, "de", DE),
    (DE, "de", "Die Zentralbank ließ ihren Leitzins unverändert bei vier Prozent!"),
    (DE, "de", "Die Zentralbank ließ hren Leitzins unverändert bei vier Prozent."),
    ("بانک مرکزی نرخ بهره را ثابت نگه داشت.", "fa", "The central bank kept نرخ بهره unchanged."),
])
def test_flags_copies_and_source_script(pair_flags, source, lang, target):
    flags = pair_flags(source, target, lang, only="untranslated")
    assert flags and all(f.severity.value == "error" for f in flags)


@pytest.mark.parametrize("source, lang, target", [
    (DE, "de", "The central bank left its key rate unchanged at four percent."),
    ("Die Zentralbank ließ ihren Leitzins.", "de", "Die Zentralbank let its rate be."),
    ("Berlin, Paris", "de", "Berlin, Paris"),  # fewer than three words: names only
])
def test_leaves_translations_alone(pair_flags, source, lang, target):
    assert pair_flags(source, target, lang, only="untranslated") == []


def test_near_copy_threshold(pair_flags):
    target = "Die Zentralbank ließ hren Leitzins unverändert bei vier Prozent."
    assert pair_flags(DE, target, "de", only="untranslated", near_copy_ratio=1.0) == []
    assert copy_ratio("abc def", "abc def") == 1.0


@pytest.mark.timeout(30)
def test_copy_ratio_is_fast_on_long_segments():
    """difflib took 25 s on a 4,000-character pair and grew cubically; rapidfuzz is bit-parallel and capped."""
    import random

    rng = random.Random(0)
    words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 9))) for _ in range(30_000)]
    src = " ".join(words)
    tgt = " ".join(w if rng.random() < 0.95 else "x" for w in words)
    for n in (4_000, 8_000, 200_000):
        ratio = copy_ratio(src[:n], tgt[:n])
        assert 0.8 < ratio < 1.0
    assert copy_ratio(src, src[:1000]) < 0.1  # lengths bound the ratio of long texts
def _target_flags(fake_model, source: str, target: str, target_lang: str, source_lang: str = "en"):
    from tqcheck.config import Thresholds
    from tools.evaluate import pair_context
    from tqcheck.flags.untranslated import untranslated

    return untranslated(pair_context(source, target, source_lang, Thresholds(), fake_model(), target_lang=target_lang))


@pytest.mark.parametrize("target, lang", [
    ("我 的 页面 上 仍然 显示 Nicolas Maduro 的 名字 。", "zh"),       # a name
    ("Fujica ZS400 Single 8 カメラ が 光音 で 記録 し た", "ja"),        # a product code
    ("Сайт SAAMI и блог Battle of the Nek обновлены.", "ru"),           # acronym, a title with 'of the'
    ("نماینده‌های MWP نگران هستند.", "fa"),
])
def test_latin_names_and_codes_are_not_untranslated_in_other_scripts(fake_model, target, lang):
    assert _target_flags(fake_model, "Some English source text about it.", target, lang) == []


def test_running_latin_text_in_a_cjk_translation_is_untranslated(fake_model):
    source = "LOL yeah good one mate, have the rest of the day off"
    flags = _target_flags(fake_model, source, "LOL yeah good one mate 今天 剩下 的 时间 休息 吧", "zh")
    assert len(flags) == 1 and flags[0].severity.value == "error" and "good one mate" in flags[0].message
