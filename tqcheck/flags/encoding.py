"""Encoding damage in the translation: mojibake and replacement characters (found with ``ftfy``), control
characters and stray right-to-left marks.

>>> mojibake_fix("Donâ€™t go")
'Don’t go'
>>> [hex(ord(c)) for _, c in control_chars("a\\u200fb\\x07c", rtl_target=False)]
['0x200f', '0x7']
"""
from __future__ import annotations

import unicodedata

from ..languages import is_rtl
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span
from .textutil import target_sentences

REPLACEMENT = "\ufffd"
# directional marks, embeddings, overrides and isolates; the byte-order mark inside a text
_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def mojibake_fix(text: str) -> str | None:
    """The text with its encoding repaired by ``ftfy`` (unchanged if ftfy cannot repair it), or None when it
    looks clean."""
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(text):
        return None
    return ftfy.fix_encoding(text)


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


@detector("mojibake", "mis-decoded text ('â€™', 'Ã©') or replacement characters (�): encoding damage")
def mojibake(ctx: FlagContext) -> list[Flag]:
    flags = []
    for k, j, text in target_sentences(ctx):
        if REPLACEMENT in text:
            pos = text.index(REPLACEMENT)
            flags.append(make_flag(
                "mojibake", Severity.ERROR, k,
                f"sentence {j + 1} contains the replacement character � ({text.count(REPLACEMENT)}x): "
                "text was lost when it was decoded",
                [sentence_span(ctx.target, "target", j, pos, pos + 1)],
                target_sentence=j + 1, replacement_characters=text.count(REPLACEMENT)))
            continue
        fixed = mojibake_fix(text)
        if fixed is None:
            continue
        pos = _first_difference(text, fixed)
        end = min(len(text), pos + 3)
        repaired = " (repaired: '" + fixed[max(0, pos - 10):pos + 12] + "')" if fixed != text else ""
        flags.append(make_flag(
            "mojibake", Severity.ERROR, k,
            f"sentence {j + 1} looks mis-decoded ('{text[max(0, pos - 10):end + 6]}'){repaired}",
            [sentence_span(ctx.target, "target", j, pos, end)],
            target_sentence=j + 1, repaired=fixed if fixed != text else None))
    return flags


def control_chars(text: str, rtl_target: bool) -> list[tuple[int, str]]:
    """Positions of control characters (not tab or newline), byte-order marks, and, in a left-to-right text,
    directional marks."""
    found = []
    for i, ch in enumerate(text):
        if ch in "\t\n\r":
            continue
        if unicodedata.category(ch) == "Cc" or ch == "\ufeff" or (ch in _BIDI and not rtl_target):
            found.append((i, ch))
    return found


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL')}"


@detector("control-characters", "control characters or stray right-to-left marks inside the translation")
def control_characters(ctx: FlagContext) -> list[Flag]:
    rtl = is_rtl(ctx.target_lang_expected)
    flags = []
    for k, j, text in target_sentences(ctx):
        found = control_chars(text, rtl)
        if not found:
            continue
        names = sorted({_char_name(ch) for _, ch in found})
        flags.append(make_flag(
            "control-characters", Severity.WARNING, k,
            f"sentence {j + 1} contains {len(found)} invisible control character(s): {', '.join(names)}",
            [sentence_span(ctx.target, "target", j, pos, pos + 1) for pos, _ in found],
            target_sentence=j + 1, characters=names))
    return flags
