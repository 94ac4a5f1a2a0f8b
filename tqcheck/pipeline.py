"""The only place that knows the order of the stages: read -> identify -> split -> embed -> align -> score -> flag."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

import numpy as np

from . import align as align_stage
from . import langid, quality, score, segment
from .config import CheckConfig
from .embed import CachingEmbedder, Embedder, load_embedder
from .errors import InputError, LanguageError
from .flags import FlagContext, enabled_ids, run_detectors
from .types import Alignment, Document, Flag, Report

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def make_document(text: str, lang: str, path: str | None, detected: bool) -> Document:
    """Split a text into sentences and wrap it as a Document."""
    return Document(path, lang, text, segment.split_sentences(text, lang), detected)


def identify(text: str, given: str | None, side: str) -> tuple[str, bool]:
    """The language of one side: given (validated) or detected."""
    if given:
        return langid.check_supported(given), False
    try:
        lang = langid.detect_language(text)
    except LanguageError as exc:
        raise LanguageError(f"{side}: {exc}") from None
    if lang not in langid.SUPPORTED_LANGS:
        raise LanguageError(f"{side}: detected language '{lang}' is not supported; pass --{side}-lang if wrong")
    return lang, True


def check(source_text: str, target_text: str, config: CheckConfig | None = None, *,
          source_path: str | None = None, target_path: str | None = None,
          embedder: Embedder | None = None, progress: Progress | None = None,
          references: Sequence[tuple[str, str | None]] | None = None, metric_options=None) -> Report:
    """Check a translation against its source and return a Report (no printing, no exiting).

    ``references``: (text, path) of reference translations; the report then carries sacrebleu metrics
    (``Report.metrics``) computed with ``metric_options`` (a ``tqcheck.metrics.MetricOptions``).
    """
    config = config or CheckConfig()
    config = replace(config, target_lang=langid.check_supported(config.target_lang))
    source, target = read_documents(source_text, target_text, config, source_path, target_path)
    cache = CachingEmbedder(embedder or load_embedder(config.model))
    aligned = align_stage.align_documents(source, target, cache.encode, align_params(config), progress=progress)
    alignments = estimate_quality(score_alignments(aligned, source, target), source, target, aligned, cache, config)
    flags = find_flags(source, target, alignments, aligned, cache, config, progress)
    src_chars, tgt_chars = _lengths(source), _lengths(target)
    signature = config.signature(enabled_ids(config.ignored_flags)) + \
        f"|quality:{quality.load_head().signature_for(cache.name)}"
    report = Report(source, target, alignments, flags,
                    score.document_scores(alignments, src_chars, tgt_chars, flags), signature, cache.name,
                    config.target_lang, config=config)
    if config.word_level:
        report = replace(report, words=word_level(source, target, alignments, progress))
    if references:
        report = _with_references(report, references, cache, metric_options)
    return report


def word_level(source: Document, target: Document, alignments: tuple[Alignment, ...],
               progress: Progress | None) -> tuple:
    """Word links and OK/BAD tags of every segment with text on both sides (the numpy e5-small, ``tqcheck.wordtags``)."""
    from . import wordtags

    report = (lambda done, total: progress("word alignment", done, total)) if progress else None
    return wordtags.segment_words(source, target, alignments, progress=report)


def read_documents(source_text: str, target_text: str, config: CheckConfig, source_path: str | None,
                   target_path: str | None) -> tuple[Document, Document]:
    """Refuse unusable input, identify both languages and split both texts into sentences.

    ``config.target_lang`` is the expected language (normalised); a translation whose language cannot be told is
    taken to be in it.
    """
    if not source_text.strip() or not target_text.strip():
        raise InputError("the source or the translation is empty")
    if " ".join(source_text.split()) == " ".join(target_text.split()):
        raise InputError("source and translation are the same text")
    src_lang, src_detected = identify(source_text, config.source_lang, "source")
    try:
        tgt_lang, _ = identify(target_text, None, "target")
    except LanguageError:
        tgt_lang = config.target_lang
    return (make_document(source_text, src_lang, source_path, src_detected),
            make_document(target_text, tgt_lang, target_path, True))


def align_params(config: CheckConfig) -> align_stage.AlignParams:
    """The aligner's settings of a check (``omission_sensitivity`` is the aligner's member-fit weight)."""
    return align_stage.AlignParams(max_group=config.max_group, fit_weight=config.thresholds.omission_sensitivity)


def score_alignments(aligned: align_stage.DocumentAlignment, source: Document,
                     target: Document) -> tuple[Alignment, ...]:
    """Every bead as an Alignment with its calibrated similarity and length ratio."""
    src_chars, tgt_chars = _lengths(source), _lengths(target)
    expected_ratio = sum(tgt_chars) / max(sum(src_chars), 1)
    return tuple(_score_bead(b, aligned, src_chars, tgt_chars, expected_ratio) for b in aligned.beads)


def estimate_quality(alignments: tuple[Alignment, ...], source: Document, target: Document,
                     aligned: align_stage.DocumentAlignment, cache: CachingEmbedder,
                     config: CheckConfig) -> tuple[Alignment, ...]:
    """Every bead with both sides gets the quality head's estimate; no model call (the aligner embedded the
    sentences and the beads' joined texts, and ``cache`` keeps them)."""
    scored = [k for k, a in enumerate(alignments) if a.src and a.tgt]
    if not scored:
        return alignments
    clean = segment.clean_for_model
    beads = [(alignments[k].src, alignments[k].tgt) for k in scored]
    u = cache.encode([clean(source.joined(s)) for s, _ in beads])
    v = cache.encode([clean(target.joined(t)) for _, t in beads])
    x = cache.encode([clean(s.text) for s in source.sentences])
    y = cache.encode([clean(s.text) for s in target.sentences])
    base = np.array([score.bead_base(aligned.base_x, aligned.base_y, s, t) for s, t in beads])
    texts = [(source.joined(s), target.joined(t)) for s, t in beads]
    src_chars, tgt_chars = _lengths(source), _lengths(target)
    q, z = quality.estimate(u, v, x, y, beads, base, texts, (source.lang, config.target_lang),
                            sum(tgt_chars) / max(sum(src_chars), 1), cache.name)
    out = list(alignments)
    for k, qk, zk in zip(scored, q, z):
        out[k] = replace(out[k], quality=round(float(qk), 1), quality_z=round(float(zk), 3))
    return tuple(out)


def find_flags(source: Document, target: Document, alignments: tuple[Alignment, ...],
               aligned: align_stage.DocumentAlignment, cache: CachingEmbedder, config: CheckConfig,
               progress: Progress | None) -> tuple[Flag, ...]:
    """Run the enabled detectors; they may embed joined sentences on demand (cached)."""
    clean = segment.clean_for_model
    report = (lambda done, total: progress("embedding", done, total)) if progress else None

    def cosine(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        x, y = cache.encode([clean(source.joined(src)), clean(target.joined(tgt))], report)
        return float(x @ y)

    def base_of(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return score.bead_base(aligned.base_x, aligned.base_y, src, tgt)

    ctx = FlagContext(source, target, alignments, config.thresholds, config.target_lang, cosine, base_of)
    return run_detectors(ctx, config.ignored_flags)


def _lengths(doc: Document) -> list[int]:
    return [len(s.text) for s in doc.sentences]


def _with_references(report: Report, references: Sequence[tuple[str, str | None]], cache: CachingEmbedder,
                     options) -> Report:
    """The report with sacrebleu metrics against reference translations (see ``tqcheck.metrics``)."""
    from . import metrics

    options = options or metrics.MetricOptions(target_lang=report.target_lang_expected)
    docs = [metrics.reference_document(text, report.target_lang_expected, path) for text, path in references]
    result = metrics.reference_metrics(report.target, [a.tgt for a in report.alignments], docs, cache.encode, options)
    return replace(report, metrics=result)


def _score_bead(bead: align_stage.Bead, aligned: align_stage.DocumentAlignment, src_chars: list[int],
                tgt_chars: list[int], expected_ratio: float) -> Alignment:
    if bead.cosine is None:
        return Alignment(bead.src, bead.tgt)
    sim = score.calibrate(bead.cosine, score.bead_base(aligned.base_x, aligned.base_y, bead.src, bead.tgt))
    ratio = score.length_ratio(sum(src_chars[i] for i in bead.src), sum(tgt_chars[j] for j in bead.tgt),
                               expected_ratio)
    return Alignment(bead.src, bead.tgt, round(sim, 4), round(bead.cosine, 4),
                     None if ratio is None else round(ratio, 3))
