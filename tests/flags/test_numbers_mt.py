"""number-mismatch on machine-translation output: tokenised numbers, Roman numerals, glued digits, months."""
from __future__ import annotations

import pytest

from tqcheck.config import Thresholds
from tools.evaluate import pair_context
from tqcheck.flags.numbers import number_mismatch


def flags(fake_model, source: str, target: str, target_lang: str):
    return number_mismatch(pair_context(source, target, "en", Thresholds(), fake_model(), target_lang=target_lang))


@pytest.mark.parametrize("source, target, lang", [
    ("Madagascar $1.9 billion each", "マダガスカル の 各 1 . 9 億 ドル", "ja"),                 # split decimal
    ("I have always suspected Pope John Paul II was behind this.", "教皇 ヨハネ ・ パウロ 2 世 が 背後 に", "ja"),
    ("And thank You Gadget850", "そして ありがとう Gadget 850", "ja"),                         # glued digits
    ("REDIRECT Talk:1979 Sligo Championship", "リダイレクト トーク : 1979 スリゴ", "ja"),
    ("the disams that were fixed on July 3.", "7 月 3 日 に 修正 さ れ た", "ja"),              # month name
    ("I will avoid that article for a week.", "私 は 1 週間 その 記事 を 避け ま す 。", "ja"),   # 'a' = 1
    ("worked in biotech for a decade", "10 年間 バイオテクノロジー で 働 い た", "ja"),
])
def test_quiet_on_good_tokenised_mt(fake_model, source, target, lang):
    assert flags(fake_model, source, target, lang) == []


@pytest.mark.parametrize("source, target, lang", [
    ("Madagascar $1.9 billion each", "マダガスカル の 各 2 . 9 億 ドル", "ja"),
    ("The law was passed in 1990.", "Das Gesetz wurde 2000 verabschiedet .", "de"),
    ("Pope John Paul II was behind this.", "教皇 ヨハネ ・ パウロ 3 世 が 背後 に", "ja"),
])
def test_still_flags_changed_numbers(fake_model, source, target, lang):
    assert len(flags(fake_model, source, target, lang)) == 1
