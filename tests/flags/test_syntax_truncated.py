"""truncated: sentences cut off (end in a function word, or lose the source's final punctuation)."""
from __future__ import annotations

import pytest

SRC = "پزشکان توصیه می‌کنند به اندازه کافی آب بنوشید و روزانه دست‌کم سی دقیقه پیاده‌روی کنید."


@pytest.mark.parametrize("target, ending", [
    ("Doctors recommend drinking enough water and walking at least thirty minutes a day and.", "and."),
    ("Doctors recommend drinking enough water and walking at least thirty minutes of the.", "the."),
    ("Doctors recommend drinking enough water and", "and"),
    ("Doctors recommend drinking enough water and walking", "walking"),
])
def test_flags_cut_sentences(pair_flags, target, ending):
    flags = pair_flags(SRC, target, only="truncated")
    assert len(flags) == 1 and flags[0].evidence["ending"] == ending


@pytest.mark.parametrize("source, target", [
    (SRC, "Doctors recommend drinking enough water and walking at least thirty minutes a day."),
    (SRC, "Doctors recommend drinking enough water and walking at least thirty minutes a day"),  # full length
    ("طوفان هزاران نفر را بی‌برق گذاشت", "Storm leaves thousands"),  # a headline: the source has no full stop
    (SRC, "What are doctors recommending: water and a walk of thirty minutes a day, they say for instance:"),
    (SRC, "Doctors recommend water, and a daily walk, and they say so in a report on vitamin A."),
])
def test_leaves_complete_sentences_alone(pair_flags, source, target):
    assert pair_flags(source, target, only="truncated") == []


def test_ratio_threshold(pair_flags):
    cut = "Doctors recommend drinking enough water and walking"
    assert pair_flags(SRC, cut, only="truncated")
    assert pair_flags(SRC, cut, only="truncated", truncated_max_ratio=0.3) == []
