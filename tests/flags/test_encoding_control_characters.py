"""control-characters: control characters and stray direction marks in a left-to-right translation."""
from __future__ import annotations

import pytest

SRC = "هزاران هوادار در میدان اصلی جمع شدند."


@pytest.mark.parametrize("target, char", [
    ("Thousands of fans\x07 gathered in the main square.", "\x07"),
    ("Thousands of fans gathered\x00 in the main square.", "\x00"),
    ("Thousands of fans gathered in the \x1bmain square.", "\x1b"),
    ("Thousands of \u200ffans gathered in the main square.", "\u200f"),
    ("Thousands of \u202bfans\u202c gathered in the main square.", "\u202b"),
    ("Thousands of fans \u2067gathered\u2069 in the main square.", "\u2067"),
    ("Thousands of fans gathered in the main\ufeff square.", "\ufeff"),
])
def test_flags_invisible_characters(pair_flags, target, char):
    flags = pair_flags(SRC, target, only="control-characters")
    assert len(flags) == 1 and flags[0].spans[0].text == char


@pytest.mark.parametrize("target", [
    "Thousands of fans gathered in the main square.",
    "Thousands of fans\tgathered in the main square.",
    "Thousands of fans gathered in the main\nsquare.",
    "Thousands of fans gathered in the main square 👩\u200d👩\u200d👧.",
])
def test_leaves_plain_text_alone(pair_flags, target):
    assert pair_flags(SRC, target, only="control-characters") == []


def test_direction_marks_are_fine_in_a_right_to_left_translation(fake_model):
    from tqcheck.config import Thresholds
    from tools.evaluate import pair_context
    from tqcheck.flags.encoding import control_characters

    ctx = pair_context("Thousands of fans gathered.", "هزاران \u200fهوادار جمع شدند.", "en", Thresholds(),
                       fake_model(), target_lang="fa")
    assert control_characters(ctx) == []
