"""Low semantic similarity (possible mistranslation) and length-ratio outliers."""
from __future__ import annotations

from ..types import Flag, Severity
from .base import FlagContext, detector, make_flag
from .lengths import MIN_MEASURED_CHARS, pair_ratio
from .textutil import shown_past


@detector("low-similarity", "aligned text whose meaning differs from its source (possible mistranslation)")
def low_similarity(ctx: FlagContext) -> list[Flag]:
    t = ctx.thresholds
    flags = []
    for k, a in enumerate(ctx.alignments):
        if a.similarity is None or a.similarity >= t.low_similarity_warning:
            continue
        severity = Severity.ERROR if a.similarity < t.low_similarity_error else Severity.WARNING
        flags.append(make_flag(
            "low-similarity", severity, k,
            f"similarity {shown_past(a.similarity, t.low_similarity_warning, 2)} is below "
            f"{t.low_similarity_warning:g}: the translation may not say "
            "what the source says",
            similarity=round(a.similarity, 3), cosine=round(a.cosine or 0.0, 4),
            threshold=t.low_similarity_warning))
    return flags


@detector("length-ratio", "translation much shorter or longer than its source (partial omission or addition)")
def length_ratio(ctx: FlagContext) -> list[Flag]:
    """Ratios relative to the document's own; in documents of fewer than ``length_ratio_min_segments`` aligned
    segments also relative to the language pair's measured ratio (``Language.english_ratio``) when there is one."""
    t = ctx.thresholds
    segments = sum(1 for a in ctx.alignments if a.src and a.tgt)
    prior = pair_ratio(ctx.source.lang, ctx.target_lang_expected) if segments < t.length_ratio_min_segments else None
    flags = []
    for k, a in enumerate(ctx.alignments):
        src_chars = len(ctx.source.joined(a.src))
        tgt_chars = len(ctx.target.joined(a.tgt))
        found = _outlier(a.length_ratio, max(src_chars, tgt_chars), t, "document")
        if found is None and prior is not None and src_chars and tgt_chars:
            found = _outlier(tgt_chars / src_chars / prior, max(src_chars * prior, tgt_chars), t,
                             f"language pair ({prior:g})")
        if found is None:
            continue
        ratio, what, basis = found
        limit = t.length_ratio_low if what == "shorter" else t.length_ratio_high
        flags.append(make_flag(
            "length-ratio", Severity.WARNING, k,
            f"translation is {shown_past(ratio, limit, 1)}x the expected length: much {what} than its source "
            f"({tgt_chars} vs {src_chars} characters)",
            length_ratio=round(ratio, 2), source_chars=src_chars, target_chars=tgt_chars,
            limits=[t.length_ratio_low, t.length_ratio_high], expected_from=basis))
    return flags


def _outlier(ratio: float | None, chars: float, t, basis: str) -> tuple[float, str, str] | None:
    """(ratio, 'shorter'/'longer', basis) when a segment of MIN_MEASURED_CHARS+ characters is outside the limits."""
    if ratio is None or chars < MIN_MEASURED_CHARS:
        return None
    if ratio < t.length_ratio_low:
        return ratio, "shorter", basis
    if ratio > t.length_ratio_high:
        return ratio, "longer", basis
    return None
