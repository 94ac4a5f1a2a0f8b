"""The flag catalogue: detectors registered by id, and the context they read."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..config import Thresholds
from ..types import Alignment, Document, Evidence, Flag, Severity, Unit


@dataclass(frozen=True)
class FlagContext:
    """Everything a detector may look at; ``cosine(src_ids, tgt_ids)`` embeds on demand (cached)."""

    source: Document
    target: Document
    alignments: tuple[Alignment, ...]
    thresholds: Thresholds
    target_lang_expected: str
    cosine: Callable[[tuple[int, ...], tuple[int, ...]], float]
    base: Callable[[tuple[int, ...], tuple[int, ...]], float]
    units: tuple[Unit, ...] | None = None  # pre-aligned input: units[k] belongs to alignment k
    cut_for_model: Mapping[str, Mapping[int, int]] = field(default_factory=dict)  # side -> {sentence: chars read}


Detect = Callable[[FlagContext], list[Flag]]


def nearby(ctx: FlagContext, k: int) -> range:
    """Alignments whose text may hold what alignment ``k`` moved (numbers, names): one either side in an aligned
    document, where a sentence boundary may fall differently; only ``k`` itself for pre-aligned units, which the
    file pairs as they are (a number in the next unit is not this unit's)."""
    if ctx.units is not None:
        return range(k, k + 1)
    return range(max(0, k - 1), min(len(ctx.alignments), k + 2))


@dataclass(frozen=True)
class Detector:
    """A registered detector: stable id, what it finds, and the function that finds it."""

    id: str
    summary: str
    detect: Detect


DETECTORS: dict[str, Detector] = {}


def detector(flag_id: str, summary: str) -> Callable[[Detect], Detect]:
    """Register a detector function under a stable kebab-case id."""

    def register(fn: Detect) -> Detect:
        DETECTORS[flag_id] = Detector(flag_id, summary, fn)
        return fn

    return register


def sentence_span(doc: Document, side: str, sentence_index: int, start: int = 0, end: int | None = None):
    """A Span over (part of) one sentence of ``doc``; ``start``/``end`` are relative to the sentence."""
    from ..types import Span

    s = doc.sentences[sentence_index]
    end = len(s.text) if end is None else end
    return Span(side, s.start + start, s.start + end, s.text[start:end])


def make_flag(flag_id: str, severity: Severity, alignment: int | None, message: str, spans=(), **evidence) -> Flag:
    """Build a Flag with evidence given as keyword arguments."""
    return Flag(flag_id, severity, alignment, message, Evidence(evidence), tuple(spans))
