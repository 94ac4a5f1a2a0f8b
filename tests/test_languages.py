"""The language table: facts that must agree with each other and with the stages that read them."""
from __future__ import annotations

import pytest

from tqcheck.languages import LANGUAGES, base_code, is_rtl, language, script_of
from tqcheck.langid import SUPPORTED_LANGS


def test_every_language_the_models_cover_has_its_facts():
    assert SUPPORTED_LANGS <= set(LANGUAGES)


def test_facts_agree_with_the_script():
    for lang in LANGUAGES.values():
        if lang.rtl:
            assert lang.script in {"ARABIC", "HEBREW", "THAANA"}, lang
        if lang.cased:
            assert lang.script in {"LATIN", "CYRILLIC", "GREEK"}, lang
        if lang.comma_decimal:
            assert lang.cased, lang  # every decimal-comma language in the table writes a cased script


@pytest.mark.parametrize("code, expected", [("fa", True), ("ar-EG", True), ("iw", True), ("he", True), ("ckb", True),
                                            ("dv", True), ("ur", True), ("en", False), ("zh", False), ("xx", False)])
def test_one_right_to_left_set_for_report_and_detectors(code, expected):
    from tqcheck.render.html import text_direction

    assert is_rtl(code) is expected
    assert text_direction(code) == ("rtl" if expected else "ltr")


def test_codes_are_normalised_before_lookup():
    assert base_code("zh_TW") == "zh" and base_code("PT-br") == "pt" and base_code("prs") == "fa"
    assert language("nb").code == "no" and script_of("xx", "LATIN") == "LATIN"



@pytest.mark.parametrize("code, spaced", [("zh", False), ("ja", False), ("th", False), ("lo", False), ("my", False),
                                          ("km", False), ("ko", True), ("en", True), ("fa", True)])
def test_word_counts_and_word_alignment_agree_on_the_scripts_written_without_spaces(code, spaced):
    from tqcheck.flags.textutil import word_count
    from tqcheck.wordalign import _WORD

    sample = {"zh": "我们今天", "ja": "きょうは", "th": "วันนี้ดี", "lo": "ມື້ນີ້ດີ", "my": "ယနေ့ကောင်း",
              "km": "ថ្ងៃនេះល្អ", "ko": "안녕하세요 여러분", "en": "a good day", "fa": "روز خوب است"}[code]
    assert language(code).spaced is spaced
    pieces = [m.group() for m in _WORD.finditer(sample)]
    if spaced:  # words are what the spaces separate
        assert word_count(sample) == len(sample.split()) == len(pieces)
    else:       # the word aligner takes each character as a word, the word count two characters a word
        assert pieces == list(sample) and word_count(sample) == (len(sample) + 1) // 2


@pytest.mark.parametrize("target_lang, tgt, flagged", [
    ("fr", "Pourquoi ? Parce qu'il pleut. Nous restons à la maison aujourd'hui.", False),
    ("de", "Warum ? Weil es regnet. Wir bleiben heute zu Hause.", True)])
def test_french_typography_is_one_fact_the_punctuation_detector_reads(fake_embedder, target_lang, tgt, flagged):
    import tqcheck
    from tqcheck.config import CheckConfig

    src = "Why? Because it rains. We stay at home today."
    fake_embedder.pair_texts(src, tgt, "en", target_lang)
    assert language(target_lang).space_before_marks is not flagged
    report = tqcheck.check(src, tgt, config=CheckConfig(source_lang="en", target_lang=target_lang))
    assert ("punctuation-spacing" in {f.id for f in report.flags}) is flagged, report.flags
