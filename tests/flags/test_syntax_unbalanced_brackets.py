"""unbalanced-brackets: a bracket or quote not closed or not opened."""
from __future__ import annotations

import pytest

from tqcheck.flags.syntax import unbalanced

SRC = "این گزارش هفته گذشته در وب‌سایت این سازمان منتشر شد."


@pytest.mark.parametrize("target, char", [
    ("The report (published last week was read widely.", "("),
    ("The report was published last week) on the website.", ")"),
    ("The report [published last week was read widely.", "["),
    ("The coach said “we will not give up and left early.", "“"),
    ("The report was published on the Mercedes\" website last week.", '"'),
])
def test_flags_unmatched(pair_flags, target, char):
    flags = pair_flags(SRC, target, only="unbalanced-brackets")
    assert len(flags) == 1 and flags[0].spans[0].text == char


@pytest.mark.parametrize("source, target", [
    (SRC, "The report (published last week) was read widely."),
    (SRC, "The report was published on the website (www.example.org/a_(b)) last week."),
    (SRC, "“We will not give up,” the coach said [twice]."),
    (SRC, "„Wir geben nicht auf“, sagte er."),
    # a quotation running over several sentences: the quote opens or closes at a sentence edge
    (SRC, "\"Everyone knew him for his smile."),
    (SRC, "He wrote on Twitter: \"A month ago today I suffered a stroke."),
    (SRC, "I got a B cap and that was it,\" Ross told BBC Scotland."),
    # the source is unbalanced too: not the translator's doing
    ("این گزارش (هفته گذشته منتشر شد.", "The report (published last week was read widely."),
])
def test_leaves_balanced_or_inherited_alone(pair_flags, source, target):
    assert pair_flags(source, target, only="unbalanced-brackets") == []


def test_balanced_paragraph_is_not_flagged(pair_flags):
    target = "He said: (The report was published. It was read widely.) Then he left."
    assert pair_flags(SRC, target, only="unbalanced-brackets") == []


def test_unbalanced_positions():
    assert unbalanced("a (b [c) d") == [(5, "[")]
    assert unbalanced("a (b) c) [d") == [(7, ")"), (9, "[")]
    assert unbalanced("(a) «b» “c”") == []


def test_an_open_quote_is_a_note_and_an_open_bracket_a_warning(pair_flags):
    source = "The police said the man was arrested on Monday."
    quote = pair_flags(source, 'The police said "the man was arrested on Monday.', "en",
                       only="unbalanced-brackets")
    bracket = pair_flags(source, "The police said (the man was arrested on Monday.", "en",
                         only="unbalanced-brackets")
    assert [f.severity.value for f in quote] == ["info"]
    assert [f.severity.value for f in bracket] == ["warning"]
