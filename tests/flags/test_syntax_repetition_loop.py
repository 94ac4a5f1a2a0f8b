"""repetition-loop: a phrase repeated back to back (MT hallucination loop)."""
from __future__ import annotations

import pytest

from tqcheck.flags.syntax import find_loop

SRC = "قیمت کود از ابتدای سال دو برابر شده است."


@pytest.mark.parametrize("target, phrase, repeats", [
    ("The price of fertilizer of fertilizer of fertilizer of fertilizer has doubled.", "of fertilizer", 4),
    ("The price has doubled since the beginning since the beginning of the year.", "since the beginning", 2),
    ("The the the price has doubled.", "The", 3),
    ("Farmers say, farmers say, farmers say the price has doubled.", "Farmers say", 3),
])
def test_flags_loops(pair_flags, target, phrase, repeats):
    flags = pair_flags(SRC, target, only="repetition-loop")
    assert len(flags) == 1 and flags[0].severity.value == "error"
    assert (flags[0].evidence["phrase"], flags[0].evidence["repeats"]) == (phrase, repeats)
    assert flags[0].spans[0].text.lower().startswith(phrase.lower())


@pytest.mark.parametrize("target", [
    "Farmers say the price of fertilizer has doubled since the beginning of the year.",
    "Step by step, day after day, the price has doubled.",
    "The price rose again and again.",
    "It is very, very expensive.",
])
def test_leaves_correct_english_alone(pair_flags, target):
    assert pair_flags(SRC, target, only="repetition-loop") == []


def test_min_repeats_threshold(pair_flags):
    target = "The price rose rose rose last year."
    assert pair_flags(SRC, target, only="repetition-loop")
    assert pair_flags(SRC, target, only="repetition-loop", repetition_min_repeats=4) == []


def test_find_loop_returns_first_loop():
    assert find_loop("a b c d".split(), 3) is None
    assert find_loop("x y x y x y z".split(), 3) == (0, 2, 3)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("words", [[], ["*", "*", "*"], ["a"]])
def test_find_loop_ends_for_any_repeat_setting(words):
    """``find_loop([], 0)`` used to spin forever (a '* * *' line with repetition_min_repeats=0 hung a check)."""
    for min_repeats in (0, 1, 2):
        found = find_loop(words, min_repeats)
        assert found is None or found[2] >= 2
@pytest.mark.parametrize("source, target", [
    ("PUSH PUSH PUSH PUSH! HARDER!", "押す 押す 押す 押す ! もっと !"),                  # the source repeats itself
    ("You might like www.uncyclopedia.org instead.", "代わり に w w w .uncyclopedia . org を"),  # a split 'www'
])
def test_repetitions_that_mirror_the_source_are_not_loops(fake_model, source, target):
    from tqcheck.config import Thresholds
    from tools.evaluate import pair_context
    from tqcheck.flags.syntax import repetition_loop

    assert repetition_loop(pair_context(source, target, "en", Thresholds(), fake_model(), target_lang="ja")) == []
