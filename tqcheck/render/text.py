"""The terminal report: summary, then every aligned segment, flags under their segment."""
from __future__ import annotations

import textwrap

from ..types import Flag, Report, Severity, worst_severity

_COLOURS = {"error": "31", "warning": "33", "info": "36", "ok": "32", "dim": "2", "bold": "1"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if colour else text


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _flag_line(flag: Flag, colour: bool) -> str:
    label = _paint(f"{flag.severity.value.upper():7}", flag.severity.value, colour)
    return f"      {label} {flag.id}: {flag.message}"


def _summary(report: Report, colour: bool, result: str | None) -> list[str]:
    s, src, tgt = report.scores, report.source, report.target
    counts = {sev: sum(f.severity is sev for f in report.flags) for sev in Severity}
    by_id = ", ".join(f"{k} {v}" for k, v in report.flag_counts().items()) or "none"
    lines = [
        _paint("tqcheck report", "bold", colour),
        f"  source       {src.path or '<text>'}  [{src.lang}{', detected' if src.lang_detected else ''}, "
        f"{len(src.sentences)} sentences]",
        f"  translation  {tgt.path or '<text>'}  [{tgt.lang}, {len(tgt.sentences)} sentences; "
        f"expected {report.target_lang_expected}]",
        f"  model        {report.model}",
        f"  score        {_paint(f'{s.document:.1f}/100', 'bold', colour)}  (mean similarity {s.mean_similarity:.3f}, "
        f"coverage source {s.source_coverage:.0%} / translation {s.target_coverage:.0%})",
        f"  flags        {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info: {by_id}",
    ]
    if result:
        lines.append(f"  result       {_paint(result, 'ok' if result == 'pass' else 'error', colour)}")
    lines.append(f"  signature    {report.signature}")
    if report.metrics is not None:
        from .metrics import summary_lines
        lines += summary_lines(report)
    return lines


def _reference_suffix(report: Report, k: int) -> str:
    if report.metrics is None:
        return ""
    from .metrics import segment_suffix
    return segment_suffix(report, k)


def render_text(report: Report, colour: bool = False, width: int = 100, only_flagged: bool = False,
                result: str | None = None) -> str:
    """Plain-text report; ``colour`` adds ANSI colours (the CLI sets it on a TTY only)."""
    lines = _summary(report, colour, result)
    for flag in report.document_flags:
        lines.append(_flag_line(flag, colour))
    lines += ["", _paint("segments (source sentence numbers : translation sentence numbers, similarity)", "dim",
                         colour)]
    for k, a in enumerate(report.alignments):
        flags = report.flags_for(k)
        if only_flagged and not flags:
            continue
        src_ids = ",".join(str(i + 1) for i in a.src) or "-"
        tgt_ids = ",".join(str(j + 1) for j in a.tgt) or "-"
        sim = "  -  " if a.similarity is None else f"{a.similarity:.2f}"
        mark = _paint("!", worst_severity(flags).value, colour) if flags else " "
        lines.append(f"{mark} #{k + 1:<3} {src_ids:>7} : {tgt_ids:<7} {sim}{_reference_suffix(report, k)}")
        text_width = max(width - 10, 40)
        if a.src:
            lines.append("      src  " + _short(report.source.joined(a.src), text_width))
        if a.tgt:
            lines.append("      tgt  " + _short(report.target.joined(a.tgt), text_width))
        for flag in flags:
            lines.extend(textwrap.wrap(_flag_line(flag, colour), width=width + 20, subsequent_indent=" " * 14))
    return "\n".join(lines) + "\n"
