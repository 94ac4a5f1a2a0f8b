"""The JSON report: a documented, versioned schema (``tqcheck/schema/report.schema.json``).

Numbering, as in every tqcheck report: segments, sentences and paragraphs are numbered from 1 (as the messages,
the terminal and the HTML report say them); ``spans`` and ``start``/``end`` are character offsets from 0 into the
document text (Python string positions, end excluded).
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from ..types import Alignment, Document, Flag, Report, Unit

SCHEMA_VERSION = "tqcheck.report/2"  # 2: segment, sentence and paragraph numbers count from 1 (were 0-based)


def number(index: int | None) -> int | None:
    """A 0-based position as the 1-based number every report shows (None stays None)."""
    return None if index is None else index + 1


def _document(doc: Document) -> dict[str, Any]:
    return {"path": doc.path, "lang": doc.lang, "lang_detected": doc.lang_detected,
            "sentences": len(doc.sentences), "characters": len(doc.text)}


def _side(doc: Document, ids: tuple[int, ...]) -> dict[str, Any]:
    if not ids:
        return {"sentences": [], "text": "", "spans": []}
    return {"sentences": [i + 1 for i in ids], "text": doc.joined(ids),
            "spans": [[doc.sentences[i].start, doc.sentences[i].end] for i in ids],
            "paragraphs": sorted({doc.sentences[i].paragraph + 1 for i in ids})}


def _plain(value: Any) -> Any:
    """Evidence as JSON-ready data: read-only mappings and tuples (merged findings) become dicts and lists."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def flag_dict(flag: Flag) -> dict[str, Any]:
    """A flag as JSON-ready data."""
    return {"id": flag.id, "severity": flag.severity.value, "segment": number(flag.alignment), "message": flag.message,
            "evidence": _plain(flag.evidence),
            "spans": [{"side": s.side, "start": s.start, "end": s.end, "text": s.text} for s in flag.spans]}


def _words_by_segment(report: Report) -> dict[int, Any]:
    """The first word-level entry of each segment (``check --word-level``), by segment index."""
    words: dict[int, Any] = {}
    for w in report.words:
        words.setdefault(w.alignment, w)
    return words


def _segment(report: Report, k: int, a: Alignment, words: Any = None) -> dict[str, Any]:
    from ..score import band

    data = {"number": k + 1, "kind": a.kind, "similarity": a.similarity, "cosine": a.cosine,
            "quality": a.quality, "quality_z": a.quality_z, "quality_band": band(a.quality),
            "length_ratio": a.length_ratio, "source": _side(report.source, a.src),
            "target": _side(report.target, a.tgt), "flags": [flag_dict(f) for f in report.flags_for(k)]}
    if words is not None:  # check --word-level: words with document offsets, OK/BAD tags, links
        data["words"] = {**words.to_dict(), "alignment": k + 1}  # the segment number, from 1 like the others
    if report.metrics is not None:  # check --ref: the aligned reference sentences and sentence chrF/BLEU
        from .metrics import segment_reference
        data["reference"] = segment_reference(report, k)
    if report.units is not None:  # pre-aligned input: the unit as the file has it, and where
        data["unit"] = unit_dict(report.units[k])
    return data


def unit_dict(unit: Unit) -> dict[str, Any]:
    """A pre-aligned unit: id, state, its texts with markup, and where each side is in the user's file."""
    def at(p):
        return {"path": p.path, "line": p.line, "column": p.column}

    return {"id": unit.id, "state": unit.state, "source": unit.source, "target": unit.target,
            "reference": unit.reference, "source_at": at(unit.source_at), "target_at": at(unit.target_at)}


def report_dict(report: Report, segments: bool = True) -> dict[str, Any]:
    """The whole report as JSON-ready data (deterministic: no times, no absolute paths added); ``segments=False``
    leaves the segments list empty (``render_json`` adds them one at a time)."""
    s = report.scores
    words = _words_by_segment(report) if segments else {}
    return {
        "schema": SCHEMA_VERSION,
        "signature": report.signature,
        "model": report.model,
        "source": _document(report.source),
        "target": {**_document(report.target), "expected_lang": report.target_lang_expected},
        "scores": {"document": s.document, "band": s.band, "zeroed_characters": s.zeroed_chars,
                   "mean_similarity": s.mean_similarity,
                   "source_coverage": s.source_coverage, "target_coverage": s.target_coverage,
                   "length_ratio": s.length_ratio},
        "flag_counts": report.flag_counts(),
        "document_flags": [flag_dict(f) for f in report.document_flags],
        "segments": ([_segment(report, k, a, words.get(k)) for k, a in enumerate(report.alignments)]
                     if segments else []),
        **_metrics(report),
        **_ignored(report),
    }


def _ignored(report: Report) -> dict[str, Any]:
    """Findings per-unit ignores accepted (only when there are some): counted by id, each with its unit and
    where the ignore was written; they are not in ``flag_counts`` or ``segments[].flags``."""
    if not report.ignored:
        return {}
    from ..ignores import ignored_counts

    return {"ignored_counts": ignored_counts(report.ignored),
            "ignored": [{**flag_dict(i.flag), "unit": i.unit, "by": i.by, "where": i.where} for i in report.ignored]}


def _metrics(report: Report) -> dict[str, Any]:
    if report.metrics is None:
        return {}
    from .metrics import metrics_dict
    return {"metrics": metrics_dict(report.metrics)}


def render_json(report: Report, **extra: Any) -> str:
    """Pretty, key-stable JSON; ``extra`` keys (e.g. ``result``) are added at the top level.

    The text is ``json.dumps(report_dict(report), indent=2)``, built one segment at a time (``json_pieces``): the
    dict of every segment and the encoder's pieces of the whole (~20x the output) are never held at once.
    """
    return "".join(json_pieces(report, **extra))


def json_pieces(report: Report, **extra: Any) -> Iterator[str]:
    """``render_json``'s text in pieces (the head, each segment, the tail), made as they are read: written to a
    file one by one, a long report is never held whole (at 10 MB of prose the text is ~330 MB)."""
    data = report_dict(report, segments=False)
    data.update({k: v for k, v in extra.items() if v is not None})
    head = json.dumps(data, ensure_ascii=False, indent=2)
    slot = '\n  "segments": []'  # the top-level key: no string holds a raw line break, nested keys sit deeper
    at = head.index(slot) + len(slot) - 2
    words = _words_by_segment(report)
    yield head[:at]
    for k, a in enumerate(report.alignments):
        piece = json.dumps(_segment(report, k, a, words.get(k)), ensure_ascii=False, indent=2)
        yield ("[\n    " if k == 0 else ",\n    ") + piece.replace("\n", "\n    ")
    yield "\n  ]" if report.alignments else "[]"
    yield head[at + 2:] + "\n"
