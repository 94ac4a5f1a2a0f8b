"""Word-level view of a checked document pair: per aligned segment, its words with document offsets, the word
links and an OK/BAD tag per word (the word tagger trained on MLQE-PE word-level tags, ``flags.wordlevel``),
plus word-level findings.

This is the stage ``check --word-level`` adds after sentence alignment; it runs the numpy e5-small
(``tqcheck.tokenstates``) once per aligned segment pair, in batches.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .flags.wordlevel import WordFinding, WordLevelSettings, WordTagger, find, load_tagger
from .types import Alignment, Document, Flag, Severity, Span
from .wordalign import Word, WordAligner, link, split_words

BATCH_PAIRS = 32


@dataclass(frozen=True)
class TaggedWord:
    """A word of a segment: document offsets, text, kind (content/function/number/punct) and OK/BAD tag."""

    start: int
    end: int
    text: str
    kind: str
    tag: str


@dataclass(frozen=True)
class SegmentWords:
    """The word-level result of one alignment (index into ``Report.alignments``)."""

    alignment: int
    source: tuple[TaggedWord, ...]
    target: tuple[TaggedWord, ...]
    links: tuple[tuple[int, int], ...]
    findings: tuple[WordFinding, ...]

    def to_dict(self) -> dict:
        """JSON-ready: words as ``[start, end, text, kind, tag]``; links as ``[source word, target word]``."""
        return {"alignment": self.alignment,
                "source": [[w.start, w.end, w.text, w.kind, w.tag] for w in self.source],
                "target": [[w.start, w.end, w.text, w.kind, w.tag] for w in self.target],
                "links": [list(pair) for pair in self.links]}


def joined_offsets(doc: Document, ids: Sequence[int]) -> list[int]:
    """Document offset of each character of ``doc.joined(ids)`` (the joining spaces get the next sentence's)."""
    out: list[int] = []
    for n, i in enumerate(ids):
        s = doc.sentences[i]
        if n:
            out.append(s.start)
        out.extend(range(s.start, s.start + len(s.text)))
    return out


def _place(words: Sequence[Word], offsets: list[int], tags: Sequence[str]) -> tuple[TaggedWord, ...]:
    return tuple(TaggedWord(offsets[w.start], offsets[w.end - 1] + 1, w.text, w.kind, tag)
                 for w, tag in zip(words, tags))


def segment_words(source: Document, target: Document, alignments: Sequence[Alignment],
                  settings: WordLevelSettings = WordLevelSettings(), aligner: WordAligner | None = None,
                  progress=None, tagger: WordTagger | None = None) -> tuple[SegmentWords, ...]:
    """Words, links, tags (the shipped word tagger) and findings of every alignment with text on both sides."""
    tagger = tagger or load_tagger()
    aligner = aligner or WordAligner(layer=tagger.layer)
    if aligner.layer != tagger.layer:
        raise ValueError(f"the word tagger reads layer {tagger.layer}, the aligner gives layer {aligner.layer}")
    todo = [(k, a) for k, a in enumerate(alignments) if a.src and a.tgt]
    out = []
    for start in range(0, len(todo), BATCH_PAIRS):
        batch = todo[start:start + BATCH_PAIRS]
        pairs = [(source.joined(a.src), target.joined(a.tgt)) for _, a in batch]
        words = [(split_words(s, source.lang, aligner.model), split_words(t, target.lang, aligner.model))
                 for s, t in pairs]
        for (k, a), (sw, tw, sim, cosine) in zip(batch, aligner.compare(pairs, (source.lang, target.lang), words)):
            src_tags, tgt_tags = tagger.tags(sim, sw, tw, cosine)
            out.append(SegmentWords(
                k, _place(sw, joined_offsets(source, a.src), src_tags), _place(tw, joined_offsets(target, a.tgt),
                                                                                tgt_tags),
                tuple(link(sim, aligner.method)), tuple(find(sim, sw, tw, settings))))
        if progress:
            progress(min(start + BATCH_PAIRS, len(todo)), len(todo))
    return tuple(out)


MESSAGES = {
    "partial-omission": "source words with no counterpart in the translation: {words}",
    "partial-addition": "translated words with no counterpart in the source: {words}",
    "entity-swap": "name '{source}' is rendered as a different name '{target}'",
}


def word_flags(source: Document, target: Document, segments: Sequence[SegmentWords],
               kinds: Sequence[str]) -> list[Flag]:
    """Warnings for the findings of ``kinds``, each with its words highlighted (one span per side)."""
    out = []
    for seg in segments:
        for f in seg.findings:
            if f.kind not in kinds:
                continue
            src = [seg.source[i] for i in f.source_words]
            tgt = [seg.target[j] for j in f.target_words]
            spans = [_span(source, "source", src), _span(target, "target", tgt)]
            words = " ".join(w.text for w in (src or tgt))
            message = MESSAGES[f.kind].format(words=words, source=src[0].text if src else "",
                                              target=tgt[0].text if tgt else "")
            out.append(Flag(f.kind, Severity.WARNING, seg.alignment, message,
                            {"source_words": [w.text for w in src], "target_words": [w.text for w in tgt],
                             "drop": f.score}, tuple(s for s in spans if s)))
    return out


def _span(doc: Document, side: str, words: Sequence[TaggedWord]) -> Span | None:
    """One span from the first to the last word of a finding."""
    if not words:
        return None
    return Span(side, words[0].start, words[-1].end, doc.text[words[0].start:words[-1].end])
