"""Sentences of the translation written in another language than the target language (``langdetect``).

Two answers of langdetect are not taken as another language (measured on WMT21 CED dev OK lines, tokenised MT):
a language whose script is not the sentence's own (space-separated Chinese "reads as" Korean or Vietnamese), and,
unless it is the source language, a close relative of the target language that short sentences are mistaken for
(Czech read as Slovak, Croatian as Serbian, ...).
"""
from __future__ import annotations

import unicodedata

from ..languages import script_of
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span
from .textutil import mask_urls, target_sentences


# Languages that langdetect tells apart poorly on one sentence, and that a reader of one would not call foreign.
CLOSE_RELATIVES = (frozenset({"cs", "sk"}), frozenset({"hr", "sr", "bs", "sl"}), frozenset({"no", "da", "sv"}),
                   frozenset({"id", "ms"}))


def relatives(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are listed as close relatives.

    >>> relatives("cs", "sk"), relatives("cs", "pl")
    (True, False)
    """
    return any(a in group and b in group for group in CLOSE_RELATIVES)


def dominant_script(text: str) -> str | None:
    """The script most of the letters of ``text`` are in, named as in ``tqcheck.languages``.

    >>> dominant_script("我 不是 假 袜子 , OK"), dominant_script("Vše nejlepší")
    ('CJK', 'LATIN')
    """
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = "CJK" if name.startswith(("CJK", "HIRAGANA", "KATAKANA")) else name.split(" ")[0]
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda s: (counts[s], s)) if counts else None


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
        if script_of(lang) not in (None, dominant_script(text)):
            continue  # the letters say otherwise (tokenised CJK read as Korean or Vietnamese)
        if not is_source and relatives(lang, ctx.target_lang_expected):
            continue
        flags.append(make_flag(
            "foreign-sentence", Severity.ERROR if is_source else Severity.WARNING, k,
            f"sentence {j + 1} reads as '{lang}'" + (" (the source language): left untranslated" if is_source
                                                     else f", not '{ctx.target_lang_expected}'")
            + f" (probability {prob:.2f})",
            [sentence_span(ctx.target, "target", j)],
            target_sentence=j + 1, detected=lang, probability=round(prob, 3)))
    return flags
