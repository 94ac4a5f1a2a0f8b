"""Word alignment inside a segment: splitting per script, linking methods, hand-made pairs with known links."""
from __future__ import annotations

import numpy as np
import pytest

from tqcheck.wordalign import METHODS, WordAligner, link, split_words

# (source, target, langs, gold links between content words as (source word, target word) texts)
PAIRS = [
    ("The old man bought three red apples in the market.", "پیرمرد در بازار سه سیب قرمز خرید.", ("en", "fa"),
     {("man", "پیرمرد"), ("bought", "خرید"), ("three", "سه"), ("red", "قرمز"), ("apples", "سیب"),
      ("market", "بازار")}),
    ("We have read the books in the new library.", "ما کتاب‌ها را در کتابخانه جدید خوانده‌ایم.", ("en", "fa"),
     {("read", "خوانده\u200cایم"), ("books", "کتاب\u200cها"), ("new", "جدید"), ("library", "کتابخانه")}),
    ("The government announced a new law on Tuesday.", "أعلنت الحكومة قانونا جديدا يوم الثلاثاء.", ("en", "ar"),
     {("government", "الحكومة"), ("announced", "أعلنت"), ("new", "جديدا"), ("law", "قانونا"),
      ("Tuesday", "الثلاثاء")}),
    ("The children played football in the garden.", "لعب الأطفال كرة القدم في الحديقة.", ("en", "ar"),
     {("children", "الأطفال"), ("played", "لعب"), ("garden", "الحديقة")}),
    ("My brother lives in Berlin with his wife.", "Mein Bruder wohnt mit seiner Frau in Berlin.", ("en", "de"),
     {("brother", "Bruder"), ("lives", "wohnt"), ("Berlin", "Berlin"), ("wife", "Frau")}),
    ("The train to Hamburg is twenty minutes late today.", "Der Zug nach Hamburg hat heute zwanzig Minuten "
     "Verspätung.", ("en", "de"),
     {("train", "Zug"), ("Hamburg", "Hamburg"), ("twenty", "zwanzig"), ("minutes", "Minuten"), ("today", "heute")}),
    ("The teacher reads a book in the library.", "老师在图书馆看书。", ("en", "zh"),
     {("teacher", "老"), ("teacher", "师"), ("reads", "看"), ("book", "书"), ("library", "馆")}),
    ("The price of coffee rose this month.", "这个月咖啡的价格上涨了。", ("en", "zh"),
     {("price", "价"), ("price", "格"), ("coffee", "咖"), ("coffee", "啡"), ("month", "月"), ("rose", "涨")}),
]


def test_split_words_per_script():
    assert [w.text for w in split_words("grand-mère's l'école, 3.5%", "fr")] == \
        ["grand-mère's", "l'école", ",", "3", ".", "5", "%"]
    assert [w.kind for w in split_words("The 3 cats, not dogs", "en")] == \
        ["function", "number", "content", "punct", "content", "content"]
    ar = split_words("والكتاب في البيت", "ar")
    assert [w.text for w in ar] == ["والكتاب", "في", "البيت"]       # clitics stay with their host
    assert [w.kind for w in ar] == ["content", "function", "content"]
    zh = split_words("我不去。", "zh")
    assert [(w.text, w.kind) for w in zh] == [("我", "function"), ("不", "content"), ("去", "content"),
                                              ("。", "punct")]
    text = "می‌خواهم بروم"
    words = split_words(text, "fa")
    assert [text[w.start:w.end] for w in words] == ["می‌خواهم", "بروم"]


@pytest.fixture(scope="module")
def aligner() -> WordAligner:
    return WordAligner()


def _content_links(alignment) -> set[tuple[str, str]]:
    return {(alignment.source[i].text, alignment.target[j].text) for i, j in alignment.links
            if alignment.source[i].kind == "content" or alignment.target[j].kind == "content"}


@pytest.mark.parametrize("method", METHODS)
def test_hand_made_pairs_are_linked(aligner, method):
    aligner = WordAligner(aligner.model, aligner.layer, method)
    found = gold = hit = 0
    by_pair = [aligner.align([(s, t)], langs)[0] for s, t, langs, _ in PAIRS]
    for (_, _, langs, links), alignment in zip(PAIRS, by_pair):
        got = _content_links(alignment)
        relevant = {(s, t) for s, t in got if s in {a for a, _ in links} or t in {b for _, b in links}}
        hit += len(relevant & links)
        found += len(relevant)
        gold += len(links)
    recall, precision = hit / gold, hit / max(found, 1)
    assert recall >= (0.75 if method == "argmax" else 0.8), (method, recall)
    assert precision >= 0.75, (method, precision)


def test_a_dropped_phrase_leaves_its_words_unlinked(aligner):
    """Mutual argmax leaves the source words of a dropped clause without a counterpart."""
    src = "The minister visited the flooded villages and promised new bridges."
    full, cut = WordAligner(aligner.model, aligner.layer, "argmax").align([(src, "Der Minister besuchte die überfluteten Dörfer und versprach neue Brücken."),
                               (src, "Der Minister besuchte die überfluteten Dörfer.")], ("en", "de"))
    unlinked_cut = {cut.source[i].text for i in cut.unlinked("source")}
    unlinked_full = {full.source[i].text for i in full.unlinked("source")}
    assert {"promised", "new", "bridges"} <= unlinked_cut
    assert not {"minister", "visited", "villages"} & unlinked_cut
    assert not {"promised", "new", "bridges"} & unlinked_full


def test_link_methods_on_a_matrix():
    sim = np.array([[0.9, 0.2, 0.1], [0.3, 0.1, 0.8], [0.8, 0.3, 0.2]])
    assert link(sim, "argmax") == [(0, 0), (1, 2)]
    assert (2, 0) in link(sim, "itermax")
    assert sorted(link(sim, "match")) == [(0, 0), (1, 2), (2, 1)]
    assert link(np.zeros((0, 3)), "match") == []
    with pytest.raises(ValueError, match="unknown word-alignment method"):
        link(sim, "nearest")
