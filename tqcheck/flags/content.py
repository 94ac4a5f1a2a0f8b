"""Content that does not match: URLs, e-mail addresses, hashtags and Latin-script names on one side only, and
hallucinated text (a translation much longer than its source and unlike it).

>>> sorted(entities("Write to info@example.com or see www.example.org/a, #CleanRivers", latin_names=False))
['#cleanrivers', 'info@example.com', 'www.example.org/a']
>>> sorted(entities("Министры NATO и компания iPhone", latin_names=True))
['iphone', 'nato']
"""
from __future__ import annotations

import re

from ..languages import script_of
from ..score import calibrate
from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag, nearby, sentence_span
from .lengths import MIN_MEASURED_CHARS, expected_ratio
from .textutil import URL_OR_EMAIL

_ENTITY = re.compile(URL_OR_EMAIL.pattern + r"|(?<![A-Za-z0-9&])[#@][A-Za-z][A-Za-z0-9_]{2,}")
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]*[A-Z][A-Za-z]*(?:-?[0-9]+)?(?![A-Za-z])")


def entities(text: str, latin_names: bool) -> set[str]:
    """URLs, e-mails, hashtags and @handles (lower-cased); with ``latin_names`` also Latin words with a capital."""
    found = {m.group().lower() for m in _ENTITY.finditer(text)}
    if latin_names:
        rest = _ENTITY.sub(" ", text)
        found |= {m.group().lower() for m in _LATIN_NAME.finditer(rest) if len(m.group()) >= 2}
    return found


def _missing(mine: set[str], other_text: str) -> list[str]:
    other = other_text.lower()
    return sorted(e for e in mine if e not in other and e.removeprefix("www.") not in other)


def _locate(ctx: FlagContext, side: str, ids: tuple[int, ...], needle: str):
    doc = ctx.source if side == "source" else ctx.target
    for i in ids:
        pos = doc.sentences[i].text.lower().find(needle)
        if pos >= 0:
            return sentence_span(doc, side, i, pos, pos + len(needle))
    return sentence_span(doc, side, ids[0])


@detector("entity-mismatch", "a URL, e-mail address, hashtag or Latin-script name present on one side only")
def entity_mismatch(ctx: FlagContext) -> list[Flag]:
    latin_source = script_of(ctx.source.lang) == "LATIN"
    aligns = ctx.alignments
    flags = []
    for k, a in enumerate(aligns):
        if not a.src or not a.tgt:
            continue
        near = nearby(ctx, k)
        src_near = " ".join(ctx.source.joined(aligns[i].src) for i in near)
        tgt_near = " ".join(ctx.target.joined(aligns[i].tgt) for i in near)
        lost = _missing(entities(ctx.source.joined(a.src), latin_names=not latin_source), tgt_near)
        added = _missing(entities(ctx.target.joined(a.tgt), latin_names=False), src_near)
        if not lost and not added:
            continue
        parts = ([f"source has {', '.join(lost)} not found in the translation"] if lost else []) + \
                ([f"translation has {', '.join(added)} not found in the source"] if added else [])
        spans = [_locate(ctx, "source", a.src, e) for e in lost] + [_locate(ctx, "target", a.tgt, e) for e in added]
        flags.append(make_flag("entity-mismatch", Severity.WARNING, k, "; ".join(parts), spans,
                               missing_in_translation=lost, missing_in_source=added))
    return flags


@detector("hallucination", "a translation much longer than its source and unlike it (hallucinated content)")
def hallucination(ctx: FlagContext) -> list[Flag]:
    t = ctx.thresholds
    expected = expected_ratio(ctx)
    flags = []
    for k, a in enumerate(ctx.alignments):
        if not a.src or not a.tgt:
            continue
        src_chars, tgt_chars = len(ctx.source.joined(a.src)), len(ctx.target.joined(a.tgt))
        longer = tgt_chars / max(src_chars, 1) / expected
        if tgt_chars < MIN_MEASURED_CHARS or longer < t.hallucination_length:
            continue
        sim = a.similarity if a.similarity is not None else calibrate(ctx.cosine(a.src, a.tgt), ctx.base(a.src, a.tgt))
        if sim >= t.hallucination_similarity:
            continue
        flags.append(make_flag(
            "hallucination", Severity.ERROR, k,
            f"the translation is {longer:.1f}x the expected length and only {sim:.2f} similar to its source: "
            "it says more than the source does",
            [sentence_span(ctx.target, "target", j) for j in a.tgt],
            length_ratio=round(longer, 2), similarity=round(sim, 3), source_chars=src_chars, target_chars=tgt_chars,
            limits=[t.hallucination_length, t.hallucination_similarity]))
    return flags
