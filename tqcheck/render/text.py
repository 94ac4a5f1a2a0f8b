"""The terminal report, problems first: a short header, then each finding with its segment in full.

Each finding is one line ``path:line:col severity id: message`` (the place in the translation, as compilers
print it, so editors and terminals can jump there), followed by the source and the translation of its segment,
wrapped to the width but never cut. ``show_all`` adds every other segment after the findings; the
reproducibility signature closes the report. Segment and sentence numbers count from 1.
"""
from __future__ import annotations

import textwrap
from typing import Iterator

from ..score import band
from ..types import Flag, Report, Severity, worst_severity
from .locations import flag_location

_COLOURS = {"error": "31", "warning": "33", "info": "36", "pass": "32", "fail": "31", "dim": "2", "bold": "1"}


def _paint(text: str, style: str, colour: bool) -> str:
    return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if colour else text


def wrap_text(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """``text`` wrapped at spaces to ``width`` columns (``first`` starts the first line, else ``indent``); long
    words stay whole, nothing is cut.

    >>> wrap_text("one two three four five six seven", 22, "  ", "A ")
    ['A one two three four', '  five six seven']
    """
    flat = " ".join(text.split())
    start = indent if first is None else first
    if not flat:
        return [start.rstrip()]
    return textwrap.wrap(flat, width=max(width, len(indent) + 20, len(start) + 1), initial_indent=start,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)


def _counts(report: Report) -> str:
    n = {sev: sum(f.severity is sev for f in report.flags) for sev in Severity}
    return (f"{n[Severity.ERROR]} error{'s' * (n[Severity.ERROR] != 1)}, "
            f"{n[Severity.WARNING]} warning{'s' * (n[Severity.WARNING] != 1)}, {n[Severity.INFO]} info")


def _header(report: Report, colour: bool, result: str | None, reasons: list[str], verbose: bool) -> list[str]:
    s, src, tgt = report.scores, report.source, report.target
    verdict = f"  {_paint(result.upper(), result, colour)}" if result else ""
    lines = [
        f"{_paint('tqcheck', 'bold', colour)} {src.path or '<source>'} [{src.lang}] -> {tgt.path or '<translation>'} "
        f"[{tgt.lang}]",
        f"score {_paint(f'{s.document:.1f}/100', 'bold', colour)} ({s.band}){verdict}  {_counts(report)}  "
        f"({len(report.alignments)} segment{'' if len(report.alignments) == 1 else 's'})",
    ]
    lines += [f"  {_paint('fail', 'fail', colour)}: {reason}" for reason in reasons]
    if report.ignored:
        from ..ignores import ignored_summary

        lines.append(f"  {_paint('ignored', 'dim', colour)}: {ignored_summary(report.ignored)}")
        if verbose:
            lines += [f"    {i.flag.id} in unit {i.unit!r} ({i.where})" for i in report.ignored]
    if verbose:
        lines += [
            f"  source       {src.path or '<text>'}  [{src.lang}{', detected' if src.lang_detected else ''}, "
            f"{len(src.sentences)} sentences]",
            f"  translation  {tgt.path or '<text>'}  [{tgt.lang}, {len(tgt.sentences)} sentences; "
            f"expected {report.target_lang_expected}]",
            f"  model        {report.model}",
            f"  similarity   mean {s.mean_similarity:.3f}; coverage source {s.source_coverage:.0%} / translation "
            f"{s.target_coverage:.0%}; length ratio {s.length_ratio:.2f}",
        ]
    if report.metrics is not None:
        from .metrics import summary_lines
        lines += summary_lines(report)
    return lines


def finding_line(report: Report, flag: Flag, colour: bool = False) -> str:
    """``path:line:col severity id: message`` for one finding (located in the translation)."""
    loc = flag_location(report, flag)
    severity = _paint(flag.severity.value, flag.severity.value, colour)
    return f"{loc.path}:{loc.line}:{loc.column} {severity} {flag.id}: {flag.message}"


def _numbers(ids: tuple[int, ...]) -> str:
    return ", ".join(str(i + 1) for i in ids)


def _segment_block(report: Report, k: int, width: int, colour: bool) -> list[str]:
    """The source and the translation of segment ``k`` in full, wrapped under a one-line heading."""
    a = report.alignments[k]
    sim = "no similarity (nothing to compare)" if a.similarity is None else f"similarity {a.similarity:.2f}"
    if a.quality is not None:
        sim += f", quality {a.quality:.0f} ({band(a.quality)})"
    suffix = ""
    if report.metrics is not None:
        from .metrics import segment_suffix
        suffix = segment_suffix(report, k)
    unit = ""
    if report.units is not None:  # pre-aligned input: the unit's id and its state in the file
        u = report.units[k]
        unit = f", unit {u.id}" + (f" [{u.state}]" if u.state else "")
    lines = [_paint(f"    segment {k + 1} ({a.kind}){unit}, {sim}{suffix}", "dim", colour)]
    for label, doc, ids in (("source", report.source, a.src), ("translation", report.target, a.tgt)):
        if not ids:
            lines.append(f"    {label}: (none)")
        else:
            line, col = doc.line_col(doc.sentences[ids[0]].start)
            where = f"{doc.path or '<' + label + '>'}:{line}:{col}"
            plural = "s" if len(ids) > 1 else ""
            lines.append(f"    {label}: sentence{plural} {_numbers(ids)} at {where}")
            wrapped = wrap_text(doc.joined(ids), width, "      ")
            lines += _highlighted(wrapped, _evidence_mask(report, k, label, ids), "      ") if colour else wrapped
        if report.units is not None:  # the checked text has no placeholders or tags: show the unit as written
            written = report.units[k].source if label == "source" else report.units[k].target
            if written.split() != doc.joined(ids).split():  # (also a side of markup only, where nothing is checked)
                lines += wrap_text(f"with tags and placeholders: {written}", width, "      ")
    return lines


def _evidence_mask(report: Report, k: int, label: str, ids: tuple[int, ...]) -> list[str | None]:
    """Per character of the segment text with whitespace collapsed (as ``wrap_text`` lays it out): the severity of
    the worst flag whose evidence span covers it, else None."""
    side = "source" if label == "source" else "target"
    doc = report.source if side == "source" else report.target
    marks: list[str | None] = []
    rank = {"error": 2, "warning": 1, "info": 0}
    spans = [(s, f.severity.value) for f in report.flags_for(k) for s in f.spans if s.side == side]
    for n, i in enumerate(ids):
        sentence = doc.sentences[i]
        if n:
            marks.append(None)  # the space joining two sentences
        previous_space = True
        for pos, ch in enumerate(sentence.text, sentence.start):
            if ch.isspace():
                if previous_space:
                    continue
                previous_space = True
            else:
                previous_space = False
            covering = [sev for span, sev in spans if span.start <= pos < span.end]
            marks.append(max(covering, key=rank.get) if covering else None)
    return marks


def _highlighted(lines: list[str], mask: list[str | None], indent: str) -> list[str]:
    """Wrapped lines with the characters the mask marks painted (bold, in the severity's colour)."""
    flat_pos, out = 0, []
    for line in lines:
        body = line[len(indent):]
        painted, run, style = [], "", None
        for offset, ch in enumerate(body):
            mark = mask[flat_pos + offset] if flat_pos + offset < len(mask) else None
            if mark != style and run:
                painted.append(_paint(run, style, True) if style else run)
                run = ""
            style, run = mark, run + ch
        painted.append(_paint(run, style, True) if style and run else run)
        out.append(indent + "".join(painted))
        flat_pos += len(body) + 1  # the space the wrap replaced by a line break
    return out


def _findings(report: Report, width: int, colour: bool) -> Iterator[list[str]]:
    """The findings' lines, one block a segment."""
    yield [line for flag in report.document_flags for line in ("", finding_line(report, flag, colour))]
    for k in sorted({f.alignment for f in report.flags if f.alignment is not None}):
        yield ["", *(finding_line(report, flag, colour) for flag in report.flags_for(k)),
               *_segment_block(report, k, width, colour)]


def _all_segments(report: Report, width: int, colour: bool) -> Iterator[list[str]]:
    yield ["", _paint("every segment", "bold", colour)]
    for k in range(len(report.alignments)):
        flags = report.flags_for(k)
        mark = ", ".join(sorted({f.id for f in flags}))
        block = ["", *_segment_block(report, k, width, colour)]
        if mark:
            block.append(_paint(f"    findings: {mark}", worst_severity(flags).value, colour))
        yield block


def render_text(report: Report, colour: bool = False, width: int = 100, show_all: bool = False,
                result: str | None = None, failure_reasons: list[str] | tuple[str, ...] = (),
                verbose: bool = False) -> str:
    """The terminal report (module docstring); ``colour`` adds ANSI colours (the CLI sets it on a TTY only)."""
    return "".join(text_pieces(report, colour, width, show_all, result, failure_reasons, verbose))


def text_pieces(report: Report, colour: bool = False, width: int = 100, show_all: bool = False,
                result: str | None = None, failure_reasons: list[str] | tuple[str, ...] = (),
                verbose: bool = False) -> Iterator[str]:
    """``render_text``'s text in pieces of whole lines (the header, a segment's findings ...), made as they are
    read: written one by one, a long report is never held whole."""
    def blocks() -> Iterator[list[str]]:
        yield _header(report, colour, result, list(failure_reasons), verbose)
        if report.flags:
            yield from _findings(report, width, colour)
        else:
            yield ["", "no findings"]
        if show_all:
            yield from _all_segments(report, width, colour)
        yield ["", _paint(f"signature {report.signature}", "dim", colour)]

    for lines in blocks():
        if lines:  # an empty block would add a line break
            yield "\n".join(lines) + "\n"
