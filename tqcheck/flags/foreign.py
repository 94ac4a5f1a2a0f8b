"""Sentences of the translation written in another language than the target language (``langdetect``)."""
from __future__ import annotations

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span
from .textutil import mask_urls, target_sentences


@detector("foreign-sentence", "a translated sentence that reads as another language (untranslated or wrong language)")
def foreign_sentence(ctx: FlagContext) -> list[Flag]:
    from ..langid import detect_sentence_language

    t = ctx.thresholds
    if ctx.target.lang != ctx.target_lang_expected:
        return []  # the whole translation is in another language: ``wrong-language`` says so once
    flags = []
    for k, j, text in target_sentences(ctx):
        if sum(c.isalpha() for c in mask_urls(text)) < t.foreign_min_letters:
            continue
        found = detect_sentence_language(text, t.foreign_min_letters)
        if found is None:
            continue
        lang, prob = found
        if lang == ctx.target_lang_expected or prob < t.foreign_min_probability:
            continue
        is_source = lang == ctx.source.lang
        flags.append(make_flag(
            "foreign-sentence", Severity.ERROR if is_source else Severity.WARNING, k,
            f"sentence {j + 1} reads as '{lang}'" + (" (the source language): left untranslated" if is_source
                                                     else f", not '{ctx.target_lang_expected}'")
            + f" (probability {prob:.2f})",
            [sentence_span(ctx.target, "target", j)],
            target_sentence=j + 1, detected=lang, probability=round(prob, 3)))
    return flags
