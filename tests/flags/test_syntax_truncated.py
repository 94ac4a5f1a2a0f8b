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


def _line_context(sources: list[str], targets: list[str], target_lang: str = "ja"):
    from tqcheck.config import Thresholds
    from tqcheck.flags import FlagContext
    from tqcheck.types import Alignment, Document, Sentence

    def doc(lines, lang):
        sentences, offset = [], 0
        for i, line in enumerate(lines):
            sentences.append(Sentence(i, line, offset, offset + len(line), i))
            offset += len(line) + 1
        return Document(None, lang, "\n".join(lines), tuple(sentences))

    aligns = tuple(Alignment((i,), (i,), 0.9, 0.9) for i in range(len(sources)))
    return FlagContext(doc(sources, "en"), doc(targets, target_lang), aligns, Thresholds(), target_lang,
                       lambda s, t: 0.9, lambda s, t: 0.5)


def test_a_translation_that_drops_final_stops_throughout_is_not_cut_off():
    from tqcheck.flags.syntax import truncated

    sources = ["Okay, I changed it thank you. Now you can send me an email. Thanks.",
               "He is still here, and the article is still wrong.", "Please fix it soon.", "It is done."]
    styled = ["ありがとう メール を 送 っ て くださ い", "彼 は まだ ここ に い る", "すぐ 直 し て くださ い", "終わ り"]
    assert truncated(_line_context(sources, styled)) == []
    one_cut = ["ありがとう メール を 送 っ", "彼 は まだ ここ に い る 。", "すぐ 直 し て くださ い 。", "終わ り 。"]
    assert [f.alignment for f in truncated(_line_context(sources, one_cut))] == [0]


def test_japanese_is_cut_by_a_particle_ending_not_by_a_missing_full_stop():
    from tqcheck.flags.syntax import truncated

    sources = ["I would like an admin who was not involved to review this.", "He is still here.", "Please fix it.",
               "It is done.", "We read the script of the film."]
    targets = ["編集 に 関与 し な い 管理 者 が これ を レビュー し て 欲し い", "彼 は まだ ここ に い る 。",
               "すぐ 直 し て くださ い 。", "終わ り 。", "映画 の スクリプト を"]
    flags = truncated(_line_context(sources, targets))
    assert [(f.alignment, f.evidence["ending"]) for f in flags] == [(4, "を")]


def _unit_truncated(source: str, target: str) -> list[str]:
    """The endings ``truncated`` flags in one German -> English translation unit (markup kept out as check does)."""
    from tqcheck.config import Thresholds
    from tqcheck.flags import DETECTORS
    from tqcheck.flags.base import FlagContext
    from tqcheck.types import Alignment, Position, Unit
    from tqcheck.units import unit_document

    at = Position("app.en.po", 9, 8)
    unit = Unit("u1", source, target, at, at)
    (src, _), (tgt, _) = unit_document([unit], "source", "de"), unit_document([unit], "target", "en")
    ctx = FlagContext(src, tgt, (Alignment((0,), (0,), 0.9, 0.9, 1.0),), Thresholds(), "en",
                      lambda s, t: 0.9, lambda s, t: 0.0, units=(unit,))
    return [f.evidence["ending"] for f in DETECTORS["truncated"].detect(ctx)]


@pytest.mark.parametrize("source, target, endings", [
    ("Kopie von %s", "Copy of %s", []),                          # checked as 'Copy of': the value ends it
    ("Seite %d von %d", "Page %d of %d", []),
    ("Willkommen bei der <g id=\"1\">%s</g>.", "Welcome to the <g id=\"1\">%s</g>.", []),
    ("Gesendet an %s und <x id=\"2\"/>", "Sent to %s and <x id=\"2\"/>", []),
    ("Kopie von %s", "Copy of", ["of"]),                         # the placeholder is gone: a real cut
    ("Lesen Sie <b>die Hilfe</b>", "Read <b>the</b>", ["the"]),  # a closing tag stands for no value
    ("Klicken Sie <b>hier</b> und", "Click <b>here</b> and", ["and"]),
])
def test_a_unit_ending_in_a_placeholder_is_not_cut_off_at_the_word_before_it(source, target, endings):
    assert _unit_truncated(source, target) == endings
