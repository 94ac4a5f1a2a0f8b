"""The translation as a whole is not in the expected target language; a given source language the text contradicts."""
from __future__ import annotations

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag


@detector("wrong-language", "the translation is not in the expected target language")
def wrong_language(ctx: FlagContext) -> list[Flag]:
    if ctx.target.lang == ctx.target_lang_expected:
        return []
    return [make_flag(
        "wrong-language", Severity.ERROR, None,
        f"the translation reads as '{ctx.target.lang}', not the expected target language "
        f"'{ctx.target_lang_expected}'",
        detected=ctx.target.lang, expected=ctx.target_lang_expected)]


SOURCE_LANG_MIN_PROBABILITY = 0.9


@detector("source-language", "the source text is clearly not in the source language given (--source-lang)")
def source_language(ctx: FlagContext) -> list[Flag]:
    """Warn when a given source language and the detector disagree strongly: another script, probability >= 0.9."""
    from ..errors import LanguageError
    from ..langid import detect_language_probability
    from ..languages import script_of

    if ctx.source.lang_detected:
        return []
    try:
        found, probability = detect_language_probability(ctx.source.text)
    except LanguageError:
        return []
    given_script, found_script = script_of(ctx.source.lang), script_of(found)
    if found == ctx.source.lang or probability < SOURCE_LANG_MIN_PROBABILITY or given_script == found_script:
        return []
    return [make_flag(
        "source-language", Severity.WARNING, None,
        f"the source was given as '{ctx.source.lang}' but reads as '{found}' (probability {probability:.2f}, "
        f"{(found_script or 'another').lower()} script); check --source-lang",
        given=ctx.source.lang, detected=found, probability=round(probability, 3))]
