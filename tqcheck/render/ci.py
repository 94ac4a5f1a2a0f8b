"""Batch renderers for CI: a summary table, a JSON summary, and (in their own modules) JUnit, SARIF, GitHub.

Every renderer takes a ``BatchResult`` and returns a string. Flags are located in the English text:
``flag_location`` gives the file, line and column of the translated sentence a flag is about (for an
omission, the place in the translation where the missing sentence belongs; for a document flag, line 1).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from ..types import Flag, Report

if TYPE_CHECKING:
    from ..batch import BatchResult, PairResult

BATCH_SCHEMA = "tqcheck.batch/1"


@dataclass(frozen=True)
class Location:
    """Where a flag points: a file and a 1-based line/column range (``side`` is ``target`` or ``source``)."""

    path: str
    side: str
    line: int
    column: int
    end_line: int
    end_column: int


def _range(report: Report, side: str, start: int, end: int) -> Location:
    doc = report.target if side == "target" else report.source
    line, col = doc.line_col(start)
    end_line, end_col = doc.line_col(max(end, start))
    return Location(doc.path or f"<{side}>", side, line, col, end_line, max(end_col, col) if end_line == line
                    else end_col)


def flag_location(report: Report, flag: Flag) -> Location:
    """The English text a flag is about (see the module docstring)."""
    target_spans = [s for s in flag.spans if s.side == "target"]
    if target_spans:
        return _range(report, "target", target_spans[0].start, target_spans[0].end)
    if flag.alignment is not None and report.units is not None and not report.alignments[flag.alignment].tgt:
        at = report.units[flag.alignment].target_at  # an empty target: where the translation belongs
        return Location(at.path or "<target>", "target", at.line, at.column, at.line, at.column)
    if flag.alignment is not None:
        a = report.alignments[flag.alignment]
        sentences = report.target.sentences
        if a.tgt:
            return _range(report, "target", sentences[a.tgt[0]].start, sentences[a.tgt[-1]].end)
        later = [b.tgt[0] for b in report.alignments[flag.alignment + 1:] if b.tgt]
        point = sentences[later[0]].start if later else len(report.target.text.rstrip())
        return _range(report, "target", point, point)
    return _range(report, "target", 0, 0)


def source_location(report: Report, flag: Flag) -> Location | None:
    """The source sentence(s) of a flag's segment, when it has any."""
    if flag.alignment is None or not report.alignments[flag.alignment].src:
        return None
    ids = report.alignments[flag.alignment].src
    sentences = report.source.sentences
    return _range(report, "source", sentences[ids[0]].start, sentences[ids[-1]].end)


def worst_segments(batch: "BatchResult", limit: int = 5) -> list[tuple[str, Report, int]]:
    """The ``limit`` lowest-scoring segments across the batch as (pair id, report, segment index).

    Omitted or added sentences count as similarity 0; ties keep batch order.
    """
    rows = []
    for result in batch.results:
        report = result.report
        if report is None:
            continue
        for k, a in enumerate(report.alignments):
            if report.flags_for(k):
                rows.append((a.similarity or 0.0, result.pair.id, report, k))
    rows.sort(key=lambda r: r[0])
    return [(pair_id, report, k) for _, pair_id, report, k in rows[:limit]]


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _flagged_sentence(report: Report, flags: tuple[Flag, ...]) -> str | None:
    """The English sentence holding the first target span of ``flags`` (None without such a span)."""
    starts = [span.start for f in flags for span in f.spans if span.side == "target"]
    if not starts:
        return None
    return next((s.text for s in report.target.sentences if s.start <= starts[0] < s.end), None)


def render_summary_text(batch: "BatchResult", width: int = 100) -> str:
    """The closing table: one row per pair, totals, then the worst flagged segments."""
    counts = batch.counts()
    lines = [f"tqcheck batch: {len(batch.results)} pair(s): {counts['pass']} pass, {counts['fail']} fail, "
             f"{counts['error']} error -> {batch.status}", "",
             f"{'result':6}  {'score':>5}  {'err':>3}  {'warn':>4}  pair / reason"]
    for r in batch.results:
        if r.report is None:
            lines.append(f"{'ERROR':6}  {'-':>5}  {'-':>3}  {'-':>4}  {r.pair.id}: {r.error}")
            continue
        flags = r.report.flags
        errors = sum(f.severity.value == "error" for f in flags)
        warnings = sum(f.severity.value == "warning" for f in flags)
        detail = "; ".join(r.reasons) or ", ".join(f"{k} {v}" for k, v in r.report.flag_counts().items())
        lines.append(f"{r.status.upper():6}  {r.report.scores.document:5.1f}  {errors:>3}  {warnings:>4}  "
                     f"{r.pair.id}{': ' + detail if detail else ''}")
    worst = worst_segments(batch)
    if worst:
        lines += ["", "worst segments (similarity, flags, where in the translation)"]
    for pair_id, report, k in worst:
        a, flags = report.alignments[k], report.flags_for(k)
        loc = flag_location(report, flags[0])
        sim = "  -  " if a.similarity is None else f"{a.similarity:.2f}"
        text = _flagged_sentence(report, flags) or report.target.joined(a.tgt) or \
            "(missing) " + report.source.joined(a.src)
        lines.append(f"  {sim}  {','.join(sorted({f.id for f in flags}))}  {pair_id} {loc.path}:{loc.line}:"
                     f"{loc.column}")
        lines.append(f"        {_short(text, width - 8)}")
    return "\n".join(lines) + "\n"


def _flag_entry(report: Report, flag: Flag) -> dict[str, Any]:
    loc = flag_location(report, flag)
    return {"id": flag.id, "severity": flag.severity.value, "segment": flag.alignment, "message": flag.message,
            "path": loc.path, "line": loc.line, "column": loc.column}


def pair_dict(result: "PairResult") -> dict[str, Any]:
    """One pair of the JSON summary."""
    pair, report = result.pair, result.report
    data: dict[str, Any] = {"id": pair.id, "source": pair.source, "target": pair.target,
                            "reference": pair.reference, "status": result.status}
    if report is None:
        return {**data, "error": result.error}
    return {**data, "score": report.scores.document, "source_lang": report.source.lang,
            "target_lang": report.target_lang_expected, "reasons": list(result.reasons),
            "reference_chrf": result.reference_chrf, "flag_counts": report.flag_counts(),
            "signature": report.signature, "flags": [_flag_entry(report, f) for f in report.flags]}


def render_summary_json(batch: "BatchResult", **extra: Any) -> str:
    """The JSON summary (schema ``tqcheck.batch/1``): totals and one entry per pair; deterministic."""
    data = {"schema": BATCH_SCHEMA, "result": batch.status, "counts": batch.counts(),
            "pairs": [pair_dict(r) for r in batch.results]}
    data.update({k: v for k, v in extra.items() if v is not None})
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _junit(batch: Any, **options: Any) -> str:
    from .junit import render_junit
    return render_junit(batch, **options)


def _sarif(batch: Any, **options: Any) -> str:
    from .sarif import render_sarif
    return render_sarif(batch, **options)


def _github(batch: Any, **options: Any) -> str:
    from .github import render_github
    return render_github(batch, **options)


BATCH_RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_summary_text, "json": render_summary_json, "junit": _junit, "sarif": _sarif, "github": _github,
}


def render_batch(batch: "BatchResult", fmt: str, **options: Any) -> str:
    """Render a BatchResult with the batch renderer registered as ``fmt``."""
    return BATCH_RENDERERS[fmt](batch, **options)
