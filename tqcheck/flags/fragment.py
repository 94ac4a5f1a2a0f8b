"""Fragments: translated sentences that are broken-off pieces of a neighbour."""
from __future__ import annotations

import re

from ..languages import is_cased
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span

_BROKEN_START = re.compile(r"^\s*([,;:.!?)\]}،؛]+|\.{3}\s*(?=[a-z])|[a-z]\w*)")


def _distance(ctx: FlagContext, src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
    return (1.0 - ctx.cosine(src, tgt)) / max(1.0 - ctx.base(src, tgt), 1e-6)


@detector("fragment", "a translated sentence that is a broken piece of a neighbour")
def fragments(ctx: FlagContext) -> list[Flag]:
    t = ctx.thresholds
    flags = []
    for k, a in enumerate(ctx.alignments):
        for j in a.tgt:
            sentence = ctx.target.sentences[j]
            m = _BROKEN_START.match(sentence.text)
            follows = j > 0 and ctx.target.sentences[j - 1].paragraph == sentence.paragraph
            if m and follows and (not m.group(1)[0].isalpha() or is_cased(ctx.target_lang_expected)):
                piece = m.group(1)
                what = "punctuation" if not piece[0].isalpha() else "a lower-case word"
                flags.append(make_flag(
                    "fragment", Severity.WARNING, k,
                    f"sentence {j + 1} starts with {what} ('{piece.strip()}'): it is the broken-off "
                    "continuation of the sentence before",
                    [sentence_span(ctx.target, "target", j, m.start(1), m.end(1))],
                    target_sentence=j + 1, starts_with=piece.strip()))
                continue
            if not a.src or len(a.tgt) < 2:
                continue
            words = len(sentence.text.split())
            if words > t.fragment_max_words:
                continue
            rest = tuple(i for i in a.tgt if i != j)
            with_piece, without_piece = _distance(ctx, a.src, a.tgt), _distance(ctx, a.src, rest)
            gain = without_piece - with_piece
            if gain < t.fragment_gain:
                flags.append(make_flag(
                    "fragment", Severity.WARNING, k,
                    f"sentence {j + 1} ('{sentence.text.strip()}', {words} words) adds nothing the source "
                    "says: a piece split off its neighbour",
                    [sentence_span(ctx.target, "target", j)],
                    target_sentence=j + 1, words=words,
                    distance_with=round(with_piece, 3), distance_without=round(without_piece, 3),
                    min_gain=t.fragment_gain))
    return flags


