"""Paragraphs and sentences per language, each with its character span in the original text.

Rules, in order:

* a blank line ends a paragraph; every paragraph gets an index;
* inside a paragraph a line break ends a segment (a heading, byline or list item is its own
  segment) unless the line has no final punctuation and the next line continues it in lower case;
* inside a line, a sentence ends after final punctuation of the script (``. ! ? … ؟ ۔ 。 ！ ？``),
  optionally followed by closing quotes or brackets, when whitespace and a non-lowercase character
  follow; CJK full stops need no whitespace. Known abbreviations, initials and German ordinal dates
  (``5. Februar``) do not end a sentence.

>>> [s.text for s in split_sentences("Dr. Smith came. He left!", "en")]
['Dr. Smith came.', 'He left!']
>>> [s.text for s in split_sentences("او آمد؟ بله آمد.", "fa")]
['او آمد؟', 'بله آمد.']
"""
from __future__ import annotations

import re

from .punctuation import CJK_FINAL as _CJK_FINAL
from .punctuation import CLOSERS as _CLOSERS
from .punctuation import SPACED_FINAL as _FINAL
from .types import Sentence

_ABBREVIATIONS = {
    "en": "mr mrs ms dr prof sr jr st vs e.g i.e u.s u.k u.n inc ltd co corp gen gov sen rep lt col capt sgt "
          "no nos jan feb mar apr jun jul aug sep sept oct nov dec approx fig al ft mt rev hon",
    "de": "z.b bzw ca dr prof nr usw vgl hr fr st d.h u.a evtl ggf inkl jh mio mrd abs bd str tel",
    "fr": "m mme mlle mm dr st p.ex av j.-c env cf ex",
    "es": "sr sra srta dr dra ud uds pág av gral lic",
    "ru": "г т.е т.д т.п им ул д руб млн млрд тыс см",
    "it": "sig dott prof ecc",
    "pt": "sr sra dr dra av",
    "nl": "dhr mevr dr prof bijv nr",
}
_MONTHS_DE = "januar februar märz april mai juni juli august september oktober november dezember"
# Runs of final punctuation (then closers). The FINAL alternative counts only when whitespace follows, which the
# caller checks: a look-ahead inside the pattern would make a long run of dots quadratic.
_BOUNDARY = re.compile(
    rf"[{re.escape(_FINAL)}]+[{re.escape(_CLOSERS)}]*|[{re.escape(_CJK_FINAL)}]+[{re.escape(_CLOSERS)}]*"
)
_LINE_END = tuple(_FINAL + _CJK_FINAL + _CLOSERS + ":;")
_NON_SPACE = re.compile(r"\S")
_WORD = re.compile(r"\S+")
_LONGEST_TOKEN = 40  # the word before a full stop is looked at only this far back (abbreviations are short)


def _abbreviations(lang: str) -> frozenset[str]:
    return frozenset((_ABBREVIATIONS.get(lang, "") + " " + _ABBREVIATIONS["en"]).split())


def _is_lower(ch: str) -> bool:
    return ch.isalpha() and ch.islower() and ch != ch.upper()


def _word_before(text: str, start: int, floor: int) -> str:
    """The whitespace-free token ending at ``start`` (at most ``_LONGEST_TOKEN`` characters are looked at)."""
    i = start
    limit = max(floor, start - _LONGEST_TOKEN - 1)
    while i > limit and not text[i - 1].isspace():
        i -= 1
    if i == limit and i > floor and not text[i - 1].isspace():
        return ""  # longer than any abbreviation, initial or date
    return text[i:start]


def _ends_sentence(text: str, end: int, line_end: int, match: str, lang: str, abbrevs: frozenset[str],
                   line_start: int = 0) -> bool:
    """Decide whether the punctuation ``match`` ending at ``end`` closes a sentence of ``text[:line_end]``."""
    if match[0] in _CJK_FINAL:
        return True
    nxt_at = _NON_SPACE.search(text, end, line_end)
    if nxt_at is None:
        return True
    nxt = nxt_at.group()
    if _is_lower(nxt):
        return False
    if match.rstrip(_CLOSERS) != ".":
        return True
    token = _word_before(text, end - len(match), line_start).lower().lstrip("(\"'“‘«")
    if token in abbrevs or token.rstrip(".") in abbrevs:
        return False
    if len(token) == 1 and token.isalpha():  # initials: J. Smith
        return False
    if lang == "de" and token.isdigit():
        following = _WORD.match(text, nxt_at.start(), line_end)
        if following and following.group().lower().strip(".,") in _MONTHS_DE:
            return False
    return True


def _split_line(text: str, start: int, end: int, lang: str, abbrevs: frozenset[str]) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, whitespace trimmed (linear in the line's length)."""
    spans = []
    piece_start = start
    for m in _BOUNDARY.finditer(text, start, end):
        if m.group()[0] in _FINAL and (m.end() >= end or not text[m.end()].isspace()):
            continue
        if _ends_sentence(text, m.end(), end, m.group(), lang, abbrevs, start):
            spans.append((piece_start, m.end()))
            piece_start = m.end()
    spans.append((piece_start, end))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _line_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph into line units, joining soft-wrapped lines (linear in the paragraph's length)."""
    units: list[tuple[int, int]] = []
    pos = line_start = start
    while True:
        line_end = text.find("\n", line_start, end)
        if line_end < 0:
            break
        line = text[line_start:line_end].rstrip() or text[pos:line_end].rstrip()
        following = _NON_SPACE.search(text, line_end + 1, end)
        wrapped = line and not line.endswith(_LINE_END) and following and _is_lower(following.group())
        if not wrapped:
            units.append((pos, line_end))
            pos = line_end + 1
        line_start = line_end + 1
    units.append((pos, end))
    return units


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs (blocks separated by blank lines)."""
    spans = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def split_sentences(text: str, lang: str) -> tuple[Sentence, ...]:
    """Split a whole text into sentences with paragraph indices and character spans."""
    abbrevs = _abbreviations(lang)
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for u_start, u_end in _line_units(text, p_start, p_end):
            for a, b in _split_line(text, u_start, u_end, lang, abbrevs):
                sentences.append(Sentence(len(sentences), text[a:b], a, b, p_index))
    return tuple(sentences)


_ENDED_LINE = re.compile("[" + re.escape("".join(_LINE_END)) + r"][^\S\n]*(?=\n|\Z)")


def sentences_at_least(text: str) -> int:
    r"""A lower bound on the sentences ``split_sentences`` finds, in any language, from one regex pass: a line
    ending in final punctuation ends a line unit of its own (never joined to the next), and a unit holds at least
    one sentence. Lets a text far over ``max_sentences`` be refused before it is identified or split.

    >>> sentences_at_least("One. Two.\nthree\nfour\n\nFive!  \n")
    2
    """
    return sum(1 for _ in _ENDED_LINE.finditer(text))


def clean_for_model(text: str) -> str:
    """Collapse whitespace (line breaks inside a sentence) before embedding."""
    return " ".join(text.split())
