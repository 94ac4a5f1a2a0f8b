"""Batch summaries for CI: the closing table and the JSON summary (JUnit, SARIF, GitHub, GitLab have their own modules).

Every renderer takes a ``BatchResult`` and returns a string; ``tqcheck.render.BATCH_FORMATS`` names them all.
``report_sarif`` ... render one check's Report in those formats (``tqcheck.render.REPORT_FORMATS``).
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable

from ..types import Flag, Report
from .locations import flag_location

if TYPE_CHECKING:
    from ..batch import BatchResult, PairResult

BATCH_SCHEMA = "tqcheck.batch/2"  # 2: flag segment numbers count from 1


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
        if r.report.ignored:
            detail += f"{'; ' if detail else ''}{len(r.report.ignored)} ignored by unit"
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
    return {"id": flag.id, "severity": flag.severity.value,
            "segment": None if flag.alignment is None else flag.alignment + 1, "message": flag.message,
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
            "signature": report.signature, "flags": [_flag_entry(report, f) for f in report.flags],
            **_ignored_counts(report)}


def _ignored_counts(report: Report) -> dict[str, Any]:
    from ..ignores import ignored_counts

    return {"ignored_counts": ignored_counts(report.ignored)} if report.ignored else {}


def render_summary_json(batch: "BatchResult", **extra: Any) -> str:
    """The JSON summary (schema ``tqcheck.batch/2``): totals and one entry per pair; deterministic."""
    data = {"schema": BATCH_SCHEMA, "result": batch.status, "counts": batch.counts(),
            "pairs": [pair_dict(r) for r in batch.results]}
    data.update({k: v for k, v in extra.items() if v is not None})
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def single_batch(report: Report, result: str | None, reasons: list[str] | tuple[str, ...] = ()) -> "BatchResult":
    """One checked pair as a batch, so ``check`` writes the same CI formats as ``batch``."""
    from ..batch import BatchResult, Pair, PairResult

    pair_id = report.target.path or report.source.path or "translation"
    pair = Pair(pair_id, report.source.path, report.target.path, source_lang=report.source.lang,
                target_lang=report.target_lang_expected)
    return BatchResult((PairResult(pair, result or "pass", report, tuple(reasons)),))


def _one_report(fmt: str) -> Callable[..., str]:
    def render_one(report: Report, result: str | None = None, failure_reasons: list[str] | tuple[str, ...] = (),
                   **_ignored: Any) -> str:
        from . import render_batch

        return render_batch(single_batch(report, result, failure_reasons), fmt)

    render_one.__name__ = f"report_{fmt}"
    render_one.__doc__ = f"One Report as the batch's {fmt} output (``check --format {fmt}``)."
    return render_one


report_sarif = _one_report("sarif")
report_junit = _one_report("junit")
report_github = _one_report("github")
report_gitlab = _one_report("gitlab")
