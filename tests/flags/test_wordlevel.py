"""Word-level findings and tags: what a missing or added stretch, or a swapped name, looks like in the matrix."""
from __future__ import annotations

import numpy as np
import pytest

from tqcheck.config import WORD_TAGGER
from tqcheck.flags.wordlevel import (FEATURES, WordLevelSettings, find, fit_side, is_name, load_tagger, word_features,
                                     word_tags)
from tqcheck.wordalign import DEFAULT_LAYER, Word, WordAligner


def words(*items: str) -> tuple[Word, ...]:
    """Words from ``text/kind`` items (kind defaults to content), spans laid out with single spaces."""
    out, pos = [], 0
    for item in items:
        text, _, kind = item.partition("/")
        out.append(Word(pos, pos + len(text), text, kind or "content"))
        pos += len(text) + 1
    return tuple(out)


def diagonal(n: int, m: int, value: float = 0.9, rest: float = 0.5) -> np.ndarray:
    sim = np.full((n, m), rest)
    for k in range(min(n, m)):
        sim[k, k] = value
    return sim


SETTINGS = WordLevelSettings(gap=0.2, min_words=2, entity_gap=0.2)


def test_a_source_stretch_without_counterpart_is_a_partial_omission():
    src = words("minister", "visited", "villages", "and/function", "promised", "bridges")
    tgt = words("Minister", "besuchte", "Dörfer")
    sim = diagonal(6, 3)
    found = find(sim, src, tgt, SETTINGS)
    assert [(f.kind, f.source_words) for f in found] == [("partial-omission", (4, 5))]


def test_one_word_or_function_words_alone_raise_nothing():
    tgt = words("Minister", "besuchte", "Dörfer")
    one = words("minister", "visited", "villages", "yesterday")            # one content word unmatched
    assert find(diagonal(4, 3), one, tgt, SETTINGS) == []
    func = words("minister", "visited", "villages", "of/function", "the/function", ",/punct", "to/function")
    sim = diagonal(7, 3)
    sim[3:, :] = 0.1                                                        # no counterpart at all
    assert find(sim, func, tgt, SETTINGS) == []


def test_a_target_stretch_without_counterpart_is_a_partial_addition():
    src = words("minister", "visited", "villages")
    tgt = words("Minister", "besuchte", "Dörfer", "und/function", "schwamm", "lange")
    found = find(diagonal(3, 6), src, tgt, SETTINGS)
    assert [(f.kind, f.target_words) for f in found] == [("partial-addition", (4, 5))]


def test_a_word_copied_to_the_other_side_has_a_counterpart():
    src = words("minister", "visited", "Ouagadougou", "Burkina")
    tgt = words("Minister", "besuchte", "Ouagadougou", "Burkina")
    sim = diagonal(4, 4)
    sim[2:, 2:] = 0.4                    # the model does not know the names: low cosines
    assert find(sim, src, tgt, SETTINGS) == []


def test_a_name_linked_to_a_different_name_is_an_entity_swap():
    src = words("The/function", "president", "visited", "Brazil", "today")
    tgt = words("Der/function", "Präsident", "besuchte", "Argentinien", "heute")
    sim = diagonal(5, 5)
    sim[3, 3] = 0.65
    found = find(sim, src, tgt, SETTINGS)
    assert [(f.kind, f.source_words, f.target_words) for f in found] == [("entity-swap", (3,), (3,))]
    same = words("Der/function", "Präsident", "besuchte", "Brasilien", "heute")
    assert find(sim, src, same, SETTINGS) == []        # spelled alike: the same name


def test_what_counts_as_a_name():
    ws = words("Paris", "is", "in", "France", "NATO", "x", "42/number")
    assert [is_name(w, k, ws) for k, w in enumerate(ws)] == [False, False, False, True, True, False, False]


def test_word_tags_mark_words_without_counterpart_bad():
    src = words("minister", "visited", "villages", "promised", "bridges")
    tgt = words("Minister", "besuchte", "Dörfer")
    src_tags, tgt_tags = word_tags(diagonal(5, 3), src, tgt, gap=0.2)
    assert src_tags == ("OK", "OK", "OK", "BAD", "BAD")
    assert tgt_tags == ("OK", "OK", "OK")


def test_the_shipped_tagger_tags_an_unmatched_stretch_bad_and_matched_words_ok():
    """The MLQE-PE-trained tagger: two source words with no counterpart are BAD, the matched words OK."""
    src = words("president", "visited", "flooded", "villages", "promised", "bridges")
    tgt = words("Präsident", "besuchte", "überfluteten", "Dörfer")
    sim = diagonal(6, 4, value=0.9, rest=0.55)
    src_tags, tgt_tags = load_tagger().tags(sim, src, tgt, segment_cosine=0.85)
    assert src_tags[4:] == ("BAD", "BAD")
    assert src_tags[:4] == ("OK",) * 4 and tgt_tags == ("OK",) * 4


def test_a_weak_segment_gets_more_bad_words():
    """The same words in a segment whose words all match weakly: more of them are BAD."""
    src, tgt = words("a1", "b1", "c1", "d1"), words("a2", "b2", "c2", "d2")
    tagger = load_tagger()
    strong = tagger.tags(diagonal(4, 4, 0.9, 0.5), src, tgt, 0.9)
    weak = tagger.tags(diagonal(4, 4, 0.6, 0.5), src, tgt, 0.7)
    assert sum(t == "BAD" for t in weak[0] + weak[1]) > sum(t == "BAD" for t in strong[0] + strong[1])


def test_shipped_tagger_is_the_one_the_signature_names(tmp_path):
    tagger = load_tagger()
    assert tagger.name == WORD_TAGGER and tagger.layer == DEFAULT_LAYER
    tagger.save(tmp_path / "t.npz")
    again = load_tagger(tmp_path / "t.npz")
    assert again.name == tagger.name and again.layer == tagger.layer


def test_tagger_features_follow_the_matrix():
    src, tgt = words("minister", "the/function", "bridges", "7/number"), words("Minister", "die")
    sim = np.array([[0.9, 0.4], [0.4, 0.8], [0.3, 0.35], [0.2, 0.2]])
    x = word_features(sim, src, tgt, 0.8)
    assert x.shape == (4, len(FEATURES))
    col = {name: k for k, name in enumerate(FEATURES)}
    assert x[:, col["argmax-linked"]].tolist() == [1, 1, 0, 0]
    assert x[0, col["copied"]] == 1 and x[2, col["copied"]] == 0        # "minister" is spelled the same
    assert x[2, col["drop below typical"]] > x[0, col["drop below typical"]]
    assert x[:, col["number"]].tolist() == [0, 0, 0, 1] and x[1, col["function"]] == 1


def test_fit_side_learns_a_separating_feature_and_is_deterministic():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = x[:, 1] > 0.2
    a, b = fit_side(x, y), fit_side(x, y)
    assert np.array_equal(a.weights, b.weights)
    assert ((a.probabilities(x) >= 0.5) == y).mean() > 0.9


@pytest.fixture(scope="module")
def aligner() -> WordAligner:
    return WordAligner()


def test_real_model_finds_a_dropped_clause(aligner):
    src = "The minister visited the flooded villages and promised new bridges for the region."
    full = "Der Minister besuchte die überfluteten Dörfer und versprach neue Brücken für die Region."
    cut = "Der Minister besuchte die überfluteten Dörfer."
    (sw, tw, sim_full), (sw2, tw2, sim_cut) = aligner.similarities([(src, full), (src, cut)], ("en", "de"))
    assert [f for f in find(sim_full, sw, tw) if f.kind == "partial-omission"] == []
    omitted = [f for f in find(sim_cut, sw2, tw2) if f.kind == "partial-omission"]
    assert omitted, find(sim_cut, sw2, tw2)
    texts = {sw2[i].text for f in omitted for i in f.source_words}
    assert {"promised", "bridges"} & texts and not {"minister", "villages"} & texts
