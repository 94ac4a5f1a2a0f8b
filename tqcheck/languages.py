"""One table of language facts: script, direction, letter case, decimal comma, expected length ratio, spacing.

Every stage reads its facts here (``language("fa").rtl``), so they cannot disagree.

>>> fa = language("fa")
>>> fa.script, fa.rtl, fa.cased, fa.comma_decimal, fa.english_ratio
('ARABIC', True, False, False, 1.01)
>>> language("iw").code, language("de-AT").comma_decimal, language("xx")
('he', True, None)
>>> language("fr").space_before_marks, language("th").spaced, language("ko").spaced
(True, False, True)
"""
from __future__ import annotations

from dataclasses import dataclass

# Languages by the script they are written in (coarse Unicode script names, as ``unicodedata.name`` starts).
_SCRIPTS = {
    "LATIN": "en de fr es it pt nl sv da no fi pl cs sk ro hu et lv lt sl hr bs tr id ms af ca eu gl ga cy is sq sw "
             "tl vi uz az so ha xh jv su mg eo la fy br gd ku om",
    "ARABIC": "ar fa ur ps sd ug ckb",
    "CYRILLIC": "ru uk bg sr mk be kk ky mn",
    "CJK": "zh ja",
    "HANGUL": "ko",
    "HEBREW": "he yi",
    "GREEK": "el",
    "DEVANAGARI": "hi mr ne sa",
    "BENGALI": "bn as",
    "THAI": "th", "GEORGIAN": "ka", "ARMENIAN": "hy", "ETHIOPIC": "am", "TAMIL": "ta", "TELUGU": "te",
    "KANNADA": "kn", "MALAYALAM": "ml", "GUJARATI": "gu", "GURMUKHI": "pa", "SINHALA": "si", "KHMER": "km",
    "LAO": "lo", "MYANMAR": "my", "ORIYA": "or", "THAANA": "dv",
}
_RTL = frozenset("ar fa he ur ps sd ug yi ckb dv".split())
# Scripts with upper and lower case in which a capital mid-sentence means something.
_CASED = frozenset("en de fr es it pt nl sv da no fi pl cs sk ro hu ru uk bg sr hr sl et lv lt el tr id ms".split())
# Written with a decimal comma and a full stop (or space) between thousands: 3,5 and 1.000.
_COMMA_DECIMAL = frozenset("de fr es it pt nl ru uk pl cs sk ro tr sv da no fi id bg hr sl sr et lv lt hu el".split())
# English characters per source character, measured on clean parallel text (see tqcheck.flags.lengths).
_ENGLISH_RATIO = {"fa": 1.01, "ar": 1.07, "de": 0.83, "zh": 3.08, "ru": 1.05, "es": 0.88}
# French typography puts a (thin) space before ; : ! ? and inside guillemets.
_SPACE_BEFORE_MARKS = frozenset({"fr"})
# Scripts written without spaces between words, as regex character ranges: Han and kana, Thai, Lao, Myanmar,
# Khmer (Korean Hangul is written with spaces). UNSPACED_CHARACTERS goes inside a character class: [...].
UNSPACED_SCRIPTS = {
    "CJK": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "THAI": "\u0e00-\u0e7f", "LAO": "\u0e80-\u0eff", "MYANMAR": "\u1000-\u109f", "KHMER": "\u1780-\u17ff",
}
UNSPACED_CHARACTERS = "".join(UNSPACED_SCRIPTS.values())
# Other names of the same language.
ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "iw": "he", "nb": "no", "nn": "no", "fil": "tl", "prs": "fa"}


@dataclass(frozen=True)
class Language:
    """What tqcheck knows about one language (ISO 639-1 code where there is one)."""

    code: str
    script: str
    rtl: bool = False
    cased: bool = False
    comma_decimal: bool = False
    english_ratio: float | None = None  # expected English/source character ratio, None when not measured
    space_before_marks: bool = False    # a space before ; : ! ? is correct typography (French)
    spaced: bool = True                 # words are separated by spaces (not in Chinese, Japanese, Thai ...)


LANGUAGES: dict[str, Language] = {
    code: Language(code, script, code in _RTL, code in _CASED, code in _COMMA_DECIMAL, _ENGLISH_RATIO.get(code),
                   code in _SPACE_BEFORE_MARKS, script not in UNSPACED_SCRIPTS)
    for script, codes in _SCRIPTS.items() for code in codes.split()
}


def base_code(code: str) -> str:
    """Lower case, aliases resolved, region dropped: ``zh-TW`` -> ``zh``, ``iw`` -> ``he``, ``ar_EG`` -> ``ar``."""
    code = code.strip().lower().replace("_", "-")
    return ALIASES.get(code) or ALIASES.get(code.split("-")[0]) or code.split("-")[0]


def language(code: str) -> Language | None:
    """The facts of a language code (any case, alias or region), or None for a language not in the table."""
    return LANGUAGES.get(base_code(code))


def script_of(code: str, default: str | None = None) -> str | None:
    """The script a language is written in (``default`` when unknown)."""
    lang = language(code)
    return lang.script if lang else default


def shares_script(code: str) -> bool:
    """Whether another language of the table is written in this language's script (a detector can confuse them).

    >>> shares_script("de"), shares_script("fa"), shares_script("el"), shares_script("xx")
    (True, True, False, False)
    """
    script = script_of(code)
    return script is not None and len(_SCRIPTS[script].split()) > 1


def _fact(code: str, name: str) -> bool:
    lang = language(code)
    return bool(lang and getattr(lang, name))


def is_rtl(code: str) -> bool:
    """True for languages written right to left."""
    return _fact(code, "rtl")


def is_cased(code: str) -> bool:
    """True for languages whose script has letter case that carries meaning mid-sentence."""
    return _fact(code, "cased")


def uses_decimal_comma(code: str) -> bool:
    """True for languages that write 3,5 for three and a half."""
    return _fact(code, "comma_decimal")


def writes_spaces_between_words(code: str) -> bool:
    """True for languages whose words are separated by spaces, and for languages not in the table."""
    lang = language(code)
    return lang.spaced if lang else True


def puts_space_before_marks(code: str) -> bool:
    """True for languages whose typography puts a space before ; : ! ? (French)."""
    return _fact(code, "space_before_marks")
