"""The aligner's quotation cue: the quotation state of each sentence, its weight read off the anchors, and a
document where only the quotation marks tell which bead a sentence belongs to."""
from __future__ import annotations

import numpy as np
import pytest

from tqcheck.align import AlignParams, align_texts
from tqcheck.cues import BoundaryCosts, cue_weight, quote_states


@pytest.mark.parametrize("texts, expected", [
    # Chinese: the speech opened after the colon goes on into the next sentence
    (["狗儿听了道：“你老只会混说。", "难道叫我打劫去不成？”", "刘老老说道。"], [1, 0, 0]),
    (["他说：「走吧。", "快走。」"], [1, 0]),
    # English: single quotes outside, double inside; apostrophes are not quotation marks
    (["'It's easy,' said Gou-er, 'but what do you expect me to do?", "Go out and rob?'"], [1, 0]),
    (["'Now it's still \"in the Emperor's shadow\", as they say.", "Yes.'", "He left."], [1, 0, 0]),
    (["The boys' books.", "They didn't."], [0, 0]),
    # French guillemets, spaced as tokenised text; German low-high quotes
    (["« Malgré son altitude , l' Himalaya n' est pas ;", "la ligne de partage . »"], [1, 0]),
    (["Er sagte: „Komm.", "Jetzt.“"], [1, 0]),
    # OCR debris: a lone mark before punctuation opens nothing
    (["28 vv '.;, . - 4. 1954 :", "K2 , 8611 m ."], [0, 0]),
])
def test_quote_states(texts, expected):
    assert quote_states(texts) == expected


def test_an_unclosed_quotation_is_forgotten_after_quiet_sentences():
    assert quote_states(["“Open"] + ["plain"] * 9) == [1] * 8 + [0] * 2


def test_cue_weight_is_zero_unless_the_anchors_agree_better_than_chance():
    states = np.array([0, 1] * 20)
    assert cue_weight(states, states, [(i, i) for i in range(40)]) > 3
    assert cue_weight(states, states, [(i, i + 1) for i in range(39)]) == 0
    assert cue_weight(np.zeros(40), np.zeros(40), [(i, i) for i in range(40)]) == 0  # no quotations at all
    assert cue_weight(states, states, [(i, i) for i in range(5)]) == 0  # too few anchors to tell


def test_boundary_costs_charge_a_boundary_inside_a_quotation_on_one_side_only():
    src = ["“Come.", "Now.”"] * 10
    tgt = ["“Viens.", "Maintenant.”"] * 10
    costs = BoundaryCosts(src, tgt, [(i, i, 0.5) for i in range(20)], weight=0.1)
    # cell (i, j): after i source and j target sentences; (1, 1) both inside, (1, 2) inside vs outside
    assert costs.at(1, np.array([1, 2])).tolist() == [0.0, pytest.approx(costs.weight)]
    assert costs.weight > 0
    assert BoundaryCosts(src, tgt, [(i, i, 0.5) for i in range(20)], weight=0.0).at(1, np.array([2])) == 0.0


def _quoted_document():
    """Quoted speech over two sentences (1-1 beads), and 1-2 groups whose middle target sentence shares two words
    with the source before and two with the source after: only the quotation marks say where it belongs."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[str] = []

    def words(k: int) -> list[str]:
        return [f"b{k}w{q}" for q in range(30)]

    def add(src_part: list[str], tgt_parts: list[list[str]]) -> None:
        i, j = len(src), len(tgt)
        for sentence in src_part:
            src.append(sentence)
        for part in tgt_parts:
            tgt.extend(part)
            gold.append(f"[{i}]:{list(range(j, j + len(part)))}")
            i, j = i + 1, j + len(part)

    for k in range(0, 60, 10):
        for f in (k, k + 2):  # a speech over two sentences, translated 1-1
            a, b = " ".join(words(f)), " ".join(words(f + 1))
            add([f"“{a}.", f"{b}.”"], [[f"“{a}."], [f"{b}.”"]])
        w, n = words(k + 4), words(k + 5)
        tie = " ".join(w[28:] + n[:2])
        if k % 20 == 0:  # the tie sentence closes the speech of the first source
            add([f"“{' '.join(w)}.”", f"{' '.join(n)}."],
                [[f"“{' '.join(w[:28])}.", f"{tie}.”"], [f"{' '.join(n[2:])}."]])
        else:  # the tie sentence opens the speech of the second source
            add([f"“{' '.join(w)}.”", f"“{' '.join(n)}.”"],
                [[f"“{' '.join(w[:28])}.”"], [f"“{tie}.", f"{' '.join(n[2:])}.”"]])
    return src, tgt, gold


def test_quotation_marks_decide_where_an_ambiguous_sentence_belongs():
    from tests.test_align import _bag_of_words

    src, tgt, gold = _quoted_document()
    assert [b.bead() for b in align_texts(src, tgt, _bag_of_words)] == gold
    # without the cue the words alone cannot tell both kinds of tie apart
    blind = [b.bead() for b in align_texts(src, tgt, _bag_of_words, AlignParams(cue_weight=0.0))]
    assert blind != gold
