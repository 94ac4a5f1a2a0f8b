"""Where a flag points in the user's files: file, line and column (used by every CI renderer).

Flags are located in the translation: ``flag_location`` gives the file, line and column of the translated sentence
a flag is about (for an omission, the place in the translation where the missing sentence belongs; for a document
flag, line 1 of the translation, or of the source for a flag about the source as a whole); ``source_location`` the
source sentences of the flag's segment.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..types import Flag, Report

SOURCE_DOCUMENT_FLAGS = frozenset({"source-language"})  # document flags about the source file, not the translation


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
    if flag.alignment is None and flag.id in SOURCE_DOCUMENT_FLAGS:
        return _range(report, "source", 0, 0)
    if flag.alignment is not None:
        a = report.alignments[flag.alignment]
        sentences = report.target.sentences
        if a.tgt:
            return _range(report, "target", sentences[a.tgt[0]].start, sentences[a.tgt[-1]].end)
        later = report.target_after(flag.alignment)
        point = sentences[later].start if later is not None else len(report.target.text.rstrip())
        return _range(report, "target", point, point)
    return _range(report, "target", 0, 0)


def source_location(report: Report, flag: Flag) -> Location | None:
    """The source sentence(s) of a flag's segment, when it has any."""
    if flag.alignment is None or not report.alignments[flag.alignment].src:
        return None
    ids = report.alignments[flag.alignment].src
    sentences = report.source.sentences
    return _range(report, "source", sentences[ids[0]].start, sentences[ids[-1]].end)
