"""Omissions (source text with no translation) and additions (translation with no source)."""
from __future__ import annotations

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span
from .textutil import word_count


@detector("omission", "source sentences with no translation")
def omissions(ctx: FlagContext) -> list[Flag]:
    flags = []
    for k, a in enumerate(ctx.alignments):
        if a.src and not a.tgt:
            words = word_count(ctx.source.joined(a.src))
            if not words:
                continue  # OCR debris or a lone symbol: nothing was there to translate
            severity = Severity.ERROR if words >= 4 else Severity.WARNING
            flags.append(make_flag(
                "omission", severity, k,
                f"source sentence {a.src[0] + 1} ({words} words) has no translation",
                [sentence_span(ctx.source, "source", i) for i in a.src],
                source_sentences=[i + 1 for i in a.src], words=words))
    return flags


@detector("addition", "translated sentences with no source")
def additions(ctx: FlagContext) -> list[Flag]:
    flags = []
    for k, a in enumerate(ctx.alignments):
        if a.tgt and not a.src:
            words = word_count(ctx.target.joined(a.tgt))
            flags.append(make_flag(
                "addition", Severity.WARNING, k,
                f"sentence {a.tgt[0] + 1} of the translation ({words} words) matches nothing in the source",
                [sentence_span(ctx.target, "target", j) for j in a.tgt],
                target_sentences=[j + 1 for j in a.tgt], words=words))
    return flags
