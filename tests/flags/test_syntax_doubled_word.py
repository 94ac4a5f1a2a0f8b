"""doubled-word: the same word twice in a row."""
from __future__ import annotations

import pytest

SRC = "شورای شهر بودجه جدیدی برای مدارس تصویب کرد."


@pytest.mark.parametrize("target", [
    "The city council approved the the new budget.",
    "The city council approved a new new budget for schools.",
    "The The city council approved a new budget.",
])
def test_flags_doubled_words(pair_flags, target):
    flags = pair_flags(SRC, target, only="doubled-word")
    assert len(flags) == 1
    assert flags[0].severity.value == "warning" and flags[0].spans[0].side == "target"
    assert flags[0].spans[0].text.split()[0].lower() == flags[0].evidence["word"]


@pytest.mark.parametrize("target", [
    "The city council approved a new budget for schools.",
    "He had had enough of the budget that that council approved.",
    "She was very very tired after the meeting.",
    "They played Duran Duran at the reception.",
    "In 2020 2020 was a year of budgets.",
])
def test_leaves_correct_english_alone(pair_flags, target):
    assert pair_flags(SRC, target, only="doubled-word") == []


@pytest.mark.parametrize("target, lang, flagged", [
    ("Es sind die Frauen, die die Wahl gewonnen haben.", "de", False),
    ("Haben Sie sie gesehen?", "de", False),
    ("Nous nous sommes levés tôt.", "fr", False),
    ("Das Haus ist ist alt.", "de", True),
])
def test_doubled_words_other_languages_allow(fake_model, target, lang, flagged):
    from tqcheck.config import Thresholds
    from tools.evaluate import pair_context
    from tqcheck.flags.syntax import doubled_word

    ctx = pair_context("The source sentence.", target, "en", Thresholds(), fake_model(), target_lang=lang)
    assert bool(doubled_word(ctx)) is flagged
