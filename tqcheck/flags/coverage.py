"""Omissions (source text with no translation) and additions (translation with no source)."""
from __future__ import annotations

from typing import Iterator

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span
from .textutil import word_count


def _one_sided(ctx: FlagContext, side: str) -> Iterator[tuple[int, tuple[int, ...], int]]:
    """(alignment index, sentence ids, words) of every bead with sentences on ``side`` only."""
    doc = ctx.source if side == "source" else ctx.target
    for k, a in enumerate(ctx.alignments):
        ids, other = (a.src, a.tgt) if side == "source" else (a.tgt, a.src)
        if ids and not other:
            yield k, ids, word_count(doc.joined(ids))


@detector("omission", "source sentences with no translation")
def omissions(ctx: FlagContext) -> list[Flag]:
    flags = []
    for k, ids, words in _one_sided(ctx, "source"):
        if not words:
            continue  # OCR debris or a lone symbol: nothing was there to translate
        flags.append(make_flag(
            "omission", Severity.ERROR if words >= 4 else Severity.WARNING, k,
            f"source sentence {ids[0] + 1} ({words} words) has no translation",
            [sentence_span(ctx.source, "source", i) for i in ids], source_sentences=[i + 1 for i in ids], words=words))
    return flags


@detector("addition", "translated sentences with no source")
def additions(ctx: FlagContext) -> list[Flag]:
    return [make_flag("addition", Severity.WARNING, k,
                      f"sentence {ids[0] + 1} of the translation ({words} words) matches nothing in the source",
                      [sentence_span(ctx.target, "target", j) for j in ids], target_sentences=[j + 1 for j in ids],
                      words=words)
            for k, ids, words in _one_sided(ctx, "target")]
