"""The translation as a whole is not in the expected target language."""
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
