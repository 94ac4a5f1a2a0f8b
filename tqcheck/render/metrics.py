"""Pieces of the text and JSON reports for reference metrics (``check --ref``) and for ``tqcheck score``."""
from __future__ import annotations

from typing import Any

from ..types import CorpusMetric, ReferenceMetrics, Report


def corpus_dicts(corpus: tuple[CorpusMetric, ...]) -> list[dict[str, Any]]:
    """Corpus metrics as JSON-ready data (score unrounded, as sacrebleu computes it)."""
    return [{"name": m.name, "score": m.score, "signature": m.signature, "detail": m.detail} for m in corpus]


def metrics_dict(metrics: ReferenceMetrics) -> dict[str, Any]:
    """The document-level part of the reference metrics."""
    return {
        "references": [{"path": d.path, "lang": d.lang, "sentences": len(d.sentences), "characters": len(d.text)}
                       for d in metrics.references],
        "scored_segments": metrics.scored_segments,
        "corpus": corpus_dicts(metrics.corpus),
    }


def segment_reference(report: Report, k: int) -> dict[str, Any] | None:
    """Reference sentences, texts and sentence chrF/BLEU of alignment ``k`` (None without references)."""
    if report.metrics is None:
        return None
    seg = report.metrics.segments[k]
    return {"sentences": [[i + 1 for i in ids] for ids in seg.references],
            "texts": [doc.joined(ids) for doc, ids in zip(report.metrics.references, seg.references)],
            "chrf": seg.chrf, "bleu": seg.bleu, "shared_with": [k + 1 for k in seg.shared_with]}


def shared_note(shared_with: tuple[int, ...]) -> str:
    """`` (scored with #4, #5)`` for segments scored together (1-based numbers as the reports show them)."""
    if not shared_with:
        return ""
    return " (scored with " + ", ".join(f"#{k + 1}" for k in shared_with) + ")"


def corpus_lines(corpus: tuple[CorpusMetric, ...], indent: str = "  ") -> list[str]:
    """One line per corpus metric: name, score and sacrebleu signature."""
    return [f"{indent}{m.name:<12} {m.score:6.2f}  {m.signature}" for m in corpus]


def summary_lines(report: Report) -> list[str]:
    """The reference block of the text report's summary (empty without references)."""
    m = report.metrics
    if m is None:
        return []
    names = ", ".join(d.path or "<text>" for d in m.references)
    return [f"  references   {names}  [{m.scored_segments} segments scored]"] + corpus_lines(m.corpus)


def segment_suffix(report: Report, k: int) -> str:
    """``  chrF 54.5 BLEU 13.9`` after a segment's similarity (empty without references or nothing to score)."""
    if report.metrics is None:
        return ""
    seg = report.metrics.segments[k]
    if seg.chrf is None or seg.bleu is None:
        return "  chrF   -  BLEU   -"
    return f"  chrF {seg.chrf:4.1f} BLEU {seg.bleu:4.1f}{shared_note(seg.shared_with)}"


def score_dict(scoring: Any) -> dict[str, Any]:
    """``tqcheck score`` as JSON-ready data: corpus metrics and every unit with its sentence chrF/BLEU."""
    m = scoring.metrics
    units = []
    for k, ids in enumerate(scoring.units):
        seg = m.segments[k]
        units.append({"index": k, "hypothesis": {"ids": list(ids), "text": scoring.unit_text(k)},
                      "references": [{"ids": list(r), "text": doc.joined(r)}
                                     for doc, r in zip(m.references, seg.references)],
                      "chrf": seg.chrf, "bleu": seg.bleu})
    return {"schema": "tqcheck.score/1", "hypothesis": scoring.hypothesis.path,
            "segmentation": scoring.segmentation, "model": scoring.model, **metrics_dict(m), "units": units}


def render_score_json(scoring: Any) -> str:
    """``tqcheck score --format json``: the score_dict, indented."""
    import json

    return json.dumps(score_dict(scoring), ensure_ascii=False, indent=2) + "\n"


def render_score_text(scoring: Any, per_segment: bool = False) -> str:
    """``tqcheck score`` for a terminal: sacrebleu's summary line and signature per metric."""
    m = scoring.metrics
    how = "one segment per line, as sacrebleu" if scoring.segmentation == "lines" else \
        f"sentences aligned with {scoring.model}"
    lines = [f"hypothesis   {scoring.hypothesis.path or '<text>'}  [{m.scored_segments} segments: {how}]"]
    lines += [f"reference    {d.path or '<text>'}  [{len(d.sentences)} "
              f"{'lines' if scoring.segmentation == 'lines' else 'sentences'}]" for d in m.references]
    for metric in m.corpus:
        lines += [f"{metric.detail}", f"    {metric.signature}"]
    if per_segment:
        lines.append("")
        for k, ids in enumerate(scoring.units):
            seg = m.segments[k]
            label = ",".join(str(i + 1) for i in ids)
            lines.append(f"#{k + 1:<4} {label:>7}  chrF {seg.chrf:5.1f}  BLEU {seg.bleu:5.1f}  "
                         f"{' '.join(scoring.unit_text(k).split())[:70]}")
    return "\n".join(lines) + "\n"


def html_parts(report: Report) -> tuple[Any, dict[int, Any]]:
    """For the HTML report: the corpus-metrics section and the per-row reference lines (markup, escaped)."""
    from markupsafe import Markup

    from .templating import environment

    if report.metrics is None:
        return Markup(""), {}
    module = environment().get_template("metrics.html.j2").module
    m = report.metrics
    rows = {k: Markup(module.row(seg, [d.joined(ids) for d, ids in zip(m.references, seg.references)],
                                 shared_note(seg.shared_with)))
            for k, seg in enumerate(m.segments)}
    return Markup(module.section(m)), rows
