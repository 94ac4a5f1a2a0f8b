"""Pre-aligned units as Documents: one sentence per unit, markup kept out, anchors back into the user's file.

Unit ``k`` is paragraph ``k`` of both documents and alignment ``k`` of the report; a unit whose text is empty
(an untranslated entry) has no sentence on that side. Chunk reports of a long file merge into one report.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .flags.placeholders import plain_text
from .errors import InputError
from .types import (Alignment, Anchor, Document, Flag, Ignored, Position, ReferenceMetrics, Report, Scores,
                    SegmentMetric, Sentence, Severity, Span, Unit)


def _offset_at(raw: str, offset: int, at: Position) -> tuple[int, int]:
    newlines = raw.count("\n", 0, offset)
    if not newlines:
        return at.line, at.column + offset
    return at.line + newlines, offset - raw.rfind("\n", 0, offset)


def unit_document(units: Sequence[Unit], side: str, lang: str, detected: bool = True
                  ) -> tuple[Document, list[int | None]]:
    """The ``side`` (``source``/``target``) of ``units`` as a Document, and each unit's sentence index."""
    parts, sentences, origin, ids = [], [], [], []
    offset = 0
    for k, unit in enumerate(units):
        raw = unit.source if side == "source" else unit.target
        at = unit.source_at if side == "source" else unit.target_at
        text, cuts = plain_text(raw)
        lead = len(text) - len(text.lstrip())
        body = text.strip()
        origin.append(Anchor(offset, at.line, at.column))
        for plain_at, raw_at in cuts:
            line, col = _offset_at(raw, raw_at, at)
            origin.append(Anchor(offset + plain_at, line, col))
        if body:
            ids.append(len(sentences))
            sentences.append(Sentence(len(sentences), body, offset + lead, offset + lead + len(body), k))
        else:
            ids.append(None)
        parts.append(text)
        offset += len(text) + 2
    path = next((u.source_at.path if side == "source" else u.target_at.path for u in units), None)
    origin = sorted(origin, key=lambda a: a.offset)
    return Document(path, lang, "\n\n".join(parts), tuple(sentences), detected, tuple(origin)), ids


def unit_alignments(src_ids: list[int | None], tgt_ids: list[int | None]) -> list[tuple[tuple[int, ...],
                                                                                      tuple[int, ...]]]:
    """(source ids, target ids) per unit: one sentence or none on each side."""
    return [(() if i is None else (i,), () if j is None else (j,)) for i, j in zip(src_ids, tgt_ids)]


def _shift_doc(docs: list[Document]) -> tuple[Document, list[int], list[int], list[int]]:
    text_parts, sentences, origin = [], [], []
    offsets, counts, paragraphs = [], [], []
    offset = n_sent = n_para = 0
    for doc in docs:
        offsets.append(offset)
        counts.append(n_sent)
        paragraphs.append(n_para)
        sentences += [Sentence(s.index + n_sent, s.text, s.start + offset, s.end + offset, s.paragraph + n_para)
                      for s in doc.sentences]
        origin += [Anchor(a.offset + offset, a.line, a.column) for a in doc.origin]
        text_parts.append(doc.text)
        offset += len(doc.text) + 2
        n_sent += len(doc.sentences)
        n_para += max((s.paragraph for s in doc.sentences), default=-1) + 1
    first = docs[0]
    return (Document(first.path, first.lang, "\n\n".join(text_parts), tuple(sentences), first.lang_detected,
                     tuple(origin)), offsets, counts, paragraphs)


def merge_reports(reports: Sequence[Report]) -> Report:
    """One report from the chunk reports of one file (units, alignments, flags and spans renumbered)."""
    if len(reports) == 1:
        return reports[0]
    from . import score

    source, s_off, s_count, _ = _shift_doc([r.source for r in reports])
    target, t_off, t_count, _ = _shift_doc([r.target for r in reports])
    alignments: list[Alignment] = []
    flags: list[Flag] = []
    ignored: list[Ignored] = []
    units: list[Unit] = []
    for n, r in enumerate(reports):
        base = len(alignments)
        alignments += [replace(a, src=tuple(i + s_count[n] for i in a.src), tgt=tuple(j + t_count[n] for j in a.tgt))
                       for a in r.alignments]

        def moved(f: Flag) -> Flag:
            spans = tuple(Span(s.side, s.start + (s_off if s.side == "source" else t_off)[n],
                               s.end + (s_off if s.side == "source" else t_off)[n], s.text) for s in f.spans)
            return replace(f, alignment=None if f.alignment is None else f.alignment + base, spans=spans)

        flags += [moved(f) for f in r.flags]
        ignored += [replace(i, flag=moved(i.flag)) for i in r.ignored]
        units += list(r.units or ())
    doc_flags = [f for f in flags if f.alignment is None]
    unique_doc_flags = list({(f.id, f.message): f for f in doc_flags}.values())
    flags = unique_doc_flags + [f for f in flags if f.alignment is not None]
    src_chars = [len(s.text) for s in source.sentences]
    tgt_chars = [len(s.text) for s in target.sentences]
    scores = score.document_scores(tuple(alignments), src_chars, tgt_chars, tuple(flags))
    return replace(reports[0], source=source, target=target, alignments=tuple(alignments), flags=tuple(flags),
                   scores=scores, units=tuple(units), ignored=tuple(ignored))


def unit_references(report: Report, ref_files: Sequence[tuple[str, str | None]] = ()
                    ) -> list[tuple[list[str], str | None]]:
    """The references of a unit report, one text per unit: the file's reference column (when any unit has one),
    then each ``--ref`` file, line ``k`` for unit ``k`` (a one-line error when the line count differs)."""
    from .metrics import text_lines

    units = report.units or ()
    out: list[tuple[list[str], str | None]] = []
    if any(u.reference for u in units):
        path = units[0].source_at.path
        out.append(([u.reference or "" for u in units], f"{path} (reference column)" if path else "reference column"))
    for text, path in ref_files:
        lines = text_lines(text)
        if len(lines) != len(units):
            raise InputError(f"{path or 'reference'}: {len(lines)} lines for {len(units)} units (a reference file "
                             "for translation units has one line per unit, in the units' order)")
        out.append((lines, path))
    return out


def unit_reference_metrics(report: Report, references: Sequence[tuple[Sequence[str], str | None]],
                           options=None) -> ReferenceMetrics:
    """sacrebleu metrics of units against their references (``unit_references``), each unit its own segment.

    A unit is scored when every reference has text for it: sentence chrF2 and BLEU of its translation (markup
    removed; an empty translation scores as sacrebleu scores an empty line); the corpus BLEU, chrF2, chrF2++ and
    TER are sacrebleu's over those units. Units are never re-aligned with the reference: the file pairs them.
    """
    from .metrics import MetricOptions, SentenceScorer, corpus_scores, lines_document

    options = options or MetricOptions(target_lang=report.target_lang_expected)
    docs = [lines_document([" ".join(plain_text(t)[0].split()) for t in texts], report.target_lang_expected, path)
            for texts, path in references]
    scorer = SentenceScorer(options)
    hyps: list[str] = []
    refs: list[list[str]] = [[] for _ in docs]
    segments = []
    for k, a in enumerate(report.alignments):
        texts = [d.sentences[k].text for d in docs]
        if not all(texts):
            segments.append(SegmentMetric(tuple(() for _ in docs), None, None))
            continue
        hyps.append(report.target.joined(a.tgt) if a.tgt else "")
        for stream, text in zip(refs, texts):
            stream.append(text)
        segments.append(SegmentMetric(tuple((k,) for _ in docs), *scorer(hyps[-1], texts)))
    if not hyps:
        raise InputError("no unit has a reference translation to score against")
    return ReferenceMetrics(tuple(docs), corpus_scores(hyps, refs, options), tuple(segments), len(hyps))


class UnitSummary:
    """Running totals of streamed chunk reports, enough for a verdict: ``scores.document`` and ``flags``.

    Flags are kept as one shared instance per (id, severity), repeated, so a million flags cost little.
    """

    def __init__(self) -> None:
        self._weighted = 0.0
        self._chars = 0
        self._counts: dict[tuple[str, Severity], int] = {}
        self.units = 0
        self._ignored: dict[tuple[str, Severity, str], int] = {}  # (id, severity, inline/config) -> count

    def add(self, report: Report) -> None:
        """Count one chunk report in."""
        chars = sum(len(s.text) for s in report.source.sentences) + sum(len(s.text) for s in report.target.sentences)
        self._weighted += report.scores.document * chars
        self._chars += chars
        self.units += len(report.alignments)
        for f in report.flags:
            self._counts[(f.id, f.severity)] = self._counts.get((f.id, f.severity), 0) + 1
        for i in report.ignored:
            key = (i.flag.id, i.flag.severity, i.by)
            self._ignored[key] = self._ignored.get(key, 0) + 1

    @property
    def scores(self) -> Scores:
        """The document score over all chunks (character-weighted, as for one report); other fields 0."""
        document = round(self._weighted / self._chars, 1) if self._chars else 0.0
        return Scores(document, 0.0, 0.0, 0.0, 0.0)

    @property
    def flags(self) -> tuple[Flag, ...]:
        """Every flag counted, as shared placeholders carrying only id and severity."""
        out: list[Flag] = []
        for (flag_id, severity), n in sorted(self._counts.items(), key=lambda kv: kv[0][0]):
            out += [Flag(flag_id, severity, None, flag_id)] * n
        return tuple(out)

    @property
    def ignored(self) -> tuple[Ignored, ...]:
        """Every finding a per-unit ignore accepted, as shared placeholders (id, severity, inline or config)."""
        out: list[Ignored] = []
        for (flag_id, severity, by), n in sorted(self._ignored.items(), key=lambda kv: kv[0][0]):
            out += [Ignored(Flag(flag_id, severity, None, flag_id), "", by, by)] * n
        return tuple(out)
