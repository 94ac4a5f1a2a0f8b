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

