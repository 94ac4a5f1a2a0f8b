"""The only place that knows the order of the stages: read -> identify -> split -> embed -> align -> score -> flag."""
from __future__ import annotations

import re
from dataclasses import replace
from itertools import zip_longest
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from . import align as align_stage
from . import langid, languages, limits, quality, score, segment
from .config import CheckConfig
from .embed import CachingEmbedder, Embedder, load_embedder
from .errors import InputError, LanguageError
from .flags import FlagContext, enabled_ids, run_detectors
from .types import Alignment, Anchor, Document, Flag, Report, Unit

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def make_document(text: str, lang: str, path: str | None, detected: bool) -> Document:
    """Split a text into sentences and wrap it as a Document."""
    return Document(path, lang, text, segment.split_sentences(text, lang), detected)


def identify(text: str, given: str | None, side: str, min_letters: int = 0) -> tuple[str, bool]:
    """The language of one side: given (validated) or detected. A text of fewer than ``min_letters`` letters
    (``foreign_min_letters`` for the source) read as a language whose script others share is too short to tell:
    LanguageError asking for the language ("Ja" reads as Swahili, "Yes" as Turkish)."""
    if given:
        return langid.check_supported(given), False
    try:
        lang = langid.detect_language(text)
    except LanguageError as exc:
        raise LanguageError(f"{side}: {exc}") from None
    if lang not in langid.SUPPORTED_LANGS:
        raise LanguageError(f"{side}: detected language '{lang}' is not supported; pass --{side}-lang if wrong")
    count = langid.letters(text) if min_letters else 0
    if count < min_letters and languages.shares_script(lang):
        raise LanguageError(f"{side}: too short to tell its language ({count} letters, read as '{lang}'; a guess "
                            f"under {min_letters} letters is often wrong): pass --{side}-lang")
    return lang, True


def translation_language(text: str, expected: str, min_letters: int) -> str:
    """The language the translation reads as, or ``expected`` when that cannot be told: no letters to go on, a
    language the models do not cover, or fewer than ``min_letters`` letters (``foreign_min_letters``, as for one
    sentence) read as another language of the same script (one word: "Yes" reads as Swahili)."""
    try:
        lang, _ = identify(text, None, "target")
    except LanguageError:
        return expected
    script = languages.script_of(lang)
    if lang != expected and script is not None and script == languages.script_of(expected) and \
            langid.letters(text) < min_letters:
        return expected
    return lang


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
    cache = limits.FittedEncoder(CachingEmbedder(embedder or load_embedder(config.model)))
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
    limits.check_text(source_text, source_path or "source", config.limits)
    limits.check_text(target_text, target_path or "translation", config.limits)
    if _same_words(source_text, target_text):
        raise InputError("source and translation are the same text")
    src_lang, src_detected = identify(source_text, config.source_lang, "source",
                                      config.thresholds.foreign_min_letters)
    tgt_lang = translation_language(target_text, config.target_lang, config.thresholds.foreign_min_letters)
    source = make_document(source_text, src_lang, source_path, src_detected)
    target = make_document(target_text, tgt_lang, target_path, True)
    limits.check_sentences(len(source.sentences), source_path or "source", config.limits)
    limits.check_sentences(len(target.sentences), target_path or "translation", config.limits)
    return source, target


def _same_words(a: str, b: str) -> bool:
    """Whether two texts have the same words in the same order (``a.split() == b.split()``) without a list of
    every word (~110 MB at 10 MB): counts of characters other than whitespace first, then word by word."""
    if _non_space(a) != _non_space(b):
        return False
    words = (m.group() for m in _WORD.finditer(a)), (m.group() for m in _WORD.finditer(b))
    return all(x == y for x, y in zip_longest(*words))


def _non_space(text: str) -> int:
    return len(text) - sum(text.count(c) for c in _WHITESPACE)


_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())  # what str.split splits on
_WORD = re.compile(r"\S+")  # the same whitespace: both ask Py_UNICODE_ISSPACE


def align_params(config: CheckConfig) -> align_stage.AlignParams:
    """The aligner's settings of a check: ``omission_sensitivity`` weighs the aligner's member-fit cost, and a
    sentence with a plausible counterpart is left out at ``CHECK_SKIP_EVIDENCE`` (a hidden omission costs a checker
    more than a split group)."""
    return align_stage.AlignParams(max_group=config.max_group, skip_evidence=align_stage.CHECK_SKIP_EVIDENCE,
                                   omission_sensitivity=config.thresholds.omission_sensitivity)


def score_alignments(aligned: align_stage.DocumentAlignment, source: Document,
                     target: Document) -> tuple[Alignment, ...]:
    """Every bead as an Alignment with its calibrated similarity and length ratio."""
    src_chars, tgt_chars = _lengths(source), _lengths(target)
    expected_ratio = sum(tgt_chars) / max(sum(src_chars), 1)
    return tuple(_score_bead(b, aligned, src_chars, tgt_chars, expected_ratio) for b in aligned.beads)


def estimate_quality(alignments: tuple[Alignment, ...], source: Document, target: Document,
                     aligned: align_stage.DocumentAlignment, cache: "limits.FittedEncoder",
                     config: CheckConfig) -> tuple[Alignment, ...]:
    """Every bead with both sides gets the quality head's estimate; no model call (the aligner embedded the
    sentences and the beads' joined texts, and ``cache`` keeps them). The vectors are read from the cache a block
    at a time (``Rows``): no copy of every sentence's and bead's vector (four of them were ~650 MB at 10 MB)."""
    scored = [k for k, a in enumerate(alignments) if a.src and a.tgt]
    if not scored:
        return alignments
    clean = segment.clean_for_model
    beads = [(alignments[k].src, alignments[k].tgt) for k in scored]
    u = cache.rows([clean(source.joined(s)) for s, _ in beads])
    v = cache.rows([clean(target.joined(t)) for _, t in beads])
    x = cache.rows([clean(s.text) for s in source.sentences])
    y = cache.rows([clean(s.text) for s in target.sentences])
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
               aligned: align_stage.DocumentAlignment, cache: "limits.FittedEncoder", config: CheckConfig,
               progress: Progress | None) -> tuple[Flag, ...]:
    """Run the enabled detectors; they may embed joined sentences on demand (cached)."""
    clean = segment.clean_for_model
    report = (lambda done, total: progress("embedding", done, total)) if progress else None

    def cosine(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        x, y = cache.encode([clean(source.joined(src)), clean(target.joined(tgt))], report)
        return float(x @ y)

    def base_of(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return score.bead_base(aligned.base_x, aligned.base_y, src, tgt)

    ctx = FlagContext(source, target, alignments, config.thresholds, config.target_lang, cosine, base_of,
                      cut_for_model=cache.fit.cut_sentences(source, target))
    return run_detectors(ctx, config.ignored_flags)


def _lengths(doc: Document) -> list[int]:
    return [len(s.text) for s in doc.sentences]


def _with_references(report: Report, references: Sequence[tuple[str, str | None]], cache: "limits.FittedEncoder",
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


# ---------------------------------------------------------------- pre-aligned units

UNIT_CHUNK = 512  # units per chunk: baselines are per chunk, memory stays bounded on any file size


def check_units(units: Iterable[Unit], config: CheckConfig | None = None, *, embedder: Embedder | None = None,
                progress: Progress | None = None, total: int = 0, chunk_size: int = UNIT_CHUNK) -> Report:
    """Check pre-aligned units as given (never re-split or merged) and return one Report over all of them.

    ``report.units[k]`` is the unit of ``report.alignments[k]``. See ``iter_unit_reports`` for streaming.
    """
    from .units import merge_reports

    reports = list(iter_unit_reports(units, config, embedder=embedder, progress=progress, total=total,
                                     chunk_size=chunk_size))
    if not reports:
        raise InputError("no translation units to check")
    return merge_reports(reports)


def iter_unit_reports(units: Iterable[Unit], config: CheckConfig | None = None, *,
                      embedder: Embedder | None = None, progress: Progress | None = None, total: int = 0,
                      chunk_size: int = UNIT_CHUNK) -> Iterator[Report]:
    """One Report per chunk of ``chunk_size`` units, as they are read (for files too big to hold).

    Each unit is embedded as given, markup removed; its similarity is calibrated against the mean cosine of
    its sentences with the other side of its chunk (the same baseline a document check uses). Languages are
    identified on the first chunk. An embedder with a disk cache makes an interrupted run resumable.
    """
    from itertools import islice

    config = config or CheckConfig()
    model = embedder or load_embedder(config.model)
    stream = iter(units)
    langs: tuple[str, bool, str, str] | None = None
    prior = 0.0
    done = 0
    while True:
        chunk = tuple(islice(stream, chunk_size))
        if not chunk:
            return
        if langs is None:
            langs = unit_languages(chunk, config)
            prior = unit_prior(model)
        yield check_unit_chunk(chunk, langs, config, model, chunk_size, prior)
        done += len(chunk)
        if progress:
            progress("checking units", done, max(total, done))


def unit_prior(embedder: Embedder) -> float:
    """The model's cosine of unrelated sentences (steadies the baselines of small chunks)."""
    return score.model_prior(CachingEmbedder(embedder).encode)


def check_unit_chunk(chunk: Sequence[Unit], langs: tuple[str, bool, str, str], config: CheckConfig,
                     embedder: Embedder, chunk_size: int, prior: float) -> Report:
    """One chunk's Report: the step ``iter_unit_reports`` repeats, and the task an engine runs per chunk."""
    from .units import unit_alignments, unit_document

    cache = CachingEmbedder(embedder)  # a fresh in-memory cache per chunk keeps memory bounded
    src_lang, src_detected, tgt_lang, expected = langs
    source, src_ids = unit_document(chunk, "source", src_lang, src_detected)
    target, tgt_ids = unit_document(chunk, "target", tgt_lang)
    return _unit_report(chunk, source, target, unit_alignments(src_ids, tgt_ids), cache, config, expected,
                        prior, chunk_size)


def unit_languages(chunk: Sequence[Unit], config: CheckConfig) -> tuple[str, bool, str, str]:
    """(source language, detected?, translation language, expected translation language) of a first chunk."""
    from .flags.placeholders import plain_text

    source_text = "\n".join(plain_text(u.source)[0] for u in chunk)
    target_text = "\n".join(plain_text(u.target)[0] for u in chunk)
    if not source_text.strip():
        raise InputError("the units have no source text")
    src_lang, src_detected = identify(source_text, config.source_lang, "source",
                                      config.thresholds.foreign_min_letters)
    expected = langid.check_supported(config.target_lang)
    tgt_lang = translation_language(target_text, expected, config.thresholds.foreign_min_letters) \
        if target_text.strip() else expected
    return src_lang, src_detected, tgt_lang, expected


def _unit_report(chunk: Sequence[Unit], source: Document, target: Document,
                 pairs: list[tuple[tuple[int, ...], tuple[int, ...]]], cache: CachingEmbedder,
                 config: CheckConfig, expected: str, prior: float | None, chunk_size: int) -> Report:
    clean = segment.clean_for_model
    x = cache.encode([clean(s.text) for s in source.sentences])
    y = cache.encode([clean(s.text) for s in target.sentences])
    use_prior = prior if min(len(x), len(y)) < score.PRIOR_WEIGHT else None
    base_x, base_y = score.baselines(x, y, use_prior) if len(x) and len(y) else (np.zeros(len(x)), np.zeros(len(y)))
    src_chars = [len(s.text) for s in source.sentences]
    tgt_chars = [len(s.text) for s in target.sentences]
    expected_ratio = sum(tgt_chars) / max(sum(src_chars), 1)

    def base_of(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        return score.bead_base(base_x, base_y, src, tgt)

    def cosine(src: tuple[int, ...], tgt: tuple[int, ...]) -> float:
        a = x[src[0]] if len(src) == 1 else cache.encode([clean(source.joined(src))])[0]
        b = y[tgt[0]] if len(tgt) == 1 else cache.encode([clean(target.joined(tgt))])[0]
        return float(a @ b)

    alignments = []
    for src, tgt in pairs:
        if not src or not tgt:
            alignments.append(Alignment(src, tgt))
            continue
        cos = cosine(src, tgt)
        ratio = score.length_ratio(src_chars[src[0]], tgt_chars[tgt[0]], expected_ratio)
        alignments.append(Alignment(src, tgt, round(score.calibrate(cos, base_of(src, tgt)), 4), round(cos, 4),
                                    None if ratio is None else round(ratio, 3)))
    from .flags.placeholders import ALIGNMENT_ONLY

    alignments = unit_quality(alignments, source, target, x, y, expected, cache.name, prior)
    ctx = FlagContext(source, target, tuple(alignments), config.thresholds, expected, cosine, base_of,
                      units=tuple(chunk))
    flags = run_detectors(ctx, config.ignored_flags | ALIGNMENT_ONLY)
    signature = re.sub(r"\|align:[^|]*", f"|align:given-units-chunk{chunk_size}",
                       config.signature(enabled_ids(config.ignored_flags, units=True)))
    signature += f"|quality:{quality.load_head().signature_for(cache.name)}-block{QUALITY_BLOCK}"
    from .ignores import apply_unit_ignores  # a unit's own "tqcheck: ignore" notes and the config's [ignore-units]

    return apply_unit_ignores(Report(source, target, tuple(alignments), flags,
                                     score.document_scores(tuple(alignments), src_chars, tgt_chars, flags), signature,
                                     cache.name, expected, config=config, units=tuple(chunk)))


QUALITY_BLOCK = 16  # units per pseudo-document of the quality head: the block its training read (scripts/qe_data.py)


def unit_quality(alignments: list[Alignment], source: Document, target: Document, x: np.ndarray, y: np.ndarray,
                 target_lang: str, model: str, prior: float | None) -> list[Alignment]:
    """Every unit with text on both sides gets the quality head's estimate, ``QUALITY_BLOCK`` units at a time.

    The head was trained on line-aligned QE data read in blocks of 16 consecutive lines (baselines, neighbour
    margins and the length ratio are per block), so units are estimated in the same blocks: a unit's estimate
    depends on the 15 units read with it, not on the chunk size. A short last block leans on ``prior`` (the model's
    unrelated level), as a short document does. No model call (``x``/``y`` are the units' vectors).
    """
    out = list(alignments)
    scored = [k for k, a in enumerate(alignments) if a.src and a.tgt]
    for start in range(0, len(scored), QUALITY_BLOCK):
        block = scored[start:start + QUALITY_BLOCK]
        src_ids = [alignments[k].src[0] for k in block]
        tgt_ids = [alignments[k].tgt[0] for k in block]
        u, v = x[src_ids].astype(np.float64), y[tgt_ids].astype(np.float64)
        base_x, base_y = score.baselines(u, v, prior if len(block) < score.PRIOR_WEIGHT else None)
        texts = [(source.sentences[i].text, target.sentences[j].text) for i, j in zip(src_ids, tgt_ids)]
        ratio = sum(len(t) for _, t in texts) / max(sum(len(s) for s, _ in texts), 1)
        beads = [((n,), (n,)) for n in range(len(block))]
        q, z = quality.estimate(u, v, u, v, beads, (base_x + base_y) / 2, texts, (source.lang, target_lang), ratio,
                                model)
        for k, qk, zk in zip(block, q, z):
            out[k] = replace(out[k], quality=round(float(qk), 1), quality_z=round(float(zk), 3))
    return out


def with_origins(report: Report, source_origin: tuple[Anchor, ...], target_origin: tuple[Anchor, ...]) -> Report:
    """The report of a document check whose texts came from HTML/Markdown/DOCX: locations point into those files."""
    return replace(report, source=replace(report.source, origin=source_origin),
                   target=replace(report.target, origin=target_origin))


def read_pair_units(source_path: str, target_path: str | None, input_format: str | None = None,
                    aligned: bool = False, source_lang: str | None = None,
                    target_lang: str | None = None) -> tuple[str, Iterator[Unit] | None]:
    """The input kind of a check and, for pre-aligned input, its units (read lazily); None for documents."""
    from . import readers

    kind = "lines" if aligned else readers.resolve_format(source_path, input_format)
    if not readers.is_unit_format(kind):
        return kind, None
    paired = kind in readers.PAIRED_UNIT_READERS
    if paired and not target_path:
        raise InputError(f"{source_path}: {kind} input needs the translation as a second file")
    if not paired and target_path and target_path != source_path:
        raise InputError(f"{source_path} holds source and translation ({kind}): give it alone, without a second file")
    return kind, readers.read_units(source_path, kind, target_path=target_path if paired else None,
                                    source_lang=source_lang, target_lang=target_lang)


def check_documents(source_path: str, target_path: str, config: CheckConfig | None = None, *,
                    input_format: str | None = None, embedder: Embedder | None = None,
                    progress: Progress | None = None, references: Sequence[tuple[str, str | None]] | None = None,
                    metric_options=None) -> Report:
    """Read two documents in any document format (text, HTML, Markdown, DOCX), check them, locate into the files."""
    from . import readers

    docs = []
    for path in (source_path, target_path):
        kind = readers.resolve_format(path, input_format)
        if readers.is_unit_format(kind):
            raise InputError(f"{path}: {kind} holds translation units; check it on its own")
        docs.append(readers.read_document(path, kind))
    src, tgt = docs
    report = check(src.text, tgt.text, config, source_path=source_path, target_path=target_path, embedder=embedder,
                   progress=progress, references=references, metric_options=metric_options)
    return with_origins(report, src.origin, tgt.origin)
