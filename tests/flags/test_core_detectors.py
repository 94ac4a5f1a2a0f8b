"""Case tables for the core detectors, on hand-built documents and alignments (no model needed)."""
from __future__ import annotations

import pytest

from tqcheck.config import Thresholds
from tqcheck.flags import FlagContext, run_detectors
from tqcheck.flags.numbers import extract_numbers, word_numbers
from tqcheck.pipeline import make_document
from tqcheck.types import Alignment, Severity


def make_ctx(src: str, tgt: str, beads, src_lang="fa", tgt_lang="en", cosine=None, expected="en"):
    source = make_document(src, src_lang, None, True)
    target = make_document(tgt, tgt_lang, None, True)
    alignments = tuple(Alignment(tuple(s), tuple(t), 0.9 if s and t else None, 0.9 if s and t else None, 1.0)
                       for s, t in beads)
    return FlagContext(source, target, alignments, Thresholds(), expected,
                       cosine or (lambda s, t: 0.9), lambda s, t: 0.8)


def flags_of(ctx, flag_id):
    return [f for f in run_detectors(ctx) if f.id == flag_id]


NUMBER_CASES = [
    # (source, target, src_lang, flagged?)
    ("۴۴۸۷ کشته و ۳۲ هزار زخمی", "4,487 killed and 32,000 wounded", "fa", False),
    ("حدود ۶ تریلیون دلار", "about 6 trillion dollars", "fa", False),
    ("با دو دستور", "with 2 orders", "fa", False),
    ("روز پنجشنبه (۵ فوریه)", "on Thursday (5th of February)", "fa", False),
    ("٣٢ ألف جريح", "32,000 wounded", "ar", False),
    ("3,5 Millionen Euro", "3.5 million euros", "de", False),
    ("超过2000人参加了2026年的会议", "more than 2,000 people attended the 2026 meeting", "zh", False),
    ("建了1万套房子", "built 10,000 homes", "zh", False),
    ("Он заплатил 10 000 рублей.", "He paid 10,000 roubles.", "ru", False),
    ("Звоните 0800 555 111.", "Call 0800 555 111.", "ru", False),
    ("۸۰ نفر زخمی شدند", "18 people were wounded", "fa", True),
    ("超过2000人", "more than 3,000 people", "zh", True),
    ("در سال ۲۰۲۳", "in 2024", "fa", True),
    ("۴۴۸۷ کشته", "4,478 killed", "fa", True),
    ("۱۵۰۰ نفر", "1.5 people", "fa", True),
]


@pytest.mark.parametrize("src, tgt, lang, flagged", NUMBER_CASES)
def test_number_mismatch_case_table(src, tgt, lang, flagged):
    flags = flags_of(make_ctx(src, tgt, [((0,), (0,))], src_lang=lang), "number-mismatch")
    assert bool(flags) == flagged
    if flagged:
        f = flags[0]
        assert f.severity is Severity.ERROR
        assert f.evidence["missing_in_translation"] or f.evidence["missing_in_source"]
        assert all(span.text for span in f.spans)


def test_numbers_elsewhere_in_the_neighbourhood_are_not_flagged():
    ctx = make_ctx("او ۳ بار آمد. دیروز.", "He came. Yesterday, 3 times.", [((0,), (0,)), ((1,), (1,))])
    assert flags_of(ctx, "number-mismatch") == []


def test_number_words_match_but_never_flag():
    assert word_numbers("two orders and هزار") >= {2.0, 1000.0}
    assert extract_numbers("two orders", "en") == []


def test_omission_and_addition():
    ctx = make_ctx("این جمله اول است. این جمله دوم است که ترجمه نشد.", "This is the first sentence. Leave a Comment",
                   [((0,), (0,)), ((1,), ()), ((), (1,))])
    omission, addition = flags_of(ctx, "omission"), flags_of(ctx, "addition")
    assert omission[0].severity is Severity.ERROR and omission[0].alignment == 1
    assert addition[0].severity is Severity.WARNING and addition[0].spans[0].text == "Leave a Comment"


def test_fragment_starting_with_punctuation_or_lower_case():
    tgt = "The US closed the bases in Erbil. , Ain al-Assad and al-Tanf, to comply.\n\nend of message/"
    ctx = make_ctx("آمریکا پایگاه‌ها را بست.\n\nانتهای پیام/", tgt, [((0,), (0, 1)), ((1,), (2,))])
    flags = flags_of(ctx, "fragment")
    assert [f.evidence["target_sentence"] for f in flags] == [2]  # a paragraph may start in lower case
    assert flags[0].spans[0].text == ","


def test_fragment_that_adds_nothing_to_its_group():
    def cosine(src, tgt):  # the match is better without sentence 1
        return 0.92 if tgt == (0,) else 0.91

    ctx = make_ctx("دستور دوم برای انتقام خون شهدایی است که به شهادت رسیده‌اند.",
                   "The second order is to avenge the blood of the martyrs. They have been martyred.",
                   [((0,), (0, 1))], cosine=cosine)
    flags = flags_of(ctx, "fragment")
    assert len(flags) == 1 and flags[0].evidence["target_sentence"] == 2
    assert flags[0].evidence["distance_without"] < flags[0].evidence["distance_with"]


def test_short_sentence_with_content_of_its_own_is_not_a_fragment():
    def cosine(src, tgt):  # removing sentence 1 makes the match worse: it carries source content
        return 0.93 if tgt == (0, 1) else 0.88

    ctx = make_ctx("او آمد و گفت که ۴۵ سال دارد.", "He came. He is 45 years old.", [((0,), (0, 1))], cosine=cosine)
    assert flags_of(ctx, "fragment") == []


@pytest.mark.parametrize("tgt, flagged", [
    ("the advisers will leave and in The final end of the mission will be announced.", True),
    ("He works for The New York Times in Washington.", False),
    ("The first order is related to the strikes.", False),
    ("He said: The end is near.", False),
    ("Palin faces three Class A misdemeanours, meaning he could be jailed.", False),
    ("72 per cent of students achieved a Higher grade A in Mandarin.", False),
    ("the forces will gradually leave and in A final step the mission ends.", True),
])
def test_mid_sentence_capital(tgt, flagged):
    ctx = make_ctx("یک جمله.", tgt, [((0,), (0,))])
    assert bool(flags_of(ctx, "mid-sentence-capital")) == flagged


@pytest.mark.parametrize("tgt, flagged", [
    ("The minister met the مستشاران in Baghdad.", True),
    ("The minister met the advisers in Baghdad.", False),
    ("The minister (وزیر) met the advisers.", True),
    ("Il-Shadadi and Ain al-Assad were closed.", False),
])
def test_untranslated_script(tgt, flagged):
    flags = flags_of(make_ctx("وزیر با مستشاران در بغداد دیدار کرد.", tgt, [((0,), (0,))]), "untranslated")
    assert bool(flags) == flagged
    if flagged:
        assert flags[0].severity is Severity.ERROR and flags[0].evidence["script"] == "arabic"


def test_untranslated_copy_of_the_source():
    ctx = make_ctx("Das ist ein langer Satz ohne Übersetzung.", "Das ist ein langer Satz ohne Übersetzung.",
                   [((0,), (0,))], src_lang="de")
    assert flags_of(ctx, "untranslated")[0].evidence["copied"] is True


def test_wrong_language_is_a_document_flag():
    ctx = make_ctx("Ein Satz.", "Une phrase.", [((0,), (0,))], src_lang="de", tgt_lang="fr")
    flag = flags_of(ctx, "wrong-language")[0]
    assert flag.alignment is None and flag.evidence == {"detected": "fr", "expected": "en"}


def test_low_similarity_and_length_ratio():
    ctx = make_ctx("x" * 50, "y" * 50, [((0,), (0,))])
    low = Alignment((0,), (0,), similarity=0.05, cosine=0.8, length_ratio=0.2)
    ctx = FlagContext(ctx.source, ctx.target, (low,), Thresholds(), "en", ctx.cosine, ctx.base)
    found = {f.id: f for f in run_detectors(ctx)}
    assert found["low-similarity"].severity is Severity.ERROR
    assert found["length-ratio"].evidence["length_ratio"] == 0.2


def test_omission_of_a_chinese_sentence_is_an_error():
    ctx = make_ctx("今天下雨了。我们今天不去公园玩了。", "It rained today.", [((0,), (0,)), ((1,), ())], src_lang="zh")
    flag = flags_of(ctx, "omission")[0]
    assert flag.severity is Severity.ERROR and flag.evidence["words"] >= 4


def test_a_value_just_past_its_threshold_is_never_shown_as_the_threshold():
    ctx = make_ctx("x" * 50, "y" * 50, [((0,), (0,))])
    near = Alignment((0,), (0,), similarity=0.3498, cosine=0.8, length_ratio=0.398)
    ctx = FlagContext(ctx.source, ctx.target, (near,), Thresholds(), "en", ctx.cosine, ctx.base)
    found = {f.id: f for f in run_detectors(ctx)}
    assert found["low-similarity"].message.startswith("similarity 0.3498 is below 0.35:")  # was "0.35 is below 0.35"
    assert found["length-ratio"].message.startswith("translation is 0.398x the expected length")  # was "0.4x"
