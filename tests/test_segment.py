"""Sentence splitting per language, with spans that point back into the text."""
from __future__ import annotations

import pytest

from tqcheck.segment import paragraph_spans, split_sentences

CASES = [
    ("en", "Dr. Smith arrived at 5 p.m. yesterday. He left.", ["Dr. Smith arrived at 5 p.m. yesterday.", "He left."]),
    ("en", "He said “Stop.” Then he left!", ["He said “Stop.”", "Then he left!"]),
    ("en", "The U.S. Army moved. J. R. Smith stayed.", ["The U.S. Army moved.", "J. R. Smith stayed."]),
    ("en", "closed the bases due to attacks. , Ain al-Assad, etc.", ["closed the bases due to attacks.", ", Ain al-Assad, etc."]),
    ("en", "It costs 3.5 million dollars. Really?", ["It costs 3.5 million dollars.", "Really?"]),
    ("fa", "او آمد؟ بله، آمد. خیلی خوب!", ["او آمد؟", "بله، آمد.", "خیلی خوب!"]),
    ("fa", "رئیس‌جمهور (۵ فوریه) سخن گفت. سپس رفت.", ["رئیس‌جمهور (۵ فوریه) سخن گفت.", "سپس رفت."]),
    ("ar", "ذهب الولد إلى المدرسة. هل عاد؟ نعم.", ["ذهب الولد إلى المدرسة.", "هل عاد؟", "نعم."]),
    ("de", "Am 5. Februar kam er z.B. spät. Dann ging er.", ["Am 5. Februar kam er z.B. spät.", "Dann ging er."]),
    ("fr", "M. Dupont est arrivé. Il pleuvait.", ["M. Dupont est arrivé.", "Il pleuvait."]),
    ("es", "¿Vienes mañana? Sí, a las 9. Adiós.", ["¿Vienes mañana?", "Sí, a las 9.", "Adiós."]),
    ("ru", "Он пришёл, т.е. вернулся. Потом ушёл.", ["Он пришёл, т.е. вернулся.", "Потом ушёл."]),
    ("zh", "今天下雨了。我们不去公园！你呢？", ["今天下雨了。", "我们不去公园！", "你呢？"]),
    ("ja", "東京は晴れです。明日は雨でしょう。", ["東京は晴れです。", "明日は雨でしょう。"]),
]


@pytest.mark.parametrize("lang, text, expected", CASES)
def test_split_case_table(lang, text, expected):
    assert [s.text for s in split_sentences(text, lang)] == expected


def test_heading_and_byline_lines_are_own_segments():
    text = "Big defeat in Iraq\nBy A. Writer\n\nThe first paragraph starts here. It ends here.\n\nEnd of message/"
    sentences = split_sentences(text, "en")
    assert [s.text for s in sentences] == ["Big defeat in Iraq", "By A. Writer", "The first paragraph starts here.",
                                           "It ends here.", "End of message/"]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 2]


def test_soft_wrapped_lines_are_joined():
    text = "This sentence is wrapped\nacross two lines. Next one."
    assert [s.text for s in split_sentences(text, "en")] == ["This sentence is wrapped\nacross two lines.", "Next one."]


def test_spans_point_into_the_original_text(sample_texts):
    for text, lang in zip(sample_texts, ("fa", "en")):
        sentences = split_sentences(text, lang)
        assert sentences, lang
        for s in sentences:
            assert text[s.start:s.end] == s.text
            assert s.text == s.text.strip()
        assert [s.index for s in sentences] == list(range(len(sentences)))


def test_paragraphs_need_a_blank_line():
    assert len(paragraph_spans("a\nb\n\n\nc")) == 2


def _best_time(fn, repeats: int = 3) -> float:
    import time

    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("unit", [
    "Mr. Smith met Dr. Jones. ",          # abbreviations: the word before every full stop is looked at
    "a line without an end\n",            # soft-wrapped lines: the rest of the paragraph was copied per line
    "word. ",                              # a lower-case word after each full stop: one 'sentence'
])
def test_split_time_grows_linearly(unit):
    """Eight times the text takes about eight times as long (it was quadratic: 56 s on 0.77 MB)."""
    small, large = unit * (40_000 // len(unit)), unit * (320_000 // len(unit))
    t_small = _best_time(lambda: split_sentences(small, "en"))
    t_large = _best_time(lambda: split_sentences(large, "en"), repeats=1)
    assert t_large < 20 * t_small + 0.5, (t_small, t_large)


@pytest.mark.parametrize("text", ["." * 200_000, "a" * 200_000, "x." * 100_000 + " Y"])
def test_long_tokens_split_quickly(text):
    sentences = split_sentences(text, "en")
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")
