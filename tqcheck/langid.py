"""Language identification with langdetect, seeded so the same text always gets the same answer."""
from __future__ import annotations

import re

from .errors import LanguageError
from .languages import ALIASES

# ISO 639-1 codes of the ~100 languages multilingual-e5 / XLM-R / LaBSE were trained on.
SUPPORTED_LANGS = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi hr hu hy "
    "id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa pl ps pt ro ru sa "
    "sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh".split()
)

_URLS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+")


def normalise_lang(code: str) -> str:
    """Lower-case a language code and map aliases (``zh-cn`` -> ``zh``, ``iw`` -> ``he``)."""
    code = code.strip().lower().replace("_", "-")
    if code in ALIASES:
        return ALIASES[code]
    return code.split("-")[0] if code.split("-")[0] in SUPPORTED_LANGS else code


def check_supported(code: str) -> str:
    """Return the normalised code or raise LanguageError if the models do not cover it."""
    norm = normalise_lang(code)
    if norm not in SUPPORTED_LANGS:
        raise LanguageError(f"language '{code}' is not supported (the multilingual models cover: "
                            f"{', '.join(sorted(SUPPORTED_LANGS))})")
    return norm


def detect_language(text: str) -> str:
    """Detect the language of a text (deterministic); raise LanguageError when there is nothing to go on."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    cleaned = _URLS.sub(" ", text)[:20000]
    try:
        best = detect_langs(cleaned)[0]
    except LangDetectException:
        raise LanguageError("could not detect the language (no letters?); pass --source-lang/--target-lang") from None
    return normalise_lang(best.lang)


def detect_sentence_language(text: str, min_letters: int) -> tuple[str, float] | None:
    """Language and probability for one sentence, or None when it has fewer than ``min_letters`` letters (the
    ``foreign_min_letters`` threshold: shorter sentences are too short to tell reliably) or no answer."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    letters = sum(c.isalpha() for c in text)
    if letters < min_letters:
        return None
    DetectorFactory.seed = 0
    try:
        best = detect_langs(_URLS.sub(" ", text))[0]
    except LangDetectException:
        return None
    return normalise_lang(best.lang), float(best.prob)
