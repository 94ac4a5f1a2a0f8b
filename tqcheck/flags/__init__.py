"""Flag detectors, registered by id in ``DETECTORS``; importing this package registers them all."""
from __future__ import annotations

from ..errors import ConfigError
from ..types import Flag
from . import coverage, fragment, garbled, language, numbers, similarity, untranslated  # noqa: F401  (register)
from . import content, encoding, foreign, syntax  # noqa: F401,E402  (register the garble detectors)
from . import limits  # noqa: F401,E402  (long-sentence)
from . import placeholders  # noqa: F401,E402  (register the unit checks of pre-aligned input)
from .base import DETECTORS, Detector, FlagContext
from .merge import merge_findings

# The detectors' order: flags of one segment are listed in it and every report's signature names the detectors in
# it, so it is fixed here, not left to the order the modules above happen to import each other in.
ORDER = ("omission", "addition", "fragment", "mid-sentence-capital", "wrong-language", "source-language",
         "number-mismatch", "low-similarity", "length-ratio", "untranslated", "entity-mismatch", "hallucination",
         "mojibake", "control-characters", "foreign-sentence", "doubled-word", "repetition-loop",
         "unbalanced-brackets", "punctuation-spacing", "truncated", "long-sentence", "placeholder-mismatch",
         "tag-mismatch", "empty-target", "unit-state")


def _put_in_order() -> None:
    """Reorder ``DETECTORS`` as ``ORDER``; a detector missing from it (or an id in it never registered) is a bug."""
    registered = dict(DETECTORS)
    if set(registered) != set(ORDER):
        raise RuntimeError(f"flags.ORDER and the registered detectors differ: {sorted(set(registered) ^ set(ORDER))}")
    DETECTORS.clear()
    DETECTORS.update((flag_id, registered[flag_id]) for flag_id in ORDER)


_put_in_order()


def run_detectors(ctx: FlagContext, ignored: frozenset[str] = frozenset()) -> tuple[Flag, ...]:
    """Run every enabled detector; flags sorted by alignment (document-level first), then catalogue order;
    findings of one root cause merged (``tqcheck.flags.merge``)."""
    from ..rules import RULES  # the detectors' ids and the glossary's (checked after the detectors)

    unknown = ignored - set(RULES)
    if unknown:
        raise ConfigError(f"unknown flag id(s): {', '.join(sorted(unknown))} (known: {', '.join(RULES)})")
    order = {flag_id: n for n, flag_id in enumerate(DETECTORS)}
    flags = [f for fid, d in DETECTORS.items() if fid not in ignored for f in d.detect(ctx)]
    ordered = tuple(sorted(flags, key=lambda f: (-1 if f.alignment is None else f.alignment, order[f.id])))
    return merge_findings(ordered, ctx.source.lang)


def enabled_ids(ignored: frozenset[str] = frozenset(), units: bool = False) -> list[str]:
    """Ids of the detectors that run, in catalogue order (``units``: on pre-aligned units)."""
    skip = placeholders.ALIGNMENT_ONLY if units else placeholders.UNITS_ONLY
    return [fid for fid in DETECTORS if fid not in ignored and fid not in skip]


__all__ = ["DETECTORS", "Detector", "FlagContext", "run_detectors", "enabled_ids"]
