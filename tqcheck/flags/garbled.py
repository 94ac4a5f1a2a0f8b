"""Garbled English syntax that a semantic score cannot see."""
from __future__ import annotations

import re

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span

_FUNCTION_WORDS = "The|A|An|Of|And|In|On|At|To|For|With|From|By|Or|But|Is|Are|Was|Were|That|This|Its|Their"
# a capitalised function word between two lower-case words: "and in The final end"
_MID_CAPITAL = re.compile(rf"(?<=[a-z,] )({_FUNCTION_WORDS})(?= [a-z])")
_LOWER_FUNCTION = frozenset(_FUNCTION_WORDS.lower().split("|"))


def _is_label(text: str, m: re.Match) -> bool:
    """``Class A misdemeanour``, ``grade A in``: a capital letter used as a label, not a garbled article."""
    before = text[:m.start()].split()
    after = text[m.end():].split()
    if before and before[-1][:1].isupper():
        return True
    return m.group(1) == "A" and bool(after) and after[0].strip(",.;:").lower() in _LOWER_FUNCTION


@detector("mid-sentence-capital", "a capitalised function word in mid-sentence (garbled clause)")
def mid_sentence_capital(ctx: FlagContext) -> list[Flag]:
    if ctx.target_lang_expected != "en":
        return []
    flags = []
    for k, a in enumerate(ctx.alignments):
        for j in a.tgt:
            text = ctx.target.sentences[j].text
            for m in _MID_CAPITAL.finditer(text):
                if _is_label(text, m):
                    continue
                before = text[max(0, m.start() - 20):m.start()].split()[-1:]
                context = " ".join(before + [m.group(1)] + text[m.end():m.end() + 20].split()[:2])
                flags.append(make_flag(
                    "mid-sentence-capital", Severity.WARNING, k,
                    f"'{m.group(1)}' is capitalised in mid-sentence ('... {context} ...'): the clause looks garbled",
                    [sentence_span(ctx.target, "target", j, m.start(1), m.end(1))],
                    target_sentence=j + 1, word=m.group(1), context=context))
    return flags
