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

_TOKEN = re.compile(r"\S+")
SAMPLE_CHARS = 20000  # detection reads at most this many characters, from the start, middle and end of a text
SENTENCE_SAMPLE_CHARS = 2000
# Scripts used by exactly one supported language that langdetect has no profile for: the script decides.
_SCRIPT_LANGS = {"ETHIOPIC": "am", "ARMENIAN": "hy", "GEORGIAN": "ka", "KHMER": "km", "LAO": "lo",
                 "MYANMAR": "my", "SINHALA": "si", "ORIYA": "or"}


def _is_address(token: str) -> bool:
    low = token.lower()
    return low.startswith(("http://", "https://", "www.")) or "@" in token


def strip_addresses(text: str) -> str:
    """Replace URLs and e-mail addresses by a space (linear: one look at each whitespace-separated token).

    >>> strip_addresses("mail me@x.org or see https://x.org now")
    'mail   or see   now'
    """
    return _TOKEN.sub(lambda m: " " if _is_address(m.group()) else m.group(), text)


def sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """At most ``limit`` characters of ``text``: all of it, or pieces of its start, middle and end."""
    if len(text) <= limit:
        return text
    third = limit // 3
    middle = len(text) // 2 - third // 2
    return "\n".join((text[:third], text[middle:middle + third], text[-third:]))


def letters(text: str) -> int:
    """How many letters detection reads of ``text`` (its ``sample``)."""
    return sum(ch.isalpha() for ch in sample(text))


def _script_language(text: str) -> str | None:
    """The language of a script only one supported language writes (Amharic's Ethiopic ...), when most letters use it."""
    import unicodedata

    counts: dict[str, int] = {}
    letters = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            script = unicodedata.name(ch, "").split(" ")[0]
            if script in _SCRIPT_LANGS:
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return _SCRIPT_LANGS[script] if n * 2 > letters else None


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
    return detect_language_probability(text)[0]


def detect_language_probability(text: str) -> tuple[str, float]:
    """The language of a text and langdetect's probability for it, from a bounded sample (deterministic)."""
    cleaned = strip_addresses(sample(text))
    by_script = _script_language(cleaned)
    if by_script:
        return by_script, 1.0
    best = _langdetect(cleaned)
    if best is None:
        raise LanguageError("could not detect the language (no letters?); pass --source-lang/--target-lang")
    return normalise_lang(best[0]), best[1]


def detect_sentence_language(text: str, min_letters: int) -> tuple[str, float] | None:
    """Language and probability for one sentence, or None when it has fewer than ``min_letters`` letters (the
    ``foreign_min_letters`` threshold: shorter sentences are too short to tell reliably) or no answer."""
    text = sample(text, SENTENCE_SAMPLE_CHARS)
    letters = sum(c.isalpha() for c in text)
    if letters < min_letters:
        return None
    by_script = _script_language(text)
    if by_script:
        return by_script, 1.0
    best = _langdetect(strip_addresses(text))
    return None if best is None else (normalise_lang(best[0]), best[1])


def _langdetect(text: str) -> tuple[str, float] | None:
    """langdetect's best (code, probability), seeded; None when the text has no features. Through the disk cache
    of answers when one is in use (``tqcheck.langcache``: the same answers, fast on a re-check)."""
    from .langcache import active, best_language

    cache = active()
    return best_language(text) if cache is None else cache.detect(text)
