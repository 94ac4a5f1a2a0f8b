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


class _Reads:
    """The characters the splitter reads: slices and single characters of the text, the stretches ``str.find``
    and its patterns scan (from where they start to the end of the match, or of the range)."""

    def __init__(self) -> None:
        self.chars = 0

    def text(self, value: str) -> str:
        reads = self

        class Counted(str):
            def __getitem__(self, key):
                out = str.__getitem__(self, key)
                reads.chars += max(len(out), 1)
                return out

            def find(self, sub, start=0, end=None):
                end = len(self) if end is None else end
                at = str.find(self, sub, start, end)
                reads.chars += (at + len(sub) if at >= 0 else end) - start
                return at

        return Counted(value)

    def pattern(self, compiled):
        reads = self

        class Scanning:
            def search(self, text, pos=0, endpos=None):
                endpos = len(text) if endpos is None else min(endpos, len(text))
                m = compiled.search(text, pos, endpos)
                reads.chars += (m.end() if m else endpos) - pos
                return m

            def match(self, text, pos=0, endpos=None):
                m = compiled.match(text, pos, len(text) if endpos is None else endpos)
                reads.chars += m.end() - pos if m else 1
                return m

            def finditer(self, text, pos=0, endpos=None):
                endpos = len(text) if endpos is None else min(endpos, len(text))
                reads.chars += endpos - pos
                return compiled.finditer(text, pos, endpos)

        return Scanning()


def _characters_read(text: str, monkeypatch) -> int:
    from tqcheck import segment

    reads = _Reads()
    with monkeypatch.context() as m:
        for name in ("_BOUNDARY", "_NON_SPACE", "_WORD"):
            m.setattr(segment, name, reads.pattern(getattr(segment, name)))
        split_sentences(reads.text(text), "en")
    return reads.chars


@pytest.mark.parametrize("unit", [
    "Mr. Smith met Dr. Jones. ",          # abbreviations: the word before every full stop is looked at
    "a line without an end\n",            # soft-wrapped lines: the rest of the paragraph was copied per line
    "word. ",                              # a lower-case word after each full stop: one 'sentence'
])
def test_split_reads_each_character_a_bounded_number_of_times(unit, monkeypatch):
    """The work is linear: it was quadratic (56 s on 0.77 MB: the rest of the text was copied per full stop or
    line). Counted, not timed: the benchmark (benchmarks/bench_limits.py) times it."""
    text = unit * (40_000 // len(unit))
    assert _characters_read(text, monkeypatch) < 12 * len(text)


@pytest.mark.parametrize("text", ["." * 200_000, "a" * 200_000, "x." * 100_000 + " Y"])
def test_long_tokens_split_quickly(text):
    sentences = split_sentences(text, "en")
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")
