"""SRT and WebVTT subtitle pairs: cues of the source file matched with cues of the translation.

Our own small parser (the ``srt`` and ``webvtt-py`` packages drop the line numbers a report needs): a cue
is an optional identifier, a timing line ``start --> end`` and text lines up to a blank line; VTT ``NOTE``,
``STYLE`` and ``REGION`` blocks are skipped. Timing is never text; tags such as ``<i>`` stay in the text as
tags for the tag check. Cues pair by position when both files have as many; otherwise each source cue takes
the translation cue it overlaps most in time (untaken translation cues become units without a source).

>>> _seconds("01:02:03,500"), _seconds("02:03.250")
(3723.5, 123.25)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..errors import InputError
from ..types import Position, Unit
from .plain import read_text

_TIMING = re.compile(r"^\s*((?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})")


@dataclass(frozen=True)
class Cue:
    """One subtitle: identifier, times in seconds, text (lines joined by newlines) and where the text starts."""

    ident: str
    start: float
    end: float
    text: str
    line: int


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    value = 0.0
    for part in parts:
        value = value * 60 + float(part)
    return round(value, 3)


def read_cues(path: str) -> list[Cue]:
    """The cues of an SRT or VTT file; InputError when it has none."""
    lines = read_text(path).split("\n")
    cues: list[Cue] = []
    n = 0
    while n < len(lines):
        if not lines[n].strip() or lines[n].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            n = _skip_block(lines, n)
            continue
        ident, timing_at = "", n
        if not _TIMING.match(lines[n]) and n + 1 < len(lines) and _TIMING.match(lines[n + 1]):
            ident, timing_at = lines[n].strip(), n + 1
        m = _TIMING.match(lines[timing_at])
        if not m:
            raise InputError(f"{path}:{n + 1}: expected a cue timing line 'start --> end'")
        end = timing_at + 1
        while end < len(lines) and lines[end].strip():
            end += 1
        cues.append(Cue(ident or str(len(cues) + 1), _seconds(m.group(1)), _seconds(m.group(2)),
                        "\n".join(lines[timing_at + 1:end]), timing_at + 2))
        n = end
    if not cues:
        raise InputError(f"{path}: no subtitle cues found")
    return cues


def _skip_block(lines: list[str], n: int) -> int:
    if not lines[n].strip():
        return n + 1
    while n < len(lines) and lines[n].strip():
        n += 1
    return n


def _match(src: list[Cue], tgt: list[Cue]) -> list[tuple[Cue | None, Cue | None]]:
    if len(src) == len(tgt):
        return list(zip(src, tgt))
    taken: set[int] = set()
    pairs: list[tuple[Cue | None, Cue | None]] = []
    for s in src:
        overlaps = [(min(s.end, t.end) - max(s.start, t.start), j) for j, t in enumerate(tgt) if j not in taken]
        best = max(overlaps, default=(0.0, -1))
        if best[0] > 0:
            taken.add(best[1])
            pairs.append((s, tgt[best[1]]))
        else:
            pairs.append((s, None))
    pairs += [(None, t) for j, t in enumerate(tgt) if j not in taken]
    return sorted(pairs, key=lambda p: (p[0] or p[1]).start)


def read_pair(source_path: str, target_path: str) -> Iterator[Unit]:
    """One unit per matched cue pair, id = the source cue's identifier (or the translation's)."""
    for s, t in _match(read_cues(source_path), read_cues(target_path)):
        ref = s or t
        src_at = Position(source_path, s.line if s else 1, 1)
        yield Unit(ref.ident, s.text if s else "", t.text if t else "", src_at,
                   Position(target_path, t.line, 1) if t else Position(target_path, 1, 1))
