"""Untranslated text: source-language script left in the translation, or sentences copied unchanged."""
from __future__ import annotations

import re
import unicodedata

from ..languages import script_of
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, sentence_span

_NAME_TO_SCRIPT = {"CJK": "CJK", "HIRAGANA": "CJK", "KATAKANA": "CJK"}


def char_script(ch: str) -> str | None:
    """The script of a letter as a coarse name (LATIN, ARABIC, CJK ...), None for non-letters."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    first = name.split(" ")[0]
    if first in _NAME_TO_SCRIPT:
        return _NAME_TO_SCRIPT[first]
    if "IDEOGRAPH" in name:
        return "CJK"
    return first or None


def foreign_runs(text: str, allowed: str, min_chars: int) -> list[tuple[int, int, str]]:
    """Runs of letters in another script than ``allowed`` (spaces inside a run kept), as (start, end, script)."""
    runs, start, script = [], None, None
    last_letter = -1
    for i, ch in enumerate(text + "\0"):
        s = char_script(ch) if ch != "\0" else None
        foreign = s is not None and s != allowed
        if foreign and start is not None and s == script:
            last_letter = i
            continue
        if foreign and start is None:
            start, script, last_letter = i, s, i
            continue
        if start is not None and (ch.isspace() or ch in "\u200c\u200d-'،") and i - last_letter <= 1 and ch != "\0":
            continue
        if start is not None:
            letters = sum(1 for c in text[start:last_letter + 1] if c.isalpha())
            if letters >= min_chars:
                runs.append((start, last_letter + 1, script))
            start, script = None, None
            if foreign:
                start, script, last_letter = i, s, i
    return runs


_PLAIN_WORD = re.compile(r"[a-z\u00DF-\u00FF\u0101-\u017F]{4,}")


def latin_name_or_code(run: str) -> bool:
    """True for Latin-script text that a translation into a non-Latin script keeps as it is: names, brands,
    acronyms and codes ('Nicolas Maduro', 'SAAMI', 'iPhone 12', 'COVID-19') and single borrowed words ('blog').
    Two or more lower-case words ('good one mate') are running text left untranslated.

    >>> latin_name_or_code("Forza Luton"), latin_name_or_code("blog"), latin_name_or_code("yeah good one mate")
    (True, True, False)
    """
    plain = [w for w in run.split() if _PLAIN_WORD.fullmatch(w.strip(".,;:!?'\"()"))]
    return len(plain) < 2


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@detector("untranslated", "source-language script or whole source sentences left in the translation")
def untranslated(ctx: FlagContext) -> list[Flag]:
    flags = []
    target_script = script_of(ctx.target_lang_expected, "LATIN")
    source_script = script_of(ctx.source.lang)
    for k, a in enumerate(ctx.alignments):
        for j in a.tgt:
            text = ctx.target.sentences[j].text
            for start, end, script in foreign_runs(text, target_script, ctx.thresholds.untranslated_min_chars):
                if script == "LATIN" and target_script != "LATIN" and latin_name_or_code(text[start:end]):
                    continue
                severity = Severity.ERROR if script == source_script else Severity.WARNING
                flags.append(make_flag(
                    "untranslated", severity, k,
                    f"sentence {j + 1} contains {script.lower()}-script text left untranslated: "
                    f"'{text[start:end]}'",
                    [sentence_span(ctx.target, "target", j, start, end)],
                    target_sentence=j + 1, script=script.lower(), text=text[start:end]))
        if a.src and a.tgt:
            src, tgt = _norm(ctx.source.joined(a.src)), _norm(ctx.target.joined(a.tgt))
            same = copy_ratio(src, tgt) if len(tgt.split()) >= 3 else 0.0
            if same >= ctx.thresholds.near_copy_ratio:
                what = "a copy" if same == 1.0 else f"nearly a copy ({same:.0%} the same)"
                flags.append(make_flag(
                    "untranslated", Severity.ERROR, k,
                    f"the translation is {what} of the source text",
                    [sentence_span(ctx.target, "target", j) for j in a.tgt], copied=True, same=round(same, 3)))
    return flags


COPY_RATIO_MAX_CHARS = 20_000  # longer texts are compared on their first 20,000 characters (bounded time)


def copy_ratio(src: str, tgt: str) -> float:
    """How much of two normalised texts is the same (1.0 = identical): rapidfuzz's Indel ratio, 2*LCS/(len+len).

    Bit-parallel, so a 10,000-character pair takes milliseconds (difflib took minutes). Texts longer than
    ``COPY_RATIO_MAX_CHARS`` are compared on their heads, capped by what their lengths allow.

    >>> copy_ratio("der hund schläft im garten", "der hund sleeps im garten")
    0.824
    """
    if src == tgt:
        return 1.0
    from rapidfuzz.distance import Indel

    if max(len(src), len(tgt)) <= COPY_RATIO_MAX_CHARS:
        return round(Indel.normalized_similarity(src, tgt), 3)
    head = Indel.normalized_similarity(src[:COPY_RATIO_MAX_CHARS], tgt[:COPY_RATIO_MAX_CHARS])
    return round(min(head, 2 * min(len(src), len(tgt)) / (len(src) + len(tgt))), 3)
