"""length-ratio in short documents: measured against the language pair's fitted ratio (Language.english_ratio)."""
from __future__ import annotations

import pytest

from tqcheck.flags.lengths import pair_ratio
from tqcheck.languages import LANGUAGES

ZH = "许多年轻人离开农村，到大城市寻找工作。"
FA = "بسیاری از جوانان روستاها را ترک می‌کنند تا در شهرهای بزرگ کار پیدا کنند."
EN = "Many young people are leaving the countryside to look for work in large cities."


@pytest.mark.parametrize("source, lang, target, what", [
    (FA, "fa", "Young people leave.", "shorter"),
    (ZH, "zh", "Young people.", "shorter"),
    (FA, "fa", EN + " " + EN.lower() + " " + EN.lower(), "longer"),
])
def test_flags_outliers_for_the_pair(pair_flags, source, lang, target, what):
    flags = pair_flags(source, target, lang, only="length-ratio")
    assert len(flags) == 1 and what in flags[0].message
    assert flags[0].evidence["expected_from"].startswith("language pair")


@pytest.mark.parametrize("source, lang", [(FA, "fa"), (ZH, "zh")])
def test_normal_translations_pass(pair_flags, source, lang):
    assert pair_flags(source, EN, lang, only="length-ratio") == []


def test_unmeasured_pairs_fall_back_to_the_document(pair_flags):
    assert pair_ratio("fa", "de") is None and {lang.code for lang in LANGUAGES.values() if lang.english_ratio} == {"fa", "ar", "de", "zh", "ru", "es"}
    # Japanese has no fitted ratio: a one-segment document is its own expectation, so nothing is flagged
    assert pair_flags("若者は仕事を求めて都市へ移る。", "Young people.", "ja", only="length-ratio") == []


def test_thresholds(pair_flags):
    assert pair_flags(FA, "Young people leave.", "fa", only="length-ratio")
    assert pair_flags(FA, "Young people leave.", "fa", only="length-ratio", length_ratio_low=0.1) == []
