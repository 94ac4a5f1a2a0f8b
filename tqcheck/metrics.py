"""Reference-based metrics with sacrebleu: corpus BLEU, chrF2, chrF2++ and TER with signatures; sentence chrF/BLEU.

A reference translation is aligned with the translation by the check's own aligner (``tqcheck.align.align_documents``),
English with English, using the same embedder. The reference sentences then follow the translation's segments
(the alignments of a check, or the units of ``tqcheck score``):

- a reference bead ``translation ids : reference ids`` gives its reference sentences to the segment of its
  translation sentences, so sentences split or merged by the reference (1-2, 2-1, 2-2 ...) stay together with
  what they translate;
- when a bead's translation sentences lie in two or more segments (a reference sentence spanning a segment
  boundary), those segments are scored together, as one hypothesis against the joined reference sentences;
  each of them reports the group's scores and names the others (``SegmentMetric.shared_with``);
- reference sentences aligned to nothing (0-1: content the translation left out) join the group of the
  nearest preceding translation sentence (the first one if there is none), so what is missing lowers that
  group's recall;
- a segment without translation text (an omission) is not scored; a group whose text got no reference
  sentence is scored against an empty reference (0), since nothing in the reference supports it.

Corpus scores are sacrebleu's corpus scores over the scored groups (a segment, or segments scored together;
joined translation sentences as the hypotheses, joined reference sentences as the references), so the JSON
report lets anyone reproduce them.

>>> map_references([(0,), (1, 2), (3,)], [((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,)), ((), (4,))], [10, 10, 5, 20])
[(0,), (1, 2), (3, 4)]
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

import numpy as np

from . import align as align_stage
from . import segment
from .errors import ConfigError, InputError
from .types import CorpusMetric, Document, ReferenceMetrics, SegmentMetric

Encode = Callable[[list[str]], np.ndarray]
Pair = tuple[tuple[int, ...], tuple[int, ...]]

# sacrebleu's BLEU tokenisers that need no download (spm/flores fetch a model on first use, so they are left out).
TOKENIZERS = ("13a", "none", "intl", "char", "zh", "ja-mecab", "ko-mecab")
LOWER_IS_BETTER = frozenset({"TER"})
SEGMENTATIONS = ("auto", "lines", "sentences")


@dataclass(frozen=True)
class MetricOptions:
    """sacrebleu options: ``tokenize`` None = sacrebleu's default (13a; zh/ja-mecab/ko-mecab for those targets).

    ``lowercase`` applies to BLEU and chrF, as sacrebleu's ``--lowercase``; TER stays sacrebleu's default
    (case-insensitive).
    """

    tokenize: str | None = None
    lowercase: bool = False
    target_lang: str = ""


def metric_objects(options: MetricOptions, sentence_level: bool = False) -> dict[str, Any]:
    """sacrebleu metric instances by name (BLEU with effective order for single sentences, as sentence_bleu)."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    if options.tokenize is not None and options.tokenize not in TOKENIZERS:
        raise ConfigError(f"--tokenize {options.tokenize}: unknown tokeniser; choose one of {', '.join(TOKENIZERS)}")
    try:
        bleu = BLEU(tokenize=options.tokenize, lowercase=options.lowercase, trg_lang=options.target_lang,
                    effective_order=sentence_level)
    except Exception as exc:  # mecab tokenisers raise plain errors when their optional packages are missing
        raise ConfigError(f"sacrebleu cannot use tokeniser {options.tokenize or options.target_lang!r}: "
                          f"{str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}") from None
    if sentence_level:
        return {"chrF2": CHRF(lowercase=options.lowercase), "BLEU": bleu}
    return {"BLEU": bleu, "chrF2": CHRF(lowercase=options.lowercase),
            "chrF2++": CHRF(word_order=2, lowercase=options.lowercase), "TER": TER()}


def corpus_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]],
                  options: MetricOptions | None = None) -> tuple[CorpusMetric, ...]:
    """sacrebleu corpus BLEU, chrF2, chrF2++ and TER of parallel segments (``references``: one list per reference)."""
    if not hypotheses:
        raise InputError("nothing to score: no translated segment")
    for ref in references:
        if len(ref) != len(hypotheses):
            raise InputError(f"a reference has {len(ref)} segments for {len(hypotheses)} hypotheses")
    results = []
    for name, metric in metric_objects(options or MetricOptions()).items():
        score = metric.corpus_score(list(hypotheses), [list(r) for r in references])
        results.append(CorpusMetric(name, float(score.score), str(metric.get_signature()), str(score)))
    return tuple(results)


class SentenceScorer:
    """Sentence chrF2 and BLEU (sacrebleu's ``sentence_chrf`` / ``sentence_bleu`` with the same options)."""

    def __init__(self, options: MetricOptions | None = None) -> None:
        metrics = metric_objects(options or MetricOptions(), sentence_level=True)
        self._chrf, self._bleu = metrics["chrF2"], metrics["BLEU"]

    def __call__(self, hypothesis: str, references: Sequence[str]) -> tuple[float, float]:
        """(chrF2, BLEU) of one hypothesis against its references."""
        refs = list(references) or [""]
        return (float(self._chrf.sentence_score(hypothesis, refs).score),
                float(self._bleu.sentence_score(hypothesis, refs).score))


def align_reference(translation: Document, reference: Document, encode: Encode, max_group: int = 3) -> list[Pair]:
    """Align reference sentences with translation sentences: (translation ids, reference ids) beads in order."""
    aligned = align_stage.align_documents(translation, reference, encode, align_stage.AlignParams(max_group=max_group))
    return [(b.src, b.tgt) for b in aligned.beads]


def map_references(segments: Sequence[tuple[int, ...]], beads: Sequence[Pair],
                   lengths: Sequence[int]) -> list[tuple[int, ...]]:
    """Reference sentence ids per segment (a bead spanning segments goes to the one with most of its characters).

    ``reference_metrics`` first merges segments that a bead spans, so there every bead lies in one segment.
    """
    owner = {j: k for k, seg in enumerate(segments) for j in seg}
    groups: list[list[int]] = [[] for _ in segments]
    pending: list[int] = []
    last: int | None = None
    for tgt, ref in beads:
        weights: dict[int, int] = {}
        for j in tgt:
            if j in owner:
                weights[owner[j]] = weights.get(owner[j], 0) + max(lengths[j], 1)
        if weights:
            k = max(sorted(weights), key=lambda s: weights[s])
            groups[k].extend(pending + list(ref))
            pending = []
            last = owner[max(j for j in tgt if j in owner)]
        elif last is not None:
            groups[last].extend(ref)
        else:
            pending.extend(ref)
    return [tuple(sorted(g)) for g in groups]


def merge_units(n: int, bead_lists: Sequence[Sequence[Pair]]) -> list[tuple[int, ...]]:
    """The finest grouping of ``n`` translation sentences that keeps every bead's translation side whole.

    >>> merge_units(4, [[((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))], [((0, 1), (0,)), ((2,), (1,)), ((3,), ())]])
    [(0, 1, 2), (3,)]
    """
    joined = [False] * n
    for beads in bead_lists:
        for tgt, _ in beads:
            for j in range(min(tgt, default=0), max(tgt, default=0)):
                joined[j] = True
    units: list[tuple[int, ...]] = []
    current: list[int] = []
    for j in range(n):
        current.append(j)
        if not joined[j]:
            units.append(tuple(current))
            current = []
    return units


def reference_metrics(translation: Document, segments: Sequence[tuple[int, ...]], references: Sequence[Document],
                      encode: Encode | None, options: MetricOptions | None = None,
                      beads: Sequence[Sequence[Pair]] | None = None) -> ReferenceMetrics:
    """Corpus and per-segment metrics of ``translation`` (cut into ``segments``) against reference documents."""
    options = options or MetricOptions()
    if beads is None:
        if encode is None:
            raise ValueError("reference_metrics needs encode or beads")
        beads = [align_reference(translation, ref, encode) for ref in references]
    units = merge_units(len(translation.sentences), [[(seg, ()) for seg in segments if seg], *beads])
    lengths = [len(s.text) for s in translation.sentences]
    groups = [map_references(units, b, lengths) for b in beads]
    unit_of = {j: u for u, ids in enumerate(units) for j in ids}
    members: dict[int, list[int]] = {}
    for k, seg in enumerate(segments):
        if seg:
            members.setdefault(unit_of[seg[0]], []).append(k)
    scorer = SentenceScorer(options)
    hyps: list[str] = []
    refs: list[list[str]] = [[] for _ in references]
    scored: dict[int, tuple[tuple[tuple[int, ...], ...], float, float]] = {}
    for u in sorted(members):  # units in document order; a unit without a segment has no hypothesis to score
        ids = tuple(g[u] for g in groups)
        texts = [ref.joined(i) for ref, i in zip(references, ids)]
        hyps.append(translation.joined(units[u]))
        for stream, text in zip(refs, texts):
            stream.append(text)
        scored[u] = (ids, *scorer(hyps[-1], texts))
    per_segment = []
    for k, seg in enumerate(segments):
        if not seg:
            per_segment.append(SegmentMetric(tuple(() for _ in references), None, None))
            continue
        u = unit_of[seg[0]]
        ids, chrf, bleu = scored[u]
        per_segment.append(SegmentMetric(ids, chrf, bleu, tuple(m for m in members[u] if m != k)))
    return ReferenceMetrics(tuple(references), corpus_scores(hyps, refs, options), tuple(per_segment), len(hyps))


def reference_document(text: str, lang: str, path: str | None) -> Document:
    """A reference translation read and split like the translation (raises InputError when empty)."""
    if not text.strip():
        raise InputError(f"{path or 'reference'}: the reference translation is empty")
    return Document(path, lang, text, segment.split_sentences(text, lang), False)


def text_lines(text: str) -> list[str]:
    """The lines of a text as sacrebleu reads a file (one segment per line; a final newline ends the last line)."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def choose_segmentation(mode: str, hypothesis: str, references: Sequence[str]) -> str:
    """``lines`` when every file has the same number of lines (sacrebleu's setting), else ``sentences``."""
    if mode not in SEGMENTATIONS:
        raise ConfigError(f"--segments {mode}: choose one of {', '.join(SEGMENTATIONS)}")
    counts = {len(text_lines(t)) for t in (hypothesis, *references)}
    if mode == "lines" and len(counts) > 1:
        raise InputError("--segments lines: the hypothesis and the references have different numbers of lines "
                         f"({', '.join(str(len(text_lines(t))) for t in (hypothesis, *references))}); "
                         "use --segments sentences to align them")
    if mode == "auto":
        return "lines" if len(counts) == 1 else "sentences"
    return mode


@dataclass(frozen=True)
class Scoring:
    """The result of ``tqcheck score``: the hypothesis cut into units, their reference texts and the metrics."""

    hypothesis: Document
    segmentation: str
    units: tuple[tuple[int, ...], ...]
    metrics: ReferenceMetrics
    model: str | None = None

    def unit_text(self, k: int) -> str:
        """The hypothesis text of unit ``k``."""
        return self.hypothesis.joined(self.units[k])


def lines_document(lines: Sequence[str], lang: str, path: str | None = None,
                   paragraph_per_line: bool = True) -> Document:
    """A Document with one sentence per line, as given (each line its own paragraph unless told otherwise)."""
    from .types import Sentence

    sentences, offset = [], 0
    for i, line in enumerate(lines):
        sentences.append(Sentence(i, line, offset, offset + len(line), i if paragraph_per_line else 0))
        offset += len(line) + 1
    return Document(path, lang, "\n".join(lines), tuple(sentences), False)


def line_document(text: str, lang: str, path: str | None, paragraph_per_line: bool = True) -> Document:
    """The lines of a text as a Document (``lines_document``), keeping the text as given."""
    return replace(lines_document(text_lines(text), lang, path, paragraph_per_line), text=text)


def score_texts(hypothesis: str, references: Sequence[str], *, segmentation: str = "auto",
                options: MetricOptions | None = None, encode: Encode | None = None,
                model: str | None = None, paths: Sequence[str | None] = (), limits: Any = None) -> Scoring:
    """Score a hypothesis against references: line by line as sacrebleu does, or by aligned sentences.

    ``limits`` (``tqcheck.limits.Limits``): every text is refused (InputError) over ``max_bytes`` or
    ``max_line_chars``; with sentences, which the model aligns, also over ``max_sentences`` (sacrebleu's lines are
    not counted: they cost no model time).
    """
    from .limits import check_sentences, check_text

    options = options or MetricOptions()
    lang = options.target_lang or "en"
    names = list(paths) + [None] * (1 + len(references) - len(paths))
    for text, name in zip((hypothesis, *references), names):
        if not text.strip():
            raise InputError(f"{name or 'input'}: the text is empty")
    mode = choose_segmentation(segmentation, hypothesis, references)
    if limits is not None:
        for text, name in zip((hypothesis, *references), names):
            check_text(text, name or "input", limits, count_sentences=mode == "sentences")
    if mode == "lines":
        hyp = line_document(hypothesis, lang, names[0])
        refs = [line_document(t, lang, p) for t, p in zip(references, names[1:])]
        units = [(i,) for i in range(len(hyp.sentences))]
        beads = [[((i,), (i,)) for i in range(len(hyp.sentences))] for _ in refs]
        model = None
    else:
        if encode is None:
            raise ValueError("sentence segmentation needs an encoder")
        hyp = reference_document(hypothesis, lang, names[0])
        refs = [reference_document(t, lang, p) for t, p in zip(references, names[1:])]
        if limits is not None:
            for doc in (hyp, *refs):
                check_sentences(len(doc.sentences), doc.path or "input", limits)
        beads = [align_reference(hyp, ref, encode) for ref in refs]
        units = merge_units(len(hyp.sentences), beads)
    result = reference_metrics(hyp, units, refs, None, options, beads=beads)
    return Scoring(hyp, mode, tuple(units), result, model)
