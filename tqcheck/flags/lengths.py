"""Expected length of an English translation per source language, fitted on clean parallel text.

``tqcheck.languages``' ``english_ratio`` of a source language is the geometric mean of English characters / source characters, measured by
``scripts/fit_length_ratios.py`` (sd = standard deviation of the log ratio):

======  =====  =======  ==========================================================================
source  ratio  sd(log)  data
======  =====  =======  ==========================================================================
fa      1.01   0.18     NTREX-128 newstest2019, 1,994 human-translated news sentences
ar      1.07   0.19     NTREX-128 newstest2019, 1,992 sentences
de      0.83   0.13     WMT22 QE CED en-de, 500 sentences with their human German reference
zh      3.08   0.24     WMT21 CED en-zh, 998 sentences (Chinese MT, tokenisation removed)
ru      1.05   0.20     MLQE-PE test20 ru-en, 613 sentences whose MT was judged good (mean DA >= 70)
es      0.88   0.11     tqcheck's own evaluation sentences (tests/data/garble/es.tsv), 33 sentences
======  =====  =======  ==========================================================================

The default ``length_ratio_low``/``length_ratio_high`` limits (0.4 and 2.5 times the expected ratio) lie about
4.5 standard deviations out for all six pairs.

>>> pair_ratio("zh", "en"), pair_ratio("fa", "de")
(3.08, None)
"""
from __future__ import annotations

from ..languages import language
from .base import FlagContext

# Segments shorter than this many characters are not judged by length (length-ratio, hallucination): a few
# characters more or less swing a short segment's ratio too far.
MIN_MEASURED_CHARS = 40


def pair_ratio(source_lang: str, target_lang: str) -> float | None:
    """Expected target/source character ratio for a language pair, or None when it was not measured."""
    if target_lang != "en":
        return None
    lang = language(source_lang)
    return lang.english_ratio if lang else None


def expected_ratio(ctx: FlagContext) -> float:
    """Expected target/source character ratio of a check: the language pair's, else the document's own."""
    prior = pair_ratio(ctx.source.lang, ctx.target_lang_expected)
    if prior is not None:
        return prior
    src = sum(len(s.text) for s in ctx.source.sentences)
    return sum(len(s.text) for s in ctx.target.sentences) / max(src, 1)
