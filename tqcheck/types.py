"""Plain data that flows between the stages of a check (stdlib only)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import CheckConfig


class Severity(str, Enum):
    """How bad a flag is; ``error`` fails a CI step by default."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class Sentence:
    """One segment of a document with its character span in the document text."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Anchor:
    """Where a character offset of a Document's text sits in the user's original file (1-based line/column)."""

    offset: int
    line: int
    column: int


@dataclass(frozen=True)
class Position:
    """A place in a user's file: path and 1-based line and column."""

    path: str | None
    line: int
    column: int


@dataclass(frozen=True)
class Unit:
    """A pre-aligned translation unit as a reader found it (XLIFF trans-unit, PO entry, TSV line, cue ...).

    ``source``/``target`` keep inline tags and placeholders; ``state`` is the file's own word for it
    (``fuzzy``, ``needs-review-translation``, ...); ``row`` is the raw input line of line-based formats.
    """

    id: str
    source: str
    target: str
    source_at: Position
    target_at: Position
    reference: str | None = None
    state: str | None = None
    row: str | None = None
    notes: tuple[str, ...] = ()  # comments/notes the file attaches to the unit (PO ``#``/``#.``, XLIFF/TMX <note>)


@dataclass(frozen=True)
class Document:
    """A text that was read, identified and split into sentences.

    ``origin`` maps offsets of ``text`` back to the file it came from (HTML, DOCX, XLIFF ...): empty when
    ``text`` is the file itself.
    """

    path: str | None
    lang: str
    text: str
    sentences: tuple[Sentence, ...]
    lang_detected: bool = True
    origin: tuple[Anchor, ...] = ()

    def joined(self, ids: tuple[int, ...]) -> str:
        """The sentences ``ids`` joined with spaces (empty for no ids)."""
        return " ".join(self.sentences[i].text for i in ids)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (in the original file when ``origin`` is set; a binary
        search over the line starts otherwise, so many flags stay fast)."""
        if self.origin:
            return _origin_line_col(self.text, self.origin, offset)
        from bisect import bisect_right

        starts = self.__dict__.get("_line_starts")
        if starts is None:
            starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
            object.__setattr__(self, "_line_starts", starts)  # a cache, not a field: equality and JSON unchanged
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


def _origin_line_col(text: str, origin: tuple[Anchor, ...], offset: int) -> tuple[int, int]:
    from bisect import bisect_right

    k = max(bisect_right(origin, offset, key=lambda a: a.offset) - 1, 0)
    anchor = origin[k]
    newlines = text.count("\n", anchor.offset, offset) if offset > anchor.offset else 0
    if not newlines:
        return anchor.line, anchor.column + max(offset - anchor.offset, 0)
    return anchor.line + newlines, offset - text.rfind("\n", anchor.offset, offset)


@dataclass(frozen=True)
class Alignment:
    """A bead: source sentence ids aligned with target sentence ids.

    ``()`` on one side means an omission (no target) or an addition (no source).
    ``similarity`` is the calibrated score in [0, 1] (None for omissions/additions),
    ``cosine`` the raw embedding cosine, ``length_ratio`` target/source characters
    divided by the expected ratio of the language pair. ``quality`` is the quality head's estimate on the
    0-100 Direct Assessment scale and ``quality_z`` its raw z-like value (see ``tqcheck.quality``).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float | None = None
    cosine: float | None = None
    length_ratio: float | None = None
    quality: float | None = None
    quality_z: float | None = None

    @property
    def kind(self) -> str:
        """``'1-1'``, ``'1-2'``, ``'0-1'`` ... as aligners print it."""
        return f"{len(self.src)}-{len(self.tgt)}"

    def bead(self) -> str:
        """The alignment in vecalign/Bertalign notation, e.g. ``[0]:[0, 1]:0.730``."""
        score = "" if self.similarity is None else f":{self.similarity:.3f}"
        return f"{list(self.src)}:{list(self.tgt)}{score}"


@dataclass(frozen=True)
class Span:
    """A highlighted piece of text: ``side`` is ``source`` or ``target``; offsets into that document."""

    side: str
    start: int
    end: int
    text: str


class Evidence(Mapping):
    """The read-only evidence of a flag (name -> value, in the order given); equal to a dict with the same items.

    >>> e = Evidence({"words": 3}); e["words"], e == {"words": 3}, dict(e)
    (3, True, {'words': 3})
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Evidence({self._items!r})"

    def __reduce__(self):
        return Evidence, (tuple(self._items.items()),)


@dataclass(frozen=True)
class Flag:
    """A finding: stable kebab-case ``id``, severity, the alignment it belongs to, a reason and evidence."""

    id: str
    severity: Severity
    alignment: int | None
    message: str
    evidence: Mapping[str, Any] = field(default_factory=Evidence)
    spans: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.evidence, Evidence):
            object.__setattr__(self, "evidence", Evidence(self.evidence))


def worst_severity(flags: Iterable[Flag]) -> Severity | None:
    """The highest severity among ``flags``, or None when there are none."""
    return max((f.severity for f in flags), key=lambda s: s.rank, default=None)


@dataclass(frozen=True)
class Scores:
    """Document-level figures: ``document`` is the character-weighted segment quality (0-100) with untranslated,
    copied, wrong-language, omitted and added text at zero; ``band`` its band, never ``good`` when an error was
    flagged (see ``score.document_scores``)."""

    document: float
    mean_similarity: float
    source_coverage: float
    target_coverage: float
    length_ratio: float
    band: str = "none"
    zeroed_chars: int = 0


@dataclass(frozen=True)
class CorpusMetric:
    """A sacrebleu corpus score (BLEU, chrF2, chrF2++, TER) with sacrebleu's signature and its own summary line."""

    name: str
    score: float
    signature: str
    detail: str


@dataclass(frozen=True)
class SegmentMetric:
    """Sentence chrF and BLEU of one aligned segment against its reference sentences (None: nothing to score).

    ``references`` holds, per reference document, the ids of its sentences given to this segment. When a
    reference sentence spans several segments they are scored together: ``shared_with`` lists the other
    segments of that group, which carry the same references and scores.
    """

    references: tuple[tuple[int, ...], ...]
    chrf: float | None
    bleu: float | None
    shared_with: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReferenceMetrics:
    """Reference-based figures of a check: corpus metrics over the scored groups, one SegmentMetric per alignment.

    ``scored_segments`` is the number of hypothesis/reference pairs given to sacrebleu (segments scored
    together count once).
    """

    references: tuple[Document, ...]
    corpus: tuple[CorpusMetric, ...]
    segments: tuple[SegmentMetric, ...]
    scored_segments: int


@dataclass(frozen=True)
class Ignored:
    """A finding a per-unit ignore accepted: the flag as found, the unit's id, and where the ignore was written
    (``inline``: a note or comment of the unit in the user's file; ``config``: the config file's ``[ignore-units]``)."""

    flag: Flag
    unit: str
    by: str
    where: str


@dataclass(frozen=True)
class Report:
    """The result of checking one translation against its source."""

    source: Document
    target: Document
    alignments: tuple[Alignment, ...]
    flags: tuple[Flag, ...]
    scores: Scores
    signature: str
    model: str
    target_lang_expected: str
    metrics: ReferenceMetrics | None = None  # set when reference translations were given (check --ref)
    units: tuple[Unit, ...] | None = None  # pre-aligned input: units[k] is the unit of alignment k
    config: "CheckConfig | None" = None  # the settings the report was made with (thresholds for renderers)
    words: tuple = ()  # check --word-level: one tqcheck.wordtags.SegmentWords per segment with text on both sides
    ignored: tuple["Ignored", ...] = ()  # findings a per-unit ignore accepted (tqcheck.ignores): counted, not judged

    def flags_for(self, alignment_index: int) -> tuple[Flag, ...]:
        """The flags attached to one alignment (indexed once, so rendering stays linear in segments + flags)."""
        index = self.__dict__.get("_flags_by_alignment")
        if index is None:
            grouped: dict[int | None, list[Flag]] = {}
            for f in self.flags:
                grouped.setdefault(f.alignment, []).append(f)
            index = {k: tuple(v) for k, v in grouped.items()}
            object.__setattr__(self, "_flags_by_alignment", index)  # a cache, not a field
        return index.get(alignment_index, ())

    def target_after(self, alignment_index: int) -> int | None:
        """The first translation sentence of the alignments after ``alignment_index`` (None when none has one):
        where an omitted sentence belongs. Found for every alignment in one backward pass, cached like
        ``flags_for`` (a scan per omission was quadratic when many sentences were left out)."""
        after = self.__dict__.get("_target_after")
        if after is None:
            after, following = [None] * len(self.alignments), None
            for k in range(len(self.alignments) - 1, -1, -1):
                after[k] = following
                if self.alignments[k].tgt:
                    following = self.alignments[k].tgt[0]
            object.__setattr__(self, "_target_after", after)  # a cache, not a field
        return after[alignment_index]

    @property
    def document_flags(self) -> tuple[Flag, ...]:
        """Flags about the whole document rather than one alignment."""
        return self.flags_for(None)  # type: ignore[arg-type]

    def worst_severity(self) -> Severity | None:
        """The highest severity among the flags, or None."""
        return worst_severity(self.flags)

    def flag_counts(self) -> dict[str, int]:
        """Number of flags per id, sorted by id."""
        counts: dict[str, int] = {}
        for f in self.flags:
            counts[f.id] = counts.get(f.id, 0) + 1
        return dict(sorted(counts.items()))
