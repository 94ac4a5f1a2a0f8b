"""The only place that knows the order of the stages: read -> identify -> split -> embed -> align -> score -> flag."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from . import align as align_stage
from . import langid, quality, score, segment
from .config import CheckConfig
from .embed import CachingEmbedder, Embedder, load_embedder
from .errors import InputError, LanguageError
from .flags import FlagContext, enabled_ids, run_detectors
from .types import Alignment, Document, Report

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Unrelated sentences in several languages: their cross-language cosines give a model's "unrelated" level,
# used to steady the baselines of very short documents.
PRIOR_SENTENCES = (
    ("en", "The museum opens at nine o'clock on weekdays."),
    ("de", "Der Zug nach Hamburg hat heute zwanzig Minuten Verspätung."),
    ("fr", "Elle a planté des tomates dans le jardin de sa grand-mère."),
    ("es", "El equipo local ganó el partido en el último minuto."),
    ("ru", "Учёные открыли новый вид бабочек в горах Кавказа."),
    ("zh", "这家餐厅的面条非常好吃，价格也很便宜。"),
    ("ar", "ارتفعت أسعار القهوة في الأسواق العالمية هذا الشهر."),
    ("fa", "کتابخانه شهر از هفته آینده ساعت کاری خود را تغییر می‌دهد."),
)


def _model_prior(embedder: CachingEmbedder) -> float:
    vectors = embedder.encode([text for _, text in PRIOR_SENTENCES])
    sims = vectors @ vectors.T
    mask = ~np.eye(len(PRIOR_SENTENCES), dtype=bool)
    return float(sims[mask].mean())


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
    if not source_text.strip() or not target_text.strip():
        raise InputError("the source or the translation is empty")
    if " ".join(source_text.split()) == " ".join(target_text.split()):
        raise InputError("source and translation are the same text")
    src_lang, src_detected = identify(source_text, config.source_lang, "source")
    expected = langid.check_supported(config.target_lang)
    try:
        tgt_lang, _ = identify(target_text, None, "target")
    except LanguageError:
        tgt_lang = expected
    source = make_document(source_text, src_lang, source_path, src_detected)
    target = make_document(target_text, tgt_lang, target_path, True)
    cache = CachingEmbedder(embedder or load_embedder(config.model))
    clean = segment.clean_for_model

    def report(stage: str):
        return (lambda done, total: progress(stage, done, total)) if progress else None

    def embed_ids(doc: Document, ids: tuple[int, ...]) -> np.ndarray:
        return cache.encode([clean(doc.joined(ids))], report("embedding"))[0]

    x = cache.encode([clean(s.text) for s in source.sentences], report("embedding source sentences"))
    y = cache.encode([clean(s.text) for s in target.sentences], report("embedding translation sentences"))
    prior = _model_prior(cache) if min(len(x), len(y)) < score.PRIOR_WEIGHT else None
    base_x, base_y = score.baselines(x, y, prior)

    def window_vectors(side: str, windows: list[tuple[int, int]]) -> np.ndarray:
        doc = source if side == "source" else target
        texts = [clean(doc.joined(tuple(range(s, s + k)))) for s, k in windows]
        name = "source" if side == "source" else "translation"
        return cache.encode(texts, report(f"embedding joined {name} sentences"))

    beads = align_stage.align(align_stage.AlignInput(
        x, y, window_vectors,
        [s.paragraph for s in source.sentences], [s.paragraph for s in target.sentences],
        [len(s.text) for s in source.sentences], [len(s.text) for s in target.sentences],
        params=align_stage.AlignParams(max_group=config.max_group,
                                       fit_weight=config.thresholds.omission_sensitivity),
        base_x=base_x, base_y=base_y))

    def base_of(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return float((base_x[list(src)].mean() + base_y[list(tgt)].mean()) / 2)

    def cosine(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return float(embed_ids(source, src) @ embed_ids(target, tgt))

    src_chars = [len(s.text) for s in source.sentences]
    tgt_chars = [len(s.text) for s in target.sentences]
    expected_ratio = sum(tgt_chars) / max(sum(src_chars), 1)
    alignments = tuple(_score_bead(b, base_of, src_chars, tgt_chars, expected_ratio) for b in beads)
    alignments = _with_quality(alignments, (x, y), lambda ids: embed_ids(source, ids),
                               lambda ids: embed_ids(target, ids), base_of, (source, target, expected),
                               expected_ratio, cache.name)
    ctx = FlagContext(source, target, alignments, config.thresholds, expected, cosine, base_of)
    flags = run_detectors(ctx, config.ignored_flags)
    signature = config.signature(enabled_ids(config.ignored_flags)) + \
        f"|quality:{quality.load_head().signature_for(cache.name)}"
    report = Report(source, target, alignments, flags,
                    score.document_scores(alignments, src_chars, tgt_chars, flags), signature, cache.name, expected)
    if references:
        report = _with_references(report, references, cache, metric_options)
    return report


def _with_references(report: Report, references: Sequence[tuple[str, str | None]], cache: CachingEmbedder,
                     options) -> Report:
    """The report with sacrebleu metrics against reference translations (see ``tqcheck.metrics``)."""
    from dataclasses import replace

    from . import metrics

    options = options or metrics.MetricOptions(target_lang=report.target_lang_expected)
    docs = [metrics.reference_document(text, report.target_lang_expected, path) for text, path in references]
    result = metrics.reference_metrics(report.target, [a.tgt for a in report.alignments], docs, cache.encode, options)
    return replace(report, metrics=result)


def _with_quality(alignments: tuple[Alignment, ...], vectors, src_vector, tgt_vector, base_of, docs,
                  expected_ratio: float, model: str) -> tuple[Alignment, ...]:
    """The alignments with the quality head's estimate on every bead that has both sides (no model call:
    the beads' joined texts were embedded by the aligner)."""
    from dataclasses import replace

    source, target, expected = docs
    scored = [k for k, a in enumerate(alignments) if a.src and a.tgt]
    if not scored:
        return alignments
    beads = [(alignments[k].src, alignments[k].tgt) for k in scored]
    u = np.stack([src_vector(s) for s, _ in beads])
    v = np.stack([tgt_vector(t) for _, t in beads])
    base = np.array([base_of(s, t) for s, t in beads])
    texts = [(source.joined(s), target.joined(t)) for s, t in beads]
    q, z = quality.estimate(u, v, vectors[0], vectors[1], beads, base, texts, (source.lang, expected),
                            expected_ratio, model)
    out = list(alignments)
    for k, qk, zk in zip(scored, q, z):
        out[k] = replace(out[k], quality=round(float(qk), 1), quality_z=round(float(zk), 3))
    return tuple(out)


def _score_bead(bead: align_stage.Bead, base_of, src_chars: list[int], tgt_chars: list[int],
                expected_ratio: float) -> Alignment:
    if bead.cosine is None:
        return Alignment(bead.src, bead.tgt)
    sim = score.calibrate(bead.cosine, base_of(bead.src, bead.tgt))
    ratio = score.length_ratio(sum(src_chars[i] for i in bead.src), sum(tgt_chars[j] for j in bead.tgt),
                               expected_ratio)
    return Alignment(bead.src, bead.tgt, round(sim, 4), round(bead.cosine, 4),
                     None if ratio is None else round(ratio, 3))
