"""long-sentence: a sentence longer than the model reads was embedded from its first part only."""
from __future__ import annotations

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span


@detector("long-sentence", "a sentence longer than the model reads: its score rests on its first part only")
def long_sentence(ctx: FlagContext) -> list[Flag]:
    flags = []
    where = {}
    for k, a in enumerate(ctx.alignments):
        for i in a.src:
            where[("source", i)] = k
        for j in a.tgt:
            where[("target", j)] = k
    for side, doc in (("source", ctx.source), ("target", ctx.target)):
        for index, kept in sorted(ctx.cut_for_model.get(side, {}).items()):
            text = doc.sentences[index].text
            flags.append(make_flag(
                "long-sentence", Severity.INFO, where.get((side, index)),
                f"{side} sentence {index + 1} has {len(text):,} characters; the model read about its first "
                f"{kept:,} (its token limit), so its similarity rests on that part",
                [sentence_span(doc, side, index, 0, min(kept, len(text)))],
                side=side, sentence=index + 1, characters=len(text), characters_read=kept))
    return flags
