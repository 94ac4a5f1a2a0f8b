"""The HTML report: one self-contained page (Jinja2 with autoescape, CSS and JS inlined, nothing fetched).

Source and translation side by side, one row per alignment, evidence spans highlighted inside the sentences,
filters and keyboard navigation (JavaScript), problem links and a mini-map that work without it.

``row_extra`` is the hook for per-row additions (e.g. a word diff against a reference translation): a mapping
from alignment index to content; plain strings are escaped, ``markupsafe.Markup`` is inserted as it is.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

from ..languages import is_rtl
from ..types import Document, Flag, Report, Severity, worst_severity

SEVERITIES = tuple(Severity)  # error, warning, info
# Document score bands (0-100) for the gauge; segment bands use the low-similarity thresholds of the check.
DOCUMENT_GOOD, DOCUMENT_FAIR = 70.0, 50.0  # the quality scale's bands (tqcheck.score.QUALITY_BANDS)
SEGMENT_GOOD = 0.75


@dataclass(frozen=True)
class Piece:
    """A run of sentence text; ``flags`` are the flags whose evidence covers it (empty: plain text); ``markup``:
    a unit's placeholder or inline tag, shown as written but not part of the checked text."""

    text: str
    flags: tuple[Flag, ...] = ()
    markup: bool = False

    @property
    def severity(self) -> str:
        return _worst(self.flags) or ""

    @property
    def title(self) -> str:
        return "; ".join(f"{f.id}: {f.message}" for f in self.flags)

    @property
    def kinds(self) -> str:
        return " ".join(sorted({f.id for f in self.flags}))


@dataclass(frozen=True)
class Cell:
    """One side of a row: its sentences as highlighted pieces, language and direction."""

    sentences: tuple[tuple[int | None, tuple[Piece, ...]], ...]  # number None: a unit's markup, nothing checked
    lang: str
    dir: str


@dataclass(frozen=True)
class Row:
    """One alignment as the template shows it."""

    number: int
    kind: str
    src_ids: str
    tgt_ids: str
    source: Cell
    target: Cell
    similarity: float | None
    length_ratio: float | None
    band: str
    flags: tuple[Flag, ...]
    severity: str
    kinds: str
    previous: int | None
    next: int | None
    extra: Any = None
    unit: str | None = None  # pre-aligned input: "id · file:line:column [state]"


def _worst(flags: tuple[Flag, ...] | list[Flag]) -> str | None:
    worst = worst_severity(flags)
    return worst.value if worst else None


def text_direction(lang: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``.

    >>> text_direction("fa"), text_direction("en"), text_direction("ar-EG")
    ('rtl', 'ltr', 'rtl')
    """
    return "rtl" if is_rtl(lang) else "ltr"


def split_pieces(text: str, start: int, end: int, marks: list[tuple[int, int, Flag]]) -> tuple[Piece, ...]:
    """Cut ``text[start:end]`` at the edges of the marked spans (overlaps allowed) into pieces.

    >>> from tqcheck.types import Flag, Severity
    >>> f = Flag("x", Severity.WARNING, 0, "m")
    >>> [(p.text, len(p.flags)) for p in split_pieces("abcdef", 0, 6, [(1, 3, f), (2, 4, f)])]
    [('a', 0), ('b', 1), ('c', 2), ('d', 1), ('ef', 0)]
    """
    inside = [(max(a, start), min(b, end), f) for a, b, f in marks if a < end and b > start and b > a]
    edges = sorted({start, end, *(a for a, _, _ in inside), *(b for _, b, _ in inside)})
    pieces = []
    for a, b in zip(edges, edges[1:]):
        covering = tuple(f for s, e, f in inside if s <= a and e >= b)
        pieces.append(Piece(text[a:b], covering))
    return tuple(pieces)


Marks = dict[int, list[tuple[int, int, Flag]]]


def _cell(doc: Document, ids: tuple[int, ...], marks: Marks) -> Cell:
    sentences = tuple((i + 1, split_pieces(doc.text, doc.sentences[i].start, doc.sentences[i].end,
                                           marks.get(i, []))) for i in ids)
    return Cell(sentences, doc.lang, text_direction(doc.lang))


def _unit_cell(doc: Document, ids: tuple[int, ...], marks: Marks, written: str) -> Cell:
    """A unit's side as its file writes it: the checked text highlighted as ``_cell`` does, with the placeholders
    and tags it leaves out (``written_runs``) put back as markup pieces; a token inside an evidence span is
    highlighted with it. A side of markup only (``{0}``) had nothing to check: its tokens, unnumbered."""
    from ..flags.placeholders import plain_text, written_runs

    plain = plain_text(written)[0]
    if ids:
        base = doc.sentences[ids[0]].start - (len(plain) - len(plain.lstrip()))  # plain text's start in doc.text
        if doc.text[base:base + len(plain)] != plain:  # a report whose units are not its text: the checked text
            return _cell(doc, ids, marks)
        number, spans = ids[0] + 1, marks.get(ids[0], [])
    elif written.strip():
        base, number, spans = None, None, []
    else:
        return _cell(doc, ids, marks)
    first, last = len(written) - len(written.lstrip()), len(written.rstrip())
    pieces, plain_at = [], 0
    for run in written_runs(written):
        a, b = max(run.start, first), min(run.end, last)
        if run.plain is not None:
            plain_at = run.plain + run.end - run.start
            if a < b and base is not None:
                start = base + run.plain + a - run.start
                pieces += split_pieces(doc.text, start, start + b - a, spans)
            elif a < b:  # blank between tokens of a markup-only side
                pieces.append(Piece(written[a:b]))
        elif a < b:
            at = (base or 0) + plain_at  # the point of the checked text the token sits at (no spans: no base)
            pieces.append(Piece(written[a:b], tuple(f for s, e, f in spans if s < at < e), run.markup))
    return Cell(((number, tuple(pieces)),), doc.lang, text_direction(doc.lang))


def _side(report: Report, k: int, side: str, marks: Marks) -> Cell:
    """The cell of one side of alignment ``k``: a unit as written in its file, else the document's sentences."""
    doc, ids = (report.source, report.alignments[k].src) if side == "source" else (report.target,
                                                                                     report.alignments[k].tgt)
    if report.units is None:
        return _cell(doc, ids, marks)
    unit = report.units[k]
    return _unit_cell(doc, ids, marks, unit.source if side == "source" else unit.target)


def _marks(report: Report, side: str) -> Marks:
    """The evidence spans of one side, by the index of every sentence they touch."""
    doc = report.source if side == "source" else report.target
    starts = [s.start for s in doc.sentences]
    by_sentence: Marks = {}
    for flag in report.flags:
        for span in (s for s in flag.spans if s.side == side):
            first = max(bisect.bisect_right(starts, span.start) - 1, 0)
            last = max(bisect.bisect_left(starts, span.end) - 1, first)
            for i in range(first, last + 1):
                by_sentence.setdefault(i, []).append((span.start, span.end, flag))
    return by_sentence


def _numbers(ids: tuple[int, ...]) -> str:
    if not ids:
        return "–"
    if len(ids) > 2 and ids[-1] - ids[0] == len(ids) - 1:
        return f"{ids[0] + 1}–{ids[-1] + 1}"
    return ",".join(str(i + 1) for i in ids)


def low_similarity_thresholds(report: Report) -> tuple[float, float]:
    """(warning, error) low-similarity thresholds the report was made with (the defaults for a bare Report)."""
    from ..config import Thresholds

    t = report.config.thresholds if report.config is not None else Thresholds()
    return t.low_similarity_warning, t.low_similarity_error


def segment_band(similarity: float | None, warning: float, error: float) -> str:
    """``good``, ``fair``, ``weak``, ``poor`` or ``none`` (omission/addition) for a segment similarity."""
    if similarity is None:
        return "none"
    if similarity >= SEGMENT_GOOD:
        return "good"
    if similarity >= warning:
        return "fair"
    return "weak" if similarity >= error else "poor"


def document_band(score: float) -> str:
    """``good``, ``fair`` or ``poor`` for a document score (0-100)."""
    return "good" if score >= DOCUMENT_GOOD else "fair" if score >= DOCUMENT_FAIR else "poor"


def gauge_band(result: str | None, score: float, band: str | None = None) -> str:
    """The gauge's colour: the verdict when there is one (``pass`` green, ``fail`` red), else the report's band
    (``Scores.band``: never good when an error was flagged) or the score's.

    >>> gauge_band("fail", 98.0), gauge_band("pass", 60.0), gauge_band(None, 60.0), gauge_band(None, 80.0, "fair")
    ('fail', 'pass', 'fair', 'fair')
    """
    if result in ("pass", "fail"):
        return result
    if band in ("good", "fair", "poor", "wrong"):
        return "poor" if band == "wrong" else band
    return document_band(score)


def build_rows(report: Report, row_extra: Mapping[int, Any] | None = None) -> list[Row]:
    """One Row per alignment, with highlighted pieces and links to the previous/next flagged row."""
    warning, error = low_similarity_thresholds(report)
    src_marks, tgt_marks = _marks(report, "source"), _marks(report, "target")
    by_row: dict[int, list[Flag]] = {}
    for flag in report.flags:
        if flag.alignment is not None:
            by_row.setdefault(flag.alignment, []).append(flag)
    flagged = sorted(by_row)
    rows = []
    for k, a in enumerate(report.alignments):
        flags = tuple(by_row.get(k, ()))
        before, after = bisect.bisect_left(flagged, k), bisect.bisect_right(flagged, k)
        rows.append(Row(
            number=k + 1, kind=a.kind, src_ids=_numbers(a.src), tgt_ids=_numbers(a.tgt),
            source=_side(report, k, "source", src_marks), target=_side(report, k, "target", tgt_marks),
            similarity=a.similarity, length_ratio=a.length_ratio,
            band=segment_band(a.similarity, warning, error), flags=flags, severity=_worst(flags) or "",
            kinds=" ".join(sorted({f.id for f in flags})),
            previous=flagged[before - 1] + 1 if before else None,
            next=flagged[after] + 1 if after < len(flagged) else None,
            extra=(row_extra or {}).get(k), unit=_unit_label(report, k)))
    return rows


def _unit_label(report: Report, k: int) -> str | None:
    if report.units is None:
        return None
    unit = report.units[k]
    at = unit.target_at
    return f"{unit.id} · {at.path}:{at.line}:{at.column}" + (f" [{unit.state}]" if unit.state else "")


def _counts(report: Report) -> list[tuple[str, dict[str, int], int]]:
    """(flag id, {severity: count}, total) for every flag id in the report."""
    table = []
    for flag_id, total in report.flag_counts().items():
        per = {s.value: sum(f.id == flag_id and f.severity is s for f in report.flags) for s in SEVERITIES}
        table.append((flag_id, per, total))
    return table


def _ignored_line(report: Report) -> str:
    from ..ignores import ignored_summary

    return ignored_summary(report.ignored)


def render_html(report: Report, result: str | None = None, failure_reasons: list[str] | None = None,
                elapsed: float | None = None, row_extra: Mapping[int, Any] | None = None,
                title: str | None = None, **_ignored: Any) -> str:
    """The self-contained HTML report; ``elapsed`` (seconds) is shown when given (omit it for identical output)."""
    return "".join(html_pieces(report, result, failure_reasons, elapsed, row_extra, title))


def html_pieces(report: Report, result: str | None = None, failure_reasons: list[str] | None = None,
                elapsed: float | None = None, row_extra: Mapping[int, Any] | None = None,
                title: str | None = None, **_ignored: Any) -> Iterator[str]:
    """``render_html``'s page in the template's pieces, made as they are read (Jinja's ``generate``)."""
    from ..__about__ import __version__
    from .metrics import html_parts
    from .templating import environment, inline

    s = report.scores
    metrics_section, reference_rows = html_parts(report)  # check --ref: empty without references
    rows = build_rows(report, row_extra if row_extra is not None else reference_rows)
    by_severity = {sev.value: sum(f.severity is sev for f in report.flags) for sev in SEVERITIES}
    context = {
        "report": report, "rows": rows, "scores": s, "version": __version__,
        "title": title or f"tqcheck: {Path(report.target.path or 'translation').name}",
        "doc_band": gauge_band(result, s.document, s.band), "counts": _counts(report), "by_severity": by_severity,
        "problems": [r for r in rows if r.flags], "result": result, "failure_reasons": failure_reasons or [],
        "elapsed": elapsed,
        "css": inline("report.css") + (inline("units.css") if report.units is not None else ""),
        "js": inline("report.js"),
        "metrics_section": metrics_section, "ignored": _ignored_line(report),
    }
    return environment().get_template("report.html.j2").generate(**context)
