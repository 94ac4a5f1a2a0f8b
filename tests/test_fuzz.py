"""Fuzzing with hypothesis: readers, segmentation, language id, numbers, detectors and renderers never crash,
never hang (a deadline per example) and always give the same answer twice.

10,000 examples in all (derandomised: the same examples on every run, so CI is reproducible); the
pipeline runs with a fake embedder. Text is built from pieces that stress the code (abbreviations, CJK and
Persian stops, digits of three scripts, quotes, brackets, URLs, controls, bidi overrides, long runs of dots)
mixed with arbitrary characters.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from fakes import HashEmbedder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tqcheck
from tqcheck.config import CheckConfig
from tqcheck.errors import InputError, LanguageError, TqcheckError

PIECES = [
    " ", "  ", "\n", "\n\n", "\t", ".", "...", "..........", "!", "?", "؟", "。", "！", "…", "۔", "Dr.", "Mr.", "z.B.",
    "U.S.", "5.", "Februar", "J.", "“", "”", "«", "»", "(", ")", "[", "]", '"', "'", ",", "،", "3.5", "1,000",
    "۲۵", "٣٤", "42", "£2.8bn", "8 pm", "20 Uhr", "fifty-eight", "two", "https://x.org/a?b=c", "me@x.org", "#tag",
    "@user", "\u202e", "\u202c", "\u2066", "\u200c", "\u200f", "\x1b[2J", "\x00", "\x07", "\ufeff", "\ufffd", "â€™",
    "the", "The", "the the", "of the city of the city", "and", "Hamburg", "NATO", "iPhone", "سلام", "دنیا", "مرحبا",
    "你好", "世界", "Привет", "мир", "ኢትዮጵያ", "a" * 50, "word " * 12,
]
LANGS = ["en", "de", "fr", "fa", "ar", "zh", "ru", "es", "ja", "am", "xx"]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)
prose = st.lists(st.sampled_from(PIECES[:60] + ["Der Zug kam an.", "The train arrived.", "او آمد.", "他来了。"]),
                 min_size=1, max_size=30).map(" ".join)

FAST = settings(max_examples=2500, deadline=timedelta(seconds=5), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@settings(FAST, max_examples=3000)
@given(st.binary(max_size=300) | texts.map(lambda t: t.encode("utf-8", "surrogatepass")) |
       texts.map(lambda t: t.encode("utf-16-le", "surrogatepass")))
def test_reader_returns_text_or_a_one_line_error(data):
    from tqcheck.readers.plain import decode_text

    try:
        text = decode_text(data, "f")
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert text.strip() and "\r" not in text
    assert decode_text(data, "f") == text


@FAST
@given(texts, st.sampled_from(LANGS))
def test_segmentation_spans_point_into_the_text(text, lang):
    from tqcheck.segment import sentences_at_least, split_sentences

    sentences = split_sentences(text, lang)
    end = -1
    for k, s in enumerate(sentences):
        assert s.index == k and text[s.start:s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= end
        end = s.end
    assert split_sentences(text, lang) == sentences
    assert sentences_at_least(text) <= len(sentences)  # the limit's early count never refuses a text within it


@settings(FAST, max_examples=2000)
@given(texts, st.sampled_from(LANGS))
def test_numbers_are_extracted_deterministically(text, lang):
    from tqcheck.flags.numbers import extract_numbers, word_numbers

    found = extract_numbers(text, lang)
    assert found == extract_numbers(text, lang)
    assert word_numbers(text) == word_numbers(text)


@settings(FAST, max_examples=700)
@given(texts)
def test_language_id_answers_or_says_why(text):
    from tqcheck.langid import detect_language, detect_sentence_language

    try:
        lang = detect_language(text)
    except LanguageError as exc:
        assert "\n" not in str(exc)
    else:
        assert lang == detect_language(text)
    assert detect_sentence_language(text, 40) == detect_sentence_language(text, 40)


def _check(source: str, target: str, source_lang: str | None):
    try:
        return tqcheck.check(source, target, CheckConfig(source_lang=source_lang, target_lang="en"),
                             embedder=HashEmbedder())
    except TqcheckError as exc:
        assert "\n" not in str(exc)
        return None


# the costliest examples (two checks each, ~20 ms): 1,300 of them bring the suite to the 10,000 the issue asks for
@settings(FAST, max_examples=1300)
@given(prose, prose, st.sampled_from(["de", "fa", "zh", None]))
def test_pipeline_and_detectors_never_crash_and_repeat(source, target, source_lang):
    report = _check(source, target, source_lang)
    if report is None:
        return
    again = _check(source, target, source_lang)
    assert again is not None and again.flags == report.flags and again.alignments == report.alignments
    for flag in report.flags:
        assert flag.message and "\n" not in flag.id
        for span in flag.spans:
            doc = report.source if span.side == "source" else report.target
            assert 0 <= span.start <= span.end <= len(doc.text)


@settings(FAST, max_examples=500, deadline=timedelta(seconds=10))
@given(prose, prose)
def test_renderers_are_deterministic_and_safe(source, target):
    from tqcheck.batch import BatchResult, Pair, PairResult
    from tqcheck.render import render
    from tqcheck.render import render_batch

    report = _check(source, target, "de")
    if report is None:
        return
    for fmt in ("text", "json", "html"):
        out = render(report, fmt)
        assert out == render(report, fmt)
        if fmt == "html":
            body = out.split("<body", 1)[1]
            assert "\u202e" not in body and "\x1b" not in body
    batch = BatchResult((PairResult(Pair("doc", "a.de.txt", "a.en.txt"), "pass", report),))
    for fmt in ("text", "json", "junit", "sarif", "github"):
        assert render_batch(batch, fmt) == render_batch(batch, fmt)


def test_the_suite_runs_at_least_10000_examples():
    """The issue asks for 10,000 examples in CI: the settings above must add up to it."""
    fuzzed = [fn for name, fn in globals().items() if name.startswith("test_") and hasattr(fn, "hypothesis")]
    total = sum(fn._hypothesis_internal_use_settings.max_examples for fn in fuzzed)
    assert len(fuzzed) == 6 and total >= 10_000, total


pytestmark = pytest.mark.timeout(900)
