"""Compare two translations of one source, document-level and per unit; with references, sacrebleu significance.

Both translations (and every reference) are checked against the source. Their alignments group source
sentences differently, so the comparison works on **units**: the finest grouping of source sentences that
keeps every alignment of every check whole (``tqcheck.metrics.merge_units`` over the source side). Each unit
gets the translation sentences aligned to its source sentences; a translated sentence with no source (an
addition) joins the unit before it (the first unit if there is none), so it counts against its translation.

- **Semantic score** per unit and system: the character-weighted similarity of the unit's alignments, with
  omitted and added text counted as 0 (the document score's formula, 0-100); at document level the two checks'
  document scores.
- **With references**: sentence chrF2 and BLEU per unit, sacrebleu corpus scores over the units, and sacrebleu's
  paired bootstrap resampling (``sacrebleu.significance.PairedTest``, ``bs``, 1000 resamples, seed 12345 unless
  ``seed`` says otherwise) giving each system's mean and 95% interval and the p-value of B against A.

The verdict: with references, the system with the better chrF2 when the paired bootstrap finds the difference
significant (p < 0.05); otherwise the one with the better semantic document score (unrounded; a tie when equal to 0.01 points).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .config import CheckConfig
from .embed import CachingEmbedder, Embedder, load_embedder
from .metrics import LOWER_IS_BETTER, MetricOptions, SentenceScorer, merge_units, metric_objects
from .types import Alignment, Document, Report

SEED = 12345
N_SAMPLES = 1000
ALPHA = 0.05


@dataclass(frozen=True)
class Unit:
    """A group of source sentences with what each system (and each reference) has for it."""

    index: int
    src: tuple[int, ...]
    a: tuple[int, ...]
    b: tuple[int, ...]
    refs: tuple[tuple[int, ...], ...]
    semantic_a: float
    semantic_b: float
    chrf_a: float | None = None
    chrf_b: float | None = None
    bleu_a: float | None = None
    bleu_b: float | None = None

    @property
    def difference(self) -> float:
        """B minus A: semantic points plus chrF2 points (when there are references); > 0 means B is better."""
        diff = self.semantic_b - self.semantic_a
        if self.chrf_a is not None and self.chrf_b is not None:
            diff += self.chrf_b - self.chrf_a
        return diff


@dataclass(frozen=True)
class PairedResult:
    """sacrebleu's paired bootstrap result for one metric (A = baseline, p-value of B against A)."""

    metric: str
    score_a: float
    score_b: float
    mean_a: float
    ci_a: float
    mean_b: float
    ci_b: float
    p_value: float
    signature: str

    @property
    def better(self) -> str:
        """``A``, ``B`` or ``tie`` (TER: lower is better)."""
        if self.score_a == self.score_b:
            return "tie"
        b_higher = self.score_b > self.score_a
        return "B" if b_higher != (self.metric in LOWER_IS_BETTER) else "A"

    @property
    def significant(self) -> bool:
        """True when the scores differ and p < 0.05 (sacrebleu gives equal systems p = 1 / (n + 1))."""
        return self.better != "tie" and self.p_value < ALPHA


@dataclass(frozen=True)
class Comparison:
    """Two checks of the same source, their units, and the reference-based results (empty without references)."""

    a: Report
    b: Report
    references: tuple[Document, ...]
    units: tuple[Unit, ...]
    paired: tuple[PairedResult, ...] = ()

    @property
    def source(self) -> Document:
        return self.a.source

    @property
    def semantic_a(self) -> float:
        """A's document score (0-100) before rounding to 0.1."""
        return semantic_score(self.a)

    @property
    def semantic_b(self) -> float:
        """B's document score (0-100) before rounding to 0.1."""
        return semantic_score(self.b)

    def semantic_winner(self) -> str:
        """``A``, ``B`` or ``tie`` (equal to 0.01 points) by document score."""
        diff = round(self.semantic_b - self.semantic_a, 2)
        return "tie" if diff == 0 else ("B" if diff > 0 else "A")

    def paired_result(self, metric: str) -> PairedResult | None:
        """The paired bootstrap result of ``metric`` (None without references)."""
        return next((p for p in self.paired if p.metric == metric), None)

    def verdict(self) -> tuple[str, str]:
        """(``A``/``B``/``tie``, the reason in one line)."""
        chrf = self.paired_result("chrF2")
        if chrf is not None and chrf.significant:
            return chrf.better, (f"chrF2 {chrf.score_a:.2f} vs {chrf.score_b:.2f}, paired bootstrap "
                                 f"p = {chrf.p_value:.4f}")
        win = self.semantic_winner()
        reason = f"semantic document score {self.semantic_a:.2f} vs {self.semantic_b:.2f}"
        if chrf is not None:
            reason += f" (chrF2 {chrf.score_a:.2f} vs {chrf.score_b:.2f} not significant, p = {chrf.p_value:.4f})"
        return win, reason

    def ranked_units(self) -> list[Unit]:
        """Units where the two systems differ most first (ties in document order)."""
        return sorted(self.units, key=lambda u: (-abs(u.difference), u.index))


def semantic_score(report: Report) -> float:
    """The document score (0-100) unrounded: character-weighted similarity, omissions and additions as 0."""
    src_chars = [len(s.text) for s in report.source.sentences]
    tgt_chars = [len(s.text) for s in report.target.sentences]
    total = weighted = 0.0
    for a in report.alignments:
        chars = sum(src_chars[i] for i in a.src) + sum(tgt_chars[j] for j in a.tgt)
        total += chars
        weighted += (a.similarity or 0.0) * chars
    return 100.0 * weighted / total if total else 0.0


def assign(units: Sequence[tuple[int, ...]], alignments: Sequence[Alignment]) -> list[int]:
    """The unit of every alignment: by its source sentences; an addition joins the unit before it.

    >>> assign([(0, 1), (2,)], [Alignment((), (0,)), Alignment((0,), (1,)), Alignment((1,), ()),
    ...                         Alignment((), (2,)), Alignment((2,), (3,))])
    [0, 0, 0, 0, 1]
    """
    unit_of = {i: u for u, ids in enumerate(units) for i in ids}
    out, last = [], 0
    for a in alignments:
        if a.src:
            last = unit_of[a.src[0]]
        out.append(last)
    return out


def _unit_sides(units: Sequence[tuple[int, ...]], report: Report) -> tuple[list[tuple[int, ...]], list[float]]:
    """Target sentence ids and semantic score (0-100) of every unit for one check."""
    src_chars = [len(s.text) for s in report.source.sentences]
    tgt_chars = [len(s.text) for s in report.target.sentences]
    ids: list[list[int]] = [[] for _ in units]
    total, weighted = [0.0] * len(units), [0.0] * len(units)
    for a, u in zip(report.alignments, assign(units, report.alignments)):
        ids[u].extend(a.tgt)
        chars = sum(src_chars[i] for i in a.src) + sum(tgt_chars[j] for j in a.tgt)
        total[u] += chars
        weighted[u] += (a.similarity or 0.0) * chars
    semantic = [round(100.0 * w / t, 2) if t else 0.0 for w, t in zip(weighted, total)]
    return [tuple(sorted(i)) for i in ids], semantic


def paired_bootstrap(hyps_a: Sequence[str], hyps_b: Sequence[str], references: Sequence[Sequence[str]],
                     options: MetricOptions | None = None, n_samples: int = N_SAMPLES,
                     seed: int = SEED) -> tuple[PairedResult, ...]:
    """sacrebleu's paired bootstrap resampling of B against A for BLEU, chrF2, chrF2++ and TER (seeded)."""
    from sacrebleu.significance import PairedTest

    metrics = metric_objects(options or MetricOptions())
    test = PairedTest([("A", list(hyps_a)), ("B", list(hyps_b))], metrics, [list(r) for r in references],
                      test_type="bs", n_samples=n_samples)
    test._seed = seed  # sacrebleu takes the seed only from SACREBLEU_SEED; the library does not change os.environ
    signatures, scores = test()
    results = []
    for name in metrics:
        res_a, res_b = scores[name]
        results.append(PairedResult(name, float(res_a.score), float(res_b.score), float(res_a.mean),
                                    float(res_a.ci), float(res_b.mean), float(res_b.ci), float(res_b.p_value),
                                    str(signatures[name])))
    return tuple(results)


def compare(source_text: str, text_a: str, text_b: str, config: CheckConfig | None = None, *,
            references: Sequence[tuple[str, str | None]] = (), paths: tuple[str | None, str | None, str | None] =
            (None, None, None), options: MetricOptions | None = None, embedder: Embedder | None = None,
            seed: int = SEED, n_samples: int = N_SAMPLES) -> Comparison:
    """Check both translations against the source and compare them (see the module docstring)."""
    from .pipeline import check

    config = config or CheckConfig()
    options = options or MetricOptions(target_lang=config.target_lang)
    cache = CachingEmbedder(embedder or load_embedder(config.model))
    src_path, path_a, path_b = paths
    report_a = check(source_text, text_a, config, source_path=src_path, target_path=path_a, embedder=cache)
    report_b = check(source_text, text_b, config, source_path=src_path, target_path=path_b, embedder=cache)
    ref_reports = [check(source_text, text, config, source_path=src_path, target_path=path, embedder=cache)
                   for text, path in references]
    reports = [report_a, report_b, *ref_reports]
    units = merge_units(len(report_a.source.sentences), [[(al.src, al.tgt) for al in r.alignments] for r in reports])
    ids_a, sem_a = _unit_sides(units, report_a)
    ids_b, sem_b = _unit_sides(units, report_b)
    ref_ids = [_unit_sides(units, r)[0] for r in ref_reports]
    ref_docs = tuple(r.target for r in ref_reports)
    built = [Unit(k, units[k], ids_a[k], ids_b[k], tuple(r[k] for r in ref_ids), sem_a[k], sem_b[k])
             for k in range(len(units))]
    if not ref_docs:
        return Comparison(report_a, report_b, (), tuple(built))
    return _with_references(report_a, report_b, ref_docs, built, options, seed, n_samples)


def _with_references(report_a: Report, report_b: Report, refs: tuple[Document, ...], units: list[Unit],
                     options: MetricOptions, seed: int, n_samples: int) -> Comparison:
    from dataclasses import replace

    scorer = SentenceScorer(options)
    hyps_a = [report_a.target.joined(u.a) for u in units]
    hyps_b = [report_b.target.joined(u.b) for u in units]
    streams = [[doc.joined(u.refs[r]) for u in units] for r, doc in enumerate(refs)]
    scored = []
    for k, u in enumerate(units):
        texts = [s[k] for s in streams]
        chrf_a, bleu_a = scorer(hyps_a[k], texts)
        chrf_b, bleu_b = scorer(hyps_b[k], texts)
        scored.append(replace(u, chrf_a=chrf_a, chrf_b=chrf_b, bleu_a=bleu_a, bleu_b=bleu_b))
    paired = paired_bootstrap(hyps_a, hyps_b, streams, options, n_samples, seed)
    return Comparison(report_a, report_b, refs, tuple(scored), paired)
